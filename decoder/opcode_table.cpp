// The opcode maps, written with the Intel SDM's operand codes (Vol. 2, Appendix A). A comment
// marks every entry that departs from the manual's map or that real-mode code treats specially.
#include "decoder/opcode_table.h"

namespace emu::x86 {

namespace {

using enum Arg;

constexpr bool is_byte_arg(Arg arg) { return arg == Eb || arg == Gb || arg == AL || arg == Zb || arg == Ob; }
constexpr bool needs_modrm(Arg arg) {
  switch (arg) {
    case Eb: case Ev: case Ew: case Gb: case Gv: case Gw: case Rd: case M: case Mb: case Mp: case Ma: case Ms:
    case Mw_Rv: case Sw: case Cd: case Dd:
      return true;
    default:
      return false;
  }
}

// An entry; ModRM and byte size follow from the operand codes. MOVZX/MOVSX take a byte
// source into a wider destination, so only the first operand decides their size.
constexpr OpcodeEntry E(Op op, Arg a = none, Arg b = none, Arg c = none) {
  OpcodeEntry entry{op, {a, b, c}, 0, 0};
  for (Arg arg : entry.args) {
    if (needs_modrm(arg)) entry.attributes |= attr::modrm;
  }
  bool byte = op == Op::movzx || op == Op::movsx ? is_byte_arg(a) : is_byte_arg(a) || is_byte_arg(b);
  if (byte) entry.attributes |= attr::byte_op;
  return entry;
}

// A byte-sized operation whose operands are implicit (MOVSB, LODSB, XLAT, ...).
constexpr OpcodeEntry B(Op op) { return {op, {}, attr::byte_op, 0}; }

constexpr OpcodeEntry G(GroupId id, bool byte) {
  return {Op::invalid, {}, static_cast<std::uint8_t>(attr::modrm | attr::group | (byte ? attr::byte_op : 0)), id};
}

constexpr std::array<OpcodeEntry, 256> build_one_byte_map() {
  std::array<OpcodeEntry, 256> map{};
  constexpr Op alu[8] = {Op::add, Op::or_, Op::adc, Op::sbb, Op::and_, Op::sub, Op::xor_, Op::cmp};
  for (unsigned i = 0; i < 8; ++i) {
    unsigned base = i * 8;
    map[base + 0] = E(alu[i], Eb, Gb);
    map[base + 1] = E(alu[i], Ev, Gv);
    map[base + 2] = E(alu[i], Gb, Eb);
    map[base + 3] = E(alu[i], Gv, Ev);
    map[base + 4] = E(alu[i], AL, Ib);
    map[base + 5] = E(alu[i], eAX, Iz);
  }
  map[0x06] = E(Op::push, ES);
  map[0x07] = E(Op::pop, ES);
  map[0x0E] = E(Op::push, CS);
  // 0x0F: two-byte escape (the 8086's POP CS), handled by the decoder.
  map[0x16] = E(Op::push, SS);
  map[0x17] = E(Op::pop, SS);
  map[0x1E] = E(Op::push, DS);
  map[0x1F] = E(Op::pop, DS);
  // 26, 2E, 36, 3E: segment prefixes, handled by the decoder.
  map[0x27] = E(Op::daa);
  map[0x2F] = E(Op::das);
  map[0x37] = E(Op::aaa);
  map[0x3F] = E(Op::aas);
  for (unsigned r = 0; r < 8; ++r) {
    map[0x40 + r] = E(Op::inc, Zv);
    map[0x48 + r] = E(Op::dec, Zv);
    map[0x50 + r] = E(Op::push, Zv);
    map[0x58 + r] = E(Op::pop, Zv);
    map[0x90 + r] = E(Op::xchg, Zv, eAX);  // 90 itself is NOP (or PAUSE with F3): see the decoder
    map[0xB0 + r] = E(Op::mov, Zb, Ib);
    map[0xB8 + r] = E(Op::mov, Zv, Iz);
  }
  map[0x60] = E(Op::pusha);
  map[0x61] = E(Op::popa);
  map[0x62] = E(Op::bound, Gv, Ma);
  map[0x63] = E(Op::arpl, Ew, Gw);  // #UD in real mode; decoded for disassembly
  // 64, 65: FS/GS prefixes; 66, 67: operand/address size.
  map[0x68] = E(Op::push, Iz);
  map[0x69] = E(Op::imul, Gv, Ev, Iz);
  map[0x6A] = E(Op::push, Ibs);
  map[0x6B] = E(Op::imul, Gv, Ev, Ibs);
  map[0x6C] = B(Op::ins);
  map[0x6D] = E(Op::ins);
  map[0x6E] = B(Op::outs);
  map[0x6F] = E(Op::outs);
  for (unsigned c = 0; c < 16; ++c) map[0x70 + c] = E(Op::jcc, Jb);
  map[0x80] = G(group1_Eb_Ib, true);
  map[0x81] = G(group1_Ev_Iz, false);
  map[0x82] = G(group1_Eb_Ib, true);  // an alias of 80 outside 64-bit mode
  map[0x83] = G(group1_Ev_Ibs, false);
  map[0x84] = E(Op::test, Eb, Gb);
  map[0x85] = E(Op::test, Ev, Gv);
  map[0x86] = E(Op::xchg, Eb, Gb);
  map[0x87] = E(Op::xchg, Ev, Gv);
  map[0x88] = E(Op::mov, Eb, Gb);
  map[0x89] = E(Op::mov, Ev, Gv);
  map[0x8A] = E(Op::mov, Gb, Eb);
  map[0x8B] = E(Op::mov, Gv, Ev);
  map[0x8C] = E(Op::mov, Mw_Rv, Sw);
  map[0x8D] = E(Op::lea, Gv, M);
  map[0x8E] = E(Op::mov, Sw, Mw_Rv);  // a register operand is read at the operand size
  map[0x8F] = G(group1a, false);
  map[0x98] = E(Op::cbw);
  map[0x99] = E(Op::cwd);
  map[0x9A] = E(Op::call_far, Ap);
  map[0x9B] = E(Op::wait);
  map[0x9C] = E(Op::pushf);
  map[0x9D] = E(Op::popf);
  map[0x9E] = E(Op::sahf);
  map[0x9F] = E(Op::lahf);
  map[0xA0] = E(Op::mov, AL, Ob);
  map[0xA1] = E(Op::mov, eAX, Ov);
  map[0xA2] = E(Op::mov, Ob, AL);
  map[0xA3] = E(Op::mov, Ov, eAX);
  map[0xA4] = B(Op::movs);
  map[0xA5] = E(Op::movs);
  map[0xA6] = B(Op::cmps);
  map[0xA7] = E(Op::cmps);
  map[0xA8] = E(Op::test, AL, Ib);
  map[0xA9] = E(Op::test, eAX, Iz);
  map[0xAA] = B(Op::stos);
  map[0xAB] = E(Op::stos);
  map[0xAC] = B(Op::lods);
  map[0xAD] = E(Op::lods);
  map[0xAE] = B(Op::scas);
  map[0xAF] = E(Op::scas);
  map[0xC0] = G(group2_Eb_Ib, true);
  map[0xC1] = G(group2_Ev_Ib, false);
  map[0xC2] = E(Op::ret, Iw);
  map[0xC3] = E(Op::ret);
  map[0xC4] = E(Op::les, Gv, Mp);
  map[0xC5] = E(Op::lds, Gv, Mp);
  map[0xC6] = G(group11_Eb, true);
  map[0xC7] = G(group11_Ev, false);
  map[0xC8] = E(Op::enter, Iw, Ib);
  map[0xC9] = E(Op::leave);
  map[0xCA] = E(Op::retf, Iw);
  map[0xCB] = E(Op::retf);
  map[0xCC] = E(Op::int3);
  map[0xCD] = E(Op::int_, Ib);
  map[0xCE] = E(Op::into);
  map[0xCF] = E(Op::iret);
  map[0xD0] = G(group2_Eb_1, true);
  map[0xD1] = G(group2_Ev_1, false);
  map[0xD2] = G(group2_Eb_CL, true);
  map[0xD3] = G(group2_Ev_CL, false);
  map[0xD4] = E(Op::aam, Ib);
  map[0xD5] = E(Op::aad, Ib);
  map[0xD6] = E(Op::salc);  // undocumented by Intel until recently, present on every x86
  map[0xD7] = B(Op::xlat);
  for (unsigned i = 0; i < 8; ++i) map[0xD8 + i] = {Op::fpu, {}, attr::modrm | attr::x87, 0};
  map[0xE0] = E(Op::loopne, Jb);
  map[0xE1] = E(Op::loope, Jb);
  map[0xE2] = E(Op::loop, Jb);
  map[0xE3] = E(Op::jcxz, Jb);
  map[0xE4] = E(Op::in, AL, Ib);
  map[0xE5] = E(Op::in, eAX, Ib);
  map[0xE6] = E(Op::out, Ib, AL);
  map[0xE7] = E(Op::out, Ib, eAX);
  map[0xE8] = E(Op::call, Jz);
  map[0xE9] = E(Op::jmp, Jz);
  map[0xEA] = E(Op::jmp_far, Ap);
  map[0xEB] = E(Op::jmp, Jb);
  map[0xEC] = E(Op::in, AL, DX);
  map[0xED] = E(Op::in, eAX, DX);
  map[0xEE] = E(Op::out, DX, AL);
  map[0xEF] = E(Op::out, DX, eAX);
  // F0 LOCK, F2 REPNE, F3 REP: prefixes.
  map[0xF1] = E(Op::int1);  // ICEBP
  map[0xF4] = E(Op::hlt);
  map[0xF5] = E(Op::cmc);
  map[0xF6] = G(group3_Eb, true);
  map[0xF7] = G(group3_Ev, false);
  map[0xF8] = E(Op::clc);
  map[0xF9] = E(Op::stc);
  map[0xFA] = E(Op::cli);
  map[0xFB] = E(Op::sti);
  map[0xFC] = E(Op::cld);
  map[0xFD] = E(Op::std);
  map[0xFE] = G(group4, true);
  map[0xFF] = G(group5, false);
  return map;
}

constexpr std::array<OpcodeEntry, 256> build_two_byte_map() {
  std::array<OpcodeEntry, 256> map{};
  map[0x00] = G(group6, false);
  map[0x01] = G(group7, false);
  map[0x02] = E(Op::lar, Gv, Mw_Rv);  // #UD in real mode; decoded for disassembly
  map[0x03] = E(Op::lsl, Gv, Mw_Rv);  // #UD in real mode; decoded for disassembly
  map[0x06] = E(Op::clts);
  map[0x08] = E(Op::invd);
  map[0x09] = E(Op::wbinvd);
  map[0x0B] = E(Op::ud);
  // 0F 18-1F: the reserved-NOP hint space (prefetch hints on 0F 18); all execute as NOP Ev.
  for (unsigned op = 0x18; op <= 0x1F; ++op) map[op] = E(Op::nop, Ev);
  map[0x20] = E(Op::mov_cr, Rd, Cd);
  map[0x21] = E(Op::mov_dr, Rd, Dd);
  map[0x22] = E(Op::mov_cr, Cd, Rd);
  map[0x23] = E(Op::mov_dr, Dd, Rd);
  map[0x30] = E(Op::wrmsr);
  map[0x31] = E(Op::rdtsc);
  map[0x32] = E(Op::rdmsr);
  map[0x33] = E(Op::rdpmc);
  map[0x34] = E(Op::sysenter);
  map[0x35] = E(Op::sysexit);
  for (unsigned c = 0; c < 16; ++c) {
    map[0x40 + c] = E(Op::cmovcc, Gv, Ev);
    map[0x80 + c] = E(Op::jcc, Jz);
    map[0x90 + c] = E(Op::setcc, Eb);  // the ModRM reg field is ignored
  }
  map[0xA0] = E(Op::push, FS);
  map[0xA1] = E(Op::pop, FS);
  map[0xA2] = E(Op::cpuid);
  map[0xA3] = E(Op::bt, Ev, Gv);
  map[0xA4] = E(Op::shld, Ev, Gv, Ib);
  map[0xA5] = E(Op::shld, Ev, Gv, CL);
  map[0xA8] = E(Op::push, GS);
  map[0xA9] = E(Op::pop, GS);
  map[0xAA] = E(Op::rsm);
  map[0xAB] = E(Op::bts, Ev, Gv);
  map[0xAC] = E(Op::shrd, Ev, Gv, Ib);
  map[0xAD] = E(Op::shrd, Ev, Gv, CL);
  map[0xAF] = E(Op::imul, Gv, Ev);
  map[0xB0] = E(Op::cmpxchg, Eb, Gb);
  map[0xB1] = E(Op::cmpxchg, Ev, Gv);
  map[0xB2] = E(Op::lss, Gv, Mp);
  map[0xB3] = E(Op::btr, Ev, Gv);
  map[0xB4] = E(Op::lfs, Gv, Mp);
  map[0xB5] = E(Op::lgs, Gv, Mp);
  map[0xB6] = E(Op::movzx, Gv, Eb);
  map[0xB7] = E(Op::movzx, Gv, Ew);
  map[0xB9] = E(Op::ud, Gv, Ev);  // UD1
  map[0xBA] = G(group8, false);
  map[0xBB] = E(Op::btc, Ev, Gv);
  map[0xBC] = E(Op::bsf, Gv, Ev);  // with F3: TZCNT (the decoder switches)
  map[0xBD] = E(Op::bsr, Gv, Ev);  // with F3: LZCNT (the decoder switches)
  map[0xBE] = E(Op::movsx, Gv, Eb);
  map[0xBF] = E(Op::movsx, Gv, Ew);
  map[0xC0] = E(Op::xadd, Eb, Gb);
  map[0xC1] = E(Op::xadd, Ev, Gv);
  // BSWAP with a 16-bit operand size is undefined by the manual: see docs/cpu-model.md.
  for (unsigned r = 0; r < 8; ++r) map[0xC8 + r] = E(Op::bswap, Zv);
  map[0xFF] = E(Op::ud, Gv, Ev);  // UD0
  return map;
}

// Fills all eight reg values of a group with the same operand codes.
constexpr std::array<OpcodeEntry, 8> same_args(const Op (&ops)[8], Arg a, Arg b = none) {
  std::array<OpcodeEntry, 8> forms{};
  for (unsigned i = 0; i < 8; ++i) forms[i] = E(ops[i], a, b);
  return forms;
}

constexpr Group both(std::array<OpcodeEntry, 8> forms) { return {forms, forms}; }

constexpr std::array<Group, group_count> build_groups() {
  constexpr Op alu[8] = {Op::add, Op::or_, Op::adc, Op::sbb, Op::and_, Op::sub, Op::xor_, Op::cmp};
  constexpr Op shifts[8] = {Op::rol, Op::ror, Op::rcl, Op::rcr, Op::shl, Op::shr, Op::sal, Op::sar};
  constexpr Op invalid[8] = {Op::invalid, Op::invalid, Op::invalid, Op::invalid,
                             Op::invalid, Op::invalid, Op::invalid, Op::invalid};
  std::array<Group, group_count> groups{};
  groups[group1_Eb_Ib] = both(same_args(alu, Eb, Ib));
  groups[group1_Ev_Iz] = both(same_args(alu, Ev, Iz));
  groups[group1_Ev_Ibs] = both(same_args(alu, Ev, Ibs));
  auto pop = same_args(invalid, none);
  pop[0] = E(Op::pop, Ev);
  groups[group1a] = both(pop);
  groups[group2_Eb_Ib] = both(same_args(shifts, Eb, Ib));
  groups[group2_Ev_Ib] = both(same_args(shifts, Ev, Ib));
  groups[group2_Eb_1] = both(same_args(shifts, Eb, One));
  groups[group2_Ev_1] = both(same_args(shifts, Ev, One));
  groups[group2_Eb_CL] = both(same_args(shifts, Eb, CL));
  groups[group2_Ev_CL] = both(same_args(shifts, Ev, CL));
  // /1 is an undocumented alias of TEST on every x86.
  groups[group3_Eb] = both({E(Op::test, Eb, Ib), E(Op::test, Eb, Ib), E(Op::not_, Eb), E(Op::neg, Eb), E(Op::mul, Eb),
                            E(Op::imul, Eb), E(Op::div, Eb), E(Op::idiv, Eb)});
  groups[group3_Ev] = both({E(Op::test, Ev, Iz), E(Op::test, Ev, Iz), E(Op::not_, Ev), E(Op::neg, Ev), E(Op::mul, Ev),
                            E(Op::imul, Ev), E(Op::div, Ev), E(Op::idiv, Ev)});
  auto incdec = same_args(invalid, none);
  incdec[0] = E(Op::inc, Eb);
  incdec[1] = E(Op::dec, Eb);
  groups[group4] = both(incdec);
  groups[group5] = {{E(Op::inc, Ev), E(Op::dec, Ev), E(Op::call, Ev), E(Op::call_far, Mp), E(Op::jmp, Ev),
                     E(Op::jmp_far, Mp), E(Op::push, Ev), E(Op::invalid)},
                    {E(Op::inc, Ev), E(Op::dec, Ev), E(Op::call, Ev), E(Op::invalid), E(Op::jmp, Ev), E(Op::invalid),
                     E(Op::push, Ev), E(Op::invalid)}};
  groups[group6] = both({E(Op::sldt, Mw_Rv), E(Op::str, Mw_Rv), E(Op::lldt, Ew), E(Op::ltr, Ew), E(Op::verr, Ew),
                         E(Op::verw, Ew), E(Op::invalid), E(Op::invalid)});
  // Register forms other than SMSW/LMSW are virtualization and system instructions
  // (VMCALL, MONITOR, XGETBV, RDTSCP, ...) outside emu's scope: #UD here.
  groups[group7] = {{E(Op::sgdt, Ms), E(Op::sidt, Ms), E(Op::lgdt, Ms), E(Op::lidt, Ms), E(Op::smsw, Mw_Rv),
                     E(Op::invalid), E(Op::lmsw, Ew), E(Op::invlpg, Mb)},
                    {E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::smsw, Mw_Rv),
                     E(Op::invalid), E(Op::lmsw, Ew), E(Op::invalid)}};
  groups[group8] = both({E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::bt, Ev, Ib),
                         E(Op::bts, Ev, Ib), E(Op::btr, Ev, Ib), E(Op::btc, Ev, Ib)});
  auto mov_b = same_args(invalid, none);
  mov_b[0] = E(Op::mov, Eb, Ib);
  groups[group11_Eb] = both(mov_b);
  auto mov_v = same_args(invalid, none);
  mov_v[0] = E(Op::mov, Ev, Iz);
  groups[group11_Ev] = both(mov_v);
  return groups;
}

constexpr auto one_byte = build_one_byte_map();
constexpr auto two_byte = build_two_byte_map();
constexpr auto groups = build_groups();

}  // namespace

const std::array<OpcodeEntry, 256>& one_byte_map() { return one_byte; }
const std::array<OpcodeEntry, 256>& two_byte_map() { return two_byte; }
const Group& group(GroupId id) { return groups[id]; }

}  // namespace emu::x86
