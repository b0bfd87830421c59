#pragma once
// The math view (issue 11): the chosen sample through the network with the
// live weights, from the session's trace: forward pass with shapes, loss,
// backward pass, and the update the optimizer would make; after "Step with
// this sample" or "Step with a batch", that step's math, before → after.
// Hovering a cell shows its lens (the dot product written out). A notation
// switch shows everything in the column convention; Copy writes text,
// Markdown or CSV.
//
// It refreshes from snapshots at most 4 times a second, and only when the
// trace it shows is a new one.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>

#include "math_document.hpp"
#include "nnplay/session.hpp"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class QToolButton;

namespace nnplay::gui {

class MathView : public QWidget {
  Q_OBJECT

 public:
  explicit MathView(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const Snapshot> s);
  void setNotation(Notation n);
  Notation notation() const { return notation_; }

  // For tests and the window: what is shown now.
  const Trace* shownTrace() const { return shown_.get(); }
  bool showingStep() const { return showingStep_; }
  const MathDocument& document() const { return document_; }
  QString html() const;
  QString lensText() const;
  void hoverCell(int matrix, int row, int col);   // what hovering that cell does
  QString copyText(const QString& format) const;  // "text", "markdown" or "csv"
  // Scrolls to a section: 0 forward, 1 loss, 2 backward, 3 update, 4 collapse.
  void showSection(int section);
  QSize sizeHint() const override { return {900, 420}; }

 signals:
  void stepSampleRequested(nnplay::SampleRef sample);
  void stepBatchRequested();
  void followRequested(std::optional<nnplay::SampleRef> sample);
  void matrixPlaygroundRequested();
  void activationExplorerRequested();

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void render(bool force);
  void updateChooser();
  void showLens(const QUrl& url);

  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const Trace> shown_;
  // The step whose math is shown (kept alive with the snapshot's lastStep).
  std::shared_ptr<const StepTrace> step_;
  bool showingStep_ = false;
  Notation notation_ = Notation::Rows;
  MathDocument document_;
  QElapsedTimer lastRender_;
  QTimer deferred_;  // a render skipped by the rate limit happens when it allows
  QLabel* sample_;
  QComboBox* notationBox_;
  QComboBox* set_;
  QSpinBox* row_;
  QPushButton* stepSample_;
  QPushButton* stepBatch_;
  QToolButton* copy_;
  QTextBrowser* browser_;
  QLabel* lens_;
};

}  // namespace nnplay::gui
