#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "backends/interp/decode_cache.h"
#include "backends/interp/guest_exception.h"
#include "backends/interp/lazy_flags.h"
#include "core/bus.h"
#include "core/cpu_state.h"
#include "core/debug_points.h"
#include "core/little_endian.h"
#include "decoder/instruction.h"
#include "core/exit_request.h"

namespace emu::interp {

class InstructionLog;

// Why the interpreter stops; `none` while it runs.
enum class Stop : std::uint8_t { none, hlt, exit_device, unsupported, shutdown, unassigned_fetch, debug };

template <unsigned N>
constexpr std::uint32_t size_mask() {
  return N == 4 ? 0xFFFFFFFFu : (1u << (8 * N)) - 1;
}

// An N-byte value sign-extended to 32 bits.
template <unsigned N>
constexpr std::uint32_t sign_extend(std::uint32_t value) {
  if constexpr (N == 1) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(value)));
  if constexpr (N == 2) return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(value)));
  if constexpr (N == 4) return value;
}

// The same as a signed number.
template <unsigned N>
constexpr std::int32_t to_signed(std::uint32_t value) {
  return static_cast<std::int32_t>(sign_extend<N>(value));
}

// Segment register numbers as Cpu::seg and the encoding number them.
inline constexpr unsigned ss_index = static_cast<unsigned>(Sreg::ss);
inline constexpr unsigned es_index = static_cast<unsigned>(Sreg::es);
inline constexpr unsigned cs_index = static_cast<unsigned>(Sreg::cs);
inline constexpr unsigned ds_index = static_cast<unsigned>(Sreg::ds);

// The interpreter's vCPU: architectural state plus the host pointers it runs against.
// Handlers (alu.cpp, move.cpp, ...) act on it; the run loop is in interpreter.cpp.
struct Cpu {
  Cpu(std::uint8_t* ram, std::uint32_t ram_size, Bus& io, Bus& mmio, ExitRequest& exit_request, const bool& a20,
      DecodeCache& cache)
      : ram(ram),
        ram_size(ram_size),
        io(&io),
        machine_ports(io),
        mmio(mmio),
        exit_request(exit_request),
        a20(a20),
        cache(cache),
        code_marks(cache.code_marks()),
        direct_end(all_inline()) {}

  // --- architectural state -------------------------------------------------------------
  // EAX..EDI, then zeros: an address register number that is x86::no_register (0xFF) reads 0,
  // so effective_address() needs no test (nor mask) for an absent base or index.
  std::array<std::uint32_t, 256> gpr{};
  std::uint32_t eip = 0;
  Flags flags;
  // The rest of CpuState as it is (its reset values: reset_state(), set by the Interpreter).
  std::array<SegmentRegister, 6> seg{};
  DescriptorTable idtr{};
  DescriptorTable gdtr{};
  std::uint32_t cr0 = 0;
  bool interrupt_shadow = false;

  // --- the CPU profile's facts for rare paths (profile_choices.h; the Interpreter copies them) --
  std::uint32_t flags_held = 0xFFFFFFFFu;
  std::uint32_t loadable_flags16 = 0x7FD5;
  std::uint8_t stack_limit_fault = vector::stack_fault;
  std::uint8_t ivt_limit_fault = vector::general_protection;

  // --- per-instruction bookkeeping ----------------------------------------------------
  // Rare things a handler reports, so that one byte is tested after each instruction (in a block,
  // only after one that can report any: handlers.h, reports_no_events).
  enum Event : std::uint8_t {
    stop_requested = 1,  // see `stop`
    repeat_pending = 2,  // a REP instruction stopped between iterations: IP is still on it
    inhibit_trap = 4,    // MOV SS / POP SS: no single-step trap, no interrupt after this one
    sti_shadow = 8,      // STI enabling interrupts: none until after the next instruction
    flags_loaded = 16,   // POPF/IRET loaded FLAGS: TF may have changed
    code_modified = 32,  // a write dropped cached instructions: a running block may be stale
    device_notice = 64,  // a port write changed the interrupt line or a timer (ExitRequest::notice)
  };
  std::uint8_t events = 0;
  bool one_iteration_per_step = false;  // lockstep comparison: REP instructions advance one iteration at a time
  std::uint32_t instruction_eip = 0;  // IP of the instruction being executed (faults report it)
  const BlockEntry* block_entry = nullptr;  // the block entry that reported an event or faulted
  // Blocks (block_cache.h): the one running, and the count that blocks going straight on into
  // each other must not pass: the run loop's limit, or fewer (max_chain) instructions from where
  // it started the first, so that the stack stays bounded even where the compiler does not turn
  // the chain into jumps.
  Block* current_block = nullptr;
  std::uint64_t chain_end = 0;
  static constexpr std::uint64_t max_chain = 1024;
  std::uint64_t instructions = 0;     // completed instructions (a REP instruction counts once)
  Stop stop = Stop::none;
  std::string stop_message;

  // --- what it runs against ----------------------------------------------------------
  std::uint8_t* ram;
  std::uint32_t ram_size;
  Bus* io;              // the ports instructions use: the machine's, or --log-interp's tap in front of them
  Bus& machine_ports;
  Bus& mmio;
  ExitRequest& exit_request;
  const bool& a20;  // the platform's A20 gate: closed, bit 20 of a physical address is 0
  DecodeCache& cache;
  const std::uint8_t* code_marks;  // cache.code_marks(), one load nearer
  // Accesses at linear addresses below this are made inline (those of up to 4 bytes that end in
  // RAM); the rest in read/write_physical_slow. 0 while the debugger watches memory, so that
  // every access passes the watchpoints there at no cost to the inline path otherwise.
  std::uint32_t direct_end;
  const DebugPoints* watching = nullptr;  // the debugger's watchpoints, or null
  std::optional<DebugStop> watch_hit;     // the first watched access since the debugger looked
  // The direct_end with nothing watched: every access of up to 4 bytes that ends in RAM.
  std::uint32_t all_inline() const { return ram_size - 3; }
  // --log-interp's log while it tells instructions' stories (instruction_log.h), else null: it
  // sees every memory access (none is inline then), and `io` is its tap on the ports.
  InstructionLog* access_log = nullptr;
  // The debugger's watchpoints from now on (null or none: no access leaves the inline path).
  void watch_memory(const DebugPoints* points) {
    watching = points != nullptr && !points->watchpoints.empty() ? points : nullptr;
    watch_hit.reset();
    choose_direct_end();
  }
  void log_accesses(InstructionLog* log);
  void choose_direct_end() { direct_end = watching != nullptr || access_log != nullptr ? 0 : all_inline(); }

  // --- registers ----------------------------------------------------------------------
  template <unsigned N>
  std::uint32_t reg(unsigned r) const {
    if constexpr (N == 1) return (gpr[r & 3] >> ((r & 4) << 1)) & 0xFF;  // AL CL DL BL AH CH DH BH
    if constexpr (N == 2) return gpr[r] & 0xFFFF;
    if constexpr (N == 4) return gpr[r];
  }
  template <unsigned N>
  void set_reg(unsigned r, std::uint32_t value) {
    if constexpr (N == 1) {
      unsigned shift = (r & 4) << 1;
      gpr[r & 3] = (gpr[r & 3] & ~(0xFFu << shift)) | ((value & 0xFF) << shift);
    }
    if constexpr (N == 2) gpr[r] = (gpr[r] & 0xFFFF0000u) | (value & 0xFFFF);
    if constexpr (N == 4) gpr[r] = value;
  }
  void load_segment(unsigned sreg, std::uint16_t selector) { load_real_mode_segment(seg[sreg], selector); }

  // --- physical memory ----------------------------------------------------------------
  // The address the bus sees: bit 20 held at 0 while the A20 gate is closed.
  std::uint32_t through_a20(std::uint32_t address) const { return a20 ? address : address & ~(1u << 20); }
  // RAM is read and written in place; anything else goes to the MMIO bus (unassigned: 0xFF).
  template <unsigned N>
  std::uint32_t read_physical(std::uint32_t linear) {
    if (linear < direct_end) [[likely]] return load_le<N>(ram + linear);
    return read_physical_slow(linear, N);
  }
  // Plain RAM that holds no cached code is written inline; everything else (code, MMIO) in
  // write_physical_slow, so that the inline path calls nothing and its handler needs no frame.
  template <unsigned N>
  void write_physical(std::uint32_t linear, std::uint32_t value) {
    if (linear < direct_end && !marks_code<N>(linear)) [[likely]] {
      store_le<N>(ram + linear, value);
      return;
    }
    write_physical_slow(linear, N, value);
  }
  // True when any of the N RAM bytes at `linear` belongs to a cached instruction: one load.
  template <unsigned N>
  [[gnu::always_inline]] bool marks_code(std::uint32_t linear) const {
    std::uint32_t marks = 0;
    for (unsigned i = 0; i < N; ++i) marks |= code_marks[linear + i];
    return marks != 0;
  }
  // RAM bytes holding cached code are about to change: drop what they held, and tell the run
  // loop, which must not go on with a block decoded from the old bytes.
  void code_written(std::uint32_t linear, std::uint32_t count) {
    if (cache.invalidate(linear, count)) events |= code_modified;
  }
  // The debugger's watchpoints see the access (watching set).
  void watch_access(std::uint32_t linear, unsigned size, bool is_write) {
    if (watch_hit) return;
    if (const Watchpoint* watch = watching->triggered(linear, size, is_write)) {
      watch_hit = DebugStop::watch_hit(*watch, linear, is_write);
    }
  }
  std::uint32_t read_physical_slow(std::uint32_t linear, unsigned size);
  void write_physical_slow(std::uint32_t linear, unsigned size, std::uint32_t value);

  // A REP MOVS (from `source`) or STOS done in one host copy or fill (string.cpp, bulk), for the log.
  void log_bulk(std::uint32_t destination, std::uint32_t bytes, std::optional<std::uint32_t> source);

  // --- segmented memory: offset is already wrapped to the address size ----------------
  // An access that runs past the segment limit (0xFFFF in real mode) raises #GP, or for SS the
  // profile's stack_limit_fault.
  template <unsigned N>
  std::uint32_t linear_address(unsigned sreg, std::uint32_t offset) const {
    const SegmentRegister& segment = seg[sreg];
    if (std::uint64_t{offset} + (N - 1) > segment.limit) [[unlikely]] {
      throw GuestFault{sreg == static_cast<unsigned>(Sreg::ss) ? stack_limit_fault : vector::general_protection};
    }
    return segment.base + offset;
  }
  template <unsigned N>
  std::uint32_t read(unsigned sreg, std::uint32_t offset) {
    return read_physical<N>(linear_address<N>(sreg, offset));
  }
  template <unsigned N>
  void write(unsigned sreg, std::uint32_t offset, std::uint32_t value) {
    write_physical<N>(linear_address<N>(sreg, offset), value);
  }

  // The common case of read/write alone, for a block's fast forms (operands.h, handler_with_try):
  // false, with nothing done, where the access would fault, reach beyond plain RAM or (a write)
  // touch cached code; the caller then runs the exact handler instead. Calls nothing, so a
  // handler made of these needs no stack frame.
  template <unsigned N>
  [[gnu::always_inline]] bool try_read(unsigned sreg, std::uint32_t offset, std::uint32_t& value) const {
    const SegmentRegister& segment = seg[sreg];
    if (std::uint64_t{offset} + (N - 1) > segment.limit) [[unlikely]] return false;
    const std::uint32_t linear = segment.base + offset;
    if (linear >= direct_end) [[unlikely]] return false;
    value = load_le<N>(ram + linear);
    return true;
  }
  template <unsigned N>
  [[gnu::always_inline]] bool try_write(unsigned sreg, std::uint32_t offset, std::uint32_t value) {
    const SegmentRegister& segment = seg[sreg];
    if (std::uint64_t{offset} + (N - 1) > segment.limit) [[unlikely]] return false;
    const std::uint32_t linear = segment.base + offset;
    if (linear >= direct_end) [[unlikely]] return false;
    if (marks_code<N>(linear)) [[unlikely]] return false;
    store_le<N>(ram + linear, value);
    return true;
  }

  // The memory operand's offset: base + index * scale + displacement, wrapped to the address
  // size A (2 or 4 bytes: 16-bit addressing has no scale).
  template <unsigned A>
  std::uint32_t effective_address(const x86::Instruction& insn) const {
    static_assert(x86::no_register >= 8 && x86::no_register < std::tuple_size_v<decltype(gpr)>,
                  "no_register reads a zero slot");
    const std::uint32_t base = static_cast<std::uint32_t>(insn.displacement) + gpr[insn.base];
    if constexpr (A == 2) return (base + gpr[insn.index]) & 0xFFFF;
    if constexpr (A == 4) return base + (gpr[insn.index] << insn.scale);
  }
  std::uint32_t effective_address(const x86::Instruction& insn) const {
    return insn.address32() ? effective_address<4>(insn) : effective_address<2>(insn);
  }

  // --- stack (SS:SP, or SS:ESP never: real-mode stacks use SP) ------------------------
  template <unsigned N>
  void push(std::uint32_t value) {
    std::uint32_t sp = (reg<2>(4) - N) & 0xFFFF;
    write<N>(static_cast<unsigned>(Sreg::ss), sp, value);
    set_reg<2>(4, sp);
  }
  template <unsigned N>
  std::uint32_t pop() {
    std::uint32_t sp = reg<2>(4);
    std::uint32_t value = read<N>(static_cast<unsigned>(Sreg::ss), sp);
    set_reg<2>(4, sp + N);
    return value;
  }

  // POPF/IRET in real mode: the flags the profile lets a program load (from the 386 on every flag
  // but VM/RF/VIP/VIF); bit 1 stays set, bits 3, 5 and 15 clear.
  template <unsigned N>
  void load_flags(std::uint32_t value) {
    std::uint32_t writable = N == 4 ? 0x00247FD5u : loadable_flags16;
    flags.set((flags.value() & ~writable & ~0x8028u) | (value & writable) | flag::reserved1);
    events |= flags_loaded;
  }

  // After a port write that asked for attention (ExitRequest): the end of the run, or a notice
  // the run loop acts on after this instruction.
  [[gnu::cold, gnu::noinline]] void on_port_attention() {
    drop_code_written_by_host();
    if (exit_request.pending()) {
      request_stop(Stop::exit_device);
      return;
    }
    exit_request.clear_notice();
    events |= device_notice;
  }

  // RAM the host wrote on the guest's behalf or a debugger's (ExitRequest::ram_written): the
  // instructions decoded there are dropped.
  void drop_code_written_by_host() {
    for (const ExitRequest::RamRange& range : exit_request.take_ram_written()) {
      if (range.address < ram_size) code_written(range.address, std::min(range.length, ram_size - range.address));
    }
  }

  // Ends the run after the current instruction.
  void request_stop(Stop reason, std::string message = {}) {
    stop = reason;
    stop_message = std::move(message);
    events |= stop_requested;
  }
};

}  // namespace emu::interp
