#!/usr/bin/python3
"""nnplay's ONNX exports run in ONNX Runtime, the reference runtime, against `nnplay-cli predict`.

Usage: check_onnxruntime.py --cli NNPLAY_CLI --modules DIR --work DIR
                            [--node NODE] [--fashion-mnist DIR]

For every model kind (the 2-D spiral behind a feature map; 3-class softmax
models with batch norm and dropout; regressions with target scaling; CSV
tables with one-hot columns; Fashion-MNIST) this trains small models with
nnplay-cli (fixed seeds, a few epochs), exports each as ONNX, and writes 100
rows twice: as the raw CSV `nnplay-cli predict` reads (x1,x2; table cells,
categories as text; pixel_0..pixel_783 as 0..255), and as the float matrix
the ONNX input "input" takes, built here from the model's "input_names"
metadata the way predict reads a CSV (a one-hot input "col=value" is 1 where
the column "col" holds value, else 0). The Node checker
onnxruntime/check_onnxruntime.js runs every model in onnxruntime-node (npm,
installed by scripts/test into DIR/node_modules), and this script compares
its outputs a with predict's b, value by value:

    pass  iff  |a - b| <= 1e-4 * |b|   where |b| >= 1e-3
               |a - b| <= 1e-6         where |b| <  1e-3

that is 1e-4 relative, and for values below 1e-3 an absolute bound. The
bound is 1e-6, not 1e-7: a float32 sigmoid near 0 only takes multiples of
about 2^-24, so two runtimes whose Gemm sums in a different order (logits one
float32 step apart) give p ~ 2.6e-4 values 2^-23 = 1.19e-7 apart (seen on the
spiral). It prints per model and per kind the worst relative error
|a - b| / |b| (over |b| >= 1e-3) and the worst absolute error |a - b|. It checks that
the models together use every activation, every feature of the feature map
and every kind of scaling, and that the comparison can fail: an output moved
by 1e-3 of itself must be reported.

Exit status: 0 when every value agrees; 1 when any disagrees or a step fails;
77 (ctest's skip) when node or onnxruntime-node is missing (npm could not
reach the registry); 2 on bad arguments. Fashion-MNIST alone is skipped, with
a message, when its files are not in --fashion-mnist (Debian's
dataset-fashion-mnist). The work folder keeps every file for a look.
"""
import argparse
import collections
import csv
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

RTOL = 1e-4
FLOOR = 1e-3  # below this magnitude the bound is absolute: SMALL_ATOL
SMALL_ATOL = 1e-6
SKIP = 77
ROWS = 100
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_CHECKER = os.path.join(HERE, "onnxruntime", "check_onnxruntime.js")
DATASETS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "resources", "datasets")
FASHION_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

ACTIVATIONS = {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "swish",
               "softplus", "binary_step", "softmax"}
FEATURES = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2", "cosx1", "cosx2", "one"}
SCALINGS = {"none", "standard", "minmax", "minmax_sym"}


class CheckError(Exception):
    pass


# --- the rows each model is checked on: (header, rows of cells as text) -------
# Numbers are float32 values written exactly, so that predict and ONNX
# Runtime read the same inputs.

def f32_text(v):
    return repr(float(np.float32(v)))


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def uniform_rows(columns, seed):
    x = np.random.default_rng(seed).uniform(-6.0, 6.0, size=(ROWS, len(columns)))
    return list(columns), [[f32_text(v) for v in row] for row in x]


def table_rows(name, seed):
    with open(os.path.join(DATASETS, name), newline="") as f:
        header, *rows = list(csv.reader(f))
    picked = np.random.default_rng(seed).choice(len(rows), size=ROWS, replace=False)
    return header, [[f32_text(c) if is_number(c) else c for c in rows[i]] for i in picked]


def image_rows(folder):
    with gzip.open(os.path.join(folder, "t10k-images-idx3-ubyte.gz")) as f:
        data = f.read()
    magic, count, height, width = (int(v) for v in np.frombuffer(data[:16], dtype=">i4"))
    if magic != 2051 or count < ROWS:
        raise CheckError(f"{folder}: t10k-images is not an IDX file of {ROWS}+ images")
    pixels = np.frombuffer(data[16:16 + ROWS * height * width], dtype=np.uint8)
    header = [f"pixel_{i}" for i in range(height * width)]
    return header, [[str(v) for v in row] for row in pixels.reshape(ROWS, -1)]


def encode(input_names, header, rows):
    """The ONNX input for raw rows, read the way `nnplay-cli predict` reads
    them: the column of the same name, or for "col=value" 1 where the column
    "col" holds value and 0 elsewhere."""
    x = np.zeros((len(rows), len(input_names)), dtype=np.float32)
    for j, name in enumerate(input_names):
        column, _, category = name.partition("=")
        if name in header:
            x[:, j] = [float(r[header.index(name)]) for r in rows]
        elif category and column in header:
            x[:, j] = [r[header.index(column)] == category for r in rows]
        else:
            raise CheckError(f"no column for the model input '{name}' in {header[:8]}")
    return x


# --- the models -----------------------------------------------------------------

Model = collections.namedtuple("Model", "kind name train rows")


def net(activation, layers="8,8", epochs="20"):
    return ["--layers", layers, "--activation", activation, "--epochs", epochs, "--seed", "3"]


def table(name, target):
    return ["--csv", os.path.join(DATASETS, name), "--target", target]


XY = ["x1", "x2"]
THREE = ["--classes", "3", "--batchnorm", "--dropout", "0.2"]
# Model.rows is a function of the Fashion-MNIST folder.
MODELS = [
    Model("spiral", "spiral_tanh",
          ["--dataset", "spiral", "--features", "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2",
           "--scale", "standard", *net("tanh", epochs="30")],
          lambda _: uniform_rows(XY, 1)),
    # The course's XOR network: a constant input and no biases anywhere.
    Model("spiral", "xor_gate_no_bias",
          ["--dataset", "xor_gate", "--samples", "8", "--features", "x1,x2,one", "--no-bias",
           "--optimizer", "sgd", "--lr", "4", "--loss", "mse", "--batch", "4",
           *net("sigmoid", layers="4", epochs="300")],
          lambda _: uniform_rows(XY, 10)),
    Model("softmax3", "blobs_elu",
          ["--dataset", "blobs", *THREE, "--scale", "minmax", *net("elu")],
          lambda _: uniform_rows(XY, 2)),
    Model("softmax3", "spiral3_gelu",
          ["--dataset", "spiral_k", *THREE, "--features", "x1,x2,x1x2,cosx1,cosx2",
           "--scale", "standard", *net("gelu")],
          lambda _: uniform_rows(XY, 3)),
    Model("softmax3", "blobs_swish",
          ["--dataset", "blobs", *THREE, "--scale", "minmax_sym", *net("swish")],
          lambda _: uniform_rows(XY, 4)),
    Model("regression", "houses_softplus",
          [*table("houses.csv", "price"), "--scale", "standard", *net("softplus")],
          lambda _: table_rows("houses.csv", 5)),
    Model("regression", "multi_gauss_linear",
          ["--dataset", "multi_gauss", "--scale", "minmax", *net("linear")],
          lambda _: uniform_rows(XY, 6)),
    Model("regression", "step_binary_step",
          ["--dataset", "step", "--features", "x1,x1sq,sinx1,cosx1", "--scale", "standard",
           *net("binary_step")],
          lambda _: uniform_rows(["x1"], 7)),
    Model("onehot", "titanic_leaky_relu",
          [*table("titanic.csv", "survived"), "--scale", "minmax", *net("leaky_relu")],
          lambda _: table_rows("titanic.csv", 8)),
    Model("onehot", "titanic_relu",
          [*table("titanic.csv", "survived"), *net("relu", layers="6")],
          lambda _: table_rows("titanic.csv", 9)),
    Model("fashion_mnist", "fashion_mnist_relu",
          ["--batch", "32", *net("relu", layers="32", epochs="1")],
          image_rows),
]


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise CheckError(f"{what} failed (exit {p.returncode}): {' '.join(cmd)}\n{p.stdout}")
    return p.stdout


def input_names(onnx_path):
    import onnx

    meta = {p.key: p.value for p in onnx.load(onnx_path).metadata_props}
    if "input_names" not in meta:
        raise CheckError(f"{onnx_path}: no 'input_names' metadata")
    return json.loads(meta["input_names"])


def describe(saved):
    """What a saved model uses ({activations, features, scalings}) and a line saying so."""
    with open(saved) as f:
        project = json.load(f)
    layers, t = project["network"]["layers"], project["transform"]
    scalings = (t["scaling"]["kind"], t["target_scaling"]["kind"])
    used = {"activations": {lay["activation"] for lay in layers},
            "features": set(t["features"]), "scalings": set(scalings)}
    arch = " -> ".join([str(project["network"]["inputs"])] + [
        f"{lay['units']} {lay['activation']}" + (" +bn" if lay["batchnorm"] else "") +
        (f" +dropout {lay['dropout']:g}" if lay["dropout"] else "") for lay in layers])
    return used, (f"{arch}; features {','.join(t['features']) or 'none'}; "
                  f"scaling {scalings[0]}, target scaling {scalings[1]}")


def prepare(cli, work, m, rows):
    """Trains, exports and predicts model m on rows; writes the ONNX input.
    Returns its Node job, predict's outputs and their column names."""
    def path(suffix):
        return os.path.join(work, m.name + suffix)

    saved, onnx_path = path(".nnplay.json"), path(".onnx")
    run([cli, "train", *m.train, "--save", saved], f"{m.name}: nnplay-cli train")
    run([cli, "export", saved, "--format", "onnx", "--out", onnx_path],
        f"{m.name}: nnplay-cli export")
    header, cells = rows
    with open(path(".input.csv"), "w", newline="") as f:
        csv.writer(f).writerows([header, *cells])
    run([cli, "predict", saved, "--input", path(".input.csv"), "--output", path(".predict.csv")],
        f"{m.name}: nnplay-cli predict")
    x = encode(input_names(onnx_path), header, cells)
    with open(path(".onnx_input.json"), "w") as f:
        json.dump({"rows": x.shape[0], "cols": x.shape[1], "data": x.ravel().tolist()}, f)
    with open(path(".predict.csv")) as f:
        columns = f.readline().strip().split(",")
    expected = np.loadtxt(path(".predict.csv"), delimiter=",", skiprows=1, ndmin=2)
    job = {"name": m.name, "model": onnx_path, "input": path(".onnx_input.json"),
           "output": path(".onnxruntime.json")}
    return job, expected, columns


def read_output(job, expected):
    with open(job["output"]) as f:
        y = json.load(f)
    got = np.array(y["data"], dtype=np.float64).reshape(y["dims"])
    if got.shape != expected.shape:
        raise CheckError(f"{job['name']}: ONNX Runtime gives shape {got.shape}, "
                         f"nnplay-cli predict {expected.shape}")
    return got


def compare(got, expected):
    """(the [row, column] of each value that disagrees, |a - b| / |b| where |b| >= 1e-3, |a - b|)."""
    err = np.abs(got - expected)
    b = np.abs(expected)
    rel = np.where(b >= FLOOR, err / np.maximum(b, FLOOR), 0.0)  # of the values bound relatively
    ok = err <= allowed(expected)
    return {tuple(i) for i in np.argwhere(~ok).tolist()}, rel, err


def allowed(expected):
    """1e-4 of |b|, or SMALL_ATOL where |b| is below FLOOR."""
    b = np.abs(expected)
    return np.where(b >= FLOOR, RTOL * b, SMALL_ATOL)


def self_check(got, expected):
    """The comparison must catch one output (one that agreed) moved by ten times its allowance."""
    before = compare(got, expected)[0]
    r, c = next(i for i in np.ndindex(*got.shape) if i[0] >= len(got) // 2 and i not in before)
    wrong = got.copy()
    wrong[r, c] += 10 * float(allowed(wrong[r, c]))  # ten times what is allowed there
    after = compare(wrong, expected)[0]
    if after != before | {(r, c)}:
        raise CheckError(f"self-check: an output moved by ten times its allowance at [{r}, {c}] was not "
                         f"reported as a disagreement (new reports: {sorted(after - before)})")


def check(args, node):
    """Runs every model; returns (lines on the disagreements, models run, kinds run)."""
    have_fashion = all(os.path.isfile(os.path.join(args.fashion_mnist, f)) for f in FASHION_FILES)
    if not have_fashion:
        print(f"check_onnxruntime: fashion_mnist: SKIPPED: no Fashion-MNIST in "
              f"{args.fashion_mnist} (Debian: apt-get install dataset-fashion-mnist)")
    runs, used = [], {"activations": set(), "features": set(), "scalings": set()}
    for m in MODELS:
        if m.kind == "fashion_mnist":
            if not have_fashion:
                continue
            m = m._replace(train=["--idx", args.fashion_mnist, *m.train])
        job, expected, columns = prepare(args.cli, args.work, m, m.rows(args.fashion_mnist))
        model_used, line = describe(os.path.join(args.work, m.name + ".nnplay.json"))
        for k in used:
            used[k] |= model_used[k]
        runs.append((m, job, expected, columns, line))
    for what, want in (("activations", ACTIVATIONS), ("features", FEATURES),
                       ("scalings", SCALINGS)):
        if not want <= used[what]:
            raise CheckError(f"no model uses {', '.join(sorted(want - used[what]))} ({what}); "
                             "the check must cover them all")

    jobs = os.path.join(args.work, "jobs.json")
    with open(jobs, "w") as f:
        json.dump([r[1] for r in runs], f, indent=1)
    print(run([node, NODE_CHECKER, args.modules, jobs], "the Node checker").rstrip())

    failures, worst = [], {}
    for m, job, expected, columns, line in runs:
        got = read_output(job, expected)
        bad, rel, err = compare(got, expected)
        k = worst.setdefault(m.kind, [0.0, 0.0, 0])
        k[:] = max(k[0], rel.max()), max(k[1], err.max()), k[2] + expected.size
        print(f"check_onnxruntime: {m.kind}: {m.name}: {line}\n    {expected.size} values: "
              f"worst relative error {rel.max():.3g}, worst absolute error {err.max():.3g}"
              + (f": {len(bad)} DISAGREE" if bad else ""))
        if bad:
            r, c = np.unravel_index(np.argmax(rel), rel.shape)
            failures.append(
                f"{m.kind}: {m.name}: {len(bad)} of {expected.size} values disagree; the worst, "
                f"row {r} of {job['input']}, output '{columns[c]}': ONNX Runtime {got[r, c]:.9g}, "
                f"nnplay-cli predict {expected[r, c]:.9g}, |a - b| {err[r, c]:.3g} (allowed "
                f"{float(allowed(expected[r, c])):.3g})")
    self_check(read_output(runs[0][1], runs[0][2]), runs[0][2])
    for kind, (rel, err, n) in worst.items():
        print(f"check_onnxruntime: kind {kind}: {n} values, worst relative error {rel:.3g}, "
              f"worst absolute error {err:.3g}")
    print("check_onnxruntime: self-check: an output moved by ten times its allowance is reported")
    return failures, len(runs), len(worst)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True, help="nnplay-cli")
    ap.add_argument("--modules", required=True, help="folder holding node_modules/onnxruntime-node")
    ap.add_argument("--work", required=True, help="folder for the models and outputs")
    ap.add_argument("--node", default="node", help="Node.js (default: node on PATH)")
    ap.add_argument("--fashion-mnist", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args(argv)

    node = shutil.which(args.node)
    ort = os.path.join(args.modules, "node_modules", "onnxruntime-node")
    if node is None or not os.path.isfile(os.path.join(ort, "package.json")):
        why = (f"no Node.js ('{args.node}' is not on PATH; scripts/deps installs nodejs and npm)"
               if node is None else f"{ort} is missing (scripts/test installs it with npm: could "
               "npm reach the registry? see build/release/onnxruntime-npm.log)")
        print(f"check_onnxruntime: SKIPPED: {why}: the ONNX exports were NOT run in ONNX Runtime")
        return SKIP
    if importlib.util.find_spec("onnx") is None:
        print("check_onnxruntime: FAIL: cannot import onnx (it reads the models' input_names); "
              "install python3-onnx")
        return 1
    os.makedirs(args.work, exist_ok=True)
    start = time.monotonic()
    try:
        failures, models, kinds = check(args, node)
    except (CheckError, OSError, ValueError) as e:
        print(f"check_onnxruntime: FAIL: {e}")
        return 1
    if failures:
        print(f"check_onnxruntime: FAIL: ONNX Runtime and nnplay-cli predict disagree "
              f"(|a - b| > {RTOL:g} * |b|, or > {SMALL_ATOL:g} where |b| < {FLOOR:g}); "
              f"files in {args.work}:")
        for f in failures:
            print("  " + f)
        return 1
    print(f"check_onnxruntime: OK: {models} models of {kinds} kinds agree within {RTOL:g} "
          f"relative ({time.monotonic() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
