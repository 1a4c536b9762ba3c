// The arithmetic flags of ADD, ADC, SUB, SBB, CMP, NEG, INC and DEC from first principles (the
// SDM's definitions: CF the unsigned result out of range, OF the signed one, AF the carry or
// borrow out of the low nibble, computed here on the nibbles themselves), not from the carry
// vector the interpreter uses: every pair of 8-bit operands with CF clear and set, and 16- and
// 32-bit operands chosen so that the carries into bits 3/4, 6/7, 14/15 and 30/31 differ.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>

#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

constexpr std::uint32_t CF = flag::cf, PF = flag::pf, AF = flag::af, ZF = flag::zf, SF = flag::sf, OF = flag::of;
constexpr std::uint32_t ARITH = CF | PF | AF | ZF | SF | OF;

enum class Kind { add, adc, sub, sbb, cmp, neg, inc, dec };
constexpr std::array kinds = {Kind::add, Kind::adc, Kind::sub, Kind::sbb, Kind::cmp, Kind::neg, Kind::inc, Kind::dec};

const char* name(Kind kind) {
  constexpr std::array names = {"add", "adc", "sub", "sbb", "cmp", "neg", "inc", "dec"};
  return names[static_cast<int>(kind)];
}

struct Outcome {
  std::uint32_t result;
  std::uint32_t flags;
};

// bits: 8, 16 or 32. INC and DEC leave CF as it was.
Outcome reference(Kind kind, unsigned bits, std::uint32_t a, std::uint32_t b, bool carry_in) {
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  auto signed_of = [&](std::uint64_t v) {
    v &= mask;
    return static_cast<std::int64_t>(v) - ((v >> (bits - 1)) ? static_cast<std::int64_t>(mask) + 1 : 0);
  };
  bool subtract = kind == Kind::sub || kind == Kind::sbb || kind == Kind::cmp || kind == Kind::neg || kind == Kind::dec;
  std::uint64_t x = a, y = b;
  std::uint64_t cin = (kind == Kind::adc || kind == Kind::sbb) && carry_in ? 1 : 0;
  if (kind == Kind::neg) x = 0, y = a;
  if (kind == Kind::inc || kind == Kind::dec) y = 1;
  std::uint64_t unsigned_exact = subtract ? x - y - cin : x + y + cin;  // wraps below 0: caught below
  std::int64_t signed_exact = subtract ? signed_of(x) - signed_of(y) - static_cast<std::int64_t>(cin)
                                       : signed_of(x) + signed_of(y) + static_cast<std::int64_t>(cin);
  bool cf = subtract ? x < y + cin : unsigned_exact > mask;
  if (kind == Kind::neg) cf = a != 0;
  if (kind == Kind::inc || kind == Kind::dec) cf = carry_in;
  const std::int64_t lowest = -(static_cast<std::int64_t>(mask >> 1) + 1), highest = static_cast<std::int64_t>(mask >> 1);
  bool of = signed_exact < lowest || signed_exact > highest;
  bool af = subtract ? (x & 0xF) < (y & 0xF) + cin : (x & 0xF) + (y & 0xF) + cin > 0xF;
  auto result = static_cast<std::uint32_t>(unsigned_exact & mask);
  std::uint32_t flags = (cf ? CF : 0) | (of ? OF : 0) | (af ? AF : 0);
  if (result == 0) flags |= ZF;
  if ((result >> (bits - 1)) & 1) flags |= SF;
  if (__builtin_popcount(result & 0xFF) % 2 == 0) flags |= PF;
  return {kind == Kind::cmp ? a : result, flags};
}

// The instruction with AL/AX/EAX as destination and BL/BX/EBX as source, for `bits`.
std::vector<std::uint8_t> encoding(Kind kind, unsigned bits) {
  std::vector<std::uint8_t> code;
  if (bits == 32) code.push_back(0x66);
  const std::uint8_t wide = bits == 8 ? 0 : 1;
  switch (kind) {
    case Kind::add: code.insert(code.end(), {static_cast<std::uint8_t>(0x00 | wide), 0xD8}); break;
    case Kind::adc: code.insert(code.end(), {static_cast<std::uint8_t>(0x10 | wide), 0xD8}); break;
    case Kind::sub: code.insert(code.end(), {static_cast<std::uint8_t>(0x28 | wide), 0xD8}); break;
    case Kind::sbb: code.insert(code.end(), {static_cast<std::uint8_t>(0x18 | wide), 0xD8}); break;
    case Kind::cmp: code.insert(code.end(), {static_cast<std::uint8_t>(0x38 | wide), 0xD8}); break;
    case Kind::neg: code.insert(code.end(), {static_cast<std::uint8_t>(0xF6 | wide), 0xD8}); break;
    case Kind::inc: code.insert(code.end(), {static_cast<std::uint8_t>(0xFE | wide), 0xC0}); break;
    case Kind::dec: code.insert(code.end(), {static_cast<std::uint8_t>(0xFE | wide), 0xC8}); break;
  }
  return code;
}

class ArithmeticFlags : public ::testing::TestWithParam<unsigned> {};

TEST_P(ArithmeticFlags, FromFirstPrinciples) {
  const unsigned bits = GetParam();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> operands;
  if (bits == 8) {
    for (std::uint32_t a = 0; a < 256; ++a) {
      for (std::uint32_t b = 0; b < 256; ++b) operands.emplace_back(a, b);
    }
  } else {
    // Every combination of these around the nibble, the byte, the word and the sign, plus random.
    const std::uint32_t top = bits == 16 ? 0x8000 : 0x80000000u;
    std::vector<std::uint32_t> edges = {0, 1, 7, 8, 0xF, 0x10, 0x3F, 0x40, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x4000,
                                        0x7FFF, 0x8000, 0xFFFF, top - 1, top, top + 1, top | 0xF, top | 0x7F};
    if (bits == 32) edges.insert(edges.end(), {0x10000, 0x3FFFFFFF, 0x40000000, 0xFFFFFFFF, 0xFFFF0000, 0xC0000000});
    for (std::uint32_t a : edges) {
      for (std::uint32_t b : edges) operands.emplace_back(a, b);
    }
    std::mt19937 random(bits);
    for (int i = 0; i < 20000; ++i) operands.emplace_back(random(), random());
  }
  const std::uint32_t mask = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
  for (CpuProfile cpu : all_profiles()) {
    if (bits == 32 && !has_386_instructions(cpu)) continue;
    std::vector<std::uint8_t> image;
    std::array<std::uint16_t, kinds.size()> at{};
    for (Kind kind : kinds) {
      at[static_cast<int>(kind)] = static_cast<std::uint16_t>(code_base + image.size());
      std::vector<std::uint8_t> code = encoding(kind, bits);
      image.insert(image.end(), code.begin(), code.end());
      image.push_back(0xF4);
    }
    InterpRun run(image, 0x110000, cpu);
    std::size_t failures = 0;
    for (Kind kind : kinds) {
      for (auto [a, b] : operands) {
        a &= mask;
        b &= mask;
        for (bool carry_in : {false, true}) {
          run.set([&](CpuState& s) {
            s.reg(Gpr::eax) = a;
            s.reg(Gpr::ebx) = b;
            s.eflags = 2 | (carry_in ? CF : 0);
            s.eip = at[static_cast<int>(kind)];
          });
          run.interpreter->step();
          const Outcome want = reference(kind, bits, a, b, carry_in);
          const std::uint32_t got = run.state().reg(Gpr::eax) & mask;
          const std::uint32_t flags = run.state().eflags & ARITH;
          if ((got != want.result || flags != want.flags) && failures++ < 5) {
            ADD_FAILURE() << fmt::format("{} {}-bit ({}) a={:#x} b={:#x} cf={}: {:#x} flags {:#05x}, expected {:#x} flags {:#05x}",
                                         name(kind), bits, profile_name(cpu), a, b, carry_in, got, flags, want.result,
                                         want.flags);
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Widths, ArithmeticFlags, ::testing::Values(8u, 16u, 32u),
                         [](const auto& info) { return fmt::format("bits_{}", info.param); });

}  // namespace
}  // namespace emu::test
