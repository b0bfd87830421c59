#pragma once
// The activation explorer (COURSE.md c03): f and f' of one activation of the
// engine's table over z in [-5, 5], with a histogram of a layer's
// pre-activations over them, so a person sees where the layer's z fall: on
// the flat, saturated parts of a sigmoid, or below zero where ReLU is dead.
//
// Contract:
//  - f is the table's forward, f' its backward with da = 1, both at 201
//    points from -5 to 5 (z = 0 among them). Softmax works on a row: the
//    curves are the first component of softmax([z, 0]) and its derivative
//    with respect to z, and a note says so. Binary step's f' is the
//    straight-through estimator's 1, and a note says so.
//  - The histogram has 40 bins of width 0.25 on a secondary axis; values
//    outside [-5, 5] (infinities too) are counted in the edge bins and a note
//    says how many; NaN is not counted.
//  - setLayers() keeps the chosen layer while its index exists; choosing a
//    layer shows its activation; the activation combo shows any activation
//    over the same histogram.
#include <QPointF>
#include <QString>
#include <QWidget>
#include <vector>

#include "nnplay/activation.hpp"

class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace nnplay::gui {

struct LayerPreActivations {
  QString label;  // "Hidden layer 1 (ReLU, 8 units)"
  nnplay::ActivationId activation = nnplay::ActivationId::Linear;
  std::vector<float> values;    // every pre-activation z of the layer over a batch of samples
  int units = 0;                // the layer's width
  double saturatedShare = 0.0;  // share of units with |f'| < 0.01 on most samples
  double deadShare = 0.0;       // ReLU-like: share of units zero on every sample
};

class ActivationExplorer : public QWidget {
  Q_OBJECT

 public:
  static constexpr double kZMin = -5.0;
  static constexpr double kZMax = 5.0;
  static constexpr int kBins = 40;

  explicit ActivationExplorer(QWidget* parent = nullptr);

  void setLayers(std::vector<LayerPreActivations> layers);
  void setActivation(nnplay::ActivationId id);  // what the activation combo does
  void setLayer(int index);                     // what the layer combo does
  nnplay::ActivationId activation() const { return activation_; }
  int layer() const { return layer_; }  // -1: none

  int histogramBinCount() const { return kBins; }
  std::vector<int> histogramCounts() const { return counts_; }
  int clippedCount() const { return clipped_; }
  QString rangeText() const;    // "range [0, ∞)"
  QString noteText() const;     // softmax / binary step / clipped values
  QString summaryText() const;  // the chosen layer's dead and saturated units
  std::vector<QPointF> functionPoints() const { return f_; }
  std::vector<QPointF> derivativePoints() const { return df_; }

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void updateCurves();
  void updateHistogram();
  void updateTexts();

  std::vector<LayerPreActivations> layers_;
  int layer_ = -1;
  nnplay::ActivationId activation_ = nnplay::ActivationId::Sigmoid;
  std::vector<QPointF> f_, df_;
  std::vector<int> counts_ = std::vector<int>(kBins, 0);
  int clipped_ = 0;

  QComboBox* layerCombo_ = nullptr;
  QLabel* layerCaption_ = nullptr;
  QComboBox* activationCombo_ = nullptr;
  QChart* chart_ = nullptr;
  QChartView* view_ = nullptr;
  QLineSeries* fSeries_ = nullptr;
  QLineSeries* dfSeries_ = nullptr;
  QLineSeries* histUpper_ = nullptr;
  QAreaSeries* histArea_ = nullptr;
  QValueAxis* zAxis_ = nullptr;
  QValueAxis* fAxis_ = nullptr;
  QValueAxis* countAxis_ = nullptr;
  QLabel* rangeLabel_ = nullptr;
  QLabel* noteLabel_ = nullptr;
  QLabel* summaryLabel_ = nullptr;
};

}  // namespace nnplay::gui
