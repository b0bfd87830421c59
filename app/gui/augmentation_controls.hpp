#pragma once
// The data column's augmentation section: one control per setting of
// augment.hpp's table (with the table's ranges, units and help), the image
// transforms shown for image data and input jitter for 2-D and table data;
// for images, a preview of one training image and twelve augmented versions,
// redrawn when a setting moves. Every change is one undoable training-
// settings edit (the weights are kept; the session applies it to the next
// batches).
#include <QWidget>
#include <vector>

class QFormLayout;
class QLabel;
class QToolButton;

namespace nnplay::gui {

class AugmentationPreview;
class PlaygroundModel;

class AugmentationControls : public QWidget {
  Q_OBJECT

 public:
  explicit AugmentationControls(PlaygroundModel& model, QWidget* parent = nullptr);

  AugmentationPreview* preview() const { return preview_; }

 public slots:
  void syncFromDocument();

 private:
  // The preview's image: the first training image of an IDX folder (read
  // once per folder), else the first test image the session shows.
  void updateImage();

  struct Control {
    QWidget* widget;  // QSpinBox, QDoubleSpinBox or QCheckBox
    bool image;       // an image transform (else jitter)
  };
  PlaygroundModel& model_;
  QFormLayout* form_ = nullptr;
  QLabel* intro_ = nullptr;
  std::vector<Control> controls_;  // in augmentOptions() order
  AugmentationPreview* preview_ = nullptr;
  QWidget* previewRow_ = nullptr;
  QToolButton* nextImage_ = nullptr;
  std::string imageSource_;  // the folder (or "test sample") the preview's image is from
  int imageIndex_ = 0;
};

}  // namespace nnplay::gui
