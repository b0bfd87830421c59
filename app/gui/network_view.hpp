#pragma once
// The centre column of the playground: the network drawn as TF Playground
// draws it, and the controls that change its shape.
//
// Contract:
//  - Columns left to right: the input features, each hidden layer, the output
//    layer. A neuron is a square showing its own heatmap over the input plane
//    (from the snapshot's grid; plain squares when there is none). A column of
//    more than 64 units is one block labelled with its width.
//  - Links: width by |weight| relative to the largest of that layer, blue for
//    positive, orange for negative. Links from or to a block are one line per
//    neuron on the other side (the rms of its weights) or one band.
//  - The view never edits anything: every change is a request signal, which
//    the main window passes to the document; a new snapshot follows.
//    Setting a snapshot never emits a request (the controls' signals are
//    blocked while their values are set).
//  - Layer indices in signals index spec.layers (hidden layers first, the
//    output last); gridLayer in neuronHovered is 0 for the inputs and i + 1
//    for spec layer i, (-1, -1) when the mouse leaves a neuron.
//  - Cheap to repaint: heatmap images and link batches are rebuilt at most once
//    per snapshot and layout, never in every paintEvent; only the exposed
//    columns are drawn; header widgets are touched only when the spec
//    changes; hit testing uses the precomputed neuron rects and link
//    segments. Column pairs with more than 256 links draw (and hit-test)
//    only their 256 strongest. Links are drawn into an image that each
//    paint blits; new weights redraw it at most 20 times a second (a new
//    layout at once). A network slow to draw (over 8 ms) is repainted at
//    most every 3 paint times while snapshots stream in.
//  - Sizing: sizeHint() is the size at the preferred neuron size. Zoom 1
//    (the zoom slider at 100 %, the Fit button) fits the whole network in
//    the view: minimumSizeHint() is then the size with compact headers and
//    4-pixel neurons, so in a QScrollArea with widgetResizable(true) ten
//    hidden layers of 32 fit without a scroll bar; columns too narrow for
//    full headers show a small button each that opens the header in a
//    popup. Other zooms scale the neurons and scroll. Ctrl+wheel zooms.
#include <QElapsedTimer>
#include <QImage>
#include <QLineF>
#include <QRectF>
#include <QTimer>
#include <QWidget>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "nnplay/session.hpp"

class QFrame;
class QLabel;
class QSlider;
class QToolButton;

namespace nnplay::gui {

class LayerHeader;

class NetworkView : public QWidget {
  Q_OBJECT

 public:
  explicit NetworkView(QWidget* parent = nullptr);

  // Repaints from the newest snapshot: spec (s->network), weights (s->table,
  // s->parameters, s->state), per-neuron heatmaps (s->grid, may be null for
  // tables/images), input names (s->transform, may be null). The per-layer
  // header widgets are updated only when the spec changed.
  void setSnapshot(std::shared_ptr<const nnplay::Snapshot> s);
  // The document's layer settings in the header controls (activation,
  // dropout, batch norm), e.g. after an edit was refused and the snapshot
  // stays as it was. Layers the snapshot has not drawn yet wait for it.
  void showLayerSettings(const nnplay::NetworkSpec& network);
  QSize sizeHint() const override;  // grows with layers and neurons so a QScrollArea scrolls
  QSize minimumSizeHint() const override;

  // 1 fits the neurons to the height (12 to 36 px); other values scale the
  // size they had at 1. Clamped to [0.5, 3]; Ctrl+wheel changes it.
  double zoom() const { return zoom_; }
  void setZoom(double zoom);
  // Fitting a network with more columns than full headers allow: each
  // column shows a small button (layerButton_<i>) that opens its header.
  bool compactHeaders() const;
  // Every column, and the output names, lie within the view's width.
  bool fitsWidth() const;

 signals:
  // gridLayer 0 = inputs, i+1 = spec layer i; (-1,-1) when the mouse leaves a neuron
  void neuronHovered(int gridLayer, int unit);
  void addLayerRequested();
  void removeLayerRequested();
  void addNeuronRequested(int layer);  // layer = index in spec.layers (hidden first, output last)
  void removeNeuronRequested(int layer);
  void activationChangeRequested(int layer, nnplay::ActivationId id);
  void dropoutChangeRequested(int layer, float rate);
  void batchNormChangeRequested(int layer, bool on);
  void biasChangeRequested(int layer, bool on);
  // e.g. "dense_1/kernel", in * out_units + out; also biases ("dense_1/bias")
  // and batch-norm betas ("batchnorm_1/beta").
  void weightEditRequested(const QString& array, int index, float value);

 protected:
  bool event(QEvent* e) override;
  void paintEvent(QPaintEvent* e) override;
  void resizeEvent(QResizeEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void leaveEvent(QEvent* e) override;
  void wheelEvent(QWheelEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

 private:
  struct Column {
    int units = 0;
    bool block = false;
    double x = 0;      // centre
    double top = 0;    // first neuron's (or the block's) top
    double size = 0;   // neuron side (block: its width)
    double pitch = 0;  // neuron to neuron
    double height = 0;
    // Whole pixels, so that a heatmap of size x size pixels is a blit.
    QRectF neuron(int u) const { return {std::floor(x - size / 2), top + u * pitch, size, size}; }
    QRectF box() const { return {std::floor(x - size / 2), top, size, height}; }
  };
  // One drawn link: a single weight (in and out >= 0), a fan line standing for
  // one neuron's weights to or from a block (in or out = -1), or a band
  // between two blocks (both -1).
  struct Link {
    QLineF line;
    int layer = 0;  // spec layer whose kernel it shows
    int in = -1;
    int out = -1;
    float value = 0;  // the weight, or the rms of the weights it stands for
    float mean = 0;   // fan lines and bands
    float width = 1;
    bool drawn = true;  // dense pairs draw only their strongest links
  };
  struct Hit {
    int column = -1;  // grid layer
    int unit = -1;    // -1: the block as a whole
    int link = -1;
    bool operator==(const Hit&) const = default;
  };
  struct Sizes {
    double size;
    double columnWidth;
    double areaTop;
    double areaHeight;
    double left;
    double right;
  };

  void updateHeaders();
  void setCompact(bool on);
  double headerBand() const;  // the height of the headers: full or compact
  void openHeaderPopup(int layer);
  void updateLabels();
  Sizes sizesFor(double neuronSize) const;
  QSize sizeAt(double neuronSize) const;
  double preferredSize() const;
  void layoutColumns();
  void layoutTopBar();
  void ensureLinks();
  void ensureImages();
  void paintLinkLayer(double dpr);  // layerRect_, at dpr
  const ParameterEntry* entry(const std::string& name) const;
  float valueAt(const ParameterEntry& e, std::size_t index) const;
  std::string biasName(int layer) const;
  Hit hitAt(QPointF p);
  QString toolTipFor(const Hit& h) const;
  void editAt(const Hit& h);
  void setHover(const Hit& h);
  void scheduleRepaint();
  // The measured health of hidden column `column` (1-based among columns), or null.
  const nnplay::LayerHealth* healthOf(std::size_t column) const;
  void paintUnitHealth(QPainter& p, const QFont& small);
  int regularMax() const;
  bool isBlock(int units) const;

  std::shared_ptr<const Snapshot> snap_;
  NetworkSpec spec_;
  bool hasSpec_ = false;
  double zoom_ = 1.0;
  double zoomBase_ = 0;  // the neuron size when zooming started
  double size_ = 0;      // the neuron size of the current layout

  QToolButton* addLayer_;
  QToolButton* removeLayer_;
  QLabel* layersLabel_;
  QSlider* zoomSlider_;  // 50-300 %; 100 fits the view
  QToolButton* fitButton_;
  QFrame* headerPopup_;  // a compact column's header, while open
  LayerHeader* popupHeader_ = nullptr;
  bool compact_ = false;
  std::vector<QToolButton*> compactButtons_;
  std::vector<LayerHeader*> headers_;
  int headerHeight_ = 0;

  std::shared_ptr<const InputTransform> labelsFrom_;
  std::vector<QString> inputLabels_;
  std::vector<QString> outputLabels_;
  double inputLabelWidth_ = 0;
  double outputLabelWidth_ = 0;

  std::vector<Column> columns_;
  bool linksDirty_ = true;
  std::vector<Link> links_;
  std::vector<std::size_t> pairStart_;  // links of column pair c: [pairStart_[c], pairStart_[c+1])
  struct Batch {                        // lines_[begin, end): one pen
    int pair;
    int level;
    bool positive;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<QLineF> lines_;
  std::vector<Batch> batches_;
  std::vector<std::size_t> bands_;  // indices of band links
  QImage linkLayer_;                // background, links and bands of layerRect_, as last drawn
  QRect layerRect_;                 // the part of the view the link layer covers
  bool linkLayerDirty_ = true;
  QElapsedTimer linkClock_;  // since the link layer was last drawn

  bool imagesDirty_ = true;                  // set by a new grid or a new layout
  std::vector<std::vector<QImage>> images_;  // [column][unit]

  double paintMs_ = 0;  // the last paintEvent's time
  QElapsedTimer sincePaint_;
  QTimer repaint_;  // a deferred repaint for networks slow to draw

  Hit hover_;
  Hit pressed_;
};

}  // namespace nnplay::gui
