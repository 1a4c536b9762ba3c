// The fact sheet (decoder/ops.def, operation.h) against what the interpreter does: a family
// names the file whose selector has a handler for every instruction of it, and NOFAULT
// operations, run on registers from random values, never raise an exception. The flag rules
// that depend on a shift's count are checked against the SDM's text.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>
#include <vector>

#include "backends/interp/handlers.h"
#include "decoder/decode.h"
#include "decoder/flags.h"
#include "decoder/operation.h"
#include "interp_test_support.h"

namespace emu::test {
namespace {

using x86::Op;
using namespace x86::flags;

// Every opcode of the one-byte and 0F maps with each ModRM byte, followed by `tail`.
template <class F>
void for_each_encoding(const std::vector<std::uint8_t>& tail, F&& visit) {
  for (unsigned map = 0; map < 2; ++map) {
    for (unsigned opcode = 0; opcode < 256; ++opcode) {
      for (unsigned modrm = 0; modrm < 256; ++modrm) {
        std::vector<std::uint8_t> bytes;
        if (map == 1) bytes.push_back(0x0F);
        bytes.push_back(static_cast<std::uint8_t>(opcode));
        bytes.push_back(static_cast<std::uint8_t>(modrm));
        bytes.insert(bytes.end(), tail.begin(), tail.end());
        visit(bytes);
      }
    }
  }
}

x86::InstructionSet instruction_set(CpuProfile profile) {
  return profile == CpuProfile::i286 ? x86::InstructionSet::i80286 : x86::InstructionSet::i386_and_later;
}

TEST(OperationFacts, EveryDecodedInstructionHasAHandlerInTheFileOfItsFamily) {
  const std::vector<std::uint8_t> tail = {0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x11, 0x22, 0x33, 0x44};
  for (CpuProfile profile : all_profiles()) {
    unsigned missing = 0;
    for_each_encoding(tail, [&](const std::vector<std::uint8_t>& bytes) {
      const x86::Instruction insn = x86::decode(bytes, instruction_set(profile));
      if (!interp::select_handler(insn, profile) && missing++ < 5) {
        ADD_FAILURE() << fmt::format("{:02x}: {} ({}) has no handler", fmt::join(bytes, " "), x86::mnemonic(insn.op),
                                     static_cast<int>(x86::family(insn.op)));
      }
    });
    EXPECT_EQ(missing, 0u) << profile_name(profile);
  }
}

bool on_registers_only(const x86::Instruction& insn) {
  for (const x86::Operand& operand : insn.operands) {
    if (operand.kind == x86::OperandKind::sreg || x86::accesses_memory(operand)) return false;
  }
  return true;
}

TEST(OperationFacts, NoFaultOperationsOnRegistersRaiseNoException) {
  std::mt19937 random(7);
  for (CpuProfile profile : {CpuProfile::intel, CpuProfile::amd, CpuProfile::i286}) {
    unsigned runs = 0;
    std::vector<bool> seen(x86::op_count, false);
    for (int round = 0; round < 2; ++round) {
      std::vector<std::uint8_t> tail(12);
      for (std::uint8_t& byte : tail) byte = static_cast<std::uint8_t>(random());
      for_each_encoding(tail, [&](const std::vector<std::uint8_t>& bytes) {
        const x86::Instruction insn = x86::decode(bytes, instruction_set(profile));
        if (!insn.valid() || !x86::has_trait(insn.op, x86::traits::NOFAULT) || !on_registers_only(insn)) return;
        if ((bytes[bytes[0] == 0x0F ? 2 : 1] & 0xC0) != 0xC0) return;  // register ModRMs (and fewer repeats)
        InterpRun run(bytes, 0x10000, profile);
        run.set([&](CpuState& state) {
          for (std::uint32_t& gpr : state.gpr) gpr = static_cast<std::uint32_t>(random());
          state.eflags = (static_cast<std::uint32_t>(random()) & 0x0CD5) | 2;
        });
        run.run(1);
        ++runs;
        seen[static_cast<unsigned>(insn.op)] = true;
        EXPECT_FALSE(run.interpreter->last_exception().has_value())
            << fmt::format("{:02x}: {} raised {}", fmt::join(bytes.begin(), bytes.begin() + insn.length, " "),
                           x86::mnemonic(insn.op), *run.interpreter->last_exception());
        EXPECT_EQ(run.state().eip, code_base + insn.length) << x86::mnemonic(insn.op);
      });
    }
    for (unsigned op = 0; op < x86::op_count; ++op) {
      const bool runs_on_registers = static_cast<Op>(op) != Op::lea;  // LEA's operand is memory in form
      if (x86::has_trait(static_cast<Op>(op), x86::traits::NOFAULT) && runs_on_registers &&
          profile != CpuProfile::i286) {
        EXPECT_TRUE(seen[op]) << "no register form of " << x86::mnemonic(static_cast<Op>(op)) << " was run";
      }
    }
    EXPECT_GT(runs, 1000u) << profile_name(profile);
  }
}

x86::Instruction decoded(std::vector<std::uint8_t> bytes) {
  bytes.resize(16, 0x90);
  return x86::decode(bytes);
}

// SDM vol. 2B, SAL/SAR/SHL/SHR and RCL/RCR/ROL/ROR, "Flags Affected": a masked count of 0
// affects no flag; OF is defined for 1-bit shifts only; RCL/RCR rotate by (count & 1Fh) mod 9
// (bytes) or mod 17 (words), so a whole turn leaves CF as it was. SHLD/SHRD likewise.
TEST(OperationFacts, FlagsOfAShiftFollowItsCountAsTheSdmSays) {
  const x86::Instruction shl_cl = decoded({0xD3, 0xE2});           // shl dx,cl
  const x86::Instruction rcl_cl_byte = decoded({0xD2, 0xD0});      // rcl al,cl
  const x86::Instruction rcr_cl_word = decoded({0xD3, 0xD8});      // rcr ax,cl
  const x86::Instruction rcl_cl_dword = decoded({0x66, 0xD3, 0xD0});  // rcl eax,cl
  const x86::Instruction shld_cl = decoded({0x0F, 0xA5, 0xD8});    // shld ax,bx,cl
  for (std::uint32_t zero : {0u, 32u, 64u, 0xE0u}) {
    EXPECT_EQ(x86::flag_info(shl_cl, zero).written, 0) << zero;
    EXPECT_EQ(x86::flag_info(shl_cl, zero).read, 0) << zero;
    EXPECT_EQ(x86::flag_info(shld_cl, zero).written, 0) << zero;
  }
  EXPECT_EQ(x86::flag_info(shl_cl, 1).written, ARITH);
  EXPECT_EQ(x86::flag_info(shl_cl, 1).undefined, A);
  EXPECT_EQ(x86::flag_info(shl_cl, 33).undefined, A);  // 33 masks to 1
  EXPECT_EQ(x86::flag_info(shl_cl, 2).undefined, A | O);
  EXPECT_EQ(x86::flag_info(shld_cl, 1).undefined, A);
  for (std::uint32_t whole : {9u, 18u, 27u}) {
    const x86::FlagInfo info = x86::flag_info(rcl_cl_byte, whole);
    EXPECT_EQ(info.written, O) << whole;  // CF comes back; OF is left undefined
    EXPECT_EQ(info.undefined, O) << whole;
  }
  EXPECT_EQ(x86::flag_info(rcl_cl_byte, 10).written, C | O);
  EXPECT_EQ(x86::flag_info(rcr_cl_word, 17).written, O);
  EXPECT_EQ(x86::flag_info(rcr_cl_word, 9).written, C | O);  // a word turns by 17, not 9
  EXPECT_EQ(x86::flag_info(rcl_cl_dword, 17).written, C | O);  // no modulo for doublewords
  // Outside the shifts the count means nothing.
  const x86::Instruction add = decoded({0x01, 0xD8});
  EXPECT_EQ(x86::flag_info(add, 0).written, ARITH);
}

TEST(OperationFacts, AShiftsCountIsKnownWhenTheInstructionFixesIt) {
  EXPECT_EQ(x86::shift_count(decoded({0xD1, 0xE2})), 1u);              // shl dx,1
  EXPECT_EQ(x86::shift_count(decoded({0xC1, 0xE2, 0x05})), 5u);        // shl dx,5
  EXPECT_EQ(x86::shift_count(decoded({0x0F, 0xA4, 0xD8, 0x03})), 3u);  // shld ax,bx,3
  EXPECT_FALSE(x86::shift_count(decoded({0xD3, 0xE2})));               // shl dx,cl
  EXPECT_FALSE(x86::shift_count(decoded({0x0F, 0xA5, 0xD8})));         // shld ax,bx,cl
  EXPECT_FALSE(x86::shift_count(decoded({0x83, 0xC0, 0x05})));         // add ax,5
}

}  // namespace
}  // namespace emu::test
