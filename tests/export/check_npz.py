#!/usr/bin/python3
"""Checks an nnplay .npz export against the engine's predictions.

Usage: check_npz.py MODEL.npz INPUT.csv EXPECTED.csv

Loads the archive with numpy.load(allow_pickle=False), checks the names,
dtypes and shapes of its arrays (model_export.hpp describes the layout),
computes the forward pass from the arrays alone (input transform, layers,
target un-scaling) for the raw rows of INPUT.csv, and compares the result with
EXPECTED.csv: |got - expected| <= 1e-5 * max(|expected|, m, 1e-3), where m is
the largest |expected| of the column. (The floor m is float32's: the engine's
rounding, and its fast sigmoid and tanh, err by about 1e-7 of the size of the
values being summed, not of the result; an output of 1e-4 computed from terms
near 1 is only good to about 1e-3 of itself.)
Exit status: 0 when everything matches, 1 otherwise (with a message).
"""
import sys

import numpy as np

from checker_common import CheckError, compare, require



def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def erf(z):
    from math import erf as scalar_erf
    return np.vectorize(scalar_erf, otypes=[np.float64])(z)


ACTIVATIONS = {
    "linear": lambda z: z,
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
    "gelu": lambda z: 0.5 * z * (1 + erf(z / np.sqrt(2))),
    "swish": lambda z: z * sigmoid(z),
    "softplus": lambda z: np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))),
    "binary_step": lambda z: (z >= 0).astype(np.float64),
    "softmax": lambda z: (lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(z - z.max(axis=1, keepdims=True))),
}

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: np.sin(x1),
    "sinx2": lambda x1, x2: np.sin(x2),
    "cosx1": lambda x1, x2: np.cos(x1),
    "cosx2": lambda x1, x2: np.cos(x2),
}


def floats(a, name, shape):
    require(name in a, f"missing array '{name}'")
    v = a[name]
    require(v.dtype == np.dtype("<f4"), f"'{name}' has dtype {v.dtype}, expected float32")
    require(v.shape == shape, f"'{name}' has shape {v.shape}, expected {shape}")
    require(np.all(np.isfinite(v)), f"'{name}' holds non-finite values")
    return v.astype(np.float64)


def strings(a, name, length=None):
    require(name in a, f"missing array '{name}'")
    v = a[name]
    require(v.dtype.kind == "U" and v.ndim == 1, f"'{name}' is {v.dtype} {v.shape}, expected 1-D unicode")
    require(length is None or v.shape == (length,), f"'{name}' has shape {v.shape}, expected ({length},)")
    return [str(s) for s in v]


def forward(a, raw):
    require("format" in a and a["format"].shape == () and str(a["format"]) == "nnplay-npz-1",
            "missing or wrong 'format' (expected the scalar 'nnplay-npz-1')")
    acts = strings(a, "activations")
    unknown = [f for f in acts if f not in ACTIVATIONS]
    require(not unknown, f"unknown activations {unknown}")
    layers = len(acts)
    require(f"dense_{layers}/kernel" not in a, f"more kernels than the {layers} activations")

    x = raw * floats(a, "input/pixel_scale", ())
    if "input/names" in a:
        strings(a, "input/names", raw.shape[1])
    if "features/names" in a:
        names = strings(a, "features/names")
        require(1 <= raw.shape[1] <= 2, f"a feature map needs 1 or 2 raw columns, got {raw.shape[1]}")
        x1 = x[:, 0]
        x2 = x[:, 1] if raw.shape[1] > 1 else np.zeros_like(x1)
        require(all(n in FEATURES for n in names), f"unknown features {names}")
        x = np.stack([FEATURES[n](x1, x2) for n in names], axis=1)
    width = x.shape[1]
    if "scaling/offset" in a or "scaling/factor" in a:
        x = (x - floats(a, "scaling/offset", (width,))) * floats(a, "scaling/factor", (width,))

    for i, act in enumerate(acts):
        require(f"dense_{i}/kernel" in a, f"missing array 'dense_{i}/kernel'")
        shape = a[f"dense_{i}/kernel"].shape
        units = shape[1] if len(shape) == 2 else -1
        kernel = floats(a, f"dense_{i}/kernel", (width, units))
        z = x @ kernel
        bn = f"batchnorm_{i}"
        if f"{bn}/gamma" in a:
            require(f"dense_{i}/bias" not in a, f"layer {i} has both a bias and batch norm")
            gamma, beta, mean, var = (floats(a, f"{bn}/{p}", (units,))
                                      for p in ("gamma", "beta", "running_mean", "running_var"))
            eps = floats(a, "batchnorm/epsilon", ())
            require(np.all(var >= 0), f"'{bn}/running_var' has negative values")
            z = gamma * (z - mean) / np.sqrt(var + eps) + beta
        else:
            z = z + floats(a, f"dense_{i}/bias", (units,))
        x = ACTIVATIONS[act](z)
        width = units

    if "target_scaling/offset" in a or "target_scaling/factor" in a:
        x = x / floats(a, "target_scaling/factor", (width,)) + floats(a, "target_scaling/offset", (width,))
    if "output/names" in a:  # class names (two for one sigmoid output) or the target's
        names = strings(a, "output/names")
        require(len(names) == width or (width == 1 and len(names) == 2),
                f"'output/names' has {len(names)} names for {width} outputs")
    return x


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    model, input_csv, expected_csv = argv[1:]
    try:
        with np.load(model, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
        raw = np.loadtxt(input_csv, delimiter=",", ndmin=2, dtype=np.float64)
        expected = np.loadtxt(expected_csv, delimiter=",", ndmin=2, dtype=np.float64)
        worst = compare(forward(arrays, raw), expected, model)
    except (CheckError, OSError, ValueError) as e:
        print(f"check_npz: FAIL: {e}", file=sys.stderr)
        return 1
    print(f"check_npz: OK: {model}: {expected.size} values, worst relative error {worst:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
