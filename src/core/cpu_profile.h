#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace emu {

// The CPU a machine claims to be: where the manuals leave a result undefined, the interpreter
// computes it as this CPU's silicon does (docs/cpu-model.md has one table per profile and the
// data each was checked against). KVM always runs the host's CPU.
enum class CpuProfile : unsigned char {
  intel,     // Intel Core/Xeon
  amd,       // AMD Zen (checked against Zen 3, family 19h)
  amd_zen5,  // AMD Zen 5 (family 1Ah): Zen's choices but for BSF/BSR's flags
  i286,      // the Intel 80286 in real mode: its instruction set, FLAGS, limits and faults
};

// AMD's profiles share the vendor string and CPUID's conventions.
constexpr bool is_amd(CpuProfile profile) { return profile == CpuProfile::amd || profile == CpuProfile::amd_zen5; }

// The 80286 has no 386 instructions (no CPUID, 32-bit operands or FS/GS); the rest are 386 and
// later.
constexpr bool has_386_instructions(CpuProfile profile) { return profile != CpuProfile::i286; }

std::string_view profile_name(CpuProfile profile);

// Every profile, in the order --help lists them.
std::span<const CpuProfile> all_profiles();

std::optional<CpuProfile> profile_named(std::string_view name);

// The profile of the CPU this program runs on, from CPUID's vendor string and family:
// AuthenticAMD (and HygonGenuine, a Zen derivative) is amd, or amd-zen5 from family 1Ah on;
// anything else intel. On a host that is not x86, intel.
CpuProfile host_profile();

// The host CPU's description for --version and --stats: vendor, family, model, stepping.
std::string host_cpu_description();

// The host's architecture as the kernel names it (uname's machine: x86_64, aarch64, s390x).
std::string host_architecture();

}  // namespace emu
