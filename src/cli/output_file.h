#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace emu::cli {

// A file named on the command line for output, opened before the guest runs so that a bad
// path fails at once (Error(bad_input)), not after a long run. "-" means `standard_output`.
class OutputFile {
 public:
  OutputFile(const std::string& option, const std::string& path, std::FILE* standard_output);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  bool is_standard_output() const { return !owned_; }

  // Writes all of `bytes` and flushes; throws Error(bad_input) on failure.
  void write(std::string_view bytes);

 private:
  std::string option_;
  std::string path_;
  std::FILE* file_;
  bool owned_;
};

}  // namespace emu::cli
