#pragma once

#include <cstdint>
#include <optional>

#include "firmware/bios_context.h"
#include "firmware/hypercall.h"
#include "firmware/transcript.h"

namespace emu::bios {

// INT 10h: the text modes 00h-03h at B800:0000 and mode 13h (320x200, 256 colours) at A000:0000,
// with the state in the BIOS data area exactly where a PC BIOS keeps it (programs that write
// video memory or the BDA themselves keep working). Characters the guest prints go to the
// transcript as well.
class Video {
 public:
  Video(BiosContext& bios, Transcript& transcript) : bios_(bios), transcript_(transcript) {}

  Action serve(Registers& registers);
  // POST's mode 03h.
  void initialize() { set_mode(0x03, true); }
  // INT 10h AH=0Eh on the active page: what DOS's output uses.
  void teletype(std::uint8_t character, std::uint8_t colour);

 private:
  struct Mode {
    std::uint8_t number;
    bool text;
    std::uint16_t columns;
    std::uint16_t rows;
    std::uint32_t base;
    std::uint16_t page_size;
    std::uint8_t pages;
    std::uint8_t mode_control;  // the CGA mode register's value (0040:0065)
  };
  static std::optional<Mode> mode_info(std::uint8_t number);
  Mode current_mode() const;

  bool set_mode(std::uint8_t number, bool clear);
  std::uint8_t active_page() const;
  std::uint16_t cursor(std::uint8_t page) const;
  void set_cursor(std::uint8_t page, std::uint8_t row, std::uint8_t column);

  // A character cell of a text mode: the address of its character byte.
  std::uint32_t cell(const Mode& mode, std::uint8_t page, unsigned row, unsigned column) const;
  // Writes a character at (row, column) of `page`: text, with `attribute` or keeping the cell's;
  // mode 13h, drawn from the INT 43h font in `attribute` as the colour.
  void put_character(const Mode& mode, std::uint8_t page, unsigned row, unsigned column, std::uint8_t character,
                     std::optional<std::uint8_t> attribute);
  std::uint16_t read_character(const Mode& mode, std::uint8_t page, unsigned row, unsigned column) const;
  // Scrolls the window (top, left)-(bottom, right) up (or down) by `lines` (0: clears it), filling
  // with blanks of `fill` (an attribute; a colour in mode 13h).
  void scroll(const Mode& mode, std::uint8_t page, bool up, unsigned lines, unsigned top, unsigned left, unsigned bottom,
              unsigned right, std::uint8_t fill);
  // The teletype's step on `page`: controls act, others are written and move the cursor;
  // `attribute` is given for AH=13h's strings (and the colour in mode 13h).
  void advance(const Mode& mode, std::uint8_t page, std::uint8_t character, std::optional<std::uint8_t> attribute);

  // The VGA's registers through their ports, as the BIOS reaches them.
  void program_vga(std::uint8_t mode);
  void write_crtc(std::uint8_t index, std::uint8_t value);
  void write_attribute(std::uint8_t index, std::uint8_t value);
  std::uint8_t read_attribute(std::uint8_t index);
  void update_hardware_cursor();
  void set_cursor_shape(std::uint16_t shape);

  // An interrupt vector's segment and offset; a row of a character's glyph in the font INT 43h
  // points at (mode 13h's characters; 80h-FFh are not in the BIOS's font: blank).
  struct FarPointer {
    std::uint16_t segment;
    std::uint16_t offset;
  };
  FarPointer interrupt_vector(unsigned number) const;
  std::uint8_t glyph_row(std::uint8_t character, unsigned y) const;

  void write_characters(Registers& registers, bool with_attribute);
  void write_string(Registers& registers);
  void font_information(Registers& registers);
  void palette(Registers& registers);

  BiosContext& bios_;
  Transcript& transcript_;
};

}  // namespace emu::bios
