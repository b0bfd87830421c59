#include "control_bar.hpp"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "playground_model.hpp"
#include "presentation_scale.hpp"

namespace nnplay::gui {
namespace {

QToolButton* button(QAction* a, int size, const QString& name) {
  auto* b = new QToolButton;
  b->setObjectName(name);
  b->setDefaultAction(a);
  b->setIconSize(QSize(size, size));
  b->setAutoRaise(true);
  b->setToolButtonStyle(Qt::ToolButtonIconOnly);
  return b;
}

QString compact(double v) {
  if (v >= 1e6) return QString::number(v / 1e6, 'f', 1) + " M";
  if (v >= 1e3) return QString::number(v / 1e3, 'f', 1) + " k";
  return QString::number(v, 'f', 0);
}

}  // namespace

ControlBar::ControlBar(PlaygroundModel& model, QAction* reset, QAction* play, QAction* stepBatch,
                       QAction* stepEpoch, QWidget* parent)
    : QWidget(parent), model_(model) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(6, 2, 6, 2);
  row->addWidget(button(reset, 24, "resetButton"));
  row->addWidget(button(play, 40, "playButton"));
  row->addWidget(button(stepBatch, 24, "stepBatchButton"));
  row->addWidget(button(stepEpoch, 24, "stepEpochButton"));
  auto* texts = new QVBoxLayout;
  texts->setSpacing(0);
  auto* caption = new QLabel(tr("Epoch"));
  caption->setStyleSheet("color: #666;");
  followParentFont(caption, kSmallText);
  epoch_ = new QLabel;
  epoch_->setObjectName("epochLabel");
  followParentFont(epoch_, kLargeText, QFont::Medium, true);
  epoch_->setToolTip(tr("Completed passes over the training data"));
  epoch_->setMinimumWidth(120);
  texts->addWidget(caption);
  texts->addWidget(epoch_);
  row->addLayout(texts);
  auto* right = new QVBoxLayout;
  right->setSpacing(0);
  speed_ = new QLabel;
  speed_->setObjectName("speedLabel");
  speed_->setToolTip(tr("Training speed: epochs and samples per second"));
  speed_->setMinimumWidth(140);
  device_ = new QLabel;
  device_->setStyleSheet("color: #666;");
  followParentFont(device_, kSmallText);
  right->addWidget(speed_);
  right->addWidget(device_);
  row->addLayout(right);

  speedLimit_ = new QComboBox;
  speedLimit_->setObjectName("speedCombo");
  speedLimit_->setToolTip(tr(
      "How fast to train: slow enough to watch the boundary bend, or as fast as the machine goes"));
  speedLimit_->addItem(tr("1 epoch/s"), 1.0);
  for (double v : {10.0, 30.0, 100.0, 1000.0}) speedLimit_->addItem(tr("%1 epochs/s").arg(v), v);
  speedLimit_->addItem(tr("Full speed"), 0.0);
  const double saved = QSettings().value("speedLimit", model_.speedLimit()).toDouble();
  speedLimit_->setCurrentIndex(std::max(0, speedLimit_->findData(saved)));
  model_.setSpeedLimit(speedLimit_->currentData().toDouble());
  connect(speedLimit_, &QComboBox::activated, this, [this](int i) {
    const double v = speedLimit_->itemData(i).toDouble();
    model_.setSpeedLimit(v);
    QSettings().setValue("speedLimit", v);
  });
  auto* speedBox = new QVBoxLayout;
  speedBox->setSpacing(1);
  auto* speedCaption = new QLabel(tr("Speed"));
  speedCaption->setObjectName("speedCaption");
  speedCaption->setStyleSheet("color: #666;");
  followParentFont(speedCaption, kSmallText);
  speedBox->addWidget(speedCaption);
  speedBox->addWidget(speedLimit_);
  row->addLayout(speedBox);
  connect(&model_, &PlaygroundModel::snapshotChanged, this, &ControlBar::syncFromSnapshot);
  syncFromSnapshot();
}

void ControlBar::syncFromSnapshot() {
  const auto s = model_.snapshot();
  if (!s) return;
  // While a run streams snapshots the counter and speed change at most 20
  // times a second (each setText relayouts the bar); a paused run's at once.
  if (s->running && textClock_.isValid() && textClock_.elapsed() < 50) return;
  textClock_.start();
  // TF Playground's 000,000 counter.
  QString e = QString("%1").arg(s->epoch, 6, 10, QChar('0'));
  if (e.size() > 3) e.insert(e.size() - 3, ',');
  epoch_->setText(e);
  if (s->running) {
    speed_->setText(tr("%1 epochs/s · %2 samples/s")
                        .arg(compact(s->epochsPerSecond), compact(s->samplesPerSecond)));
  } else {
    speed_->setText(
        tr("paused · step %1").arg(QLocale().toString(static_cast<qlonglong>(s->step))));
  }
  device_->setText(s->ready ? tr("on %1").arg(QString::fromStdString(s->device))
                            : QString::fromStdString(s->message));
}

}  // namespace nnplay::gui
