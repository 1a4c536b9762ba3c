#pragma once

#include <bit>
#include <cstdint>

#include "core/cpu_state.h"

namespace emu::interp {

// Bit i is the carry (borrow) out of bit i of a + b (+ carry) = r (a - b (- borrow) = r): the
// vector the lazy flags keep.
inline std::uint32_t carry_vector(std::uint32_t a, std::uint32_t b, std::uint32_t r) { return (a & b) | ((a | b) & ~r); }
inline std::uint32_t borrow_vector(std::uint32_t a, std::uint32_t b, std::uint32_t r) { return (~a & b) | ((~a | b) & r); }

// ZF, SF and PF of an N-byte result.
template <unsigned N>
std::uint32_t zf_sf_pf(std::uint32_t result) {
  result &= N == 4 ? 0xFFFFFFFFu : (1u << (8 * N)) - 1;
  return (result == 0 ? flag::zf : 0) | (((result >> (8 * N - 1)) & 1) ? flag::sf : 0) |
         ((std::popcount(result & 0xFF) & 1) ? 0 : flag::pf);
}

// EFLAGS with the six arithmetic flags computed lazily. After ADD/ADC/SUB/SBB/CMP/NEG/INC/DEC
// and the logic operations, only the result and a carry (or borrow) vector are stored: bit i of
// the vector is the carry out of bit i, so CF is its top bit, OF the top two bits XORed and AF
// bit 3. Everything else writes the flags eagerly.
class Flags {
 public:
  enum class Kind : std::uint8_t {
    known,    // every flag is in bits_
    arith,    // CF OF AF from vector_; ZF SF PF from result_ (the logic operations too: vector 0)
    inc_dec,  // like arith, but CF is in bits_ (INC and DEC keep it)
  };

  static constexpr std::uint32_t arith_mask = flag::cf | flag::pf | flag::af | flag::zf | flag::sf | flag::of;

  std::uint32_t value() const {
    if (kind_ == Kind::known) return bits_;
    return (bits_ & ~arith_mask) | cf() | pf() | af() | zf() | sf() | of();
  }
  void set(std::uint32_t value) {
    bits_ = value;
    kind_ = Kind::known;
  }
  // Replaces the six arithmetic flags with `arith`, eagerly; the control flags stay (they are
  // always in bits_, whatever the kind).
  void set_arithmetic(std::uint32_t arith) { set((bits_ & ~arith_mask) | arith); }

  // Lazy results. `msb` is 7, 15 or 31; the result is already truncated to the operand size.
  void set_arith(std::uint32_t result, std::uint32_t vector, unsigned msb) {
    result_ = result;
    vector_ = vector;
    msb_ = static_cast<std::uint8_t>(msb);
    kind_ = Kind::arith;
  }
  void set_inc_dec(std::uint32_t result, std::uint32_t vector, unsigned msb) {
    bits_ = (bits_ & ~flag::cf) | cf();  // keep the current CF
    result_ = result;
    vector_ = vector;
    msb_ = static_cast<std::uint8_t>(msb);
    kind_ = Kind::inc_dec;
  }
  // CF = OF = AF = 0 (AF: emu's choice, as Intel CPUs do): an arithmetic result whose carry
  // vector is 0, so that reading CF is the same shift for both.
  void set_logic(std::uint32_t result, unsigned msb) { set_arith(result, 0, msb); }

  // A shift's result: CF and OF as given, AF clear, ZF SF PF from the result. Stored lazily as
  // an arithmetic result with a made-up carry vector (bit msb = CF, bit msb - 1 = CF ^ OF, bit 3
  // = AF = 0), so PF's popcount is only paid if something reads it.
  void set_shift(std::uint32_t result, bool carry, bool overflow, unsigned msb) {
    std::uint32_t c = carry ? 1 : 0, o = overflow ? 1 : 0;
    set_arith(result, (c << msb) | ((c ^ o) << (msb - 1)), msb);
  }
  // Replaces CF and OF, keeping the other four arithmetic flags (rotates). A lazy state stays lazy:
  // its vector's CF and OF bits are rewritten, its result (ZF SF PF) and bit 3 (AF) are kept.
  [[gnu::always_inline]] void set_cf_of(bool carry, bool overflow) {
    std::uint32_t c = carry ? 1 : 0, o = overflow ? 1 : 0;
    if (kind_ == Kind::known) {
      bits_ = (bits_ & ~(flag::cf | flag::of)) | (c ? flag::cf : 0) | (o ? flag::of : 0);
      return;
    }
    vector_ = (vector_ & ~(3u << (msb_ - 1))) | (c << msb_) | ((c ^ o) << (msb_ - 1));
    kind_ = Kind::arith;
  }

  std::uint32_t cf() const { return kind_ == Kind::arith ? (vector_ >> msb_) & 1 : bits_ & flag::cf; }
  std::uint32_t zf() const { return kind_ == Kind::known ? bits_ & flag::zf : (result_ == 0 ? flag::zf : 0); }
  std::uint32_t sf() const { return kind_ == Kind::known ? bits_ & flag::sf : ((result_ >> msb_) & 1) << 7; }
  std::uint32_t pf() const {
    if (kind_ == Kind::known) return bits_ & flag::pf;
    return (std::popcount(result_ & 0xFF) & 1) ? 0 : flag::pf;
  }
  std::uint32_t af() const {
    if (kind_ == Kind::known) return bits_ & flag::af;
    return ((vector_ >> 3) & 1) << 4;  // AF (EFLAGS bit 4) is the carry out of bit 3
  }
  std::uint32_t of() const {
    if (kind_ == Kind::known) return bits_ & flag::of;
    return (((vector_ >> msb_) ^ (vector_ >> (msb_ - 1))) & 1) << 11;
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
  std::uint32_t bits_ = flag::reserved1;
  std::uint32_t result_ = 0;
  std::uint32_t vector_ = 0;
  std::uint8_t msb_ = 15;
  Kind kind_ = Kind::known;
};

}  // namespace emu::interp
