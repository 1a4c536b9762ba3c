#include "host/background_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

#include "host/pipe.h"

namespace emu::host {

BackgroundChild::BackgroundChild(const std::vector<std::string>& argv, const std::string& out_path,
                                 const std::string& err_path) {
  if (argv.empty()) throw std::invalid_argument("BackgroundChild: empty argv");
  Pipe input;
  UniqueFd out(::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  // One file for both when the paths are one: a single offset, so neither overwrites the other.
  UniqueFd err(err_path == out_path ? ::fcntl(out.get(), F_DUPFD_CLOEXEC, 0)
                                    : ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out.valid() || !err.valid()) throw std::runtime_error("BackgroundChild: cannot create the output files");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {  // only async-signal-safe calls until exec
    ::dup2(input.read_end.get(), STDIN_FILENO);
    ::dup2(out.get(), STDOUT_FILENO);
    ::dup2(err.get(), STDERR_FILENO);
    ::setpgid(0, 0);  // its own process group: a signal to the test's group does not reach it
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  stdin_ = std::move(input.write_end);
}

BackgroundChild::~BackgroundChild() {
  if (status_ || pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

void BackgroundChild::signal(int number) {
  if (!status_) ::kill(pid_, number);
}

std::optional<int> BackgroundChild::wait(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!status_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      break;
    }
    if (done < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

}  // namespace emu::host
