#pragma once
// The document as Keras or PyTorch source (codegen): a switch between the two,
// a Copy button, the code read-only in a monospace font with Python colours,
// and the lines a hovered control produces lit up.
//
// Contract:
//  - setInput() generates the code at once (no timer), so a view that is
//    given every document change shows it within the same frame. The text is
//    replaced only when it changed, and the scroll position is kept.
//  - Line i of GeneratedCode is the i-th block range of the text (a line
//    whose text holds '\n' covers several blocks); highlightControl() lights
//    every block of every line tagged with that control (and layer, when
//    >= 0) and scrolls the first into view. The highlight survives a new
//    text (it is applied again to the new lines, without scrolling).
//  - The view edits nothing; Copy emits copied() with a message for the
//    status bar.
#include <QString>
#include <QWidget>

#include "nnplay/codegen.hpp"

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace nnplay::gui {

class PythonHighlighter;

class CodeView : public QWidget {
  Q_OBJECT

 public:
  explicit CodeView(QWidget* parent = nullptr);

  void setInput(const CodeInput& input);
  void setFramework(CodeFramework f);
  CodeFramework framework() const { return framework_; }

  QString text() const;
  const GeneratedCode& code() const { return code_; }
  QPlainTextEdit* editor() const { return editor_; }
  // The control lit now (empty: none) and how many text lines are lit.
  QString highlightedControl() const { return control_; }
  int highlightedLayer() const { return layer_; }
  int highlightedLineCount() const;
  // The texts of the lit blocks, top to bottom (for tests and screen readers).
  QStringList highlightedLines() const;

  QSize sizeHint() const override;

 public slots:
  void highlightControl(const QString& control, int layer = -1);
  void clearHighlight();
  void copyToClipboard();

 signals:
  void frameworkChanged(nnplay::CodeFramework f);
  void copied(const QString& message);

 private:
  void regenerate();
  // Lights the current control's lines; `scroll`: bring the first into view.
  void applyHighlight(bool scroll);
  void updateSummary();

  CodeInput input_;
  bool hasInput_ = false;
  CodeFramework framework_ = CodeFramework::Keras;
  GeneratedCode code_;
  std::vector<int> firstBlock_;  // block of each code line's first text line (+ one past the end)
  QString control_;
  int layer_ = -1;

  QToolButton* keras_;
  QToolButton* pytorch_;
  QToolButton* copy_;
  QLabel* summary_;
  QPlainTextEdit* editor_;
  PythonHighlighter* highlighter_;
};

}  // namespace nnplay::gui
