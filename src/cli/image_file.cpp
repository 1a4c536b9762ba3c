#include "cli/image_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/unique_fd.h"

namespace emu::cli {

std::vector<std::uint8_t> read_image(const std::string& path, std::uint64_t max_size) {
  auto fail = [&](const std::string& why) {
    return Error(ExitStatus::bad_input, fmt::format("image '{}': {}", path, why));
  };
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw fail(std::strerror(errno));
  struct stat status {};
  if (::fstat(fd.get(), &status) < 0) throw fail(std::strerror(errno));
  if (S_ISDIR(status.st_mode)) throw fail("is a directory");
  if (!S_ISREG(status.st_mode)) throw fail("is not a regular file");
  if (status.st_size == 0) throw fail("is empty");
  if (static_cast<std::uint64_t>(status.st_size) > max_size) {
    throw fail(fmt::format("is {} bytes, more than the {} bytes of guest RAM", status.st_size, max_size));
  }
  std::vector<std::uint8_t> image(static_cast<std::size_t>(status.st_size));
  std::size_t done = 0;
  while (done < image.size()) {
    ssize_t got = ::read(fd.get(), image.data() + done, image.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw fail(std::strerror(errno));
    if (got == 0) throw fail("shrank while being read");
    done += static_cast<std::size_t>(got);
  }
  return image;
}

}  // namespace emu::cli
