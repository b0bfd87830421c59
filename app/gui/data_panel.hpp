#pragma once
// The data column's top half: which dataset (tiles with thumbnails drawn from
// the generators, the shipped example tables, Fashion-MNIST, any CSV or IDX
// folder), and how much of it: train ratio, validation share (the split reads
// training / validation / test), noise, samples, classes, feature scaling,
// regenerate. Also the drawing mode (click adds a point of the chosen class,
// right-click removes the nearest one), and below it the augmentation
// settings (AugmentationControls). Every change goes to the model as one
// undoable edit; the panel shows the model's document.
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolButton;

namespace nnplay::gui {

class AugmentationControls;
class PlaygroundModel;

class DataPanel : public QWidget {
  Q_OBJECT

 public:
  explicit DataPanel(PlaygroundModel& model, QWidget* parent = nullptr);

  bool drawing() const;
  // The label a click in drawing mode gives a new point.
  float drawLabel() const;
  AugmentationControls* augmentation() const { return augmentation_; }

  // Where the shipped example tables are (resources/datasets).
  static QString datasetsDir();

 public slots:
  void syncFromDocument();
  void openDataFile();  // a CSV file or an IDX folder, asked for with a dialog
  void openDataPath(const QString& path);

 signals:
  void drawingChanged(bool on);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void fitTiles();  // the tiles' size, from the text size
  void chooseGenerator(const QString& name);
  void chooseTable(const QString& path);
  void setDrawing(bool on);
  void rebuildTiles();

  PlaygroundModel& model_;
  QGridLayout* tiles_ = nullptr;
  QButtonGroup* tileGroup_ = nullptr;
  QList<QToolButton*> tileButtons_;
  int tilesTask_ = -1;
  QLabel* source_ = nullptr;
  QSlider* ratio_ = nullptr;
  QLabel* ratioLabel_ = nullptr;
  QSpinBox* validation_ = nullptr;
  QLabel* split_ = nullptr;
  AugmentationControls* augmentation_ = nullptr;
  QSlider* noise_ = nullptr;
  QLabel* noiseLabel_ = nullptr;
  QSpinBox* samples_ = nullptr;
  QSpinBox* classes_ = nullptr;
  QComboBox* scaling_ = nullptr;
  QComboBox* target_ = nullptr;
  QFormLayout* form_ = nullptr;
  QPushButton* regenerate_ = nullptr;
  QToolButton* draw_ = nullptr;
  QComboBox* drawClass_ = nullptr;
  QDoubleSpinBox* drawValue_ = nullptr;
  QPushButton* clearDrawn_ = nullptr;
};

}  // namespace nnplay::gui
