#!/usr/bin/python3
"""Generate PyTorch reference data for the nnplay TorchReference* C++ tests.

This script uses PyTorch (float64 throughout) as an independent oracle and
writes one JSON file with four sections:

  "activations"  - forward values and gradients of every activation function
                   on a fixed 4x6 input matrix (with a random upstream gradient).
  "losses"       - loss value and gradient w.r.t. the logits for each
                   (loss, output activation, target kind) combination.
  "networks"     - full forward/backward of small fully-connected networks
                   (Dense -> [BatchNorm1d] -> activation per layer): output,
                   mean loss, gradient w.r.t. every parameter and the input,
                   plus batch-norm running statistics after one forward pass.
  "optimizers"   - 50 full-batch training steps with sgd / momentum / nesterov
                   / rmsprop / adam (torch.optim semantics, L2 as weight_decay
                   on kernels only): the loss before each step, and the final
                   parameters (and running statistics for batch-norm nets).

Conventions (shared with the C++ engine):
  * Dense kernels use the Keras layout [in, out]; Z = X @ kernel + bias.
  * Matrices are nested lists (list of rows, row-major); vectors are flat lists.
  * Every input value (x, targets, weights, upstream gradients) is exactly
    representable in float32; all computations are done in float64.
  * Class-index targets are stored as a B x 1 matrix of integer-valued floats.
  * Data is generated with fixed numpy seeds, so the output is deterministic.

Rerun from the repository root with:

    /usr/bin/python3 tests/reference/make_torch_reference.py tests/reference/torch_reference.json

(Use Debian's /usr/bin/python3, which has torch and numpy installed.)
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)

BN_EPS = 1e-5
BN_MOMENTUM = 0.1
LEAKY_SLOPE = 0.01

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu",
               "swish", "softplus", "binary_step", "softmax"]
# activations with a kink (non-differentiable point) at 0
KINKED = {"relu", "leaky_relu", "elu", "binary_step"}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def f32(a):
    """Round to the nearest float32 value, returned as float64 numpy array."""
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


def T(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.get_default_dtype())


def tolist(t):
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu().numpy()
    a = np.asarray(t, dtype=np.float64)
    if a.ndim == 0:
        return float(a)
    return a.tolist()


class _BinaryStepSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        return (z >= 0).to(z.dtype)

    @staticmethod
    def backward(ctx, g):
        return g  # straight-through estimator


def activate(name, z):
    if name == "linear":
        return z
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "leaky_relu":
        return F.leaky_relu(z, negative_slope=LEAKY_SLOPE)
    if name == "elu":
        return F.elu(z, alpha=1.0)
    if name == "gelu":
        return F.gelu(z)  # exact erf form
    if name == "swish":
        return z * torch.sigmoid(z)
    if name == "softplus":
        return F.softplus(z, beta=1.0)
    if name == "binary_step":
        return _BinaryStepSTE.apply(z)
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(name)


def loss_from_logits(loss, act, logits, target, target_kind):
    """Mean loss of act(logits) vs target. bce/ce are computed from logits."""
    if loss == "ce":
        assert act == "softmax"
        if target_kind == "class_index":
            return F.cross_entropy(logits, target[:, 0].round().long())
        return F.cross_entropy(logits, target)  # probability targets
    if loss == "bce":
        assert act == "sigmoid"
        return F.binary_cross_entropy_with_logits(logits, target)
    a = activate(act, logits)
    if loss == "mse":
        return F.mse_loss(a, target)
    if loss == "half_mse":
        return 0.5 * F.mse_loss(a, target)
    if loss == "mae":
        return F.l1_loss(a, target)
    if loss == "huber":
        return F.huber_loss(a, target, delta=1.0)
    raise ValueError(loss)


def away_from_zero(rng, shape, lo=0.1, hi=3.0):
    mag = rng.uniform(lo, hi, size=shape)
    sign = np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)
    return f32(sign * mag)


# --------------------------------------------------------------------------
# 1. activations
# --------------------------------------------------------------------------

def make_activations():
    rng = np.random.RandomState(1001)
    z = away_from_zero(rng, (4, 6), 0.05 + 1e-3, 3.0)
    assert np.all(np.abs(z) > 0.05)
    up = f32(rng.uniform(-1.0, 1.0, size=(4, 6)))
    out = []
    for name in ACTIVATIONS:
        zt = T(z).requires_grad_(True)
        y = activate(name, zt)
        (y * T(up)).sum().backward()
        grad = zt.grad.clone()
        if name == "binary_step":
            assert torch.equal(grad, T(up))
        out.append({"name": name, "z": tolist(z), "upstream": tolist(up),
                    "output": tolist(y), "grad": tolist(grad)})
    return out


# --------------------------------------------------------------------------
# 2. losses
# --------------------------------------------------------------------------

def make_losses():
    rng = np.random.RandomState(2002)
    B = 5
    cases = []

    def add(case, loss, act, logits, target, kind):
        lt = T(logits).requires_grad_(True)
        value = loss_from_logits(loss, act, lt, T(target), kind)
        value.backward()
        cases.append({"name": loss, "case": case, "output_activation": act,
                      "logits": tolist(logits), "target": tolist(target),
                      "target_kind": kind, "loss": float(value),
                      "grad_logits": tolist(lt.grad)})

    C = 3
    # mse / linear, tanh, sigmoid ; half_mse / tanh
    for case, loss, act, tlo, thi in [("mse_linear", "mse", "linear", -2, 2),
                                      ("mse_tanh", "mse", "tanh", -1, 1),
                                      ("mse_sigmoid", "mse", "sigmoid", 0, 1),
                                      ("half_mse_tanh", "half_mse", "tanh", -1, 1)]:
        logits = f32(rng.uniform(-2.5, 2.5, size=(B, C)))
        target = f32(rng.uniform(tlo, thi, size=(B, C)))
        add(case, loss, act, logits, target, "values")

    # mae / linear with |a - t| > 0.05
    logits = f32(rng.uniform(-2, 2, size=(B, C)))
    target = f32(logits + away_from_zero(rng, (B, C), 0.1, 1.5))
    assert np.all(np.abs(logits - target) > 0.05)
    add("mae_linear", "mae", "linear", logits, target, "values")

    # huber / linear with |diff| both < 1 and > 1 (and away from 1)
    logits = f32(rng.uniform(-2, 2, size=(B, C)))
    mags = np.where(rng.uniform(size=(B, C)) < 0.5,
                    rng.uniform(0.1, 0.85, size=(B, C)),
                    rng.uniform(1.15, 2.5, size=(B, C)))
    mags[0, 0], mags[0, 1] = 0.5, 2.0  # guarantee both regimes
    sign = np.where(rng.uniform(size=(B, C)) < 0.5, -1.0, 1.0)
    target = f32(logits + sign * mags)
    d = np.abs(logits - target)
    assert np.any(d < 1) and np.any(d > 1) and np.all(np.abs(d - 1) > 0.05)
    add("huber_linear", "huber", "linear", logits, target, "values")

    # bce / sigmoid, C=1 and multi-label C=3
    for case, c in [("bce_sigmoid_c1", 1), ("bce_sigmoid_c3", 3)]:
        logits = f32(rng.uniform(-3, 3, size=(B, c)))
        target = f32((rng.uniform(size=(B, c)) < 0.5).astype(np.float64))
        target[0, 0], target[1, 0] = 0.0, 1.0  # both labels present
        add(case, "bce", "sigmoid", logits, target, "values")

    # ce / softmax, one_hot and class_index, C=4
    C4 = 4
    logits = f32(rng.uniform(-3, 3, size=(B, C4)))
    idx = rng.randint(0, C4, size=B)
    onehot = f32(np.eye(C4)[idx])
    add("ce_softmax_one_hot", "ce", "softmax", logits, onehot, "one_hot")
    logits = f32(rng.uniform(-3, 3, size=(B, C4)))
    idx = rng.randint(0, C4, size=B)
    add("ce_softmax_class_index", "ce", "softmax", logits,
        f32(idx.reshape(B, 1).astype(np.float64)), "class_index")
    return cases


# --------------------------------------------------------------------------
# networks
# --------------------------------------------------------------------------

def has_bias(layer):
    """A dense bias, unless batch norm's beta replaces it or the layer has none."""
    return not layer["batchnorm"] and layer.get("bias", True)


def param_names(layers):
    names = []
    for i, layer in enumerate(layers):
        # A layer with batch norm has no dense bias: beta takes its place, and
        # the bias's gradient is exactly zero (batch norm subtracts the mean).
        names += ["dense_%d/kernel" % i]
        if has_bias(layer):
            names += ["dense_%d/bias" % i]
        if layer["batchnorm"]:
            names += ["batchnorm_%d/gamma" % i, "batchnorm_%d/beta" % i]
    return names


def running_names(layers):
    names = []
    for i, layer in enumerate(layers):
        if layer["batchnorm"]:
            names += ["batchnorm_%d/running_mean" % i, "batchnorm_%d/running_var" % i]
    return names


def init_params(rng, n_in, layers, glorot=True, uniform=None, bias_const=None):
    p = {}
    fan_in = n_in
    for i, layer in enumerate(layers):
        u = layer["units"]
        if uniform is not None:
            k = rng.uniform(-uniform, uniform, size=(fan_in, u))
        else:
            k = rng.normal(size=(fan_in, u)) * math.sqrt(2.0 / (fan_in + u))
        b = np.full(u, bias_const) if bias_const is not None else 0.1 * rng.normal(size=u)
        p["dense_%d/kernel" % i] = f32(k)
        if has_bias(layer):
            p["dense_%d/bias" % i] = f32(b)
        if layer["batchnorm"]:
            p["batchnorm_%d/gamma" % i] = f32(1.0 + 0.1 * rng.normal(size=u))
            p["batchnorm_%d/beta" % i] = f32(0.1 * rng.normal(size=u))
        fan_in = u
    return p


def init_running(layers):
    r = {}
    for i, layer in enumerate(layers):
        if layer["batchnorm"]:
            r["batchnorm_%d/running_mean" % i] = np.zeros(layer["units"])
            r["batchnorm_%d/running_var" % i] = np.ones(layer["units"])
    return r


def forward(params, layers, x, running=None, trace=None):
    """Training-mode forward pass. Returns the output-layer logits (the
    pre-activation of the last layer, after batch norm if any) and the output.
    `running` (dict of tensors) is updated in place like torch BatchNorm1d.
    `trace` (list) collects pre-activations of kinked activations."""
    h = x
    logits = None
    for i, layer in enumerate(layers):
        z = h @ params["dense_%d/kernel" % i]
        if has_bias(layer):
            z = z + params["dense_%d/bias" % i]
        if layer["batchnorm"]:
            mean = z.mean(dim=0)
            var_b = z.var(dim=0, unbiased=False)
            zhat = (z - mean) / torch.sqrt(var_b + BN_EPS)
            z = params["batchnorm_%d/gamma" % i] * zhat + params["batchnorm_%d/beta" % i]
            if running is not None:
                with torch.no_grad():
                    n = x.shape[0]
                    var_u = var_b * n / (n - 1)
                    rm, rv = "batchnorm_%d/running_mean" % i, "batchnorm_%d/running_var" % i
                    running[rm] = (1 - BN_MOMENTUM) * running[rm] + BN_MOMENTUM * mean.detach()
                    running[rv] = (1 - BN_MOMENTUM) * running[rv] + BN_MOMENTUM * var_u.detach()
        if trace is not None and layer["activation"] in KINKED:
            trace.append(z.detach().abs().min().item())
        logits = z
        h = activate(layer["activation"], z)
    return logits, h


def kink_distance(loss, act, logits, target, kind):
    """Distance of the loss' own kink (mae at 0, huber at |d|=1)."""
    if loss not in ("mae", "huber"):
        return float("inf")
    d = (activate(act, logits) - target).detach().abs()
    return (d.min() if loss == "mae" else (d - 1.0).abs().min()).item()


def net_case(name, n_in, layers, loss, kind, x, target, params):
    P = {k: T(v).requires_grad_(True) for k, v in params.items()}
    xt = T(x).requires_grad_(True)
    running = {k: T(v) for k, v in init_running(layers).items()}
    trace = []
    logits, out = forward(P, layers, xt, running, trace)
    act = layers[-1]["activation"]
    L = loss_from_logits(loss, act, logits, T(target), kind)
    L.backward()
    trace.append(kink_distance(loss, act, logits, T(target), kind))
    case = {"name": name, "inputs": n_in, "layers": layers, "loss": loss,
            "target_kind": kind, "x": tolist(x), "target": tolist(target),
            "params": {k: tolist(params[k]) for k in param_names(layers)},
            "output": tolist(out), "loss_value": float(L),
            "grads": {k: tolist(P[k].grad) for k in param_names(layers)},
            "grad_input": tolist(xt.grad)}
    if running:
        case["running_after"] = {k: tolist(running[k]) for k in running_names(layers)}
    return case, min(trace)


def L_(units, act, bn=False, bias=True):
    layer = {"units": units, "activation": act, "batchnorm": bn}
    if not bias:
        layer["bias"] = False
    return layer


# The course's XOR network (COURSE.md c17): the four corners with a constant
# third input, 4 sigmoid units and a sigmoid output, no biases.
COURSE_X = f32(np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64))
COURSE_T = f32(np.array([[0], [1], [1], [0]], dtype=np.float64))
COURSE_LAYERS = [L_(4, "sigmoid", bias=False), L_(1, "sigmoid", bias=False)]


def with_retries(seed, build, min_kink=1e-2, tries=200):
    """Call build(rng) with seeds seed, seed+1, ... until every kinked
    pre-activation (and loss kink) is at least min_kink away from the kink."""
    for t in range(tries):
        result, dist = build(np.random.RandomState(seed + t))
        if dist >= min_kink:
            return result
    raise RuntimeError("could not find data away from kinks (seed %d)" % seed)


def make_networks():
    nets = []

    # playground: 2 -> 8 tanh -> 8 tanh -> 1 tanh, half_mse, B=10
    def playground(rng):
        layers = [L_(8, "tanh"), L_(8, "tanh"), L_(1, "tanh")]
        x = f32(rng.uniform(-1, 1, size=(10, 2)))
        t = f32(np.where(x[:, :1] * x[:, 1:] >= 0, 1.0, -1.0))
        p = init_params(rng, 2, layers, uniform=0.5, bias_const=0.1)
        return net_case("playground", 2, layers, "half_mse", "values", x, t, p)
    nets.append(with_retries(3001, playground))

    def relu_gelu_softmax(rng):
        layers = [L_(7, "relu"), L_(5, "gelu"), L_(3, "softmax")]
        x = f32(rng.normal(size=(8, 4)))
        t = f32(rng.randint(0, 3, size=(8, 1)).astype(np.float64))
        p = init_params(rng, 4, layers)
        return net_case("relu_gelu_softmax", 4, layers, "ce", "class_index", x, t, p)
    nets.append(with_retries(3101, relu_gelu_softmax))

    def batchnorm(rng):
        layers = [L_(6, "elu", True), L_(4, "swish", True), L_(2, "linear")]
        x = f32(rng.normal(size=(9, 3)))
        t = f32(rng.normal(size=(9, 2)))
        p = init_params(rng, 3, layers)
        return net_case("batchnorm", 3, layers, "mse", "values", x, t, p)
    nets.append(with_retries(3201, batchnorm))

    def sigmoid_bce(rng):
        layers = [L_(5, "softplus"), L_(4, "leaky_relu"), L_(1, "sigmoid")]
        x = f32(rng.normal(size=(7, 3)))
        t = f32((rng.uniform(size=(7, 1)) < 0.5).astype(np.float64))
        t[0, 0], t[1, 0] = 0.0, 1.0
        p = init_params(rng, 3, layers)
        return net_case("sigmoid_bce", 3, layers, "bce", "values", x, t, p)
    nets.append(with_retries(3301, sigmoid_bce))

    def huber_sigmoid_hidden(rng):
        layers = [L_(6, "sigmoid"), L_(3, "linear")]
        x = f32(rng.normal(size=(6, 2)))
        t = f32(rng.normal(scale=1.5, size=(6, 3)))
        p = init_params(rng, 2, layers)
        return net_case("huber_sigmoid_hidden", 2, layers, "huber", "values", x, t, p)
    nets.append(with_retries(3401, huber_sigmoid_hidden))

    def course_xor_no_bias(rng):
        p = init_params(rng, 3, COURSE_LAYERS, uniform=1.0)
        return net_case("course_xor_no_bias", 3, COURSE_LAYERS, "mse", "values", COURSE_X,
                        COURSE_T, p)
    nets.append(with_retries(3501, course_xor_no_bias))
    return nets


# --------------------------------------------------------------------------
# 4. optimizers
# --------------------------------------------------------------------------

def make_optimizer(kind, groups, lr):
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9, dampening=0, nesterov=False)
    if kind == "nesterov":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9, dampening=0, nesterov=True)
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=0.9, eps=1e-8, momentum=0,
                                   centered=False)
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    raise ValueError(kind)


STEPS = 50


def train_case(name, opt_kind, lr, l2, n_in, layers, loss, kind, x, target, params):
    names = param_names(layers)
    P = {k: T(params[k]).requires_grad_(True) for k in names}
    kernels = [P[k] for k in names if k.endswith("/kernel")]
    others = [P[k] for k in names if not k.endswith("/kernel")]
    opt = make_optimizer(opt_kind, [{"params": kernels, "weight_decay": l2},
                                    {"params": others, "weight_decay": 0.0}], lr)
    running = {k: T(v) for k, v in init_running(layers).items()}
    xt, tt = T(x), T(target)
    act = layers[-1]["activation"]
    losses, trace = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        logits, _ = forward(P, layers, xt, running, trace)
        L = loss_from_logits(loss, act, logits, tt, kind)
        trace.append(kink_distance(loss, act, logits, tt, kind))
        losses.append(float(L))
        L.backward()
        opt.step()
    case = {"name": name, "optimizer": opt_kind, "lr": lr, "l2": l2, "steps": STEPS,
            "inputs": n_in, "layers": layers, "loss": loss, "target_kind": kind,
            "x": tolist(x), "target": tolist(target),
            "initial_params": {k: tolist(params[k]) for k in names},
            "losses": losses,
            "final_params": {k: tolist(P[k]) for k in names}}
    if running:
        case["final_running"] = {k: tolist(running[k]) for k in running_names(layers)}
    return case, (min(trace) if trace else float("inf"))


def make_optimizers():
    cases = []
    layers = [L_(6, "tanh"), L_(4, "sigmoid"), L_(3, "softmax")]
    rng = np.random.RandomState(4001)
    x = f32(rng.normal(size=(16, 3)))
    w = rng.normal(size=(3, 3))
    t = f32(np.argmax(x @ w + 0.3 * rng.normal(size=(16, 3)), axis=1)
            .reshape(16, 1).astype(np.float64))
    p = init_params(rng, 3, layers)
    for opt_kind, lr in [("sgd", 0.1), ("momentum", 0.05), ("nesterov", 0.05),
                         ("rmsprop", 0.003), ("adam", 0.01)]:
        case, _ = train_case(opt_kind, opt_kind, lr, 0.001, 3, layers, "ce",
                             "class_index", x, t, p)
        cases.append(case)

    def adam_bn(rng):
        layers = [L_(6, "tanh", True), L_(4, "relu", True), L_(1, "linear")]
        x = f32(rng.normal(size=(12, 3)))
        t = f32(np.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3])
        p = init_params(rng, 3, layers)
        return train_case("adam_batchnorm", "adam", 0.01, 0.001, 3, layers, "mse",
                          "values", x, t, p)
    cases.append(with_retries(4101, adam_bn, min_kink=1e-3))

    def course_sgd(rng):
        # eta = 4 on the mean squared error: the course's step of 1 x the
        # gradient of sum (y - yhat)^2 over the four samples.
        p = init_params(rng, 3, COURSE_LAYERS, uniform=1.0)
        return train_case("sgd_course_xor_no_bias", "sgd", 4.0, 0.0, 3, COURSE_LAYERS, "mse",
                          "values", COURSE_X, COURSE_T, p)
    cases.append(with_retries(4201, course_sgd))
    return cases


# --------------------------------------------------------------------------
# self-checks
# --------------------------------------------------------------------------

def shape(a):
    a = np.asarray(a)
    return list(a.shape)


def check_net_with_torch_modules(case):
    """Cross-check the hand-written forward against nn.Linear/nn.BatchNorm1d."""
    layers = case["layers"]
    mods = []
    fan_in = case["inputs"]
    for i, layer in enumerate(layers):
        lin = torch.nn.Linear(fan_in, layer["units"], bias=has_bias(layer)).double()
        with torch.no_grad():
            lin.weight.copy_(T(case["params"]["dense_%d/kernel" % i]).t())
            if has_bias(layer):
                lin.bias.copy_(T(case["params"]["dense_%d/bias" % i]))
        mods.append(lin)
        if layer["batchnorm"]:
            bn = torch.nn.BatchNorm1d(layer["units"], eps=BN_EPS, momentum=BN_MOMENTUM).double()
            with torch.no_grad():
                bn.weight.copy_(T(case["params"]["batchnorm_%d/gamma" % i]))
                bn.bias.copy_(T(case["params"]["batchnorm_%d/beta" % i]))
            bn.train()
            mods.append(bn)
        fan_in = layer["units"]
    h = T(case["x"])
    mi = 0
    for i, layer in enumerate(layers):
        h = mods[mi](h); mi += 1
        if layer["batchnorm"]:
            bn = mods[mi]; h = bn(h); mi += 1
            assert np.allclose(bn.running_mean.numpy(),
                               case["running_after"]["batchnorm_%d/running_mean" % i], atol=1e-14)
            assert np.allclose(bn.running_var.numpy(),
                               case["running_after"]["batchnorm_%d/running_var" % i], atol=1e-14)
        h = activate(layer["activation"], h)
    assert np.allclose(h.detach().numpy(), case["output"], atol=1e-12), case["name"]


def gradcheck_playground(case):
    layers = case["layers"]
    names = param_names(layers)
    tensors = [T(case["params"][k]).requires_grad_(True) for k in names]
    xt = T(case["x"]).requires_grad_(True)
    tt = T(case["target"])

    def f(x, *ps):
        P = dict(zip(names, ps))
        logits, _ = forward(P, layers, x)
        return loss_from_logits(case["loss"], layers[-1]["activation"], logits, tt,
                                case["target_kind"])
    assert torch.autograd.gradcheck(f, (xt, *tensors), eps=1e-6, atol=1e-7, rtol=1e-5)

    # independent central finite differences against the stored gradients
    h = 1e-6
    for k, ten in zip(names + ["__x"], tensors + [xt]):
        stored = np.asarray(case["grad_input"] if k == "__x" else case["grads"][k])
        base = ten.detach().clone()
        flat = base.reshape(-1)
        for j in range(flat.numel()):
            vals = []
            for s in (+h, -h):
                pert = flat.clone(); pert[j] += s
                args = [t.detach() for t in tensors]
                xx = xt.detach()
                if k == "__x":
                    xx = pert.reshape(base.shape)
                else:
                    args[names.index(k)] = pert.reshape(base.shape)
                vals.append(f(xx, *args).item())
            fd = (vals[0] - vals[1]) / (2 * h)
            assert abs(fd - stored.reshape(-1)[j]) < 1e-7, (k, j, fd)


def validate(doc):
    acts = doc["activations"]
    assert [a["name"] for a in acts] == ACTIVATIONS
    for a in acts:
        for key in ("z", "upstream", "output", "grad"):
            assert shape(a[key]) == [4, 6], (a["name"], key)
        assert np.all(np.abs(np.asarray(a["z"])) > 0.05)

    for c in doc["losses"]:
        B, C = shape(c["logits"])
        assert B == 5
        assert shape(c["grad_logits"]) == [B, C]
        if c["target_kind"] == "class_index":
            assert shape(c["target"]) == [B, 1]
            tv = np.asarray(c["target"])
            assert np.all(tv == np.round(tv)) and np.all((tv >= 0) & (tv < C))
        else:
            assert shape(c["target"]) == [B, C]
        assert isinstance(c["loss"], float)

    def check_params(params, n_in, layers):
        assert list(params) == param_names(layers)
        fan_in = n_in
        for i, layer in enumerate(layers):
            u = layer["units"]
            assert shape(params["dense_%d/kernel" % i]) == [fan_in, u]
            if has_bias(layer):
                assert shape(params["dense_%d/bias" % i]) == [u]
            if layer["batchnorm"]:
                assert shape(params["batchnorm_%d/gamma" % i]) == [u]
                assert shape(params["batchnorm_%d/beta" % i]) == [u]
            fan_in = u

    def check_running(r, layers):
        assert list(r) == running_names(layers)
        for i, layer in enumerate(layers):
            if layer["batchnorm"]:
                assert shape(r["batchnorm_%d/running_mean" % i]) == [layer["units"]]
                assert shape(r["batchnorm_%d/running_var" % i]) == [layer["units"]]

    def check_xt(c):
        B = shape(c["x"])[0]
        assert shape(c["x"]) == [B, c["inputs"]]
        out_units = c["layers"][-1]["units"]
        tcols = 1 if c["target_kind"] == "class_index" else out_units
        assert shape(c["target"]) == [B, tcols]
        return B, out_units

    expected_b = {"playground": 10, "relu_gelu_softmax": 8, "batchnorm": 9,
                  "sigmoid_bce": 7, "huber_sigmoid_hidden": 6, "course_xor_no_bias": 4}
    assert [n["name"] for n in doc["networks"]] == list(expected_b)
    for n in doc["networks"]:
        B, out_units = check_xt(n)
        assert B == expected_b[n["name"]]
        check_params(n["params"], n["inputs"], n["layers"])
        assert list(n["grads"]) == list(n["params"])
        for k in n["params"]:
            assert shape(n["grads"][k]) == shape(n["params"][k])
        assert shape(n["output"]) == [B, out_units]
        assert shape(n["grad_input"]) == shape(n["x"])
        if any(l["batchnorm"] for l in n["layers"]):
            check_running(n["running_after"], n["layers"])
        else:
            assert "running_after" not in n

    for o in doc["optimizers"]:
        check_xt(o)
        assert o["steps"] == STEPS and len(o["losses"]) == STEPS
        check_params(o["initial_params"], o["inputs"], o["layers"])
        check_params(o["final_params"], o["inputs"], o["layers"])
        if any(l["batchnorm"] for l in o["layers"]):
            check_running(o["final_running"], o["layers"])
    assert [o["name"] for o in doc["optimizers"]] == \
        ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adam_batchnorm",
         "sgd_course_xor_no_bias"]

    # every input value must be exactly representable in float32
    def all_f32(v):
        a = np.asarray(v, dtype=np.float64)
        return np.array_equal(a, f32(a))
    for a in acts:
        assert all_f32(a["z"]) and all_f32(a["upstream"])
    for c in doc["losses"]:
        assert all_f32(c["logits"]) and all_f32(c["target"])
    for n in doc["networks"]:
        assert all_f32(n["x"]) and all_f32(n["target"])
        assert all(all_f32(v) for v in n["params"].values())
    for o in doc["optimizers"]:
        assert all_f32(o["x"]) and all_f32(o["target"])
        assert all(all_f32(v) for v in o["initial_params"].values())


def check_float32_conditioning(case):
    """A float32 engine can only be held to 1e-4 after 50 steps if the case is
    well-conditioned: rerun it in float32 torch and require agreement with the
    float64 result to 1e-5 (relative to the parameter scale)."""
    torch.set_default_dtype(torch.float32)
    try:
        init = {k: np.asarray(v) for k, v in case["initial_params"].items()}
        again, _ = train_case(case["name"], case["optimizer"], case["lr"], case["l2"],
                              case["inputs"], case["layers"], case["loss"],
                              case["target_kind"], np.asarray(case["x"]),
                              np.asarray(case["target"]), init)
    finally:
        torch.set_default_dtype(torch.float64)
    for k, v in case["final_params"].items():
        ref = np.asarray(v)
        err = np.abs(np.asarray(again["final_params"][k]) - ref).max()
        scale = max(1.0, np.abs(ref).max())
        assert err <= 1e-5 * scale, "%s: %s differs by %g in float32; the case is " \
            "ill-conditioned" % (case["name"], k, err)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        sys.stderr.write("\nusage: %s OUTPUT.json\n" % argv[0])
        return 2
    path = argv[1]
    doc = {
        "generator": "tests/reference/make_torch_reference.py (torch %s, float64)"
                     % torch.__version__,
        "activations": make_activations(),
        "losses": make_losses(),
        "networks": make_networks(),
        "optimizers": make_optimizers(),
    }
    text = json.dumps(doc, indent=1)
    with open(path, "w") as fh:
        fh.write(text)
        fh.write("\n")

    # self-checks: reload, validate shapes, cross-check batch norm, gradcheck
    with open(path) as fh:
        doc2 = json.load(fh)
    validate(doc2)
    for n in doc2["networks"]:
        check_net_with_torch_modules(n)
    gradcheck_playground(doc2["networks"][0])
    for o in doc2["optimizers"]:
        check_float32_conditioning(o)

    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    print("  activations: %d" % len(doc2["activations"]))
    print("  losses:      %s" % ", ".join(c["case"] for c in doc2["losses"]))
    for n in doc2["networks"]:
        print("  network %-22s loss=%.6f" % (n["name"], n["loss_value"]))
    for o in doc2["optimizers"]:
        print("  optimizer %-16s loss %.6f -> %.6f" % (o["name"], o["losses"][0],
                                                      o["losses"][-1]))
    print("self-checks passed (shapes, float32 inputs, BatchNorm1d cross-check, "
          "playground gradcheck + finite differences, float32 conditioning of the "
          "optimizer cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
