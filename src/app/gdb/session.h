#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend.h"
#include "core/debug_points.h"
#include "core/log.h"
#include "core/stop_request.h"
#include "gdb/connection.h"
#include "gdb/monitor.h"
#include "gdb/packet.h"
#include "platform/machine.h"

namespace emu::gdb {

struct SessionOptions {
  std::optional<std::uint64_t> max_insns;  // --max-insns, over the whole run
  WakeAlarm* alarm = nullptr;              // the run's (KVM's device timers)
  bool magic_break = false;                // --gdb-magic-break
};

// One gdb client's session over a stopped guest (docs/debugging.md): packets in, replies out,
// the backend run or stepped as gdb asks. Every address gdb sends is linear.
class Session {
 public:
  static constexpr std::size_t max_packet = 0x4000;  // PacketSize: what one packet may hold

  Session(Connection& connection, Backend& backend, Machine& machine, StopRequest& stop, SessionOptions options,
          const Log& log);

  // Serves gdb until the guest ends (its result, which gdb is told), gdb kills it, or gdb
  // detaches or goes away (the guest then runs on to its end without the debugger). `initial`
  // is why the guest stands where it does (the '?' reply).
  RunResult serve(DebugStop initial);

 private:
  struct GdbPoint {
    char type;  // '0'-'4' as in Z0-Z4
    std::uint32_t address;
    std::uint32_t length;
  };
  enum class Action : std::uint8_t { reply, resume, step, kill, detach };
  struct Outcome {
    Action action = Action::reply;
    std::string reply;
  };

  Outcome handle(std::string_view packet);
  Outcome query(std::string_view packet);
  Outcome resume_packet(std::string_view packet);
  std::string read_memory(std::string_view arguments);
  std::string write_memory(std::string_view arguments, bool binary);
  std::string breakpoint_packet(std::string_view packet);
  std::string register_packet(std::string_view packet);
  std::string features(std::string_view annex_and_range);
  std::string refuse(std::string_view packet, const std::string& why, int code);

  // Runs or steps the guest; the debugger's stop, or the guest's end.
  RunResult resume(bool step);
  RunResult run_without_debugger(std::string_view why);
  std::string stop_reply(const DebugStop& stop) const;
  std::string end_reply(const RunResult& result) const;
  DebugPoints points() const;
  void apply_points();

  // The next event from gdb, waiting as long as it takes (a signal to emu ends the wait:
  // nothing, with the stop request set); nothing too when the client has gone (lost_).
  std::optional<Incoming> next_incoming();
  bool send_packet(const std::string& payload);
  RunLimits limits() { return {options_.max_insns, &stop_, options_.alarm}; }

  Connection& connection_;
  Backend& backend_;
  Machine& machine_;
  StopRequest& stop_;
  SessionOptions options_;
  const Log& log_;
  Monitor monitor_;
  PacketReader reader_{max_packet};
  std::vector<Incoming> incoming_;
  std::string received_;  // bytes that came while the guest ran, not yet read
  std::string last_sent_;  // for a '-' (resend)
  bool acks_ = true;       // until QStartNoAckMode
  bool lost_ = false;      // the client went away
  std::vector<GdbPoint> gdb_points_;
  std::optional<DebugPoints> applied_;
  DebugStop last_stop_;
  std::optional<std::uint64_t> insns_;
};

}  // namespace emu::gdb
