#include "nnplay/history.hpp"

#include <stdexcept>

namespace nnplay {

const HistoryPoint& HistoryView::operator[](std::size_t i) const {
  if (i >= size_) throw std::out_of_range("history index out of range");
  return (*chunks_[i / History::kChunk])[i % History::kChunk];
}

std::vector<HistoryPoint> HistoryView::toVector() const {
  std::vector<HistoryPoint> v;
  v.reserve(size_);
  for (const auto& c : chunks_) v.insert(v.end(), c->begin(), c->end());
  return v;
}

void History::append(const HistoryPoint& p) {
  ++appended_;
  if (provisional_) {
    tail_.back() = p;
  } else {
    if (tail_.size() == kChunk) {  // full, and its last point is kept: seal it
      full_.push_back(std::make_shared<const std::vector<HistoryPoint>>(std::move(tail_)));
      tail_.clear();
      tail_.reserve(kChunk);
      if (full_.size() > kMaxChunks) thin();
    }
    tail_.push_back(p);
  }
  provisional_ = appended_ % stride_ != 0;
}

// Keeps the first point and every other one after it.
void History::thin() {
  std::vector<HistoryPoint> all;
  all.reserve(full_.size() * kChunk);
  for (const auto& c : full_) all.insert(all.end(), c->begin(), c->end());
  full_.clear();
  tail_.clear();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i != 0 && i % 2 == 0) continue;
    tail_.push_back(all[i]);
    if (tail_.size() == kChunk) {
      full_.push_back(std::make_shared<const std::vector<HistoryPoint>>(std::move(tail_)));
      tail_.clear();
    }
  }
  tail_.reserve(kChunk);
  stride_ *= 2;
  // The point being appended is one after the last one kept: the next kept
  // point is a whole stride after that one.
  appended_ = 1;
}

void History::clear() {
  full_.clear();
  tail_.clear();
  stride_ = 1;
  appended_ = 0;
  provisional_ = false;
}

void History::assign(const std::vector<HistoryPoint>& points) {
  clear();
  for (const auto& p : points) append(p);
}

HistoryView History::view() const {
  HistoryView v;
  v.chunks_ = full_;
  if (!tail_.empty()) v.chunks_.push_back(std::make_shared<const std::vector<HistoryPoint>>(tail_));
  v.size_ = size();
  return v;
}

}  // namespace nnplay
