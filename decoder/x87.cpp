// x87 escape opcodes D8-DF (Intel SDM Vol. 2, Appendix A.4): decoded for length and
// disassembly only. emu does not execute x87 instructions.
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "decoder/disassemble.h"

namespace emu::x86 {

namespace {

struct MemoryForm {
  std::string_view mnemonic;  // empty: no such instruction
  unsigned size;              // access size for "<size> ptr"; 0 for environment/state areas
};

// [opcode - 0xD8][reg]
constexpr std::array<std::array<MemoryForm, 8>, 8> memory_forms = {{
    {{{"fadd", 4}, {"fmul", 4}, {"fcom", 4}, {"fcomp", 4}, {"fsub", 4}, {"fsubr", 4}, {"fdiv", 4}, {"fdivr", 4}}},
    {{{"fld", 4}, {"", 0}, {"fst", 4}, {"fstp", 4}, {"fldenv", 0}, {"fldcw", 2}, {"fnstenv", 0}, {"fnstcw", 2}}},
    {{{"fiadd", 4}, {"fimul", 4}, {"ficom", 4}, {"ficomp", 4}, {"fisub", 4}, {"fisubr", 4}, {"fidiv", 4}, {"fidivr", 4}}},
    {{{"fild", 4}, {"fisttp", 4}, {"fist", 4}, {"fistp", 4}, {"", 0}, {"fld", 10}, {"", 0}, {"fstp", 10}}},
    {{{"fadd", 8}, {"fmul", 8}, {"fcom", 8}, {"fcomp", 8}, {"fsub", 8}, {"fsubr", 8}, {"fdiv", 8}, {"fdivr", 8}}},
    {{{"fld", 8}, {"fisttp", 8}, {"fst", 8}, {"fstp", 8}, {"frstor", 0}, {"", 0}, {"fnsave", 0}, {"fnstsw", 2}}},
    {{{"fiadd", 2}, {"fimul", 2}, {"ficom", 2}, {"ficomp", 2}, {"fisub", 2}, {"fisubr", 2}, {"fidiv", 2}, {"fidivr", 2}}},
    {{{"fild", 2}, {"fisttp", 2}, {"fist", 2}, {"fistp", 2}, {"fbld", 10}, {"fild", 8}, {"fbstp", 10}, {"fistp", 8}}},
}};

// Register forms whose operands follow one pattern across st(0)..st(7).
enum class Pattern { none, st0_sti, sti_st0, sti, fixed };

struct RegisterForm {
  std::string_view mnemonic;
  Pattern pattern;
};

constexpr std::array<std::array<RegisterForm, 8>, 8> register_forms = {{
    // D8
    {{{"fadd", Pattern::st0_sti}, {"fmul", Pattern::st0_sti}, {"fcom", Pattern::sti}, {"fcomp", Pattern::sti},
      {"fsub", Pattern::st0_sti}, {"fsubr", Pattern::st0_sti}, {"fdiv", Pattern::st0_sti}, {"fdivr", Pattern::st0_sti}}},
    // D9: /2 and /4-/7 are single instructions chosen by rm (see fixed_d9)
    {{{"fld", Pattern::sti}, {"fxch", Pattern::sti}, {"", Pattern::fixed}, {"", Pattern::none}, {"", Pattern::fixed},
      {"", Pattern::fixed}, {"", Pattern::fixed}, {"", Pattern::fixed}}},
    // DA
    {{{"fcmovb", Pattern::st0_sti}, {"fcmove", Pattern::st0_sti}, {"fcmovbe", Pattern::st0_sti},
      {"fcmovu", Pattern::st0_sti}, {"", Pattern::none}, {"", Pattern::fixed}, {"", Pattern::none}, {"", Pattern::none}}},
    // DB
    {{{"fcmovnb", Pattern::st0_sti}, {"fcmovne", Pattern::st0_sti}, {"fcmovnbe", Pattern::st0_sti},
      {"fcmovnu", Pattern::st0_sti}, {"", Pattern::fixed}, {"fucomi", Pattern::st0_sti}, {"fcomi", Pattern::st0_sti},
      {"", Pattern::none}}},
    // DC: the manual's operand order st(i), st(0)
    {{{"fadd", Pattern::sti_st0}, {"fmul", Pattern::sti_st0}, {"", Pattern::none}, {"", Pattern::none},
      {"fsubr", Pattern::sti_st0}, {"fsub", Pattern::sti_st0}, {"fdivr", Pattern::sti_st0}, {"fdiv", Pattern::sti_st0}}},
    // DD
    {{{"ffree", Pattern::sti}, {"", Pattern::none}, {"fst", Pattern::sti}, {"fstp", Pattern::sti}, {"fucom", Pattern::sti},
      {"fucomp", Pattern::sti}, {"", Pattern::none}, {"", Pattern::none}}},
    // DE
    {{{"faddp", Pattern::sti_st0}, {"fmulp", Pattern::sti_st0}, {"", Pattern::none}, {"", Pattern::fixed},
      {"fsubrp", Pattern::sti_st0}, {"fsubp", Pattern::sti_st0}, {"fdivrp", Pattern::sti_st0}, {"fdivp", Pattern::sti_st0}}},
    // DF
    {{{"ffreep", Pattern::sti}, {"", Pattern::none}, {"", Pattern::none}, {"", Pattern::none}, {"", Pattern::fixed},
      {"fucomip", Pattern::st0_sti}, {"fcomip", Pattern::st0_sti}, {"", Pattern::none}}},
}};

// Single instructions selected by the whole ModRM byte (mod = 3); empty where none exists.
std::string_view fixed_form(std::uint8_t opcode, std::uint8_t modrm) {
  static constexpr std::array<std::string_view, 32> d9_e0_ff = {
      "fchs",  "fabs",   "",      "",       "ftst",    "fxam",    "",        "",
      "fld1",  "fldl2t", "fldl2e", "fldpi", "fldlg2",  "fldln2",  "fldz",    "",
      "f2xm1", "fyl2x",  "fptan", "fpatan", "fxtract", "fprem1",  "fdecstp", "fincstp",
      "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin",    "fcos"};
  switch (opcode) {
    case 0xD9:
      if (modrm == 0xD0) return "fnop";
      if (modrm >= 0xE0) return d9_e0_ff[modrm - 0xE0];
      return "";
    case 0xDA: return modrm == 0xE9 ? "fucompp" : "";
    case 0xDB: return modrm == 0xE2 ? "fnclex" : modrm == 0xE3 ? "fninit" : "";
    case 0xDE: return modrm == 0xD9 ? "fcompp" : "";
    case 0xDF: return modrm == 0xE0 ? "fnstsw ax" : "";
    default: return "";
  }
}

}  // namespace

std::string disassemble_x87(const Instruction& insn) {
  unsigned escape = insn.opcode - 0xD8u;
  unsigned reg = (insn.modrm >> 3) & 7;
  if ((insn.modrm >> 6) != 3) {
    const MemoryForm& form = memory_forms[escape][reg];
    if (form.mnemonic.empty()) return "(bad)";
    // The environment and state images have a 32-bit layout under 0x66 (objdump's "d" suffix).
    bool layout32 = form.size == 0 && insn.has(prefix::operand_size);
    return fmt::format("{}{} {}", form.mnemonic, layout32 ? "d" : "", memory_operand_text(insn, form.size));
  }
  const RegisterForm& form = register_forms[escape][reg];
  unsigned i = insn.modrm & 7;
  switch (form.pattern) {
    case Pattern::none: return "(bad)";
    case Pattern::st0_sti: return fmt::format("{} st, st({})", form.mnemonic, i);
    case Pattern::sti_st0: return fmt::format("{} st({}), st", form.mnemonic, i);
    case Pattern::sti: return fmt::format("{} st({})", form.mnemonic, i);
    case Pattern::fixed: {
      std::string_view name = fixed_form(insn.opcode, insn.modrm);
      return name.empty() ? "(bad)" : std::string(name);
    }
  }
  return "(bad)";
}

}  // namespace emu::x86
