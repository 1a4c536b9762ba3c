#include <gtest/gtest.h>

#include "core/byte_sink.h"
#include "devices/console_port.h"
#include "devices/exit_device.h"
#include "platform/bare_platform.h"
#include "platform/machine.h"

namespace emu {
namespace {

TEST(ConsolePort, WritesEachByteToTheSink) {
  StringSink sink;
  ConsolePort port(sink, 0xE9);
  port.write8(0, 'h');
  port.write8(0, 'i');
  EXPECT_EQ(sink.text(), "hi");
  EXPECT_EQ(port.read8(0), 0xE9);
}

TEST(ExitDevice, StatusIsValueShiftedLeftOrOne) {
  EXPECT_EQ(ExitRequest::exit_status(0), 1);
  EXPECT_EQ(ExitRequest::exit_status(0x2A), 85);
  EXPECT_EQ(ExitRequest::exit_status(0x7F), 255);
  EXPECT_EQ(ExitRequest::exit_status(0x80), 1);  // truncated to 8 bits, as a process status is
}

TEST(ExitDevice, FirstWriteWins) {
  ExitRequest request;
  ExitDevice device(request);
  EXPECT_FALSE(request.pending());
  device.write8(0, 3);
  device.write8(0, 4);
  ASSERT_TRUE(request.pending());
  EXPECT_EQ(request.value(), 3);
  EXPECT_EQ(device.read8(0), 0xFF);
}

TEST(MachinePorts, ConventionsOnThePortBus) {
  StringSink sink;
  Machine machine(MachineConfig{}, sink);
  Bus& io = machine.io();
  io.write(port::console, 1, 'A');
  io.write(port::debug_console, 1, 'B');
  io.write(port::console, 2, 0x4443);  // low byte to 0xF1; 0xF2 is unassigned
  EXPECT_EQ(sink.text(), "ABC");
  EXPECT_EQ(io.read(port::debug_console, 1), 0xE9u);
  EXPECT_EQ(io.read(port::console, 1), 0xFFu);
  EXPECT_EQ(io.read(0x80, 2), 0xFFFFu);
  EXPECT_FALSE(machine.exit_request().pending());
  io.write(port::exit, 1, 7);
  EXPECT_EQ(machine.exit_request().value(), 7);
}

TEST(BarePlatform, WithoutDevicesEveryPortIsUnassigned) {
  StringSink sink;
  BarePlatform platform(sink, false);
  EXPECT_EQ(platform.name(), "bare");
  platform.io().write(port::console, 1, 'A');
  platform.io().write(port::exit, 1, 7);
  EXPECT_EQ(sink.text(), "");
  EXPECT_FALSE(platform.exit_request().pending());
  EXPECT_EQ(platform.io().read(port::debug_console, 1), 0xFFu);
}

TEST(MachineMmio, EverythingIsUnassigned) {
  StringSink sink;
  Machine machine(MachineConfig{}, sink);
  EXPECT_EQ(machine.mmio().read(0x100000, 4), 0xFFFFFFFFu);
  machine.mmio().write(0x100000, 1, 0);
  EXPECT_EQ(machine.mmio().read(0x100000, 1), 0xFFu);
}

}  // namespace
}  // namespace emu
