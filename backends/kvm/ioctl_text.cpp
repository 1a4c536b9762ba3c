#include "backends/kvm/ioctl_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>
#include <vector>

#include "core/little_endian.h"

namespace emu::kvm {

namespace {

std::string size_text(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes != 0 && bytes % (1u << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

bool printable(std::uint8_t byte) { return byte >= 0x20 && byte < 0x7F && byte != '\'' && byte != '"'; }

// Transferred data: characters where every element is a printable byte ('H', "Hi"), else each
// element in hex (at most 16 shown).
std::string data_text(std::span<const std::uint8_t> data, unsigned element_size) {
  const std::size_t count = data.size() / element_size;
  if (element_size == 1 && std::all_of(data.begin(), data.end(), printable)) {
    return count == 1 ? fmt::format("'{}'", static_cast<char>(data[0]))
                      : fmt::format("\"{}\"", std::string(data.begin(), data.end()));
  }
  constexpr std::size_t shown = 16;
  std::string text;
  for (std::size_t i = 0; i < std::min(count, shown); ++i) {
    if (i > 0) text += ' ';
    text += fmt::format("{:#0{}x}", load_le(data.data() + i * element_size, element_size), 2 + 2 * element_size);
  }
  if (count > shown) text += fmt::format(" ... ({} in all)", count);
  return text;
}

std::string segment_text(std::string_view name, const kvm_segment& segment) {
  return fmt::format("{}={:04x}(base={:#x} limit={:#x} type={:#x})", name, segment.selector, segment.base, segment.limit,
                     segment.type);
}

std::string flags_text(std::uint32_t bits, std::span<const std::pair<std::uint32_t, std::string_view>> names) {
  std::string text;
  std::uint32_t unnamed = bits;
  for (const auto& [bit, name] : names) {
    if (!(bits & bit)) continue;
    if (!text.empty()) text += '|';
    text += name;
    unnamed &= ~bit;
  }
  if (unnamed != 0) text += fmt::format("{}{:#x}", text.empty() ? "" : "|", unnamed);
  return text.empty() ? "0" : text;
}

struct ExitText {
  std::string_view name;
  std::string fields;
};

ExitText describe(const IoExit& exit) {
  return {"KVM_EXIT_IO",
          fmt::format("{} port={:#x} size={} count={}{}", exit.is_out ? "out" : "in", exit.port, exit.size, exit.count,
                      exit.is_out ? fmt::format(" data={}", data_text(exit.data, exit.size)) : "")};
}
ExitText describe(const MmioExit& exit) {
  return {"KVM_EXIT_MMIO",
          fmt::format("{} phys_addr={:#x} len={}{}", exit.is_write ? "write" : "read", exit.address, exit.data.size(),
                      exit.is_write ? fmt::format(" data={}", data_text(exit.data, 1)) : "")};
}
ExitText describe(const HltExit&) { return {"KVM_EXIT_HLT", ""}; }
ExitText describe(const ShutdownExit&) { return {"KVM_EXIT_SHUTDOWN", "(triple fault)"}; }
ExitText describe(const FailEntryExit& exit) {
  return {"KVM_EXIT_FAIL_ENTRY", fmt::format("hardware_entry_failure_reason={:#x} cpu={}", exit.hardware_reason, exit.cpu)};
}
ExitText describe(const InternalErrorExit& exit) {
  std::string data;
  for (std::uint64_t word : exit.data) data += fmt::format(" {:#x}", word);
  return {"KVM_EXIT_INTERNAL_ERROR",
          fmt::format("suberror={} ({}) ndata={}{}", exit.suberror, internal_error_name(exit.suberror), exit.data.size(),
                      data)};
}
ExitText describe(const DebugExit& exit) {
  return {"KVM_EXIT_DEBUG", fmt::format("exception={} pc={:#x} dr6={:#x}", exit.exception, exit.pc, exit.dr6)};
}
ExitText describe(const InterruptedExit&) { return {"KVM_EXIT_INTR", ""}; }
ExitText describe(const InterruptWindowExit&) { return {"KVM_EXIT_IRQ_WINDOW_OPEN", ""}; }
ExitText describe(const UnknownExit& exit) { return {"unknown exit", fmt::format("{} ({})", exit.reason, exit.detail)}; }

ExitText describe(const VcpuExit& exit) {
  return std::visit([](const auto& decoded) { return describe(decoded); }, exit);
}

}  // namespace

std::string memory_region_text(const kvm_userspace_memory_region& region) {
  return fmt::format("slot={} flags={} guest_phys={:#x} size={} host={:#x}", region.slot,
                     region.flags & KVM_MEM_READONLY ? "KVM_MEM_READONLY" : "0", region.guest_phys_addr,
                     size_text(region.memory_size), region.userspace_addr);
}

std::string regs_text(const kvm_regs& regs) {
  std::string text = fmt::format("rax={:#x} rbx={:#x} rcx={:#x} rdx={:#x} rsi={:#x} rdi={:#x} rsp={:#x} rbp={:#x}",
                                 regs.rax, regs.rbx, regs.rcx, regs.rdx, regs.rsi, regs.rdi, regs.rsp, regs.rbp);
  const std::array<std::uint64_t, 8> high = {regs.r8, regs.r9, regs.r10, regs.r11, regs.r12, regs.r13, regs.r14, regs.r15};
  for (std::size_t i = 0; i < high.size(); ++i) {
    if (high[i] != 0) text += fmt::format(" r{}={:#x}", 8 + i, high[i]);
  }
  return text + fmt::format(" rip={:#x} rflags={:#x}", regs.rip, regs.rflags);
}

std::string sregs_text(const kvm_sregs& sregs) {
  return fmt::format("{} {} {} {} {} {} idt={:#x}+{:#x} gdt={:#x}+{:#x} cr0={:#x}", segment_text("cs", sregs.cs),
                     segment_text("ds", sregs.ds), segment_text("es", sregs.es), segment_text("ss", sregs.ss),
                     segment_text("fs", sregs.fs), segment_text("gs", sregs.gs), sregs.idt.base, sregs.idt.limit,
                     sregs.gdt.base, sregs.gdt.limit, sregs.cr0);
}

std::string events_text(const kvm_vcpu_events& events) {
  std::string text = fmt::format("interrupt.shadow={}", events.interrupt.shadow);
  if (events.interrupt.injected) text += fmt::format(" interrupt.injected nr={}", events.interrupt.nr);
  if (events.exception.injected) text += fmt::format(" exception.injected nr={}", events.exception.nr);
  if (events.nmi.pending || events.nmi.injected) text += " nmi";
  static constexpr std::array<std::pair<std::uint32_t, std::string_view>, 6> flag_names = {{
      {KVM_VCPUEVENT_VALID_NMI_PENDING, "VALID_NMI_PENDING"},
      {KVM_VCPUEVENT_VALID_SIPI_VECTOR, "VALID_SIPI_VECTOR"},
      {KVM_VCPUEVENT_VALID_SHADOW, "VALID_SHADOW"},
      {KVM_VCPUEVENT_VALID_SMM, "VALID_SMM"},
      {KVM_VCPUEVENT_VALID_PAYLOAD, "VALID_PAYLOAD"},
      {KVM_VCPUEVENT_VALID_TRIPLE_FAULT, "VALID_TRIPLE_FAULT"},
  }};
  return text + fmt::format(" flags={}", flags_text(events.flags, flag_names));
}

std::string guest_debug_text(const kvm_guest_debug& debug) {
  static constexpr std::array<std::pair<std::uint32_t, std::string_view>, 3> control_names = {{
      {KVM_GUESTDBG_ENABLE, "ENABLE"},
      {KVM_GUESTDBG_SINGLESTEP, "SINGLESTEP"},
      {KVM_GUESTDBG_USE_HW_BP, "USE_HW_BP"},
  }};
  std::string text = fmt::format("control={}", flags_text(debug.control, control_names));
  for (unsigned i = 0; i < 4; ++i) {
    if (debug.arch.debugreg[7] & (1u << (2 * i))) text += fmt::format(" dr{}={:#x}", i, debug.arch.debugreg[i]);
  }
  if (debug.arch.debugreg[7] != 0) text += fmt::format(" dr7={:#x}", debug.arch.debugreg[7]);
  return text;
}

std::string cpuid_text(const kvm_cpuid2& cpuid) {
  std::string text = fmt::format("nent={} leaves", cpuid.nent);
  for (std::uint32_t i = 0; i < cpuid.nent; ++i) text += fmt::format(" {:#x}", cpuid.entries[i].function);
  return text;
}

std::string_view exit_reason_name(const VcpuExit& exit) { return describe(exit).name; }

std::string exit_text(const VcpuExit& exit) {
  ExitText text = describe(exit);
  return text.fields.empty() ? std::string(text.name) : fmt::format("{} {}", text.name, text.fields);
}

std::string entry_text(std::span<std::uint8_t> run_area) {
  const auto& run = *reinterpret_cast<const kvm_run*>(run_area.data());
  std::vector<std::string> parts;
  // The previous exit's request, answered in place: KVM reads the answer as this entry begins.
  if (run.exit_reason == KVM_EXIT_IO || run.exit_reason == KVM_EXIT_MMIO) {
    VcpuExit last = decode_exit(run_area);
    if (const auto* io = std::get_if<IoExit>(&last); io != nullptr && !io->is_out) {
      parts.push_back(fmt::format("completing in port={:#x} with data={}", io->port, data_text(io->data, io->size)));
    } else if (const auto* mmio = std::get_if<MmioExit>(&last); mmio != nullptr && !mmio->is_write) {
      parts.push_back(fmt::format("completing read phys_addr={:#x} with data={}", mmio->address, data_text(mmio->data, 1)));
    }
  }
  if (run.immediate_exit) parts.push_back("immediate_exit=1");
  if (run.request_interrupt_window) parts.push_back("request_interrupt_window=1");
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : " ") + part;
  return text;
}

}  // namespace emu::kvm
