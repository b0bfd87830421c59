#include "matrix_playground_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "nnplay/error.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

const QColor kHighlight{0xcf, 0xe4, 0xf3};  // a pale tint of the playground's blue
constexpr int kMaxGridWidth = 340;
constexpr int kMaxGridHeight = 200;

// One value as the engine writes it ("180", "0.5"), so grids and lens agree
// with formatMatrix().
QString valueText(double v) {
  const QString s = qs(formatMatrix(SmallMatrix{1, 1, {v}}));
  return s.mid(2, s.size() - 4);  // "[[v]]"
}

QString operationSymbol(int op) {
  switch (op) {
    case MatrixPlaygroundDialog::Product:
      return QStringLiteral("·");
    case MatrixPlaygroundDialog::Add:
      return QStringLiteral("+");
    case MatrixPlaygroundDialog::Subtract:
      return QStringLiteral("−");
    default:
      return QStringLiteral("⊙");
  }
}

QTableWidget* makeGrid(QWidget* parent, const QString& name, const QString& tip) {
  auto* grid = new QTableWidget(parent);
  grid->setObjectName(name);
  grid->setToolTip(tip);
  grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
  grid->setSelectionMode(QAbstractItemView::NoSelection);
  grid->setFocusPolicy(Qt::NoFocus);
  grid->setMouseTracking(true);  // cellEntered() without a button held
  grid->horizontalHeader()->setMinimumSectionSize(28);
  grid->verticalHeader()->setDefaultSectionSize(grid->fontMetrics().height() + 8);
  grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  return grid;
}

// Shows m (empty: no cells) and sizes the grid to its cells, up to a cap
// beyond which it scrolls.
void fillGrid(QTableWidget* grid, const SmallMatrix& m) {
  grid->clearContents();
  grid->setRowCount(m.rows);
  grid->setColumnCount(m.cols);
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) {
      auto* item = new QTableWidgetItem(valueText(m.at(r, c)));
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      item->setFlags(Qt::ItemIsEnabled);
      grid->setItem(r, c, item);
    }
  }
  grid->resizeColumnsToContents();
  const int frame = 2 * grid->frameWidth();
  const int w = grid->verticalHeader()->sizeHint().width() + grid->horizontalHeader()->length();
  const int h = grid->horizontalHeader()->sizeHint().height() + grid->verticalHeader()->length();
  grid->setFixedSize(std::clamp(w + frame + 2, 60, kMaxGridWidth),
                     std::clamp(h + frame + 2, 40, kMaxGridHeight));
}

void setCellBackground(QTableWidget* grid, int row, int col, const QBrush& brush) {
  if (QTableWidgetItem* item = grid->item(row, col)) item->setBackground(brush);
}

QLabel* caption(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  l->setStyleSheet("font-weight: 600; color: #555;");
  return l;
}

}  // namespace

MatrixPlaygroundDialog::MatrixPlaygroundDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("matrixPlaygroundDialog"));
  setWindowTitle(tr("Matrix playground"));
  setMinimumWidth(600);
  auto* layout = new QVBoxLayout(this);

  const auto makeEdit = [this](const QString& name, const QString& text) {
    auto* edit = new QPlainTextEdit(text, this);
    edit->setObjectName(name);
    edit->setTabChangesFocus(true);
    edit->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    edit->setWordWrapMode(
        QTextOption::WrapAtWordBoundaryOrAnywhere);  // "[[1,2],[3,4]]" has no spaces
    edit->setFixedHeight(edit->fontMetrics().height() * 3 + 12);
    edit->setToolTip(
        tr("A matrix as NumPy prints it, [[1,2],[3,4]], or rows separated by ';': 1 2; 3 4"));
    return edit;
  };
  aEdit_ = makeEdit(QStringLiteral("matrixAEdit"), QStringLiteral("[[0,2,4,6],[8,10,12,14]]"));
  bEdit_ = makeEdit(QStringLiteral("matrixBEdit"),
                    QStringLiteral("[[1,3,5],[7,9,11],[13,15,17],[19,21,23]]"));
  auto* edits = new QGridLayout;
  edits->addWidget(caption(tr("A"), this), 0, 0);
  edits->addWidget(caption(tr("B"), this), 0, 1);
  edits->addWidget(aEdit_, 1, 0);
  edits->addWidget(bEdit_, 1, 1);
  layout->addLayout(edits);

  operationCombo_ = new QComboBox(this);
  operationCombo_->setObjectName(QStringLiteral("operationCombo"));
  operationCombo_->addItems(
      {tr("A · B (matrix product)"), tr("A + B"), tr("A − B"), tr("A ⊙ B (element-wise)")});
  operationCombo_->setToolTip(
      tr("The product needs A's columns to equal B's rows; the element-wise operations need "
         "equal shapes"));
  activationCombo_ = new QComboBox(this);
  activationCombo_->setObjectName(QStringLiteral("activationCombo"));
  activationCombo_->addItem(tr("none"), -1);
  for (const ActivationInfo& info : activations()) {
    activationCombo_->addItem(qs(info.label), static_cast<int>(info.id));
  }
  activationCombo_->setToolTip(tr("f applied to every value of the result (softmax: to each row)"));
  auto* combos = new QHBoxLayout;
  combos->addWidget(new QLabel(tr("Operation"), this));
  combos->addWidget(operationCombo_);
  combos->addSpacing(12);
  combos->addWidget(new QLabel(tr("Activation"), this));
  combos->addWidget(activationCombo_);
  combos->addStretch(1);
  layout->addLayout(combos);

  shapeLabel_ = new QLabel(this);
  shapeLabel_->setObjectName(QStringLiteral("shapeLabel"));
  errorLabel_ = new QLabel(this);
  errorLabel_->setObjectName(QStringLiteral("errorLabel"));
  errorLabel_->setStyleSheet("color: #c62828;");
  errorLabel_->setWordWrap(true);
  layout->addWidget(shapeLabel_);
  layout->addWidget(errorLabel_);

  aGrid_ = makeGrid(this, QStringLiteral("matrixAGrid"), tr("A as read from the text"));
  bGrid_ = makeGrid(this, QStringLiteral("matrixBGrid"), tr("B as read from the text"));
  resultGrid_ = makeGrid(this, QStringLiteral("resultGrid"), {});
  auto* grids = new QGridLayout;
  grids->addWidget(caption(tr("A"), this), 0, 0);
  grids->addWidget(caption(tr("B"), this), 0, 1);
  grids->addWidget(caption(tr("Result"), this), 0, 2);
  grids->addWidget(aGrid_, 1, 0, Qt::AlignTop | Qt::AlignLeft);
  grids->addWidget(bGrid_, 1, 1, Qt::AlignTop | Qt::AlignLeft);
  grids->addWidget(resultGrid_, 1, 2, Qt::AlignTop | Qt::AlignLeft);
  grids->setColumnStretch(3, 1);
  layout->addLayout(grids, 1);

  lensLabel_ = new QLabel(this);
  lensLabel_->setObjectName(QStringLiteral("lensLabel"));
  lensLabel_->setToolTip(tr("The matrix lens: how the hovered cell of the result is computed"));
  lensLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  lensLabel_->setWordWrap(true);
  lensLabel_->setMinimumHeight(2 * lensLabel_->fontMetrics().height());
  layout->addWidget(lensLabel_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  for (QPlainTextEdit* e : {aEdit_, bEdit_}) {
    connect(e, &QPlainTextEdit::textChanged, this, &MatrixPlaygroundDialog::recompute);
  }
  for (QComboBox* c : {operationCombo_, activationCombo_}) {
    connect(c, &QComboBox::currentIndexChanged, this, &MatrixPlaygroundDialog::recompute);
  }
  connect(resultGrid_, &QTableWidget::cellEntered, this, &MatrixPlaygroundDialog::hoverCell);
  recompute();
}

void MatrixPlaygroundDialog::setMatrices(const QString& a, const QString& b) {
  aEdit_->setPlainText(a);
  bEdit_->setPlainText(b);
}

void MatrixPlaygroundDialog::setOperation(int index) {
  operationCombo_->setCurrentIndex(index);
}

void MatrixPlaygroundDialog::setActivation(std::optional<ActivationId> id) {
  const int data = id ? static_cast<int>(*id) : -1;
  activationCombo_->setCurrentIndex(std::max(0, activationCombo_->findData(data)));
}

std::optional<ActivationId> MatrixPlaygroundDialog::chosenActivation() const {
  const int data = activationCombo_->currentData().toInt();
  if (data < 0) return std::nullopt;
  return static_cast<ActivationId>(data);
}

QString MatrixPlaygroundDialog::resultText() const {
  return valid_ ? qs(formatMatrix(result_)) : QString();
}

QString MatrixPlaygroundDialog::errorText() const {
  return error_;
}

QString MatrixPlaygroundDialog::shapeText() const {
  return shapeLabel_->text();
}

void MatrixPlaygroundDialog::recompute() {
  const int op = operationCombo_->currentIndex();
  const QString name =
      op == Product ? QStringLiteral("A·B") : QStringLiteral("A %1 B").arg(operationSymbol(op));
  valid_ = false;
  error_.clear();
  std::optional<SmallMatrix> a, b;
  try {
    a = parseMatrix(aEdit_->toPlainText().toStdString(), "A");
  } catch (const SpecError& e) {
    error_ = qs(e.what());
  }
  try {
    b = parseMatrix(bEdit_->toPlainText().toStdString(), "B");
  } catch (const SpecError& e) {
    if (error_.isEmpty()) error_ = qs(e.what());
  }
  a_ = a.value_or(SmallMatrix{});
  b_ = b.value_or(SmallMatrix{});
  if (a && b) {
    try {
      raw_ = op == Product ? multiply(a_, b_)
                           : elementwise(a_, b_,
                                         op == Add        ? ElementwiseOp::Add
                                         : op == Subtract ? ElementwiseOp::Subtract
                                                          : ElementwiseOp::Multiply);
      const std::optional<ActivationId> f = chosenActivation();
      result_ = f ? applyActivation(raw_, *f) : raw_;
      valid_ = true;
    } catch (const SpecError& e) {
      error_ = qs(e.what());
    }
  }
  if (!valid_) raw_ = result_ = SmallMatrix{};

  QStringList shapes;
  if (a) shapes << tr("A is %1").arg(qs(a_.shape()));
  if (b) shapes << tr("B is %1").arg(qs(b_.shape()));
  QString shape = shapes.join(QStringLiteral(", "));
  if (a && b) {
    shape += valid_ ? tr(" → %1 is %2").arg(name, qs(raw_.shape()))
                    : tr(" → no %1: the shapes do not fit").arg(name);
  }
  shapeLabel_->setText(shape);
  errorLabel_->setText(error_);
  errorLabel_->setVisible(!error_.isEmpty());

  fillGrid(aGrid_, a_);
  fillGrid(bGrid_, b_);
  fillGrid(resultGrid_, result_);
  for (int r = 0; r < result_.rows; ++r) {
    for (int c = 0; c < result_.cols; ++c) resultGrid_->item(r, c)->setToolTip(lensText(r, c));
  }
  resultGrid_->setToolTip(valid_ ? QString() : error_);
  lensLabel_->setText(valid_ ? tr("Hover a cell of the result to see how it is computed.")
                             : QString());
}

QString MatrixPlaygroundDialog::lensText(int row, int col) const {
  if (!valid_ || row < 0 || col < 0 || row >= result_.rows || col >= result_.cols) return {};
  const int op = operationCombo_->currentIndex();
  QString s;
  if (op == Product) {
    s = qs(dotProductText(a_, b_, row, col));
  } else {
    s = valueText(a_.at(row, col)) + QLatin1Char(' ') + operationSymbol(op) + QLatin1Char(' ') +
        valueText(b_.at(row, col)) + QStringLiteral(" = ") + valueText(raw_.at(row, col));
  }
  if (const std::optional<ActivationId> f = chosenActivation()) {
    const QString value = valueText(result_.at(row, col));
    s += activation(*f).rowWise
             ? tr("  →  f = softmax of row %1, this entry %2").arg(row + 1).arg(value)
             : tr("  →  f(%1) = %2").arg(valueText(raw_.at(row, col)), value);
  }
  return s;
}

void MatrixPlaygroundDialog::clearHighlights() {
  for (QTableWidget* grid : {aGrid_, bGrid_, resultGrid_}) {
    for (int r = 0; r < grid->rowCount(); ++r) {
      for (int c = 0; c < grid->columnCount(); ++c) setCellBackground(grid, r, c, QBrush());
    }
  }
}

void MatrixPlaygroundDialog::hoverCell(int row, int col) {
  clearHighlights();
  const QString lens = lensText(row, col);
  if (lens.isEmpty()) return;
  lensLabel_->setText(tr("Cell (%1, %2): %3").arg(row + 1).arg(col + 1).arg(lens));
  const QBrush tint(kHighlight);
  setCellBackground(resultGrid_, row, col, tint);
  if (operationCombo_->currentIndex() == Product) {
    for (int k = 0; k < a_.cols; ++k) {
      setCellBackground(aGrid_, row, k, tint);
      setCellBackground(bGrid_, k, col, tint);
    }
  } else {
    setCellBackground(aGrid_, row, col, tint);
    setCellBackground(bGrid_, row, col, tint);
  }
}

}  // namespace nnplay::gui
