#pragma once
// The FEATURES column: one tile per input feature of the feature table (X₁,
// X₂, X₁², X₂², X₁X₂, sin X₁, sin X₂, cos X₁, cos X₂), each with its own small
// heatmap over the plane. Clicking a tile toggles the feature (one undoable
// edit). Disabled for tables and images; the X₂ features for 1-D data.
#include <QAbstractButton>
#include <QImage>
#include <QWidget>

#include "nnplay/features.hpp"

namespace nnplay::gui {

class PlaygroundModel;

class FeatureTile : public QAbstractButton {
  Q_OBJECT
 public:
  FeatureTile(FeatureId id, QWidget* parent = nullptr);
  FeatureId id() const { return id_; }
  void setExtent(float extent);
  QSize sizeHint() const override { return {150, 42}; }

 protected:
  void paintEvent(QPaintEvent*) override;

 private:
  FeatureId id_;
  float extent_ = 0.0f;
  QImage heatmap_;
};

class FeaturePanel : public QWidget {
  Q_OBJECT
 public:
  explicit FeaturePanel(PlaygroundModel& model, QWidget* parent = nullptr);

 public slots:
  void syncFromDocument();

 private:
  PlaygroundModel& model_;
  QList<FeatureTile*> tiles_;
};

}  // namespace nnplay::gui
