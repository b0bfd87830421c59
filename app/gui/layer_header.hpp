#pragma once
// The small controls above one column of the network view: neuron count with
// "+"/"−" buttons, the activation, and (hidden layers only) dropout and batch
// norm.
//
// Contract:
//  - setLayer() shows spec layer `index` of `count` (the last one is the
//    output layer) with every signal blocked, so showing a snapshot never
//    emits a request. It also renames the children (addNeuronButton_<index>,
//    removeNeuronButton_<index>, activationCombo_<index>, dropoutCombo_<index>,
//    batchNormCheck_<index>, biasCheck_<index>) so tests find them.
//  - The output layer gets only the count label, the activation combo
//    (with Softmax) and the bias check box; its width is set by the data, and dropout and batch
//    norm are not allowed there. Hidden layers never offer Softmax.
//  - The header edits nothing: each control emits a request carrying the
//    layer index (none when the choice equals the spec). A second after a
//    request the controls show the last spec given again, so a request the
//    document refused does not leave them showing what was refused (an
//    accepted one has brought a new spec by then).
//  - Its width is fixed (scaledWidth(): kWidth at the normal text size,
//    wider with presentation mode's text) so that the view can space columns
//    by it; it follows when the font changes.
#include <QTimer>
#include <QWidget>

#include "nnplay/network_spec.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace nnplay::gui {

class LayerHeader : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kWidth = 124;  // at the normal text size
  // kWidth, grown with presentationScale(): "8 neurons" fits at presentation size.
  static int scaledWidth();

  explicit LayerHeader(QWidget* parent = nullptr);

  void setLayer(int index, int count, const LayerSpec& layer);
  // Only the controls' values (activation, dropout, batch norm, bias).
  void showValues(const LayerSpec& layer);
  int index() const { return index_; }

 signals:
  void addNeuronRequested(int layer);
  void removeNeuronRequested(int layer);
  void activationChangeRequested(int layer, nnplay::ActivationId id);
  void dropoutChangeRequested(int layer, float rate);
  void batchNormChangeRequested(int layer, bool on);
  void biasChangeRequested(int layer, bool on);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void fitToText();
  void fillActivations(bool output);
  void requested() { resync_.start(); }

  int index_ = -1;
  LayerSpec layer_;
  QTimer resync_;
  int activationsFor_ = -1;  // 0: hidden list, 1: output list (with Softmax)
  QToolButton* add_;
  QToolButton* remove_;
  QLabel* units_;
  QComboBox* activation_;
  QComboBox* dropout_;
  QCheckBox* batchNorm_;
  QCheckBox* bias_;
};

}  // namespace nnplay::gui
