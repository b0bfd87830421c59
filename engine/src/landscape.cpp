#include "nnplay/landscape.hpp"

#include <cmath>

#include "nnplay/error.hpp"
#include "nnplay/random.hpp"

namespace nnplay {

LandscapeDirections randomDirections(const Network& net, std::uint64_t seed) {
  const std::vector<float> w = net.parameters();
  LandscapeDirections d;
  d.d1.assign(w.size(), 0.0f);
  d.d2.assign(w.size(), 0.0f);
  Rng rng(streamSeed(seed, Stream::Init) ^ 0x6c616e64ULL);
  bool any = false;
  for (const ParameterEntry& e : net.parameterTable()) {
    if (e.isState || e.offset >= net.weightCount()) continue;  // kernels only
    any = true;
    // A neuron's incoming weights are one column of the kernel [in, out].
    for (int c = 0; c < e.cols; ++c) {
      double norm = 0.0;
      for (int r = 0; r < e.rows; ++r) norm += std::pow(w[e.offset + r * e.cols + c], 2);
      norm = std::sqrt(norm);
      for (std::vector<float>* dir : {&d.d1, &d.d2}) {
        double dn = 0.0;
        std::vector<double> g(static_cast<std::size_t>(e.rows));
        for (double& v : g) {
          v = rng.normal();
          dn += v * v;
        }
        dn = std::sqrt(dn);
        for (int r = 0; r < e.rows; ++r) {
          (*dir)[e.offset + r * e.cols + c] =
              dn > 0 ? static_cast<float>(g[static_cast<std::size_t>(r)] / dn * norm) : 0.0f;
        }
      }
    }
  }
  if (!any) throw SpecError("the network has no kernels to look along");
  return d;
}

LandscapeDirections weightDirections(const Network& net, const std::string& array1, int index1,
                                     const std::string& array2, int index2) {
  LandscapeDirections d;
  d.d1.assign(net.parameterCount(), 0.0f);
  d.d2.assign(net.parameterCount(), 0.0f);
  const auto place = [&](std::vector<float>& dir, const std::string& name, int index) {
    const ParameterEntry* e = findParameter(net.parameterTable(), name);
    if (!e || e->isState) throw SpecError("the network has no trained array '" + name + "'");
    if (index < 0 || static_cast<std::size_t>(index) >= e->size()) {
      throw SpecError("'" + name + "' has " + std::to_string(e->size()) + " values; index " +
                      std::to_string(index) + " is out of range");
    }
    dir[e->offset + static_cast<std::size_t>(index)] = 1.0f;
    return name + "[" + std::to_string(index) + "]";
  };
  d.label1 = place(d.d1, array1, index1);
  d.label2 = place(d.d2, array2, index2);
  if (d.d1 == d.d2) throw SpecError("the two weights must differ");
  return d;
}

Point2 LandscapeSlice::project(const std::vector<float>& p) const {
  if (p.size() != centre.size()) return {};
  double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double v = static_cast<double>(p[i]) - centre[i];
    const double x = directions.d1[i], y = directions.d2[i];
    a11 += x * x;
    a12 += x * y;
    a22 += y * y;
    r1 += v * x;
    r2 += v * y;
  }
  const double det = a11 * a22 - a12 * a12;
  if (std::abs(det) < 1e-30) return {};
  return {(r1 * a22 - r2 * a12) / det, (a11 * r2 - a12 * r1) / det};
}

LandscapeSlice lossSlice(Network& net, const Dataset& data, const TrainingSettings& settings,
                         const LandscapeDirections& directions, int resolution, double span) {
  if (resolution < 3 || resolution > kMaxLandscapeResolution || resolution % 2 == 0) {
    throw SpecError("resolution must be an odd number from 3 to " +
                    std::to_string(kMaxLandscapeResolution));
  }
  if (!(std::isfinite(span) && span > 0)) throw SpecError("span must be a positive number");
  if (directions.d1.size() != net.parameterCount() ||
      directions.d2.size() != net.parameterCount()) {
    throw SpecError("the directions do not fit this network");
  }
  if (data.rows() == 0) throw SpecError("no data to measure the loss on");
  const LossInfo& l = loss(settings.loss);
  const TargetEncoding encoding = chooseEncoding(data, net.spec(), l);
  const RowMatrix target = encoding.encode(data);
  const RowMatrix x = data.inputs();
  LandscapeSlice s;
  s.resolution = resolution;
  s.span = span;
  s.directions = directions;
  s.centre = net.parameters();
  s.loss.resize(resolution, resolution);
  std::vector<float> p(s.centre.size());
  const auto lossAt = [&](double a, double b) {
    for (std::size_t k = 0; k < p.size(); ++k) {
      p[k] = static_cast<float>(s.centre[k] + a * directions.d1[k] + b * directions.d2[k]);
    }
    net.setParameters(p);
    const Network::Prediction pr = net.predict(x);
    const double sum =
        l.evaluate(pr.logits.data(), pr.outputs.data(), target.data(), nullptr,
                   static_cast<std::size_t>(x.rows()), static_cast<std::size_t>(pr.logits.cols()),
                   static_cast<std::size_t>(target.cols()));
    return sum / static_cast<double>(x.rows());
  };
  try {
    for (int i = 0; i < resolution; ++i) {
      for (int j = 0; j < resolution; ++j)
        s.loss(i, j) = static_cast<float>(lossAt(s.coordinate(j), s.coordinate(i)));
    }
  } catch (...) {
    net.setParameters(s.centre);
    throw;
  }
  net.setParameters(s.centre);
  s.centreLoss = s.loss(resolution / 2, resolution / 2);
  s.rows = data.rows();
  return s;
}

LandscapeSlice lossSlice(Network& net, const Dataset& data, const TrainingSettings& settings,
                         const LandscapeRequest& r, int maxRows) {
  const LandscapeDirections dirs =
      r.array1.empty() ? randomDirections(net, r.seed)
                       : weightDirections(net, r.array1, r.index1, r.array2, r.index2);
  if (data.rows() <= maxRows) return lossSlice(net, data, settings, dirs, r.resolution, r.span);
  std::vector<int> rows(static_cast<std::size_t>(maxRows));
  for (int i = 0; i < maxRows; ++i) rows[static_cast<std::size_t>(i)] = i;
  return lossSlice(net, data.subset(rows), settings, dirs, r.resolution, r.span);
}

}  // namespace nnplay
