// The opcode maps, written with the Intel SDM's operand codes (Vol. 2, Appendix A). A comment
// marks every entry that departs from the manual's map or that real-mode code treats specially.
#include "decoder/opcode_table.h"

#include "decoder/fast_decode.h"
#include "decoder/fast_form_builder.h"

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
template <Arg a = none, Arg b = none, Arg c = none>
constexpr OpcodeEntry E(Op op) {
  OpcodeEntry entry{op, {a, b, c}, 0, 0, &decode_operands<a, b, c>};
  for (Arg arg : entry.args) {
    if (needs_modrm(arg)) entry.attributes |= attr::modrm;
  }
  bool byte = op == Op::movzx || op == Op::movsx ? is_byte_arg(a) : is_byte_arg(a) || is_byte_arg(b);
  if (byte) entry.attributes |= attr::byte_op;
  return entry;
}

// A byte-sized operation whose operands are implicit (MOVSB, LODSB, XLAT, ...).
constexpr OpcodeEntry B(Op op) { return {op, {}, attr::byte_op, 0, &decode_operands<none, none, none>}; }

constexpr OpcodeEntry G(GroupId id, bool byte) {
  return {Op::invalid, {}, static_cast<std::uint8_t>(attr::modrm | attr::group | (byte ? attr::byte_op : 0)), id, nullptr};
}

// The eight ALU operations in the order of their encodings: opcodes 00-3F in steps of 8 and the
// ModRM reg field of group 1 (80-83).
constexpr Op alu[8] = {Op::add, Op::or_, Op::adc, Op::sbb, Op::and_, Op::sub, Op::xor_, Op::cmp};

constexpr std::array<OpcodeEntry, 256> build_one_byte_map() {
  std::array<OpcodeEntry, 256> map{};
  for (unsigned i = 0; i < 8; ++i) {
    unsigned base = i * 8;
    map[base + 0] = E<Eb, Gb>(alu[i]);
    map[base + 1] = E<Ev, Gv>(alu[i]);
    map[base + 2] = E<Gb, Eb>(alu[i]);
    map[base + 3] = E<Gv, Ev>(alu[i]);
    map[base + 4] = E<AL, Ib>(alu[i]);
    map[base + 5] = E<eAX, Iz>(alu[i]);
  }
  map[0x06] = E<ES>(Op::push);
  map[0x07] = E<ES>(Op::pop);
  map[0x0E] = E<CS>(Op::push);
  // 0x0F: two-byte escape (the 8086's POP CS), handled by the decoder.
  map[0x16] = E<SS>(Op::push);
  map[0x17] = E<SS>(Op::pop);
  map[0x1E] = E<DS>(Op::push);
  map[0x1F] = E<DS>(Op::pop);
  // 26, 2E, 36, 3E: segment prefixes, handled by the decoder.
  map[0x27] = E(Op::daa);
  map[0x2F] = E(Op::das);
  map[0x37] = E(Op::aaa);
  map[0x3F] = E(Op::aas);
  for (unsigned r = 0; r < 8; ++r) {
    map[0x40 + r] = E<Zv>(Op::inc);
    map[0x48 + r] = E<Zv>(Op::dec);
    map[0x50 + r] = E<Zv>(Op::push);
    map[0x58 + r] = E<Zv>(Op::pop);
    map[0x90 + r] = E<Zv, eAX>(Op::xchg);  // 90 itself is NOP (or PAUSE with F3): see the decoder
    map[0xB0 + r] = E<Zb, Ib>(Op::mov);
    map[0xB8 + r] = E<Zv, Iz>(Op::mov);
  }
  map[0x60] = E(Op::pusha);
  map[0x61] = E(Op::popa);
  map[0x62] = E<Gv, Ma>(Op::bound);
  map[0x63] = E<Ew, Gw>(Op::arpl);  // #UD in real mode; decoded for disassembly
  // 64, 65: FS/GS prefixes; 66, 67: operand/address size.
  map[0x68] = E<Iz>(Op::push);
  map[0x69] = E<Gv, Ev, Iz>(Op::imul);
  map[0x6A] = E<Ibs>(Op::push);
  map[0x6B] = E<Gv, Ev, Ibs>(Op::imul);
  map[0x6C] = B(Op::ins);
  map[0x6D] = E(Op::ins);
  map[0x6E] = B(Op::outs);
  map[0x6F] = E(Op::outs);
  for (unsigned c = 0; c < 16; ++c) map[0x70 + c] = E<Jb>(Op::jcc);
  map[0x80] = G(group1_Eb_Ib, true);
  map[0x81] = G(group1_Ev_Iz, false);
  map[0x82] = G(group1_Eb_Ib, true);  // an alias of 80 outside 64-bit mode
  map[0x83] = G(group1_Ev_Ibs, false);
  map[0x84] = E<Eb, Gb>(Op::test);
  map[0x85] = E<Ev, Gv>(Op::test);
  map[0x86] = E<Eb, Gb>(Op::xchg);
  map[0x87] = E<Ev, Gv>(Op::xchg);
  map[0x88] = E<Eb, Gb>(Op::mov);
  map[0x89] = E<Ev, Gv>(Op::mov);
  map[0x8A] = E<Gb, Eb>(Op::mov);
  map[0x8B] = E<Gv, Ev>(Op::mov);
  map[0x8C] = E<Mw_Rv, Sw>(Op::mov);
  map[0x8D] = E<Gv, M>(Op::lea);
  map[0x8E] = E<Sw, Mw_Rv>(Op::mov);  // a register operand is read at the operand size
  map[0x8F] = G(group1a, false);
  map[0x98] = E(Op::cbw);
  map[0x99] = E(Op::cwd);
  map[0x9A] = E<Ap>(Op::call_far);
  map[0x9B] = E(Op::wait);
  map[0x9C] = E(Op::pushf);
  map[0x9D] = E(Op::popf);
  map[0x9E] = E(Op::sahf);
  map[0x9F] = E(Op::lahf);
  map[0xA0] = E<AL, Ob>(Op::mov);
  map[0xA1] = E<eAX, Ov>(Op::mov);
  map[0xA2] = E<Ob, AL>(Op::mov);
  map[0xA3] = E<Ov, eAX>(Op::mov);
  map[0xA4] = B(Op::movs);
  map[0xA5] = E(Op::movs);
  map[0xA6] = B(Op::cmps);
  map[0xA7] = E(Op::cmps);
  map[0xA8] = E<AL, Ib>(Op::test);
  map[0xA9] = E<eAX, Iz>(Op::test);
  map[0xAA] = B(Op::stos);
  map[0xAB] = E(Op::stos);
  map[0xAC] = B(Op::lods);
  map[0xAD] = E(Op::lods);
  map[0xAE] = B(Op::scas);
  map[0xAF] = E(Op::scas);
  map[0xC0] = G(group2_Eb_Ib, true);
  map[0xC1] = G(group2_Ev_Ib, false);
  map[0xC2] = E<Iw>(Op::ret);
  map[0xC3] = E(Op::ret);
  map[0xC4] = E<Gv, Mp>(Op::les);
  map[0xC5] = E<Gv, Mp>(Op::lds);
  map[0xC6] = G(group11_Eb, true);
  map[0xC7] = G(group11_Ev, false);
  map[0xC8] = E<Iw, Ib>(Op::enter);
  map[0xC9] = E(Op::leave);
  map[0xCA] = E<Iw>(Op::retf);
  map[0xCB] = E(Op::retf);
  map[0xCC] = E(Op::int3);
  map[0xCD] = E<Ib>(Op::int_);
  map[0xCE] = E(Op::into);
  map[0xCF] = E(Op::iret);
  map[0xD0] = G(group2_Eb_1, true);
  map[0xD1] = G(group2_Ev_1, false);
  map[0xD2] = G(group2_Eb_CL, true);
  map[0xD3] = G(group2_Ev_CL, false);
  map[0xD4] = E<Ib>(Op::aam);
  map[0xD5] = E<Ib>(Op::aad);
  map[0xD6] = E(Op::salc);  // undocumented by Intel until recently, present on every x86
  map[0xD7] = B(Op::xlat);
  for (unsigned i = 0; i < 8; ++i) map[0xD8 + i] = {Op::fpu, {}, attr::modrm | attr::x87, 0, nullptr};
  map[0xE0] = E<Jb>(Op::loopne);
  map[0xE1] = E<Jb>(Op::loope);
  map[0xE2] = E<Jb>(Op::loop);
  map[0xE3] = E<Jb>(Op::jcxz);
  map[0xE4] = E<AL, Ib>(Op::in);
  map[0xE5] = E<eAX, Ib>(Op::in);
  map[0xE6] = E<Ib, AL>(Op::out);
  map[0xE7] = E<Ib, eAX>(Op::out);
  map[0xE8] = E<Jz>(Op::call);
  map[0xE9] = E<Jz>(Op::jmp);
  map[0xEA] = E<Ap>(Op::jmp_far);
  map[0xEB] = E<Jb>(Op::jmp);
  map[0xEC] = E<AL, DX>(Op::in);
  map[0xED] = E<eAX, DX>(Op::in);
  map[0xEE] = E<DX, AL>(Op::out);
  map[0xEF] = E<DX, eAX>(Op::out);
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
  for (unsigned op : {0x8C, 0x8E, 0x90}) map[op].attributes |= attr::special;
  return map;
}

constexpr std::array<OpcodeEntry, 256> build_two_byte_map() {
  std::array<OpcodeEntry, 256> map{};
  map[0x00] = G(group6, false);
  map[0x01] = G(group7, false);
  map[0x02] = E<Gv, Mw_Rv>(Op::lar);  // #UD in real mode; decoded for disassembly
  map[0x03] = E<Gv, Mw_Rv>(Op::lsl);  // #UD in real mode; decoded for disassembly
  map[0x06] = E(Op::clts);
  map[0x08] = E(Op::invd);
  map[0x09] = E(Op::wbinvd);
  map[0x0B] = E(Op::ud);
  // 0F 18-1F: the reserved-NOP hint space (prefetch hints on 0F 18); all execute as NOP Ev.
  for (unsigned op = 0x18; op <= 0x1F; ++op) map[op] = E<Ev>(Op::nop);
  map[0x20] = E<Rd, Cd>(Op::mov_cr);
  map[0x21] = E<Rd, Dd>(Op::mov_dr);
  map[0x22] = E<Cd, Rd>(Op::mov_cr);
  map[0x23] = E<Dd, Rd>(Op::mov_dr);
  map[0x30] = E(Op::wrmsr);
  map[0x31] = E(Op::rdtsc);
  map[0x32] = E(Op::rdmsr);
  map[0x33] = E(Op::rdpmc);
  map[0x34] = E(Op::sysenter);
  map[0x35] = E(Op::sysexit);
  for (unsigned c = 0; c < 16; ++c) {
    map[0x40 + c] = E<Gv, Ev>(Op::cmovcc);
    map[0x80 + c] = E<Jz>(Op::jcc);
    map[0x90 + c] = E<Eb>(Op::setcc);  // the ModRM reg field is ignored
  }
  map[0xA0] = E<FS>(Op::push);
  map[0xA1] = E<FS>(Op::pop);
  map[0xA2] = E(Op::cpuid);
  map[0xA3] = E<Ev, Gv>(Op::bt);
  map[0xA4] = E<Ev, Gv, Ib>(Op::shld);
  map[0xA5] = E<Ev, Gv, CL>(Op::shld);
  map[0xA8] = E<GS>(Op::push);
  map[0xA9] = E<GS>(Op::pop);
  map[0xAA] = E(Op::rsm);
  map[0xAB] = E<Ev, Gv>(Op::bts);
  map[0xAC] = E<Ev, Gv, Ib>(Op::shrd);
  map[0xAD] = E<Ev, Gv, CL>(Op::shrd);
  map[0xAF] = E<Gv, Ev>(Op::imul);
  map[0xB0] = E<Eb, Gb>(Op::cmpxchg);
  map[0xB1] = E<Ev, Gv>(Op::cmpxchg);
  map[0xB2] = E<Gv, Mp>(Op::lss);
  map[0xB3] = E<Ev, Gv>(Op::btr);
  map[0xB4] = E<Gv, Mp>(Op::lfs);
  map[0xB5] = E<Gv, Mp>(Op::lgs);
  map[0xB6] = E<Gv, Eb>(Op::movzx);
  map[0xB7] = E<Gv, Ew>(Op::movzx);
  map[0xB9] = E<Gv, Ev>(Op::ud);  // UD1
  map[0xBA] = G(group8, false);
  map[0xBB] = E<Ev, Gv>(Op::btc);
  map[0xBC] = E<Gv, Ev>(Op::bsf);  // with F3: TZCNT (the decoder switches)
  map[0xBD] = E<Gv, Ev>(Op::bsr);  // with F3: LZCNT (the decoder switches)
  map[0xBE] = E<Gv, Eb>(Op::movsx);
  map[0xBF] = E<Gv, Ew>(Op::movsx);
  map[0xC0] = E<Eb, Gb>(Op::xadd);
  map[0xC1] = E<Ev, Gv>(Op::xadd);
  // BSWAP with a 16-bit operand size is undefined by the manual: see docs/cpu-model.md.
  for (unsigned r = 0; r < 8; ++r) map[0xC8 + r] = E<Zv>(Op::bswap);
  map[0xFF] = E<Gv, Ev>(Op::ud);  // UD0
  for (unsigned op : {0x20, 0x22}) map[op].attributes |= attr::special;
  return map;
}

// Fills all eight reg values of a group with the same operand codes.
template <Arg a, Arg b = none>
constexpr std::array<OpcodeEntry, 8> same_args(const Op (&ops)[8]) {
  std::array<OpcodeEntry, 8> forms{};
  for (unsigned i = 0; i < 8; ++i) forms[i] = E<a, b>(ops[i]);
  return forms;
}

constexpr Group both(std::array<OpcodeEntry, 8> forms) { return {forms, forms}; }

constexpr std::array<Group, group_count> build_groups() {
  constexpr Op shifts[8] = {Op::rol, Op::ror, Op::rcl, Op::rcr, Op::shl, Op::shr, Op::sal, Op::sar};
  constexpr Op invalid[8] = {Op::invalid, Op::invalid, Op::invalid, Op::invalid,
                             Op::invalid, Op::invalid, Op::invalid, Op::invalid};
  std::array<Group, group_count> groups{};
  groups[group1_Eb_Ib] = both(same_args<Eb, Ib>(alu));
  groups[group1_Ev_Iz] = both(same_args<Ev, Iz>(alu));
  groups[group1_Ev_Ibs] = both(same_args<Ev, Ibs>(alu));
  auto pop = same_args<none>(invalid);
  pop[0] = E<Ev>(Op::pop);
  groups[group1a] = both(pop);
  groups[group2_Eb_Ib] = both(same_args<Eb, Ib>(shifts));
  groups[group2_Ev_Ib] = both(same_args<Ev, Ib>(shifts));
  groups[group2_Eb_1] = both(same_args<Eb, One>(shifts));
  groups[group2_Ev_1] = both(same_args<Ev, One>(shifts));
  groups[group2_Eb_CL] = both(same_args<Eb, CL>(shifts));
  groups[group2_Ev_CL] = both(same_args<Ev, CL>(shifts));
  // /1 is an undocumented alias of TEST on every x86.
  groups[group3_Eb] = both({E<Eb, Ib>(Op::test), E<Eb, Ib>(Op::test), E<Eb>(Op::not_), E<Eb>(Op::neg), E<Eb>(Op::mul),
                            E<Eb>(Op::imul), E<Eb>(Op::div), E<Eb>(Op::idiv)});
  groups[group3_Ev] = both({E<Ev, Iz>(Op::test), E<Ev, Iz>(Op::test), E<Ev>(Op::not_), E<Ev>(Op::neg), E<Ev>(Op::mul),
                            E<Ev>(Op::imul), E<Ev>(Op::div), E<Ev>(Op::idiv)});
  auto incdec = same_args<none>(invalid);
  incdec[0] = E<Eb>(Op::inc);
  incdec[1] = E<Eb>(Op::dec);
  groups[group4] = both(incdec);
  groups[group5] = {{E<Ev>(Op::inc), E<Ev>(Op::dec), E<Ev>(Op::call), E<Mp>(Op::call_far), E<Ev>(Op::jmp),
                     E<Mp>(Op::jmp_far), E<Ev>(Op::push), E(Op::invalid)},
                    {E<Ev>(Op::inc), E<Ev>(Op::dec), E<Ev>(Op::call), E(Op::invalid), E<Ev>(Op::jmp), E(Op::invalid),
                     E<Ev>(Op::push), E(Op::invalid)}};
  groups[group6] = both({E<Mw_Rv>(Op::sldt), E<Mw_Rv>(Op::str), E<Ew>(Op::lldt), E<Ew>(Op::ltr), E<Ew>(Op::verr),
                         E<Ew>(Op::verw), E(Op::invalid), E(Op::invalid)});
  // Register forms other than SMSW/LMSW are virtualization and system instructions
  // (VMCALL, MONITOR, XGETBV, RDTSCP, ...) outside emu's scope: #UD here.
  groups[group7] = {{E<Ms>(Op::sgdt), E<Ms>(Op::sidt), E<Ms>(Op::lgdt), E<Ms>(Op::lidt), E<Mw_Rv>(Op::smsw),
                     E(Op::invalid), E<Ew>(Op::lmsw), E<Mb>(Op::invlpg)},
                    {E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::invalid), E<Mw_Rv>(Op::smsw),
                     E(Op::invalid), E<Ew>(Op::lmsw), E(Op::invalid)}};
  groups[group8] = both({E(Op::invalid), E(Op::invalid), E(Op::invalid), E(Op::invalid), E<Ev, Ib>(Op::bt),
                         E<Ev, Ib>(Op::bts), E<Ev, Ib>(Op::btr), E<Ev, Ib>(Op::btc)});
  auto mov_b = same_args<none>(invalid);
  mov_b[0] = E<Eb, Ib>(Op::mov);
  groups[group11_Eb] = both(mov_b);
  auto mov_v = same_args<none>(invalid);
  mov_v[0] = E<Ev, Iz>(Op::mov);
  groups[group11_Ev] = both(mov_v);
  return groups;
}

}  // namespace

constexpr std::array<OpcodeEntry, 256> one_byte_table = build_one_byte_map();
constexpr std::array<OpcodeEntry, 256> two_byte_table = build_two_byte_map();
constexpr std::array<Group, group_count> group_table = build_groups();
constexpr std::array<FastForm, fast_form_count> fast_forms =
    fast_form_builder::build_fast_forms(one_byte_table, two_byte_table, group_table);
constexpr std::array<FastOpcode, fast_group_base> fast_opcodes =
    fast_form_builder::build_fast_opcodes(one_byte_table, two_byte_table, fast_forms);
constexpr std::array<FastMemory, fast_moffs + 1> fast_memory_forms = fast_form_builder::build_memory_forms();
static_assert(fast_form_builder::longest_unprefixed(fast_opcodes, fast_forms) <= max_instruction_length,
              "fast_decode.h tests the length against the limit only after prefixes");
constexpr std::array<std::uint64_t, 256 * fast_modrm_layouts> fast_modrm_operands =
    fast_form_builder::build_modrm_operands();

namespace {

// The fast path's own analysis (fast_decode.h), run on every pair of first two bytes: the
// table cannot disagree with what the path computes without it.
constexpr std::array<std::uint8_t, 256 * 256> build_plain_lengths() {
  std::array<std::uint8_t, 256 * 256> lengths{};
  for (unsigned opcode = 0; opcode < 256; ++opcode) {
    if (opcode == 0x0F || prefix_kinds[opcode] != PrefixKind::not_prefix) continue;
    for (unsigned next = 0; next < 256; ++next) {
      std::array<std::uint8_t, fast_path::fast_window> window{};
      window[0] = static_cast<std::uint8_t>(opcode);
      window[1] = static_cast<std::uint8_t>(next);
      fast_path::FastDecoding decoding{};
      if (fast_path::analyse_operands<false>(window.data(), Prefixes{}, 1, opcode, decoding)) {
        lengths[next << 8 | opcode] = static_cast<std::uint8_t>(decoding.length);
      }
    }
  }
  return lengths;
}

}  // namespace

constexpr std::array<std::uint8_t, 256 * 256> fast_plain_lengths = build_plain_lengths();

}  // namespace emu::x86
