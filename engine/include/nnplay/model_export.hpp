#pragma once
// Exporting a trained network, with the input transform it was trained
// behind, to formats other tools read: NumPy .npz (Keras names and shapes) and
// ONNX (opset 13). Both compute, from raw input rows, what
//   t.unscaleOutputs(net.predict(t.apply(raw)).outputs)
// computes, so predictions on new data match the engine's.
//
// Both writers go through writeFileAtomically(): the archive is built in
// memory and then written to a temporary file, flushed, and renamed over the
// target, so a reader sees the old file or the new one, never half of one.
#include <string>

#include "nnplay/input_transform.hpp"
#include "nnplay/network.hpp"

namespace nnplay {

// The .npz layout (a zip of .npy files, float32 little-endian, C order, all
// loadable with numpy.load(path, allow_pickle=False)):
//   format                        <U scalar   "nnplay-npz-1"
//   activations                   <U [layers] activation name per layer (activation.hpp)
//   dense_i/kernel                f4 [in, out]
//   dense_i/bias                  f4 [out]      absent when layer i has batch norm
//   batchnorm_i/gamma, /beta, /running_mean, /running_var   f4 [units]
//   batchnorm/epsilon             f4 scalar     only when some layer has batch norm
//   input/pixel_scale             f4 scalar     raw inputs are multiplied by it first (1 unless
//   images) input/names                   <U [raw inputs]  only when known features/names <U
//   [features] then this feature map (features.hpp names:
//                                                x1, x2, x1sq, ...); absent: raw columns as they
//                                                are
//   scaling/offset, scaling/factor        f4 [network inputs]  then x' = (x - offset) * factor;
//                                                absent when no scaling was fitted
//   target_scaling/offset, /factor        f4 [outputs]  regression outputs: y = y' / factor +
//   offset;
//                                                absent when targets were not scaled
//   output/names                  <U [names]    class names (two for one sigmoid output) or the
//                                                target name, when known
// Layer i is: z = x @ kernel + bias, or batch norm
// gamma * (z - running_mean) / sqrt(running_var + epsilon) + beta; then the activation.
//
// Requires: t.networkInputs() == net.inputs(); t's scalers, when fitted, sized
// like the network's input and output; a 1-D or 2-D raw input when t has a
// feature map (SpecError otherwise). Guarantees: the file at `path` holds the
// layout above, or is left as it was and a DataError names the path.
void exportNpz(const Network& net, const InputTransform& t, const std::string& path);

// Reads dense_i/kernel, dense_i/bias and batchnorm_i/* from an .npz written by
// exportNpz (or by NumPy with the same names; float32 or float64, C or Fortran
// order) into a network of the same shape. Other entries are ignored; the
// activations are not compared.
// Requires nothing of the file. Guarantees: either every array of
// net.parameterTable() was read and set, or the network is unchanged and a
// DataError says why: a file that is not a valid zip or .npy, a missing array
// ("missing array 'dense_1/bias'"), a shape mismatch naming the array, the
// expected and the found shape, or a non-finite value. Sizes are checked
// against the network before anything is allocated for them.
void importNpz(Network& net, const std::string& path);

// An ONNX model (IR 7, opset 13) with input "input" float [N, raw inputs] and
// output "output" float [N, outputs]: Mul by the pixel scale (images), the
// feature map (Gather, Mul, Sin, Cos, Concat), the input scaling (Sub, Mul),
// one Gemm per layer (batch norm folded into its kernel and bias), the
// activation as ONNX nodes (GELU as its Erf form, swish as x * Sigmoid(x),
// binary step as Cast(GreaterOrEqual(x, 0))), and the target un-scaling (Div,
// Add). Dropout is absent (inference). Metadata "input_names" and
// "output_names" hold JSON arrays of the names in `t`.
// Requires: as exportNpz. Guarantees: a model that onnx.checker accepts with
// full_check, written atomically, or the old file and a DataError.
void exportOnnx(const Network& net, const InputTransform& t, const std::string& path);

}  // namespace nnplay
