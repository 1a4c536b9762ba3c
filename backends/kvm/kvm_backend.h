#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "backends/kvm/exit_handler.h"
#include "backends/kvm/kvm_system.h"
#include "backends/kvm/kvm_vcpu.h"
#include "backends/kvm/kvm_vm.h"
#include "core/backend.h"
#include "core/instruction_executor.h"
#include "platform/machine.h"
#include "core/trace.h"
#include "decoder/instruction.h"

namespace emu::kvm {

// Runs the guest on one KVM vCPU over the machine's RAM; exits go to an ExitHandler. With an
// assistant, an instruction KVM cannot emulate (KVM_EXIT_INTERNAL_ERROR, emulation failure) is
// executed by it (the interpreter, through core/instruction_executor.h) on the same RAM and
// buses, and KVM resumes after it.
class KvmBackend final : public Backend {
 public:
  // Throws Error(backend_unavailable) when the device cannot be used.
  // With `log` (--log-kvm), every call to KVM is recorded there.
  KvmBackend(Machine& machine, const std::string& device_path, ExecutorFactory assistant,
             TraceMode trace_mode = TraceMode::off, std::function<void(const std::string&)> trace_sink = {},
             IoctlLog* log = nullptr);

  KvmBackend(const KvmBackend&) = delete;
  KvmBackend& operator=(const KvmBackend&) = delete;
  ~KvmBackend() override;

  std::string_view name() const override { return "kvm"; }
  std::string description() const override;
  RunResult run(const RunLimits& limits) override;

  // Where step() looks for a request to stop (the lockstep comparison's); null for none.
  void set_stop_request(StopRequest* stop);

  // Single-stepping for the lockstep comparison: step() runs the vCPU until the next exit that
  // ends a step (a debug exit, or a port access: both are instruction-boundary states on this
  // host) and reports nothing, or the end of the run.
  void set_single_step(bool on) { vcpu_.set_single_step(on); }
  // For the lockstep, which takes interrupts itself where the interpreter does: step() leaves
  // the interrupt line alone, and this queues external interrupt `vector` for the next entry.
  void inject_interrupt(std::uint8_t vector);
  std::optional<RunResult> step();
  // Whether the last step() ended in a debug exit (at least one instruction or REP iteration
  // done), rather than a port exit.
  bool last_step_was_debug_exit() const { return last_step_debug_; }
  CpuState state() override;
  void set_state(const CpuState& state) override;
  std::vector<StatCounter> stats() const override;
  // Debugging (docs/debugging.md): up to four breakpoints in DR0-DR3 (KVM_GUESTDBG_USE_HW_BP);
  // more, or the magic breakpoint, single-step and look at every instruction boundary. Watched
  // pages leave their memory slot (writes only: read-only; reads too: unmapped), so their accesses
  // exit as MMIO, which emu performs on RAM and checks; the interpreter's assist, which runs
  // the instructions KVM cannot fetch from an unmapped page, checks its own accesses.
  void set_debug_points(const DebugPoints& points) override;
  RunResult step_instruction(const RunLimits& limits) override;

 private:
  // An exit while debugging: an access to a watched page (performed here, on RAM), a hardware
  // breakpoint. The end of the run (the debugger's stop after the instruction completed), or
  // nothing, with `handled` set when the exit needs nothing more.
  std::optional<RunResult> debug_exit(VcpuExit& exit, bool& handled);
  // Completes the instruction an MMIO exit interrupted, without going on (immediate_exit).
  void complete_instruction();
  // At a boundary (`now`, about to execute `insn`) while every boundary is looked at for the
  // debugger (step_all_): a breakpoint here, or the magic breakpoint just executed.
  std::optional<RunResult> check_boundary(const CpuState& now, const x86::Instruction& insn);
  std::uint32_t linear_pc() { return state().linear_pc(); }
  // The breakpoints DR0-DR3 hold: the debugger's, unless every boundary is looked at.
  std::span<const std::uint32_t> hardware_breakpoints() const {
    return step_all_ ? std::span<const std::uint32_t>() : std::span<const std::uint32_t>(debug_.breakpoints);
  }
  // One instruction in the interpreter at the vCPU's state; the end of the run, or nothing to
  // resume KVM.
  std::optional<RunResult> assist(const InternalErrorExit& failure);
  // The instruction at `state` run by the assistant (one REP iteration with `one_iteration`), or
  // with `interrupt` that external interrupt delivered; the assistant made at its first use;
  // `state` left as it leaves it.
  RunResult run_assistant(CpuState& state, bool one_iteration, std::optional<std::uint8_t> interrupt = std::nullopt);

  std::optional<RunResult> step_boundary(CpuState now, bool trace, bool& halted);
  // On a machine with an interrupt controller (no in-kernel one: docs/devices.md), before each
  // entry: the devices brought up to now, a pending interrupt injected with KVM_INTERRUPT when
  // the guest accepts it (else an interrupt window asked for: `blocked`), the wake alarm set for
  // the next timer event.
  // `delivered`: by the interpreter, the vCPU at the handler's first instruction (while every
  // boundary is looked at for the debugger: KVM's own delivery would run that instruction
  // before its single-step exit). `ended`: that delivery ended the run (entry_end_).
  enum class Injection { none, injected, delivered, blocked, ended };
  Injection prepare_entry();
  std::optional<RunResult> entry_end_;
  bool accepts_interrupt();
  // A HLT there: waits for an interrupt; the end of the run when none can come.
  std::optional<RunResult> halt_wait();
  RunResult run_until_stop();
  // One KVM_RUN: the exit it ended with; nothing when it was interrupted by a signal (counted)
  // or asked to be retried; or the result that ends the run when KVM_RUN itself failed.
  struct Entry {
    std::optional<VcpuExit> exit;
    std::optional<RunResult> failure;
  };
  Entry enter_guest();

  Machine& machine_;
  ExecutorFactory make_assistant_;
  TraceMode trace_mode_;
  std::function<void(const std::string&)> trace_sink_;
  std::unique_ptr<InstructionExecutor> assistant_;  // made at the first assist
  std::map<std::string, std::uint64_t> assists_;    // per mnemonic
  KvmSystem system_;
  KvmVm vm_;
  KvmVcpu vcpu_;
  std::string module_;
  CpuProfile profile_;  // the host's: what KVM computes, and so what its assist must
  ExitHandler exits_;
  std::uint64_t runs_ = 0;
  StopRequest* stop_ = nullptr;
  Platform& platform_;
  DeviceClock* clock_;  // null on a machine without timers: no interrupts, HLT ends the run
  WakeAlarm* alarm_ = nullptr;
  std::optional<std::uint64_t> alarm_deadline_;
  std::uint64_t interrupts_injected_ = 0;
  std::uint64_t halts_waited_ = 0;
  bool sti_found_if_set_ = false;  // the instruction last single-stepped was an STI with IF set
  bool cpuid_set_ = false;
  bool last_step_debug_ = false;
  // The debugger's points, and how they are looked for.
  DebugPoints debug_;
  bool debugging_ = false;
  bool step_all_ = false;
  bool guarded_pages_ = false;
  bool magic_executed_ = false;  // the last boundary's instruction was XCHG BX,BX
  std::optional<std::uint32_t> paused_rep_;  // linear address of a REP step_instruction() left between iterations
};

}  // namespace emu::kvm
