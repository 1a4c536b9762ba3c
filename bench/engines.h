#pragma once

// The engines of the performance comparison and how each runs a flat guest image as its own
// process: emu --accel=kvm, emu --accel=interp, QEMU's TCG (qemu-system-i386 with a reset stub,
// bench/peers/qemu_reset_stub.S) and Unicorn (bench/peers/unicorn_runner.cpp). Each ends a
// benchmark guest the same way: the guest writes 0 to port 0xF4, the process exits with status 1.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bench {

using Seconds = std::chrono::duration<double>;

// Status of `emu` and both peers when a guest writes 0 to the exit port 0xF4.
inline constexpr int guest_exit_status = 1;

enum EngineColumn : std::size_t { kvm_column, interp_column, qemu_column, unicorn_column, engine_columns };

struct Engine {
  std::string name;  // kvm, interp, qemu-tcg, unicorn
  EngineColumn column;
  std::function<std::vector<std::string>(const std::string& image)> command;
  Seconds startup{0};  // set by measure_startup
};

struct EnginePaths {
  std::string emu;           // the emu binary
  std::string qemu;          // qemu-system-i386, or "" when not installed
  std::string qemu_stub;     // the 64 KiB -bios image
  std::string unicorn_run;   // the Unicorn runner, or "" when built without libunicorn-dev
};

// The paths of this build: its emu, its QEMU reset stub and Unicorn runner, QEMU from $PATH.
EnginePaths build_paths();

// Every engine whose program exists, and a line for each one that does not.
std::vector<Engine> known_engines(const EnginePaths& paths, std::vector<std::string>& skipped);

// Runs the empty guest five times and keeps the median as the engine's start-up time; returns
// why the engine cannot run here (e.g. no usable /dev/kvm) instead when a run fails.
std::optional<std::string> measure_startup(Engine& engine, const std::string& noop_image);

std::string first_line(const std::string& text);

}  // namespace bench
