#pragma once

// A scratch directory for the tests and benchmarks, and writing a file into it. Not part of emu.

#include <cstdint>
#include <string>
#include <vector>

namespace emu::host {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace emu::host
