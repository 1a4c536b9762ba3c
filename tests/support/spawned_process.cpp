#include "support/spawned_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

extern char** environ;

namespace emu::test {

SpawnedProcess::SpawnedProcess(const std::vector<std::string>& argv, int out, int err, std::optional<int> in) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in) {
    posix_spawn_file_actions_adddup2(&actions, *in, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  for (auto [from, to] : {std::pair{out, 1}, std::pair{err, 2}}) {
    if (from < 0) {
      posix_spawn_file_actions_addclose(&actions, to);
    } else {
      posix_spawn_file_actions_adddup2(&actions, from, to);
    }
  }
  // The child starts with default signal dispositions and nothing blocked, whatever ours are.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int error = posix_spawn(&pid_, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) throw std::runtime_error("cannot start " + argv[0]);
}

SpawnedProcess::~SpawnedProcess() {
  if (reaped_) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

void SpawnedProcess::signal(int number) const { ::kill(pid_, number); }

std::optional<int> SpawnedProcess::wait(std::chrono::milliseconds bound) {
  auto end = std::chrono::steady_clock::now() + bound;
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1 - WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

namespace {

std::string read_while(int fd, std::chrono::milliseconds bound, const std::string* needle) {
  std::string text;
  auto end = std::chrono::steady_clock::now() + bound;
  for (;;) {
    if (needle != nullptr && text.find(*needle) != std::string::npos) return text;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return text;
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) return text;  // EOF (or, for a terminal whose other side closed, EIO)
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

}  // namespace

std::string read_until_eof(int fd, std::chrono::milliseconds bound) { return read_while(fd, bound, nullptr); }

std::string read_until(int fd, const std::string& needle, std::chrono::milliseconds bound) {
  return read_while(fd, bound, &needle);
}

}  // namespace emu::test
