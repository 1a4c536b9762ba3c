// --cpu=286 against a modern profile on the differences the 80286 Programmer's Reference Manual
// and the 386's manuals document: each program runs on both, and each expectation is the
// manual's, not the interpreter's (the 286's silicon states are in tests/conformance).
#include <gtest/gtest.h>

#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

constexpr std::uint16_t ud_handler = 0x600, gp_handler = 0x610, ss_handler = 0x620;

struct Outcome {
  CpuState state;
  RunResult run;
  std::optional<std::uint8_t> exception;
};

Outcome run_on(CpuProfile cpu, const std::vector<std::uint8_t>& code, const std::function<void(CpuState&)>& setup = {}) {
  InterpRun guest(code, 0x110000, cpu);
  guest.handle(6, ud_handler);
  guest.handle(13, gp_handler);
  guest.handle(12, ss_handler);
  if (setup) guest.set(setup);
  RunResult result = guest.run();
  return {guest.state(), result, guest.interpreter->last_exception()};
}

std::uint32_t reg16(const Outcome& o, Gpr r) { return o.state.reg(r) & 0xFFFF; }

// The classic CPU test: real-mode code cannot set FLAGS bits 12-15 on a 286; from the 386 on it
// can set IOPL and NT (12-14), never bit 15.
// pushf; pop ax; or ax, 0F000h; push ax; popf; pushf; pop ax; hlt
TEST(Cpu286, RealModeHoldsFlagsBits12To15Clear) {
  const std::vector<std::uint8_t> code = {0x9C, 0x58, 0x0D, 0x00, 0xF0, 0x50, 0x9D, 0x9C, 0x58, 0xF4};
  EXPECT_EQ(reg16(run_on(CpuProfile::i286, code), Gpr::eax) & 0xF000, 0u);
  EXPECT_EQ(reg16(run_on(CpuProfile::intel, code), Gpr::eax) & 0xF000, 0x7000u);
  // Nor can a state set from outside (--reg, a dump) put them there.
  auto with_iopl = [](CpuState& s) { s.eflags = 0x7202; };
  const std::vector<std::uint8_t> read_flags = {0x9C, 0x58, 0xF4};  // pushf; pop ax; hlt
  EXPECT_EQ(reg16(run_on(CpuProfile::i286, read_flags, with_iopl), Gpr::eax), 0x0202u);
  EXPECT_EQ(reg16(run_on(CpuProfile::intel, read_flags, with_iopl), Gpr::eax), 0x7202u);
}

// mov bp, 0FFFFh; mov ax, [bp]; hlt: a word through SS past its limit.
TEST(Cpu286, StackSegmentOverrunRaisesGp) {
  const std::vector<std::uint8_t> code = {0xBD, 0xFF, 0xFF, 0x8B, 0x46, 0x00, 0xF4};
  EXPECT_EQ(run_on(CpuProfile::i286, code).exception, 13);
  EXPECT_EQ(run_on(CpuProfile::intel, code).exception, 12);
}

// LEAVE with BP = 0FFFFh faults reading the old BP before SP changes, on both.
TEST(Cpu286, LeaveFaultsBeforeChangingSp) {
  const std::vector<std::uint8_t> code = {0xBD, 0xFF, 0xFF, 0xBC, 0x00, 0x80, 0xC9, 0xF4};  // mov bp; mov sp, 8000h; leave
  for (CpuProfile cpu : {CpuProfile::i286, CpuProfile::intel}) {
    Outcome o = run_on(cpu, code);
    EXPECT_EQ(reg16(o, Gpr::esp), 0x8000u - 6) << profile_name(cpu) << ": the frame goes below the old SP";
    EXPECT_EQ(reg16(o, Gpr::ebp), 0xFFFFu) << profile_name(cpu);
  }
}

// A word string access at offset 0FFFFh: the 286 has already advanced the index register (and,
// under REP, counted CX down) when it faults; later CPUs' faults leave them as they were.
TEST(Cpu286, StringFaultsLeaveTheRegistersAdvanced) {
  auto si_at_end = [](CpuState& s) { s.reg(Gpr::esi) = 0xFFFF; };
  Outcome lods = run_on(CpuProfile::i286, {0xAD, 0xF4}, si_at_end);  // lodsw
  EXPECT_EQ(lods.exception, 13);
  EXPECT_EQ(reg16(lods, Gpr::esi), 0x0001u);
  EXPECT_EQ(reg16(run_on(CpuProfile::intel, {0xAD, 0xF4}, si_at_end), Gpr::esi), 0xFFFFu);

  // rep lodsw from SI = 0FFFBh with CX = 3: two words, then the fault on the third.
  auto three_words = [](CpuState& s) {
    s.reg(Gpr::esi) = 0xFFFB;
    s.reg(Gpr::ecx) = 3;
  };
  Outcome rep_286 = run_on(CpuProfile::i286, {0xF3, 0xAD, 0xF4}, three_words);
  EXPECT_EQ(rep_286.exception, 13);
  EXPECT_EQ(reg16(rep_286, Gpr::ecx), 0u);
  EXPECT_EQ(reg16(rep_286, Gpr::esi), 0x0001u);
  Outcome rep_modern = run_on(CpuProfile::intel, {0xF3, 0xAD, 0xF4}, three_words);
  EXPECT_EQ(reg16(rep_modern, Gpr::ecx), 1u);
  EXPECT_EQ(reg16(rep_modern, Gpr::esi), 0xFFFFu);

  // cmpsw with DI at the end: the 286 reads ES:DI first, so SI is not advanced.
  auto di_at_end = [](CpuState& s) {
    s.reg(Gpr::esi) = 0x1000;
    s.reg(Gpr::edi) = 0xFFFF;
  };
  Outcome cmps = run_on(CpuProfile::i286, {0xA7, 0xF4}, di_at_end);
  EXPECT_EQ(cmps.exception, 13);
  EXPECT_EQ(reg16(cmps, Gpr::edi), 0x0001u);
  EXPECT_EQ(reg16(cmps, Gpr::esi), 0x1000u);
  // movsw with DI at the end: SI was read and advanced before the write faulted.
  Outcome movs = run_on(CpuProfile::i286, {0xA5, 0xF4}, di_at_end);
  EXPECT_EQ(reg16(movs, Gpr::esi), 0x1002u);
  EXPECT_EQ(reg16(movs, Gpr::edi), 0x0001u);
}

// lock mov ax, bx: the 286 asserts LOCK# and executes it; from the 386 on it is #UD.
TEST(Cpu286, LockIsAcceptedEverywhere) {
  auto bx = [](CpuState& s) { s.reg(Gpr::ebx) = 0x1234; };
  Outcome on_286 = run_on(CpuProfile::i286, {0xF0, 0x89, 0xD8, 0xF4}, bx);
  EXPECT_EQ(on_286.exception, std::nullopt);
  EXPECT_EQ(reg16(on_286, Gpr::eax), 0x1234u);
  EXPECT_EQ(run_on(CpuProfile::intel, {0xF0, 0x89, 0xD8, 0xF4}, bx).exception, 6);
}

TEST(Cpu286, The386sInstructionsAreUndefined) {
  const std::vector<std::vector<std::uint8_t>> programs = {
      {0x66, 0xB8, 0x78, 0x56, 0x34, 0x12, 0xF4},  // mov eax, 12345678h
      {0x0F, 0xA2, 0xF4},                          // cpuid
      {0x8E, 0xE0, 0xF4},                          // mov fs, ax
      {0x64, 0x8B, 0x07, 0xF4},                    // mov ax, fs:[bx]
      {0x0F, 0xB6, 0xC3, 0xF4},                    // movzx ax, bl
  };
  for (const auto& code : programs) {
    EXPECT_EQ(run_on(CpuProfile::i286, code).exception, 6) << int{code[0]} << " " << int{code[1]};
    EXPECT_EQ(run_on(CpuProfile::intel, code).exception, std::nullopt) << int{code[0]} << " " << int{code[1]};
  }
}

// Ten ES overrides and a NOP: 11 bytes, past the 286's limit of 10, within the 386's of 15.
TEST(Cpu286, ElevenByteInstructionsRaiseGp) {
  std::vector<std::uint8_t> code(12, 0x26);
  code[10] = 0x90;
  code[11] = 0xF4;
  Outcome on_286 = run_on(CpuProfile::i286, code);
  EXPECT_EQ(on_286.exception, 13);
  EXPECT_EQ(run_on(CpuProfile::intel, code).exception, std::nullopt);
}

// smsw ax; hlt: the 286's MSW reads FFF0h at reset (bits 4-15 set, LMSW cannot change them); a
// later CPU's is CR0's low word (ET set: 0010h).
TEST(Cpu286, SmswShowsTheFixedBits) {
  const std::vector<std::uint8_t> code = {0x0F, 0x01, 0xE0, 0xF4};
  EXPECT_EQ(reg16(run_on(CpuProfile::i286, code), Gpr::eax), 0xFFF0u);
  EXPECT_EQ(reg16(run_on(CpuProfile::intel, code), Gpr::eax), 0x0010u);
}

// sgdt [1000h]; hlt with a 16-bit operand: six bytes, the last one 1s on the 286, 0s later.
TEST(Cpu286, SgdtFillsTheTopByteWithOnes) {
  const std::vector<std::uint8_t> code = {0x0F, 0x01, 0x06, 0x00, 0x10, 0xF4};
  for (CpuProfile cpu : {CpuProfile::i286, CpuProfile::intel}) {
    InterpRun guest(code, 0x110000, cpu);
    guest.set([](CpuState& s) { s.gdtr = {0x123456, 0x2F}; });
    guest.run();
    EXPECT_EQ(guest.word(0x1000), 0x2Fu) << profile_name(cpu);
    EXPECT_EQ(guest.word(0x1002), 0x3456u) << profile_name(cpu);
    EXPECT_EQ(guest.ram()[0x1004], 0x12u) << profile_name(cpu);
    EXPECT_EQ(guest.ram()[0x1005], cpu == CpuProfile::i286 ? 0xFFu : 0x00u) << profile_name(cpu);
  }
}

// With the IVT limit below vector 21h's entry, int 21h raises interrupt 8 on the 286 ("interrupt
// table limit too small") and #GP on later CPUs, which then finds its own entry (13) beyond the
// limit too: a double fault, whose entry (8) is within it.
TEST(Cpu286, AnInterruptBeyondTheIvtLimitRaisesInterrupt8) {
  const std::vector<std::uint8_t> code = {0xCD, 0x21, 0xF4};  // int 21h; hlt
  for (CpuProfile cpu : {CpuProfile::i286, CpuProfile::intel}) {
    InterpRun guest(code, 0x110000, cpu);
    guest.handle(8, 0x600);
    guest.set([](CpuState& s) { s.idtr = {0, 8 * 4 + 3}; });
    RunResult result = guest.run();
    EXPECT_EQ(result.reason, StopReason::hlt) << profile_name(cpu);
    EXPECT_EQ(guest.interpreter->last_exception(), 8) << profile_name(cpu);
    EXPECT_EQ(guest.state().eip, 0x601u) << profile_name(cpu);
  }
  // With #GP's entry within the limit, later CPUs deliver #GP; the 286 still interrupt 8.
  for (CpuProfile cpu : {CpuProfile::i286, CpuProfile::intel}) {
    InterpRun guest(code, 0x110000, cpu);
    guest.handle(8, 0x600);
    guest.handle(13, 0x610);
    guest.set([](CpuState& s) { s.idtr = {0, 13 * 4 + 3}; });
    EXPECT_EQ(guest.run().reason, StopReason::hlt) << profile_name(cpu);
    EXPECT_EQ(guest.interpreter->last_exception(), cpu == CpuProfile::i286 ? 8 : 13) << profile_name(cpu);
  }
  // All four bytes of the entry must lie within the limit (SDM Vol. 3, real-address-mode
  // interrupt handling: "IF ((vector * 4) + 3) is not within IDT limit THEN #GP"): a limit that
  // ends inside INT 21h's entry raises #GP on later CPUs.
  {
    InterpRun guest(code, 0x110000, CpuProfile::intel);
    guest.handle(8, 0x600);
    guest.handle(13, 0x610);
    guest.handle(0x21, 0x620);
    guest.set([](CpuState& s) { s.idtr = {0, 0x21 * 4 + 2}; });
    EXPECT_EQ(guest.run().reason, StopReason::hlt);
    EXPECT_EQ(guest.interpreter->last_exception(), 13);
    EXPECT_EQ(guest.state().eip, 0x611u) << "#GP's handler";
    guest.set([](CpuState& s) {
      s.idtr = {0, 0x21 * 4 + 3};
      s.eip = code_base;
    });
    EXPECT_EQ(guest.run().reason, StopReason::hlt);
    EXPECT_EQ(guest.state().eip, 0x621u) << "the whole entry within the limit: INT 21h's handler";
  }
  // Beyond the limit for vector 8 as well: the 286 shuts down.
  InterpRun guest(code, 0x110000, CpuProfile::i286);
  guest.set([](CpuState& s) { s.idtr = {0, 7 * 4 + 3}; });
  EXPECT_EQ(guest.run().reason, StopReason::shutdown);
}

TEST(Cpu286, LoadallStopsTheRunSayingSo) {
  Outcome o = run_on(CpuProfile::i286, {0x0F, 0x05, 0xF4});
  EXPECT_EQ(o.run.reason, StopReason::error);
  EXPECT_NE(o.run.message.find("LOADALL"), std::string::npos) << o.run.message;
  EXPECT_NE(o.run.message.find("loadall (bytes 0f 05)"), std::string::npos) << o.run.message;
}

}  // namespace
}  // namespace emu::test
