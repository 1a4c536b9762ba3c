#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/boot_media.h"
#include "core/unique_fd.h"

namespace emu::bios {

// Cylinders, heads, sectors per track, as INT 13h addresses them.
struct Geometry {
  std::uint32_t cylinders = 0;
  std::uint32_t heads = 0;
  std::uint32_t sectors = 0;
  std::uint64_t chs_sectors() const { return std::uint64_t{cylinders} * heads * sectors; }
};

// What an image is to the BIOS, from its size (docs/bios.md): a floppy of a standard size, a
// smaller image as a 1.44M floppy (2.88M past 1.44M) whose missing sectors read as zeros, or
// anything larger than 2.88M as a hard disk with the geometry of its partition table, else 16
// heads and 63 sectors.
struct DiskLayout {
  bool floppy = true;
  Geometry geometry;
  std::uint64_t sectors = 0;        // what the guest sees (a padded floppy: the whole floppy)
  std::uint64_t file_sectors = 0;   // what the file holds
  std::uint8_t floppy_type = 0;     // INT 13h AH=08h's BL (1 360K, 2 1.2M, 3 720K, 4 1.44M, 6 2.88M)
  std::string description;          // "1.44M floppy", "hard disk, 520 cylinders ..."
};

inline constexpr std::uint32_t sector_size = 512;

// The layout for an image of `size` bytes whose first sector is `boot_sector` (up to 512 bytes).
// Throws Error(bad_input) for an empty image or one whose size is not a multiple of 512.
DiskLayout disk_layout(std::uint64_t size, std::span<const std::uint8_t> boot_sector, const std::string& path);

// Whether a boot sector ends in the 55h AAh signature.
bool has_boot_signature(std::span<const std::uint8_t> boot_sector);

// A disk image opened for the BIOS: sectors read from the file as asked; writes kept in memory,
// or (write_through) written to the file before the call returns, never past its end.
class Disk {
 public:
  // Opens and inspects the file. Throws Error(bad_input) naming the path and the cause.
  explicit Disk(const DiskSource& source);

  const DiskLayout& layout() const { return layout_; }
  const std::string& path() const { return path_; }
  bool write_through() const { return write_through_; }

  // The result of a transfer: the BIOS status (0 = success) and the host's reason on failure.
  struct Status {
    std::uint8_t code = 0;
    std::string error;  // for stderr (an I/O error), empty otherwise
  };
  static constexpr std::uint8_t sector_not_found = 0x04;
  static constexpr std::uint8_t write_fault = 0xCC;
  static constexpr std::uint8_t read_error = 0x10;

  // `count` sectors from `lba` into `out` (count * 512 bytes).
  Status read(std::uint64_t lba, std::uint32_t count, std::span<std::uint8_t> out);
  Status write(std::uint64_t lba, std::uint32_t count, std::span<const std::uint8_t> in);

 private:
  std::string path_;
  bool write_through_;
  UniqueFd fd_;
  DiskLayout layout_;
  std::map<std::uint64_t, std::array<std::uint8_t, sector_size>> overlay_;  // sectors written, in memory
};

}  // namespace emu::bios
