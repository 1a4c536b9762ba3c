#pragma once

#include <array>
#include <cstdint>

#include "core/cpu_profile.h"

namespace emu {

struct CpuidLeaf {
  std::uint32_t leaf = 0;
  std::uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

// What CPUID reports inside the guest, the same on both backends (the interpreter computes it;
// KVM gets it through KVM_SET_CPUID2): the profile's vendor string, a fixed family/model, and
// only features emu models (TSC, CMOV). Leaves 0, 1 and 0x80000000 (no extended leaves).
std::array<CpuidLeaf, 3> cpuid_leaves(CpuProfile profile);

// CPUID for any leaf: a listed one, or for a leaf above the highest basic or extended one what
// the profile's silicon answers (Intel: the highest basic leaf's values, SDM Vol. 2 "CPUID";
// AMD: zeros), as KVM answers for a guest with that vendor string.
CpuidLeaf cpuid_query(CpuProfile profile, std::uint32_t leaf);

}  // namespace emu
