// libFuzzer target: random bytes executed as guest code by the interpreter for a bounded
// number of instructions. ASan/UBSan catch any host memory touched outside guest RAM; the
// checks below catch the interpreter leaving its own invariants.
#include <cstdlib>
#include <cstring>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "core/machine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  if (size < 2) return 0;
  // The first byte picks the RAM size (so accesses past the end of RAM are exercised) and the
  // CPU profile, the rest is code at 0000:1000 (clear of the IVT at 0-3FF and of the handler at 0FF0) and also
  // the initial register values; the stack starts at the top of the first 64 KiB, clear of the
  // code (at most 0x6000 bytes).
  std::uint32_t mem_size = data[0] & 1 ? GuestMemory::max_size : 64 * 1024;
  StringSink console;
  const CpuProfile cpu = all_profiles()[(data[0] >> 1) % all_profiles().size()];
  Machine machine(MachineConfig{.mem_size = mem_size, .load_address = 0x1000, .entry_offset = 0x1000, .cpu = cpu},
                  console);
  std::span<const std::uint8_t> code(data + 1, std::min<std::size_t>(size - 1, 0x6000));
  machine.load_image(code);
  // A small IVT whose handlers all HLT, so exceptions go somewhere.
  std::uint8_t* ram = machine.memory().data();
  for (unsigned vector = 0; vector < 256; ++vector) {
    ram[vector * 4] = 0xF0;
    ram[vector * 4 + 1] = 0x0F;  // 0000:0FF0
  }
  ram[0x0FF0] = 0xF4;
  interp::Interpreter interpreter(machine);
  CpuState state = interpreter.state();
  for (unsigned i = 0; i < 8 && i * 2 + 1 < code.size(); ++i) state.gpr[i] = code[i * 2] | (code[i * 2 + 1] << 8);
  state.reg(Gpr::esp) = 0xFFFE;
  interpreter.set_state(state);
  RunResult result = interpreter.run({2000});
  if (!result.insns || *result.insns > 2000) std::abort();
  CpuState after = interpreter.state();
  // Real mode keeps segment bases at selector * 16.
  for (const SegmentRegister& segment : after.seg) {
    if (segment.base != std::uint32_t{segment.selector} << 4) std::abort();
  }
  if ((after.eflags & 2) == 0) std::abort();
  if (cpu == CpuProfile::i286 && (after.eflags & ~0x0FFFu) != 0) std::abort();  // it holds no more
  return 0;
}
