#include "support/guest_files.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace emu::test {

std::string guest_path(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/" + name + ".bin"; }

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string read_text(const std::string& path) {
  std::vector<std::uint8_t> bytes = read_file(path);
  return {bytes.begin(), bytes.end()};
}

std::vector<std::uint8_t> read_guest(const std::string& name) { return read_file(guest_path(name)); }

}  // namespace emu::test
