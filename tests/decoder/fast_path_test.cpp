// The decoder's fast path (decoder/fast_forms.h) against the general decoder it shortcuts: every
// opcode of both maps with every ModRM byte, under the prefixes real-mode code uses, must decode
// to the same Instruction, field for field, and so must every truncated window.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <vector>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/fast_decode.h"
#include "decoder/fast_forms.h"
#include "decoder/prefixes.h"
#include "decoder/instruction.h"

namespace emu::x86 {
namespace {

std::string describe(const Instruction& insn) {
  std::string text = fmt::format("op={} len={} size={} prefixes={:#x} seg={} base={} index={} scale={} opcode={:#x} "
                                 "modrm={:#x} disp={} imm={:#x} imm2={:#x}",
                                 mnemonic(insn.op), insn.length, insn.operand_size, insn.prefixes, insn.segment,
                                 insn.base, insn.index, insn.scale, insn.opcode, insn.modrm, insn.displacement,
                                 insn.imm, insn.imm2);
  for (const Operand& operand : insn.operands) {
    text += fmt::format(" [{} {} {}]", static_cast<int>(operand.kind), operand.reg, operand.size);
  }
  return text;
}

// Bytes after the ModRM byte: displacements and immediates with the sign bit set and clear.
const std::vector<std::vector<std::uint8_t>> tails = {
    {0x80, 0xFF, 0x7F, 0x01, 0x23, 0x45, 0x67, 0x89},
    {0x7F, 0x80, 0x00, 0xFF, 0xFE, 0x01, 0x02, 0x03},
};

const std::vector<std::vector<std::uint8_t>> prefix_sets = {
    {}, {0x66}, {0x26}, {0x36}, {0x64}, {0xF3}, {0xF2}, {0x66, 0x2E}, {0xF3, 0x66}, {0x67}, {0xF0}, {0x66, 0x67, 0x3E},
};

TEST(DecoderFastPath, AgreesWithTheGeneralDecoderOnEveryOpcodeAndModrm) {
  std::vector<std::uint8_t> bytes;
  unsigned mismatches = 0, compared = 0;
  for (const auto& prefixes : prefix_sets) {
    for (unsigned map = 0; map < 2; ++map) {
      for (unsigned opcode = 0; opcode < 256; ++opcode) {
        for (unsigned modrm = 0; modrm < 256; ++modrm) {
          for (const auto& tail : tails) {
            bytes = prefixes;
            if (map == 1) bytes.push_back(0x0F);
            bytes.push_back(static_cast<std::uint8_t>(opcode));
            bytes.push_back(static_cast<std::uint8_t>(modrm));
            bytes.insert(bytes.end(), tail.begin(), tail.end());
            bytes.resize(40, 0x90);  // a window the fast path may read ahead in
            Instruction fast = decode(bytes), general = decode_general(bytes);
            ++compared;
            if (fast != general && ++mismatches <= 10) {
              ADD_FAILURE() << fmt::format("{:02x}\n  fast:    {}\n  general: {}", fmt::join(bytes.begin(),
                                                                                             bytes.begin() + 14, " "),
                                           describe(fast), describe(general));
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << compared;
}

TEST(DecoderFastPath, AgreesOnEveryTruncatedWindow) {
  // One instruction of each shape, cut short at every length: the fast path reads ahead into its
  // padded copy and must still report truncation exactly as the general decoder does.
  const std::vector<std::vector<std::uint8_t>> shapes = {
      {0x8B, 0x86, 0x34, 0x12},                    // mov ax, [bp+0x1234]
      {0xC7, 0x46, 0xFE, 0x34, 0x12},              // mov word [bp-2], 0x1234
      {0x66, 0x81, 0x87, 0x00, 0x80, 0x01, 0x02, 0x03, 0x04},  // add dword [bx+0x8000], imm32
      {0xA1, 0x00, 0x80},                          // mov ax, [0x8000]
      {0x0F, 0x84, 0xFE, 0xFF},                    // je near
      {0x26, 0xF3, 0xA4},                          // rep movsb es:
  };
  for (const auto& shape : shapes) {
    for (std::size_t size = 0; size <= shape.size(); ++size) {
      std::vector<std::uint8_t> window(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(size));
      Instruction fast = decode(window), general = decode_general(window);
      EXPECT_EQ(fast, general) << fmt::format("{:02x}", fmt::join(window, " ")) << "\n  fast:    " << describe(fast)
                               << "\n  general: " << describe(general);
    }
  }
}

TEST(DecoderFastPath, CoversEveryOneByteFormItsDataCanExpress) {
  // The one-byte opcodes left to the general decoder, each for a reason: prefixes and the 0F
  // escape are not instructions; 8C/8E (segment register checks) and 90 (NOP/PAUSE/XCHG) have
  // special cases; 9A/EA carry a far pointer and C8 two immediates; D8-DF are x87 escapes.
  std::vector<unsigned> general_only;
  for (unsigned opcode = 0; opcode < 256; ++opcode) {
    if (!fast_forms[opcode].usable[1] && fast_opcodes[opcode].group_mask == 0) general_only.push_back(opcode);
  }
  std::vector<unsigned> expected = {0x0F, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0x8C, 0x8E, 0x90, 0x9A,
                                    0xC8, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xEA, 0xF0, 0xF2, 0xF3};
  EXPECT_EQ(general_only, expected) << fmt::format("{:#04x}", fmt::join(general_only, " "));
}

TEST(DecoderFastPath, PlainLengthsTakeEveryUnprefixedOneByteFormTheFastPathTakes) {
  // fast_plain_lengths, read at [second byte << 8 | first byte], must hold the fast path's length
  // exactly where the fast path's full analysis (used for prefixed code) takes the bytes, and 0
  // elsewhere: a 0 too many would only send common code the long way, unseen by the agreement
  // tests above.
  unsigned taken = 0, mismatches = 0;
  for (unsigned opcode = 0; opcode < 256; ++opcode) {
    for (unsigned next = 0; next < 256; ++next) {
      std::array<std::uint8_t, fast_path::fast_window> window{};
      window.fill(0x80);
      window[0] = static_cast<std::uint8_t>(opcode);
      window[1] = static_cast<std::uint8_t>(next);
      fast_path::FastDecoding full{};
      const bool full_takes = fast_path::analyse_escaped(window.data(), full);
      const bool unprefixed = opcode != 0x0F && prefix_kinds[opcode] == PrefixKind::not_prefix;
      const unsigned expected = full_takes && unprefixed ? full.length : 0;
      const unsigned plain = fast_plain_lengths[next << 8 | opcode];
      taken += plain != 0;
      if (plain != expected && ++mismatches <= 10) {
        ADD_FAILURE() << fmt::format("{:02x} {:02x}: table {}, fast path {}", opcode, next, plain, expected);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  // Most of the one-byte map: everything but the opcodes listed in the test above and the
  // register forms of memory-only operands and undefined group members.
  EXPECT_GT(taken, 200u * 256) << taken;
}

}  // namespace
}  // namespace emu::x86
