#include "gdb/connection.h"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <cerrno>
#include <csignal>
#include <charconv>
#include <cstring>

#include "core/error.h"
#include "core/quoted.h"

namespace emu::gdb {

namespace {

Error usage_error(std::string message) { return Error(ExitStatus::usage, "--gdb: " + std::move(message)); }

// poll() on one descriptor for `events`, EINTR retried within the timeout: true when ready.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    pollfd entry{fd, events, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int ready = ::poll(&entry, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return true;  // let the read or write report it
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
}

}  // namespace

ListenAddress parse_listen_address(std::string_view text) {
  ListenAddress address;
  std::string_view port = text;
  if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    address.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (address.host.empty()) address.host = "127.0.0.1";
  }
  unsigned value = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || value > 65535) {
    throw usage_error(fmt::format("{} is not [HOST:]PORT (a port from 0 to 65535)", quoted(std::string(text))));
  }
  address.port = static_cast<std::uint16_t>(value);
  return address;
}

Listener::Listener(const ListenAddress& address) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (int error = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); error != 0) {
    throw usage_error(fmt::format("cannot listen on {}: {}", quoted(address.host), gai_strerror(error)));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  int last_error = 0;
  for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    UniqueFd fd(::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol));
    if (!fd.valid()) {
      last_error = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // a port in TIME_WAIT from the last run
    if (::bind(fd.get(), candidate->ai_addr, candidate->ai_addrlen) != 0 || ::listen(fd.get(), 1) != 0) {
      last_error = errno;
      continue;
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &length);
    char host[NI_MAXHOST] = "?";
    char service[NI_MAXSERV] = "?";
    ::getnameinfo(reinterpret_cast<sockaddr*>(&bound), length, host, sizeof host, service, sizeof service,
                  NI_NUMERICHOST | NI_NUMERICSERV);
    bound_ = candidate->ai_family == AF_INET6 ? fmt::format("[{}]:{}", host, service) : fmt::format("{}:{}", host, service);
    fd_ = std::move(fd);
    return;
  }
  throw usage_error(fmt::format("cannot listen on {}:{}: {}", address.host, address.port, std::strerror(last_error)));
}

std::optional<UniqueFd> Listener::accept(std::chrono::milliseconds timeout) {
  if (!wait_for(fd_.get(), POLLIN, timeout)) return std::nullopt;
  UniqueFd client(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!client.valid()) return std::nullopt;  // the client gave up meanwhile: wait for another
  const int one = 1;
  ::setsockopt(client.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // replies are small and awaited
  return client;
}

std::optional<std::string> Connection::receive(std::chrono::milliseconds timeout) {
  if (!fd_.valid()) return std::nullopt;
  if (!wait_for(fd_.get(), POLLIN, timeout)) return std::string();
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::recv(fd_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0) return std::string(buffer, static_cast<std::size_t>(got));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return std::string();
    fd_.reset();  // closed, or reset by the peer
    return std::nullopt;
  }
}

bool Connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    if (!fd_.valid()) return false;
    const ssize_t sent = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_for(fd_.get(), POLLOUT, send_timeout)) continue;
    fd_.reset();
    return false;
  }
  return true;
}

ReadableWatch::ReadableWatch(int fd, std::function<bool()> on_readable)
    : wake_(::eventfd(0, EFD_CLOEXEC)) {
  if (!wake_.valid()) throw Error(ExitStatus::internal, fmt::format("eventfd: {}", std::strerror(errno)));
  thread_ = std::thread([fd, wake = wake_.get(), on_readable = std::move(on_readable)] {
    // Signals (the deadline, SIGINT, the timers that break KVM_RUN) go to the thread that runs
    // the guest, never to this one.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    for (;;) {
      pollfd entries[2] = {{fd, POLLIN, 0}, {wake, POLLIN, 0}};
      if (::poll(entries, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (entries[1].revents != 0) return;
      if (entries[0].revents != 0 && !on_readable()) return;
    }
  });
}

ReadableWatch::~ReadableWatch() {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t written = ::write(wake_.get(), &one, sizeof one);
  thread_.join();
}

void interrupt_run(StopRequest& stop, WakeAlarm* alarm, const std::atomic<bool>& running) {
  stop.request(StopRequest::Cause::debugger);
  if (alarm == nullptr) return;
  while (running.load()) {
    alarm->wake_at(std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace emu::gdb
