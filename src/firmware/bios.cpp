#include "firmware/bios.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/exit_status.h"
#include "firmware/bda.h"

namespace emu::bios {

namespace {

constexpr std::uint16_t pic_master = 0x20;
constexpr std::uint16_t pic_slave = 0xA0;
constexpr std::uint16_t com1 = 0x3F8;
constexpr std::uint16_t boot_segment = 0x0000;
constexpr std::uint16_t boot_offset = 0x7C00;

// UART registers (offsets from the port's base) and line status bits.
constexpr std::uint16_t uart_data = 0;
constexpr std::uint16_t uart_line_control = 3;
constexpr std::uint16_t uart_modem_control = 4;
constexpr std::uint16_t uart_line_status = 5;
constexpr std::uint16_t uart_modem_status = 6;
constexpr std::uint8_t line_data_ready = 0x01;
constexpr std::uint8_t line_transmitter_empty = 0x20;
constexpr std::uint8_t serial_timed_out = 0x80;

}  // namespace

Bios::Bios(BiosWiring wiring, const BootMedia& media)
    : wiring_(std::move(wiring)),
      context_{GuestRam(wiring_.memory, wiring_.exit_request, wiring_.a20_enabled), wiring_.io, wiring_.exit_request,
               wiring_.keys_may_come, wiring_.warn, wiring_.note},
      transcript_(wiring_.transcript),
      video_(context_, transcript_),
      keyboard_(context_),
      disks_(context_, media.disks),
      dos_(context_, video_, keyboard_),
      media_(media) {}

void Bios::install_rom(GuestMemory& memory) {
  const std::span<const std::uint8_t> rom = rom_image();
  if (auto destination = memory.span(rom_base, rom.size())) std::copy(rom.begin(), rom.end(), destination->begin());
}

void Bios::write8(std::uint64_t, std::uint8_t) {
  GuestRam& ram = context_.ram;
  const std::uint16_t ss = ram.read16(ebda_segment, ebda::mailbox_ss);
  const std::uint16_t sp = ram.read16(ebda_segment, ebda::mailbox_sp);
  Registers registers = Registers::load(ram, ss, sp);
  const Registers before = registers;
  const CallKey key{ss, sp, registers.cs, registers.ip, registers.service};
  const bool retry = waiting_ == key;
  ++calls_;
  const Action action = serve(registers, retry);
  if (action == Action::done) {
    // Only its own end clears a waiting call: interrupts taken while it waits make calls too.
    if (retry) waiting_.reset();
    if (registers != before) registers.store(ram, ss, sp);
  } else {
    ++waits_;
    waiting_ = key;
  }
  ram.write8(ebda_segment, ebda::mailbox_action, static_cast<std::uint8_t>(action));
}

Action Bios::serve(Registers& registers, bool retry) {
  switch (registers.service) {
    case service_post: post(); return Action::done;
    case 0x09: return keyboard_.interrupt();
    case 0x10: return video_.serve(registers);
    case 0x11: registers.ax = context_.ram.read16(bda::segment, bda::equipment); return Action::done;
    case 0x12: registers.ax = context_.ram.read16(bda::segment, bda::memory_kib); return Action::done;
    case 0x13: return disks_.serve(registers);
    case 0x14: return serial(registers, retry);
    case 0x15: return system(registers, retry);
    case 0x16: return keyboard_.serve(registers);
    case 0x17: registers.set_ah(0x01); return Action::done;  // no printer: time-out
    case 0x18: no_boot(fmt::format("INT 18h called at {}", BiosContext::caller(registers))); return Action::done;
    case 0x19: return boot();
    case 0x1A: return time_of_day(registers);
    case 0x20:
    case 0x21:
    case 0x27: return dos_.serve(registers, retry);
    case 0x70: return rtc_interrupt();
    default:
      context_.not_provided(registers, fmt::format("BIOS service {:#x}", registers.service));
      return Action::done;
  }
}

void Bios::post() {
  GuestRam& ram = context_.ram;
  ram.fill(GuestRam::linear(bda::segment, 0), 0x100, 0);
  ram.fill(GuestRam::linear(ebda_segment, 0), 0x400, 0);
  ram.write8(ebda_segment, ebda::size_kib, 1);
  const bool com1_present = wiring_.io.device_at(com1) != nullptr;
  if (com1_present) ram.write16(bda::segment, bda::com_ports, com1);
  std::uint16_t equipment = bda::equipment_bits::video_80x25_colour;
  if (disks_.floppies() > 0) {
    equipment |= bda::equipment_bits::floppies_present;
    equipment |= static_cast<std::uint16_t>(std::min(disks_.floppies(), 4u) - 1) << bda::equipment_bits::floppy_count_shift;
  }
  if (com1_present) equipment |= 1u << bda::equipment_bits::serial_count_shift;
  ram.write16(bda::segment, bda::equipment, equipment);
  ram.write16(bda::segment, bda::memory_kib, conventional_kib);
  ram.write16(bda::segment, bda::ebda_segment, ebda_segment);
  for (unsigned port = 0; port < 4; ++port) ram.write8(bda::segment, static_cast<std::uint16_t>(bda::serial_timeouts + port), 1);
  keyboard_.initialize();
  disks_.initialize();
  video_.initialize();
  // The time of day from the RTC, as a PC BIOS sets the tick count at POST.
  const std::uint64_t seconds =
      context_.rtc_value(0x04) * 3600ull + context_.rtc_value(0x02) * 60ull + context_.rtc_value(0x00);
  ram.write32(bda::segment, bda::timer_ticks, static_cast<std::uint32_t>(seconds * 1'193'182 / 65'536));
}

void Bios::no_boot(const std::string& why) {
  wiring_.exit_request.request_end({ExitRequest::EndKind::no_boot, to_int(ExitStatus::no_boot), fmt::format("no bootable disk: {}", why)});
}

Action Bios::boot() {
  GuestRam& ram = context_.ram;
  const std::uint16_t block = ebda::boot_block;
  auto put = [&](unsigned index, std::uint16_t value) {
    ram.write16(ebda_segment, static_cast<std::uint16_t>(block + 2 * index), value);
  };
  // The block: flags, AX, BX, CX, DX, SI, DI, BP, DS, ES, SS, SP, CS, IP (bios.S, int19).
  if (media_.kind == BootMedia::Kind::dos_program) {
    const DosServices::Start start =
        dos_.load(media_.program ? std::span<const std::uint8_t>(*media_.program) : std::span<const std::uint8_t>(),
                  media_.program_name, media_.command_tail);
    const std::uint16_t words[] = {1, start.ax, start.bx, start.cx, start.dx, start.si, start.di, start.bp,
                                   start.segment, start.segment, start.segment, start.sp, start.segment, start.ip};
    for (unsigned i = 0; i < std::size(words); ++i) put(i, words[i]);
    return Action::done;
  }
  if (media_.disks.empty()) {
    no_boot("no disk was given");
    return Action::done;
  }
  const std::uint8_t drive = disks_.boot_drive();
  Disk& disk = *disks_.drive(drive);
  const std::uint32_t destination = GuestRam::linear(boot_segment, boot_offset);
  if (const std::uint8_t status = disks_.read_to(disk, 0, 1, destination); status != 0) {
    no_boot(fmt::format("cannot read the boot sector of {} (INT 13h status {:02X}h)", disk.path(), status));
    return Action::done;
  }
  const std::vector<std::uint8_t> sector = ram.read(destination, sector_size);
  if (!has_boot_signature(sector)) {
    if (!disk.layout().floppy) {
      no_boot(fmt::format("the boot sector of hard disk {} does not end in 55h AAh", disk.path()));
      return Action::done;
    }
    wiring_.warn(fmt::format("warning: the boot sector of {} does not end in 55h AAh; booting it anyway, as a PC "
                             "BIOS of the floppy era did", disk.path()));
  }
  const std::uint16_t words[] = {0, 0, 0, 0, drive, 0, 0, 0, 0, 0, boot_segment, boot_offset, boot_segment, boot_offset};
  for (unsigned i = 0; i < std::size(words); ++i) put(i, words[i]);
  return Action::done;
}

// INT 14h on COM1 (DX = 0); any other port is absent: time-out.
Action Bios::serial(Registers& registers, bool retry) {
  const std::uint16_t base = registers.dx == 0 ? context_.ram.read16(bda::segment, bda::com_ports) : 0;
  if (base == 0) {
    registers.set_ah(serial_timed_out);
    return Action::done;
  }
  Bus& io = wiring_.io;
  auto line_status = [&] { return static_cast<std::uint8_t>(io.read(base + uart_line_status, 1)); };
  auto modem_status = [&] { return static_cast<std::uint8_t>(io.read(base + uart_modem_status, 1)); };
  // Sending and receiving poll the port for as long as the BDA's time-out (seconds) allows.
  if (!retry) {
    serial_deadline_ = wiring_.now_ns() + std::max<std::uint64_t>(1, context_.ram.read8(bda::segment, bda::serial_timeouts)) * 1'000'000'000;
  }
  const bool timed_out = wiring_.now_ns() >= serial_deadline_;
  switch (registers.ah()) {
    case 0x00: {
      // AL: baud rate (bits 7-5), parity (4-3), stop bits (2), word length (1-0); the low five
      // bits are the 8250's line control register as they stand.
      constexpr std::uint16_t divisors[] = {1047, 768, 384, 192, 96, 48, 24, 12};
      const std::uint16_t divisor = divisors[registers.al() >> 5];
      io.write(base + uart_line_control, 1, 0x80);
      io.write(base + uart_data, 1, divisor & 0xFF);
      io.write(base + uart_data + 1, 1, divisor >> 8);
      io.write(base + uart_line_control, 1, registers.al() & 0x1F);
      io.write(base + uart_modem_control, 1, 0x03);  // DTR, RTS
      registers.set_ah(line_status());
      registers.set_al(modem_status());
      return Action::done;
    }
    case 0x01:
      if (!(line_status() & line_transmitter_empty)) {
        if (!timed_out) return Action::poll;
        registers.set_ah(static_cast<std::uint8_t>(line_status() | serial_timed_out));
        return Action::done;
      }
      io.write(base + uart_data, 1, registers.al());
      registers.set_ah(line_status());
      return Action::done;
    case 0x02:
      if (!(line_status() & line_data_ready)) {
        if (!timed_out) return Action::poll;
        registers.set_ah(static_cast<std::uint8_t>(line_status() | serial_timed_out));
        return Action::done;
      }
      registers.set_al(static_cast<std::uint8_t>(io.read(base + uart_data, 1)));
      registers.set_ah(line_status() & 0x1E);
      return Action::done;
    case 0x03:
      registers.set_ah(line_status());
      registers.set_al(modem_status());
      return Action::done;
    default:
      context_.note(fmt::format("INT 14h AH={:02X}h is not provided: CF set, AH = 86h", registers.ah()));
      registers.set_ah(0x86);
      registers.set_carry(true);
      return Action::done;
  }
}

// INT 15h: the AT's wait (86h, on the RTC's periodic interrupt at 1,024 Hz, as the PC/AT
// BIOS does it), the extended memory size (none), the configuration table; the rest fail.
Action Bios::system(Registers& registers, bool retry) {
  GuestRam& ram = context_.ram;
  switch (registers.ah()) {
    case 0x86: {
      std::uint8_t state = ram.read8(bda::segment, bda::wait_active);
      if (!retry) {
        if (state & 0x01) {  // another wait is running
          registers.set_ah(0x83);
          registers.set_carry(true);
          return Action::done;
        }
        const std::uint32_t microseconds = std::uint32_t{registers.cx} << 16 | registers.dx;
        if (microseconds == 0) {
          registers.set_ah(0);
          registers.set_carry(false);
          return Action::done;
        }
        ram.write32(bda::segment, bda::wait_count, microseconds);
        ram.write8(bda::segment, bda::wait_active, 0x01);
        context_.set_cmos(0x0A, static_cast<std::uint8_t>((context_.cmos(0x0A) & 0xF0) | 0x06));  // 1,024 Hz
        context_.set_cmos(0x0B, static_cast<std::uint8_t>(context_.cmos(0x0B) | 0x40));           // periodic interrupt on
        wiring_.io.write(pic_slave + 1, 1, wiring_.io.read(pic_slave + 1, 1) & ~0x01u);  // IRQ8
        wiring_.io.write(pic_master + 1, 1, wiring_.io.read(pic_master + 1, 1) & ~0x04u);  // the cascade
        return Action::wait;
      }
      if (!(state & 0x80)) return Action::wait;
      ram.write8(bda::segment, bda::wait_active, 0);
      registers.set_ah(0);
      registers.set_carry(false);
      return Action::done;
    }
    case 0x88:
      registers.ax = 0;  // no memory above 1 MiB
      registers.set_carry(false);
      return Action::done;
    case 0xC0:
      registers.es = rom_segment;
      registers.bx = system_configuration_offset;
      registers.set_ah(0);
      registers.set_carry(false);
      return Action::done;
    default:
      registers.set_ah(0x86);  // function not supported
      registers.set_carry(true);
      return Action::done;
  }
}

// IRQ8: the RTC's periodic interrupt counts a running INT 15h AH=86h wait down by its period.
Action Bios::rtc_interrupt() {
  GuestRam& ram = context_.ram;
  const std::uint8_t flags = context_.cmos(0x0C);  // reading C acknowledges the interrupt
  const std::uint8_t state = ram.read8(bda::segment, bda::wait_active);
  if ((flags & 0x40) && (state & 0x01) && !(state & 0x80)) {
    constexpr std::uint32_t period_us = 976;
    const std::uint32_t left = ram.read32(bda::segment, bda::wait_count);
    if (left <= period_us) {
      ram.write32(bda::segment, bda::wait_count, 0);
      ram.write8(bda::segment, bda::wait_active, state | 0x80);
      context_.set_cmos(0x0B, static_cast<std::uint8_t>(context_.cmos(0x0B) & ~0x40));
    } else {
      ram.write32(bda::segment, bda::wait_count, left - period_us);
    }
  }
  context_.end_of_interrupt(true);
  return Action::done;
}

// INT 1Ah: the tick count, and the RTC's time and date (BCD, as the BIOS hands them out).
Action Bios::time_of_day(Registers& registers) {
  GuestRam& ram = context_.ram;
  auto read_bcd = [&](std::uint8_t index) { return context_.rtc_bcd(index); };
  auto write_bcd = [&](std::uint8_t index, std::uint8_t value) { context_.set_rtc_bcd(index, value); };
  switch (registers.ah()) {
    case 0x00: {
      const std::uint32_t ticks = ram.read32(bda::segment, bda::timer_ticks);
      registers.cx = static_cast<std::uint16_t>(ticks >> 16);
      registers.dx = static_cast<std::uint16_t>(ticks);
      registers.set_al(ram.read8(bda::segment, bda::timer_midnight));
      ram.write8(bda::segment, bda::timer_midnight, 0);
      return Action::done;
    }
    case 0x01:
      ram.write32(bda::segment, bda::timer_ticks, std::uint32_t{registers.cx} << 16 | registers.dx);
      ram.write8(bda::segment, bda::timer_midnight, 0);
      return Action::done;
    case 0x02:
      registers.set_ch(read_bcd(0x04));
      registers.set_cl(read_bcd(0x02));
      registers.set_dh(read_bcd(0x00));
      registers.set_dl(context_.cmos(0x0B) & 0x01);
      registers.set_carry(false);
      return Action::done;
    case 0x03:
      write_bcd(0x04, registers.ch());
      write_bcd(0x02, registers.cl());
      write_bcd(0x00, registers.dh());
      context_.set_cmos(0x0B, static_cast<std::uint8_t>((context_.cmos(0x0B) & ~0x01) | (registers.dl() & 0x01)));
      registers.set_carry(false);
      return Action::done;
    case 0x04:
      registers.set_ch(read_bcd(0x32));
      registers.set_cl(read_bcd(0x09));
      registers.set_dh(read_bcd(0x08));
      registers.set_dl(read_bcd(0x07));
      registers.set_carry(false);
      return Action::done;
    case 0x05:
      write_bcd(0x32, registers.ch());
      write_bcd(0x09, registers.cl());
      write_bcd(0x08, registers.dh());
      write_bcd(0x07, registers.dl());
      registers.set_carry(false);
      return Action::done;
    default:
      registers.set_ah(0x86);
      registers.set_carry(true);
      return Action::done;
  }
}

std::vector<StatCounter> Bios::stats() const { return {{"bios calls", calls_}, {"bios calls waiting", waits_}}; }

}  // namespace emu::bios
