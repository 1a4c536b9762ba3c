#include "backends/kvm/kvm_backend.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <utility>
#include <optional>
#include <variant>

#include <linux/kvm.h>

#include "backends/kvm/kvm_factory.h"
#include "backends/kvm/kvm_state.h"
#include "core/exit_status.h"
#include "core/guest_location.h"
#include "core/trace.h"
#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/instruction.h"
#include "decoder/operation.h"

namespace emu::kvm {

std::unique_ptr<Backend> create_kvm_backend(Machine& machine, const std::string& device_path,
                                            ExecutorFactory assistant, TraceMode trace_mode,
                                            std::function<void(const std::string&)> trace_sink, IoctlLog* log) {
  return std::make_unique<KvmBackend>(machine, device_path, std::move(assistant), trace_mode, std::move(trace_sink), log);
}

KvmBackend::KvmBackend(Machine& machine, const std::string& device_path, ExecutorFactory assistant, TraceMode trace_mode,
                       std::function<void(const std::string&)> trace_sink, IoctlLog* log)
    : machine_(machine),
      make_assistant_(std::move(assistant)),
      trace_mode_(trace_mode),
      trace_sink_(std::move(trace_sink)),
      system_(KvmSystem::open(device_path, log)),
      vm_(system_, machine.memory()),
      vcpu_(system_, vm_),
      module_(host_module()),
      profile_(host_profile()),
      exits_(machine, [this] { return state(); }),
      platform_(machine.platform()),
      clock_(platform_.clock()) {
  // The guest sees the CPU of the host's profile, as the interpreter's CPUID reports it, where
  // the host lets emu say so (docs/cpu-model.md).
  cpuid_set_ = vcpu_.set_cpuid(cpuid_leaves(profile_));
  set_state(machine.initial_state());
}

std::string KvmBackend::description() const {
  return fmt::format("KVM ({}) via {}, host CPU profile {}", module_, system_.path(), profile_name(profile_));
}

CpuState KvmBackend::state() {
  if (!vcpu_.has_events()) return state_from_kvm(vcpu_.regs(), vcpu_.sregs(), nullptr);
  kvm_vcpu_events events = vcpu_.events();
  return state_from_kvm(vcpu_.regs(), vcpu_.sregs(), &events);
}

void KvmBackend::set_state(const CpuState& state) {
  kvm_regs regs{};
  kvm_sregs sregs = vcpu_.sregs();
  std::optional<kvm_vcpu_events> events;
  if (vcpu_.has_events()) events = vcpu_.events();
  state_to_kvm(state, regs, sregs, events ? &*events : nullptr);
  vcpu_.set_sregs(sregs);
  vcpu_.set_regs(regs);
  if (events) vcpu_.set_events(*events);
}

// A boundary KVM single-steps from (--trace, the debugger looking at every boundary, or an
// interrupt waiting for the guest to accept it): the debugger's stop; the instruction printed
// when tracing; a HLT, which a single-stepped vCPU does not halt on
// with kvm_pvm, halted here, IP past it (`halted` set): the end of the run, or a wait.
std::optional<RunResult> KvmBackend::step_boundary(CpuState now, bool trace, bool& halted) {
  std::vector<std::uint8_t> bytes = code_bytes_at(machine_.memory(), now);
  x86::Instruction insn = x86::decode(bytes);
  if (step_all_) {
    if (auto stop = check_boundary(now, insn)) return stop;
  }
  if (trace) trace_sink_(format_trace_line(now, bytes, insn, trace_mode_));
  sti_found_if_set_ = insn.op == x86::Op::sti && (now.eflags & flag::if_) != 0;
  halted = insn.op == x86::Op::hlt;
  if (!halted) return std::nullopt;
  now.eip = (now.eip + insn.length) & 0xFFFF;
  now.interrupt_shadow = false;
  set_state(now);
  if (clock_ != nullptr) return halt_wait();
  return RunResult{StopReason::hlt, 0, "", std::nullopt};
}

KvmBackend::~KvmBackend() { set_stop_request(nullptr); }

// Whether the guest accepts an interrupt now: IF set and no interrupt shadow, as the SDM has it.
// kvm_pvm reports a shadow after an STI that found IF already set (docs/differential.md): the
// boundary before it (step_boundary) saw which.
bool KvmBackend::accepts_interrupt() {
  CpuState now = state();
  return (now.eflags & flag::if_) != 0 && (!now.interrupt_shadow || sti_found_if_set_);
}

KvmBackend::Injection KvmBackend::prepare_entry() {
  platform_.advance();
  Injection injection = Injection::none;
  if (platform_.interrupt_request()) {
    if (!accepts_interrupt()) {
      injection = Injection::blocked;
    } else if (step_all_ && make_assistant_) {
      CpuState state = this->state();
      RunResult result = run_assistant(state, false, platform_.acknowledge_interrupt());
      ++interrupts_injected_;
      if (result.reason != StopReason::error) set_state(state);
      if (result.reason != StopReason::limit) {
        entry_end_ = result;
        return Injection::ended;
      }
      injection = Injection::delivered;
    } else {
      vcpu_.interrupt(platform_.acknowledge_interrupt());
      ++interrupts_injected_;
      injection = Injection::injected;
    }
  }
  // Still one pending: an exit as soon as the guest can take it, where the host gives one.
  vcpu_.run_area().request_interrupt_window = platform_.interrupt_request() ? 1 : 0;
  if (alarm_ != nullptr) {
    std::optional<std::uint64_t> deadline = platform_.next_event();
    if (deadline != alarm_deadline_) {
      if (deadline) {
        alarm_->wake_at(clock_->host_time_of(*deadline));
      } else {
        alarm_->cancel();
      }
      alarm_deadline_ = deadline;
    }
  }
  return injection;
}

std::optional<RunResult> KvmBackend::halt_wait() {
  if (!(vcpu_.regs().rflags & flag::if_)) {
    return halted_for_good(FinalHalt::interrupts_disabled, format_cs_ip(state()), std::nullopt);
  }
  ++halts_waited_;
  if (platform_.wait_while_halted(stop_)) return std::nullopt;
  return halted_for_good(FinalHalt::nothing_left, format_cs_ip(state()), std::nullopt);
}

void KvmBackend::inject_interrupt(std::uint8_t vector) {
  vcpu_.interrupt(vector);
  ++interrupts_injected_;
}

// The caller has cleared immediate_exit before its last look at the devices and at the stop
// request (so that a wake or a stop arriving since makes KVM_RUN return at once).
KvmBackend::Entry KvmBackend::enter_guest() {
  if (stop_ != nullptr && stop_->requested()) {
    return {std::nullopt, stopped_by(*stop_, format_cs_ip(state()), std::nullopt)};
  }
  ++runs_;
  int error = vcpu_.run();
  if (error == EINTR) {
    exits_.count_signal();
    return {};
  }
  if (error == EAGAIN) return {};
  if (error != 0) {
    return {std::nullopt, RunResult{StopReason::error, to_int(ExitStatus::internal),
                                    fmt::format("KVM_RUN failed: {}", std::strerror(error)), std::nullopt}};
  }
  return {decode_exit(vcpu_.run_bytes()), std::nullopt};
}

void KvmBackend::set_stop_request(StopRequest* stop) {
  if (stop_ != nullptr) stop_->set_wake_byte(nullptr);
  stop_ = stop;
  vcpu_.run_area().immediate_exit = 0;
  // A request made from now on makes KVM_RUN return at once (or not enter the guest at all).
  if (stop_ != nullptr) stop_->set_wake_byte(&vcpu_.run_area().immediate_exit);
}

RunResult KvmBackend::run(const RunLimits& limits) {
  // A breakpoint stops an instruction before it begins, not between a REP's iterations: a REP
  // the debugger stepped into is finished first.
  while (debugging_ && paused_rep_ && *paused_rep_ == linear_pc() && debug_.has_breakpoint(*paused_rep_)) {
    RunResult result = step_instruction(limits);
    if (result.reason != StopReason::debug || result.debug->kind != DebugStop::Kind::step) return result;
  }
  paused_rep_.reset();
  set_stop_request(limits.stop);
  alarm_ = clock_ != nullptr ? limits.alarm : nullptr;
  alarm_deadline_.reset();
  RunResult result = run_until_stop();
  if (alarm_ != nullptr) alarm_->cancel();
  alarm_ = nullptr;
  set_stop_request(nullptr);
  return result;
}

RunResult KvmBackend::run_until_stop() {
  const bool tracing = trace_mode_ != TraceMode::off;
  const bool every_boundary = tracing || step_all_;
  bool stepping = every_boundary;
  vcpu_.set_single_step(stepping);
  bool at_boundary = true;
  magic_executed_ = false;

  for (;;) {
    // A wake (a device timer due) from here on makes KVM_RUN return at once; one before was for
    // the entry that just returned.
    vcpu_.run_area().immediate_exit = 0;
    if (clock_ != nullptr) {
      const Injection injection = prepare_entry();
      // An interrupt the guest does not accept yet (IF clear, a shadow): kvm_pvm gives no
      // interrupt-window exit, so the vCPU single-steps until it does (docs/devices.md).
      const bool want_steps = every_boundary || injection == Injection::blocked;
      if (want_steps != stepping) {
        vcpu_.set_single_step(want_steps);
        stepping = want_steps;
      }
      if (injection == Injection::ended) return *std::exchange(entry_end_, std::nullopt);
      if (injection == Injection::injected) at_boundary = false;  // the handler comes first
      if (injection == Injection::delivered) at_boundary = true;   // the handler's first instruction
    }
    if (stepping && at_boundary) {
      at_boundary = false;
      bool halted = false;
      if (auto result = step_boundary(state(), tracing, halted)) return *result;
      if (halted) {
        at_boundary = true;
        continue;
      }
    }
    auto [entered, run_failed] = enter_guest();
    if (run_failed) return *run_failed;
    if (!entered) continue;
    VcpuExit& exit = *entered;
    if (debugging_) {
      bool handled = false;
      if (auto result = debug_exit(exit, handled)) return *result;
      if (handled) continue;  // an access to a watched page: the instruction completes at the next entry
    }
    if (!std::holds_alternative<DebugExit>(exit)) sti_found_if_set_ = false;
    if (auto* failure = std::get_if<InternalErrorExit>(&exit); failure != nullptr && make_assistant_) {
      if (auto result = assist(*failure)) return *result;
      at_boundary = true;
      continue;
    }
    if (stepping && std::holds_alternative<DebugExit>(exit)) {
      at_boundary = true;
      continue;
    }
    if (clock_ != nullptr && std::holds_alternative<HltExit>(exit)) {
      if (auto result = halt_wait()) return *result;
      at_boundary = true;
      continue;
    }
    if (auto result = exits_.handle(exit)) return *result;
    auto* io = std::get_if<IoExit>(&exit);
    at_boundary = io != nullptr && io->is_out;  // after an OUT, RIP is past it
  }
}

std::optional<RunResult> KvmBackend::step() {
  last_step_debug_ = false;
  for (;;) {
    vcpu_.run_area().immediate_exit = 0;
    auto [entered, run_failed] = enter_guest();
    if (run_failed) return run_failed;
    if (!entered) continue;
    VcpuExit& exit = *entered;
    if (debugging_) {
      bool handled = false;
      if (auto result = debug_exit(exit, handled)) return result;
      if (handled) continue;
    }
    if (std::holds_alternative<DebugExit>(exit)) {
      last_step_debug_ = true;
      return std::nullopt;
    }
    if (auto* failure = std::get_if<InternalErrorExit>(&exit); failure != nullptr && make_assistant_) return assist(*failure);
    if (auto result = exits_.handle(exit)) return result;
    // After an OUT, RIP is past it and its effects are complete: a step boundary (kvm_pvm gives
    // such an OUT no debug exit of its own). IN and MMIO complete when KVM_RUN resumes.
    if (auto* io = std::get_if<IoExit>(&exit); io != nullptr && io->is_out) return std::nullopt;
  }
}

RunResult KvmBackend::run_assistant(CpuState& state, bool one_iteration, std::optional<std::uint8_t> interrupt) {
  if (!assistant_) {
    assistant_ = make_assistant_();
    if (debugging_) assistant_->set_debug_points(debug_);
  }
  RunResult result = interrupt ? assistant_->deliver_interrupt(state, *interrupt)
                               : assistant_->execute_instruction(state, one_iteration);
  result.insns = std::nullopt;  // the interpreter's count covers only the instructions it ran
  return result;
}

std::optional<RunResult> KvmBackend::assist(const InternalErrorExit& failure) {
  if (failure.suberror != KVM_INTERNAL_ERROR_EMULATION) return exits_.handle(failure);
  CpuState before = state();
  std::vector<std::uint8_t> bytes = code_bytes_at(machine_.memory(), before);
  if (bytes.empty()) return exits_.handle(failure);  // outside RAM
  // Invalid encodings too: the interpreter raises #UD (or #GP for over 15 bytes) through the
  // guest's IVT, as the CPU does where KVM runs guest code on the CPU.
  x86::Instruction insn = x86::decode(bytes);
  CpuState after = before;
  RunResult result = run_assistant(after, false);
  if (result.reason == StopReason::error) {
    // The interpreter cannot run it either: report KVM's failure, as without assist (which
    // says the same as the interpreter for an instruction running past the end of RAM).
    return exits_.handle(failure);
  }
  ++assists_[std::string(x86::mnemonic(insn.op))];
  set_state(after);
  if (result.reason == StopReason::limit) return std::nullopt;  // one instruction done: resume KVM
  return result;
}

void KvmBackend::set_debug_points(const DebugPoints& points) {
  debug_ = points;
  debugging_ = !points.empty();
  step_all_ = points.magic_break || points.breakpoints.size() > KvmVcpu::max_hardware_breakpoints;
  vcpu_.set_hardware_breakpoints(hardware_breakpoints());
  // The pages the watchpoints touch, readable where only writes are watched.
  std::map<std::uint32_t, bool> pages;
  const std::uint64_t ram_size = machine_.memory().size();
  for (const Watchpoint& watch : points.watchpoints) {
    for (std::uint64_t page = watch.linear & ~0xFFFull; page < std::uint64_t{watch.linear} + watch.length && page < ram_size;
         page += 0x1000) {
      auto [entry, added] = pages.emplace(static_cast<std::uint32_t>(page), true);
      entry->second = entry->second && watch.kind == WatchKind::write;
    }
  }
  std::vector<KvmVm::GuardedPage> guarded;
  for (const auto& [address, readable] : pages) guarded.push_back({address, readable});
  if (!guarded.empty() || guarded_pages_) vm_.map_ram(guarded);
  guarded_pages_ = !guarded.empty();
  if (assistant_) assistant_->set_debug_points(points);
}

void KvmBackend::complete_instruction() {
  vcpu_.run_area().immediate_exit = 1;
  ++runs_;
  vcpu_.run();  // EINTR: the pending access done, no further instruction run (KVM API, "immediate_exit")
  vcpu_.run_area().immediate_exit = 0;
}

std::optional<RunResult> KvmBackend::debug_exit(VcpuExit& exit, bool& handled) {
  if (auto* debug = std::get_if<DebugExit>(&exit); debug != nullptr && debug->hit_breakpoint()) {
    return debug_stopped({DebugStop::Kind::breakpoint, {}, linear_pc()}, std::nullopt);
  }
  auto* access = std::get_if<MmioExit>(&exit);
  if (access == nullptr) return std::nullopt;
  handled = true;
  const auto size = static_cast<std::uint32_t>(access->data.size());
  if (auto ram = machine_.memory().span(access->address, size); ram && guarded_pages_) {
    if (access->is_write) {
      std::copy(access->data.begin(), access->data.end(), ram->begin());
    } else {
      std::copy(ram->begin(), ram->end(), access->data.begin());
    }
  } else if (auto end = exits_.handle(exit)) {
    return end;
  }
  const auto address = static_cast<std::uint32_t>(access->address);
  const Watchpoint* watch = debug_.triggered(address, size, access->is_write);
  if (watch == nullptr) return std::nullopt;
  complete_instruction();
  return debug_stopped(DebugStop::watch_hit(*watch, address, access->is_write), std::nullopt);
}

std::optional<RunResult> KvmBackend::check_boundary(const CpuState& now, const x86::Instruction& insn) {
  const std::uint32_t linear = now.linear_pc();
  if (magic_executed_) {
    magic_executed_ = false;
    return debug_stopped({DebugStop::Kind::magic_break, {}, linear}, std::nullopt);
  }
  if (debug_.has_breakpoint(linear)) return debug_stopped({DebugStop::Kind::breakpoint, {}, linear}, std::nullopt);
  magic_executed_ = debug_.magic_break && x86::is_magic_break(insn);
  return std::nullopt;
}

RunResult KvmBackend::step_instruction(const RunLimits& limits) {
  CpuState before = state();
  const std::uint32_t linear = before.linear_pc();
  const x86::Instruction insn = x86::decode(code_bytes_at(machine_.memory(), before));
  set_stop_request(limits.stop);
  std::optional<RunResult> end;
  if (insn.op == x86::Op::hlt) {
    // A single-stepped HLT does not halt on kvm_pvm: halted here, IP past it, as the CPU leaves it.
    before.eip = (before.eip + insn.length) & 0xFFFF;
    before.interrupt_shadow = false;
    set_state(before);
    end = clock_ != nullptr ? halt_wait() : halted(std::nullopt);
  } else if (x86::repeats(insn) && make_assistant_) {
    // kvm_pvm single-steps a REP string instruction in chunks of iterations; the debugger's step
    // is one iteration, as under the trap flag: the interpreter's.
    CpuState state = before;
    RunResult result = run_assistant(state, true);
    if (result.reason != StopReason::error) set_state(state);
    if (result.reason != StopReason::limit) end = result;
  } else {
    vcpu_.set_hardware_breakpoints({});  // else one at this instruction fires before it runs
    vcpu_.set_single_step(true);
    end = step();
    vcpu_.set_single_step(false);
    vcpu_.set_hardware_breakpoints(hardware_breakpoints());
  }
  set_stop_request(nullptr);
  if (end) return *end;
  const std::uint32_t after = linear_pc();
  paused_rep_.reset();
  if (x86::repeats(insn) && after == linear) paused_rep_ = linear;
  if (debug_.magic_break && x86::is_magic_break(insn)) return debug_stopped({DebugStop::Kind::magic_break, {}, after}, std::nullopt);
  return debug_stopped({DebugStop::Kind::step, {}, after}, std::nullopt);
}

std::vector<StatCounter> KvmBackend::stats() const {
  std::vector<StatCounter> counters{{"KVM_RUN calls", runs_}, {"CPUID table set (KVM_SET_CPUID2 accepted)", cpuid_set_ ? 1u : 0u}};
  if (clock_ != nullptr) {
    counters.push_back({"interrupts injected (KVM_INTERRUPT)", interrupts_injected_});
    counters.push_back({"HLT waits for an interrupt", halts_waited_});
  }
  for (StatCounter& counter : exits_.stats()) counters.push_back(std::move(counter));
  std::uint64_t total = 0;
  for (const auto& [mnemonic, count] : assists_) total += count;
  counters.push_back({"instructions assisted by the interpreter", total});
  for (const auto& [mnemonic, count] : assists_) counters.push_back({fmt::format("  assisted {}", mnemonic), count});
  return counters;
}

}  // namespace emu::kvm
