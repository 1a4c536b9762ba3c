// The structure the decoder produces: operands, memory fields, immediates, prefixes, flag
// metadata, and the results that are not instructions (#UD, #GP, truncation).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"

namespace emu::x86 {
namespace {

Instruction decode_bytes(std::vector<std::uint8_t> bytes) { return decode(bytes); }

constexpr std::uint8_t ax = 0, cx = 1, bx = 3, sp = 4, bp = 5, si = 6, di = 7;
constexpr std::uint8_t es = 0, cs = 1, ss = 2, ds = 3;

TEST(DecodeFields, SixteenBitMemoryOperand) {
  Instruction insn = decode_bytes({0x8B, 0x40, 0x10});  // mov ax, [bx+si+0x10]
  EXPECT_EQ(insn.op, Op::mov);
  EXPECT_EQ(insn.length, 3);
  EXPECT_EQ(insn.operand_size, 2);
  EXPECT_EQ(insn.operands[0].kind, OperandKind::reg);
  EXPECT_EQ(insn.operands[0].reg, ax);
  EXPECT_EQ(insn.operands[1].kind, OperandKind::mem);
  EXPECT_EQ(insn.operands[1].size, 2);
  EXPECT_EQ(insn.base, bx);
  EXPECT_EQ(insn.index, si);
  EXPECT_EQ(insn.displacement, 0x10);
  EXPECT_EQ(insn.segment, ds);
  EXPECT_TRUE(insn.has(prefix::has_displacement));
  EXPECT_FALSE(insn.address32());
}

TEST(DecodeFields, BpBasedAddressingDefaultsToSs) {
  Instruction insn = decode_bytes({0x8B, 0x43, 0xFE});  // mov ax, [bp+di-2]
  EXPECT_EQ(insn.base, bp);
  EXPECT_EQ(insn.index, di);
  EXPECT_EQ(insn.displacement, -2);
  EXPECT_EQ(insn.segment, ss);
  Instruction single = decode_bytes({0x8B, 0x04});  // mov ax, [si]
  EXPECT_EQ(single.base, si);
  EXPECT_EQ(single.index, no_register);
  EXPECT_EQ(single.segment, ds);
  EXPECT_FALSE(single.has(prefix::has_displacement));
}

TEST(DecodeFields, SegmentOverrideReplacesTheDefault) {
  Instruction insn = decode_bytes({0x26, 0x8B, 0x46, 0x00});  // mov ax, es:[bp+0]
  EXPECT_EQ(insn.segment, es);
  EXPECT_TRUE(insn.has(prefix::segment));
  EXPECT_EQ(insn.length, 4);
  Instruction last_wins = decode_bytes({0x26, 0x2E, 0x8B, 0x07});  // es: cs: mov ax, [bx]
  EXPECT_EQ(last_wins.segment, cs);
}

TEST(DecodeFields, AbsoluteAddressHasNoRegisters) {
  Instruction insn = decode_bytes({0xA1, 0x34, 0x12});  // mov ax, [0x1234]
  EXPECT_EQ(insn.base, no_register);
  EXPECT_EQ(insn.index, no_register);
  EXPECT_EQ(insn.displacement, 0x1234);
  EXPECT_EQ(insn.operands[1].kind, OperandKind::mem);
  Instruction modrm = decode_bytes({0x8B, 0x1E, 0xFF, 0xFF});  // mov bx, [0xffff]
  EXPECT_EQ(modrm.base, no_register);
  EXPECT_EQ(static_cast<std::uint32_t>(modrm.displacement) & 0xFFFF, 0xFFFFu);
  EXPECT_EQ(modrm.operands[0].reg, bx);
}

TEST(DecodeFields, ThirtyTwoBitAddressingWithSib) {
  Instruction insn = decode_bytes({0x67, 0x8B, 0x44, 0x84, 0xFC});  // mov ax, [esp+eax*4-4]
  EXPECT_TRUE(insn.address32());
  EXPECT_EQ(insn.base, sp);
  EXPECT_EQ(insn.index, ax);
  EXPECT_EQ(insn.scale, 2);
  EXPECT_EQ(insn.displacement, -4);
  EXPECT_EQ(insn.segment, ss);
  Instruction no_base = decode_bytes({0x67, 0x8B, 0x04, 0xCD, 0x78, 0x56, 0x34, 0x12});  // [ecx*8+0x12345678]
  EXPECT_EQ(no_base.base, no_register);
  EXPECT_EQ(no_base.index, cx);
  EXPECT_EQ(no_base.scale, 3);
  EXPECT_EQ(no_base.displacement, 0x12345678);
  EXPECT_EQ(no_base.segment, ds);
  EXPECT_EQ(no_base.length, 8);
}

TEST(DecodeFields, ImmediatesAreExtendedToTheOperandSize) {
  Instruction add = decode_bytes({0x83, 0xC0, 0xFE});  // add ax, -2
  EXPECT_EQ(add.op, Op::add);
  EXPECT_EQ(add.operands[1].kind, OperandKind::imm);
  EXPECT_EQ(add.operands[1].size, 2);
  EXPECT_EQ(add.imm, 0xFFFEu);
  Instruction add32 = decode_bytes({0x66, 0x83, 0xC0, 0xFE});  // add eax, -2
  EXPECT_EQ(add32.operand_size, 4);
  EXPECT_EQ(add32.imm, 0xFFFFFFFEu);
  Instruction mov32 = decode_bytes({0x66, 0xB8, 0x78, 0x56, 0x34, 0x12});
  EXPECT_EQ(mov32.imm, 0x12345678u);
  EXPECT_EQ(mov32.length, 6);
  Instruction enter = decode_bytes({0xC8, 0x00, 0x01, 0x03});  // enter 0x100, 3
  EXPECT_EQ(enter.imm, 0x100u);
  EXPECT_EQ(enter.imm2, 3);
  Instruction far = decode_bytes({0xEA, 0xF0, 0xFF, 0x00, 0xF0});  // jmp 0xf000:0xfff0
  EXPECT_EQ(far.operands[0].kind, OperandKind::far_ptr);
  EXPECT_EQ(far.imm, 0xFFF0u);
  EXPECT_EQ(far.imm2, 0xF000);
  Instruction shift = decode_bytes({0xD1, 0xE0});  // shl ax, 1
  EXPECT_EQ(shift.operands[1].kind, OperandKind::one);
}

TEST(DecodeFields, RelativeBranches) {
  Instruction back = decode_bytes({0xEB, 0xFE});  // jmp $
  EXPECT_EQ(back.operands[0].kind, OperandKind::rel);
  EXPECT_EQ(static_cast<std::int32_t>(back.imm), -2);
  EXPECT_EQ(disassemble(back, 0x100), "jmp 0x100");
  Instruction wrap = decode_bytes({0xE9, 0x00, 0x80});  // jmp +0x8000 from 0xfff0 wraps IP
  EXPECT_EQ(disassemble(wrap, 0xFFF0), "jmp 0x7ff3");
  Instruction jcc = decode_bytes({0x0F, 0x84, 0x10, 0x00});
  EXPECT_EQ(jcc.op, Op::jcc);
  EXPECT_EQ(jcc.condition(), 4);
  EXPECT_TRUE(jcc.has(prefix::two_byte));
}

TEST(DecodeFields, Prefixes) {
  EXPECT_TRUE(decode_bytes({0xF3, 0xA4}).has(prefix::rep));
  Instruction repne = decode_bytes({0xF2, 0xAE});
  EXPECT_TRUE(repne.has(prefix::repne));
  EXPECT_FALSE(repne.has(prefix::rep));
  EXPECT_EQ(repne.operand_size, 1);
  Instruction last = decode_bytes({0xF2, 0xF3, 0xA6});  // the last of F2/F3 counts
  EXPECT_TRUE(last.has(prefix::rep));
  EXPECT_FALSE(last.has(prefix::repne));
  Instruction lock = decode_bytes({0xF0, 0x01, 0x07});  // lock add [bx], ax
  EXPECT_EQ(lock.op, Op::add);
  EXPECT_TRUE(lock.has(prefix::lock));
  Instruction sizes = decode_bytes({0x66, 0x67, 0xA5});  // movsd with esi/edi
  EXPECT_EQ(sizes.operand_size, 4);
  EXPECT_TRUE(sizes.address32());
  EXPECT_EQ(disassemble(sizes, 0), "movs dword ptr es:[edi], dword ptr ds:[esi]");
  EXPECT_EQ(disassemble(decode_bytes({0xF3, 0xAB}), 0), "rep stosw");
}

TEST(DecodeFields, InvalidEncodingsAreUd) {
  const std::vector<std::vector<std::uint8_t>> invalid = {
      {0xF0, 0x01, 0xC0},        // LOCK with a register destination
      {0xF0, 0x88, 0x07},        // LOCK on MOV
      {0xF0, 0x90},              // LOCK on NOP
      {0xF0, 0x39, 0x07},        // LOCK on CMP
      {0xF0, 0x0F, 0xA3, 0x07},  // LOCK on BT
      {0x8E, 0xC8},              // MOV CS, AX
      {0x8E, 0xF0},              // MOV to segment register 6
      {0x8C, 0xF8},              // MOV from segment register 7
      {0x8D, 0xC0},              // LEA with a register operand
      {0xC4, 0xC0},              // LES with a register operand (VEX outside real mode)
      {0x62, 0xC0},              // BOUND with a register operand
      {0xFF, 0xF8},              // FF /7
      {0xFF, 0xD8},              // FF /3 (far CALL) with a register operand
      {0xFE, 0xD0},              // FE /2
      {0x8F, 0xC8},              // 8F /1
      {0xC6, 0xC8, 0x00},        // C6 /1
      {0x0F, 0x10, 0xC0},        // SSE: outside the decoder's scope
      {0x0F, 0x38, 0x00, 0xC0},  // three-byte map
      {0x0F, 0x01, 0x28},        // 0F 01 /5 memory
      {0x0F, 0x01, 0xC1},        // VMCALL
      {0x0F, 0xBA, 0xC0, 0x01},  // 0F BA /0
      {0x0F, 0x20, 0xC8},        // MOV from CR1
      {0xF0, 0xD8, 0x07},        // LOCK on an x87 instruction
  };
  for (const auto& bytes : invalid) {
    Instruction insn = decode(bytes);
    EXPECT_EQ(insn.op, Op::invalid) << disassemble(insn, 0) << " " << int(bytes[0]) << " " << int(bytes[1]);
    EXPECT_FALSE(insn.valid());
    EXPECT_GE(insn.length, 1);
    EXPECT_LE(insn.length, bytes.size());
  }
}

TEST(DecodeFields, FifteenBytesIsTheLimit) {
  std::vector<std::uint8_t> fifteen(14, 0x66);
  fifteen.push_back(0x90);
  Instruction longest = decode(fifteen);
  EXPECT_TRUE(longest.valid());
  EXPECT_EQ(longest.length, 15);

  std::vector<std::uint8_t> sixteen(15, 0x66);
  sixteen.push_back(0x90);
  Instruction too_long = decode(sixteen);
  EXPECT_EQ(too_long.op, Op::too_long);
  EXPECT_EQ(too_long.length, 15);

  // 13 prefixes + a 4-byte instruction: 17 bytes, even though the window holds only 15.
  std::vector<std::uint8_t> seventeen(13, 0x26);
  for (std::uint8_t byte : {0x81, 0x07, 0x34, 0x12}) seventeen.push_back(byte);
  EXPECT_EQ(decode(std::span(seventeen).first(15)).op, Op::too_long);
}

TEST(DecodeFields, RunningOutOfBytesIsTruncatedWithoutReadingPastTheBuffer) {
  const std::vector<std::uint8_t> full = {0x66, 0x67, 0x81, 0x84, 0x88, 0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE};
  Instruction whole = decode(full);
  ASSERT_TRUE(whole.valid());
  ASSERT_EQ(whole.length, full.size());
  for (std::size_t size = 0; size < full.size(); ++size) {
    // An exact-size heap copy, so that ASan flags any read past it.
    auto copy = std::make_unique<std::uint8_t[]>(size == 0 ? 1 : size);
    std::copy(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size), copy.get());
    Instruction insn = decode({copy.get(), size});
    EXPECT_EQ(insn.op, Op::truncated) << size;
    EXPECT_EQ(insn.length, size);
  }
}

TEST(DecodeFields, EmptyInputIsTruncated) {
  Instruction insn = decode(std::span<const std::uint8_t>());
  EXPECT_EQ(insn.op, Op::truncated);
  EXPECT_EQ(insn.length, 0);
}

TEST(DecodeFields, CompactForm) { EXPECT_LE(sizeof(Instruction), 32u); }

TEST(FlagMetadata, FollowsTheManual) {
  using namespace flags;
  auto info = [](std::vector<std::uint8_t> bytes) { return flag_info(decode(bytes)); };
  EXPECT_EQ(info({0x01, 0xC0}).written, ARITH);  // add
  EXPECT_EQ(info({0x01, 0xC0}).read, 0);
  EXPECT_EQ(info({0x11, 0xC0}).read, C);         // adc
  EXPECT_EQ(info({0x19, 0xC0}).read, C);         // sbb
  EXPECT_EQ(info({0x21, 0xC0}).undefined, A);    // and: AF undefined, CF/OF cleared
  EXPECT_EQ(info({0x40}).written & C, 0);        // inc leaves CF
  EXPECT_EQ(info({0xF7, 0xE0}).undefined, P | A | Z | S);  // mul
  EXPECT_EQ(info({0xF7, 0xF0}).undefined, ARITH);          // div
  EXPECT_EQ(info({0xD1, 0xE0}).undefined, A);              // shl by 1: OF defined
  EXPECT_EQ(info({0xD3, 0xE0}).undefined, A | O);          // shl by CL: OF only for count 1
  EXPECT_EQ(info({0xD1, 0xD0}).read, C);                   // rcl
  EXPECT_EQ(info({0x0F, 0xA3, 0xC0}).undefined, P | A | S | O);  // bt
  EXPECT_EQ(info({0x0F, 0xBC, 0xC0}).written & Z, Z);            // bsf
  EXPECT_EQ(info({0x27}).undefined, O);                          // daa
  EXPECT_EQ(info({0x37}).undefined, P | Z | S | O);              // aaa
  EXPECT_EQ(info({0xD4, 0x0A}).undefined, C | A | O);            // aam
  EXPECT_EQ(info({0x9D}).written, ARITH | D | I | T);            // popf
  EXPECT_EQ(info({0xFC}).written, D);                            // cld
  EXPECT_EQ(info({0xCD, 0x21}).written, I | T);                  // int clears IF and TF
  EXPECT_EQ(info({0xCD, 0x21}).read, ARITH | D | I | T);         // ... after pushing FLAGS
  EXPECT_EQ(info({0xA4}).read, D);                               // movsb follows DF
  EXPECT_EQ(info({0xE1, 0x00}).read, Z);                         // loope
  EXPECT_EQ(info({0x90}).written, 0);
}

TEST(FlagMetadata, ConditionsReadTheirFlags) {
  using namespace flags;
  const std::uint16_t expected[16] = {O, O, C, C, Z, Z, C | Z, C | Z, S, S, P, P, S | O, S | O, Z | S | O, Z | S | O};
  for (std::uint8_t cc = 0; cc < 16; ++cc) {
    EXPECT_EQ(flag_info(decode(std::vector<std::uint8_t>{static_cast<std::uint8_t>(0x70 + cc), 0})).read, expected[cc]);
    EXPECT_EQ(flag_info(decode(std::vector<std::uint8_t>{0x0F, static_cast<std::uint8_t>(0x90 + cc), 0xC0})).read,
              expected[cc]);
    EXPECT_EQ(flag_info(decode(std::vector<std::uint8_t>{0x0F, static_cast<std::uint8_t>(0x40 + cc), 0xC0})).read,
              expected[cc]);
  }
}

}  // namespace
}  // namespace emu::x86
