#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// Loads a benchmark guest (guests/bench_*.S) with its iteration count patched in.
inline std::vector<std::uint8_t> bench_image(const std::string& name, std::uint32_t iterations) {
  std::ifstream file(std::string(EMU_GUEST_DIR) + "/" + name + ".bin", std::ios::binary);
  std::vector<std::uint8_t> image{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  for (unsigned i = 0; i < 4 && image.size() >= 8; ++i) image[4 + i] = static_cast<std::uint8_t>(iterations >> (8 * i));
  return image;
}
