#include "core/cpuid_table.h"

#include <gtest/gtest.h>

#include <string>

#include "core/little_endian.h"

namespace emu {
namespace {

// The string a guest reads by storing EBX, EDX and ECX to memory (little-endian).
std::string vendor(CpuProfile profile) {
  CpuidLeaf leaf = cpuid_query(profile, 0);
  std::uint8_t text[12] = {};
  store_le<4>(text, leaf.ebx);
  store_le<4>(text + 4, leaf.edx);
  store_le<4>(text + 8, leaf.ecx);
  return std::string(text, text + 12);
}

TEST(CpuidTable, NamesTheProfilesVendor) {
  EXPECT_EQ(vendor(CpuProfile::intel), "GenuineIntel");
  EXPECT_EQ(vendor(CpuProfile::amd), "AuthenticAMD");
  EXPECT_EQ(cpuid_query(CpuProfile::amd, 0).eax, 1u);  // the highest basic leaf
}

TEST(CpuidTable, FeaturesAreOnlyWhatEmuModels) {
  for (CpuProfile profile : all_profiles()) {
    CpuidLeaf features = cpuid_query(profile, 1);
    EXPECT_EQ(features.edx, (1u << 4) | (1u << 15)) << profile_name(profile);  // TSC, CMOV
    EXPECT_EQ(features.ecx, 0u);
    EXPECT_EQ(cpuid_query(profile, 0x80000000).eax, 0x80000000u);  // no extended leaves
  }
}

// Above the highest leaf Intel answers the highest basic leaf, AMD zeros.
TEST(CpuidTable, OutOfRangeLeavesAnswerAsEachVendorDoes) {
  CpuidLeaf intel = cpuid_query(CpuProfile::intel, 2);
  EXPECT_EQ(intel.eax, cpuid_query(CpuProfile::intel, 1).eax);
  EXPECT_EQ(intel.edx, cpuid_query(CpuProfile::intel, 1).edx);
  EXPECT_EQ(cpuid_query(CpuProfile::intel, 0x80000001).eax, cpuid_query(CpuProfile::intel, 1).eax);
  CpuidLeaf amd = cpuid_query(CpuProfile::amd, 2);
  EXPECT_EQ(amd.eax | amd.ebx | amd.ecx | amd.edx, 0u);
  EXPECT_EQ(cpuid_query(CpuProfile::amd, 0x80000001).eax, 0u);
}

}  // namespace
}  // namespace emu
