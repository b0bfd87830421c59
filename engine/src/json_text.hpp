#pragma once
// Parsing JSON text read from a file, with errors a person can act on: the
// file, the line and column, and what nlohmann/json objected to. Shared by
// the project and lesson readers.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nnplay {

// "LINE:COLUMN" of the byte at 1-based offset `byte` in `text`.
std::string lineAndColumn(std::string_view text, std::size_t byte);

// Requires: nothing. Guarantees: the parsed value, or a DataError naming
// `source`, where in the text, and why.
nlohmann::json parseJsonText(std::string_view text, const std::string& source);

}  // namespace nnplay
