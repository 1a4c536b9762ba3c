#include "backends/kvm/exit_handler.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace emu::kvm {
namespace {

class ExitHandlerTest : public ::testing::Test {
 protected:
  ExitHandlerTest()
      : machine(MachineConfig{.mem_size = 64 * 1024}, console), handler(machine, [this] { return state; }) {
    state = reset_state(0x0100, 0x0020);
  }
  StringSink console;
  Machine machine;
  CpuState state;
  ExitHandler handler;
};

TEST_F(ExitHandlerTest, StringOutWritesEveryElement) {
  std::vector<std::uint8_t> data = {'a', 'b', 'c'};
  EXPECT_FALSE(handler.handle(IoExit{true, 0xF1, 1, 3, data}));
  EXPECT_EQ(console.text(), "abc");
}

TEST_F(ExitHandlerTest, WordOutSplitsToConsecutivePorts) {
  std::vector<std::uint8_t> data = {'x', 'y'};
  EXPECT_FALSE(handler.handle(IoExit{true, 0xE9, 2, 1, data}));
  EXPECT_EQ(console.text(), "x");  // 0xEA is unassigned
}

TEST_F(ExitHandlerTest, StringInFillsEveryElement) {
  std::vector<std::uint8_t> data(8, 0);
  EXPECT_FALSE(handler.handle(IoExit{false, 0xE9, 2, 4, data}));
  EXPECT_EQ(data, std::vector<std::uint8_t>({0xE9, 0xFF, 0xE9, 0xFF, 0xE9, 0xFF, 0xE9, 0xFF}));
  std::vector<std::uint8_t> dword(4, 0);
  EXPECT_FALSE(handler.handle(IoExit{false, 0x80, 4, 1, dword}));
  EXPECT_EQ(dword, std::vector<std::uint8_t>(4, 0xFF));
}

TEST_F(ExitHandlerTest, ExitDeviceStopsInTheMiddleOfAString) {
  std::vector<std::uint8_t> data = {0x2A, 0x01};
  auto result = handler.handle(IoExit{true, 0xF4, 1, 2, data});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->reason, StopReason::exit_device);
  EXPECT_EQ(result->exit_status, 85);
  EXPECT_TRUE(result->message.empty());
}

TEST_F(ExitHandlerTest, MmioReadsAllOnesAndDropsWrites) {
  std::uint8_t data[8] = {};
  EXPECT_FALSE(handler.handle(MmioExit{false, 0x100000, std::span<std::uint8_t>(data, 4)}));
  EXPECT_EQ(data[0], 0xFF);
  EXPECT_EQ(data[3], 0xFF);
  EXPECT_EQ(data[4], 0);
  EXPECT_FALSE(handler.handle(MmioExit{true, 0x100000, std::span<std::uint8_t>(data, 1)}));
  auto stats = handler.stats();
  auto count = [&](std::string_view name) {
    for (const StatCounter& counter : stats) {
      if (counter.name == name) return counter.value;
    }
    return std::uint64_t{999};
  };
  EXPECT_EQ(count("mmio-read exits"), 1u);
  EXPECT_EQ(count("mmio-write exits"), 1u);
}

TEST_F(ExitHandlerTest, HltEndsNormally) {
  auto result = handler.handle(HltExit{});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->reason, StopReason::hlt);
  EXPECT_EQ(result->exit_status, 0);
}

TEST_F(ExitHandlerTest, ShutdownIsAGuestFaultWithCsIp) {
  auto result = handler.handle(ShutdownExit{});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->reason, StopReason::shutdown);
  EXPECT_EQ(result->exit_status, 8);
  EXPECT_EQ(result->message, "guest triple fault (shutdown) at 0100:0020");
}

TEST_F(ExitHandlerTest, FailEntryNamesTheHardwareReason) {
  auto result = handler.handle(FailEntryExit{0x80000021, 0});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->reason, StopReason::error);
  EXPECT_EQ(result->exit_status, 8);
  EXPECT_EQ(result->message,
            "KVM could not enter the guest at 0100:0020: hardware entry failure reason 0x80000021; try --accel=interp");
}

TEST_F(ExitHandlerTest, InternalErrorNamesInstructionAndSuberror) {
  std::memcpy(machine.memory().data() + 0x1020, "\x27\xF4", 2);
  auto result = handler.handle(InternalErrorExit{1, {}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_status, 8);
  EXPECT_EQ(result->message,
            "KVM cannot run the instruction at 0100:0020: daa (bytes 27): internal error, emulation failure; try --accel=interp");
  auto other = handler.handle(InternalErrorExit{3, {}});
  ASSERT_TRUE(other);
  EXPECT_NE(other->message.find("exception during event delivery"), std::string::npos);
}

TEST_F(ExitHandlerTest, InternalErrorOutsideRamIsAFetchFromUnassignedMemory) {
  load_real_mode_segment(state.sreg(Sreg::cs), 0xF000);  // 64 KiB of RAM: F000:0020 is not RAM
  auto result = handler.handle(InternalErrorExit{1, {}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_status, 8);
  EXPECT_EQ(result->message, "guest executed unassigned memory at f000:0020 (outside RAM)");
}

TEST_F(ExitHandlerTest, UnexpectedExitsAreInternalErrors) {
  auto debug = handler.handle(DebugExit{1, 0});
  ASSERT_TRUE(debug);
  EXPECT_EQ(debug->exit_status, 12);
  auto unknown = handler.handle(UnknownExit{77, "unexpected KVM exit reason 77"});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->exit_status, 12);
  EXPECT_EQ(unknown->message, "unexpected KVM exit reason 77 at 0100:0020");
}

TEST_F(ExitHandlerTest, SignalExitResumes) { EXPECT_FALSE(handler.handle(InterruptedExit{})); }

TEST_F(ExitHandlerTest, AnInterruptWindowResumesAndIsCounted) {
  EXPECT_FALSE(handler.handle(InterruptWindowExit{}));
  bool counted = false;
  for (const StatCounter& counter : handler.stats()) {
    if (counter.name == "interrupt-window exits") counted = counter.value == 1;
  }
  EXPECT_TRUE(counted);
}

}  // namespace
}  // namespace emu::kvm

namespace emu::kvm {
namespace {

// On the pc machine with the A20 gate closed (as at reset), an MMIO exit at 1 MiB and above
// reaches RAM at the address with bit 20 clear; opened, it is unassigned again.
TEST(ExitHandlerA20, MmioAtOneMebibyteWrapsWhileTheGateIsClosed) {
  StringSink console;
  MachineConfig config;
  config.kind = MachineKind::pc;
  Machine machine(config, console);
  ExitHandler handler(machine, [] { return CpuState{}; });
  std::uint8_t data[2] = {0x34, 0x12};
  EXPECT_FALSE(handler.handle(MmioExit{true, 0x100500, std::span(data)}));
  EXPECT_EQ(machine.memory().data()[0x500], 0x34);
  EXPECT_EQ(machine.memory().data()[0x501], 0x12);
  std::uint8_t read[1] = {0};
  EXPECT_FALSE(handler.handle(MmioExit{false, 0x100501, std::span(read)}));
  EXPECT_EQ(read[0], 0x12);
  machine.io().write(0x92, 1, 0x02);  // open the gate
  EXPECT_FALSE(handler.handle(MmioExit{false, 0x100501, std::span(read)}));
  EXPECT_EQ(read[0], 0xFF) << "unassigned: the pc has 1 MiB of RAM";
}

}  // namespace
}  // namespace emu::kvm
