#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emu::cli {

// Reads a guest image. Throws Error(bad_input) for a missing, unreadable, directory, empty or
// larger-than-`max_size` file, naming the path and the cause.
std::vector<std::uint8_t> read_image(const std::string& path, std::uint64_t max_size);

// The same for any input file, named `what` in messages ("keys file"); an empty one is refused
// unless `may_be_empty`.
std::vector<std::uint8_t> read_input_file(std::string_view what, const std::string& path, std::uint64_t max_size,
                                          bool may_be_empty);

}  // namespace emu::cli
