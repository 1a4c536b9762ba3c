// libFuzzer target: emu's BIOS services as a guest can call them, with any registers, any frame
// address and any bytes in the BIOS data area, the EBDA and the MCBs (programs write those
// too): after POST, a series of calls through the hypercall port and pokes into RAM. Nothing may
// crash, hang or leave the mailbox with an answer that is not one of the three.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/boot_media.h"
#include "core/byte_sink.h"
#include "platform/machine.h"

namespace {

constexpr std::uint16_t hypercall_port = 0xE6;
constexpr std::uint32_t mailbox = 0x9FC00 + 0x10;
// The services the ROM's entries make (and POST's host part, 100h); any other number ends the
// run, which the target reaches too.
constexpr std::uint16_t services[] = {0x09, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                      0x19, 0x1A, 0x20, 0x21, 0x27, 0x70, 0x100, 0x18, 0x55};

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool more() const { return at_ < size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint16_t word() { return static_cast<std::uint16_t>(byte() | byte() << 8); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// A floppy image for INT 13h, once per process: 1.44M of zeros (sparse).
const std::string& floppy() {
  static const std::string path = [] {
    std::string name = "/tmp/emu-bios-fuzz-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0 || ::ftruncate(fd, 1440 * 1024) != 0) std::abort();
    ::close(fd);
    return name;
  }();
  return path;
}

void put16(std::uint8_t* ram, std::uint32_t address, std::uint16_t value) {
  ram[address & 0xFFFFF] = static_cast<std::uint8_t>(value);
  ram[(address + 1) & 0xFFFFF] = static_cast<std::uint8_t>(value >> 8);
}

// One call: the frame at SS:SP as the ROM's entry pushes it, the mailbox, the port write.
void call(emu::Machine& machine, std::uint16_t service, const std::uint16_t (&registers)[12], std::uint16_t ss,
          std::uint16_t sp) {
  std::uint8_t* ram = machine.memory().data();
  put16(ram, ss * 16u + sp, service);
  for (unsigned i = 0; i < 12; ++i) put16(ram, ss * 16u + static_cast<std::uint16_t>(sp + 2 + 2 * i), registers[i]);
  put16(ram, mailbox, ss);
  put16(ram, mailbox + 2, sp);
  machine.io().write(hypercall_port, 1, 0);
  if (ram[mailbox + 4] > 2) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  MachineConfig config;
  config.kind = MachineKind::pc;
  config.clock = DeviceClock::Kind::virtual_time;
  BootMedia media;
  media.disks.push_back({floppy(), false});
  config.boot = media;
  StringSink console;
  Machine machine(config, console);
  const std::uint16_t none[12] = {};
  call(machine, 0x100, none, 0x0000, 0x7000);  // POST's host part: the BDA, the EBDA, the video mode
  Input input(data, size);
  std::uint8_t* ram = machine.memory().data();
  for (unsigned step = 0; step < 48 && input.more() && !machine.exit_request().pending(); ++step) {
    const std::uint8_t op = input.byte();
    if (op >= 0xC0) {  // a poke into the BDA, the EBDA or the first MCB (whose damage DOS meets)
      const std::uint8_t where = input.byte();
      const std::uint32_t base = op < 0xD0 ? 0x400 : op < 0xE0 ? 0x9FC00 : 0x0FFF0;
      ram[base + where] = input.byte();
      continue;
    }
    std::uint16_t registers[12];
    for (std::uint16_t& value : registers) value = input.word();
    const std::uint16_t ss = input.word();
    const std::uint16_t sp = input.word();
    call(machine, services[op % std::size(services)], registers, ss, sp);
    machine.exit_request().take_ram_written();
  }
  return 0;
}
