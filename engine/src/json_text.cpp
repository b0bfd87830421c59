#include "json_text.hpp"

#include "nnplay/csv_table.hpp"  // DataError

namespace nnplay {

std::string lineAndColumn(std::string_view text, std::size_t byte) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

nlohmann::json parseJsonText(std::string_view text, const std::string& source) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const std::string what = e.what();
    throw DataError(source + ":" + lineAndColumn(text, e.byte) + ": not valid JSON (" +
                    what.substr(what.find(':') + 2) + ")");
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    // nlohmann names the token but not where it is: find it.
    const std::string what = e.what();
    const auto q1 = what.find('\'');
    const auto q2 = q1 == std::string::npos ? q1 : what.find('\'', q1 + 1);
    std::string where;
    if (q2 != std::string::npos) {
      const auto at = text.find(what.substr(q1 + 1, q2 - q1 - 1));
      if (at != std::string_view::npos) where = ":" + lineAndColumn(text, at + 1);
    }
    throw DataError(source + where + ": not valid JSON (" + what + ")");
  }
}

}  // namespace nnplay
