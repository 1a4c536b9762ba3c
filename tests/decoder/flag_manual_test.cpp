// The decoder's flag metadata (decoder/ops.def, flags.cpp) against the manuals, for every
// operation it knows: a second transcription, made from the "Flags Affected" section of each
// instruction in the Intel SDM Vol. 2 (and AMD APM Vol. 3, which agrees on every defined flag),
// one row per operation with the encoding it was checked on. The lockstep comparison and the
// conformance harness mask what this table calls undefined, so a row too generous there would
// hide real divergences: each is written from the manual's text, not from ops.def.
//
// Letters: C P A Z S O (arithmetic), D (direction), I (interrupt), T (trap). "read" is what the
// operation uses (ADC's CF, a condition's flags, the string instructions' DF). Two conventions
// of emu's, marked "delivery": an instruction that pushes FLAGS (INT n, INT3, INTO, INT1, and
// BOUND's #BR) reads every flag, and real-mode interrupt delivery clears IF and TF.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decoder/decode.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"
#include "support/hex_bytes.h"

namespace emu::x86 {
namespace {

std::uint16_t letters(const char* text) {
  std::uint16_t mask = 0;
  for (const char* c = text; *c != '\0'; ++c) {
    switch (*c) {
      case 'C': mask |= flags::C; break;
      case 'P': mask |= flags::P; break;
      case 'A': mask |= flags::A; break;
      case 'Z': mask |= flags::Z; break;
      case 'S': mask |= flags::S; break;
      case 'O': mask |= flags::O; break;
      case 'D': mask |= flags::D; break;
      case 'I': mask |= flags::I; break;
      case 'T': mask |= flags::T; break;
      default: ADD_FAILURE() << "bad flag letter " << *c;
    }
  }
  return mask;
}

struct ManualRow {
  const char* bytes;  // 16-bit real-mode encoding
  Op op;
  const char* read;
  const char* written;
  const char* undefined;
  const char* manual;  // what the manual says, abridged
};

constexpr const char* all = "CPAZSODIT";

const ManualRow manual_rows[] = {
    // Arithmetic and logic
    {"01 c0", Op::add, "", "CPAZSO", "", "OF SF ZF AF CF PF set according to the result"},
    {"11 c0", Op::adc, "C", "CPAZSO", "", "adds CF; OF SF ZF AF CF PF set according to the result"},
    {"19 c0", Op::sbb, "C", "CPAZSO", "", "subtracts CF; OF SF ZF AF PF CF set according to the result"},
    {"29 c0", Op::sub, "", "CPAZSO", "", "OF SF ZF AF PF CF set according to the result"},
    {"39 c0", Op::cmp, "", "CPAZSO", "", "CF OF SF ZF AF PF set according to the result"},
    {"09 c0", Op::or_, "", "CPAZSO", "A", "OF CF cleared; SF ZF PF by the result; AF undefined"},
    {"21 c0", Op::and_, "", "CPAZSO", "A", "OF CF cleared; SF ZF PF by the result; AF undefined"},
    {"31 c0", Op::xor_, "", "CPAZSO", "A", "OF CF cleared; SF ZF PF by the result; AF undefined"},
    {"85 c0", Op::test, "", "CPAZSO", "A", "OF CF cleared; SF ZF PF by the result; AF undefined"},
    {"f7 d0", Op::not_, "", "", "", "none"},
    {"f7 d8", Op::neg, "", "CPAZSO", "", "CF cleared if the source is 0, else set; OF SF ZF AF PF by the result"},
    {"f7 e0", Op::mul, "", "CPAZSO", "PAZS", "OF CF cleared if the upper half is 0, else set; SF ZF AF PF undefined"},
    {"f7 e8", Op::imul, "", "CPAZSO", "PAZS", "CF OF set when significant bits go to the upper half; SF ZF AF PF undefined"},
    {"0f af c0", Op::imul, "", "CPAZSO", "PAZS", "the two-operand form: the same"},
    {"69 c0 34 12", Op::imul, "", "CPAZSO", "PAZS", "the three-operand form: the same"},
    {"f7 f0", Op::div, "", "CPAZSO", "CPAZSO", "CF OF SF ZF AF PF undefined"},
    {"f7 f8", Op::idiv, "", "CPAZSO", "CPAZSO", "CF OF SF ZF AF PF undefined"},
    {"40", Op::inc, "", "PAZSO", "", "CF not affected; OF SF ZF AF PF by the result"},
    {"48", Op::dec, "", "PAZSO", "", "CF not affected; OF SF ZF AF PF by the result"},
    // Shifts and rotates: a count of 0 affects nothing (the interpreter's rule); OF is defined for
    // 1-bit counts only, so the by-CL and by-immediate forms leave it undefined.
    {"d3 c0", Op::rol, "", "CO", "O", "CF the last bit rotated; OF for 1-bit rotates only, else undefined; others unaffected"},
    {"d3 c8", Op::ror, "", "CO", "O", "as ROL"},
    {"d3 d0", Op::rcl, "C", "CO", "O", "rotates through CF; OF for 1-bit rotates only"},
    {"d3 d8", Op::rcr, "C", "CO", "O", "rotates through CF; OF for 1-bit rotates only"},
    {"d1 c0", Op::rol, "", "CO", "", "by 1: OF the XOR of CF and the result's top bit"},
    {"d1 d8", Op::rcr, "C", "CO", "", "by 1: OF the XOR of the result's two top bits"},
    {"c1 c0 03", Op::rol, "", "CO", "O", "by an immediate: as by CL"},
    {"d3 e0", Op::shl, "", "CPAZSO", "AO", "CF the last bit shifted out; OF for 1-bit shifts only; SF ZF PF by the result; AF undefined for a non-zero count"},
    {"d3 e8", Op::shr, "", "CPAZSO", "AO", "as SHL"},
    {"d3 f0", Op::sal, "", "CPAZSO", "AO", "group 2 /6: SAL's second encoding, as SHL"},
    {"d3 f8", Op::sar, "", "CPAZSO", "AO", "as SHL (OF cleared for 1-bit shifts)"},
    {"d1 e0", Op::shl, "", "CPAZSO", "A", "by 1: OF defined"},
    {"c1 f8 05", Op::sar, "", "CPAZSO", "AO", "by an immediate: as by CL"},
    {"0f a5 c0", Op::shld, "", "CPAZSO", "AO", "CF the last bit out; SF ZF PF by the result; OF for 1-bit shifts only; AF undefined (counts above the operand size: the profile's, tests/cpu)"},
    {"0f ad c0", Op::shrd, "", "CPAZSO", "AO", "as SHLD"},
    // Data movement
    {"89 c0", Op::mov, "", "", "", "none"},
    {"0f b6 c0", Op::movzx, "", "", "", "none"},
    {"0f be c0", Op::movsx, "", "", "", "none"},
    {"0f 44 c0", Op::cmovcc, "Z", "", "", "CMOVE tests ZF; none written"},
    {"0f 94 c0", Op::setcc, "Z", "", "", "SETE tests ZF; none written"},
    {"8d 07", Op::lea, "", "", "", "none"},
    {"c5 07", Op::lds, "", "", "", "none"},
    {"c4 07", Op::les, "", "", "", "none"},
    {"0f b2 07", Op::lss, "", "", "", "none"},
    {"0f b4 07", Op::lfs, "", "", "", "none"},
    {"0f b5 07", Op::lgs, "", "", "", "none"},
    {"87 c3", Op::xchg, "", "", "", "none"},
    {"0f c1 c0", Op::xadd, "", "CPAZSO", "", "CF PF AF SF ZF OF set according to the addition"},
    {"0f b1 c0", Op::cmpxchg, "", "CPAZSO", "", "ZF set if equal; CF PF AF SF OF by the comparison"},
    {"66 0f c8", Op::bswap, "", "", "", "none"},
    {"50", Op::push, "", "", "", "none"},
    {"58", Op::pop, "", "", "", "none"},
    {"60", Op::pusha, "", "", "", "none"},
    {"61", Op::popa, "", "", "", "none"},
    {"9c", Op::pushf, all, "", "", "reads the whole FLAGS register; none written"},
    {"9d", Op::popf, "", all, "", "every flag loaded (real mode: IOPL and NT too, not tracked here)"},
    {"98", Op::cbw, "", "", "", "none"},
    {"99", Op::cwd, "", "", "", "none"},
    {"9f", Op::lahf, "CPAZS", "", "", "AH <- SF ZF 0 AF 0 PF 1 CF; none written"},
    {"9e", Op::sahf, "", "CPAZS", "", "SF ZF AF PF CF loaded from AH"},
    {"d7", Op::xlat, "", "", "", "none"},
    // Bit operations
    {"0f a3 c0", Op::bt, "", "CPASO", "PASO", "CF the selected bit; ZF unaffected; OF SF AF PF undefined"},
    {"0f ab c0", Op::bts, "", "CPASO", "PASO", "as BT"},
    {"0f b3 c0", Op::btr, "", "CPASO", "PASO", "as BT"},
    {"0f bb c0", Op::btc, "", "CPASO", "PASO", "as BT"},
    {"0f bc c0", Op::bsf, "", "CPAZSO", "CPASO", "ZF set for a zero source, else cleared; CF OF SF AF PF undefined"},
    {"0f bd c0", Op::bsr, "", "CPAZSO", "CPASO", "as BSF"},
    {"f3 0f bc c0", Op::tzcnt, "", "CPAZSO", "PASO", "ZF set if the result is 0; CF set if the source is 0; OF SF PF AF undefined"},
    {"f3 0f bd c0", Op::lzcnt, "", "CPAZSO", "PASO", "as TZCNT"},
    // Decimal arithmetic
    {"27", Op::daa, "CA", "CPAZSO", "O", "CF AF set on a decimal carry; SF ZF PF by the result; OF undefined"},
    {"2f", Op::das, "CA", "CPAZSO", "O", "CF AF set on a decimal borrow; SF ZF PF by the result; OF undefined"},
    {"37", Op::aaa, "A", "CPAZSO", "PZSO", "AF CF set on a decimal carry, else cleared; OF SF ZF PF undefined"},
    {"3f", Op::aas, "A", "CPAZSO", "PZSO", "AF CF set on a decimal borrow, else cleared; OF SF ZF PF undefined"},
    {"d4 0a", Op::aam, "", "CPAZSO", "CAO", "SF ZF PF by AL; OF AF CF undefined"},
    {"d5 0a", Op::aad, "", "CPAZSO", "CAO", "SF ZF PF by AL; OF AF CF undefined"},
    {"d6", Op::salc, "C", "", "", "undocumented: AL <- CF ? FFh : 0; no flag written"},
    // Control transfer
    {"eb 00", Op::jmp, "", "", "", "none (real mode)"},
    {"ea 00 00 00 00", Op::jmp_far, "", "", "", "none (real mode)"},
    {"e8 00 00", Op::call, "", "", "", "none"},
    {"9a 00 00 00 00", Op::call_far, "", "", "", "none (real mode)"},
    {"c3", Op::ret, "", "", "", "none"},
    {"cb", Op::retf, "", "", "", "none (real mode)"},
    {"74 00", Op::jcc, "Z", "", "", "JE tests ZF"},
    {"7f 00", Op::jcc, "ZSO", "", "", "JG tests ZF, SF and OF"},
    {"e2 00", Op::loop, "", "", "", "none"},
    {"e1 00", Op::loope, "Z", "", "", "tests ZF; none written"},
    {"e0 00", Op::loopne, "Z", "", "", "tests ZF; none written"},
    {"e3 00", Op::jcxz, "", "", "", "none"},
    {"c8 00 00 00", Op::enter, "", "", "", "none"},
    {"c9", Op::leave, "", "", "", "none"},
    {"cc", Op::int3, all, "IT", "", "delivery: FLAGS pushed, IF TF cleared (real mode)"},
    {"cd 21", Op::int_, all, "IT", "", "delivery: FLAGS pushed, IF TF cleared (real mode)"},
    {"ce", Op::into, all, "IT", "", "tests OF; delivery as INT n when it is set"},
    {"f1", Op::int1, all, "IT", "", "delivery: as INT n"},
    {"cf", Op::iret, "", all, "", "FLAGS popped: every flag loaded"},
    {"62 07", Op::bound, all, "IT", "", "none of its own; delivery of #BR when out of range"},
    // Strings
    {"a5", Op::movs, "D", "", "", "DF chooses the direction; none written"},
    {"a7", Op::cmps, "D", "CPAZSO", "", "CF OF SF ZF AF PF by the comparison"},
    {"ab", Op::stos, "D", "", "", "none written"},
    {"ad", Op::lods, "D", "", "", "none written"},
    {"af", Op::scas, "D", "CPAZSO", "", "OF SF ZF AF PF CF by the comparison"},
    {"6d", Op::ins, "D", "", "", "none written"},
    {"6f", Op::outs, "D", "", "", "none written"},
    // Ports and processor control
    {"e4 60", Op::in, "", "", "", "none"},
    {"e6 60", Op::out, "", "", "", "none"},
    {"f4", Op::hlt, "", "", "", "none"},
    {"f5", Op::cmc, "C", "C", "", "CF complemented; others unaffected"},
    {"f8", Op::clc, "", "C", "", "CF cleared"},
    {"f9", Op::stc, "", "C", "", "CF set"},
    {"fa", Op::cli, "", "I", "", "IF cleared (real mode)"},
    {"fb", Op::sti, "", "I", "", "IF set"},
    {"fc", Op::cld, "", "D", "", "DF cleared"},
    {"fd", Op::std, "", "D", "", "DF set"},
    {"9b", Op::wait, "", "", "", "none"},
    {"90", Op::nop, "", "", "", "none"},
    {"f3 90", Op::pause, "", "", "", "none"},
    {"0f a2", Op::cpuid, "", "", "", "none"},
    {"0f 31", Op::rdtsc, "", "", "", "none"},
    {"0f 0b", Op::ud, "", "", "", "none (#UD)"},
    {"d9 c0", Op::fpu, "", "", "", "x87: EFLAGS not affected (FCOMI and friends are not in real-mode 286/386 code)"},
    // System
    {"0f 01 17", Op::lgdt, "", "", "", "none"},
    {"0f 01 07", Op::sgdt, "", "", "", "none"},
    {"0f 01 1f", Op::lidt, "", "", "", "none"},
    {"0f 01 0f", Op::sidt, "", "", "", "none"},
    {"0f 01 e0", Op::smsw, "", "", "", "none"},
    {"0f 01 f0", Op::lmsw, "", "", "", "none"},
    {"0f 01 3f", Op::invlpg, "", "", "", "none"},
    {"0f 20 c0", Op::mov_cr, "", "CPAZSO", "CPAZSO", "OF SF ZF AF PF CF undefined"},
    {"0f 21 c0", Op::mov_dr, "", "CPAZSO", "CPAZSO", "OF SF ZF AF PF CF undefined"},
    {"0f 06", Op::clts, "", "", "", "none (CR0.TS cleared)"},
    {"0f 08", Op::invd, "", "", "", "none"},
    {"0f 09", Op::wbinvd, "", "", "", "none"},
    {"0f 30", Op::wrmsr, "", "", "", "none"},
    {"0f 32", Op::rdmsr, "", "", "", "none"},
    {"0f 33", Op::rdpmc, "", "", "", "none"},
    {"0f 34", Op::sysenter, "", "", "", "VM IF RF cleared (not in real mode: #GP)"},
    {"0f 35", Op::sysexit, "", "", "", "none (not in real mode: #GP)"},
    {"0f aa", Op::rsm, "", "CPAZSODIT", "", "every flag restored from the SMM state save area"},
    {"0f 00 c0", Op::sldt, "", "", "", "none"},
    {"0f 00 c8", Op::str, "", "", "", "none"},
    {"0f 00 d0", Op::lldt, "", "", "", "none"},
    {"0f 00 d8", Op::ltr, "", "", "", "none"},
    {"0f 00 e0", Op::verr, "", "Z", "", "ZF set if the segment is readable"},
    {"0f 00 e8", Op::verw, "", "Z", "", "ZF set if the segment is writable"},
    {"0f 02 c0", Op::lar, "", "Z", "", "ZF set if the access rights were loaded"},
    {"0f 03 c0", Op::lsl, "", "Z", "", "ZF set if the limit was loaded"},
    {"63 c0", Op::arpl, "", "Z", "", "ZF set if the RPL was raised"},
};

TEST(FlagMetadata, EveryOperationAsTheManualsSay) {
  for (const ManualRow& row : manual_rows) {
    Instruction insn = decode(test::hex_bytes(row.bytes));
    ASSERT_EQ(insn.op, row.op) << row.bytes;
    FlagInfo info = flag_info(insn);
    EXPECT_EQ(info.read, letters(row.read)) << row.bytes << " (" << mnemonic(row.op) << "): " << row.manual;
    EXPECT_EQ(info.written, letters(row.written)) << row.bytes << " (" << mnemonic(row.op) << "): " << row.manual;
    EXPECT_EQ(info.undefined, letters(row.undefined)) << row.bytes << " (" << mnemonic(row.op) << "): " << row.manual;
  }
}

// LOADALL, the 80286's alone, loads every flag (it loads the whole CPU state).
TEST(FlagMetadata, LoadallLoadsEveryFlag) {
  FlagInfo info = flag_info(decode_286(std::vector<std::uint8_t>{0x0F, 0x05}));
  EXPECT_EQ(info.written, letters(all));
  EXPECT_EQ(info.undefined, 0);
}

TEST(FlagMetadata, TheTableCoversEveryOperation) {
  std::vector<bool> seen(op_count, false);
  for (const ManualRow& row : manual_rows) seen[static_cast<unsigned>(row.op)] = true;
  for (unsigned i = 0; i < op_count; ++i) {
    const Op op = static_cast<Op>(i);
    if (op == Op::invalid || op == Op::too_long || op == Op::truncated || op == Op::loadall) continue;
    EXPECT_TRUE(seen[i]) << "no manual row for " << mnemonic(op);
  }
}

}  // namespace
}  // namespace emu::x86
