#include "core/cpuid_table.h"

#include "core/little_endian.h"

namespace emu {

namespace {

constexpr std::uint32_t max_basic = 1;
constexpr std::uint32_t extended_base = 0x80000000;

// CPUID leaf 0's EBX, EDX, ECX spell the vendor: four characters each, the first in the low byte
// (a guest storing the registers reads the string), whatever the host's byte order.
CpuidLeaf vendor_leaf(const char (&vendor)[13]) {
  const auto* text = reinterpret_cast<const std::uint8_t*>(vendor);
  return CpuidLeaf{0, max_basic, load_le<4>(text), load_le<4>(text + 8), load_le<4>(text + 4)};
}

}  // namespace

std::array<CpuidLeaf, 3> cpuid_leaves(CpuProfile profile) {
  CpuidLeaf vendor = vendor_leaf(is_amd(profile) ? "AuthenticAMD" : "GenuineIntel");
  CpuidLeaf features{1, 0x00000633, 0, 0, (1u << 4) | (1u << 15)};  // family 6 model 3 stepping 3; TSC, CMOV
  CpuidLeaf extended{extended_base, extended_base, 0, 0, 0};        // no extended leaves
  return {vendor, features, extended};
}

CpuidLeaf cpuid_query(CpuProfile profile, std::uint32_t leaf) {
  const std::array<CpuidLeaf, 3> leaves = cpuid_leaves(profile);
  for (const CpuidLeaf& entry : leaves) {
    if (entry.leaf == leaf) return entry;
  }
  const bool out_of_range = leaf < extended_base ? leaf > max_basic : leaf > extended_base;
  if (out_of_range && !is_amd(profile)) {
    CpuidLeaf highest = leaves[max_basic];
    highest.leaf = leaf;
    return highest;
  }
  return {leaf, 0, 0, 0, 0};
}

}  // namespace emu
