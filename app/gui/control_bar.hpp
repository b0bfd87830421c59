#pragma once
// Reset, play/pause, step; the epoch counter and the training speed, TF
// Playground's top-left corner. The buttons show the main window's actions
// (so the keys Space, →, Shift+→ and R and the menus do the same thing).
#include <QElapsedTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QToolButton;

namespace nnplay::gui {

class PlaygroundModel;

class ControlBar : public QWidget {
  Q_OBJECT
 public:
  ControlBar(PlaygroundModel& model, QAction* reset, QAction* play, QAction* stepBatch,
             QAction* stepEpoch, QWidget* parent = nullptr);

 public slots:
  void syncFromSnapshot();

 private:
  PlaygroundModel& model_;
  QElapsedTimer textClock_;  // since the labels were last set
  QLabel* epoch_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* device_ = nullptr;
  QComboBox* speedLimit_ = nullptr;
};

}  // namespace nnplay::gui
