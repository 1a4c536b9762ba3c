#include "core/host_mapping.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace emu {

HostMapping HostMapping::anonymous(std::size_t size) {
  void* data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (data == MAP_FAILED) {
    throw Error(ExitStatus::internal,
                fmt::format("cannot map {} bytes of guest memory: {}", size, std::strerror(errno)));
  }
  return HostMapping(static_cast<std::uint8_t*>(data), size);
}

HostMapping HostMapping::of_fd(int fd, std::size_t size) {
  void* data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED) {
    throw Error(ExitStatus::internal, fmt::format("cannot map {} bytes of fd {}: {}", size, fd, std::strerror(errno)));
  }
  return HostMapping(static_cast<std::uint8_t*>(data), size);
}

HostMapping& HostMapping::operator=(HostMapping&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

HostMapping::~HostMapping() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace emu
