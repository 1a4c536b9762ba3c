#pragma once

#include <array>
#include <cstdint>

namespace emu {

// The VGA's DAC (IBM VGA Technical Reference, "Video DAC"): 256 colour registers of three 6-bit
// components, reached through ports 3C6h (pel mask), 3C7h (read index; reads back the DAC's
// state), 3C8h (write index) and 3C9h (data: red, green, blue in turn, the index moving on after
// blue). The screen that shows them is drawn elsewhere; here the registers are kept exactly.
class VgaDac {
 public:
  using Colour = std::array<std::uint8_t, 3>;  // red, green, blue, 0-63

  // Offsets from 3C6h.
  std::uint8_t read(unsigned offset);
  void write(unsigned offset, std::uint8_t value);

  const Colour& colour(std::uint8_t index) const { return palette_[index]; }
  std::uint8_t pel_mask() const { return pel_mask_; }

 private:
  std::array<Colour, 256> palette_{};
  std::uint8_t pel_mask_ = 0xFF;
  std::uint8_t read_index_ = 0;
  std::uint8_t write_index_ = 0;
  unsigned read_component_ = 0;
  unsigned write_component_ = 0;
  Colour pending_{};  // the components written so far for write_index_
  bool last_index_was_read_ = false;
};

}  // namespace emu
