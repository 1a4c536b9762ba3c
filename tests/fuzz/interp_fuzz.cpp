// libFuzzer target: random bytes executed as guest code by the interpreter for a bounded
// number of instructions. ASan/UBSan catch any host memory touched outside guest RAM; the
// checks below catch the interpreter leaving its own invariants.
#include <cstdlib>
#include <cstring>
#include <memory>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "core/machine.h"

namespace {

// Not movable: the machine holds a reference to the console.
struct Loaded {
  Loaded() = default;
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;
  emu::StringSink console;
  std::unique_ptr<emu::Machine> machine;
  std::unique_ptr<emu::interp::Interpreter> interpreter;
};

}  // namespace

// The guest of one input: RAM size and profile from the first byte, code and registers from the
// rest (see below).
static void load(Loaded& loaded, const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  // The first byte picks the RAM size (so accesses past the end of RAM are exercised) and the
  // CPU profile, the rest is code at 0000:1000 (clear of the IVT at 0-3FF and of the handler at 0FF0) and also
  // the initial register values; the stack starts at the top of the first 64 KiB, clear of the
  // code (at most 0x6000 bytes).
  std::uint32_t mem_size = data[0] & 1 ? GuestMemory::max_size : 64 * 1024;
  const CpuProfile cpu = all_profiles()[(data[0] >> 1) % all_profiles().size()];
  loaded.machine = std::make_unique<Machine>(
      MachineConfig{.mem_size = mem_size, .load_address = 0x1000, .entry_offset = 0x1000, .cpu = cpu}, loaded.console);
  Machine& machine = *loaded.machine;
  std::span<const std::uint8_t> code(data + 1, std::min<std::size_t>(size - 1, 0x6000));
  machine.load_image(code);
  // A small IVT whose handlers all HLT, so exceptions go somewhere.
  std::uint8_t* ram = machine.memory().data();
  for (unsigned vector = 0; vector < 256; ++vector) {
    ram[vector * 4] = 0xF0;
    ram[vector * 4 + 1] = 0x0F;  // 0000:0FF0
  }
  ram[0x0FF0] = 0xF4;
  loaded.interpreter = std::make_unique<interp::Interpreter>(machine);
  CpuState state = loaded.interpreter->state();
  for (unsigned i = 0; i < 8 && i * 2 + 1 < code.size(); ++i) state.gpr[i] = code[i * 2] | (code[i * 2 + 1] << 8);
  state.reg(Gpr::esp) = 0xFFFE;
  loaded.interpreter->set_state(state);
}

static bool same_state(const emu::CpuState& a, const emu::CpuState& b) {
  return a.gpr == b.gpr && a.eip == b.eip && a.eflags == b.eflags && a.seg == b.seg;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  if (size < 2) return 0;
  const CpuProfile cpu = all_profiles()[(data[0] >> 1) % all_profiles().size()];
  Loaded blocks;
  load(blocks, data, size);
  RunResult result = blocks.interpreter->run({2000});
  if (!result.insns || *result.insns > 2000) std::abort();
  CpuState after = blocks.interpreter->state();
  // The same instructions one step() at a time (no blocks) end in the same state and RAM.
  Loaded steps;
  load(steps, data, size);
  for (std::uint64_t done = 0; done < *result.insns;) {
    RunResult step = steps.interpreter->step();
    if (step.reason != StopReason::limit) break;
    done = step.insns.value_or(done + 1);
  }
  if (result.reason == StopReason::limit || result.reason == StopReason::hlt) {
    if (!same_state(after, steps.interpreter->state())) std::abort();
    const GuestMemory& a = blocks.machine->memory();
    const GuestMemory& b = steps.machine->memory();
    if (std::memcmp(a.data(), b.data(), a.size()) != 0) std::abort();
  }
  // Real mode keeps segment bases at selector * 16.
  for (const SegmentRegister& segment : after.seg) {
    if (segment.base != std::uint32_t{segment.selector} << 4) std::abort();
  }
  if ((after.eflags & 2) == 0) std::abort();
  if (cpu == CpuProfile::i286 && (after.eflags & ~0x0FFFu) != 0) std::abort();  // it holds no more
  return 0;
}
