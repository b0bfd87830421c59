// ONNX export (see model_export.hpp), with the protobuf classes of Debian's
// libonnx-dev (onnx_proto, ONNX_ML build, namespace onnx).
#include <onnx/onnx_pb.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "model_export_common.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/csv_table.hpp"  // DataError
#include "nnplay/inference_layers.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/parameter_names.hpp"

namespace nnplay {

namespace {

constexpr std::int64_t kIrVersion = 7;  // ONNX 1.8, the release that introduced opset 13
constexpr std::int64_t kOpset = 13;

// Appends nodes and initializers to a graph, naming every value uniquely.
class GraphBuilder {
 public:
  explicit GraphBuilder(onnx::GraphProto& g) : g_(g) {}

  // A float initializer; `dims` empty for a scalar.
  std::string constant(const std::string& name, const std::vector<float>& v,
                       const std::vector<std::int64_t>& dims) {
    if (!names_.insert(name).second) return name;  // shared constants are made once
    onnx::TensorProto* t = g_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    for (float x : v) t->add_float_data(x);
    return name;
  }
  std::string scalar(const std::string& name, float v) { return constant(name, {v}, {}); }
  std::string indices(const std::string& name, std::int64_t index) {
    if (!names_.insert(name).second) return name;
    onnx::TensorProto* t = g_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(1);
    t->add_int64_data(index);
    return name;
  }

  // One node; returns it so attributes can be added. Its output is
  // `output`, made unique with a number when already taken.
  onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::string& output) {
    std::string out = output;
    for (int k = 1; !names_.insert(out).second; ++k) out = output + "_" + std::to_string(k);
    onnx::NodeProto* n = g_.add_node();
    n->set_op_type(op);
    n->set_name(out);
    for (const std::string& in : inputs) n->add_input(in);
    n->add_output(out);
    return *n;
  }
  std::string apply(const std::string& op, const std::vector<std::string>& inputs,
                    const std::string& output) {
    return node(op, inputs, output).output(0);
  }

 private:
  onnx::GraphProto& g_;
  std::set<std::string> names_{"input", "output"};
};

void setAttribute(onnx::NodeProto& n, const std::string& name, float v) {
  onnx::AttributeProto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}
void setAttribute(onnx::NodeProto& n, const std::string& name, std::int64_t v) {
  onnx::AttributeProto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void describeTensor(onnx::ValueInfoProto& v, const std::string& name, int width) {
  v.set_name(name);
  onnx::TypeProto::Tensor* t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  t->mutable_shape()->add_dim()->set_dim_param("N");
  t->mutable_shape()->add_dim()->set_dim_value(width);
}

// Raw columns -> the selected features, concatenated in the map's order.
std::string featureNodes(GraphBuilder& b, const std::string& x, const FeatureMap& map) {
  std::string columns[2];
  const auto column = [&](int j) -> std::string {
    if (columns[j].empty()) {
      const std::string n = std::to_string(j + 1);
      onnx::NodeProto& g =
          b.node("Gather", {x, b.indices("features/index_x" + n, j)}, "features/x" + n);
      setAttribute(g, "axis", std::int64_t{1});
      columns[j] = g.output(0);
    }
    return columns[j];
  };
  std::vector<std::string> parts;
  for (FeatureId id : map.ids) {
    const std::string out = "features/" + std::string(feature(id).name);
    switch (id) {
      case FeatureId::X1:
        parts.push_back(column(0));
        break;
      case FeatureId::X2:
        parts.push_back(column(1));
        break;
      case FeatureId::X1Squared:
        parts.push_back(b.apply("Mul", {column(0), column(0)}, out));
        break;
      case FeatureId::X2Squared:
        parts.push_back(b.apply("Mul", {column(1), column(1)}, out));
        break;
      case FeatureId::X1X2:
        parts.push_back(b.apply("Mul", {column(0), column(1)}, out));
        break;
      case FeatureId::SinX1:
        parts.push_back(b.apply("Sin", {column(0)}, out));
        break;
      case FeatureId::SinX2:
        parts.push_back(b.apply("Sin", {column(1)}, out));
        break;
      case FeatureId::CosX1:
        parts.push_back(b.apply("Cos", {column(0)}, out));
        break;
      case FeatureId::CosX2:
        parts.push_back(b.apply("Cos", {column(1)}, out));
        break;
      case FeatureId::One: {
        // A column of ones as tall as the batch (x·0 + 1 would turn an
        // infinite x into NaN).
        const std::string shape = b.apply("Shape", {column(0)}, out + "/shape");
        parts.push_back(
            b.apply("Expand", {b.constant("features/ones", {1.0f}, {1, 1}), shape}, out));
        break;
      }
    }
  }
  onnx::NodeProto& c = b.node("Concat", parts, "features");
  setAttribute(c, "axis", std::int64_t{1});
  return c.output(0);
}

// a = f(z) as ONNX nodes, with the same constants as activation.cpp.
std::string activationNodes(GraphBuilder& b, const std::string& z, ActivationId id,
                            const std::string& prefix) {
  const std::string out = prefix + "/" + std::string(activation(id).name);
  switch (id) {
    case ActivationId::Linear:
      return b.apply("Identity", {z}, out);
    case ActivationId::Sigmoid:
      return b.apply("Sigmoid", {z}, out);
    case ActivationId::Tanh:
      return b.apply("Tanh", {z}, out);
    case ActivationId::Relu:
      return b.apply("Relu", {z}, out);
    case ActivationId::LeakyRelu: {
      onnx::NodeProto& n = b.node("LeakyRelu", {z}, out);
      setAttribute(n, "alpha", 0.01f);  // activation.cpp's kLeakySlope
      return n.output(0);
    }
    case ActivationId::Elu: {
      onnx::NodeProto& n = b.node("Elu", {z}, out);
      setAttribute(n, "alpha", 1.0f);
      return n.output(0);
    }
    case ActivationId::Gelu: {  // 0.5 z (1 + erf(z / sqrt 2)): opset 13 has no Gelu
      const std::string s =
          b.apply("Mul", {z, b.scalar("const/inv_sqrt2", 0.70710678f)}, out + "/scaled");
      const std::string e = b.apply("Erf", {s}, out + "/erf");
      const std::string e1 = b.apply("Add", {e, b.scalar("const/one", 1.0f)}, out + "/erf_plus_1");
      const std::string h = b.apply("Mul", {z, b.scalar("const/half", 0.5f)}, out + "/half");
      return b.apply("Mul", {h, e1}, out);
    }
    case ActivationId::Swish:
      return b.apply("Mul", {z, b.apply("Sigmoid", {z}, out + "/sigmoid")}, out);
    case ActivationId::Softplus:
      return b.apply("Softplus", {z}, out);
    case ActivationId::BinaryStep: {
      const std::string ge =
          b.apply("GreaterOrEqual", {z, b.scalar("const/zero", 0.0f)}, out + "/ge");
      onnx::NodeProto& n = b.node("Cast", {ge}, out);
      setAttribute(n, "to", std::int64_t{onnx::TensorProto::FLOAT});
      return n.output(0);
    }
    case ActivationId::Softmax: {
      onnx::NodeProto& n = b.node("Softmax", {z}, out);
      setAttribute(n, "axis", std::int64_t{-1});
      return n.output(0);
    }
  }
  throw SpecError("activation " + std::string(activation(id).name) + " has no ONNX form");
}

// Layer i's nodes are named like its arrays: "dense_0/gemm" next to "dense_0/kernel".
std::string nodePrefix(int layer) {
  const std::string kernel = parameterName(ArrayKind::Kernel, layer);
  return kernel.substr(0, kernel.find('/'));
}

// Layer i as one Gemm: z = x W + b, with batch norm (inference form) folded in.
std::string denseNodes(GraphBuilder& b, const std::string& x, const Network& net, int i) {
  const AffineLayer layer = inferenceLayer(net, i);
  const RowMatrix& w = layer.kernel;
  const std::string kernel =
      b.constant(parameterName(ArrayKind::Kernel, i), detail::values(w), {w.rows(), w.cols()});
  const std::string c =
      b.constant(parameterName(ArrayKind::Bias, i), detail::values(layer.bias), {w.cols()});
  return b.apply("Gemm", {x, kernel, c}, nodePrefix(i) + "/gemm");
}

std::string namesJson(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void exportOnnx(const Network& net, const InputTransform& t, const std::string& path) {
  detail::checkExportable(net, t);
  onnx::ModelProto model;
  model.set_ir_version(kIrVersion);
  model.set_producer_name("nnplay");
  model.add_opset_import()->set_version(kOpset);  // the default domain ""
  for (const auto& [key, names] :
       {std::pair{"input_names", &t.inputNames}, std::pair{"output_names", &t.outputNames}}) {
    onnx::StringStringEntryProto* p = model.add_metadata_props();
    p->set_key(key);
    p->set_value(namesJson(*names));
  }

  onnx::GraphProto& g = *model.mutable_graph();
  g.set_name("nnplay");
  describeTensor(*g.add_input(), "input", t.rawInputs);
  describeTensor(*g.add_output(), "output", net.outputs());
  GraphBuilder b(g);
  std::string x = "input";
  if (t.pixelScale != 1.0f) {
    x = b.apply("Mul", {x, b.scalar("input/pixel_scale", t.pixelScale)}, "input/pixels_scaled");
  }
  if (!t.features.isIdentity()) x = featureNodes(b, x, t.features);
  if (detail::scalesInputs(t)) {
    const std::vector<std::int64_t> dims{net.inputs()};
    x = b.apply("Sub", {x, b.constant("scaling/offset", t.scaler.offset, dims)},
                "scaling/centered");
    x = b.apply("Mul", {x, b.constant("scaling/factor", t.scaler.factor, dims)}, "scaling/scaled");
  }
  const std::vector<LayerSpec>& layers = net.spec().layers;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const int layer = static_cast<int>(i);
    x = activationNodes(b, denseNodes(b, x, net, layer), layers[i].activation, nodePrefix(layer));
  }
  if (detail::scalesTargets(t)) {
    const std::vector<std::int64_t> dims{net.outputs()};
    x = b.apply("Div", {x, b.constant("target_scaling/factor", t.targetScaler.factor, dims)},
                "target_scaling/divided");
    x = b.apply("Add", {x, b.constant("target_scaling/offset", t.targetScaler.offset, dims)},
                "target_scaling/shifted");
  }
  // Every step above ends with a node producing x: that node's output is the model's.
  g.mutable_node(g.node_size() - 1)->set_output(0, "output");

  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw DataError(path + ": cannot encode the ONNX model");
  writeFileAtomically(path, bytes);
}

}  // namespace nnplay
