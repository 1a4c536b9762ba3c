// Each benchmark guest on KVM, in process (MIPS from the guest's exact instruction count,
// modelled in guest_references.h and checked against the interpreter by the tests). Start-up,
// per process, is measured by compare_bench (startup/...).
#include <benchmark/benchmark.h>

#include "backends/kvm/kvm_backend.h"
#include "backends/registry.h"
#include "backends/kvm/kvm_system.h"
#include "core/byte_sink.h"
#include "core/error.h"
#include "platform/machine.h"
#include "guest_references.h"
#include "guest_runner.h"

namespace {

// KVM here (kvm_pvm) runs about 10^6 instructions per second: iteration counts are small.
void kvm_guest(benchmark::State& state, const std::string& name, std::uint32_t iterations,
               bench_model::GuestRun (*reference)(std::uint32_t)) {
  try {
    emu::kvm::KvmSystem::open(emu::kvm::default_device_path());
  } catch (const emu::Error& error) {
    state.SkipWithError(error.what());
    return;
  }
  std::vector<std::uint8_t> image = bench_image(name, iterations);
  const bench_model::GuestRun model = reference(iterations);
  const std::string& want = model.output;
  const std::uint64_t per_run = model.instructions;
  for (auto _ : state) {
    emu::StringSink console;
    emu::Machine machine(emu::MachineConfig{}, console);
    machine.load_image(image);
    emu::kvm::KvmBackend backend(machine, emu::kvm::default_device_path(), emu::interpreter_assistant(machine));
    emu::RunResult result = backend.run({});
    if (result.reason != emu::StopReason::exit_device || console.text() != want) {
      state.SkipWithError(("wrong result: " + console.text()).c_str());
      return;
    }
  }
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(per_run * state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
  state.counters["insns/run"] = static_cast<double>(per_run);
}

void BM_KvmAlu(benchmark::State& s) { kvm_guest(s, "bench_alu", 50'000, bench_model::alu); }
void BM_KvmMemory(benchmark::State& s) { kvm_guest(s, "bench_memory", 50'000, bench_model::memory); }
void BM_KvmStringLoop(benchmark::State& s) { kvm_guest(s, "bench_strloop", 50'000, bench_model::strloop); }
void BM_KvmBranchy(benchmark::State& s) { kvm_guest(s, "bench_branchy", 25'000, bench_model::branchy); }
void BM_KvmSieve(benchmark::State& s) { kvm_guest(s, "bench_sieve", 20, bench_model::sieve); }
void BM_KvmCrc32(benchmark::State& s) { kvm_guest(s, "bench_crc32", 20, bench_model::crc32); }
void BM_KvmMulDiv(benchmark::State& s) { kvm_guest(s, "bench_muldiv", 50'000, bench_model::muldiv); }
void BM_KvmRecursion(benchmark::State& s) { kvm_guest(s, "bench_recursion", 20, bench_model::recursion); }
void BM_KvmPortIo(benchmark::State& s) { kvm_guest(s, "bench_portio", 20'000, bench_model::portio); }
BENCHMARK(BM_KvmAlu)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmMemory)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmStringLoop)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmBranchy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmSieve)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmCrc32)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmMulDiv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmRecursion)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KvmPortIo)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
