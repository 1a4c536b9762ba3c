#include "gdb/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>

#include "core/exit_status.h"
#include "core/guest_location.h"
#include "gdb/registers.h"

namespace emu::gdb {

namespace {

constexpr std::chrono::milliseconds poll_interval{100};
// Breakpoints and watchpoints gdb may set at once (more get an error reply).
constexpr std::size_t max_points = 1024;

// "ADDR,LEN" (hex) into its numbers.
bool address_and_length(std::string_view text, std::uint64_t& address, std::uint64_t& length) {
  const std::size_t comma = text.find(',');
  return comma != std::string_view::npos && parse_hex(text.substr(0, comma), address) &&
         parse_hex(text.substr(comma + 1), length) && address <= 0xFFFFFFFF;
}

}  // namespace

Session::Session(Connection& connection, Backend& backend, Machine& machine, StopRequest& stop, SessionOptions options,
                 const Log& log)
    : connection_(connection),
      backend_(backend),
      machine_(machine),
      stop_(stop),
      options_(options),
      log_(log),
      monitor_(backend, machine) {}

std::optional<Incoming> Session::next_incoming() {
  for (;;) {
    if (!incoming_.empty()) {
      Incoming event = std::move(incoming_.front());
      incoming_.erase(incoming_.begin());
      return event;
    }
    if (!received_.empty()) {
      reader_.feed(received_, incoming_);
      received_.clear();
      continue;
    }
    if (stop_.requested() && stop_.cause() != StopRequest::Cause::debugger) return std::nullopt;
    std::optional<std::string> bytes = connection_.receive(poll_interval);
    if (!bytes) {
      lost_ = true;
      return std::nullopt;
    }
    reader_.feed(*bytes, incoming_);
  }
}

bool Session::send_packet(const std::string& payload) {
  last_sent_ = frame(payload);
  if (connection_.send(last_sent_)) return true;
  lost_ = true;
  return false;
}

std::string Session::refuse(std::string_view packet, const std::string& why, int code) {
  log_.error("gdb: refused {}: {}", packet.substr(0, std::min<std::size_t>(packet.size(), 40)), why);
  return fmt::format("E{:02x}", code);
}

RunResult Session::serve(DebugStop initial) {
  last_stop_ = initial;
  for (;;) {
    std::optional<Incoming> event = next_incoming();
    if (!event) {
      if (lost_) return run_without_debugger("gdb disconnected; the guest runs on without it");
      // A signal, or the quit key: the run ends here; gdb hears of it.
      RunResult result = stopped_by(stop_, format_cs_ip(backend_.state()), insns_);
      send_packet(end_reply(result));
      return result;
    }
    switch (event->kind) {
      case Incoming::Kind::interrupt:  // Ctrl-C while already stopped: nothing to stop
      case Incoming::Kind::ack:
        continue;
      case Incoming::Kind::nack:
        if (!last_sent_.empty() && !connection_.send(last_sent_)) lost_ = true;
        continue;
      case Incoming::Kind::bad_checksum:
        log_.error("gdb: a packet with a bad checksum; asked for it again");
        if (!connection_.send("-")) lost_ = true;
        continue;
      case Incoming::Kind::too_long:
        log_.error("gdb: a packet longer than {} bytes (the PacketSize emu gave); refused", max_packet);
        if (acks_ && !connection_.send("+")) lost_ = true;
        send_packet("E01");
        continue;
      case Incoming::Kind::packet: break;
    }
    if (acks_ && !connection_.send("+")) {
      lost_ = true;
      continue;
    }
    Outcome outcome = handle(event->payload);
    switch (outcome.action) {
      case Action::reply:
        send_packet(outcome.reply);
        if (event->payload == "QStartNoAckMode") acks_ = false;  // from after this reply on
        continue;
      case Action::resume:
      case Action::step: {
        RunResult result = resume(outcome.action == Action::step);
        if (result.reason != StopReason::debug) {
          send_packet(end_reply(result));
          return result;
        }
        last_stop_ = *result.debug;
        if (lost_) return run_without_debugger("gdb disconnected; the guest runs on without it");
        send_packet(stop_reply(last_stop_));
        continue;
      }
      case Action::kill:
        return {StopReason::signal, to_int(ExitStatus::interrupted),
                fmt::format("guest killed by gdb at {}", format_cs_ip(backend_.state())), insns_};
      case Action::detach:
        send_packet("OK");
        return run_without_debugger("");
    }
  }
}

RunResult Session::run_without_debugger(std::string_view why) {
  if (!why.empty()) log_.error("{}", why);
  backend_.set_debug_points({});
  stop_.clear_debugger_request();
  if (DeviceClock* clock = machine_.platform().clock()) clock->resume();
  return backend_.run(limits());
}

DebugPoints Session::points() const {
  DebugPoints points;
  points.magic_break = options_.magic_break;
  points.breakpoints = monitor_.breakpoints();
  for (const GdbPoint& point : gdb_points_) {
    if (point.type == '0' || point.type == '1') {
      points.breakpoints.push_back(point.address);
    } else {
      const WatchKind kind = point.type == '2' ? WatchKind::write : point.type == '3' ? WatchKind::read : WatchKind::access;
      points.watchpoints.push_back({point.address, point.length, kind});
    }
  }
  std::sort(points.breakpoints.begin(), points.breakpoints.end());
  points.breakpoints.erase(std::unique(points.breakpoints.begin(), points.breakpoints.end()), points.breakpoints.end());
  return points;
}

void Session::apply_points() {
  DebugPoints wanted = points();
  if (applied_ == wanted) return;
  backend_.set_debug_points(wanted);
  applied_ = std::move(wanted);
}

RunResult Session::resume(bool step) {
  apply_points();
  RunResult result;
  std::atomic<bool> running{true};
  DeviceClock* clock = machine_.platform().clock();
  if (clock != nullptr) clock->resume();
  {
    // Ctrl-C from gdb (or gdb going away) while the guest runs or a HLT waits.
    ReadableWatch watch(connection_.fd(), [this, &running] {
      std::optional<std::string> bytes = connection_.receive(std::chrono::milliseconds(0));
      if (!bytes) lost_ = true;
      if (!bytes || bytes->find('\x03') != std::string::npos) {
        if (bytes) received_ += *bytes;
        interrupt_run(stop_, options_.alarm, running);
        return false;
      }
      received_ += *bytes;
      return true;
    });
    if (step) {
      result = backend_.step_instruction(limits());
    } else {
      // Resuming at a breakpoint goes past it first (a breakpoint stops an instruction before
      // it runs: this one has been reported already).
      if (applied_->has_breakpoint(backend_.state().linear_pc())) {
        result = backend_.step_instruction(limits());
        if (result.reason == StopReason::debug && result.debug->kind == DebugStop::Kind::step) result = backend_.run(limits());
      } else {
        result = backend_.run(limits());
      }
    }
    running = false;
  }
  if (clock != nullptr) clock->pause();
  if (result.insns) insns_ = result.insns;
  stop_.clear_debugger_request();  // taken, or come as the guest ended anyway
  return result;
}

std::string Session::stop_reply(const DebugStop& stop) const {
  switch (stop.kind) {
    case DebugStop::Kind::breakpoint: {
      // gdb's own (Z0/Z1) by their kind; a monitor breakpoint is a plain trap (with swbreak, gdb
      // would take it for one of its own it had removed, and resume).
      const auto at = [&](char type) {
        return std::any_of(gdb_points_.begin(), gdb_points_.end(),
                           [&](const GdbPoint& point) { return point.type == type && point.address == stop.address; });
      };
      if (at('0')) return "T05swbreak:;thread:1;";
      if (at('1')) return "T05hwbreak:;thread:1;";
      break;
    }
    case DebugStop::Kind::watchpoint: {
      const std::string_view kind = stop.watch == WatchKind::write ? "watch" : stop.watch == WatchKind::read ? "rwatch" : "awatch";
      return fmt::format("T05{}:{:x};thread:1;", kind, stop.address);
    }
    case DebugStop::Kind::interrupted: return "T02thread:1;";
    case DebugStop::Kind::magic_break:
    case DebugStop::Kind::step: break;
  }
  return "T05thread:1;";
}

std::string Session::end_reply(const RunResult& result) const {
  // Ended by a signal to emu: X and its number (SIGINT for the quit key); any other end: W and
  // emu's exit status.
  if (result.reason == StopReason::signal && result.exit_status == to_int(ExitStatus::interrupted)) {
    return fmt::format("X{:02x}", stop_.signal() != 0 ? stop_.signal() : SIGINT);
  }
  return fmt::format("W{:02x}", result.exit_status & 0xFF);
}

Session::Outcome Session::handle(std::string_view packet) {
  if (packet.empty()) return {};
  switch (packet[0]) {
    case '?': return {Action::reply, stop_reply(last_stop_)};
    case 'g': return {Action::reply, read_registers(backend_.state())};
    case 'G': {
      CpuState state = backend_.state();
      if (auto refused = write_registers(state, packet.substr(1))) return {Action::reply, refuse(packet, *refused, 0x16)};
      backend_.set_state(state);
      return {Action::reply, "OK"};
    }
    case 'p':
    case 'P': return {Action::reply, register_packet(packet)};
    case 'm': return {Action::reply, read_memory(packet.substr(1))};
    case 'M': return {Action::reply, write_memory(packet.substr(1), false)};
    case 'X': return {Action::reply, write_memory(packet.substr(1), true)};
    case 'Z':
    case 'z': return {Action::reply, breakpoint_packet(packet)};
    case 'c':
    case 's':
    case 'C':
    case 'S':
    case 'v': return resume_packet(packet);
    case 'q':
    case 'Q': return query(packet);
    case 'H':
    case 'T': return {Action::reply, "OK"};  // one thread, always alive
    case 'k': return {Action::kill, ""};
    case 'D': return {Action::detach, ""};
    default: return {};  // unknown: the empty reply
  }
}

Session::Outcome Session::resume_packet(std::string_view packet) {
  if (packet == "vCont?") return {Action::reply, "vCont;c;C;s;S"};
  if (packet == "vMustReplyEmpty") return {};
  if (packet == "vKill" || packet.starts_with("vKill;")) return {Action::kill, ""};
  std::string_view action;
  if (packet.starts_with("vCont;")) {
    // One thread: the first action applies (gdb sends e.g. vCont;s:1;c or vCont;c).
    action = packet.substr(6);
    action = action.substr(0, action.find(';'));
    action = action.substr(0, action.find(':'));
    if (action.empty() || (action[0] != 'c' && action[0] != 's' && action[0] != 'C' && action[0] != 'S')) {
      return {Action::reply, refuse(packet, "an action emu does not take (c, C, s, S)", 0x01)};
    }
    return {action[0] == 's' || action[0] == 'S' ? Action::step : Action::resume, ""};
  }
  if (packet[0] == 'v') return {};  // another v packet emu does not know: the empty reply
  // c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: the signal is ignored; ADDR is a linear PC.
  std::string_view address = packet.substr(1);
  if (packet[0] == 'C' || packet[0] == 'S') {
    const std::size_t semicolon = address.find(';');
    address = semicolon == std::string_view::npos ? std::string_view() : address.substr(semicolon + 1);
  }
  if (!address.empty()) {
    std::uint64_t pc = 0;
    if (!parse_hex(address, pc)) return {Action::reply, refuse(packet, "not a hex address", 0x16)};
    CpuState state = backend_.state();
    std::string bytes(4, '\0');
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(pc >> (8 * i));
    if (auto refused = write_register(state, 8, to_hex(bytes))) return {Action::reply, refuse(packet, *refused, 0x16)};
    backend_.set_state(state);
  }
  return {packet[0] == 's' || packet[0] == 'S' ? Action::step : Action::resume, ""};
}

Session::Outcome Session::query(std::string_view packet) {
  if (packet.starts_with("qSupported")) {
    return {Action::reply, fmt::format("PacketSize={:x};qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+;vContSupported+",
                                       max_packet)};
  }
  if (packet == "QStartNoAckMode") return {Action::reply, "OK"};
  if (packet == "qAttached" || packet.starts_with("qAttached:")) return {Action::reply, "1"};
  if (packet == "qC") return {Action::reply, "QC1"};
  if (packet == "qfThreadInfo") return {Action::reply, "m1"};
  if (packet == "qsThreadInfo") return {Action::reply, "l"};
  if (packet == "qSymbol::") return {Action::reply, "OK"};
  if (packet.starts_with("qXfer:features:read:")) return {Action::reply, features(packet.substr(20))};
  if (packet.starts_with("qRcmd,")) {
    std::string command;
    if (!from_hex(packet.substr(6), command)) return {Action::reply, refuse(packet, "the command is not hex", 0x16)};
    const std::string output = monitor_.run(command);
    return {Action::reply, output.empty() ? "OK" : to_hex(output)};
  }
  return {};
}

std::string Session::features(std::string_view annex_and_range) {
  // target.xml:OFFSET,LENGTH
  const std::size_t colon = annex_and_range.find(':');
  if (colon == std::string_view::npos) return refuse(annex_and_range, "qXfer without a range", 0x16);
  if (annex_and_range.substr(0, colon) != "target.xml") return "E00";  // no such annex
  std::uint64_t offset = 0, length = 0;
  if (!address_and_length(annex_and_range.substr(colon + 1), offset, length)) {
    return refuse(annex_and_range, "not OFFSET,LENGTH in hex", 0x16);
  }
  const std::string xml = target_description();
  if (offset >= xml.size()) return "l";
  // Escaped in framing; half the packet leaves room for that.
  length = std::min<std::uint64_t>({length, max_packet / 2, xml.size() - offset});
  return (offset + length >= xml.size() ? "l" : "m") + xml.substr(offset, length);
}

std::string Session::register_packet(std::string_view packet) {
  const std::size_t equals = packet.find('=');
  std::uint64_t number = 0;
  if (!parse_hex(packet.substr(1, equals == std::string_view::npos ? std::string_view::npos : equals - 1), number)) {
    return refuse(packet, "not a register number in hex", 0x16);
  }
  if (packet[0] == 'p') {
    std::optional<std::string> value = read_register(backend_.state(), static_cast<unsigned>(std::min<std::uint64_t>(number, 0xFFFF)));
    return value ? *value : refuse(packet, fmt::format("no register {:#x}", number), 0x16);
  }
  if (equals == std::string_view::npos) return refuse(packet, "P without =VALUE", 0x16);
  CpuState state = backend_.state();
  if (auto refused = write_register(state, static_cast<unsigned>(std::min<std::uint64_t>(number, 0xFFFF)), packet.substr(equals + 1))) {
    return refuse(packet, *refused, 0x16);
  }
  backend_.set_state(state);
  return "OK";
}

std::string Session::read_memory(std::string_view arguments) {
  std::uint64_t address = 0, length = 0;
  if (!address_and_length(arguments, address, length)) return refuse(arguments, "m takes ADDR,LEN in hex", 0x16);
  const GuestMemory& memory = machine_.memory();
  if (length == 0) return "";
  if (address >= memory.size()) return "E14";  // not RAM: gdb says it cannot access it
  // As much as is RAM and fits a packet (gdb asks again for the rest).
  length = std::min<std::uint64_t>({length, memory.size() - address, max_packet / 2});
  const auto bytes = *memory.span(address, length);
  return to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string Session::write_memory(std::string_view arguments, bool binary) {
  const std::size_t colon = arguments.find(':');
  std::uint64_t address = 0, length = 0;
  if (colon == std::string_view::npos || !address_and_length(arguments.substr(0, colon), address, length)) {
    return refuse(arguments, "M/X take ADDR,LEN:DATA", 0x16);
  }
  std::string data;
  if (binary) {
    data = std::string(arguments.substr(colon + 1));
  } else if (!from_hex(arguments.substr(colon + 1), data)) {
    return refuse(arguments, "the data is not hex", 0x16);
  }
  if (data.size() != length) return refuse(arguments, fmt::format("{} bytes of data for a length of {}", data.size(), length), 0x16);
  if (length == 0) return "OK";  // gdb's probe for X
  const auto ram = machine_.memory().span(address, length);
  if (!ram) return refuse(arguments, fmt::format("{:#x}+{:#x} is not all RAM", address, length), 0x0e);
  std::copy(data.begin(), data.end(), reinterpret_cast<char*>(ram->data()));
  // The interpreter drops code it decoded there before it runs again.
  machine_.exit_request().ram_written(static_cast<std::uint32_t>(address), static_cast<std::uint32_t>(length));
  return "OK";
}

std::string Session::breakpoint_packet(std::string_view packet) {
  // Z/zTYPE,ADDR,KIND (KIND: a breakpoint's size, a watchpoint's length)
  if (packet.size() < 3 || packet[1] < '0' || packet[1] > '4' || packet[2] != ',') return "";  // a type emu has not
  std::uint64_t address = 0, length = 0;
  std::string_view rest = packet.substr(3);
  rest = rest.substr(0, rest.find(';'));  // conditions and commands: not supported, ignored
  if (!address_and_length(rest, address, length)) return refuse(packet, "not ADDR,KIND in hex", 0x16);
  const char type = packet[1];
  const bool watch = type >= '2';
  if (watch && (length == 0 || length > 0x10000 || address + length > 0x100000000ull)) {
    return refuse(packet, "a watchpoint covers 1 to 65536 bytes", 0x16);
  }
  const GdbPoint point{type, static_cast<std::uint32_t>(address), watch ? static_cast<std::uint32_t>(length) : 1u};
  auto same = [&](const GdbPoint& other) {
    return other.type == point.type && other.address == point.address && other.length == point.length;
  };
  if (packet[0] == 'Z') {
    if (std::any_of(gdb_points_.begin(), gdb_points_.end(), same)) return "OK";
    if (gdb_points_.size() >= max_points) return refuse(packet, fmt::format("more than {} break- and watchpoints", max_points), 0x0c);
    gdb_points_.push_back(point);
  } else {
    std::erase_if(gdb_points_, same);
  }
  return "OK";
}

}  // namespace emu::gdb
