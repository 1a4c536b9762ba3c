// The interpreter's blocks (backends/interp/block_cache.h) against its single-instruction path:
// run() executes straight-line code as blocks, step() one instruction at a time without them, so
// the two must leave the same state, count and stop after every number of instructions,
// including when a block is cut short by a fault, an event, self-modifying code or the limit.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

// The state after `n` instructions through step() alone (or fewer, if the guest stops first),
// with the count step() reports.
struct Reference {
  CpuState state;
  std::uint64_t insns = 0;
  StopReason stop = StopReason::limit;
};

using GuestSetup = std::function<void(InterpRun&)>;

Reference stepped(const std::vector<std::uint8_t>& code, std::uint64_t n, const GuestSetup& setup) {
  InterpRun guest(code);
  if (setup) setup(guest);
  Reference reference;
  for (std::uint64_t i = 0; i < n; ++i) {
    RunResult result = guest.interpreter->step();
    reference.insns = result.insns.value_or(0);
    if (result.reason != StopReason::limit) {
      reference.stop = result.reason;
      break;
    }
  }
  reference.state = guest.state();
  return reference;
}

// run() with a limit of n, for every n up to `up_to`, must match stepping n times.
void expect_blocks_match_steps(const std::vector<std::uint8_t>& code, std::uint64_t up_to,
                               const GuestSetup& setup = {}) {
  for (std::uint64_t n = 1; n <= up_to; ++n) {
    InterpRun guest(code);
    if (setup) setup(guest);
    RunResult result = guest.run(n);
    Reference reference = stepped(code, n, setup);
    ASSERT_EQ(result.insns.value_or(0), reference.insns) << "limit " << n;
    ASSERT_EQ(result.reason, reference.stop) << "limit " << n;
    CpuState state = guest.state();
    ASSERT_TRUE(state == reference.state) << fmt::format("limit {}: IP {:#x} vs {:#x}, EAX {:#x} vs {:#x}", n, state.eip,
                                                         reference.state.eip, state.gpr[0], reference.state.gpr[0]);
  }
}

TEST(InterpBlocks, EveryLimitInsideALoopIsExact) {
  // mov cx,20; L: inc ax; add bx,ax; xor dx,bx; shl dx,1; rol bx,3; inc si; loop L; hlt
  expect_blocks_match_steps({0xB9, 0x14, 0x00, 0x40, 0x01, 0xC3, 0x31, 0xDA, 0xD1, 0xE2, 0xC1, 0xC3, 0x03, 0x46,
                             0xE2, 0xF3, 0xF4},
                            150);
}

TEST(InterpBlocks, StoreIntoTheNextInstructionOfARunningBlock) {
  // mov cx,3; L: mov [7C08h],cl (the immediate of the next instruction); mov al,0; add bl,al;
  // loop L; hlt. From the second pass on, the store and the instruction it rewrites sit in one
  // block: the block must stop and the new byte be executed.
  std::vector<std::uint8_t> code = {0xB9, 0x03, 0x00, 0x88, 0x0E, 0x08, 0x7C, 0xB0, 0x00, 0x00, 0xC3, 0xE2, 0xF6, 0xF4};
  InterpRun guest(code);
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.reg(Gpr::ebx) & 0xFF, 3u + 2u + 1u);
  expect_blocks_match_steps(code, 20);
}

// mov cx,2; L: inc ax; mov bx,[si]; inc ax; mov si,0FFFFh; loop L; hlt. The second pass reads a
// word at DS:FFFF: #GP from inside the block (its handler: a HLT at 0000:0500).
const std::vector<std::uint8_t> fault_program = {0xB9, 0x02, 0x00, 0x40, 0x8B, 0x1C, 0x40,
                                                 0xBE, 0xFF, 0xFF, 0xE2, 0xF7, 0xF4};

TEST(InterpBlocks, FaultInTheMiddleOfABlockReportsItsInstruction) {
  InterpRun guest(fault_program);
  guest.handle(13, 0x500);
  RunResult result = guest.run();
  ASSERT_EQ(result.reason, StopReason::hlt);
  CpuState state = guest.state();
  EXPECT_EQ(state.eip, 0x501u);
  EXPECT_EQ(state.gpr[0], 3u);             // the second pass's first INC ran, not its second
  EXPECT_EQ(guest.word(0xFFFA), 0x7C04u);  // the pushed IP: the faulting MOV's
  // MOV CX, one pass, INC, the faulting MOV (it counts), HLT.
  EXPECT_EQ(result.insns.value_or(0), 1u + 5u + 1u + 1u + 1u);
}

TEST(InterpBlocks, FaultsAndEventsInsideBlocksAtEveryLimit) {
  expect_blocks_match_steps(fault_program, 12, [](InterpRun& guest) { guest.handle(13, 0x500); });
  // Events in the middle of straight-line code on every pass: STI with IF clear (the interrupt
  // shadow), POPF (FLAGS loaded), MOV SS (no trap after it).
  // mov cx,4; L: inc ax; sti; inc bx; cli; pushf; popf; inc dx; mov ss,di; inc si; loop L; hlt
  expect_blocks_match_steps({0xB9, 0x04, 0x00, 0x40, 0xFB, 0x43, 0xFA, 0x9C, 0x9D, 0x42, 0x8E, 0xD7, 0x46, 0xE2,
                             0xF4, 0xF4},
                            50);
}

TEST(InterpBlocks, AFaultSeesTheFlagsOfTheInstructionBeforeIt) {
  // mov cx,2; L: add ax,bx; mov dx,[si]; sub di,bp; mov si,0FFFFh; loop L; hlt. SUB overwrites
  // every flag ADD sets, but the second pass's MOV faults in between (a word at DS:FFFF): the
  // #GP handler (a HLT) must see ADD's flags (AX = 7FFFh + 1 + 1: SF, not SUB's ZF).
  const std::vector<std::uint8_t> code = {0xB9, 0x02, 0x00, 0x01, 0xD8, 0x8B, 0x14, 0x29,
                                          0xEF, 0xBE, 0xFF, 0xFF, 0xE2, 0xF5, 0xF4};
  const GuestSetup setup = [](InterpRun& guest) {
    guest.handle(13, 0x500);
    guest.set([](CpuState& s) {
      s.reg(Gpr::eax) = 0x7FFF;
      s.reg(Gpr::ebx) = 1;
    });
  };
  InterpRun guest(code);
  setup(guest);
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.state().eflags & (flag::sf | flag::zf), flag::sf);
  expect_blocks_match_steps(code, 12, setup);
}

TEST(InterpBlocks, AFaultInABlockEnteredFromTheOneBefore) {
  // mov cx,5; mov si,0FFF9h; L: inc ax; jmp M; M: mov bx,[si]; add si,2; loop L; hlt. Two
  // blocks per pass that, once linked, go straight on into each other (end_block); the fourth
  // pass reads a word at DS:FFFF in the second.
  const std::vector<std::uint8_t> code = {0xB9, 0x05, 0x00, 0xBE, 0xF9, 0xFF, 0x40, 0xEB, 0x00,
                                          0x8B, 0x1C, 0x83, 0xC6, 0x02, 0xE2, 0xF6, 0xF4};
  InterpRun guest(code);
  guest.handle(13, 0x500);
  RunResult result = guest.run();
  ASSERT_EQ(result.reason, StopReason::hlt);
  EXPECT_EQ(guest.reg(Gpr::eax) & 0xFFFF, 4u);
  EXPECT_EQ(guest.word(0xFFFA), 0x7C09u);  // the pushed IP: the faulting MOV's
  // MOV CX, MOV SI, three passes of five, INC, JMP, the faulting MOV, HLT.
  EXPECT_EQ(result.insns.value_or(0), 2u + 15u + 3u + 1u);
  expect_blocks_match_steps(code, 25, [](InterpRun& run) { run.handle(13, 0x500); });
}

TEST(InterpBlocks, AnExceptionPushedOntoCachedCode) {
  // mov sp,7C06h; mov ax,[0FFFFh]: the #GP's pushes overwrite both instructions, which are
  // cached. The handler at 0500h, L: inc cx; cmp cx,5; jne L; hlt, runs as blocks of instructions
  // that do not test for events: nothing may be left over from the delivery for them to report.
  const std::vector<std::uint8_t> code = {0xBC, 0x06, 0x7C, 0xA1, 0xFF, 0xFF};
  const GuestSetup setup = [](InterpRun& guest) {
    guest.set_word(13 * 4, 0x500);
    guest.set_word(13 * 4 + 2, 0);
    const std::uint8_t handler[] = {0x41, 0x83, 0xF9, 0x05, 0x75, 0xFA, 0xF4};
    std::copy(std::begin(handler), std::end(handler), guest.ram() + 0x500);
  };
  InterpRun guest(code);
  setup(guest);
  RunResult result = guest.run();
  ASSERT_EQ(result.reason, StopReason::hlt);
  EXPECT_EQ(guest.reg(Gpr::ecx) & 0xFFFF, 5u);
  EXPECT_EQ(result.insns.value_or(0), 2u + 5u * 3u + 1u);
  expect_blocks_match_steps(code, 20, setup);
}

TEST(InterpBlocks, StosIntoTheNextInstructionsOfARunningBlock) {
  // mov cx,3; mov di,7C0Ch; L: mov al,cl; stosb (into ADD's immediate); dec di; add bl,0; loop L;
  // hlt. STOSB's fast form in a block declines a store into code: the exact one takes it.
  const std::vector<std::uint8_t> code = {0xB9, 0x03, 0x00, 0xBF, 0x0C, 0x7C, 0x88, 0xC8,
                                          0xAA, 0x4F, 0x80, 0xC3, 0x00, 0xE2, 0xF7, 0xF4};
  InterpRun guest(code);
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  EXPECT_EQ(guest.reg(Gpr::ebx) & 0xFF, 3u + 2u + 1u);
  expect_blocks_match_steps(code, 20);
}

TEST(InterpBlocks, LoadsThatReachBeyondRamInsideABlock) {
  // With 64 KiB of RAM and DS = 0FFFh (base FFF0h): mov cx,3; L: mov ax,[000Fh]; add bx,[000Fh];
  // mov si,000Fh; lodsw; loop L; hlt. Each word is RAM's last byte and one unassigned byte
  // (0xFF): the fast forms decline it, the exact ones read the MMIO bus.
  const std::vector<std::uint8_t> code = {0xB9, 0x03, 0x00, 0xA1, 0x0F, 0x00, 0x03, 0x1E, 0x0F, 0x00,
                                          0xBE, 0x0F, 0x00, 0xAD, 0xE2, 0xF3, 0xF4};
  auto prepare = [&](InterpRun& guest) {
    guest.ram()[0xFFFF] = 0x12;
    guest.set([](CpuState& s) { load_real_mode_segment(s.seg[static_cast<unsigned>(Sreg::ds)], 0x0FFF); });
  };
  InterpRun guest(code, 0x10000);
  prepare(guest);
  RunResult result = guest.run();
  ASSERT_EQ(result.reason, StopReason::hlt);
  EXPECT_EQ(guest.reg(Gpr::eax) & 0xFFFF, 0xFF12u);
  EXPECT_EQ(guest.reg(Gpr::ebx) & 0xFFFF, (3u * 0xFF12u) & 0xFFFF);
  InterpRun stepped_guest(code, 0x10000);
  prepare(stepped_guest);
  RunResult last;
  do {
    last = stepped_guest.interpreter->step();
  } while (last.reason == StopReason::limit);
  EXPECT_EQ(result.insns, last.insns);
  EXPECT_TRUE(guest.state() == stepped_guest.state());
}

// Straight-line code that ends exactly at offset FFFF goes on at IP 0 of the same segment, as on
// the 8086 and the 80286 (docs/cpu-model.md): the block ends there and its successor wraps. A
// loop across the wrap, so that the code runs as blocks after the first pass.
TEST(InterpBlocks, StraightCodeRunningOffTheSegmentWrapsToIpZero) {
  InterpRun guest({0xF4});
  std::uint8_t* ram = guest.ram();
  std::fill(ram + 0x2FFFC, ram + 0x30000, 0x40);  // 2000:FFFC: inc ax x 4
  // 2000:0000: inc bx; cmp bx, 3; jne FFFC; hlt
  const std::uint8_t after_wrap[] = {0x43, 0x83, 0xFB, 0x03, 0x75, 0xF6, 0xF4};
  std::copy(std::begin(after_wrap), std::end(after_wrap), ram + 0x20000);
  guest.set([](CpuState& s) {
    load_real_mode_segment(s.sreg(Sreg::cs), 0x2000);
    s.eip = 0xFFFC;
  });
  RunResult result = guest.run();
  ASSERT_EQ(result.reason, StopReason::hlt) << result.message;
  EXPECT_EQ(guest.state().eip, 7u);
  EXPECT_EQ(guest.reg(Gpr::eax) & 0xFFFF, 12u);
  EXPECT_EQ(guest.reg(Gpr::ebx) & 0xFFFF, 3u);
  EXPECT_EQ(result.insns, 22u);
}

TEST(InterpBlocks, RdtscInsideStraightLineCodeReadsTheExactCount) {
  // mov cx,3; L: inc ax; inc ax; rdtsc; mov [bx+7D00h],ax; add bx,2; loop L; hlt
  std::vector<std::uint8_t> code = {0xB9, 0x03, 0x00, 0x40, 0x40, 0x0F, 0x31, 0x89, 0x87, 0x00, 0x7D,
                                    0x83, 0xC3, 0x02, 0xE2, 0xF3, 0xF4};
  InterpRun guest(code);
  ASSERT_EQ(guest.run().reason, StopReason::hlt);
  // RDTSC returns the instructions completed before it: 1 + 2, then 6 more per pass.
  EXPECT_EQ(guest.word(0x7D00), 3u);
  EXPECT_EQ(guest.word(0x7D02), 9u);
  EXPECT_EQ(guest.word(0x7D04), 15u);
  expect_blocks_match_steps(code, 25);
}

TEST(InterpBlocks, CodeRewrittenOnEveryPassOutgrowsTheBlockArena) {
  // mov cx,6000; L: mov [L2+1],cl; 60 x inc bx; L2: mov al,0; add dx,ax; loop L; hlt. Every pass
  // rewrites code, so every pass makes all blocks stale and builds new ones: more than the block
  // arena holds (BlockCache: 2^18 entries), so it is emptied on the way, while blocks run.
  std::vector<std::uint8_t> code = {0xB9, 0x70, 0x17, 0x88, 0x0E, 0x00, 0x00};
  const std::size_t immediate = code.size() + 60 + 1;
  code[5] = static_cast<std::uint8_t>((code_base + immediate) & 0xFF);
  code[6] = static_cast<std::uint8_t>((code_base + immediate) >> 8);
  code.insert(code.end(), 60, 0x43);
  code.insert(code.end(), {0xB0, 0x00, 0x01, 0xC2});
  const auto back = static_cast<std::uint8_t>(3 - static_cast<int>(code.size() + 2));
  code.insert(code.end(), {0xE2, back, 0xF4});
  InterpRun guest(code);
  RunResult result = guest.run(1'000'000);
  ASSERT_EQ(result.reason, StopReason::hlt);
  // DX sums CL over the passes, 6000 down to 1, modulo 2^16 (the immediate is CL's low byte).
  std::uint32_t sum = 0;
  for (std::uint32_t cl = 6000; cl >= 1; --cl) sum += cl & 0xFF;
  EXPECT_EQ(guest.reg(Gpr::edx) & 0xFFFF, sum & 0xFFFF);
  EXPECT_EQ(guest.reg(Gpr::ebx) & 0xFFFF, (6000u * 60u) & 0xFFFF);
  Reference reference = stepped(code, 1'000'000, {});
  EXPECT_EQ(result.insns.value_or(0), reference.insns);
  EXPECT_TRUE(guest.state() == reference.state);
}

}  // namespace
}  // namespace emu::test
