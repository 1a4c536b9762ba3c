#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace emu {

// Owns one mmap'ed host region and unmaps it exactly once.
class HostMapping {
 public:
  HostMapping() = default;
  // Anonymous, zero-filled, private memory (guest RAM).
  static HostMapping anonymous(std::size_t size);
  // A shared mapping of `fd` (the vCPU's kvm_run area).
  static HostMapping of_fd(int fd, std::size_t size);

  HostMapping(HostMapping&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  HostMapping& operator=(HostMapping&& other) noexcept;
  HostMapping(const HostMapping&) = delete;
  HostMapping& operator=(const HostMapping&) = delete;
  ~HostMapping();

  std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::span<std::uint8_t> bytes() const { return {data_, size_}; }

 private:
  HostMapping(std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace emu
