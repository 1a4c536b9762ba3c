#include "firmware/keyboard_services.h"

#include <array>

#include "core/exit_status.h"
#include "firmware/bda.h"

namespace emu::bios {

namespace {

constexpr std::uint16_t keyboard_data_port = 0x60;
constexpr std::uint8_t extended_prefix = 0xE0;
constexpr std::uint8_t flags3_e0_seen = 0x02;
constexpr std::uint8_t flags3_right_ctrl = 0x04;
constexpr std::uint8_t flags3_right_alt = 0x08;
constexpr std::uint8_t flags3_101_keys = 0x10;
constexpr std::uint8_t flags2_left_ctrl = 0x01;
constexpr std::uint8_t flags2_left_alt = 0x02;
constexpr std::uint8_t flags2_scroll_held = 0x10;
constexpr std::uint8_t flags2_num_held = 0x20;
constexpr std::uint8_t flags2_caps_held = 0x40;

// What a key gives, unshifted, with Shift, with Ctrl and with Alt: AH = scan code, AL =
// character (0000h: nothing). IBM PC/AT Technical Reference, keyboard encoding tables (US).
struct KeyRow {
  std::uint16_t normal, shift, ctrl, alt;
};

constexpr std::array<KeyRow, 0x59> key_rows = [] {
  std::array<KeyRow, 0x59> rows{};
  auto set = [&](std::uint8_t code, std::uint16_t normal, std::uint16_t shift, std::uint16_t ctrl, std::uint16_t alt) {
    rows[code] = {normal, shift, ctrl, alt};
  };
  set(0x01, 0x011B, 0x011B, 0x011B, 0x0100);
  set(0x02, 0x0231, 0x0221, 0x0000, 0x7800);
  set(0x03, 0x0332, 0x0340, 0x0300, 0x7900);
  set(0x04, 0x0433, 0x0423, 0x0000, 0x7A00);
  set(0x05, 0x0534, 0x0524, 0x0000, 0x7B00);
  set(0x06, 0x0635, 0x0625, 0x0000, 0x7C00);
  set(0x07, 0x0736, 0x075E, 0x071E, 0x7D00);
  set(0x08, 0x0837, 0x0826, 0x0000, 0x7E00);
  set(0x09, 0x0938, 0x092A, 0x0000, 0x7F00);
  set(0x0A, 0x0A39, 0x0A28, 0x0000, 0x8000);
  set(0x0B, 0x0B30, 0x0B29, 0x0000, 0x8100);
  set(0x0C, 0x0C2D, 0x0C5F, 0x0C1F, 0x8200);
  set(0x0D, 0x0D3D, 0x0D2B, 0x0000, 0x8300);
  set(0x0E, 0x0E08, 0x0E08, 0x0E7F, 0x0E00);
  set(0x0F, 0x0F09, 0x0F00, 0x9400, 0xA500);
  // Letters: lower case, upper case, the control character, Alt's scan code alone.
  constexpr std::uint8_t letters[][2] = {{0x10, 'q'}, {0x11, 'w'}, {0x12, 'e'}, {0x13, 'r'}, {0x14, 't'}, {0x15, 'y'},
                                         {0x16, 'u'}, {0x17, 'i'}, {0x18, 'o'}, {0x19, 'p'}, {0x1E, 'a'}, {0x1F, 's'},
                                         {0x20, 'd'}, {0x21, 'f'}, {0x22, 'g'}, {0x23, 'h'}, {0x24, 'j'}, {0x25, 'k'},
                                         {0x26, 'l'}, {0x2C, 'z'}, {0x2D, 'x'}, {0x2E, 'c'}, {0x2F, 'v'}, {0x30, 'b'},
                                         {0x31, 'n'}, {0x32, 'm'}};
  for (const auto& [code, letter] : letters) {
    const auto scan = static_cast<std::uint16_t>(code << 8);
    set(code, scan | letter, scan | (letter - 0x20), scan | (letter - 0x60), scan);
  }
  set(0x1A, 0x1A5B, 0x1A7B, 0x1A1B, 0x1A00);
  set(0x1B, 0x1B5D, 0x1B7D, 0x1B1D, 0x1B00);
  set(0x1C, 0x1C0D, 0x1C0D, 0x1C0A, 0x1C00);
  set(0x27, 0x273B, 0x273A, 0x0000, 0x2700);
  set(0x28, 0x2827, 0x2822, 0x0000, 0x2800);
  set(0x29, 0x2960, 0x297E, 0x0000, 0x2900);
  set(0x2B, 0x2B5C, 0x2B7C, 0x2B1C, 0x2B00);
  set(0x33, 0x332C, 0x333C, 0x0000, 0x3300);
  set(0x34, 0x342E, 0x343E, 0x0000, 0x3400);
  set(0x35, 0x352F, 0x353F, 0x0000, 0x3500);
  set(0x37, 0x372A, 0x372A, 0x9600, 0x3700);
  set(0x39, 0x3920, 0x3920, 0x3920, 0x3920);
  for (std::uint8_t f = 0; f < 10; ++f) {  // F1-F10
    set(static_cast<std::uint8_t>(0x3B + f), static_cast<std::uint16_t>((0x3B + f) << 8),
        static_cast<std::uint16_t>((0x54 + f) << 8), static_cast<std::uint16_t>((0x5E + f) << 8),
        static_cast<std::uint16_t>((0x68 + f) << 8));
  }
  // The keypad: navigation unshifted, digits with Shift (or Num Lock), Ctrl's own codes; with
  // Alt the digits enter a character code (handled apart).
  set(0x47, 0x4700, 0x4737, 0x7700, 0);
  set(0x48, 0x4800, 0x4838, 0x8D00, 0);
  set(0x49, 0x4900, 0x4939, 0x8400, 0);
  set(0x4A, 0x4A2D, 0x4A2D, 0x8E00, 0x4A00);
  set(0x4B, 0x4B00, 0x4B34, 0x7300, 0);
  set(0x4C, 0x4C00, 0x4C35, 0x8F00, 0);
  set(0x4D, 0x4D00, 0x4D36, 0x7400, 0);
  set(0x4E, 0x4E2B, 0x4E2B, 0x9000, 0x4E00);
  set(0x4F, 0x4F00, 0x4F31, 0x7500, 0);
  set(0x50, 0x5000, 0x5032, 0x9100, 0);
  set(0x51, 0x5100, 0x5133, 0x7600, 0);
  set(0x52, 0x5200, 0x5230, 0x9200, 0);
  set(0x53, 0x5300, 0x532E, 0x9300, 0);
  set(0x57, 0x8500, 0x8700, 0x8900, 0x8B00);
  set(0x58, 0x8600, 0x8800, 0x8A00, 0x8C00);
  return rows;
}();

bool is_letter(std::uint8_t code) {
  return (code >= 0x10 && code <= 0x19) || (code >= 0x1E && code <= 0x26) || (code >= 0x2C && code <= 0x32);
}
bool is_keypad(std::uint8_t code) { return code >= 0x47 && code <= 0x53 && code != 0x4A && code != 0x4E; }
// The keypad's digit for Alt + digits, if `code` is one.
std::optional<unsigned> keypad_digit(std::uint8_t code) {
  constexpr std::int8_t digits[] = {7, 8, 9, -1, 4, 5, 6, -1, 1, 2, 3, 0};
  if (code < 0x47 || code > 0x52) return std::nullopt;
  const std::int8_t digit = digits[code - 0x47];
  if (digit < 0) return std::nullopt;
  return static_cast<unsigned>(digit);
}

}  // namespace

void KeyboardServices::initialize() {
  GuestRam& ram = bios_.ram;
  ram.write16(bda::segment, bda::keyboard_buffer_start, bda::keyboard_buffer);
  ram.write16(bda::segment, bda::keyboard_buffer_end, bda::keyboard_buffer + 32);
  ram.write16(bda::segment, bda::keyboard_head, bda::keyboard_buffer);
  ram.write16(bda::segment, bda::keyboard_tail, bda::keyboard_buffer);
  ram.write8(bda::segment, bda::keyboard_flags3, flags3_101_keys);
}

std::uint16_t KeyboardServices::buffer_next(std::uint16_t offset) const {
  const std::uint16_t start = bios_.ram.read16(bda::segment, bda::keyboard_buffer_start);
  const std::uint16_t end = bios_.ram.read16(bda::segment, bda::keyboard_buffer_end);
  offset = static_cast<std::uint16_t>(offset + 2);
  return offset >= end ? start : offset;
}

bool KeyboardServices::store(std::uint16_t key) {
  const std::uint16_t tail = bios_.ram.read16(bda::segment, bda::keyboard_tail);
  const std::uint16_t next = buffer_next(tail);
  if (next == bios_.ram.read16(bda::segment, bda::keyboard_head)) return false;  // full: the key is lost, as on a PC
  bios_.ram.write16(bda::segment, tail, key);
  bios_.ram.write16(bda::segment, bda::keyboard_tail, next);
  return true;
}

std::optional<std::uint16_t> KeyboardServices::peek_key(bool extended) {
  // At most a buffer's worth of keys to drop (the BDA's start and end bound it at 128 words; a
  // program that set head and tail apart by an odd count would otherwise never meet them).
  for (unsigned dropped = 0; dropped < 128; ++dropped) {
    const std::uint16_t head = bios_.ram.read16(bda::segment, bda::keyboard_head);
    if (head == bios_.ram.read16(bda::segment, bda::keyboard_tail)) return std::nullopt;
    std::uint16_t key = bios_.ram.read16(bda::segment, head);
    if (extended) return key;
    // The functions of the 84-key keyboard: keys it lacks are dropped, the gray keys' E0h
    // becomes 00h (IBM, INT 16h AH=00h/01h).
    if ((key >> 8) > 0x84) {
      bios_.ram.write16(bda::segment, bda::keyboard_head, buffer_next(head));
      continue;
    }
    if ((key & 0xFF) == extended_prefix && (key >> 8) != 0) key &= 0xFF00;
    return key;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> KeyboardServices::take_key(bool extended) {
  std::optional<std::uint16_t> key = peek_key(extended);
  if (key) {
    const std::uint16_t head = bios_.ram.read16(bda::segment, bda::keyboard_head);
    bios_.ram.write16(bda::segment, bda::keyboard_head, buffer_next(head));
  }
  return key;
}

void KeyboardServices::flush() {
  bios_.ram.write16(bda::segment, bda::keyboard_head, bios_.ram.read16(bda::segment, bda::keyboard_tail));
}

Action KeyboardServices::wait_for_key(const Registers& registers, const std::string& what) {
  if (bios_.keys_may_come()) return Action::wait;
  bios_.exit_request.request_end({ExitRequest::EndKind::input_exhausted, to_int(ExitStatus::input_exhausted),
                                  fmt::format("input exhausted at {}: {} waits for a key, and none is left to come "
                                              "(the keys given are typed, standard input is at its end)",
                                              BiosContext::caller(registers), what)});
  return Action::done;
}

Action KeyboardServices::interrupt() {
  scan_code(static_cast<std::uint8_t>(bios_.io.read(keyboard_data_port, 1)));
  bios_.end_of_interrupt(false);
  return Action::done;
}

std::optional<std::uint16_t> KeyboardServices::translate(std::uint8_t code, bool extended) {
  const std::uint8_t flags = bios_.ram.read8(bda::segment, bda::keyboard_flags);
  const bool shift = (flags & (bda::shift_bits::left_shift | bda::shift_bits::right_shift)) != 0;
  const bool ctrl = (flags & bda::shift_bits::ctrl) != 0;
  const bool alt = (flags & bda::shift_bits::alt) != 0;
  if (extended) {
    // The gray keys of the 101-key keyboard: their own codes, E0h as the character.
    switch (code) {
      case 0x1C: return alt ? 0xA600 : ctrl ? 0xE00A : 0xE00D;  // keypad Enter
      case 0x35: return alt ? 0xA400 : ctrl ? 0x9500 : 0xE02F;  // keypad /
      default: break;
    }
    if (!is_keypad(code)) return std::nullopt;
    if (alt) return static_cast<std::uint16_t>((code + 0x50) << 8);
    if (ctrl) return static_cast<std::uint16_t>((key_rows[code].ctrl & 0xFF00) | extended_prefix);
    return static_cast<std::uint16_t>(code << 8 | extended_prefix);
  }
  if (code >= key_rows.size()) return std::nullopt;
  const KeyRow& row = key_rows[code];
  if (row.normal == 0 && row.shift == 0) return std::nullopt;
  if (alt) {
    if (std::optional<unsigned> digit = keypad_digit(code)) {
      const unsigned entry = bios_.ram.read8(bda::segment, bda::keypad_alt_entry) * 10u + *digit;
      bios_.ram.write8(bda::segment, bda::keypad_alt_entry, static_cast<std::uint8_t>(entry));
      return std::nullopt;
    }
    return row.alt != 0 ? std::optional(row.alt) : std::nullopt;
  }
  if (ctrl) return row.ctrl != 0 ? std::optional(row.ctrl) : std::nullopt;
  bool shifted = shift;
  if (is_letter(code) && (flags & bda::shift_bits::caps_lock)) shifted = !shifted;
  if (is_keypad(code) && (flags & bda::shift_bits::num_lock)) shifted = !shifted;
  return shifted ? row.shift : row.normal;
}

void KeyboardServices::scan_code(std::uint8_t byte) {
  GuestRam& ram = bios_.ram;
  std::uint8_t flags3 = ram.read8(bda::segment, bda::keyboard_flags3);
  if (byte == extended_prefix) {
    ram.write8(bda::segment, bda::keyboard_flags3, flags3 | flags3_e0_seen);
    return;
  }
  const bool extended = (flags3 & flags3_e0_seen) != 0;
  flags3 &= static_cast<std::uint8_t>(~flags3_e0_seen);
  const bool released = (byte & 0x80) != 0;
  const std::uint8_t code = byte & 0x7F;
  std::uint8_t flags = ram.read8(bda::segment, bda::keyboard_flags);
  std::uint8_t flags2 = ram.read8(bda::segment, bda::keyboard_flags2);
  auto hold = [&](std::uint8_t& target, std::uint8_t bit) {
    target = static_cast<std::uint8_t>(released ? target & ~bit : target | bit);
  };
  // A toggle key flips its state on each press (not while it repeats: its "held" bit).
  auto toggle = [&](std::uint8_t state_bit, std::uint8_t held_bit) {
    if (!released && !(flags2 & held_bit)) flags ^= state_bit;
    hold(flags2, held_bit);
  };
  bool modifier = true;
  switch (code) {
    case 0x2A:
      if (!extended) hold(flags, bda::shift_bits::left_shift);  // E0 2A: a fake shift of the gray keys
      break;
    case 0x36:
      if (!extended) hold(flags, bda::shift_bits::right_shift);
      break;
    case 0x1D:
      hold(extended ? flags3 : flags2, extended ? flags3_right_ctrl : flags2_left_ctrl);
      flags = static_cast<std::uint8_t>((flags & ~bda::shift_bits::ctrl) |
                                        (((flags2 & flags2_left_ctrl) || (flags3 & flags3_right_ctrl)) ? bda::shift_bits::ctrl : 0));
      break;
    case 0x38:
      hold(extended ? flags3 : flags2, extended ? flags3_right_alt : flags2_left_alt);
      flags = static_cast<std::uint8_t>((flags & ~bda::shift_bits::alt) |
                                        (((flags2 & flags2_left_alt) || (flags3 & flags3_right_alt)) ? bda::shift_bits::alt : 0));
      if (released && !(flags & bda::shift_bits::alt)) {
        // Alt let go after keypad digits: the character they spelled.
        const std::uint8_t entered = ram.read8(bda::segment, bda::keypad_alt_entry);
        ram.write8(bda::segment, bda::keypad_alt_entry, 0);
        if (entered != 0) store(entered);
      }
      break;
    case 0x3A: toggle(bda::shift_bits::caps_lock, flags2_caps_held); break;
    case 0x45: toggle(bda::shift_bits::num_lock, flags2_num_held); break;
    case 0x46: toggle(bda::shift_bits::scroll_lock, flags2_scroll_held); break;
    default: modifier = false; break;
  }
  ram.write8(bda::segment, bda::keyboard_flags, flags);
  ram.write8(bda::segment, bda::keyboard_flags2, flags2);
  ram.write8(bda::segment, bda::keyboard_flags3, flags3);
  if (modifier || released) return;
  if (code == 0x53 && (flags & bda::shift_bits::ctrl) && (flags & bda::shift_bits::alt)) {
    bios_.exit_request.request_reset();  // Ctrl+Alt+Del: the PC reboots; emu ends the run as for a reset
    return;
  }
  // Insert (the gray key, or keypad 0 while it is not a digit) toggles the insert state.
  if (code == 0x52 && (extended || !(flags & bda::shift_bits::num_lock))) {
    ram.write8(bda::segment, bda::keyboard_flags, flags ^ bda::shift_bits::insert);
  }
  if (std::optional<std::uint16_t> key = translate(code, extended)) store(*key);
}

Action KeyboardServices::serve(Registers& registers) {
  switch (registers.ah()) {
    case 0x00:
    case 0x10: {
      const bool extended = registers.ah() == 0x10;
      if (std::optional<std::uint16_t> key = take_key(extended)) {
        registers.ax = *key;
        return Action::done;
      }
      return wait_for_key(registers, fmt::format("INT 16h AH={:02X}h", registers.ah()));
    }
    case 0x01:
    case 0x11: {
      const std::optional<std::uint16_t> key = peek_key(registers.ah() == 0x11);
      if (key) registers.ax = *key;
      registers.set_zero(!key);
      return Action::done;
    }
    case 0x02: registers.set_al(bios_.ram.read8(bda::segment, bda::keyboard_flags)); return Action::done;
    case 0x12: {
      const std::uint8_t flags2 = bios_.ram.read8(bda::segment, bda::keyboard_flags2);
      const std::uint8_t flags3 = bios_.ram.read8(bda::segment, bda::keyboard_flags3);
      // Left Ctrl, left Alt, right Ctrl, right Alt, Scroll, Num and Caps Lock held.
      const auto held = static_cast<std::uint8_t>((flags2 & (flags2_left_ctrl | flags2_left_alt)) |
                                                  (flags3 & (flags3_right_ctrl | flags3_right_alt)) |
                                                  (flags2 & (flags2_scroll_held | flags2_num_held | flags2_caps_held)));
      registers.set_al(bios_.ram.read8(bda::segment, bda::keyboard_flags));
      registers.set_ah(held);
      return Action::done;
    }
    case 0x05: registers.set_al(store(registers.cx) ? 0 : 1); return Action::done;
    default:
      bios_.note(fmt::format("INT 16h AH={:02X}h is not provided: CF set, AH = 86h", registers.ah()));
      registers.set_ah(0x86);
      registers.set_carry(true);
      return Action::done;
  }
}

}  // namespace emu::bios
