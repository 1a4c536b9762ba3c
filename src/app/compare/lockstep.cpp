#include "compare/lockstep.h"

#include <chrono>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/interp/interpreter.h"
#include "backends/kvm/kvm_backend.h"
#include "backends/registry.h"
#include "backends/kvm/kvm_system.h"
#include "core/error.h"
#include "core/byte_sink.h"
#include "core/exit_status.h"
#include "core/guest_location.h"
#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/flags.h"
#include "decoder/operation.h"
#include "decoder/instruction.h"

namespace emu::compare {

namespace {

// How far the interpreter may have to go to reach KVM's next state: KVM steps REP string
// instructions in chunks of up to 1,024 iterations on kvm_pvm, and an OUT that exits to user
// space gets no debug exit of its own (docs/differential.md).
constexpr unsigned max_follow_steps = 4096;

x86::Instruction instruction_at(const GuestMemory& memory, const CpuState& state) {
  return x86::decode(code_bytes_at(memory, state));
}

// Where a CPU stands: CS:IP, and inside a REP string instruction the count left. A REP string
// instruction with nothing left to do stands where the next instruction starts (kvm_pvm reports
// such a state after the last iteration, before moving IP on).
struct Position {
  std::uint16_t cs;
  std::uint32_t ip;
  std::uint32_t count;
  bool finished_rep = false;  // IP still on a REP instruction with nothing left to do
  bool operator==(const Position& other) const { return cs == other.cs && ip == other.ip && count == other.count; }
};

// Where `state` stands. `executing`: the REP instruction a side is in the middle of, as it was
// decoded when it started; its bytes in memory may have been overwritten by its own iterations
// since (a REP STOSB over itself goes on as decoded, as on hardware).
Position position_of(const GuestMemory& memory, const CpuState& state,
                     const std::optional<x86::Instruction>& executing = std::nullopt) {
  Position position{state.sreg(Sreg::cs).selector, state.eip, 0};
  x86::Instruction insn = executing ? *executing : instruction_at(memory, state);
  bool repeated = x86::repeats(insn);
  if (!repeated) return position;
  position.count = insn.address32() ? state.reg(Gpr::ecx) : state.reg(Gpr::ecx) & 0xFFFF;
  if (position.count == 0) {
    position.ip = (state.eip + insn.length) & 0xFFFF;
    position.finished_rep = true;
  }
  return position;
}

// Both states side by side, differing fields marked; empty when they agree.
std::string difference(const CpuState& kvm, const CpuState& interp, std::uint32_t masked_flags, bool compare_ip,
                       bool compare_shadow) {
  std::string rows;
  bool differs = false;
  const std::vector<FieldValue> kvm_fields = field_values(kvm);
  const std::vector<FieldValue> interp_fields = field_values(interp);
  for (std::size_t i = 0; i < kvm_fields.size(); ++i) {
    const StateField& field = kvm_fields[i].field;
    std::uint32_t mask = 0xFFFFFFFF;
    if (field.group == "eip" && !compare_ip) mask = 0;
    if (field.group == "interrupt_shadow" && !compare_shadow) mask = 0;
    // RF (bit 16) is set by the single-step machinery when KVM stops inside a REP instruction;
    // real-mode code cannot observe it (PUSHF does not store it).
    if (field.group == "eflags") mask = ~masked_flags & ~(1u << 16);
    const std::uint32_t a = kvm_fields[i].value;
    const std::uint32_t b = interp_fields[i].value;
    const bool different = ((a ^ b) & mask) != 0;
    differs |= different;
    // The general registers, IP and FLAGS always; the rest of the state where it differs.
    if (field.section == "regs" || different) {
      rows += fmt::format("  {:<10} {:08x}  {:08x}{}\n", field_label(field), a, b, different ? "   <<" : "");
    }
  }
  if (!differs) return "";
  std::string header = fmt::format("  {:<10} {:<8}  {:<8}\n", "", "kvm", "interp");
  if (masked_flags) header += fmt::format("  (flags left undefined and not compared: {})\n", flag_names(masked_flags));
  return header + rows;
}

std::string memory_difference(const GuestMemory& kvm, const GuestMemory& interp) {
  auto a = kvm.bytes();
  auto b = interp.bytes();
  if (std::memcmp(a.data(), b.data(), a.size()) == 0) return "";
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return fmt::format("  RAM at {:#x}: kvm {:02x}, interp {:02x}\n", i, a[i], b[i]);
  }
  return "";
}

// Both machines and backends, and what the comparison has learnt so far. run() alternates: KVM
// takes a step (step_kvm), the interpreter follows until it stands where KVM stands
// (follow_kvm), then the two states, RAM and console are compared (compare_states).
class Lockstep {
 public:
  Lockstep(std::span<const std::uint8_t> image, const LockstepOptions& options, const Log& log, StringSink& kvm_console,
           StringSink& interp_console)
      : options_(options),
        log_(log),
        kvm_console_(kvm_console),
        interp_console_(interp_console),
        config_(host_config(options.machine)),
        kvm_machine_(config_, kvm_console),
        interp_machine_(config_, interp_console),
        kvm_(open_kvm((kvm_machine_.load_image(image), kvm_machine_), options.kvm_device, options.kvm_log)),
        interp_((interp_machine_.load_image(image), interp_machine_)) {
    if (options.initial_state) {
      kvm_->set_state(*options.initial_state);
      interp_.set_state(*options.initial_state);
    }
    kvm_->set_single_step(true);
    kvm_->set_stop_request(options.stop);
    // One device time for both machines: the interpreter's count (virtual time, --compare).
    if (DeviceClock* kvm_clock = kvm_machine_.platform().clock()) kvm_clock->mirror(interp_machine_.platform().clock());
    if (options.warn) interp_machine_.platform().set_warnings(options.warn);
    for (Machine* machine : {&kvm_machine_, &interp_machine_}) {
      machine->platform().receive_serial(options.serial_input);
      machine->platform().type_script(options.keys);
    }
    interp_.set_one_iteration_per_step(true);
    if (options.interp_log_count > 0) {
      interp_.log_instructions(options.interp_log_count, [&log](const std::string& line) { log.write(line); });
    }
    last_state_ = interp_.state();
  }

  LockstepResult run() {
    previous_ = position_of(kvm_machine_.memory(), kvm_->state());
    for (;;) {
      if (result_.steps >= options_.max_steps || stop_requested()) return ended(Verdict::limit);
      std::optional<KvmStep> kvm_step = step_kvm();
      if (!kvm_step) return ended(Verdict::limit);  // KVM's step ended because of a stop request
      std::optional<RunResult> interp_end;
      if (std::optional<LockstepResult> done = follow_kvm(*kvm_step, interp_end)) return *done;
      if (std::optional<LockstepResult> done = compare_states(*kvm_step)) return *done;
      ++result_.syncs;
      if (kvm_step->end || interp_end) return both_ended(*kvm_step->end, *interp_end);
      if (std::optional<LockstepResult> done = take_interrupt()) return *done;
    }
  }

 private:
  // Where KVM stands after one step, and how the guest ended if it did.
  struct KvmStep {
    std::optional<RunResult> end;
    CpuState now;
    Position target;
  };

  static MachineConfig host_config(MachineConfig config) {
    config.cpu = host_profile();  // the interpreter computes undefined results as the CPU under KVM does
    return config;
  }

  static std::unique_ptr<kvm::KvmBackend> open_kvm(Machine& machine, const std::string& device, kvm::IoctlLog* log) {
    try {
      return std::make_unique<kvm::KvmBackend>(machine, device, interpreter_assistant(machine), TraceMode::off,
                                               nullptr, log);
    } catch (const Error& error) {
      if (error.status() != ExitStatus::backend_unavailable) throw;
      throw Error(error.status(), fmt::format("--compare needs KVM: {}", kvm::without_advice(error.what())));
    }
  }

  bool stop_requested() const { return options_.stop != nullptr && options_.stop->requested(); }

  LockstepResult ended(Verdict verdict) {
    result_.verdict = verdict;
    return result_;
  }

  LockstepResult diverged(const std::string& what, const std::string& details) {
    result_.verdict = Verdict::diverged;
    std::string where = result_.steps > 0 ? describe_instruction_at(interp_machine_.memory(), last_state_) : "the start";
    result_.report = fmt::format("divergence after {} steps, after {}: {}\n{}", result_.steps, where, what, details);
    return result_;
  }

  // One KVM step, or nothing when a stop request ended it (no state to compare).
  std::optional<KvmStep> step_kvm() {
    CpuState before = kvm_->state();
    KvmStep step;
    // A single-stepped HLT does not halt on kvm_pvm: HLT ends the guest here, on both sides.
    const x86::Instruction next = instruction_at(kvm_machine_.memory(), before);
    if (next.op == x86::Op::hlt) {
      before.eip = (before.eip + next.length) & 0xFFFF;
      kvm_->set_state(before);
      step.end = halt_end(before);
    } else {
      step.end = kvm_->step();
      if (stop_requested()) return std::nullopt;
    }
    step.now = kvm_->state();
    // Still on the REP it started: that instruction, whatever its bytes are now.
    std::optional<x86::Instruction> executing;
    if (step.now.sreg(Sreg::cs).selector == before.sreg(Sreg::cs).selector && step.now.eip == before.eip &&
        x86::repeats(next)) {
      executing = next;
    }
    step.target = position_of(kvm_machine_.memory(), step.now, executing);
    if (step.target.finished_rep && executing && instruction_at(kvm_machine_.memory(), step.now) != *executing) {
      // kvm_pvm leaves IP on a finished REP and would fetch its overwritten bytes next; the CPU
      // goes on after the instruction it executed.
      step.now.eip = step.target.ip;
      kvm_->set_state(step.now);
      step.target.finished_rep = false;
    }
    return step;
  }

  // How a HLT ends on KVM's side: on a machine with timers, only with interrupts disabled or
  // nothing left to wake it (as the interpreter decides: Interpreter::run_ends); the waiting is
  // the interpreter's virtual time jumping, which KVM's devices read too.
  std::optional<RunResult> halt_end(const CpuState& after) {
    Platform& platform = kvm_machine_.platform();
    if (platform.clock() == nullptr) return halted(std::nullopt);
    if (!(after.eflags & flag::if_)) return halted_for_good(FinalHalt::interrupts_disabled, format_cs_ip(after), std::nullopt);
    if (!platform.can_wake()) return halted_for_good(FinalHalt::nothing_left, format_cs_ip(after), std::nullopt);
    return std::nullopt;
  }

  // At a boundary both stand at, the same interrupt taken on both sides: the interpreter's
  // machine decides (Interpreter::take_interrupt), KVM's devices must agree, and KVM gets it
  // with KVM_INTERRUPT for its next step.
  std::optional<LockstepResult> take_interrupt() {
    Platform& kvm_platform = kvm_machine_.platform();
    if (kvm_platform.clock() == nullptr) return std::nullopt;
    interp_machine_.platform().advance();
    kvm_platform.advance();
    if (interp_machine_.platform().interrupt_request() != kvm_platform.interrupt_request()) {
      return diverged("the interrupt lines differ",
                      fmt::format("  INTR: kvm's devices {}, interp's devices {}\n", kvm_platform.interrupt_request(),
                                  interp_machine_.platform().interrupt_request()));
    }
    if (!interp_.take_interrupt()) return std::nullopt;
    const std::uint8_t vector = kvm_platform.acknowledge_interrupt();
    if (vector != interp_.last_exception()) {
      return diverged("the interrupt controllers gave different vectors",
                      fmt::format("  kvm's {:#04x}, interp's {:#04x}\n", vector, interp_.last_exception().value_or(0)));
    }
    kvm_->inject_interrupt(vector);
    ++result_.interrupts;
    just_injected_ = true;
    last_state_ = interp_.state();
    return std::nullopt;
  }

  // One interpreter step, tracking undefined flags; an instruction reading one stops everything
  // (the verdict is then inconclusive).
  std::optional<RunResult> step_interp() {
    CpuState before = interp_.state();
    x86::Instruction insn = instruction_at(interp_machine_.memory(), before);
    x86::FlagInfo info = effective_flags(insn, before);
    if (insn.valid() && (info.read & agreed_)) ++result_.undefined_reads_agreed;
    if (insn.valid() && (info.read & masked_)) {
      result_.verdict = Verdict::inconclusive;
      result_.report = fmt::format("{} reads {} left undefined by an earlier instruction; either result is correct",
                                   describe_instruction_at(interp_machine_.memory(), before), flag_names(info.read & masked_));
      return RunResult{StopReason::error, 0, "", std::nullopt};
    }
    RunResult step = interp_.step();
    ++result_.steps;
    masked_ = (masked_ & ~info.written) | info.undefined | known_kvm_defects(insn);
    agreed_ &= ~(info.written | info.undefined);
    last_state_ = before;
    if (step.reason == StopReason::limit) return std::nullopt;  // one step done, the guest goes on
    return step;
  }

  Position interp_position() {
    return position_of(interp_machine_.memory(), interp_.state(), interp_.paused_instruction());
  }

  // The interpreter steps until it stands where KVM stands, or both have ended. A debug exit
  // means KVM did at least one instruction or iteration (`jmp $` comes back to where it was),
  // except when it only moves IP past a finished REP. A result: the comparison ends there.
  std::optional<LockstepResult> follow_kvm(const KvmStep& kvm_step, std::optional<RunResult>& interp_end) {
    // After an injected interrupt KVM's debug exit may come at the handler's first instruction,
    // where the interpreter already stands.
    const unsigned min_steps = kvm_->last_step_was_debug_exit() && !previous_.finished_rep && !just_injected_ ? 1 : 0;
    just_injected_ = false;
    previous_ = kvm_step.target;
    unsigned followed = 0;
    while (!interp_end && (followed < min_steps || interp_position() != kvm_step.target)) {
      if (++followed > max_follow_steps) {
        return diverged("the interpreter never reached KVM's next state",
                        fmt::format("  KVM is at {}\n", describe_instruction_at(kvm_machine_.memory(), kvm_step.now)));
      }
      interp_end = step_interp();
      if (result_.verdict == Verdict::inconclusive) return result_;
    }
    if (interp_end && !kvm_step.end) {
      if (interp_end->reason == StopReason::error) {
        // The interpreter stopped on something it does not model (x87, protected mode).
        result_.report = interp_end->message;
        return ended(Verdict::unsupported);
      }
      return diverged(fmt::format("the interpreter ended ({}) where KVM went on", stop_reason_name(interp_end->reason)), "");
    }
    if (kvm_step.end && !interp_end) {
      // KVM ended (HLT, exit device, fault): the interpreter must end at the same instruction.
      interp_end = step_interp();
      if (result_.verdict == Verdict::inconclusive) return result_;
      if (!interp_end) return diverged("KVM ended the run, the interpreter did not", kvm_step.end->message + "\n");
    }
    return std::nullopt;
  }

  // Registers (every field of the state), RAM and console output; KVM's known-wrong results are
  // replaced by the interpreter's. A result: the comparison ends there.
  std::optional<LockstepResult> compare_states(const KvmStep& kvm_step) {
    CpuState interp_now = interp_.state();
    const bool same_ip_expected = !kvm_step.target.finished_rep && !interp_position().finished_rep;
    const x86::Instruction last = instruction_at(interp_machine_.memory(), last_state_);
    std::string registers = difference(kvm_step.now, interp_now, masked_, same_ip_expected, !kvm_shadow_known_wrong(last));
    if (!registers.empty() && kvm_result_known_wrong(last)) {
      if (result_.kvm_results_replaced++ == 0) result_.first_replaced = describe_instruction_at(interp_machine_.memory(), last_state_);
      log_.verbose("compare: KVM's known-wrong result after {} replaced by the interpreter's",
                   describe_instruction_at(interp_machine_.memory(), last_state_));
      kvm_->set_state(interp_now);
      registers.clear();
    }
    if (!registers.empty()) return diverged("the states differ", registers);
    // Undefined flags that came out the same on both sides are in doubt no more: an instruction
    // reading them later reads the same value on both (the CPU profile's job is to make them so).
    // Such reads are counted; only a read of one that differs stops the comparison.
    const std::uint32_t differing = kvm_step.now.eflags ^ interp_now.eflags;
    agreed_ |= masked_ & ~differing;
    masked_ &= differing;
    std::string memory = memory_difference(kvm_machine_.memory(), interp_machine_.memory());
    if (!memory.empty()) return diverged("guest RAM differs", memory);
    if (kvm_console_.text() != interp_console_.text()) {
      return diverged("the console output differs",
                      fmt::format("  kvm:    {:?}\n  interp: {:?}\n", kvm_console_.text(), interp_console_.text()));
    }
    return std::nullopt;
  }

  LockstepResult both_ended(const RunResult& kvm_end, const RunResult& interp_end) {
    if (kvm_end.reason != interp_end.reason || kvm_end.exit_status != interp_end.exit_status) {
      return diverged(fmt::format("the runs ended differently: kvm {} ({}), interp {} ({})", stop_reason_name(kvm_end.reason),
                                  kvm_end.message, stop_reason_name(interp_end.reason), interp_end.message),
                      "");
    }
    result_.guest_end = interp_end;
    log_.verbose("compare: both ended with {}", stop_reason_name(interp_end.reason));
    return result_;
  }

  const LockstepOptions& options_;
  const Log& log_;
  StringSink& kvm_console_;
  StringSink& interp_console_;
  MachineConfig config_;
  Machine kvm_machine_;
  Machine interp_machine_;
  std::unique_ptr<kvm::KvmBackend> kvm_;
  interp::Interpreter interp_;
  LockstepResult result_;
  std::uint32_t masked_ = 0;  // flags an instruction left undefined and none has defined since
  std::uint32_t agreed_ = 0;  // such flags that came out the same on both sides
  CpuState last_state_;       // the interpreter's state before its last step
  Position previous_{};       // where KVM stood before its last step
  bool just_injected_ = false;  // an interrupt was injected for KVM's coming step
};

}  // namespace

LockstepResult run_lockstep(std::span<const std::uint8_t> image, const LockstepOptions& options, const Log& log) {
  StringSink kvm_console;
  StringSink interp_console;
  LockstepResult result = Lockstep(image, options, log, kvm_console, interp_console).run();
  result.console = interp_console.text();  // the guest's output, however the comparison ended
  return result;
}

}  // namespace emu::compare
