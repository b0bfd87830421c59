#pragma once
// The course's matrix playground (COURSE.md c01, c03): A and B typed as text,
// an operation (A·B, A + B, A − B, A ⊙ B) and an optional activation applied
// element-wise to the result. The math is the engine's (matrix_playground.hpp).
//
// Contract:
//  - Every edit of A, B or a combo recomputes at once. The shape rule is shown
//    as text ("A is 2×4, B is 4×3 → A·B is 2×3"); a SpecError (a malformed
//    matrix, shapes that do not fit) shows its message in red and clears the
//    result.
//  - The result is a read-only grid. Hovering a cell (or hoverCell()) shows the
//    matrix lens under the grid: for a product the dot product written out by
//    dotProductText(), for element-wise operations the two operands, followed
//    by "f(z) = value" when an activation is chosen; the row of A and the
//    column of B used (or the same cell of both) are highlighted in their
//    grids. Each result cell's tooltip is its lens text.
#include <QDialog>
#include <QString>
#include <optional>

#include "nnplay/matrix_playground.hpp"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace nnplay::gui {

class MatrixPlaygroundDialog : public QDialog {
  Q_OBJECT

 public:
  // The operation combo's rows, in order.
  enum Operation { Product = 0, Add = 1, Subtract = 2, ElementwiseProduct = 3 };

  explicit MatrixPlaygroundDialog(QWidget* parent = nullptr);

  void setMatrices(const QString& a, const QString& b);
  void setOperation(int index);                                // an Operation
  void setActivation(std::optional<nnplay::ActivationId> id);  // nullopt: "none"
  QString resultText() const;  // formatMatrix() of the result; empty on an error
  QString errorText() const;   // the SpecError's message; empty when all is well
  QString shapeText() const;
  QString lensText(int row, int col) const;  // empty outside the result
  void hoverCell(int row, int col);          // what hovering a result cell does

 private:
  void recompute();
  void clearHighlights();
  std::optional<nnplay::ActivationId> chosenActivation() const;

  QPlainTextEdit* aEdit_ = nullptr;
  QPlainTextEdit* bEdit_ = nullptr;
  QComboBox* operationCombo_ = nullptr;
  QComboBox* activationCombo_ = nullptr;
  QLabel* shapeLabel_ = nullptr;
  QLabel* errorLabel_ = nullptr;
  QTableWidget* aGrid_ = nullptr;
  QTableWidget* bGrid_ = nullptr;
  QTableWidget* resultGrid_ = nullptr;
  QLabel* lensLabel_ = nullptr;

  // The last computation: valid_ when A and B parsed and the operation fit.
  nnplay::SmallMatrix a_, b_;
  nnplay::SmallMatrix raw_;     // the operation's result, before the activation
  nnplay::SmallMatrix result_;  // what the grid shows
  bool valid_ = false;
  QString error_;
};

}  // namespace nnplay::gui
