#!/usr/bin/python3
"""The PyTorch script `nnplay-cli export --format pytorch` writes, run with Debian's python3-torch.

Usage: check_pytorch_script.py roundtrip|scratch|all NNPLAY_CLI WORK_DIR [--python PY] [--seeds 1,2,3]

roundtrip (the issue's acceptance point 1a)
    For each model kind: `nnplay-cli train` (few epochs, fixed seed, --save),
    `nnplay-cli export --format pytorch --with-data --out DIR/train.py`, a CSV of
    100 input rows, `nnplay-cli predict` on it, and
    `PY DIR/train.py --load-weights --epochs 0 --predict in.csv --output out.csv`.
    Both output files must have the same header and the same number of rows, and
    every number must agree:

        |torch - nnplay| <= 1e-5 * max(|nnplay|, m, 1e-3)

    where m is the largest |nnplay| of the output column: 1e-5 relative to the
    value; for a value much smaller than the rest of its column, 1e-5 of the
    column's magnitude (both compute in float32, which errs by about 1e-7 of the
    size of the terms summed, not of the result: a regression output of 0.007 from
    terms near 1 and an un-scaling by subtracting 0.04 is good to about 3e-7, 4e-5
    of itself); and never less than 1e-8 (1e-5 of 1e-3) for a column of values all
    below 1e-3. This is the rule of check_npz.py and check_onnx.py. The kinds: the spiral with tanh and a feature map (x1sq, x1x2, sin...);
    a 3-class softmax model with batch norm and dropout (spiral_k, relu); a
    regression with --scale standard, so the targets are scaled (sine, gelu); a CSV
    table with one-hot columns (houses: text column "type", minmax scaling, price
    target scaled); a CSV table of text columns only (titanic, one sigmoid unit);
    and Fashion-MNIST (784 raw pixel columns 0..255 from the IDX test set; skipped
    with a message when /usr/share/datasets/fashion-mnist is missing). Prints per
    kind the worst difference relative to the value (|a-b| / max(|b|, 1e-3)), the
    worst relative to the allowed scale above (must stay <= 1e-5) and the worst
    absolute one. A self-check first makes sure the comparison rejects one number
    changed by 1e-4 of itself, a near-zero one changed by 1e-4 of its column's
    magnitude, and NaN, and accepts float32 rounding.

scratch (the issue's acceptance point 1b)
    For the spiral (tanh, features x1,x2,sinx1,sinx2), Iris and the houses table,
    and seeds 1, 2, 3: `nnplay-cli train --seed S --json --save` (the data split
    depends on the seed), export that document, and
    `PY DIR/train.py --epochs E --seed S --json` trains the same network from
    scratch on the same split (DIR/train_data.csv). The test metric (accuracy,
    or R² for the houses) of the two, averaged over the three seeds, must agree
    within 0.03 (3 points): |mean_torch - mean_nnplay| <= 0.03. Prints the
    per-seed values and both means.

Exit status: 0 pass, 1 fail (with a message saying what and where), 77 skip
(PY cannot import torch). The scripts run with OMP_NUM_THREADS=1.
"""
import argparse
import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

SKIP = 77
RTOL = 1e-5
FLOOR = 1e-3
METRIC_TOLERANCE = 0.03
SEEDS = (1, 2, 3)
HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.normpath(os.path.join(HERE, "..", "..", "resources", "datasets"))
FASHION = "/usr/share/datasets/fashion-mnist"


class Failure(Exception):
    pass


def tail(text, n=40):
    lines = (text or "").rstrip().splitlines()
    return "\n".join(("    " + l) for l in lines[-n:])


class Runner:
    def __init__(self, cli, work, python):
        self.cli, self.work, self.python = cli, work, python
        self.env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                        PYTHONDONTWRITEBYTECODE="1")

    def run(self, cmd, what, timeout=300):
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=self.env)
        except subprocess.TimeoutExpired:
            raise Failure(f"{what}: no answer after {timeout} s\n  command: {' '.join(cmd)}")
        if p.returncode != 0:
            raise Failure(f"{what}: exit status {p.returncode}\n  command: {' '.join(cmd)}\n"
                          f"  stdout:\n{tail(p.stdout)}\n  stderr:\n{tail(p.stderr)}")
        return p, time.monotonic() - start

    def train(self, args, save, what):
        p, _ = self.run([self.cli, "train", *args, "--json", "--save", save], f"{what}: nnplay-cli train")
        return last_json(p.stdout, f"{what}: nnplay-cli train --json")

    def export(self, model, folder, what, with_data=True):
        """nnplay-cli export --format pytorch; returns the script's path."""
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        script = os.path.join(folder, "train.py")
        cmd = [self.cli, "export", model, "--format", "pytorch", "--out", script]
        if with_data:
            cmd.append("--with-data")
        self.run(cmd, f"{what}: nnplay-cli export --format pytorch")
        for path in (script, os.path.join(folder, "train.npz")):
            if not os.path.isfile(path):
                raise Failure(f"{what}: the export wrote no {path} (files: {sorted(os.listdir(folder))})")
        return script

    def script(self, script, args, what, timeout=300):
        p, seconds = self.run([self.python, script, *args], f"{what}: {os.path.basename(script)} "
                              + " ".join(args), timeout=timeout)
        return p, seconds


def last_json(stdout, what):
    lines = [l for l in stdout.splitlines() if l.strip()]
    if not lines:
        raise Failure(f"{what}: printed nothing; expected a last line of JSON")
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError as e:
        raise Failure(f"{what}: the last line is not JSON ({e}):\n    {lines[-1]}")


def read_numbers(path, what):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise Failure(f"{what}: {path} is empty")
    try:
        values = np.array([[float(v) for v in r] for r in rows[1:]], dtype=np.float64)
    except ValueError as e:
        raise Failure(f"{what}: {path} holds a value that is not a number: {e}")
    return rows[0], values.reshape(len(rows) - 1, len(rows[0]))


def compare(got, want):
    """(bad positions, worst |a-b| / max(|b|, 1e-3), worst |a-b| / allowed scale, worst |a-b|)
    under |got - want| <= RTOL * max(|want|, column max |want|, FLOOR)."""
    scale = np.maximum(np.abs(want), np.maximum(FLOOR, np.abs(want).max(axis=0, keepdims=True)))
    err = np.abs(got - want)
    bad = np.argwhere(~(err <= RTOL * scale))  # NaN counts as bad
    if not err.size:
        return bad, 0.0, 0.0, 0.0
    return (bad, float(np.nanmax(err / np.maximum(np.abs(want), FLOOR))),
            float(np.nanmax(err / scale)), float(np.nanmax(err)))


def self_check():
    """The comparison must reject a one-number change of 1e-4 relative, a near-zero
    number changed by 1e-4 of its column's magnitude, and NaN; it must accept
    float32 rounding."""
    rng = np.random.default_rng(7)
    want = rng.uniform(-3, 3, (50, 3))
    want[5, 1] = 2e-5  # a near-zero output
    same = want.astype(np.float32).astype(np.float64)
    if len(compare(same, want)[0]):
        raise Failure("self-check: the comparison rejects float32 rounding of the same numbers")
    column = np.abs(want[:, 1]).max()
    for (r, c), change in (((10, 2), want[10, 2] * 1e-4), ((5, 1), column * 1e-4)):
        got = want.copy()
        got[r, c] += change
        bad = compare(got, want)[0]
        if [list(b) for b in bad] != [[r, c]]:
            raise Failure(f"self-check: changing [{r}, {c}] by {change:.3g} was not reported "
                          f"(reported: {bad.tolist()})")
    got = want.copy()
    got[0, 0] = np.nan
    if not len(compare(got, want)[0]):
        raise Failure("self-check: a NaN output was not reported")
    print("self-check: the comparison rejects a 1e-4 relative change, a change of a near-zero "
          "value by 1e-4 of its column, and NaN; it accepts float32 rounding")


# ----------------------------------------------------------------------------- inputs


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def plane_inputs(dims):
    def write(path, rng):
        x = rng.uniform(-6.0, 6.0, (100, dims))
        x[0] = 0.0  # the origin and a few exact values
        write_csv(path, ["x1", "x2"][:dims], [["%.6f" % v for v in row] for row in x])
    return write


def table_inputs(name, target):
    def write(path, rng):
        with open(os.path.join(DATASETS, name), newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        t = header.index(target)
        picked = sorted(rng.choice(len(body), size=min(100, len(body)), replace=False))
        write_csv(path, [h for j, h in enumerate(header) if j != t],
                  [[v for j, v in enumerate(body[i]) if j != t] for i in picked])
    return write


def image_inputs(path, rng):
    with gzip.open(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"), "rb") as f:
        raw = f.read()
    n, rows, cols = np.frombuffer(raw, dtype=">u4", count=3, offset=4)
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(int(n), int(rows) * int(cols))
    picked = images[:100]
    write_csv(path, [f"pixel_{i}" for i in range(picked.shape[1])],
              [[str(int(v)) for v in row] for row in picked])


ROUNDTRIP = [
    # name, nnplay-cli train arguments, input writer, needs
    ("spiral_tanh_features",
     ["--dataset", "spiral", "--activation", "tanh", "--layers", "8,8",
      "--features", "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2", "--epochs", "20", "--seed", "5"],
     plane_inputs(2), None),
    ("softmax3_batchnorm_dropout",
     ["--dataset", "spiral_k", "--classes", "3", "--layers", "16,16", "--activation", "relu",
      "--output-activation", "softmax", "--batchnorm", "--dropout", "0.2",
      "--features", "x1,x2,cosx1,cosx2", "--epochs", "15", "--seed", "2"],
     plane_inputs(2), None),
    ("xor_gate_no_bias_constant_input",
     ["--dataset", "xor_gate", "--samples", "8", "--features", "x1,x2,one", "--no-bias",
      "--layers", "4", "--activation", "sigmoid", "--loss", "mse", "--optimizer", "sgd",
      "--lr", "4", "--batch", "4", "--epochs", "200", "--seed", "5"],
     plane_inputs(2), None),
    ("regression_scaled_targets",
     ["--dataset", "sine", "--scale", "standard", "--layers", "12,8", "--activation", "gelu",
      "--epochs", "20", "--seed", "3"],
     plane_inputs(1), None),
    ("table_one_hot_houses",
     ["--csv", os.path.join(DATASETS, "houses.csv"), "--target", "price", "--scale", "minmax",
      "--layers", "8", "--activation", "relu", "--epochs", "10", "--seed", "4"],
     table_inputs("houses.csv", "price"), None),
    ("table_text_titanic",
     ["--csv", os.path.join(DATASETS, "titanic.csv"), "--target", "survived",
      "--layers", "6", "--activation", "elu", "--epochs", "3", "--seed", "6"],
     table_inputs("titanic.csv", "survived"), None),
    ("fashion_mnist",
     ["--dataset", "fashion_mnist", "--layers", "32", "--activation", "relu", "--batch", "128",
      "--epochs", "1", "--seed", "1"],
     image_inputs, FASHION),
]


def roundtrip(r):
    self_check()
    failures, summary = [], []
    rng = np.random.default_rng(2024)
    for name, args, write_inputs, needs in ROUNDTRIP:
        if needs and not os.path.isdir(needs):
            print(f"SKIP {name}: {needs} is missing (Debian's dataset-fashion-mnist)")
            continue
        folder = os.path.join(r.work, "roundtrip", name)
        try:
            start = time.monotonic()
            os.makedirs(os.path.dirname(folder), exist_ok=True)
            model = folder + ".nnplay.json"
            r.train(args, model, name)
            script = r.export(model, folder, name)
            needs_csv = needs is None
            if needs_csv and not os.path.isfile(os.path.join(folder, "train_data.csv")):
                raise Failure(f"{name}: --with-data wrote no train_data.csv "
                              f"(files: {sorted(os.listdir(folder))})")
            inputs = os.path.join(folder, "in.csv")
            write_inputs(inputs, rng)
            expected_csv, got_csv = os.path.join(folder, "nnplay.csv"), os.path.join(folder, "torch.csv")
            r.run([r.cli, "predict", model, "--input", inputs, "--output", expected_csv],
                  f"{name}: nnplay-cli predict")
            _, seconds = r.script(script, ["--load-weights", "--epochs", "0", "--predict", inputs,
                                           "--output", got_csv], name)
            want_header, want = read_numbers(expected_csv, f"{name}: nnplay-cli predict")
            if not os.path.isfile(got_csv):
                raise Failure(f"{name}: the script wrote no {got_csv}")
            got_header, got = read_numbers(got_csv, f"{name}: the script's --output")
            if got_header != want_header:
                raise Failure(f"{name}: header {got_header}, nnplay-cli predict writes {want_header}")
            if got.shape != want.shape:
                raise Failure(f"{name}: {got.shape[0]} rows x {got.shape[1]} columns, nnplay-cli "
                              f"predict wrote {want.shape[0]} x {want.shape[1]}")
            bad, worst_rel, worst_scaled, worst_abs = compare(got, want)
            line = (f"{name:27s} worst relative {worst_rel:.2e}, to the allowed scale "
                    f"{worst_scaled:.2e}, absolute {worst_abs:.2e} ({want.size} values; "
                    f"script {seconds:.1f} s, kind {time.monotonic() - start:.1f} s)")
            print(line)
            summary.append(line)
            if len(bad):
                rr, cc = bad[0]
                raise Failure(f"{name}: {len(bad)} of {want.size} values differ by more than "
                              f"1e-5 * max(|nnplay|, column max, 1e-3); first at row {rr}, column "
                              f"'{want_header[cc]}': torch {got[rr, cc]:.9g}, nnplay {want[rr, cc]:.9g}")
        except Failure as e:
            print(f"FAIL {e}")
            failures.append(str(e).splitlines()[0])
    return failures


# ----------------------------------------------------------------------------- scratch

SCRATCH = [
    ("spiral", ["--dataset", "spiral", "--features", "x1,x2,sinx1,sinx2", "--layers", "16,16",
                "--activation", "tanh", "--batch", "25", "--lr", "0.03"], 100, "accuracy"),
    ("iris", ["--csv", os.path.join(DATASETS, "iris.csv"), "--scale", "standard", "--layers", "8",
              "--batch", "10"], 100, "accuracy"),
    ("houses", ["--csv", os.path.join(DATASETS, "houses.csv"), "--target", "price", "--scale",
                "standard", "--layers", "8", "--l2", "0.01", "--batch", "32"], 100, "r2"),
]


def scratch(r, seeds=SEEDS):
    failures = []
    for name, args, epochs, metric in SCRATCH:
        ours, theirs = [], []
        try:
            start = time.monotonic()
            for seed in seeds:
                what = f"{name} seed {seed}"
                folder = os.path.join(r.work, "scratch", f"{name}_{seed}")
                os.makedirs(os.path.dirname(folder), exist_ok=True)
                model = folder + ".nnplay.json"
                result = r.train([*args, "--epochs", str(epochs), "--seed", str(seed)], model, what)
                key = "test_accuracy" if metric == "accuracy" else "test_r2"
                if key not in result:
                    raise Failure(f"{what}: nnplay-cli train --json has no {key}: {result}")
                script = r.export(model, folder, what)
                p, seconds = r.script(script, ["--epochs", str(epochs), "--seed", str(seed), "--json"],
                                      what, timeout=600)
                got = last_json(p.stdout, f"{what}: the script's --json")
                if got.get("metric") != metric:
                    raise Failure(f"{what}: the script reports metric {got.get('metric')!r}, "
                                  f"expected {metric!r}: {got}")
                if not isinstance(got.get("test_metric"), (int, float)):
                    raise Failure(f"{what}: the script's test_metric is {got.get('test_metric')!r}")
                ours.append(float(result[key]))
                theirs.append(float(got["test_metric"]))
                print(f"{what:16s} test {metric}: nnplay {ours[-1]:.4f}  torch {theirs[-1]:.4f}  "
                      f"(script {seconds:.1f} s)")
            mine, torch_mean = float(np.mean(ours)), float(np.mean(theirs))
            verdict = "ok" if abs(torch_mean - mine) <= METRIC_TOLERANCE else "FAIL"
            print(f"{name:16s} mean test {metric} over seeds {list(seeds)}: nnplay {mine:.4f}  "
                  f"torch {torch_mean:.4f}  difference {torch_mean - mine:+.4f}  {verdict} "
                  f"({time.monotonic() - start:.1f} s)")
            if verdict != "ok":
                raise Failure(f"{name}: mean test {metric} torch {torch_mean:.4f} vs nnplay {mine:.4f} "
                              f"(per seed torch {[round(v, 4) for v in theirs]}, nnplay "
                              f"{[round(v, 4) for v in ours]}): more than {METRIC_TOLERANCE} apart")
        except Failure as e:
            print(f"FAIL {e}")
            failures.append(str(e).splitlines()[0])
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["roundtrip", "scratch", "all"])
    ap.add_argument("cli")
    ap.add_argument("work")
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="the Python with torch that runs the scripts (default /usr/bin/python3)")
    ap.add_argument("--seeds", default=",".join(map(str, SEEDS)),
                    help="scratch: the seeds whose means are compared (default 1,2,3)")
    a = ap.parse_args()
    probe = subprocess.run([a.python, "-c", "import torch; print(torch.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"SKIP: {a.python} cannot import torch (Debian's python3-torch):\n{tail(probe.stderr, 3)}")
        return SKIP
    print(f"{a.python}: torch {probe.stdout.strip()}, numpy {np.__version__}")
    os.makedirs(a.work, exist_ok=True)
    r = Runner(os.path.abspath(a.cli), os.path.abspath(a.work), a.python)
    start = time.monotonic()
    failures = []
    try:
        if a.mode in ("roundtrip", "all"):
            failures += roundtrip(r)
        if a.mode in ("scratch", "all"):
            failures += scratch(r, tuple(int(v) for v in a.seeds.split(",")))
    except Failure as e:
        failures.append(str(e))
        print(f"FAIL {e}")
    print(f"{a.mode}: {time.monotonic() - start:.1f} s")
    if failures:
        print(f"{len(failures)} failure(s):")
        for f in failures:
            print("  " + f)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
