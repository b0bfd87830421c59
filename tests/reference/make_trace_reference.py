#!/usr/bin/python3
"""Generate PyTorch reference data for the nnplay TraceReference* C++ tests.

The engine's trace (engine/include/nnplay/trace.hpp) shows the math of a few
samples: the forward pass layer by layer, the loss per sample, the backward
pass (f', dL/da, delta, dL/dz per layer, the gradient of every array and of
the input) and the update the optimizer would make with its real state. This
script computes the same numbers with PyTorch autograd (float64, retain_grad on
every intermediate) and torch.optim, and writes them to one JSON file:

  "cases": a list of traces, each with
    name, inputs, layers [{units, activation, batchnorm, dropout (optional)}],
    loss, target_kind
    ("values" | "class_index" | "one_hot"), x, target, params {array: value},
    running {batchnorm_i/running_mean|running_var: value} (batch-norm nets),
    optimizer {name, lr, momentum, rho, beta1, beta2, epsilon}, l1, l2,
    step (the step counter t of the proposed update, 1-based),
    state {array: {slot: value}} (the optimizer's state before the step:
    "velocity", "square_avg", "m", "v"), and the expected trace:
    expected {
      logits, output, sample_loss, loss, input_gradient,
      layers: [{z, normalized (batch norm only), a, derivative (not for
                softmax or a fused output), grad_a (not for a fused output),
                delta, delta_z}],
      arrays: {array: {grad, penalty (penalized kernels only), update,
                       state_after {slot: value}, m_hat, v_hat (adam only)}}}

Cases:
  * every activation of the engine's table as a hidden-layer activation
    (3 -> 4 act -> 2 linear, mse, one sample), one with a batch of 3 rows, and
    softmax as an output (fused with ce, and unfused under mse);
  * every loss: ce with softmax (class-index and one-hot targets), bce with
    sigmoid, mse, half_mse, mae, huber (delta 1), over 3 samples;
  * batch norm in inference mode (torch.nn.BatchNorm1d(eps=1e-5).eval(),
    random running statistics, gamma and beta), on a hidden layer and on the
    output layer;
  * the proposed update of every optimizer (torch.optim semantics, random
    nonzero prior state, Adam at step t = 5) without a penalty, with L2 only
    and with L1 only (and one with both).

Conventions (shared with the engine and make_torch_reference.py):
  * Dense kernels use the Keras layout [in, out]; z = x @ kernel + bias. A
    layer with batch norm has no dense bias (beta takes its place).
  * The batch loss is the mean over samples of the per-sample loss; the
    regression losses (and bce) average over the output columns per sample.
  * The penalty is l1 * sum|w| + l2 / 2 * sum w^2 over kernels only (never
    biases or batch-norm arrays), so its gradient is l1 * sign(w) + l2 * w.
    L2 goes to torch.optim as weight_decay on the kernels' parameter group;
    torch.optim has no L1, so l1 * sign(w) is added to the kernels' .grad by
    hand before the step (the "penalty" stored is the autograd gradient of
    the penalty itself, checked against that hand-written term).
  * Binary step uses the straight-through estimator: f' := 1.
  * Every input (x, targets, params, running statistics, optimizer state,
    hyperparameters) is exactly representable in float32; everything is
    computed in float64. Each case has a fixed numpy seed; a seed is skipped
    (the next one tried) when an activation input is within 0.05 of a kink,
    a mae/huber difference within 0.05 of its kink, an L1 kernel weight within
    1e-3 of 0, or when float32 torch disagrees with float64 torch on some
    stored number by more than a fifth of the C++ test's tolerance (the case
    would be ill-conditioned for a float32 engine).
  * Inputs are written at full precision, expected values with 10
    significant digits; matrices as nested lists of rows, vectors as flat lists.

Rerun from the repository root with Debian's python (torch, numpy):

    /usr/bin/python3 tests/reference/make_trace_reference.py tests/reference/trace_reference.json
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_reference import (  # noqa: E402
    ACTIVATIONS, BN_EPS, KINKED, L_, T, activate, f32, init_params, param_names)

torch.set_default_dtype(torch.float64)

# The C++ test's tolerance: |got - want| <= max(REL * |want|, ABS).
REL, ABS = 1e-5, 1e-6
KINK_MARGIN = 0.05
L1_MARGIN = 1e-3

# Hyperparameters, rounded to float32 (the engine's type) so that torch
# computes with exactly the values the engine sees.
OPT_DEFAULTS = {"momentum": 0.9, "rho": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
SLOTS = {"sgd": [], "momentum": ["velocity"], "nesterov": ["velocity"],
         "rmsprop": ["square_avg"], "adam": ["m", "v"]}


def opt_settings(name, lr, **kw):
    s = {"name": name, "lr": lr}
    s.update(OPT_DEFAULTS)
    s.update(kw)
    return {k: (v if k == "name" else float(f32(v))) for k, v in s.items()}


def exact(v):
    """Nested lists of floats at full precision."""
    if isinstance(v, dict):
        return {k: exact(x) for k, x in v.items()}
    return np.asarray(v, dtype=np.float64).tolist()


def fmt(v):
    """Nested lists of floats with 10 significant digits."""
    if isinstance(v, torch.Tensor):
        v = v.detach().cpu().numpy()
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, list):
        return [fmt(x) for x in v]
    if isinstance(v, dict):
        return {k: fmt(x) for k, x in v.items()}
    if isinstance(v, (float, np.floating)):
        return float("%.10g" % v)
    return v


# --------------------------------------------------------------------------
# the oracle
# --------------------------------------------------------------------------

def per_sample_loss(loss, kind, logits, a, target):
    """The per-sample loss (a vector over rows): ce and bce from the logits,
    the regression losses from the output a, averaged over output columns."""
    if loss == "ce":
        if kind == "class_index":
            return F.cross_entropy(logits, target[:, 0].round().long(), reduction="none")
        return F.cross_entropy(logits, target, reduction="none")  # one-hot rows
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(logits, target, reduction="none").mean(dim=1)
    if loss == "mse":
        return F.mse_loss(a, target, reduction="none").mean(dim=1)
    if loss == "half_mse":
        return 0.5 * F.mse_loss(a, target, reduction="none").mean(dim=1)
    if loss == "mae":
        return F.l1_loss(a, target, reduction="none").mean(dim=1)
    if loss == "huber":
        return F.huber_loss(a, target, delta=1.0, reduction="none").mean(dim=1)
    raise ValueError(loss)


FUSED = {"ce": "softmax", "bce": "sigmoid"}


def make_torch_optimizer(o, kernels, others, l2):
    groups = [{"params": kernels, "weight_decay": l2}, {"params": others, "weight_decay": 0.0}]
    name, lr = o["name"], o["lr"]
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=o["momentum"], dampening=0,
                               nesterov=False)
    if name == "nesterov":
        return torch.optim.SGD(groups, lr=lr, momentum=o["momentum"], dampening=0,
                               nesterov=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=o["rho"], eps=o["epsilon"],
                                   momentum=0, centered=False)
    if name == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(o["beta1"], o["beta2"]),
                                eps=o["epsilon"], amsgrad=False)
    raise ValueError(name)


def set_torch_state(opt, p, name, slots, step):
    """Sets torch.optim's state of parameter p to the engine's slots before
    the step whose counter is `step`."""
    dt = torch.get_default_dtype()
    if name == "momentum" or name == "nesterov":
        opt.state[p] = {"momentum_buffer": T(slots["velocity"]).reshape(p.shape).clone()}
    elif name == "rmsprop":
        opt.state[p] = {"step": torch.tensor(float(step - 1), dtype=dt),
                        "square_avg": T(slots["square_avg"]).reshape(p.shape).clone()}
    elif name == "adam":
        opt.state[p] = {"step": torch.tensor(float(step - 1), dtype=dt),
                        "exp_avg": T(slots["m"]).reshape(p.shape).clone(),
                        "exp_avg_sq": T(slots["v"]).reshape(p.shape).clone()}


def get_torch_state(opt, p, name):
    st = opt.state[p]
    if name == "momentum" or name == "nesterov":
        return {"velocity": st["momentum_buffer"]}
    if name == "rmsprop":
        return {"square_avg": st["square_avg"]}
    if name == "adam":
        return {"m": st["exp_avg"], "v": st["exp_avg_sq"]}
    return {}


def trace(c):
    """The expected trace of case c, with the current default dtype. Returns
    (expected, kink distance)."""
    layers, loss, kind = c["layers"], c["loss"], c["target_kind"]
    names = param_names(layers)
    P = {k: T(c["params"][k]).requires_grad_(True) for k in names}
    bns = {}
    for i, layer in enumerate(layers):
        if layer["batchnorm"]:
            # Inference mode: the running statistics are constants.
            bn = torch.nn.BatchNorm1d(layer["units"], eps=BN_EPS).to(torch.get_default_dtype())
            with torch.no_grad():
                bn.running_mean.copy_(T(c["running"]["batchnorm_%d/running_mean" % i]))
                bn.running_var.copy_(T(c["running"]["batchnorm_%d/running_var" % i]))
            bn.weight = torch.nn.Parameter(T(c["params"]["batchnorm_%d/gamma" % i]))
            bn.bias = torch.nn.Parameter(T(c["params"]["batchnorm_%d/beta" % i]))
            P["batchnorm_%d/gamma" % i] = bn.weight
            P["batchnorm_%d/beta" % i] = bn.bias
            bns[i] = bn.eval()
    x = T(c["x"]).requires_grad_(True)
    target = T(c["target"])
    kink = float("inf")
    h = x
    recs = []
    for i, layer in enumerate(layers):
        z = h @ P["dense_%d/kernel" % i]
        if not layer["batchnorm"]:
            z = z + P["dense_%d/bias" % i]
        z.retain_grad()
        rec = {"z": z}
        u = z
        if layer["batchnorm"]:
            u = bns[i](z)
            u.retain_grad()
            rec["normalized"] = u
        a = activate(layer["activation"], u)
        a.retain_grad()
        rec["u"], rec["a"] = u, a
        if layer["activation"] in KINKED:
            kink = min(kink, u.detach().abs().min().item())
        recs.append(rec)
        h = a
    logits, out = recs[-1]["u"], recs[-1]["a"]
    fused = loss in FUSED
    if fused:
        assert layers[-1]["activation"] == FUSED[loss]
    per = per_sample_loss(loss, kind, logits, out, target)
    L = per.mean()
    L.backward()
    if loss in ("mae", "huber"):
        d = (out - target).detach().abs()
        kink = min(kink, (d if loss == "mae" else (d - 1.0).abs()).min().item())

    ex = {"logits": logits, "output": out, "sample_loss": per, "loss": L,
          "input_gradient": x.grad, "layers": [], "arrays": {}}
    last = len(layers) - 1
    for i, (layer, rec) in enumerate(zip(layers, recs)):
        act = layer["activation"]
        fused_out = fused and i == last
        e = {"z": rec["z"]}
        if layer["batchnorm"]:
            e["normalized"] = rec["normalized"]
        e["a"] = rec["a"]
        if act != "softmax" and not fused_out:
            # f' at the activation input, by autograd of the elementwise f.
            ud = rec["u"].detach().clone().requires_grad_(True)
            (der,) = torch.autograd.grad(activate(act, ud).sum(), ud)
            e["derivative"] = der
        if not fused_out:
            e["grad_a"] = rec["a"].grad
        else:
            assert rec["a"].grad is None
        e["delta"] = rec["u"].grad
        e["delta_z"] = rec["z"].grad
        ex["layers"].append(e)

    # The proposed update: a fresh copy of every parameter with .grad = the
    # loss gradient (+ l1 * sign(w) on kernels, added by hand: torch.optim has
    # no L1), L2 as weight_decay on the kernels' group.
    o, l1, l2, step = c["optimizer"], c["l1"], c["l2"], c["step"]
    Q = {}
    for k in names:
        q = T(c["params"][k]).requires_grad_(True)
        g = P[k].grad.detach().clone()
        if k.endswith("/kernel") and l1 != 0.0:
            g = g + l1 * torch.sign(q.detach())
            # |w| is L1's kink: scaled so that |w| < L1_MARGIN counts as too near.
            kink = min(kink, q.detach().abs().min().item() / L1_MARGIN * KINK_MARGIN)
        q.grad = g
        Q[k] = q
    kernels = [Q[k] for k in names if k.endswith("/kernel")]
    others = [Q[k] for k in names if not k.endswith("/kernel")]
    opt = make_torch_optimizer(o, kernels, others, l2)
    for k in names:
        set_torch_state(opt, Q[k], o["name"], c["state"].get(k, {}), step)
    opt.step()
    for k in names:
        arr = {"grad": P[k].grad}
        if k.endswith("/kernel") and (l1 != 0.0 or l2 != 0.0):
            w = T(c["params"][k]).requires_grad_(True)
            pen = l1 * w.abs().sum() + 0.5 * l2 * (w * w).sum()
            (pg,) = torch.autograd.grad(pen, w)
            by_hand = l1 * torch.sign(w.detach()) + l2 * w.detach()
            assert torch.allclose(pg, by_hand, rtol=1e-12, atol=0), k
            arr["penalty"] = pg
        arr["update"] = Q[k]
        st = get_torch_state(opt, Q[k], o["name"])
        if st:
            arr["state_after"] = dict(st)
        if o["name"] == "adam":
            t = float(opt.state[Q[k]]["step"])
            assert t == step
            arr["m_hat"] = st["m"] / (1.0 - o["beta1"] ** t)
            arr["v_hat"] = st["v"] / (1.0 - o["beta2"] ** t)
        ex["arrays"][k] = arr
    return to_numpy(ex), kink


def to_numpy(v):
    if isinstance(v, torch.Tensor):
        a = v.detach().cpu().numpy().astype(np.float64)
        return float(a) if a.ndim == 0 else a
    if isinstance(v, dict):
        return {k: to_numpy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_numpy(x) for x in v]
    return v


def to_numpy_lists(v):
    """JSON's nested lists of numbers as arrays (dicts and lists of dicts kept)."""
    if isinstance(v, dict):
        return {k: to_numpy_lists(x) for k, x in v.items()}
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return [to_numpy_lists(x) for x in v]
    return np.asarray(v, dtype=np.float64)


def leaves(v, path=""):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from leaves(x, path + "/" + k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from leaves(x, path + "[%d]" % i)
    else:
        yield path, np.asarray(v, dtype=np.float64)


def float32_disagreement(c, ex64):
    """The worst ratio of |float32 torch - float64 torch| to the C++ test's
    allowance, over every stored number."""
    torch.set_default_dtype(torch.float32)
    try:
        ex32, _ = trace(c)
    finally:
        torch.set_default_dtype(torch.float64)
    worst, where = 0.0, ""
    for (p, a64), (_, a32) in zip(leaves(ex64), leaves(ex32)):
        allowed = np.maximum(REL * np.abs(a64), ABS)
        r = float(np.max(np.abs(a32 - a64) / allowed))
        if r > worst:
            worst, where = r, p
    return worst, where


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------

def random_state(rng, opt_name, params):
    """Nonzero prior optimizer state per array (positive second moments)."""
    state = {}
    for k, v in params.items():
        shape = np.shape(v)
        slots = {}
        for s in SLOTS[opt_name]:
            if s == "velocity":
                slots[s] = f32(0.1 * rng.normal(size=shape))
            elif s == "square_avg":
                slots[s] = f32(rng.uniform(0.001, 0.05, size=shape))
            elif s == "m":
                slots[s] = f32(0.05 * rng.normal(size=shape))
            elif s == "v":
                slots[s] = f32(rng.uniform(1e-4, 1e-2, size=shape))
        if slots:
            state[k] = slots
    return state


def build_case(seed, name, n_in, layers, loss, kind, rows, opt, l1=0.0, l2=0.0, step=1,
               x_scale=1.0, tries=400):
    """The case from the first seed (seed, seed+1, ...) that is away from every
    kink and well conditioned in float32."""
    l1, l2 = float(f32(l1)), float(f32(l2))
    out_units = layers[-1]["units"]
    for s in range(seed, seed + tries):
        rng = np.random.RandomState(s)
        x = f32(x_scale * rng.normal(size=(rows, n_in)))
        if kind == "class_index":
            target = f32(rng.randint(0, out_units, size=(rows, 1)).astype(np.float64))
        elif kind == "one_hot":
            target = f32(np.eye(out_units)[rng.randint(0, out_units, size=rows)])
        elif loss == "bce":
            target = f32((rng.uniform(size=(rows, out_units)) < 0.5).astype(np.float64))
        else:
            target = f32(rng.normal(size=(rows, out_units)))
        params = init_params(rng, n_in, layers)
        running = {}
        for i, layer in enumerate(layers):
            if layer["batchnorm"]:
                u = layer["units"]
                running["batchnorm_%d/running_mean" % i] = f32(0.5 * rng.normal(size=u))
                running["batchnorm_%d/running_var" % i] = f32(rng.uniform(0.3, 2.0, size=u))
        params = {k: params[k] for k in param_names(layers)}
        c = {"name": name, "seed": s, "inputs": n_in, "layers": layers, "loss": loss,
             "target_kind": kind, "x": x, "target": target, "params": params,
             "optimizer": opt, "l1": l1, "l2": l2, "step": step,
             "state": random_state(rng, opt["name"], params)}
        if running:
            c["running"] = running
        ex, kink = trace(c)
        if kink < KINK_MARGIN:
            continue
        worst, _ = float32_disagreement(c, ex)
        if worst > 0.2:
            continue
        c["expected"] = ex
        return c
    raise RuntimeError("no well-conditioned data away from kinks for %s (seed %d)" % (name, seed))


OPTIMIZERS = [
    opt_settings("sgd", 0.1),
    opt_settings("momentum", 0.05, momentum=0.8),
    opt_settings("nesterov", 0.05, momentum=0.85),
    opt_settings("rmsprop", 0.01, rho=0.95, epsilon=1e-7),
    opt_settings("adam", 0.01, beta1=0.85, beta2=0.99, epsilon=1e-7),
]
ADAM_STEP = 5


def step_for(opt):
    return ADAM_STEP if opt["name"] == "adam" else 3


def dropout(layer, rate):
    """A layer with dropout in its spec: the identity in inference mode, so
    the trace (and torch, which has nothing to do) must ignore it."""
    return dict(layer, dropout=rate)


def make_cases():
    cases = []
    seed = 10000

    def add(*args, **kw):
        nonlocal seed
        kw.setdefault("step", step_for(args[6]))
        cases.append(build_case(seed, *args, **kw))
        seed += 1000

    # every hidden activation, one sample; the optimizers take turns
    hidden = [a for a in ACTIVATIONS if a != "softmax"]
    for j, act in enumerate(hidden):
        add("hidden_" + act, 3, [L_(4, act), L_(2, "linear")], "mse", "values", 1,
            OPTIMIZERS[j % len(OPTIMIZERS)])
    # a batch of 3 rows through several activations
    add("batch3_relu_tanh_sigmoid", 3,
        [L_(4, "relu"), dropout(L_(3, "tanh"), 0.25), L_(2, "sigmoid")],
        "mse", "values", 3, OPTIMIZERS[4])
    # softmax as an output: fused with ce, and unfused (its Jacobian) under mse
    add("output_softmax_ce", 3, [L_(4, "gelu"), L_(3, "softmax")], "ce", "class_index", 1,
        OPTIMIZERS[1])
    add("output_softmax_mse", 3, [L_(4, "swish"), L_(3, "softmax")], "mse", "values", 1,
        OPTIMIZERS[2])

    # every loss, 3 samples
    add("loss_ce_class_index", 3, [L_(4, "tanh"), L_(3, "softmax")], "ce", "class_index", 3,
        OPTIMIZERS[0])
    add("loss_ce_one_hot", 3, [L_(4, "elu"), L_(3, "softmax")], "ce", "one_hot", 3,
        OPTIMIZERS[3])
    add("loss_bce_sigmoid", 3, [L_(4, "tanh"), L_(2, "sigmoid")], "bce", "values", 3,
        OPTIMIZERS[4])
    add("loss_mse", 3, [L_(4, "softplus"), L_(2, "linear")], "mse", "values", 3, OPTIMIZERS[0])
    add("loss_half_mse", 3, [L_(4, "tanh"), L_(2, "tanh")], "half_mse", "values", 3,
        OPTIMIZERS[1])
    add("loss_mae", 3, [L_(4, "sigmoid"), L_(2, "linear")], "mae", "values", 3, OPTIMIZERS[2])
    add("loss_huber", 3, [L_(4, "leaky_relu"), L_(3, "linear")], "huber", "values", 3,
        OPTIMIZERS[3], x_scale=2.0)

    # batch norm in inference mode
    add("batchnorm_hidden", 3, [dropout(L_(5, "elu", True), 0.5), L_(2, "linear")], "mse",
        "values", 3,
        OPTIMIZERS[4])
    add("batchnorm_hidden_single", 3, [L_(4, "tanh", True), L_(3, "relu"), L_(2, "linear")],
        "huber", "values", 1, OPTIMIZERS[1], l2=0.01)
    add("batchnorm_two_hidden_softmax", 3,
        [L_(4, "relu", True), L_(3, "sigmoid", True), L_(3, "softmax")], "ce", "class_index", 2,
        OPTIMIZERS[0], l1=0.01)

    # the proposed update of each optimizer: no penalty, L2 only, L1 only
    for o in OPTIMIZERS:
        for tag, l1, l2 in [("none", 0.0, 0.0), ("l2", 0.0, 0.05), ("l1", 0.02, 0.0)]:
            add("optimizer_%s_%s" % (o["name"], tag), 3, [L_(4, "tanh"), L_(2, "linear")],
                "mse", "values", 2, o, l1=l1, l2=l2)
    add("optimizer_adam_l1_l2_t1", 3, [L_(4, "tanh"), L_(3, "softmax")], "ce", "class_index",
        2, OPTIMIZERS[4], l1=0.02, l2=0.05, step=1)
    return cases


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

def serialize(c):
    out = {k: c[k] for k in ("name", "seed", "inputs", "layers", "loss", "target_kind",
                             "optimizer", "l1", "l2", "step")}
    out = fmt(out)
    out["optimizer"], out["l1"], out["l2"] = c["optimizer"], c["l1"], c["l2"]
    # Inputs at full precision (the float64 values torch used, float32 exactly).
    out["x"], out["target"], out["params"] = exact(c["x"]), exact(c["target"]), exact(c["params"])
    if "running" in c:
        out["running"] = exact(c["running"])
    out["state"] = exact(c["state"])
    out["expected"] = fmt(c["expected"])
    return out


def check_float32_inputs(doc):
    def exact(v):
        a = np.asarray(v, dtype=np.float64)
        return np.array_equal(a, f32(a))
    for c in doc["cases"]:
        assert exact(c["x"]) and exact(c["target"]), c["name"]
        for group in ("params", "running"):
            for k, v in c.get(group, {}).items():
                assert exact(v), (c["name"], k)
        for k, slots in c["state"].items():
            for s, v in slots.items():
                assert exact(v), (c["name"], k, s)
        for k in ("l1", "l2"):
            assert exact(c[k])
        for k, v in c["optimizer"].items():
            assert k == "name" or exact(v)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        sys.stderr.write("\nusage: %s OUTPUT.json\n" % argv[0])
        return 2
    path = argv[1]
    cases = make_cases()
    doc = {"generator": "tests/reference/make_trace_reference.py (torch %s, float64)"
                        % torch.__version__,
           "tolerance": {"relative": REL, "absolute": ABS},
           "cases": [serialize(c) for c in cases]}
    with open(path, "w") as fh:
        fh.write("{\n")
        fh.write('"generator": %s,\n' % json.dumps(doc["generator"]))
        fh.write('"tolerance": %s,\n' % json.dumps(doc["tolerance"]))
        fh.write('"cases": [\n')
        fh.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in doc["cases"]))
        fh.write("\n]\n}\n")

    # self-checks: the file reads back, inputs are float32 exactly, and the
    # stored expectations reproduce from the stored inputs.
    with open(path) as fh:
        doc2 = json.load(fh)
    check_float32_inputs(doc2)
    names = [c["name"] for c in doc2["cases"]]
    assert len(names) == len(set(names))
    covered_acts = {l["activation"] for c in doc2["cases"] for l in c["layers"]}
    assert covered_acts == set(ACTIVATIONS), covered_acts
    assert {c["loss"] for c in doc2["cases"]} == {"ce", "bce", "mse", "half_mse", "mae", "huber"}
    for c in doc2["cases"]:
        again, _ = trace(c)
        stored = to_numpy_lists(c["expected"])
        for (p, a), (q, b) in zip(leaves(again), leaves(stored)):
            assert p == q and np.allclose(a, b, rtol=1e-9, atol=1e-12), (c["name"], p, q)

    print("wrote %s (%d bytes, %d cases)" % (path, os.path.getsize(path), len(doc2["cases"])))
    for c in cases:
        worst, where = float32_disagreement(c, c["expected"])
        print("  %-30s seed %d  loss %.6f  float32 torch / allowance %.3f (%s)"
              % (c["name"], c["seed"], c["expected"]["loss"], worst, where))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
