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
  tail_.push_back(p);
  if (tail_.size() == kChunk) {
    full_.push_back(std::make_shared<const std::vector<HistoryPoint>>(std::move(tail_)));
    tail_.clear();
    tail_.reserve(kChunk);
  }
}

void History::clear() {
  full_.clear();
  tail_.clear();
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
