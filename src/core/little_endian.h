#pragma once

// Guest memory and KVM's data areas are little-endian whatever the host is: the one place that
// reads and writes them as integers. On little-endian hosts the sized forms compile to plain
// loads and stores.

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace emu {

template <unsigned N>
std::uint32_t load_le(const std::uint8_t* bytes) {
  if constexpr (std::endian::native == std::endian::little) {
    std::conditional_t<N == 1, std::uint8_t, std::conditional_t<N == 2, std::uint16_t, std::uint32_t>> value;
    std::memcpy(&value, bytes, N);
    return value;
  } else {
    std::uint32_t value = 0;
    for (unsigned i = 0; i < N; ++i) value |= std::uint32_t{bytes[i]} << (8 * i);
    return value;
  }
}

template <unsigned N>
void store_le(std::uint8_t* bytes, std::uint32_t value) {
  if constexpr (std::endian::native == std::endian::little) {
    std::conditional_t<N == 1, std::uint8_t, std::conditional_t<N == 2, std::uint16_t, std::uint32_t>> narrow =
        static_cast<decltype(narrow)>(value);
    std::memcpy(bytes, &narrow, N);
  } else {
    for (unsigned i = 0; i < N; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

// The same for a size known only at run time (1-8 bytes): KVM's port and MMIO exits.
inline std::uint64_t load_le(const std::uint8_t* bytes, unsigned size) {
  std::uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) value |= std::uint64_t{bytes[i]} << (8 * i);
  return value;
}

inline void store_le(std::uint8_t* bytes, unsigned size, std::uint64_t value) {
  for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace emu
