#include "platform/machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/guest_location.h"

namespace emu {
namespace {

TEST(Machine, LoadsTheImageAtItsLoadAddress) {
  StringSink sink;
  Machine machine(MachineConfig{.mem_size = 64 * 1024, .load_address = 0x7C00}, sink);
  std::vector<std::uint8_t> image = {0xF4, 0x90, 0xEB};
  machine.load_image(image);
  EXPECT_EQ(machine.memory().data()[0x7BFF], 0);
  EXPECT_EQ(machine.memory().data()[0x7C00], 0xF4);
  EXPECT_EQ(machine.memory().data()[0x7C02], 0xEB);
  EXPECT_EQ(machine.memory().data()[0x7C03], 0);
}

TEST(Machine, ImageThatDoesNotFitIsBadInput) {
  StringSink sink;
  Machine machine(MachineConfig{.mem_size = 4096, .load_address = 4000}, sink);
  std::vector<std::uint8_t> image(97, 0x90);
  try {
    machine.load_image(image);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.status(), ExitStatus::bad_input);
    EXPECT_STREQ(error.what(), "image of 97 bytes does not fit in 0x1000 bytes of RAM at load address 0xfa0");
  }
  image.resize(96);
  EXPECT_NO_THROW(machine.load_image(image));
}

TEST(Machine, InitialStateFollowsTheConventions) {
  StringSink sink;
  Machine machine(MachineConfig{.entry_segment = 0x07C0, .entry_offset = 0x0010}, sink);
  CpuState state = machine.initial_state();
  for (std::uint32_t value : state.gpr) EXPECT_EQ(value, 0u);
  EXPECT_EQ(state.eip, 0x10u);
  EXPECT_EQ(state.eflags, 0x2u);
  for (const SegmentRegister& segment : state.seg) {
    EXPECT_EQ(segment.selector, 0x07C0);
    EXPECT_EQ(segment.base, 0x7C00u);
    EXPECT_EQ(segment.limit, 0xFFFFu);
  }
  EXPECT_EQ(state.idtr, (DescriptorTable{0, 0x3FF}));
  EXPECT_FALSE(state.interrupt_shadow);
}

TEST(GuestLocation, DescribesCsIpAndBytes) {
  StringSink sink;
  Machine machine(MachineConfig{.mem_size = 4096}, sink);
  machine.memory().data()[0x110] = 0x27;
  machine.memory().data()[0x111] = 0xF4;
  CpuState state = reset_state(0x0010, 0x0010);
  EXPECT_EQ(format_cs_ip(state), "0010:0010");
  EXPECT_EQ(describe_instruction_at(machine.memory(), state), "0010:0010: daa (bytes 27)");
  state.eip = 0xFFE;
  load_real_mode_segment(state.sreg(Sreg::cs), 0);
  EXPECT_EQ(code_bytes_at(machine.memory(), state).size(), 2u);  // clipped at the end of RAM
  load_real_mode_segment(state.sreg(Sreg::cs), 0x1000);
  EXPECT_EQ(describe_instruction_at(machine.memory(), state), "1000:0ffe (outside RAM)");
}

}  // namespace
}  // namespace emu

namespace emu {
namespace {

// Which ports must be reached at an exact instruction count (the interpreter keeps the others
// inside its blocks): those of the devices that read device time or raise interrupts.
TEST(PcPlatformPorts, TimedDevicesPortsReadTimeAndTheOthersDoNot) {
  StringSink sink;
  MachineConfig config;
  config.kind = MachineKind::pc;
  Machine pc(config, sink);
  for (std::uint16_t port : {0x20, 0x21, 0xA0, 0xA1, 0x40, 0x43, 0x60, 0x64, 0x61, 0x70, 0x71, 0x3F8, 0x3FF, 0x3DA}) {
    EXPECT_TRUE(pc.platform().port_reads_time(port)) << std::hex << port;
  }
  for (std::uint16_t port : {0x80, 0x92, 0xE9, 0xF4, 0x22, 0x44, 0x3F7, 0x400, 0x3C0, 0x3C9, 0x3CF, 0x3D4, 0x3D5, 0xE6}) {
    EXPECT_FALSE(pc.platform().port_reads_time(port)) << std::hex << port;
  }
  // The BIOS's hypercall reads device time and the devices: timed, where there is a BIOS.
  MachineConfig booting = config;
  booting.boot = BootMedia{};
  Machine with_bios(booting, sink);
  EXPECT_TRUE(with_bios.platform().port_reads_time(0xE6));
  config.serial_port = false;
  Machine without_com1(config, sink);
  EXPECT_FALSE(without_com1.platform().port_reads_time(0x3F8));
  Machine bare(MachineConfig{}, sink);
  EXPECT_FALSE(bare.platform().port_reads_time(0x40));
}

// IRQ0 from the 8254 (mode 2, 1 kHz) through the 8259A pair, with the CPU looking every 22 us
// and acknowledging at once, and now and then not running for up to 20 ms (a busy host, a
// debugger's single steps): every acknowledge gives the timer's vector 08h, never the 8259A's
// default IR7 (0Fh), which a request withdrawn by the next terminal count would give.
TEST(PcPlatformTimer, GapsWithoutLooksNeverTurnTheTimersRequestIntoIr7) {
  StringSink sink;
  MachineConfig config;
  config.kind = MachineKind::pc;
  config.clock = DeviceClock::Kind::virtual_time;
  config.ips = 1'000'000'000;  // an instruction a nanosecond: the count is device time in ns
  Machine pc(config, sink);
  std::uint64_t now = 0;
  pc.platform().clock()->follow_instructions(&now);
  Bus& io = pc.io();
  // As guests/pc/pc.inc programs them: ICW1-ICW4 on both, IRQ0 alone unmasked; channel 0 in
  // mode 2 with 1193 (1 kHz).
  for (auto [port, value] : std::initializer_list<std::pair<std::uint16_t, std::uint8_t>>{
           {0x20, 0x11}, {0xA0, 0x11}, {0x21, 0x08}, {0xA1, 0x70}, {0x21, 0x04}, {0xA1, 0x02}, {0x21, 0x01},
           {0xA1, 0x01}, {0x21, 0xFE}, {0xA1, 0xFF}, {0x43, 0x34}, {0x40, 1193 & 0xFF}, {0x40, 1193 >> 8}}) {
    io.write(port, 1, value);
  }
  std::vector<std::uint8_t> vectors;
  auto look = [&] {
    pc.platform().advance();
    if (!pc.platform().interrupt_request()) return;
    vectors.push_back(pc.platform().acknowledge_interrupt());
    io.write(0x20, 1, 0x20);  // EOI
  };
  for (std::uint64_t gap_us = 1; gap_us < 20'000; gap_us += 7) {
    for (int i = 0; i < 150; ++i) {
      now += 22'000;
      look();
    }
    now += gap_us * 1000;
    look();
  }
  ASSERT_GT(vectors.size(), 10'000u);
  EXPECT_EQ(std::count(vectors.begin(), vectors.end(), 0x08), static_cast<std::ptrdiff_t>(vectors.size()));
}

}  // namespace
}  // namespace emu
