#include "cli/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "core/quoted.h"

namespace emu::cli {

namespace {

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

OutputFile::OutputFile(const std::string& option, const std::string& path) : option_(option), path_(path) {
  if (is_standard_output()) return;
  if (path.empty() || path.back() == '/') fail("is not a file name");
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    if (S_ISDIR(status.st_mode)) fail("is a directory");
    if (!S_ISREG(status.st_mode)) {
      if (::access(path.c_str(), W_OK) != 0) fail(std::strerror(errno));
      return;  // a device or FIFO: written in place at the end
    }
    existing_mode_ = status.st_mode & 07777;
  } else if (errno != ENOENT) {
    fail(std::strerror(errno));
  }
  // The temporary file now: this is the check that the directory takes a new file.
  const std::filesystem::path target(path);
  const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
  std::string pattern = (directory / fmt::format(".{}.emu-XXXXXX", target.filename().string())).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) fail(std::strerror(errno));
  temporary_fd_ = UniqueFd(fd);
  temporary_ = name.data();
}

OutputFile::~OutputFile() {
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void OutputFile::fail(const std::string& why) const {
  throw Error(ExitStatus::bad_input, fmt::format("cannot write --{} file {}: {}", option_, emu::quoted(path_), why));
}

void OutputFile::write(std::string_view bytes) {
  if (temporary_.empty()) {
    // In place: a device or FIFO (O_NONBLOCK: a FIFO without a reader fails instead of waiting).
    UniqueFd fd(::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) fail(std::strerror(errno));
    ::fcntl(fd.get(), F_SETFL, 0);
    if (!write_all(fd.get(), bytes)) fail(std::strerror(errno));
    return;
  }
  mode_t mode = 0;
  if (existing_mode_) {
    mode = *existing_mode_;
  } else {
    mode_t mask = ::umask(0);  // reading the umask means setting it: emu is single-threaded
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (!write_all(temporary_fd_.get(), bytes) || ::fchmod(temporary_fd_.get(), mode) != 0 ||
      ::close(temporary_fd_.release()) != 0 || ::rename(temporary_.c_str(), path_.c_str()) != 0) {
    fail(std::strerror(errno));
  }
  temporary_.clear();
}

bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return a == b;
  namespace fs = std::filesystem;
  std::error_code error;
  const bool a_exists = fs::exists(a, error);
  if (a_exists != fs::exists(b, error)) return false;
  if (a_exists) return fs::equivalent(a, b, error);  // the same inode
  // Neither exists yet: the same path once its existing part is resolved.
  return fs::weakly_canonical(fs::absolute(a, error), error) == fs::weakly_canonical(fs::absolute(b, error), error);
}

}  // namespace emu::cli
