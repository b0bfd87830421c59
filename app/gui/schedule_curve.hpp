#pragma once
// A thumbnail of a learning-rate schedule: the factor the schedule puts on
// the rate (0 .. 1) over the first epochs, drawn next to the learning-rate
// control, with a dot where training is now.
//
// Contract: the span drawn is at least 100 epochs, long enough to show the
// schedule's shape (the cosine's decay, a few steps, the warm-up), and grows
// in whole hundreds once training passes it. It repaints only when the
// schedule, the span or the epoch's pixel changes.
#include <QWidget>

#include "nnplay/schedule.hpp"

namespace nnplay::gui {

class ScheduleCurve : public QWidget {
  Q_OBJECT

 public:
  explicit ScheduleCurve(QWidget* parent = nullptr);

  void setSchedule(const ScheduleSettings& s);
  void setEpoch(double epoch);
  const ScheduleSettings& schedule() const { return schedule_; }
  double epoch() const { return epoch_; }
  double span() const;  // epochs from the left edge to the right
  long paints() const { return paints_; }

  QSize sizeHint() const override { return {80, 24}; }
  QSize minimumSizeHint() const override { return {60, 20}; }

 protected:
  void paintEvent(QPaintEvent* e) override;

 private:
  int epochPixel() const;

  ScheduleSettings schedule_;
  double epoch_ = 0.0;
  long paints_ = 0;
};

}  // namespace nnplay::gui
