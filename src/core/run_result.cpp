#include "core/run_result.h"

#include <fmt/format.h>

#include <cstring>

#include "core/exit_request.h"
#include "core/exit_status.h"
#include "core/stop_request.h"

namespace emu {

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::hlt:
      return "hlt";
    case StopReason::exit_device:
      return "exit-device";
    case StopReason::program_exit:
      return "program-exit";
    case StopReason::input_exhausted:
      return "input-exhausted";
    case StopReason::reset:
      return "reset";
    case StopReason::shutdown:
      return "shutdown";
    case StopReason::timeout:
      return "timeout";
    case StopReason::limit:
      return "limit";
    case StopReason::signal:
      return "signal";
    case StopReason::error:
      return "error";
    case StopReason::debug:
      return "debug";
  }
  return "error";
}

RunResult debug_stopped(DebugStop stop, std::optional<std::uint64_t> insns) {
  return {StopReason::debug, to_int(ExitStatus::ok), "", insns, stop};
}

RunResult halted(std::optional<std::uint64_t> insns) { return {StopReason::hlt, to_int(ExitStatus::ok), "", insns}; }

RunResult halted_for_good(FinalHalt why, const std::string& where, std::optional<std::uint64_t> insns) {
  const std::string_view reason = why == FinalHalt::interrupts_disabled
                                      ? "with interrupts disabled (IF = 0): nothing can wake it"
                                      : "with interrupts enabled, but nothing is left to interrupt it (no unmasked "
                                        "timer running, no input awaited)";
  return {StopReason::hlt, to_int(ExitStatus::ok), fmt::format("the CPU halted at {} {}", where, reason), insns};
}

RunResult requested_end(const ExitRequest& request, const std::string& where, std::optional<std::uint64_t> insns) {
  if (request.value()) return exit_device_result(*request.value(), insns);
  if (const std::optional<ExitRequest::End>& end = request.end()) {
    switch (end->kind) {
      case ExitRequest::EndKind::program_exit: return {StopReason::program_exit, end->status, end->message, insns};
      case ExitRequest::EndKind::input_exhausted: return {StopReason::input_exhausted, end->status, end->message, insns};
      case ExitRequest::EndKind::not_provided:
      case ExitRequest::EndKind::no_boot: break;
    }
    return {StopReason::error, end->status, end->message, insns};
  }
  return {StopReason::reset, to_int(ExitStatus::reset),
          fmt::format("the guest reset the CPU at {} (keyboard controller or port 0x92); emu does not reboot", where),
          insns};
}

RunResult exit_device_result(std::uint8_t value, std::optional<std::uint64_t> insns) {
  return {StopReason::exit_device, ExitRequest::exit_status(value), "", insns};
}

RunResult triple_fault_at(const std::string& where, std::optional<std::uint64_t> insns) {
  return {StopReason::shutdown, to_int(ExitStatus::guest_fault), fmt::format("guest triple fault (shutdown) at {}", where),
          insns};
}

RunResult unassigned_fetch_at(const std::string& where, std::optional<std::uint64_t> insns) {
  return {StopReason::error, to_int(ExitStatus::guest_fault),
          fmt::format("guest executed unassigned memory at {} (outside RAM)", where), insns};
}

RunResult max_insns_reached(std::uint64_t max_insns, const std::string& where, std::uint64_t insns) {
  return {StopReason::limit, to_int(ExitStatus::limit), fmt::format("guest stopped: --max-insns {} reached at {}", max_insns, where),
          insns};
}

RunResult stopped_by(const StopRequest& request, const std::string& where, std::optional<std::uint64_t> insns) {
  switch (request.cause()) {
    case StopRequest::Cause::signal:
      return {StopReason::signal, to_int(ExitStatus::interrupted),
              fmt::format("guest stopped: {} received at {}", sigabbrev_np(request.signal()) != nullptr
                                                                  ? fmt::format("SIG{}", sigabbrev_np(request.signal()))
                                                                  : fmt::format("signal {}", request.signal()),
                          where),
              insns};
    case StopRequest::Cause::quit_key:
      return {StopReason::signal, to_int(ExitStatus::interrupted), fmt::format("guest stopped: Ctrl+] pressed at {}", where),
              insns};
    case StopRequest::Cause::output_failed:
      return {StopReason::error, to_int(ExitStatus::bad_input), fmt::format("guest stopped at {}", where), insns};
    case StopRequest::Cause::debugger:
      return debug_stopped({DebugStop::Kind::interrupted, {}, 0}, insns);
    case StopRequest::Cause::deadline:
    case StopRequest::Cause::none:
      break;
  }
  return {StopReason::timeout, to_int(ExitStatus::limit), fmt::format("guest stopped: --timeout reached at {}", where),
          insns};
}

}  // namespace emu
