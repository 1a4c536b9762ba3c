#include "core/cpuid_table.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace emu {
namespace {

std::string vendor(CpuProfile profile) {
  CpuidLeaf leaf = cpuid_query(profile, 0);
  char text[13] = {};
  std::memcpy(text, &leaf.ebx, 4);
  std::memcpy(text + 4, &leaf.edx, 4);
  std::memcpy(text + 8, &leaf.ecx, 4);
  return text;
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
