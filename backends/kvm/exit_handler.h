#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/kvm/vcpu_exit.h"
#include "core/backend.h"
#include "platform/machine.h"

namespace emu::kvm {

// Turns each decoded KVM exit into bus accesses or the end of the run. Separate from the vCPU
// so that every exit kind, including ones this host never produces (FAIL_ENTRY), is testable.
class ExitHandler {
 public:
  // `current_state` fetches the vCPU state, needed only for messages.
  ExitHandler(Machine& machine, std::function<CpuState()> current_state)
      : machine_(machine), current_state_(std::move(current_state)) {}

  // The end of the run, or nothing to resume the guest.
  std::optional<RunResult> handle(const VcpuExit& exit);

  std::vector<StatCounter> stats() const;
  void count_signal() { ++counters_.interrupted; }

 private:
  struct Counters {
    std::uint64_t io_out = 0;
    std::uint64_t io_in = 0;
    std::uint64_t io_elements = 0;
    std::uint64_t mmio_read = 0;
    std::uint64_t mmio_write = 0;
    std::uint64_t interrupted = 0;
    std::uint64_t interrupt_windows = 0;
  };

  std::optional<RunResult> on(const IoExit& exit);
  std::optional<RunResult> on(const MmioExit& exit);
  std::optional<RunResult> on(const HltExit& exit);
  std::optional<RunResult> on(const ShutdownExit& exit);
  std::optional<RunResult> on(const FailEntryExit& exit);
  std::optional<RunResult> on(const InternalErrorExit& exit);
  std::optional<RunResult> on(const DebugExit& exit);
  std::optional<RunResult> on(const InterruptedExit& exit);
  std::optional<RunResult> on(const InterruptWindowExit& exit);
  std::optional<RunResult> on(const UnknownExit& exit);

  Machine& machine_;
  std::function<CpuState()> current_state_;
  Counters counters_;
};

}  // namespace emu::kvm
