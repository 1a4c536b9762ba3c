#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/debug_points.h"

namespace emu {

// `debug`: stopped for the debugger (a breakpoint, a watchpoint, a step, an interruption), the
// guest not ended: RunResult::debug says why.
enum class StopReason { hlt, exit_device, program_exit, input_exhausted, reset, shutdown, timeout, limit, signal, error, debug };

// The name used in --dump-state's "exit.reason" (a stable key).
std::string_view stop_reason_name(StopReason reason);

struct RunResult {
  RunResult() = default;
  RunResult(StopReason reason, int exit_status, std::string message, std::optional<std::uint64_t> insns,
            std::optional<DebugStop> debug = std::nullopt)
      : reason(reason), exit_status(exit_status), message(std::move(message)), insns(insns), debug(debug) {}

  StopReason reason = StopReason::hlt;
  int exit_status = 0;
  // One line for stderr naming the cause; empty for a normal end (HLT, exit device).
  std::string message;
  // Instructions executed, where the backend counts them exactly.
  std::optional<std::uint64_t> insns;
  std::optional<DebugStop> debug;  // with StopReason::debug
};

// A stop for the debugger (status 0, no message).
RunResult debug_stopped(DebugStop stop, std::optional<std::uint64_t> insns);

// The ends of a run the guest itself brings about, made here once so that both backends report
// each the same way (status and message); `where` is the CS:IP to name.
RunResult halted(std::optional<std::uint64_t> insns);
// A HLT nothing can end on a machine with an interrupt controller: interrupts disabled, or no
// interrupt source left (no unmasked timer running, no input awaited). Status 0, with a message.
enum class FinalHalt { interrupts_disabled, nothing_left };
RunResult halted_for_good(FinalHalt why, const std::string& where, std::optional<std::uint64_t> insns);
// The end the platform's devices asked for after a port write (ExitRequest::pending): the exit
// device's status, or a reset request; `where` names the CS:IP.
class ExitRequest;
RunResult requested_end(const ExitRequest& request, const std::string& where, std::optional<std::uint64_t> insns);
RunResult exit_device_result(std::uint8_t value, std::optional<std::uint64_t> insns);
RunResult triple_fault_at(const std::string& where, std::optional<std::uint64_t> insns);
RunResult unassigned_fetch_at(const std::string& where, std::optional<std::uint64_t> insns);
RunResult max_insns_reached(std::uint64_t max_insns, const std::string& where, std::uint64_t insns);

class StopRequest;
// How a run that honoured `request` ends, at `where` (CS:IP): --timeout (limit), a signal
// (interrupted) or guest output that could not be written (bad_input).
RunResult stopped_by(const StopRequest& request, const std::string& where, std::optional<std::uint64_t> insns);

}  // namespace emu
