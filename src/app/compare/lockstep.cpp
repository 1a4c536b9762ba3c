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

std::string flag_names(std::uint32_t flags) {
  static constexpr std::pair<std::uint32_t, const char*> names[] = {{flag::cf, "CF"}, {flag::pf, "PF"}, {flag::af, "AF"},
                                                                    {flag::zf, "ZF"}, {flag::sf, "SF"}, {flag::of, "OF"}};
  std::string text;
  for (auto [bit, name] : names) {
    if (flags & bit) text += text.empty() ? name : std::string(" ") + name;
  }
  return text;
}

// Both states side by side, differing fields marked; empty when they agree.
std::string difference(const CpuState& kvm, const CpuState& interp, std::uint32_t masked_flags, bool compare_ip,
                       bool compare_shadow) {
  std::string rows;
  bool differs = false;
  auto row = [&](std::string_view name, std::uint32_t a, std::uint32_t b, std::uint32_t mask) {
    bool different = ((a ^ b) & mask) != 0;
    differs |= different;
    rows += fmt::format("  {:<10} {:08x}  {:08x}{}\n", name, a, b, different ? "   <<" : "");
  };
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
    const bool different = ((kvm_fields[i].value ^ interp_fields[i].value) & mask) != 0;
    // The general registers, IP and FLAGS always; the rest of the state where it differs.
    if (field.section == "regs" || different) row(field_label(field), kvm_fields[i].value, interp_fields[i].value, mask);
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

}  // namespace

// kvm_pvm's emulator leaves SF and ZF wrong after AAM and AAD; the interpreter follows the SDM.
std::uint32_t known_kvm_defects(const x86::Instruction& insn) {
  if (insn.op == x86::Op::aam || insn.op == x86::Op::aad) return flag::sf | flag::zf;
  return 0;
}

bool kvm_shadow_known_wrong(const x86::Instruction& insn) { return insn.op == x86::Op::sti || insn.op == x86::Op::hlt; }

bool kvm_result_known_wrong(const x86::Instruction& insn) {
  return insn.op == x86::Op::tzcnt || insn.op == x86::Op::lzcnt || insn.op == x86::Op::cpuid;
}

x86::FlagInfo effective_flags(const x86::Instruction& insn, const CpuState& state) {
  const std::uint32_t remaining = insn.address32() ? state.reg(Gpr::ecx) : state.reg(Gpr::ecx) & 0xFFFF;
  // A REP CMPS/SCAS with a count of 0 compares nothing.
  if (x86::repeats(insn) && x86::has_trait(insn.op, x86::traits::REPCMP) && remaining == 0) {
    return {x86::flag_info(insn).read, 0, 0};
  }
  return x86::flag_info(insn, x86::shift_count(insn).value_or(state.reg(Gpr::ecx) & 0xFF));
}

int compare_exit_status(Verdict verdict) {
  switch (verdict) {
    case Verdict::agree: return to_int(ExitStatus::ok);
    case Verdict::diverged: return to_int(ExitStatus::diverged);
    case Verdict::inconclusive: return to_int(ExitStatus::inconclusive);
    case Verdict::limit: return to_int(ExitStatus::limit);
    case Verdict::unsupported: return to_int(ExitStatus::guest_fault);
  }
  return to_int(ExitStatus::internal);
}

namespace {

LockstepResult compare_runs(std::span<const std::uint8_t> image, const LockstepOptions& options, const Log& log,
                            StringSink& kvm_console, StringSink& interp_console) {
  // The interpreter computes undefined results as the CPU under KVM does, whatever was asked.
  MachineConfig config = options.machine;
  config.cpu = host_profile();
  Machine kvm_machine(config, kvm_console);
  Machine interp_machine(config, interp_console);
  kvm_machine.load_image(image);
  interp_machine.load_image(image);
  std::optional<kvm::KvmBackend> kvm_holder;
  try {
    kvm_holder.emplace(kvm_machine, options.kvm_device, interpreter_assistant(kvm_machine));
  } catch (const Error& error) {
    if (error.status() != ExitStatus::backend_unavailable) throw;
    throw Error(error.status(), fmt::format("--compare needs KVM: {}", kvm::without_advice(error.what())));
  }
  kvm::KvmBackend& kvm = *kvm_holder;
  interp::Interpreter interp(interp_machine);
  if (options.initial_state) {
    kvm.set_state(*options.initial_state);
    interp.set_state(*options.initial_state);
  }
  kvm.set_single_step(true);
  kvm.set_stop_request(options.stop);
  interp.set_one_iteration_per_step(true);

  LockstepResult result;
  std::uint32_t masked = 0;  // flags an instruction left undefined and none has defined since
  CpuState last_state = interp.state();  // before the interpreter's last step

  auto diverged = [&](const std::string& what, const std::string& details) {
    result.verdict = Verdict::diverged;
    std::string where = result.steps > 0 ? describe_instruction_at(interp_machine.memory(), last_state) : "the start";
    result.report = fmt::format("divergence after {} steps, after {}: {}\n{}", result.steps, where, what, details);
    return result;
  };

  // One interpreter step, tracking undefined flags; an instruction reading one stops everything.
  auto step_interp = [&]() -> std::optional<RunResult> {
    CpuState before = interp.state();
    x86::Instruction insn = instruction_at(interp_machine.memory(), before);
    x86::FlagInfo info = effective_flags(insn, before);
    if (insn.valid() && (info.read & masked)) {
      result.verdict = Verdict::inconclusive;
      result.report = fmt::format("{} reads {} left undefined by an earlier instruction; either result is correct",
                                  describe_instruction_at(interp_machine.memory(), before), flag_names(info.read & masked));
      return RunResult{StopReason::error, 0, "", std::nullopt};
    }
    RunResult step = interp.step();
    ++result.steps;
    masked = (masked & ~info.written) | info.undefined | known_kvm_defects(insn);
    last_state = before;
    if (step.reason == StopReason::limit) return std::nullopt;  // one step done, the guest goes on
    return step;
  };

  Position previous = position_of(kvm_machine.memory(), kvm.state());
  auto stop_requested = [&] { return options.stop != nullptr && options.stop->requested(); };
  for (;;) {
    if (result.steps >= options.max_steps || stop_requested()) {
      result.verdict = Verdict::limit;
      return result;
    }
    CpuState kvm_before = kvm.state();
    std::optional<RunResult> kvm_end;
    // A single-stepped HLT does not halt on kvm_pvm: HLT ends the guest here, on both sides.
    x86::Instruction kvm_next = instruction_at(kvm_machine.memory(), kvm_before);
    if (kvm_next.op == x86::Op::hlt) {
      kvm_end = RunResult{StopReason::hlt, 0, "", std::nullopt};
      kvm_before.eip = (kvm_before.eip + kvm_next.length) & 0xFFFF;
      kvm.set_state(kvm_before);
    } else {
      kvm_end = kvm.step();
      if (stop_requested()) {  // KVM's step ended because of it: no state to compare
        result.verdict = Verdict::limit;
        return result;
      }
    }
    CpuState kvm_now = kvm.state();
    // Still on the REP it started: that instruction, whatever its bytes are now.
    std::optional<x86::Instruction> kvm_executing;
    if (kvm_now.sreg(Sreg::cs).selector == kvm_before.sreg(Sreg::cs).selector && kvm_now.eip == kvm_before.eip &&
        x86::repeats(kvm_next)) {
      kvm_executing = kvm_next;
    }
    Position target = position_of(kvm_machine.memory(), kvm_now, kvm_executing);
    if (target.finished_rep && kvm_executing && instruction_at(kvm_machine.memory(), kvm_now) != *kvm_executing) {
      // kvm_pvm leaves IP on a finished REP and would fetch its overwritten bytes next; the CPU
      // goes on after the instruction it executed.
      kvm_now.eip = target.ip;
      kvm.set_state(kvm_now);
      target.finished_rep = false;
    }

    // Follow with the interpreter until it stands where KVM stands (or both have ended). A
    // debug exit means KVM did at least one instruction or iteration (`jmp $` comes back to
    // where it was), except when it only moves IP past a finished REP.
    unsigned min_steps = kvm.last_step_was_debug_exit() && !previous.finished_rep ? 1 : 0;
    previous = target;
    std::optional<RunResult> interp_end;
    unsigned followed = 0;
    auto interp_position = [&] {
      return position_of(interp_machine.memory(), interp.state(), interp.paused_instruction());
    };
    while (!interp_end && (followed < min_steps || interp_position() != target)) {
      if (++followed > max_follow_steps) {
        return diverged("the interpreter never reached KVM's next state",
                        fmt::format("  KVM is at {}\n", describe_instruction_at(kvm_machine.memory(), kvm_now)));
      }
      interp_end = step_interp();
      if (result.verdict == Verdict::inconclusive) return result;
    }
    if (interp_end && !kvm_end) {
      if (interp_end->reason == StopReason::error) {
        // The interpreter stopped on something it does not model (x87, protected mode).
        result.verdict = Verdict::unsupported;
        result.report = interp_end->message;
        return result;
      }
      return diverged(fmt::format("the interpreter ended ({}) where KVM went on", stop_reason_name(interp_end->reason)), "");
    }
    if (kvm_end && !interp_end) {
      // KVM ended (HLT, exit device, fault): the interpreter must end at the same instruction.
      interp_end = step_interp();
      if (result.verdict == Verdict::inconclusive) return result;
      if (!interp_end) return diverged("KVM ended the run, the interpreter did not", kvm_end->message + "\n");
    }
    CpuState interp_now = interp.state();
    bool same_ip_expected = !target.finished_rep && !interp_position().finished_rep;
    const bool compare_shadow = !kvm_shadow_known_wrong(instruction_at(interp_machine.memory(), last_state));
    std::string registers = difference(kvm_now, interp_now, masked, same_ip_expected, compare_shadow);
    if (!registers.empty() && kvm_result_known_wrong(instruction_at(interp_machine.memory(), last_state))) {
      if (result.kvm_results_replaced++ == 0) {
        result.first_replaced = describe_instruction_at(interp_machine.memory(), last_state);
      }
      log.verbose("compare: KVM's known-wrong result after {} replaced by the interpreter's",
                  describe_instruction_at(interp_machine.memory(), last_state));
      kvm.set_state(interp_now);
      registers.clear();
    }
    if (!registers.empty()) return diverged("the states differ", registers);
    std::string memory = memory_difference(kvm_machine.memory(), interp_machine.memory());
    if (!memory.empty()) return diverged("guest RAM differs", memory);
    if (kvm_console.text() != interp_console.text()) {
      return diverged("the console output differs",
                      fmt::format("  kvm:    {:?}\n  interp: {:?}\n", kvm_console.text(), interp_console.text()));
    }
    ++result.syncs;
    if (kvm_end || interp_end) {
      if (kvm_end->reason != interp_end->reason || kvm_end->exit_status != interp_end->exit_status) {
        return diverged(fmt::format("the runs ended differently: kvm {} ({}), interp {} ({})", stop_reason_name(kvm_end->reason),
                                    kvm_end->message, stop_reason_name(interp_end->reason), interp_end->message),
                        "");
      }
      result.guest_end = *interp_end;
      log.verbose("compare: both ended with {}", stop_reason_name(interp_end->reason));
      return result;
    }
  }
}

}  // namespace

LockstepResult run_lockstep(std::span<const std::uint8_t> image, const LockstepOptions& options, const Log& log) {
  StringSink kvm_console;
  StringSink interp_console;
  LockstepResult result = compare_runs(image, options, log, kvm_console, interp_console);
  result.console = interp_console.text();  // the guest's output, however the comparison ended
  return result;
}

}  // namespace emu::compare
