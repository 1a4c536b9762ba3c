#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/temp_dir.h"

namespace emu::test {

// Path of a built guest, e.g. guest_path("hello") -> .../guests/hello.bin
std::string guest_path(const std::string& name);
std::vector<std::uint8_t> read_guest(const std::string& name);

using host::TempDir;
using host::write_file;

std::vector<std::uint8_t> read_file(const std::string& path);
// The same as text (throws std::runtime_error when the file cannot be read).
std::string read_text(const std::string& path);

}  // namespace emu::test
