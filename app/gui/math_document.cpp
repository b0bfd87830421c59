#include "math_document.hpp"

#include <QObject>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <cmath>

#include "qt_strings.hpp"

namespace nnplay::gui {

namespace {

const char* const kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

QString sup(int n) {
  QString s;
  for (QChar c : QString::number(n)) s += QString::fromUtf8(kSup[c.digitValue()]);
  return s;
}

QString num(double v) {
  if (v == 0.0) return QStringLiteral("0");
  QString s = QString::number(v, 'g', 4);
  if (s.startsWith('-')) s.replace(0, 1, QStringLiteral("−"));
  return s;
}

QString factor(double v) {  // in a sum: negative numbers in parentheses
  return v < 0 ? "(" + num(v) + ")" : num(v);
}

RowMatrix mapped(const std::vector<float>& v, int rows, int cols) {
  return Eigen::Map<const RowMatrix>(v.data(), rows, cols);
}

bool tooLarge(const RowMatrix& m) {
  return m.size() > kMaxShownCells;
}

MathMatrix plain(QString name, RowMatrix values) {
  MathMatrix m{std::move(name), std::move(values), {}, false};
  m.summarized = tooLarge(m.values);
  return m;
}

// "a·W[:, c] + b[c]": the dot product of a row with a column, written out;
// for long rows the largest terms only.
QString dotText(const RowMatrix& a, int r, const RowMatrix& w, int c, const QString& result,
                std::optional<float> bias) {
  const auto n = static_cast<int>(a.cols());
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  constexpr int kTerms = 8;
  const bool cut = n > kTerms;
  if (cut) {
    std::partial_sort(order.begin(), order.begin() + kTerms, order.end(), [&](int x, int y) {
      return std::abs(a(r, x) * w(x, c)) > std::abs(a(r, y) * w(y, c));
    });
    order.resize(kTerms);
  }
  QStringList terms;
  for (int i : order) terms << factor(a(r, i)) + "·" + factor(w(i, c));
  QString s = terms.join(" + ");
  if (cut) s = QObject::tr("largest of %1 terms: ").arg(n) + s + " + …";
  if (bias) s += " + " + factor(*bias);
  return s + " = " + result;
}

QString lossFormula(LossId id, int outputs) {
  switch (id) {
    case LossId::Ce:
      return "L = −Σⱼ yⱼ·ln pⱼ, p = softmax(z)";
    case LossId::Bce:
      return "L = −[y·ln p + (1 − y)·ln(1 − p)], p = σ(z)";
    case LossId::Mse:
      return outputs > 1 ? "L = mean over outputs of (ŷ − y)²" : "L = (ŷ − y)²";
    case LossId::HalfMse:
      return "L = ½·(ŷ − y)² (mean over outputs)";
    case LossId::Mae:
      return "L = |ŷ − y| (mean over outputs)";
    case LossId::Huber:
      return "L = ½(ŷ − y)² when |ŷ − y| ≤ 1, else |ŷ − y| − ½ (mean over outputs)";
  }
  return {};
}

QString updateFormula(const Trace& t) {
  QString penalty;
  if (t.l1 != 0.0f || t.l2 != 0.0f) {
    penalty = QString("g ← g + %1·sign(w) + %2·w (kernels only); ").arg(num(t.l1), num(t.l2));
  }
  const OptimizerSettings& o = t.optimizer;
  const QString a = num(o.learningRate);
  switch (o.id) {
    case OptimizerId::Sgd:
      return penalty + QString("w′ = w − α·g, α = %1").arg(a);
    case OptimizerId::Momentum:
      return penalty +
             QString("v′ = μ·v + g; w′ = w − α·v′ (α = %1, μ = %2)").arg(a, num(o.momentum));
    case OptimizerId::Nesterov:
      return penalty + QString("v′ = μ·v + g; w′ = w − α·(g + μ·v′) (α = %1, μ = %2)")
                           .arg(a, num(o.momentum));
    case OptimizerId::Rmsprop:
      return penalty + QString("s′ = ρ·s + (1 − ρ)·g²; w′ = w − α·g / (√s′ + ε) (α = %1, ρ = %2)")
                           .arg(a, num(o.rho));
    case OptimizerId::Adam:
      return penalty +
             QString(
                 "m′ = β₁m + (1 − β₁)g; v′ = β₂v + (1 − β₂)g²; m̂ = m′/(1 − β₁ᵗ); v̂ = v′/(1 − "
                 "β₂ᵗ); w′ = w − α·m̂/(√v̂ + ε) (α = %1, β₁ = %2, β₂ = %3, t = %4)")
                 .arg(a, num(o.beta1), num(o.beta2))
                 .arg(t.step);
  }
  return {};
}

// One array's update as a table: a row per value (the largest changes when
// there are many), columns w, g, penalty, state before/after, m̂, v̂, w′.
MathMatrix updateTable(const Trace& t, const ArrayTrace& a, QStringList* columns) {
  std::vector<std::pair<QString, const std::vector<float>*>> cols{{"w", &a.value}, {"g", &a.grad}};
  if (!a.penalty.empty()) cols.emplace_back("penalty", &a.penalty);
  for (std::size_t s = 0; s < a.stateBefore.size(); ++s) {
    const QString n = qs(optimizerSlotName(t.optimizer.id, static_cast<int>(s)));
    cols.emplace_back(n, &a.stateBefore[s]);
    cols.emplace_back(n + "′", &a.stateAfter[s]);
  }
  if (!a.mHat.empty()) {
    cols.emplace_back("m̂", &a.mHat);
    cols.emplace_back("v̂", &a.vHat);
  }
  cols.emplace_back("w′", &a.update);
  const std::size_t n = a.value.size();
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = i;
  constexpr std::size_t kRows = 12;
  if (n > kRows) {
    std::partial_sort(rows.begin(), rows.begin() + kRows, rows.end(), [&](auto x, auto y) {
      return std::abs(a.update[x] - a.value[x]) > std::abs(a.update[y] - a.value[y]);
    });
    rows.resize(kRows);
  }
  RowMatrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = (*cols[c].second)[rows[r]];
    }
  }
  columns->clear();
  for (const auto& c : cols) *columns << c.first;
  MathMatrix out{qs(a.name), m, {}, false};
  const int width = a.cols;
  out.lens = [rows, width, name = qs(a.name)](int r, int) {
    const std::size_t i = rows[static_cast<std::size_t>(r)];
    return QString("%1[%2, %3]").arg(name).arg(i / width).arg(i % width);
  };
  if (n > kRows) out.name += QObject::tr(" (the %1 largest changes of %2)").arg(kRows).arg(n);
  return out;
}

}  // namespace

MathDocument buildMathDocument(const Trace& t, const MathOptions& o) {
  MathDocument d;
  const int L = static_cast<int>(t.layers.size());
  const QString b =
      t.rows > 1 ? QObject::tr("a batch of %1 samples").arg(t.rows) : QObject::tr("one sample");
  d.heading = o.step ? QObject::tr("The step just taken, with %1 (weights before it)").arg(b)
                     : QObject::tr("The math of %1, with the live weights").arg(b);

  // ---- Forward
  MathSection fwd{QObject::tr("Forward pass"), {}};
  if (o.imageRows > 0 && t.x.cols() == o.imageRows * o.imageCols) {
    QImage img(o.imageCols, o.imageRows, QImage::Format_Grayscale8);
    for (int r = 0; r < o.imageRows; ++r) {
      for (int c = 0; c < o.imageCols; ++c) {
        const float v = std::clamp(t.x(0, r * o.imageCols + c), 0.0f, 1.0f);
        img.setPixel(c, r, qRgb(255 - int(v * 255), 255 - int(v * 255), 255 - int(v * 255)));
      }
    }
    d.inputImage = img.scaled(o.imageCols * 4, o.imageRows * 4);
  }
  QString inputs;
  for (std::size_t i = 0; i < o.inputNames.size() && i < 12; ++i) {
    inputs += (i ? ", " : "") + o.inputNames[i];
  }
  if (o.inputNames.size() > 12) inputs += ", …";
  MathMatrix x = plain("x", t.x);
  if (!d.inputImage.isNull()) {
    x.summarized = true;  // the picture says more than 784 numbers
    inputs = QObject::tr("a %1×%2 image, drawn above; hover z¹ for the largest contributions")
                 .arg(o.imageRows)
                 .arg(o.imageCols);
  }
  fwd.lines.push_back({QObject::tr("x: the input (%1)").arg(inputs), {std::move(x)}});
  for (int l = 0; l < L; ++l) {
    const LayerTrace& lt = t.layers[static_cast<std::size_t>(l)];
    const QString n = sup(l + 1);
    const QString prev = l == 0 ? QString("x") : "a" + sup(l);
    const ArrayTrace* k = t.array("dense_" + std::to_string(l) + "/kernel");
    const ArrayTrace* bias = t.array("dense_" + std::to_string(l) + "/bias");
    const RowMatrix W = mapped(k->value, k->rows, k->cols);
    const std::optional<RowMatrix> B =
        bias ? std::optional<RowMatrix>(mapped(bias->value, 1, bias->cols)) : std::nullopt;
    MathMatrix z = plain("z" + n, lt.z);
    // The lens ends with the cell's own value.
    z.lens = [in = lt.input, W, B, n, zv = lt.z](int r, int c) {
      return "z" + n + QString("[%1, %2] = ").arg(r).arg(c) +
             dotText(in, r, W, c, num(zv(r, c)),
                     B ? std::optional<float>((*B)(0, c)) : std::nullopt);
    };
    QString formula =
        B ? QString("z%1 = %2 · W%1 + b%1").arg(n, prev)
        : lt.batchNorm
            ? QString("z%1 = %2 · W%1 (no bias: batch norm's β does its job)").arg(n, prev)
            : QString("z%1 = %2 · W%1 (this layer has no bias)").arg(n, prev);
    std::vector<MathMatrix> ms{plain("W" + n, W)};
    if (B) ms.push_back(plain("b" + n, *B));
    ms.push_back(std::move(z));
    fwd.lines.push_back({formula, std::move(ms)});
    if (lt.batchNorm) {
      fwd.lines.push_back(
          {QObject::tr("batch norm with the running statistics: ẑ = γ·(z − μ)/√(σ² + ε) + β"),
           {plain("ẑ" + n, lt.normalized)}});
    }
    const ActivationInfo& f = activation(lt.activation);
    const QString arg = lt.batchNorm ? "ẑ" + n : "z" + n;
    fwd.lines.push_back({QString("a%1 = %2(%3)").arg(n, qs(f.label), arg), {plain("a" + n, lt.a)}});
  }

  // ---- Loss
  MathSection loss{QObject::tr("Loss"), {}};
  const LossInfo& li = nnplay::loss(t.loss);
  RowMatrix y = t.target;
  QString targetNote;
  if (t.target.cols() == 1 && t.output.cols() > 1) {  // a class index: shown one-hot
    y = RowMatrix::Zero(t.rows, t.output.cols());
    for (int r = 0; r < t.rows; ++r) y(r, static_cast<int>(t.target(r, 0))) = 1.0f;
    targetNote = QObject::tr(" (the class index as one-hot)");
  }
  loss.lines.push_back({QObject::tr("ŷ: the output; y: the target") + targetNote,
                        {plain("ŷ", t.output), plain("y", y)}});
  RowMatrix per(1, t.rows);
  for (int r = 0; r < t.rows; ++r)
    per(0, r) = static_cast<float>(t.sampleLoss[static_cast<std::size_t>(r)]);
  QString lossLine = lossFormula(t.loss, static_cast<int>(t.output.cols())) +
                     QObject::tr(" = %1 (natural log)").arg(num(t.meanLoss));
  if (li.fusedWith) {
    lossLine += QObject::tr("; in base 10 it would be %1").arg(num(t.meanLoss / std::log(10.0)));
  }
  if (t.rows > 1) lossLine += QObject::tr(", the mean over the batch");
  loss.lines.push_back({lossLine, {plain("L per sample", per)}});

  // ---- Backward
  MathSection back{QObject::tr("Backward pass (δ = ∂L/∂z, averaged over the batch)"), {}};
  for (int l = L - 1; l >= 0; --l) {
    const LayerTrace& lt = t.layers[static_cast<std::size_t>(l)];
    const QString n = sup(l + 1);
    const QString arg = lt.batchNorm ? "ẑ" + n : "z" + n;
    if (l == L - 1 && li.fusedWith) {
      back.lines.push_back({QObject::tr("δ%1 = (p − y)/%2: %3 fused with its loss")
                                .arg(n)
                                .arg(t.rows)
                                .arg(qs(activation(*li.fusedWith).label)),
                            {plain("δ" + n, lt.delta)}});
    } else {
      const QString from = l == L - 1 ? QString("∂L/∂ŷ") : QString("δ%1 · W%1ᵀ").arg(sup(l + 2));
      MathMatrix d = plain("δ" + n, lt.delta);
      d.lens = [ga = lt.gradA, fp = lt.derivative, dv = lt.delta, n](int r, int c) {
        return "δ" + n + QString("[%1, %2] = ").arg(r).arg(c) + factor(ga(r, c)) + " × " +
               factor(fp.size() ? fp(r, c) : 1.0f) + " = " + num(dv(r, c));
      };
      std::vector<MathMatrix> ms{plain("∂L/∂a" + n, lt.gradA)};
      if (lt.derivative.size() > 0) ms.push_back(plain("f′(" + arg + ")", lt.derivative));
      ms.push_back(std::move(d));
      back.lines.push_back({QString("δ%1 = (%2) ⊙ f′(%3)").arg(n, from, arg), std::move(ms)});
    }
    if (lt.batchNorm) {
      back.lines.push_back(
          {QObject::tr("through batch norm (statistics fixed): ∂L/∂z%1 = δ%1 ⊙ γ/√(σ² + ε)").arg(n),
           {plain("∂L/∂z" + n, lt.deltaZ)}});
    }
    const ArrayTrace* k = t.array("dense_" + std::to_string(l) + "/kernel");
    const QString prev = l == 0 ? QString("x") : "a" + sup(l);
    MathMatrix g = plain("∂L/∂W" + n, mapped(k->grad, k->rows, k->cols));
    const RowMatrix inT = lt.input.transpose();
    g.lens = [inT, dz = lt.deltaZ, gv = g.values, n](int r, int c) {
      return "∂L/∂W" + n + QString("[%1, %2] = ").arg(r).arg(c) +
             dotText(inT, r, dz, c, num(gv(r, c)), std::nullopt);
    };
    std::vector<MathMatrix> gs{std::move(g)};
    if (const ArrayTrace* bias = t.array("dense_" + std::to_string(l) + "/bias")) {
      gs.push_back(plain("∂L/∂b" + n, mapped(bias->grad, 1, bias->cols)));
    }
    back.lines.push_back(
        {QString("∂L/∂W%1 = %2ᵀ · δ%1;  ∂L/∂b%1 = Σ over samples of δ%1").arg(n, prev),
         std::move(gs)});
  }

  // ---- Update
  MathSection upd{o.step ? QObject::tr("The update this step made (before → after)")
                         : QObject::tr("The update the next step would make"),
                  {}};
  upd.lines.push_back({updateFormula(t), {}});
  for (const ArrayTrace& a : t.arrays) {
    QStringList columns;
    MathMatrix m = updateTable(t, a, &columns);
    upd.lines.push_back({qs(a.name) + ": " + columns.join(" | "), {std::move(m)}});
  }

  d.sections = {std::move(fwd), std::move(loss), std::move(back), std::move(upd)};

  // ---- Linear collapse
  if (o.collapsed && L > 1) {
    MathSection c{QObject::tr("Linear collapse: every hidden activation is linear"), {}};
    const RowMatrix z = t.x * o.collapsed->kernel + o.collapsed->bias.replicate(t.rows, 1);
    c.lines.push_back(
        {QObject::tr("W = W¹·W²⋯, b = (…(b¹W² + b²)W³ + …): the network is one layer "
                     "z = x · W + b followed by %1")
             .arg(qs(activation(o.collapsed->activation).label)),
         {plain("W", o.collapsed->kernel), plain("b", o.collapsed->bias), plain("x · W + b", z),
          plain(QObject::tr("the network's z%1").arg(sup(L)), t.layers.back().z)}});
    d.sections.push_back(std::move(c));
  }
  return d;
}

const MathMatrix* matrixAt(const MathDocument& d, int m) {
  int i = 0;
  for (const MathSection& s : d.sections) {
    for (const MathLine& l : s.lines) {
      for (const MathMatrix& x : l.matrices) {
        if (i++ == m) return &x;
      }
    }
  }
  return nullptr;
}

namespace {

RowMatrix shown(const MathMatrix& m, Notation n) {
  return n == Notation::Columns ? RowMatrix(m.values.transpose()) : m.values;
}

QString nameIn(const MathMatrix& m, Notation n) {
  return n == Notation::Columns ? m.name + "ᵀ" : m.name;
}

QString shape(const RowMatrix& m) {
  return QString("%1×%2").arg(m.rows()).arg(m.cols());
}

QString summary(const RowMatrix& m) {
  return QObject::tr("%1 values from %2 to %3, mean |·| %4")
      .arg(m.size())
      .arg(num(m.minCoeff()), num(m.maxCoeff()), num(m.cwiseAbs().mean()));
}

// Columns notation writes z = W·x + b with column vectors: the formula reads
// the other way round.
QString formulaIn(const QString& f, Notation n) {
  if (n == Notation::Rows) return f;
  QString s = f;
  static const QRegularExpression product(R"((\S+) · (W\S*))");
  s.replace(product, R"(\2ᵀ · \1)");
  return s;
}

}  // namespace

QString toHtml(const MathDocument& d, Notation n) {
  QString h = "<h3>" + d.heading.toHtmlEscaped() + "</h3>";
  if (n == Notation::Columns) {
    h += "<p><i>" +
         QObject::tr(
             "Columns notation: every matrix below is shown transposed (vectors as "
             "columns, W as out×in), so z = Wᵀ·x + b reads as the column decks write it.")
             .toHtmlEscaped() +
         "</i></p>";
  }
  int index = 0;
  int section = 0;
  for (const MathSection& s : d.sections) {
    h += QString("<a name='section%1'></a>").arg(section++);
    h += "<h4 style='margin-bottom:2px'>" + s.title.toHtmlEscaped() + "</h4>";
    if (&s == &d.sections.front() && !d.inputImage.isNull()) {
      h += "<p><img src='nnplay:input'/></p>";
    }
    for (const MathLine& l : s.lines) {
      h += "<p style='margin:4px 0 2px 0'><b>" + formulaIn(l.formula, n).toHtmlEscaped() +
           "</b></p><table cellspacing='6'><tr>";
      for (const MathMatrix& m : l.matrices) {
        const RowMatrix v = shown(m, n);
        const Eigen::Index rows = std::min<Eigen::Index>(v.rows(), kMaxShownRows);
        const Eigen::Index cols = std::min<Eigen::Index>(v.cols(), kMaxShownCols);
        QString cut;
        if (rows < v.rows()) cut += QObject::tr(", first %1 rows").arg(rows);
        if (cols < v.cols()) cut += QObject::tr(", first %1 columns").arg(cols);
        h += "<td valign='top'><small>" + nameIn(m, n).toHtmlEscaped() + " (" + shape(v) + cut +
             ")</small><br/>";
        if (m.summarized) {
          h += "<small>" + summary(v).toHtmlEscaped() + "</small>";
        } else {
          h += "<table border='1' cellspacing='0' cellpadding='3' style='border-color:#bbb'>";
          for (Eigen::Index r = 0; r < rows; ++r) {
            h += "<tr>";
            for (Eigen::Index c = 0; c < cols; ++c) {
              // The link names the cell in the row convention.
              const auto rr = n == Notation::Columns ? c : r;
              const auto cc = n == Notation::Columns ? r : c;
              const QString val = num(v(r, c));
              h += "<td align='right'>";
              h += m.lens ? QString(
                                "<a href='cell:%1:%2:%3' style='text-decoration:none;color:"
                                "%4'>%5</a>")
                                .arg(index)
                                .arg(rr)
                                .arg(cc)
                                .arg(v(r, c) < 0 ? "#b35900" : "#1a4f8b", val)
                          : val;
              h += "</td>";
            }
            h += "</tr>";
          }
          h += "</table>";
        }
        h += "</td>";
        ++index;
      }
      h += "</tr></table>";
    }
  }
  return h;
}

namespace {

QString rowsText(const RowMatrix& v, const QString& open, const QString& sep,
                 const QString& close) {
  QStringList rows;
  for (Eigen::Index r = 0; r < v.rows(); ++r) {
    QStringList cells;
    for (Eigen::Index c = 0; c < v.cols(); ++c) cells << num(v(r, c));
    rows << open + cells.join(sep) + close;
  }
  return rows.join("\n");
}

template <typename F>
QString walk(const MathDocument& d, Notation n, F matrixText, const QString& titlePrefix) {
  QString out = titlePrefix + d.heading + "\n\n";
  for (const MathSection& s : d.sections) {
    out += titlePrefix + "# " + s.title + "\n\n";
    for (const MathLine& l : s.lines) {
      out += formulaIn(l.formula, n) + "\n\n";
      for (const MathMatrix& m : l.matrices) {
        const RowMatrix v = shown(m, n);
        out += nameIn(m, n) + " (" + shape(v) + ")\n";
        out += (m.summarized ? summary(v) : matrixText(v)) + "\n\n";
      }
    }
  }
  return out;
}

}  // namespace

QString toText(const MathDocument& d, Notation n) {
  return walk(
      d, n, [](const RowMatrix& v) { return rowsText(v, "[ ", "  ", " ]"); }, "");
}

QString toMarkdown(const MathDocument& d, Notation n) {
  return walk(
      d, n,
      [](const RowMatrix& v) {
        QString head = "|";
        QString rule = "|";
        for (Eigen::Index c = 0; c < v.cols(); ++c) {
          head += QString(" %1 |").arg(c);
          rule += " ---: |";
        }
        return head + "\n" + rule + "\n" + rowsText(v, "| ", " | ", " |");
      },
      "#");
}

QString toCsv(const MathDocument& d, Notation n) {
  // One block per matrix: its name and shape, then its rows.
  QString out;
  for (const MathSection& s : d.sections) {
    for (const MathLine& l : s.lines) {
      for (const MathMatrix& m : l.matrices) {
        if (m.summarized) continue;
        const RowMatrix v = shown(m, n);
        out += "\"" + QString(nameIn(m, n)).replace('"', "\"\"") + " (" + shape(v) + ")\"\n";
        out += rowsText(v, "", ",", "").replace("−", "-") + "\n\n";
      }
    }
  }
  return out;
}

}  // namespace nnplay::gui
