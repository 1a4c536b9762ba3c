#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "backends/interp/decode_cache.h"
#include "core/bus.h"
#include "core/cpu_state.h"

namespace emu::interp {

// --log-interp=N (docs/learn.md): what the interpreter does with each of the first N instructions
// it executes, told as it happens: the bytes fetched, whether the decode cache had them, the
// decoded form, the handler chosen, the block the fast path would run it in (built or reused),
// the memory and port accesses, the registers and flags changed, exceptions and interrupts
// delivered. The Interpreter runs every instruction through its general path while the log is
// active (Cpu::access_log set: no access is inline) and not at all afterwards, so a run without it
// pays nothing.
class InstructionLog {
 public:
  // `ports`: the machine's port bus, which the log's tap (ports()) stands in front of.
  InstructionLog(std::uint64_t count, std::function<void(const std::string&)> sink, Bus& ports);
  InstructionLog(const InstructionLog&) = delete;
  InstructionLog& operator=(const InstructionLog&) = delete;

  bool active() const { return told_ < count_; }
  std::uint64_t told() const { return told_; }

  // A line of its own, before the instruction it concerns (a block built, an interrupt taken).
  void note(std::string_view text);

  // One instruction's story: begin() when it has been fetched, the accesses as they happen, end()
  // when it is done (or has faulted: delivered() tells the exception first).
  struct Fetch {
    std::uint32_t linear;
    std::span<const std::uint8_t> bytes;
    bool was_cached;          // the decode cache had it: no decoding
    std::string block_place;  // where the fast path would run it ("entry 2 of 5 of block ..."), or empty
  };
  void begin(const CpuState& before, const CachedInstruction& entry, const Fetch& fetch);
  void memory(std::uint32_t linear, unsigned size, bool is_write, std::uint32_t value);
  // The ports as the logged instructions see them: every byte passes through to the machine's
  // ports and is told on its way (the bytes of one access, which the bus splits, told as one).
  Bus& ports() { return tapped_ports_; }
  void bulk(std::uint32_t destination, std::uint32_t bytes, std::optional<std::uint32_t> source);
  // An exception or interrupt entering its handler through the IVT (during an instruction or
  // between two).
  void delivered(std::uint8_t vector, std::string_view why, const CpuState& at_handler);
  void end(const CpuState& after);

 private:
  // Forwards each byte to the machine's ports and shows it to the log.
  class PortTap final : public BusDevice {
   public:
    PortTap(Bus& ports, InstructionLog& log) : ports_(ports), log_(log) {}
    std::uint8_t read8(std::uint64_t port) override;
    void write8(std::uint64_t port, std::uint8_t value) override;

   private:
    Bus& ports_;
    InstructionLog& log_;
  };
  // A port access being told, while more of its bytes may follow.
  struct PortAccess {
    std::uint64_t port;
    unsigned size;
    bool is_out;
    std::uint32_t value;
  };
  void port_byte(std::uint64_t port, bool is_out, std::uint8_t value);
  void tell_port_access();

  void write(const std::string& line) { sink_(line + "\n"); }
  void access(const std::string& text);

  std::uint64_t count_;
  std::uint64_t told_ = 0;
  std::function<void(const std::string&)> sink_;
  std::optional<CpuState> before_;  // of the instruction being told
  std::size_t accesses_told_ = 0;  // of the instruction being told
  std::uint64_t accesses_left_out_ = 0;
  std::optional<PortAccess> port_access_;
  PortTap tap_;
  Bus tapped_ports_{"ports, as --log-interp sees them"};
};

// The step function's name, as the compiler gave it (handler_forms.h, step_function_name):
// "add<1, Form::reg>" from GCC's text, the bare name from Clang's.
std::string handler_name(const Handler& handler);

// The decoded form in words: "mov (family move), 2 bytes, operand size 1; operands: register al,
// immediate 0x48; flags read: none, written: none".
std::string decoded_form_text(const x86::Instruction& insn, std::uint32_t ip);

// The registers, flags and other state fields that differ, "esi 0x0 -> 0x10, eflags 0x2 -> 0x46
// (PF ZF set)", or "nothing".
std::string changes_text(const CpuState& before, const CpuState& after);

}  // namespace emu::interp
