// The 80286's instruction set (decode_286): expected values from the 80286 Programmer's Reference
// Manual (opcode map, the 10-byte limit, LOCK) and from what the 386 added; the silicon check is
// tests/conformance.
#include <gtest/gtest.h>

#include <vector>

#include <fmt/format.h>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/instruction.h"

namespace emu::x86 {
namespace {

Instruction decode_as_286(std::vector<std::uint8_t> bytes) { return decode_286(bytes); }

TEST(Decode286, The386PrefixesAreUndefinedOpcodes) {
  for (std::uint8_t byte : {0x64, 0x65, 0x66, 0x67}) {
    Instruction insn = decode_as_286({byte, 0x90, 0x90});
    EXPECT_EQ(insn.op, Op::invalid) << int{byte};
    EXPECT_EQ(insn.length, 1) << int{byte};
    Instruction later = decode(std::vector<std::uint8_t>{byte, 0x90, 0x90});
    EXPECT_TRUE(later.valid() && later.length == 2) << "a prefix from the 386 on";
  }
  EXPECT_EQ(decode_as_286({0x26, 0x66, 0x90}).length, 2);  // es: then the undefined opcode
}

TEST(Decode286, OnlyTheSystemInstructionsLiveUnder0F) {
  EXPECT_EQ(decode_as_286({0x0F, 0x01, 0xE0}).op, Op::smsw);                 // smsw ax
  EXPECT_EQ(decode_as_286({0x0F, 0x01, 0x16, 0x00, 0x10}).op, Op::lgdt);     // lgdt [0x1000]
  EXPECT_EQ(decode_as_286({0x0F, 0x01, 0x0E, 0x00, 0x10}).op, Op::sidt);     // sidt [0x1000]
  EXPECT_EQ(decode_as_286({0x0F, 0x01, 0xF0}).op, Op::lmsw);                 // lmsw ax
  EXPECT_EQ(decode_as_286({0x0F, 0x00, 0xC0}).op, Op::sldt);                 // #UD in real mode, as later
  EXPECT_EQ(decode_as_286({0x0F, 0x06}).op, Op::clts);
  Instruction loadall = decode_as_286({0x0F, 0x05, 0x90});
  EXPECT_EQ(loadall.op, Op::loadall);
  EXPECT_EQ(loadall.length, 2);
  EXPECT_EQ(disassemble(loadall, 0), "loadall");
  // The 386's and later CPUs' 0F instructions.
  for (std::vector<std::uint8_t> bytes : std::vector<std::vector<std::uint8_t>>{
           {0x0F, 0xA2},                    // cpuid
           {0x0F, 0x84, 0x00, 0x00},        // jz near
           {0x0F, 0xB6, 0xC0},              // movzx ax, al
           {0x0F, 0xA0},                    // push fs
           {0x0F, 0x20, 0xC0},              // mov eax, cr0
           {0x0F, 0x01, 0x38},              // invlpg [bx+si]
           {0x0F, 0x01, 0xD0},              // xgetbv (0F 01 /2 with a register)
           {0x0F, 0x31},                    // rdtsc
       }) {
    Instruction insn = decode_as_286(bytes);
    EXPECT_EQ(insn.op, Op::invalid) << disassemble(decode(bytes), 0);
  }
}

TEST(Decode286, MovWithSegmentRegister4Or5IsUndefined) {
  EXPECT_EQ(decode_as_286({0x8C, 0xE0}).op, Op::invalid);  // mov ax, fs
  EXPECT_EQ(decode_as_286({0x8E, 0xE8}).op, Op::invalid);  // mov gs, ax
  EXPECT_EQ(decode_as_286({0x8C, 0xD8}).op, Op::mov);      // mov ax, ds
  EXPECT_EQ(decode_as_286({0x8E, 0xD0}).op, Op::mov);      // mov ss, ax
}

TEST(Decode286, LockIsAcceptedBeforeEveryInstruction) {
  Instruction locked_mov = decode_as_286({0xF0, 0x89, 0xD8});  // lock mov ax, bx
  EXPECT_EQ(locked_mov.op, Op::mov);
  EXPECT_EQ(locked_mov.length, 3);
  EXPECT_TRUE(locked_mov.has(prefix::lock));
  EXPECT_EQ(disassemble(locked_mov, 0), "lock mov ax, bx");
  EXPECT_EQ(decode(std::vector<std::uint8_t>{0xF0, 0x89, 0xD8}).op, Op::invalid) << "#UD from the 386 on";
  EXPECT_EQ(decode_as_286({0x2E, 0xF0, 0x26, 0xA4}).op, Op::movs);  // among other prefixes
  EXPECT_EQ(decode_as_286({0x2E, 0xF0, 0x26, 0xA4}).segment, 0);   // the last override (ES) counts
  // F1: a prefix that does nothing (not the 386's INT1).
  Instruction f1 = decode_as_286({0xF1, 0x90});
  EXPECT_EQ(f1.op, Op::nop);
  EXPECT_EQ(f1.length, 2);
  EXPECT_FALSE(f1.has(prefix::lock));
}

TEST(Decode286, InstructionsOfMoreThanTenBytesRaiseGp) {
  std::vector<std::uint8_t> ten(9, 0x26);
  ten.push_back(0x90);
  EXPECT_EQ(decode_as_286(ten).op, Op::nop);
  EXPECT_EQ(decode_as_286(ten).length, 10);
  std::vector<std::uint8_t> eleven(10, 0x26);
  eleven.push_back(0x90);
  EXPECT_EQ(decode_as_286(eleven).op, Op::too_long);
  EXPECT_EQ(decode(eleven).op, Op::nop) << "15 bytes are allowed from the 386 on";
  // Counted with LOCK and F1 prefixes and the instruction's own bytes: mov word [0x1234], 0x5678.
  std::vector<std::uint8_t> store = {0xF0, 0xF1, 0x26, 0x2E, 0xC7, 0x06, 0x34, 0x12, 0x78, 0x56};
  EXPECT_EQ(decode_as_286(store).op, Op::mov);
  store.insert(store.begin(), 0xF0);
  EXPECT_EQ(decode_as_286(store).op, Op::too_long);
  std::vector<std::uint8_t> only_prefixes(12, 0xF0);
  EXPECT_EQ(decode_as_286(only_prefixes).op, Op::too_long);
  // Past the limit before the opcode is known (found by decoder_fuzz): still #GP.
  std::vector<std::uint8_t> then_undefined(10, 0xF3);
  then_undefined.push_back(0x64);
  then_undefined.push_back(0x90);
  EXPECT_EQ(decode_as_286(then_undefined).op, Op::too_long);
  EXPECT_EQ(decode_as_286(then_undefined).length, 10);
  std::vector<std::uint8_t> then_loadall(9, 0x26);
  then_loadall.push_back(0x0F);
  then_loadall.push_back(0x05);
  EXPECT_EQ(decode_as_286(then_loadall).op, Op::too_long);
}

TEST(Decode286, RunningOutOfBytesIsTruncation) {
  EXPECT_EQ(decode_as_286({0x26, 0xF0}).op, Op::truncated);
  Instruction cut = decode_as_286({0xF0, 0xC7, 0x06, 0x34});
  EXPECT_EQ(cut.op, Op::truncated);
  EXPECT_EQ(cut.length, 4);
}

// Everything the 8086, the 80186 and the 80286 share with later CPUs decodes as it does there:
// every one-byte opcode and ModRM byte, with enough bytes after them for any form.
TEST(Decode286, TheSharedInstructionsDecodeAsOnLaterCpus) {
  std::size_t compared = 0;
  auto differs = [](unsigned byte) {
    return byte == 0x0F || (byte >= 0x64 && byte <= 0x67) || byte == 0xF0 || byte == 0xF1 || byte == 0x8C ||
           byte == 0x8E;
  };
  auto is_prefix = [](unsigned byte) {
    return byte == 0x26 || byte == 0x2E || byte == 0x36 || byte == 0x3E || byte == 0xF2 || byte == 0xF3;
  };
  for (unsigned opcode = 0; opcode < 0x100; ++opcode) {
    if (differs(opcode)) continue;
    for (unsigned modrm = 0; modrm < 0x100; ++modrm) {
      if (is_prefix(opcode) && differs(modrm)) continue;  // the second byte is the opcode
      std::vector<std::uint8_t> bytes = {static_cast<std::uint8_t>(opcode), static_cast<std::uint8_t>(modrm),
                                         0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
      Instruction later = decode(bytes);
      if (later.length > max_286_instruction_length) continue;
      ASSERT_EQ(decode_286(bytes), later) << fmt::format("{:02x} {:02x}", opcode, modrm);
      ++compared;
    }
  }
  EXPECT_GT(compared, 60000u);
}

}  // namespace
}  // namespace emu::x86
