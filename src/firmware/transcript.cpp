#include "firmware/transcript.h"

#include "core/cp437.h"

namespace emu::bios {

void Transcript::put(std::uint8_t character) {
  std::string text;
  switch (character) {
    case '\r':
    case 0x07: return;
    case '\n': text = "\n"; break;
    case '\b': text = "\b"; break;
    default: text = cp437_to_utf8(character); break;
  }
  out_.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace emu::bios
