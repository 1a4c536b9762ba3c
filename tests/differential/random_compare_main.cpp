// Long random differential runs (not part of ctest):
//   differential_longrun [--seed N] [--count N] [--length N] [--seconds S]
// Generates programs from the seed, compares each on KVM and the interpreter in lockstep, stops
// at the first divergence (printing the program) or when count/seconds run out, and reports
// programs per second and steps compared per second.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compare/lockstep.h"
#include "backends/kvm/kvm_system.h"
#include "core/log.h"
#include "differential/program_generator.h"
#include "differential/reduce.h"

#include <fstream>

int main(int argc, char** argv) {
  using namespace emu;
  std::uint64_t seed = 1, count = 100000, length = 200;
  double seconds = 60;
  std::string save_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string option = argv[i];
    if (option == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 0);
    else if (option == "--count") count = std::strtoull(argv[i + 1], nullptr, 0);
    else if (option == "--length") length = std::strtoull(argv[i + 1], nullptr, 0);
    else if (option == "--seconds") seconds = std::strtod(argv[i + 1], nullptr);
    else if (option == "--save") save_dir = argv[i + 1];
    else {
      fmt::print(stderr, "usage: differential_longrun [--seed N] [--count N] [--length N] [--seconds S] [--save DIR]\n");
      return 2;
    }
  }
  std::mt19937 random(static_cast<std::uint32_t>(seed));
  Log quiet(stderr, false);
  auto start = std::chrono::steady_clock::now();
  std::uint64_t programs = 0, steps = 0, inconclusive = 0;
  for (; programs < count; ++programs) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (elapsed.count() >= seconds) break;
    test::RandomProgram program = test::generate_program(random, length);
    compare::LockstepOptions options;
    options.machine = MachineConfig{.mem_size = test::program_memory};
    options.kvm_device = kvm::default_device_path();
    options.initial_state = program.initial_state;
    compare::LockstepResult result = compare::run_lockstep(program.image, options, quiet);
    steps += result.steps;
    if (result.verdict == compare::Verdict::inconclusive) ++inconclusive;
    if (result.verdict == compare::Verdict::diverged) {
      // Reduce it to the fewest blocks and simplest registers that still diverge, and save it as
      // a regression test before anyone fixes the cause.
      test::Reduction reduced = test::reduce(program, test::lockstep_divergence);
      std::string text = test::regression_text(
          reduced, fmt::format("differential_longrun --seed {} --length {}: program {}", seed, length, programs));
      fmt::print("program {} of seed {} diverges; reduced from {} blocks to {}:\n{}\n{}", programs, seed,
                 program.blocks.size(), reduced.blocks.size(), reduced.report, text);
      if (!save_dir.empty()) {
        std::string path = fmt::format("{}/seed-{}-program-{}.txt", save_dir, seed, programs);
        std::ofstream(path) << text;
        fmt::print("saved as {}\n", path);
      }
      return 1;
    }
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  fmt::print("seed {}: {} programs of {} instructions, {} steps compared, no divergence ({} inconclusive) in {:.1f} s: "
             "{:.1f} programs/s, {:.0f} steps/s\n",
             seed, programs, length, steps, inconclusive, elapsed.count(), programs / elapsed.count(), steps / elapsed.count());
  return 0;
}
