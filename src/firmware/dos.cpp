#include "firmware/dos.h"

#include <algorithm>
#include <cctype>

#include "core/exit_status.h"
#include "firmware/bda.h"

namespace emu::bios {

namespace {

// A memory control block: the paragraph before each block of the arena (DOS's layout).
struct Mcb {
  std::uint8_t type;  // 'M', or 'Z' for the last
  std::uint16_t owner;  // the owning PSP, 0 when free
  std::uint16_t size;   // paragraphs, not counting the MCB
};
constexpr std::uint8_t mcb_middle = 'M';
constexpr std::uint8_t mcb_last = 'Z';
constexpr std::uint16_t first_mcb = dos::psp_segment - 1;

// DOS error codes (AX with CF set).
constexpr std::uint16_t arena_trashed = 7;
constexpr std::uint16_t insufficient_memory = 8;
constexpr std::uint16_t invalid_block = 9;

// 0 = Sunday (Zeller's congruence, Gregorian).
unsigned day_of_week(unsigned year, unsigned month, unsigned day) {
  if (month < 3) {
    month += 12;
    --year;
  }
  const unsigned k = year % 100;
  const unsigned j = year / 100;
  const unsigned h = (day + 13 * (month + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;  // 0 = Saturday
  return (h + 6) % 7;
}

Mcb read_mcb(const GuestRam& ram, std::uint16_t segment) {
  return {ram.read8(segment, 0), ram.read16(segment, 1), ram.read16(segment, 3)};
}

void write_mcb(GuestRam& ram, std::uint16_t segment, const Mcb& mcb) {
  ram.write8(segment, 0, mcb.type);
  ram.write16(segment, 1, mcb.owner);
  ram.write16(segment, 3, mcb.size);
}

bool valid(const Mcb& mcb) { return mcb.type == mcb_middle || mcb.type == mcb_last; }

// The MCB after the block at `segment`, if it lies inside the arena (a program may have written
// anything into an MCB; a chain that leaves the arena or wraps ends the walk).
std::optional<std::uint16_t> following(std::uint16_t segment, const Mcb& mcb) {
  const std::uint32_t next = std::uint32_t{segment} + mcb.size + 1;
  if (next >= dos::arena_end) return std::nullopt;
  return static_cast<std::uint16_t>(next);
}

// Joins the free blocks that follow a block into it (DOS does so as it walks the arena).
void absorb_free_followers(GuestRam& ram, std::uint16_t segment, Mcb& mcb) {
  while (mcb.type == mcb_middle) {
    const std::optional<std::uint16_t> next_segment = following(segment, mcb);
    if (!next_segment) break;
    const Mcb next = read_mcb(ram, *next_segment);
    if (!valid(next) || next.owner != 0) break;
    mcb.size = static_cast<std::uint16_t>(mcb.size + next.size + 1);
    mcb.type = next.type;
  }
  write_mcb(ram, segment, mcb);
}

// Cuts a block to `size` paragraphs; the rest becomes a free block after it.
void split(GuestRam& ram, std::uint16_t segment, Mcb& mcb, std::uint16_t size) {
  if (mcb.size > size) {
    write_mcb(ram, static_cast<std::uint16_t>(segment + size + 1),
              {mcb.type, 0, static_cast<std::uint16_t>(mcb.size - size - 1)});
    mcb.type = mcb_middle;
    mcb.size = size;
  }
  write_mcb(ram, segment, mcb);
}

// The MCB of the block at ES (AH=49h, 4Ah), or error 9 with CF when there is none.
std::optional<Mcb> block_at_es(const GuestRam& ram, Registers& registers) {
  const Mcb mcb = read_mcb(ram, static_cast<std::uint16_t>(registers.es - 1));
  if (valid(mcb)) return mcb;
  registers.ax = invalid_block;
  registers.set_carry(true);
  return std::nullopt;
}

}  // namespace

DosServices::Start DosServices::load(std::span<const std::uint8_t> program, const std::string& name,
                                     const std::string& command_tail) {
  GuestRam& ram = bios_.ram;
  const std::uint16_t psp = dos::psp_segment;
  // The environment: no variables, then the program's path (DOS 3+).
  std::string upper_name = name;
  for (char& c : upper_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<std::uint8_t> environment{0, 0, 1, 0};
  const std::string path = "C:\\" + upper_name;
  environment.insert(environment.end(), path.begin(), path.end());
  environment.push_back(0);
  ram.write(GuestRam::linear(dos::environment_segment, 0), environment);
  // The arena: one block from the PSP to the EBDA, the program's, as DOS gives a .COM program
  // all memory.
  write_mcb(ram, first_mcb, {mcb_last, psp, static_cast<std::uint16_t>(dos::arena_end - psp)});
  std::string mcb_name = upper_name.substr(0, upper_name.find('.'));
  mcb_name.resize(8, '\0');
  ram.write(GuestRam::linear(first_mcb, 8), std::span(reinterpret_cast<const std::uint8_t*>(mcb_name.data()), 8));
  // The PSP.
  std::vector<std::uint8_t> block(0x100, 0);
  auto put16 = [&](std::size_t offset, std::uint16_t value) {
    block[offset] = static_cast<std::uint8_t>(value);
    block[offset + 1] = static_cast<std::uint8_t>(value >> 8);
  };
  block[0x00] = 0xCD;  // INT 20h
  block[0x01] = 0x20;
  put16(0x02, dos::arena_end);  // the first paragraph beyond the program's memory
  for (unsigned vector : {0x22u, 0x23u, 0x24u}) {  // the terminate, Ctrl-C and critical-error vectors
    const std::size_t at = 0x0A + (vector - 0x22) * 4;
    put16(at, ram.read16(0, static_cast<std::uint16_t>(vector * 4)));
    put16(at + 2, ram.read16(0, static_cast<std::uint16_t>(vector * 4 + 2)));
  }
  put16(0x16, psp);  // the parent: itself, as COMMAND.COM's is
  constexpr std::uint8_t handles[20] = {1, 1, 1, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  std::copy(std::begin(handles), std::end(handles), block.begin() + 0x18);
  put16(0x2C, dos::environment_segment);
  put16(0x32, 20);  // the handle table: 20 entries at PSP:0018
  put16(0x34, 0x18);
  put16(0x36, psp);
  block[0x50] = 0xCD;  // INT 21h; RETF: the far-call entry to DOS
  block[0x51] = 0x21;
  block[0x52] = 0xCB;
  for (std::size_t fcb : {0x5Cu, 0x6Cu}) std::fill(block.begin() + static_cast<std::ptrdiff_t>(fcb + 1), block.begin() + static_cast<std::ptrdiff_t>(fcb + 12), ' ');
  const std::size_t tail_length = std::min(command_tail.size(), dos::max_command_tail);
  block[0x80] = static_cast<std::uint8_t>(tail_length);
  std::copy_n(command_tail.begin(), tail_length, block.begin() + 0x81);
  block[0x81 + tail_length] = '\r';
  ram.write(GuestRam::linear(psp, 0), block);
  ram.write(GuestRam::linear(psp, 0x100), program);
  ram.write16(psp, 0xFFFE, 0);  // RET from the program reaches PSP:0000, INT 20h
  return {psp, 0x0100, 0xFFFE, 0, 0, 0x00FF, psp, 0x0100, 0xFFFE, 0};
}

void DosServices::terminate(std::uint8_t code) {
  bios_.exit_request.request_end({ExitRequest::EndKind::program_exit, code == 0 ? 0 : ExitRequest::exit_status(code), ""});
}

void DosServices::output(std::uint8_t character) {
  if (character == '\t') {  // DOS expands tabs on the console to the next multiple of 8
    const std::uint8_t page = bios_.ram.read8(bda::segment, bda::video_page);
    const std::uint8_t column = bios_.ram.read8(bda::segment, static_cast<std::uint16_t>(bda::cursor_positions + 2 * (page & 7)));
    for (unsigned i = column % 8u; i < 8; ++i) video_.teletype(' ', 0x07);
    return;
  }
  video_.teletype(character, 0x07);
}

std::optional<std::uint8_t> DosServices::input() {
  if (pending_scan_code_) return std::exchange(pending_scan_code_, std::nullopt);
  const std::optional<std::uint16_t> key = keyboard_.take_key(false);
  if (!key) return std::nullopt;
  const auto character = static_cast<std::uint8_t>(*key);
  if (character == 0) pending_scan_code_ = static_cast<std::uint8_t>(*key >> 8);
  return character;
}

Action DosServices::buffered_input(Registers& registers, bool retry) {
  GuestRam& ram = bios_.ram;
  const std::uint8_t capacity = ram.read8(registers.ds, registers.dx);
  if (!retry) line_.clear();
  if (capacity == 0) return Action::done;
  while (std::optional<std::uint8_t> character = input()) {
    if (*character == 0) {  // an extended key: its scan code follows; the line ignores both
      input();
      continue;
    }
    if (*character == '\r') {
      for (std::size_t i = 0; i < line_.size(); ++i) {
        ram.write8(registers.ds, static_cast<std::uint16_t>(registers.dx + 2 + i), line_[i]);
      }
      ram.write8(registers.ds, static_cast<std::uint16_t>(registers.dx + 2 + line_.size()), '\r');
      ram.write8(registers.ds, static_cast<std::uint16_t>(registers.dx + 1), static_cast<std::uint8_t>(line_.size()));
      output('\r');
      line_.clear();
      return Action::done;
    }
    if (*character == '\b' || *character == 0x7F) {
      if (!line_.empty()) {
        line_.pop_back();
        output('\b');
        output(' ');
        output('\b');
      }
      continue;
    }
    if (line_.size() + 1 < capacity) {  // room is kept for the CR; a full line takes no more
      line_.push_back(*character);
      output(*character);
    }
  }
  return keyboard_.wait_for_key(registers, "INT 21h AH=0Ah");
}

void DosServices::date(Registers& registers) {
  const unsigned year = bios_.rtc_value(0x32) * 100u + bios_.rtc_value(0x09);
  const unsigned month = bios_.rtc_value(0x08);
  const unsigned day = bios_.rtc_value(0x07);
  registers.cx = static_cast<std::uint16_t>(year);
  registers.set_dh(static_cast<std::uint8_t>(month));
  registers.set_dl(static_cast<std::uint8_t>(day));
  registers.set_al(static_cast<std::uint8_t>(day_of_week(year, month, day)));
}

void DosServices::time(Registers& registers) {
  // From the tick count, as DOS keeps its clock (the BIOS set it from the RTC at POST).
  const std::uint64_t ticks = bios_.ram.read32(bda::segment, bda::timer_ticks);
  const std::uint64_t hundredths = ticks * 65536 * 100 / 1'193'182;
  registers.set_ch(static_cast<std::uint8_t>(hundredths / 360'000 % 24));
  registers.set_cl(static_cast<std::uint8_t>(hundredths / 6'000 % 60));
  registers.set_dh(static_cast<std::uint8_t>(hundredths / 100 % 60));
  registers.set_dl(static_cast<std::uint8_t>(hundredths % 100));
}

void DosServices::allocate(Registers& registers) {
  GuestRam& ram = bios_.ram;
  const std::uint16_t wanted = registers.bx;
  std::uint16_t largest = 0;
  std::uint16_t segment = first_mcb;
  for (;;) {
    Mcb mcb = read_mcb(ram, segment);
    if (!valid(mcb)) {
      registers.ax = arena_trashed;
      registers.set_carry(true);
      return;
    }
    if (mcb.owner == 0) {
      absorb_free_followers(ram, segment, mcb);
      if (mcb.size >= wanted) {
        mcb.owner = dos::psp_segment;
        split(ram, segment, mcb, wanted);
        registers.ax = static_cast<std::uint16_t>(segment + 1);
        registers.set_carry(false);
        return;
      }
      largest = std::max(largest, mcb.size);
    }
    if (mcb.type == mcb_last) break;
    const std::optional<std::uint16_t> next = following(segment, mcb);
    if (!next) {  // an 'M' block reaching past the arena: the chain is damaged
      registers.ax = arena_trashed;
      registers.set_carry(true);
      return;
    }
    segment = *next;
  }
  registers.ax = insufficient_memory;
  registers.bx = largest;
  registers.set_carry(true);
}

void DosServices::release(Registers& registers) {
  std::optional<Mcb> mcb = block_at_es(bios_.ram, registers);
  if (!mcb) return;
  mcb->owner = 0;
  write_mcb(bios_.ram, static_cast<std::uint16_t>(registers.es - 1), *mcb);
  registers.set_carry(false);
}

void DosServices::resize(Registers& registers) {
  const auto segment = static_cast<std::uint16_t>(registers.es - 1);
  std::optional<Mcb> found = block_at_es(bios_.ram, registers);
  if (!found) return;
  Mcb& mcb = *found;
  absorb_free_followers(bios_.ram, segment, mcb);
  if (registers.bx > mcb.size) {
    registers.ax = insufficient_memory;
    registers.bx = mcb.size;
    registers.set_carry(true);
    return;
  }
  split(bios_.ram, segment, mcb, registers.bx);
  registers.set_carry(false);
}

Action DosServices::function(Registers& registers, bool retry) {
  GuestRam& ram = bios_.ram;
  switch (registers.ah()) {
    case 0x01:
    case 0x07:
    case 0x08: {
      const std::optional<std::uint8_t> character = input();
      if (!character) return keyboard_.wait_for_key(registers, fmt::format("INT 21h AH={:02X}h", registers.ah()));
      if (registers.ah() == 0x01 && *character != 0) output(*character);
      registers.set_al(*character);
      return Action::done;
    }
    case 0x02:
      output(registers.dl());
      registers.set_al(registers.dl());
      return Action::done;
    case 0x06:
      if (registers.dl() == 0xFF) {
        const std::optional<std::uint8_t> character = input();
        registers.set_al(character.value_or(0));
        registers.set_zero(!character);
      } else {
        output(registers.dl());
        registers.set_al(registers.dl());
      }
      return Action::done;
    case 0x09: {
      // Up to the '$' (at most a segment's worth: a string without one ends there).
      for (std::uint32_t i = 0; i < 0x10000; ++i) {
        const std::uint8_t character = ram.read8(registers.ds, static_cast<std::uint16_t>(registers.dx + i));
        if (character == '$') break;
        output(character);
      }
      registers.set_al('$');
      return Action::done;
    }
    case 0x0A: return buffered_input(registers, retry);
    case 0x0B: registers.set_al(pending_scan_code_ || keyboard_.peek_key(false) ? 0xFF : 0x00); return Action::done;
    case 0x0C: {
      const std::uint8_t then = registers.al();
      if (!retry) {
        keyboard_.flush();
        pending_scan_code_.reset();
      }
      if (then != 0x01 && then != 0x06 && then != 0x07 && then != 0x08 && then != 0x0A) return Action::done;
      Registers inner = registers;
      inner.set_ah(then);
      const Action action = function(inner, retry);
      if (action == Action::done) {
        inner.set_ah(0x0C);
        registers = inner;
      }
      return action;
    }
    case 0x0E:
      if (registers.dl() < 5) current_drive_ = registers.dl();
      registers.set_al(5);  // drives A: to E:, as DOS's LASTDRIVE default
      return Action::done;
    case 0x19: registers.set_al(current_drive_); return Action::done;
    case 0x25:
      ram.write16(0, static_cast<std::uint16_t>(registers.al() * 4), registers.dx);
      ram.write16(0, static_cast<std::uint16_t>(registers.al() * 4 + 2), registers.ds);
      return Action::done;
    case 0x2A: date(registers); return Action::done;
    case 0x2C: time(registers); return Action::done;
    case 0x30:
      registers.ax = 0x0005;  // DOS 5.0
      registers.bx = 0xFF00;  // OEM FFh (Microsoft), no serial number
      registers.cx = 0;
      return Action::done;
    case 0x35:
      registers.bx = ram.read16(0, static_cast<std::uint16_t>(registers.al() * 4));
      registers.es = ram.read16(0, static_cast<std::uint16_t>(registers.al() * 4 + 2));
      return Action::done;
    case 0x48: allocate(registers); return Action::done;
    case 0x49: release(registers); return Action::done;
    case 0x4A: resize(registers); return Action::done;
    case 0x00: terminate(0); return Action::done;
    case 0x4C: terminate(registers.al()); return Action::done;
    default:
      bios_.not_provided(registers, fmt::format("INT 21h AH={:02X}h", registers.ah()));
      return Action::done;
  }
}

Action DosServices::serve(Registers& registers, bool retry) {
  switch (registers.service) {
    case 0x20:
    case 0x27: terminate(0); return Action::done;  // INT 27h: nothing stays resident after the run
    default: return function(registers, retry);
  }
}

}  // namespace emu::bios
