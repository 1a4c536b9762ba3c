// --display terminal as a person sees it: emu in a tmux pane (a real terminal emulator between
// emu and the test), the pane's visible text and colours read back with capture-pane, keys
// typed with send-keys, and the terminal's state after emu has gone (cursor shown, the shell's
// line below the guest's screen), after a normal end and after SIGTERM.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host/child_process.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::string boot_image(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/bios/" + name + ".img"; }

// A tmux server of its own (its socket named for this test process), one pane of the given
// size running `command`; killed on destruction.
class TmuxPane {
 public:
  TmuxPane(const std::string& command, unsigned columns, unsigned rows)
      : socket_(fmt::format("emu-test-{}-{}", ::getpid(), next_id())) {
    run({"new-session", "-d", "-x", std::to_string(columns), "-y", std::to_string(rows), command});
  }
  ~TmuxPane() { run({"kill-server"}); }

  std::string run(const std::vector<std::string>& arguments) const {
    std::vector<std::string> argv{tmux(), "-L", socket_};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return host::run_child(argv).out;
  }
  std::string text() const { return run({"capture-pane", "-p"}); }
  std::string text_with_colours() const { return run({"capture-pane", "-p", "-e"}); }
  // Waits (at most 20 s) until the pane shows `needle`; false if it never does.
  bool wait_for(const std::string& needle) const {
    for (int i = 0; i < 400; ++i) {
      if (text().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  static std::string tmux() { return host::find_in_path("tmux"); }

 private:
  static unsigned next_id() {
    static unsigned id = 0;
    return ++id;
  }
  std::string socket_;
};

#define EMU_REQUIRE_TMUX() \
  do {                     \
    if (TmuxPane::tmux().empty()) GTEST_SKIP() << "tmux is not installed (./setup.sh installs it)"; \
  } while (false)

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> backends() {
  std::vector<std::string> names{"interp"};
  if (!kvm_unusable_reason()) names.push_back("kvm");
  return names;
}

TEST(TerminalDisplay, TheTextScreenIsDrawnInPlaceAndTheTerminalLeftAsItWas) {
  EMU_REQUIRE_TMUX();
  for (const std::string& backend : backends()) {
    TmuxPane pane(fmt::format("{} --accel={} --boot {}; echo status=$?; sleep 60", EMU_BINARY, backend, boot_image("screen")),
                  100, 30);
    ASSERT_TRUE(pane.wait_for("status=")) << backend << ":\n" << pane.text();
    const std::vector<std::string> screen = lines(pane.text());
    ASSERT_GE(screen.size(), 27u) << pane.text();
    // guests/bios/screen.S's screen, as --screen-dump has it (BiosScreen.*), in the pane's rows.
    EXPECT_EQ(screen[2], "          at row two") << backend;
    EXPECT_EQ(screen[4], "*****") << backend;
    EXPECT_EQ(screen[6], "    string thirteen") << backend;
    EXPECT_EQ(screen[8], "direct") << backend;
    EXPECT_EQ(screen[10], "line B") << backend;
    EXPECT_EQ(screen[11], "line C") << backend;
    EXPECT_EQ(screen[20], "done") << backend;
    // Below the screen: emu's line about the halt, then the shell's: no transcript repeated.
    EXPECT_NE(screen[25].find("emu: the CPU halted"), std::string::npos) << backend << ": " << screen[25];
    EXPECT_EQ(screen[26], "status=0") << backend;
    EXPECT_EQ(pane.text().find("at row two*****"), std::string::npos) << "the transcript is not written over the screen";
    // The colours the VGA shows: white on green for AH=13h's string, yellow on blue for the stars.
    const std::string coloured = pane.text_with_colours();
    EXPECT_NE(coloured.find("\x1b[38;2;255;255;255m\x1b[48;2;0;170;0mstring thirteen"), std::string::npos) << backend;
    EXPECT_NE(coloured.find("\x1b[38;2;255;255;85m\x1b[48;2;0;0;170m*****"), std::string::npos) << backend;
    EXPECT_EQ(pane.run({"display", "-p", "#{cursor_flag}"}), "1\n") << backend << ": the cursor is shown again";
  }
}

TEST(TerminalDisplay, KeysTypedOnTheTerminalReachTheGuestAndShowOnItsScreen) {
  EMU_REQUIRE_TMUX();
  TmuxPane pane(fmt::format("{} --boot {}; echo status=$?; sleep 60", EMU_BINARY, boot_image("key_echo")), 100, 30);
  ASSERT_TRUE(pane.wait_for(">")) << pane.text();
  pane.run({"send-keys", "-l", "hello"});
  ASSERT_TRUE(pane.wait_for("> hello")) << pane.text();
  pane.run({"send-keys", "Enter"});
  pane.run({"send-keys", "-l", "ok"});
  ASSERT_TRUE(pane.wait_for("> ok")) << pane.text();
  pane.run({"send-keys", "Escape"});
  ASSERT_TRUE(pane.wait_for("status=0")) << pane.text();
  const std::vector<std::string> screen = lines(pane.text());
  EXPECT_EQ(screen[0], "> hello");
  EXPECT_EQ(screen[1], "> ok");
  EXPECT_EQ(screen[2], "bye");
}

TEST(TerminalDisplay, Mode13hIsDrawnInHalfBlocks) {
  EMU_REQUIRE_TMUX();
  TmuxPane pane(fmt::format("{} --boot {}; echo status=$?; sleep 60", EMU_BINARY, boot_image("mode13")), 170, 60);
  ASSERT_TRUE(pane.wait_for("status=")) << pane.text();
  const std::vector<std::string> screen = lines(pane.text());
  ASSERT_GE(screen.size(), 50u);
  // 160 columns of upper half blocks, 50 rows.
  EXPECT_TRUE(screen[0].starts_with("\u2580\u2580\u2580")) << screen[0];
  const std::string coloured = pane.text_with_colours();
  EXPECT_NE(coloured.find("38;2;255;125;0"), std::string::npos) << "\"Hi\" in the default palette's orange (2Ah)";
}

TEST(TerminalDisplay, ASignalLeavesTheTerminalAsItWas) {
  EMU_REQUIRE_TMUX();
  TmuxPane pane(fmt::format("{} --boot {}; echo status=$?; sleep 60", EMU_BINARY, boot_image("key_echo")), 100, 30);
  ASSERT_TRUE(pane.wait_for(">")) << pane.text();
  // This pane's emu: the child of the pane's shell (a pattern could also hit another test's emu
  // running the same guest at the same time).
  std::string shell = pane.run({"display", "-p", "#{pane_pid}"});
  while (!shell.empty() && shell.back() == '\n') shell.pop_back();
  host::run_child({"/usr/bin/pkill", "-TERM", "-P", shell});
  ASSERT_TRUE(pane.wait_for("status=18")) << pane.text();
  EXPECT_NE(pane.text().find("emu: guest stopped: SIGTERM received"), std::string::npos) << pane.text();
  EXPECT_EQ(pane.run({"display", "-p", "#{cursor_flag}"}), "1\n");
}

TEST(TerminalDisplay, AnErrorLeavesTheTerminalAsItWas) {
  EMU_REQUIRE_TMUX();
  TmuxPane pane(fmt::format("{} --boot {}; echo status=$?; sleep 60", EMU_BINARY, boot_image("bad_mode")), 100, 30);
  ASSERT_TRUE(pane.wait_for("status=")) << pane.text();
  const std::vector<std::string> screen = lines(pane.text());
  EXPECT_EQ(screen[0], "asking for mode 12h") << "the last screen stays";
  EXPECT_NE(pane.text().find("emu: INT 10h AH=00h video mode 12h is not provided"), std::string::npos) << pane.text();
  EXPECT_NE(pane.text().find("status=8"), std::string::npos) << pane.text();
  EXPECT_EQ(pane.run({"display", "-p", "#{cursor_flag}"}), "1\n");
}

TEST(TerminalDisplay, ItNeedsATerminalAndAppliesToThePcMachine) {
  ProcessResult piped = run_emu({"--accel=interp", "--display=terminal", "--boot", boot_image("boot_hello")});
  EXPECT_EQ(piped.exit_status, 2);
  EXPECT_NE(piped.err.find("--display terminal needs stdout to be a terminal"), std::string::npos) << piped.err;
  ProcessResult bare = run_emu({"--accel=interp", "--display=none", guest_path("hello")});
  EXPECT_EQ(bare.exit_status, 2);
  // Piped, a --boot run writes its transcript (BiosBoot.* rely on it); --display none says so too.
  ProcessResult none = run_emu({"--accel=interp", "--display=none", "--boot", boot_image("boot_hello")});
  EXPECT_EQ(none.exit_status, 0) << none.err;
  EXPECT_EQ(none.out, "Hello from the boot sector! Boot drive 00\n");
}

}  // namespace
}  // namespace emu::test
