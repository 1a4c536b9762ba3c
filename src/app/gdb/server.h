#pragma once

#include "core/backend.h"
#include "core/log.h"
#include "core/stop_request.h"
#include "gdb/connection.h"
#include "gdb/session.h"
#include "platform/machine.h"

namespace emu::gdb {

struct ServerOptions {
  ListenAddress address;
  bool wait = true;  // --gdb-wait: the guest stopped at its first instruction until gdb attaches
  SessionOptions session;
};

// `emu --gdb`: listens, waits for gdb (or, without waiting, runs the guest until gdb attaches),
// then serves it (Session). The run's result, as without the debugger. The listening address is
// printed on stderr first (the port chosen, when 0 was asked for).
RunResult serve_gdb(Backend& backend, Machine& machine, StopRequest& stop, const ServerOptions& options, const Log& log);

}  // namespace emu::gdb
