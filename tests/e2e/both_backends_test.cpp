// Every guest in guests/ on both backends: the same stdout and exit status (and, for guests
// that end normally, the same final registers).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::vector<std::string> all_guests() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(EMU_GUEST_DIR)) {
    if (entry.path().extension() == ".bin") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Guests whose result on kvm_pvm hosts depends on a documented defect of the kernel's emulator;
// there only the exit status is compared (`emu --compare` checks them step by step instead).
const std::map<std::string, const char*> kvm_pvm_defect_guests = {
    {"isa_alu", "kvm_pvm runs TZCNT/LZCNT as BSF/BSR (docs/differential.md)"},
    {"cpuid_vendor", "kvm_pvm refuses KVM_SET_CPUID2 and its guests' CPUID answers zeros (docs/differential.md)"},
};

TEST(BothBackends, EveryGuestGivesTheSameOutputAndStatus) {
  EMU_REQUIRE_KVM();
  std::vector<std::string> guests = all_guests();
  ASSERT_GE(guests.size(), 7u);
  for (const std::string& guest : guests) {
    // The timeout ends the endless loop; for the others it is a safety net, not a bar.
    const std::string timeout = guest == "endless_loop" ? "0.3" : "60";
    ProcessResult kvm = run_emu({"--accel=kvm", "--timeout", timeout, "--dump-state", "-", guest_path(guest)});
    ProcessResult interp = run_emu({"--accel=interp", "--timeout", timeout, "--dump-state", "-", guest_path(guest)});
    EXPECT_EQ(kvm.exit_status, interp.exit_status) << guest << "\nkvm: " << kvm.err << "interp: " << interp.err;
    // stdout holds the guest's output, then the state dump: compare the output part, and the
    // registers where the guest ended on its own.
    auto split = [](const std::string& out) {
      std::size_t at = out.rfind("{\"exit\"");
      return std::make_pair(out.substr(0, at), at == std::string::npos ? "" : out.substr(at));
    };
    auto [kvm_output, kvm_state] = split(kvm.out);
    auto [interp_output, interp_state] = split(interp.out);
    if (kvm_pvm_defect_guests.contains(guest) && host_is_kvm_pvm()) continue;
    EXPECT_EQ(kvm_output, interp_output) << guest;
    if (kvm.exit_status == 0 || kvm.exit_status % 2 == 1) {
      std::size_t regs = kvm_state.find("\"regs\"");
      std::size_t insns = kvm_state.find("\"insns\"");
      EXPECT_EQ(kvm_state.substr(regs, insns - regs), interp_state.substr(regs, insns - regs)) << guest;
    }
  }
}

TEST(BothBackends, InterpreterCountsAndTraces) {
  ProcessResult result = run_emu({"--accel=interp", "--stats", "--trace", "--dump-state", "-", guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out.rfind("Hello, world!\n", 0), 0u);
  EXPECT_NE(result.out.find("\"insns\": 76}"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("0000:0000  be 0e 00                      mov si, 0xe\n"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hlt\n"), std::string::npos);
  EXPECT_NE(result.err.find("emu: stats: 76 instructions"), std::string::npos) << result.err;

  ProcessResult regs = run_emu({"--trace=regs", "--max-insns", "2", guest_path("hello")});
  EXPECT_EQ(regs.exit_status, 10);
  EXPECT_NE(regs.err.find("mov si, 0xe  ax=0000 bx=0000 cx=0000 dx=0000 si=0000 di=0000 bp=0000 sp=0000 ds=0000 "
                          "es=0000 ss=0000 fl=0002\n"),
            std::string::npos)
      << regs.err;
  EXPECT_NE(regs.err.find("emu: guest stopped: --max-insns 2 reached at 0000:0004\n"), std::string::npos) << regs.err;
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

TEST(KvmAssistCli, StatsCountAssistsAndNoAssistTurnsThemOff) {
  EMU_REQUIRE_KVM();
  if (!host_is_kvm_pvm()) GTEST_SKIP() << "hardware-assisted KVM runs these instructions natively";
  ProcessResult assisted = run_emu({"--accel=kvm", "--stats", guest_path("assist_mix")});
  EXPECT_EQ(assisted.exit_status, 0) << assisted.err;
  EXPECT_EQ(assisted.out, "42 0102 0009 01 02 7ff27ffe8000 mixed e9\n");
  EXPECT_NE(assisted.err.find("emu: stats:   assisted daa 1\n"), std::string::npos) << assisted.err;
  EXPECT_NE(assisted.err.find("emu: stats:   assisted bound 3\n"), std::string::npos) << assisted.err;
  ProcessResult refused = run_emu({"--accel=kvm", "--no-assist", guest_path("assist_mix")});
  EXPECT_EQ(refused.exit_status, 8);
  EXPECT_NE(refused.err.find("daa (bytes 27): internal error, emulation failure; try --accel=interp"), std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace emu::test
