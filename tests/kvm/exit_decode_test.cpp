#include <gtest/gtest.h>
#include <linux/kvm.h>

#include <cstring>
#include <vector>

#include "backends/kvm/vcpu_exit.h"
#include "kvm/fake_run_area.h"

namespace emu::kvm {
namespace {


TEST(DecodeExit, StringIoKeepsPortSizeCountAndData) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_IO;
  area.run().io = {KVM_EXIT_IO_OUT, 2, 0xE9, 3, 4096};
  std::memcpy(area.bytes.data() + 4096, "abcdef", 6);
  VcpuExit exit = decode_exit(area.span());
  const auto* io = std::get_if<IoExit>(&exit);
  ASSERT_NE(io, nullptr);
  EXPECT_TRUE(io->is_out);
  EXPECT_EQ(io->port, 0xE9);
  EXPECT_EQ(io->size, 2);
  EXPECT_EQ(io->count, 3u);
  ASSERT_EQ(io->data.size(), 6u);
  EXPECT_EQ(io->data.data(), area.bytes.data() + 4096);
}

TEST(DecodeExit, IoDataOutsideTheMappingIsRejected) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_IO;
  area.run().io = {KVM_EXIT_IO_IN, 4, 0x80, 1025, 4096};  // 4100 bytes from 4096: past the end
  EXPECT_TRUE(std::holds_alternative<UnknownExit>(decode_exit(area.span())));
  area.run().io = {KVM_EXIT_IO_IN, 3, 0x80, 1, 4096};  // no 3-byte port access exists
  EXPECT_TRUE(std::holds_alternative<UnknownExit>(decode_exit(area.span())));
  area.run().io = {KVM_EXIT_IO_IN, 1, 0x80, 1, 0xFFFFFFFFFFFFull};
  EXPECT_TRUE(std::holds_alternative<UnknownExit>(decode_exit(area.span())));
  area.run().io = {KVM_EXIT_IO_IN, 4, 0x80, 1024, 4096};  // exactly fits
  EXPECT_TRUE(std::holds_alternative<IoExit>(decode_exit(area.span())));
}

TEST(DecodeExit, Mmio) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_MMIO;
  area.run().mmio.phys_addr = 0x100010;
  area.run().mmio.len = 2;
  area.run().mmio.is_write = 0;
  VcpuExit exit = decode_exit(area.span());
  const auto* mmio = std::get_if<MmioExit>(&exit);
  ASSERT_NE(mmio, nullptr);
  EXPECT_FALSE(mmio->is_write);
  EXPECT_EQ(mmio->address, 0x100010u);
  EXPECT_EQ(mmio->data.data(), area.run().mmio.data);
  EXPECT_EQ(mmio->data.size(), 2u);
  area.run().mmio.len = 9;
  EXPECT_TRUE(std::holds_alternative<UnknownExit>(decode_exit(area.span())));
}

TEST(DecodeExit, EveryOtherReason) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_HLT;
  EXPECT_TRUE(std::holds_alternative<HltExit>(decode_exit(area.span())));
  area.run().exit_reason = KVM_EXIT_SHUTDOWN;
  EXPECT_TRUE(std::holds_alternative<ShutdownExit>(decode_exit(area.span())));
  area.run().exit_reason = KVM_EXIT_INTR;
  EXPECT_TRUE(std::holds_alternative<InterruptedExit>(decode_exit(area.span())));
  area.run().exit_reason = KVM_EXIT_IRQ_WINDOW_OPEN;
  EXPECT_TRUE(std::holds_alternative<InterruptWindowExit>(decode_exit(area.span())));

  area.run().exit_reason = KVM_EXIT_FAIL_ENTRY;
  area.run().fail_entry.hardware_entry_failure_reason = 0x80000021;
  area.run().fail_entry.cpu = 0;
  VcpuExit fail = decode_exit(area.span());
  ASSERT_TRUE(std::holds_alternative<FailEntryExit>(fail));
  EXPECT_EQ(std::get<FailEntryExit>(fail).hardware_reason, 0x80000021u);

  area.run().exit_reason = KVM_EXIT_INTERNAL_ERROR;
  area.run().internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
  area.run().internal.ndata = 100;  // more than the array holds: clipped
  VcpuExit internal = decode_exit(area.span());
  ASSERT_TRUE(std::holds_alternative<InternalErrorExit>(internal));
  EXPECT_EQ(std::get<InternalErrorExit>(internal).suberror, 1u);
  EXPECT_EQ(std::get<InternalErrorExit>(internal).data.size(), std::size(area.run().internal.data));

  area.run().exit_reason = KVM_EXIT_DEBUG;
  area.run().debug.arch.exception = 1;
  EXPECT_TRUE(std::holds_alternative<DebugExit>(decode_exit(area.span())));

  area.run().exit_reason = KVM_EXIT_S390_SIEIC;
  VcpuExit unknown = decode_exit(area.span());
  ASSERT_TRUE(std::holds_alternative<UnknownExit>(unknown));
  EXPECT_EQ(std::get<UnknownExit>(unknown).reason, static_cast<std::uint32_t>(KVM_EXIT_S390_SIEIC));
}

TEST(DecodeExit, InternalErrorNames) {
  EXPECT_EQ(internal_error_name(KVM_INTERNAL_ERROR_EMULATION), "emulation failure");
  EXPECT_EQ(internal_error_name(KVM_INTERNAL_ERROR_SIMUL_EX), "exception while delivering an exception");
  EXPECT_EQ(internal_error_name(99), "suberror 99");
}

}  // namespace
}  // namespace emu::kvm
