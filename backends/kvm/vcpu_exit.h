#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace emu::kvm {

// Every way KVM_RUN can return, as a closed set: the run loop must handle each one.

// Port I/O. `data` holds `count` elements of `size` bytes (count > 1 for string I/O).
struct IoExit {
  bool is_out;
  std::uint16_t port;
  std::uint8_t size;
  std::uint32_t count;
  std::span<std::uint8_t> data;
};

// An access to guest-physical memory that is not RAM.
struct MmioExit {
  bool is_write;
  std::uint64_t address;
  std::span<std::uint8_t> data;  // len bytes
};

struct HltExit {};
struct ShutdownExit {};  // triple fault

struct FailEntryExit {
  std::uint64_t hardware_reason;
  std::uint32_t cpu;
};

struct InternalErrorExit {
  std::uint32_t suberror;
  std::vector<std::uint64_t> data;
};

struct DebugExit {
  std::uint32_t exception;
  std::uint64_t pc;
  std::uint64_t dr6 = 0;  // B0-B3 (bits 0-3): the hardware breakpoint that fired; BS (bit 14): a single step

  bool hit_breakpoint() const { return (dr6 & 0xF) != 0; }
};

// KVM_RUN returned for a signal or immediate_exit (KVM_EXIT_INTR).
struct InterruptedExit {};

// The guest can take an interrupt now (KVM_EXIT_IRQ_WINDOW_OPEN, after request_interrupt_window).
struct InterruptWindowExit {};

// Anything else, or a malformed exit; `detail` says which.
struct UnknownExit {
  std::uint32_t reason;
  std::string detail;
};

using VcpuExit = std::variant<IoExit, MmioExit, HltExit, ShutdownExit, FailEntryExit, InternalErrorExit, DebugExit,
                              InterruptedExit, InterruptWindowExit, UnknownExit>;

// Decodes the kvm_run area (the whole vCPU mapping). Data spans are checked to lie inside it.
VcpuExit decode_exit(std::span<std::uint8_t> run_area);

// KVM_INTERNAL_ERROR_* names for messages.
std::string internal_error_name(std::uint32_t suberror);

}  // namespace emu::kvm
