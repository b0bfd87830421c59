#include "nnplay/codegen.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "codegen_common.hpp"
#include "nnplay/augment.hpp"
#include "nnplay/error.hpp"
#include "nnplay/loss.hpp"
#include "nnplay/scaler.hpp"
#include "table_lookup.hpp"

namespace nnplay {

namespace {

struct FrameworkInfo {
  CodeFramework id;
  std::string_view name;
};
constexpr std::array kFrameworks = {FrameworkInfo{CodeFramework::Keras, "keras"},
                                    FrameworkInfo{CodeFramework::PyTorch, "pytorch"}};

}  // namespace

std::string_view codeFrameworkName(CodeFramework f) {
  return kFrameworks[static_cast<std::size_t>(f)].name;
}

CodeFramework codeFrameworkByName(std::string_view name) {
  return detail::findByName(std::span<const FrameworkInfo>(kFrameworks), name, "code framework").id;
}

std::string GeneratedCode::text() const {
  std::string s;
  for (const CodeLine& l : lines) {
    s += l.text;
    s += '\n';
  }
  return s;
}

bool CodeLine::tagged(std::string_view name, int whichLayer) const {
  if (name.empty()) return false;
  if (whichLayer >= 0 && layer >= 0 && layer != whichLayer) return false;
  std::string_view rest = control;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (rest.substr(0, space) == name) return true;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return false;
}

int GeneratedCode::lineOf(std::string_view control, int layer) const {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].tagged(control, layer) && (layer < 0 || lines[i].layer == layer)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

CodeInput codeInputOf(const Project& p, const DataShape& shape) {
  CodeInput in;
  in.data = p.data;
  in.network = p.network;
  in.training = p.training;
  in.shape = shape;
  in.epochs = p.trainer && p.trainer->epoch > 0 ? p.trainer->epoch : 100;
  if (p.transform) in.outputNames = p.transform->outputNames;
  return in;
}

namespace detail {

void CodeWriter::line(std::string text, std::string control, int layer) {
  code_.lines.push_back(CodeLine{std::move(text), std::move(control), layer});
}

void CodeWriter::block(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    line(std::string(text.substr(0, nl)));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

GeneratedCode CodeWriter::take() {
  auto starts = [](const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
  };
  std::vector<CodeLine> out;
  for (CodeLine& l : code_.lines) {
    int wanted = -1;
    if (starts(l.text, "def ") || starts(l.text, "class ") || starts(l.text, "if __name__")) {
      wanted = 2;
    } else if (starts(l.text, "HERE = ")) {
      wanted = 1;
    } else if ((starts(l.text, "import numpy") || starts(l.text, "import keras")) && !out.empty() &&
               (out.back().text == "import sys" || out.back().text == "import struct")) {
      wanted = 1;  // the third-party imports after the standard library's
    }
    if (wanted >= 0) {
      while (!out.empty() && out.back().text.empty()) out.pop_back();
      for (int i = 0; i < wanted; ++i) out.push_back(CodeLine{});
    }
    out.push_back(std::move(l));
  }
  code_.lines = std::move(out);
  return std::move(code_);
}

std::string pyFloat(float v) {
  char buf[32];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

std::string pyString(std::string_view s) {
  return nlohmann::json(std::string(s)).dump();
}

std::string pyStringList(const std::vector<std::string>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + pyString(items[i]);
  return s + "]";
}

ScriptPlan planOf(const CodeInput& in) {
  ScriptPlan p;
  p.images = in.data.kind == DataSourceKind::Idx;
  p.plane = in.data.kind == DataSourceKind::Generator || in.data.kind == DataSourceKind::Drawn;
  p.regression = in.shape.task == Task::Regression;
  p.classes = p.regression ? 0 : in.shape.classes;
  const LayerSpec& out = in.network.layers.back();
  p.outputs = out.units;
  const LossInfo& l = loss(in.training.loss);
  p.fused = l.fusedWith.has_value();
  if (!p.regression) {
    p.low = activation(out.activation).lo <= -1.0f ? -1.0f : 0.0f;
    p.binary = out.units == 1;
    p.classIndex = !p.binary && l.acceptsClassIndex;
    p.oneHot = !p.binary && !p.classIndex;
  }
  p.scaleTargets = p.regression && in.data.scaling != ScalingId::None;
  for (std::size_t i = 0; i < in.network.layers.size(); ++i) {
    if (in.network.layers[i].batchNorm) p.batchNormLayers.push_back(static_cast<int>(i));
  }
  p.batchNorm = !p.batchNormLayers.empty();
  p.architecture = std::to_string(in.network.inputs) + " inputs";
  for (const LayerSpec& l : in.network.layers) {
    p.binaryStep = p.binaryStep || l.activation == ActivationId::BinaryStep;
    p.architecture +=
        " -> " + std::to_string(l.units) + " " + std::string(activation(l.activation).name);
  }
  if (p.plane) {
    const FeatureMap map =
        in.data.features.isIdentity() ? FeatureMap::plain(in.shape.rawInputs) : in.data.features;
    for (FeatureId id : map.ids) p.features.emplace_back(feature(id).name);
  }
  // nnplay-cli predict's header (input_transform.hpp), from the names known
  // here or generic ones.
  std::vector<std::string> names = in.outputNames;
  if (names.empty()) {
    if (p.regression) {
      names = {in.shape.target.empty() ? std::string("y") : in.shape.target};
    } else {
      for (int c = 0; c < p.classes; ++c) names.push_back(std::to_string(c));
    }
  }
  p.outputHeader = outputColumnNames(names, p.outputs);
  p.targetColumn = p.regression ? (in.shape.target.empty() ? "y" : in.shape.target) : "label";
  if (p.regression && in.outputNames.size() == 1) p.targetColumn = in.outputNames[0];
  return p;
}

void trainingDifferences(const TrainingSettings& t, std::vector<std::string>& out) {
  if (t.augment.any()) {
    out.push_back("nnplay augmented the training data (" + formatAugment(t.augment) +
                  ") on the fly; this script trains on the data as it is");
  }
  if (t.schedule.id != ScheduleId::Constant || t.schedule.warmup > 0.0f) {
    out.push_back("nnplay scaled the learning rate with the schedule " +
                  formatSchedule(t.schedule) +
                  "; this script trains at the constant rate it names");
  }
  if (t.earlyStopping.enabled) {
    out.push_back("nnplay stopped early (patience " + std::to_string(t.earlyStopping.patience) +
                  " epochs on the validation loss); this script trains for all of EPOCHS");
  }
}

namespace {

std::string dataDescription(const CodeInput& in) {
  switch (in.data.kind) {
    case DataSourceKind::Generator: {
      const std::string noise =
          std::to_string(static_cast<int>(in.data.params.noise * 100 + 0.5)) + " % noise";
      return "the " + in.data.generator + " points nnplay generated (" +
             std::to_string(in.data.params.samples) + " points, " + noise + ")";
    }
    case DataSourceKind::Drawn:
      return "the points drawn in nnplay";
    case DataSourceKind::Csv:
      return "the table " + in.data.path +
             " as nnplay read it (text columns one-hot, missing cells filled)";
    case DataSourceKind::Idx:
      return "the MNIST-format images in " + in.data.path;
  }
  return {};
}

std::string architecture(const CodeInput& in) {
  std::string s = std::to_string(in.network.inputs);
  for (const LayerSpec& l : in.network.layers) {
    s += '-';
    s += std::to_string(l.units);
  }
  return s;
}

}  // namespace

void writeHeader(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan, std::string_view title,
                 std::string_view needs, const std::vector<std::string>& differences,
                 std::string_view imports) {
  w.line("#!/usr/bin/env python3");
  w.line("\"\"\"A " + architecture(in) + " network on " + dataDescription(in) + ", in " +
         std::string(title) + ".");
  w.blank();
  if (!in.origin.empty()) w.line("Exported by nnplay from " + in.origin + ".");
  if (plan.images) {
    w.line("Data:     the four IDX files in IMAGE_FOLDER (train and test images and labels).",
           "data");
  } else {
    w.line("Data:     " + in.dataFile + " next to this script: the raw input columns, the target",
           "data");
    w.line("          and a \"split\" column (train / validation / test), as nnplay split them.",
           "data");
  }
  if (in.weightsFile.empty()) {
    w.line("Weights:  none exported (the model was not trained): this script trains from scratch.",
           "weights");
  } else {
    w.line("Weights:  " + in.weightsFile + ", the weights nnplay trained (--load-weights).",
           "weights");
  }
  w.line("Run:      python3 " + in.scriptFile +
         "                 train from scratch, then score each split");
  w.line("          python3 " + in.scriptFile + " --load-weights --epochs 0");
  w.line("          python3 " + in.scriptFile +
         " --load-weights --epochs 0 --predict new.csv --output out.csv");
  w.line("Needs:    " + std::string(needs));
  w.blank();
  w.line("The initial weights come from this framework's random numbers, not nnplay's, so a");
  w.line("run from scratch ends near nnplay's result, not on it.");
  if (!differences.empty()) {
    w.line("Where this script cannot do exactly what nnplay does:");
    for (const std::string& d : differences) w.line("  - " + d);
  }
  w.line("\"\"\"");
  for (const std::string& d : differences) w.difference(d);
  w.block(R"PY(
import argparse
import csv
import json
import os
import sys
)PY");
  if (plan.images) {
    w.line("import gzip");
    w.line("import struct");
  }
  w.block(imports);
}

void writeSettings(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan) {
  w.line("HERE = os.path.dirname(os.path.abspath(__file__))");
  if (plan.images) {
    w.line("IMAGE_FOLDER = " + pyString(in.data.path), "data");
    w.line("PIXEL_SCALE = np.float32(1 / 255)  # raw 0..255 pixels to 0..1", "data");
  } else {
    w.line("DATA_FILE = os.path.join(HERE, " + pyString(in.dataFile) + ")", "data");
  }
  if (plan.images) {
    char share[32];
    std::snprintf(share, sizeof share, "%.17g", in.data.validationRatio);
    w.line(
        std::string("VALIDATION_SHARE = ") + share + "  # of all images, the last training images",
        "validation");
  }
  if (in.weightsFile.empty()) {
    w.line("WEIGHTS_FILE = None  # no trained weights were exported", "weights");
  } else {
    w.line("WEIGHTS_FILE = os.path.join(HERE, " + pyString(in.weightsFile) + ")", "weights");
  }
  w.line("LOAD_WEIGHTS = False  # True: start from nnplay's trained weights (or --load-weights)",
         "weights");
  w.blank();
  if (plan.regression) {
    w.line("TASK = \"regression\"", "data");
  } else {
    w.line("TASK = \"classification\"", "data");
    w.line("CLASSES = " + std::to_string(plan.classes), "data");
  }
  w.line(std::string("METRIC = ") + (plan.regression ? "\"r2\"" : "\"accuracy\""), "metrics");
  if (!plan.images) w.line("TARGET_COLUMN = " + pyString(plan.targetColumn), "data");
  w.line("OUTPUT_HEADER = " + pyStringList(plan.outputHeader) + "  # as nnplay-cli predict writes",
         "data");
  if (plan.plane) {
    w.line("FEATURES = " + pyStringList(plan.features) + "  # the network's inputs", "features");
  }
  w.line("SCALING = " + pyString(scalings()[static_cast<std::size_t>(in.data.scaling)].name) +
             "  # fitted on the training split",
         "scaling");
  w.line("INPUTS, OUTPUTS = " + std::to_string(in.network.inputs) + ", " +
             std::to_string(plan.outputs) + "  # the network's input and output widths",
         "layers");
  if (plan.regression) {
    w.line(std::string("SCALE_TARGETS = ") + (plan.scaleTargets ? "True" : "False") +
               "  # regression targets standardized on the training split",
           "scaling");
  }
  if (plan.binary || plan.oneHot) {
    w.line("TARGET_LOW, TARGET_HIGH = " + pyFloat(plan.low) + ", " + pyFloat(plan.high) +
               "  # what the outputs are trained towards",
           "loss");
  }
  w.line("EPOCHS = " + std::to_string(in.epochs), "epochs");
  w.line("BATCH_SIZE = " + std::to_string(in.training.batchSize), "batch_size");
  w.line("SEED = " + std::to_string(in.training.seed), "seed");
}

void writeDataFunctions(CodeWriter& w, const CodeInput& in, const ScriptPlan& plan) {
  w.block(R"PY(

def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        sys.exit(f"{path}: the file is empty; expected a header row")
    return rows[0], rows[1:]
)PY");
  if (plan.images) {
    w.block(R"PY(

def read_idx(stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(IMAGE_FOLDER, name)
        if os.path.exists(path):
            with (gzip.open if name.endswith(".gz") else open)(path, "rb") as f:
                raw = f.read()
            dims = raw[3]
            shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    sys.exit(f"{IMAGE_FOLDER}: no {stem} or {stem}.gz (the four MNIST-format files)")


def load_data():
    """Raw pixels (0..255) and labels of each split; validation: the last training images."""
    train_x, train_y = read_idx("train-images-idx3-ubyte"), read_idx("train-labels-idx1-ubyte")
    test_x, test_y = read_idx("t10k-images-idx3-ubyte"), read_idx("t10k-labels-idx1-ubyte")
    keep = len(train_x) - int((len(train_x) + len(test_x)) * VALIDATION_SHARE)
    flat = lambda images: images.reshape(len(images), images.shape[1] * images.shape[2]).astype(np.float32)
    data = {
        "train": (flat(train_x[:keep]), train_y[:keep].astype(np.float32)),
        "validation": (flat(train_x[keep:]), train_y[keep:].astype(np.float32)),
        "test": (flat(test_x), test_y.astype(np.float32)),
    }
    return [f"pixel_{i}" for i in range(data["train"][0].shape[1])], data
)PY");
  } else {
    w.block(R"PY(

def load_data():
    """Raw inputs and targets of each split, as nnplay split them."""
    header, rows = read_csv(DATA_FILE)
    split, target = header.index("split"), header.index(TARGET_COLUMN)
    inputs = [j for j in range(len(header)) if j not in (split, target)]
    data = {}
    for name in ("train", "validation", "test"):
        part = [r for r in rows if r[split] == name]
        x = np.array([[float(r[j]) for j in inputs] for r in part], dtype=np.float32)
        y = np.array([float(r[target]) for r in part], dtype=np.float32)
        data[name] = (x.reshape(len(part), len(inputs)), y)
    return [header[j] for j in inputs], data
)PY");
  }
  w.blank();
  w.blank();
  w.line("def features(raw):", "features");
  if (plan.plane) {
    w.line("    \"\"\"The network's inputs from the raw columns: nnplay's feature map.\"\"\"",
           "features");
    w.block(R"PY(
    x1 = raw[:, 0]
    x2 = raw[:, 1] if raw.shape[1] > 1 else np.zeros_like(x1)
    table = {"x1": x1, "x2": x2, "x1sq": x1 * x1, "x2sq": x2 * x2, "x1x2": x1 * x2,
             "sinx1": np.sin(x1), "sinx2": np.sin(x2), "cosx1": np.cos(x1), "cosx2": np.cos(x2),
             "one": np.ones_like(x1)}
    return np.stack([table[name] for name in FEATURES], axis=1).astype(np.float32))PY");
  } else if (plan.images) {
    w.line("    return raw * PIXEL_SCALE", "data");
  } else {
    w.line("    return raw  # the table's columns as they are", "features");
  }
  w.blank();
  w.blank();
  w.line("def fit_scaling(x, scaling):", "scaling");
  w.block(R"PY(
    """nnplay's scaling fitted on the training rows: x' = (x - offset) * factor."""
    x = x.astype(np.float64)
    offset, factor = np.zeros(x.shape[1]), np.ones(x.shape[1])
    if scaling == "standard":
        offset = x.mean(axis=0)
        sd = np.sqrt(np.maximum(0.0, (x * x).mean(axis=0) - offset * offset))
        factor = np.where(sd > 1e-12, 1.0 / np.where(sd > 1e-12, sd, 1.0), 1.0)
    elif scaling in ("minmax", "minmax_sym"):
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = np.where(hi - lo > 1e-12, hi - lo, 1.0)
        symmetric = scaling == "minmax_sym"
        offset = 0.5 * (lo + hi) if symmetric else lo
        factor = np.where(hi - lo > 1e-12, (2.0 if symmetric else 1.0) / span, 1.0)
    return offset.astype(np.float32), factor.astype(np.float32)


def stored_scaling(stored, key, width):
    """A scaling saved in nnplay's .npz, or none."""
    if f"{key}/offset" in stored.files:
        return stored[f"{key}/offset"].astype(np.float32), stored[f"{key}/factor"].astype(np.float32)
    return np.zeros(width, np.float32), np.ones(width, np.float32)


def encode_targets(y, target_scaling):
    """What the output layer is trained towards.""")PY");
  if (plan.regression) {
    w.line(
        "    return ((y.reshape(len(y), -1) - target_scaling[0]) * target_scaling[1])"
        ".astype(np.float32)",
        "scaling");
  } else if (plan.binary) {
    w.line(
        "    return np.where(y >= 0.5, TARGET_HIGH, TARGET_LOW).astype(np.float32)"
        ".reshape(-1, 1)",
        "loss");
  } else if (plan.oneHot) {
    w.line("    t = np.full((len(y), CLASSES), TARGET_LOW, dtype=np.float32)", "loss");
    w.line("    t[np.arange(len(y)), y.astype(np.int64)] = TARGET_HIGH", "loss");
    w.line("    return t", "loss");
  } else {
    w.line("    return y.astype(np.int64)  # class indices", "loss");
  }
  w.blank();
  w.blank();
  w.line("def score(outputs, y):", "metrics");
  if (plan.regression) {
    w.block(R"PY(
    """R², as nnplay reports it for regression."""
    y = y.reshape(outputs.shape).astype(np.float64)
    total = ((y - y.mean()) ** 2).sum()
    return float(1.0 - ((outputs - y) ** 2).sum() / total) if total > 0 else 0.0)PY");
  } else {
    w.line(
        "    \"\"\"Accuracy, as nnplay reports it: the class of the highest output"
        " (one output: above the midpoint).\"\"\"",
        "metrics");
    w.block(R"PY(
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] >= 0.5 * (TARGET_LOW + TARGET_HIGH)).astype(np.int64)
    else:
        predicted = outputs.argmax(axis=1)
    return float((predicted == y.astype(np.int64)).mean()))PY");
  }
  w.block(R"PY(


def read_inputs(path, names):
    """The model's raw input columns from a CSV file, matched by name as nnplay-cli predict
    does: a column of the same name, or for a one-hot input "col=value" the column "col"."""
    header, rows = read_csv(path)
    x = np.zeros((len(rows), len(names)), dtype=np.float32)
    for j, name in enumerate(names):
        column, _, value = name.partition("=")
        if name in header:
            c = header.index(name)
            x[:, j] = [float(r[c]) for r in rows]
        elif value and column in header:
            c = header.index(column)
            x[:, j] = [1.0 if r[c] == value else 0.0 for r in rows]
        else:
            sys.exit(f"{path}: no column for the model input '{name}'")
    return x


def write_outputs(path, outputs):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(OUTPUT_HEADER)
        out.writerows([["%.9g" % v for v in row] for row in outputs])
)PY");
  (void)in;
}

namespace {

void writeArguments(CodeWriter& w) {
  w.block(R"PY(

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-weights", action="store_true", default=LOAD_WEIGHTS,
                        help="start from the weights nnplay trained (WEIGHTS_FILE)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train (0: none)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of weights, order, dropout")
    parser.add_argument("--predict", metavar="IN.csv", help="outputs for the rows of this file")
    parser.add_argument("--output", metavar="OUT.csv", help="where --predict writes")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args()
    if args.load_weights and WEIGHTS_FILE is None:
        parser.error("this export has no trained weights; train in nnplay and export again")
    if args.predict and not args.output:
        parser.error("--predict needs --output")
    return args
)PY");
}

}  // namespace

void writeMain(CodeWriter& w, const ScriptPlan& plan, std::string_view seeding,
               std::string_view building, std::string_view trainArguments) {
  writeArguments(w);
  w.blank();
  w.line("def main():");
  w.line("    args = parse_args()");
  w.block(seeding);
  w.line("    names, data = load_data()");
  w.line("    x_train, y_train = data[\"train\"]");
  w.block(building);
  w.block(R"PY(
    if args.load_weights:
        stored = np.load(WEIGHTS_FILE, allow_pickle=False)
        load_weights(model, stored)
        scaling = stored_scaling(stored, "scaling", INPUTS)
        target_scaling = stored_scaling(stored, "target_scaling", OUTPUTS)
    else:
        scaling = fit_scaling(features(x_train), SCALING))PY");
  if (plan.regression) {
    w.line(
        "        target_scaling = fit_scaling(y_train.reshape(len(y_train), -1),"
        " \"standard\" if SCALE_TARGETS else \"none\")",
        "scaling");
  } else {
    w.line(
        "        target_scaling = (np.zeros(OUTPUTS, np.float32), np.ones(OUTPUTS, np.float32))");
  }
  w.block(R"PY(
    prepare = lambda raw: (features(raw) - scaling[0]) * scaling[1]
    outputs = lambda model, x: predict(model, x) / target_scaling[1] + target_scaling[0]
    x_val, y_val = data["validation"]
    validation = (prepare(x_val), encode_targets(y_val, target_scaling)) if len(x_val) else None
    train(model, prepare(x_train), encode_targets(y_train, target_scaling), args.epochs,)PY");
  w.block(trainArguments);
  w.block(R"PY(
    scores = {}
    for name, (x, y) in data.items():
        if len(x):
            scores[name] = score(outputs(model, prepare(x)), y)
            print(f"{name:10s} {METRIC} {scores[name]:.4f}")
    if args.predict:
        write_outputs(args.output, outputs(model, prepare(read_inputs(args.predict, names))))
        print(f"wrote the outputs for {args.predict} to {args.output}")
    if args.json:
        print(json.dumps({"metric": METRIC, "train_metric": scores.get("train"),
                          "validation_metric": scores.get("validation"),
                          "test_metric": scores.get("test")}))


if __name__ == "__main__":
    main())PY");
}

}  // namespace detail

}  // namespace nnplay

namespace nnplay {

GeneratedCode generateCode(const CodeInput& in, CodeFramework f) {
  return f == CodeFramework::Keras ? detail::kerasCode(in) : detail::pytorchCode(in);
}

}  // namespace nnplay
