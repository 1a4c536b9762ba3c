#pragma once

#include <bit>
#include <cstdint>

#include "core/cpu_state.h"

namespace emu::interp {

// ZF, SF and PF of an N-byte result.
template <unsigned N>
std::uint32_t zf_sf_pf(std::uint32_t result) {
  result &= N == 4 ? 0xFFFFFFFFu : (1u << (8 * N)) - 1;
  return (result == 0 ? flag::zf : 0) | (((result >> (8 * N - 1)) & 1) ? flag::sf : 0) |
         ((std::popcount(result & 0xFF) & 1) ? 0 : flag::pf);
}

// EFLAGS with the six arithmetic flags computed lazily. After ADD/ADC/SUB/SBB/CMP/NEG/INC/DEC
// and the logic operations, only the result and the carries are stored: the carry (borrow) into
// bit i of the result is bit i of a ^ b ^ (a + b) for any addition (a ^ b ^ (a - b) for any
// subtraction) computed without truncation. Both are kept shifted up so that the result's sign
// bit is bit 31 of `result_` and the carry out of it bit 32 of `carries_`, whatever the operand
// size: ZF, SF, CF and OF (the ones conditions test) are then the same few instructions for
// every size. CF is that carry out, OF it XOR the carry into the sign bit, AF the carry into bit
// 4, PF from the result's low byte. Everything else writes the flags eagerly.
class Flags {
 public:
  enum class Kind : std::uint8_t {
    known,    // every flag is in bits_
    arith,    // CF OF AF from carries_; ZF SF PF from result_ (the logic operations too: no carries)
    inc_dec,  // like arith, but CF is in bits_ (INC and DEC keep it)
  };

  static constexpr std::uint32_t arith_mask = flag::cf | flag::pf | flag::af | flag::zf | flag::sf | flag::of;

  std::uint32_t value() const {
    if (shape_.kind == Kind::known) return bits_;
    return (bits_ & ~arith_mask) | cf() | pf() | af() | zf() | sf() | of();
  }
  void set(std::uint32_t value) {
    bits_ = value;
    shape_.kind = Kind::known;
  }
  // Replaces the six arithmetic flags with `arith`, eagerly; the control flags stay (they are
  // always in bits_, whatever the kind).
  void set_arithmetic(std::uint32_t arith) { set((bits_ & ~arith_mask) | arith); }

  // An addition or subtraction of N-byte operands `a` and `b` (zero-extended) whose untruncated
  // result is `wide`: a + b (+ carry) or a - b (- borrow), in 64 bits. Returns the result
  // truncated to N bytes.
  template <unsigned N>
  [[gnu::always_inline]] std::uint32_t set_add_sub(std::uint32_t a, std::uint32_t b, std::uint64_t wide) {
    return set_lazy<N>(wide, a ^ b ^ wide, Kind::arith);
  }
  // The same for INC and DEC (b = 1), which keep CF.
  template <unsigned N>
  [[gnu::always_inline]] std::uint32_t set_inc_dec(std::uint32_t a, std::uint64_t wide) {
    bits_ = (bits_ & ~flag::cf) | cf();
    return set_lazy<N>(wide, a ^ 1 ^ wide, Kind::inc_dec);
  }
  // CF = OF = AF = 0 (AF: emu's choice, as Intel CPUs do): a result without carries.
  template <unsigned N>
  [[gnu::always_inline]] void set_logic(std::uint32_t result) {
    set_lazy<N>(result, 0, Kind::arith);
  }
  // A shift's result: CF, OF and AF as given, ZF SF PF from the result. Stored lazily with
  // made-up carries (out of the sign bit: CF; into it: CF ^ OF; into bit 4: AF), so PF's
  // popcount is only paid if something reads it.
  template <unsigned N>
  [[gnu::always_inline]] void set_shift(std::uint32_t result, bool carry, bool overflow, bool aux = false) {
    std::uint64_t c = carry ? 1 : 0, o = overflow ? 1 : 0, a = aux ? 1 : 0;
    set_lazy<N>(result, (c << (8 * N)) | ((c ^ o) << (8 * N - 1)) | (a << 4), Kind::arith);
  }
  // Replaces CF and OF, keeping the other four arithmetic flags (rotates). A lazy state stays lazy:
  // its carries into and out of the sign bit are rewritten, its result (ZF SF PF) and the carry
  // into bit 4 (AF) are kept.
  [[gnu::always_inline]] void set_cf_of(bool carry, bool overflow) {
    std::uint64_t c = carry ? 1 : 0, o = overflow ? 1 : 0;
    if (shape_.kind == Kind::known) {
      bits_ = (bits_ & ~(flag::cf | flag::of)) | (c ? flag::cf : 0) | (o ? flag::of : 0);
      return;
    }
    carries_ = (carries_ & ~(std::uint64_t{3} << 31)) | (c << 32) | ((c ^ o) << 31);
    shape_.kind = Kind::arith;
  }

  std::uint32_t cf() const { return shape_.kind == Kind::arith ? (carries_ >> 32) & 1 : bits_ & flag::cf; }
  std::uint32_t zf() const { return shape_.kind == Kind::known ? bits_ & flag::zf : (result_ == 0 ? flag::zf : 0); }
  std::uint32_t sf() const { return shape_.kind == Kind::known ? bits_ & flag::sf : (result_ >> 31) << 7; }
  std::uint32_t pf() const {
    if (shape_.kind == Kind::known) return bits_ & flag::pf;
    return (std::popcount((result_ >> (31 - shape_.msb)) & 0xFF) & 1) ? 0 : flag::pf;
  }
  std::uint32_t af() const {
    if (shape_.kind == Kind::known) return bits_ & flag::af;
    return static_cast<std::uint32_t>((carries_ >> (35 - shape_.msb)) & 1) << 4;  // the carry into bit 4
  }
  std::uint32_t of() const {
    if (shape_.kind == Kind::known) return bits_ & flag::of;
    return static_cast<std::uint32_t>(((carries_ >> 31) ^ (carries_ >> 32)) & 1) << 11;
  }

  bool bit(std::uint32_t mask) const { return (value() & mask) != 0; }
  bool df() const { return (bits_ & flag::df) != 0; }
  bool tf() const { return (bits_ & flag::tf) != 0; }
  bool if_() const { return (bits_ & flag::if_) != 0; }
  // Non-arithmetic flags (TF, IF, DF, IOPL, NT, ...) always live in bits_.
  void set_control(std::uint32_t mask, bool on) { bits_ = on ? (bits_ | mask) : (bits_ & ~mask); }

  // Jcc/SETcc/CMOVcc condition 0-15 (SDM Vol. 1, Appendix B). Inlined with a constant `cc`,
  // only the flags that condition needs are computed.
  bool condition(unsigned cc) const {
    bool result;
    switch (cc >> 1) {
      case 0: result = of() != 0; break;
      case 1: result = cf() != 0; break;
      case 2: result = zf() != 0; break;
      case 3: result = (cf() | zf()) != 0; break;
      case 4: result = sf() != 0; break;
      case 5: result = pf() != 0; break;
      case 6: result = (sf() != 0) != (of() != 0); break;
      default: result = zf() != 0 || ((sf() != 0) != (of() != 0)); break;
    }
    return (cc & 1) ? !result : result;
  }

 private:
  template <unsigned N>
  [[gnu::always_inline]] std::uint32_t set_lazy(std::uint64_t wide, std::uint64_t carries, Kind kind) {
    constexpr std::uint32_t mask = N == 4 ? 0xFFFFFFFFu : (1u << (8 * N)) - 1;
    constexpr unsigned up = 32 - 8 * N;  // brings the sign bit to bit 31
    result_ = static_cast<std::uint32_t>(wide) << up;
    carries_ = carries << up;
    shape_ = {8 * N - 1, kind};  // one store
    return static_cast<std::uint32_t>(wide) & mask;
  }

  std::uint32_t bits_ = flag::reserved1;
  std::uint32_t result_ = 0;   // shifted up: the sign bit at bit 31
  std::uint64_t carries_ = 0;  // shifted up: the carry out of the sign bit at bit 32
  // The sign bit's position and the kind, written together.
  struct Shape {
    std::uint8_t msb;
    Kind kind;
  };
  Shape shape_{15, Kind::known};
};

}  // namespace emu::interp
