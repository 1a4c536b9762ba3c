#include "engines.h"

#include <algorithm>

#include <fmt/format.h>

#include "host/child_process.h"

namespace bench {

namespace {

Engine emu_engine(const std::string& emu, const char* name, EngineColumn column) {
  std::string accel = fmt::format("--accel={}", name);
  return {name, column, [emu, accel](const std::string& image) { return std::vector<std::string>{emu, accel, image}; }};
}

// The machine the issue names: an ISA PC with nothing but the debug console on 0xF1 and the
// debug exit device on 0xF4; the guest is loaded raw at 0 and the stub jumps there.
Engine qemu_engine(const std::string& qemu, const std::string& stub) {
  return {"qemu-tcg", qemu_column, [qemu, stub](const std::string& image) {
            return std::vector<std::string>{qemu,       "-M",
                                            "isapc",    "-accel",
                                            "tcg",      "-nodefaults",
                                            "-no-user-config", "-display",
                                            "none",     "-m",
                                            "2",        "-bios",
                                            stub,       "-device",
                                            fmt::format("loader,file={},addr=0,force-raw=on", image),
                                            "-chardev", "stdio,id=console",
                                            "-device",  "isa-debugcon,iobase=0xf1,chardev=console",
                                            "-device",  "isa-debug-exit,iobase=0xf4,iosize=1"};
          }};
}

Engine unicorn_engine(const std::string& runner) {
  return {"unicorn", unicorn_column,
          [runner](const std::string& image) { return std::vector<std::string>{runner, image}; }};
}

}  // namespace

EnginePaths build_paths() {
  return {EMU_BINARY, emu::host::find_in_path("qemu-system-i386"), EMU_QEMU_RESET_STUB, EMU_UNICORN_RUNNER};
}

std::vector<Engine> known_engines(const EnginePaths& paths, std::vector<std::string>& skipped) {
  std::vector<Engine> engines = {emu_engine(paths.emu, "kvm", kvm_column),
                                 emu_engine(paths.emu, "interp", interp_column)};
  if (paths.qemu.empty()) {
    skipped.push_back("qemu-tcg: qemu-system-i386 is not in PATH (Debian package qemu-system-x86)");
  } else {
    engines.push_back(qemu_engine(paths.qemu, paths.qemu_stub));
  }
  if (paths.unicorn_run.empty()) {
    skipped.push_back("unicorn: built without libunicorn-dev");
  } else {
    engines.push_back(unicorn_engine(paths.unicorn_run));
  }
  return engines;
}

std::optional<std::string> measure_startup(Engine& engine, const std::string& noop_image) {
  std::vector<Seconds> times;
  for (int i = 0; i < 5; ++i) {
    emu::host::ChildResult result = emu::host::run_child(engine.command(noop_image));
    if (result.exit_status != guest_exit_status) {
      return fmt::format("exit status {}: {}", result.exit_status, first_line(result.err));
    }
    times.push_back(result.wall);
  }
  std::sort(times.begin(), times.end());
  engine.startup = times[times.size() / 2];
  return std::nullopt;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace bench
