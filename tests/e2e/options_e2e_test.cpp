#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/cpu_profile.h"
#include "support/process.h"

namespace emu::test {
namespace {

TEST(Cli, HelpPrintsUsageAndExitsZero) {
  ProcessResult result = run_emu({"--help"});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out.rfind("Usage: emu [OPTIONS] IMAGE\n", 0), 0u);
  EXPECT_NE(result.out.find("--mem SIZE (=1M)"), std::string::npos);
  EXPECT_EQ(result.err, "");
}

TEST(Cli, VersionNamesTheKvmHost) {
  ProcessResult result = run_emu({"--version"});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out.rfind(fmt::format("emu 0.1.0\nhost: {}\ncpu: {}; --cpu=host is {}\nkvm: ", host_architecture(),
                                         host_cpu_description(), profile_name(host_profile())),
                             0),
            0u)
      << result.out;
  ProcessResult without_kvm = run_emu({"--version"}, {.env = {{"EMU_KVM_DEVICE", "/nonexistent/kvm"}}});
  EXPECT_EQ(without_kvm.exit_status, 0);
  EXPECT_NE(without_kvm.out.find("kvm: KVM is not available: /nonexistent/kvm does not exist"), std::string::npos);
}

}  // namespace
}  // namespace emu::test
