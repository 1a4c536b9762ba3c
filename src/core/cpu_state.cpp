#include "core/cpu_state.h"

namespace emu {

void load_real_mode_segment(SegmentRegister& segment, std::uint16_t selector) {
  segment.selector = selector;
  segment.base = std::uint32_t{selector} << 4;
}

CpuState reset_state(std::uint16_t entry_segment, std::uint16_t entry_offset) {
  CpuState state;
  for (SegmentRegister& segment : state.seg) {
    load_real_mode_segment(segment, entry_segment);
    segment.limit = 0xFFFF;
  }
  state.eip = entry_offset;
  return state;
}

}  // namespace emu
