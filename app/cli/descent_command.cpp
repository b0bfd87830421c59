#include "descent_command.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "model_command.hpp"
#include "nnplay/data_source.hpp"
#include "nnplay/descent.hpp"
#include "nnplay/error.hpp"
#include "nnplay/landscape.hpp"
#include "nnplay/table_dataset.hpp"

namespace nnplay::cli {

namespace {

Point2 parseStart(const std::string& text) {
  const std::size_t comma = text.find(',');
  double x = 0, y = 0;
  if (comma == std::string::npos || !parseNumber(text.substr(0, comma), x) ||
      !parseNumber(text.substr(comma + 1), y)) {
    throw SpecError("--start: expected x,y (two numbers), got '" + text + "'");
  }
  return {x, y};
}

void printPath(const DescentPath& p, std::ostream& out) {
  char buf[96];
  out << "step          x              y              loss\n";
  for (const PathPoint& q : p.points) {
    std::snprintf(buf, sizeof buf, "%5d  %13.6g  %13.6g  %13.6g\n", q.step, q.x, q.y, q.loss);
    out << buf;
  }
  if (p.divergedAt) {
    out << "diverged at step " << *p.divergedAt << ": the path left the plot (lower the learning "
        << "rate)\n";
  }
}

nlohmann::json pathJson(const DescentPath& p) {
  nlohmann::json path = nlohmann::json::array();
  for (const PathPoint& q : p.points) {
    path.push_back({{"step", q.step}, {"x", q.x}, {"y", q.y}, {"loss", q.loss}});
  }
  return path;
}

}  // namespace

int runDescend(const DescendOptions& o, std::ostream& out) {
  OptimizerSettings s = o.settings;
  s.id = optimizerByName(o.optimizer).id;
  DescentPath path;
  nlohmann::json j;
  if (o.surface.rfind("linreg:", 0) == 0) {
    // linreg:FILE:COLUMN:TARGET (the file name may not contain ':').
    const std::string rest = o.surface.substr(7);
    const std::size_t a = rest.find(':');
    const std::size_t b = a == std::string::npos ? a : rest.find(':', a + 1);
    if (b == std::string::npos) {
      throw SpecError("--surface linreg: expected linreg:FILE.csv:COLUMN:TARGET, got '" +
                      o.surface + "'");
    }
    const LinearRegressionData d = linearRegressionFromCsv(
        rest.substr(0, a), rest.substr(a + 1, b - a - 1), rest.substr(b + 1));
    const int batch = o.batch > 0 ? o.batch : static_cast<int>(d.x.size());
    if (s.learningRate < 0) s.learningRate = 0.1f;
    const LinearRegressionObjective objective(d, batch, o.seed);
    path =
        descend(objective, s, o.start.empty() ? Point2{-1.5, 1.5} : parseStart(o.start), o.steps);
    const Point2 best = d.optimum();
    j["optimum"] = {{"w", best.x}, {"b", best.y}, {"mse", d.mse(best.x, best.y)}};
    j["rows"] = d.x.size();
    j["batch"] = batch;
    j["mean_step_change"] = meanStepChange(path);
    if (!o.json) {
      out << "linear regression " << d.target << " = w·" << d.feature
          << " + b (both standardized), " << d.x.size() << " rows, batch " << batch << "\n"
          << "least squares: w = " << best.x << ", b = " << best.y
          << ", MSE = " << d.mse(best.x, best.y) << "\n";
    }
  } else {
    const SurfaceInfo& surface = surfaceByName(o.surface);
    if (s.learningRate < 0) s.learningRate = static_cast<float>(surface.learningRate);
    path = descend(surface, s, o.start.empty() ? surface.start : parseStart(o.start), o.steps);
    const int m = reachedMinimum(surface, path);
    j["reached_minimum"] = m;
    if (!o.json) out << surface.label << ": " << surface.formula << "\n";
  }
  if (o.json) {
    j["surface"] = o.surface;
    j["optimizer"] = o.optimizer;
    j["learning_rate"] = s.learningRate;
    j["path"] = pathJson(path);
    j["diverged_at"] = path.divergedAt ? nlohmann::json(*path.divergedAt) : nlohmann::json();
    out << j.dump() << "\n";
  } else {
    printPath(path, out);
  }
  return 0;
}

int runLandscape(const LandscapeOptions& o, std::ostream& out) {
  LoadedModel m = loadModel(o.model);
  const PreparedData data = prepareData(m.project.data);
  const LandscapeDirections dirs = randomDirections(*m.network, o.seed);
  const LandscapeSlice s =
      lossSlice(*m.network, data.train, m.project.training, dirs, o.resolution, o.span);
  const int c = s.resolution / 2;
  bool minimum = true;
  for (int i = 0; i < s.resolution; ++i) {
    for (int k = 0; k < s.resolution; ++k) minimum = minimum && s.loss(c, c) <= s.loss(i, k);
  }
  if (o.csv) {
    out << "a,b,loss\n";
    char buf[96];
    for (int i = 0; i < s.resolution; ++i) {
      for (int k = 0; k < s.resolution; ++k) {
        std::snprintf(buf, sizeof buf, "%.6g,%.6g,%.9g\n", s.coordinate(k), s.coordinate(i),
                      static_cast<double>(s.loss(i, k)));
        out << buf;
      }
    }
    return 0;
  }
  if (o.json) {
    nlohmann::json j;
    j["resolution"] = s.resolution;
    j["span"] = s.span;
    j["centre_loss"] = s.centreLoss;
    j["centre_is_lowest"] = minimum;
    j["min_loss"] = s.loss.minCoeff();
    j["max_loss"] = s.loss.maxCoeff();
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < s.resolution; ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (int k = 0; k < s.resolution; ++k) row.push_back(s.loss(i, k));
      rows.push_back(std::move(row));
    }
    j["loss"] = std::move(rows);
    out << j.dump() << "\n";
    return 0;
  }
  out << "loss landscape of " << o.model << ": " << s.resolution << "×" << s.resolution
      << " over [−" << s.span << ", " << s.span << "]² along two filter-normalized random "
      << "directions (seed " << o.seed << ")\n"
      << "centre loss " << s.centreLoss << ", lowest " << s.loss.minCoeff() << ", highest "
      << s.loss.maxCoeff() << (minimum ? "; the centre is the lowest point of the slice\n" : "\n");
  return 0;
}

}  // namespace nnplay::cli
