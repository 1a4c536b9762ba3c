#include "differential/program_generator.h"

#include <array>
#include <functional>

#include "compare/lockstep.h"
#include "decoder/decode.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"

namespace emu::test {

namespace {

using Bytes = std::vector<std::uint8_t>;

// Registers a program may overwrite: AX CX DX BP SI DI (never SP; never BX, the data pointer).
constexpr std::array<std::uint8_t, 6> writable16 = {0, 1, 2, 5, 6, 7};
constexpr std::array<std::uint8_t, 6> writable8 = {0, 1, 2, 4, 5, 6};  // AL CL DL AH CH DH

class Generator {
 public:
  explicit Generator(std::mt19937& random) : random_(random) {}

  std::uint32_t below(std::uint32_t n) { return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(random_); }
  std::uint8_t byte() { return static_cast<std::uint8_t>(below(256)); }
  std::uint8_t r16() { return writable16[below(writable16.size())]; }
  std::uint8_t any16() { return static_cast<std::uint8_t>(below(8)); }
  std::uint8_t r8() { return writable8[below(writable8.size())]; }
  std::uint8_t any8() { return static_cast<std::uint8_t>(below(8)); }
  std::uint8_t modrm_reg(std::uint8_t reg, std::uint8_t rm) { return static_cast<std::uint8_t>(0xC0 | (reg << 3) | rm); }
  // [bx+disp8] inside the data area, with room for a dword.
  Bytes memory(std::uint8_t reg) { return {static_cast<std::uint8_t>(0x47 | (reg << 3)), static_cast<std::uint8_t>(below(0x7C))}; }

  Bytes join(std::initializer_list<Bytes> parts) {
    Bytes all;
    for (const Bytes& part : parts) all.insert(all.end(), part.begin(), part.end());
    return all;
  }

  // One template: one or a few instructions.
  Bytes pick() {
    std::uint8_t op = static_cast<std::uint8_t>(below(8));  // ADD OR ADC SBB AND SUB XOR CMP
    switch (below(58)) {
      case 0: return {static_cast<std::uint8_t>(op * 8 + 1), modrm_reg(any16(), r16())};              // alu r16, r16
      case 1: return {0x81, modrm_reg(op, r16()), byte(), byte()};                                   // alu r16, imm16
      case 2: return {0x83, modrm_reg(op, r16()), byte()};                                           // alu r16, imm8
      case 3: return {static_cast<std::uint8_t>(op * 8), modrm_reg(any8(), r8())};                    // alu r8, r8
      case 4: return join({{static_cast<std::uint8_t>(op * 8 + 1)}, memory(any16())});               // alu [bx+d], r16
      case 5: return join({{static_cast<std::uint8_t>(op * 8 + 3)}, memory(r16())});                 // alu r16, [bx+d]
      case 6: return {0x66, static_cast<std::uint8_t>(op * 8 + 1), modrm_reg(any16(), r16())};        // alu r32, r32
      case 7: return {static_cast<std::uint8_t>((below(2) ? 0x40 : 0x48) + r16())};                  // inc/dec r16
      case 8: return {0xF7, modrm_reg(static_cast<std::uint8_t>(2 + below(2)), r16())};              // not/neg
      case 9: return {0xC1, modrm_reg(static_cast<std::uint8_t>(below(8)), r16()), static_cast<std::uint8_t>(below(33))};  // shift imm
      case 10: return {0xD3, modrm_reg(static_cast<std::uint8_t>(below(8)), r16())};                  // shift by CL
      case 11: return {0xD0, modrm_reg(static_cast<std::uint8_t>(below(8)), r8())};                   // shift r8 by 1
      case 12: return {0xF7, modrm_reg(static_cast<std::uint8_t>(4 + below(2)), any16())};            // mul/imul r16
      case 13: return {0x6B, modrm_reg(r16(), any16()), byte()};                                      // imul r16, r16, imm8
      case 14: {  // div cx with a non-zero divisor and DX = 0: never #DE
        return {0xB9, static_cast<std::uint8_t>(1 + below(255)), byte(), 0x31, 0xD2, 0xF7, 0xF1};
      }
      case 15: return {static_cast<std::uint8_t>(0xB8 + r16()), byte(), byte()};                      // mov r16, imm16
      case 16: return {0x89, modrm_reg(any16(), r16())};                                              // mov r16, r16
      case 17: return join({{0x89}, memory(any16())});                                                // mov [bx+d], r16
      case 18: return join({{0x8B}, memory(r16())});                                                  // mov r16, [bx+d]
      case 19: return {0x0F, static_cast<std::uint8_t>(below(2) ? 0xB6 : 0xBE), modrm_reg(r16(), any8())};  // movzx/movsx
      case 20: return {0x0F, static_cast<std::uint8_t>(0x90 + below(16)), modrm_reg(0, r8())};       // setcc
      case 21: return {0x0F, static_cast<std::uint8_t>(0x40 + below(16)), modrm_reg(r16(), any16())};  // cmovcc
      case 22: return {0x87, modrm_reg(r16(), r16())};                                                // xchg
      case 23: return {0x0F, 0xBA, modrm_reg(static_cast<std::uint8_t>(4 + below(4)), r16()), byte()};  // bt* imm
      case 24: return {static_cast<std::uint8_t>(0x50 + any16()), static_cast<std::uint8_t>(0x58 + r16())};  // push; pop
      case 25: {
        static constexpr std::uint8_t simple[] = {0x9F, 0x9E, 0x98, 0x99, 0xF8, 0xF9, 0xF5, 0x27, 0x2F, 0x37, 0x3F};
        return {simple[below(sizeof simple)]};  // lahf sahf cbw cwd clc stc cmc daa das aaa aas
      }
      case 26: return {static_cast<std::uint8_t>(below(2) ? 0xD4 : 0xD5), static_cast<std::uint8_t>(1 + below(16))};  // aam/aad
      case 27: {  // a string operation with a small count, in the data area, forwards
        static constexpr std::uint8_t ops[] = {0xA4, 0xA5, 0xAA, 0xAB, 0xAC, 0xAD, 0xA6, 0xAE};
        std::uint8_t string_op = ops[below(sizeof ops)];
        std::uint8_t prefix = (string_op == 0xA6 || string_op == 0xAE) && below(2) ? 0xF2 : 0xF3;
        std::uint16_t si = static_cast<std::uint16_t>(data_area + below(0x400));
        std::uint16_t di = static_cast<std::uint16_t>(data_area + 0x800 + below(0x400));
        return {0xFC,
                0xBE, static_cast<std::uint8_t>(si), static_cast<std::uint8_t>(si >> 8),
                0xBF, static_cast<std::uint8_t>(di), static_cast<std::uint8_t>(di >> 8),
                0xB9, static_cast<std::uint8_t>(below(17)), 0x00,
                prefix, string_op};
      }
      case 28: return {0xE6, 0xE9};  // out 0xe9, al: console output is compared too
      case 29: return join({{0x8D}, {static_cast<std::uint8_t>(0x40 | (r16() << 3)), byte()}});  // lea r16, [bx+si+d8]
      case 30: return {0x0F, static_cast<std::uint8_t>(below(2) ? 0xBC : 0xBD), modrm_reg(r16(), any16())};  // bsf/bsr
      case 31: return {0x66, 0xC1, modrm_reg(static_cast<std::uint8_t>(below(8)), r16()), static_cast<std::uint8_t>(below(33))};
      case 32: return {0xE8, 0x02, 0x00, 0xEB, 0x01, 0xC3};  // call a RET just ahead; jump over it
      case 33:  // far call through a pointer built from IP (call/pop), to a RETF just ahead
        return {0xE8, 0x00, 0x00, 0x5E, 0x83, 0xC6, 0x11, 0x89, 0x77, 0x70, 0xC7, 0x47, 0x72, 0x00, 0x00,
                0xFF, 0x5F, 0x70, 0xEB, 0x01, 0xCB};
      case 34: return {0xCD, static_cast<std::uint8_t>(0x40 + below(16))};  // INT n: the handler IRETs
      case 35: return {0xBD, 0x00, 0xE0, 0xC8, byte(), 0x00, static_cast<std::uint8_t>(below(4)), 0xC9};  // enter n, level; leave
      case 36: return {0x60, 0x61};                                                            // pusha; popa
      case 37: return {0xD7};                                                                  // xlat
      case 38: return {0xB9, static_cast<std::uint8_t>(1 + below(7)), 0x00, 0xE2, 0xFE};      // loop $ with CX 1-7
      case 39: return join({{0x1E, 0xC5}, memory(r16()), {0x1F}});                            // push ds; lds r16, [bx+d]; pop ds
      case 40: {  // the 0F-map arithmetic: xadd, cmpxchg, imul r,r, shld/shrd, bt reg, movzx/movsx word
        static constexpr std::uint8_t ops[] = {0xC1, 0xB1, 0xAF, 0xA5, 0xAD, 0xA3, 0xAB, 0xB3, 0xBB, 0xB7, 0xBF};
        return {0x0F, ops[below(sizeof ops)], modrm_reg(r16(), r16())};
      }
      case 41: return {0x66, static_cast<std::uint8_t>(below(2) ? 0x98 : 0x99)};               // cwde / cdq
      case 42: return {0x66, 0x0F, static_cast<std::uint8_t>(0xC8 + r16())};                   // bswap r32
      case 43: return {0xE4, 0x80};                                                            // in al, 0x80 (unassigned)
      case 44: return {0x9C, 0x9D};                                                            // pushf; popf
      case 45: {
        static constexpr std::uint8_t simple[] = {0x9B, 0x90, 0xD6, 0xCC};  // wait, nop, salc, int3 (IRET handler)
        return {simple[below(sizeof simple)]};
      }
      case 46: return {0xEB, 0x00};                                                            // jmp short +0
      case 47: {  // idiv cx: CX positive and DX the sign of AX (CWD), so the quotient always fits
        std::uint16_t divisor = static_cast<std::uint16_t>(1 + below(0x7FFF));
        return {0xB9, static_cast<std::uint8_t>(divisor), static_cast<std::uint8_t>(divisor >> 8), 0x99, 0xF7, 0xF9};
      }
      case 48: {  // les/lfs/lgs r16, [bx+d], the segment register saved and restored around it
        switch (below(3)) {
          case 0: return join({{0x06, 0xC4}, memory(r16()), {0x07}});
          case 1: return join({{0x0F, 0xA0, 0x0F, 0xB4}, memory(r16()), {0x0F, 0xA1}});
          default: return join({{0x0F, 0xA8, 0x0F, 0xB5}, memory(r16()), {0x0F, 0xA9}});
        }
      }
      case 49: {  // loope/loopne $ with CX 1-7 (ZF does not change inside), or jcxz +0
        std::uint8_t count = static_cast<std::uint8_t>(below(8));
        if (below(3) == 0) return {0xB9, count, 0x00, 0xE3, 0x00};
        return {0xB9, static_cast<std::uint8_t>(count + 1), 0x00, static_cast<std::uint8_t>(below(2) ? 0xE1 : 0xE0), 0xFE};
      }
      // The next two end the program (at the halt handler) when they raise their exception: rare,
      // so that most programs run their whole length.
      case 50:  // into: with OF set, #OF
        if (below(8) == 0) return {0xCE};
        return {0x85, modrm_reg(any16(), any16())};
      case 51:                 // outsb from, or insb into, the data area through the debug console port
        if (below(2)) return {0x89, 0xDE, 0xBA, 0xE9, 0x00, 0x6E};  // mov si, bx; mov dx, 0xe9; outsb
        return {0x89, 0xDF, 0xBA, 0xE9, 0x00, 0x6C};                // mov di, bx; mov dx, 0xe9; insb
      case 52: {
        static constexpr std::uint8_t flag_control[] = {0xFA, 0xFB, 0xFD, 0xFC};  // cli, sti, std, cld
        return {flag_control[below(sizeof flag_control)]};
      }
      case 53: return {0xF3, 0x0F, static_cast<std::uint8_t>(below(2) ? 0xBC : 0xBD), modrm_reg(r16(), any16())};  // tzcnt/lzcnt
      case 55:  // system instructions real mode allows: pause, smsw, sidt/sgdt to the data area, clts, wbinvd
        switch (below(5)) {
          case 0: return {0xF3, 0x90};
          case 1: return {0x0F, 0x01, modrm_reg(4, r16())};
          case 2: return join({{0x0F, 0x01}, memory(static_cast<std::uint8_t>(below(2)))});
          case 3: return {0x0F, 0x06};
          default: return {0x0F, 0x09};
        }
      case 56:  // exceptions that end the program at the halt handler: INT1, BOUND out of range. (Not
                // #UD: kvm_pvm injects it at the next entry, so a single-stepped KVM still stands on
                // the UD2 when the interpreter has halted; the corpus covers #UD with handlers
                // that return.)
        if (below(8) != 0) return {0x85, modrm_reg(any16(), any16())};
        if (below(2)) return {0xF1};
        return join({{0x62}, memory(r16())});
      case 54:  // far jump through a pointer built from IP (call/pop) to the next instruction
        return {0xE8, 0x00, 0x00, 0x5E, 0x83, 0xC6, 0x0F, 0x89, 0x77, 0x70, 0xC7, 0x47, 0x72, 0x00, 0x00, 0xFF, 0x6F, 0x70};
      default: return {0x85, modrm_reg(any16(), any16())};                                     // test r16, r16
    }
  }

 private:
  std::mt19937& random_;
};

}  // namespace

std::vector<std::uint8_t> assemble_program(const std::vector<std::vector<std::uint8_t>>& blocks) {
  Bytes image(program_start, 0);
  for (unsigned vector = 0; vector < 256; ++vector) {  // every vector: 0000:0500
    image[vector * 4] = 0x00;
    image[vector * 4 + 1] = 0x05;
  }
  image[0x500] = 0xF4;
  image[0x501] = 0xCF;  // INT3 and INT 40h-4Fh return at once: 0000:0501 is an IRET
  for (unsigned vector : {3u}) image[vector * 4] = 0x01;
  for (unsigned vector = 0x40; vector < 0x50; ++vector) image[vector * 4] = 0x01;
  for (const Bytes& block : blocks) image.insert(image.end(), block.begin(), block.end());
  image.push_back(0xF4);
  return image;
}

RandomProgram generate_program(std::mt19937& random, std::size_t length) {
  Generator generate(random);
  RandomProgram program;

  std::uint16_t undefined = 0;  // flags left undefined by the instructions so far
  while (program.instructions < length) {
    // Now and then, a forward conditional branch over the next block: its flags must be defined.
    bool branch = generate.below(6) == 0;
    std::uint8_t condition = static_cast<std::uint8_t>(generate.below(16));
    Bytes unit;  // this block, with its branch and any CMP it needs
    if (branch && (x86::condition_flags(condition) & undefined)) {
      unit.insert(unit.end(), {0x39, 0xC0});  // cmp ax, ax defines all six
      undefined = 0;
      ++program.instructions;
    }
    const std::uint16_t undefined_before = undefined;
    Bytes block = generate.pick();
    // Account for each instruction of the block; define flags first where one would read them.
    Bytes accepted;
    for (std::size_t at = 0; at < block.size();) {
      x86::Instruction insn = x86::decode(std::span(block).subspan(at));
      if (!insn.valid()) break;  // never happens for these templates; the tests would say so
      x86::FlagInfo info = x86::flag_info(insn);
      // A shift by CL may shift by 0 and write nothing: the flags it would define stay as
      // they were. Flags KVM is known to get wrong count as undefined.
      bool by_cl = insn.op >= x86::Op::rol && insn.op <= x86::Op::shrd && insn.operands[1].kind == x86::OperandKind::reg;
      bool by_zero = insn.op >= x86::Op::rol && insn.op <= x86::Op::shrd && insn.operands[1].kind == x86::OperandKind::imm &&
                     (insn.imm & 0x1F) == 0;
      bool repeated_compare = (insn.op == x86::Op::cmps || insn.op == x86::Op::scas);  // the count may be 0
      if (by_cl || by_zero || repeated_compare) info.written = 0;
      info.undefined = static_cast<std::uint16_t>(info.undefined | compare::known_kvm_defects(insn));
      if (info.read & undefined) {
        accepted.insert(accepted.end(), {0x39, 0xC0});
        undefined = 0;
        ++program.instructions;
      }
      accepted.insert(accepted.end(), block.begin() + static_cast<std::ptrdiff_t>(at),
                      block.begin() + static_cast<std::ptrdiff_t>(at + insn.length));
      undefined = static_cast<std::uint16_t>((undefined & ~info.written) | info.undefined);
      ++program.instructions;
      at += insn.length;
    }
    if (branch) {
      unit.push_back(static_cast<std::uint8_t>(0x70 + condition));
      unit.push_back(static_cast<std::uint8_t>(accepted.size()));
      ++program.instructions;
      undefined |= undefined_before;  // the block may have been skipped
    }
    unit.insert(unit.end(), accepted.begin(), accepted.end());
    program.blocks.push_back(std::move(unit));
  }
  program.image = assemble_program(program.blocks);

  CpuState& state = program.initial_state;
  state = reset_state(0, program_start);
  for (std::uint8_t r : {0, 1, 2, 5, 6, 7}) state.gpr[r] = static_cast<std::uint32_t>(random());
  state.reg(Gpr::ebx) = data_area;
  state.reg(Gpr::esp) = 0xF000;
  state.eflags = 0x0002 | (random() & (flag::cf | flag::pf | flag::af | flag::zf | flag::sf | flag::of | flag::df));
  return program;
}

}  // namespace emu::test
