#include "gdb/monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "core/cpu_state.h"
#include "gdb/packet.h"

namespace emu::gdb {

namespace {

constexpr std::string_view help_text =
    "seg                 segment registers: selector, base, limit, attributes\n"
    "break [SEG:OFF]     breakpoint at SEG:OFF (linear SEG*16+OFF); alone: list them\n"
    "delete N|all        remove monitor breakpoint N (from `break`), or all\n"
    "phys ADDR [LEN]     physical memory (hex; LEN up to 4096, default 64)\n"
    "ivt [FIRST [COUNT]] interrupt vector table entries (hex; default all 256)\n"
    "stats               the backend's counters\n"
    "pic, pit            the 8259A pair and the 8254 (--machine pc)\n"
    "help                this list\n";

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// A 32-bit hex number, with or without 0x.
bool hex_number(std::string_view text, std::uint32_t& value) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  std::uint64_t wide = 0;
  if (!parse_hex(text, wide) || wide > 0xFFFFFFFF) return false;
  value = static_cast<std::uint32_t>(wide);
  return true;
}

constexpr std::array<std::string_view, 6> sreg_names = {"es", "cs", "ss", "ds", "fs", "gs"};

}  // namespace

std::string Monitor::run(std::string_view command) {
  const std::vector<std::string_view> args = words(command);
  if (args.empty() || args[0] == "help") return std::string(help_text);
  const std::string_view name = args[0];
  const std::string_view rest = command.substr(std::min(command.size(), command.find(name) + name.size()));
  if (name == "seg") return segments();
  if (name == "break") return add_breakpoint(rest);
  if (name == "delete") return delete_breakpoints(rest);
  if (name == "phys") return physical(rest);
  if (name == "ivt") return vectors(rest);
  if (name == "stats") return stats();
  if (name == "pic" || name == "pit") {
    std::string text = machine_.platform().describe_device(name);
    return text.empty() ? fmt::format("no {} on this machine ({})\n", name, machine_.platform().name()) : text;
  }
  return fmt::format("unknown monitor command \"{}\"; `monitor help` lists them\n", name);
}

std::string Monitor::segments() {
  const CpuState state = backend_.state();
  std::string text;
  for (Sreg s : {Sreg::cs, Sreg::ss, Sreg::ds, Sreg::es, Sreg::fs, Sreg::gs}) {
    const SegmentRegister& seg = state.sreg(s);
    text += fmt::format("{} {:04x}  base {:08x}  limit {:08x}  attributes {:04x}\n", sreg_names[static_cast<unsigned>(s)],
                        seg.selector, seg.base, seg.limit, seg.attributes);
  }
  text += fmt::format("ip {:04x}  linear pc {:08x}  cr0 {:08x}  idtr {:08x}+{:x}\n", state.eip & 0xFFFF,
                      state.linear_pc(), state.cr0, state.idtr.base, state.idtr.limit);
  return text;
}

std::string Monitor::add_breakpoint(std::string_view where) {
  const std::vector<std::string_view> args = words(where);
  if (args.empty()) {
    if (breakpoints_.empty()) return "no monitor breakpoints\n";
    std::string text;
    for (std::size_t i = 0; i < breakpoints_.size(); ++i) text += fmt::format("{}: linear {:#07x}\n", i + 1, breakpoints_[i]);
    return text;
  }
  const std::size_t colon = args[0].find(':');
  std::uint32_t segment = 0, offset = 0;
  if (args.size() != 1 || colon == std::string_view::npos || !hex_number(args[0].substr(0, colon), segment) ||
      !hex_number(args[0].substr(colon + 1), offset) || segment > 0xFFFF || offset > 0xFFFF) {
    return "usage: monitor break SEG:OFF (hex, each up to FFFF)\n";
  }
  const std::uint32_t linear = segment * 16 + offset;
  breakpoints_.push_back(linear);
  return fmt::format("breakpoint {} at {:04x}:{:04x} (linear {:#07x})\n", breakpoints_.size(), segment, offset, linear);
}

std::string Monitor::delete_breakpoints(std::string_view which) {
  const std::vector<std::string_view> args = words(which);
  if (args.size() == 1 && args[0] == "all") {
    const std::size_t count = breakpoints_.size();
    breakpoints_.clear();
    return fmt::format("{} monitor breakpoint{} deleted\n", count, count == 1 ? "" : "s");
  }
  unsigned number = 0;
  if (args.size() == 1) {
    auto [end, error] = std::from_chars(args[0].data(), args[0].data() + args[0].size(), number);
    if (error == std::errc() && end == args[0].data() + args[0].size() && number >= 1 && number <= breakpoints_.size()) {
      breakpoints_.erase(breakpoints_.begin() + (number - 1));
      return fmt::format("monitor breakpoint {} deleted\n", number);
    }
  }
  return fmt::format("usage: monitor delete N|all (N from 1 to {})\n", breakpoints_.size());
}

std::string Monitor::physical(std::string_view arguments) {
  const std::vector<std::string_view> args = words(arguments);
  std::uint32_t address = 0, length = 64;
  if (args.empty() || args.size() > 2 || !hex_number(args[0], address) || (args.size() == 2 && !hex_number(args[1], length)) ||
      length == 0 || length > 4096) {
    return "usage: monitor phys ADDR [LEN] (hex; LEN from 1 to 1000)\n";
  }
  const GuestMemory& memory = machine_.memory();
  if (address >= memory.size()) return fmt::format("{:#x} is past the end of RAM ({:#x})\n", address, memory.size());
  length = std::min(length, memory.size() - address);
  const auto bytes = *memory.span(address, length);
  std::string text;
  for (std::uint32_t line = 0; line < length; line += 16) {
    text += fmt::format("{:08x}:", address + line);
    std::string ascii;
    for (std::uint32_t i = line; i < line + 16 && i < length; ++i) {
      text += fmt::format(" {:02x}", bytes[i]);
      ascii += bytes[i] >= 0x20 && bytes[i] < 0x7F ? static_cast<char>(bytes[i]) : '.';
    }
    text += fmt::format("{:{}}  {}\n", "", 3 * (16 - std::min<std::uint32_t>(16, length - line)), ascii);
  }
  return text;
}

std::string Monitor::vectors(std::string_view arguments) {
  const std::vector<std::string_view> args = words(arguments);
  std::uint32_t first = 0, count = 256;
  if (args.size() > 2 || (!args.empty() && !hex_number(args[0], first)) || (args.size() == 2 && !hex_number(args[1], count)) ||
      first > 0xFF) {
    return "usage: monitor ivt [FIRST [COUNT]] (hex)\n";
  }
  if (args.size() == 1) count = 1;
  count = std::min(count, 256 - first);
  const CpuState state = backend_.state();
  const GuestMemory& memory = machine_.memory();
  std::string text;
  for (std::uint32_t vector = first; vector < first + count; ++vector) {
    const std::uint32_t entry = state.idtr.base + vector * 4;
    const auto bytes = memory.span(entry, 4);
    if (!bytes) break;
    const unsigned offset = (*bytes)[0] | (*bytes)[1] << 8;
    const unsigned segment = (*bytes)[2] | (*bytes)[3] << 8;
    text += fmt::format("{:02x}: {:04x}:{:04x} (linear {:#07x})\n", vector, segment, offset, segment * 16 + offset);
  }
  return text;
}

std::string Monitor::stats() {
  std::string text = fmt::format("backend {}: {}\n", backend_.name(), backend_.description());
  for (const StatCounter& counter : backend_.stats()) text += fmt::format("{} {}\n", counter.name, counter.value);
  for (const StatCounter& counter : machine_.platform().stats()) text += fmt::format("{} {}\n", counter.name, counter.value);
  return text;
}

}  // namespace emu::gdb
