#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace emu::test {

// "0f 01 e0" -> {0x0F, 0x01, 0xE0}: instruction bytes as the tests' tables write them.
inline std::vector<std::uint8_t> hex_bytes(const char* text) {
  std::vector<std::uint8_t> bytes;
  std::istringstream stream(text);
  for (std::string byte; stream >> byte;) bytes.push_back(static_cast<std::uint8_t>(std::stoul(byte, nullptr, 16)));
  return bytes;
}

}  // namespace emu::test
