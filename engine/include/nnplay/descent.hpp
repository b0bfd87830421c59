#pragma once
// The gradient-descent lab (COURSE.md c11–c16, c23): two-parameter loss
// surfaces, and paths of the engine's own optimizers on them. A path step is
// exactly a training step of a two-parameter "network": the gradient at the
// current point (float32, like training) goes through Backend::optimizerStep
// with the step counter t, so momentum, RMSprop and Adam behave here as they
// do in the playground.
//
// Also linear regression y = w·x + b on one column of a table: the MSE over
// the training set as the surface, and paths of full-batch, mini-batch and
// stochastic gradient descent on it (c12).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/optimizer.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

enum class SurfaceId { Bowl, Valley, Rosenbrock, Saddle, Minima, Cliff };

struct Point2 {
  double x = 0.0;
  double y = 0.0;
};

struct SurfaceInfo {
  SurfaceId id;
  std::string_view name;          // command line: bowl, valley, rosenbrock, saddle, minima, cliff
  std::string_view label;         // what a person reads
  std::string_view formula;       // "x² + y²"
  double xmin, xmax, ymin, ymax;  // the plotted range; a start must lie inside it
  double (*f)(double x, double y);
  void (*gradient)(double x, double y, double* gx, double* gy);
  // What is drawn above this loss is clipped (the saddle falls forever).
  double clipLow;
  // The (local) minima, for marking and for the scatter of starts.
  std::span<const Point2> minima;
  // A start from which the surface shows what it is for.
  Point2 start;
  double learningRate;  // a learning rate that works for SGD here
};

std::span<const SurfaceInfo> surfaces();
const SurfaceInfo& surface(SurfaceId id);
// Throws SpecError naming the unknown name and listing the choices.
const SurfaceInfo& surfaceByName(std::string_view name);
std::string surfaceNames();

struct PathPoint {
  int step = 0;
  double x = 0.0;
  double y = 0.0;
  double loss = 0.0;
  // The step that led here (zero at the start), for the step inspector: the
  // gradient it used and the optimizer's state after it (velocity; RMSprop's
  // running square; Adam's m in slot 0 and v in slot 1), per coordinate.
  double gx = 0.0, gy = 0.0;
  double state[2][2] = {{0.0, 0.0}, {0.0, 0.0}};  // [slot][coordinate]
};

struct DescentPath {
  std::vector<PathPoint> points;  // the start first, then one per step
  // Set when the path left every sensible range (|x| or |y| above 1e6, or not
  // finite): the path stops at the last finite point and this says when.
  std::optional<int> divergedAt;
};

// A loss over two parameters with its gradient (a surface, or a batch of a
// linear regression).
struct Objective {
  virtual ~Objective() = default;
  virtual double loss(double x, double y) const = 0;
  // The gradient used for the step `step` (1-based): a mini-batch objective
  // draws its batch from it.
  virtual void gradient(double x, double y, int step, double* gx, double* gy) const = 0;
};

// `steps` optimizer steps from `start`. Throws SpecError for settings
// training would refuse (a learning rate that is not positive, ...).
DescentPath descend(const Objective& objective, const OptimizerSettings& optimizer, Point2 start,
                    int steps);
// On a surface; throws SpecError when the start lies outside its range
// (naming the range).
DescentPath descend(const SurfaceInfo& surface, const OptimizerSettings& optimizer, Point2 start,
                    int steps);

// The index of the minimum nearest to the path's end within `radius`, or -1.
int reachedMinimum(const SurfaceInfo& surface, const DescentPath& path, double radius = 0.25);

// ---- Linear regression on one column (c12): y = w·x + b, both standardized.
struct LinearRegressionData {
  std::vector<double> x;  // standardized feature
  std::vector<double> y;  // standardized target
  std::string feature;
  std::string target;
  double mse(double w, double b) const;
  // The least-squares optimum (closed form) and its MSE.
  Point2 optimum() const;
};

// Reads `column` and `target` of a CSV file (clear errors naming the file,
// line and column). Rows with a missing value in either are left out.
LinearRegressionData linearRegressionFromCsv(const std::string& path, const std::string& column,
                                             const std::string& target);

// Mini-batch gradient descent on it: batch = x.size() is full batch, 1 is
// stochastic. Batches follow a shuffle of the rows per epoch from the seed.
class LinearRegressionObjective : public Objective {
 public:
  // Keeps its own copy of the data (a few thousand numbers).
  LinearRegressionObjective(LinearRegressionData data, int batch, std::uint64_t seed);
  double loss(double w, double b) const override { return data_.mse(w, b); }
  void gradient(double w, double b, int step, double* gw, double* gb) const override;

 private:
  void ensureOrder(std::size_t upTo) const;

  LinearRegressionData data_;
  int batch_;
  std::uint64_t seed_;
  // The rows of every epoch's shuffle one after the other, grown as steps need them.
  mutable std::vector<std::uint32_t> order_;
  mutable std::uint64_t epochs_ = 0;
};

// The mean absolute change of the loss from one step to the next (how noisy a path is).
double meanStepChange(const DescentPath& path);

}  // namespace nnplay
