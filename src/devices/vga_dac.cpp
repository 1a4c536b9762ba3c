#include "devices/vga_dac.h"

namespace emu {

std::uint8_t VgaDac::read(unsigned offset) {
  switch (offset) {
    case 0: return pel_mask_;
    case 1: return last_index_was_read_ ? 0x03 : 0x00;  // the DAC state: in read or write mode
    case 2: return write_index_;
    case 3: {
      const std::uint8_t value = palette_[read_index_][read_component_];
      if (++read_component_ == 3) {
        read_component_ = 0;
        ++read_index_;
      }
      return value;
    }
    default: return 0xFF;
  }
}

void VgaDac::write(unsigned offset, std::uint8_t value) {
  switch (offset) {
    case 0: pel_mask_ = value; break;
    case 1:
      read_index_ = value;
      read_component_ = 0;
      last_index_was_read_ = true;
      break;
    case 2:
      write_index_ = value;
      write_component_ = 0;
      last_index_was_read_ = false;
      break;
    case 3:
      pending_[write_component_] = value & 0x3F;
      if (++write_component_ == 3) {
        palette_[write_index_] = pending_;
        write_component_ = 0;
        ++write_index_;
      }
      break;
    default: break;
  }
}

}  // namespace emu
