#pragma once

#include <cstdint>

// The BIOS's hypercall protocol and fixed addresses (docs/bios.md). src/firmware/bios/layout.inc
// states the same numbers for the assembly side; BiosTest.* checks that they agree in the image.
namespace emu::bios {

// A byte written here (from bios.S's one OUT) asks emu to serve the frame the mailbox points at.
inline constexpr std::uint16_t hypercall_port = 0xE6;

// The extended BIOS data area: 1 KiB at the top of the 640 KiB that INT 12h reports.
inline constexpr std::uint16_t ebda_segment = 0x9FC0;
inline constexpr std::uint16_t conventional_kib = 639;
namespace ebda {
inline constexpr std::uint16_t size_kib = 0x00;        // byte: the EBDA's size, as a PC BIOS keeps it
inline constexpr std::uint16_t mailbox_ss = 0x10;      // word: the caller's frame is at SS:SP ...
inline constexpr std::uint16_t mailbox_sp = 0x12;
inline constexpr std::uint16_t mailbox_action = 0x14;  // byte: the host's answer (Action)
inline constexpr std::uint16_t boot_block = 0x20;      // INT 19h: flags, then the registers to start with
}  // namespace ebda

// The host's answer to a call.
enum class Action : std::uint8_t {
  done = 0,  // the frame holds the results; the entry returns them with IRET
  wait = 1,  // nothing to return yet: the entry halts with interrupts enabled and asks again
  poll = 2,  // a device is not ready: the entry lets pending interrupts in and asks again at once
};

// Services past the 256 vectors: the BIOS's own calls.
inline constexpr std::uint16_t service_post = 0x100;

// The ROM: 64 KiB at F000:0000, entered at F000:FFF0. Tables at the offsets the IBM PC/AT BIOS
// has them, since programs read them there.
inline constexpr std::uint16_t rom_segment = 0xF000;
inline constexpr std::uint32_t rom_base = 0xF0000;
inline constexpr std::uint32_t rom_size = 0x10000;
inline constexpr std::uint16_t reset_offset = 0xFFF0;
inline constexpr std::uint16_t system_configuration_offset = 0xE6F5;
inline constexpr std::uint16_t diskette_parameters_offset = 0xEFC7;
inline constexpr std::uint16_t font_8x8_offset = 0xFA6E;

}  // namespace emu::bios
