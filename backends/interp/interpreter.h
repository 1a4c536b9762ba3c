#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/interp/block_cache.h"
#include "backends/interp/cpu.h"
#include "backends/interp/decode_cache.h"
#include "backends/interp/instruction_log.h"
#include "core/backend.h"
#include "core/instruction_executor.h"
#include "platform/machine.h"
#include "core/trace.h"
#include "decoder/decode.h"

namespace emu::interp {

// The interpreter backend: executes cached decoded instructions on a Cpu over the machine's
// RAM and buses, delivering exceptions through the IVT. It also executes single instructions
// for KVM's assist (InstructionExecutor).
class Interpreter final : public Backend, public InstructionExecutor {
 public:
  // `trace` receives one line per executed instruction when `trace_mode` is not off. Undefined
  // results follow `profile`, by default the machine's (MachineConfig::cpu).
  explicit Interpreter(Machine& machine, TraceMode trace_mode = TraceMode::off,
                       std::function<void(const std::string&)> trace = {}, std::optional<CpuProfile> profile = {});
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  ~Interpreter() override;

  std::string_view name() const override { return "interp"; }
  std::string description() const override;
  CpuProfile profile() const { return profile_; }
  RunResult run(const RunLimits& limits) override;
  CpuState state() override;
  void set_state(const CpuState& state) override;
  std::vector<StatCounter> stats() const override;
  // Debugging: while any point is set every instruction takes the general path, which looks for
  // breakpoints, and every memory access the slow one, which looks for watchpoints; with none
  // set the fast paths are as they were (docs/debugging.md).
  void set_debug_points(const DebugPoints& points) override;
  RunResult step_instruction(const RunLimits& limits) override;

  // Executes exactly one instruction (or one REP iteration batch) and returns, for tests and
  // the lockstep comparison.
  RunResult step();
  // step() after dropping whatever the cache holds at CS:IP: for callers (KVM assist) that let
  // something else write guest memory between steps.
  RunResult step_uncached();
  // InstructionExecutor: step_uncached() from `state`, which it leaves as after the instruction.
  RunResult execute_instruction(CpuState& state, bool one_iteration) override;
  RunResult deliver_interrupt(CpuState& state, std::uint8_t vector) override;

  // REP string instructions execute one iteration per step (the lockstep comparison follows
  // KVM, which single-steps REP iterations).
  void set_one_iteration_per_step(bool on) {
    lockstep_iterations_ = on;
    apply_iteration_mode();
  }

  // The REP string instruction step() left between iterations at CS:IP, as it was decoded
  // (its bytes may have been overwritten since): the lockstep comparison's position.
  std::optional<x86::Instruction> paused_instruction() const;

  // On a machine with an interrupt controller: takes the pending interrupt if the CPU accepts
  // one here (IF set, no interrupt shadow), as between two instructions. True when one was taken.
  bool take_interrupt();
  // Delivers external interrupt `vector` here (take_interrupt's delivery, the vector given).
  void enter_external_interrupt(std::uint8_t vector);
  // Instructions completed (a REP instruction counts once, when it finishes).
  std::uint64_t instructions() const { return cpu_.instructions; }

  // The vector of the last exception or interrupt delivered, for tests.
  std::optional<std::uint8_t> last_exception() const { return last_exception_; }

  // --log-interp=N (instruction_log.h): the next `count` instructions told on `sink`, each run
  // through the general path; then the log is dropped and nothing of it remains.
  void log_instructions(std::uint64_t count, std::function<void(const std::string&)> sink);
  // Whether the log is still telling (it drops itself after its N-th instruction).
  bool logging() const { return logging_; }

 private:
  CachedInstruction* fetch();
  std::uint32_t decode_window(std::uint32_t linear, std::uint32_t ip) const;
  CachedInstruction& decode_at(std::uint32_t linear);
  CachedInstruction* decoded_ahead(std::uint32_t base, std::uint32_t ip);
  // The block starting at `head` (CS:`ip`): the one it has if that was built for `ip`, else a new
  // one (build_block). Inline: the run loop asks at every branch it has no link for.
  Block& block_at(CachedInstruction& head, std::uint32_t base, std::uint32_t ip) {
    if (head.block != nullptr && head.block->ip == ip) [[likely]] return *head.block;
    return build_block(head, base, ip);
  }
  Block& build_block(CachedInstruction& head, std::uint32_t base, std::uint32_t ip);
  // Whether `insn` must start a block: it reads the instruction count, RDTSC directly, port
  // accesses on a timed machine through device time.
  bool reads_instruction_count(const x86::Instruction& insn) const;
  bool run_block(Block& block, std::uint64_t end_count);
  void run_first(const Block& block, std::uint32_t n);
  void stop_in_block(const Block& block, std::size_t index);
  void raise_exception(std::uint8_t vector);
  // One instruction; true when the run must stop (cpu_.stop says why). Told by the log while
  // there is one (execute_general does the work).
  bool execute_one();
  bool execute_general();
  // For the log (interpreter_log.cpp): where the instruction at `linear` (CS:IP) would run, and
  // the block the fast path would build or reuse there, told before it.
  InstructionLog::Fetch log_fetch(std::uint32_t linear, bool continuing_rep);
  // Why the fast path would not run here (TF, an interrupt shadow, tracing, the debugger, a step):
  // empty when it would.
  std::string_view general_path_reason() const;
  void run_cached(std::uint64_t end_count);
  bool finish_instruction(bool trap);
  bool needs_general_path() const;
  // The run must stop (cpu_.stop): true to end it. On a machine with timers a HLT with IF set
  // waits for an interrupt instead, and the run goes on (false).
  bool run_ends();
  // The instructions the run may go before the devices need looking at again.
  std::uint64_t device_budget();
  bool fault(const GuestFault& fault);
  RunResult result_for_stop();
  void emit_trace(const CachedInstruction& entry);
  // The bytes of the instruction at CS:IP, `entry` as fetch() found it there.
  std::span<const std::uint8_t> instruction_bytes(const CachedInstruction& entry) const;
  // After an instruction (or an interrupt's delivery) while debugging: whether it accessed a
  // watched byte or was the magic breakpoint; the debugger's stop is then requested.
  bool debug_stop_after(const x86::Instruction* insn);
  // Whether REP string instructions stop after each iteration: for the lockstep or the debugger.
  void apply_iteration_mode();

  Machine& machine_;
  CpuProfile profile_;
  x86::InstructionSet instruction_set_;
  DecodeCache cache_;
  BlockCache blocks_;
  Cpu cpu_;
  TraceMode trace_mode_;
  std::function<void(const std::string&)> trace_;
  std::uint64_t exceptions_ = 0;
  // The machine's interrupt line and device clock; no clock: a bare machine (no interrupts,
  // HLT ends the run), and the run loop is as if neither existed.
  Platform& platform_;
  const bool& interrupt_request_;
  DeviceClock* clock_;
  bool drives_clock_ = false;  // virtual device time follows this interpreter's count
  const StopRequest* stop_ = nullptr;  // the run's, for a HLT's wait
  std::uint64_t interrupts_ = 0;
  std::uint64_t halts_waited_ = 0;
  std::optional<FinalHalt> final_halt_;  // why a HLT on a timed machine ended the run
  // The REP instruction execute_one() left between iterations (IP still on it), as decoded.
  struct PausedRep {
    std::uint32_t linear;
    CachedInstruction entry;
  };
  std::optional<PausedRep> paused_rep_;
  std::optional<std::uint8_t> last_exception_;
  bool lockstep_iterations_ = false;
  // The debugger's points (set_debug_points); debugging_ while any is set.
  DebugPoints debug_;
  bool debugging_ = false;
  bool check_breakpoints_ = false;  // in run(), not in step_instruction()
  // --log-interp: the log while it tells instructions (logging_), and the block it is telling
  // (the places of its entries, the next one's index, where that one starts).
  std::unique_ptr<InstructionLog> log_;
  bool logging_ = false;
  std::vector<std::string> block_places_;
  std::size_t block_index_ = 0;
  std::uint32_t block_next_linear_ = 0;
  std::optional<DebugStop> debug_stop_;  // why Stop::debug
};

}  // namespace emu::interp
