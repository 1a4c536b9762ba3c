#include "cli/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/quoted.h"

namespace emu::cli {

namespace {

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

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
  std::string pattern = fmt::format("{}/.{}.emu-XXXXXX", directory_of(path), name_of(path));
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
  throw Error(ExitStatus::bad_input, fmt::format("cannot write --{} file {}: {}", option_, quoted(path_), why));
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
  struct stat sa {}, sb {};
  bool a_exists = ::stat(a.c_str(), &sa) == 0;
  bool b_exists = ::stat(b.c_str(), &sb) == 0;
  if (a_exists && b_exists) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (a_exists != b_exists) return false;
  char da[PATH_MAX], db[PATH_MAX];
  if (::realpath(directory_of(a).c_str(), da) == nullptr || ::realpath(directory_of(b).c_str(), db) == nullptr) {
    return a == b;
  }
  return std::strcmp(da, db) == 0 && name_of(a) == name_of(b);
}

}  // namespace emu::cli
