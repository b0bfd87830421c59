#include "network_view.hpp"

#include <QElapsedTimer>
#include <QEvent>
#include <QFrame>
#include <QHelpEvent>
#include <QInputDialog>
#include <QLabel>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPolygonF>
#include <QSlider>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

#include "code_control.hpp"
#include "colors.hpp"
#include "layer_header.hpp"
#include "nnplay/activation.hpp"
#include "nnplay/features.hpp"
#include "nnplay/inference_layers.hpp"
#include "nnplay/parameter_names.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr double kMargin = 8;
constexpr double kTopBar = 30;  // the hidden-layer buttons
constexpr double kGap = 12;     // between the headers and the neurons
constexpr double kBottom = 12;
constexpr double kCompactBottom = 34;  // room for the health shares on two lines
constexpr double kMinSize = 12;        // neuron side at zoom 1 with full headers
constexpr double kFitMin = 4;          // the smallest neuron side when fitting the view
constexpr double kCompactColumn = 46;  // column width with compact headers
constexpr int kCompactHeader = 34;     // height of a compact header button
constexpr double kMaxSize = 36;
constexpr double kPreferredHeight = 420;  // the neuron area sizeHint() aims at
constexpr double kPitch = 1.3;            // neuron spacing / neuron side
constexpr double kMaxColumn = 260;
constexpr double kLabelMax = 90;   // input and output names are elided to this (labelMax())
constexpr double kMinBlock = 160;  // the shortest block
constexpr int kBlockUnits = 64;    // wider columns are drawn as one block
constexpr int kSizeUnits = 32;     // wider columns shrink their own neurons, not everyone's
constexpr std::size_t kAntialiasLinks = 400;  // TF Playground's largest network has 344
constexpr std::size_t kDrawPerPair = 256;     // denser column pairs draw their strongest links
constexpr double kMinLink = 0.5;
constexpr double kMaxLink = 6.0;
constexpr int kLevels = 12;             // link widths per sign, each one drawLines call
constexpr qint64 kLinkIntervalMs = 50;  // new weights redraw the links at most 20 times a second

// The sizes that hold text follow the text: presentation mode scales both.
double topBar() {
  return kTopBar * presentationScale();
}
double compactColumn() {
  return kCompactColumn * presentationScale();
}
int compactHeader() {
  return static_cast<int>(std::lround(kCompactHeader * presentationScale()));
}
double minColumn() {
  return LayerHeader::scaledWidth() + 14;
}
// The largest neuron and widest column: larger on a projector, where a
// perceptron's two inputs and one neuron would be small in a wide view.
double maxSize() {
  return kMaxSize * presentationScale();
}
double maxColumn() {
  return kMaxColumn * presentationScale();
}
// Input and output names ("T-shirt/top") get room in proportion to the text.
double labelMax() {
  return kLabelMax * presentationScale();
}

double levelWidth(int level) {
  return kMinLink + (kMaxLink - kMinLink) * level / (kLevels - 1);
}
int levelOf(double width) {
  const double t = (width - kMinLink) / (kMaxLink - kMinLink);
  return std::clamp(static_cast<int>(std::lround(t * (kLevels - 1))), 0, kLevels - 1);
}

// Two layer lists that need the same header controls.
bool sameLayers(const NetworkSpec& a, const NetworkSpec& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const LayerSpec& x = a.layers[i];
    const LayerSpec& y = b.layers[i];
    if (x.units != y.units || x.activation != y.activation || x.dropout != y.dropout ||
        x.batchNorm != y.batchNorm || x.bias != y.bias) {
      return false;
    }
  }
  return true;
}

// Feature names ("x1sq") as people read them ("X₁²"); table columns as they are.
QString featureLabel(const std::string& name) {
  for (const FeatureInfo& f : features()) {
    if (f.name == name) return qs(f.label);
  }
  return QString::fromStdString(name);
}

QFont labelFont(const QFont& base) {
  QFont f = base;
  f.setPointSizeF(base.pointSizeF() * 0.9);
  return readable(f);
}

double distanceToSegment(QPointF p, const QLineF& l) {
  const QPointF d = l.p2() - l.p1();
  const double len2 = d.x() * d.x() + d.y() * d.y();
  double t = len2 > 0 ? QPointF::dotProduct(p - l.p1(), d) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const QPointF q = l.p1() + t * d - p;
  return std::sqrt(q.x() * q.x() + q.y() * q.y());
}

QString number(double v) {
  return QString::number(v, 'g', 4);
}

// Whole pixels, so that every neuron's heatmap is a blit.
double pitchFor(double size) {
  return std::max(size + 1, std::round(size * kPitch));
}
double columnHeight(int units, double size) {
  return (units - 1) * pitchFor(size) + size;
}

// What sets a link's width: |w|, or the rms of the weights it stands for.
float magnitude(float value) {
  return std::isfinite(value) ? std::abs(value) : 0.0f;
}

// Opaque colours premixed with the background: translucent pens cost the
// raster engine about ten times more per pixel.
QColor mixed(const QColor& background, const QColor& c, double t) {
  const auto lerp = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  return QColor(lerp(background.red(), c.red()), lerp(background.green(), c.green()),
                lerp(background.blue(), c.blue()));
}

// A one-pixel opaque line written into an RGB32 image (device pixels),
// clipped to it: a few nanoseconds a pixel.
void writeLine(QImage& img, const QLineF& l, QRgb colour) {
  const int w = img.width();
  const int h = img.height();
  const double dx = l.dx();
  const double dy = l.dy();
  const int steps = static_cast<int>(std::ceil(std::max(std::abs(dx), std::abs(dy))));
  if (steps <= 0 || !std::isfinite(dx) || !std::isfinite(dy)) return;
  const double sx = dx / steps;
  const double sy = dy / steps;
  const auto stride = static_cast<std::ptrdiff_t>(img.bytesPerLine() / 4);
  auto* bits = reinterpret_cast<QRgb*>(img.bits());
  double x = l.x1();
  double y = l.y1();
  for (int i = 0; i <= steps; ++i, x += sx, y += sy) {
    const int px = static_cast<int>(std::floor(x));
    const int py = static_cast<int>(std::floor(y));
    if (px >= 0 && px < w && py >= 0 && py < h) bits[py * stride + px] = colour;
  }
}

}  // namespace

NetworkView::NetworkView(QWidget* parent)
    : QWidget(parent),
      addLayer_(new QToolButton(this)),
      removeLayer_(new QToolButton(this)),
      layersLabel_(new QLabel(this)),
      zoomSlider_(new QSlider(Qt::Horizontal, this)),
      fitButton_(new QToolButton(this)),
      headerPopup_(new QFrame(this, Qt::Popup)) {
  setMouseTracking(true);
  repaint_.setSingleShot(true);
  connect(&repaint_, &QTimer::timeout, this, qOverload<>(&QWidget::update));
  setAttribute(Qt::WA_OpaquePaintEvent);  // paintEvent fills everything
  addLayer_->setObjectName(QStringLiteral("addLayerButton"));
  removeLayer_->setObjectName(QStringLiteral("removeLayerButton"));
  addLayer_->setText(QStringLiteral("+"));
  removeLayer_->setText(QStringLiteral("\u2212"));
  addLayer_->setToolTip(tr("Add a hidden layer before the output layer"));
  removeLayer_->setToolTip(tr("Remove the last hidden layer"));
  layersLabel_->setToolTip(tr("Hidden layers between the inputs and the output layer"));
  for (QWidget* w : std::initializer_list<QWidget*>{addLayer_, removeLayer_, layersLabel_})
    setCodeControl(w, "layers");  // every Dense / Linear line
  zoomSlider_->setObjectName(QStringLiteral("zoomSlider"));
  zoomSlider_->setRange(50, 300);
  zoomSlider_->setValue(100);
  zoomSlider_->setToolTip(tr("Zoom the network (100 %: fit the view; Ctrl+wheel)"));
  connect(zoomSlider_, &QSlider::valueChanged, this, [this](int v) { setZoom(v / 100.0); });
  fitButton_->setObjectName(QStringLiteral("zoomFitButton"));
  fitButton_->setText(tr("Fit"));
  fitButton_->setToolTip(tr("Zoom to fit the whole network in the view"));
  connect(fitButton_, &QToolButton::clicked, this, [this] { setZoom(1.0); });
  headerPopup_->setObjectName(QStringLiteral("layerHeaderPopup"));
  headerPopup_->setFrameShape(QFrame::StyledPanel);
  auto* popupLayout = new QVBoxLayout(headerPopup_);
  popupLayout->setContentsMargins(4, 4, 4, 4);
  headerPopup_->installEventFilter(this);
  connect(addLayer_, &QToolButton::clicked, this, &NetworkView::addLayerRequested);
  connect(removeLayer_, &QToolButton::clicked, this, &NetworkView::removeLayerRequested);
  addLayer_->setEnabled(false);
  removeLayer_->setEnabled(false);
  layoutTopBar();
}

// The hidden-layer buttons, their count and the zoom, on one row whose
// sizes grow with the text (in presentation mode "2 hidden layers" would run
// under the slider otherwise).
void NetworkView::layoutTopBar() {
  const double s = presentationScale();
  const auto px = [s](double v) { return static_cast<int>(std::lround(v * s)); };
  const int m = static_cast<int>(kMargin);
  const int h = px(22);
  addLayer_->setFixedSize(h, h);
  removeLayer_->setFixedSize(h, h);
  addLayer_->setGeometry(m, 4, h, h);
  removeLayer_->setGeometry(m + px(24), 4, h, h);
  const int labelX = m + px(52);
  const int labelW = std::max(px(112), layersLabel_->sizeHint().width());
  layersLabel_->setGeometry(labelX, 4, labelW, h);
  const int sliderX = labelX + labelW + px(2);
  zoomSlider_->setGeometry(sliderX, 4, px(90), h);
  fitButton_->setGeometry(sliderX + px(94), 4, std::max(px(34), fitButton_->sizeHint().width()), h);
}

void NetworkView::setSnapshot(std::shared_ptr<const Snapshot> s) {
  if (!s) {
    snap_.reset();
    hasSpec_ = false;
    columns_.clear();
    links_.clear();
    lines_.clear();
    batches_.clear();
    bands_.clear();
    pairStart_.clear();
    images_.clear();
    spec_ = {};
    updateHeaders();
    setHover({});
    update();
    return;
  }
  // The grid is immutable and we hold the old one, so the same pointer means
  // the same heatmaps.
  if (!snap_ || snap_->grid != s->grid) imagesDirty_ = true;
  const bool layersChanged = !hasSpec_ || !sameLayers(spec_, s->network);
  const bool inputsChanged = !hasSpec_ || spec_.inputs != s->network.inputs;
  snap_ = std::move(s);
  spec_ = snap_->network;
  hasSpec_ = true;

  bool labelsChanged = false;
  if (layersChanged || inputsChanged || snap_->transform != labelsFrom_) {
    const double in = inputLabelWidth_;
    const double out = outputLabelWidth_;
    updateLabels();
    labelsChanged = in != inputLabelWidth_ || out != outputLabelWidth_;
  }
  if (layersChanged) updateHeaders();
  linksDirty_ = true;
  if (layersChanged || inputsChanged || labelsChanged) {
    setHover({});
    updateGeometry();
    layoutColumns();
    update();
  } else {
    scheduleRepaint();  // new weights and heatmaps only
  }
}

void NetworkView::updateHeaders() {
  const std::size_t n = hasSpec_ ? spec_.layers.size() : 0;
  // An open header stays open while its layer's values change (its + and −
  // buttons); the popup closes (giving the header back) when layers come or go.
  if (n != headers_.size()) headerPopup_->hide();
  while (compactButtons_.size() > n) {
    QToolButton* b = compactButtons_.back();
    compactButtons_.pop_back();
    b->hide();
    b->setParent(nullptr);
    b->deleteLater();
  }
  while (compactButtons_.size() < n) {
    auto* b = new QToolButton(this);
    const int i = static_cast<int>(compactButtons_.size());
    b->setObjectName(QStringLiteral("layerButton_%1").arg(i));
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(b, &QToolButton::clicked, this, [this, i] { openHeaderPopup(i); });
    b->setVisible(compact_);
    compactButtons_.push_back(b);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const LayerSpec& l = spec_.layers[i];
    compactButtons_[i]->setText(
        QStringLiteral("%1\n%2").arg(l.units).arg(qs(activation(l.activation).label)));
    compactButtons_[i]->setToolTip(
        tr("%1: %2 neurons, %3. Click for its settings")
            .arg(i + 1 == n ? tr("Output layer") : tr("Hidden layer %1").arg(i + 1))
            .arg(l.units)
            .arg(qs(activation(l.activation).label)));
  }
  while (headers_.size() > n) {
    // Out of the tree now (findChild must not see it), deleted later: it may
    // be the sender of the signal that led here.
    LayerHeader* h = headers_.back();
    headers_.pop_back();
    h->hide();
    h->setParent(nullptr);
    h->deleteLater();
  }
  while (headers_.size() < n) {
    auto* h = new LayerHeader(this);
    connect(h, &LayerHeader::addNeuronRequested, this, &NetworkView::addNeuronRequested);
    connect(h, &LayerHeader::removeNeuronRequested, this, &NetworkView::removeNeuronRequested);
    connect(h, &LayerHeader::activationChangeRequested, this,
            &NetworkView::activationChangeRequested);
    connect(h, &LayerHeader::dropoutChangeRequested, this, &NetworkView::dropoutChangeRequested);
    connect(h, &LayerHeader::batchNormChangeRequested, this,
            &NetworkView::batchNormChangeRequested);
    connect(h, &LayerHeader::biasChangeRequested, this, &NetworkView::biasChangeRequested);
    h->setVisible(!compact_);
    headers_.push_back(h);
  }
  headerHeight_ = 0;
  for (std::size_t i = 0; i < n; ++i) {
    headers_[i]->setLayer(static_cast<int>(i), static_cast<int>(n), spec_.layers[i]);
    headerHeight_ = std::max(headerHeight_, headers_[i]->sizeHint().height());
  }
  const int hidden = n > 0 ? static_cast<int>(n) - 1 : 0;
  addLayer_->setEnabled(hasSpec_ && static_cast<int>(n) < kMaxLayers);
  removeLayer_->setEnabled(hidden > 0);
  layersLabel_->setText(hidden == 1 ? tr("1 hidden layer") : tr("%1 hidden layers").arg(hidden));
  layoutTopBar();
}

void NetworkView::showLayerSettings(const NetworkSpec& network) {
  if (network.layers.size() != headers_.size()) return;
  for (std::size_t i = 0; i < headers_.size(); ++i) headers_[i]->showValues(network.layers[i]);
}

void NetworkView::updateLabels() {
  labelsFrom_ = snap_->transform;
  inputLabels_.clear();
  outputLabels_.clear();
  const InputTransform* t = labelsFrom_.get();
  if (t && t->networkInputs() == spec_.inputs && !isBlock(spec_.inputs)) {
    for (const std::string& n : t->features.names(t->inputNames)) {
      inputLabels_.push_back(featureLabel(n));
    }
    if (static_cast<int>(inputLabels_.size()) != spec_.inputs) inputLabels_.clear();
  }
  const int outputs = spec_.layers.empty() ? 0 : spec_.layers.back().units;
  if (t && static_cast<int>(t->outputNames.size()) == outputs && !isBlock(outputs)) {
    for (const std::string& n : t->outputNames) outputLabels_.push_back(QString::fromStdString(n));
  }
  const QFontMetricsF fm(labelFont(font()));
  const auto widest = [&fm](const std::vector<QString>& labels) {
    double w = 0;
    for (const QString& l : labels) w = std::max(w, fm.horizontalAdvance(l));
    return labels.empty() ? 0.0 : std::min(w, labelMax()) + 6;
  };
  inputLabelWidth_ = widest(inputLabels_);
  outputLabelWidth_ = widest(outputLabels_);
}

bool NetworkView::isBlock(int units) const {
  return units > kBlockUnits;
}

// The widest column that sets everyone's neuron size.
int NetworkView::regularMax() const {
  int m = 1;
  if (!hasSpec_) return m;
  if (!isBlock(spec_.inputs)) m = std::max(m, spec_.inputs);
  for (const LayerSpec& l : spec_.layers) {
    if (!isBlock(l.units)) m = std::max(m, l.units);
  }
  return std::min(m, kSizeUnits);
}

NetworkView::Sizes NetworkView::sizesFor(double s) const {
  Sizes z{};
  const int rm = regularMax();
  z.size = s;
  z.areaTop = topBar() + headerBand() + kGap;
  z.areaHeight = columnHeight(rm, s);
  bool anyBlock = isBlock(spec_.inputs);
  for (const LayerSpec& l : spec_.layers) anyBlock = anyBlock || isBlock(l.units);
  if (anyBlock) z.areaHeight = std::max(z.areaHeight, kMinBlock * zoom_);
  z.left = kMargin + inputLabelWidth_;
  z.right = kMargin + outputLabelWidth_;
  z.columnWidth = std::max(compact_ ? compactColumn() : minColumn(), s * 3.5);
  return z;
}

QSize NetworkView::sizeAt(double s) const {
  if (!hasSpec_) return {240, 160};
  const Sizes z = sizesFor(s);
  const double columns = static_cast<double>(spec_.layers.size() + 1);
  const double w = z.left + columns * z.columnWidth + z.right;
  const double h = z.areaTop + z.areaHeight + kBottom;
  return {static_cast<int>(std::ceil(std::max(w, 220.0))), static_cast<int>(std::ceil(h))};
}

double NetworkView::preferredSize() const {
  const int rm = regularMax();
  return std::floor(std::clamp(kPreferredHeight / ((rm - 1) * kPitch + 1), kMinSize, kMaxSize));
}

QSize NetworkView::sizeHint() const {
  return sizeAt(zoom_ == 1.0 ? preferredSize() : std::floor(std::max(4.0, zoomBase_ * zoom_)));
}

// Zoomed, the view is as large as its neurons need; at 1 it fits the
// viewport down to compact headers and the smallest neurons, so that ten
// hidden layers of 32 fit a viewport of a few hundred pixels.
QSize NetworkView::minimumSizeHint() const {
  if (zoom_ != 1.0) return sizeAt(std::floor(std::max(4.0, zoomBase_ * zoom_)));
  if (!hasSpec_) return {240, 160};
  const double columns = static_cast<double>(spec_.layers.size() + 1);
  const double w = 2 * kMargin + inputLabelWidth_ + outputLabelWidth_ + columns * compactColumn();
  double area = columnHeight(regularMax(), kFitMin);
  bool anyBlock = isBlock(spec_.inputs);
  for (const LayerSpec& l : spec_.layers) anyBlock = anyBlock || isBlock(l.units);
  if (anyBlock) area = std::max(area, kMinBlock);
  const double h = topBar() + compactHeader() + kGap + area + kCompactBottom;
  return {static_cast<int>(std::ceil(std::max(w, 300.0))), static_cast<int>(std::ceil(h))};
}

void NetworkView::setZoom(double zoom) {
  zoom = std::clamp(zoom, 0.5, 3.0);
  if (std::abs(zoom - 1.0) < 0.05) zoom = 1.0;  // back to fitting the height
  if (zoom == zoom_) return;
  if (zoom_ == 1.0) zoomBase_ = size_ > 0 ? size_ : preferredSize();
  zoom_ = zoom;
  {
    const QSignalBlocker block(zoomSlider_);
    zoomSlider_->setValue(static_cast<int>(std::lround(zoom * 100)));
  }
  setHover({});
  updateGeometry();
  layoutColumns();
  update();
}

void NetworkView::layoutColumns() {
  columns_.clear();
  linksDirty_ = true;
  linkLayer_ = QImage();  // a new layout draws its links at once
  imagesDirty_ = true;
  if (!hasSpec_) return;
  const int rm = regularMax();
  const int count = static_cast<int>(spec_.layers.size()) + 1;
  // Fitting (zoom 1): columns too many for full headers get compact ones.
  const double across = width() - 2 * kMargin - inputLabelWidth_ - outputLabelWidth_;
  setCompact(zoom_ == 1.0 && across / count < minColumn());
  const double top = topBar() + headerBand() + kGap;
  const double avail = height() - top - (compact_ ? kCompactBottom : kBottom);
  const double smallest = compact_ ? kFitMin : kMinSize;
  double s = std::floor(std::clamp(avail / ((rm - 1) * kPitch + 1), smallest, maxSize()));
  if (compact_) s = std::max(smallest, std::min(s, std::floor(across / count / 3.5)));
  while (s > smallest && columnHeight(rm, s) > avail) --s;  // pitches are rounded
  if (zoom_ != 1.0) s = std::floor(std::max(4.0, zoomBase_ * zoom_));
  size_ = s;
  const Sizes z = sizesFor(s);
  // Spread the columns over a wide view, but not so far that links get flat.
  const double spread = (width() - z.left - z.right) / count;
  const double colW = std::max(z.columnWidth, std::min(maxColumn() * zoom_, spread));
  for (int c = 0; c < count; ++c) {
    Column col;
    col.units = c == 0 ? spec_.inputs : spec_.layers[static_cast<std::size_t>(c) - 1].units;
    col.block = isBlock(col.units);
    col.x = std::round(z.left + colW * (c + 0.5));
    if (col.block) {
      col.size = std::max(s, 24.0);  // room for the rotated label
      col.pitch = 0;
      col.height = std::round(z.areaHeight);
      col.top = std::round(z.areaTop);
    } else {
      // Columns wider than the one that set the size shrink their own neurons.
      const double n = col.units;
      col.size = s;
      col.pitch = pitchFor(s);
      if (col.units > rm) {
        col.size = std::max(3.0, std::floor(z.areaHeight / ((n - 1) * kPitch + 1)));
        col.pitch = std::max(col.size + 1, std::floor((z.areaHeight - col.size) / (n - 1)));
      }
      col.height = (n - 1) * col.pitch + col.size;
      col.top = std::round(z.areaTop + (z.areaHeight - col.height) / 2);
    }
    columns_.push_back(col);
  }
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    const int headerWidth = LayerHeader::scaledWidth();
    const double x = columns_[i + 1].x - headerWidth / 2.0;
    if (headers_[i]->parent() == this) {
      headers_[i]->setGeometry(static_cast<int>(std::round(x)), static_cast<int>(topBar()),
                               headerWidth, headerHeight_);
    }
  }
  const int buttonWidth = static_cast<int>(std::min(minColumn(), colW)) - 4;
  for (std::size_t i = 0; i < compactButtons_.size() && i + 1 < columns_.size(); ++i) {
    const double x = columns_[i + 1].x - buttonWidth / 2.0;
    compactButtons_[i]->setGeometry(static_cast<int>(std::round(x)), static_cast<int>(topBar()),
                                    buttonWidth, compactHeader());
  }
}

double NetworkView::headerBand() const {
  return compact_ ? compactHeader() : headerHeight_;
}

void NetworkView::setCompact(bool on) {
  if (on == compact_) return;
  compact_ = on;
  headerPopup_->hide();
  for (LayerHeader* h : headers_) h->setVisible(!on);
  for (QToolButton* b : compactButtons_) b->setVisible(on);
}

// A compact column's full header, in a popup under its button; closing the
// popup gives the header back to the view.
void NetworkView::openHeaderPopup(int layer) {
  if (layer < 0 || static_cast<std::size_t>(layer) >= headers_.size()) return;
  headerPopup_->hide();
  LayerHeader* h = headers_[static_cast<std::size_t>(layer)];
  headerPopup_->layout()->addWidget(h);
  h->show();
  popupHeader_ = h;
  headerPopup_->adjustSize();
  const QToolButton* b = compactButtons_[static_cast<std::size_t>(layer)];
  headerPopup_->move(b->mapToGlobal(QPoint(0, b->height())));
  headerPopup_->show();
}

bool NetworkView::eventFilter(QObject* watched, QEvent* e) {
  if (watched == headerPopup_ && e->type() == QEvent::Hide && popupHeader_) {
    LayerHeader* h = popupHeader_;
    popupHeader_ = nullptr;
    headerPopup_->layout()->removeWidget(h);
    h->setParent(this);
    h->setVisible(!compact_);
    layoutColumns();
    update();
  }
  return QWidget::eventFilter(watched, e);
}

bool NetworkView::compactHeaders() const {
  return compact_;
}

bool NetworkView::fitsWidth() const {
  if (columns_.empty()) return true;
  const Column& last = columns_.back();
  return last.x + last.size / 2 + outputLabelWidth_ <= width();
}

void NetworkView::resizeEvent(QResizeEvent* e) {
  QWidget::resizeEvent(e);
  setHover({});
  layoutColumns();
}

const ParameterEntry* NetworkView::entry(const std::string& name) const {
  if (!snap_) return nullptr;
  const ParameterEntry* e = findParameter(snap_->table, name);
  if (!e) return nullptr;
  const std::vector<float>& buf = e->isState ? snap_->state : snap_->parameters;
  return e->offset + e->size() <= buf.size() ? e : nullptr;
}

float NetworkView::valueAt(const ParameterEntry& e, std::size_t index) const {
  const std::vector<float>& buf = e.isState ? snap_->state : snap_->parameters;
  return buf[e.offset + index];
}

std::string NetworkView::biasName(int layer) const {
  const bool bn = spec_.layers[static_cast<std::size_t>(layer)].batchNorm;
  return parameterName(bn ? ArrayKind::Beta : ArrayKind::Bias, layer);
}

void NetworkView::ensureLinks() {
  if (!linksDirty_) return;
  linksDirty_ = false;
  linkLayerDirty_ = true;
  links_.clear();
  bands_.clear();
  lines_.clear();
  batches_.clear();
  std::vector<std::vector<QLineF>> buckets(std::size_t{2} * kLevels);  // by sign and width level
  pairStart_.assign(columns_.size(), 0);
  if (!snap_ || columns_.size() < 2) return;
  for (std::size_t c = 0; c + 1 < columns_.size(); ++c) {
    pairStart_[c] = links_.size();
    const Column& a = columns_[c];
    const Column& b = columns_[c + 1];
    const int layer = static_cast<int>(c);
    const ParameterEntry* e = entry(parameterName(ArrayKind::Kernel, layer));
    if (!e || e->rows != a.units || e->cols != b.units) continue;
    const std::vector<float>& buf = e->isState ? snap_->state : snap_->parameters;
    const float* w = buf.data() + e->offset;
    const int cols = e->cols;
    const auto rightOf = [&](int u) {
      return a.block ? QPointF(a.box().right(), a.top + (u + 0.5) * a.height / b.units)
                     : QPointF(a.neuron(u).right(), a.neuron(u).center().y());
    };
    const auto leftOf = [&](int u) {
      return b.block ? QPointF(b.box().left(), b.top + (u + 0.5) * b.height / a.units)
                     : QPointF(b.neuron(u).left(), b.neuron(u).center().y());
    };
    // Aggregates stand for many weights: the rms sets the width, the mean's sign the colour.
    const auto aggregate = [&](int in, int out) {
      double sum = 0, sq = 0;
      long n = 0;
      for (int i = in < 0 ? 0 : in; i < (in < 0 ? a.units : in + 1); ++i) {
        for (int o = out < 0 ? 0 : out; o < (out < 0 ? b.units : out + 1); ++o) {
          const float v = w[static_cast<std::size_t>(i) * cols + o];
          sum += v;
          sq += static_cast<double>(v) * v;
          ++n;
        }
      }
      Link l;
      l.layer = layer;
      l.in = in;
      l.out = out;
      l.value = n ? static_cast<float>(std::sqrt(sq / n)) : 0.0f;
      l.mean = n ? static_cast<float>(sum / n) : 0.0f;
      return l;
    };
    if (!a.block && !b.block) {
      for (int i = 0; i < a.units; ++i) {
        const QPointF p = rightOf(i);
        for (int o = 0; o < b.units; ++o) {
          Link l;
          l.line = QLineF(p, leftOf(o));
          l.layer = layer;
          l.in = i;
          l.out = o;
          l.value = l.mean = w[static_cast<std::size_t>(i) * cols + o];
          links_.push_back(l);
        }
      }
    } else if (a.block && !b.block) {
      for (int o = 0; o < b.units; ++o) {
        Link l = aggregate(-1, o);
        l.line = QLineF(rightOf(o), leftOf(o));
        links_.push_back(l);
      }
    } else if (!a.block && b.block) {
      for (int i = 0; i < a.units; ++i) {
        Link l = aggregate(i, -1);
        l.line = QLineF(rightOf(i), leftOf(i));
        links_.push_back(l);
      }
    } else {
      Link l = aggregate(-1, -1);
      l.line = QLineF(QPointF(a.box().right(), a.box().center().y()),
                      QPointF(b.box().left(), b.box().center().y()));
      bands_.push_back(links_.size());
      links_.push_back(l);
    }
    // Dense pairs (10 x 32 networks, 784-pixel fans) draw only their strongest
    // links: all of them would be an unreadable, slow mat of lines.
    const std::size_t first = pairStart_[c];
    const std::size_t n = links_.size() - first;
    float cut = 0;
    if (n > kDrawPerPair) {
      std::vector<float> m;
      m.reserve(n);
      for (std::size_t k = first; k < links_.size(); ++k) m.push_back(magnitude(links_[k].value));
      std::nth_element(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n - kDrawPerPair),
                       m.end());
      cut = m[n - kDrawPerPair];
    }
    float largest = 0;
    for (std::size_t k = first; k < links_.size(); ++k)
      largest = std::max(largest, magnitude(links_[k].value));
    // Widths relative to this layer's largest |w|; the more links, the thinner.
    const double drawn = static_cast<double>(std::min(n, kDrawPerPair));
    const double widest = std::clamp(kMaxLink * std::sqrt(64.0 / drawn), 2.5, kMaxLink);
    for (std::size_t k = first; k < links_.size(); ++k) {
      Link& l = links_[k];
      const float m = magnitude(l.value);
      l.drawn = m >= cut && (n <= kDrawPerPair || m > 0);
      const double t = largest > 0 ? m / largest : 0.0;
      const int level = levelOf(kMinLink + (widest - kMinLink) * t);
      l.width = static_cast<float>(levelWidth(level));
      if (!l.drawn || (l.in < 0 && l.out < 0)) continue;  // bands are polygons
      buckets[static_cast<std::size_t>(l.mean >= 0 ? kLevels : 0) + static_cast<std::size_t>(level)]
          .push_back(l.line);
    }
    // One batch per width and sign, weakest first so that strong links lie on top.
    for (int level = 0; level < kLevels; ++level) {
      for (int sign = 0; sign < 2; ++sign) {
        auto& bucket =
            buckets[static_cast<std::size_t>(sign) * kLevels + static_cast<std::size_t>(level)];
        if (bucket.empty()) continue;
        batches_.push_back(
            {static_cast<int>(c), level, sign == 1, lines_.size(), lines_.size() + bucket.size()});
        lines_.insert(lines_.end(), bucket.begin(), bucket.end());
        bucket.clear();
      }
    }
  }
  pairStart_.back() = links_.size();
}

void NetworkView::ensureImages() {
  if (!imagesDirty_) return;
  imagesDirty_ = false;
  images_.assign(columns_.size(), {});
  const Grid* g = snap_ ? snap_->grid.get() : nullptr;
  if (!g || g->layers.size() != columns_.size() || g->resolution < 1 || g->rows < 1) return;
  const int res = g->resolution;
  const int rows = g->rows;
  const Eigen::Index points = static_cast<Eigen::Index>(res) * rows;
  const double dpr = devicePixelRatioF();
  std::vector<float> sampled;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const Column& col = columns_[c];
    const RowMatrix& m = g->layers[c];
    if (col.block || m.rows() != col.units || m.cols() != points) continue;
    float alo = -std::numeric_limits<float>::infinity();
    float ahi = std::numeric_limits<float>::infinity();
    if (c > 0) {
      const ActivationInfo& a = activation(spec_.layers[c - 1].activation);
      alo = a.lo;
      ahi = a.hi;
    }
    // Sampled down to the drawn pixels: drawing is then a blit, and a 10 x 32
    // network costs a few hundred small images rather than 100 x 100 ones.
    const int side = std::max(1, static_cast<int>(std::lround(col.size * dpr)));
    const int pw = std::min(res, side);
    const int ph = rows == 1 ? 1 : std::min(rows, side);
    sampled.resize(static_cast<std::size_t>(pw) * ph);
    images_[c].reserve(static_cast<std::size_t>(col.units));
    for (int u = 0; u < col.units; ++u) {
      const float* v = m.data() + static_cast<Eigen::Index>(u) * points;
      for (int y = 0; y < ph; ++y) {
        const int sy = static_cast<int>((y + 0.5) * rows / ph);
        for (int x = 0; x < pw; ++x) {
          const int sx = static_cast<int>((x + 0.5) * res / pw);
          sampled[static_cast<std::size_t>(y) * pw + x] =
              v[static_cast<std::ptrdiff_t>(sy) * res + sx];
        }
      }
      // The colour range of what is drawn: the sampled pixels, not the whole
      // grid (320 neurons x 10,000 points per snapshot cost milliseconds).
      float lo = 0, hi = 1;
      heatmapRange(sampled.data(), static_cast<int>(sampled.size()), alo, ahi, lo, hi);
      images_[c].push_back(heatmapImage(sampled.data(), pw, ph, lo, hi));
    }
  }
}

// Links (one drawLines per width and colour; antialiasing only while it
// stays cheap) and bands, on the background, into one image that paintEvent
// blits: a 10 x 32 network's 2,800 wide lines are stroked once per weights
// update, not once per frame.
void NetworkView::paintLinkLayer(double dpr) {
  linkLayerDirty_ = false;
  linkClock_.start();
  const QSize pixels = (QSizeF(layerRect_.size()) * dpr).toSize();
  const QPointF origin = layerRect_.topLeft();
  if (linkLayer_.size() != pixels || linkLayer_.devicePixelRatio() != dpr) {
    linkLayer_ = QImage(pixels, QImage::Format_RGB32);
    linkLayer_.setDevicePixelRatio(dpr);
  }
  const QColor background = palette().color(QPalette::Base);
  linkLayer_.fill(background);
  const bool antialias = lines_.size() <= kAntialiasLinks;
  const auto colourOf = [&](const Batch& b) {
    return mixed(background, b.positive ? kPositive : kNegative,
                 0.3 + 0.55 * b.level / (kLevels - 1));
  };
  if (!antialias) {
    // Without antialiasing QPainter strokes a wide pen as a path and blends a
    // thin one pixel by pixel (25 ms for a 10 x 32 network); the colours are
    // opaque, so a line n pixels wide is written straight into the image as
    // n one-pixel lines side by side, offset across its minor axis.
    for (const Batch& b : batches_) {
      const QRgb colour = colourOf(b).rgb();
      const int n = std::max(1, static_cast<int>(std::lround(thick(levelWidth(b.level)) * dpr)));
      for (std::size_t i = b.begin; i < b.end; ++i) {
        const QLineF l((lines_[i].p1() - origin) * dpr, (lines_[i].p2() - origin) * dpr);
        const bool steep = std::abs(l.dy()) > std::abs(l.dx());
        for (int k = 0; k < n; ++k) {
          const double o = k - (n - 1) / 2.0;
          writeLine(linkLayer_, steep ? l.translated(o, 0) : l.translated(0, o), colour);
        }
      }
    }
  }
  QPainter p(&linkLayer_);
  p.translate(-origin);
  p.setRenderHint(QPainter::Antialiasing, true);
  if (antialias) {
    for (const Batch& b : batches_) {
      p.setPen(QPen(colourOf(b), thick(levelWidth(b.level)), Qt::SolidLine, Qt::FlatCap));
      p.drawLines(lines_.data() + b.begin, static_cast<int>(b.end - b.begin));
    }
  }
  p.setPen(Qt::NoPen);
  for (std::size_t k : bands_) {
    const Link& l = links_[k];
    const QRectF a = columns_[static_cast<std::size_t>(l.layer)].box();
    const QRectF b = columns_[static_cast<std::size_t>(l.layer) + 1].box();
    p.setBrush(mixed(background, l.mean >= 0 ? kPositive : kNegative, 0.25));
    p.drawPolygon(QPolygonF({a.topRight(), b.topLeft(), b.bottomLeft(), a.bottomRight()}));
  }
}

void NetworkView::paintEvent(QPaintEvent* e) {
  QElapsedTimer timer;
  timer.start();
  const QRectF exposed = e->rect();
  QPainter p(this);
  if (!hasSpec_ || columns_.empty()) {
    p.fillRect(rect(), palette().base());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter, tr("No network"));
    return;
  }
  // New weights redraw the links at most every kLinkIntervalMs while they
  // stream in (link widths changing faster are not seen); a new layout at once.
  // The layer covers what is visible (a zoomed network in a scroll area can
  // be thousands of pixels wide); scrolling to more of it draws it again.
  const double dpr = devicePixelRatioF();
  QRect area = visibleRegion().boundingRect().united(e->rect());
  if (area.isEmpty()) area = rect();
  const bool layerFits = !linkLayer_.isNull() && layerRect_.contains(e->rect()) &&
                         linkLayer_.devicePixelRatio() == dpr;
  if (!layerFits) layerRect_ = area;
  if (linksDirty_) {
    const qint64 since = linkClock_.isValid() ? linkClock_.elapsed() : kLinkIntervalMs;
    if (!layerFits || since >= kLinkIntervalMs) {
      ensureLinks();
    } else if (!repaint_.isActive()) {
      repaint_.start(static_cast<int>(kLinkIntervalMs - since));
    }
  }
  if (!layerFits || linkLayerDirty_) paintLinkLayer(dpr);
  ensureImages();
  p.drawImage(
      exposed, linkLayer_,
      QRectF((exposed.topLeft() - QPointF(layerRect_.topLeft())) * dpr, exposed.size() * dpr));
  if (hover_.link >= 0 && static_cast<std::size_t>(hover_.link) < links_.size()) {
    const Link& l = links_[static_cast<std::size_t>(hover_.link)];
    if (l.in >= 0 || l.out >= 0) {
      p.setPen(QPen(QColor(40, 40, 40, 200), thick(std::max<double>(l.width, 2.0) + 1.0)));
      p.drawLine(l.line);
    }
  }

  // Neurons over the links: heatmaps are blits, borders one drawRects.
  p.setRenderHint(QPainter::Antialiasing, false);
  const QFont small = labelFont(font());
  const QColor border(150, 150, 150);
  std::vector<QRectF> frames;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const Column& col = columns_[c];
    if (!col.box().adjusted(-labelMax() - 4, 0, labelMax() + 4, 0).intersects(exposed)) continue;
    if (col.block) {
      const QRectF r = col.box();
      p.fillRect(r, kNeutral);
      p.setPen(border);
      p.setBrush(Qt::NoBrush);
      p.drawRect(r);
      p.save();
      p.setFont(small);
      p.setPen(palette().color(QPalette::Text));
      p.translate(r.center());
      p.rotate(-90);
      const QString text =
          c == 0 ? tr("%1 inputs").arg(col.units) : tr("%1 neurons").arg(col.units);
      p.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()), Qt::AlignCenter,
                 text);
      p.restore();
      continue;
    }
    const std::vector<QImage>* imgs = c < images_.size() ? &images_[c] : nullptr;
    for (int u = 0; u < col.units; ++u) {
      const QRectF r = col.neuron(u);
      if (imgs && static_cast<std::size_t>(u) < imgs->size()) {
        p.drawImage(r, (*imgs)[static_cast<std::size_t>(u)]);
      } else {
        p.fillRect(r, QColor(250, 250, 250));
      }
      frames.push_back(r);
    }
  }
  p.setPen(QPen(border, presentationScale() > 1 ? thick(1) : 0));
  p.setBrush(Qt::NoBrush);
  p.drawRects(frames.data(), static_cast<int>(frames.size()));
  paintUnitHealth(p, small);
  if (hover_.column >= 0 && static_cast<std::size_t>(hover_.column) < columns_.size()) {
    const Column& col = columns_[static_cast<std::size_t>(hover_.column)];
    p.setPen(QPen(palette().color(QPalette::Text), thick(2)));
    p.drawRect(hover_.unit >= 0 ? col.neuron(hover_.unit) : col.box());
  }

  // Names beside the input and output neurons, and what the input column is.
  p.setFont(small);
  p.setPen(palette().color(QPalette::Text));
  const QFontMetricsF fm(small);
  const Column& in = columns_.front();
  for (std::size_t u = 0; u < inputLabels_.size() && !in.block; ++u) {
    const QRectF r = in.neuron(static_cast<int>(u));
    const QRectF t(r.left() - labelMax() - 4, r.top() - 4, labelMax(), r.height() + 8);
    p.drawText(t, Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(inputLabels_[u], Qt::ElideRight, labelMax()));
  }
  const Column& out = columns_.back();
  for (std::size_t u = 0; u < outputLabels_.size() && !out.block; ++u) {
    const QRectF r = out.neuron(static_cast<int>(u));
    const QRectF t(r.right() + 4, r.top() - 4, labelMax(), r.height() + 8);
    p.drawText(t, Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(outputLabels_[u], Qt::ElideRight, labelMax()));
  }
  const bool plane = snap_ && snap_->grid;
  const QString what =
      plane ? (spec_.inputs == 1 ? tr("1 feature") : tr("%1 features").arg(spec_.inputs))
            : (spec_.inputs == 1 ? tr("1 input") : tr("%1 inputs").arg(spec_.inputs));
  p.drawText(QRectF(in.x - minColumn() / 2, topBar(), minColumn(), 22 * presentationScale()),
             Qt::AlignCenter, what);
  paintMs_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  sincePaint_.start();
}

const LayerHealth* NetworkView::healthOf(std::size_t column) const {
  if (!snap_ || !snap_->units || column == 0) return nullptr;
  const std::vector<LayerHealth>& h = snap_->units->health;
  const std::size_t layer = column - 1;
  if (layer >= h.size() || column >= columns_.size()) return nullptr;
  return h[layer].units == columns_[column].units ? &h[layer] : nullptr;
}

// Dead and saturated neurons dimmed, a dot saying which, and each hidden
// layer's shares under it; with only linear hidden layers, the collapse note.
void NetworkView::paintUnitHealth(QPainter& p, const QFont& small) {
  const QColor dead(200, 40, 40);
  const QColor saturated(220, 150, 0);
  p.save();
  p.setFont(small);
  const QFontMetricsF fm(small);
  for (std::size_t c = 1; c + 1 < columns_.size(); ++c) {
    const LayerHealth* h = healthOf(c);
    const Column& col = columns_[c];
    if (!h) continue;
    if (!col.block) {
      for (int u = 0; u < col.units; ++u) {
        const auto i = static_cast<std::size_t>(u);
        if (!h->dead[i] && !h->saturated[i]) continue;
        const QRectF r = col.neuron(u);
        p.fillRect(r, QColor(255, 255, 255, 170));
        const double d = std::max(4.0, r.width() / 5);
        p.fillRect(QRectF(r.right() - d, r.top(), d, d), h->dead[i] ? dead : saturated);
      }
    }
    if (h->deadCount() + h->saturatedCount() == 0) continue;
    const QRectF under = col.box();
    if (compact_) {
      // Narrow columns: the two shares on two short lines, each in its colour.
      double y = under.bottom() + 2;
      const auto line = [&](long percent, const QColor& c) {
        p.setPen(c);
        p.drawText(QRectF(under.center().x() - 30, y, 60, fm.height() + 2),
                   Qt::AlignHCenter | Qt::AlignTop, tr("%1 %").arg(percent));
        y += fm.height();
      };
      if (h->deadCount() > 0) line(std::lround(100 * h->deadShare()), dead);
      if (h->saturatedCount() > 0) line(std::lround(100 * h->saturatedShare()), saturated);
      continue;
    }
    QStringList parts;
    if (h->deadCount() > 0) parts << tr("%1 % dead").arg(std::lround(100 * h->deadShare()));
    if (h->saturatedCount() > 0) {
      parts << tr("%1 % sat.").arg(std::lround(100 * h->saturatedShare()));
    }
    const QRectF box = col.box();
    p.setPen(h->deadCount() > 0 ? dead : saturated);
    p.drawText(QRectF(box.center().x() - 60, box.bottom() + 2, 120, fm.height() + 2),
               Qt::AlignHCenter | Qt::AlignTop, parts.join(" · "));
  }
  if (spec_.layers.size() > 1 && hiddenLayersAreLinear(spec_)) {
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(8, height() - fm.height() - 6, width() - 16, fm.height() + 4),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("Every hidden activation is linear: this network equals one layer "
                  "(the math view shows W = W¹·W²⋯)"));
  }
  p.restore();
}

void NetworkView::scheduleRepaint() {
  // A network that is slow to draw (over 8 ms) is redrawn less often while
  // training, so that painting takes at most about a third of the GUI thread.
  const double wait =
      3 * paintMs_ - (sincePaint_.isValid() ? static_cast<double>(sincePaint_.elapsed()) : 1e9);
  if (paintMs_ < 8 || wait <= 0) {
    update();
  } else if (!repaint_.isActive()) {
    repaint_.start(static_cast<int>(std::ceil(wait)));
  }
}

NetworkView::Hit NetworkView::hitAt(QPointF p) {
  Hit h;
  ensureLinks();
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const Column& col = columns_[c];
    if (col.block) {
      if (col.box().adjusted(-1, -1, 1, 1).contains(p)) {
        h.column = static_cast<int>(c);
        return h;
      }
      continue;
    }
    if (std::abs(p.x() - col.x) > col.size / 2 + 1) continue;
    const int u = static_cast<int>(std::floor((p.y() - col.top) / col.pitch));
    if (u >= 0 && u < col.units && col.neuron(u).adjusted(-1, -1, 1, 1).contains(p)) {
      h.column = static_cast<int>(c);
      h.unit = u;
      return h;
    }
  }
  // Links: only the pair of columns the point lies between.
  for (std::size_t c = 0; c + 1 < columns_.size() && c + 1 < pairStart_.size(); ++c) {
    if (p.x() < columns_[c].x || p.x() > columns_[c + 1].x) continue;
    double best = std::numeric_limits<double>::max();
    for (std::size_t k = pairStart_[c]; k < pairStart_[c + 1]; ++k) {
      const Link& l = links_[k];
      if (!l.drawn) continue;  // what is not drawn is not there to hover
      if (l.in < 0 && l.out < 0) {
        const QRectF a = columns_[c].box();
        const QRectF b = columns_[c + 1].box();
        if (QPolygonF({a.topRight(), b.topLeft(), b.bottomLeft(), a.bottomRight()})
                .containsPoint(p, Qt::OddEvenFill)) {
          h.link = static_cast<int>(k);
        }
        continue;
      }
      const double d = distanceToSegment(p, l.line);
      if (d < best && d <= std::max(3.0, l.width / 2.0 + 1.5)) {
        best = d;
        h.link = static_cast<int>(k);
      }
    }
    break;
  }
  return h;
}

QString NetworkView::toolTipFor(const Hit& h) const {
  if (h.link >= 0) {
    const Link& l = links_[static_cast<std::size_t>(h.link)];
    const QString array = QString::fromStdString(parameterName(ArrayKind::Kernel, l.layer));
    const Column& a = columns_[static_cast<std::size_t>(l.layer)];
    const Column& b = columns_[static_cast<std::size_t>(l.layer) + 1];
    if (l.in >= 0 && l.out >= 0) {
      return tr("%1 [%2 \u2192 %3] = %4\nClick to edit")
          .arg(array)
          .arg(l.in)
          .arg(l.out)
          .arg(number(l.value));
    }
    const QString from = l.in >= 0 ? QString::number(l.in) : tr("all %1").arg(a.units);
    const QString to = l.out >= 0 ? QString::number(l.out) : tr("all %1").arg(b.units);
    const long n = static_cast<long>(l.in >= 0 ? 1 : a.units) * (l.out >= 0 ? 1 : b.units);
    return tr("%1 [%2 \u2192 %3]: %4 weights\nmean %5, rms %6")
        .arg(array, from, to)
        .arg(n)
        .arg(number(l.mean))
        .arg(number(l.value));
  }
  if (h.column < 0) return {};
  const std::size_t c = static_cast<std::size_t>(h.column);
  if (c == 0) {
    if (h.unit < 0) return tr("%1 inputs").arg(spec_.inputs);
    const QString name = static_cast<std::size_t>(h.unit) < inputLabels_.size()
                             ? inputLabels_[static_cast<std::size_t>(h.unit)]
                             : tr("input %1").arg(h.unit);
    return tr("Input %1: %2").arg(h.unit).arg(name);
  }
  const int layer = h.column - 1;
  const LayerSpec& ls = spec_.layers[static_cast<std::size_t>(layer)];
  const bool output = c + 1 == columns_.size();
  const QString where = output ? tr("Output layer") : tr("Hidden layer %1").arg(layer + 1);
  const QString act = qs(activation(ls.activation).label);
  if (h.unit < 0) return tr("%1: %2 neurons, %3").arg(where).arg(ls.units).arg(act);
  QString text = tr("%1, neuron %2 (%3)").arg(where).arg(h.unit).arg(act);
  if (output && static_cast<std::size_t>(h.unit) < outputLabels_.size()) {
    text += QStringLiteral(": ") + outputLabels_[static_cast<std::size_t>(h.unit)];
  }
  if (const LayerHealth* health = healthOf(c); health && !output) {
    const auto u = static_cast<std::size_t>(h.unit);
    if (health->dead[u]) {
      text += tr("\nDead: zero output and zero gradient on all %1 measured samples, so its "
                 "weights no longer learn")
                  .arg(snap_->units->rows);
    } else if (health->saturated[u]) {
      text += tr("\nSaturated: |f′| < 0.01 on most of %1 measured samples, so it learns "
                 "hardly at all")
                  .arg(snap_->units->rows);
    }
  }
  const std::string bias = biasName(layer);
  if (const ParameterEntry* e = entry(bias); e && static_cast<std::size_t>(h.unit) < e->size()) {
    text += tr("\n%1 [%2] = %3\nClick to edit")
                .arg(QString::fromStdString(bias))
                .arg(h.unit)
                .arg(number(valueAt(*e, static_cast<std::size_t>(h.unit))));
  }
  return text;
}

void NetworkView::editAt(const Hit& h) {
  std::string array;
  int index = -1;
  QString label;
  if (h.link >= 0) {
    const Link& l = links_[static_cast<std::size_t>(h.link)];
    if (l.in < 0 || l.out < 0) return;  // stands for many weights
    array = parameterName(ArrayKind::Kernel, l.layer);
    index = l.in * columns_[static_cast<std::size_t>(l.layer) + 1].units + l.out;
    label = tr("%1 [%2 \u2192 %3]").arg(QString::fromStdString(array)).arg(l.in).arg(l.out);
  } else if (h.column > 0 && h.unit >= 0) {
    array = biasName(h.column - 1);
    index = h.unit;
    label = tr("%1 [%2]").arg(QString::fromStdString(array)).arg(h.unit);
  } else {
    return;
  }
  const ParameterEntry* e = entry(array);
  if (!e || index < 0 || static_cast<std::size_t>(index) >= e->size()) return;
  const double current = valueAt(*e, static_cast<std::size_t>(index));
  constexpr int kDecimals = 6;
  bool ok = false;
  const double v = QInputDialog::getDouble(this, tr("Edit weight"), label, current, -1e6, 1e6,
                                           kDecimals, &ok, Qt::WindowFlags(), 0.1);
  // The dialog rounds what it shows: accepting it unchanged is no edit.
  const double shown = QString::number(current, 'f', kDecimals).toDouble();
  if (ok && v != shown) {
    emit weightEditRequested(QString::fromStdString(array), index, static_cast<float>(v));
  }
}

void NetworkView::setHover(const Hit& h) {
  if (h == hover_) return;
  const bool wasNeuron = hover_.unit >= 0;
  const bool isNeuron = h.unit >= 0;
  const bool neuronChanged =
      wasNeuron != isNeuron || (isNeuron && (h.column != hover_.column || h.unit != hover_.unit));
  hover_ = h;
  if (neuronChanged) {
    if (isNeuron) {
      emit neuronHovered(h.column, h.unit);
    } else {
      emit neuronHovered(-1, -1);
    }
  }
  update();
}

bool NetworkView::event(QEvent* e) {
  if (e->type() == QEvent::FontChange) {
    // Presentation mode: larger labels, and thicker links (thick()); the
    // headers' size once they have their new font too.
    updateLabels();
    layoutTopBar();
    updateGeometry();
    layoutColumns();
    QTimer::singleShot(0, this, [this] {
      headerHeight_ = 0;
      for (LayerHeader* h : headers_)
        headerHeight_ = std::max(headerHeight_, h->sizeHint().height());
      layoutTopBar();
      updateGeometry();
      layoutColumns();
      update();
    });
  }
  if (e->type() == QEvent::ToolTip) {
    auto* he = static_cast<QHelpEvent*>(e);
    const QString text = toolTipFor(hitAt(he->pos()));
    if (text.isEmpty()) {
      QToolTip::hideText();
      e->ignore();
    } else {
      QToolTip::showText(he->globalPos(), text, this);
    }
    return true;
  }
  return QWidget::event(e);
}

void NetworkView::mouseMoveEvent(QMouseEvent* e) {
  setHover(hitAt(e->position()));
}

void NetworkView::mousePressEvent(QMouseEvent* e) {
  pressed_ = e->button() == Qt::LeftButton ? hitAt(e->position()) : Hit{};
}

void NetworkView::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  const Hit h = hitAt(e->position());
  const Hit pressed = pressed_;
  pressed_ = {};
  if (h == pressed) editAt(h);
}

void NetworkView::leaveEvent(QEvent*) {
  setHover({});
}

void NetworkView::wheelEvent(QWheelEvent* e) {
  if (!(e->modifiers() & Qt::ControlModifier)) {
    e->ignore();  // the scroll area scrolls
    return;
  }
  setZoom(zoom_ * std::pow(1.15, e->angleDelta().y() / 120.0));
  e->accept();
}

}  // namespace nnplay::gui
