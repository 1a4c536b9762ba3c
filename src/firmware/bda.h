#pragma once

#include <cstdint>

// The BIOS data area at 0040:0000 as the IBM PC/AT BIOS keeps it (offsets from 0040:0000).
// Programs read and write these directly, so the BIOS keeps each one exactly where a PC has it.
namespace emu::bios::bda {

inline constexpr std::uint16_t segment = 0x40;

inline constexpr std::uint16_t com_ports = 0x00;           // 4 words: I/O bases of COM1-COM4
inline constexpr std::uint16_t lpt_ports = 0x08;           // 3 words: LPT1-LPT3 (none)
inline constexpr std::uint16_t ebda_segment = 0x0E;        // word
inline constexpr std::uint16_t equipment = 0x10;           // word: INT 11h
inline constexpr std::uint16_t memory_kib = 0x13;          // word: INT 12h
inline constexpr std::uint16_t keyboard_flags = 0x17;      // byte: shift states (INT 16h AH=02h)
inline constexpr std::uint16_t keyboard_flags2 = 0x18;     // byte: keys held down
inline constexpr std::uint16_t keypad_alt_entry = 0x19;    // byte: Alt + keypad digits so far
inline constexpr std::uint16_t keyboard_head = 0x1A;       // word: offset of the next key to read
inline constexpr std::uint16_t keyboard_tail = 0x1C;       // word: offset where the next key goes
inline constexpr std::uint16_t keyboard_buffer = 0x1E;     // 16 words (the default buffer)
inline constexpr std::uint16_t diskette_motor_count = 0x40;  // byte (INT 08h counts it down)
inline constexpr std::uint16_t diskette_status = 0x41;     // byte: last INT 13h status, floppies
inline constexpr std::uint16_t video_mode = 0x49;          // byte
inline constexpr std::uint16_t video_columns = 0x4A;       // word
inline constexpr std::uint16_t video_page_size = 0x4C;     // word: bytes per page
inline constexpr std::uint16_t video_page_offset = 0x4E;   // word: the active page's start
inline constexpr std::uint16_t cursor_positions = 0x50;    // 8 words: (row << 8) | column per page
inline constexpr std::uint16_t cursor_shape = 0x60;        // word: (start << 8) | end
inline constexpr std::uint16_t video_page = 0x62;          // byte: the active page
inline constexpr std::uint16_t crtc_port = 0x63;           // word: 3D4h (colour)
inline constexpr std::uint16_t video_mode_control = 0x65;  // byte: the CGA mode register's value
inline constexpr std::uint16_t video_palette = 0x66;       // byte
inline constexpr std::uint16_t timer_ticks = 0x6C;         // dword: INT 08h counts, INT 1Ah reads
inline constexpr std::uint16_t timer_midnight = 0x70;      // byte: set when the count passed 24 h
inline constexpr std::uint16_t break_flag = 0x71;          // byte
inline constexpr std::uint16_t reset_flag = 0x72;          // word
inline constexpr std::uint16_t hard_disk_status = 0x74;    // byte: last INT 13h status, hard disks
inline constexpr std::uint16_t hard_disk_count = 0x75;     // byte
inline constexpr std::uint16_t serial_timeouts = 0x7C;     // 4 bytes, seconds
inline constexpr std::uint16_t keyboard_buffer_start = 0x80;  // word
inline constexpr std::uint16_t keyboard_buffer_end = 0x82;    // word
inline constexpr std::uint16_t video_rows = 0x84;          // byte: rows - 1
inline constexpr std::uint16_t character_height = 0x85;    // word: scan lines per character
inline constexpr std::uint16_t video_control = 0x87;       // byte (EGA/VGA)
inline constexpr std::uint16_t video_switches = 0x88;      // byte
inline constexpr std::uint16_t video_flags = 0x89;         // byte (VGA)
inline constexpr std::uint16_t display_combination = 0x8A;  // byte: index (INT 10h AX=1A00h)
inline constexpr std::uint16_t keyboard_flags3 = 0x96;     // byte: 101-key keyboard, E0 prefix seen
inline constexpr std::uint16_t keyboard_leds = 0x97;       // byte
inline constexpr std::uint16_t wait_flag_pointer = 0x98;   // dword: INT 15h AH=86h's user flag
inline constexpr std::uint16_t wait_count = 0x9C;          // dword: microseconds left to wait
inline constexpr std::uint16_t wait_active = 0xA0;         // byte: bit 0 while a wait runs

// Equipment word bits (INT 11h).
namespace equipment_bits {
inline constexpr std::uint16_t floppies_present = 0x0001;
inline constexpr std::uint16_t video_80x25_colour = 0x0020;
inline constexpr unsigned floppy_count_shift = 6;   // floppies - 1, 2 bits
inline constexpr unsigned serial_count_shift = 9;   // 3 bits
}  // namespace equipment_bits

// Keyboard flag bits (0040:0017).
namespace shift_bits {
inline constexpr std::uint8_t right_shift = 0x01;
inline constexpr std::uint8_t left_shift = 0x02;
inline constexpr std::uint8_t ctrl = 0x04;
inline constexpr std::uint8_t alt = 0x08;
inline constexpr std::uint8_t scroll_lock = 0x10;
inline constexpr std::uint8_t num_lock = 0x20;
inline constexpr std::uint8_t caps_lock = 0x40;
inline constexpr std::uint8_t insert = 0x80;
}  // namespace shift_bits

}  // namespace emu::bios::bda
