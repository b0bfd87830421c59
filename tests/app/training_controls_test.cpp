// The training controls in the real window, offscreen: the validation share
// in the data panel and its curve on the charts; early stopping (it pauses the
// run, says so in the banner, marks the best epoch and puts back that
// epoch's weights); learning-rate schedules with their curve and the current
// rate; augmentation settings with the preview grid; all of it in the project
// file; and refusals that name the setting. With NNPLAY_SCREENSHOT_DIR set,
// it also saves early_stopping_chart.png and augmentation_preview.png.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QtEndian>
#include <cmath>
#include <fstream>
#include <map>

#include "augmentation_controls.hpp"
#include "augmentation_preview.hpp"
#include "code_dock.hpp"
#include "code_view.hpp"
#include "data_panel.hpp"
#include "loss_charts.hpp"
#include "main_window.hpp"
#include "nnplay/idx_reader.hpp"
#include "playground_model.hpp"
#include "schedule_curve.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

namespace {

void writeBigEndian(std::ofstream& out, std::uint32_t v) {
  const std::uint32_t be = qToBigEndian(v);
  out.write(reinterpret_cast<const char*>(&be), 4);
}

// A tiny MNIST-format folder: bars and boxes of 28x28 pixels in three
// classes, so the image controls have a training image to show.
void writeIdxFolder(const QString& dir, int train, int test) {
  const auto images = [&](const char* name, int n) {
    std::ofstream out((dir + "/" + name).toStdString(), std::ios::binary);
    writeBigEndian(out, 0x00000803);
    writeBigEndian(out, static_cast<std::uint32_t>(n));
    writeBigEndian(out, 28);
    writeBigEndian(out, 28);
    for (int i = 0; i < n; ++i) {
      for (int y = 0; y < 28; ++y) {
        for (int x = 0; x < 28; ++x) {
          bool on = false;
          switch (i % 3) {
            case 0:  // a vertical bar
              on = x >= 11 + i % 4 && x < 16 + i % 4 && y >= 4 && y < 24;
              break;
            case 1:  // a horizontal bar
              on = y >= 12 && y < 17 && x >= 5 && x < 23;
              break;
            default:  // an L
              on =
                  (x >= 6 && x < 11 && y >= 5 && y < 23) || (y >= 18 && y < 23 && x >= 6 && x < 22);
          }
          out.put(static_cast<char>(on ? 230 : 0));
        }
      }
    }
  };
  const auto labels = [&](const char* name, int n) {
    std::ofstream out((dir + "/" + name).toStdString(), std::ios::binary);
    writeBigEndian(out, 0x00000801);
    writeBigEndian(out, static_cast<std::uint32_t>(n));
    for (int i = 0; i < n; ++i) out.put(static_cast<char>(i % 3));
  };
  images("train-images-idx3-ubyte", train);
  labels("train-labels-idx1-ubyte", train);
  images("t10k-images-idx3-ubyte", test);
  labels("t10k-labels-idx1-ubyte", test);
}

}  // namespace

class TrainingControlsTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  template <typename T>
  T* find(const QString& name) {
    return test::findWidget<T>(*window_, name);
  }
  // The session has answered everything asked so far; the model has heard
  // of its refusals (which may give it more commands) and its newest snapshot.
  void settle() { test::settle(*model_); }
  void choose(QComboBox* combo, const QString& text) { test::choose(combo, text); }
  void waitForEpochs(long epochs) {
    QSignalSpy spy(model_.get(), &PlaygroundModel::epochChanged);
    QElapsedTimer t;
    t.start();
    while (model_->snapshot()->epoch < epochs && t.elapsed() < 60000) spy.wait(200);
    QVERIFY2(model_->snapshot()->epoch >= epochs, "training did not reach the epochs in 60 s");
  }
  // A small noisy spiral and a wide network: the validation loss turns up
  // after a few dozen epochs.
  void overfittingSetup(int samples, int validationPercent) {
    Document d = model_->document();
    d.data.params.noise = 0.5;
    d.data.params.samples = samples;
    d.data.validationRatio = validationPercent / 100.0;
    d.network = makeSpec(2, {32, 32, 32}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
    d.training.optimizer.learningRate = 0.03f;
    model_->setDocument(d, "overfitting setup");
    settle();
    QCOMPARE(model_->document().data.params.samples, samples);
    QVERIFY(!model_->snapshot()->error);
  }
  void enableEarlyStopping(int patience) {
    find<QCheckBox>("earlyStoppingCheck")->setChecked(true);
    find<QSpinBox>("patienceSpin")->setValue(patience);
    settle();
    QVERIFY(model_->document().training.earlyStopping.enabled);
    QCOMPARE(model_->document().training.earlyStopping.patience, patience);
    QVERIFY(model_->snapshot()->training.earlyStopping.enabled);
  }
  // Plays until early stopping pauses the run.
  void playUntilEarlyStop() {
    QSignalSpy running(model_.get(), &PlaygroundModel::runningChanged);
    model_->play();
    QElapsedTimer t;
    t.start();
    while (!model_->snapshot()->earlyStopped && t.elapsed() < 60000) running.wait(200);
    settle();
    QVERIFY2(model_->snapshot()->earlyStopped, "early stopping did not stop the run in 60 s");
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1500, 950)));
    settle();
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  // COURSE.md c02 in the window: with every hidden layer removed, one
  // binary-step neuron trained by SGD one sample at a time (the perceptron
  // rule) learns AND and OR; on XOR its accuracy stays at most 0.75.
  void oneStepNeuronLearnsAndAndOrButNotXor() {
    struct Gate {
      const char* tile;
      bool learnable;
    };
    for (const Gate& g :
         {Gate{"tile_and", true}, Gate{"tile_or", true}, Gate{"tile_xor_gate", false}}) {
      QTest::mouseClick(find<QToolButton>(g.tile), Qt::LeftButton);
      settle();
      QCOMPARE(model_->snapshot()->data->generator, std::string(g.tile).substr(5));
      auto* removeLayer = find<QToolButton>("removeLayerButton");
      for (int i = 0; i < 8 && model_->document().network.layers.size() > 1; ++i) {
        QTest::mouseClick(removeLayer, Qt::LeftButton);
        settle();
      }
      QCOMPARE(model_->document().network.layers.size(), std::size_t{1});
      QVERIFY(!removeLayer->isEnabled());
      choose(find<QComboBox>("activationCombo_0"), "Binary step");
      settle();
      QCOMPARE(model_->document().network.layers[0].activation, ActivationId::BinaryStep);
      Document d = model_->document();
      d.training.loss = LossId::Mse;
      d.training.optimizer.id = OptimizerId::Sgd;
      d.training.optimizer.learningRate = 0.1f;
      d.training.batchSize = 1;
      model_->setDocument(d, "the perceptron rule");
      settle();
      QVERIFY2(!model_->snapshot()->error, model_->snapshot()->message.c_str());
      QCOMPARE(model_->snapshot()->network.layers.size(), std::size_t{1});
      model_->play();
      waitForEpochs(40);
      model_->pause();
      settle();
      const HistoryPoint& h = model_->snapshot()->history.back();
      if (g.learnable) {
        QCOMPARE(h.trainMetric, 1.0);
        QCOMPARE(h.testMetric, 1.0);
      } else {
        QVERIFY2(h.trainMetric <= 0.75, qPrintable(QString::number(h.trainMetric)));
        QVERIFY2(h.testMetric <= 0.75, qPrintable(QString::number(h.testMetric)));
      }
    }
  }

  // COURSE.md c17's network in the window: the feature "1" as a third input
  // and the layers' b boxes off give 3·4 + 4·1 = 16 weights and nothing else;
  // undo brings the bias back.
  void biasBoxAndConstantFeature() {
    QTest::mouseClick(find<QToolButton>("tile_xor_gate"), Qt::LeftButton);
    settle();
    QTest::mouseClick(find<QAbstractButton>("feature_one"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->document().data.features.ids,
             (std::vector<FeatureId>{FeatureId::X1, FeatureId::X2, FeatureId::One}));
    while (model_->document().network.layers.size() > 2) {
      QTest::mouseClick(find<QToolButton>("removeLayerButton"), Qt::LeftButton);
      settle();
    }
    const int hidden = model_->document().network.layers[0].units;
    for (int layer = 0; layer < 2; ++layer) {
      auto* box = find<QCheckBox>(QString("biasCheck_%1").arg(layer));
      QVERIFY(box->isVisible());
      QVERIFY(box->isChecked());
      box->click();
      settle();
      QVERIFY(!model_->document().network.layers[static_cast<std::size_t>(layer)].bias);
      QVERIFY(!box->isChecked());
    }
    const auto snap = model_->snapshot();
    QVERIFY2(!snap->error, snap->message.c_str());
    QCOMPARE(snap->parameters.size(), static_cast<std::size_t>(3 * hidden + hidden));
    QVERIFY(!findParameter(snap->table, "dense_0/bias"));
    QVERIFY(!findParameter(snap->table, "dense_1/bias"));
    model_->undoStack()->undo();
    settle();
    QVERIFY(model_->document().network.layers[1].bias);
    QVERIFY(find<QCheckBox>("biasCheck_1")->isChecked());
    QVERIFY(findParameter(model_->snapshot()->table, "dense_1/bias"));
  }

  void validationShareGivesAThirdCurve() {
    auto* spin = find<QSpinBox>("validationSpin");
    QCOMPARE(spin->value(), 0);
    QCOMPARE(spin->property("codeControl").toString(), QString("validation"));
    QVERIFY(!window_->charts()->validationInLegend());
    spin->setValue(20);
    settle();
    QCOMPARE(model_->document().data.validationRatio, 0.2);
    QCOMPARE(model_->snapshot()->data->validationRatio, 0.2);
    QCOMPARE(find<QLabel>("splitLabel")->text(),
             QString("30% training · 20% validation · 50% test"));

    model_->setSpeedLimit(100);  // a history point per epoch (flat out, at most one per 5 ms)
    model_->play();
    waitForEpochs(8);
    model_->pause();
    settle();
    const auto s = model_->snapshot();
    QVERIFY(std::isfinite(s->history.back().validationLoss));
    QVERIFY(std::isfinite(s->history.back().validationMetric));
    LossCharts* charts = window_->charts();
    // The charts follow the snapshots on the window's timer.
    QTRY_VERIFY_WITH_TIMEOUT(charts->validationLossSeries()->count() >= 8, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(charts->validationMetricSeries()->count() >= 8, 5000);
    QVERIFY(charts->validationInLegend());
    QCOMPARE(charts->validationLossSeries()->name(), QString("Validation"));
    QCOMPARE(charts->validationLossSeries()->pen().style(), Qt::DashLine);

    // Undo: no validation set, no third curve.
    model_->undoStack()->undo();
    settle();
    QCOMPARE(model_->document().data.validationRatio, 0.0);
    QCOMPARE(spin->value(), 0);
    QCOMPARE(charts->validationLossSeries()->count(), 0);
    QVERIFY(!charts->validationInLegend());
  }

  void impossibleValidationSharesAreRefused() {
    auto* spin = find<QSpinBox>("validationSpin");
    // As large as the training part: nothing left to train on.
    spin->setValue(50);
    settle();
    QCOMPARE(model_->document().data.validationRatio, 0.0);
    QCOMPARE(spin->value(), 0);
    QVERIFY2(window_->lastError().contains("validation share"), qPrintable(window_->lastError()));
    QVERIFY(window_->bannerMessage().contains("validation share"));
    QCOMPARE(model_->snapshot()->data->validationRatio, 0.0);

    // Too few rows for a 1 % share: 20 samples, 2 of them for training.
    find<QSpinBox>("samplesSpin")->setValue(20);
    find<QSlider>("ratioSlider")->setValue(10);
    settle();
    QCOMPARE(model_->snapshot()->trainRows, 2);
    spin->setValue(1);
    settle();
    QVERIFY2(window_->lastError().contains("validation share of 1"),
             qPrintable(window_->lastError()));
    QVERIFY2(window_->lastError().contains("gives no validation row out of 20 rows"),
             qPrintable(window_->lastError()));
    QCOMPARE(model_->document().data.validationRatio, 0.0);
    QCOMPARE(spin->value(), 0);
    // The window goes on: a share that fits is taken.
    find<QSlider>("ratioSlider")->setValue(60);
    spin->setValue(20);
    settle();
    QCOMPARE(model_->document().data.validationRatio, 0.2);
    QCOMPARE(model_->snapshot()->data->validationRatio, 0.2);
  }

  void badEarlyStoppingInAFileNamesTheField() {
    QTemporaryDir dir;
    const QString good = dir.filePath("good.nnplay.json");
    QVERIFY(window_->saveProjectFile(good));
    std::ifstream in(good.toStdString());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto at = text.find("\"patience\": 10");
    QVERIFY(at != std::string::npos);
    text.replace(at, 14, "\"patience\": -3");
    const QString bad = dir.filePath("bad.nnplay.json");
    std::ofstream(bad.toStdString()) << text;
    const Document before = model_->document();
    QVERIFY(!window_->openProjectFile(bad));
    QVERIFY2(window_->lastError().contains("patience"), qPrintable(window_->lastError()));
    QVERIFY(window_->bannerMessage().contains("patience"));
    QVERIFY(model_->document() == before);
  }

  void earlyStoppingPausesAndMarksTheBestEpoch() {
    overfittingSetup(80, 25);
    enableEarlyStopping(3);
    playUntilEarlyStop();
    const auto s = model_->snapshot();
    QVERIFY(!s->running);
    QVERIFY(!model_->running());
    QCOMPARE(window_->findChild<QAction*>("playAction")->text(), QString("&Play"));
    QVERIFY2(s->bestEpoch >= 1 && s->bestEpoch < s->epoch,
             qPrintable(QString("best %1, epoch %2").arg(s->bestEpoch).arg(s->epoch)));
    const QString message = QString::fromStdString(s->message);
    QVERIFY2(message.contains(QString("early stopping at epoch %1").arg(s->epoch)),
             qPrintable(message));
    QVERIFY2(message.contains(QString("restored the weights of epoch %1").arg(s->bestEpoch)),
             qPrintable(message));
    // The banner (a notice, not an error) and the status bar say so.
    QVERIFY2(window_->bannerMessage().contains("early stopping at epoch"),
             qPrintable(window_->bannerMessage()));
    QCOMPARE(find<QWidget>("errorBanner")->property("notice").toBool(), true);
    // The charts mark the best epoch.
    QCOMPARE(window_->charts()->markedEpoch(), s->bestEpoch);
    QCOMPARE(window_->charts()->markerText(), QString("best: epoch %1").arg(s->bestEpoch));
    QVERIFY(window_->charts()->validationInLegend());

    // The banner goes with the next edit; play goes on, with a fresh patience.
    find<QSpinBox>("patienceSpin")->setValue(200);
    settle();
    QVERIFY(window_->bannerMessage().isEmpty());
    model_->play();
    model_->pause();
    settle();
    QVERIFY(!model_->snapshot()->earlyStopped);
  }

  void earlyStoppingRestoresTheBestEpochsWeights() {
    overfittingSetup(80, 25);
    enableEarlyStopping(3);
    // Epoch by epoch, so that each snapshot holds the weights of its epoch's end.
    std::map<long, std::vector<float>> weights;
    for (int i = 0; i < 400 && !model_->snapshot()->earlyStopped; ++i) {
      model_->stepEpoch();
      settle();
      const auto s = model_->snapshot();
      if (!s->earlyStopped) weights[s->epoch] = s->parameters;
    }
    const auto s = model_->snapshot();
    QVERIFY2(s->earlyStopped, "no early stop in 400 epochs");
    QVERIFY(s->bestEpoch < s->epoch);
    QVERIFY(weights.count(s->bestEpoch) == 1);
    QVERIFY(s->parameters == weights[s->bestEpoch]);
    QVERIFY(s->parameters != weights[s->epoch - 1]);
    QCOMPARE(window_->charts()->markedEpoch(), s->bestEpoch);

    // Keeping the last weights instead: the popup's check box.
    find<QCheckBox>("restoreBestCheck")->setChecked(false);
    settle();
    QVERIFY(!model_->document().training.earlyStopping.restoreBest);
    model_->undoStack()->undo();
    QVERIFY(model_->document().training.earlyStopping.restoreBest);
    QVERIFY(find<QCheckBox>("restoreBestCheck")->isChecked());
    find<QDoubleSpinBox>("minDeltaSpin")->setValue(0.01);
    QCOMPARE(model_->document().training.earlyStopping.minDelta, 0.01f);
  }

  void scheduleCurveAndCurrentRate() {
    auto* combo = find<QComboBox>("scheduleCombo");
    auto* curve = find<ScheduleCurve>("scheduleCurve");
    auto* rate = find<QLabel>("currentRateLabel");
    QCOMPARE(combo->count(), static_cast<int>(schedules().size()));
    QCOMPARE(rate->text(), QString("rate 0.01"));
    QCOMPARE(combo->property("codeControl").toString(), QString("learning_rate"));
    QTest::qWait(30);
    const long paints = curve->paints();

    choose(combo, "Step decay");
    QCOMPARE(model_->document().training.schedule.id, ScheduleId::Step);
    QCOMPARE(curve->schedule().id, ScheduleId::Step);
    QTRY_VERIFY(curve->paints() > paints);
    // Its settings: halve the rate every 2 epochs.
    auto* every = find<QDoubleSpinBox>("scheduleEverySpin");
    auto* factor = find<QDoubleSpinBox>("scheduleFactorSpin");
    find<QToolButton>("scheduleSettingsButton")->click();
    QTRY_VERIFY(every->isVisible());
    QVERIFY(!find<QDoubleSpinBox>("scheduleEpochsSpin")->isVisible());  // the cosine's
    every->setValue(2);
    factor->setValue(0.5);
    QCOMPARE(model_->document().training.schedule.every, 2.0f);
    QCOMPARE(model_->document().training.schedule.factor, 0.5f);
    every->parentWidget()->hide();  // the popup
    settle();
    QCOMPARE(model_->snapshot()->training.schedule, model_->document().training.schedule);

    // The rate the next step uses, in the status: halved after two epochs.
    model_->stepEpoch();
    settle();
    QCOMPARE(rate->text(), QString("rate 0.01"));
    model_->stepEpoch();
    settle();
    QCOMPARE(model_->snapshot()->learningRate, 0.005f);
    QCOMPARE(rate->text(), QString("rate 0.005"));
    QCOMPARE(curve->epoch(), 2.0);

    // Cosine: its own settings, a new curve.
    const long before = curve->paints();
    choose(combo, "Cosine decay");
    QCOMPARE(model_->document().training.schedule.id, ScheduleId::Cosine);
    QTRY_VERIFY(curve->paints() > before);
    find<QDoubleSpinBox>("scheduleEpochsSpin")->setValue(50);
    QCOMPARE(model_->document().training.schedule.epochs, 50.0f);
    // Warm-up: five epochs unless set.
    choose(combo, "Warm-up, then constant");
    QCOMPARE(model_->document().training.schedule.warmup, 5.0f);
    QCOMPARE(find<QDoubleSpinBox>("scheduleWarmupSpin")->value(), 5.0);
    // Each choice is an undo step.
    model_->undoStack()->undo();
    QCOMPARE(model_->document().training.schedule.id, ScheduleId::Cosine);
    QCOMPARE(combo->currentData().toInt(), static_cast<int>(ScheduleId::Cosine));
  }

  void liveRateEditKeepsTheSchedule() {
    choose(find<QComboBox>("scheduleCombo"), "Step decay");
    find<QDoubleSpinBox>("scheduleEverySpin")->setValue(10);
    find<QDoubleSpinBox>("scheduleFactorSpin")->setValue(0.5);
    model_->setSpeedLimit(100);  // a few dozen epochs, not thousands (rates far from denormal)
    model_->play();
    waitForEpochs(25);
    auto* lr = find<QComboBox>("learningRateCombo");
    lr->lineEdit()->setText("0.03");
    emit lr->lineEdit()->editingFinished();
    QCOMPARE(model_->document().training.optimizer.learningRate, 0.03f);
    const long editedAt = model_->snapshot()->epoch;
    waitForEpochs(editedAt + 5);
    QVERIFY(model_->running());  // the edit did not stop the run
    model_->pause();
    settle();
    const auto s = model_->snapshot();
    QCOMPARE(s->training.optimizer.learningRate, 0.03f);
    QCOMPARE(s->training.schedule.id, ScheduleId::Step);
    // The new rate times the factor where the run is: not back to the start.
    const double expected = 0.03 * std::pow(0.5, std::floor(s->epoch / 10.0));
    QVERIFY2(std::abs(s->learningRate - expected) <= 1e-5 * expected + 1e-30,
             qPrintable(QString("rate %1 at epoch %2, expected %3")
                            .arg(s->learningRate)
                            .arg(s->epoch)
                            .arg(expected)));
    QVERIFY(s->learningRate < 0.03f);
    QCOMPARE(find<QLabel>("currentRateLabel")->text(),
             QString("rate %1").arg(QString::number(s->learningRate, 'g', 3)));
    // The history went on: the edit kept the weights and the epochs.
    QVERIFY(s->history.back().epoch > editedAt);
    QVERIFY(s->history[0].epoch == 0);
  }

  void augmentationControlsFollowTheData() {
    // 2-D data: input jitter only.
    auto* jitter = find<QDoubleSpinBox>("augment_jitter");
    auto* rotate = find<QDoubleSpinBox>("augment_rotate");
    auto* flip = find<QCheckBox>("augment_flip");
    auto* preview = find<AugmentationPreview>("augmentationPreview");
    QVERIFY(jitter->isVisibleTo(window_.get()));
    QVERIFY(!rotate->isVisibleTo(window_.get()));
    QVERIFY(!flip->isVisibleTo(window_.get()));
    QVERIFY(!preview->isVisibleTo(window_.get()));
    model_->stepEpoch();
    settle();
    const auto weights = model_->snapshot()->parameters;
    jitter->setValue(0.3);
    settle();
    QCOMPARE(model_->document().training.augment.jitter, 0.3f);
    QCOMPARE(model_->snapshot()->training.augment.jitter, 0.3f);
    QVERIFY(model_->snapshot()->parameters == weights);  // not a reset
    model_->undoStack()->undo();
    QCOMPARE(model_->document().training.augment.jitter, 0.0f);
    QCOMPARE(jitter->value(), 0.0);

    // Images: the image transforms and the preview, no jitter.
    QTemporaryDir dir;
    writeIdxFolder(dir.path(), 60, 12);
    window_->dataPanel()->openDataPath(dir.path());
    settle();
    QCOMPARE(model_->document().data.kind, DataSourceKind::Idx);
    QVERIFY(model_->shape().images);
    QVERIFY(!jitter->isVisibleTo(window_.get()));
    for (const AugmentOption& o : augmentOptions()) {
      if (!o.image) continue;
      QVERIFY2(find<QWidget>("augment_" + QString::fromUtf8(o.name.data(), o.name.size()))
                   ->isVisibleTo(window_.get()),
               o.name.data());
    }
    QVERIFY(preview->isVisibleTo(window_.get()));
    QVERIFY(preview->hasImage());
    QCOMPARE(preview->images().size(), std::size_t{1 + AugmentationPreview::kVersions});
    QVERIFY(preview->caption().contains("Training image 1"));
    // No augmentation: the twelve are the original.
    for (const QImage& img : preview->images()) QCOMPARE(img, preview->images()[0]);
    QTest::qWait(50);
    const QImage plain = preview->grab().toImage();

    rotate->setValue(30);
    settle();
    QCOMPARE(model_->document().training.augment.rotate, 30.0f);
    QCOMPARE(model_->snapshot()->training.augment.rotate, 30.0f);
    QTest::qWait(50);
    const QImage rotated = preview->grab().toImage();
    QVERIFY(rotated != plain);
    QVERIFY(preview->images()[1] != preview->images()[0]);
    // The same settings draw the same twelve (a fixed seed) ...
    const std::vector<QImage> drawn = preview->images();
    rotate->setValue(31);
    rotate->setValue(30);
    QVERIFY(preview->images() == drawn);
    // ... until shuffled.
    find<QToolButton>("augmentShuffleButton")->click();
    QVERIFY(preview->images() != drawn);
    QCOMPARE(preview->images()[0], drawn[0]);
    // Flip and shift move it too.
    flip->setChecked(true);
    find<QSpinBox>("augment_shift")->setValue(3);
    QVERIFY(model_->document().training.augment.flip);
    QCOMPARE(model_->document().training.augment.shift, 3);
    QCOMPARE(preview->settings(), model_->document().training.augment);
    // Another training image.
    const QImage first = preview->images()[0];
    find<QToolButton>("augmentNextImageButton")->click();
    QVERIFY(preview->caption().contains("Training image 2"));
    QVERIFY(preview->images()[0] != first);
    // It trains with them.
    model_->stepEpoch();
    settle();
    QVERIFY(!model_->snapshot()->error);
    QVERIFY(model_->snapshot()->epoch >= 1);
  }

  void everythingIsSavedInTheProjectFile() {
    find<QSpinBox>("validationSpin")->setValue(10);
    choose(find<QComboBox>("scheduleCombo"), "Exponential decay");
    find<QDoubleSpinBox>("scheduleEverySpin")->setValue(7);
    find<QDoubleSpinBox>("scheduleWarmupSpin")->setValue(3);
    find<QCheckBox>("earlyStoppingCheck")->setChecked(true);
    find<QSpinBox>("patienceSpin")->setValue(12);
    find<QDoubleSpinBox>("minDeltaSpin")->setValue(0.002);
    find<QCheckBox>("restoreBestCheck")->setChecked(false);
    find<QDoubleSpinBox>("augment_jitter")->setValue(0.25);
    settle();
    const Document doc = model_->document();
    QCOMPARE(doc.data.validationRatio, 0.1);
    QCOMPARE(doc.training.schedule.id, ScheduleId::Exponential);
    QCOMPARE(doc.training.earlyStopping.patience, 12);
    QTemporaryDir dir;
    const QString path = dir.filePath("all.nnplay.json");
    QVERIFY(window_->saveProjectFile(path));
    model_->newDocument();
    settle();
    QCOMPARE(find<QSpinBox>("patienceSpin")->value(), 10);
    QVERIFY(window_->openProjectFile(path));
    settle();
    QVERIFY(model_->document() == doc);
    QCOMPARE(find<QSpinBox>("validationSpin")->value(), 10);
    QCOMPARE(find<QComboBox>("scheduleCombo")->currentData().toInt(),
             static_cast<int>(ScheduleId::Exponential));
    QCOMPARE(find<QDoubleSpinBox>("scheduleEverySpin")->value(), 7.0);
    QCOMPARE(find<QDoubleSpinBox>("scheduleWarmupSpin")->value(), 3.0);
    QVERIFY(find<QCheckBox>("earlyStoppingCheck")->isChecked());
    QCOMPARE(find<QSpinBox>("patienceSpin")->value(), 12);
    QCOMPARE(find<QDoubleSpinBox>("minDeltaSpin")->value(), 0.002);
    QVERIFY(!find<QCheckBox>("restoreBestCheck")->isChecked());
    QCOMPARE(find<QDoubleSpinBox>("augment_jitter")->value(), 0.25);
  }

  void newControlsLightTheirCode() {
    window_->codeDock()->showCode();
    CodeView* code = window_->codeDock()->view();
    for (const char* name : {"validationSpin", "scheduleCombo", "scheduleCurve", "currentRateLabel",
                             "earlyStoppingCheck", "patienceSpin", "augment_jitter"}) {
      auto* w = find<QWidget>(name);
      QEvent enter(QEvent::Enter);
      QApplication::sendEvent(w, &enter);
      QVERIFY2(code->highlightedLineCount() >= 1,
               qPrintable(QString("%1 (%2) lights no line").arg(name, code->highlightedControl())));
      QEvent leave(QEvent::Leave);
      QApplication::sendEvent(w, &leave);
      QCOMPARE(code->highlightedLineCount(), 0);
    }
  }

  void screenshots() {
    const QString dir = qEnvironmentVariable("NNPLAY_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set NNPLAY_SCREENSHOT_DIR to save the screenshots");
    QDir().mkpath(dir);
    window_->resize(1600, 1000);

    // A run that overfits, stopped early: three curves and the best epoch.
    Document d = model_->document();
    d.data.generator = "xor";
    d.data.params.noise = 0.45;
    d.data.params.samples = 200;
    d.data.validationRatio = 0.2;
    d.network = makeSpec(2, {24, 24, 24}, ActivationId::Tanh, 1, ActivationId::Sigmoid);
    d.training.optimizer.learningRate = 0.01f;
    d.training.earlyStopping.enabled = true;
    d.training.earlyStopping.patience = 30;
    d.training.schedule.id = ScheduleId::Cosine;
    d.training.schedule.epochs = 300;
    d.training.schedule.floor = 0.1f;
    model_->setDocument(d, "screenshot setup");
    settle();
    model_->setSpeedLimit(0);
    playUntilEarlyStop();
    QTest::qWait(300);
    const auto s = model_->snapshot();
    QVERIFY(s->bestEpoch >= 0);
    QVERIFY(window_->bannerMessage().contains("early stopping at epoch"));
    QVERIFY(window_->grab().save(QDir(dir).filePath("early_stopping_chart.png")));

    // Fashion-MNIST (or the small folder) with rotation, shift and zoom.
    QTemporaryDir idx;
    QString folder = QString::fromUtf8(kFashionMnistDir);
    if (!QFileInfo::exists(folder + "/train-images-idx3-ubyte.gz")) {
      writeIdxFolder(idx.path(), 60, 12);
      folder = idx.path();
    }
    model_->newDocument();
    window_->dataPanel()->openDataPath(folder);
    settle();
    QVERIFY(model_->shape().images);
    // A wider data column: the preview's cells at three times the pixels.
    QSplitter* columns = nullptr;
    for (QSplitter* sp : window_->findChildren<QSplitter*>()) {
      if (sp->orientation() == Qt::Horizontal && sp->count() == 3) columns = sp;
    }
    QVERIFY(columns);
    window_->resize(1800, 1000);
    columns->setSizes({470, 640, 690});
    find<QDoubleSpinBox>("augment_rotate")->setValue(20);
    find<QSpinBox>("augment_shift")->setValue(3);
    find<QDoubleSpinBox>("augment_zoom")->setValue(0.15);
    settle();
    auto* preview = find<AugmentationPreview>("augmentationPreview");
    QVERIFY(preview->hasImage());
    // The data column scrolled down to the preview.
    for (QWidget* w = preview->parentWidget(); w; w = w->parentWidget()) {
      if (auto* area = qobject_cast<QScrollArea*>(w)) {
        area->ensureWidgetVisible(preview, 0, 10);
        QCOMPARE(area->horizontalScrollBar()->value(), 0);
        break;
      }
    }
    QTest::qWait(300);
    QVERIFY(window_->grab().save(QDir(dir).filePath("augmentation_preview.png")));
  }
};

QTEST_MAIN(TrainingControlsTest)
#include "training_controls_test.moc"
