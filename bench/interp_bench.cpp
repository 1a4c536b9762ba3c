// Interpreter throughput on compute guests (guests/bench_*.S): guest MIPS from exact
// instruction counts, and bytes per second for the block copy guest.
#include <benchmark/benchmark.h>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"
#include "guest_references.h"
#include "guest_runner.h"

namespace {

void run_guest(benchmark::State& state, const std::string& name, std::uint32_t iterations,
               bench_model::GuestRun (*reference)(std::uint32_t), double bytes_per_iteration = 0) {
  std::vector<std::uint8_t> image = bench_image(name, iterations);
  std::string want = reference(iterations).output;
  std::uint64_t instructions = 0;
  for (auto _ : state) {
    emu::StringSink console;
    emu::Machine machine(emu::MachineConfig{}, console);
    machine.load_image(image);
    emu::interp::Interpreter interpreter(machine);
    emu::RunResult result = interpreter.run({});
    if (result.reason != emu::StopReason::exit_device || console.text() != want) {
      state.SkipWithError(("wrong result: " + console.text() + " expected " + want).c_str());
      return;
    }
    instructions += *result.insns;
  }
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(instructions) / 1e6, benchmark::Counter::kIsRate);
  state.counters["insns/run"] = static_cast<double>(instructions) / static_cast<double>(state.iterations());
  if (bytes_per_iteration > 0) {
    state.counters["bytes/s"] = benchmark::Counter(bytes_per_iteration * iterations * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
  }
}

void BM_InterpAlu(benchmark::State& state) { run_guest(state, "bench_alu", 2'000'000, bench_model::alu); }
void BM_InterpMemory(benchmark::State& state) { run_guest(state, "bench_memory", 2'000'000, bench_model::memory); }
void BM_InterpString(benchmark::State& state) {
  run_guest(state, "bench_string", 20'000, bench_model::string, 2 * 8192.0);
}
void BM_InterpBranchy(benchmark::State& state) { run_guest(state, "bench_branchy", 1'000'000, bench_model::branchy); }
void BM_InterpStringLoop(benchmark::State& state) { run_guest(state, "bench_strloop", 2'000'000, bench_model::strloop); }
void BM_InterpSieve(benchmark::State& state) { run_guest(state, "bench_sieve", 1'000, bench_model::sieve); }
void BM_InterpCrc32(benchmark::State& state) { run_guest(state, "bench_crc32", 1'000, bench_model::crc32); }
void BM_InterpMulDiv(benchmark::State& state) { run_guest(state, "bench_muldiv", 2'000'000, bench_model::muldiv); }
void BM_InterpRecursion(benchmark::State& state) { run_guest(state, "bench_recursion", 1'000, bench_model::recursion); }
void BM_InterpPortIo(benchmark::State& state) { run_guest(state, "bench_portio", 2'000'000, bench_model::portio); }

BENCHMARK(BM_InterpAlu)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpMemory)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpString)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpBranchy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpStringLoop)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpSieve)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpCrc32)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpMulDiv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpRecursion)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InterpPortIo)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
