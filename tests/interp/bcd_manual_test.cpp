// The decimal adjusts, exhaustively, against the Intel SDM's pseudocode (Vol. 2: DAA, DAS, AAA,
// AAS, AAM, AAD) transcribed here: every AL with each AF/CF (and several AH), every AAM/AAD base,
// on every CPU profile. Only what the SDM defines is compared; the flags it leaves undefined are
// the profiles' choices, held to silicon by tests/cpu (and for the 286 by tests/conformance).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

constexpr std::uint32_t CF = flag::cf, PF = flag::pf, AF = flag::af, ZF = flag::zf, SF = flag::sf;

struct Expected {
  std::uint16_t ax = 0;
  std::uint32_t flags = 0;    // the defined flags' values
  std::uint32_t defined = 0;  // which flags the SDM defines
};

std::uint32_t szp_of(std::uint8_t value) {
  std::uint32_t flags = 0;
  if (value == 0) flags |= ZF;
  if (value & 0x80) flags |= SF;
  if (__builtin_popcount(value) % 2 == 0) flags |= PF;
  return flags;
}

// The SDM's pseudocode, line by line.
Expected daa(std::uint16_t ax, bool af, bool cf) {
  std::uint8_t al = ax & 0xFF;
  const std::uint8_t old_al = al;
  const bool old_cf = cf;
  cf = false;
  if ((al & 0x0F) > 9 || af) {
    const bool carry = al + 6 > 0xFF;
    al = static_cast<std::uint8_t>(al + 6);
    cf = old_cf || carry;
    af = true;
  } else {
    af = false;
  }
  if (old_al > 0x99 || old_cf) {
    al = static_cast<std::uint8_t>(al + 0x60);
    cf = true;
  } else {
    cf = false;
  }
  return {static_cast<std::uint16_t>((ax & 0xFF00) | al), (cf ? CF : 0) | (af ? AF : 0) | szp_of(al), CF | AF | SF | ZF | PF};
}

Expected das(std::uint16_t ax, bool af, bool cf) {
  std::uint8_t al = ax & 0xFF;
  const std::uint8_t old_al = al;
  const bool old_cf = cf;
  cf = false;
  if ((al & 0x0F) > 9 || af) {
    const bool borrow = al < 6;
    al = static_cast<std::uint8_t>(al - 6);
    cf = old_cf || borrow;
    af = true;
  } else {
    af = false;
  }
  if (old_al > 0x99 || old_cf) {
    al = static_cast<std::uint8_t>(al - 0x60);
    cf = true;
  }
  return {static_cast<std::uint16_t>((ax & 0xFF00) | al), (cf ? CF : 0) | (af ? AF : 0) | szp_of(al), CF | AF | SF | ZF | PF};
}

Expected aaa(std::uint16_t ax, bool af) {
  bool adjust = (ax & 0x0F) > 9 || af;
  if (adjust) ax = static_cast<std::uint16_t>(ax + 0x106);
  ax &= 0xFF0F;
  return {ax, adjust ? AF | CF : 0, AF | CF};
}

Expected aas(std::uint16_t ax, bool af) {
  bool adjust = (ax & 0x0F) > 9 || af;
  if (adjust) {
    ax = static_cast<std::uint16_t>(ax - 6);
    ax = static_cast<std::uint16_t>(ax - 0x100);  // AH <- AH - 1
  }
  ax &= 0xFF0F;
  return {ax, adjust ? AF | CF : 0, AF | CF};
}

Expected aam(std::uint16_t ax, std::uint8_t base) {
  std::uint8_t al = ax & 0xFF;
  auto result = static_cast<std::uint16_t>(((al / base) << 8) | (al % base));
  return {result, szp_of(static_cast<std::uint8_t>(result)), SF | ZF | PF};
}

Expected aad(std::uint16_t ax, std::uint8_t base) {
  auto al = static_cast<std::uint8_t>((ax & 0xFF) + (ax >> 8) * base);
  return {al, szp_of(al), SF | ZF | PF};
}

// One image with every form, each followed by HLT: DAA, DAS, AAA, AAS, then AAM and AAD with
// each base.
struct Forms {
  std::vector<std::uint8_t> image;
  std::map<std::pair<std::uint8_t, int>, std::uint16_t> offset;  // (opcode, base or -1) -> IP
  Forms() {
    auto add = [&](std::vector<std::uint8_t> code, std::uint8_t opcode, int base) {
      offset[{opcode, base}] = static_cast<std::uint16_t>(code_base + image.size());
      image.insert(image.end(), code.begin(), code.end());
      image.push_back(0xF4);
    };
    for (std::uint8_t opcode : {0x27, 0x2F, 0x37, 0x3F}) add({opcode}, opcode, -1);
    for (int base = 0; base < 256; ++base) {
      add({0xD4, static_cast<std::uint8_t>(base)}, 0xD4, base);
      add({0xD5, static_cast<std::uint8_t>(base)}, 0xD5, base);
    }
  }
};

class BcdAgainstTheManual : public ::testing::TestWithParam<CpuProfile> {};

TEST_P(BcdAgainstTheManual, EveryInputOfEveryForm) {
  static const Forms forms;
  InterpRun run(forms.image, 0x110000, GetParam());
  std::size_t compared = 0;
  std::vector<std::string> failures;
  auto check = [&](std::uint8_t opcode, int base, std::uint16_t ax, std::uint32_t flags_in, const Expected& want,
                   const char* name) {
    run.set([&](CpuState& s) {
      s.reg(Gpr::eax) = 0x5A5A0000u | ax;
      s.eflags = flags_in | 2;
      s.eip = forms.offset.at({opcode, base});
    });
    run.interpreter->step();
    CpuState after = run.state();
    ++compared;
    const bool ok = after.reg(Gpr::eax) == (0x5A5A0000u | want.ax) && (after.eflags & want.defined) == want.flags;
    if (!ok && failures.size() < 10) {
      failures.push_back(fmt::format("{} {} ax={:#06x} flags={:#x}: ax {:#06x} flags {:#x}, the manual: ax {:#06x} "
                                     "flags {:#x} (of {:#x})",
                                     name, base, ax, flags_in, after.reg(Gpr::eax) & 0xFFFF, after.eflags & want.defined,
                                     want.ax, want.flags, want.defined));
    }
  };
  for (std::uint16_t ah : {0x00, 0x01, 0x12, 0x99, 0xFF}) {
    for (unsigned al = 0; al < 256; ++al) {
      const auto ax = static_cast<std::uint16_t>((ah << 8) | al);
      for (std::uint32_t flags_in : {0u, AF, CF, AF | CF, AF | CF | SF | ZF | PF | flag::of}) {
        const bool af = flags_in & AF, cf = flags_in & CF;
        check(0x27, -1, ax, flags_in, daa(ax, af, cf), "daa");
        check(0x2F, -1, ax, flags_in, das(ax, af, cf), "das");
        check(0x37, -1, ax, flags_in, aaa(ax, af), "aaa");
        check(0x3F, -1, ax, flags_in, aas(ax, af), "aas");
      }
      for (int base = 0; base < 256; ++base) {
        check(0xD5, base, ax, 0, aad(ax, static_cast<std::uint8_t>(base)), "aad");
        if (base != 0 && (ah == 0x12 || ah == 0xFF)) check(0xD4, base, ax, 0, aam(ax, static_cast<std::uint8_t>(base)), "aam");
      }
    }
  }
  EXPECT_GT(compared, 400000u);
  for (const std::string& failure : failures) ADD_FAILURE() << profile_name(GetParam()) << ": " << failure;
}

// AAM with base 0 divides by zero: #DE, pointing at the AAM, AX unchanged.
TEST_P(BcdAgainstTheManual, AamByZeroRaisesDivideError) {
  static const Forms forms;
  InterpRun run(forms.image, 0x110000, GetParam());
  run.handle(0, 0x600);
  run.set([&](CpuState& s) {
    s.reg(Gpr::eax) = 0x1234;
    s.eip = forms.offset.at({0xD4, 0});
  });
  run.run();
  EXPECT_EQ(run.interpreter->last_exception(), 0);
  EXPECT_EQ(run.state().reg(Gpr::eax) & 0xFFFF, 0x1234u);
  EXPECT_EQ(run.word(0x10000 - 6), forms.offset.at({0xD4, 0})) << "the pushed IP is the AAM's";
}

INSTANTIATE_TEST_SUITE_P(Profiles, BcdAgainstTheManual, ::testing::ValuesIn(all_profiles().begin(), all_profiles().end()),
                         [](const auto& info) {
                           std::string name(profile_name(info.param));
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return "cpu_" + name;
                         });

}  // namespace
}  // namespace emu::test
