#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

namespace emu {

// Diagnostics on stderr, every line prefixed "emu: ". verbose() prints only with -v. Nothing
// here throws or fails the run: when stderr cannot be written (closed, full), the message is
// lost and emu still ends with its documented status.
class Log {
 public:
  Log(std::FILE* stream, bool verbose) : stream_(stream), verbose_(verbose) {}

  bool is_verbose() const { return verbose_; }

  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) const {
    write(fmt::format("emu: {}\n", fmt::format(format, std::forward<Args>(args)...)));
  }

  template <typename... Args>
  void verbose(fmt::format_string<Args...> format, Args&&... args) const {
    if (verbose_) error(format, std::forward<Args>(args)...);
  }

  // Text as it is (--trace lines).
  void write(std::string_view text) const {
    std::fwrite(text.data(), 1, text.size(), stream_);
    std::fflush(stream_);
  }

 private:
  std::FILE* stream_;
  bool verbose_;
};

}  // namespace emu
