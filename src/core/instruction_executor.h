#pragma once

#include <functional>
#include <memory>

#include "core/cpu_state.h"
#include "core/debug_points.h"
#include "core/run_result.h"

namespace emu {

// Executes single instructions on a machine for a backend that cannot: KVM's assist hands it an
// instruction the kernel's emulator refuses. The backend sees only this interface; the registry
// (backends/registry.h) gives it the interpreter.
class InstructionExecutor {
 public:
  virtual ~InstructionExecutor() = default;
  // Runs the instruction at `state`'s CS:IP, decoded afresh (the other backend changes guest
  // memory behind the executor's back), and leaves `state` as the instruction left the CPU. The
  // result: reason `limit` when the instruction completed and the guest goes on, `error` when
  // the executor cannot run it either, otherwise the end of the run it brought about.
  // With `one_iteration`, a REP string instruction does one iteration, as under the trap flag
  // (a debugger's step: kvm_pvm single-steps REP instructions in chunks).
  virtual RunResult execute_instruction(CpuState& state, bool one_iteration) = 0;
  // Delivers external interrupt `vector` at `state` (real mode: FLAGS, CS and IP pushed, CS:IP
  // from the IVT), leaving `state` at the handler's first instruction: for a backend whose own
  // delivery would run that instruction before it could stop there (KVM single-stepping for the
  // debugger). Reason `limit` when delivered, or the end it brought about (a triple fault).
  virtual RunResult deliver_interrupt(CpuState& state, std::uint8_t vector) = 0;
  // The debugger's watchpoints apply to the instructions it executes too (a watched access ends
  // execute_instruction with StopReason::debug).
  virtual void set_debug_points(const DebugPoints& points) = 0;
};

// Makes the executor a backend uses; called once, at the first instruction it needs one for.
// Empty: the backend has none (--no-assist).
using ExecutorFactory = std::function<std::unique_ptr<InstructionExecutor>()>;

}  // namespace emu
