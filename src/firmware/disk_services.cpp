#include "firmware/disk_services.h"

#include "firmware/bda.h"

namespace emu::bios {

namespace {

// INT 13h statuses (AH).
constexpr std::uint8_t ok = 0x00;
constexpr std::uint8_t bad_command = 0x01;
constexpr std::uint8_t sector_not_found = 0x04;

constexpr std::uint8_t first_hard_disk = 0x80;
constexpr std::uint32_t max_transfer = 128;  // sectors in one call (64 KiB)

}  // namespace

DiskServices::DiskServices(BiosContext& bios, const std::vector<DiskSource>& sources) : bios_(bios) {
  for (const DiskSource& source : sources) {
    Disk disk(source);
    if (floppy_.empty() && hard_.empty()) boot_drive_ = disk.layout().floppy ? 0x00 : first_hard_disk;
    (disk.layout().floppy ? floppy_ : hard_).push_back(std::move(disk));
  }
}

void DiskServices::initialize() {
  bios_.ram.write8(bda::segment, bda::hard_disk_count, static_cast<std::uint8_t>(hard_.size()));
  bios_.ram.write8(bda::segment, bda::diskette_status, 0);
  bios_.ram.write8(bda::segment, bda::hard_disk_status, 0);
}

Disk* DiskServices::drive(std::uint8_t number) {
  if (number < first_hard_disk) return number < floppy_.size() ? &floppy_[number] : nullptr;
  const unsigned index = number - first_hard_disk;
  return index < hard_.size() ? &hard_[index] : nullptr;
}

std::uint8_t DiskServices::read_to(Disk& disk, std::uint64_t lba, std::uint32_t count, std::uint32_t linear) {
  std::vector<std::uint8_t> bytes(std::size_t{count} * sector_size);
  Disk::Status status = disk.read(lba, count, bytes);
  if (!status.error.empty()) bios_.warn(status.error);
  if (status.code != ok) return status.code;
  bios_.ram.write(linear, bytes);
  return ok;
}

std::uint8_t DiskServices::write_from(Disk& disk, std::uint64_t lba, std::uint32_t count, std::uint32_t linear) {
  const std::vector<std::uint8_t> bytes = bios_.ram.read(linear, count * sector_size);
  Disk::Status status = disk.write(lba, count, bytes);
  if (!status.error.empty()) bios_.warn(status.error);
  return status.code;
}

// AH=02h/03h/04h: AL sectors from cylinder CH (+ CL bits 6-7), head DH, sector CL bits 0-5,
// to or from ES:BX. A transfer may run on past the track's end (as SeaBIOS and QEMU allow).
std::uint8_t DiskServices::transfer_chs(Registers& registers, Disk& disk) {
  const Geometry& geometry = disk.layout().geometry;
  const std::uint32_t count = registers.al();
  const std::uint32_t cylinder = registers.ch() | (registers.cl() & 0xC0u) << 2;
  const std::uint32_t sector = registers.cl() & 0x3Fu;
  const std::uint32_t head = registers.dh();
  registers.set_al(0);
  if (count == 0 || count > max_transfer) return bad_command;
  if (sector == 0 || sector > geometry.sectors || head >= geometry.heads || cylinder >= geometry.cylinders) {
    return sector_not_found;
  }
  const std::uint64_t lba = (std::uint64_t{cylinder} * geometry.heads + head) * geometry.sectors + (sector - 1);
  const std::uint32_t buffer = GuestRam::linear(registers.es, registers.bx);
  std::uint8_t status = ok;
  switch (registers.ah()) {
    case 0x02: status = read_to(disk, lba, count, buffer); break;
    case 0x03: status = write_from(disk, lba, count, buffer); break;
    default:  // verify: the sectors exist
      status = lba + count <= disk.layout().sectors ? ok : sector_not_found;
      break;
  }
  if (status == ok) registers.set_al(static_cast<std::uint8_t>(count));
  return status;
}

// AH=42h/43h: the disk address packet at DS:SI (size, count, buffer offset:segment, LBA).
std::uint8_t DiskServices::transfer_lba(Registers& registers, Disk& disk) {
  GuestRam& ram = bios_.ram;
  const std::uint16_t packet = registers.si;
  const std::uint8_t size = ram.read8(registers.ds, packet);
  const std::uint32_t count = ram.read16(registers.ds, static_cast<std::uint16_t>(packet + 2));
  const std::uint16_t offset = ram.read16(registers.ds, static_cast<std::uint16_t>(packet + 4));
  const std::uint16_t segment = ram.read16(registers.ds, static_cast<std::uint16_t>(packet + 6));
  const std::uint64_t lba = ram.read32(registers.ds, static_cast<std::uint16_t>(packet + 8)) |
                            std::uint64_t{ram.read32(registers.ds, static_cast<std::uint16_t>(packet + 12))} << 32;
  auto report = [&](std::uint32_t done) { ram.write16(registers.ds, static_cast<std::uint16_t>(packet + 2), static_cast<std::uint16_t>(done)); };
  if (size < 0x10 || count > max_transfer || (offset == 0xFFFF && segment == 0xFFFF)) {
    report(0);
    return bad_command;  // a 64-bit flat buffer address is not for real mode
  }
  const std::uint32_t buffer = GuestRam::linear(segment, offset);
  const std::uint8_t status = registers.ah() == 0x42 ? read_to(disk, lba, count, buffer) : write_from(disk, lba, count, buffer);
  report(status == ok ? count : 0);
  return status;
}

void DiskServices::parameters(Registers& registers, Disk& disk) {
  const DiskLayout& layout = disk.layout();
  const std::uint32_t last_cylinder = layout.geometry.cylinders - 1;
  registers.ax = 0;
  registers.set_ch(static_cast<std::uint8_t>(last_cylinder));
  registers.set_cl(static_cast<std::uint8_t>((layout.geometry.sectors & 0x3F) | ((last_cylinder >> 2) & 0xC0)));
  registers.set_dh(static_cast<std::uint8_t>(layout.geometry.heads - 1));
  if (layout.floppy) {
    registers.set_bl(layout.floppy_type);
    registers.set_dl(static_cast<std::uint8_t>(floppy_.size()));
    registers.es = rom_segment;
    registers.di = diskette_parameters_offset;
  } else {
    registers.set_dl(static_cast<std::uint8_t>(hard_.size()));
  }
}

// AH=48h: the EDD 1.1 result buffer at DS:SI (26 bytes).
void DiskServices::edd_parameters(Registers& registers, Disk& disk) {
  GuestRam& ram = bios_.ram;
  const DiskLayout& layout = disk.layout();
  const auto at = [&](unsigned offset) { return static_cast<std::uint16_t>(registers.si + offset); };
  ram.write16(registers.ds, at(0), 0x1A);
  ram.write16(registers.ds, at(2), 0x0002);  // the CHS geometry is valid
  ram.write32(registers.ds, at(4), layout.geometry.cylinders);
  ram.write32(registers.ds, at(8), layout.geometry.heads);
  ram.write32(registers.ds, at(12), layout.geometry.sectors);
  ram.write32(registers.ds, at(16), static_cast<std::uint32_t>(layout.sectors));
  ram.write32(registers.ds, at(20), static_cast<std::uint32_t>(layout.sectors >> 32));
  ram.write16(registers.ds, at(24), sector_size);
}

Action DiskServices::serve(Registers& registers) {
  const std::uint8_t number = registers.dl();
  const std::uint16_t status_byte = number < first_hard_disk ? bda::diskette_status : bda::hard_disk_status;
  Disk* disk = drive(number);
  std::uint8_t status = ok;
  const std::uint8_t function = registers.ah();
  if (function == 0x01) {
    status = bios_.ram.read8(bda::segment, status_byte);
    registers.set_ah(status);
    registers.set_carry(status != ok);
    return Action::done;
  }
  if (function == 0x15 && disk == nullptr) {  // no such drive: AH = 00h, and that is no error
    registers.set_ah(0);
    registers.set_carry(false);
    return Action::done;
  }
  if (disk == nullptr) {
    status = bad_command;
  } else {
    switch (function) {
      case 0x00: break;  // reset: nothing to recalibrate
      case 0x02:
      case 0x03:
      case 0x04: status = transfer_chs(registers, *disk); break;
      case 0x08: parameters(registers, *disk); break;
      case 0x15:
        if (disk->layout().floppy) {
          registers.set_ah(0x01);  // a diskette drive without change-line
        } else {
          registers.set_ah(0x03);
          registers.cx = static_cast<std::uint16_t>(disk->layout().sectors >> 16);
          registers.dx = static_cast<std::uint16_t>(disk->layout().sectors);
        }
        registers.set_carry(false);
        bios_.ram.write8(bda::segment, status_byte, ok);
        return Action::done;
      case 0x16: break;  // the disk has not changed
      case 0x41:
        if (registers.bx != 0x55AA) {
          status = bad_command;
          break;
        }
        registers.bx = 0xAA55;
        registers.cx = 0x0001;  // the fixed-disk access subset: 42h-44h, 47h, 48h
        registers.set_ah(0x21);  // EDD 1.1
        registers.set_carry(false);
        bios_.ram.write8(bda::segment, status_byte, ok);
        return Action::done;
      case 0x42:
      case 0x43: status = transfer_lba(registers, *disk); break;
      case 0x48: edd_parameters(registers, *disk); break;
      default: status = bad_command; break;
    }
  }
  registers.set_ah(status);
  registers.set_carry(status != ok);
  bios_.ram.write8(bda::segment, status_byte, status);
  return Action::done;
}

}  // namespace emu::bios
