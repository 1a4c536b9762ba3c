#pragma once

#include <string>
#include <string_view>

namespace emu {

// A path or name for a one-line message: in single quotes, with control characters, quotes and
// backslashes escaped (\n, \t, \', \\, \xHH), so a newline in a file name cannot break the line.
std::string quoted(std::string_view text);

// The same escapes but for quotes, without adding any, for a message that embeds text it did not
// quote itself (a library's error message naming an argument).
std::string printable(std::string_view text);

}  // namespace emu
