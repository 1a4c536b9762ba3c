#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/stop_request.h"
#include "core/unique_fd.h"
#include "core/wake_alarm.h"

namespace emu::gdb {

// Where --gdb listens: [HOST:]PORT, HOST 127.0.0.1 unless given (port 0: any free port).
struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1234;
};
// Throws Error(usage) for anything else.
ListenAddress parse_listen_address(std::string_view text);

// The TCP socket gdb connects to.
class Listener {
 public:
  // Throws Error(usage) naming the address and the cause (a port in use, a bad host).
  explicit Listener(const ListenAddress& address);
  // host:port as bound (the port chosen when 0 was asked for).
  const std::string& address() const { return bound_; }
  int fd() const { return fd_.get(); }
  // A client, waiting at most `timeout`; nothing when none came.
  std::optional<UniqueFd> accept(std::chrono::milliseconds timeout);

 private:
  UniqueFd fd_;
  std::string bound_;
};

// One client's byte stream; every wait is bounded.
class Connection {
 public:
  explicit Connection(UniqueFd fd) : fd_(std::move(fd)) {}
  // What arrived within `timeout`: bytes, "" for none, nothing once the client has gone.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);
  // All of `bytes`, or false: the client gone, or taking nothing for send_timeout.
  bool send(std::string_view bytes);
  int fd() const { return fd_.get(); }

  static constexpr std::chrono::seconds send_timeout{10};

 private:
  UniqueFd fd_;
};

// Calls `on_readable` from a thread of its own each time `fd` becomes readable (or reports an
// error or hang-up), until it returns false or the watch is destroyed: how the guest, while it
// runs, hears gdb's Ctrl-C or a client attaching. The thread takes no signals.
class ReadableWatch {
 public:
  ReadableWatch(int fd, std::function<bool()> on_readable);
  ReadableWatch(const ReadableWatch&) = delete;
  ReadableWatch& operator=(const ReadableWatch&) = delete;
  ~ReadableWatch();  // wakes the thread and waits for it

 private:
  UniqueFd wake_;  // an eventfd
  std::thread thread_;
};

// From a watch's thread: asks the running guest to stop for the debugger, and wakes the backend
// every 20 ms until `running` turns false (KVM_RUN returns only for a signal: WakeAlarm).
void interrupt_run(StopRequest& stop, WakeAlarm* alarm, const std::atomic<bool>& running);

}  // namespace emu::gdb
