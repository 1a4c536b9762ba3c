#include "backends/kvm/exit_handler.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/exit_status.h"
#include "core/guest_location.h"
#include "core/little_endian.h"
#include "decoder/decode.h"

namespace emu::kvm {

namespace {

constexpr std::string_view advice = "; try --accel=interp";

RunResult stop(StopReason reason, ExitStatus status, std::string message) {
  return {reason, to_int(status), std::move(message), std::nullopt};
}

}  // namespace

std::optional<RunResult> ExitHandler::handle(const VcpuExit& exit) {
  return std::visit([this](const auto& decoded) { return on(decoded); }, exit);
}

std::optional<RunResult> ExitHandler::on(const IoExit& exit) {
  (exit.is_out ? counters_.io_out : counters_.io_in) += 1;
  counters_.io_elements += exit.count;
  Bus& io = machine_.io();
  for (std::uint32_t i = 0; i < exit.count; ++i) {
    std::uint8_t* element = exit.data.data() + std::size_t{i} * exit.size;
    if (exit.is_out) {
      io.write(exit.port, exit.size, load_le(element, exit.size));
      // The exit device (or a reset) ends the run at once, even in the middle of a string OUT.
      if (machine_.exit_request().pending()) {
        return requested_end(machine_.exit_request(), format_cs_ip(current_state_()), std::nullopt);
      }
    } else {
      store_le(element, exit.size, io.read(exit.port, exit.size));
    }
  }
  return std::nullopt;
}

std::optional<RunResult> ExitHandler::on(const MmioExit& exit) {
  auto size = static_cast<unsigned>(exit.data.size());
  // With the A20 gate closed, 1 MiB and above (outside a 1 MiB machine's RAM) wrap to 0.
  if (!machine_.platform().a20_enabled() && (exit.address & Platform::a20_bit)) {
    const std::uint64_t wrapped = exit.address & ~std::uint64_t{Platform::a20_bit};
    if (auto ram = machine_.memory().span(wrapped, size)) {
      (exit.is_write ? counters_.mmio_write : counters_.mmio_read) += 1;
      if (exit.is_write) {
        std::copy(exit.data.begin(), exit.data.end(), ram->begin());
      } else {
        std::copy(ram->begin(), ram->end(), exit.data.begin());
      }
      return std::nullopt;
    }
  }
  if (exit.is_write) {
    ++counters_.mmio_write;
    machine_.mmio().write(exit.address, size, load_le(exit.data.data(), size));
  } else {
    ++counters_.mmio_read;
    store_le(exit.data.data(), size, machine_.mmio().read(exit.address, size));
  }
  return std::nullopt;
}

std::optional<RunResult> ExitHandler::on(const HltExit&) { return halted(std::nullopt); }

std::optional<RunResult> ExitHandler::on(const ShutdownExit&) {
  return triple_fault_at(format_cs_ip(current_state_()), std::nullopt);
}

std::optional<RunResult> ExitHandler::on(const FailEntryExit& exit) {
  return stop(StopReason::error, ExitStatus::guest_fault,
              fmt::format("KVM could not enter the guest at {}: hardware entry failure reason {:#x}{}",
                          format_cs_ip(current_state_()), exit.hardware_reason, advice));
}

std::optional<RunResult> ExitHandler::on(const InternalErrorExit& exit) {
  CpuState state = current_state_();
  // An instruction that starts outside RAM, or runs past its end (its bytes cut short), was
  // fetched from unassigned memory.
  std::vector<std::uint8_t> bytes = code_bytes_at(machine_.memory(), state);
  if (bytes.empty() || x86::decode(bytes).op == x86::Op::truncated) {
    return unassigned_fetch_at(format_cs_ip(state), std::nullopt);
  }
  return stop(
      StopReason::error, ExitStatus::guest_fault,
      fmt::format("KVM cannot run the instruction at {}: internal error, {}{}",
                  describe_instruction_at(machine_.memory(), state), internal_error_name(exit.suberror), advice));
}

std::optional<RunResult> ExitHandler::on(const DebugExit& exit) {
  return stop(
      StopReason::error, ExitStatus::internal,
      fmt::format("unexpected KVM debug exit (exception {}) at {}", exit.exception, format_cs_ip(current_state_())));
}

std::optional<RunResult> ExitHandler::on(const InterruptedExit&) {
  ++counters_.interrupted;
  return std::nullopt;
}

std::optional<RunResult> ExitHandler::on(const InterruptWindowExit&) {
  ++counters_.interrupt_windows;
  return std::nullopt;  // the run loop injects the interrupt before it resumes
}

std::optional<RunResult> ExitHandler::on(const UnknownExit& exit) {
  return stop(StopReason::error, ExitStatus::internal,
              fmt::format("{} at {}", exit.detail, format_cs_ip(current_state_())));
}

std::vector<StatCounter> ExitHandler::stats() const {
  return {{"port-out exits", counters_.io_out},       {"port-in exits", counters_.io_in},
          {"port elements", counters_.io_elements},   {"mmio-read exits", counters_.mmio_read},
          {"mmio-write exits", counters_.mmio_write}, {"signal exits", counters_.interrupted},
          {"interrupt-window exits", counters_.interrupt_windows}};
}

}  // namespace emu::kvm
