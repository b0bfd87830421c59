#include "landscape_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "plot_axes.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

constexpr int kGap = 4;
constexpr int kBar = 8;
// Kept parameter vectors are capped at this many floats in all (32 MB), so a
// big network keeps a shorter path.
constexpr std::size_t kPathBudget = std::size_t{8} << 20;

// A sequential palette (ColorBrewer YlGnBu): pale where the loss is low.
QRgb lossColor(double t) {
  static constexpr std::array<QRgb, 8> kStops = {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb,
                                                 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84};
  static const std::array<QRgb, 256> table = [] {
    std::array<QRgb, 256> out{};
    for (int i = 0; i < 256; ++i) {
      const double f = i / 255.0 * (kStops.size() - 1);
      const auto k = std::min<std::size_t>(static_cast<std::size_t>(f), kStops.size() - 2);
      const double u = f - static_cast<double>(k);
      const QColor a = QColor::fromRgb(kStops[k]), b = QColor::fromRgb(kStops[k + 1]);
      const auto lerp = [u](int x, int y) {
        return static_cast<int>(std::lround(x + (y - x) * u));
      };
      out[static_cast<std::size_t>(i)] =
          qRgb(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
    }
    return out;
  }();
  if (!std::isfinite(t)) return qRgb(0x99, 0x99, 0x99);
  return table[static_cast<std::size_t>(std::clamp(t, 0.0, 1.0) * 255.0 + 0.5)];
}

// The segments of one contour level, by marching squares.
void contour(const LossMap& m, double level, const QRectF& plot, std::vector<QLineF>& out) {
  const auto at = [&](int i, int j) {
    return static_cast<double>(m.values[static_cast<std::size_t>(i) * m.cols + j]);
  };
  const double sx = plot.width() / (m.cols - 1), sy = plot.height() / (m.rows - 1);
  const auto point = [&](double i, double j) {
    return QPointF(plot.left() + j * sx, plot.bottom() - i * sy);
  };
  const auto cross = [&](double a, double b) { return (level - a) / (b - a); };
  for (int i = 0; i + 1 < m.rows; ++i) {
    for (int j = 0; j + 1 < m.cols; ++j) {
      const double bl = at(i, j), br = at(i, j + 1), tr = at(i + 1, j + 1), tl = at(i + 1, j);
      if (!std::isfinite(bl) || !std::isfinite(br) || !std::isfinite(tr) || !std::isfinite(tl))
        continue;
      const bool a = bl > level, b = br > level, c = tr > level, d = tl > level;
      if (a == b && b == c && c == d) continue;
      // Crossings in the order bottom, right, top, left.
      QPointF pts[4];
      int n = 0;
      if (a != b) pts[n++] = point(i, j + cross(bl, br));
      if (b != c) pts[n++] = point(i + cross(br, tr), j + 1);
      if (c != d) pts[n++] = point(i + 1, j + 1 - cross(tr, tl));
      if (d != a) pts[n++] = point(i + 1 - cross(tl, bl), j);
      if (n == 2) {
        out.emplace_back(pts[0], pts[1]);
      } else if (n == 4) {  // a saddle cell: the centre decides which corners connect
        if (((bl + br + tr + tl) / 4 > level) == a) {
          out.emplace_back(pts[0], pts[1]);
          out.emplace_back(pts[2], pts[3]);
        } else {
          out.emplace_back(pts[3], pts[0]);
          out.emplace_back(pts[1], pts[2]);
        }
      }
    }
  }
}

}  // namespace

// ---- The loss map.

void LossMap::fitRange() {
  float a = std::numeric_limits<float>::infinity(), b = -a;
  for (float v : values) {
    if (std::isfinite(v)) a = std::min(a, v), b = std::max(b, v);
  }
  if (!(a <= b)) a = 0, b = 1;
  if (a == b) b = a + 1;
  lo = a;
  hi = b;
}

double LossMap::scale(double v) const {
  return std::sqrt(std::clamp((v - lo) / (static_cast<double>(hi) - lo), 0.0, 1.0));
}

void paintLossMap(QPainter& p, const LossMap& m, const QRectF& plot, int levels) {
  if (m.cols < 2 || m.rows < 2 || m.values.size() != static_cast<std::size_t>(m.cols) * m.rows)
    return;
  QImage img(m.cols, m.rows, QImage::Format_RGB32);
  for (int i = 0; i < m.rows; ++i) {
    auto* line = reinterpret_cast<QRgb*>(img.scanLine(m.rows - 1 - i));
    for (int j = 0; j < m.cols; ++j)
      line[j] = lossColor(m.scale(m.values[static_cast<std::size_t>(i) * m.cols + j]));
  }
  p.save();
  p.setClipRect(plot);
  // Pixel centres on the grid points: the image reaches half a cell past the plot.
  const double dx = plot.width() / (m.cols - 1) / 2, dy = plot.height() / (m.rows - 1) / 2;
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.drawImage(plot.adjusted(-dx, -dy, dx, dy), img);
  // Contours evenly spaced on the colour scale; light ones over the dark end.
  p.setRenderHint(QPainter::Antialiasing, true);
  for (int k = 1; k <= levels; ++k) {
    const double t = static_cast<double>(k) / (levels + 1);
    std::vector<QLineF> lines;
    contour(m, m.lo + (static_cast<double>(m.hi) - m.lo) * t * t, plot, lines);
    p.setPen(QPen(t > 0.62 ? QColor(255, 255, 255, 120) : QColor(0, 0, 0, 80), thick(1.0)));
    p.drawLines(lines.data(), static_cast<int>(lines.size()));
  }
  p.restore();
}

void paintLossScale(QPainter& p, const LossMap& m, const QRect& bar, const QColor& text,
                    const QColor& frame) {
  QImage ramp(256, 1, QImage::Format_RGB32);
  for (int i = 0; i < 256; ++i) ramp.setPixel(i, 0, lossColor(i / 255.0));
  p.save();
  p.drawImage(bar, ramp);
  p.setPen(frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(QRectF(bar).adjusted(-0.5, -0.5, 0.5, 0.5));
  const QFontMetrics fm = p.fontMetrics();
  const double step = niceStep(m.lo, m.hi, 5);
  p.setPen(text);
  // The ends of the range, then round losses between them; on the
  // square-root scale these crowd at the high end, so labels that would
  // overlap are left out.
  const QString loText = shortNumber(m.lo), hiText = shortNumber(m.hi);
  const double loRight = bar.left() + fm.horizontalAdvance(loText);
  const double hiLeft = bar.right() - fm.horizontalAdvance(hiText);
  p.drawText(QRectF(bar.left(), bar.bottom() + 3, loRight - bar.left() + 2, fm.height()),
             Qt::AlignLeft | Qt::AlignTop, loText);
  p.drawText(QRectF(hiLeft - 2, bar.bottom() + 3, bar.right() - hiLeft + 3, fm.height()),
             Qt::AlignRight | Qt::AlignTop, hiText);
  double right = loRight;
  for (double v : niceTicks(m.lo, m.hi, 5)) {
    const double x = bar.left() + m.scale(v) * bar.width();
    p.drawLine(QPointF(x, bar.bottom() + 1), QPointF(x, bar.bottom() + 3));
    const QString label = tickLabel(v, step);
    const double w = fm.horizontalAdvance(label);
    if (x - w / 2 < right + 2 * kGap || x + w / 2 > hiLeft - 2 * kGap) continue;
    p.drawText(QRectF(x - w / 2 - 1, bar.bottom() + 3, w + 2, fm.height()), Qt::AlignCenter, label);
    right = x + w / 2;
  }
  p.restore();
}

// ---- The panel.

class LandscapePanel::Canvas : public QWidget {
 public:
  explicit Canvas(LandscapePanel* panel) : QWidget(panel), panel_(panel) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
  }
  QSize sizeHint() const override { return {460, 480}; }
  QSize minimumSizeHint() const override { return {220, 240}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setFont(plotFont(font()));
    panel_->paintPicture(p, size(), palette().color(QPalette::Window),
                         palette().color(QPalette::WindowText), palette().color(QPalette::Mid));
  }

 private:
  LandscapePanel* panel_;
};

namespace {
QElapsedTimer& uptime() {
  static QElapsedTimer c = [] {
    QElapsedTimer t;
    t.start();
    return t;
  }();
  return c;
}
}  // namespace

LandscapePanel::LandscapePanel(QWidget* parent) : QWidget(parent) {
  setObjectName("landscapePanel");
  auto* layout = new QVBoxLayout(this);
  auto* grid = new QGridLayout;
  layout->addLayout(grid);

  resolution_ = new QComboBox;
  resolution_->setObjectName("landscapeResolution");
  for (int r : {21, 41, 61, 81}) resolution_->addItem(QStringLiteral("%1 × %1").arg(r), r);
  resolution_->setCurrentIndex(1);
  resolution_->setToolTip(tr("Grid points per side; each is one pass over the training rows"));
  span_ = new QDoubleSpinBox;
  span_->setObjectName("landscapeSpan");
  span_->setRange(0.01, 10.0);
  span_->setDecimals(2);
  span_->setSingleStep(0.1);
  span_->setValue(1.0);
  span_->setToolTip(tr("The slice covers −span … span along each direction"));
  seed_ = new QSpinBox;
  seed_->setObjectName("landscapeSeed");
  seed_->setRange(1, 1'000'000);
  seed_->setToolTip(tr("Seed of the random directions"));
  directions_ = new QComboBox;
  directions_->setObjectName("landscapeDirections");
  directions_->addItem(tr("Random, filter-normalized"));
  directions_->addItem(tr("Two chosen weights"));
  directions_->setToolTip(
      tr("Random directions scaled per neuron to its weights' norm (Li et al. 2018), or the "
         "axes of two single weights"));
  grid->addWidget(new QLabel(tr("Resolution")), 0, 0);
  grid->addWidget(resolution_, 0, 1);
  grid->addWidget(new QLabel(tr("Span")), 0, 2);
  grid->addWidget(span_, 0, 3);
  grid->addWidget(new QLabel(tr("Seed")), 0, 4);
  grid->addWidget(seed_, 0, 5);
  grid->addWidget(new QLabel(tr("Directions")), 1, 0);
  grid->addWidget(directions_, 1, 1, 1, 5);

  const auto weightRow = [&](int row, QComboBox*& array, QSpinBox*& index, const QString& label) {
    array = new QComboBox;
    index = new QSpinBox;
    array->setObjectName(QStringLiteral("landscapeArray%1").arg(row - 1));
    index->setObjectName(QStringLiteral("landscapeIndex%1").arg(row - 1));
    grid->addWidget(new QLabel(label), row, 0);
    grid->addWidget(array, row, 1, 1, 3);
    grid->addWidget(new QLabel(tr("index")), row, 4);
    grid->addWidget(index, row, 5);
    connect(array, &QComboBox::currentTextChanged, this, [this, array, index] {
      int size = 1;
      if (snapshot_) {
        if (const ParameterEntry* e =
                findParameter(snapshot_->table, array->currentText().toStdString())) {
          size = static_cast<int>(e->size());
        }
      }
      index->setRange(0, std::max(0, size - 1));
    });
  };
  weightRow(2, array1_, index1_, tr("Weight 1"));
  weightRow(3, array2_, index2_, tr("Weight 2"));

  auto* row = new QHBoxLayout;
  compute_ = new QPushButton(tr("Compute slice"));
  compute_->setObjectName("computeSliceButton");
  compute_->setToolTip(tr("Measure the training loss around the current weights"));
  auto_ = new QCheckBox(tr("Auto-refresh while training, every"));
  auto_->setObjectName("landscapeAutoRefresh");
  autoSeconds_ = new QSpinBox;
  autoSeconds_->setObjectName("landscapeAutoSeconds");
  autoSeconds_->setRange(2, 120);
  autoSeconds_->setValue(2);
  autoSeconds_->setSuffix(tr(" s"));
  auto* exportButton = new QPushButton(tr("Export PNG…"));
  exportButton->setObjectName("exportLandscapeButton");
  row->addWidget(compute_);
  row->addWidget(auto_);
  row->addWidget(autoSeconds_);
  row->addStretch(1);
  row->addWidget(exportButton);
  layout->addLayout(row);
  status_ = new QLabel;
  status_->setObjectName("landscapeStatus");
  status_->setWordWrap(true);
  layout->addWidget(status_);
  canvas_ = new Canvas(this);
  layout->addWidget(canvas_, 1);

  timer_ = new QTimer(this);
  timer_->setInterval(250);
  connect(timer_, &QTimer::timeout, this, &LandscapePanel::autoRefresh);
  connect(compute_, &QPushButton::clicked, this, &LandscapePanel::computeSlice);
  connect(exportButton, &QPushButton::clicked, this, &LandscapePanel::exportPng);
  connect(directions_, &QComboBox::currentIndexChanged, this, &LandscapePanel::updateEnabled);
  connect(auto_, &QCheckBox::toggled, this, [this](bool on) {
    if (on) {
      timer_->start();
    } else {
      timer_->stop();
    }
  });
  updateEnabled();
}

void LandscapePanel::updateEnabled() {
  const bool weights = directions_->currentIndex() == 1;
  seed_->setEnabled(!weights);
  for (QWidget* w : {static_cast<QWidget*>(array1_), static_cast<QWidget*>(array2_),
                     static_cast<QWidget*>(index1_), static_cast<QWidget*>(index2_)})
    w->setEnabled(weights);
}

std::shared_ptr<const LandscapeSlice> LandscapePanel::slice() const {
  return stale_ ? nullptr : slice_;
}

LandscapeRequest LandscapePanel::request() const {
  LandscapeRequest r;
  r.resolution = resolution_->currentData().toInt();
  r.span = span_->value();
  r.seed = static_cast<std::uint64_t>(seed_->value());
  if (directions_->currentIndex() == 1) {
    r.array1 = array1_->currentText().toStdString();
    r.array2 = array2_->currentText().toStdString();
    r.index1 = index1_->value();
    r.index2 = index2_->value();
  }
  return r;
}

void LandscapePanel::setRequest(const LandscapeRequest& r) {
  const int k = resolution_->findData(r.resolution);
  if (k >= 0) {
    resolution_->setCurrentIndex(k);
  } else {  // any odd resolution the engine takes
    resolution_->addItem(QStringLiteral("%1 × %1").arg(r.resolution), r.resolution);
    resolution_->setCurrentIndex(resolution_->count() - 1);
  }
  span_->setValue(r.span);
  seed_->setValue(static_cast<int>(std::clamp<std::uint64_t>(r.seed, 1, 1'000'000)));
  directions_->setCurrentIndex(r.array1.empty() ? 0 : 1);
  if (!r.array1.empty()) {
    array1_->setCurrentText(qs(r.array1));
    array2_->setCurrentText(qs(r.array2));
    index1_->setValue(r.index1);
    index2_->setValue(r.index2);
  }
}

void LandscapePanel::setAutoRefresh(bool on, int seconds) {
  autoSeconds_->setValue(seconds);
  auto_->setChecked(on);
}

void LandscapePanel::computeSlice() {
  requested_ = true;
  lastRequestMs_ = uptime().elapsed();
  status_->setText(tr("Computing the slice on the session thread…"));
  emit landscapeRequested(request());
}

void LandscapePanel::autoRefresh() {
  if (!auto_->isChecked() || !snapshot_ || !snapshot_->running) return;
  const qint64 every = 1000LL * std::max(2, autoSeconds_->value());
  if (lastRequestMs_ >= 0 && uptime().elapsed() - lastRequestMs_ < every) return;
  computeSlice();
}

void LandscapePanel::updateWeightChoices() {
  std::vector<std::string> names;
  for (const ParameterEntry& e : snapshot_->table) {
    if (!e.isState) names.push_back(e.name);
  }
  if (names == arrays_) return;
  arrays_ = names;
  for (QComboBox* c : {array1_, array2_}) {
    const QString keep = c->currentText();
    c->blockSignals(true);
    c->clear();
    for (const std::string& n : names) c->addItem(qs(n));
    c->blockSignals(false);
    const int k = c->findText(keep);
    const int fallback = c == array2_ && c->count() > 1 ? 1 : 0;
    c->setCurrentIndex(k >= 0 ? k : std::min(fallback, c->count() - 1));
    emit c->currentTextChanged(c->currentText());  // the index ranges
  }
}

void LandscapePanel::trimKept() {
  const std::size_t each = std::max<std::size_t>(1, kept_.back().parameters.size());
  const std::size_t cap = std::clamp<std::size_t>(kPathBudget / each, 2, kMaxPath);
  while (kept_.size() > cap) kept_.pop_front();
}

void LandscapePanel::reproject() {
  path_.clear();
  if (!slice_ || stale_) return;
  for (const Kept& k : kept_) {
    if (k.parameters.size() == slice_->centre.size())
      path_.push_back(slice_->project(k.parameters));
  }
}

void LandscapePanel::setSnapshot(std::shared_ptr<const Snapshot> s) {
  if (s == snapshot_) return;
  snapshot_ = std::move(s);
  if (!snapshot_) {
    redraw();
    return;
  }
  const Snapshot& snap = *snapshot_;
  updateWeightChoices();

  // The path: one parameter vector per new step, of one network.
  if (!kept_.empty() &&
      (snap.network != keptNetwork_ || snap.parameters.size() != kept_.back().parameters.size())) {
    kept_.clear();
    path_.clear();
  }
  keptNetwork_ = snap.network;
  bool added = false;
  if (!snap.parameters.empty() && (kept_.empty() || kept_.back().step != snap.step ||
                                   kept_.back().parameters != snap.parameters)) {
    kept_.push_back({snap.step, snap.parameters});
    trimKept();
    added = true;
  }

  // The slice: a new one is shown with every kept step projected onto it.
  if (snap.landscape != slice_) {
    slice_ = snap.landscape;
    stale_ = false;
    if (slice_) {
      sliceNetwork_ = snap.network;
      sliceData_ = snap.data;
      sliceLoss_ = snap.training.loss;
      requested_ = false;
      map_.cols = map_.rows = slice_->resolution;
      map_.values.assign(slice_->loss.data(),
                         slice_->loss.data() + static_cast<std::ptrdiff_t>(slice_->loss.size()));
      map_.x0 = map_.y0 = -slice_->span;
      map_.x1 = map_.y1 = slice_->span;
      map_.fitRange();
      status_->clear();
    }
    reproject();
  } else if (slice_ && !stale_) {
    if (snap.network != sliceNetwork_ || snap.data != sliceData_ ||
        snap.training.loss != sliceLoss_) {
      stale_ = true;  // measured on another network, data or loss
      path_.clear();
    } else if (added && kept_.back().parameters.size() == slice_->centre.size()) {
      path_.push_back(slice_->project(kept_.back().parameters));
      if (path_.size() > kept_.size()) path_.erase(path_.begin());
    }
  }
  if (requested_ && snap.error && !snap.message.empty()) status_->setText(qs(snap.message));
  redraw();
}

void LandscapePanel::redraw() {
  canvas_->update();
}

void LandscapePanel::exportPng() {
  QString path =
      QFileDialog::getSaveFileName(this, tr("Export the loss landscape"),
                                   QDir::homePath() + "/landscape.png", tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".png", Qt::CaseInsensitive)) path += ".png";
  const bool ok = renderImage(QSize(900, 900)).save(path);
  status_->setText(ok ? tr("Saved %1").arg(path) : tr("Could not write %1").arg(path));
}

QImage LandscapePanel::renderImage(QSize size) const {
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&img);
  p.setFont(plotFont(font()));
  paintPicture(p, size, Qt::white, QColor(0x22, 0x22, 0x22), QColor(0x88, 0x88, 0x88));
  p.end();
  return img;
}

void LandscapePanel::paintPicture(QPainter& p, QSize size, const QColor& background,
                                  const QColor& text, const QColor& frame) const {
  p.fillRect(QRect(QPoint(0, 0), size), background);
  const QFontMetrics fm = p.fontMetrics();
  const std::shared_ptr<const LandscapeSlice> s = slice();
  const double span = s ? s->span : request().span;
  const double tstep = niceStep(-span, span, 4);
  const std::vector<double> ticks = niceTicks(-span, span, 4);
  int labelW = 0;
  for (double t : ticks) labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(t, tstep)));
  const int top = fm.height() + 2 * kGap;
  const int left = kGap + fm.height() + kGap + labelW + kGap;
  const int bottom = 2 * (fm.height() + kGap) + kGap + kBar + fm.height() + 2 * kGap + fm.height() +
                     kGap;                  // ticks, axis name, colour scale, legend
  const int right = kGap + labelW / 2 + 2;  // room for the last tick's label
  const int side =
      std::max(20, std::min(size.width() - left - right, size.height() - top - bottom));
  const int x0 = left + std::max(0, (size.width() - left - right - side) / 2);
  const QRectF plot(x0, top, side, side);

  // The title: what was measured where.
  p.setPen(text);
  QString title;
  if (s) {
    title = tr("Training loss around the weights of step %1 (%2 rows): centre %3")
                .arg(s->step)
                .arg(s->rows)
                .arg(shortNumber(s->centreLoss));
  } else {
    title = tr("Loss landscape of the live network");
  }
  p.drawText(QRect(kGap, kGap, size.width() - 2 * kGap, fm.height()), Qt::AlignCenter,
             fm.elidedText(title, Qt::ElideRight, size.width() - 2 * kGap));

  if (!s) {
    p.fillRect(plot, QColor(0xf3, 0xf3, 0xf3));
    p.setPen(frame);
    p.drawRect(plot.adjusted(0, 0, -1, -1));
    p.setPen(QColor(0x55, 0x55, 0x55));
    const QString note =
        stale_ ? tr("The network, data or loss changed since the slice was measured.\n"
                    "Press Compute slice for a new one.")
               : tr("No slice yet.\nPress Compute slice to measure the loss around the "
                    "current weights.");
    p.drawText(plot.adjusted(10, 10, -10, -10), Qt::AlignCenter | Qt::TextWordWrap, note);
    return;
  }

  paintLossMap(p, map_, plot);
  const auto toPlot = [&](Point2 q) {
    return QPointF(plot.left() + (q.x + span) / (2 * span) * plot.width(),
                   plot.bottom() - (q.y + span) / (2 * span) * plot.height());
  };
  p.save();
  p.setClipRect(plot);
  p.setRenderHint(QPainter::Antialiasing, true);
  // The training path projected onto the slice.
  if (!path_.empty()) {
    QPainterPath line;
    line.moveTo(toPlot(path_.front()));
    for (std::size_t i = 1; i < path_.size(); ++i) line.lineTo(toPlot(path_[i]));
    p.setBrush(Qt::NoBrush);
    p.setPen(
        QPen(QColor(255, 255, 255, 200), thick(4.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(line);
    p.setPen(
        QPen(QColor(0xd6, 0x27, 0x28), thick(2.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(line);
    p.setPen(QPen(Qt::white, thick(1.5)));
    p.setBrush(QColor(0xd6, 0x27, 0x28));
    p.drawEllipse(toPlot(path_.back()), thick(4.5), thick(4.5));
    p.setBrush(Qt::white);
    p.setPen(QPen(QColor(0xd6, 0x27, 0x28), thick(1.5)));
    p.drawEllipse(toPlot(path_.front()), thick(3.0), thick(3.0));
  }
  // The centre: the weights the slice was measured around.
  const QPointF c = toPlot({0, 0});
  for (const std::pair<QColor, double>& pen :
       {std::pair<QColor, double>(Qt::white, 4.0), std::pair<QColor, double>(Qt::black, 2.0)}) {
    p.setPen(QPen(pen.first, pen.second, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c + QPointF(-6, -6), c + QPointF(6, 6));
    p.drawLine(c + QPointF(-6, 6), c + QPointF(6, -6));
  }
  p.restore();
  p.setPen(frame);
  p.setBrush(Qt::NoBrush);
  p.drawRect(plot.adjusted(0, 0, -1, -1));

  // Axes: the coordinates along each direction, named by the directions.
  p.setPen(text);
  for (double t : ticks) {
    const QPointF a = toPlot({t, -span}), b = toPlot({-span, t});
    p.drawLine(QPointF(a.x(), plot.bottom()), QPointF(a.x(), plot.bottom() + 3));
    p.drawText(QRectF(a.x() - 30, plot.bottom() + 3, 60, fm.height()), Qt::AlignCenter,
               tickLabel(t, tstep));
    p.drawLine(QPointF(plot.left() - 3, b.y()), QPointF(plot.left(), b.y()));
    p.drawText(
        QRectF(plot.left() - 3 - kGap - labelW, b.y() - fm.height() / 2.0, labelW, fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, tickLabel(t, tstep));
  }
  const QString xl = tr("a · %1").arg(qs(s->directions.label1));
  const QString yl = tr("b · %1").arg(qs(s->directions.label2));
  const int axisY = static_cast<int>(plot.bottom()) + 3 + fm.height() + kGap;
  p.drawText(QRect(static_cast<int>(plot.left()), axisY, side, fm.height()), Qt::AlignCenter,
             fm.elidedText(xl, Qt::ElideRight, side));
  p.save();
  p.translate(kGap, plot.center().y());
  p.rotate(-90);
  p.drawText(QRect(-side / 2, 0, side, fm.height()), Qt::AlignCenter,
             fm.elidedText(yl, Qt::ElideRight, side));
  p.restore();

  // The loss range as a colour scale.
  const int barY = axisY + fm.height() + 2 * kGap;
  const QString lossText = tr("loss");
  const int lw = fm.horizontalAdvance(lossText) + kGap;
  p.drawText(
      QRect(static_cast<int>(plot.left()), barY - fm.height() / 2 + kBar / 2, lw, fm.height()),
      Qt::AlignLeft | Qt::AlignVCenter, lossText);
  paintLossScale(p, map_, QRect(static_cast<int>(plot.left()) + lw, barY, side - lw - 10, kBar),
                 text, frame);

  // What the marks are.
  const int ly = barY + kBar + 3 + fm.height() + kGap;
  const double mid = ly + fm.height() / 2.0;
  double x = plot.left();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(Qt::black, thick(2.0), Qt::SolidLine, Qt::RoundCap));
  p.drawLine(QPointF(x, mid - 4), QPointF(x + 8, mid + 4));
  p.drawLine(QPointF(x, mid + 4), QPointF(x + 8, mid - 4));
  x += 8 + kGap;
  const QString centre = tr("centre: the weights of step %1").arg(s->step);
  p.setPen(text);
  p.drawText(QRectF(x, ly, fm.horizontalAdvance(centre) + 2, fm.height()),
             Qt::AlignLeft | Qt::AlignVCenter, centre);
  x += fm.horizontalAdvance(centre) + 3 * kGap;
  p.setPen(QPen(QColor(0xd6, 0x27, 0x28), thick(2.0)));
  p.drawLine(QPointF(x, mid), QPointF(x + 16, mid));
  x += 16 + kGap;
  p.setPen(text);
  const QString path =
      path_.size() == 1 ? tr("1 training step projected")
                        : tr("%1 training steps projected (○ first, ● newest)").arg(path_.size());
  p.drawText(QRectF(x, ly, size.width() - x - kGap, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
             fm.elidedText(path, Qt::ElideRight, static_cast<int>(size.width() - x - kGap)));
}

}  // namespace nnplay::gui
