#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace emu {

// What a debugger (the gdb stub, src/app/gdb) asks a backend to stop at. Every address is linear
// (CS*16+IP for code): a breakpoint fires whatever segment:offset reaches it.
enum class WatchKind : std::uint8_t { write, read, access };

struct Watchpoint {
  std::uint32_t linear = 0;
  std::uint32_t length = 1;
  WatchKind kind = WatchKind::write;
  friend bool operator==(const Watchpoint&, const Watchpoint&) = default;

  bool overlaps(std::uint32_t address, std::uint32_t size) const {
    return address < linear + length && linear < address + size;
  }
  // Whether an access of this direction is one this watchpoint reports.
  bool watches(bool is_write) const { return kind == WatchKind::access || (kind == WatchKind::write) == is_write; }
};

struct DebugPoints {
  std::vector<std::uint32_t> breakpoints;  // linear addresses of instructions, before they execute
  std::vector<Watchpoint> watchpoints;     // data accesses, reported after the instruction
  bool magic_break = false;                // XCHG BX,BX stops after it executes (Bochs' magic breakpoint)
  friend bool operator==(const DebugPoints&, const DebugPoints&) = default;

  bool empty() const { return breakpoints.empty() && watchpoints.empty() && !magic_break; }
  bool has_breakpoint(std::uint32_t linear) const {
    return std::find(breakpoints.begin(), breakpoints.end(), linear) != breakpoints.end();
  }
  // The first watchpoint that an access of `size` bytes at `address` triggers, if any.
  const Watchpoint* triggered(std::uint32_t address, std::uint32_t size, bool is_write) const {
    for (const Watchpoint& watch : watchpoints) {
      if (watch.watches(is_write) && watch.overlaps(address, size)) return &watch;
    }
    return nullptr;
  }
};

// Why a backend stopped for the debugger (RunResult::debug_stop with StopReason::debug).
struct DebugStop {
  enum class Kind : std::uint8_t { breakpoint, watchpoint, magic_break, step, interrupted };
  Kind kind = Kind::step;
  WatchKind watch = WatchKind::write;
  std::uint32_t address = 0;  // breakpoint: its address; watchpoint: the first watched byte accessed
  friend bool operator==(const DebugStop&, const DebugStop&) = default;

  // The watched byte an access of `size` bytes at `address` hit first.
  static DebugStop watch_hit(const Watchpoint& watch, std::uint32_t address, bool is_write) {
    return {Kind::watchpoint, watch.kind == WatchKind::access ? WatchKind::access : (is_write ? WatchKind::write : WatchKind::read),
            std::max(address, watch.linear)};
  }
};

}  // namespace emu
