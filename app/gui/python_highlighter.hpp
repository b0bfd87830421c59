#pragma once
// Python syntax colouring for the code view: keywords, builtins, strings
// (prefixed, escaped, and triple-quoted ones that span lines, carried from
// block to block in the block state), numbers, comments, decorators, and the
// name after def / class. One pass over each line by hand, not regular
// expressions, so that a '#' inside a string is not a comment and a quote
// inside a comment starts no string.
//
// The colours follow the palette of the document's widget: dark text colours
// on a light base, light ones on a dark base.
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QTextDocument;

namespace nnplay::gui {

class PythonHighlighter : public QSyntaxHighlighter {
  Q_OBJECT

 public:
  // `darkBase`: the editor's background is dark (pick the light colours).
  explicit PythonHighlighter(QTextDocument* document, bool darkBase = false);

  // Block states: outside any string, or inside a """ or ''' string.
  enum State { kNormal = 0, kInTripleDouble = 1, kInTripleSingle = 2 };

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QTextCharFormat keyword_;
  QTextCharFormat builtin_;
  QTextCharFormat string_;
  QTextCharFormat number_;
  QTextCharFormat comment_;
  QTextCharFormat decorator_;
  QTextCharFormat definition_;
  QTextCharFormat self_;
};

}  // namespace nnplay::gui
