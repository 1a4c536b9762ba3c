#pragma once

// What each benchmark guest prints for a given iteration count, computed independently in C++
// so that a fast wrong answer fails the benchmark.

#include <cstdint>
#include <string>

#include <fmt/format.h>

inline std::string expected_alu(std::uint32_t n) {
  std::uint16_t ax = 0, bx = 1, dx = 0x1234, si = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    ax = static_cast<std::uint16_t>(ax + bx);
    dx ^= ax;
    bx = static_cast<std::uint16_t>((bx << 3) | (bx >> 13));
    si = static_cast<std::uint16_t>(si - dx);
    bx = static_cast<std::uint16_t>(bx + si);
    ax = static_cast<std::uint16_t>(ax + 1);
  }
  return fmt::format("{:04x}{:04x}{:04x}{:04x}\n", ax, bx, dx, si);
}

inline std::string expected_memory(std::uint32_t n) {
  std::uint16_t table[257] = {};  // word 256 lies past the table: always 0
  std::uint16_t ax = 1;
  unsigned si = 0, di = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint16_t dx = static_cast<std::uint16_t>(table[si / 2] + ax);
    table[di / 2] = dx;
    ax = static_cast<std::uint16_t>(ax + table[si / 2 + 1]);
    si = (si + 2) & 0x1FE;
    di = (di + 6) & 0x1FE;
  }
  return fmt::format("{:04x}{:04x}\n", ax, table[0]);
}

inline std::string expected_string(std::uint32_t n) {
  std::uint16_t dx = 0;
  for (std::uint32_t bp = n; bp >= 1; --bp) dx = static_cast<std::uint16_t>(dx + bp);
  return fmt::format("{:04x}\n", dx);
}

inline std::string expected_branchy(std::uint32_t n) {
  std::uint16_t x = 0xACE1, bx = 0, si = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    x ^= static_cast<std::uint16_t>(x << 7);
    x ^= static_cast<std::uint16_t>(x >> 9);
    x ^= static_cast<std::uint16_t>(x << 8);
    if (x & 1) ++bx;
    if ((x & 6) == 0) ++si;
  }
  return fmt::format("{:04x}{:04x}{:04x}\n", x, bx, si);
}

inline std::string expected_strloop(std::uint32_t n) {
  std::uint16_t source[512] = {};  // 0x2000..0x23FF, never written
  std::uint16_t destination[512] = {};
  std::uint16_t dx = 0;
  unsigned si = 0, di = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint16_t ax = static_cast<std::uint16_t>(source[si] + dx);
    destination[di] = ax;
    dx = static_cast<std::uint16_t>(ax + 1);
    si = (si + 1) & 511;
    di = (di + 1) & 511;
  }
  return fmt::format("{:04x}{:04x}\n", dx, destination[0]);
}

inline std::string expected_sieve(std::uint32_t) { return "00ac\n"; }  // 172 primes below 1024

inline std::string expected_crc32(std::uint32_t n) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (std::uint32_t pass = 0; pass < n; ++pass) {
    for (unsigned byte = 0; byte < 256; ++byte) {
      crc ^= byte;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
  }
  return fmt::format("{:08x}\n", ~crc);
}

inline std::string expected_muldiv(std::uint32_t n) {
  std::uint32_t si = 0x1234, di = 3;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t product = si * di;
    si = (product / 0xFFF1 + product % 0xFFF1) & 0xFFFF;
    di = (di + 2) & 0x7FFF;
  }
  return fmt::format("{:04x}{:04x}\n", si, di);
}

inline std::string expected_recursion(std::uint32_t n) { return fmt::format("{:04x}\n", (n * 610u) & 0xFFFF); }

inline std::string expected_portio(std::uint32_t n) { return fmt::format("{:04x}\n", (n * 0xFFu) & 0xFFFF); }
