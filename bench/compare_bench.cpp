// The performance comparison: every benchmark guest on every engine available here (engines.h),
// each run as its own process the way a user runs it. Each run's console output is checked
// against the guest's C++ model, and MIPS use the model's exact instruction count (held to the
// interpreter's count by tests/interp/bench_guest_test.cpp) over the run's wall time minus the
// engine's start-up time (the median of five runs of guests/bench_noop.S, measured first).
// bench/perf_report.py runs this and writes docs/performance.md's comparison table and chart.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "engines.h"
#include "guest_references.h"
#include "guest_runner.h"
#include "host/child_process.h"
#include "host/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using bench::Engine;
using bench::Seconds;

// Iteration counts per engine column, chosen so that one run takes roughly 0.3-3 s on this
// machine (KVM on kvm_pvm runs ~10^6 instructions per second; the interpreter 10^8; QEMU up to
// 10^9; Unicorn 2.0.1 is slow on stores and string instructions). Fixed, so that every run of the
// comparison does the same work; MIPS make the columns comparable.
struct GuestWorkload {
  const char* name;
  std::uint32_t iterations[bench::engine_columns];
  double bytes_per_iteration;  // block fill and copy, for the string guest
};
constexpr GuestWorkload workloads[] = {
    //                  kvm      interp       qemu-tcg     unicorn
    {"bench_alu", {200'000, 40'000'000, 200'000'000, 200'000'000}, 0},
    {"bench_memory", {100'000, 35'000'000, 100'000'000, 10'000'000}, 0},
    {"bench_string", {100, 150'000, 50'000, 200}, 2 * 8192.0},
    {"bench_strloop", {100'000, 40'000'000, 100'000'000, 10'000'000}, 0},
    {"bench_branchy", {100'000, 20'000'000, 60'000'000, 60'000'000}, 0},
    {"bench_sieve", {100, 15'000, 60'000, 5'000}, 0},
    {"bench_crc32", {100, 20'000, 50'000, 50'000}, 0},
    {"bench_muldiv", {200'000, 40'000'000, 100'000'000, 60'000'000}, 0},
    {"bench_recursion", {60, 15'000, 24'000, 3'000}, 0},
    {"bench_portio", {20'000, 40'000'000, 10'000'000, 40'000'000}, 0},
};

std::string guest_file(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/" + name + ".bin"; }

struct Workload {
  std::string image;
  bench_model::GuestRun expected;
  double bytes;  // moved by block fill and copy, or 0
};

void run_guest(benchmark::State& state, const Engine& engine, const Workload& workload) {
  Seconds net{0};
  long rss_kib = 0;
  for (auto _ : state) {
    emu::host::ChildResult result = emu::host::run_child(
        engine.command(workload.image), {.env = {}, .drop_root = false, .deadline = std::chrono::seconds(120)});
    if (result.exit_status != bench::guest_exit_status || result.out != workload.expected.output) {
      state.SkipWithError(fmt::format("{}: exit status {}, output '{}' (expected '{}'): {}", engine.name,
                                      result.exit_status, bench::first_line(result.out),
                                      bench::first_line(workload.expected.output), bench::first_line(result.err))
                              .c_str());
      return;
    }
    state.SetIterationTime(Seconds(result.wall).count());
    net += Seconds(result.wall) - engine.startup;
    rss_kib = std::max(rss_kib, result.max_rss_kib);
  }
  const double runs = static_cast<double>(state.iterations());
  const double instructions = static_cast<double>(workload.expected.instructions);
  state.counters["MIPS"] = instructions * runs / net.count() / 1e6;
  state.counters["insns"] = instructions;
  state.counters["RSS_MiB"] = static_cast<double>(rss_kib) / 1024.0;
  state.counters["startup_ms"] = engine.startup.count() * 1e3;
  if (workload.bytes > 0) state.counters["MB/s"] = workload.bytes * runs / net.count() / 1e6;
}

// exec to exit of one process, for start-up comparisons.
void run_startup(benchmark::State& state, const Engine& engine, const std::string& image, int expected_status) {
  long rss_kib = 0;
  for (auto _ : state) {
    emu::host::ChildResult result = emu::host::run_child(engine.command(image));
    if (result.exit_status != expected_status) {
      state.SkipWithError(
          fmt::format("{}: exit status {}: {}", engine.name, result.exit_status, bench::first_line(result.err)).c_str());
      return;
    }
    state.SetIterationTime(Seconds(result.wall).count());
    rss_kib = std::max(rss_kib, result.max_rss_kib);
  }
  state.counters["RSS_MiB"] = static_cast<double>(rss_kib) / 1024.0;
}

std::string kvm_module() {
  for (const char* module : {"kvm_intel", "kvm_amd", "kvm_pvm"}) {
    if (fs::exists(fs::path("/sys/module") / module)) return module;
  }
  return "none";
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  std::vector<std::string> skipped;
  const bench::EnginePaths paths = bench::build_paths();
  const std::string noop = guest_file("bench_noop");
  std::vector<Engine> engines;  // the usable ones; benchmarks hold references into it
  for (Engine& engine : bench::known_engines(paths, skipped)) {
    if (auto why_not = bench::measure_startup(engine, noop)) {
      skipped.push_back(fmt::format("{}: {}", engine.name, *why_not));
    } else {
      engines.push_back(engine);
    }
  }
  std::vector<std::string> engine_names;
  for (const Engine& engine : engines) engine_names.push_back(engine.name);
  for (const std::string& line : skipped) fmt::print(stderr, "compare_bench: skipped {}\n", line);
  benchmark::AddCustomContext("engines", fmt::format("{}", fmt::join(engine_names, ",")));
  benchmark::AddCustomContext("skipped", fmt::format("{}", fmt::join(skipped, "; ")));
  benchmark::AddCustomContext("kvm_module", kvm_module());
  benchmark::AddCustomContext("qemu", paths.qemu.empty() ? "not installed" : paths.qemu);

  emu::host::TempDir images;
  std::vector<std::vector<Workload>> workloads_by_column(bench::engine_columns);
  for (const GuestWorkload& guest : workloads) {
    const auto& models = bench_model::bench_guests();
    auto model = std::find_if(models.begin(), models.end(), [&](const auto& m) { return guest.name == std::string(m.name); });
    for (std::size_t column = 0; column < bench::engine_columns; ++column) {
      const std::uint32_t iterations = guest.iterations[column];
      const std::string image = images.file(fmt::format("{}-{}.bin", guest.name, iterations));
      emu::host::write_file(image, bench_image(guest.name, iterations));
      workloads_by_column[column].push_back({image, model->reference(iterations), guest.bytes_per_iteration * iterations});
    }
  }

  for (const Engine& engine : engines) {
    benchmark::RegisterBenchmark(fmt::format("startup/noop/{}", engine.name).c_str(), run_startup, engine, noop,
                                 bench::guest_exit_status)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const Engine& engine : engines) {
    if (engine.column != bench::kvm_column && engine.column != bench::interp_column) continue;
    benchmark::RegisterBenchmark(fmt::format("startup/hello/{}", engine.name).c_str(), run_startup, engine,
                                 guest_file("hello"), 0)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  // Boot to prompt: POST, INT 19h, the boot sector's "> " and its INT 16h wait for a key. With
  // stdin at its end no key can come, so the wait ends the run (status 22) where the prompt is.
  for (const Engine& engine : engines) {
    if (engine.column != bench::kvm_column && engine.column != bench::interp_column) continue;
    Engine booting = engine;
    booting.command = [emu = paths.emu, name = engine.name](const std::string& image) {
      return std::vector<std::string>{emu, "--accel=" + name, "--boot", image};
    };
    benchmark::RegisterBenchmark(fmt::format("boot_to_prompt/{}", engine.name).c_str(), run_startup, booting,
                                 std::string(EMU_GUEST_DIR) + "/bios/key_echo.img", 22)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (std::size_t g = 0; g < std::size(workloads); ++g) {
    for (const Engine& engine : engines) {
      const Workload& workload = workloads_by_column[engine.column][g];
      benchmark::RegisterBenchmark(fmt::format("guest/{}/{}", workloads[g].name, engine.name).c_str(),
                                   [&engine, &workload](benchmark::State& state) { run_guest(state, engine, workload); })
          ->UseManualTime()
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
