#include "cli/app.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <optional>

#include "backends/kvm/kvm_system.h"
#include "backends/compare/lockstep.h"
#include "backends/registry.h"
#include "cli/image_file.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "cli/state_dump.h"
#include "core/byte_sink.h"
#include "core/error.h"
#include "core/log.h"
#include "core/machine.h"

namespace emu::cli {

namespace {

constexpr std::string_view version = "0.1.0";

void print_version(std::FILE* out) {
  fmt::print(out, "emu {}\n", version);
  fmt::print(out, "cpu: {}; --cpu=host is {}\n", host_cpu_description(), profile_name(host_profile()));
  std::string device = kvm::default_device_path();
  try {
    kvm::KvmSystem::open(device);
    std::string module = kvm::host_module();
    fmt::print(
        out, "kvm: {} usable, module {}{}\n", device, module,
        module == "kvm_pvm" ? " (no VMX/SVM: real mode runs in the kernel's instruction emulator, ~1 MIPS)" : "");
  } catch (const Error& error) {
    fmt::print(out, "kvm: {}\n", error.what());
  }
}

void print_stats(const Log& log, const Backend& backend, const RunResult& result,
                 std::chrono::duration<double> elapsed) {
  log.error("stats: backend {}: {}", backend.name(), backend.description());
  log.error("stats: exit {} (status {}), run time {:.3f} ms", stop_reason_name(result.reason), result.exit_status,
            elapsed.count() * 1e3);
  if (result.insns) {
    log.error("stats: {} instructions, {:.2f} MIPS", *result.insns, *result.insns / elapsed.count() / 1e6);
  }
  for (const StatCounter& counter : backend.stats()) log.error("stats: {} {}", counter.name, counter.value);
}

// --compare: the guest on both backends in lockstep; its console output is printed once.
int run_compare(const Options& options, std::span<const std::uint8_t> image, std::FILE* out, const Log& log) {
  compare::LockstepOptions lockstep;
  lockstep.machine = options.machine;
  lockstep.kvm_device = kvm::default_device_path();
  if (options.max_insns) lockstep.max_steps = *options.max_insns;
  lockstep.timeout = options.timeout;
  compare::LockstepResult result = compare::run_lockstep(image, lockstep, log);
  std::fwrite(result.console.data(), 1, result.console.size(), out);
  std::fflush(out);
  switch (result.verdict) {
    case compare::Verdict::agree:
      log.error("compare: {} steps compared ({} states), no divergence; the guest ended with {}", result.steps,
                result.syncs, stop_reason_name(result.guest_end.reason));
      break;
    case compare::Verdict::diverged: log.error("compare: {}", result.report); break;
    case compare::Verdict::inconclusive: log.error("compare: stopped after {} steps: {}", result.steps, result.report); break;
    case compare::Verdict::limit:
      log.error("compare: {} steps compared, no divergence; stopped by --max-insns or --timeout", result.steps);
      break;
    case compare::Verdict::unsupported:
      log.error("compare: {} steps compared, no divergence; then {}", result.steps, result.report);
      break;
  }
  if (result.kvm_results_replaced > 0) {
    log.error("compare: KVM results known to be wrong, replaced by the interpreter's: {} (first: {}; "
              "see docs/differential.md)",
              result.kvm_results_replaced, result.first_replaced);
  }
  return compare::compare_exit_status(result.verdict);
}

int run(const Options& options, std::FILE* out, const Log& log) {
  // Output files first: a bad path should fail before the guest runs.
  std::optional<OutputFile> state_file;
  std::optional<OutputFile> mem_file;
  if (options.dump_state) state_file.emplace("dump-state", *options.dump_state, out);
  if (options.dump_mem) mem_file.emplace("dump-mem", *options.dump_mem, out);

  std::vector<std::uint8_t> image = read_image(options.image, options.machine.mem_size);
  if (options.compare) return run_compare(options, image, out, log);
  FileSink console(out);
  Machine machine(options.machine, console);
  machine.load_image(image);
  log.verbose("loaded '{}' ({} bytes) at {:#x}; {:#x} bytes of RAM; entry {:04x}:{:04x}", options.image, image.size(),
              options.machine.load_address, options.machine.mem_size, options.machine.entry_segment,
              options.machine.entry_offset);

  BackendOptions backend_options{kvm::default_device_path(), options.assist, options.trace,
                                 [&log](const std::string& line) { std::fputs(line.c_str(), log.stream()); }};
  std::unique_ptr<Backend> backend = create_backend(options.accel, machine, backend_options, log);
  log.verbose("accelerator: {} ({})", backend->name(), backend->description());

  RunLimits limits{options.timeout, options.max_insns};
  auto start = std::chrono::steady_clock::now();
  RunResult result = backend->run(limits);
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  console.flush();

  if (state_file) state_file->write(state_to_json(result, backend->state()));
  if (mem_file) {
    auto ram = machine.memory().bytes();
    mem_file->write({reinterpret_cast<const char*>(ram.data()), ram.size()});
  }
  if (options.stats) print_stats(log, *backend, result, elapsed);
  if (!result.message.empty()) log.error("{}", result.message);
  return result.exit_status;
}

}  // namespace

int run_emu(std::span<const char* const> args, std::FILE* out, std::FILE* err) {
  Log log(err, false);
  try {
    Command command = parse_command_line(args);
    switch (command.action) {
      case Action::help:
        fmt::print(out, "{}", help_text());
        return 0;
      case Action::version:
        print_version(out);
        return 0;
      case Action::run:
        break;
    }
    return run(command.options, out, Log(err, command.options.verbose));
  } catch (const Error& error) {
    std::fflush(out);
    log.error("{}", error.what());
    return to_int(error.status());
  } catch (const std::exception& error) {
    std::fflush(out);
    log.error("internal error: {}", error.what());
    return to_int(ExitStatus::internal);
  }
}

}  // namespace emu::cli
