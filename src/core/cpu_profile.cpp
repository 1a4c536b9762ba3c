#include "core/cpu_profile.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <sys/utsname.h>

namespace emu {

namespace {

constexpr std::array profiles = {CpuProfile::intel, CpuProfile::amd, CpuProfile::amd_zen5, CpuProfile::i286};

struct HostCpu {
  std::string vendor;  // empty when not x86
  unsigned family = 0, model = 0, stepping = 0;
};

HostCpu read_host_cpu() {
  HostCpu cpu;
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return cpu;
  char vendor[13] = {};
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  cpu.vendor = vendor;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0) {
    // SDM Vol. 2, CPUID leaf 1: the displayed family and model fold in the extended fields.
    unsigned base_family = (eax >> 8) & 0xF;
    cpu.family = base_family == 0xF ? base_family + ((eax >> 20) & 0xFF) : base_family;
    cpu.model = (eax >> 4) & 0xF;
    if (base_family == 0x6 || base_family == 0xF) cpu.model |= ((eax >> 16) & 0xF) << 4;
    cpu.stepping = eax & 0xF;
  }
#endif
  return cpu;
}

}  // namespace

std::string_view profile_name(CpuProfile profile) {
  switch (profile) {
    case CpuProfile::intel: return "intel";
    case CpuProfile::amd: return "amd";
    case CpuProfile::amd_zen5: return "amd-zen5";
    case CpuProfile::i286: return "286";
  }
  return "?";
}

std::span<const CpuProfile> all_profiles() { return profiles; }

std::optional<CpuProfile> profile_named(std::string_view name) {
  for (CpuProfile profile : profiles) {
    if (profile_name(profile) == name) return profile;
  }
  return std::nullopt;
}

CpuProfile host_profile() {
  HostCpu cpu = read_host_cpu();
  if (cpu.vendor != "AuthenticAMD" && cpu.vendor != "HygonGenuine") return CpuProfile::intel;
  return cpu.family >= 0x1A ? CpuProfile::amd_zen5 : CpuProfile::amd;
}

std::string host_cpu_description() {
  HostCpu cpu = read_host_cpu();
  if (cpu.vendor.empty()) return "not an x86 CPU";
  return fmt::format("{} family {:#x} model {:#x} stepping {}", cpu.vendor, cpu.family, cpu.model, cpu.stepping);
}

std::string host_architecture() {
  utsname names{};
  if (::uname(&names) != 0) return "unknown";
  return names.machine;
}

}  // namespace emu
