#!/usr/bin/python3
"""The course's from-scratch XOR network (COURSE.md c17) against `nnplay-cli explain`.

Inputs [[0,0,1],[0,1,1],[1,0,1],[1,1,1]] (the third column a constant 1),
targets XOR [0,1,1,0], one hidden layer of 4 sigmoid units, a sigmoid output,
no biases, the squared error (y - yhat)^2. This script writes that network as
an nnplay model (biases zero, SGD), asks `nnplay-cli explain --json` for each
sample, and checks every number against the course's formulas written in NumPy:

    delta_L = grad_a C * sigmoid'(z_L)
    delta_l = (delta_{l+1} W_{l+1}^T) * sigmoid'(z_l)      (row convention)
    dC/dW_l = a_{l-1}^T delta_l
    w <- w - eta * dC/dW

and that the full-batch update (eta/m) * sum over samples is the mean of the
per-sample gradients. Usage: check_course_xor.py NNPLAY_CLI WORK_DIR
"""
import json
import os
import subprocess
import sys

import numpy as np

cli, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
Y = np.array([[0], [1], [1], [0]], dtype=np.float64)
rng = np.random.default_rng(1)
# float32-representable start weights (the engine computes in float32)
W1 = (2 * rng.random((3, 4)) - 1).astype(np.float32).astype(np.float64)
W2 = (2 * rng.random((4, 1)) - 1).astype(np.float32).astype(np.float64)
ETA = 0.5

model = {
    "format": "nnplay", "version": 1,
    "data": {"source": "generator", "generator": "xor", "samples": 4, "noise": 0.0, "seed": "1",
             "split_seed": "1", "train_ratio": 0.5, "validation_ratio": 0.0, "classes": 0,
             "features": [], "scaling": "none"},
    "network": {"inputs": 3, "init": "glorot_uniform", "init_scale": 0.5, "bias_init": 0.0,
                "layers": [{"units": 4, "activation": "sigmoid", "batchnorm": False, "dropout": 0.0},
                           {"units": 1, "activation": "sigmoid", "batchnorm": False, "dropout": 0.0}]},
    "training": {"loss": "mse", "batch_size": 4, "l1": 0.0, "l2": 0.0, "seed": "1",
                 "optimizer": {"name": "sgd", "learning_rate": ETA, "momentum": 0.9, "rho": 0.9,
                               "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}},
    "transform": {"raw_inputs": 3, "pixel_scale": 1.0, "features": [],
                  "input_names": ["a", "b", "one"], "output_names": ["0", "1"],
                  "scaling": {"kind": "none", "offset": [0.0, 0.0, 0.0], "factor": [1.0, 1.0, 1.0]},
                  "target_scaling": {"kind": "none", "offset": [], "factor": []}},
    "weights": {"dense_0/kernel": W1.tolist(), "dense_0/bias": [0.0] * 4,
                "dense_1/kernel": W2.tolist(), "dense_1/bias": [0.0]},
    "state": {},
    "history": [],
}
path = os.path.join(work, "course_xor.nnplay.json")
with open(path, "w") as f:
    json.dump(model, f)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def close(name, got, want, rtol=1e-5, atol=1e-6):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
        print(f"FAIL {name}:\n  nnplay {got.tolist()}\n  numpy  {want.tolist()}")
        sys.exit(1)


grads1, grads2 = [], []
for i in range(4):
    x, y = X[i:i + 1], Y[i:i + 1]
    inp = ",".join(f"{n}={int(v)}" for n, v in zip(["a", "b", "one"], x[0]))
    out = subprocess.run([cli, "explain", path, "--input", inp, "--target", str(int(y[0, 0])),
                          "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        print("explain failed:", out.stderr)
        sys.exit(1)
    t = json.loads(out.stdout)
    # The course's forward pass and backpropagation, sample by sample.
    z1 = x @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2
    a2 = sigmoid(z2)
    grad_a = 2 * (a2 - y)                      # C = (y - yhat)^2
    d2 = grad_a * a2 * (1 - a2)                # delta_L = grad_a C * sigma'(z_L)
    d1 = (d2 @ W2.T) * a1 * (1 - a1)           # delta_l = (delta_{l+1} W^T) * sigma'(z_l)
    g2, g1 = a1.T @ d2, x.T @ d1               # dC/dW = a_prev^T delta
    close(f"sample {i} z1", t["forward"][0]["z"], z1)
    close(f"sample {i} a2", t["output"], a2)
    close(f"sample {i} loss", t["loss"]["value"], ((y - a2) ** 2).sum())
    close(f"sample {i} sigma'(z1)", t["forward"][0]["derivative"], a1 * (1 - a1))
    close(f"sample {i} delta2", t["backward"][1]["delta"], d2)
    close(f"sample {i} delta1", t["backward"][0]["delta"], d1)
    close(f"sample {i} dC/dW2", t["grad"]["dense_1/kernel"], g2)
    close(f"sample {i} dC/dW1", t["grad"]["dense_0/kernel"], g1)
    close(f"sample {i} update W1", t["update"]["dense_0/kernel"], W1 - ETA * g1)
    grads1.append(g1)
    grads2.append(g2)

# Full batch: w <- w - (eta/m) sum_x delta_x a_x^T, the mean of the per-sample gradients.
full = np.mean(grads1, axis=0)
print("course XOR: 4 samples, every forward value, delta, gradient and update agree;",
      "full-batch dC/dW1 row 0 =", np.round(full[0], 6).tolist())

# The whole run, as the course trains it: no biases at all (the constant third
# input does their job), and 1000 full-batch updates of 1 x the gradient of
# sum (y - yhat)^2. nnplay's MSE is the mean over the four samples,
# (1/4) sum (y - yhat)^2, so the same step is eta = 4. The data is the XOR gate's
# four corners with the features x1, x2 and the constant "one".
ITERATIONS = 1000
course = json.loads(json.dumps(model))
course["data"].update({"generator": "xor_gate", "samples": 8, "features": ["x1", "x2", "one"]})
for layer in course["network"]["layers"]:
    layer["bias"] = False
course["training"]["optimizer"]["learning_rate"] = 4.0
del course["transform"]
course["weights"] = {"dense_0/kernel": W1.tolist(), "dense_1/kernel": W2.tolist()}
start_path = os.path.join(work, "course_xor_nobias.nnplay.json")
end_path = os.path.join(work, "course_xor_trained.nnplay.json")
with open(start_path, "w") as f:
    json.dump(course, f)
out = subprocess.run([cli, "train", "--resume", start_path, "--epochs", str(ITERATIONS),
                      "--save", end_path, "--json"], capture_output=True, text=True)
if out.returncode != 0:
    print("train --resume failed:", out.stdout, out.stderr)
    sys.exit(1)
with open(end_path) as f:
    trained = json.load(f)
if sorted(trained["weights"]) != ["dense_0/kernel", "dense_1/kernel"]:
    print("FAIL: a network without biases saved", sorted(trained["weights"]))
    sys.exit(1)

w1, w2 = W1.copy(), W2.copy()
losses = []
for _ in range(ITERATIONS + 1):
    a1 = sigmoid(X @ w1)
    a2 = sigmoid(a1 @ w2)
    losses.append(float(np.mean((Y - a2) ** 2)))
    if len(losses) > ITERATIONS:
        break
    d2 = 2 * (a2 - Y) * a2 * (1 - a2)          # gradient of sum (y - yhat)^2, times sigma'
    d1 = (d2 @ w2.T) * a1 * (1 - a1)
    w2 = w2 - 1.0 * (a1.T @ d2)
    w1 = w1 - 1.0 * (X.T @ d1)
close("weights after 1000 iterations: W1", trained["weights"]["dense_0/kernel"], w1,
      rtol=2e-3, atol=2e-4)
close("weights after 1000 iterations: W2", trained["weights"]["dense_1/kernel"], w2,
      rtol=2e-3, atol=2e-4)
last = trained["history"][-1]  # [epoch, train loss, test loss, train accuracy, test accuracy]
if last[0] != ITERATIONS:
    print("FAIL: the history ends at epoch", last[0])
    sys.exit(1)
close("training loss after 1000 iterations", last[1], losses[ITERATIONS], rtol=1e-2)
print(f"course XOR without biases: loss {losses[0]:.4f} at the start, "
      f"{losses[ITERATIONS]:.6f} (NumPy) and {last[1]:.6f} (nnplay) after "
      f"{ITERATIONS} full-batch iterations; weights agree")
