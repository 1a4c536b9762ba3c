#pragma once

#include <cstdint>
#include <vector>

#include "core/boot_media.h"
#include "firmware/bios_context.h"
#include "firmware/disk.h"
#include "firmware/hypercall.h"

namespace emu::bios {

// INT 13h over the machine's disk images: floppies as drives 00h, 01h, ..., hard disks as 80h,
// 81h, ... in the order given; CHS functions with each image's geometry and the EDD functions
// (41h-43h, 48h) by LBA. Statuses and registers as the IBM PC/AT BIOS reference gives them.
class DiskServices {
 public:
  DiskServices(BiosContext& bios, const std::vector<DiskSource>& sources);

  Action serve(Registers& registers);
  // The BDA's counts at POST.
  void initialize();

  // The drive with that number, or null.
  Disk* drive(std::uint8_t number);
  unsigned floppies() const { return static_cast<unsigned>(floppy_.size()); }
  unsigned hard_disks() const { return static_cast<unsigned>(hard_.size()); }
  // The first disk given: the one INT 19h boots (00h or 80h).
  std::uint8_t boot_drive() const { return boot_drive_; }

  // Reads `count` sectors from `lba` into guest RAM at `linear`; the BIOS status.
  std::uint8_t read_to(Disk& disk, std::uint64_t lba, std::uint32_t count, std::uint32_t linear);

 private:
  std::uint8_t write_from(Disk& disk, std::uint64_t lba, std::uint32_t count, std::uint32_t linear);
  std::uint8_t transfer_chs(Registers& registers, Disk& disk);
  std::uint8_t transfer_lba(Registers& registers, Disk& disk);
  void parameters(Registers& registers, Disk& disk);
  void edd_parameters(Registers& registers, Disk& disk);

  BiosContext& bios_;
  std::vector<Disk> floppy_;
  std::vector<Disk> hard_;
  std::uint8_t boot_drive_ = 0;
};

}  // namespace emu::bios
