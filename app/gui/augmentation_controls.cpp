#include "augmentation_controls.hpp"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "augmentation_preview.hpp"
#include "code_control.hpp"
#include "edit_command.hpp"
#include "nnplay/augment.hpp"
#include "playground_model.hpp"
#include "presentation_scale.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

QString unitSuffix(std::string_view unit) {
  if (unit == "pixels") return QObject::tr(" px");
  if (unit == "degrees") return QStringLiteral("°");
  return unit.empty() ? QString() : " " + qs(unit);
}

}  // namespace

AugmentationControls::AugmentationControls(PlaygroundModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setObjectName("augmentationControls");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  auto* heading = new QLabel(tr("AUGMENTATION"));
  heading->setStyleSheet("font-weight: 600; color: #555; letter-spacing: 1px;");
  layout->addWidget(heading);
  intro_ = new QLabel;
  intro_->setWordWrap(true);
  intro_->setStyleSheet("color: #666;");
  followParentFont(intro_, kSmallText);
  layout->addWidget(intro_);

  form_ = new QFormLayout;
  form_->setContentsMargins(0, 0, 0, 0);
  for (const AugmentOption& o : augmentOptions()) {
    const QString name = "augment_" + qs(o.name);
    const QString label = qs(o.label);
    const QString help = qs(o.help);
    const AugmentOption* opt = &o;  // a row of the static table
    QWidget* w = nullptr;
    if (o.integer && o.min == 0.0 && o.max == 1.0) {
      auto* c = new QCheckBox(tr("on"));
      connect(c, &QCheckBox::toggled, this, [this, opt, label](bool on) {
        model_.updateTraining(
            [opt, on](TrainingSettings& t) { opt->set(t.augment, on ? 1.0 : 0.0); },
            tr("%1 %2").arg(label, on ? tr("on") : tr("off")), kMergeNone);
      });
      w = c;
    } else if (o.integer) {
      auto* s = new QSpinBox;
      s->setRange(static_cast<int>(o.min), static_cast<int>(o.max));
      s->setSuffix(unitSuffix(o.unit));
      s->setKeyboardTracking(false);
      connect(s, &QSpinBox::valueChanged, this, [this, opt, label](int v) {
        model_.updateTraining([opt, v](TrainingSettings& t) { opt->set(t.augment, v); },
                              tr("%1 %2").arg(label).arg(v), kMergeAugment);
      });
      w = s;
    } else {
      auto* s = new QDoubleSpinBox;
      const bool wide = o.max >= 10.0;
      s->setRange(o.min, o.max);
      s->setDecimals(wide ? 1 : 2);
      s->setSingleStep(wide ? 1.0 : (o.max <= 0.5 ? 0.05 : 0.1));
      s->setSuffix(unitSuffix(o.unit));
      s->setKeyboardTracking(false);
      connect(s, &QDoubleSpinBox::valueChanged, this, [this, opt, label](double v) {
        model_.updateTraining([opt, v](TrainingSettings& t) { opt->set(t.augment, v); },
                              tr("%1 %2").arg(label).arg(v), kMergeAugment);
      });
      w = s;
    }
    w->setObjectName(name);
    w->setToolTip(tr("%1: %2 (%3 to %4%5)")
                      .arg(label, help)
                      .arg(o.min)
                      .arg(o.max)
                      .arg(o.unit.empty() ? QString() : " " + qs(o.unit)));
    setCodeControl(w, "data");
    form_->addRow(label, w);
    controls_.push_back({w, o.image});
  }
  layout->addLayout(form_);

  previewRow_ = new QWidget;
  auto* previewLayout = new QVBoxLayout(previewRow_);
  previewLayout->setContentsMargins(0, 4, 0, 0);
  previewLayout->setSpacing(2);
  auto* buttons = new QHBoxLayout;
  auto* caption = new QLabel(tr("Preview"));
  caption->setStyleSheet("color: #555; font-weight: 600;");
  buttons->addWidget(caption);
  buttons->addStretch(1);
  nextImage_ = new QToolButton;
  nextImage_->setObjectName("augmentNextImageButton");
  nextImage_->setText(tr("Next image"));
  nextImage_->setToolTip(tr("Show the next training image"));
  connect(nextImage_, &QToolButton::clicked, this, [this] {
    ++imageIndex_;
    imageSource_.clear();
    updateImage();
  });
  buttons->addWidget(nextImage_);
  auto* shuffle = new QToolButton;
  shuffle->setObjectName("augmentShuffleButton");
  shuffle->setText(tr("Shuffle"));
  shuffle->setToolTip(tr("Draw twelve new random versions"));
  buttons->addWidget(shuffle);
  previewLayout->addLayout(buttons);
  preview_ = new AugmentationPreview;
  preview_->setObjectName("augmentationPreview");
  connect(shuffle, &QToolButton::clicked, preview_, &AugmentationPreview::shuffle);
  previewLayout->addWidget(preview_);
  layout->addWidget(previewRow_);

  connect(&model_, &PlaygroundModel::documentChanged, this,
          &AugmentationControls::syncFromDocument);
  // Before the session has shown test images, the fallback image may be missing.
  connect(&model_, &PlaygroundModel::snapshotChanged, this, [this] {
    if (previewRow_->isVisibleTo(this) && !preview_->hasImage()) updateImage();
  });
  syncFromDocument();
}

void AugmentationControls::syncFromDocument() {
  const AugmentSettings& a = model_.document().training.augment;
  const bool images = model_.shape().images;
  const auto options = augmentOptions();
  for (std::size_t i = 0; i < controls_.size(); ++i) {
    const AugmentOption& o = options[i];
    QWidget* w = controls_[i].widget;
    const QSignalBlocker block(w);
    const double v = o.get(a);
    if (auto* c = qobject_cast<QCheckBox*>(w)) {
      c->setChecked(v != 0.0);
    } else if (auto* s = qobject_cast<QSpinBox*>(w)) {
      s->setValue(static_cast<int>(std::lround(v)));
    } else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) {
      d->setValue(v);
    }
    form_->setRowVisible(w, controls_[i].image == images);
  }
  intro_->setText(images ? tr("Random changes to each training batch (never validation or test), "
                              "so a small training set looks larger.")
                         : tr("Noise on each training batch's inputs (never validation or "
                              "test): the points jitter around where they are."));
  previewRow_->setVisible(images);
  preview_->setSettings(a);
  if (images) updateImage();
}

void AugmentationControls::updateImage() {
  const Document& doc = model_.document();
  if (doc.data.kind == DataSourceKind::Idx) {
    if (imageSource_ == doc.data.path) return;
    if (auto img = readTrainingImage(doc.data.path, imageIndex_)) {
      imageSource_ = doc.data.path;
      preview_->setImage(std::move(*img), tr("Training image %1").arg(imageIndex_ + 1));
      return;
    }
    if (imageIndex_ > 0) {  // past the last one: back to the first
      imageIndex_ = 0;
      if (auto img = readTrainingImage(doc.data.path, 0)) {
        imageSource_ = doc.data.path;
        preview_->setImage(std::move(*img), tr("Training image 1"));
        return;
      }
    }
  }
  // No training file to read: the first test images the session shows.
  const auto s = model_.snapshot();
  if (!s || !s->testSample || s->testSample->pixels.empty()) {
    preview_->clearImage();
    imageSource_.clear();
    return;
  }
  const TestSample& t = *s->testSample;
  const int size = t.imageRows * t.imageCols;
  const int count = static_cast<int>(t.pixels.size()) / std::max(1, size);
  if (size <= 0 || count == 0) return;
  const int index = imageIndex_ % count;
  const std::string source = "test:" + std::to_string(index);
  if (imageSource_ == source && preview_->hasImage()) return;
  GreyImage img;
  img.rows = t.imageRows;
  img.cols = t.imageCols;
  img.pixels.resize(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i)
    img.pixels[static_cast<std::size_t>(i)] =
        t.pixels[static_cast<std::size_t>(index * size + i)] / 255.0f;
  imageSource_ = source;
  preview_->setImage(std::move(img), tr("Test image %1 (no training file to read)").arg(index + 1));
}

}  // namespace nnplay::gui
