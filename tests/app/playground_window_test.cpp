// The playground window, driven through its real widgets offscreen: pick a
// dataset, edit the network and the hyperparameters, play, watch it learn,
// undo, save and reopen, export, and see errors as messages.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <fstream>

#include "data_panel.hpp"
#include "decision_boundary_view.hpp"
#include "main_window.hpp"
#include "network_view.hpp"
#include "nnplay/cpu_backend.hpp"
#include "nnplay/idx_reader.hpp"
#include "nnplay/model_export.hpp"
#include "nnplay/project_file.hpp"
#include "output_panel.hpp"
#include "playground_model.hpp"
#include "window_fixture.hpp"

using namespace nnplay;
using namespace nnplay::gui;

class PlaygroundWindowTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<PlaygroundModel> model_;
  std::unique_ptr<MainWindow> window_;

  template <typename T>
  T* find(const QString& name) {
    return test::findWidget<T>(*window_, name);
  }
  // Waits until the window shows a snapshot taken after everything asked so far.
  void settle() {
    model_->session().sync();
    QTest::qWait(60);
  }
  void choose(QComboBox* combo, const QString& text) { test::choose(combo, text); }
  void waitForEpochs(long epochs) {
    QSignalSpy spy(model_.get(), &PlaygroundModel::epochChanged);
    QElapsedTimer t;
    t.start();
    while (model_->snapshot()->epoch < epochs && t.elapsed() < 60000) spy.wait(200);
    QVERIFY2(model_->snapshot()->epoch >= epochs, "training did not reach the epochs in 60 s");
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void init() {
    QVERIFY(test::openWindow(model_, window_, QSize(1500, 900)));
    settle();
  }

  void cleanup() {
    window_.reset();
    model_.reset();
  }

  void startsReadyToPlayOnTheSpiral() {
    const Document& d = model_->document();
    QCOMPARE(QString::fromStdString(d.data.generator), QString("spiral"));
    QCOMPARE(d.network.layers.size(), std::size_t{3});
    QCOMPARE(d.network.layers[0].units, 8);
    QCOMPARE(d.network.layers[1].units, 8);
    QCOMPARE(d.network.layers[2].units, 1);
    const auto s = model_->snapshot();
    QVERIFY(s->grid != nullptr);
    QCOMPARE(s->grid->resolution, 100);
    QVERIFY(s->points != nullptr);
    QVERIFY(!s->running);
    QVERIFY(window_->framesPainted() > 0);
  }

  void editPlayLearnAndUndo() {
    // Change the dataset by clicking its tile.
    QTest::mouseClick(find<QToolButton>("tile_xor"), Qt::LeftButton);
    settle();
    QCOMPARE(QString::fromStdString(model_->document().data.generator), QString("xor"));
    QCOMPARE(model_->snapshot()->points->classes, 2);

    // Add a hidden layer and a neuron.
    QTest::mouseClick(find<QAbstractButton>("addLayerButton"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->document().network.layers.size(), std::size_t{4});
    QTest::mouseClick(find<QAbstractButton>("addNeuronButton_0"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->document().network.layers[0].units, 9);
    QCOMPARE(model_->snapshot()->network.layers[0].units, 9);

    // Change an activation and the learning rate.
    choose(find<QComboBox>("activationCombo_1"), "ReLU");
    QCOMPARE(model_->document().network.layers[1].activation, ActivationId::Relu);
    auto* lr = find<QComboBox>("learningRateCombo");
    lr->lineEdit()->setText("0.03");
    emit lr->lineEdit()->editingFinished();
    QCOMPARE(model_->document().training.optimizer.learningRate, 0.03f);
    settle();
    QCOMPARE(model_->snapshot()->training.optimizer.learningRate, 0.03f);
    QCOMPARE(model_->snapshot()->network.layers[1].activation, ActivationId::Relu);

    // Play (Space), wait for epochs, pause.
    const QImage before = window_->outputPanel()->boundaryImage(QSize(200, 200));
    const double lossBefore = model_->snapshot()->history[0].trainLoss;
    QTest::keyClick(window_.get(), Qt::Key_Space);
    waitForEpochs(60);
    QVERIFY(model_->running());
    QTest::keyClick(window_.get(), Qt::Key_Space);
    settle();
    QVERIFY(!model_->running());
    const auto s = model_->snapshot();
    QVERIFY2(s->history.back().trainLoss < 0.7 * lossBefore,
             qPrintable(QString("loss %1 -> %2").arg(lossBefore).arg(s->history.back().trainLoss)));
    QVERIFY(s->history.back().testMetric > 0.8);
    const QImage after = window_->outputPanel()->boundaryImage(QSize(200, 200));
    QVERIFY2(before != after, "the decision boundary did not change");
    // The epoch counter shows the epochs.
    QVERIFY(find<QLabel>("epochLabel")->text().remove(',').toLong() >= 60);

    // Undo: learning rate, activation, then the added neuron.
    QUndoStack* undo = model_->undoStack();
    undo->undo();
    QCOMPARE(model_->document().training.optimizer.learningRate, 0.01f);
    undo->undo();
    QCOMPARE(model_->document().network.layers[1].activation, ActivationId::Tanh);
    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
    settle();
    QCOMPARE(model_->document().network.layers[0].units, 8);
    QCOMPARE(model_->snapshot()->network.layers[0].units, 8);
    QCOMPARE(find<QComboBox>("activationCombo_1")->currentText(), QString("Tanh"));
    // Redo brings it back.
    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    settle();
    QCOMPARE(model_->snapshot()->network.layers[0].units, 9);
  }

  void stepKeysTrainOneBatchAndOneEpoch() {
    QTest::keyClick(window_.get(), Qt::Key_Right);
    settle();
    QCOMPARE(model_->snapshot()->step, 1L);
    QCOMPARE(model_->snapshot()->epoch, 0L);
    QTest::keyClick(window_.get(), Qt::Key_Right, Qt::ShiftModifier);
    settle();
    QCOMPARE(model_->snapshot()->epoch, 1L);
    QTest::keyClick(window_.get(), Qt::Key_R);
    settle();
    QCOMPARE(model_->snapshot()->epoch, 0L);
    QCOMPARE(model_->snapshot()->step, 0L);
  }

  void aSliderDragIsOneUndoStep() {
    auto* noise = find<QSlider>("noiseSlider");
    const int count = model_->undoStack()->count();
    for (int v = 1; v <= 20; v += 3) noise->setValue(v);
    QCOMPARE(model_->undoStack()->count(), count + 1);
    QCOMPARE(model_->document().data.params.noise, 0.19);
    model_->undoStack()->undo();
    QCOMPARE(model_->document().data.params.noise, 0.0);
    QCOMPARE(noise->value(), 0);
  }

  void threeClassesGetASoftmaxOutput() {
    QTest::mouseClick(find<QToolButton>("tile_spiral_k"), Qt::LeftButton);
    settle();
    const auto s = model_->snapshot();
    QCOMPARE(s->points->classes, 3);
    QCOMPARE(s->network.layers.back().units, 3);
    QCOMPARE(s->network.layers.back().activation, ActivationId::Softmax);
    QCOMPARE(s->training.loss, LossId::Ce);
    QVERIFY(!s->error);
    QCOMPARE(find<QComboBox>("lossCombo")->currentData().toInt(), static_cast<int>(LossId::Ce));
  }

  void saveAndReopenGiveTheSameRun() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.nnplay.json");
    choose(find<QComboBox>("optimizerCombo"), "Momentum");
    model_->stepEpoch();
    model_->stepEpoch();
    settle();
    QVERIFY(model_->isModified());
    QVERIFY(window_->saveProjectFile(path));
    QVERIFY(!model_->isModified());
    const auto saved = model_->snapshot();
    const Document doc = model_->document();

    model_->newDocument();
    settle();
    QCOMPARE(model_->snapshot()->epoch, 0L);
    QVERIFY(window_->openProjectFile(path));
    settle();
    const auto opened = model_->snapshot();
    QVERIFY(model_->document() == doc);
    QCOMPARE(opened->epoch, saved->epoch);
    QCOMPARE(opened->parameters, saved->parameters);
    QCOMPARE(opened->history.size(), saved->history.size());
    QCOMPARE(opened->training.optimizer.id, OptimizerId::Momentum);
    QCOMPARE(model_->filePath(), path);
    QVERIFY(window_->windowTitle().contains("run.nnplay.json"));
    // Training goes on from there exactly as it would have.
    model_->stepEpoch();
    settle();
    QCOMPARE(model_->snapshot()->epoch, saved->epoch + 1);
  }

  void exportsTheThreeFormats() {
    QTemporaryDir dir;
    model_->stepEpoch();
    settle();
    const auto s = model_->snapshot();
    QVERIFY(window_->exportWeightsFile(dir.filePath("w.npz"), WeightFormat::Npz));
    QVERIFY(window_->exportWeightsFile(dir.filePath("w.onnx"), WeightFormat::Onnx));
    QVERIFY(window_->exportWeightsFile(dir.filePath("w.json"), WeightFormat::Json));
    // The .npz reads back into a network of the same shape with the same weights.
    CpuBackend backend;
    Network net(s->network, backend);
    importNpz(net, dir.filePath("w.npz").toStdString());
    QCOMPARE(net.parameters(), s->parameters);
    // The JSON model is a project file with the weights.
    const Project p = loadProject(dir.filePath("w.json").toStdString());
    QCOMPARE(p.parameters, s->parameters);
    // The ONNX file is a protobuf ModelProto: field 1 (ir_version) first.
    std::ifstream onnx(dir.filePath("w.onnx").toStdString(), std::ios::binary);
    char first = 0;
    onnx.get(first);
    QCOMPARE(static_cast<int>(first), 0x08);
    // Pictures and data.
    QVERIFY(window_->exportBoundaryPng(dir.filePath("b.png")));
    QVERIFY(QImage(dir.filePath("b.png")).width() >= 400);
    QVERIFY(window_->exportChartsPng(dir.filePath("c.png")));
    QVERIFY(!QImage(dir.filePath("c.png")).isNull());
    QVERIFY(window_->exportDataCsvFile(dir.filePath("d.csv")));
    std::ifstream csv(dir.filePath("d.csv").toStdString());
    std::string header;
    std::getline(csv, header);
    QCOMPARE(QString::fromStdString(header), QString("x1,x2,label,split"));
    int rows = 0;
    for (std::string line; std::getline(csv, line);) ++rows;
    QCOMPARE(rows, model_->document().data.params.samples);
  }

  void errorsAreMessagesNotCrashes() {
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.nnplay.json");
    std::ofstream(bad.toStdString())
        << "{\"format\": \"nnplay\", \"version\": 1, \"network\": {\"layers\": [{\"units\": -3}]}}";
    QVERIFY(!window_->openProjectFile(bad));
    QVERIFY2(window_->lastError().contains("bad.nnplay.json"), qPrintable(window_->lastError()));
    QVERIFY(find<QWidget>("errorBanner")->isVisible());
    QCOMPARE(QString::fromStdString(model_->document().data.generator), QString("spiral"));

    const QString csv = dir.filePath("ragged.csv");
    std::ofstream(csv.toStdString()) << "a,b,c\n1,2,3\n4,5\n";
    window_->dataPanel()->openDataPath(csv);
    QVERIFY2(window_->lastError().contains("ragged.csv:3"), qPrintable(window_->lastError()));
    QCOMPARE(model_->document().data.kind, DataSourceKind::Generator);

    // Divergence pauses and says so: a linear output, squared error and a huge step.
    choose(find<QComboBox>("activationCombo_2"), "Linear");
    QCOMPARE(model_->document().training.loss, LossId::Mse);
    NetworkSpec n = model_->document().network;
    n.layers[0].activation = ActivationId::Relu;
    n.layers[1].activation = ActivationId::Relu;
    model_->setNetwork(n, "relu");
    TrainingSettings t = model_->document().training;
    t.optimizer.id = OptimizerId::Sgd;
    t.optimizer.learningRate = 100.0f;
    model_->setTraining(t, "huge rate");
    model_->play();
    QSignalSpy errors(model_.get(), &PlaygroundModel::errorOccurred);
    QVERIFY(errors.count() > 0 || errors.wait(20000));
    QVERIFY2(window_->lastError().contains("NaN") || window_->lastError().contains("infinite"),
             qPrintable(window_->lastError()));
    QVERIFY(!model_->running());
  }

  void drawingAddsAndRemovesPoints() {
    auto* draw = find<QToolButton>("drawButton");
    QTest::mouseClick(draw, Qt::LeftButton);
    settle();
    QCOMPARE(model_->document().data.kind, DataSourceKind::Drawn);
    const int n = model_->document().data.drawn.size();
    QCOMPARE(n, model_->document().data.params.samples);
    auto* view = find<DecisionBoundaryView>("boundaryView");
    const QPoint centre = view->rect().center();
    QTest::mouseClick(view, Qt::LeftButton, {}, centre);
    QCOMPARE(model_->document().data.drawn.size(), n + 1);
    QTest::mouseClick(view, Qt::RightButton, {}, centre);
    QCOMPARE(model_->document().data.drawn.size(), n);
    model_->undoStack()->undo();
    QCOMPARE(model_->document().data.drawn.size(), n + 1);
  }

  void typedWeightsApplyLiveAndUndo() {
    const auto before = model_->snapshot();
    std::size_t offset = 0;
    for (const ParameterEntry& e : before->table) {
      if (e.name == "dense_1/kernel") offset = e.offset;
    }
    model_->setWeight("dense_1/kernel", 3, 2.5f);
    settle();
    QCOMPARE(model_->snapshot()->parameters[offset + 3], 2.5f);
    QVERIFY(model_->isModified());
    model_->undoStack()->undo();
    settle();
    QCOMPARE(model_->snapshot()->parameters[offset + 3], before->parameters[offset + 3]);
    // A weight that does not exist is refused with a message.
    QSignalSpy errors(model_.get(), &PlaygroundModel::errorOccurred);
    model_->setWeight("dense_9/kernel", 0, 1.0f);
    QCOMPARE(errors.count(), 1);
  }

  void aRulesRefusalLeavesNothingBehind() {
    const Document before = model_->document();
    const int count = model_->undoStack()->count();
    QSignalSpy errors(model_.get(), &PlaygroundModel::errorOccurred);
    // The spiral is two classes: cross-entropy is fine, but no softmax with three units.
    Document three = before;
    three.network.layers.back() = {3, ActivationId::Softmax, 0.0f, false};
    three.training.loss = LossId::Ce;
    model_->setDocument(three, "three units");
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors[0][0].toString().contains("2 classes"), qPrintable(errors[0][0].toString()));
    QVERIFY(model_->document() == before);
    QCOMPARE(model_->undoStack()->count(), count);
    // A typed rate that is no number puts the document's value back in the box.
    auto* rate = find<QComboBox>("learningRateCombo");
    rate->lineEdit()->setText("fast");
    emit rate->lineEdit()->editingFinished();
    QCOMPARE(rate->currentText(), QString("0.01"));
    QVERIFY(model_->document() == before);

    // Softmax on a regression output is refused, and the box shows the
    // activation the output still has (found by the random-action test).
    choose(find<QComboBox>("problemCombo"), "Regression");  // offers the regression tiles
    settle();
    QTest::mouseClick(find<QToolButton>("tile_Houses"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->shape().task, Task::Regression);
    auto* output = find<QComboBox>("activationCombo_2");
    QCOMPARE(output->currentData().toInt(), static_cast<int>(ActivationId::Linear));
    choose(output, "Softmax");
    QVERIFY2(window_->lastError().contains("softmax"), qPrintable(window_->lastError()));
    QCOMPARE(output->currentData().toInt(), static_cast<int>(ActivationId::Linear));
  }

  void aSessionRefusalLeavesNothingBehind() {
    // A table the window has read; then another program adds a column. The
    // window's rules still see the old shape (it is cached), so a scaling edit
    // passes them; the session reads the file again and refuses the edit.
    QTemporaryDir dir;
    const QString csv = dir.filePath("table.csv");
    auto writeTable = [&](bool extraColumn) {
      std::ofstream out(csv.toStdString());
      out << (extraColumn ? "a,b,c,kind\n" : "a,b,kind\n");
      for (int i = 0; i < 30; ++i) {
        out << i % 7 << ',' << (i * 3) % 11 << ',' << (extraColumn ? "1," : "")
            << (i % 3 ? "no" : "yes") << '\n';
      }
    };
    writeTable(false);
    window_->dataPanel()->openDataPath(csv);
    settle();
    QCOMPARE(model_->document().data.kind, DataSourceKind::Csv);
    QCOMPARE(model_->snapshot()->network.inputs, 2);
    model_->setLayerActivation(0, ActivationId::Relu);  // an edit to keep on the stack
    settle();
    const Document before = model_->document();
    const int count = model_->undoStack()->count();
    const int index = model_->undoStack()->index();
    auto* scaling = find<QComboBox>("scalingCombo");
    const QVariant shown = scaling->currentData();

    writeTable(true);
    QSignalSpy errors(model_.get(), &PlaygroundModel::errorOccurred);
    QCOMPARE(before.data.scaling, ScalingId::Standard);  // tables start standardized
    choose(scaling, scaling->itemText(scaling->findData(static_cast<int>(ScalingId::MinMax))));
    QCOMPARE(model_->document().data.scaling, ScalingId::MinMax);  // taken, for now
    settle();
    model_->poll();
    QVERIFY2(errors.count() >= 1, qPrintable("the refusal is shown; the session says: " +
                                             QString::fromStdString(model_->snapshot()->message)));
    QVERIFY2(window_->lastError().contains("3 inputs"), qPrintable(window_->lastError()));
    QVERIFY2(model_->document() == before, "the document is as before the edit");
    QCOMPARE(model_->undoStack()->count(), count);
    QCOMPARE(model_->undoStack()->index(), index);
    QVERIFY(!model_->undoStack()->canRedo());
    QCOMPARE(scaling->currentData(), shown);
    QCOMPARE(*model_->snapshot()->data, before.data);
    QCOMPARE(model_->snapshot()->network.inputs, 2);
    // An edit made before the refusal is heard of stays: it is undone and
    // redone around the refused one.
    choose(scaling, scaling->itemText(scaling->findData(static_cast<int>(ScalingId::MinMax))));
    model_->updateTraining([](TrainingSettings& t) { t.optimizer.learningRate = 0.05f; }, "rate");
    QCOMPARE(model_->undoStack()->count(), count + 2);
    settle();
    model_->poll();
    Document expected = before;
    expected.training.optimizer.learningRate = 0.05f;
    QVERIFY(model_->document() == expected);
    QCOMPARE(model_->undoStack()->count(), count + 1);
    QCOMPARE(model_->snapshot()->training.optimizer.learningRate, 0.05f);
    QCOMPARE(model_->snapshot()->data->scaling, ScalingId::Standard);
    QCOMPARE(scaling->currentData(), shown);
    model_->undoStack()->undo();
    // The edit before them is still there and undoes as usual.
    model_->undoStack()->undo();
    settle();
    QCOMPARE(model_->document().network.layers[0].activation, ActivationId::Tanh);
    QCOMPARE(model_->snapshot()->network.layers[0].activation, ActivationId::Tanh);
  }

  void aLearningRateEditTouchesOnlyTheTraining() {
    const Document before = model_->document();
    const long serializations = projectSerializations();
    auto* rate = find<QComboBox>("learningRateCombo");
    rate->lineEdit()->setText("0.03");
    emit rate->lineEdit()->editingFinished();
    QCOMPARE(projectSerializations(), serializations);
    QCOMPARE(model_->document().training.optimizer.learningRate, 0.03f);
    Document expected = before;
    expected.training.optimizer.learningRate = 0.03f;
    QVERIFY(model_->document() == expected);
    settle();
    QCOMPARE(model_->snapshot()->training.optimizer.learningRate, 0.03f);
    QVERIFY2(model_->snapshot()->message.empty(), model_->snapshot()->message.c_str());
    model_->undoStack()->undo();
    QCOMPARE(projectSerializations(), serializations);
    QVERIFY(model_->document() == before);
  }

  void hoveringANeuronShowsItInTheOutputView() {
    auto* view = find<DecisionBoundaryView>("boundaryView");
    emit window_->networkView()->neuronHovered(1, 2);
    QCOMPARE(view->neuronLayer(), 1);
    QCOMPARE(view->neuronUnit(), 2);
    emit window_->networkView()->neuronHovered(-1, -1);
    QCOMPARE(view->neuronLayer(), -1);
  }

  void anotherDeviceCarriesTheRunOver() {
    auto* devices = find<QComboBox>("deviceCombo");
    if (devices->count() < 2) QSKIP("no OpenCL device on this machine");
    model_->stepEpoch();
    model_->stepEpoch();
    settle();
    const auto before = model_->snapshot();
    devices->setCurrentIndex(1);
    emit devices->activated(1);
    QElapsedTimer t;
    t.start();
    while (!model_->snapshot()->ready || model_->snapshot()->device == before->device) {
      if (t.elapsed() > 120000) QFAIL("the OpenCL session did not start in 120 s");
      QTest::qWait(50);
    }
    settle();
    const auto after = model_->snapshot();
    QVERIFY2(!after->error, after->message.c_str());
    QCOMPARE(after->epoch, before->epoch);
    QCOMPARE(after->parameters, before->parameters);
    model_->stepEpoch();
    settle();
    QCOMPARE(model_->snapshot()->epoch, before->epoch + 1);
    model_->undoStack()->undo();  // back to the CPU
    QTRY_VERIFY_WITH_TIMEOUT(model_->snapshot()->device == before->device, 30000);
  }

  void aTableTargetAndProblemTypeCanBeChosen() {
    QTest::mouseClick(find<QToolButton>("tile_Iris"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->document().data.kind, DataSourceKind::Csv);
    QCOMPARE(model_->shape().classes, 3);
    auto* target = find<QComboBox>("targetCombo");
    QCOMPARE(target->count(), 5);
    QCOMPARE(target->currentText(), QString("species"));
    QVERIFY(model_->snapshot()->testSample != nullptr);
    QCOMPARE(model_->snapshot()->network.inputs, 4);

    // Predict petal width from the rest (species becomes one-hot inputs): a regression.
    choose(target, "petal_width");
    settle();
    QCOMPARE(model_->shape().task, Task::Regression);
    QCOMPARE(model_->snapshot()->network.layers.back().activation, ActivationId::Linear);
    QCOMPARE(model_->snapshot()->training.loss, LossId::Mse);
    QCOMPARE(model_->snapshot()->network.inputs, 6);
    QVERIFY2(!model_->snapshot()->error, model_->snapshot()->message.c_str());
    QCOMPARE(find<QComboBox>("problemCombo")->currentText(), QString("Regression"));

    // Read that numeric column as classes instead: refused with a message would be
    // wrong (22 distinct widths are valid classes), so it becomes a 22-class task.
    choose(find<QComboBox>("problemCombo"), "Classification");
    settle();
    QCOMPARE(model_->shape().task, Task::Classification);
    QCOMPARE(model_->snapshot()->network.layers.back().units, model_->shape().classes);
    QVERIFY(model_->shape().classes > 10);
    model_->undoStack()->undo();
    model_->undoStack()->undo();
    QCOMPARE(find<QComboBox>("targetCombo")->currentText(), QString("species"));
  }

  void viewPreferencesPersist() {
    auto* resolution = find<QComboBox>("resolutionCombo");
    choose(resolution, QString("200×200"));
    QTest::mouseClick(find<QCheckBox>("discretizeCheck"), Qt::LeftButton);
    settle();
    QCOMPARE(model_->snapshot()->grid->resolution, 200);
    // A new window (the next start) comes back with them.
    window_.reset();
    model_ = std::make_unique<PlaygroundModel>();
    window_ = std::make_unique<MainWindow>(*model_);
    window_->setConfirmClose(false);
    settle();
    QCOMPARE(model_->gridResolution(), 200);
    QCOMPARE(model_->snapshot()->grid->resolution, 200);
    QVERIFY(find<QCheckBox>("discretizeCheck")->isChecked());
    // Back to the defaults for the other tests.
    choose(find<QComboBox>("resolutionCombo"), QString("100×100"));
    QTest::mouseClick(find<QCheckBox>("discretizeCheck"), Qt::LeftButton);
    QVERIFY(!find<QCheckBox>("discretizeCheck")->isChecked());
  }

  void fashionMnistShowsAConfusionMatrix() {
    if (!QFileInfo::exists(QString(kFashionMnistDir)))
      QSKIP("dataset-fashion-mnist is not installed");
    QTest::mouseClick(find<QToolButton>("tile_fashion_mnist"), Qt::LeftButton);
    model_->session().sync();
    QTest::qWait(100);
    const auto s = model_->snapshot();
    QVERIFY2(!s->error, s->message.c_str());
    QCOMPARE(s->network.inputs, 784);
    QCOMPARE(s->network.layers.back().units, 10);
    QVERIFY(s->grid == nullptr);
    QVERIFY(s->testSample != nullptr);
    QCOMPARE(s->testSample->imageRows, 28);
  }
};

QTEST_MAIN(PlaygroundWindowTest)
#include "playground_window_test.moc"
