#include "feature_panel.hpp"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "code_control.hpp"
#include "colors.hpp"
#include "nnplay/generators.hpp"
#include "playground_model.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {
constexpr int kHeatmap = 36;
}

FeatureTile::FeatureTile(FeatureId id, QWidget* parent) : QAbstractButton(parent), id_(id) {
  setCheckable(true);
  const FeatureInfo& f = feature(id);
  setText(qs(f.label));
  setObjectName(QString("feature_") + qs(f.name));
  setToolTip(tr("Feed %1 to the network (click to toggle)").arg(text()));
  setCursor(Qt::PointingHandCursor);
  setExtent(6.0f);
}

void FeatureTile::setExtent(float extent) {
  if (extent == extent_) return;
  extent_ = extent;
  // The feature's value over the plane, as the network's input layer sees it.
  std::vector<float> v(kHeatmap * kHeatmap);
  const FeatureInfo& f = feature(id_);
  for (int y = 0; y < kHeatmap; ++y) {
    for (int x = 0; x < kHeatmap; ++x) {
      const float x1 = (2.0f * (x + 0.5f) / kHeatmap - 1.0f) * extent;
      const float x2 = (1.0f - 2.0f * (y + 0.5f) / kHeatmap) * extent;
      v[static_cast<std::size_t>(y * kHeatmap + x)] = f.f(x1, x2);
    }
  }
  float lo = 0, hi = 0;
  heatmapRange(v.data(), static_cast<int>(v.size()), -INFINITY, INFINITY, lo, hi);
  heatmap_ = heatmapImage(v.data(), kHeatmap, kHeatmap, lo, hi);
  update();
}

void FeatureTile::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QRect box(2, 3, kHeatmap, kHeatmap);
  p.setOpacity(isEnabled() ? (isChecked() ? 1.0 : 0.35) : 0.15);
  p.drawImage(box, heatmap_);
  p.setOpacity(1.0);
  p.setPen(isChecked() ? QPen(QColor(0x44, 0x44, 0x44), 2) : QPen(QColor(0xbb, 0xbb, 0xbb), 1));
  p.drawRect(box);
  QFont f = font();
  f.setBold(isChecked());
  p.setFont(f);
  p.setPen(isEnabled() ? palette().color(QPalette::WindowText) : QColor(0xaa, 0xaa, 0xaa));
  p.drawText(QRect(box.right() + 8, 0, width() - box.right() - 8, height()), Qt::AlignVCenter,
             text());
  if (hasFocus()) {
    p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
    p.drawRect(rect().adjusted(0, 0, -1, -1));
  }
}

FeaturePanel::FeaturePanel(PlaygroundModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setObjectName("featurePanel");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(1);
  auto* title = new QLabel(tr("FEATURES"));
  title->setStyleSheet("font-weight: 600; color: #555; letter-spacing: 1px;");
  layout->addWidget(title);
  layout->addWidget(new QLabel(tr("Which properties do you want to feed in?")));
  for (const FeatureInfo& f : features()) {
    auto* tile = new FeatureTile(f.id);
    tiles_.push_back(tile);
    layout->addWidget(tile);
    connect(tile, &FeatureTile::clicked, this, [this, tile] {
      DataSpec d = model_.document().data;
      FeatureMap map =
          d.features.isIdentity() ? FeatureMap::plain(model_.shape().rawInputs) : d.features;
      auto& ids = map.ids;
      const auto it = std::find(ids.begin(), ids.end(), tile->id());
      if (it != ids.end()) {
        if (ids.size() == 1) {  // a network needs at least one input
          syncFromDocument();
          return;
        }
        ids.erase(it);
      } else {
        ids.push_back(tile->id());
        std::sort(ids.begin(), ids.end());  // table order, as the engine expects
      }
      d.features = map;
      model_.setData(d, tr("Features: %1").arg(QString::fromStdString([&] {
        std::string s;
        for (FeatureId id : ids) s += (s.empty() ? "" : ", ") + std::string(feature(id).name);
        return s;
      }())));
    });
  }
  layout->addStretch(1);
  setCodeControl(this, "features");  // the whole panel: tiles, title and question
  connect(&model_, &PlaygroundModel::documentChanged, this, &FeaturePanel::syncFromDocument);
  syncFromDocument();
}

void FeaturePanel::syncFromDocument() {
  const Document& doc = model_.document();
  const DataShape& shape = model_.shape();
  float extent = 6.0f;
  if (doc.data.kind == DataSourceKind::Generator) {
    extent = static_cast<float>(generatorByName(doc.data.generator).domain);
  }
  const FeatureMap map =
      doc.data.features.isIdentity() ? FeatureMap::plain(shape.rawInputs) : doc.data.features;
  for (FeatureTile* t : tiles_) {
    const QSignalBlocker block(t);
    const bool usable = shape.plane && feature(t->id()).inputsNeeded <= shape.rawInputs;
    t->setEnabled(usable);
    t->setChecked(usable && std::find(map.ids.begin(), map.ids.end(), t->id()) != map.ids.end());
    t->setExtent(extent);
    t->update();
  }
}

}  // namespace nnplay::gui
