#include "cli/image_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/quoted.h"
#include "core/unique_fd.h"

namespace emu::cli {

std::vector<std::uint8_t> read_image(const std::string& path, std::uint64_t max_size) {
  return read_input_file("image", path, max_size, false);
}

std::vector<std::uint8_t> read_input_file(std::string_view what, const std::string& path, std::uint64_t max_size,
                                          bool may_be_empty) {
  auto fail = [&](const std::string& why) {
    return Error(ExitStatus::bad_input, fmt::format("{} {}: {}", what, quoted(path), why));
  };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; anything but a regular file is
  // refused right after.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) throw fail(std::strerror(errno));
  struct stat status {};
  if (::fstat(fd.get(), &status) < 0) throw fail(std::strerror(errno));
  if (S_ISDIR(status.st_mode)) throw fail("is a directory");
  if (!S_ISREG(status.st_mode)) throw fail("is not a regular file");
  if (static_cast<std::uint64_t>(status.st_size) > max_size) {
    throw fail(fmt::format("is {} bytes, more than the {} bytes of guest RAM", status.st_size, max_size));
  }
  // Read to the end rather than to st_size: files of procfs and sysfs report a size of 0.
  std::vector<std::uint8_t> image(static_cast<std::size_t>(max_size) + 1);
  std::size_t done = 0;
  while (done < image.size()) {
    ssize_t got = ::read(fd.get(), image.data() + done, image.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw fail(std::strerror(errno));
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  if (done == 0 && !may_be_empty) throw fail("is empty");
  if (done > max_size) throw fail(fmt::format("is more than the {} bytes of guest RAM", max_size));
  image.resize(done);
  return image;
}

}  // namespace emu::cli
