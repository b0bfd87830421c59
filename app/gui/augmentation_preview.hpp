#pragma once
// What the augmentation settings do to a training image: the image itself
// and twelve augmented versions of it (augment.hpp's augmentImage), drawn
// scaled up without smoothing so the pixels stay readable, dark on white
// like the output view's samples. The draws come from a fixed seed, so the
// grid only changes when a setting, the image or the seed (shuffle()) does.
//
// Layout: the original in the first column, the twelve in four columns of
// three rows to its right; the cells are as large as the width allows.
#include <QImage>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

#include "nnplay/augment.hpp"

namespace nnplay::gui {

// One image of an IDX folder's training file (train-images-idx3-ubyte,
// gzip-compressed or not), pixels scaled to 0 .. 1; reads only the bytes up
// to that image. nullopt when the file cannot be read or has no such image.
struct GreyImage {
  std::vector<float> pixels;  // rows x cols, row-major
  int rows = 0;
  int cols = 0;
};
std::optional<GreyImage> readTrainingImage(const std::string& folder, int index);

class AugmentationPreview : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kVersions = 12;

  explicit AugmentationPreview(QWidget* parent = nullptr);

  // The image to augment; `caption` says where it comes from.
  void setImage(GreyImage image, const QString& caption);
  void clearImage();
  bool hasImage() const { return !image_.pixels.empty(); }
  QString caption() const { return caption_; }
  void setSettings(const AugmentSettings& s);
  const AugmentSettings& settings() const { return settings_; }
  // New random draws for the twelve.
  void shuffle();
  std::uint64_t seed() const { return seed_; }
  // The original, then the twelve versions (empty without an image).
  const std::vector<QImage>& images() const { return images_; }
  long redraws() const { return redraws_; }

  // The height the grid needs at a width. The widget keeps its height at
  // that for its current width (scroll areas do not ask heightForWidth).
  int heightForWidth(int w) const override;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* e) override;
  void resizeEvent(QResizeEvent* e) override;

 private:
  void redraw();
  int cellSize(int width) const;

  GreyImage image_;
  QString caption_;
  AugmentSettings settings_;
  std::uint64_t seed_ = 1;
  std::vector<QImage> images_;
  long redraws_ = 0;
};

}  // namespace nnplay::gui
