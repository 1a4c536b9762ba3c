// Decoder throughput on a realistic real-mode instruction mix, and disassembly speed.
#include <benchmark/benchmark.h>

#include <vector>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/instruction.h"
#include "decoder_mix.h"

namespace {

// Decodes `code` from start to end once per benchmark iteration, with `decode`.
template <emu::x86::Instruction (*Decode)(std::span<const std::uint8_t>) = emu::x86::decode>
void decode_all(benchmark::State& state, const std::vector<std::uint8_t>& code) {
  std::size_t decoded = 0;
  for (auto _ : state) decoded += emu::bench::decode_through<Decode>(code);
  state.counters["insns/s"] = benchmark::Counter(static_cast<double>(decoded), benchmark::Counter::kIsRate);
}

void BM_DecodeMix(benchmark::State& state) { decode_all(state, emu::bench::decoder_mix(4096)); }
BENCHMARK(BM_DecodeMix);

// The same mix through the general decoder alone: what the fast path buys, measured in one run.
void BM_DecodeMixGeneralPath(benchmark::State& state) {
  decode_all<emu::x86::decode_general>(state, emu::bench::decoder_mix(4096));
}
BENCHMARK(BM_DecodeMixGeneralPath);

// One form over and over: the same work without branch mispredictions.
void BM_DecodeSame(benchmark::State& state) {
  std::vector<std::uint8_t> code;
  for (int i = 0; i < 4096; ++i) code.insert(code.end(), {0x8B, 0x46, 0xFC});  // mov ax, [bp-4]
  decode_all(state, code);
}
BENCHMARK(BM_DecodeSame);

void BM_DisassembleMix(benchmark::State& state) {
  std::vector<std::uint8_t> code = emu::bench::decoder_mix(1024);
  std::size_t done = 0;
  for (auto _ : state) {
    std::span<const std::uint8_t> rest(code);
    std::uint32_t address = 0;
    while (!rest.empty()) {
      emu::x86::Instruction insn = emu::x86::decode(rest);
      benchmark::DoNotOptimize(emu::x86::disassemble(insn, address));
      address += insn.length;
      rest = rest.subspan(insn.length);
      ++done;
    }
  }
  state.counters["insns/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DisassembleMix);

}  // namespace

BENCHMARK_MAIN();

