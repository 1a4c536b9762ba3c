#pragma once

#include <fmt/format.h>

#include <cstdio>

namespace emu {

// Diagnostics on stderr, every line prefixed "emu: ". verbose() prints only with -v.
class Log {
 public:
  Log(std::FILE* stream, bool verbose) : stream_(stream), verbose_(verbose) {}

  bool is_verbose() const { return verbose_; }

  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) const {
    fmt::print(stream_, "emu: {}\n", fmt::format(format, std::forward<Args>(args)...));
  }

  template <typename... Args>
  void verbose(fmt::format_string<Args...> format, Args&&... args) const {
    if (verbose_) error(format, std::forward<Args>(args)...);
  }

  std::FILE* stream() const { return stream_; }

 private:
  std::FILE* stream_;
  bool verbose_;
};

}  // namespace emu
