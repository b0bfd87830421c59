#pragma once
// Points a person places on the input plane: add, move, remove, clear. The
// GUI's drawing mode edits one of these; it saves with the project and
// becomes a Dataset like any other.
#include <vector>

#include "nnplay/dataset.hpp"

namespace nnplay {

struct DrawnPoint {
  float x = 0.0f;
  float y = 0.0f;
  float label = 0.0f;  // class index, or the target value for regression

  bool operator==(const DrawnPoint&) const = default;
};

class DrawnPoints {
 public:
  DrawnPoints(Task task = Task::Classification, int classes = 2);

  Task task() const { return task_; }
  int classes() const { return classes_; }
  const std::vector<DrawnPoint>& points() const { return points_; }
  int size() const { return static_cast<int>(points_.size()); }

  // Throws SpecError for a class index outside [0, classes) or a non-finite value.
  int add(float x, float y, float label);
  void move(int index, float x, float y);  // throws std::out_of_range
  void remove(int index);                  // throws std::out_of_range
  // Index of the point nearest (x, y) within maxDistance, or -1.
  int nearest(float x, float y, float maxDistance) const;
  bool removeNearest(float x, float y, float maxDistance);
  void clear() { points_.clear(); }

  Dataset toDataset() const;

  bool operator==(const DrawnPoints&) const = default;

 private:
  void check(int index) const;
  Task task_;
  int classes_;
  std::vector<DrawnPoint> points_;
};

}  // namespace nnplay
