#include "backends/kvm/ioctl_log.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace emu::kvm {
namespace {

TEST(IoctlLog, EachCallIsOneLineAsItReturns) {
  std::string text;
  IoctlLog log([&](std::string_view line) { text += line; });
  log.record("KVM_GET_API_VERSION", "", "12");
  log.record("KVM_SET_TSS_ADDR", "0xfffbd000", "");
  log.record("KVM_GET_VCPU_MMAP_SIZE", "", "");
  EXPECT_EQ(text, "KVM_GET_API_VERSION -> 12\nKVM_SET_TSS_ADDR 0xfffbd000\nKVM_GET_VCPU_MMAP_SIZE\n");
}

TEST(IoctlLog, TheSummaryCountsCallsAndExitsInTheOrderTheyFirstCame) {
  IoctlLog log([](std::string_view) {});
  EXPECT_TRUE(log.empty());
  for (int i = 0; i < 3; ++i) log.record("KVM_RUN", "", "");
  log.record("KVM_GET_REGS", "", "");
  log.record("KVM_RUN", "", "");
  log.count_exit("KVM_EXIT_IO");
  log.count_exit("KVM_EXIT_IO");
  log.count_exit("KVM_EXIT_HLT");
  EXPECT_FALSE(log.empty());
  EXPECT_EQ(log.summary(),
            "KVM summary: 5 calls\n"
            "  KVM_RUN                             4\n"
            "  KVM_GET_REGS                        1\n"
            "KVM summary: 3 exits from KVM_RUN\n"
            "  KVM_EXIT_IO                         2\n"
            "  KVM_EXIT_HLT                        1\n");
}

TEST(IoctlLog, AnErrorIsNamedAndExplained) {
  EXPECT_EQ(errno_text(EINVAL), "EINVAL (Invalid argument)");
  EXPECT_EQ(errno_text(ENOENT), "ENOENT (No such file or directory)");
}

}  // namespace
}  // namespace emu::kvm
