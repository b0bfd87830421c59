#include "code_view.hpp"

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "python_highlighter.hpp"
#include "qt_strings.hpp"

namespace nnplay::gui {
namespace {

QToolButton* switchButton(const QString& text, const QString& name, const QString& tip) {
  auto* b = new QToolButton;
  b->setText(text);
  b->setObjectName(name);
  b->setCheckable(true);
  b->setAutoRaise(false);
  b->setToolTip(tip);
  return b;
}

bool darkPalette(const QPalette& p) {
  return p.color(QPalette::Base).lightness() < 128;
}

}  // namespace

CodeView::CodeView(QWidget* parent) : QWidget(parent) {
  keras_ = switchButton(tr("Keras"), "codeKerasButton",
                        tr("The network and its training as Keras (TensorFlow) code"));
  pytorch_ = switchButton(tr("PyTorch"), "codePyTorchButton",
                          tr("The network and its training as PyTorch code"));
  auto* group = new QButtonGroup(this);
  group->setExclusive(true);
  group->addButton(keras_);
  group->addButton(pytorch_);
  keras_->setChecked(true);
  copy_ = new QToolButton;
  copy_->setObjectName("codeCopyButton");
  copy_->setText(tr("Copy"));
  copy_->setToolTip(tr("Copy the whole script to the clipboard"));
  summary_ = new QLabel;
  summary_->setObjectName("codeSummary");
  summary_->setStyleSheet("color: #666;");

  editor_ = new QPlainTextEdit;
  editor_->setObjectName("codeEditor");
  editor_->setReadOnly(true);
  editor_->setLineWrapMode(QPlainTextEdit::NoWrap);
  editor_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  // Only the family is the editor's own: its size follows the window's text
  // (presentation mode scales it).
  QFont mono;
  mono.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
  mono.setStyleHint(QFont::Monospace);
  editor_->setFont(mono);
  editor_->setTabStopDistance(QFontMetricsF(editor_->font()).horizontalAdvance(QLatin1Char(' ')) *
                              4);
  highlighter_ = new PythonHighlighter(editor_->document(), darkPalette(editor_->palette()));

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->setSpacing(2);
  bar->addWidget(keras_);
  bar->addWidget(pytorch_);
  bar->addSpacing(8);
  bar->addWidget(summary_, 1);
  bar->addWidget(copy_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  layout->addLayout(bar);
  layout->addWidget(editor_, 1);

  connect(keras_, &QToolButton::clicked, this, [this] { setFramework(CodeFramework::Keras); });
  connect(pytorch_, &QToolButton::clicked, this, [this] { setFramework(CodeFramework::PyTorch); });
  connect(copy_, &QToolButton::clicked, this, &CodeView::copyToClipboard);
}

QSize CodeView::sizeHint() const {
  // About 84 columns of code: the generated lines stay under 80.
  const QFontMetrics fm(editor_->font());
  return {fm.horizontalAdvance(QString(84, QLatin1Char('m'))) + 40, 600};
}

void CodeView::setInput(const CodeInput& input) {
  input_ = input;
  hasInput_ = true;
  regenerate();
}

void CodeView::setFramework(CodeFramework f) {
  keras_->setChecked(f == CodeFramework::Keras);
  pytorch_->setChecked(f == CodeFramework::PyTorch);
  if (f == framework_) return;
  framework_ = f;
  // Another framework is another text: its top, not the other one's line number.
  editor_->verticalScrollBar()->setValue(0);
  regenerate();
  applyHighlight(true);
  emit frameworkChanged(f);
}

void CodeView::regenerate() {
  if (!hasInput_) return;
  try {
    code_ = generateCode(input_, framework_);
  } catch (const std::exception& e) {
    // A document the rules accepted never gets here; say so rather than die.
    code_ = {};
    code_.lines.push_back({"# The code cannot be generated: " + std::string(e.what()), "", -1});
  }
  // Where each code line starts among the text's blocks.
  firstBlock_.clear();
  firstBlock_.reserve(code_.lines.size() + 1);
  int block = 0;
  for (const CodeLine& l : code_.lines) {
    firstBlock_.push_back(block);
    block += 1 + static_cast<int>(std::count(l.text.begin(), l.text.end(), '\n'));
  }
  firstBlock_.push_back(block);

  const QString text = QString::fromStdString(code_.text());
  if (text != editor_->toPlainText()) {
    QScrollBar* v = editor_->verticalScrollBar();
    QScrollBar* h = editor_->horizontalScrollBar();
    const int top = v->value();
    const int left = h->value();
    editor_->setPlainText(text);
    v->setValue(top);
    h->setValue(left);
  }
  updateSummary();
  applyHighlight(false);
}

void CodeView::updateSummary() {
  const auto lines = static_cast<int>(code_.lines.size());
  QString s = lines == 1 ? tr("1 line") : tr("%1 lines").arg(lines);
  QStringList differences;
  for (const std::string& d : code_.differences) differences << qs(d);
  if (!differences.isEmpty()) {
    s += differences.size() == 1 ? tr(" · 1 difference from nnplay")
                                 : tr(" · %1 differences from nnplay").arg(differences.size());
    summary_->setToolTip(tr("What the script cannot express exactly:\n• %1")
                             .arg(differences.join(QStringLiteral("\n• "))));
  } else {
    summary_->setToolTip(tr("The script computes what nnplay computes."));
  }
  summary_->setText(s);
}

QString CodeView::text() const {
  return editor_->toPlainText();
}

void CodeView::highlightControl(const QString& control, int layer) {
  control_ = control;
  layer_ = layer;
  applyHighlight(true);
}

void CodeView::clearHighlight() {
  control_.clear();
  layer_ = -1;
  applyHighlight(false);
}

void CodeView::applyHighlight(bool scroll) {
  QList<QTextEdit::ExtraSelection> selections;
  if (!control_.isEmpty()) {
    const std::string control = control_.toStdString();
    // A warm yellow that keeps the syntax colours readable on either base.
    const QColor lit =
        darkPalette(editor_->palette()) ? QColor(0x5a, 0x4a, 0x14) : QColor(0xff, 0xec, 0x99);
    QTextDocument* doc = editor_->document();
    for (std::size_t i = 0; i < code_.lines.size(); ++i) {
      const CodeLine& l = code_.lines[i];
      // A line of another layer, or of none, is not this layer's line.
      if (!l.tagged(control) || (layer_ >= 0 && l.layer != layer_)) continue;
      for (int b = firstBlock_[i]; b < firstBlock_[i + 1]; ++b) {
        QTextBlock block = doc->findBlockByNumber(b);
        if (!block.isValid()) break;
        QTextEdit::ExtraSelection s;
        s.format.setBackground(lit);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(block);
        s.cursor.clearSelection();
        selections.push_back(s);
      }
    }
  }
  editor_->setExtraSelections(selections);
  if (scroll && !selections.isEmpty()) {
    // The first lit line, a third down the view (the lines that lead to it
    // above), when it was out of sight.
    const QTextCursor first = selections.front().cursor;
    const QRect r = editor_->cursorRect(first);
    const int height = editor_->viewport()->height();
    if (r.top() < 0 || r.bottom() > height) {
      const int lineHeight = std::max(1, r.height());
      editor_->verticalScrollBar()->setValue(
          std::max(0, first.blockNumber() - height / lineHeight / 3));
    }
  }
}

int CodeView::highlightedLineCount() const {
  return static_cast<int>(editor_->extraSelections().size());
}

QStringList CodeView::highlightedLines() const {
  QStringList out;
  for (const QTextEdit::ExtraSelection& s : editor_->extraSelections())
    out << s.cursor.block().text();
  return out;
}

void CodeView::copyToClipboard() {
  QApplication::clipboard()->setText(text());
  const QString name = framework_ == CodeFramework::Keras ? tr("Keras") : tr("PyTorch");
  emit copied(
      tr("Copied the %1 script (%2 lines) to the clipboard").arg(name).arg(code_.lines.size()));
}

}  // namespace nnplay::gui
