#include "backends/kvm/ioctl_log.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace emu::kvm {

void IoctlLog::count(Counts& counts, std::string_view name) {
  auto found = std::find_if(counts.begin(), counts.end(), [&](const auto& entry) { return entry.first == name; });
  if (found == counts.end()) {
    counts.emplace_back(name, 1);
  } else {
    ++found->second;
  }
}

void IoctlLog::record(std::string_view name, std::string_view input, std::string_view output) {
  count(calls_, name);
  std::string line(name);
  if (!input.empty()) line += fmt::format(" {}", input);
  if (!output.empty()) line += fmt::format(" -> {}", output);
  line += '\n';
  sink_(line);
}

std::string IoctlLog::summary() const {
  auto total = [](const Counts& counts) {
    std::uint64_t sum = 0;
    for (const auto& [name, count] : counts) sum += count;
    return sum;
  };
  auto table = [](const Counts& counts) {
    std::string lines;
    for (const auto& [name, count] : counts) lines += fmt::format("  {:<28} {:>8}\n", name, count);
    return lines;
  };
  std::string text = fmt::format("KVM summary: {} calls\n{}", total(calls_), table(calls_));
  text += fmt::format("KVM summary: {} exits from KVM_RUN\n{}", total(exits_), table(exits_));
  return text;
}

std::string errno_text(int error) {
  const char* name = ::strerrorname_np(error);
  return fmt::format("{} ({})", name != nullptr ? name : fmt::format("errno {}", error), std::strerror(error));
}

}  // namespace emu::kvm
