// --log-kvm: the text of each structure and exit, and the calls a real run makes, in order.
#include <gtest/gtest.h>
#include <linux/kvm.h>

#include <cstring>
#include <map>
#include <sstream>
#include <vector>

#include "backends/kvm/ioctl_log.h"
#include "backends/kvm/ioctl_text.h"
#include "backends/kvm/kvm_backend.h"
#include "backends/kvm/kvm_system.h"
#include "backends/registry.h"
#include "core/error.h"
#include "kvm/fake_run_area.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"

namespace emu::kvm {
namespace {

TEST(KvmLogText, AnOutOfOneCharacterShowsTheCharacter) {
  std::uint8_t h = 'H';
  EXPECT_EQ(exit_text(IoExit{true, 0xF1, 1, 1, {&h, 1}}), "KVM_EXIT_IO out port=0xf1 size=1 count=1 data='H'");
  std::uint8_t newline = '\n';
  EXPECT_EQ(exit_text(IoExit{true, 0xF1, 1, 1, {&newline, 1}}), "KVM_EXIT_IO out port=0xf1 size=1 count=1 data=0x0a");
}

TEST(KvmLogText, StringAndWideIoShowEachElement) {
  std::uint8_t text[] = {'a', 'b', 'c'};
  EXPECT_EQ(exit_text(IoExit{true, 0xE9, 1, 3, text}), "KVM_EXIT_IO out port=0xe9 size=1 count=3 data=\"abc\"");
  std::uint8_t words[] = {0x34, 0x12, 0x78, 0x56};
  EXPECT_EQ(exit_text(IoExit{true, 0x80, 2, 2, words}), "KVM_EXIT_IO out port=0x80 size=2 count=2 data=0x1234 0x5678");
  std::vector<std::uint8_t> many(20, 0);
  EXPECT_EQ(exit_text(IoExit{true, 0x80, 1, 20, many}),
            "KVM_EXIT_IO out port=0x80 size=1 count=20 data=0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 "
            "0x00 0x00 0x00 0x00 ... (20 in all)");
}

TEST(KvmLogText, AnInShowsNoDataUntilEmuAnswersIt) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_IO;
  area.run().io = {KVM_EXIT_IO_IN, 1, 0x60, 1, 4096};
  VcpuExit exit = decode_exit(area.span());
  EXPECT_EQ(exit_text(exit), "KVM_EXIT_IO in port=0x60 size=1 count=1");
  EXPECT_EQ(exit_reason_name(exit), "KVM_EXIT_IO");
  // emu puts the answer where the exit points; the next KVM_RUN completes the IN with it.
  area.bytes[4096] = 0x1C;
  EXPECT_EQ(entry_text(area.span()), "completing in port=0x60 with data=0x1c");
  area.run().immediate_exit = 1;
  area.run().request_interrupt_window = 1;
  EXPECT_EQ(entry_text(area.span()), "completing in port=0x60 with data=0x1c immediate_exit=1 request_interrupt_window=1");
}

TEST(KvmLogText, AnOutOrAnMmioWriteNeedsNothingCompleted) {
  FakeRunArea area;
  area.run().exit_reason = KVM_EXIT_IO;
  area.run().io = {KVM_EXIT_IO_OUT, 1, 0xF1, 1, 4096};
  EXPECT_EQ(entry_text(area.span()), "");
  area.run().exit_reason = KVM_EXIT_MMIO;
  area.run().mmio.phys_addr = 0xB8000;
  area.run().mmio.len = 2;
  area.run().mmio.is_write = 1;
  EXPECT_EQ(entry_text(area.span()), "");
  area.run().mmio.is_write = 0;
  area.run().mmio.data[0] = 0x41;
  area.run().mmio.data[1] = 0x07;
  EXPECT_EQ(entry_text(area.span()), "completing read phys_addr=0xb8000 with data=0x41 0x07");
}

TEST(KvmLogText, EveryOtherExitByItsKvmName) {
  std::uint8_t bytes[] = {'A', 0x07};
  EXPECT_EQ(exit_text(MmioExit{true, 0xB8000, bytes}), "KVM_EXIT_MMIO write phys_addr=0xb8000 len=2 data=0x41 0x07");
  EXPECT_EQ(exit_text(MmioExit{false, 0xFFFF0, {bytes, 1}}), "KVM_EXIT_MMIO read phys_addr=0xffff0 len=1");
  EXPECT_EQ(exit_text(HltExit{}), "KVM_EXIT_HLT");
  EXPECT_EQ(exit_text(ShutdownExit{}), "KVM_EXIT_SHUTDOWN (triple fault)");
  EXPECT_EQ(exit_text(DebugExit{1, 0x7C02, 0x4000}), "KVM_EXIT_DEBUG exception=1 pc=0x7c02 dr6=0x4000");
  EXPECT_EQ(exit_text(InternalErrorExit{KVM_INTERNAL_ERROR_EMULATION, {0x1, 0x2}}),
            "KVM_EXIT_INTERNAL_ERROR suberror=1 (emulation failure) ndata=2 0x1 0x2");
  EXPECT_EQ(exit_text(FailEntryExit{0x80000021, 0}), "KVM_EXIT_FAIL_ENTRY hardware_entry_failure_reason=0x80000021 cpu=0");
  EXPECT_EQ(exit_text(InterruptWindowExit{}), "KVM_EXIT_IRQ_WINDOW_OPEN");
  EXPECT_EQ(exit_reason_name(InterruptedExit{}), "KVM_EXIT_INTR");
}

TEST(KvmLogText, StructuresByTheirFieldNames) {
  kvm_userspace_memory_region region{};
  region.slot = 1;
  region.flags = KVM_MEM_READONLY;
  region.guest_phys_addr = 0x7000;
  region.memory_size = 0x1000;
  region.userspace_addr = 0x7F0000007000;
  EXPECT_EQ(memory_region_text(region), "slot=1 flags=KVM_MEM_READONLY guest_phys=0x7000 size=4 KiB host=0x7f0000007000");
  region.memory_size = 0x100000;
  region.flags = 0;
  EXPECT_EQ(memory_region_text(region), "slot=1 flags=0 guest_phys=0x7000 size=1 MiB host=0x7f0000007000");

  kvm_regs regs{};
  regs.rax = 0x48;
  regs.rip = 0x7C00;
  regs.rflags = 0x2;
  EXPECT_EQ(regs_text(regs), "rax=0x48 rbx=0x0 rcx=0x0 rdx=0x0 rsi=0x0 rdi=0x0 rsp=0x0 rbp=0x0 rip=0x7c00 rflags=0x2");
  regs.r9 = 1;
  EXPECT_NE(regs_text(regs).find(" r9=0x1 rip="), std::string::npos);

  kvm_guest_debug debug{};
  EXPECT_EQ(guest_debug_text(debug), "control=0");
  debug.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
  debug.arch.debugreg[1] = 0x7C10;
  debug.arch.debugreg[7] = 1u << 2;
  EXPECT_EQ(guest_debug_text(debug), "control=ENABLE|USE_HW_BP dr1=0x7c10 dr7=0x4");

  kvm_vcpu_events events{};
  events.interrupt.shadow = 1;
  events.flags = KVM_VCPUEVENT_VALID_SHADOW;
  EXPECT_EQ(events_text(events), "interrupt.shadow=1 flags=VALID_SHADOW");
  events.flags |= KVM_VCPUEVENT_VALID_SMM | 0x100;  // and a bit no <linux/kvm.h> names yet
  EXPECT_EQ(events_text(events), "interrupt.shadow=1 flags=VALID_SHADOW|VALID_SMM|0x100");
}

// A run of the tutorials' first guest with the log on.
struct LoggedRun {
  std::string text;
  IoctlLog log{[this](std::string_view line) { text += line; }};
  StringSink console;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST(KvmLog, ARunShowsTheTutorialsSequenceAndEachExit) {
  EMU_REQUIRE_KVM();
  LoggedRun logged;
  Machine machine({}, logged.console);
  machine.load_image(test::read_guest("seed_hello"));
  KvmBackend backend(machine, default_device_path(), nullptr, TraceMode::off, {}, &logged.log);
  EXPECT_EQ(backend.run({}).reason, StopReason::hlt);
  EXPECT_EQ(logged.console.text(), "Hi\n");

  const std::vector<std::string> lines = lines_of(logged.text);
  // The calls every tutorial makes, in its order (others come between them).
  std::vector<std::string> expected_order = {"open " + default_device_path() + " -> fd ",
                                             "KVM_GET_API_VERSION -> 12",
                                             "KVM_GET_VCPU_MMAP_SIZE -> ",
                                             "KVM_CREATE_VM type=0 -> VM fd ",
                                             "KVM_SET_USER_MEMORY_REGION slot=0 flags=0 guest_phys=0x0 size=1 MiB host=0x",
                                             "KVM_CREATE_VCPU id=0 -> vCPU fd ",
                                             "mmap vCPU fd ",
                                             "KVM_GET_SREGS -> cs=",
                                             "KVM_SET_SREGS cs=0000(base=0x0 ",
                                             "KVM_SET_REGS rax=0x0 ",
                                             "KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data='H'",
                                             "KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data='i'",
                                             "KVM_RUN -> KVM_EXIT_IO out port=0xf1 size=1 count=1 data=0x0a",
                                             "KVM_RUN -> KVM_EXIT_HLT"};
  std::size_t at = 0;
  for (const std::string& line : lines) {
    if (at < expected_order.size() && line.starts_with(expected_order[at])) ++at;
  }
  EXPECT_EQ(at, expected_order.size()) << "missing: " << expected_order[std::min(at, expected_order.size() - 1)] << "\n"
                                       << logged.text;
  // Nothing is logged but calls: every line names one, and the summary counts each line.
  std::map<std::string, std::uint64_t> counted;
  for (const std::string& line : lines) ++counted[line.substr(0, line.find(' '))];
  EXPECT_EQ(counted["KVM_RUN"], 4u);
  const std::string summary = logged.log.summary();
  for (const auto& [name, count] : counted) {
    EXPECT_NE(summary.find(fmt::format("  {:<28} {:>8}\n", name, count)), std::string::npos) << name << "\n" << summary;
  }
  EXPECT_NE(summary.find("KVM summary: 4 exits from KVM_RUN\n  KVM_EXIT_IO                         3\n"
                         "  KVM_EXIT_HLT                        1\n"),
            std::string::npos)
      << summary;
}

TEST(KvmLog, ADeviceThatCannotBeOpenedIsLoggedWithItsError) {
  std::string text;
  IoctlLog log([&](std::string_view line) { text += line; });
  EXPECT_THROW(KvmSystem::open("/nonexistent/kvm", &log), Error);
  EXPECT_EQ(text, "open /nonexistent/kvm -> ENOENT (No such file or directory)\n");
}

TEST(KvmLog, WithoutALogNothingIsWritten) {
  EMU_REQUIRE_KVM();
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  StringSink console;
  Machine machine({}, console);
  machine.load_image(test::read_guest("seed_hello"));
  KvmBackend backend(machine, default_device_path(), nullptr);
  EXPECT_EQ(backend.run({}).reason, StopReason::hlt);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace emu::kvm
