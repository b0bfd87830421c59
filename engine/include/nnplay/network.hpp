#pragma once
// A multilayer perceptron built from a NetworkSpec on a Backend.
//
// Parameters live in one flat buffer, gradients in a twin of it: all kernels
// first (the regularized range [0, weightCount())), then biases and batch-norm
// gamma/beta. Running statistics live in a separate state buffer. Each layer
// holds views into these, so optimizers, regularizers, snapshots, files and
// device uploads each touch one buffer.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/backend.hpp"
#include "nnplay/layer.hpp"
#include "nnplay/network_spec.hpp"
#include "nnplay/parameter_names.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

// Where one named array sits in the parameter or state buffer, with Keras
// names (parameter_names.hpp) and shapes: dense_0/kernel [in, out], dense_0/bias
// [out], batchnorm_0/gamma, batchnorm_0/beta, batchnorm_0/running_mean, .../running_var.
struct ParameterEntry {
  std::string name;
  std::size_t offset;
  int rows;  // 1 for vectors
  int cols;
  bool isState;  // lives in the state buffer, not the parameter buffer
  std::size_t size() const { return static_cast<std::size_t>(rows) * cols; }
};

// The entry named `name` in `table`, or nullptr when there is none.
const ParameterEntry* findParameter(const std::vector<ParameterEntry>& table,
                                    std::string_view name);

// The arrays a spec needs, computed without allocating them.
struct NetworkLayout {
  std::vector<ParameterEntry> table;
  std::size_t parameterCount = 0;
  std::size_t weightCount = 0;
  std::size_t stateCount = 0;
};

class DenseLayer;

class Network {
 public:
  // Throws SpecError if the spec is invalid. Allocates nothing large.
  static NetworkLayout layout(const NetworkSpec& spec);

  // Throws SpecError if the spec is invalid. Parameters start at zero; call
  // initialize() or setParameters().
  Network(NetworkSpec spec, Backend& backend);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  const NetworkSpec& spec() const { return spec_; }
  Backend& backend() const { return backend_; }
  int inputs() const { return spec_.inputs; }
  int outputs() const { return spec_.layers.back().units; }
  const ActivationInfo& outputActivation() const;

  std::size_t parameterCount() const { return paramCount_; }
  std::size_t weightCount() const { return weightCount_; }
  std::size_t stateCount() const { return stateCount_; }
  const std::vector<ParameterEntry>& parameterTable() const { return table_; }

  // Weights by the spec's initializer from the seed, biases to spec.biasInit,
  // gamma 1, beta 0, running mean 0, running variance 1.
  void initialize(std::uint64_t seed);

  std::vector<float> parameters() const;
  void setParameters(const std::vector<float>& values);  // size must match
  std::vector<float> state() const;
  void setState(const std::vector<float>& values);
  std::vector<float> gradients() const;
  // Host copy of one named array (see parameterTable()); throws on unknown names.
  RowMatrix array(const std::string& name) const;
  void setArray(const std::string& name, const RowMatrix& values);

  View parameterView() const;
  View gradientView() const;

  // Workspace for up to `rows` samples per pass. Grows, never shrinks.
  void reserve(int rows);
  int capacity() const { return capacity_; }

  View input() const { return acts_.front().view(); }
  View logits() const;  // input of the output activation
  View output() const { return acts_.back().view(); }
  View outputGradient(bool wrtLogits) const;
  View inputGradient() const { return grads_.front().view(); }

  // The stages a spec expands to (Dense, [BatchNorm], Activation, [Dropout]
  // per spec layer), for traces. Stage i reads valuesAt(i) and writes
  // valuesAt(i + 1); after backward(), gradientAt(k) is dL/d valuesAt(k).
  std::size_t stageCount() const { return layers_.size(); }
  std::string_view stageKind(std::size_t i) const { return layers_[i]->kind(); }
  int stageLayer(std::size_t i) const { return specLayer_[i]; }
  View valuesAt(std::size_t k) const { return acts_[k].view(); }
  View gradientAt(std::size_t k) const { return grads_[k].view(); }

  void forward(int rows, const LayerContext& ctx);
  // From outputGradient(wrtLogits) back to the parameter gradients (and the
  // input gradient when wantInputGradient).
  void backward(int rows, const LayerContext& ctx, bool wrtLogits, bool wantInputGradient = false);

  struct Prediction {
    RowMatrix logits;
    RowMatrix outputs;
  };
  // Inference (no dropout, running batch-norm statistics), in chunks of capacity().
  Prediction predict(const RowMatrix& x);
  // Inference returning every layer's output after its activation (one matrix
  // per spec layer, the last is the network output; the per-neuron heatmaps),
  // each transposed: units x rows, one contiguous row per neuron. Written
  // into `out`, whose matrices are resized only when needed.
  // With preActivations, each layer's input of its activation (z) instead.
  void predictLayersTransposed(const RowMatrix& x, std::vector<RowMatrix>& out,
                               bool preActivations = false);

 private:
  void checkInputs(const RowMatrix& x) const;  // throws SpecError naming both widths

  struct Buffer {
    std::unique_ptr<DeviceBuffer> storage;
    View view() const { return {storage.get(), 0}; }
  };

  NetworkSpec spec_;
  Backend& backend_;
  std::vector<std::unique_ptr<Layer>> layers_;
  // Per layer: a dense layer's pass also runs the element-wise activation
  // after it (forward) and the one before it (backward); null where none.
  struct Fusion {
    DenseLayer* dense = nullptr;
    const ActivationInfo* after = nullptr;
    const ActivationInfo* before = nullptr;
  };
  std::vector<Fusion> fusion_;
  std::vector<ParameterEntry> table_;
  std::size_t paramCount_ = 0;
  std::size_t weightCount_ = 0;
  std::size_t stateCount_ = 0;
  Buffer params_;
  Buffer grads_buf_;
  Buffer state_;
  int capacity_ = 0;
  std::vector<Buffer> acts_;                  // acts_[i] is the input of layer i; back() the output
  std::vector<Buffer> grads_;                 // gradient with respect to acts_[i]
  std::vector<int> specLayer_;                // per stage: the spec layer it belongs to
  std::vector<std::size_t> specLayerOutput_;  // acts_ index after spec layer i's activation
  std::vector<float> chunk_;                  // host copy of one layer's chunk
};

}  // namespace nnplay
