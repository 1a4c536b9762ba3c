#pragma once

#include <sys/types.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/unique_fd.h"

namespace emu::cli {

// A file named on the command line for output (--dump-state, --dump-mem). Checked when
// constructed, before the guest runs, so that a bad path fails at once (Error(bad_input)), and
// written only at the end: into a temporary file in the same directory that replaces the target
// by rename(2) when the run has produced the content, so that a failed or interrupted run never
// destroys an existing file. A target that exists and is not a regular file (/dev/null,
// /dev/stderr, a FIFO) is opened and written in place at the end instead. "-" means stdout,
// which the caller writes (is_standard_output()).
class OutputFile {
 public:
  OutputFile(const std::string& option, const std::string& path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file when nothing was committed

  bool is_standard_output() const { return path_ == "-"; }
  const std::string& path() const { return path_; }

  // Writes all of `bytes` to the target; throws Error(bad_input) on failure (the target is then
  // left as it was).
  void write(std::string_view bytes);

 private:
  [[noreturn]] void fail(const std::string& why) const;

  std::string option_;
  std::string path_;
  std::string temporary_;  // empty: written in place (or stdout)
  UniqueFd temporary_fd_;
  std::optional<mode_t> existing_mode_;
};

// Whether two paths name the same file: the same inode when both exist, else the same
// directory and name. Refusing an output that is the image, or another output, rests on it.
bool same_file(const std::string& a, const std::string& b);

}  // namespace emu::cli
