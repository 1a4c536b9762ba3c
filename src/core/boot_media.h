#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

// A disk image the BIOS serves (--boot, --drive): the file, read as the guest asks, and whether
// its writes go to the file (--disk-write) or to memory only.
struct DiskSource {
  std::string path;
  bool write_through = false;
};

// What a machine with the BIOS starts: a disk's boot sector, or a DOS .COM program.
struct BootMedia {
  enum class Kind : std::uint8_t { disk, dos_program };
  Kind kind = Kind::disk;
  // The drives in order: floppies become 00h, 01h, ...; hard disks 80h, 81h, ... The first one
  // given is booted (Kind::disk).
  std::vector<DiskSource> disks;
  // Kind::dos_program: the program's bytes, its name for messages, and its command tail.
  std::shared_ptr<const std::vector<std::uint8_t>> program;
  std::string program_name;
  std::string command_tail;
};

}  // namespace emu
