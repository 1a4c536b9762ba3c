#include "backends/interp/handlers.h"

#include "backends/interp/operands.h"

namespace emu::interp {

Handler select_handler(const x86::Instruction& insn) {
  for (auto select : {select_alu, select_move, select_control, select_string, select_bcd, select_system}) {
    if (Handler handler = select(insn)) return handler;
  }
  return nullptr;
}

}  // namespace emu::interp
