#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cpu_state.h"
#include "core/debug_points.h"
#include "core/run_result.h"
#include "core/stat_counter.h"
#include "core/stop_request.h"
#include "core/wake_alarm.h"

namespace emu {

struct RunLimits {
  std::optional<std::uint64_t> max_insns;  // backends that count instructions exactly
  // Polled between instructions; the run ends soon after a request (--timeout's deadline and
  // signals arrive here: cli/interruptions.h).
  StopRequest* stop = nullptr;
  // Where a backend that blocks (KVM) sets its wake-up for the next device timer; null: none.
  WakeAlarm* alarm = nullptr;
};

// One way of executing guest code on a Machine. The machine (RAM, buses, devices) outlives it.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // A short description for -v and --stats, such as the KVM module in use.
  virtual std::string description() const = 0;

  // Runs from the current state until the guest stops or a limit is reached.
  virtual RunResult run(const RunLimits& limits) = 0;

  virtual CpuState state() = 0;
  virtual void set_state(const CpuState& state) = 0;

  // The debugger's breakpoints, watchpoints and magic breakpoint, from now on (empty: none, and
  // nothing checked). run() then also ends with StopReason::debug: before an instruction at a
  // breakpoint (the one it starts at included), after one that accessed a watched byte.
  virtual void set_debug_points(const DebugPoints& points) = 0;
  // One instruction, or one iteration of a REP string instruction; an INT n stops at its
  // handler's first instruction; no hardware interrupt is taken and no breakpoint checked (a
  // watchpoint is). StopReason::debug (a step or a watchpoint), or how the guest ended.
  virtual RunResult step_instruction(const RunLimits& limits) = 0;

  // Counters for --stats, in display order.
  virtual std::vector<StatCounter> stats() const = 0;
};

}  // namespace emu
