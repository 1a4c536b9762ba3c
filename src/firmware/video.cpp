#include "firmware/video.h"

#include <algorithm>

#include "firmware/bda.h"
#include "firmware/vga_modes.h"

namespace emu::bios {

namespace {

constexpr std::uint32_t text_memory = 0xB8000;
constexpr std::uint32_t graphics_memory = 0xA0000;
constexpr std::uint32_t text_memory_size = 0x8000;  // the colour text window B800:0000-7FFF
constexpr std::uint16_t graphics_width = 320;
constexpr std::uint16_t graphics_height = 200;
constexpr unsigned glyph_height = 8;  // mode 13h's characters: the 8x8 font
constexpr std::uint8_t blank = ' ';
constexpr std::uint8_t default_attribute = 0x07;
// The VGA DAC's ports (for the palette functions).
constexpr std::uint16_t dac_read_index = 0x3C7;
constexpr std::uint16_t dac_write_index = 0x3C8;
constexpr std::uint16_t dac_data = 0x3C9;
constexpr std::uint16_t attribute_port = 0x3C0;
constexpr std::uint16_t attribute_read_port = 0x3C1;
constexpr std::uint16_t misc_output_port = 0x3C2;
constexpr std::uint16_t sequencer_port = 0x3C4;
constexpr std::uint16_t graphics_port = 0x3CE;
constexpr std::uint16_t crtc_port = 0x3D4;
constexpr std::uint16_t status_1_port = 0x3DA;
constexpr std::uint8_t palette_address_source = 0x20;  // set: the display reads the palette

std::uint16_t word(std::uint8_t high, std::uint8_t low) { return static_cast<std::uint16_t>(high << 8 | low); }

}  // namespace

std::optional<Video::Mode> Video::mode_info(std::uint8_t number) {
  switch (number) {
    case 0x00: return Mode{0x00, true, 40, 25, text_memory, 0x0800, 8, 0x2C};
    case 0x01: return Mode{0x01, true, 40, 25, text_memory, 0x0800, 8, 0x28};
    case 0x02: return Mode{0x02, true, 80, 25, text_memory, 0x1000, 8, 0x2D};
    case 0x03: return Mode{0x03, true, 80, 25, text_memory, 0x1000, 8, 0x29};
    case 0x13: return Mode{0x13, false, 40, 25, graphics_memory, 0, 1, 0x29};
    default: return std::nullopt;
  }
}

Video::Mode Video::current_mode() const {
  const std::uint8_t number = bios_.ram.read8(bda::segment, bda::video_mode);
  if (std::optional<Mode> mode = mode_info(number & 0x7F)) return *mode;
  return *mode_info(0x03);  // a program wrote a mode we do not have into the BDA: act as 80x25
}

std::uint8_t Video::active_page() const { return bios_.ram.read8(bda::segment, bda::video_page); }

std::uint16_t Video::cursor(std::uint8_t page) const {
  return bios_.ram.read16(bda::segment, static_cast<std::uint16_t>(bda::cursor_positions + 2 * (page & 7)));
}

void Video::set_cursor(std::uint8_t page, std::uint8_t row, std::uint8_t column) {
  bios_.ram.write16(bda::segment, static_cast<std::uint16_t>(bda::cursor_positions + 2 * (page & 7)), word(row, column));
  if ((page & 7) == active_page()) update_hardware_cursor();
}

void Video::write_crtc(std::uint8_t index, std::uint8_t value) {
  bios_.io.write(crtc_port, 1, index);
  bios_.io.write(crtc_port + 1, 1, value);
}

void Video::write_attribute(std::uint8_t index, std::uint8_t value) {
  (void)bios_.io.read(status_1_port, 1);  // the flip-flop to its index state
  bios_.io.write(attribute_port, 1, (index & 0x1F) | palette_address_source);
  bios_.io.write(attribute_port, 1, value);
}

std::uint8_t Video::read_attribute(std::uint8_t index) {
  (void)bios_.io.read(status_1_port, 1);
  bios_.io.write(attribute_port, 1, (index & 0x1F) | palette_address_source);
  const auto value = static_cast<std::uint8_t>(bios_.io.read(attribute_read_port, 1));
  (void)bios_.io.read(status_1_port, 1);
  return value;
}

// The CRTC's cursor location (a word address from the start of video memory) from the active
// page's cursor in the BDA.
void Video::update_hardware_cursor() {
  const Mode mode = current_mode();
  if (!mode.text) return;
  const std::uint8_t page = active_page();
  const std::uint16_t position = cursor(page);
  const std::uint16_t page_start = bios_.ram.read16(bda::segment, bda::video_page_offset);
  const auto location = static_cast<std::uint16_t>(page_start / 2 + (position >> 8) * mode.columns + (position & 0xFF));
  write_crtc(0x0E, static_cast<std::uint8_t>(location >> 8));
  write_crtc(0x0F, static_cast<std::uint8_t>(location));
}

// AH=01h: the BDA keeps the shape as given; the CRTC gets it scaled from the CGA's 8-line cell to
// the font's height when both lines are in 0-7 (the VGA BIOS's cursor emulation: 0607h, the
// underline, becomes 0D0Eh in a 16-line cell).
void Video::set_cursor_shape(std::uint16_t shape) {
  bios_.ram.write16(bda::segment, bda::cursor_shape, shape);
  std::uint8_t start = static_cast<std::uint8_t>(shape >> 8);
  std::uint8_t end = static_cast<std::uint8_t>(shape);
  const unsigned height = bios_.ram.read16(bda::segment, bda::character_height);
  if (height > 8 && (start & 0x1F) < 8 && end < 8) {
    auto scale = [&](std::uint8_t line) { return static_cast<std::uint8_t>(line < 4 ? line : line + height - 9); };
    start = static_cast<std::uint8_t>((start & 0x60) | scale(start & 0x1F));
    end = scale(end);
  }
  write_crtc(0x0A, start);
  write_crtc(0x0B, end);
}

// A mode set's registers and the DAC colours it loads (the IBM VGA BIOS's tables).
void Video::program_vga(std::uint8_t number) {
  const std::optional<VgaModeRegisters> registers = vga_mode_registers(number);
  if (!registers) return;
  Bus& io = bios_.io;
  io.write(misc_output_port, 1, registers->misc_output);
  for (std::uint8_t i = 0; i < registers->sequencer.size(); ++i) {
    io.write(sequencer_port, 1, i);
    io.write(sequencer_port + 1, 1, registers->sequencer[i]);
  }
  write_crtc(0x11, registers->crtc[0x11] & 0x7F);  // unlock registers 00h-07h first
  for (std::uint8_t i = 0; i < registers->crtc.size(); ++i) write_crtc(i, registers->crtc[i]);
  for (std::uint8_t i = 0; i < registers->graphics.size(); ++i) {
    io.write(graphics_port, 1, i);
    io.write(graphics_port + 1, 1, registers->graphics[i]);
  }
  for (std::uint8_t i = 0; i < registers->attribute.size(); ++i) write_attribute(i, registers->attribute[i]);
  (void)io.read(status_1_port, 1);
  io.write(dac_write_index, 1, 0);
  auto load = [&](const auto& palette) {
    for (const DacColour& colour : palette) {
      for (std::uint8_t component : colour) io.write(dac_data, 1, component);
    }
  };
  if (number == 0x13) {
    load(vga_default_palette());
  } else {
    load(ega_palette());
  }
}

bool Video::set_mode(std::uint8_t number, bool clear) {
  const std::optional<Mode> mode = mode_info(number);
  if (!mode) return false;
  GuestRam& ram = bios_.ram;
  ram.write8(bda::segment, bda::video_mode, number);
  ram.write16(bda::segment, bda::video_columns, mode->columns);
  ram.write16(bda::segment, bda::video_page_size, mode->text ? mode->page_size : 0xFA00);
  ram.write16(bda::segment, bda::video_page_offset, 0);
  for (std::uint8_t page = 0; page < 8; ++page) {
    ram.write16(bda::segment, static_cast<std::uint16_t>(bda::cursor_positions + 2 * page), 0);
  }
  ram.write16(bda::segment, bda::cursor_shape, 0x0607);
  ram.write8(bda::segment, bda::video_page, 0);
  ram.write16(bda::segment, bda::crtc_port, 0x3D4);
  ram.write8(bda::segment, bda::video_mode_control, mode->mode_control);
  ram.write8(bda::segment, bda::video_palette, mode->text ? 0x30 : 0x3F);
  ram.write8(bda::segment, bda::video_rows, static_cast<std::uint8_t>(mode->rows - 1));
  ram.write16(bda::segment, bda::character_height, mode->text ? 16 : 8);
  // Bit 7 of the EGA/VGA control byte: the last mode set kept video memory (AL bit 7).
  ram.write8(bda::segment, bda::video_control, static_cast<std::uint8_t>(0x60 | (clear ? 0 : 0x80)));
  ram.write8(bda::segment, bda::video_switches, 0x09);
  ram.write8(bda::segment, bda::video_flags, 0x11);
  ram.write8(bda::segment, bda::display_combination, 0x0B);
  program_vga(number);
  if (clear) {
    if (mode->text) {
      std::vector<std::uint8_t> cells(text_memory_size);
      for (std::size_t i = 0; i < cells.size(); i += 2) {
        cells[i] = blank;
        cells[i + 1] = default_attribute;
      }
      ram.write(text_memory, cells);
    } else {
      ram.fill(graphics_memory, std::uint32_t{graphics_width} * graphics_height, 0);
    }
  }
  return true;
}

std::uint32_t Video::cell(const Mode& mode, std::uint8_t page, unsigned row, unsigned column) const {
  return mode.base + std::uint32_t{page} * mode.page_size + (row * mode.columns + column) * 2;
}

Video::FarPointer Video::interrupt_vector(unsigned number) const {
  return {bios_.ram.read16(0, static_cast<std::uint16_t>(number * 4 + 2)), bios_.ram.read16(0, static_cast<std::uint16_t>(number * 4))};
}

std::uint8_t Video::glyph_row(std::uint8_t character, unsigned y) const {
  if (character >= 0x80) return 0;
  const FarPointer font = interrupt_vector(0x43);
  return bios_.ram.read8(font.segment, static_cast<std::uint16_t>(font.offset + character * glyph_height + y));
}

void Video::put_character(const Mode& mode, std::uint8_t page, unsigned row, unsigned column, std::uint8_t character,
                          std::optional<std::uint8_t> attribute) {
  if (row >= mode.rows || column >= mode.columns) return;
  if (mode.text) {
    const std::uint32_t address = cell(mode, page, row, column);
    bios_.ram.write8(address, character);
    if (attribute) bios_.ram.write8(address + 1, *attribute);
    return;
  }
  // Mode 13h: the glyph from the font INT 43h points at, in colour `attribute` on colour 0.
  const std::uint8_t colour = attribute.value_or(0x0F);
  std::vector<std::uint8_t> line(8);
  for (unsigned y = 0; y < glyph_height; ++y) {
    const std::uint8_t bits = glyph_row(character, y);
    for (unsigned x = 0; x < 8; ++x) line[x] = (bits & (0x80 >> x)) != 0 ? colour : 0;
    bios_.ram.write(graphics_memory + (row * glyph_height + y) * graphics_width + column * 8, line);
  }
}

std::uint16_t Video::read_character(const Mode& mode, std::uint8_t page, unsigned row, unsigned column) const {
  if (row >= mode.rows || column >= mode.columns) return 0;
  if (mode.text) {
    const std::uint32_t address = cell(mode, page, row, column);
    return word(bios_.ram.read8(address + 1), bios_.ram.read8(address));
  }
  // Mode 13h: the character whose glyph matches the cell's lit pixels (as a VGA BIOS finds it).
  std::uint8_t cell_bits[glyph_height];
  for (unsigned y = 0; y < glyph_height; ++y) {
    std::uint8_t bits = 0;
    for (unsigned x = 0; x < 8; ++x) {
      if (bios_.ram.read8(graphics_memory + (row * glyph_height + y) * graphics_width + column * 8 + x) != 0) bits |= 0x80 >> x;
    }
    cell_bits[y] = bits;
  }
  for (unsigned character = 0; character < 0x80; ++character) {
    bool same = true;
    for (unsigned y = 0; y < glyph_height && same; ++y) {
      same = glyph_row(static_cast<std::uint8_t>(character), y) == cell_bits[y];
    }
    if (same) return static_cast<std::uint16_t>(character);
  }
  return 0;
}

void Video::scroll(const Mode& mode, std::uint8_t page, bool up, unsigned lines, unsigned top, unsigned left,
                   unsigned bottom, unsigned right, std::uint8_t fill) {
  bottom = std::min<unsigned>(bottom, mode.rows - 1u);
  right = std::min<unsigned>(right, mode.columns - 1u);
  if (top > bottom || left > right) return;
  const unsigned height = bottom - top + 1;
  if (lines == 0 || lines > height) lines = height;
  // Moves one character row of the window (text: cells; mode 13h: its 8 pixel lines).
  auto copy_row = [&](unsigned from, unsigned to) {
    if (mode.text) {
      const std::uint32_t width = (right - left + 1) * 2;
      bios_.ram.write(cell(mode, page, to, left), bios_.ram.read(cell(mode, page, from, left), width));
    } else {
      for (unsigned y = 0; y < glyph_height; ++y) {
        const std::uint32_t width = (right - left + 1) * 8;
        bios_.ram.write(graphics_memory + (to * glyph_height + y) * graphics_width + left * 8,
                        bios_.ram.read(graphics_memory + (from * glyph_height + y) * graphics_width + left * 8, width));
      }
    }
  };
  auto clear_row = [&](unsigned row) {
    if (mode.text) {
      std::vector<std::uint8_t> cells((right - left + 1) * 2);
      for (std::size_t i = 0; i < cells.size(); i += 2) {
        cells[i] = blank;
        cells[i + 1] = fill;
      }
      bios_.ram.write(cell(mode, page, row, left), cells);
    } else {
      for (unsigned y = 0; y < glyph_height; ++y) {
        bios_.ram.fill(graphics_memory + (row * glyph_height + y) * graphics_width + left * 8, (right - left + 1) * 8, fill);
      }
    }
  };
  if (up) {
    for (unsigned row = top; row + lines <= bottom; ++row) copy_row(row + lines, row);
    for (unsigned row = bottom + 1 - lines; row <= bottom; ++row) clear_row(row);
  } else {
    for (unsigned row = bottom; row >= top + lines; --row) copy_row(row - lines, row);
    for (unsigned row = top; row < top + lines; ++row) clear_row(row);
  }
}

void Video::advance(const Mode& mode, std::uint8_t page, std::uint8_t character, std::optional<std::uint8_t> attribute) {
  const std::uint16_t position = cursor(page);
  unsigned row = position >> 8;
  unsigned column = position & 0xFF;
  switch (character) {
    case 0x07: return;  // the bell: nothing on the screen
    case '\b':
      if (column > 0) --column;
      break;
    case '\r': column = 0; break;
    case '\n': ++row; break;
    default:
      put_character(mode, page, row, column, character, mode.text ? attribute : std::optional(attribute.value_or(0x0F)));
      if (++column >= mode.columns) {
        column = 0;
        ++row;
      }
      break;
  }
  if (row >= mode.rows) {
    // Scrolled in with the attribute under the cursor, as the PC BIOS does (colour 0 in mode 13h).
    const std::uint8_t fill =
        mode.text ? static_cast<std::uint8_t>(read_character(mode, page, mode.rows - 1u, column) >> 8) : 0;
    scroll(mode, page, true, 1, 0, 0, mode.rows - 1u, mode.columns - 1u, fill);
    row = mode.rows - 1u;
  }
  set_cursor(page, static_cast<std::uint8_t>(row), static_cast<std::uint8_t>(column));
}

void Video::teletype(std::uint8_t character, std::uint8_t colour) {
  const Mode mode = current_mode();
  advance(mode, active_page(), character, mode.text ? std::nullopt : std::optional(colour));
  transcript_.put(character);
}

void Video::write_characters(Registers& registers, bool with_attribute) {
  const Mode mode = current_mode();
  const std::uint8_t page = mode.text ? static_cast<std::uint8_t>(registers.bh() % mode.pages) : 0;
  const std::uint16_t position = cursor(page);
  unsigned row = position >> 8;
  unsigned column = position & 0xFF;
  // CX copies from the cursor on, continuing on the next rows, never past the page's end; the
  // cursor stays where it was.
  for (std::uint16_t i = 0; i < registers.cx && row < mode.rows; ++i) {
    std::optional<std::uint8_t> attribute;
    if (with_attribute || !mode.text) attribute = registers.bl();
    put_character(mode, page, row, column, registers.al(), attribute);
    transcript_.put(registers.al());
    if (++column >= mode.columns) {
      column = 0;
      ++row;
    }
  }
}

void Video::write_string(Registers& registers) {
  const Mode mode = current_mode();
  const std::uint8_t page = mode.text ? static_cast<std::uint8_t>(registers.bh() % mode.pages) : 0;
  const bool move_cursor = (registers.al() & 1) != 0;
  const bool attributes_inline = (registers.al() & 2) != 0;
  const std::uint16_t saved = cursor(page);
  set_cursor(page, registers.dh(), registers.dl());
  std::uint16_t offset = registers.bp;
  for (std::uint16_t i = 0; i < registers.cx; ++i) {
    const std::uint8_t character = bios_.ram.read8(registers.es, offset++);
    std::uint8_t attribute = registers.bl();
    if (attributes_inline) attribute = bios_.ram.read8(registers.es, offset++);
    advance(mode, page, character, attribute);
    transcript_.put(character);
  }
  if (!move_cursor) set_cursor(page, static_cast<std::uint8_t>(saved >> 8), static_cast<std::uint8_t>(saved));
}

void Video::font_information(Registers& registers) {
  if (registers.al() != 0x30) {
    // Loading fonts into the character generator: there is none to load before the screen is
    // drawn (docs/bios.md), so these change nothing.
    bios_.note(fmt::format("INT 10h AX={:04X}h: fonts cannot be loaded; ignored", registers.ax));
    return;
  }
  const Mode mode = current_mode();
  std::uint16_t segment = 0;
  std::uint16_t offset = 0;
  switch (registers.bh()) {
    case 0x00:  // INT 1Fh's font (characters 80h-FFh of the 8x8 set)
    case 0x01: {  // INT 43h's font
      const FarPointer font = interrupt_vector(registers.bh() == 0x00 ? 0x1F : 0x43);
      segment = font.segment;
      offset = font.offset;
      break;
    }
    case 0x03:  // the ROM's 8x8 font, characters 00h-7Fh
      segment = rom_segment;
      offset = font_8x8_offset;
      break;
    default:  // 8x14, 8x16 and 9-dot fonts: not in this BIOS (docs/bios.md)
      break;
  }
  registers.es = segment;
  registers.bp = offset;
  registers.cx = bios_.ram.read16(bda::segment, bda::character_height);
  registers.set_dl(static_cast<std::uint8_t>(mode.rows - 1));
}

void Video::palette(Registers& registers) {
  switch (registers.al()) {
    case 0x10:  // one DAC register: BX, to DH (red), CH (green), CL (blue)
      bios_.io.write(dac_write_index, 1, registers.bl());
      bios_.io.write(dac_data, 1, registers.dh());
      bios_.io.write(dac_data, 1, registers.ch());
      bios_.io.write(dac_data, 1, registers.cl());
      return;
    case 0x12: {  // CX DAC registers from BX, from the table at ES:DX (3 bytes each)
      bios_.io.write(dac_write_index, 1, registers.bl());
      for (std::uint32_t i = 0; i < std::uint32_t{registers.cx} * 3; ++i) {
        bios_.io.write(dac_data, 1, bios_.ram.read8(registers.es, static_cast<std::uint16_t>(registers.dx + i)));
      }
      return;
    }
    case 0x15:  // read one: BX -> DH, CH, CL
      bios_.io.write(dac_read_index, 1, registers.bl());
      registers.set_dh(static_cast<std::uint8_t>(bios_.io.read(dac_data, 1)));
      registers.set_ch(static_cast<std::uint8_t>(bios_.io.read(dac_data, 1)));
      registers.set_cl(static_cast<std::uint8_t>(bios_.io.read(dac_data, 1)));
      return;
    case 0x17: {  // read CX from BX into ES:DX
      bios_.io.write(dac_read_index, 1, registers.bl());
      for (std::uint32_t i = 0; i < std::uint32_t{registers.cx} * 3; ++i) {
        bios_.ram.write8(registers.es, static_cast<std::uint16_t>(registers.dx + i),
                         static_cast<std::uint8_t>(bios_.io.read(dac_data, 1)));
      }
      return;
    }
    case 0x00: write_attribute(registers.bl() & 0x0F, registers.bh()); return;  // one palette register
    case 0x01: write_attribute(0x11, registers.bh()); return;                   // the overscan colour
    case 0x02:  // the 16 palette registers and the overscan from ES:DX
      for (std::uint8_t i = 0; i < 17; ++i) {
        write_attribute(i < 16 ? i : 0x11, bios_.ram.read8(registers.es, static_cast<std::uint16_t>(registers.dx + i)));
      }
      return;
    case 0x03: {  // blink (BL = 1) or intensity (0): the mode control's bit 3, and the BDA's copy
      const std::uint8_t control = read_attribute(0x10);
      write_attribute(0x10, static_cast<std::uint8_t>((control & ~0x08) | (registers.bl() != 0 ? 0x08 : 0)));
      bios_.ram.write8(bda::segment, bda::video_mode_control,
                       static_cast<std::uint8_t>((bios_.ram.read8(bda::segment, bda::video_mode_control) & ~0x20) |
                                                 (registers.bl() != 0 ? 0x20 : 0)));
      return;
    }
    case 0x07: registers.set_bh(read_attribute(registers.bl() & 0x1F)); return;
    case 0x08: registers.set_bh(read_attribute(0x11)); return;
    case 0x09:
      for (std::uint8_t i = 0; i < 17; ++i) {
        bios_.ram.write8(registers.es, static_cast<std::uint16_t>(registers.dx + i), read_attribute(i < 16 ? i : 0x11));
      }
      return;
    default:
      bios_.note(fmt::format("INT 10h AX={:04X}h is not provided; registers returned unchanged", registers.ax));
      return;
  }
}

Action Video::serve(Registers& registers) {
  const Mode mode = current_mode();
  const std::uint8_t page = active_page();
  switch (registers.ah()) {
    case 0x00:
      if (!set_mode(registers.al() & 0x7F, (registers.al() & 0x80) == 0)) {
        bios_.not_provided(registers, fmt::format("INT 10h AH=00h video mode {:02X}h", registers.al() & 0x7F));
      }
      break;
    case 0x01: set_cursor_shape(registers.cx); break;
    case 0x02: set_cursor(registers.bh(), registers.dh(), registers.dl()); break;
    case 0x03:
      registers.dx = cursor(registers.bh());
      registers.cx = bios_.ram.read16(bda::segment, bda::cursor_shape);
      break;
    case 0x05:
      if (mode.text && registers.al() < mode.pages) {
        const auto start = static_cast<std::uint16_t>(registers.al() * mode.page_size);
        bios_.ram.write8(bda::segment, bda::video_page, registers.al());
        bios_.ram.write16(bda::segment, bda::video_page_offset, start);
        write_crtc(0x0C, static_cast<std::uint8_t>(start / 2 >> 8));  // the CRTC counts words
        write_crtc(0x0D, static_cast<std::uint8_t>(start / 2));
        update_hardware_cursor();
      }
      break;
    case 0x06:
    case 0x07:
      scroll(mode, mode.text ? page : 0, registers.ah() == 0x06, registers.al(), registers.ch(), registers.cl(),
             registers.dh(), registers.dl(), registers.bh());
      break;
    case 0x08: {
      const std::uint8_t target = mode.text ? static_cast<std::uint8_t>(registers.bh() % mode.pages) : 0;
      const std::uint16_t position = cursor(target);
      registers.ax = read_character(mode, target, position >> 8, position & 0xFF);
      break;
    }
    case 0x09: write_characters(registers, true); break;
    case 0x0A: write_characters(registers, false); break;
    case 0x0C:
      if (!mode.text && registers.cx < graphics_width && registers.dx < graphics_height) {
        bios_.ram.write8(graphics_memory + std::uint32_t{registers.dx} * graphics_width + registers.cx, registers.al());
      }
      break;
    case 0x0D:
      registers.set_al(!mode.text && registers.cx < graphics_width && registers.dx < graphics_height
                           ? bios_.ram.read8(graphics_memory + std::uint32_t{registers.dx} * graphics_width + registers.cx)
                           : 0);
      break;
    case 0x0E: teletype(registers.al(), registers.bl()); break;
    case 0x0F:
      registers.set_al(bios_.ram.read8(bda::segment, bda::video_mode) |
                       (bios_.ram.read8(bda::segment, bda::video_control) & 0x80));
      registers.set_ah(static_cast<std::uint8_t>(bios_.ram.read16(bda::segment, bda::video_columns)));
      registers.set_bh(page);
      break;
    case 0x10: palette(registers); break;
    case 0x11: font_information(registers); break;
    case 0x12:
      if (registers.bl() == 0x10) {  // EGA/VGA information: colour, 256 KiB, switches 9
        registers.bx = 0x0003;
        registers.cx = 0x0009;
      }
      break;
    case 0x13: write_string(registers); break;
    case 0x1A:
      if (registers.al() <= 0x01) {  // display combination: VGA with an analog colour display
        if (registers.al() == 0x00) registers.bx = 0x0008;
        registers.set_al(0x1A);
      }
      break;
    default:
      // No INT 10h function reports failure through the flags; a program asking for one this
      // BIOS lacks gets its registers back, as from a BIOS without it.
      bios_.note(fmt::format("INT 10h AH={:02X}h is not provided; registers returned unchanged", registers.ah()));
      break;
  }
  return Action::done;
}

}  // namespace emu::bios
