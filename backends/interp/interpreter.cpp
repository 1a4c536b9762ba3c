#include "backends/interp/interpreter.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "backends/interp/block_cache.h"
#include "backends/interp/flag_liveness.h"
#include "backends/interp/handlers.h"
#include "backends/interp/interrupts.h"
#include "backends/interp/operands.h"
#include "backends/interp/profile_choices.h"
#include "core/exit_status.h"
#include "core/guest_location.h"
#include "decoder/decode.h"
#include "decoder/disassemble.h"

namespace emu::interp {

namespace {

// Instructions between two looks at the stop request (well under a millisecond).
constexpr std::uint64_t stop_check_interval = 1u << 16;
// On the host clock, instructions between two looks at the devices (some microseconds): how late
// a timer's interrupt may come.
constexpr std::uint64_t host_clock_poll_interval = 1u << 12;

}  // namespace

Interpreter::Interpreter(Machine& machine, TraceMode trace_mode, std::function<void(const std::string&)> trace,
                         std::optional<CpuProfile> profile)
    : machine_(machine),
      profile_(profile.value_or(machine.config().cpu)),
      instruction_set_(has_386_instructions(profile_) ? x86::InstructionSet::i386_and_later : x86::InstructionSet::i80286),
      cache_(machine.memory().size()),
      cpu_(machine.memory().data(), machine.memory().size(), machine.io(), machine.mmio(), machine.exit_request(),
           machine.platform().a20_enabled(), cache_),
      trace_mode_(trace_mode),
      trace_(std::move(trace)),
      platform_(machine.platform()),
      interrupt_request_(platform_.interrupt_request()),
      clock_(platform_.clock()) {
  // The first interpreter on a machine drives its virtual time (KVM's assistant, made later on
  // a machine KVM runs, does not).
  if (clock_ != nullptr && clock_->is_virtual() && !clock_->has_source()) {
    clock_->follow_instructions(&cpu_.instructions);
    drives_clock_ = true;
  }
  with_choices(profile_, [this]<class P>() {
    cpu_.flags_held = P::flags_held;
    cpu_.loadable_flags16 = P::loadable_flags16;
    cpu_.stack_limit_fault = P::stack_limit_fault;
    cpu_.ivt_limit_fault = P::ivt_limit_fault;
  });
  set_state(machine.initial_state());
}

Interpreter::~Interpreter() {
  if (drives_clock_) clock_->follow_instructions(nullptr);
  if (logging_) cpu_.log_accesses(nullptr);  // the machine's port bus outlives the log
}

CpuState Interpreter::state() {
  CpuState state;
  std::copy_n(cpu_.gpr.begin(), state.gpr.size(), state.gpr.begin());
  state.eip = cpu_.eip;
  state.eflags = cpu_.flags.value();
  state.seg = cpu_.seg;
  state.idtr = cpu_.idtr;
  state.gdtr = cpu_.gdtr;
  state.cr0 = cpu_.cr0;
  state.interrupt_shadow = cpu_.interrupt_shadow;
  return state;
}

void Interpreter::set_state(const CpuState& state) {
  std::copy(state.gpr.begin(), state.gpr.end(), cpu_.gpr.begin());
  cpu_.eip = state.eip;
  cpu_.flags.set((state.eflags & cpu_.flags_held) | flag::reserved1);
  cpu_.seg = state.seg;
  cpu_.idtr = state.idtr;
  cpu_.gdtr = state.gdtr;
  cpu_.cr0 = state.cr0;
  cpu_.interrupt_shadow = state.interrupt_shadow;
  paused_rep_.reset();
}

std::vector<StatCounter> Interpreter::stats() const {
  return {{"instructions", cpu_.instructions},
          {"instructions decoded", cache_.decoded()},
          {"decoded instructions invalidated (self-modifying code)", cache_.invalidated()},
          {"blocks built", blocks_.built()},
          {"exceptions and interrupts delivered", exceptions_},
          {"hardware interrupts taken", interrupts_},
          {"HLT waits for an interrupt", halts_waited_}};
}

// Runs `block` and whatever blocks it goes on into (end_block) before `end_count`. Returns false
// when an instruction reported an event: IP, the instruction's own IP and the count are then as
// the single-instruction path leaves them (the reporting instruction not yet counted). A fault
// leaves them for Interpreter::fault. Otherwise cpu_.current_block is the last block run, IP is
// where its last instruction sent it, and the count is up to date.
[[gnu::always_inline]] inline bool Interpreter::run_block(Block& block, std::uint64_t end_count) {
  // IP as the single-instruction path sets it for the last entry (an exit form sets it itself): no
  // entry before it reads or writes IP (stop_in_block corrects both for them).
  if (!block.ends_in_exit) {
    cpu_.instruction_eip = block.last_ip;
    cpu_.eip = block.fallthrough;
  }
  cpu_.current_block = &block;
  cpu_.chain_end = std::min(end_count, cpu_.instructions + Cpu::max_chain);
  const BlockEntry& first = block.entries.front();
  try {
    first.chain(cpu_, first);
  } catch (const GuestFault&) {
    stop_in_block(*cpu_.current_block, static_cast<std::size_t>(cpu_.block_entry - cpu_.current_block->entries.data()));
    throw;
  }
  if (cpu_.events != 0) [[unlikely]] {
    stop_in_block(*cpu_.current_block, static_cast<std::size_t>(cpu_.block_entry - cpu_.current_block->entries.data()));
    return false;
  }
  return true;
}

// Runs the first `n` (fewer than all) entries of `block` as a block of their own: the count
// allows no more.
void Interpreter::run_first(const Block& block, std::uint32_t n) {
  if (n == 0) return;
  Block first;  // fixed_successors false: it goes on into nothing
  first.ip = block.ip;
  first.count = n;
  first.entries.assign(block.entries.begin(), block.entries.begin() + n);
  // Flags the whole block would overwrite are not dead when it stops early: every entry exact.
  for (std::uint32_t i = 0; i < n; ++i) first.entries[i].chain = block.exact[i];
  first.entries.push_back(end_of_block);
  std::uint32_t at = block.ip;
  for (std::uint32_t i = 0; i < n; ++i) {
    first.last_ip = at;
    at += block.entries[i].insn.length;
  }
  first.fallthrough = at & 0xFFFF;
  run_block(first, cpu_.instructions + n);  // its last entry continues straight: IP ends at the fallthrough
}

// The state after block entry `index` stopped the block (an event or a fault), as the
// single-instruction path would have left it.
void Interpreter::stop_in_block(const Block& block, std::size_t index) {
  cpu_.instructions += index;
  // The last entry ran with IP set for it, and may have moved it (a REP string instruction
  // between iterations, a branch that faulted before it moved).
  if (index + 1 == block.count) return;
  std::uint32_t at = block.ip;
  for (std::size_t i = 0; i < index; ++i) at += block.entries[i].insn.length;
  cpu_.instruction_eip = at;
  cpu_.eip = (at + block.entries[index].insn.length) & 0xFFFF;
}

CachedInstruction* Interpreter::fetch() {
  if (cpu_.eip > cpu_.seg[cs_index].limit) throw GuestFault{vector::general_protection};
  std::uint32_t linear = cpu_.seg[cs_index].base + cpu_.eip;
  if (linear >= cpu_.ram_size) linear = cpu_.through_a20(linear);  // code at 1 MiB with A20 closed
  if (linear >= cpu_.ram_size) {
    cpu_.request_stop(Stop::unassigned_fetch);
    return nullptr;
  }
  if (CachedInstruction* entry = cache_.lookup(linear)) return entry;
  CachedInstruction& entry = decode_at(linear);
  return cpu_.stop == Stop::none ? &entry : nullptr;
}

std::span<const std::uint8_t> Interpreter::instruction_bytes(const CachedInstruction& entry) const {
  std::uint32_t linear = cpu_.seg[cs_index].base + cpu_.eip;
  if (linear >= cpu_.ram_size) linear = cpu_.through_a20(linear);  // fetch() found it there
  return {cpu_.ram + linear, std::min<std::uint32_t>(entry.insn.length, cpu_.ram_size - linear)};
}

void Interpreter::emit_trace(const CachedInstruction& entry) {
  trace_(format_trace_line(state(), instruction_bytes(entry), entry.insn, trace_mode_));
}

bool Interpreter::needs_general_path() const {
  return cpu_.flags.tf() || cpu_.interrupt_shadow || trace_mode_ != TraceMode::off || debugging_ || logging_;
}

void Interpreter::set_debug_points(const DebugPoints& points) {
  debug_ = points;
  debugging_ = !debug_.empty();
  cpu_.watch_memory(&debug_);
  apply_iteration_mode();
}

void Interpreter::apply_iteration_mode() {
  // The lockstep follows KVM's REP steps; a watchpoint reports the iteration that touched it.
  cpu_.one_iteration_per_step = lockstep_iterations_ || debugging_;
}

bool Interpreter::debug_stop_after(const x86::Instruction* insn) {
  if (cpu_.watch_hit) {
    debug_stop_ = cpu_.watch_hit;
    cpu_.watch_hit.reset();
  } else if (insn != nullptr && debug_.magic_break && x86::is_magic_break(*insn)) {
    debug_stop_ = DebugStop{DebugStop::Kind::magic_break, {}, cpu_.seg[cs_index].base + cpu_.eip};
  } else {
    return false;
  }
  if (cpu_.stop == Stop::none) cpu_.stop = Stop::debug;
  return true;
}

// After an instruction: the events it reported, the count, and the single-step trap. Returns
// true when the run must stop.
bool Interpreter::finish_instruction(bool trap) {
  std::uint8_t events = cpu_.events;
  cpu_.events = 0;
  if (!(events & Cpu::repeat_pending)) ++cpu_.instructions;
  cpu_.interrupt_shadow = (events & (Cpu::inhibit_trap | Cpu::sti_shadow)) != 0;
  if (events & Cpu::stop_requested) return true;
  if (trap && !(events & Cpu::inhibit_trap)) {
    raise_exception(vector::debug);  // a trap: the pushed IP is the next instruction's
    return cpu_.stop != Stop::none;
  }
  return false;
}

bool Interpreter::execute_one() {
  if (!logging_) [[likely]] return execute_general();
  const std::uint64_t told = log_->told();
  const bool stop = execute_general();
  if (log_->told() != told) log_->end(state());
  if (!log_->active()) {
    logging_ = false;
    cpu_.log_accesses(nullptr);
    log_.reset();
  }
  return stop;
}

// The general path, for single-stepping, tracing, the interrupt shadow and instructions not yet
// decoded.
bool Interpreter::execute_general() {
  const bool trap = cpu_.flags.tf();  // TF at the start of an instruction traps after it
  cpu_.instruction_eip = cpu_.eip;
  try {
    // A REP instruction paused between iterations goes on as it was decoded, even if it has
    // overwritten its own bytes: it is still executing (unless an interrupt came in between).
    // It runs from a copy, since an iteration may invalidate its cache entry.
    const std::uint32_t linear = cpu_.seg[cs_index].base + cpu_.eip;
    CachedInstruction rep_copy;
    CachedInstruction* entry = nullptr;
    std::optional<InstructionLog::Fetch> told;
    if (logging_) [[unlikely]] told = log_fetch(linear, paused_rep_ && paused_rep_->linear == linear);
    if (paused_rep_ && paused_rep_->linear == linear) {
      rep_copy = paused_rep_->entry;
      entry = &rep_copy;
    } else {
      entry = fetch();
      if (entry != nullptr && entry->insn.has(x86::prefix::rep | x86::prefix::repne)) {
        rep_copy = *entry;
        entry = &rep_copy;
      }
    }
    const bool continuing_rep = entry == &rep_copy && paused_rep_.has_value();
    paused_rep_.reset();
    if (entry == nullptr) return true;
    // A breakpoint stops an instruction before it begins (not between a REP's iterations).
    if (check_breakpoints_ && !continuing_rep && debug_.has_breakpoint(linear)) [[unlikely]] {
      cpu_.eip = cpu_.instruction_eip;
      debug_stop_ = DebugStop{DebugStop::Kind::breakpoint, {}, linear};
      cpu_.stop = Stop::debug;
      return true;
    }
    if (trace_mode_ != TraceMode::off) [[unlikely]] emit_trace(*entry);
    if (told) [[unlikely]] {
      told->bytes = instruction_bytes(*entry);
      log_->begin(state(), *entry, *told);
    }
    cpu_.interrupt_shadow = false;
    cpu_.eip = (cpu_.eip + entry->insn.length) & 0xFFFF;
    entry->handler.step(cpu_, entry->insn);
    if (cpu_.events & Cpu::repeat_pending) paused_rep_ = PausedRep{linear, *entry};
    if (debugging_) [[unlikely]] {
      const bool stop = finish_instruction(trap);
      return debug_stop_after(&entry->insn) || stop;
    }
  } catch (const GuestFault& guest_fault) {
    const bool stop = fault(guest_fault);
    return (debugging_ && debug_stop_after(nullptr)) || stop;
  }
  return finish_instruction(trap);
}

RunResult Interpreter::result_for_stop() {
  CpuState now = state();
  const std::string where = format_cs_ip(now);
  const std::uint64_t insns = cpu_.instructions;
  switch (cpu_.stop) {
    case Stop::hlt: return final_halt_ ? halted_for_good(*final_halt_, where, insns) : halted(insns);
    case Stop::exit_device: return requested_end(machine_.exit_request(), where, insns);
    case Stop::shutdown: return triple_fault_at(where, insns);
    case Stop::unassigned_fetch: return unassigned_fetch_at(where, insns);
    case Stop::unsupported:
      // The instruction has not changed the state: describe it where it stands.
      now.eip = cpu_.instruction_eip;
      return {StopReason::error, to_int(ExitStatus::guest_fault),
              fmt::format("{} at {}; emu's interpreter stops here", cpu_.stop_message,
                          describe_instruction_at(machine_.memory(), now, instruction_set_)),
              insns};
    case Stop::debug: return debug_stopped(debug_stop_.value_or(DebugStop{}), insns);
    case Stop::none: break;
  }
  return {StopReason::hlt, 0, "", insns};
}

RunResult Interpreter::step() {
  cpu_.drop_code_written_by_host();
  cpu_.stop = Stop::none;
  cpu_.events = 0;
  final_halt_.reset();
  // A HLT that waits (a timed machine) is a step done: the interrupt comes at the next boundary.
  if (execute_one() && run_ends()) return result_for_stop();
  return {StopReason::limit, to_int(ExitStatus::limit), "", cpu_.instructions};
}

RunResult Interpreter::step_instruction(const RunLimits& limits) {
  stop_ = limits.stop;  // a HLT's wait ends for a stop request
  cpu_.one_iteration_per_step = true;  // as under the trap flag
  RunResult result = step();
  apply_iteration_mode();
  stop_ = nullptr;
  if (result.reason != StopReason::limit) return result;
  return debug_stopped(DebugStop{DebugStop::Kind::step, {}, cpu_.seg[cs_index].base + cpu_.eip}, cpu_.instructions);
}

RunResult Interpreter::step_uncached() {
  std::uint32_t linear = cpu_.seg[cs_index].base + cpu_.eip;
  if (linear < cpu_.ram_size) cache_.invalidate(linear, x86::max_instruction_length);
  return step();
}

RunResult Interpreter::execute_instruction(CpuState& state, bool one_iteration) {
  set_state(state);
  if (one_iteration) cpu_.one_iteration_per_step = true;
  RunResult result = step_uncached();
  apply_iteration_mode();
  state = this->state();
  return result;
}

// Cached instructions, as blocks (block_at, run_block), until one reports an event (cpu_.events
// is then set and the instruction not yet counted), the next one is not cached or lies past CS's
// limit, or the count reaches `end_count` (the last block then runs only as far as the count
// allows). Written so that what lives across the handler calls (this, the block, the budget)
// fits in callee-saved registers.
void Interpreter::run_cached(std::uint64_t end_count) {
  const SegmentRegister& cs = cpu_.seg[cs_index];
  // Every block was built for a CS limit and the decode cache's contents; within this loop
  // neither changes (an invalidation stops it with an event).
  blocks_.clear_unless_built_for(cache_.generation(), cs.limit);
  std::uint32_t ip = cpu_.eip;
  CachedInstruction* head = ip <= cs.limit ? cache_.lookup(cs.base + ip) : nullptr;
  if (head == nullptr) return;
  Block* block = &block_at(*head, cs.base, ip);
  for (;;) {
    if (block->count > end_count - cpu_.instructions) [[unlikely]] {
      run_first(*block, static_cast<std::uint32_t>(end_count - cpu_.instructions));
      return;
    }
    if (!run_block(*block, end_count)) return;
    block = cpu_.current_block;
    // The next block: from the link this block keeps for the way it went, or looked up.
    ip = cpu_.eip;
    const std::uint32_t linear = cs.base + ip;
    Block::Link& link = block->next[ip != block->fallthrough];
    if (linear == link.linear && ip == link.ip) [[likely]] {
      block = link.block;
      continue;
    }
    head = ip <= cs.limit ? cache_.lookup(linear) : nullptr;
    if (head == nullptr) return;
    const std::uint64_t epoch = blocks_.epoch();
    Block& found = block_at(*head, cs.base, ip);
    if (blocks_.epoch() == epoch) link = {linear, ip, &found};  // else `block` itself was freed
    block = &found;
  }
}

std::optional<x86::Instruction> Interpreter::paused_instruction() const {
  if (!paused_rep_ || paused_rep_->linear != cpu_.seg[cs_index].base + cpu_.eip) return std::nullopt;
  return paused_rep_->entry.insn;
}

std::string Interpreter::description() const {
  return fmt::format("portable interpreter, CPU profile {}", profile_name(profile_));
}

bool Interpreter::take_interrupt() {
  if (!interrupt_request_ || !cpu_.flags.if_() || cpu_.interrupt_shadow) return false;
  enter_external_interrupt(platform_.acknowledge_interrupt());
  return true;
}

void Interpreter::enter_external_interrupt(std::uint8_t vector) {
  ++interrupts_;
  paused_rep_.reset();  // an interrupted REP instruction is fetched afresh after the IRET
  cpu_.instruction_eip = cpu_.eip;
  try {
    ++exceptions_;
    last_exception_ = vector;
    enter_interrupt(cpu_, vector, cpu_.eip);
    if (logging_) [[unlikely]] log_->delivered(vector, "hardware interrupt taken between instructions: vector", state());
  } catch (const GuestFault& fault) {
    // External interrupts are benign (SDM Vol. 3, 6.15): a fault in delivering one is delivered
    // as itself.
    raise_exception(fault.vector);
  }
  cpu_.events &= Cpu::stop_requested;
}

RunResult Interpreter::deliver_interrupt(CpuState& state, std::uint8_t vector) {
  set_state(state);
  cpu_.stop = Stop::none;
  cpu_.events = 0;
  enter_external_interrupt(vector);
  state = this->state();
  if (cpu_.stop != Stop::none || (debugging_ && debug_stop_after(nullptr))) return result_for_stop();
  return {StopReason::limit, to_int(ExitStatus::limit), "", cpu_.instructions};
}

bool Interpreter::run_ends() {
  if (cpu_.stop != Stop::hlt || clock_ == nullptr) return true;
  // HLT on a machine with an interrupt controller: the CPU stays halted until an interrupt it
  // takes (or a stop request, which the run loop honours before any instruction), if one can
  // come at all.
  if (!cpu_.flags.if_()) {
    final_halt_ = FinalHalt::interrupts_disabled;
    return true;
  }
  ++halts_waited_;
  if (!platform_.wait_while_halted(stop_)) {
    final_halt_ = FinalHalt::nothing_left;
    return true;
  }
  cpu_.stop = Stop::none;
  return false;
}

std::uint64_t Interpreter::device_budget() {
  if (!clock_->is_virtual()) return host_clock_poll_interval;
  std::optional<std::uint64_t> deadline = platform_.next_event();
  if (!deadline) return stop_check_interval;
  const std::uint64_t until = clock_->instructions_until(*deadline);
  return until > cpu_.instructions ? until - cpu_.instructions : 1;
}

RunResult Interpreter::run(const RunLimits& limits) {
  // The stop request is the run's: a HLT waiting in a later step() must not look at it.
  stop_ = limits.stop;
  struct ForgetStop {
    const StopRequest*& stop;
    ~ForgetStop() { stop = nullptr; }
  } forget_stop{stop_};
  cpu_.drop_code_written_by_host();
  check_breakpoints_ = true;
  struct ForgetBreakpoints {
    bool& check;
    ~ForgetBreakpoints() { check = false; }
  } forget_breakpoints{check_breakpoints_};
  cpu_.stop = Stop::none;
  final_halt_.reset();
  cpu_.events = 0;
  const std::uint64_t max_insns = limits.max_insns.value_or(UINT64_MAX);
  const bool timed = clock_ != nullptr;
  for (;;) {
    if (cpu_.instructions >= max_insns) {
      return max_insns_reached(max_insns, format_cs_ip(state()), cpu_.instructions);
    }
    if (limits.stop != nullptr && limits.stop->requested()) {
      return stopped_by(*limits.stop, format_cs_ip(state()), cpu_.instructions);
    }
    // Run a chunk between the checks above; REP instructions that yield count toward it too.
    std::uint64_t budget = std::min<std::uint64_t>(max_insns - cpu_.instructions, stop_check_interval);
    if (timed) {
      // The devices up to now, an interrupt taken at this boundary, and the chunk no longer
      // than to the next timer event.
      platform_.advance();
      if (take_interrupt() && (cpu_.stop != Stop::none || (debugging_ && debug_stop_after(nullptr)))) {
        return result_for_stop();
      }
      budget = std::min(budget, device_budget());
    }
    const std::uint64_t chunk_end = cpu_.instructions + budget;
    std::uint64_t yields = 0;
    try {
      // The fast path (run_cached) while nothing needs the general path (TF, an interrupt
      // shadow, tracing); the general path for one instruction when the fast path stops at one
      // it has not decoded yet. On a timed machine, anything an instruction reports (a port
      // write, FLAGS loaded, STI) goes back to the top, where interrupts are looked at.
      bool slow = needs_general_path();
      while (cpu_.instructions + yields < chunk_end) {
        if (!slow) {
          run_cached(chunk_end - yields);
          if (cpu_.events != 0) [[unlikely]] {
            if (cpu_.events & Cpu::repeat_pending) ++yields;
            if (finish_instruction(false) && run_ends()) return result_for_stop();
            if (timed) break;
            slow = needs_general_path();
            continue;
          }
          if (cpu_.instructions + yields >= chunk_end) continue;
        }
        if (execute_one() && run_ends()) return result_for_stop();
        if (timed) break;
        slow = needs_general_path();
      }
    } catch (const GuestFault& guest_fault) {
      if (fault(guest_fault) && run_ends()) return result_for_stop();
    }
  }
}

}  // namespace emu::interp
