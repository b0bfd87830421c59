#pragma once
// The engine's names and labels (UTF-8 string views) as QStrings.
#include <QString>
#include <string_view>

namespace nnplay::gui {

inline QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace nnplay::gui
