#include "nnplay/drawn_points.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nnplay/error.hpp"

namespace nnplay {

DrawnPoints::DrawnPoints(Task task, int classes)
    : task_(task), classes_(task == Task::Classification ? classes : 0) {
  if (task == Task::Classification && (classes < 2 || classes > 255)) {
    throw SpecError("drawn data needs 2 to 255 classes, got " + std::to_string(classes));
  }
}

int DrawnPoints::add(float x, float y, float label) {
  if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(label)) {
    throw SpecError("a drawn point needs finite coordinates and label");
  }
  if (task_ == Task::Classification &&
      (label < 0 || label >= static_cast<float>(classes_) || label != std::floor(label))) {
    throw SpecError("class " + std::to_string(label) + " is not one of 0.." +
                    std::to_string(classes_ - 1));
  }
  points_.push_back({x, y, label});
  return size() - 1;
}

void DrawnPoints::check(int index) const {
  if (index < 0 || index >= size()) {
    throw std::out_of_range("no drawn point " + std::to_string(index) + " (there are " +
                            std::to_string(size()) + ")");
  }
}

void DrawnPoints::move(int index, float x, float y) {
  check(index);
  points_[static_cast<std::size_t>(index)].x = x;
  points_[static_cast<std::size_t>(index)].y = y;
}

void DrawnPoints::remove(int index) {
  check(index);
  points_.erase(points_.begin() + index);
}

int DrawnPoints::nearest(float x, float y, float maxDistance) const {
  int best = -1;
  float bestD = maxDistance;
  for (int i = 0; i < size(); ++i) {
    const auto& p = points_[static_cast<std::size_t>(i)];
    const float d = std::hypot(p.x - x, p.y - y);
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

bool DrawnPoints::removeNearest(float x, float y, float maxDistance) {
  const int i = nearest(x, y, maxDistance);
  if (i >= 0) remove(i);
  return i >= 0;
}

Dataset DrawnPoints::toDataset() const {
  Dataset d;
  d.task = task_;
  d.classes = classes_;
  d.featureNames = {"x1", "x2"};
  d.targetName = task_ == Task::Classification ? std::string("class") : std::string("y");
  for (int c = 0; c < classes_; ++c) d.classNames.push_back("class " + std::to_string(c));
  d.x.resize(size(), 2);
  d.y.resize(size(), 1);
  for (int i = 0; i < size(); ++i) {
    const auto& p = points_[static_cast<std::size_t>(i)];
    d.x(i, 0) = p.x;
    d.x(i, 1) = p.y;
    d.y(i, 0) = p.label;
  }
  return d;
}

}  // namespace nnplay
