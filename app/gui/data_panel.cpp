#include "data_panel.hpp"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "augmentation_controls.hpp"
#include "code_control.hpp"
#include "dataset_thumbnail.hpp"
#include "edit_command.hpp"
#include "nnplay/idx_reader.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

QLabel* heading(const QString& text) {
  auto* l = new QLabel(text);
  l->setStyleSheet("font-weight: 600; color: #555; letter-spacing: 1px;");
  return l;
}

struct ExampleTable {
  const char* file;
  const char* name;   // the tile's object name: tile_<name>
  const char* label;  // the tile's text (70 px wide)
  const char* tip;
  bool regression;
  int classes;  // for the thumbnail
};
constexpr ExampleTable kExamples[] = {
    {"iris.csv", "Iris", "Iris", "Iris flowers: 4 measurements, 3 species (classification)", false,
     3},
    {"titanic_passengers.csv", "Titanic", "Titanic",
     "Titanic passengers (1,309): class, sex, age (263 missing, filled with the training mean), "
     "siblings/spouses and parents/children aboard; survived or not (classification)",
     false, 2},
    {"titanic.csv", "TitanicClasses", "Titanic all",
     "Titanic, all 2,201 aboard counted by class (or crew), sex and child/adult; survived or not "
     "(classification)",
     false, 2},
    {"houses_course.csv", "HousesCourse", "5 houses",
     "The course's five houses: area, bedrooms, bathrooms, study room; price in lakh and a price "
     "class (for the matrix and one-hot lessons; too small to train on)",
     false, 3},
    {"houses.csv", "Houses", "Houses",
     "Sacramento house sales: size, rooms, location; price (regression)", true, 0},
};

}  // namespace

QString DataPanel::datasetsDir() {
  // Installed next to the program, or in the source tree it was built from.
  const QStringList candidates = {
      QCoreApplication::applicationDirPath() + "/../share/nnplay/datasets",
      QStringLiteral(NNPLAY_RESOURCES_DIR "/datasets"),
  };
  for (const QString& c : candidates) {
    if (QFileInfo::exists(c + "/iris.csv")) return QDir(c).canonicalPath();
  }
  return candidates.back();
}

DataPanel::DataPanel(PlaygroundModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(heading(tr("DATA")));
  auto* question = new QLabel(tr("Which dataset do you want to use?"));
  question->setObjectName("datasetQuestion");
  layout->addWidget(question);

  // In a widget of their own, so that a lesson can hide them together.
  auto* tiles = new QWidget;
  tiles->setObjectName("datasetTiles");
  tiles_ = new QGridLayout(tiles);
  tiles_->setContentsMargins(0, 0, 0, 0);
  tiles_->setSpacing(4);
  tileGroup_ = new QButtonGroup(this);
  tileGroup_->setExclusive(true);
  layout->addWidget(tiles);

  auto* open = new QPushButton(tr("Open CSV or IDX…"));
  open->setObjectName("openDataButton");
  open->setToolTip(
      tr("Train on your own table (CSV: the last column is the target) or an IDX image folder"));
  connect(open, &QPushButton::clicked, this, &DataPanel::openDataFile);
  setCodeControl(open, "data");
  layout->addWidget(open);
  source_ = new QLabel;
  source_->setWordWrap(true);
  source_->setStyleSheet("color: #666;");
  followParentFont(source_, kSmallText);
  layout->addWidget(source_);

  auto* form = form_ = new QFormLayout;
  form->setContentsMargins(0, 4, 0, 0);
  ratio_ = new QSlider(Qt::Horizontal);
  ratio_->setObjectName("ratioSlider");
  ratio_->setRange(10, 90);
  ratio_->setToolTip(tr("Share of the data used for training; the rest is the test set"));
  ratioLabel_ = new QLabel;
  form->addRow(ratioLabel_, ratio_);
  connect(ratio_, &QSlider::valueChanged, this, [this](int v) {
    DataSpec d = model_.document().data;
    d.trainRatio = v / 100.0;
    model_.setData(d, tr("Training ratio %1%").arg(v), kMergeTrainRatio);
  });

  validation_ = new QSpinBox;
  validation_->setObjectName("validationSpin");
  validation_->setRange(0, 80);
  validation_->setSuffix(tr(" %"));
  validation_->setKeyboardTracking(false);
  validation_->setToolTip(
      tr("Share of all rows held out for validation, taken from the training part (like "
         "nnplay-cli --validation): early stopping watches it, and the charts show its curve"));
  form->addRow(tr("Validation"), validation_);
  connect(validation_, &QSpinBox::valueChanged, this, [this](int v) {
    DataSpec d = model_.document().data;
    d.validationRatio = v / 100.0;
    model_.setData(d, tr("Validation %1%").arg(v), kMergeValidation);
  });
  split_ = new QLabel;
  split_->setObjectName("splitLabel");
  split_->setStyleSheet("color: #666;");
  followParentFont(split_, kSmallText);
  split_->setWordWrap(true);
  form->addRow(split_);  // both columns: the whole split on one line

  noise_ = new QSlider(Qt::Horizontal);
  noise_->setObjectName("noiseSlider");
  noise_->setRange(0, 50);
  noise_->setToolTip(tr("How much the generated points stray from the pattern"));
  noiseLabel_ = new QLabel;
  form->addRow(noiseLabel_, noise_);
  connect(noise_, &QSlider::valueChanged, this, [this](int v) {
    DataSpec d = model_.document().data;
    d.params.noise = v / 100.0;
    model_.setData(d, tr("Noise %1").arg(v), kMergeNoise);
  });

  samples_ = new QSpinBox;
  samples_->setObjectName("samplesSpin");
  samples_->setRange(20, 20000);
  samples_->setSingleStep(50);
  samples_->setKeyboardTracking(false);
  samples_->setToolTip(tr("How many points to generate (train and test together)"));
  form->addRow(tr("Samples"), samples_);
  connect(samples_, &QSpinBox::valueChanged, this, [this](int v) {
    DataSpec d = model_.document().data;
    d.params.samples = v;
    model_.setData(d, tr("Samples %1").arg(v), kMergeSamples);
  });

  classes_ = new QSpinBox;
  classes_->setObjectName("classesSpin");
  classes_->setToolTip(tr("Number of classes (arms, blobs) for the k-class datasets"));
  form->addRow(tr("Classes"), classes_);
  connect(classes_, &QSpinBox::valueChanged, this, [this](int v) {
    DataSpec d = model_.document().data;
    if (d.params.classes == v) return;
    d.params.classes = v;
    model_.setData(d, tr("%1 classes").arg(v));
  });

  target_ = new QComboBox;
  target_->setObjectName("targetCombo");
  target_->setToolTip(tr("The column to predict; the other columns are the inputs"));
  form->addRow(tr("Target"), target_);
  connect(target_, &QComboBox::activated, this, [this](int i) {
    DataSpec d = model_.document().data;
    d.table.target = target_->itemText(i).toStdString();
    d.table.task.reset();  // inferred again for the new column
    model_.setData(d, tr("Target: %1").arg(target_->itemText(i)));
  });

  scaling_ = new QComboBox;
  scaling_->setObjectName("scalingCombo");
  for (const ScalingInfo& s : scalings()) scaling_->addItem(qs(s.label), static_cast<int>(s.id));
  scaling_->setToolTip(tr("Feature scaling, fitted on the training split only"));
  form->addRow(tr("Scaling"), scaling_);
  connect(scaling_, &QComboBox::activated, this, [this](int i) {
    DataSpec d = model_.document().data;
    d.scaling = static_cast<ScalingId>(scaling_->itemData(i).toInt());
    model_.setData(d, tr("Scaling: %1").arg(scaling_->itemText(i)));
  });
  layout->addLayout(form);
  // The rows' captions are named after their fields ("samplesSpinLabel"), so
  // that a lesson hides a row whole.
  for (QWidget* field : std::initializer_list<QWidget*>{ratio_, validation_, noise_, samples_,
                                                        classes_, target_, scaling_}) {
    if (QWidget* label = form->labelForField(field)) {
      label->setObjectName(field->objectName() + "Label");
    }
  }
  // The lines each produces in the code view: the split is the validation split.
  setCodeControl(ratio_, "validation");
  setCodeControl(ratioLabel_, "validation");
  setCodeControl(validation_, "validation");
  setCodeControl(split_, "validation");
  setCodeControl(scaling_, "scaling");
  for (QWidget* w :
       std::initializer_list<QWidget*>{noise_, noiseLabel_, samples_, classes_, target_})
    setCodeControl(w, "data");

  regenerate_ = new QPushButton(tr("Regenerate"));
  regenerate_->setObjectName("regenerateButton");
  regenerate_->setToolTip(tr("Draw a new sample of the same dataset (a new seed)"));
  connect(regenerate_, &QPushButton::clicked, this, [this] {
    DataSpec d = model_.document().data;
    d.params.seed += 1;
    d.splitSeed += 1;
    model_.setData(d, tr("Regenerate data"));
  });
  setCodeControl(regenerate_, "data");
  layout->addWidget(regenerate_);

  // Drawing mode.
  auto* drawBox = new QWidget;
  drawBox->setObjectName("drawRow");
  auto* drawRow = new QHBoxLayout(drawBox);
  drawRow->setContentsMargins(0, 0, 0, 0);
  draw_ = new QToolButton;
  draw_->setObjectName("drawButton");
  draw_->setText(tr("Draw points"));
  draw_->setCheckable(true);
  draw_->setToolTip(
      tr("Click on the output view to add a point of the chosen class; right-click removes the "
         "nearest one"));
  connect(draw_, &QToolButton::toggled, this, &DataPanel::setDrawing);
  drawClass_ = new QComboBox;
  drawClass_->setObjectName("drawClassCombo");
  drawClass_->setToolTip(tr("The class of the points you add"));
  drawValue_ = new QDoubleSpinBox;
  drawValue_->setRange(-1000, 1000);
  drawValue_->setValue(1.0);
  drawValue_->setToolTip(tr("The target value of the points you add"));
  clearDrawn_ = new QPushButton(tr("Clear"));
  clearDrawn_->setToolTip(tr("Remove all drawn points"));
  connect(clearDrawn_, &QPushButton::clicked, this, [this] {
    DataSpec d = model_.document().data;
    if (d.kind != DataSourceKind::Drawn) return;
    d.drawn.clear();
    model_.setData(d, tr("Clear drawn points"));
  });
  drawRow->addWidget(draw_);
  drawRow->addWidget(drawClass_);
  drawRow->addWidget(drawValue_);
  drawRow->addWidget(clearDrawn_);
  layout->addWidget(drawBox);

  augmentation_ = new AugmentationControls(model_);
  layout->addSpacing(6);
  layout->addWidget(augmentation_);

  connect(&model_, &PlaygroundModel::documentChanged, this, &DataPanel::syncFromDocument);
  syncFromDocument();
}

bool DataPanel::drawing() const {
  return draw_->isChecked();
}

float DataPanel::drawLabel() const {
  if (model_.shape().task == Task::Regression) return static_cast<float>(drawValue_->value());
  return static_cast<float>(std::max(0, drawClass_->currentIndex()));
}

void DataPanel::rebuildTiles() {
  const int task = static_cast<int>(model_.shape().task);
  if (task == tilesTask_) return;
  tilesTask_ = task;
  for (QToolButton* b : tileButtons_) {
    tileGroup_->removeButton(b);
    delete b;
  }
  tileButtons_.clear();
  auto add = [this](QToolButton* b) {
    b->setCheckable(true);
    b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    b->setIconSize(QSize(52, 52));
    b->setAutoRaise(true);
    setCodeControl(b, "data");
    const int i = static_cast<int>(tileButtons_.size());
    tiles_->addWidget(b, i / 4, i % 4);
    tileGroup_->addButton(b);
    tileButtons_.push_back(b);
  };
  for (const GeneratorInfo& g : generators()) {
    if (static_cast<int>(g.task) != task) continue;
    auto* b = new QToolButton;
    const QString name = qs(g.name);
    b->setObjectName("tile_" + name);
    b->setProperty("generator", name);
    b->setIcon(datasetThumbnail(g.name, 52));
    QString label = qs(g.label);
    b->setText(label.size() > 10 ? label.left(9) + "…" : label);
    b->setToolTip(tr("%1 (%2, %3-D)")
                      .arg(label, g.task == Task::Regression
                                      ? tr("regression")
                                      : tr("%1 classes").arg(g.defaultClasses))
                      .arg(g.inputs));
    connect(b, &QToolButton::clicked, this, [this, name] { chooseGenerator(name); });
    add(b);
  }
  for (const ExampleTable& e : kExamples) {
    const QString path = datasetsDir() + "/" + e.file;
    if (!QFileInfo::exists(path)) continue;
    const bool regression = e.regression;
    if (regression != (task == static_cast<int>(Task::Regression))) continue;
    auto* b = new QToolButton;
    b->setObjectName(QString("tile_") + e.name);
    b->setProperty("path", path);
    b->setText(e.label);
    b->setIcon(tableThumbnail(regression, e.classes, 52));
    b->setToolTip(tr(e.tip));
    connect(b, &QToolButton::clicked, this, [this, path] { chooseTable(path); });
    add(b);
  }
  if (task == static_cast<int>(Task::Classification) &&
      QFileInfo::exists(QString(kFashionMnistDir))) {
    auto* b = new QToolButton;
    b->setObjectName("tile_fashion_mnist");
    b->setProperty("path", QString(kFashionMnistDir));
    b->setText(tr("Fashion"));
    b->setIcon(imagesThumbnail(kFashionMnistDir, 52));
    b->setToolTip(tr("Fashion-MNIST: 70,000 clothing images of 28×28 pixels, 10 classes (from %1)")
                      .arg(kFashionMnistDir));
    connect(b, &QToolButton::clicked, this, [this] { openDataPath(QString(kFashionMnistDir)); });
    add(b);
  }
  const QString digits = datasetsDir() + "/digits";
  if (task == static_cast<int>(Task::Classification) &&
      QFileInfo::exists(digits + "/t10k-images-idx3-ubyte.gz")) {
    auto* b = new QToolButton;
    b->setObjectName("tile_digits");
    b->setProperty("path", digits);
    b->setText(tr("Digits"));
    b->setIcon(imagesThumbnail(digits.toStdString(), 52));
    b->setToolTip(
        tr("Handwritten digits: 1,797 images of 8×8 pixels, 10 classes (shipped, from "
           "scikit-learn's copy of the UCI digits). MNIST itself is not packaged by "
           "Debian: open your own copy with Open CSV or IDX…"));
    connect(b, &QToolButton::clicked, this, [this, digits] { openDataPath(digits); });
    add(b);
  }
  fitTiles();
}

void DataPanel::fitTiles() {
  // 70 px wide at the normal text size; presentation mode's text would elide
  // every name to "G…n" in that.
  const double s = presentationScale();
  for (QToolButton* b : tileButtons_) {
    const int w = static_cast<int>(std::lround(70 * s));
    const int h = std::max(78, 52 + 10 + QFontMetrics(b->font()).height());
    b->setFixedSize(w, h);
  }
}

void DataPanel::changeEvent(QEvent* e) {
  QWidget::changeEvent(e);
  // The tiles' fonts change after this panel's: size them once they have.
  if (e->type() == QEvent::FontChange) QTimer::singleShot(0, this, &DataPanel::fitTiles);
}

void DataPanel::syncFromDocument() {
  const Document& doc = model_.document();
  const DataShape& shape = model_.shape();
  rebuildTiles();
  const QSignalBlocker b1(ratio_), b2(noise_), b3(samples_), b4(classes_), b5(scaling_), b6(draw_),
      b7(target_), b8(validation_);
  target_->clear();
  for (const std::string& c : shape.columns) target_->addItem(QString::fromStdString(c));
  target_->setCurrentText(QString::fromStdString(shape.target));
  target_->setEnabled(!shape.columns.empty());
  form_->setRowVisible(target_, !shape.columns.empty());  // tables only
  for (QToolButton* b : tileButtons_) {
    const bool on =
        (doc.data.kind == DataSourceKind::Generator &&
         b->property("generator").toString() == QString::fromStdString(doc.data.generator)) ||
        ((doc.data.kind == DataSourceKind::Csv || doc.data.kind == DataSourceKind::Idx) &&
         b->property("path").toString() == QString::fromStdString(doc.data.path));
    b->setChecked(on);
  }
  if (tileGroup_->checkedButton() && doc.data.kind == DataSourceKind::Drawn)
    tileGroup_->checkedButton()->setChecked(false);

  ratio_->setValue(static_cast<int>(std::lround(doc.data.trainRatio * 100)));
  ratioLabel_->setText(doc.data.kind == DataSourceKind::Idx
                           ? tr("Training: fixed")
                           : tr("Training %1%").arg(ratio_->value()));
  validation_->setValue(static_cast<int>(std::lround(doc.data.validationRatio * 100)));
  const int validation = validation_->value();
  if (doc.data.kind == DataSourceKind::Idx) {
    split_->setText(validation > 0
                        ? tr("The folder's test set; %1% of all images for validation, from "
                             "its training images")
                              .arg(validation)
                        : tr("The folder's training and test sets; no validation"));
  } else {
    split_->setText(tr("%1% training · %2% validation · %3% test")
                        .arg(ratio_->value() - validation)
                        .arg(validation)
                        .arg(100 - ratio_->value()));
  }
  const bool generated = doc.data.kind == DataSourceKind::Generator;
  noise_->setValue(static_cast<int>(std::lround(doc.data.params.noise * 100)));
  noiseLabel_->setText(tr("Noise %1").arg(noise_->value()));
  noise_->setEnabled(generated);
  samples_->setValue(doc.data.params.samples);
  samples_->setEnabled(generated);
  regenerate_->setEnabled(generated || doc.data.kind == DataSourceKind::Csv);
  ratio_->setEnabled(doc.data.kind != DataSourceKind::Idx);
  bool kClasses = false;
  if (generated) {
    const GeneratorInfo& g = generatorByName(doc.data.generator);
    kClasses = g.minClasses != g.maxClasses;
    classes_->setRange(g.minClasses, std::max(g.minClasses, g.maxClasses));
    classes_->setValue(doc.data.params.classes > 0 ? doc.data.params.classes : g.defaultClasses);
  }
  if (!generated) {  // what the file holds, for reading only
    classes_->setRange(0, 100000);
    classes_->setValue(shape.classes);
  }
  classes_->setEnabled(kClasses);
  scaling_->setCurrentIndex(scaling_->findData(static_cast<int>(doc.data.scaling)));

  QString what;
  switch (doc.data.kind) {
    case DataSourceKind::Generator:
      what = tr("Generated: %1").arg(qs(generatorByName(doc.data.generator).label));
      break;
    case DataSourceKind::Csv:
      what = tr("Table: %1").arg(QFileInfo(QString::fromStdString(doc.data.path)).fileName());
      break;
    case DataSourceKind::Idx:
      what = tr("Images: %1").arg(QString::fromStdString(doc.data.path));
      break;
    case DataSourceKind::Drawn:
      what = tr("Drawn: %1 points").arg(doc.data.drawn.size());
      break;
  }
  what +=
      shape.task == Task::Regression ? tr(" · regression") : tr(" · %1 classes").arg(shape.classes);
  what += tr(" · %1 inputs").arg(shape.inputs);
  source_->setText(what);

  // Drawing: only on a plane.
  draw_->setEnabled(shape.plane && shape.rawInputs == 2);
  draw_->setChecked(draw_->isEnabled() && draw_->isChecked());
  drawClass_->clear();
  for (int k = 0; k < std::max(shape.classes, 2); ++k) drawClass_->addItem(tr("class %1").arg(k));
  drawClass_->setVisible(shape.task == Task::Classification);
  drawValue_->setVisible(shape.task == Task::Regression);
  clearDrawn_->setEnabled(doc.data.kind == DataSourceKind::Drawn);
}

void DataPanel::chooseGenerator(const QString& name) {
  DataSpec d = model_.document().data;
  const GeneratorInfo& g = generatorByName(name.toStdString());
  const bool same = d.kind == DataSourceKind::Generator && d.generator == name.toStdString();
  if (same) return;
  if (d.kind != DataSourceKind::Generator) {
    d.params = {};
    d.scaling = ScalingId::None;  // the playground's planes are already in [-6, 6]
    d.trainRatio = 0.5;
    // A table's validation share may not fit the smaller training part.
    if (d.validationRatio >= d.trainRatio) d.validationRatio = 0.0;
  }
  d.kind = DataSourceKind::Generator;
  d.generator = name.toStdString();
  d.params.samples = g.defaultSamples;
  d.params.classes = 0;
  d.path.clear();
  // X2 features make no sense for a 1-D curve.
  if (g.inputs == 1 || d.features.ids.empty()) {
    d.features = FeatureMap::plain(g.inputs);
  }
  model_.setData(d, tr("Dataset: %1").arg(qs(g.label)));
}

void DataPanel::chooseTable(const QString& path) {
  DataSpec d = model_.document().data;
  d.kind = DataSourceKind::Csv;
  d.path = path.toStdString();
  d.table = {};
  d.features = {};
  d.scaling = ScalingId::Standard;  // tables mix units (years, dollars): scale them
  d.trainRatio = 0.8;
  model_.setData(d, tr("Dataset: %1").arg(QFileInfo(path).fileName()));
}

void DataPanel::openDataPath(const QString& path) {
  const QFileInfo info(path);
  if (info.isDir()) {
    DataSpec d = model_.document().data;
    d.kind = DataSourceKind::Idx;
    d.path = path.toStdString();
    d.features = {};
    d.scaling = ScalingId::None;  // pixels are already scaled to [0, 1]
    model_.setData(d, tr("Dataset: %1").arg(info.fileName()));
  } else {
    chooseTable(path);
  }
}

void DataPanel::openDataFile() {
  QSettings settings;
  const QString dir = settings.value("lastDataFolder", datasetsDir()).toString();
  // One dialog for both: a CSV file, or any IDX file of a folder (the folder is read).
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open a CSV table, or an IDX file of an image folder"), dir,
      tr("CSV tables (*.csv *.tsv *.txt);;IDX images (*-ubyte *-ubyte.gz *.idx *.idx.gz);;All "
         "files (*)"));
  if (path.isEmpty()) return;
  settings.setValue("lastDataFolder", QFileInfo(path).absolutePath());
  // An IDX file picked inside a folder means the folder.
  if (path.contains("-idx") || path.endsWith(".gz") || path.endsWith("ubyte")) {
    openDataPath(QFileInfo(path).absolutePath());
  } else {
    openDataPath(path);
  }
}

void DataPanel::setDrawing(bool on) {
  if (on && model_.document().data.kind != DataSourceKind::Drawn) {
    // Start from the points on screen, so a person can edit a dataset.
    DataSpec d = model_.document().data;
    const auto snap = model_.snapshot();
    DrawnPoints drawn(model_.shape().task, std::max(model_.shape().classes, 2));
    if (snap && snap->points && snap->points->train.cols() == 2) {
      const PointSet& p = *snap->points;
      for (Eigen::Index r = 0; r < p.train.rows(); ++r)
        drawn.add(p.train(r, 0), p.train(r, 1), p.trainLabels(r, 0));
      for (Eigen::Index r = 0; r < p.test.rows(); ++r)
        drawn.add(p.test(r, 0), p.test(r, 1), p.testLabels(r, 0));
    }
    d.kind = DataSourceKind::Drawn;
    d.drawn = drawn;
    model_.setData(d, tr("Start drawing"));
  }
  emit drawingChanged(on);
}

}  // namespace nnplay::gui
