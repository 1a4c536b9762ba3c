#include "cli/app.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <unistd.h>
#include <memory>
#include <optional>

#include "backends/kvm/kvm_system.h"
#include "compare/lockstep.h"
#include "backends/registry.h"
#include "cli/guest_output.h"
#include "cli/host_keyboard.h"
#include "cli/serial_line.h"
#include "cli/image_file.h"
#include "cli/interruptions.h"
#include "cli/options.h"
#include "cli/output_file.h"
#include "cli/screenshot_series.h"
#include "cli/terminal_display.h"
#include "cli/window_display.h"
#include "gdb/server.h"
#include "cli/state_dump.h"
#include "core/byte_sink.h"
#include "core/error.h"
#include "core/log.h"
#include "platform/machine.h"
#include "core/quoted.h"
#include "firmware/dos.h"
#include "display/png.h"
#include "display/screen.h"
#include "firmware/screen_text.h"

namespace emu::cli {

namespace {

constexpr std::string_view version = "0.1.0";

std::string version_text() {
  std::string text = fmt::format("emu {}\nhost: {}\n", version, host_architecture());
  text += fmt::format("cpu: {}; --cpu=host is {}\n", host_cpu_description(), profile_name(host_profile()));
  std::string device = kvm::default_device_path();
  try {
    kvm::KvmSystem::open(device);
    std::string module = kvm::host_module();
    text += fmt::format(
        "kvm: {} usable, module {}{}\n", device, module,
        module == "kvm_pvm" ? " (no VMX/SVM: real mode runs in the kernel's instruction emulator, ~1 MIPS)" : "");
  } catch (const Error& error) {
    text += fmt::format("kvm: {}\n", error.what());
  }
  return text;
}

void print_stats(const Log& log, const Backend& backend, const Platform& platform, const RunResult& result,
                 std::chrono::duration<double> elapsed) {
  log.error("stats: backend {}: {}", backend.name(), backend.description());
  log.error("stats: exit {} (status {}), run time {:.3f} ms", stop_reason_name(result.reason), result.exit_status,
            elapsed.count() * 1e3);
  if (result.insns) {
    log.error("stats: {} instructions, {:.2f} MIPS", *result.insns, *result.insns / elapsed.count() / 1e6);
  }
  for (const StatCounter& counter : backend.stats()) log.error("stats: {} {}", counter.name, counter.value);
  for (const StatCounter& counter : platform.stats()) log.error("stats: {} {}", counter.name, counter.value);
}

// --log-kvm's log, writing to stderr as the calls are made.
std::optional<kvm::IoctlLog> ioctl_log(const Options& options, const Log& log) {
  if (!options.log_kvm) return std::nullopt;
  return kvm::IoctlLog([&log](std::string_view line) { log.write(line); });
}

// How long emu goes on writing guest output to a reader that does not take it, once the run
// has been stopped by --timeout, a signal or a write error (docs/cli.md).
constexpr std::chrono::seconds output_grace{1};

// The guest's output written to the end (or for the grace after a stop); the run's result with
// what could not be written added.
RunResult drain(GuestOutput& output, RunResult result) {
  output.finish(output_grace);
  if (std::optional<int> error = output.error()) {
    result.exit_status = to_int(ExitStatus::bad_input);
    result.message = fmt::format("cannot write guest output: {} ({} bytes not written; {})", std::strerror(*error),
                                 output.unwritten(), result.message.empty() ? "the guest had ended" : result.message);
  } else if (output.unwritten() > 0) {
    result.message = fmt::format("{}; {} bytes of guest output not written: the reader took nothing for {} s",
                                 result.message.empty() ? "guest output stalled" : result.message, output.unwritten(),
                                 output_grace.count());
  }
  return result;
}

int report(const RunResult& result, const Log& log) {
  if (!result.message.empty()) log.error("{}", result.message);
  return result.exit_status;
}

// Standard input to its end (at most 1 MiB): the serial line's bytes under --compare.
std::vector<std::uint8_t> read_all_of_stdin() {
  constexpr std::size_t max_size = 1024 * 1024;
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[4096];
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    bytes.insert(bytes.end(), buffer, buffer + got);
    if (bytes.size() > max_size) {
      throw Error(ExitStatus::bad_input, "--compare: more than 1 MiB on stdin for the serial port");
    }
  }
  return bytes;
}

// --keys-file: the key script in a file (an unreadable file or a bad script is bad input).
std::vector<KeyAction> read_key_file(const std::string& path) {
  constexpr std::uint64_t max_size = 1024 * 1024;
  const std::vector<std::uint8_t> bytes = read_input_file("keys file", path, max_size, true);
  try {
    return parse_key_script(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (const Error& error) {
    throw Error(ExitStatus::bad_input, fmt::format("{} in {}", error.what(), quoted(path)));
  }
}

// "; it read flags left undefined N times, the same on both sides", or nothing.
std::string undefined_reads(const compare::LockstepResult& result) {
  if (result.undefined_reads_agreed == 0) return "";
  return fmt::format("; it read flags left undefined {} time{}, the same on both sides", result.undefined_reads_agreed,
                     result.undefined_reads_agreed == 1 ? "" : "s");
}

// --compare: the guest on both backends in lockstep; its console output is printed once.
int run_compare(const Options& options, const MachineConfig& config, std::span<const std::uint8_t> image,
                GuestOutput& output, Interruptions& interruptions, const Log& log) {
  std::optional<kvm::IoctlLog> kvm_log = ioctl_log(options, log);
  compare::LockstepOptions lockstep;
  lockstep.kvm_log = kvm_log ? &*kvm_log : nullptr;
  lockstep.interp_log_count = options.log_interp.value_or(0);
  lockstep.machine = config;
  lockstep.kvm_device = kvm::default_device_path();
  if (options.max_insns) lockstep.max_steps = *options.max_insns;
  lockstep.stop = &interruptions.stop();
  lockstep.keys = options.keys_file ? read_key_file(*options.keys_file) : options.keys;
  lockstep.warn = [&log](const std::string& text) { log.error("{}", text); };
  // With the keys scripted, COM1's input is stdin, read whole first (a pipe or a file: a terminal
  // cannot be read ahead), so that both sides receive the same bytes at the same times.
  if (options.machine.kind == MachineKind::pc && options.serial == Options::Serial::stdio && options.keys_scripted &&
      ::isatty(STDIN_FILENO) == 0) {
    lockstep.serial_input = read_all_of_stdin();
  }
  if (options.timeout) interruptions.arm_deadline(*options.timeout);
  compare::LockstepResult result = compare::run_lockstep(image, lockstep, log);
  if (kvm_log) log.write(kvm_log->summary());
  output.write_text(result.console);
  RunResult end{StopReason::hlt, compare::compare_exit_status(result.verdict), "", std::nullopt};
  switch (result.verdict) {
    case compare::Verdict::agree:
      end.message = fmt::format("compare: {} steps compared ({} states{}), no divergence; the guest ended with {}{}",
                                result.steps, result.syncs,
                                result.interrupts > 0 ? fmt::format(", {} interrupt{}", result.interrupts, result.interrupts == 1 ? "" : "s")
                                                      : "",
                                stop_reason_name(result.guest_end.reason), undefined_reads(result));
      break;
    case compare::Verdict::diverged: end.message = fmt::format("compare: {}", result.report); break;
    case compare::Verdict::inconclusive:
      end.message = fmt::format("compare: stopped after {} steps: {}", result.steps, result.report);
      break;
    case compare::Verdict::limit:
      if (interruptions.stop().cause() == StopRequest::Cause::signal) {
        end = stopped_by(interruptions.stop(), "a step boundary", std::nullopt);
        end.message = fmt::format("compare: {} steps compared, no divergence; {}", result.steps, end.message);
      } else {
        end.message = fmt::format("compare: {} steps compared, no divergence; stopped by --max-insns or --timeout",
                                  result.steps);
      }
      break;
    case compare::Verdict::unsupported:
      end.message = fmt::format("compare: {} steps compared, no divergence; then {}", result.steps, result.report);
      break;
  }
  if (result.kvm_results_replaced > 0) {
    log.error("compare: KVM results known to be wrong, replaced by the interpreter's: {} (first: {}; "
              "see docs/differential.md)",
              result.kvm_results_replaced, result.first_replaced);
  }
  return report(drain(output, end), log);
}

// A .COM program for the BIOS: at most 65,280 bytes (a segment less its PSP).
BootMedia dos_program(const Options& options) {
  BootMedia media = *options.machine.boot;
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(read_input_file("program", options.image, 1024 * 1024, false));
  if (bytes->size() > bios::dos::max_program_size) {
    throw Error(ExitStatus::bad_input, fmt::format("program {}: is {} bytes; a .COM program is at most {} (a 64 KiB "
                                                   "segment less its 256-byte PSP)",
                                                   quoted(options.image), bytes->size(), bios::dos::max_program_size));
  }
  media.program = std::move(bytes);
  const std::size_t slash = options.image.find_last_of('/');
  media.program_name = slash == std::string::npos ? options.image : options.image.substr(slash + 1);
  return media;
}

// --screenshot: the screen as the VGA shows it at the end, as PNG bytes (nothing, and a line on
// stderr, for a mode the display does not draw).
std::optional<std::string> screenshot_png(Machine& machine, const Log& log) {
  const std::optional<VideoState> state = machine.platform().video_state();
  if (!state) return std::nullopt;
  const display::Screen screen = display::render(*state, machine.memory());
  if (!screen.unsupported.empty()) {
    log.error("--screenshot: {}; no picture written", screen.unsupported);
    return std::nullopt;
  }
  return display::encode_png(screen.image);
}

// Refuses output paths that would overwrite the image, a disk, or each other.
void check_output_paths(const Options& options) {
  std::vector<std::pair<std::string, std::string>> outputs;
  if (options.dump_state) outputs.emplace_back("--dump-state", *options.dump_state);
  if (options.dump_mem) outputs.emplace_back("--dump-mem", *options.dump_mem);
  if (options.screen_dump) outputs.emplace_back("--screen-dump", *options.screen_dump);
  if (options.screenshot) outputs.emplace_back("--screenshot", *options.screenshot);
  if (options.serial == Options::Serial::file) outputs.emplace_back("--serial", options.serial_path);
  std::vector<std::string> inputs{options.image};
  inputs.insert(inputs.end(), options.drives.begin(), options.drives.end());
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (const std::string& input : inputs) {
      if (same_file(outputs[i].second, input)) {
        throw Error(ExitStatus::usage, fmt::format("{} {} is {}: refusing to overwrite it", outputs[i].first,
                                                   quoted(outputs[i].second), input == options.image ? "the image" : "a --drive"));
      }
    }
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      if (same_file(outputs[i].second, outputs[j].second)) {
        throw Error(ExitStatus::usage, fmt::format("{} and {} name the same file {}", outputs[i].first, outputs[j].first,
                                                   quoted(outputs[j].second)));
      }
    }
  }
}

int run(const Options& options, int out_fd, const Log& log) {
  // Signals are handled from before anything is created (a temporary output file), so that one
  // arriving early still ends the run cleanly.
  StopRequest stop;
  Interruptions interruptions(stop);
  // Output paths next: a bad one should fail before the guest runs (nothing is written yet).
  check_output_paths(options);
  std::optional<OutputFile> state_file;
  std::optional<OutputFile> mem_file;
  std::optional<OutputFile> screen_file;
  std::optional<OutputFile> screenshot_file;
  if (options.dump_state) state_file.emplace("dump-state", *options.dump_state);
  if (options.dump_mem) mem_file.emplace("dump-mem", *options.dump_mem);
  if (options.screen_dump) screen_file.emplace("screen-dump", *options.screen_dump);
  if (options.screenshot) screenshot_file.emplace("screenshot", *options.screenshot);
  std::optional<OutputFile> serial_file;
  const bool pc = options.machine.kind == MachineKind::pc;
  if (pc && options.serial == Options::Serial::file) serial_file.emplace("serial", options.serial_path);

  // A flat image is loaded here; a disk is read by the BIOS as the guest asks; a .COM program
  // is handed to the BIOS, which loads it behind its PSP.
  MachineConfig config = options.machine;
  std::vector<std::uint8_t> image;
  switch (options.image_kind) {
    case Options::ImageKind::flat: image = read_image(options.image, options.machine.mem_size); break;
    case Options::ImageKind::dos_program: config.boot = dos_program(options); break;
    case Options::ImageKind::disk: break;
  }
  GuestOutput output(out_fd, interruptions);
  if (options.compare) return run_compare(options, config, image, output, interruptions, log);
  // The screen on the terminal: asked for, or the default for a guest that boots through the
  // BIOS when stdout is a terminal. Then the BIOS's transcript is not written (the screen shows
  // it), and what the guest writes to its ports and COM1 is held until the screen is left.
  const bool terminal = ::isatty(out_fd) != 0;
  const bool draw_on_terminal = options.display ? *options.display == Options::Display::terminal
                                                : options.image_kind != Options::ImageKind::flat && terminal;
  if (draw_on_terminal && !terminal) {
    throw Error(ExitStatus::usage, "--display terminal needs stdout to be a terminal (write pictures with --screenshot)");
  }
  StringSink held_console;
  if (draw_on_terminal) config.bios_transcript = false;
  Machine machine(config, draw_on_terminal ? static_cast<ByteSink&>(held_console) : static_cast<ByteSink&>(output));
  machine.load_image(image);
  if (options.verbose) machine.platform().set_notes([&log](const std::string& text) { log.verbose("{}", text); });
  machine.platform().set_warnings([&log, &output](const std::string& text) {
    output.flush();  // the guest's output before the line about it
    log.error("{}", text);
  });
  if (options.image_kind == Options::ImageKind::flat) {
    log.verbose("loaded {} ({} bytes) at {:#x}; {:#x} bytes of RAM; entry {:04x}:{:04x}", quoted(options.image),
                image.size(), options.machine.load_address, options.machine.mem_size, options.machine.entry_segment,
                options.machine.entry_offset);
  } else {
    log.verbose("{} {} through the BIOS at F000:FFF0", options.image_kind == Options::ImageKind::disk ? "booting" : "running",
                quoted(options.image));
  }

  // The keyboard on --machine pc: the keys given, or stdin (a terminal in raw mode until the end).
  std::optional<HostKeyboard> host_keyboard;
  // COM1: on stdout, into the --serial file, or on a new pseudo-terminal; its input from the
  // pseudo-terminal, or from stdin when the keys are scripted (stdin is not the keyboard's).
  StringSink serial_log;
  std::optional<PtySerial> serial_pty;
  std::optional<SerialInput> serial_input;
  if (pc) {
    switch (options.serial) {
      case Options::Serial::file:
        machine.platform().connect_serial(serial_log);
        break;
      case Options::Serial::pty:
        serial_pty.emplace();
        machine.platform().connect_serial(*serial_pty);
        serial_input.emplace(serial_pty->master(), machine.platform());
        machine.platform().attach_input(*serial_input);
        log.error("serial port COM1 is {}", serial_pty->name());
        break;
      case Options::Serial::stdio: break;
      case Options::Serial::none: break;
    }
    // stdin is COM1's when it is not the keyboard's (the keys scripted), unless a pty is.
    if (options.keys_scripted && (options.serial == Options::Serial::stdio || options.serial == Options::Serial::file)) {
      serial_input.emplace(STDIN_FILENO, machine.platform());
      machine.platform().attach_input(*serial_input);
    }
  }
  if (pc) {
    std::vector<KeyAction> keys = options.keys;
    if (options.keys_file) keys = read_key_file(*options.keys_file);
    machine.platform().type_script(keys);
    if (!options.keys_scripted) {
      host_keyboard.emplace(STDIN_FILENO, machine.platform(), stop);
      machine.platform().attach_input(*host_keyboard);
      if (host_keyboard->is_terminal()) log.verbose("keyboard: this terminal, in raw mode (Ctrl+] quits)");
    }
  }

  std::optional<TerminalDisplay> terminal_display;
  if (draw_on_terminal) {
    terminal_display.emplace(machine, out_fd);
    machine.platform().attach_display(*terminal_display, TerminalDisplay::frames_between_refreshes);
  }
  std::optional<WindowDisplay> window_display;
  if (options.display == Options::Display::window) {
    window_display.emplace(machine, stop);
    machine.platform().attach_display(*window_display, WindowDisplay::frames_between_refreshes);
  }
  std::optional<ScreenshotSeries> screenshots;
  if (options.screenshot_every) {
    screenshots.emplace(machine, *options.screenshot, log);
    machine.platform().attach_display(*screenshots, *options.screenshot_every);
  }

  std::optional<kvm::IoctlLog> kvm_log = ioctl_log(options, log);
  BackendOptions backend_options{kvm::default_device_path(), options.assist, options.trace,
                                 [&log](const std::string& line) { log.write(line); }, kvm_log ? &*kvm_log : nullptr,
                                 options.log_interp.value_or(0)};
  std::unique_ptr<Backend> backend = create_backend(options.accel, machine, backend_options, log);
  log.verbose("accelerator: {} ({})", backend->name(), backend->description());

  // The terminal's last screen, the terminal as it was, then what the guest wrote meanwhile.
  auto leave_the_screen = [&] {
    if (!terminal_display) return;
    terminal_display->finish();
    output.write_text(held_console.text());
  };

  if (options.timeout) interruptions.arm_deadline(*options.timeout);
  auto start = std::chrono::steady_clock::now();
  RunResult result;
  try {
    if (options.gdb) {
      gdb::ServerOptions server{gdb::parse_listen_address(*options.gdb), options.gdb_wait,
                                {options.max_insns, &interruptions, options.gdb_magic_break}};
      result = gdb::serve_gdb(*backend, machine, stop, server, log);
    } else {
      result = backend->run({options.max_insns, &stop, &interruptions});
    }
  } catch (const Error& error) {
    // A host-side failure still owes the reader what the guest wrote before it.
    leave_the_screen();
    RunResult failed = drain(output, {StopReason::error, to_int(error.status()), error.what(), std::nullopt});
    throw Error(static_cast<ExitStatus>(failed.exit_status), failed.message);
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  leave_the_screen();
  if (window_display) window_display->finish();
  output.flush();

  // Stdout first (the guest's output, then a dump to "-"), then the files: a file that cannot be
  // written must not cost the guest's output.
  const std::string json = state_file ? state_to_json(result, backend->state()) : std::string();
  std::optional<std::string> screen;
  if (screen_file) {
    screen = bios::screen_text(machine.memory());
    if (!screen) log.error("--screen-dump: the screen is in a graphics mode at the end; no text written");
  }
  if (screen && screen_file->is_standard_output()) output.write_text(*screen);
  std::optional<std::string> picture;
  if (screenshot_file) {
    picture = screenshot_png(machine, log);
    if (picture && screenshot_file->is_standard_output()) output.write_text(*picture);
  }
  auto ram_bytes = machine.memory().bytes();
  const std::string_view ram{reinterpret_cast<const char*>(ram_bytes.data()), ram_bytes.size()};
  if (state_file && state_file->is_standard_output()) output.write_text(json);
  if (mem_file && mem_file->is_standard_output()) output.write_text(ram);
  result = drain(output, result);
  try {
    if (state_file && !state_file->is_standard_output()) state_file->write(json);
    if (mem_file && !mem_file->is_standard_output()) mem_file->write(ram);
    if (screen && !screen_file->is_standard_output()) screen_file->write(*screen);
    if (picture && !screenshot_file->is_standard_output()) screenshot_file->write(*picture);
    if (serial_file) serial_file->write(serial_log.text());
  } catch (const Error& error) {
    result.exit_status = to_int(error.status());
    result.message = result.message.empty() ? error.what() : fmt::format("{}; {}", error.what(), result.message);
  }
  if (kvm_log) log.write(kvm_log->summary());
  if (options.stats) {
    print_stats(log, *backend, machine.platform(), result, elapsed);
    if (serial_pty) log.error("stats: serial bytes dropped (nobody reading the pseudo-terminal) {}", serial_pty->dropped());
    if (terminal_display) log.error("stats: screens drawn on the terminal {}", terminal_display->draws());
    if (window_display) log.error("stats: screens drawn in the window {}", window_display->draws());
    if (screenshots) log.error("stats: screenshots taken {}", screenshots->taken());
  }
  return report(result, log);
}

// Text of emu's own (--help, --version) on stdout; a failure is an output error.
int print_text(std::FILE* out, const std::string& text, const Log& log) {
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
    log.error("cannot write to standard output: {}", std::strerror(errno));
    return to_int(ExitStatus::bad_input);
  }
  return 0;
}

}  // namespace

int run_emu(std::span<const char* const> args, std::FILE* out, std::FILE* err) {
  Log log(err, false);
  try {
    Command command = parse_command_line(args);
    switch (command.action) {
      case Action::help: return print_text(out, help_text(), log);
      case Action::version: return print_text(out, version_text(), log);
      case Action::run: break;
    }
    return run(command.options, ::fileno(out), Log(err, command.options.verbose));
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
