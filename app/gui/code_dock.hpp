#pragma once
// The code view as a dock of the playground window (View → Code, Ctrl+K,
// the "</> Code" button): the document as Keras or PyTorch source, generated
// again on every document change while the dock is open (synchronously, so
// the code is never a frame behind the controls), and not at all while it is
// closed.
//
// Hovering a control lights the lines it produces: a control says which by
// its dynamic properties (code_control.hpp). One event filter
// on the application sees every Enter and Leave; the nearest widget up the
// parent chain that carries "codeControl" is the control. Widgets that carry
// it may nest (a layer header and its activation combo): leaving the inner
// one lights the outer one again while the mouse is still on it.
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "code_control.hpp"
#include "nnplay/codegen.hpp"

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QWidget;

namespace nnplay::gui {

class CodeView;
class PlaygroundModel;
struct Document;

// The live view's input: the document and its data's shape with CodeInput's
// defaults (epochs, train.py, data.csv, no weights file); `outputNames` the
// class names or target name when known; `origin` where the document came from.
CodeInput liveCodeInput(const Document& doc, const DataShape& shape,
                        std::vector<std::string> outputNames, const QString& origin);

class CodeDock : public QObject {
  Q_OBJECT

 public:
  CodeDock(QMainWindow& window, PlaygroundModel& model);

  void addActions(QMenu& view);
  QAction* action() const { return action_; }
  CodeView* view() const { return view_; }
  QDockWidget* dock() const { return dock_; }
  // Opens the dock at a readable width and shows the current document.
  void showCode();
  // Generates the code of the current document now (only while visible).
  void refresh();

 signals:
  void message(const QString& text);  // for the status bar

 protected:
  bool eventFilter(QObject* watched, QEvent* e) override;

 private:
  void hover(QWidget* carrier);

  QMainWindow& window_;
  PlaygroundModel& model_;
  CodeView* view_;
  QDockWidget* dock_;
  QAction* action_;
  QPointer<QWidget> hovered_;                        // the control whose lines are lit
  std::shared_ptr<const InputTransform> namesFrom_;  // the snapshot transform last shown
};

}  // namespace nnplay::gui
