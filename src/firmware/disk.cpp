#include "firmware/disk.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/quoted.h"

namespace emu::bios {

namespace {

struct FloppyFormat {
  std::uint64_t size;
  Geometry geometry;
  std::uint8_t type;
  const char* name;
};

// The PC's diskette formats (IBM PC/AT Technical Reference, diskette section).
constexpr FloppyFormat floppy_formats[] = {
    {160 * 1024, {40, 1, 8}, 1, "160K"},    {180 * 1024, {40, 1, 9}, 1, "180K"},
    {320 * 1024, {40, 2, 8}, 1, "320K"},    {360 * 1024, {40, 2, 9}, 1, "360K"},
    {720 * 1024, {80, 2, 9}, 3, "720K"},    {1200 * 1024, {80, 2, 15}, 2, "1.2M"},
    {1440 * 1024, {80, 2, 18}, 4, "1.44M"}, {2880 * 1024, {80, 2, 36}, 6, "2.88M"},
};
constexpr const FloppyFormat& floppy_144 = floppy_formats[6];
constexpr const FloppyFormat& floppy_288 = floppy_formats[7];

constexpr std::uint32_t default_heads = 16;
constexpr std::uint32_t default_sectors = 63;
constexpr std::uint32_t max_cylinders = 1024;  // what INT 13h's 10-bit cylinder number reaches

// The heads and sectors per track that the partition table's entries end on, when they agree.
std::optional<Geometry> geometry_from_partitions(std::span<const std::uint8_t> boot_sector) {
  if (!has_boot_signature(boot_sector)) return std::nullopt;
  std::optional<Geometry> found;
  for (unsigned entry = 0; entry < 4; ++entry) {
    const std::uint8_t* row = boot_sector.data() + 0x1BE + 16 * entry;
    if (row[4] == 0) continue;  // unused entry
    const std::uint32_t heads = row[5] + 1u;
    const std::uint32_t sectors = row[6] & 0x3Fu;
    if (sectors == 0) return std::nullopt;
    if (found && (found->heads != heads || found->sectors != sectors)) return std::nullopt;
    found = Geometry{0, heads, sectors};
  }
  return found;
}

}  // namespace

bool has_boot_signature(std::span<const std::uint8_t> boot_sector) {
  return boot_sector.size() >= sector_size && boot_sector[510] == 0x55 && boot_sector[511] == 0xAA;
}

DiskLayout disk_layout(std::uint64_t size, std::span<const std::uint8_t> boot_sector, const std::string& path) {
  if (size == 0) throw Error(ExitStatus::bad_input, fmt::format("disk image {}: is empty", quoted(path)));
  if (size % sector_size != 0) {
    throw Error(ExitStatus::bad_input,
                fmt::format("disk image {}: is {} bytes, not a whole number of 512-byte sectors", quoted(path), size));
  }
  DiskLayout layout;
  layout.file_sectors = size / sector_size;
  for (const FloppyFormat& format : floppy_formats) {
    if (size == format.size) {
      layout.geometry = format.geometry;
      layout.floppy_type = format.type;
      layout.sectors = layout.file_sectors;
      layout.description = fmt::format("{} floppy", format.name);
      return layout;
    }
  }
  if (size < floppy_288.size) {
    const FloppyFormat& format = size < floppy_144.size ? floppy_144 : floppy_288;
    layout.geometry = format.geometry;
    layout.floppy_type = format.type;
    layout.sectors = format.size / sector_size;
    layout.description = fmt::format("{} floppy ({} of its sectors in the file, the rest read as zeros)", format.name,
                                     layout.file_sectors);
    return layout;
  }
  layout.floppy = false;
  layout.sectors = layout.file_sectors;
  const std::optional<Geometry> table = geometry_from_partitions(boot_sector);
  layout.geometry = table.value_or(Geometry{0, default_heads, default_sectors});
  const std::uint64_t per_cylinder = std::uint64_t{layout.geometry.heads} * layout.geometry.sectors;
  layout.geometry.cylinders =
      static_cast<std::uint32_t>(std::clamp<std::uint64_t>(layout.sectors / per_cylinder, 1, max_cylinders));
  layout.description = fmt::format("hard disk, {} cylinders, {} heads, {} sectors per track ({})", layout.geometry.cylinders,
                                   layout.geometry.heads, layout.geometry.sectors,
                                   table ? "from its partition table" : "emu's default");
  return layout;
}

Disk::Disk(const DiskSource& source) : path_(source.path), write_through_(source.write_through) {
  auto fail = [&](const std::string& why) {
    return Error(ExitStatus::bad_input, fmt::format("disk image {}: {}", quoted(path_), why));
  };
  fd_ = UniqueFd(::open(path_.c_str(), (write_through_ ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK));
  if (!fd_.valid()) throw fail(std::strerror(errno));
  struct stat status {};
  if (::fstat(fd_.get(), &status) < 0) throw fail(std::strerror(errno));
  if (S_ISDIR(status.st_mode)) throw fail("is a directory");
  if (!S_ISREG(status.st_mode)) throw fail("is not a regular file");
  std::array<std::uint8_t, sector_size> first{};
  const ssize_t got = ::pread(fd_.get(), first.data(), first.size(), 0);
  if (got < 0) throw fail(std::strerror(errno));
  layout_ = disk_layout(static_cast<std::uint64_t>(status.st_size), first, path_);
}

Disk::Status Disk::read(std::uint64_t lba, std::uint32_t count, std::span<std::uint8_t> out) {
  if (lba > layout_.sectors || count > layout_.sectors - lba) return {sector_not_found, {}};
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t sector = lba + i;
    std::uint8_t* destination = out.data() + std::size_t{i} * sector_size;
    if (auto written = overlay_.find(sector); written != overlay_.end()) {
      std::copy(written->second.begin(), written->second.end(), destination);
    } else if (sector < layout_.file_sectors) {
      std::size_t done = 0;
      while (done < sector_size) {
        const ssize_t got = ::pread(fd_.get(), destination + done, sector_size - done,
                                    static_cast<off_t>(sector * sector_size + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return {read_error, fmt::format("cannot read sector {} of {}: {}", sector, quoted(path_), std::strerror(errno))};
        if (got == 0) {  // the file shrank under us: what is gone reads as zeros
          std::fill(destination + done, destination + sector_size, 0);
          break;
        }
        done += static_cast<std::size_t>(got);
      }
    } else {
      std::fill(destination, destination + sector_size, 0);  // the padding of a short floppy image
    }
  }
  return {};
}

Disk::Status Disk::write(std::uint64_t lba, std::uint32_t count, std::span<const std::uint8_t> in) {
  if (lba > layout_.sectors || count > layout_.sectors - lba) return {sector_not_found, {}};
  if (!write_through_) {
    for (std::uint32_t i = 0; i < count; ++i) {
      std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(std::size_t{i} * sector_size), sector_size,
                  overlay_[lba + i].begin());
    }
    return {};
  }
  if (lba + count > layout_.file_sectors) {
    return {write_fault, fmt::format("--disk-write: sector {} is past the end of {} ({} sectors); emu never extends an "
                                     "image, the write failed",
                                     std::max(lba, layout_.file_sectors), quoted(path_), layout_.file_sectors)};
  }
  const std::size_t length = std::size_t{count} * sector_size;
  std::size_t done = 0;
  while (done < length) {
    const ssize_t put = ::pwrite(fd_.get(), in.data() + done, length - done, static_cast<off_t>(lba * sector_size + done));
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      return {write_fault, fmt::format("--disk-write: cannot write sector {} of {}: {}", lba + done / sector_size,
                                       quoted(path_), put < 0 ? std::strerror(errno) : "nothing written")};
    }
    done += static_cast<std::size_t>(put);
  }
  return {};
}

}  // namespace emu::bios
