// libFuzzer target: KVM exit decoding and the exit handler, from made-up kvm_run areas (a KVM
// that misbehaves, or a future one with new exit kinds, must not make emu read outside the
// mapping or crash). The input is the start of a 4 KiB run area, the rest zeros.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "backends/kvm/exit_handler.h"
#include "backends/kvm/vcpu_exit.h"
#include "core/byte_sink.h"
#include "core/error.h"
#include "platform/machine.h"

namespace {

template <class... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};
template <class... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;  // clang before 17 deduces no aggregates

bool inside(std::span<std::uint8_t> data, const std::vector<std::uint8_t>& area) {
  if (data.empty()) return true;
  const std::uint8_t* begin = area.data();
  return data.data() >= begin && data.data() + data.size() <= begin + area.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  std::vector<std::uint8_t> area(4096, 0);
  std::memcpy(area.data(), data, std::min(size, area.size()));
  kvm::VcpuExit exit = kvm::decode_exit(area);
  const bool spans_inside = std::visit(Overloaded{[&](const kvm::IoExit& io) { return inside(io.data, area); },
                                                  [&](const kvm::MmioExit& mmio) { return inside(mmio.data, area); },
                                                  [](const auto&) { return true; }},
                                       exit);
  if (!spans_inside) std::abort();
  StringSink console;
  Machine machine(MachineConfig{.mem_size = 64 * 1024}, console);
  kvm::ExitHandler handler(machine, [] { return reset_state(0, 0); });
  try {
    std::optional<RunResult> result = handler.handle(exit);
    if (result && result->exit_status != 0 && result->message.empty() && result->reason != StopReason::exit_device) {
      std::abort();  // a run that ends in failure says why
    }
  } catch (const Error&) {
    // a refused exit, reported as an error: fine
  }
  return 0;
}
