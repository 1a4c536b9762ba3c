#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emu::test {

// Path of a built guest, e.g. guest_path("hello") -> .../guests/hello.bin
std::string guest_path(const std::string& name);
std::vector<std::uint8_t> read_guest(const std::string& name);

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
std::vector<std::uint8_t> read_file(const std::string& path);

}  // namespace emu::test
