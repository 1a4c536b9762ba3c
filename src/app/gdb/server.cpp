#include "gdb/server.h"

#include "core/guest_location.h"

namespace emu::gdb {

RunResult serve_gdb(Backend& backend, Machine& machine, StopRequest& stop, const ServerOptions& options, const Log& log) {
  Listener listener(options.address);
  log.error("gdb: waiting for a connection on {} (in gdb: target remote {})", listener.address(), listener.address());
  const RunLimits limits{options.session.max_insns, &stop, options.session.alarm};
  DebugStop initial{DebugStop::Kind::step, {}, 0};
  std::optional<std::uint64_t> insns;
  if (!options.wait) {
    // The guest runs until a client attaches (which stops it) or it ends (no debugger then).
    if (options.session.magic_break) {
      DebugPoints magic;
      magic.magic_break = true;
      backend.set_debug_points(magic);
    }
    RunResult result;
    std::atomic<bool> running{true};
    {
      ReadableWatch attach(listener.fd(), [&] {
        interrupt_run(stop, options.session.alarm, running);
        return false;
      });
      result = backend.run(limits);
      running = false;
    }
    if (result.reason != StopReason::debug) return result;
    stop.clear_debugger_request();
    initial = *result.debug;
    insns = result.insns;
  }
  // The guest stands still until gdb resumes it, and so does device time (DeviceClock::pause;
  // the session pauses it again at every stop).
  if (DeviceClock* clock = machine.platform().clock()) clock->pause();
  for (;;) {
    if (stop.requested() && stop.cause() != StopRequest::Cause::debugger) {
      return stopped_by(stop, format_cs_ip(backend.state()), insns);
    }
    if (std::optional<UniqueFd> client = listener.accept(std::chrono::milliseconds(100))) {
      log.verbose("gdb: connected");
      Connection connection(std::move(*client));
      Session session(connection, backend, machine, stop, options.session, log);
      return session.serve(initial);
    }
  }
}

}  // namespace emu::gdb
