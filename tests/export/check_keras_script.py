#!/usr/bin/python3
"""The Keras script `nnplay-cli export --format keras` writes, checked without Keras.

Usage: check_keras_script.py NNPLAY_CLI WORK_DIR

TensorFlow (and so a Keras backend) is not packaged by Debian, so the script
cannot run here. Instead, for each of the documents below (`nnplay-cli train
--epochs 3 --save`, then `export --format keras`), the script is parsed with
Python's ast and:

1. every call it makes through keras (keras.*, `from keras import layers`, ...)
   must name a Keras 3 API in KERAS_API below and use only keywords that API
   takes (and no more positional arguments than it has); every method it calls
   on the model or a layer (compile, fit, predict, get_layer, set_weights, ...)
   likewise (MODEL_METHODS); activation, loss and metric strings must be names
   Keras resolves; every attribute read through keras must be a known name;
   it imports nothing but the standard library, NumPy and keras;
2. the structure equals the document's (the .nnplay.json): per layer the Dense
   units, the activation (Keras's spelling of nnplay's, with leaky ReLU's slope
   0.01, exact GELU, the binary step's straight-through helper), batch norm
   (Dense without bias, BatchNormalization(momentum=0.9, epsilon=1e-5) before the
   activation), the dropout rate, the kernel and bias initializers, the kernel
   regularizer (L1 = l1, L2 = l2/2: nnplay's penalty is l2/2·Σw²); the optimizer
   class and its learning_rate / momentum / nesterov / rho / beta_1 / beta_2 /
   epsilon (Keras's defaults where a keyword is left out); the loss (half_mse
   as a helper of 0.5 · mean square); batch_size and epochs as fit() gets them;
   the input width, the feature map (FEATURES), the scaling (SCALING);
   keras.utils.set_random_seed;
3. what Keras cannot do exactly is said in the script (a # comment or the
   module docstring): the binary step's straight-through gradient, the
   truncated normal of GlorotNormal/HeNormal, the epsilon placement of Adam and
   RMSprop, the L2 convention.

The documents together cover every activation (hidden and output), loss,
optimizer, initializer and scaling, L1, L2, dropout, batch norm and every
feature of the feature map; the test checks that coverage itself. A
self-check mutates a generated script (a misspelled keyword, an unknown API, a
changed unit count, a changed dropout rate, a missing note, a wrong leaky
slope) and requires each mutation to be rejected.

Exit status: 0 pass, 1 fail (every problem listed, per document).
"""
import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.normpath(os.path.join(HERE, "..", "..", "resources", "datasets"))
FASHION = "/usr/share/datasets/fashion-mnist"

# ----------------------------------------------------------------------------- the Keras 3 API
#
# Taken from the Keras sources, keras-team/keras tags v3.0.0 (keras/...) and
# v3.15.1 (keras/src/...): for each name exported with @keras_export, the
# parameters of the class's __init__ or of the function, in order. Only the
# keywords both versions accept are listed (lora_rank, loss_scale_factor,
# gradient_accumulation_steps, input_axes, Input(optional=...), losses' dtype
# and the like came later), so a script that passes the check runs on any
# Keras 3. Layers also take the keyword-only arguments of keras.layers.Layer.
KERAS_VERSIONS = "Keras 3.0.0 and 3.15.1"
LAYER_KWARGS = ("activity_regularizer", "trainable", "dtype", "autocast", "name")
OPTIMIZER_COMMON = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema",
                    "ema_momentum", "ema_overwrite_frequency", "name")
INPUT = ("shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor")
KERAS_API = {
    # name: (parameters in order, which can also be given by position; keyword-only extras)
    "keras.Sequential": (("layers", "trainable", "name"), ()),
    "keras.models.Sequential": (("layers", "trainable", "name"), ()),
    "keras.Model": (("inputs", "outputs", "name"), ("trainable",)),  # the functional form
    "keras.models.Model": (("inputs", "outputs", "name"), ("trainable",)),
    "keras.Input": (INPUT, ()),
    "keras.layers.Input": (INPUT, ()),
    "keras.layers.Dense": (("units", "activation", "use_bias", "kernel_initializer",
                            "bias_initializer", "kernel_regularizer", "bias_regularizer",
                            "activity_regularizer", "kernel_constraint", "bias_constraint"),
                           LAYER_KWARGS),
    "keras.layers.BatchNormalization": (("axis", "momentum", "epsilon", "center", "scale",
                                         "beta_initializer", "gamma_initializer",
                                         "moving_mean_initializer", "moving_variance_initializer",
                                         "beta_regularizer", "gamma_regularizer", "beta_constraint",
                                         "gamma_constraint", "synchronized"), LAYER_KWARGS),
    "keras.layers.Activation": (("activation",), LAYER_KWARGS),
    "keras.layers.Dropout": (("rate", "noise_shape", "seed"), LAYER_KWARGS),
    "keras.layers.LeakyReLU": (("negative_slope",), LAYER_KWARGS),  # default 0.3
    "keras.layers.ELU": (("alpha",), LAYER_KWARGS),
    "keras.layers.ReLU": (("max_value", "negative_slope", "threshold"), LAYER_KWARGS),
    "keras.layers.Softmax": (("axis",), LAYER_KWARGS),
    "keras.layers.Lambda": (("function", "output_shape", "mask", "arguments"), LAYER_KWARGS),
    "keras.optimizers.SGD": (("learning_rate", "momentum", "nesterov", *OPTIMIZER_COMMON), ()),
    "keras.optimizers.RMSprop": (("learning_rate", "rho", "momentum", "epsilon", "centered",
                                  *OPTIMIZER_COMMON), ()),
    "keras.optimizers.Adam": (("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad",
                               *OPTIMIZER_COMMON), ()),
    "keras.regularizers.L1L2": (("l1", "l2"), ()),
    "keras.regularizers.l1_l2": (("l1", "l2"), ()),
    "keras.regularizers.L1": (("l1",), ()),
    "keras.regularizers.l1": (("l1",), ()),
    "keras.regularizers.L2": (("l2",), ()),
    "keras.regularizers.l2": (("l2",), ()),
    "keras.initializers.RandomUniform": (("minval", "maxval", "seed"), ()),
    "keras.initializers.RandomNormal": (("mean", "stddev", "seed"), ()),
    "keras.initializers.TruncatedNormal": (("mean", "stddev", "seed"), ()),
    "keras.initializers.GlorotUniform": (("seed",), ()),
    "keras.initializers.GlorotNormal": (("seed",), ()),
    "keras.initializers.HeUniform": (("seed",), ()),
    "keras.initializers.HeNormal": (("seed",), ()),
    "keras.initializers.VarianceScaling": (("scale", "mode", "distribution", "seed"), ()),
    "keras.initializers.Zeros": ((), ()),
    "keras.initializers.Constant": (("value",), ()),
    "keras.losses.MeanSquaredError": (("reduction", "name"), ()),
    "keras.losses.MeanAbsoluteError": (("reduction", "name"), ()),
    "keras.losses.Huber": (("delta", "reduction", "name"), ()),
    "keras.losses.BinaryCrossentropy": (("from_logits", "label_smoothing", "axis", "reduction",
                                         "name"), ()),
    "keras.losses.CategoricalCrossentropy": (("from_logits", "label_smoothing", "axis",
                                              "reduction", "name"), ()),
    "keras.losses.SparseCategoricalCrossentropy": (("from_logits", "ignore_class", "reduction",
                                                    "name"), ()),
    "keras.losses.mean_squared_error": (("y_true", "y_pred"), ()),
    "keras.losses.mean_absolute_error": (("y_true", "y_pred"), ()),
    "keras.losses.huber": (("y_true", "y_pred", "delta"), ()),
    "keras.losses.binary_crossentropy": (("y_true", "y_pred", "from_logits", "label_smoothing",
                                          "axis"), ()),
    "keras.losses.categorical_crossentropy": (("y_true", "y_pred", "from_logits",
                                               "label_smoothing", "axis"), ()),
    "keras.losses.sparse_categorical_crossentropy": (("y_true", "y_pred", "from_logits",
                                                      "ignore_class", "axis"), ()),
    "keras.metrics.R2Score": (("class_aggregation", "num_regressors", "name", "dtype"), ()),
    "keras.metrics.Accuracy": (("name", "dtype"), ()),
    "keras.metrics.BinaryAccuracy": (("name", "dtype", "threshold"), ()),
    "keras.metrics.CategoricalAccuracy": (("name", "dtype"), ()),
    "keras.metrics.SparseCategoricalAccuracy": (("name", "dtype"), ()),
    "keras.utils.set_random_seed": (("seed",), ()),
    "keras.utils.to_categorical": (("x", "num_classes"), ()),
    "keras.activations.linear": (("x",), ()),
    "keras.activations.sigmoid": (("x",), ()),
    "keras.activations.tanh": (("x",), ()),
    "keras.activations.relu": (("x", "negative_slope", "max_value", "threshold"), ()),
    "keras.activations.leaky_relu": (("x", "negative_slope"), ()),  # default 0.2
    "keras.activations.elu": (("x", "alpha"), ()),
    "keras.activations.gelu": (("x", "approximate"), ()),  # default approximate=False
    "keras.activations.silu": (("x",), ()),
    "keras.activations.softplus": (("x",), ()),
    "keras.activations.softmax": (("x", "axis"), ()),
    # keras.ops (ops/core.py, ops/nn.py, ops/numpy.py, ops/math.py)
    "keras.ops.abs": (("x",), ()), "keras.ops.add": (("x1", "x2"), ()),
    "keras.ops.argmax": (("x", "axis"), ()), "keras.ops.cast": (("x", "dtype"), ()),
    "keras.ops.clip": (("x", "x_min", "x_max"), ()),
    "keras.ops.concatenate": (("xs", "axis"), ()),
    "keras.ops.convert_to_tensor": (("x", "dtype", "sparse"), ()),
    "keras.ops.cos": (("x",), ()), "keras.ops.divide": (("x1", "x2"), ()),
    "keras.ops.elu": (("x", "alpha"), ()), "keras.ops.erf": (("x",), ()),
    "keras.ops.exp": (("x",), ()), "keras.ops.expand_dims": (("x", "axis"), ()),
    "keras.ops.gelu": (("x", "approximate"), ()),  # default approximate=True
    "keras.ops.greater": (("x1", "x2"), ()), "keras.ops.greater_equal": (("x1", "x2"), ()),
    "keras.ops.leaky_relu": (("x", "negative_slope"), ()),  # default 0.2
    "keras.ops.less": (("x1", "x2"), ()), "keras.ops.log": (("x",), ()),
    "keras.ops.log1p": (("x",), ()), "keras.ops.log_softmax": (("x", "axis"), ()),
    "keras.ops.matmul": (("x1", "x2"), ()), "keras.ops.maximum": (("x1", "x2"), ()),
    "keras.ops.mean": (("x", "axis", "keepdims"), ()), "keras.ops.minimum": (("x1", "x2"), ()),
    "keras.ops.multiply": (("x1", "x2"), ()), "keras.ops.negative": (("x",), ()),
    "keras.ops.ones_like": (("x", "dtype"), ()), "keras.ops.power": (("x1", "x2"), ()),
    "keras.ops.relu": (("x",), ()), "keras.ops.reshape": (("x", "newshape"), ()),
    "keras.ops.sigmoid": (("x",), ()), "keras.ops.sign": (("x",), ()),
    "keras.ops.silu": (("x",), ()), "keras.ops.sin": (("x",), ()),
    "keras.ops.softmax": (("x", "axis"), ()), "keras.ops.softplus": (("x",), ()),
    "keras.ops.sqrt": (("x",), ()), "keras.ops.square": (("x",), ()),
    "keras.ops.squeeze": (("x", "axis"), ()), "keras.ops.stack": (("x", "axis"), ()),
    "keras.ops.stop_gradient": (("variable",), ()), "keras.ops.subtract": (("x1", "x2"), ()),
    "keras.ops.sum": (("x", "axis", "keepdims"), ()), "keras.ops.tanh": (("x",), ()),
    "keras.ops.where": (("condition", "x1", "x2"), ()),
    "keras.ops.zeros_like": (("x", "dtype"), ()),
}
KERAS_MODULES = {"keras", "keras.layers", "keras.models", "keras.optimizers", "keras.losses",
                 "keras.metrics", "keras.regularizers", "keras.initializers", "keras.ops",
                 "keras.utils", "keras.activations"}
# Methods of keras.Model (trainers/trainer.py, models/model.py, models/sequential.py) and
# keras.layers.Layer (layers/layer.py), same versions.
MODEL_METHODS = {
    "compile": ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
                "steps_per_execution", "jit_compile", "auto_scale_loss"),
    "fit": ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
            "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
            "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq"),
    "evaluate": ("x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
                 "return_dict"),
    "predict": ("x", "batch_size", "verbose", "steps", "callbacks"),
    "predict_on_batch": ("x",),
    "train_on_batch": ("x", "y", "sample_weight", "class_weight", "return_dict"),
    "summary": ("line_length", "positions", "print_fn", "expand_nested", "show_trainable",
                "layer_range"),
    "get_layer": ("name", "index"),
    "save_weights": ("filepath", "overwrite"),
    "load_weights": ("filepath", "skip_mismatch"),
    "add": ("layer",),
    "get_weights": (),
    "set_weights": ("weights",),
}
LAYER_METHODS = {"get_weights": (), "set_weights": ("weights",)}
MODEL_ATTRIBUTES = {"layers", "weights", "trainable_weights", "optimizer", "inputs", "outputs"}
# keras.activations.get() names in both versions (activations/__init__.py ALL_OBJECTS + "swish").
ACTIVATION_NAMES = {"relu", "leaky_relu", "relu6", "softmax", "elu", "selu", "softplus",
                    "softsign", "silu", "swish", "gelu", "tanh", "sigmoid", "exponential",
                    "hard_sigmoid", "linear", "mish", "log_softmax"}
# compile(metrics=[...]) strings: "accuracy"/"acc" and the snake_case metric class names.
METRIC_NAMES = {"accuracy", "acc", "binary_accuracy", "categorical_accuracy",
                "sparse_categorical_accuracy", "r2_score", "mse", "mae", "mean_squared_error",
                "mean_absolute_error"}
LOSS_NAMES = {"mse", "mae", "mean_squared_error", "mean_absolute_error", "huber",
              "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"}
ALLOWED_IMPORTS = {"argparse", "csv", "gzip", "json", "math", "os", "struct", "sys", "numpy",
                   "keras"}
# Keras's defaults where a keyword is left out (the same in both versions).
DEFAULTS = {
    "keras.optimizers.SGD": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "keras.optimizers.RMSprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
                                 "epsilon": 1e-7, "centered": False},
    "keras.optimizers.Adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                              "epsilon": 1e-7, "amsgrad": False},
    "keras.layers.BatchNormalization": {"momentum": 0.99, "epsilon": 0.001},
    "keras.layers.LeakyReLU": {"negative_slope": 0.3},
    "keras.losses.Huber": {"delta": 1.0},
    "keras.losses.BinaryCrossentropy": {"from_logits": False},
    "keras.losses.CategoricalCrossentropy": {"from_logits": False},
    "keras.losses.SparseCategoricalCrossentropy": {"from_logits": False},
    "keras.initializers.RandomUniform": {"minval": -0.05, "maxval": 0.05},
    "keras.initializers.Constant": {"value": 0.0},
    "keras.regularizers.L1L2": {"l1": 0.0, "l2": 0.0},
    "keras.regularizers.l1_l2": {"l1": 0.0, "l2": 0.0},
    "keras.regularizers.L1": {"l1": 0.01},
    "keras.regularizers.l1": {"l1": 0.01},
    "keras.regularizers.L2": {"l2": 0.01},
    "keras.regularizers.l2": {"l2": 0.01},
}

# ----------------------------------------------------------------------------- the documents


def documents():
    houses = os.path.join(DATASETS, "houses.csv")
    iris = os.path.join(DATASETS, "iris.csv")
    titanic = os.path.join(DATASETS, "titanic.csv")
    docs = [
        ("plane_linear_mse_sgd", ["--dataset", "plane", "--layers", "4", "--activation", "linear",
                                  "--loss", "mse", "--optimizer", "sgd", "--lr", "0.05"]),
        ("sine_sigmoid_halfmse_momentum",
         ["--dataset", "sine", "--layers", "8,4", "--activation", "sigmoid", "--loss", "half_mse",
          "--optimizer", "momentum", "--momentum", "0.8", "--scale", "standard",
          "--init", "glorot_normal", "--l2", "0.001", "--batch", "16"]),
        ("polynomial_tanh_mae_nesterov",
         ["--dataset", "polynomial", "--layers", "6", "--activation", "tanh", "--loss", "mae",
          "--optimizer", "nesterov", "--momentum", "0.95", "--scale", "minmax",
          "--init", "he_uniform", "--l1", "0.001"]),
        ("step_relu_huber_rmsprop",
         ["--dataset", "step", "--layers", "8,8", "--activation", "relu", "--loss", "huber",
          "--optimizer", "rmsprop", "--rho", "0.8", "--lr", "0.002", "--scale", "minmax_sym",
          "--init", "he_normal", "--l1", "0.001", "--l2", "0.002"]),
        ("xor_leaky_bce_adam_playground",
         ["--dataset", "xor", "--features", "x1,x2,x1x2", "--layers", "5", "--activation",
          "leaky_relu", "--optimizer", "adam", "--beta1", "0.85", "--beta2", "0.995",
          "--init", "playground", "--batch", "7"]),
        ("circle_elu_dropout_uniform",
         ["--dataset", "circle", "--features", "x1sq,x2sq", "--layers", "6,6", "--activation",
          "elu", "--dropout", "0.1", "--init", "uniform", "--bias-init", "0.05"]),
        ("spiralk_gelu_batchnorm_ce_sgd",
         ["--dataset", "spiral_k", "--classes", "4", "--features",
          "x1,x2,sinx1,sinx2,cosx1,cosx2", "--layers", "12,12", "--activation", "gelu",
          "--batchnorm", "--optimizer", "sgd", "--lr", "0.1"]),
        ("blobs_swish_dropout_batchnorm_softmax_mse_zeros",
         ["--dataset", "blobs", "--classes", "3", "--layers", "10", "--activation", "swish",
          "--dropout", "0.3", "--batchnorm", "--output-activation", "softmax", "--loss", "mse",
          "--optimizer", "rmsprop", "--init", "zeros", "--bias-init", "0.1"]),
        ("gauss_softplus_tanh_output_validation",
         ["--dataset", "gauss", "--layers", "4", "--activation", "softplus",
          "--output-activation", "tanh", "--loss", "mse", "--validation", "20"]),
        ("xor_gate_sigmoid_no_bias_sgd",
         ["--dataset", "xor_gate", "--samples", "8", "--features", "x1,x2,one", "--no-bias",
          "--layers", "4", "--activation", "sigmoid", "--loss", "mse", "--optimizer", "sgd",
          "--lr", "4", "--batch", "4", "--init", "uniform"]),
        ("moons_binary_step",
         ["--dataset", "moons", "--layers", "8", "--activation", "binary_step",
          "--optimizer", "sgd", "--lr", "0.1"]),
        ("checkerboard_leaky_batchnorm_step_output",
         ["--dataset", "checkerboard", "--features", "x1,x2,x1x2,x2sq", "--layers", "8,8",
          "--activation", "leaky_relu", "--batchnorm", "--output-activation", "binary_step",
          "--loss", "mse", "--optimizer", "momentum"]),
        ("houses_relu_huber_l2_adam",
         ["--csv", houses, "--target", "price", "--scale", "standard", "--layers", "16,8",
          "--activation", "relu", "--loss", "huber", "--optimizer", "adam", "--l2", "0.01",
          "--batch", "32"]),
        ("iris_tanh_minmax_momentum",
         ["--csv", iris, "--scale", "minmax", "--layers", "8", "--activation", "tanh",
          "--optimizer", "momentum", "--momentum", "0.5"]),
        ("titanic_relu_sigmoid_mse",
         ["--csv", titanic, "--target", "survived", "--layers", "4", "--activation", "relu",
          "--output-activation", "sigmoid", "--loss", "mse", "--optimizer", "nesterov"]),
    ]
    if os.path.isdir(FASHION):
        docs.append(("fashion_mnist_relu", ["--dataset", "fashion_mnist", "--layers", "16",
                                            "--activation", "relu", "--batch", "256"]))
    else:
        print(f"SKIP the Fashion-MNIST document: {FASHION} is missing")
    return docs


EPOCHS = 3  # not Keras's fit() default (1), so a missing epochs= shows


class Problems(Exception):
    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


# ----------------------------------------------------------------------------- the analysis


class Unknown(Exception):
    pass


def f32(v):
    return float(np.float32(v))


def same(a, b):
    """Equal as float32 (the document stores float32 values; the script their shortest form)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return f32(a) == f32(b)
    return a == b


class Script:
    """A parsed script: imports, constants, functions, calls resolved to Keras names."""

    def __init__(self, text):
        self.text = text
        self.tree = ast.parse(text)
        self.problems = []
        self.notes = self._notes()
        self.aliases = {}  # local name -> dotted Keras (or other module) name
        self.functions = {n.name: n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef)}
        self.parents = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self._imports()
        self.constants = {}
        self._constants()
        self.arg_defaults = self._arg_defaults()

    # -- text
    def _notes(self):
        """The script's comments and its module docstring, joined: what it says to people."""
        parts = []
        for tok in tokenize.generate_tokens(io.StringIO(self.text).readline):
            if tok.type == tokenize.COMMENT:
                parts.append(tok.string)
        doc = ast.get_docstring(self.tree)
        if doc:
            parts.append(doc)
        return "\n".join(parts)

    # -- imports
    def _imports(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    self._check_module(a.name, node)
                    self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                self._check_module(node.module or "", node)
                for a in node.names:
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def _check_module(self, name, node):
        top = name.split(".")[0]
        if top not in ALLOWED_IMPORTS:
            self.problems.append(f"line {node.lineno}: imports {name!r}; a Keras 3 script needs "
                                 f"only the standard library, numpy and keras")
        if top == "keras" and name not in KERAS_MODULES and name not in KERAS_API:
            self.problems.append(f"line {node.lineno}: imports {name!r}, not a Keras 3 public module")

    def dotted(self, node):
        """keras.layers.Dense for `layers.Dense` after `from keras import layers`; None if not
        rooted at an import."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id]] + parts[::-1])

    # -- values
    def _constants(self):
        for node in self.tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    try:
                        value = self.value(node.value)
                    except Unknown:
                        continue
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = value
                    elif isinstance(target, ast.Tuple) and isinstance(value, tuple) and \
                            len(target.elts) == len(value):
                        for t, v in zip(target.elts, value):
                            if isinstance(t, ast.Name):
                                self.constants[t.id] = v

    def _arg_defaults(self):
        out = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "add_argument" and node.args and \
                    isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("--"):
                key = node.args[0].value[2:].replace("-", "_")
                for kw in node.keywords:
                    if kw.arg == "default":
                        try:
                            out[key] = self.value(kw.value)
                        except Unknown:
                            pass
        return out

    def value(self, node, scope=None):
        """A constant expression's value: literals, module constants, args.X (argparse
        defaults), + - * /, np.float32(...); Unknown otherwise."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self.value(node.operand, scope)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = self.value(node.left, scope), self.value(node.right, scope)
            return {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                    ast.Div: lambda: a / b}[type(node.op)]()
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.value(e, scope) for e in node.elts)
        if isinstance(node, ast.Name):
            if scope is not None:
                local = self.local_value(node.id, scope)
                if local is not None:
                    return self.value(local[0], local[1])
            if node.id in self.constants:
                return self.constants[node.id]
            raise Unknown(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id == "args" and node.attr in getattr(self, "arg_defaults", {}):
            return self.arg_defaults[node.attr]
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords and \
                isinstance(node.func, ast.Attribute) and node.func.attr in ("float32", "float64"):
            return self.value(node.args[0], scope)
        raise Unknown(ast.unparse(node))

    def enclosing_function(self, node):
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def local_value(self, name, function):
        """(expression, its function) that `name` holds inside `function`: its one
        assignment there, or for a parameter the argument of the (one) call of the function."""
        assigned = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and
                    any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
        if assigned:
            return assigned[-1].value, function
        params = [a.arg for a in function.args.args]
        if name in params:
            i = params.index(name)
            calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call) and
                     isinstance(n.func, ast.Name) and n.func.id == function.name]
            if len(calls) == 1:
                call = calls[0]
                arg = call.args[i] if i < len(call.args) else next(
                    (k.value for k in call.keywords if k.arg == name), None)
                if arg is not None:
                    return arg, self.enclosing_function(call)
        return None

    def resolve(self, node, scope):
        """Follow names to the expression they were assigned."""
        for _ in range(5):
            if isinstance(node, ast.Name) and scope is not None:
                local = self.local_value(node.id, scope)
                if local is None:
                    break
                node, scope = local
            else:
                break
        return node, scope

    def keyword(self, call, name, position=None):
        for k in call.keywords:
            if k.arg == name:
                return k.value
        if position is not None and position < len(call.args):
            return call.args[position]
        return None

    def call_args(self, call, api_name):
        """{parameter: expression} of a call to a Keras API, by keyword and by position."""
        params = KERAS_API[api_name][0]
        out = dict(zip(params, call.args))
        out.update({k.arg: k.value for k in call.keywords if k.arg})
        return out

    def effective(self, call, api_name, param, scope):
        args = self.call_args(call, api_name)
        if param in args:
            return self.value(args[param], scope)
        if param in DEFAULTS.get(api_name, {}):
            return DEFAULTS[api_name][param]
        raise Unknown(f"{api_name}: no {param}")


# -- 1: the API


def check_api(s):
    problems = list(s.problems)
    for node in ast.walk(s.tree):
        if isinstance(node, ast.Attribute) and not isinstance(s.parents.get(node), ast.Attribute):
            name = s.dotted(node)
            if name and name.startswith("keras") and name not in KERAS_API and \
                    name not in KERAS_MODULES:
                problems.append(f"line {node.lineno}: {name} is not in the Keras 3 API list "
                                f"({KERAS_VERSIONS})")
        if not isinstance(node, ast.Call):
            continue
        name = s.dotted(node.func)
        if name and name.startswith("keras"):
            if name not in KERAS_API:
                continue  # reported above as an attribute
            params, kwonly = KERAS_API[name]
            if len(node.args) > len(params):
                problems.append(f"line {node.lineno}: {name} takes at most {len(params)} "
                                f"positional arguments, got {len(node.args)}")
            for k in node.keywords:
                if k.arg is None:
                    problems.append(f"line {node.lineno}: {name}(**...) cannot be checked")
                elif k.arg not in params and k.arg not in kwonly:
                    problems.append(f"line {node.lineno}: {name} has no keyword {k.arg!r} "
                                    f"(it takes {', '.join(params + kwonly)})")
            if name in ("keras.layers.Dense", "keras.layers.Activation"):
                act = s.keyword(node, "activation", 1 if name.endswith("Dense") else 0)
                if isinstance(act, ast.Constant) and isinstance(act.value, str) and \
                        act.value not in ACTIVATION_NAMES:
                    problems.append(f"line {node.lineno}: activation {act.value!r} is not a "
                                    f"Keras 3 activation name")
            continue
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            receiver = receiver_kind(s, node.func.value)
            table = {"model": MODEL_METHODS, "layer": LAYER_METHODS}.get(receiver)
            if table is None and method in ("compile", "fit", "evaluate", "get_layer",
                                            "set_weights", "save_weights", "train_on_batch"):
                table = MODEL_METHODS  # no other object in these scripts has such methods
                receiver = "model"
            if table is None:
                continue
            if method not in table:
                problems.append(f"line {node.lineno}: {ast.unparse(node.func)}: a Keras {receiver} "
                                f"has no method {method!r} in the list")
                continue
            if len(node.args) > len(table[method]):
                problems.append(f"line {node.lineno}: {receiver}.{method} takes at most "
                                f"{len(table[method])} positional arguments")
            for k in node.keywords:
                if k.arg not in table[method]:
                    problems.append(f"line {node.lineno}: {receiver}.{method} has no keyword "
                                    f"{k.arg!r} (it takes {', '.join(table[method])})")
            if method == "compile":
                for k in node.keywords:
                    if k.arg == "metrics" and isinstance(k.value, (ast.List, ast.Tuple)):
                        for e in k.value.elts:
                            if isinstance(e, ast.Constant) and e.value not in METRIC_NAMES:
                                problems.append(f"line {node.lineno}: metric {e.value!r} is not "
                                                f"a Keras 3 metric name")
                    if k.arg == "loss" and isinstance(k.value, ast.Constant) and \
                            k.value.value not in LOSS_NAMES:
                        problems.append(f"line {node.lineno}: loss {k.value.value!r} is not a "
                                        f"Keras 3 loss name")
    return problems


def receiver_kind(s, node):
    """'model', 'layer' or None for the object a method is called on."""
    scope = s.enclosing_function(node)
    node, scope = s.resolve(node, scope)
    if isinstance(node, ast.Name) and node.id == "model":
        return "model"
    if isinstance(node, ast.Call):
        name = s.dotted(node.func)
        if name in ("keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model"):
            return "model"
        if name and name.startswith("keras.layers."):
            return "layer"
        if isinstance(node.func, ast.Name) and node.func.id in s.functions:
            for r in ast.walk(s.functions[node.func.id]):
                if isinstance(r, ast.Return) and r.value is not None and \
                        isinstance(r.value, ast.Call) and \
                        s.dotted(r.value.func) in ("keras.Sequential", "keras.Model"):
                    return "model"
        if isinstance(node.func, ast.Attribute) and node.func.attr == "get_layer" and \
                receiver_kind(s, node.func.value) == "model":
            return "layer"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
            node.value.attr == "layers" and receiver_kind(s, node.value.value) == "model":
        return "layer"
    return None


# -- 2: the structure


def activation_token(s, node, scope, problems, line):
    """nnplay's name of the activation a Keras activation argument computes."""
    if node is None:
        return "linear"
    node, scope = s.resolve(node, scope)
    if isinstance(node, ast.Constant):
        if node.value is None:
            return "linear"
        v = node.value
        if v == "leaky_relu":
            return "leaky_relu(slope 0.2)"  # keras.activations.leaky_relu's default
        return {"silu": "swish"}.get(v, v)
    name = s.dotted(node)
    if name and name.startswith("keras.activations."):
        v = name.rsplit(".", 1)[1]
        return {"silu": "swish", "leaky_relu": "leaky_relu(slope 0.2)"}.get(v, v)
    if isinstance(node, ast.Name) and node.id in s.functions:
        return helper_token(s, s.functions[node.id])
    if isinstance(node, ast.Lambda):
        return helper_token(s, node)
    problems.append(f"line {line}: cannot tell which activation {ast.unparse(node)} is")
    return "?"


def helper_token(s, fn):
    """An activation written as a function: which one it computes."""
    calls = {s.dotted(c.func) for c in ast.walk(fn) if isinstance(c, ast.Call)}
    compares = [c for c in ast.walk(fn) if isinstance(c, ast.Compare)]
    if "keras.ops.stop_gradient" in calls and ("keras.ops.greater_equal" in calls or any(
            isinstance(op, ast.GtE) for c in compares for op in c.ops)):
        return "binary_step(straight-through)"
    if "keras.ops.greater_equal" in calls or compares:
        return "binary_step(no gradient)"
    for c in ast.walk(fn):
        if isinstance(c, ast.Call) and s.dotted(c.func) in ("keras.ops.leaky_relu",
                                                            "keras.activations.leaky_relu"):
            slope = s.keyword(c, "negative_slope", 1)
            return f"leaky_relu(slope {s.value(slope) if slope is not None else 0.2})"
        if isinstance(c, ast.Call) and s.dotted(c.func) == "keras.ops.gelu":
            approx = s.keyword(c, "approximate", 1)
            return "gelu" if approx is not None and s.value(approx) is False else "gelu(tanh approximation)"
    return f"function {getattr(fn, 'name', 'lambda')}"


EXPECTED_ACTIVATION = {"leaky_relu": "leaky_relu(slope 0.01)",
                       "binary_step": "binary_step(straight-through)"}


def model_layers(s, problems):
    """The keras.Sequential's layers in order, and the function building it."""
    seq = [n for n in ast.walk(s.tree) if isinstance(n, ast.Call) and
           s.dotted(n.func) in ("keras.Sequential", "keras.models.Sequential")]
    if len(seq) != 1:
        problems.append(f"expected one keras.Sequential(...) call, found {len(seq)}")
        return [], None
    call = seq[0]
    arg = s.keyword(call, "layers", 0)
    if not isinstance(arg, (ast.List, ast.Tuple)):
        problems.append(f"line {call.lineno}: keras.Sequential's layers are not a list literal")
        return [], None
    return arg.elts, s.enclosing_function(call)


def initializer_of(s, node, scope):
    """(Keras name, {param: value}) of an initializer argument."""
    if node is None:
        return None, {}
    node, scope = s.resolve(node, scope)
    if isinstance(node, ast.Constant):
        return (None, {}) if node.value is None else (f"string {node.value}", {})
    if isinstance(node, ast.Call):
        name = s.dotted(node.func)
        if name in KERAS_API:
            vals = {}
            for p, e in s.call_args(node, name).items():
                try:
                    vals[p] = s.value(e, scope)
                except Unknown:
                    vals[p] = ast.unparse(e)
            for p, v in DEFAULTS.get(name, {}).items():
                vals.setdefault(p, v)
            return name, vals
    return ast.unparse(node), {}


def check_kernel_init(doc, name, vals, s):
    net = doc["network"]
    init, scale = net["init"], net.get("init_scale", 0.5)
    ki = "keras.initializers."
    if init == "playground":
        return name == ki + "RandomUniform" and same(vals.get("minval"), -0.5) and same(vals.get("maxval"), 0.5)
    if init == "uniform":
        return name == ki + "RandomUniform" and same(vals.get("minval"), -scale) and same(vals.get("maxval"), scale)
    if init == "glorot_uniform":
        return name in (ki + "GlorotUniform", "string glorot_uniform", None)  # None: Dense's default
    if init == "he_uniform":
        return name in (ki + "HeUniform", "string he_uniform")
    if init == "zeros":
        return name in (ki + "Zeros", "string zeros")
    if init in ("glorot_normal", "he_normal"):
        exact = (1.0, "fan_avg") if init == "glorot_normal" else (2.0, "fan_in")
        if name == ki + "VarianceScaling":
            return same(vals.get("scale", 1.0), exact[0]) and vals.get("mode", "fan_in") == exact[1] \
                and vals.get("distribution") == "untruncated_normal"
        truncated = {"glorot_normal": (ki + "GlorotNormal", "string glorot_normal"),
                     "he_normal": (ki + "HeNormal", "string he_normal")}[init]
        if name in truncated:
            if not re.search(r"truncat", s.notes, re.I):
                raise Problems([f"{name} truncates its normal at two standard deviations and "
                                f"nnplay's {init} does not, but the script says nothing about it "
                                f"(no comment or docstring line mentions 'truncated')"])
            return True
    return False


def check_structure(s, doc, problems):
    net, tr = doc["network"], doc["training"]
    elts, build = model_layers(s, problems)
    if not elts:
        return
    groups, inputs = [], None
    for e in elts:
        if not isinstance(e, ast.Call):
            problems.append(f"line {e.lineno}: a model layer that is not a constructor call: "
                            f"{ast.unparse(e)}")
            continue
        name = s.dotted(e.func) or ast.unparse(e.func)
        line = e.lineno
        if name in ("keras.Input", "keras.layers.Input"):
            try:
                inputs = s.value(s.keyword(e, "shape", 0), build)
            except Unknown as u:
                problems.append(f"line {line}: the input shape is not a constant ({u})")
            continue
        if name == "keras.layers.Dense":
            try:
                units = s.value(s.keyword(e, "units", 0), build)
            except Unknown:
                units = "?"
            use_bias = s.keyword(e, "use_bias", 2)
            groups.append({"line": line, "units": units,
                           "activation": activation_token(s, s.keyword(e, "activation", 1), build,
                                                          problems, line),
                           "use_bias": True if use_bias is None else s.value(use_bias, build),
                           "kernel_init": initializer_of(s, s.keyword(e, "kernel_initializer", 3), build),
                           "bias_init": initializer_of(s, s.keyword(e, "bias_initializer", 4), build),
                           "regularizer": initializer_of(s, s.keyword(e, "kernel_regularizer", 5), build),
                           "batchnorm": None, "dropout": 0.0, "separate_activation": False})
            continue
        if not groups:
            problems.append(f"line {line}: {name} before the first Dense layer")
            continue
        g = groups[-1]
        if name == "keras.layers.BatchNormalization":
            if g["separate_activation"] or g["activation"] != "linear":
                problems.append(f"line {line}: batch norm after the activation; nnplay normalizes "
                                f"the Dense output before it")
            g["batchnorm"] = (s.effective(e, name, "momentum", build), s.effective(e, name, "epsilon", build))
        elif name in ("keras.layers.Activation", "keras.layers.LeakyReLU", "keras.layers.ELU",
                      "keras.layers.ReLU", "keras.layers.Softmax", "keras.layers.Lambda"):
            if g["activation"] != "linear":
                problems.append(f"line {line}: a second activation ({name}) after Dense's "
                                f"{g['activation']}")
            if name == "keras.layers.LeakyReLU":
                token = f"leaky_relu(slope {f32(s.effective(e, name, 'negative_slope', build)):g})"
            elif name == "keras.layers.ELU":
                alpha = s.keyword(e, "alpha", 0)
                token = "elu" if alpha is None or same(s.value(alpha, build), 1.0) else "elu(alpha)"
            elif name == "keras.layers.ReLU":
                token = "relu" if not e.args and not e.keywords else "relu(options)"
            elif name == "keras.layers.Softmax":
                token = "softmax"
            else:
                token = activation_token(s, s.keyword(e, "activation" if name.endswith("Activation")
                                                      else "function", 0), build, problems, line)
            g["activation"], g["separate_activation"] = token, True
        elif name == "keras.layers.Dropout":
            g["dropout"] = s.value(s.keyword(e, "rate", 0), build)
        else:
            problems.append(f"line {line}: unexpected layer {name}")

    # what nnplay's document says
    if inputs is not None and tuple(inputs) != (net["inputs"],):
        problems.append(f"input shape {inputs}, the document's network has {net['inputs']} inputs")
    if len(groups) != len(net["layers"]):
        problems.append(f"{len(groups)} Dense layers, the document has {len(net['layers'])}")
    loss_name, loss_vals = loss_of(s, problems)
    from_logits = bool(loss_vals.get("from_logits", False))
    for i, (g, want) in enumerate(zip(groups, net["layers"])):
        where = f"line {g['line']}: layer {i}"
        if g["units"] != want["units"]:
            problems.append(f"{where}: {g['units']} units, the document has {want['units']}")
        expected = EXPECTED_ACTIVATION.get(want["activation"], want["activation"])
        if i == len(groups) - 1 and from_logits:
            expected = "linear"  # the loss applies the output activation
        if g["activation"] != expected:
            problems.append(f"{where}: activation {g['activation']}, the document's is "
                            f"{want['activation']} (expected {expected} in Keras)")
        if want["batchnorm"]:
            if g["batchnorm"] is None:
                problems.append(f"{where}: no BatchNormalization, the document has batch norm")
            else:
                momentum, eps = g["batchnorm"]
                if not same(momentum, 0.9) or not same(eps, 1e-5):
                    problems.append(f"{where}: BatchNormalization(momentum={momentum}, epsilon={eps})"
                                    f"; nnplay's is momentum 0.9 in Keras's convention (0.1 in "
                                    f"PyTorch's), epsilon 1e-5")
            if g["use_bias"] is not False:
                problems.append(f"{where}: Dense with a bias before batch norm; nnplay's has none "
                                f"(and its .npz has no dense_{i}/bias)")
        elif g["batchnorm"] is not None:
            problems.append(f"{where}: BatchNormalization, the document has no batch norm")
        elif want.get("bias", True) is False and g["use_bias"] is not False:
            problems.append(f"{where}: Dense with a bias; the document's layer has none "
                            f"(and its .npz has no dense_{i}/bias)")
        elif want.get("bias", True) and g["use_bias"] is False:
            problems.append(f"{where}: Dense without a bias; the document's layer has one")
        if not same(g["dropout"], want["dropout"]):
            problems.append(f"{where}: dropout {g['dropout']}, the document's is {want['dropout']}")
        # initializers
        kname, kvals = g["kernel_init"]
        try:
            if not check_kernel_init(doc, kname, kvals, s):
                problems.append(f"{where}: kernel_initializer {kname} {kvals}, the document's "
                                f"initializer is {net['init']} (scale {net.get('init_scale')})")
        except Problems as p:
            problems.extend(f"{where}: {m}" for m in p.problems)
        if g["use_bias"] is not False:
            bname, bvals = g["bias_init"]
            b = net["bias_init"]
            ok = (bname in (None, "keras.initializers.Zeros", "string zeros") and b == 0.0) or \
                (bname == "keras.initializers.Constant" and same(bvals.get("value"), b))
            if not ok:
                problems.append(f"{where}: bias_initializer {bname} {bvals}, the document's bias "
                                f"init is {b}")
        # the penalty on every kernel
        rname, rvals = g["regularizer"]
        l1, l2 = tr["l1"], tr["l2"]
        if l1 == 0 and l2 == 0:
            ok = rname in (None, "None")
        else:
            got_l1 = rvals.get("l1", 0.0) if rname in (
                "keras.regularizers.L1L2", "keras.regularizers.l1_l2", "keras.regularizers.L1",
                "keras.regularizers.l1") else 0.0
            got_l2 = rvals.get("l2", 0.0) if rname in (
                "keras.regularizers.L1L2", "keras.regularizers.l1_l2", "keras.regularizers.L2",
                "keras.regularizers.l2") else 0.0
            ok = rname is not None and same(got_l1, l1) and same(got_l2, f32(l2) / 2)
        if not ok:
            problems.append(f"{where}: kernel_regularizer {rname} {rvals}; the document has l1 "
                            f"{l1:g}, l2 {l2:g} (nnplay's l2/2·Σw² is Keras's L2({f32(l2) / 2:g}))")

    check_training(s, doc, loss_name, loss_vals, problems)


def compile_call(s, problems):
    calls = [n for n in ast.walk(s.tree) if isinstance(n, ast.Call) and
             isinstance(n.func, ast.Attribute) and n.func.attr == "compile"]
    if len(calls) != 1:
        problems.append(f"expected one model.compile(...), found {len(calls)}")
        return None
    return calls[0]


def loss_of(s, problems):
    call = compile_call(s, problems)
    if call is None:
        return None, {}
    node = s.keyword(call, "loss", 1)
    if node is None:
        problems.append(f"line {call.lineno}: compile() without a loss")
        return None, {}
    scope = s.enclosing_function(call)
    node, scope = s.resolve(node, scope)
    if isinstance(node, ast.Name) and node.id in s.functions:
        return f"function {node.id}", {"function": s.functions[node.id]}
    if isinstance(node, ast.Constant):
        return f"string {node.value}", {}
    return initializer_of(s, node, scope)


EXPECTED_LOSS = {
    "mse": {"keras.losses.MeanSquaredError", "string mse", "string mean_squared_error"},
    "mae": {"keras.losses.MeanAbsoluteError", "string mae", "string mean_absolute_error"},
    "huber": {"keras.losses.Huber", "string huber"},
    "bce": {"keras.losses.BinaryCrossentropy", "string binary_crossentropy"},
    "ce": {"keras.losses.SparseCategoricalCrossentropy", "keras.losses.CategoricalCrossentropy",
           "string sparse_categorical_crossentropy", "string categorical_crossentropy"},
}


def check_training(s, doc, loss_name, loss_vals, problems):
    tr, net = doc["training"], doc["network"]
    # loss
    want = tr["loss"]
    if want == "half_mse":
        fn = loss_vals.get("function")
        calls = {s.dotted(c.func) for c in ast.walk(fn) if isinstance(c, ast.Call)} if fn else set()
        halves = fn is not None and any(isinstance(c, ast.Constant) and c.value == 0.5
                                        for c in ast.walk(fn))
        if not (fn and halves and ({"keras.ops.mean", "keras.ops.square"} <= calls or
                                   "keras.losses.mean_squared_error" in calls)):
            problems.append(f"loss {loss_name}: the document's half_mse should be a helper "
                            f"returning 0.5 * mean(square(y_pred - y_true))")
    elif loss_name not in EXPECTED_LOSS[want]:
        problems.append(f"loss {loss_name}, the document's is {want} "
                        f"(expected one of {sorted(EXPECTED_LOSS[want])})")
    if want == "huber" and not same(loss_vals.get("delta", 1.0), 1.0):
        problems.append(f"Huber delta {loss_vals.get('delta')}; nnplay's is 1")
    if want in ("bce", "ce") and loss_vals.get("from_logits") and \
            net["layers"][-1]["activation"] not in ("sigmoid", "softmax"):
        problems.append("from_logits with an output activation that is not sigmoid/softmax")

    # optimizer
    call = compile_call(s, [])
    o = tr["optimizer"]
    node = s.keyword(call, "optimizer", 0) if call is not None else None
    if node is None:
        problems.append("compile() without an optimizer")
    else:
        scope = s.enclosing_function(call)
        node, scope = s.resolve(node, scope)
        name = s.dotted(node.func) if isinstance(node, ast.Call) else ast.unparse(node)
        expected = {"sgd": ("keras.optimizers.SGD", {"momentum": 0.0, "nesterov": False}),
                    "momentum": ("keras.optimizers.SGD", {"momentum": o["momentum"], "nesterov": False}),
                    "nesterov": ("keras.optimizers.SGD", {"momentum": o["momentum"], "nesterov": True}),
                    "rmsprop": ("keras.optimizers.RMSprop", {"rho": o["rho"], "epsilon": o["epsilon"],
                                                             "momentum": 0.0, "centered": False}),
                    "adam": ("keras.optimizers.Adam", {"beta_1": o["beta1"], "beta_2": o["beta2"],
                                                       "epsilon": o["epsilon"], "amsgrad": False})}[o["name"]]
        if name != expected[0]:
            problems.append(f"optimizer {name}, the document's is {o['name']} (expected {expected[0]})")
        else:
            for param, v in {"learning_rate": o["learning_rate"], **expected[1]}.items():
                try:
                    got = s.effective(node, name, param, scope)
                except Unknown as u:
                    problems.append(f"line {node.lineno}: {name} {param} is not a constant ({u})")
                    continue
                if not same(got, v):
                    problems.append(f"line {node.lineno}: {name}({param}={got}), the document's "
                                    f"{o['name']} has {v:g}" if isinstance(v, float) else
                                    f"line {node.lineno}: {name}({param}={got}), expected {v}")
    # fit: batch size and epochs
    fits = [n for n in ast.walk(s.tree) if isinstance(n, ast.Call) and
            isinstance(n.func, ast.Attribute) and n.func.attr == "fit"]
    if len(fits) != 1:
        problems.append(f"expected one model.fit(...), found {len(fits)}")
    else:
        fit = fits[0]
        scope = s.enclosing_function(fit)
        for param, want_v, default in (("batch_size", tr["batch_size"], 32),
                                       ("epochs", doc_epochs(doc), 1)):
            node = s.keyword(fit, param, {"batch_size": 2, "epochs": 3}[param])
            try:
                got = default if node is None else s.value(node, scope)
            except Unknown as u:
                problems.append(f"line {fit.lineno}: fit({param}=...) is not a constant ({u})")
                continue
            if got != want_v:
                problems.append(f"line {fit.lineno}: fit() trains with {param} {got}, the "
                                f"document's is {want_v}")
        shuffle = s.keyword(fit, "shuffle", 8)
        if shuffle is not None and s.value(shuffle, scope) is not True:
            problems.append(f"line {fit.lineno}: fit(shuffle=False); nnplay shuffles every epoch")
    # seed
    if not any(isinstance(n, ast.Call) and s.dotted(n.func) == "keras.utils.set_random_seed"
               for n in ast.walk(s.tree)):
        problems.append("no keras.utils.set_random_seed(...): --seed would not seed Keras")
    # the data side: constants
    t = doc["transform"]
    checks = [("SCALING", doc["data"]["scaling"]), ("BATCH_SIZE", tr["batch_size"]),
              ("EPOCHS", doc_epochs(doc)), ("INPUTS", net["inputs"]),
              ("OUTPUTS", net["layers"][-1]["units"])]
    if doc["data"]["source"] == "generator":
        checks.append(("FEATURES", tuple(t["features"])))
    if doc["data"]["source"] == "idx":
        checks.append(("IMAGE_FOLDER", doc["data"]["path"]))
    for name, want_v in checks:
        if name not in s.constants:
            problems.append(f"no module constant {name}")
        elif s.constants[name] != want_v:
            problems.append(f"{name} = {s.constants[name]!r}, the document's is {want_v!r}")


def doc_epochs(doc):
    return doc.get("trainer", {}).get("epoch") or 100


# -- 3: the notes


def check_notes(s, doc, problems, warnings):
    acts = {l["activation"] for l in doc["network"]["layers"]}
    tr = doc["training"]
    wanted = []
    if "binary_step" in acts:
        wanted.append((r"straight.through", "the binary step's straight-through gradient"))
    if tr["optimizer"]["name"] == "adam":
        wanted.append((r"Adam[^\n]*epsilon|epsilon[^\n]*Adam", "Keras's Adam epsilon placement"))
    if tr["optimizer"]["name"] == "rmsprop":
        wanted.append((r"RMSprop[^\n]*epsilon|epsilon[^\n]*RMSprop",
                       "Keras's RMSprop epsilon inside the square root"))
    if tr["l2"] != 0:
        wanted.append((r"l2\s*/\s*2|l2/2|half", "nnplay's l2/2·Σw² against Keras's l2·Σw²"))
    if any(l["batchnorm"] for l in doc["network"]["layers"]):
        wanted.append((r"biased[^\n]*variance|variance[^\n]*biased",
                       "Keras's moving variance is the biased batch variance, nnplay's (and "
                       "PyTorch's) running variance the unbiased one"))
    for pattern, what in wanted:
        if not re.search(pattern, s.notes, re.I):
            problems.append(f"the script does not say (no comment or docstring line matching "
                            f"/{pattern}/): {what}")


def check_script(text, doc):
    """(problems, warnings, notes found) of one script against its document."""
    try:
        s = Script(text)
    except SyntaxError as e:
        return [f"not valid Python: {e}"], [], ""
    problems, warnings = check_api(s), []
    try:
        check_structure(s, doc, problems)
    except Unknown as u:
        problems.append(f"a value the check needs is not a constant: {u}")
    check_notes(s, doc, problems, warnings)
    return problems, warnings, s


# ----------------------------------------------------------------------------- coverage


def coverage(docs):
    got = {k: set() for k in ("activation", "loss", "optimizer", "init", "scaling", "feature")}
    flags = set()
    for d in docs:
        for l in d["network"]["layers"]:
            got["activation"].add(l["activation"])
            if l["batchnorm"]:
                flags.add("batchnorm")
            if l["dropout"] > 0:
                flags.add("dropout")
            if l.get("bias", True) is False:
                flags.add("no bias")
        got["loss"].add(d["training"]["loss"])
        got["optimizer"].add(d["training"]["optimizer"]["name"])
        got["init"].add(d["network"]["init"])
        got["scaling"].add(d["data"]["scaling"])
        got["feature"].update(d["data"].get("features") or [])
        for k in ("l1", "l2"):
            if d["training"][k] > 0:
                flags.add(k)
        if d["data"].get("validation_ratio", 0) > 0:
            flags.add("validation")
    want = {"activation": {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "swish",
                           "softplus", "binary_step", "softmax"},
            "loss": {"mse", "half_mse", "mae", "huber", "bce", "ce"},
            "optimizer": {"sgd", "momentum", "nesterov", "rmsprop", "adam"},
            "init": {"playground", "uniform", "glorot_uniform", "glorot_normal", "he_uniform",
                     "he_normal", "zeros"},
            "scaling": {"none", "standard", "minmax", "minmax_sym"},
            "feature": {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2", "cosx1", "cosx2",
                        "one"}}
    missing = [f"{k} {sorted(want[k] - got[k])}" for k in want if want[k] - got[k]]
    missing += [f for f in ("l1", "l2", "dropout", "batchnorm", "no bias", "validation")
                if f not in flags]
    return missing


# ----------------------------------------------------------------------------- self-check


MUTATIONS = [
    # (document, what, old, new): the mutated script must be rejected
    ("xor_leaky_bce_adam_playground", "a misspelled keyword", "learning_rate=", "learnig_rate="),
    ("xor_leaky_bce_adam_playground", "an API that is not Keras's", "keras.optimizers.Adam(",
     "keras.optimizers.AdamW8("),
    ("xor_leaky_bce_adam_playground", "the leaky slope of Keras's default", "negative_slope=0.01",
     "negative_slope=0.3"),
    ("xor_leaky_bce_adam_playground", "a model method that does not exist", ".compile(",
     ".compyle("),
    ("houses_relu_huber_l2_adam", "a changed unit count", "layers.Dense(16", "layers.Dense(17"),
    ("houses_relu_huber_l2_adam", "the L2 rate not halved", "l2=0.005", "l2=0.01"),
    ("circle_elu_dropout_uniform", "a changed dropout rate", "Dropout(0.1", "Dropout(0.2"),
    ("moons_binary_step", "the straight-through note removed", "straight", "s_t_r_a_i_g_h_t"),
    ("moons_binary_step", "the straight-through note removed", "Straight", "S_t_r_a_i_g_h_t"),
    ("xor_gate_sigmoid_no_bias_sgd", "a bias the document does not have", "use_bias=False",
     "use_bias=True"),
    ("spiralk_gelu_batchnorm_ce_sgd", "batch norm left out",
     re.compile(r"^.*layers\.BatchNormalization\(.*\n", re.M), ""),
]


def self_check(scripts, docs):
    failures = []
    by_doc = {}
    for doc, what, old, new in MUTATIONS:
        by_doc.setdefault((doc, what), []).append((old, new))
    for (doc, what), edits in by_doc.items():
        if doc not in scripts:
            continue
        text = scripts[doc]
        changed = text
        for old, new in edits:
            changed = old.sub(new, changed) if isinstance(old, re.Pattern) else changed.replace(old, new)
        if changed == text:
            failures.append(f"self-check: {what}: none of {[str(o) for o, _ in edits]} is in the "
                            f"{doc} script, so the mutation could not be made")
            continue
        problems, _, _ = check_script(changed, docs[doc])
        if problems:
            print(f"self-check: {what} ({doc}) is rejected: {problems[0]}")
        else:
            failures.append(f"self-check: {what} ({doc}) was not rejected")
    return failures


# ----------------------------------------------------------------------------- main


def run(cmd, what):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"{what}: exit status {p.returncode}\n  command: {' '.join(cmd)}\n"
                           f"  {p.stdout[-2000:]}\n  {p.stderr[-2000:]}")
    return p


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    cli, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    print(f"the Keras API list: {KERAS_VERSIONS} ({len(KERAS_API)} names)")
    docs, scripts, failures = {}, {}, []
    for name, args in documents():
        model = os.path.join(work, name + ".nnplay.json")
        script = os.path.join(work, name, "train.py")
        try:
            run([cli, "train", *args, "--epochs", str(EPOCHS) if "fashion" not in name else "2",
                 "--save", model], f"{name}: nnplay-cli train")
            os.makedirs(os.path.dirname(script), exist_ok=True)
            run([cli, "export", model, "--format", "keras", "--out", script],
                f"{name}: nnplay-cli export --format keras")
        except RuntimeError as e:
            failures.append(str(e))
            print(f"FAIL {e}")
            continue
        with open(model) as f:
            docs[name] = json.load(f)
        with open(script) as f:
            scripts[name] = f.read()
        problems, warnings, _ = check_script(scripts[name], docs[name])
        layers = " -> ".join(f"{l['units']} {l['activation']}" + (" bn" if l["batchnorm"] else "")
                             + (f" drop {l['dropout']:g}" if l["dropout"] else "")
                             for l in docs[name]["network"]["layers"])
        print(f"{'FAIL' if problems else 'ok  '} {name}: {layers}; {docs[name]['training']['loss']}, "
              f"{docs[name]['training']['optimizer']['name']}, init {docs[name]['network']['init']}")
        for w in warnings:
            print(f"     note: {w}")
        for p in problems:
            print(f"     {p}")
        failures += [f"{name}: {p}" for p in problems]
    missing = coverage(list(docs.values()))
    if missing:
        failures.append(f"the documents do not cover: {'; '.join(missing)}")
    else:
        print(f"coverage: {len(docs)} documents cover every activation, loss, optimizer, "
              f"initializer, scaling and feature, l1, l2, dropout, batch norm and validation")
    failures += self_check(scripts, docs)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
