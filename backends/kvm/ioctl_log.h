#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emu::kvm {

// --log-kvm (docs/learn.md): every call emu makes to KVM, in order, one line each as it returns
// ("KVM_RUN -> KVM_EXIT_HLT"), and at the end a summary: calls per ioctl, exits per reason. The
// backend holds a pointer to one only while logging, so a run without it pays one null test per
// ioctl (each of which costs microseconds in the kernel).
class IoctlLog {
 public:
  explicit IoctlLog(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {}

  // One call, counted under `name`: "NAME input -> output" (either part may be empty).
  void record(std::string_view name, std::string_view input, std::string_view output);
  // What a KVM_RUN returned with (KVM_EXIT_IO, ...), counted for the summary.
  void count_exit(std::string_view reason) { count(exits_, reason); }

  bool empty() const { return calls_.empty(); }
  // The summary's lines, each ending in a newline; calls and exits in the order they first came.
  std::string summary() const;

 private:
  using Counts = std::vector<std::pair<std::string, std::uint64_t>>;
  static void count(Counts& counts, std::string_view name);

  std::function<void(std::string_view)> sink_;
  Counts calls_;
  Counts exits_;
};

// "EINVAL (Invalid argument)": a failed call's output.
std::string errno_text(int error);

}  // namespace emu::kvm
