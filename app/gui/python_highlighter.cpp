#include "python_highlighter.hpp"

#include <QSet>
#include <QStringList>

namespace nnplay::gui {
namespace {

const QSet<QString>& keywords() {
  static const QSet<QString> k = {
      "False",   "None",     "True",     "and",    "as",   "assert", "async",  "await",
      "break",   "class",    "continue", "def",    "del",  "elif",   "else",   "except",
      "finally", "for",      "from",     "global", "if",   "import", "in",     "is",
      "lambda",  "nonlocal", "not",      "or",     "pass", "raise",  "return", "try",
      "while",   "with",     "yield",    "match",  "case"};
  return k;
}

const QSet<QString>& builtins() {
  static const QSet<QString> b = {
      "abs",          "all",        "any",     "bool",       "bytes",      "callable",  "dict",
      "enumerate",    "filter",     "float",   "format",     "getattr",    "hasattr",   "int",
      "isinstance",   "iter",       "len",     "list",       "map",        "max",       "min",
      "next",         "object",     "open",    "print",      "range",      "repr",      "reversed",
      "round",        "set",        "setattr", "sorted",     "str",        "sum",       "super",
      "tuple",        "type",       "zip",     "Exception",  "ValueError", "TypeError", "KeyError",
      "RuntimeError", "SystemExit", "OSError", "IndexError", "__name__",   "__file__"};
  return b;
}

bool identifierStart(QChar c) {
  return c.isLetter() || c == QLatin1Char('_');
}

bool identifierPart(QChar c) {
  return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// r"", b'', f"", rb"" …: an identifier of these letters right before a quote
// is the string's prefix.
bool stringPrefix(const QString& word) {
  if (word.size() > 2) return false;
  for (QChar c : word) {
    if (!QStringLiteral("rRbBfFuU").contains(c)) return false;
  }
  return true;
}

// The end (one past the closing delimiter) of a string whose body starts at
// `from`, or -1 when the line ends first (an unterminated single-quoted
// string, or a triple-quoted one that goes on).
int stringEnd(const QString& text, int from, QChar quote, bool triple) {
  const int n = static_cast<int>(text.size());
  for (int i = from; i < n; ++i) {
    const QChar c = text[i];
    if (c == QLatin1Char('\\')) {
      ++i;  // the escaped character, whatever it is
      continue;
    }
    if (c != quote) continue;
    if (!triple) return i + 1;
    if (i + 2 < n && text[i + 1] == quote && text[i + 2] == quote) return i + 3;
  }
  return -1;
}

QTextCharFormat textFormat(const QColor& color, bool bold = false, bool italic = false) {
  QTextCharFormat f;
  f.setForeground(color);
  if (bold) f.setFontWeight(QFont::Bold);
  f.setFontItalic(italic);
  return f;
}

}  // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, bool darkBase)
    : QSyntaxHighlighter(document) {
  // Contrast of at least 4.5:1 on white (light) or on #1e1e1e (dark).
  if (darkBase) {
    keyword_ = textFormat(QColor(0x56, 0x9c, 0xd6), true);
    builtin_ = textFormat(QColor(0xc5, 0x86, 0xc0));
    string_ = textFormat(QColor(0xce, 0x91, 0x78));
    number_ = textFormat(QColor(0xb5, 0xce, 0xa8));
    comment_ = textFormat(QColor(0x8a, 0x99, 0x8a), false, true);
    decorator_ = textFormat(QColor(0xdc, 0xdc, 0xaa));
    definition_ = textFormat(QColor(0xdc, 0xdc, 0xaa), true);
    self_ = textFormat(QColor(0x9c, 0xdc, 0xfe), false, true);
  } else {
    keyword_ = textFormat(QColor(0x0b, 0x4f, 0x8a), true);  // the playground's blue, darker
    builtin_ = textFormat(QColor(0x6f, 0x42, 0xc1));        // violet
    string_ = textFormat(QColor(0x1f, 0x6f, 0x2f));         // green
    number_ = textFormat(QColor(0xa8, 0x4a, 0x00));         // the playground's orange, darker
    comment_ = textFormat(QColor(0x6a, 0x73, 0x7d), false, true);
    decorator_ = textFormat(QColor(0x8a, 0x5a, 0x00));
    definition_ = textFormat(QColor(0x00, 0x5c, 0xc5), true);
    self_ = textFormat(QColor(0x7a, 0x3e, 0x9d), false, true);
  }
}

void PythonHighlighter::highlightBlock(const QString& text) {
  const int n = static_cast<int>(text.size());
  int i = 0;
  setCurrentBlockState(kNormal);

  // A triple-quoted string carried over from the lines above.
  const int carried = previousBlockState();
  if (carried == kInTripleDouble || carried == kInTripleSingle) {
    const QChar quote = carried == kInTripleDouble ? QLatin1Char('"') : QLatin1Char('\'');
    const int end = stringEnd(text, 0, quote, true);
    if (end < 0) {
      setFormat(0, n, string_);
      setCurrentBlockState(carried);
      return;
    }
    setFormat(0, end, string_);
    i = end;
  }

  bool lineStart = true;  // only blanks so far: a decorator may begin here
  QString previousWord;   // "def" or "class" makes the next name a definition
  while (i < n) {
    const QChar c = text[i];
    if (c.isSpace()) {
      ++i;
      continue;
    }
    if (c == QLatin1Char('#')) {
      setFormat(i, n - i, comment_);
      return;
    }
    if (c == QLatin1Char('@') && lineStart) {
      int j = i + 1;
      while (j < n && (identifierPart(text[j]) || text[j] == QLatin1Char('.'))) ++j;
      setFormat(i, j - i, decorator_);
      i = j;
      lineStart = false;
      continue;
    }
    lineStart = false;

    int stringStart = -1;  // where a string (with its prefix) starts
    int quoteAt = -1;
    if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
      stringStart = quoteAt = i;
    } else if (identifierStart(c)) {
      int j = i;
      while (j < n && identifierPart(text[j])) ++j;
      const QString word = text.mid(i, j - i);
      if (j < n && (text[j] == QLatin1Char('"') || text[j] == QLatin1Char('\'')) &&
          stringPrefix(word)) {
        stringStart = i;
        quoteAt = j;
      } else {
        if (previousWord == QLatin1String("def") || previousWord == QLatin1String("class")) {
          setFormat(i, j - i, definition_);
        } else if (keywords().contains(word)) {
          setFormat(i, j - i, keyword_);
        } else if (builtins().contains(word) && (i == 0 || text[i - 1] != QLatin1Char('.'))) {
          setFormat(i, j - i, builtin_);  // np.sum is not the builtin
        } else if (word == QLatin1String("self")) {
          setFormat(i, j - i, self_);
        }
        previousWord = word;
        i = j;
        continue;
      }
    }

    if (quoteAt >= 0) {
      const QChar quote = text[quoteAt];
      const bool triple =
          quoteAt + 2 < n && text[quoteAt + 1] == quote && text[quoteAt + 2] == quote;
      const int end = stringEnd(text, quoteAt + (triple ? 3 : 1), quote, triple);
      if (end < 0) {
        setFormat(stringStart, n - stringStart, string_);
        if (triple)
          setCurrentBlockState(quote == QLatin1Char('"') ? kInTripleDouble : kInTripleSingle);
        return;
      }
      setFormat(stringStart, end - stringStart, string_);
      i = end;
      previousWord.clear();
      continue;
    }

    // Numbers: 10, 0.01, .5, 1e-3, 0x1f, 1_000, 3j (a digit inside a name
    // never gets here: the name took it).
    if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && text[i + 1].isDigit())) {
      int j = i + 1;
      while (j < n) {
        const QChar d = text[j];
        const bool exponentSign =
            (d == QLatin1Char('+') || d == QLatin1Char('-')) &&
            (text[j - 1] == QLatin1Char('e') || text[j - 1] == QLatin1Char('E')) &&
            !text.mid(i, 2).startsWith(QLatin1String("0x"), Qt::CaseInsensitive);
        if (d.isLetterOrNumber() || d == QLatin1Char('.') || d == QLatin1Char('_') ||
            exponentSign) {
          ++j;
        } else {
          break;
        }
      }
      setFormat(i, j - i, number_);
      i = j;
      previousWord.clear();
      continue;
    }

    previousWord.clear();
    ++i;
  }
}

}  // namespace nnplay::gui
