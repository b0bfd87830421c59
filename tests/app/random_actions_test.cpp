// The real window driven by random actions from a seeded generator: datasets
// (Fashion-MNIST too when installed), layers and neurons, every
// hyperparameter including typed nonsense, features, drawn points, typed
// weights, play/pause/step/reset, undo and redo, save and open (also hostile
// files), devices, window sizes. After each action settles:
//  - the session runs what the document says (data, network, training);
//  - every control shows the document's value (validation share, schedule,
//    early stopping and augmentation included);
// and at checkpoints, undoing everything gives the document the undo stack
// started from, and redoing everything gives the document back.
//
// NNPLAY_RANDOM_ACTIONS=N (default 2000) or NNPLAY_RANDOM_SECONDS=S (run for
// as long as asked); NNPLAY_RANDOM_SEED=S replays a run. A failure prints the
// seed, the action number and the last actions.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "augmentation_preview.hpp"
#include "data_panel.hpp"
#include "decision_boundary_view.hpp"
#include "main_window.hpp"
#include "math_docks.hpp"
#include "math_view.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/idx_reader.hpp"
#include "playground_model.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

std::string describe(const NetworkSpec& n) {
  std::ostringstream o;
  o << n.inputs;
  for (const LayerSpec& l : n.layers) {
    o << '-' << l.units << activation(l.activation).name;
    if (l.dropout > 0) o << "/d" << l.dropout;
    if (l.batchNorm) o << "/bn";
  }
  o << " init " << initializer(n.init).name << " bias " << n.biasInit;
  return o.str();
}

std::string describe(const TrainingSettings& t) {
  std::ostringstream o;
  o << loss(t.loss).name << ' ' << optimizer(t.optimizer.id).name << " lr "
    << t.optimizer.learningRate << " mom " << t.optimizer.momentum << " rho " << t.optimizer.rho
    << " b1 " << t.optimizer.beta1 << " b2 " << t.optimizer.beta2 << " l1 " << t.l1 << " l2 "
    << t.l2 << " batch " << t.batchSize << " seed " << t.seed << " schedule "
    << formatSchedule(t.schedule) << " early " << t.earlyStopping.enabled << '/'
    << t.earlyStopping.patience << '/' << t.earlyStopping.minDelta << '/'
    << t.earlyStopping.restoreBest << " augment " << formatAugment(t.augment);
  return o.str();
}

std::string describe(const DataSpec& d) {
  std::ostringstream o;
  o << "kind " << static_cast<int>(d.kind) << ' ' << d.generator << ' ' << d.path << " n "
    << d.params.samples << " noise " << d.params.noise << " k " << d.params.classes << " ratio "
    << d.trainRatio << " validation " << d.validationRatio << " scale "
    << static_cast<int>(d.scaling) << " drawn " << d.drawn.size() << " features "
    << d.features.ids.size() << " target " << d.table.target;
  return o.str();
}

bool near(double a, double b) {
  return std::abs(a - b) <= 1e-5 * std::max({1.0, std::abs(a), std::abs(b)});
}

}  // namespace

class RandomActionsTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;
  std::mt19937_64 rng_;
  std::deque<QString> log_;
  long actions_ = 0;
  QTemporaryDir dir_;
  std::vector<std::string> hostile_;
  Document baseline_;  // what undoing everything must give

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T* pick(const QList<T*>& list) {
    return list.isEmpty() ? nullptr : list[uniform(0, static_cast<int>(list.size()) - 1)];
  }
  template <typename T>
  QList<T*> usable(const QString& pattern) {
    QList<T*> out;
    for (T* w : window_->findChildren<T*>(QRegularExpression(pattern))) {
      if (w->isVisibleTo(window_.get()) && w->isEnabled()) out.push_back(w);
    }
    return out;
  }
  template <typename T>
  T* named(const QString& name) {
    return window_->findChild<T*>(name);
  }

  void settle() { test::settle(*model_); }

  void choose(QComboBox* c, int i) {
    c->setCurrentIndex(i);
    emit c->activated(i);
  }
  void chooseRandom(QComboBox* c) {
    if (c && c->count() > 0) choose(c, uniform(0, c->count() - 1));
  }
  QString typed(QComboBox* c, const QString& text) {
    c->lineEdit()->setText(text);
    emit c->lineEdit()->editingFinished();
    return c->objectName() + " '" + text + "'";
  }
  QString randomNumberText() {
    static const char* odd[] = {"abc", "-1", "0", "nan", "inf", "1e9", "", "1,5", "0.0000001"};
    if (chance(0.3)) return odd[uniform(0, 8)];
    return QString::number(std::pow(10.0, real(-4, 1)), 'g', 4);
  }

  // ---- Actions: each does one thing a person could do and says what.
  QString chooseDataset() {
    auto tiles = usable<QToolButton>("^tile_");
    QToolButton* t = pick(tiles);
    // Fashion-MNIST is 70,000 images: picked now and then, not every few actions.
    if (t && t->objectName() == "tile_fashion_mnist" && !chance(0.5)) t = pick(tiles);
    if (!t) return "no tile";
    t->click();
    return t->objectName();
  }
  QString dataControl() {
    switch (uniform(0, 8)) {
      case 0:
        if (auto* s = named<QSlider>("noiseSlider"); s && s->isEnabled()) {
          s->setValue(uniform(0, 50));
          return "noise " + QString::number(s->value());
        }
        break;
      case 1:
        if (auto* s = named<QSlider>("ratioSlider"); s && s->isEnabled()) {
          s->setValue(uniform(10, 90));
          return "ratio " + QString::number(s->value());
        }
        break;
      case 2:
        if (auto* s = named<QSpinBox>("samplesSpin"); s && s->isEnabled()) {
          s->setValue(uniform(20, 1500));
          return "samples " + QString::number(s->value());
        }
        break;
      case 3:
        if (auto* s = named<QSpinBox>("classesSpin"); s && s->isEnabled()) {
          s->setValue(uniform(s->minimum(), s->maximum()));
          return "classes " + QString::number(s->value());
        }
        break;
      case 4:
        chooseRandom(named<QComboBox>("scalingCombo"));
        return "scaling";
      case 5:
        if (auto* c = named<QComboBox>("targetCombo"); c && c->isEnabled()) {
          chooseRandom(c);
          return "target " + c->currentText();
        }
        break;
      case 6:
        if (auto* b = named<QAbstractButton>("regenerateButton"); b && b->isEnabled()) {
          b->click();
          return "regenerate";
        }
        break;
      case 7:
        chooseRandom(named<QComboBox>("drawClassCombo"));
        return "draw class";
      default:
        // Shares the training part cannot give are refused.
        if (auto* s = named<QSpinBox>("validationSpin")) {
          s->setValue(uniform(0, 60));
          return "validation " + QString::number(s->value());
        }
        break;
    }
    return "data: nothing to do";
  }
  QString toggleFeature() {
    auto* t = pick(usable<QWidget>("^feature_"));
    if (!t) return "no feature";
    QTest::mouseClick(t, Qt::LeftButton);
    return t->objectName();
  }
  QString draw() {
    if (model_->document().data.kind != DataSourceKind::Drawn || chance(0.1)) {
      if (auto* b = named<QAbstractButton>("drawButton"); b && b->isEnabled()) {
        b->click();
        return "draw button";
      }
    }
    auto* view = named<DecisionBoundaryView>("boundaryView");
    if (!view || !view->isVisible()) return "no boundary view";
    const QPoint at(uniform(0, view->width() - 1), uniform(0, view->height() - 1));
    const bool right = chance(0.3);
    QTest::mouseClick(view, right ? Qt::RightButton : Qt::LeftButton, {}, at);
    return QString(right ? "remove point " : "add point ") + QString::number(at.x()) + "," +
           QString::number(at.y());
  }
  QString network() {
    switch (uniform(0, 5)) {
      case 0:
        if (auto* b = named<QAbstractButton>("addLayerButton"); b && b->isEnabled()) b->click();
        return "add layer";
      case 1:
        if (auto* b = named<QAbstractButton>("removeLayerButton"); b && b->isEnabled()) b->click();
        return "remove layer";
      case 2:
      case 3: {
        auto* b = pick(
            usable<QAbstractButton>(uniform(0, 1) ? "^addNeuronButton_" : "^removeNeuronButton_"));
        if (!b) return "no neuron button";
        b->click();
        return b->objectName();
      }
      case 4: {
        auto* c = pick(usable<QComboBox>("^(activationCombo|dropoutCombo)_"));
        if (!c) return "no layer combo";
        chooseRandom(c);
        return c->objectName() + " " + c->currentText();
      }
      default: {
        auto* b = pick(usable<QAbstractButton>("^(batchNormCheck|biasCheck)_"));
        if (!b) return "no batch norm or bias box";
        b->click();
        return b->objectName();
      }
    }
  }
  QString hyperparameter() {
    switch (uniform(0, 15)) {
      case 0:
        return typed(named<QComboBox>("learningRateCombo"), randomNumberText());
      case 1:
        chooseRandom(named<QComboBox>("optimizerCombo"));
        return "optimizer";
      case 2: {
        auto* s = pick(usable<QDoubleSpinBox>("^"));
        if (!s) return "no optimizer parameter";
        s->setValue(real(s->minimum(), s->maximum()));
        return s->objectName() + " " + QString::number(s->value());
      }
      case 3:
        chooseRandom(named<QComboBox>("lossCombo"));
        return "loss " + named<QComboBox>("lossCombo")->currentText();
      case 4:
        chooseRandom(named<QComboBox>("regularizationCombo"));
        return "regularization";
      case 5:
        return typed(named<QComboBox>("regularizationRateCombo"), randomNumberText());
      case 6:
        named<QSpinBox>("batchSpin")->setValue(uniform(1, 600));
        return "batch";
      case 7:
        chooseRandom(named<QComboBox>("initCombo"));
        return "init";
      case 8:
        chooseRandom(named<QComboBox>("problemCombo"));
        return "problem " + named<QComboBox>("problemCombo")->currentText();
      case 9:
        named<QSpinBox>("seedSpin")->setValue(uniform(0, 1000));
        return "seed";
      case 10: {
        auto* c = named<QComboBox>("deviceCombo");
        if (!c || c->count() < 2) return "one device";
        chooseRandom(c);
        return "device " + c->currentData().toString();
      }
      case 11:
        chooseRandom(named<QComboBox>("scheduleCombo"));
        return "schedule " + named<QComboBox>("scheduleCombo")->currentText();
      case 12: {
        // The schedule's popup: its spin boxes are there while it is closed.
        static const char* spins[] = {"scheduleEverySpin", "scheduleFactorSpin",
                                      "scheduleEpochsSpin", "scheduleFloorSpin",
                                      "scheduleWarmupSpin"};
        auto* s = named<QDoubleSpinBox>(spins[uniform(0, 4)]);
        s->setValue(real(s->minimum(), std::min(s->maximum(), 300.0)));
        return s->objectName() + " " + QString::number(s->value());
      }
      case 13: {
        auto* b = named<QAbstractButton>(chance(0.6) ? "earlyStoppingCheck" : "restoreBestCheck");
        b->click();
        return b->objectName();
      }
      case 14:
        if (chance(0.6)) {
          named<QSpinBox>("patienceSpin")->setValue(uniform(1, 60));
          return "patience";
        }
        named<QDoubleSpinBox>("minDeltaSpin")->setValue(real(0, 0.05));
        return "minimum improvement";
      default: {
        // Augmentation: the controls the data shows, and the preview's buttons.
        auto* w = pick(usable<QWidget>("^augment(_|ShuffleButton|NextImageButton)"));
        if (!w) return "no augmentation control";
        if (auto* b = qobject_cast<QAbstractButton*>(w)) {
          b->click();
        } else if (auto* s = qobject_cast<QSpinBox*>(w)) {
          s->setValue(uniform(s->minimum(), s->maximum()));
        } else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) {
          d->setValue(real(d->minimum(), d->maximum()));
        }
        return w->objectName();
      }
    }
  }
  QString typeWeight() {
    const auto s = model_->snapshot();
    if (!s || s->table.empty()) return "no weights";
    const ParameterEntry& e =
        s->table[static_cast<std::size_t>(uniform(0, static_cast<int>(s->table.size()) - 1))];
    const int index =
        chance(0.1) ? static_cast<int>(e.size()) : uniform(0, static_cast<int>(e.size()) - 1);
    const auto value = static_cast<float>(real(-3, 3));
    model_->setWeight(e.name, index, value);
    return QString::fromStdString("weight " + e.name + "[" + std::to_string(index) + "]");
  }
  // The math view: follow a sample (sometimes one that does not exist), step
  // with it or a batch, switch the notation, open the explorer, copy.
  QString math() {
    MathDocks* docks = window_->mathDocks();
    const auto s = model_->snapshot();
    switch (uniform(0, 5)) {
      case 0:
      case 1: {
        const bool test = chance(0.3);
        const int rows = s ? (test ? s->testRows : s->trainRows) : 0;
        const int row = chance(0.05) ? rows + uniform(0, 5) : uniform(0, std::max(0, rows - 1));
        docks->follow({test ? SampleRef::Set::Test : SampleRef::Set::Train, row});
        return QString("follow %1 sample %2").arg(test ? "test" : "training").arg(row);
      }
      case 2:
        if (auto* b = window_->findChild<QPushButton*>("mathStepSample"); b && b->isEnabled()) {
          b->click();
          return "step with this sample";
        }
        return "step with this sample (disabled)";
      case 3:
        docks->showMath();
        window_->findChild<QPushButton*>("mathStepBatch")->click();
        return "math: step with a batch";
      case 4:
        docks->mathView()->setNotation(chance(0.5) ? Notation::Rows : Notation::Columns);
        docks->mathView()->copyText(chance(0.5) ? "markdown" : "csv");
        return "math notation and copy";
      default:
        docks->explorerDock()->setVisible(!docks->explorerDock()->isVisible());
        return "activation explorer";
    }
  }
  QString control() {
    switch (uniform(0, 4)) {
      case 0:
        model_->togglePlay();
        QTest::qWait(uniform(0, 30));
        return "play/pause";
      case 1:
        model_->stepBatch();
        return "step batch";
      case 2:
        // An epoch of Fashion-MNIST is 60,000 images: batches there.
        if (model_->shape().images) {
          model_->stepBatch();
          return "step batch (images)";
        }
        model_->stepEpoch();
        return "step epoch";
      case 3:
        model_->reset();
        return "reset";
      default:
        model_->pause();
        return "pause";
    }
  }
  QString undoRedo() {
    QUndoStack* u = model_->undoStack();
    const int n = uniform(1, 4);
    const bool undo = chance(0.6);
    for (int i = 0; i < n; ++i) undo ? u->undo() : u->redo();
    return QString(undo ? "undo x" : "redo x") + QString::number(n);
  }
  QString files() {
    const QString path = dir_.filePath("run.nnplay.json");
    if (chance(0.4)) {
      window_->saveProjectFile(path);
      return "save";
    }
    if (chance(0.5) && QFile::exists(path)) {
      if (window_->openProjectFile(path)) baseline_ = model_->document();
      return "open saved";
    }
    // A hostile file changes nothing.
    const Document before = model_->document();
    const int undoCount = model_->undoStack()->count();
    const std::string& file =
        hostile_[static_cast<std::size_t>(uniform(0, static_cast<int>(hostile_.size()) - 1))];
    const bool opened = window_->openProjectFile(QString::fromStdString(file));
    if (opened) {
      baseline_ = model_->document();
    } else if (!(model_->document() == before) || model_->undoStack()->count() != undoCount) {
      failure_ = "a file that failed to open changed the document: " + QString::fromStdString(file);
    }
    return QString("open ") + (opened ? "" : "(refused) ") +
           QString::fromStdString(std::filesystem::path(file).filename().string());
  }
  QString newDocument() {
    window_->newProject();
    baseline_ = model_->document();
    return "new";
  }
  // A table that changes on disk under the window: the window's cached shape
  // no longer matches, so the session (which reads the file again) refuses
  // edits, and the window must take them back.
  QString changingTable() {
    const QString path = dir_.filePath("changing.csv");
    const int what = QFile::exists(path) ? uniform(0, 3) : 0;
    if (what == 0) {
      writeTable(path, 0);
      window_->dataPanel()->openDataPath(path);
      return "open changing.csv";
    }
    writeTable(path, what);
    return QString("changing.csv becomes version %1").arg(what);
  }
  static void writeTable(const QString& path, int version) {
    std::ofstream out(path.toStdString());
    if (version == 3) {
      out << "a,b\n1,2\n3\n";  // ragged
      return;
    }
    out << (version == 2 ? "a,b,c,kind\n" : "a,b,kind\n");
    for (int i = 0; i < 40; ++i) {
      out << i % 7 << ',' << (i * 3) % 11 << ',';
      if (version == 2) out << i % 5 << ',';
      out << (i % 3 == 0 ? "yes" : "no") << '\n';
    }
  }

  QString resize() {
    window_->resize(uniform(900, 1700), uniform(600, 1100));
    return "resize";
  }

  // ---- The invariant.
  QString failure_;

  QString mismatch() {
    if (!failure_.isEmpty()) return failure_;
    const Document& doc = model_->document();
    const auto s = model_->snapshot();
    if (s && s->ready) {
      if (!s->data || !(*s->data == doc.data)) {
        return QString::fromStdString("session data differs:\n  document " + describe(doc.data) +
                                      "\n  session  " + (s->data ? describe(*s->data) : "none"));
      }
      if (!(s->network == doc.network)) {
        return QString::fromStdString("session network differs:\n  document " +
                                      describe(doc.network) + "\n  session  " +
                                      describe(s->network));
      }
      if (!(s->training == doc.training)) {
        return QString::fromStdString("session training differs:\n  document " +
                                      describe(doc.training) + "\n  session  " +
                                      describe(s->training));
      }
      // The math the session serves is of this network and these weights.
      if (s->trace && (s->trace->x.cols() != s->network.inputs ||
                       s->trace->layers.size() != s->network.layers.size())) {
        return "the followed sample's trace is of another network";
      }
      if (s->trace && s->followed && !s->running) {  // throttled while running
        const ArrayTrace* k = s->trace->array("dense_0/kernel");
        const float shown = *s->value("dense_0/kernel", 0);  // NaN after a divergence
        if (!k || (k->value.front() != shown && !(std::isnan(shown) && std::isnan(k->value[0])))) {
          return "the followed sample's trace has other weights than the snapshot";
        }
      }
    }
    return controlsMismatch();
  }

  QString controlsMismatch() {
    const Document& doc = model_->document();
    const TrainingSettings& t = doc.training;
    auto comboData = [this](const char* name) { return named<QComboBox>(name)->currentData(); };
    if (!near(named<QComboBox>("learningRateCombo")->currentText().toDouble(),
              t.optimizer.learningRate)) {
      return "learning rate shows " + named<QComboBox>("learningRateCombo")->currentText();
    }
    if (comboData("optimizerCombo").toInt() != static_cast<int>(t.optimizer.id))
      return "optimizer control";
    if (comboData("lossCombo").toInt() != static_cast<int>(t.loss)) return "loss control";
    const double rate = t.l1 > 0 ? t.l1 : t.l2;
    if (!near(named<QComboBox>("regularizationRateCombo")->currentText().toDouble(), rate))
      return "regularization rate control";
    if (named<QSpinBox>("batchSpin")->value() != std::min(t.batchSize, 100000))
      return "batch control";
    if (named<QSpinBox>("seedSpin")->value() != static_cast<int>(t.seed)) return "seed control";
    if (comboData("initCombo").toInt() != static_cast<int>(doc.network.init)) return "init control";
    if (comboData("problemCombo").toInt() != static_cast<int>(model_->shape().task))
      return "problem control";
    if (comboData("deviceCombo").toString().toStdString() != doc.device) return "device control";
    if (comboData("scalingCombo").toInt() != static_cast<int>(doc.data.scaling))
      return "scaling control";
    if (named<QSlider>("ratioSlider")->value() != std::lround(doc.data.trainRatio * 100))
      return "ratio control";
    if (named<QSlider>("noiseSlider")->value() != std::lround(doc.data.params.noise * 100))
      return "noise control";
    if (named<QSpinBox>("validationSpin")->value() != std::lround(doc.data.validationRatio * 100))
      return "validation control";
    // A spin box shows its value rounded to its decimals.
    const auto shows = [this](const char* name, double value) {
      auto* s = named<QDoubleSpinBox>(name);
      return s && std::abs(s->value() - value) <= 0.5 * std::pow(10.0, -s->decimals()) + 1e-9;
    };
    if (comboData("scheduleCombo").toInt() != static_cast<int>(t.schedule.id))
      return "schedule control";
    if (!shows("scheduleEverySpin", t.schedule.every) ||
        !shows("scheduleFactorSpin", t.schedule.factor) ||
        !shows("scheduleEpochsSpin", t.schedule.epochs) ||
        !shows("scheduleFloorSpin", t.schedule.floor) ||
        !shows("scheduleWarmupSpin", t.schedule.warmup))
      return "schedule settings";
    if (named<QAbstractButton>("earlyStoppingCheck")->isChecked() != t.earlyStopping.enabled ||
        named<QSpinBox>("patienceSpin")->value() != t.earlyStopping.patience ||
        !shows("minDeltaSpin", t.earlyStopping.minDelta) ||
        named<QAbstractButton>("restoreBestCheck")->isChecked() != t.earlyStopping.restoreBest)
      return "early stopping controls";
    for (const AugmentOption& o : augmentOptions()) {
      const QString name = "augment_" + QString::fromUtf8(o.name.data(), o.name.size());
      auto* w = named<QWidget>(name);
      if (!w) return "no control " + name;
      const double v = o.get(t.augment);
      bool same = true;
      if (auto* b = qobject_cast<QAbstractButton*>(w)) same = b->isChecked() == (v != 0.0);
      if (auto* s = qobject_cast<QSpinBox*>(w)) same = s->value() == std::lround(v);
      if (qobject_cast<QDoubleSpinBox*>(w)) same = shows(qPrintable(name), v);
      if (!same) return name + " control";
      // Image transforms for images, jitter for the rest.
      if (w->isVisibleTo(window_.get()) != (o.image == model_->shape().images))
        return name + " shown for the wrong data";
    }
    auto* preview = named<AugmentationPreview>("augmentationPreview");
    if (!(preview->settings() == t.augment)) return "the augmentation preview's settings";
    if (preview->isVisibleTo(window_.get()) != model_->shape().images)
      return "the augmentation preview shown for the wrong data";
    const DataShape& shape = model_->shape();
    const FeatureMap map =
        doc.data.features.isIdentity() ? FeatureMap::plain(shape.rawInputs) : doc.data.features;
    for (const FeatureInfo& f : features()) {
      auto* tile =
          named<QAbstractButton>("feature_" + QString::fromUtf8(f.name.data(), f.name.size()));
      if (!tile) return "no feature tile";
      const bool on = shape.plane && f.inputsNeeded <= shape.rawInputs &&
                      std::find(map.ids.begin(), map.ids.end(), f.id) != map.ids.end();
      if (tile->isChecked() != on) return "feature tile " + tile->objectName();
    }
    // The network view draws the session's snapshot, which equals the document here
    // (a session that failed to start has none to draw).
    if (!model_->snapshot() || !model_->snapshot()->ready) return {};
    const auto& layers = doc.network.layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      auto* c = named<QComboBox>(QString("activationCombo_%1").arg(i));
      if (!c) return QString("no activation control for layer %1").arg(i);
      if (c->currentData().toInt() != static_cast<int>(layers[i].activation))
        return QString("activation control of layer %1 shows %2").arg(i).arg(c->currentText());
      auto* bn = named<QAbstractButton>(QString("batchNormCheck_%1").arg(i));
      if (bn && bn->isVisibleTo(window_.get()) && bn->isChecked() != layers[i].batchNorm)
        return QString("batch-norm box of layer %1").arg(i);
      auto* bias = named<QAbstractButton>(QString("biasCheck_%1").arg(i));
      // (compact headers hide both boxes; a full header always has the bias's)
      if (bias && bias->isVisibleTo(window_.get()) &&
          bias->isChecked() != (layers[i].bias && !layers[i].batchNorm))
        return QString("bias box of layer %1").arg(i);
    }
    if (named<QComboBox>(QString("activationCombo_%1").arg(layers.size())) &&
        named<QComboBox>(QString("activationCombo_%1").arg(layers.size()))
            ->isVisibleTo(window_.get()))
      return "a control for a layer that is not there";
    return {};
  }

  void check(const QString& action) {
    settle();
    const QString why = mismatch();
    if (why.isEmpty()) return;
    QString recent;
    for (const QString& a : log_) recent += "\n    " + a;
    QFAIL(qPrintable(QString("after action %1 (%2): %3\nreplay: NNPLAY_RANDOM_SEED=%4 "
                             "NNPLAY_RANDOM_ACTIONS=%5\nlast actions:%6")
                         .arg(actions_)
                         .arg(action, why)
                         .arg(seed_)
                         .arg(actions_)
                         .arg(recent)));
  }

  // Undo everything (the document must be the baseline), then redo everything.
  void undoAll() {
    // A table that went bad on disk refuses to go back to; make it good again.
    if (QFile::exists(dir_.filePath("changing.csv"))) writeTable(dir_.filePath("changing.csv"), 0);
    QUndoStack* u = model_->undoStack();
    const Document top = model_->document();
    const int index = u->index();
    while (u->canUndo()) u->undo();
    settle();
    if (!(model_->document() == baseline_) && failure_.isEmpty()) {
      failure_ = QString::fromStdString(
          "undoing everything did not give the first document:\n  " +
          describe(model_->document().network) + " / " + describe(model_->document().training) +
          "\n  " + describe(baseline_.network) + " / " + describe(baseline_.training));
    }
    check("undo all");
    if (QTest::currentTestFailed()) return;
    while (u->index() < index && u->canRedo()) u->redo();
    settle();
    if (!(model_->document() == top) && failure_.isEmpty())
      failure_ = "redoing everything did not give the document back";
    check("redo all");
  }

  void makeHostileFiles() {
    const std::string seeds = NNPLAY_SOURCE_DIR "/tests/fuzz/seeds/project";
    if (std::filesystem::is_directory(seeds)) {
      for (const auto& e : std::filesystem::directory_iterator(seeds)) {
        hostile_.push_back(e.path().string());
      }
    }
    // Built from a real save: truncated, wrong types, huge sizes.
    const QString good = dir_.filePath("good.nnplay.json");
    window_->saveProjectFile(good);
    std::ifstream in(good.toStdString());
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    auto write = [&](const std::string& name, const std::string& body) {
      const std::string path = dir_.filePath(QString::fromStdString(name)).toStdString();
      std::ofstream(path) << body;
      hostile_.push_back(path);
    };
    write("truncated.nnplay.json", text.substr(0, text.size() / 2));
    write("empty.nnplay.json", "");
    auto replaced = [&](const std::string& from, const std::string& to) {
      std::string s = text;
      if (const auto at = s.find(from); at != std::string::npos) s.replace(at, from.size(), to);
      return s;
    };
    write("units_string.nnplay.json", replaced("\"units\": 8", "\"units\": \"eight\""));
    write("units_huge.nnplay.json", replaced("\"units\": 8", "\"units\": 2000000000"));
    write("samples_huge.nnplay.json", replaced("\"samples\": ", "\"samples\": 9999999999"));
    write("version_2.nnplay.json", replaced("\"version\": 1", "\"version\": 2"));
    write("not_json.nnplay.json", "\x89PNG\r\n\x1a\n garbage");
    write("missing.nnplay.json.gone", "");
    std::filesystem::remove(hostile_.back());
  }

  QString seed_;

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void randomActions() {
    const QByteArray seedEnv = qgetenv("NNPLAY_RANDOM_SEED");
    const std::uint64_t seed = seedEnv.isEmpty() ? std::random_device{}() : seedEnv.toULongLong();
    seed_ = QString::number(seed);
    rng_.seed(seed);
    const long count = qEnvironmentVariableIsSet("NNPLAY_RANDOM_ACTIONS")
                           ? qEnvironmentVariableIntValue("NNPLAY_RANDOM_ACTIONS")
                           : 2000;
    const long seconds = qEnvironmentVariableIntValue("NNPLAY_RANDOM_SECONDS");
    const bool verbose = qEnvironmentVariableIsSet("NNPLAY_RANDOM_VERBOSE");
    qInfo("random actions: seed %s, %s", qPrintable(seed_),
          seconds > 0 ? qPrintable(QString("%1 s").arg(seconds))
                      : qPrintable(QString("%1 actions").arg(count)));

    QVERIFY(test::openWindow(model_, window_, QSize(1400, 900)));
    settle();
    makeHostileFiles();
    baseline_ = model_->document();

    struct Kind {
      int weight;
      QString (RandomActionsTest::*run)();
    };
    const Kind kinds[] = {
        {4, &RandomActionsTest::chooseDataset}, {8, &RandomActionsTest::dataControl},
        {5, &RandomActionsTest::toggleFeature}, {5, &RandomActionsTest::draw},
        {14, &RandomActionsTest::network},      {16, &RandomActionsTest::hyperparameter},
        {4, &RandomActionsTest::typeWeight},    {8, &RandomActionsTest::control},
        {10, &RandomActionsTest::undoRedo},     {2, &RandomActionsTest::files},
        {1, &RandomActionsTest::newDocument},   {2, &RandomActionsTest::resize},
        {2, &RandomActionsTest::changingTable}, {4, &RandomActionsTest::math},
    };
    std::vector<int> weights;
    for (const Kind& k : kinds) weights.push_back(k.weight);
    std::discrete_distribution<int> which(weights.begin(), weights.end());

    QElapsedTimer clock;
    clock.start();
    std::map<QString, int> errors;
    connect(model_.get(), &PlaygroundModel::errorOccurred, this,
            [&errors](const QString& m) { ++errors[m.left(40)]; });
    for (actions_ = 1; seconds > 0 ? clock.elapsed() < seconds * 1000 : actions_ <= count;
         ++actions_) {
      const QString what = (this->*kinds[which(rng_)].run)();
      log_.push_back(QString::number(actions_) + ": " + what);
      if (verbose) qInfo("%s", qPrintable(log_.back()));
      if (log_.size() > 25) log_.pop_front();
      check(what);
      if (QTest::currentTestFailed()) return;
      if (actions_ % 250 == 0) undoAll();
      if (QTest::currentTestFailed()) return;
      // Training in the background slows every later action; a person pauses too.
      if (model_->running() && chance(0.3)) model_->pause();
    }
    --actions_;
    model_->pause();
    undoAll();
    if (QTest::currentTestFailed()) return;
    int refusals = 0;
    for (const auto& [m, n] : errors) refusals += n;
    qInfo("random actions: %ld actions in %.1f s (seed %s), %d messages shown", actions_,
          clock.elapsed() / 1000.0, qPrintable(seed_), refusals);
    window_.reset();
    model_.reset();
  }
};

int main(int argc, char** argv) {
  // A run lasts as long as asked: QtTest's five-minute watchdog must not end it.
  if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT")) {
    qputenv("QTEST_FUNCTION_TIMEOUT", "172800000");
  }
  QApplication app(argc, argv);
  RandomActionsTest test;
  return QTest::qExec(&test, argc, argv);
}
#include "random_actions_test.moc"
