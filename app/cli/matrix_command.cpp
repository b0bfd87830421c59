#include "matrix_command.hpp"

#include "nnplay/error.hpp"
#include "nnplay/matrix_playground.hpp"

namespace nnplay::cli {

int runMatrix(const MatrixOptions& o, std::ostream& out) {
  const SmallMatrix a = parseMatrix(o.a, "A");
  SmallMatrix result = a;
  std::string what = "A (" + a.shape() + ")";
  if (!o.b.empty()) {
    const SmallMatrix b = parseMatrix(o.b, "B");
    const std::string bs = " B (" + b.shape() + ")";
    if (o.op == "product") {
      result = multiply(a, b);
      what += " ·" + bs;
    } else if (o.op == "add") {
      result = elementwise(a, b, ElementwiseOp::Add);
      what += " +" + bs;
    } else if (o.op == "subtract") {
      result = elementwise(a, b, ElementwiseOp::Subtract);
      what += " −" + bs;
    } else {
      result = elementwise(a, b, ElementwiseOp::Multiply);
      what += " ⊙" + bs;
    }
    if (!o.cell.empty()) {
      const auto comma = o.cell.find(',');
      int row = 0, col = 0;
      try {
        if (comma == std::string::npos) throw std::invalid_argument("no comma");
        row = std::stoi(o.cell.substr(0, comma));
        col = std::stoi(o.cell.substr(comma + 1));
      } catch (const std::exception&) {
        throw SpecError("--cell takes ROW,COL counted from 1, e.g. 1,2; got '" + o.cell + "'");
      }
      out << "cell (" << row << ", " << col
          << ") of A·B: " << dotProductText(a, b, row - 1, col - 1) << '\n';
    }
  } else if (o.op != "product" || !o.cell.empty()) {
    throw SpecError("--op and --cell need a second matrix B");
  }
  if (!o.activation.empty()) {
    result = applyActivation(result, activationByName(o.activation).id);
    what = o.activation + "(" + what + ")";
  }
  out << what << " = " << result.shape() << '\n' << formatMatrix(result) << '\n';
  return 0;
}

}  // namespace nnplay::cli
