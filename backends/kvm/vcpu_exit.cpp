#include "backends/kvm/vcpu_exit.h"

#include <fmt/format.h>
#include <linux/kvm.h>

#include <algorithm>

namespace emu::kvm {

namespace {

VcpuExit decode_io(const kvm_run& run, std::span<std::uint8_t> run_area) {
  const auto& io = run.io;
  std::uint64_t length = std::uint64_t{io.size} * io.count;
  bool size_ok = io.size == 1 || io.size == 2 || io.size == 4;
  if (!size_ok || io.count == 0 || io.data_offset > run_area.size() || length > run_area.size() - io.data_offset) {
    return UnknownExit{KVM_EXIT_IO, fmt::format("malformed I/O exit: size {} count {} offset {:#x}", io.size, io.count,
                                                io.data_offset)};
  }
  return IoExit{io.direction == KVM_EXIT_IO_OUT, io.port, io.size, io.count, run_area.subspan(io.data_offset, length)};
}

VcpuExit decode_mmio(kvm_run& run) {
  auto& mmio = run.mmio;
  if (mmio.len == 0 || mmio.len > sizeof(mmio.data)) {
    return UnknownExit{KVM_EXIT_MMIO, fmt::format("malformed MMIO exit: length {}", mmio.len)};
  }
  return MmioExit{mmio.is_write != 0, mmio.phys_addr, std::span<std::uint8_t>(mmio.data, mmio.len)};
}

VcpuExit decode_internal_error(const kvm_run& run) {
  const auto& internal = run.internal;
  std::size_t count = std::min<std::size_t>(internal.ndata, std::size(internal.data));
  return InternalErrorExit{internal.suberror, std::vector<std::uint64_t>(internal.data, internal.data + count)};
}

}  // namespace

VcpuExit decode_exit(std::span<std::uint8_t> run_area) {
  auto& run = *reinterpret_cast<kvm_run*>(run_area.data());
  switch (run.exit_reason) {
    case KVM_EXIT_IO:
      return decode_io(run, run_area);
    case KVM_EXIT_MMIO:
      return decode_mmio(run);
    case KVM_EXIT_HLT:
      return HltExit{};
    case KVM_EXIT_SHUTDOWN:
      return ShutdownExit{};
    case KVM_EXIT_FAIL_ENTRY:
      return FailEntryExit{run.fail_entry.hardware_entry_failure_reason, run.fail_entry.cpu};
    case KVM_EXIT_INTERNAL_ERROR:
      return decode_internal_error(run);
    case KVM_EXIT_DEBUG:
      return DebugExit{run.debug.arch.exception, run.debug.arch.pc, run.debug.arch.dr6};
    case KVM_EXIT_INTR:
      return InterruptedExit{};
    case KVM_EXIT_IRQ_WINDOW_OPEN:
      return InterruptWindowExit{};
    default:
      return UnknownExit{run.exit_reason, fmt::format("unexpected KVM exit reason {}", run.exit_reason)};
  }
}

std::string internal_error_name(std::uint32_t suberror) {
  switch (suberror) {
    case KVM_INTERNAL_ERROR_EMULATION:
      return "emulation failure";
    case KVM_INTERNAL_ERROR_SIMUL_EX:
      return "exception while delivering an exception";
    case KVM_INTERNAL_ERROR_DELIVERY_EV:
      return "exception during event delivery";
    case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON:
      return "unexpected VM exit";
    default:
      return fmt::format("suberror {}", suberror);
  }
}

}  // namespace emu::kvm
