#include "core/quoted.h"

#include <fmt/format.h>

namespace emu {

namespace {

std::string escaped(std::string_view text, bool inside_quotes) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\'': out += inside_quotes ? "\\'" : "'"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          out += fmt::format("\\x{:02x}", byte);
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

// fmt, not operator+: GCC 12's -Wrestrict misreads the inlined concatenation (a false positive).
std::string quoted(std::string_view text) { return fmt::format("'{}'", escaped(text, true)); }

std::string printable(std::string_view text) { return escaped(text, false); }

}  // namespace emu
