// Dead flag elimination (backends/interp/flag_liveness.h): which instructions of a block lose
// their flag updates. Whether the state stays exact is checked by running blocks against single
// steps (block_test.cpp, RandomPrograms.BlocksAgreeWithSingleSteps); this checks the decisions.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "backends/interp/flag_liveness.h"
#include "backends/interp/handlers.h"
#include "decoder/decode.h"

namespace emu::interp {
namespace {

using Bytes = std::vector<std::uint8_t>;

// For a block of these instructions (the last an exit form when `ends_in_exit`), which ones
// drop_dead_flags gives a flagless handler.
std::vector<bool> dropped(const std::vector<Bytes>& instructions, bool ends_in_exit = false) {
  std::vector<BlockEntry> entries;
  for (const Bytes& bytes : instructions) {
    Bytes window = bytes;
    window.resize(32, 0x90);
    x86::Instruction insn = x86::decode(window);
    EXPECT_EQ(insn.length, bytes.size());
    entries.push_back({select_handler(insn, CpuProfile::intel).chain, insn});
  }
  const std::vector<BlockEntry> before = entries;
  drop_dead_flags(entries, ends_in_exit);
  std::vector<bool> result;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    result.push_back(entries[i].chain != before[i].chain);
    if (result.back()) {
      const Handler flagless = select_flagless(entries[i].insn);
      EXPECT_TRUE(entries[i].chain == flagless.chain || entries[i].chain == flagless.silent_chain);
    }
  }
  return result;
}

const Bytes add_ax_bx = {0x01, 0xD8};
const Bytes xor_cx_dx = {0x31, 0xD1};
const Bytes sub_si_di = {0x29, 0xFE};
const Bytes cmp_ax_bx = {0x39, 0xD8};
const Bytes inc_ax = {0x40};
const Bytes jz_back = {0x74, 0xF0};
const Bytes jc_back = {0x72, 0xF0};

TEST(FlagLiveness, FlagsOverwrittenBeforeTheBlockEndsAreDropped) {
  // The last writer's flags leave the block: whatever follows may read them.
  EXPECT_EQ(dropped({add_ax_bx, xor_cx_dx, sub_si_di}), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(dropped({cmp_ax_bx, add_ax_bx}), (std::vector<bool>{true, false}));
}

TEST(FlagLiveness, AReaderKeepsTheFlagsItReads) {
  // JZ reads ZF, which SUB writes: SUB keeps its flags, ADD before it does not need them.
  EXPECT_EQ(dropped({add_ax_bx, sub_si_di, jz_back}, true), (std::vector<bool>{true, false, false}));
  // RCL reads CF, which only ADD provides.
  EXPECT_EQ(dropped({add_ax_bx, {0xD1, 0xD2} /* rcl dx,1 */, sub_si_di}), (std::vector<bool>{false, true, false}));
  // INC keeps CF: ADC reads ADD's CF through it, while INC's own flags are dead (and ADC's, which
  // SUB overwrites).
  EXPECT_EQ(dropped({add_ax_bx, inc_ax, {0x83, 0xD2, 0x00} /* adc dx,0 */, sub_si_di}),
            (std::vector<bool>{false, true, true, false}));
  // Every flag is live after the block: INC's leave it, and so does ADD's CF.
  EXPECT_EQ(dropped({add_ax_bx, inc_ax, jc_back}, true), (std::vector<bool>{false, false, false}));
  // ADD overwrites every flag INC writes, and JC reads only ADD's CF.
  EXPECT_EQ(dropped({inc_ax, add_ax_bx, jc_back}, true), (std::vector<bool>{true, false, false}));
}

TEST(FlagLiveness, AShiftByAPossiblyZeroCountOverwritesNothing) {
  // SHL DX,CL leaves the flags alone when CL is 0: ADD's ZF may reach the JZ.
  EXPECT_EQ(dropped({add_ax_bx, {0xD3, 0xE2} /* shl dx,cl */, jz_back}, true),
            (std::vector<bool>{false, false, false}));
  // SHL DX,1 always writes them.
  EXPECT_EQ(dropped({add_ax_bx, {0xD1, 0xE2} /* shl dx,1 */, jz_back}, true), (std::vector<bool>{true, false, false}));
  // An immediate count that masks to 0 (32) writes nothing either.
  EXPECT_EQ(dropped({add_ax_bx, {0xC1, 0xE2, 0x20} /* shl dx,32 */, jz_back}, true),
            (std::vector<bool>{false, false, false}));
}

TEST(FlagLiveness, AnInstructionThatMayFaultObservesEveryFlag) {
  // MOV CX,[SI] may raise #GP, whose handler sees FLAGS: ADD's flags must be exact there.
  EXPECT_EQ(dropped({add_ax_bx, {0x8B, 0x0C} /* mov cx,[si] */, sub_si_di}), (std::vector<bool>{false, false, false}));
  // A memory source may fault too, but a fault leaves its own flags unwritten: they may go.
  EXPECT_EQ(dropped({add_ax_bx, {0x03, 0x04} /* add ax,[si] */, sub_si_di}), (std::vector<bool>{false, true, false}));
}

TEST(FlagLiveness, AnInstructionThatWritesMemoryKeepsItsFlags) {
  // A store can rewrite code and stop the block there, with every flag as it stands.
  EXPECT_EQ(dropped({{0x01, 0x07} /* add [bx],ax */, sub_si_di}), (std::vector<bool>{false, false}));
  // CMP with a memory first operand does not write it.
  EXPECT_EQ(dropped({{0x39, 0x07} /* cmp [bx],ax */, sub_si_di}), (std::vector<bool>{true, false}));
}

}  // namespace
}  // namespace emu::interp
