#!/usr/bin/python3
"""Checks an nnplay ONNX export against the engine's predictions.

Usage: check_onnx.py MODEL.onnx INPUT.csv EXPECTED.csv

Runs onnx.checker.check_model(model, full_check=True), checks the opset (13),
the input "input" [N, raw inputs] and the output "output", then evaluates the
graph itself with NumPy in float32, node by node from the initializers (no
onnxruntime), on the raw rows of INPUT.csv, and compares the result with
EXPECTED.csv: |got - expected| <= 1e-5 * max(|expected|, m, 1e-3), where m is
the largest |expected| of the column. (The floor m is float32's: the engine's
rounding, and its fast sigmoid and tanh, err by about 1e-7 of the size of the
values being summed, not of the result; an output of 1e-4 computed from terms
near 1 is only good to about 1e-3 of itself.)
Exit status: 0 when everything matches, 1 otherwise, 2 when the onnx module
is missing (Debian: apt-get install python3-onnx).
"""
import math
import sys

import numpy as np

from checker_common import CheckError, compare, require

F32 = np.float32


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(F32)


def softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(F32)


def gemm(ins, at):
    a, b = ins[0], ins[1]
    if at.get("transA", 0):
        a = a.T
    if at.get("transB", 0):
        b = b.T
    y = at.get("alpha", 1.0) * (a @ b)
    if len(ins) > 2:
        y = y + at.get("beta", 1.0) * ins[2]
    return y.astype(F32)


def cast(ins, at):
    require(at["to"] == 1, f"Cast to type {at['to']}, expected FLOAT (1)")
    return ins[0].astype(F32)


OPS = {
    "Identity": lambda i, a: i[0],
    "Mul": lambda i, a: (i[0] * i[1]).astype(F32),
    "Add": lambda i, a: (i[0] + i[1]).astype(F32),
    "Sub": lambda i, a: (i[0] - i[1]).astype(F32),
    "Div": lambda i, a: (i[0] / i[1]).astype(F32),
    "Gather": lambda i, a: np.take(i[0], i[1], axis=a.get("axis", 0)),
    "Concat": lambda i, a: np.concatenate(i, axis=a["axis"]),
    "Sin": lambda i, a: np.sin(i[0]),
    "Cos": lambda i, a: np.cos(i[0]),
    "Gemm": gemm,
    "Sigmoid": lambda i, a: sigmoid(i[0]),
    "Tanh": lambda i, a: np.tanh(i[0]),
    "Relu": lambda i, a: np.maximum(i[0], F32(0)),
    "LeakyRelu": lambda i, a: np.where(i[0] >= 0, i[0], F32(a.get("alpha", 0.01)) * i[0]).astype(F32),
    "Elu": lambda i, a: np.where(i[0] > 0, i[0], F32(a.get("alpha", 1.0)) * np.expm1(np.minimum(i[0], 0))).astype(F32),
    "Erf": lambda i, a: np.vectorize(math.erf, otypes=[np.float64])(i[0]).astype(F32),
    "Softplus": lambda i, a: (np.maximum(i[0], 0) + np.log1p(np.exp(-np.abs(i[0])))).astype(F32),
    "GreaterOrEqual": lambda i, a: i[0] >= i[1],
    "Cast": cast,
    "Softmax": lambda i, a: softmax(i[0], a.get("axis", -1)),
}


def evaluate(onnx, model, raw):
    from onnx import helper, numpy_helper

    g = model.graph
    values = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    for name, v in values.items():
        require(v.dtype in (np.float32, np.int64), f"initializer '{name}' has dtype {v.dtype}")
        require(v.dtype != np.float32 or np.all(np.isfinite(v)), f"initializer '{name}' is not finite")
    values["input"] = raw.astype(F32)
    for node in g.node:
        require(node.domain in ("", "ai.onnx"), f"node {node.name}: domain '{node.domain}'")
        require(node.op_type in OPS, f"node {node.name}: unexpected op {node.op_type}")
        missing = [n for n in node.input if n not in values]
        require(not missing, f"node {node.name}: inputs {missing} not computed yet")
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        require(len(node.output) == 1, f"node {node.name}: {len(node.output)} outputs")
        values[node.output[0]] = OPS[node.op_type]([values[n] for n in node.input], attrs)
    require("output" in values, "no node computes 'output'")
    y = values["output"]
    require(y.dtype == F32, f"'output' has dtype {y.dtype}")
    return y.astype(np.float64)


def check_structure(onnx, model, raw_columns, outputs):
    onnx.checker.check_model(model, full_check=True)
    opsets = {o.domain: o.version for o in model.opset_import}
    require(opsets.get("", opsets.get("ai.onnx")) == 13, f"opsets {opsets}, expected 13")
    g = model.graph
    require([i.name for i in g.input] == ["input"], f"graph inputs {[i.name for i in g.input]}")
    require([o.name for o in g.output] == ["output"], f"graph outputs {[o.name for o in g.output]}")
    for v, width in ((g.input[0], raw_columns), (g.output[0], outputs)):
        t = v.type.tensor_type
        require(t.elem_type == onnx.TensorProto.FLOAT, f"'{v.name}' is not float")
        dims = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in t.shape.dim]
        require(len(dims) == 2 and isinstance(dims[0], str) and dims[1] == width,
                f"'{v.name}' has shape {dims}, expected [N, {width}]")


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import onnx
        import onnx.checker  # noqa: F401
    except ImportError as e:
        print(f"check_onnx: FAIL: cannot import onnx ({e}); install python3-onnx", file=sys.stderr)
        return 2
    model_path, input_csv, expected_csv = argv[1:]
    try:
        model = onnx.load(model_path)
        raw = np.loadtxt(input_csv, delimiter=",", ndmin=2, dtype=np.float64)
        expected = np.loadtxt(expected_csv, delimiter=",", ndmin=2, dtype=np.float64)
        check_structure(onnx, model, raw.shape[1], expected.shape[1])
        worst = compare(evaluate(onnx, model, raw), expected, model_path)
    except (CheckError, OSError, ValueError, onnx.checker.ValidationError,
            onnx.onnx_cpp2py_export.shape_inference.InferenceError) as e:
        print(f"check_onnx: FAIL: {e}", file=sys.stderr)
        return 1
    print(f"check_onnx: OK: {model_path}: onnx {onnx.__version__}, ir {model.ir_version}, "
          f"{len(model.graph.node)} nodes, {expected.size} values, worst relative error {worst:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
