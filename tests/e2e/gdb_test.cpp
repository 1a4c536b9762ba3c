// emu --gdb driven by the real gdb (Debian's gdb, installed by setup.sh) in batch mode, on both
// backends: the worked session of docs/debugging.md, Ctrl-C, --gdb-wait=no, the magic
// breakpoint, and the refusals. Transcripts of the two backends must be identical.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "host/background_child.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

using namespace std::chrono_literals;

const std::string& gdb_path() {
  static const std::string path = host::find_in_path("gdb");
  return path;
}

#define EMU_REQUIRE_GDB()                                                                  \
  do {                                                                                     \
    if (gdb_path().empty()) GTEST_SKIP() << "gdb is not installed (./setup.sh installs it)"; \
  } while (false)

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What a session left: gdb's output (without its warnings about the missing executable, and
// with the port as PORT), emu's status and stderr.
struct Session {
  std::string transcript;
  int emu_status = -1;
  std::string emu_err;
  std::string emu_out;
};

// emu's arguments for the worked example's guest loaded at 07C0:0000, after `options`; and the
// gdb command that loads its symbols there.
std::vector<std::string> debug_target(std::vector<std::string> options) {
  for (const char* arg : {"--load", "0x7c00", "--entry", "07c0:0000"}) options.push_back(arg);
  options.push_back(guest_path("debug_target"));
  return options;
}
std::string symbols() { return fmt::format("add-symbol-file {}/debug_target.elf -o 0x7c00", EMU_GUEST_DIR); }

// Runs `emu --gdb 127.0.0.1:0 ARGS` and gdb with `commands` after `target remote`; with
// `interrupt_after`, gdb gets SIGINT (a user's Ctrl-C) that long after it started.
Session debug(const std::vector<std::string>& emu_args, const std::vector<std::string>& commands,
              std::optional<std::chrono::milliseconds> interrupt_after = std::nullopt) {
  TempDir dir;
  std::vector<std::string> argv{EMU_BINARY, "--gdb", "127.0.0.1:0"};
  argv.insert(argv.end(), emu_args.begin(), emu_args.end());
  host::BackgroundChild emu(argv, dir.file("emu.out"), dir.file("emu.err"));
  std::smatch match;
  std::string err;
  const std::regex listening("waiting for a connection on 127\\.0\\.0\\.1:([0-9]+)");
  for (int i = 0; i < 1000 && !std::regex_search(err, match, listening); ++i) {
    std::this_thread::sleep_for(10ms);
    err = text_of(dir.file("emu.err"));
  }
  Session session;
  if (match.empty()) {
    session.emu_err = err;
    ADD_FAILURE() << "emu did not listen: " << err;
    return session;
  }
  const std::string port = match[1];
  std::ofstream script(dir.file("session.gdb"));
  script << "target remote 127.0.0.1:" << port << "\n";
  for (const std::string& command : commands) script << command << "\n";
  script.close();
  {
    host::BackgroundChild gdb({gdb_path(), "-batch", "-nx", "-x", dir.file("session.gdb")}, dir.file("gdb.out"),
                              dir.file("gdb.out"));
    if (interrupt_after) {
      std::this_thread::sleep_for(*interrupt_after);
      gdb.signal(SIGINT);
    }
    EXPECT_TRUE(gdb.wait(60s).has_value()) << "gdb did not finish";
  }
  EXPECT_TRUE(emu.wait(30s).has_value()) << "emu did not end after gdb";
  session.emu_status = emu.wait(0ms).value_or(-2);
  session.emu_err = text_of(dir.file("emu.err"));
  session.emu_out = text_of(dir.file("emu.out"));
  std::istringstream lines(text_of(dir.file("gdb.out")));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("warning: ") || line.starts_with("determining executable")) continue;
    session.transcript += std::regex_replace(line, std::regex("127\\.0\\.0\\.1:[0-9]+"), "PORT") + "\n";
  }
  return session;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The worked session of docs/debugging.md.
const std::vector<std::string> worked_session = {
    symbols(),
    "show architecture",
    "x/3i $pc",
    "info registers",
    "break *0x7c24",
    "continue",
    "x/i $pc",
    "stepi",
    "p $cx",
    "p/x $pc",
    "delete",
    "stepi",
    "stepi",
    "stepi",
    "stepi",
    "x/i $pc",
    "stepi",
    "p/x $pc",
    "info symbol $pc",
    "set var $ax = 0x1234",
    "p/x $eax",
    "break shared",
    "watch *(short*)&counter",
    "continue",
    "continue",
    "p/x $cs",
    "p/x $ip",
    "continue",
    "continue",
    "p/x $cs",
    "p/x $ip",
    "continue",
    "delete",
    "continue",
};

void expect_worked_session(const Session& session) {
  const std::string& t = session.transcript;
  // 16-bit code from the first connection, at the linear PC of 07C0:0000.
  EXPECT_TRUE(contains(t, "The target architecture is set to \"auto\" (currently \"i8086\").")) << t;
  EXPECT_TRUE(contains(t, "=> 0x7c00 <_start>:\tmov    %cs,%ax\n   0x7c02 <_start+2>:\tmov    %ax,%ds\n"
                          "   0x7c04 <_start+4>:\tmov    %ax,%es\n")) << t;
  EXPECT_TRUE(contains(t, "eip            0x7c00              0x7c00 <_start>\neflags         0x2                 [ ]\n"
                          "cs             0x7c0               1984\n")) << t;
  EXPECT_TRUE(contains(t, "\nip             0x0                 0\n")) << t;
  // stepi at a REP MOVSB: one iteration (CX 5 -> 4, still on the REP).
  EXPECT_TRUE(contains(t, "=> 0x7c24 <_start+36>:\trep movsb %ds:(%si),%es:(%di)\n")) << t;
  EXPECT_TRUE(contains(t, "$1 = 4\n$2 = 0x7c24\n")) << t;
  // Four more end it; stepi on INT 60h stops at the handler's first instruction.
  EXPECT_TRUE(contains(t, "=> 0x7c26 <_start+38>:\tint    $0x60\n")) << t;
  EXPECT_TRUE(contains(t, "$3 = 0x7c43\nint60 in section .text\n")) << t;
  EXPECT_TRUE(contains(t, "$4 = 0x1234\n")) << t;
  // The write watchpoint fires in the handler (+16) and in both calls of shared (+1 each); the
  // one linear breakpoint stops both calls, reached as 07C0:0049 and as 07C1:0039.
  EXPECT_TRUE(contains(t, "Old value = 0\nNew value = 16\n")) << t;
  EXPECT_TRUE(contains(t, "Breakpoint 2, 0x00007c49 in shared ()\n$5 = 0x7c0\n$6 = 0x49\n")) << t;
  EXPECT_TRUE(contains(t, "Old value = 16\nNew value = 17\n")) << t;
  EXPECT_TRUE(contains(t, "Breakpoint 2, 0x00007c49 in shared ()\n$7 = 0x7c1\n$8 = 0x39\n")) << t;
  EXPECT_TRUE(contains(t, "Old value = 17\nNew value = 18\n")) << t;
  EXPECT_TRUE(contains(t, "[Inferior 1 (Remote target) exited with code 07]\n")) << t;
  EXPECT_EQ(session.emu_status, 7) << session.emu_err;
  EXPECT_EQ(session.emu_out, "done after the debugger\n");
}

TEST(Gdb, WorkedSessionOnTheInterpreter) {
  EMU_REQUIRE_GDB();
  const std::vector<std::string> args = debug_target({"--accel=interp"});
  expect_worked_session(debug(args, worked_session));
}

TEST(Gdb, WorkedSessionIsTheSameOnKvm) {
  EMU_REQUIRE_GDB();
  EMU_REQUIRE_KVM();
  Session sessions[2];
  int i = 0;
  for (const char* accel : {"--accel=kvm", "--accel=interp"}) {
    const std::vector<std::string> args = debug_target({accel});
    sessions[i++] = debug(args, worked_session);
  }
  expect_worked_session(sessions[0]);
  EXPECT_EQ(sessions[0].transcript, sessions[1].transcript);
}

// Read and access watchpoints, more breakpoints than DR0-DR3 hold, memory written from gdb
// (the interpreter must not run the code it decoded before), the monitor's views.
const std::vector<std::string> watch_session = {
    symbols(),
    "awatch *((char*)&source+1)",
    "continue",
    "p $cx",
    "delete",
    "rwatch *(short*)&counter",
    "continue",
    "p/x $pc",
    "continue",
    "p/x $pc",
    "delete",
    "break *0x7c00",
    "break *0x7c0b",
    "break *0x7c1b",
    "break *0x7c24",
    "break *0x7c43",
    "break *0x7c49",
    "continue",
    "p/x $cs",
    "delete",
    "monitor seg",
    "monitor ivt 60",
    "set {char}((char*)&copy+1) = 'X'",
    "set {int}&shared = 0x90909090",
    "monitor phys 7c5e 8",
    "monitor break 07c0:0038",
    "monitor break",
    "continue",
    "p/x $pc",
    "p *(short*)&counter",
    "monitor delete all",
    "continue",
};

void expect_watch_session(const Session& session) {
  const std::string& t = session.transcript;
  // The REP MOVSB reads source+1 at its second iteration: it stops after that one, CX 3.
  EXPECT_TRUE(contains(t, "Value = 111 'o'\n0x00007c24 in _start ()\n$1 = 3\n")) << t;
  // The handler's ADD and the first call's INC read the counter: stops after each.
  EXPECT_TRUE(contains(t, "Value = 16\n0x00007c48 in int60 ()\n$2 = 0x7c48\n")) << t;
  EXPECT_TRUE(contains(t, "Value = 17\n0x00007c4d in shared ()\n$3 = 0x7c4d\n")) << t;
  // Six breakpoints (more than DR0-DR3): the far call's, at 07C1.
  EXPECT_TRUE(contains(t, "Breakpoint 8, 0x00007c49 in shared ()\n$4 = 0x7c1\n")) << t;
  EXPECT_TRUE(contains(t, "cs 07c1  base 00007c10  limit 0000ffff  attributes 009b\n")) << t;
  EXPECT_TRUE(contains(t, "ip 0039  linear pc 00007c49")) << t;
  EXPECT_TRUE(contains(t, "60: 07c0:0043 (linear 0x07c43)\n")) << t;
  EXPECT_TRUE(contains(t, "00007c5e: 64 6f 6e 65 20 64 58 6e                          done dXn\n")) << t;
  EXPECT_TRUE(contains(t, "breakpoint 1 at 07c0:0038 (linear 0x07c38)\n1: linear 0x07c38\n")) << t;
  // The INC gdb overwrote with NOPs (code that already ran, decoded) does not run again.
  EXPECT_TRUE(contains(t, "Program received signal SIGTRAP, Trace/breakpoint trap.\n0x00007c38 in _start ()\n"
                          "$5 = 0x7c38\n$6 = 17\n1 monitor breakpoint deleted\n")) << t;
  EXPECT_TRUE(contains(t, "[Inferior 1 (Remote target) exited with code 07]\n")) << t;
  EXPECT_EQ(session.emu_status, 7) << session.emu_err;
  EXPECT_EQ(session.emu_out, "dXne after the debugger\n");
}

TEST(Gdb, WatchpointsBreakpointsAndMemoryWritesOnBothBackends) {
  EMU_REQUIRE_GDB();
  std::vector<std::string> accels{"--accel=interp"};
  if (!kvm_unusable_reason()) accels.push_back("--accel=kvm");
  std::vector<Session> sessions;
  for (const std::string& accel : accels) {
    const std::vector<std::string> args = debug_target({accel});
    sessions.push_back(debug(args, watch_session));
    expect_watch_session(sessions.back());
  }
  if (sessions.size() == 2) {
    EXPECT_EQ(sessions[0].transcript, sessions[1].transcript);
  }
}

TEST(Gdb, CtrlCStopsARunningGuestAndKillEndsIt) {
  EMU_REQUIRE_GDB();
  std::vector<std::string> accels{"--accel=interp"};
  if (!kvm_unusable_reason()) accels.push_back("--accel=kvm");
  for (const std::string& accel : accels) {
    Session session = debug({accel, guest_path("endless_loop")}, {"continue", "p/x $pc", "kill"}, 1500ms);
    EXPECT_TRUE(contains(session.transcript, "Program received signal SIGINT, Interrupt.\n0x00000000 in ?? ()\n$1 = 0x0\n"))
        << accel << session.transcript;
    EXPECT_EQ(session.emu_status, 18) << session.emu_err;
    EXPECT_TRUE(contains(session.emu_err, "emu: guest killed by gdb at 0000:0000")) << session.emu_err;
  }
}

TEST(Gdb, MagicBreakpointStopsAfterXchgBxBx) {
  EMU_REQUIRE_GDB();
  std::vector<std::string> accels{"--accel=interp"};
  if (!kvm_unusable_reason()) accels.push_back("--accel=kvm");
  for (const std::string& accel : accels) {
    const std::vector<std::string> args = debug_target({accel, "--gdb-magic-break"});
    Session session = debug(args, {symbols(), "continue", "x/i $pc", "continue"});
    EXPECT_TRUE(contains(session.transcript, "Program received signal SIGTRAP, Trace/breakpoint trap.\n"
                                             "0x00007c38 in _start ()\n=> 0x7c38 <_start+56>:\tmov    $0x63,%si\n"))
        << accel << session.transcript;
    EXPECT_EQ(session.emu_status, 7) << session.emu_err;
  }
}

// A breakpoint on an interrupt handler's first instruction (guests/pc/timer_ticks.S's IRQ0
// handler at 07C0:0096) stops every tick, with one breakpoint and with five (more than DR0-DR3:
// KVM single-steps, and the interpreter delivers the interrupt so that the step stops there);
// resumed, the guest runs to its end (the device time paused meanwhile, no spurious IR7).
TEST(Gdb, BreakpointOnAnInterruptHandlersFirstInstruction) {
  EMU_REQUIRE_GDB();
  std::vector<std::string> accels{"--accel=interp"};
  if (!kvm_unusable_reason()) accels.push_back("--accel=kvm");
  for (const std::string& accel : accels) {
    for (bool many : {false, true}) {
      std::vector<std::string> commands;
      if (many) commands = {"break *0x1", "break *0x2", "break *0x3", "break *0x4"};
      for (const char* command : {"break *0x7c96", "continue", "p/x $pc", "continue", "p/x $pc", "delete", "continue"}) {
        commands.push_back(command);
      }
      Session session = debug({accel, "--machine", "pc", "--load", "0x7c00", "--entry", "07c0:0000",
                               guest_path("pc/timer_ticks")},
                              commands);
      EXPECT_TRUE(contains(session.transcript, "$1 = 0x7c96\n")) << accel << many << session.transcript;
      EXPECT_TRUE(contains(session.transcript, "$2 = 0x7c96\n")) << accel << many << session.transcript;
      EXPECT_EQ(session.emu_status, 0) << accel << many << session.emu_err << session.transcript;
    }
  }
}

// A DOS .COM program through the BIOS: the stub stops at the reset vector, and a breakpoint at
// the program's first instruction (PSP 1000h: linear 0x10100) stops there with CS 1000.
TEST(Gdb, DebugsADosProgramFromTheResetVector) {
  EMU_REQUIRE_GDB();
  Session session = debug({"--accel=interp", "--display", "none", fmt::format("{}/dos/hello.com", EMU_GUEST_DIR)},
                          {"p/x $pc", "break *0x10100", "continue", "p/x $cs", "p/x $ip", "delete", "continue"});
  EXPECT_TRUE(contains(session.transcript, "$1 = 0xffff0\n")) << session.transcript;
  EXPECT_TRUE(contains(session.transcript, "Breakpoint 1, 0x00010100 in ?? ()\n$2 = 0x1000\n$3 = 0x100\n"))
      << session.transcript;
  EXPECT_EQ(session.emu_status, 0) << session.emu_err;
}

// --gdb-wait=no: the guest runs until gdb attaches, which stops it wherever it is.
TEST(Gdb, WithoutWaitingTheGuestRunsUntilGdbAttaches) {
  EMU_REQUIRE_GDB();
  Session session = debug({"--accel=interp", "--gdb-wait=no", guest_path("endless_loop")}, {"p/x $pc", "kill"});
  EXPECT_TRUE(contains(session.transcript, "$1 = 0x0\n")) << session.transcript;
  EXPECT_EQ(session.emu_status, 18) << session.emu_err;
  // A guest that ends before anyone attaches ends the run as without --gdb.
  ProcessResult ended = run_emu({"--gdb", "127.0.0.1:0", "--gdb-wait=no", guest_path("hello")});
  EXPECT_EQ(ended.exit_status, 0) << ended.err;
  EXPECT_EQ(ended.out, "Hello, world!\n");
}

// gdb detaching (the end of a batch) leaves the guest running to its end.
TEST(Gdb, DetachLetsTheGuestRunOn) {
  EMU_REQUIRE_GDB();
  const std::vector<std::string> args = debug_target({"--accel=interp"});
  Session session = debug(args, {"stepi"});
  EXPECT_TRUE(contains(session.transcript, "[Inferior 1 (Remote target) detached]")) << session.transcript;
  EXPECT_EQ(session.emu_status, 7) << session.emu_err;
  EXPECT_EQ(session.emu_out, "done after the debugger\n");
}

TEST(Gdb, RefusesAPortInUseAndABadAddress) {
  TempDir dir;
  // A listener of emu's own holds a port; a second emu on it says so.
  host::BackgroundChild first({EMU_BINARY, "--gdb", "127.0.0.1:0", guest_path("hello")}, dir.file("out"), dir.file("err"));
  std::smatch match;
  std::string err;
  const std::regex listening("127\\.0\\.0\\.1:([0-9]+)");
  for (int i = 0; i < 1000 && !std::regex_search(err, match, listening); ++i) {
    std::this_thread::sleep_for(10ms);
    err = text_of(dir.file("err"));
  }
  ASSERT_FALSE(match.empty()) << err;
  ProcessResult second = run_emu({"--gdb", fmt::format("127.0.0.1:{}", match[1].str()), guest_path("hello")});
  EXPECT_EQ(second.exit_status, 2);
  EXPECT_EQ(second.err, fmt::format("emu: --gdb: cannot listen on 127.0.0.1:{}: Address already in use\n", match[1].str()));
  first.signal(SIGTERM);  // waiting for gdb: a signal ends it
  EXPECT_EQ(first.wait(10s), 18);
  ProcessResult bad = run_emu({"--gdb=localhost:port", guest_path("hello")});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_EQ(bad.err, "emu: --gdb: 'localhost:port' is not [HOST:]PORT (a port from 0 to 65535)\n");
  ProcessResult no_gdb = run_emu({"--gdb-magic-break", guest_path("hello")});
  EXPECT_EQ(no_gdb.exit_status, 2);
  EXPECT_EQ(no_gdb.err, "emu: --gdb-magic-break needs --gdb\n");
}

}  // namespace
}  // namespace emu::test
