#include "platform/machine.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "platform/bare_platform.h"
#include "firmware/bios.h"
#include "platform/pc_platform.h"

namespace emu {

namespace {

std::unique_ptr<Platform> make_platform(const MachineConfig& config, ByteSink& console, GuestMemory& memory) {
  switch (config.kind) {
    case MachineKind::pc:
      return std::make_unique<PcPlatform>(console, config.clock, config.ips, config.serial_port, memory, config.boot,
                                          config.bios_transcript);
    case MachineKind::bare: break;
  }
  return std::make_unique<BarePlatform>(console, config.with_devices);
}

// A machine that boots through the BIOS starts at its reset vector, the ROM in place.
MachineConfig with_firmware_entry(MachineConfig config) {
  if (!config.boot) return config;
  if (config.kind != MachineKind::pc || config.mem_size != 0x100000) {
    throw Error(ExitStatus::usage, "booting through the BIOS needs --machine pc with 1 MiB of RAM (--mem 1M)");
  }
  config.entry_segment = bios::rom_segment;
  config.entry_offset = bios::reset_offset;
  return config;
}

}  // namespace

std::string_view machine_name(MachineKind kind) { return kind == MachineKind::pc ? "pc" : "bare"; }

Machine::Machine(const MachineConfig& config, ByteSink& console)
    : config_(with_firmware_entry(config)),
      console_(console),
      memory_(config_.mem_size),
      platform_(make_platform(config_, console, memory_)) {
  if (config_.boot) bios::Bios::install_rom(memory_);
}


CpuState Machine::initial_state() const {
  CpuState state = reset_state(config_.entry_segment, config_.entry_offset);
  for (const RegisterSetting& setting : config_.registers) apply_register_setting(state, setting);
  return state;
}

void Machine::load_image(std::span<const std::uint8_t> image) {
  auto destination = memory_.span(config_.load_address, image.size());
  if (!destination) {
    throw Error(ExitStatus::bad_input,
                fmt::format("image of {} bytes does not fit in {:#x} bytes of RAM at load address {:#x}", image.size(),
                            memory_.size(), config_.load_address));
  }
  std::copy(image.begin(), image.end(), destination->begin());
}

}  // namespace emu
