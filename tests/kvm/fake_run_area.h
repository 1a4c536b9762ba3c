#pragma once

#include <linux/kvm.h>

#include <cstdint>
#include <span>
#include <vector>

namespace emu::kvm {

// A fabricated vCPU mapping: kvm_run at the start, a data page after it, as KVM lays it out.
struct FakeRunArea {
  std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(2 * 4096);
  kvm_run& run() { return *reinterpret_cast<kvm_run*>(bytes.data()); }
  std::span<std::uint8_t> span() { return bytes; }
};

}  // namespace emu::kvm
