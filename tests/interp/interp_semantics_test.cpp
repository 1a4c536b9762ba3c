// Per-instruction behaviour of the interpreter at the edges the conformance data does not reach
// (32-bit forms, counts past the operand width, exception delivery, REP termination, the trap
// flag, self-modifying code). Expected values follow the Intel SDM.
#include <gtest/gtest.h>

#include "decoder/flags.h"
#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

constexpr std::uint32_t CF = flag::cf, PF = flag::pf, AF = flag::af, ZF = flag::zf, SF = flag::sf, OF = flag::of;
constexpr std::uint32_t ARITH = CF | PF | AF | ZF | SF | OF;

struct Result {
  CpuState state;
  RunResult run;
};

// Runs `code` (which should end in HLT) with `setup` applied to the initial state.
Result run(std::vector<std::uint8_t> code, const std::function<void(CpuState&)>& setup = {}) {
  InterpRun guest(code);
  if (setup) guest.set(setup);
  RunResult result = guest.run();
  return {guest.state(), result};
}

std::uint32_t arith(const Result& r) { return r.state.eflags & ARITH; }

TEST(InterpAlu, AddCarriesAndOverflowsAtEveryWidth) {
  auto add16 = [](std::uint16_t a, std::uint16_t b) {
    return run({0x01, 0xD8, 0xF4}, [&](CpuState& s) { s.reg(Gpr::eax) = a; s.reg(Gpr::ebx) = b; });
  };
  Result r = add16(0xFFFF, 1);
  EXPECT_EQ(r.state.reg(Gpr::eax), 0u);
  EXPECT_EQ(arith(r), CF | ZF | AF | PF);
  r = add16(0x7FFF, 1);
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x8000u);
  EXPECT_EQ(arith(r), OF | SF | AF | PF);
  r = run({0x00, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x1280; s.reg(Gpr::ebx) = 0x80; });  // add al, bl
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x1200u);  // AH untouched
  EXPECT_EQ(arith(r), CF | OF | ZF | PF);
  r = run({0x66, 0x01, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFFFFFFF; s.reg(Gpr::ebx) = 1; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0u);
  EXPECT_EQ(arith(r), CF | ZF | AF | PF);
  r = run({0x66, 0x01, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x7FFFFFFF; s.reg(Gpr::ebx) = 1; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x80000000u);
  EXPECT_EQ(arith(r), OF | SF | AF | PF);
}

TEST(InterpAlu, SubtractBorrowsAndCarryChains) {
  Result r = run({0x29, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0; s.reg(Gpr::ebx) = 1; });  // sub ax, bx
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xFFFFu);
  EXPECT_EQ(arith(r), CF | SF | AF | PF);
  r = run({0x29, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x8000; s.reg(Gpr::ebx) = 1; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x7FFFu);
  EXPECT_EQ(arith(r), OF | AF | PF);
  r = run({0xF9, 0x11, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFFF; s.reg(Gpr::ebx) = 0; });  // stc; adc
  EXPECT_EQ(r.state.reg(Gpr::eax), 0u);
  EXPECT_EQ(arith(r), CF | ZF | AF | PF);
  r = run({0xF9, 0x66, 0x19, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0; s.reg(Gpr::ebx) = 0xFFFFFFFF; });  // stc; sbb eax, ebx
  EXPECT_EQ(r.state.reg(Gpr::eax), 0u);
  EXPECT_EQ(r.state.eflags & (CF | ZF), CF | ZF);
  // cmp leaves the operand; inc keeps CF; neg sets CF for non-zero.
  r = run({0xF9, 0x39, 0xD8, 0x40, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFFF; s.reg(Gpr::ebx) = 0; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0u);  // inc wrapped
  EXPECT_EQ(r.state.eflags & (CF | ZF), ZF);  // cmp cleared CF, inc kept it clear
  r = run({0xF7, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 5; });  // neg ax
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xFFFBu);
  EXPECT_EQ(r.state.eflags & CF, CF);
}

struct ShiftCase {
  std::vector<std::uint8_t> opcode;  // shift by CL
  std::uint32_t value;
  std::uint8_t count;
  bool carry_in;
  std::uint32_t result;
  bool carry_out;
};

TEST(InterpShifts, CountsZeroOneAndPastTheWidth) {
  const std::vector<std::uint8_t> shl16 = {0xD3, 0xE0}, shr16 = {0xD3, 0xE8}, sar16 = {0xD3, 0xF8}, rol8 = {0xD2, 0xC0},
                                  ror8 = {0xD2, 0xC8}, rcl16 = {0xD3, 0xD0}, rcr16 = {0xD3, 0xD8}, rcl8 = {0xD2, 0xD0},
                                  shl32 = {0x66, 0xD3, 0xE0}, shr32 = {0x66, 0xD3, 0xE8};
  const ShiftCase cases[] = {
      {shl16, 0x8001, 0, true, 0x8001, true},     // count 0: nothing changes, CF included
      {shl16, 0x8001, 1, false, 0x0002, true},
      {shl16, 0x8001, 8, false, 0x0100, false},
      {shl16, 0x8001, 15, false, 0x8000, false},
      {shl16, 0x8001, 16, false, 0x0000, true},   // the last bit out is bit 0
      {shl16, 0x8001, 17, false, 0x0000, false},
      {shl16, 0x8001, 31, false, 0x0000, false},
      {shl16, 0x8001, 32, true, 0x8001, true},    // masked to 0
      {shr16, 0x8001, 1, false, 0x4000, true},
      {shr16, 0x8001, 15, false, 0x0001, false},
      {shr16, 0x8001, 16, false, 0x0000, true},
      {shr16, 0x8001, 17, false, 0x0000, false},
      {sar16, 0x8000, 15, false, 0xFFFF, false},
      {sar16, 0x8000, 16, false, 0xFFFF, true},
      {sar16, 0x8000, 31, false, 0xFFFF, true},
      {rol8, 0x81, 1, false, 0x03, true},
      {rol8, 0x81, 8, false, 0x81, true},         // a full turn: CF = bit 0 of the result
      {ror8, 0x81, 8, false, 0x81, true},         // CF = bit 7 of the result
      {ror8, 0x81, 9, false, 0xC0, true},
      {rcl8, 0x80, 1, false, 0x00, true},
      {rcl8, 0x80, 9, false, 0x80, false},        // 9 bits through CF: a full turn
      {rcl16, 0x0001, 16, true, 0x8000, true},
      {rcl16, 0x1234, 17, true, 0x1234, true},
      {rcr16, 0x0001, 1, true, 0x8000, true},
      {shl32, 0x80000001, 31, false, 0x80000000, false},
      {shl32, 0x80000001, 32, false, 0x80000001, false},
      {shr32, 0x80000000, 31, false, 0x00000001, false},
  };
  for (const ShiftCase& c : cases) {
    std::vector<std::uint8_t> code = {c.carry_in ? std::uint8_t{0xF9} : std::uint8_t{0xF8}};
    code.insert(code.end(), c.opcode.begin(), c.opcode.end());
    code.push_back(0xF4);
    Result r = run(code, [&](CpuState& s) {
      s.reg(Gpr::eax) = c.value;
      s.reg(Gpr::ecx) = c.count;
    });
    std::uint32_t mask = c.opcode.size() == 3 ? 0xFFFFFFFF : c.opcode[0] == 0xD2 ? 0xFF : 0xFFFF;
    EXPECT_EQ(r.state.reg(Gpr::eax) & mask, c.result) << std::hex << int(c.opcode.back()) << " count " << std::dec << int(c.count);
    EXPECT_EQ((r.state.eflags & CF) != 0, c.carry_out) << std::hex << int(c.opcode.back()) << " count " << std::dec << int(c.count);
  }
}

TEST(InterpShifts, OverflowForOneBitShifts) {
  Result r = run({0xD1, 0xE0, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x4000; });  // shl ax, 1: sign changes
  EXPECT_EQ(r.state.eflags & OF, OF);
  r = run({0xD1, 0xE8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x8000; });  // shr: OF = old MSB
  EXPECT_EQ(r.state.eflags & OF, OF);
  r = run({0xD1, 0xF8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x8000; });  // sar: OF = 0
  EXPECT_EQ(r.state.eflags & OF, 0u);
  r = run({0xF9, 0xD1, 0xD8, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x0001; });  // stc; rcr: OF = MSB ^ CF before
  EXPECT_EQ(r.state.eflags & OF, OF);
}

TEST(InterpShifts, DoublePrecision) {
  Result r = run({0x0F, 0xA4, 0xD8, 0x04, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x1234; s.reg(Gpr::ebx) = 0xABCD; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x234Au);  // shld ax, bx, 4
  r = run({0x66, 0x0F, 0xAC, 0xD8, 0x08, 0xF4},
          [](CpuState& s) { s.reg(Gpr::eax) = 0x112233C4; s.reg(Gpr::ebx) = 0xAABBCCDD; });  // shrd eax, ebx, 8
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xDD112233u);
  EXPECT_EQ(r.state.eflags & CF, CF);  // bit 7 of 0xC4, the last bit out
}

TEST(InterpMultiply, HighHalvesAndOverflowFlags) {
  Result r = run({0xF7, 0xE3, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x1234; s.reg(Gpr::ebx) = 0x100; });  // mul bx
  EXPECT_EQ(r.state.reg(Gpr::edx), 0x0012u);
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x3400u);
  EXPECT_EQ(r.state.eflags & (CF | OF), CF | OF);
  r = run({0xF7, 0xE3, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 2; s.reg(Gpr::ebx) = 3; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 6u);
  EXPECT_EQ(r.state.reg(Gpr::edx), 0u);
  EXPECT_EQ(r.state.eflags & (CF | OF), 0u);
  r = run({0xF6, 0xE3, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x80; s.reg(Gpr::ebx) = 2; });  // mul bl
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x100u);
  EXPECT_EQ(r.state.eflags & (CF | OF), CF | OF);
  r = run({0xF7, 0xEB, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFFF; s.reg(Gpr::ebx) = 2; });  // imul bx: -1 * 2
  EXPECT_EQ(r.state.reg(Gpr::edx), 0xFFFFu);
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xFFFEu);
  EXPECT_EQ(r.state.eflags & (CF | OF), 0u);
  r = run({0xF7, 0xEB, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0x4000; s.reg(Gpr::ebx) = 2; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x8000u);
  EXPECT_EQ(r.state.reg(Gpr::edx), 0u);
  EXPECT_EQ(r.state.eflags & (CF | OF), CF | OF);
  r = run({0x66, 0xF7, 0xE3, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFFFFFFF; s.reg(Gpr::ebx) = 0xFFFFFFFF; });
  EXPECT_EQ(r.state.reg(Gpr::edx), 0xFFFFFFFEu);
  EXPECT_EQ(r.state.reg(Gpr::eax), 1u);
  r = run({0x6B, 0xC3, 0xFD, 0xF4}, [](CpuState& s) { s.reg(Gpr::ebx) = 7; });  // imul ax, bx, -3
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xFFEBu);
  EXPECT_EQ(r.state.eflags & (CF | OF), 0u);
}

// A divide error is a fault: the IVT handler runs with the DIV's own IP pushed.
TEST(InterpDivide, ErrorsDeliverInterruptZeroPointingAtTheDivide) {
  struct Case {
    std::vector<std::uint8_t> code;
    std::uint32_t ax, dx, bx;
  };
  const Case faults[] = {
      {{0x90, 0xF7, 0xF3, 0xF4}, 5, 0, 0},                  // div bx by zero
      {{0x90, 0xF7, 0xF3, 0xF4}, 0, 2, 2},                  // quotient 0x10000
      {{0x90, 0xF7, 0xFB, 0xF4}, 0x8000, 0xFFFF, 0xFFFF},   // idiv: -32768 / -1
      {{0x90, 0xF6, 0xFB, 0xF4}, 0xFF80, 0, 0xFF},          // idiv bl: -128 / -1
      {{0x90, 0xD4, 0x00, 0xF4}, 0x12, 0, 0},               // aam 0
  };
  for (const Case& c : faults) {
    InterpRun guest(c.code);
    guest.handle(0, 0x500);
    guest.set([&](CpuState& s) {
      s.reg(Gpr::eax) = c.ax;
      s.reg(Gpr::edx) = c.dx;
      s.reg(Gpr::ebx) = c.bx;
      s.reg(Gpr::esp) = 0x1000;
    });
    RunResult result = guest.run();
    EXPECT_EQ(result.reason, StopReason::hlt);
    CpuState s = guest.state();
    EXPECT_EQ(s.eip, 0x501u) << "handler reached";
    EXPECT_EQ(s.reg(Gpr::esp), 0x0FFAu);
    EXPECT_EQ(guest.word(0x0FFA), 0x7C01) << "pushed IP is the divide's";
    EXPECT_EQ(guest.word(0x0FFC), 0x0000) << "pushed CS";
    EXPECT_EQ(s.reg(Gpr::eax), c.ax) << "AX untouched";
  }
}

TEST(InterpDivide, Results) {
  Result r = run({0xF7, 0xF3, 0xF4}, [](CpuState& s) { s.reg(Gpr::edx) = 1; s.reg(Gpr::eax) = 0; s.reg(Gpr::ebx) = 2; });
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x8000u);
  EXPECT_EQ(r.state.reg(Gpr::edx), 0u);
  r = run({0xF6, 0xFB, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFFF9; s.reg(Gpr::ebx) = 2; });  // idiv bl: -7 / 2
  EXPECT_EQ(r.state.reg(Gpr::eax), 0xFFFDu);  // remainder -1, quotient -3
  r = run({0xF6, 0xFB, 0xF4}, [](CpuState& s) { s.reg(Gpr::eax) = 0xFF80; s.reg(Gpr::ebx) = 1; });  // -128 / 1 fits
  EXPECT_EQ(r.state.reg(Gpr::eax) & 0xFF, 0x80u);
}

TEST(InterpBcd, AdjustInstructions) {
  Result r = run({0xB0, 0x15, 0x04, 0x27, 0x27, 0xF4});  // mov al,15h; add al,27h; daa
  EXPECT_EQ(r.state.reg(Gpr::eax) & 0xFF, 0x42u);
  EXPECT_EQ(r.state.eflags & CF, 0u);
  r = run({0xB0, 0x99, 0x04, 0x01, 0x27, 0xF4});  // 99 + 1 = 00, carry
  EXPECT_EQ(r.state.reg(Gpr::eax) & 0xFF, 0x00u);
  EXPECT_EQ(r.state.eflags & (CF | ZF), CF | ZF);
  r = run({0xB0, 0x42, 0x2C, 0x27, 0x2F, 0xF4});  // 42 - 27 = 15
  EXPECT_EQ(r.state.reg(Gpr::eax) & 0xFF, 0x15u);
  r = run({0xB8, 0x09, 0x00, 0x04, 0x03, 0x37, 0xF4});  // ax=9; add al,3; aaa
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x0102u);
  EXPECT_EQ(r.state.eflags & (CF | AF), CF | AF);
  r = run({0xB8, 0x02, 0x01, 0x2C, 0x03, 0x3F, 0xF4});  // ax=0102; sub al,3; aas
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x0009u);
  EXPECT_EQ(r.state.eflags & (CF | AF), CF | AF);
  r = run({0xB0, 0x3F, 0xD4, 0x0A, 0xF4});  // aam: 63 -> 06 03
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x0603u);
  r = run({0xB8, 0x03, 0x06, 0xD5, 0x0A, 0xF4});  // aad: 06 03 -> 63
  EXPECT_EQ(r.state.reg(Gpr::eax), 0x003Fu);
}

TEST(InterpStrings, RepMovsCountsAndDirections) {
  for (std::uint32_t count : {0u, 1u, 5u}) {
    InterpRun guest({0xF3, 0xA4, 0xF4});  // rep movsb
    for (int i = 0; i < 8; ++i) guest.ram()[0x500 + i] = static_cast<std::uint8_t>(0x10 + i);
    guest.set([&](CpuState& s) {
      s.reg(Gpr::esi) = 0x500;
      s.reg(Gpr::edi) = 0x600;
      s.reg(Gpr::ecx) = count;
    });
    ASSERT_EQ(guest.run().reason, StopReason::hlt);
    CpuState s = guest.state();
    EXPECT_EQ(s.reg(Gpr::ecx), 0u);
    EXPECT_EQ(s.reg(Gpr::esi), 0x500 + count);
    EXPECT_EQ(s.reg(Gpr::edi), 0x600 + count);
    for (std::uint32_t i = 0; i < 8; ++i) EXPECT_EQ(guest.ram()[0x600 + i], i < count ? 0x10 + i : 0) << i;
  }
  InterpRun backward({0xFD, 0xF3, 0xA5, 0xF4});  // std; rep movsw
  backward.set_word(0x504, 0xAAAA);
  backward.set_word(0x502, 0xBBBB);
  backward.set([](CpuState& s) {
    s.reg(Gpr::esi) = 0x504;
    s.reg(Gpr::edi) = 0x704;
    s.reg(Gpr::ecx) = 2;
  });
  ASSERT_EQ(backward.run().reason, StopReason::hlt);
  EXPECT_EQ(backward.word(0x704), 0xAAAA);
  EXPECT_EQ(backward.word(0x702), 0xBBBB);
  EXPECT_EQ(backward.state().reg(Gpr::esi), 0x500u);
}

TEST(InterpStrings, OverlappingForwardCopyReplicates) {
  InterpRun guest({0xF3, 0xA4, 0xF4});  // rep movsb from 0x500 to 0x501: the first byte spreads
  guest.ram()[0x500] = 0x77;
  guest.set([](CpuState& s) {
    s.reg(Gpr::esi) = 0x500;
    s.reg(Gpr::edi) = 0x501;
    s.reg(Gpr::ecx) = 16;
  });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  for (int i = 0; i <= 16; ++i) EXPECT_EQ(guest.ram()[0x500 + i], 0x77) << i;
}

TEST(InterpStrings, RepeConditionsTerminate) {
  InterpRun cmps({0xF3, 0xA6, 0xF4});  // repe cmpsb
  std::memcpy(cmps.ram() + 0x500, "abcXefgh", 8);
  std::memcpy(cmps.ram() + 0x600, "abcYefgh", 8);
  cmps.set([](CpuState& s) {
    s.reg(Gpr::esi) = 0x500;
    s.reg(Gpr::edi) = 0x600;
    s.reg(Gpr::ecx) = 10;
  });
  ASSERT_EQ(cmps.run().reason, StopReason::hlt);
  CpuState s = cmps.state();
  EXPECT_EQ(s.reg(Gpr::ecx), 6u);
  EXPECT_EQ(s.reg(Gpr::esi), 0x504u);
  EXPECT_EQ(s.eflags & ZF, 0u);
  EXPECT_EQ(s.eflags & CF, CF);  // 'X' < 'Y'

  InterpRun scas({0xF2, 0xAE, 0xF4});  // repne scasb for 'c'
  std::memcpy(scas.ram() + 0x600, "abcd", 4);
  scas.set([](CpuState& st) {
    st.reg(Gpr::eax) = 'c';
    st.reg(Gpr::edi) = 0x600;
    st.reg(Gpr::ecx) = 10;
  });
  ASSERT_EQ(scas.run().reason, StopReason::hlt);
  s = scas.state();
  EXPECT_EQ(s.reg(Gpr::ecx), 7u);
  EXPECT_EQ(s.reg(Gpr::edi), 0x603u);
  EXPECT_EQ(s.eflags & ZF, ZF);
}

TEST(InterpStrings, AddressSize32CountsInEcx) {
  // rep stosb with ECX = 0x10000 (CX = 0): a 16-bit count would do nothing; ECX fills 64 KiB.
  InterpRun wide({0x67, 0xF3, 0xAA, 0xF4});
  wide.set([](CpuState& s) {
    s.reg(Gpr::eax) = 0xAB;
    s.reg(Gpr::edi) = 0;
    s.reg(Gpr::ecx) = 0x10000;
    load_real_mode_segment(s.sreg(Sreg::es), 0x1000);
  });
  ASSERT_EQ(wide.run().reason, StopReason::hlt);
  EXPECT_EQ(wide.state().reg(Gpr::ecx), 0u);
  EXPECT_EQ(wide.state().reg(Gpr::edi), 0x10000u);
  EXPECT_EQ(wide.ram()[0x10000], 0xAB);
  EXPECT_EQ(wide.ram()[0x1FFFF], 0xAB);
  EXPECT_EQ(wide.ram()[0x20000], 0);

  InterpRun narrow({0xF3, 0xAA, 0xF4});
  narrow.set([](CpuState& s) {
    s.reg(Gpr::eax) = 0xAB;
    s.reg(Gpr::ecx) = 0x10000;
    load_real_mode_segment(s.sreg(Sreg::es), 0x1000);
  });
  ASSERT_EQ(narrow.run().reason, StopReason::hlt);
  EXPECT_EQ(narrow.state().reg(Gpr::ecx), 0x10000u);
  EXPECT_EQ(narrow.ram()[0x10000], 0);
}

// A word access at offset 0xFFFF runs past the segment limit: #GP, or #SS through SS.
TEST(InterpFaults, SegmentLimit) {
  InterpRun gp({0x8B, 0x06, 0xFF, 0xFF, 0xF4});  // mov ax, [0xffff]
  gp.handle(13, 0x500);
  gp.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(gp.run().reason, StopReason::hlt);
  EXPECT_EQ(gp.state().eip, 0x501u);
  EXPECT_EQ(gp.word(0x0FFA), 0x7C00);

  InterpRun ss({0x8B, 0x46, 0x00, 0xF4});  // mov ax, [bp+0] with BP = 0xffff
  ss.handle(12, 0x500);
  ss.set([](CpuState& s) {
    s.reg(Gpr::ebp) = 0xFFFF;
    s.reg(Gpr::esp) = 0x1000;
  });
  ASSERT_EQ(ss.run().reason, StopReason::hlt);
  EXPECT_EQ(ss.state().eip, 0x501u);

  InterpRun byte({0x8A, 0x06, 0xFF, 0xFF, 0xF4});  // a byte at 0xffff is fine
  byte.ram()[0xFFFF] = 0x5A;
  ASSERT_EQ(byte.run().reason, StopReason::hlt);
  EXPECT_EQ(byte.state().reg(Gpr::eax) & 0xFF, 0x5Au);
}

// PUSH with SP = 1 cannot write, nor can the #SS it raises: double fault, then shutdown.
TEST(InterpFaults, StackExhaustionShutsDown) {
  InterpRun guest({0x50, 0xF4});
  guest.handle(12, 0x500);
  guest.handle(8, 0x510);
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 1; });
  RunResult result = guest.run();
  EXPECT_EQ(result.reason, StopReason::shutdown);
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message, "guest triple fault (shutdown) at 0000:7c00");
}

// With an IVT limit of 0 no vector can be delivered: #UD -> #GP -> #DF -> shutdown.
TEST(InterpFaults, EmptyIvtTripleFaults) {
  InterpRun guest({0x0F, 0x0B});  // ud2
  guest.set([](CpuState& s) { s.idtr = {0, 0}; });
  EXPECT_EQ(guest.run().reason, StopReason::shutdown);
}

TEST(InterpStack, EnterWithNestingLevels) {
  InterpRun guest({0xC8, 0x04, 0x00, 0x02, 0xF4});  // enter 4, 2
  guest.set_word(0x1FFE, 0xAAAA);
  guest.set([](CpuState& s) {
    s.reg(Gpr::esp) = 0x1000;
    s.reg(Gpr::ebp) = 0x2000;
  });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  CpuState s = guest.state();
  EXPECT_EQ(guest.word(0x0FFE), 0x2000);  // old BP
  EXPECT_EQ(guest.word(0x0FFC), 0xAAAA);  // the enclosing frame pointer copied from [BP-2]
  EXPECT_EQ(guest.word(0x0FFA), 0x0FFE);  // this frame
  EXPECT_EQ(s.reg(Gpr::ebp), 0x0FFEu);
  EXPECT_EQ(s.reg(Gpr::esp), 0x0FF6u);
  InterpRun leave({0xC8, 0x08, 0x00, 0x00, 0xC9, 0xF4});  // enter 8, 0; leave
  leave.set([](CpuState& st) {
    st.reg(Gpr::esp) = 0x1000;
    st.reg(Gpr::ebp) = 0x1234;
  });
  ASSERT_EQ(leave.run().reason, StopReason::hlt);
  EXPECT_EQ(leave.state().reg(Gpr::esp), 0x1000u);
  EXPECT_EQ(leave.state().reg(Gpr::ebp), 0x1234u);
}

TEST(InterpStack, PushaPopa) {
  InterpRun guest({0x60, 0x31, 0xC0, 0x31, 0xDB, 0x61, 0xF4});  // pusha; xor ax,ax; xor bx,bx; popa
  guest.set([](CpuState& s) {
    for (unsigned i = 0; i < 8; ++i) s.gpr[i] = 0x1110 * (i + 1);
    s.reg(Gpr::esp) = 0x1000;
  });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  CpuState s = guest.state();
  EXPECT_EQ(guest.word(0x0FFE), 0x1110);  // AX first
  EXPECT_EQ(guest.word(0x0FF6), 0x1000);  // SP as it was before PUSHA
  EXPECT_EQ(guest.word(0x0FF0), 0x8880);  // DI last
  EXPECT_EQ(s.reg(Gpr::eax), 0x1110u);
  EXPECT_EQ(s.reg(Gpr::ebx), 0x4440u);
  EXPECT_EQ(s.reg(Gpr::esp), 0x1000u);  // POPA skips the saved SP
}

TEST(InterpStack, PushSpPushesTheOldValue) {
  InterpRun guest({0x54, 0xF4});
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.word(0x0FFE), 0x1000);
}

TEST(InterpMove, FarPointerLoads) {
  InterpRun guest({0xC4, 0x07, 0x0F, 0xB2, 0x0F, 0xF4});  // les ax, [bx]; lss cx, [bx]
  guest.set_word(0x500, 0x1234);
  guest.set_word(0x502, 0x5678);
  guest.set([](CpuState& s) { s.reg(Gpr::ebx) = 0x500; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  CpuState s = guest.state();
  EXPECT_EQ(s.reg(Gpr::eax), 0x1234u);
  EXPECT_EQ(s.sreg(Sreg::es).selector, 0x5678);
  EXPECT_EQ(s.sreg(Sreg::es).base, 0x56780u);
  EXPECT_EQ(s.reg(Gpr::ecx), 0x1234u);
  EXPECT_EQ(s.sreg(Sreg::ss).selector, 0x5678);
}

TEST(InterpControl, FarCallReturnAndInterruptReturn) {
  // 7C00: call 0000:7D00; hlt.   7D00: mov bx, 0x55; retf
  std::vector<std::uint8_t> code(0x110, 0x90);
  std::vector<std::uint8_t> start = {0x9A, 0x00, 0x7D, 0x00, 0x00, 0xF4};
  std::copy(start.begin(), start.end(), code.begin());
  std::vector<std::uint8_t> far = {0xBB, 0x55, 0x00, 0xCB};
  std::copy(far.begin(), far.end(), code.begin() + 0x100);
  InterpRun guest(code);
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.state().reg(Gpr::ebx), 0x55u);
  EXPECT_EQ(guest.state().eip, 0x7C06u);
  EXPECT_EQ(guest.state().reg(Gpr::esp), 0x1000u);

  // INT 21h through a guest IVT entry; the handler sets BX and IRETs; FLAGS come back.
  code[0] = 0xFB;  // sti
  code[1] = 0xCD;
  code[2] = 0x21;
  code[3] = 0xF4;
  code[0x103] = 0xCF;  // iret instead of retf
  InterpRun interrupt(code);
  interrupt.set_word(0x21 * 4, 0x7D00);
  interrupt.set_word(0x21 * 4 + 2, 0);
  interrupt.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(interrupt.run().reason, StopReason::hlt);
  CpuState s = interrupt.state();
  EXPECT_EQ(s.reg(Gpr::ebx), 0x55u);
  EXPECT_EQ(s.eip, 0x7C04u);
  EXPECT_EQ(s.eflags & flag::if_, flag::if_);
  EXPECT_EQ(interrupt.word(0x0FFA), 0x7C03);  // the return IP the INT pushed
}

// Real-mode interrupt entry (SDM Vol. 3, 20.1.4): FLAGS, CS and IP pushed, then IF and TF
// cleared, so that the handler runs with interrupts off; the pushed FLAGS keep them.
TEST(InterpControl, InterruptEntryClearsIfAndTf) {
  // sti; int 21h; and the handler at 0000:0600: hlt
  InterpRun guest({0xFB, 0xCD, 0x21, 0xF4});
  guest.handle(0x21, 0x600);
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  CpuState s = guest.state();
  EXPECT_EQ(s.eip, 0x601u) << "halted in the handler";
  EXPECT_EQ(s.eflags & (flag::if_ | flag::tf), 0u);
  EXPECT_EQ(guest.word(0x0FFE) & flag::if_, flag::if_) << "the pushed FLAGS";
  EXPECT_EQ(guest.word(0x0FFA), 0x7C03) << "the pushed IP, past the INT";
  // The same for an exception (#UD from ud2), which pushes its own IP.
  InterpRun fault({0xFB, 0x0F, 0x0B, 0xF4});
  fault.handle(6, 0x600);
  fault.set([](CpuState& st) { st.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(fault.run().reason, StopReason::hlt);
  EXPECT_EQ(fault.state().eflags & flag::if_, 0u);
  EXPECT_EQ(fault.word(0x0FFA), 0x7C01) << "the pushed IP, the faulting UD2's";
}

// `code` padded to 0x110 bytes, with a #DB handler at 0000:7D00 that counts its calls in the
// word at 0000:`counter` and returns (IVT entry 1 must point there: set_word(4, 0x7D00)).
std::vector<std::uint8_t> with_trap_counter(std::vector<std::uint8_t> code, std::uint16_t counter) {
  code.resize(0x110, 0x90);
  // inc word [counter]; iret
  const std::vector<std::uint8_t> handler = {0xFF, 0x06, static_cast<std::uint8_t>(counter),
                                             static_cast<std::uint8_t>(counter >> 8), 0xCF};
  std::copy(handler.begin(), handler.end(), code.begin() + 0x100);
  return code;
}

// TF: a #DB trap after every instruction executed with TF set (not after the POPF that set it).
TEST(InterpControl, SingleStepTrap) {
  // pushf; pop ax; or ax, 0x100; push ax; popf; nop; nop; nop; hlt
  InterpRun guest(with_trap_counter({0x9C, 0x58, 0x0D, 0x00, 0x01, 0x50, 0x9D, 0x90, 0x90, 0x90, 0xF4}, 0x600));
  guest.set_word(4, 0x7D00);
  guest.set_word(6, 0);
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.word(0x600), 3);
}

TEST(InterpControl, MovSsHoldsOffTheTrapForOneInstruction) {
  // TF set; mov ss, ax; nop; hlt. Traps: after nop only (not after mov ss).
  InterpRun guest(with_trap_counter({0x8E, 0xD0, 0x90, 0xF4}, 0x600));
  guest.set_word(4, 0x7D00);
  guest.set([](CpuState& s) {
    s.reg(Gpr::esp) = 0x1000;
    s.eflags |= flag::tf;
  });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.word(0x600), 1);
}

// Only MOV SS and POP SS hold the trap off (SDM Vol. 3, 6.8.3); LSS sets SS:SP at once and does
// not (found when the lockstep began comparing the interrupt shadow with KVM's).
TEST(InterpControl, LssDoesNotHoldOffTheTrap) {
  // TF set; lss sp, [0600h]; nop; hlt. Traps: after lss and after nop. The handler counts at
  // 0610h; the pointer at 0600h is 0000:1000.
  InterpRun guest(with_trap_counter({0x0F, 0xB2, 0x26, 0x00, 0x06, 0x90, 0xF4}, 0x610));
  guest.set_word(4, 0x7D00);
  guest.set_word(0x600, 0x1000);
  guest.set([](CpuState& s) {
    s.reg(Gpr::esp) = 0x1000;
    s.eflags |= flag::tf;
  });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.word(0x610), 2);
  EXPECT_EQ(guest.reg(Gpr::esp), 0x1000u);
}

TEST(InterpSelfModifying, StoreIntoDecodedCodeTakesEffect) {
  // mov cx,2; L: mov al,0; mov byte [7C04h],42h; loop L; hlt
  InterpRun guest({0xB9, 0x02, 0x00, 0xB0, 0x00, 0xC6, 0x06, 0x04, 0x7C, 0x42, 0xE2, 0xF7, 0xF4});
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.state().reg(Gpr::eax) & 0xFF, 0x42u);
}

// A REP instruction that overwrites its own bytes goes on as it was decoded, one iteration per
// step as the lockstep runs it, as in one piece.
TEST(InterpSelfModifying, ARepOverwritingItselfGoesOnAsDecoded) {
  // mov di, 7C09h; mov cx, 2; mov al, 90h; cld; rep stosb (at 7C09h); hlt
  const std::vector<std::uint8_t> code = {0xBF, 0x09, 0x7C, 0xB9, 0x02, 0x00, 0xB0, 0x90, 0xFC, 0xF3, 0xAA, 0xF4};
  for (bool one_per_step : {false, true}) {
    InterpRun guest(code);
    guest.interpreter->set_one_iteration_per_step(one_per_step);
    RunResult result{};
    for (int steps = 0; steps < 20; ++steps) {
      result = guest.interpreter->step();
      if (result.reason != StopReason::limit) break;
    }
    EXPECT_EQ(result.reason, StopReason::hlt) << one_per_step;
    EXPECT_EQ(guest.reg(Gpr::ecx), 0u) << one_per_step;
    EXPECT_EQ(guest.reg(Gpr::edi), 0x7C0Bu) << one_per_step;
    EXPECT_EQ(guest.state().eip, 0x7C0Cu) << one_per_step;  // past the HLT: no NOP executed in between
  }
  EXPECT_EQ(InterpRun(code).interpreter->paused_instruction(), std::nullopt);
}

TEST(InterpSelfModifying, RepMovsAndPortInputRewriteCode) {
  // mov cx,2; L: mov al,0 (7C03); push cx; mov si,7D00h; mov di,7C04h; mov cx,1; rep movsb; pop cx; loop L; hlt
  std::vector<std::uint8_t> code = {0xB9, 0x02, 0x00, 0xB0, 0x00, 0x51, 0xBE, 0x00, 0x7D, 0xBF, 0x04, 0x7C,
                                    0xB9, 0x01, 0x00, 0xF3, 0xA4, 0x59, 0xE2, 0xEF, 0xF4};
  code.resize(0x101, 0);
  code[0x100] = 0x77;
  InterpRun copy(code);
  ASSERT_EQ(copy.run().reason, StopReason::hlt);
  EXPECT_EQ(copy.state().reg(Gpr::eax) & 0xFF, 0x77u);

  // The same with insb from the debug console (which reads 0xE9) into the immediate.
  // mov cx,2; L: mov al,0; push cx; mov dx,0E9h; mov di,7C04h; insb; pop cx; loop L; hlt
  InterpRun input({0xB9, 0x02, 0x00, 0xB0, 0x00, 0x51, 0xBA, 0xE9, 0x00, 0xBF, 0x04, 0x7C, 0x6C, 0x59, 0xE2, 0xF3, 0xF4});
  ASSERT_EQ(input.run().reason, StopReason::hlt);
  EXPECT_EQ(input.state().reg(Gpr::eax) & 0xFF, 0xE9u);
}

TEST(InterpLimits, MaxInsnsIsExact) {
  InterpRun guest({0x40, 0xEB, 0xFD});  // L: inc ax; jmp L
  RunResult result = guest.run(1001);
  EXPECT_EQ(result.reason, StopReason::limit);
  EXPECT_EQ(result.exit_status, 10);
  EXPECT_EQ(result.insns, 1001u);
  EXPECT_EQ(guest.state().reg(Gpr::eax), 501u);
  EXPECT_EQ(result.message, "guest stopped: --max-insns 1001 reached at 0000:7c01");
}

TEST(InterpLimits, UnsupportedInstructionsStopWithTheirName) {
  InterpRun fpu({0x90, 0xD9, 0xE8});  // fld1
  RunResult result = fpu.run();
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message, "unsupported instruction at 0000:7c01: fld1 (bytes d9 e8); emu's interpreter stops here");
  InterpRun pm({0x0F, 0x22, 0xC0});  // mov cr0, eax with PE
  pm.set([](CpuState& s) { s.reg(Gpr::eax) = 0x11; });
  result = pm.run();
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_NE(result.message.find("protected mode is not supported"), std::string::npos) << result.message;
}

TEST(InterpLimits, FetchOutsideRamStops) {
  InterpRun guest({0xEA, 0x10, 0x00, 0xFF, 0xFF}, 0x100000);  // jmp ffff:0010
  RunResult result = guest.run();
  EXPECT_EQ(result.exit_status, 8);
  EXPECT_EQ(result.message, "guest executed unassigned memory at ffff:0010 (outside RAM)");
}

TEST(InterpLimits, InvalidOpcodeRaisesUd) {
  InterpRun guest({0x0F, 0xFF, 0xC0, 0xF4});  // ud0
  guest.handle(6, 0x500);
  guest.set([](CpuState& s) { s.reg(Gpr::esp) = 0x1000; });
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.state().eip, 0x501u);
  EXPECT_EQ(guest.word(0x0FFA), 0x7C00);
}

}  // namespace
}  // namespace emu::test
