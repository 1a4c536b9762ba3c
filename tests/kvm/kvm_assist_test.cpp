// KVM with interpreter assist: instructions this host's KVM cannot emulate run in the
// interpreter, and the result is the same as running everything in the interpreter.
#include <gtest/gtest.h>

#include <vector>

#include "backends/interp/interpreter.h"
#include "backends/kvm/kvm_backend.h"
#include "backends/kvm/kvm_system.h"
#include "backends/registry.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"

namespace emu::kvm {
namespace {

// Code at 0000:7C00 with SP = 0x1000; IVT entries 3 (INT3), 5 (#BR) and 6 (#UD) point at
// handlers in `code` (offsets 0x100: inc byte [0x600]; iret, 0x110: mov bx, 5; iret, and
// 0x118: pop ax; add ax, 2; push ax; iret, which resumes after a two-byte faulting instruction).
std::vector<std::uint8_t> with_handlers(std::vector<std::uint8_t> code) {
  code.resize(0x120, 0x90);
  const std::uint8_t int3_handler[] = {0xFE, 0x06, 0x00, 0x06, 0xCF};
  const std::uint8_t bound_handler[] = {0xBB, 0x05, 0x00, 0xCF};
  const std::uint8_t skip_two_handler[] = {0x58, 0x05, 0x02, 0x00, 0x50, 0xCF};
  std::copy(std::begin(int3_handler), std::end(int3_handler), code.begin() + 0x100);
  std::copy(std::begin(bound_handler), std::end(bound_handler), code.begin() + 0x110);
  std::copy(std::begin(skip_two_handler), std::end(skip_two_handler), code.begin() + 0x118);
  return code;
}

struct Outcome {
  RunResult result;
  CpuState state;
  std::vector<std::uint8_t> low_memory;  // the first 64 KiB
  std::string console;
  std::vector<StatCounter> stats;
};

template <typename MakeBackend>
Outcome run_on(const std::vector<std::uint8_t>& code, MakeBackend make_backend) {
  StringSink console;
  // The host's profile: KVM computes undefined results as the host CPU does.
  Machine machine(MachineConfig{.load_address = 0x7C00, .entry_offset = 0x7C00, .cpu = host_profile()}, console);
  machine.load_image(code);
  std::uint8_t* ram = machine.memory().data();
  const std::pair<std::uint32_t, std::uint8_t> setup[] = {
      {3 * 4, 0x00}, {3 * 4 + 1, 0x7D},  // IVT[3] = 0000:7D00
      {5 * 4, 0x10}, {5 * 4 + 1, 0x7D},  // IVT[5] = 0000:7D10
      {6 * 4, 0x18}, {6 * 4 + 1, 0x7D},  // IVT[6] = 0000:7D18
      {0x502, 10},                       // BOUND limits [0, 10] at 0x500
  };
  for (auto [address, value] : setup) ram[address] = value;
  auto backend = make_backend(machine);
  CpuState state = backend->state();
  state.reg(Gpr::esp) = 0x1000;
  backend->set_state(state);
  Outcome outcome;
  outcome.result = backend->run({});
  outcome.state = backend->state();
  outcome.low_memory.assign(ram, ram + 0x10000);
  outcome.console = console.text();
  outcome.stats = backend->stats();
  return outcome;
}

std::uint64_t assisted(const Outcome& outcome, const std::string& mnemonic) {
  for (const StatCounter& counter : outcome.stats) {
    if (counter.name == "  assisted " + mnemonic) return counter.value;
  }
  return 0;
}

struct AssistCase {
  const char* name;
  std::vector<std::uint8_t> code;
  const char* mnemonic;  // what kvm_pvm needs help with
};

class KvmAssist : public ::testing::TestWithParam<AssistCase> {};

TEST_P(KvmAssist, SameResultAsTheInterpreterAlone) {
  EMU_REQUIRE_KVM();
  std::vector<std::uint8_t> code = with_handlers(GetParam().code);
  Outcome kvm = run_on(code, [](Machine& machine) { return std::make_unique<KvmBackend>(machine, default_device_path(), interpreter_assistant(machine)); });
  Outcome interp = run_on(code, [](Machine& machine) { return std::make_unique<interp::Interpreter>(machine); });
  EXPECT_EQ(kvm.result.reason, StopReason::hlt) << kvm.result.message;
  EXPECT_EQ(kvm.result.exit_status, interp.result.exit_status);
  EXPECT_EQ(kvm.state, interp.state);
  EXPECT_EQ(kvm.low_memory, interp.low_memory);
  EXPECT_EQ(kvm.console, interp.console);
  if (test::host_is_kvm_pvm()) {
    EXPECT_GE(assisted(kvm, GetParam().mnemonic), 1u) << "kvm_pvm needed no assist?";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Instructions, KvmAssist,
    ::testing::Values(
        AssistCase{"daa", {0xB0, 0x15, 0x04, 0x27, 0x27, 0xF4}, "daa"},                          // mov al,15h; add al,27h; daa
        AssistCase{"aaa", {0xB8, 0x09, 0x00, 0x04, 0x03, 0x37, 0xF4}, "aaa"},                    // aaa after 9 + 3
        AssistCase{"aas", {0xB8, 0x02, 0x01, 0x2C, 0x03, 0x3F, 0xF4}, "aas"},                    // aas after 0102h - 3
        AssistCase{"bound_in_range", {0xBB, 0x05, 0x00, 0x62, 0x1E, 0x00, 0x05, 0xF4}, "bound"},  // bound bx, [500h]
        AssistCase{"bound_fault", {0xBB, 0x14, 0x00, 0x62, 0x1E, 0x00, 0x05, 0xF4}, "bound"},     // bx = 20: #BR
        AssistCase{"enter_level_1", {0xBD, 0x00, 0x20, 0xC8, 0x04, 0x00, 0x01, 0xF4}, "enter"},
        AssistCase{"enter_level_3", {0xBD, 0x00, 0x20, 0xC8, 0x04, 0x00, 0x03, 0xC9, 0xF4}, "enter"},
        // An opcode no CPU defines: kvm_pvm's emulator gives up where the CPU raises #UD.
        AssistCase{"invalid_opcode", {0x0F, 0xA6, 0xB0, 0x01, 0xF4}, "(bad)"},
        AssistCase{"port_io_between", {0xB0, 0x99, 0x04, 0x01, 0x27, 0xE6, 0xF1, 0x37, 0xE6, 0xF1, 0xF4}, "daa"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(KvmAssistGuest, INT3ThroughTheIvt) {
  EMU_REQUIRE_KVM();
  std::vector<std::uint8_t> code = with_handlers({0xCC, 0xCC, 0xF4});  // int3; int3; hlt
  Outcome kvm = run_on(code, [](Machine& machine) { return std::make_unique<KvmBackend>(machine, default_device_path(), interpreter_assistant(machine)); });
  Outcome interp = run_on(code, [](Machine& machine) { return std::make_unique<interp::Interpreter>(machine); });
  EXPECT_EQ(kvm.state, interp.state);
  EXPECT_EQ(kvm.low_memory[0x600], 2);
  EXPECT_EQ(interp.low_memory[0x600], 2);
}

TEST(KvmAssistGuest, NoAssistReportsTheFailure) {
  EMU_REQUIRE_KVM();
  if (!test::host_is_kvm_pvm()) GTEST_SKIP() << "only kvm_pvm fails to emulate DAA";
  std::vector<std::uint8_t> code = with_handlers({0xB0, 0x15, 0x04, 0x27, 0x27, 0xF4});
  Outcome kvm = run_on(code, [](Machine& machine) {
    return std::make_unique<KvmBackend>(machine, default_device_path(), nullptr);
  });
  EXPECT_EQ(kvm.result.exit_status, 8);
  EXPECT_EQ(kvm.result.message,
            "KVM cannot run the instruction at 0000:7c04: daa (bytes 27): internal error, emulation failure; try --accel=interp");
}

TEST(KvmAssistGuest, WhatTheInterpreterCannotRunIsReportedAsBefore) {
  EMU_REQUIRE_KVM();
  if (!test::host_is_kvm_pvm()) GTEST_SKIP() << "only kvm_pvm fails to emulate x87 memory forms";
  std::vector<std::uint8_t> code = with_handlers({0xD9, 0x07, 0xF4});  // fld dword [bx]
  Outcome kvm = run_on(code, [](Machine& machine) { return std::make_unique<KvmBackend>(machine, default_device_path(), interpreter_assistant(machine)); });
  EXPECT_EQ(kvm.result.exit_status, 8);
  EXPECT_NE(kvm.result.message.find("fld dword ptr [bx]"), std::string::npos) << kvm.result.message;
}

// The state transfer pair both backends use: every register, segment, flags and the interrupt
// shadow survive KVM -> interpreter -> KVM.
TEST(StateTransfer, RoundTripThroughBothBackends) {
  EMU_REQUIRE_KVM();
  StringSink console;
  Machine machine(MachineConfig{}, console);
  machine.load_image(std::vector<std::uint8_t>{0xF4});
  KvmBackend kvm(machine, default_device_path(), interpreter_assistant(machine));
  interp::Interpreter interp(machine);
  CpuState state = reset_state(0x1234, 0x0010);
  for (unsigned i = 0; i < 8; ++i) state.gpr[i] = 0x9E3779B9u * (i + 1);
  state.eflags = 0x0002 | flag::cf | flag::pf | flag::zf | flag::df | flag::of | flag::if_;
  load_real_mode_segment(state.sreg(Sreg::ss), 0x9000);
  load_real_mode_segment(state.sreg(Sreg::fs), 0xB800);
  state.idtr = {0x400, 0x7F};
  state.interrupt_shadow = true;
  kvm.set_state(state);
  interp.set_state(kvm.state());
  kvm.set_state(interp.state());
  EXPECT_EQ(kvm.state(), state);
  EXPECT_EQ(interp.state(), state);
}

}  // namespace
}  // namespace emu::kvm
