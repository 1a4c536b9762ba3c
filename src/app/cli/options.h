#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>

#include "platform/key_script.h"
#include "platform/machine.h"
#include "core/trace.h"

namespace emu::cli {

struct Options {
  std::string image;
  // What the image is: a flat binary (--load, --entry), a disk to boot (--boot), or a DOS .COM
  // program (a name ending in .com, or --com); the last two run through the BIOS on --machine pc.
  enum class ImageKind { flat, disk, dos_program };
  ImageKind image_kind = ImageKind::flat;
  std::vector<std::string> drives;  // --drive, after the --boot image
  bool disk_write = false;          // --disk-write
  std::string command_tail;         // a .COM program's arguments, as DOS puts them at PSP:0080
  std::optional<std::string> screen_dump;
  std::optional<std::string> screenshot;  // --screenshot FILE.png
  std::optional<std::uint64_t> screenshot_every;  // --screenshot-every N: frames
  // --display: where the screen is drawn while the guest runs. Unset: on the terminal when the
  // guest boots through the BIOS and stdout is a terminal, else nowhere.
  enum class Display { none, terminal, window };
  std::optional<Display> display;
  MachineConfig machine;
  std::string accel = "auto";
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<std::uint64_t> max_insns;
  TraceMode trace = TraceMode::off;
  bool log_kvm = false;                        // --log-kvm
  std::optional<std::uint64_t> log_interp;     // --log-interp=N: instructions
  std::optional<std::string> dump_state;  // "-" is stdout
  std::optional<std::string> dump_mem;
  bool assist = true;
  bool compare = false;  // lockstep: KVM against the interpreter  // KVM: run what it cannot emulate in the interpreter
  // --keys (parsed) or --keys-file (read when the run starts); without either, stdin is the
  // keyboard on --machine pc.
  std::vector<KeyAction> keys;
  std::optional<std::string> keys_file;
  bool keys_scripted = false;  // --keys or --keys-file given (even empty): stdin is not the keyboard
  // --serial: where COM1 goes on --machine pc.
  enum class Serial { stdio, file, pty, none };
  Serial serial = Serial::stdio;
  std::string serial_path;  // Serial::file
  bool stats = false;
  bool verbose = false;
  // --gdb [[HOST:]PORT]: serve gdb's remote protocol there (docs/debugging.md).
  std::optional<std::string> gdb;
  bool gdb_wait = true;          // --gdb-wait=no: run until gdb attaches
  bool gdb_magic_break = false;  // --gdb-magic-break: XCHG BX,BX stops
};

enum class Action { run, help, version };

struct Command {
  Action action = Action::run;
  Options options;
};

// Parses argv (without interpreting the image). Throws Error(usage) with a one-line message.
Command parse_command_line(std::span<const char* const> args);

// The --help text.
std::string help_text();

// The manual page emu(1) in roff, from the same option table and prose as --help.
std::string man_page();

}  // namespace emu::cli
