#pragma once
// What the math view shows, built from the engine's trace (trace.hpp) as
// sections of formulas with their matrices, and written out as HTML (the
// view, with a matrix lens on every cell), plain text, Markdown or CSV (for
// slides and handouts). No number is computed here that the trace does not
// hold, except the lens's sums, which restate a product cell by cell.
#include <QImage>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "nnplay/inference_layers.hpp"
#include "nnplay/trace.hpp"

namespace nnplay::gui {

enum class Notation { Rows, Columns };  // Keras x·W + b, or W·x + b with W transposed

struct MathMatrix {
  QString name;  // "z¹"
  RowMatrix values;
  // Cell (r, c) written out, in the row convention; empty: no lens.
  std::function<QString(int, int)> lens;
  bool summarized = false;  // too large: only its shape and range are shown
};

struct MathLine {
  QString formula;  // "z¹ = x · W¹ + b¹"
  std::vector<MathMatrix> matrices;
};

struct MathSection {
  QString title;
  std::vector<MathLine> lines;
};

struct MathOptions {
  Notation notation = Notation::Rows;
  std::vector<QString> inputNames;  // the network's inputs (features)
  std::vector<QString> classNames;
  int imageRows = 0;  // > 0: the input is an image, drawn instead of listed
  int imageCols = 0;
  bool step = false;  // the trace of a step just taken: "before → after"
  // Set when every hidden activation is linear: the one layer it equals.
  std::optional<AffineLayer> collapsed;
};

struct MathDocument {
  QString heading;
  std::vector<MathSection> sections;
  QImage inputImage;  // images only
};

// Matrices with more cells than this are summarized (784×256 kernels).
inline constexpr int kMaxShownCells = 1024;
// The view shows at most this many rows and columns of a matrix (a batch of
// 600 samples shows its first rows); copies hold every value.
inline constexpr int kMaxShownRows = 12;
inline constexpr int kMaxShownCols = 12;

MathDocument buildMathDocument(const Trace& t, const MathOptions& o);

// The HTML of the view: every shown cell is a link "cell:M:R:C" (matrix M
// in document order), so hovering it can show its lens.
QString toHtml(const MathDocument& d, Notation n);
QString toText(const MathDocument& d, Notation n);
QString toMarkdown(const MathDocument& d, Notation n);
QString toCsv(const MathDocument& d, Notation n);

// The matrix behind link index `m` (document order), or null.
const MathMatrix* matrixAt(const MathDocument& d, int m);

}  // namespace nnplay::gui
