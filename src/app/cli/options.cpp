#include "cli/options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "gdb/connection.h"
#include <boost/program_options.hpp>
#include <cctype>
#include <cstring>
#include <memory>
#include <sstream>

#include "backends/registry.h"
#include "cli/value_parsers.h"
#include "core/error.h"
#include "core/guest_memory.h"
#include "core/quoted.h"
#include "firmware/dos.h"

namespace emu::cli {

namespace po = boost::program_options;

namespace {

struct Descriptions {
  struct Group {
    std::string caption;
    std::shared_ptr<po::options_description> options;
  };
  std::vector<Group> groups;  // as --help shows them
  po::options_description visible{100, 50};
  po::options_description all;
  po::positional_options_description positional;
};

std::string accel_choices() { return fmt::format("{}, auto", fmt::join(backend_names(), ", ")); }

std::string cpu_choices() {
  std::vector<std::string_view> names;
  for (CpuProfile profile : all_profiles()) names.push_back(profile_name(profile));
  return fmt::format("{}, host", fmt::join(names, ", "));
}

Descriptions describe() {
  Descriptions d;
  // clang-format off
  auto group = [&](const char* caption) -> po::options_description& {
    d.groups.push_back({caption, std::make_shared<po::options_description>(caption, 100, 50)});
    return *d.groups.back().options;
  };
  po::options_description& machine = group("Machine");
  machine.add_options()
      ("mem", po::value<std::string>()->value_name("SIZE")->default_value("1M"),
       "guest RAM at physical 0: 4K to 1088K (1 MiB + 64 KiB) in 4K steps; K/M suffixes, 0x for hex")
      ("load", po::value<std::string>()->value_name("ADDR")->default_value("0"), "physical address the image is loaded at")
      ("entry", po::value<std::string>()->value_name("SEG:OFF")->default_value("0000:0000"), "initial CS:IP, in hex")
      ("reg", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
       "initial register (repeatable): eax..edi, ax..di, al..bh, cs..gs (base follows), eip, ip, eflags, flags")
      ("cpu", po::value<std::string>()->value_name("NAME")->default_value("host"),
       fmt::format("CPU profile for results the manuals leave undefined: {} (host: this host's vendor and family)",
                   cpu_choices()).c_str())
      ("machine", po::value<std::string>()->value_name("NAME")->default_value("bare"),
       "bare: ports 0xF1/0xE9/0xF4 only, HLT ends the run; pc: the PC/AT's interrupt controllers, timer and "
       "ports (docs/devices.md), HLT waits for an interrupt")
      ("clock", po::value<std::string>()->value_name("NAME")->default_value("host"),
       "pc: device time from the host's clock (host) or from the instruction count alone (virtual: the same "
       "every run; on the interpreter or under compare)")
      ("ips", po::value<std::string>()->value_name("N")->default_value("50000000"),
       "--clock=virtual: instructions per second of device time")
      ("keys", po::value<std::string>()->value_name("TEXT"),
       "pc: type these keys (\\n Enter, {esc}, {up}, {f1}, {ctrl+c}, {wait:MS}: docs/cli.md) instead of reading "
       "the keyboard from stdin")
      ("keys-file", po::value<std::string>()->value_name("FILE"), "pc: the same, from a file")
      ("serial", po::value<std::string>()->value_name("WHERE")->default_value("stdio"),
       "pc: COM1's output to stdout (stdio), to file:PATH, or on a new pseudo-terminal (pty, both ways); or none. "
       "With stdio and file:PATH its input is stdin when the keys are scripted");
  po::options_description& boot = group("BIOS and screen (--machine pc)");
  boot.add_options()
      ("boot", po::value<std::string>()->value_name("IMAGE"),
       "boot a disk image through emu's BIOS: a floppy by its size (160K to 2.88M; smaller: a 1.44M floppy), "
       "larger as hard disk 80h (docs/bios.md)")
      ("drive", po::value<std::vector<std::string>>()->value_name("IMAGE"), "another disk for INT 13h (repeatable)")
      ("disk-write", "write the guest's disk writes to the image files (else they are kept in memory only)")
      ("com", po::value<std::string>()->value_name("PROGRAM"),
       "run a DOS .COM program (also: an IMAGE named *.com); words after it (after -- where they look like "
       "options) are its command tail")
      ("screen-dump", po::value<std::string>()->value_name("FILE"),
       "write the final text screen (B800:0000) as text, one line per row ('-': stdout)")
      ("screenshot", po::value<std::string>()->value_name("FILE"),
       "write the final screen as a PNG: text modes with the 8x16 font, mode 13h doubled; 640x400 (docs/display.md)")
      ("display", po::value<std::string>()->value_name("WHERE"),
       "draw the screen while the guest runs: terminal (in place, ANSI 24-bit colour; the default for --boot "
       "and .COM programs when stdout is a terminal), window (SDL2; keys from the window) or none")
      ("screenshot-every", po::value<std::string>()->value_name("N"),
       "also a picture every N frames (70 a second of device time) while the guest runs: FILE-0001.png, ...");
  po::options_description& run = group("Execution");
  run.add_options()
      ("accel", po::value<std::string>()->value_name("NAME")->default_value("auto"),
       fmt::format("backend: {} (auto: KVM when usable, else the interpreter)", accel_choices()).c_str())
      ("timeout", po::value<std::string>()->value_name("SECONDS"), "stop the guest after this much wall time (exit 10)")
      ("max-insns", po::value<std::string>()->value_name("N"), "stop after exactly N instructions (exit 10; interpreter)")
      ("trace", po::value<std::string>()->value_name("[=regs]"),
       "print each instruction on stderr (--trace=regs: with registers)")
      ("no-assist", "KVM: report instructions KVM cannot emulate instead of running them in the interpreter")
      ("compare", "run on KVM and the interpreter in lockstep and report the first difference (exit 14)");
  po::options_description& learning = group("Seeing how each backend works (docs/learn.md)");
  learning.add_options()
      ("log-kvm", "print every call emu makes to KVM on stderr (ioctls with their arguments, each KVM_RUN's exit), "
       "and a count of them at the end; KVM only (also with --compare)")
      ("log-interp", po::value<std::string>()->value_name("N"),
       "print what the interpreter does with each of the first N instructions on stderr: bytes fetched, the "
       "decoded form, the handler, registers, flags, memory and ports changed, blocks built and reused");
  po::options_description& debugging = group("Debugging with gdb (docs/debugging.md)");
  debugging.add_options()
      ("gdb", po::value<std::string>()->value_name("[[HOST:]PORT]"),
       "wait for gdb on HOST:PORT (default 127.0.0.1:1234; port 0: any free port, printed), the guest stopped at "
       "its first instruction; gdb sees linear addresses and 16-bit code")
      ("gdb-wait", po::value<std::string>()->value_name("yes|no")->default_value("yes"),
       "no: run the guest until gdb attaches (which stops it) or it ends")
      ("gdb-magic-break", "with --gdb: XCHG BX,BX stops the guest as a breakpoint (Bochs' magic breakpoint)");
  po::options_description& output = group("Output");
  output.add_options()
      ("stats", "print run statistics on stderr at the end")
      ("dump-state", po::value<std::string>()->value_name("FILE"), "write the final CPU state as JSON ('-': stdout)")
      ("dump-mem", po::value<std::string>()->value_name("FILE"), "write guest RAM as raw bytes at the end")
      ("verbose,v", "say what emu is doing on stderr")
      ("help,h", "print this help and exit")
      ("version", "print version and KVM host details and exit");
  // clang-format on
  for (const auto& each : d.groups) d.visible.add(*each.options);
  po::options_description hidden;
  hidden.add_options()("image", po::value<std::string>(), "guest image")(
      "args", po::value<std::vector<std::string>>(), "a .COM program's arguments");
  d.all.add(d.visible).add(hidden);
  d.positional.add("image", 1).add("args", -1);
  return d;
}

std::uint32_t checked_mem_size(std::string_view text) {
  std::uint64_t size = parse_size("mem", text);
  if (size < GuestMemory::min_size || size > GuestMemory::max_size || size % GuestMemory::granule != 0) {
    throw bad_value("mem", text, "a multiple of 4K from 4K to 1088K");
  }
  return static_cast<std::uint32_t>(size);
}

po::variables_map parsed(const Descriptions& d, const std::vector<const char*>& words) {
  po::variables_map vm;
  po::store(po::command_line_parser(static_cast<int>(words.size()), words.data())
                .options(d.all)
                .positional(d.positional)
                .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                .run(),
            vm);
  po::notify(vm);
  return vm;
}

// Boost fills its messages' placeholders (%value%, %original_token%, ...) by replacing until none
// is left, so a word that contains one never finishes (`emu -x%original_token%` hung). The
// message is made again from words whose '%' is a byte none of them holds, then changed back.
std::string boost_error_message(const Descriptions& d, const std::vector<const char*>& words) {
  auto holds = [&](char c) {
    return std::any_of(words.begin(), words.end(), [c](const char* w) { return std::strchr(w, c) != nullptr; });
  };
  char stand_in = 1;
  while (stand_in < 32 && holds(stand_in)) ++stand_in;
  if (stand_in == 32) return "the command line is not valid";
  std::vector<std::string> defused(words.begin(), words.end());
  for (std::string& word : defused) std::replace(word.begin(), word.end(), '%', stand_in);
  std::vector<const char*> defused_words;
  for (const std::string& word : defused) defused_words.push_back(word.c_str());
  try {
    (void)parsed(d, defused_words);
  } catch (const po::error& error) {
    std::string message = error.what();
    std::replace(message.begin(), message.end(), stand_in, '%');
    return message;
  }
  return "the command line is not valid";
}

// The prose of --help and of the man page, one sentence group per entry, unwrapped.
constexpr std::string_view summary =
    "Run 16-bit real-mode x86 code on KVM or on the interpreter: a flat image, a boot disk (--boot) or a DOS .COM "
    "program, the last two through emu's own BIOS.";
constexpr std::string_view numbers_note = "Numbers take decimal or 0x-hex; SEG:OFF is hex.";
constexpr std::string_view ports_note =
    "Guest ports: 0xF1 and 0xE9 write to stdout; writing v to 0xF4 exits with status (v<<1)|1. --machine pc adds the "
    "PC/AT's interrupt controllers, timer, keyboard, RTC and COM1 (docs/devices.md).";
constexpr std::string_view exit_statuses =
    "0 guest halted, odd: guest exit device, 2 usage error, 4 bad image or file (or guest output that cannot be "
    "written), 6 accelerator unavailable, 8 guest fault, 10 limit reached, 12 internal error, 18 stopped by "
    "SIGINT/SIGTERM/SIGHUP or Ctrl+] (output, dumps and stats written first), 20 the guest reset the CPU (pc), 22 the "
    "guest waits for a key that cannot come (BIOS), 24 no bootable disk (BIOS); a DOS program's exit code n: 0 for "
    "0, else (n<<1)|1; --compare: 0 no difference, 14 a difference, 16 a flag read that either way is right.";

// `text` broken into lines of at most `width` columns.
std::string wrapped(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t column = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (column > 0 && column + 1 + word.size() > width) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
  return out;
}

// Text for roff: backslashes and hyphens escaped, no line starting with a control character.
std::string roff(std::string_view text) {
  std::string out = !text.empty() && (text[0] == '.' || text[0] == '\'') ? "\\&" : "";
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

bool names_com_program(std::string_view path) {
  if (path.size() < 4) return false;
  std::string suffix(path.substr(path.size() - 4));
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
  return suffix == ".com";
}

// The image and its kind (--boot, --com, or the positional IMAGE), and a .COM program's
// command tail from the words after it.
void parse_image(const po::variables_map& vm, Options& options) {
  std::vector<std::string> words;
  if (vm.count("image")) words.push_back(vm["image"].as<std::string>());
  if (vm.count("args")) {
    const auto& args = vm["args"].as<std::vector<std::string>>();
    words.insert(words.end(), args.begin(), args.end());
  }
  const int chosen = static_cast<int>(vm.count("boot")) + static_cast<int>(vm.count("com"));
  if (chosen > 1) throw Error(ExitStatus::usage, "--boot and --com both give the program to run: choose one");
  std::vector<std::string> tail;
  if (vm.count("boot")) {
    options.image_kind = Options::ImageKind::disk;
    options.image = vm["boot"].as<std::string>();
    tail = words;
  } else if (vm.count("com")) {
    options.image_kind = Options::ImageKind::dos_program;
    options.image = vm["com"].as<std::string>();
    tail = words;
  } else {
    if (words.empty()) throw Error(ExitStatus::usage, "no image given (usage: emu [OPTIONS] IMAGE; see 'emu --help')");
    options.image = words.front();
    tail.assign(words.begin() + 1, words.end());
    if (names_com_program(options.image)) options.image_kind = Options::ImageKind::dos_program;
  }
  if (options.image_kind != Options::ImageKind::dos_program && !tail.empty()) {
    throw Error(ExitStatus::usage, fmt::format("unexpected argument {}: only a .COM program takes arguments after its "
                                               "name (see 'emu --help')",
                                               quoted(tail.front())));
  }
  for (const std::string& word : tail) options.command_tail += " " + word;
  if (options.command_tail.size() > bios::dos::max_command_tail) {
    throw Error(ExitStatus::usage, fmt::format("the command tail is {} characters; DOS's holds at most {}",
                                               options.command_tail.size(), bios::dos::max_command_tail));
  }
  if (vm.count("drive")) options.drives = vm["drive"].as<std::vector<std::string>>();
  options.disk_write = vm.count("disk-write") > 0;
}

// What booting through the BIOS implies: the pc machine (unless another was asked for: refused),
// all of its 1 MiB, the BIOS's entry rather than --load/--entry/--reg.
void check_firmware_options(const po::variables_map& vm, Options& options) {
  if (options.image_kind == Options::ImageKind::flat) {
    for (const char* option : {"drive", "disk-write"}) {
      if (vm.count(option)) {
        throw Error(ExitStatus::usage,
                    fmt::format("--{} applies to a machine with the BIOS (--boot IMAGE or a .COM program)", option));
      }
    }
    return;
  }
  if (options.image_kind == Options::ImageKind::dos_program && options.disk_write && options.drives.empty()) {
    throw Error(ExitStatus::usage, "--disk-write applies to disk images (--boot, --drive); none was given");
  }
  const char* what = options.image_kind == Options::ImageKind::disk ? "--boot" : "a .COM program";
  if (!vm["machine"].defaulted() && options.machine.kind != MachineKind::pc) {
    throw Error(ExitStatus::usage, fmt::format("{} runs on --machine=pc (its BIOS), not --machine=bare", what));
  }
  options.machine.kind = MachineKind::pc;
  for (const char* option : {"load", "entry", "reg"}) {
    if (vm.count(option) && !vm[option].defaulted()) {
      throw Error(ExitStatus::usage, fmt::format("--{} does not apply to {}: the BIOS loads and starts it", option, what));
    }
  }
  if (options.machine.mem_size != 0x100000) {
    throw Error(ExitStatus::usage, fmt::format("{} needs --mem 1M: the BIOS sits at its top", what));
  }
  BootMedia media;
  media.kind = options.image_kind == Options::ImageKind::disk ? BootMedia::Kind::disk : BootMedia::Kind::dos_program;
  if (options.image_kind == Options::ImageKind::disk) media.disks.push_back({options.image, options.disk_write});
  for (const std::string& drive : options.drives) media.disks.push_back({drive, options.disk_write});
  media.command_tail = options.command_tail;
  options.machine.boot = media;
}

}  // namespace

std::string help_text() {
  std::ostringstream options;
  options << describe().visible;
  return fmt::format("Usage: emu [OPTIONS] IMAGE\n       emu [OPTIONS] --boot DISK\n       emu [OPTIONS] PROGRAM.com [-- ARGS]\n{}\n{}\n{}\n{}\n{}\n",
                     wrapped(summary, 100), options.str(), numbers_note,
                     wrapped(ports_note, 100), wrapped(fmt::format("Exit status: {}", exit_statuses), 100));
}

std::string man_page() {
  const Descriptions d = describe();
  std::string page = fmt::format(
      ".TH EMU 1 \"\" \"emu\" \"User Commands\"\n.SH NAME\nemu \\- run 16-bit real-mode x86 code on KVM or an interpreter\n"
      ".SH SYNOPSIS\n.B emu\n[\\fIOPTIONS\\fR] \\fIIMAGE\\fR\n.br\n.B emu\n[\\fIOPTIONS\\fR] \\fB\\-\\-boot\\fR \\fIDISK\\fR\n.br\n"
      ".B emu\n[\\fIOPTIONS\\fR] \\fIPROGRAM.com\\fR [\\fB\\-\\-\\fR \\fIARGS\\fR]\n"
      ".SH DESCRIPTION\n{}\nA flat image is loaded at \\fB\\-\\-load\\fR and entered at \\fB\\-\\-entry\\fR in real "
      "mode. A disk (\\fB\\-\\-boot\\fR) or a .COM program runs on the pc machine through emu's BIOS, which prints what "
      "the guest writes through it on stdout.\n{}\n{}\n.SH OPTIONS\n",
      roff(summary), roff(numbers_note), roff(ports_note));
  for (const auto& group : d.groups) {
    page += fmt::format(".SS {}\n", roff(group.caption));
    for (const auto& option : group.options->options()) {
      page += fmt::format(".TP\n\\fB{}\\fR", roff(option->canonical_display_name(po::command_line_style::allow_long)));
      const std::string short_name = option->canonical_display_name(po::command_line_style::allow_dash_for_short);
      if (short_name.size() == 2) page += fmt::format(", \\fB{}\\fR", roff(short_name));
      if (option->semantic()->max_tokens() > 0) page += fmt::format(" \\fI{}\\fR", roff(option->format_parameter()));
      page += fmt::format("\n{}\n", roff(option->description()));
    }
  }
  page += fmt::format(".SH EXIT STATUS\n{}\n", roff(exit_statuses));
  page += ".SH EXAMPLES\n.nf\nemu /usr/share/emu/guests/hello.bin\nemu \\-\\-accel=interp \\-\\-trace /usr/share/emu/guests/hello.bin\n"
          "emu \\-\\-compare /usr/share/emu/guests/isa_alu.bin\nemu \\-\\-boot /usr/share/emu/guests/bios/key_echo.img "
          "\\-\\-keys 'hello{esc}'\nemu /usr/share/emu/guests/dos/args.com \\-\\- one two\n.fi\n";
  page += ".SH SEE ALSO\nThe guides in /usr/share/doc/emu and the guest sources in /usr/share/doc/emu/examples.\n";
  return page;
}

Command parse_command_line(std::span<const char* const> args) {
  Descriptions d = describe();
  // Before "--" (after it every word is the image): a bare --trace must not take the next word
  // as its value, so it is spelled out; an option's value given as a separate word must not
  // look like an option (`--dump-state --stats` is a forgotten value, not a file name).
  std::vector<const char*> words(args.begin(), args.end());
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string_view word = words[i];
    if (word == "--") break;
    if (word == "--trace") {
      words[i] = "--trace=insns";
      continue;
    }
    // A bare --gdb takes the next word only when it is a [HOST:]PORT (else the default port).
    if (word == "--gdb") {
      const std::string_view next = i + 1 < words.size() ? std::string_view(words[i + 1]) : std::string_view();
      const std::string_view port = next.substr(next.rfind(':') == std::string_view::npos ? 0 : next.rfind(':') + 1);
      const bool is_address = !port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (is_address) {
        ++i;
      } else {
        words[i] = "--gdb=127.0.0.1:1234";
      }
      continue;
    }
    if (!word.starts_with("--") || word.find('=') != std::string_view::npos) continue;
    const po::option_description* option = d.all.find_nothrow(std::string(word.substr(2)), false);
    if (option == nullptr || option->semantic()->max_tokens() == 0 || i + 1 >= words.size()) continue;
    std::string_view value = words[i + 1];
    // "-" (stdout) and negative numbers are values; "-x" and "--x" are options.
    if (value.size() > 1 && value[0] == '-' && std::isdigit(static_cast<unsigned char>(value[1])) == 0) {
      throw Error(ExitStatus::usage, fmt::format("{} needs a value, not the option {} (write {}={} if that is the value)",
                                                 printable(word), quoted(value), printable(word), printable(value)));
    }
    ++i;
  }
  po::variables_map vm;
  try {
    vm = parsed(d, words);
  } catch (const po::error&) {
    throw Error(ExitStatus::usage, fmt::format("{} (see 'emu --help')", printable(boost_error_message(d, words))));
  }

  Command command;
  if (vm.count("help")) {
    command.action = Action::help;
    return command;
  }
  if (vm.count("version")) {
    command.action = Action::version;
    return command;
  }
  Options& options = command.options;
  parse_image(vm, options);

  options.machine.mem_size = checked_mem_size(vm["mem"].as<std::string>());
  std::uint64_t load = parse_size("load", vm["load"].as<std::string>());
  if (load >= options.machine.mem_size) {
    throw Error(ExitStatus::usage, fmt::format("invalid value {} for --load: {:#x} is outside the {:#x} bytes of RAM",
                                               quoted(vm["load"].as<std::string>()), load, options.machine.mem_size));
  }
  options.machine.load_address = static_cast<std::uint32_t>(load);
  SegmentOffset entry = parse_segment_offset("entry", vm["entry"].as<std::string>());
  options.machine.entry_segment = entry.segment;
  options.machine.entry_offset = entry.offset;

  if (vm.count("reg")) {
    for (const std::string& text : vm["reg"].as<std::vector<std::string>>()) {
      auto equals = text.find('=');
      if (equals == std::string::npos) {
        throw bad_value("reg", text, "NAME=VALUE");
      }
      std::string name = text.substr(0, equals);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      std::uint64_t value = parse_size("reg", std::string_view(text).substr(equals + 1));
      RegisterSetting setting{name, static_cast<std::uint32_t>(value)};
      std::string problem = value > 0xFFFFFFFFu ? "the value does not fit 32 bits" : check_register_setting(setting);
      if (!problem.empty()) throw Error(ExitStatus::usage, fmt::format("invalid value {} for --reg: {}", quoted(text), problem));
      options.machine.registers.push_back(setting);
    }
  }

  const CpuProfile host = host_profile();
  const std::string cpu = vm["cpu"].as<std::string>();
  if (cpu == "host") {
    options.machine.cpu = host;
  } else if (auto profile = profile_named(cpu)) {
    options.machine.cpu = *profile;
  } else {
    throw bad_value("cpu", cpu, fmt::format("one of {}", cpu_choices()));
  }

  const std::string machine = vm["machine"].as<std::string>();
  if (machine == "pc") {
    options.machine.kind = MachineKind::pc;
  } else if (machine != "bare") {
    throw bad_value("machine", machine, "one of bare, pc");
  }
  const std::string clock = vm["clock"].as<std::string>();
  if (clock == "virtual") {
    options.machine.clock = DeviceClock::Kind::virtual_time;
  } else if (clock != "host") {
    throw bad_value("clock", clock, "one of host, virtual");
  }
  const std::string ips = vm["ips"].as<std::string>();
  options.machine.ips = parse_size("ips", ips);
  if (options.machine.ips == 0 || options.machine.ips > 1'000'000'000'000) {
    throw bad_value("ips", ips, "a rate from 1 to 10^12 instructions per second");
  }
  check_firmware_options(vm, options);
  if (options.machine.kind == MachineKind::pc && options.machine.mem_size > 0x100000) {
    // Above 1 MiB the A20 gate would have to hide RAM, which neither backend models yet.
    throw Error(ExitStatus::usage, "--machine=pc takes at most 1M of --mem (the A20 gate wraps 1 MiB to 0)");
  }
  if (options.machine.kind == MachineKind::bare) {
    for (const char* option : {"clock", "ips"}) {
      if (!vm[option].defaulted()) {
        throw Error(ExitStatus::usage, fmt::format("--{} applies to --machine=pc: the bare machine has no timers", option));
      }
    }
    for (const char* option : {"keys", "keys-file"}) {
      if (vm.count(option)) {
        throw Error(ExitStatus::usage, fmt::format("--{} applies to --machine=pc: the bare machine has no keyboard", option));
      }
    }
    if (!vm["serial"].defaulted()) {
      throw Error(ExitStatus::usage, "--serial applies to --machine=pc: the bare machine has no serial port");
    }
  }
  if (vm.count("keys") && vm.count("keys-file")) {
    throw Error(ExitStatus::usage, "--keys and --keys-file both give the keys: choose one");
  }
  if (vm.count("keys")) options.keys = parse_key_script(vm["keys"].as<std::string>());
  const std::string serial = vm["serial"].as<std::string>();
  if (serial == "stdio") {
    options.serial = Options::Serial::stdio;
  } else if (serial == "pty") {
    options.serial = Options::Serial::pty;
  } else if (serial == "none") {
    options.serial = Options::Serial::none;
  } else if (serial.starts_with("file:") && serial.size() > 5) {
    options.serial = Options::Serial::file;
    options.serial_path = serial.substr(5);
  } else {
    throw bad_value("serial", serial, "one of stdio, file:PATH, pty, none");
  }
  options.machine.serial_port = options.serial != Options::Serial::none;
  if (vm.count("keys-file")) options.keys_file = vm["keys-file"].as<std::string>();
  options.keys_scripted = vm.count("keys") > 0 || vm.count("keys-file") > 0;
  if (options.machine.kind == MachineKind::pc && !vm["ips"].defaulted() &&
      options.machine.clock != DeviceClock::Kind::virtual_time) {
    throw Error(ExitStatus::usage, "--ips applies to --clock=virtual: on the host clock instructions take what they take");
  }

  options.accel = vm["accel"].as<std::string>();
  auto names = backend_names();
  if (options.accel != "auto" && std::find(names.begin(), names.end(), options.accel) == names.end()) {
    throw bad_value("accel", options.accel, fmt::format("one of {}", accel_choices()));
  }
  if (vm.count("timeout")) options.timeout = parse_seconds("timeout", vm["timeout"].as<std::string>());
  if (vm.count("max-insns")) {
    std::string text = vm["max-insns"].as<std::string>();
    std::uint64_t count = parse_size("max-insns", text);
    if (count == 0) throw bad_value("max-insns", text, "a count above 0");
    options.max_insns = count;
  }
  if (vm.count("trace")) {
    std::string mode = vm["trace"].as<std::string>();
    if (mode != "insns" && mode != "regs") {
      throw bad_value("trace", mode, "--trace or --trace=regs");
    }
    options.trace = mode == "regs" ? TraceMode::registers : TraceMode::instructions;
  }
  options.compare = vm.count("compare") > 0;
  // Each log shows one backend at work: auto picks the one it shows.
  options.log_kvm = vm.count("log-kvm") > 0;
  if (vm.count("log-interp")) {
    const std::string text = vm["log-interp"].as<std::string>();
    const std::uint64_t count = parse_size("log-interp", text);
    if (count == 0) throw bad_value("log-interp", text, "a count of instructions above 0");
    options.log_interp = count;
  }
  if (!options.compare) {
    if (options.log_kvm && options.log_interp) {
      throw Error(ExitStatus::usage, "--log-kvm and --log-interp show one backend each: choose one, or both with --compare");
    }
    if (options.log_kvm && options.accel == "interp") {
      throw Error(ExitStatus::usage, "--log-kvm shows the KVM backend's calls: use --accel=kvm or --compare");
    }
    if (options.log_interp && options.accel == "kvm") {
      throw Error(ExitStatus::usage, "--log-interp shows the interpreter at work: use --accel=interp or --compare");
    }
    if (options.log_kvm && options.accel == "auto") options.accel = "kvm";
    if (options.log_interp && options.accel == "auto") options.accel = "interp";
  }
  // Counting instructions needs the interpreter: auto picks it, kvm cannot. (--trace works on
  // both: KVM traces by single-stepping.)
  if (options.max_insns && !options.compare) {
    if (options.accel == "kvm") {
      throw Error(ExitStatus::usage, "--max-insns needs the interpreter (--accel=interp); KVM does not count instructions");
    }
    if (options.accel == "auto") options.accel = "interp";
  }
  // --compare on a machine with timers: both sides on the interpreter's virtual time, so that each
  // interrupt comes at the same instruction on both.
  if (options.compare && options.machine.kind == MachineKind::pc) {
    if (!vm["clock"].defaulted() && options.machine.clock != DeviceClock::Kind::virtual_time) {
      throw Error(ExitStatus::usage, "--compare runs on --clock=virtual: the host clock would time the two sides apart");
    }
    options.machine.clock = DeviceClock::Kind::virtual_time;
  }
  // Virtual device time is the instruction count, which only the interpreter (and the lockstep,
  // which follows it) knows.
  if (options.machine.clock == DeviceClock::Kind::virtual_time && !options.compare) {
    if (options.accel == "kvm") {
      throw Error(ExitStatus::usage,
                  "--clock=virtual needs the interpreter (--accel=interp) or --compare; KVM does not count instructions");
    }
    if (options.accel == "auto") options.accel = "interp";
  }
  if (vm.count("screen-dump")) {
    if (options.machine.kind != MachineKind::pc) {
      throw Error(ExitStatus::usage, "--screen-dump applies to --machine=pc: the bare machine has no screen");
    }
    options.screen_dump = vm["screen-dump"].as<std::string>();
  }
  if (vm.count("screenshot")) {
    if (options.machine.kind != MachineKind::pc) {
      throw Error(ExitStatus::usage, "--screenshot applies to --machine=pc: the bare machine has no screen");
    }
    options.screenshot = vm["screenshot"].as<std::string>();
  }
  if (vm.count("display")) {
    const std::string where = vm["display"].as<std::string>();
    if (where == "terminal") {
      options.display = Options::Display::terminal;
    } else if (where == "window") {
      options.display = Options::Display::window;
    } else if (where == "none") {
      options.display = Options::Display::none;
    } else {
      throw bad_value("display", where, "one of terminal, window, none");
    }
    if (options.machine.kind != MachineKind::pc) {
      throw Error(ExitStatus::usage, "--display applies to --machine=pc: the bare machine has no screen");
    }
  }
  if (vm.count("screenshot-every")) {
    if (!options.screenshot) throw Error(ExitStatus::usage, "--screenshot-every needs --screenshot FILE, the series' name");
    const std::string text = vm["screenshot-every"].as<std::string>();
    const std::uint64_t frames = parse_size("screenshot-every", text);
    if (frames == 0 || frames > 70 * 86400) throw bad_value("screenshot-every", text, "a number of frames from 1 to 6048000");
    options.screenshot_every = frames;
  }
  if (options.compare && options.disk_write) {
    throw Error(ExitStatus::usage, "--disk-write does not apply to --compare: the two machines would both write the images");
  }
  if (vm.count("dump-state")) options.dump_state = vm["dump-state"].as<std::string>();
  if (vm.count("dump-mem")) options.dump_mem = vm["dump-mem"].as<std::string>();
  options.stats = vm.count("stats") > 0;
  options.assist = vm.count("no-assist") == 0;
  options.verbose = vm.count("verbose") > 0;
  if (vm.count("gdb")) {
    options.gdb = vm["gdb"].as<std::string>();
    gdb::parse_listen_address(*options.gdb);  // a bad address is a usage error before anything runs
    if (options.compare) throw Error(ExitStatus::usage, "--gdb does not apply to --compare: it debugs one backend's run");
  }
  if (const std::string wait = vm["gdb-wait"].as<std::string>(); wait != "yes" && wait != "no") {
    throw bad_value("gdb-wait", wait, "yes or no");
  } else {
    options.gdb_wait = wait == "yes";
  }
  options.gdb_magic_break = vm.count("gdb-magic-break") > 0;
  if (!options.gdb && (options.gdb_magic_break || !vm["gdb-wait"].defaulted())) {
    throw Error(ExitStatus::usage, fmt::format("--{} needs --gdb", options.gdb_magic_break ? "gdb-magic-break" : "gdb-wait"));
  }
  if (options.compare) {
    // The lockstep's own report is its output; these would describe one backend's run.
    for (const char* option : {"dump-state", "dump-mem", "trace", "stats", "no-assist", "screen-dump", "screenshot", "screenshot-every", "display"}) {
      if (vm.count(option)) {
        throw Error(ExitStatus::usage, fmt::format("--{} does not apply to --compare (see docs/differential.md)", option));
      }
    }
    if (!vm["accel"].defaulted()) {
      throw Error(ExitStatus::usage, "--accel does not apply to --compare, which runs both KVM and the interpreter");
    }
  }
  if (options.compare && options.machine.cpu != host) {
    throw Error(ExitStatus::usage,
                fmt::format("--compare runs the interpreter as the CPU under KVM (profile {}), not --cpu={}",
                            profile_name(host), cpu));
  }
  return command;
}

}  // namespace emu::cli
