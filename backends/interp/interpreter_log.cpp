// --log-interp (instruction_log.h): the Interpreter's side, which knows where an instruction would
// run and which block the fast path would build or reuse there.
#include <fmt/format.h>

#include "backends/interp/interpreter.h"

namespace emu::interp {

void Interpreter::log_instructions(std::uint64_t count, std::function<void(const std::string&)> sink) {
  log_ = std::make_unique<InstructionLog>(count, std::move(sink), machine_.io());
  logging_ = count > 0;
  cpu_.log_accesses(logging_ ? log_.get() : nullptr);
}

std::string_view Interpreter::general_path_reason() const {
  if (!check_breakpoints_) return "stepped one at a time (Interpreter::step: the lockstep, gdb's stepi)";
  if (cpu_.flags.tf()) return "TF is set: a single-step trap follows each instruction";
  if (cpu_.interrupt_shadow) return "in an interrupt shadow (after MOV SS, POP SS or STI)";
  if (trace_mode_ != TraceMode::off) return "--trace prints each instruction";
  if (debugging_) return "gdb's breakpoints or watchpoints are set";
  return {};
}

InstructionLog::Fetch Interpreter::log_fetch(std::uint32_t linear, bool continuing_rep) {
  const SegmentRegister& cs = cpu_.seg[cs_index];
  const std::uint32_t ip = cpu_.eip;
  CachedInstruction* head = ip <= cs.limit ? cache_.lookup(linear) : nullptr;
  // Where fetch() will look: code at 1 MiB with the A20 gate closed is fetched from its wrap (no
  // block starts there: run_cached looks at the unwrapped address).
  const std::uint32_t fetched = linear >= cpu_.ram_size ? cpu_.through_a20(linear) : linear;
  InstructionLog::Fetch fetch{fetched, {}, ip <= cs.limit && cache_.lookup(fetched) != nullptr, {}};
  const auto alone = [](std::string_view why) {
    return fmt::format("alone, through the single-instruction path (Interpreter::execute_one): {}", why);
  };
  if (block_index_ < block_places_.size() && linear == block_next_linear_ && head != nullptr) {
    fetch.block_place = block_places_[block_index_++];
    block_next_linear_ = linear + head->insn.length;
    return fetch;
  }
  block_places_.clear();
  if (continuing_rep) {
    fetch.block_place = alone("a REP instruction going on after an iteration, as it was decoded");
    return fetch;
  }
  if (std::string_view why = general_path_reason(); !why.empty()) {
    fetch.block_place = alone(why);
    return fetch;
  }
  if (head == nullptr) {
    fetch.block_place = alone("the fast path runs blocks of instructions decoded before; this one is new");
    return fetch;
  }
  // What run_cached does here: the block this instruction starts, from the cache or built now.
  blocks_.clear_unless_built_for(cache_.generation(), cs.limit);
  const bool existed = head->block != nullptr && head->block->ip == ip;
  const Block& block = block_at(*head, cs.base, ip);
  const std::string name = fmt::format("{:04x}:{:04x}", cs.selector, ip);
  if (existed) {
    log_->note(fmt::format("block {} reused: built before, it runs again from its first entry", name));
  } else {
    log_->note(fmt::format("block {} built: {} instruction{} from the decode cache (those after the first decoded "
                           "ahead where new), the last at {:04x}:{:04x}{}; its entries run chained, each jumping "
                           "straight to the next",
                           name, block.count, block.count == 1 ? "" : "s", cs.selector, block.last_ip,
                           block.ends_in_exit ? ", a branch in its exit form" : ""));
  }
  for (std::uint32_t i = 0; i < block.count; ++i) {
    std::string place = fmt::format("entry {} of {} of block {}", i + 1, block.count, name);
    if (block.entries[i].chain != block.exact[i]) {
      place += "; there without computing flags, which are overwritten before anything reads them";
    }
    if (block.ends_in_exit && i + 1 == block.count) place += "; there in its exit form, both targets fixed";
    block_places_.push_back(std::move(place));
  }
  block_index_ = 1;
  block_next_linear_ = linear + head->insn.length;
  fetch.block_place = block_places_.front();
  return fetch;
}

}  // namespace emu::interp
