#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emu::cli {

// Reads a guest image. Throws Error(bad_input) for a missing, unreadable, directory, empty or
// larger-than-`max_size` file, naming the path and the cause.
std::vector<std::uint8_t> read_image(const std::string& path, std::uint64_t max_size);

}  // namespace emu::cli
