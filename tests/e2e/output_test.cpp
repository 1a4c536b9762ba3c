// Nothing lost, nothing hangs: guest output, dumps and messages when emu is stopped by a signal,
// when its output cannot be written, and when the reader does not read (docs/cli.md).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "core/unique_fd.h"
#include "host/pipe.h"
#include "support/guest_files.h"
#include "support/json.h"
#include "support/kvm_available.h"
#include "support/process.h"
#include "support/spawned_process.h"

namespace emu::test {
namespace {

using namespace std::chrono_literals;

const std::string progress_line = "progress: stage 1 done\n";

// Prints progress_line through port 0xF1, then loops forever:
//   mov si, msg; mov cx, 23; l: lodsb; out 0xF1, al; loop l; jmp $; msg: ...
std::vector<std::uint8_t> progress_guest() {
  std::vector<std::uint8_t> code = {0xBE, 0x0D, 0x00, 0xB9, 23, 0x00, 0xAC, 0xE6, 0xF1, 0xE2, 0xFB, 0xEB, 0xFE};
  for (char c : progress_line) code.push_back(static_cast<std::uint8_t>(c));
  return code;
}

// Writes 'x' to port 0xF1 forever, no newline: mov al, 'x'; l: out 0xF1, al; jmp l.
const std::vector<std::uint8_t> flood_guest = {0xB0, 0x78, 0xE6, 0xF1, 0xEB, 0xFC};

using host::Pipe;

UniqueFd open_file(const std::string& path) {
  return UniqueFd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
}

class Output : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "kvm") EMU_REQUIRE_KVM();
  }
  std::vector<std::string> emu(std::vector<std::string> args) const {
    args.insert(args.begin(), {EMU_BINARY, "--accel=" + GetParam()});
    return args;
  }
};

// SIGINT, SIGTERM and SIGHUP end the run as --timeout does: output, dump and stats all there.
TEST_P(Output, ASignalEndsTheRunWithNothingLost) {
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    SCOPED_TRACE(sigabbrev_np(signal));
    TempDir dir;
    write_file(dir.file("progress.bin"), progress_guest());
    UniqueFd out = open_file(dir.file("out.txt"));
    UniqueFd err = open_file(dir.file("err.txt"));
    SpawnedProcess child(emu({"--stats", "--dump-state", dir.file("state.json"), dir.file("progress.bin")}), out.get(),
                         err.get());
    // The line reaches the file while the guest still runs: output is not held back.
    auto end = std::chrono::steady_clock::now() + 10s;
    while (read_text(dir.file("out.txt")) != progress_line && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(read_text(dir.file("out.txt")), progress_line);
    child.signal(signal);
    EXPECT_EQ(child.wait(10s), 18);
    EXPECT_EQ(read_text(dir.file("out.txt")), progress_line);
    std::string err_text = read_text(dir.file("err.txt"));
    EXPECT_NE(err_text.find(fmt::format("emu: guest stopped: SIG{} received at 0000:000b\n", sigabbrev_np(signal))),
              std::string::npos)
        << err_text;
    EXPECT_NE(err_text.find("emu: stats: exit signal (status 18)"), std::string::npos) << err_text;
    Json state = parse_json(read_text(dir.file("state.json")));
    EXPECT_EQ(state["exit"]["reason"].string(), "signal");
    EXPECT_EQ(state["exit"]["code"].integer(), 18);
    EXPECT_EQ(state["regs"]["eip"].integer(), 0x0B);
  }
}

// Through a pipe and through a terminal, the line arrives before the guest ends, and nothing
// else after the signal but the end of the stream.
TEST_P(Output, LinesReachAPipePromptly) {
  TempDir dir;
  write_file(dir.file("progress.bin"), progress_guest());
  Pipe pipe;
  SpawnedProcess child(emu({dir.file("progress.bin")}), pipe.write_end.get(), -1);
  pipe.write_end = UniqueFd();
  EXPECT_EQ(read_until(pipe.read_end.get(), "\n", 10s), progress_line);
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(10s), 18);
  EXPECT_EQ(read_until_eof(pipe.read_end.get(), 10s), "");
}

TEST_P(Output, LinesReachATerminalPromptly) {
  UniqueFd master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(master.valid());
  ASSERT_EQ(::grantpt(master.get()), 0);
  ASSERT_EQ(::unlockpt(master.get()), 0);
  UniqueFd terminal(::open(::ptsname(master.get()), O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(terminal.valid());
  TempDir dir;
  write_file(dir.file("progress.bin"), progress_guest());
  SpawnedProcess child(emu({dir.file("progress.bin")}), terminal.get(), terminal.get());
  // The terminal turns "\n" into "\r\n" (ONLCR).
  EXPECT_EQ(read_until(master.get(), "\r\n", 10s), "progress: stage 1 done\r\n");
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(10s), 18);
  EXPECT_NE(read_until(master.get(), "\r\n", 10s).find("emu: guest stopped: SIGINT received"), std::string::npos);
}

// A reader that never reads does not stretch --timeout by more than the documented grace, and
// what could not be written is counted.
TEST_P(Output, TimeoutHoldsWhenTheReaderDoesNotRead) {
  TempDir dir;
  write_file(dir.file("flood.bin"), flood_guest);
  Pipe pipe;
  // The smallest pipe (one page), so that even KVM's ~100,000 port exits a second fill it.
  ASSERT_GT(::fcntl(pipe.write_end.get(), F_SETPIPE_SZ, 4096), 0);
  UniqueFd err = open_file(dir.file("err.txt"));
  auto start = std::chrono::steady_clock::now();
  SpawnedProcess child(emu({"--timeout", "0.5", dir.file("flood.bin")}), pipe.write_end.get(), err.get());
  std::optional<int> status = child.wait(20s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(status.has_value()) << "emu did not end";
  EXPECT_EQ(*status, 10);
  EXPECT_LT(elapsed, 5s);  // 0.5 s, then at most 1 s of grace: a bound with room for a busy host
  std::string err_text = read_text(dir.file("err.txt"));
  EXPECT_NE(err_text.find("emu: guest stopped: --timeout reached at 0000:00"), std::string::npos) << err_text;
  EXPECT_NE(err_text.find("bytes of guest output not written: the reader took nothing for 1 s"), std::string::npos)
      << err_text;
  EXPECT_EQ(std::count(err_text.begin(), err_text.end(), '\n'), 1) << err_text;
}

TEST_P(Output, AFullDiskIsAnErrorNotASilentSuccess) {
  ProcessResult result = run_process({"/bin/sh", "-c", fmt::format("exec \"$0\" --accel={} \"$1\" > /dev/full", GetParam()),
                                      EMU_BINARY, guest_path("hello")});
  EXPECT_EQ(result.exit_status, 4);
  EXPECT_EQ(result.err.find("emu: cannot write guest output: No space left on device (14 bytes not written; "), 0u)
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_P(Output, AClosedStdoutIsAnError) {
  ProcessResult result = run_process(
      {"/bin/sh", "-c", fmt::format("exec \"$0\" --accel={} \"$1\" >&-", GetParam()), EMU_BINARY, guest_path("hello")});
  EXPECT_EQ(result.exit_status, 4);
  EXPECT_EQ(result.err.find("emu: cannot write guest output: Bad file descriptor"), 0u) << result.err;
}

TEST_P(Output, AClosedPipeIsAnError) {
  TempDir dir;
  write_file(dir.file("flood.bin"), flood_guest);
  Pipe pipe;
  UniqueFd err = open_file(dir.file("err.txt"));
  SpawnedProcess child(emu({dir.file("flood.bin")}), pipe.write_end.get(), err.get());
  pipe.write_end = UniqueFd();
  EXPECT_EQ(read_until(pipe.read_end.get(), "xxxx", 10s).substr(0, 4), "xxxx");
  pipe.read_end = UniqueFd();  // the reader goes away
  EXPECT_EQ(child.wait(10s), 4);
  std::string err_text = read_text(dir.file("err.txt"));
  EXPECT_EQ(err_text.find("emu: cannot write guest output: Broken pipe ("), 0u) << err_text;
}

INSTANTIATE_TEST_SUITE_P(Backends, Output, ::testing::Values("kvm", "interp"));

// When stderr itself cannot be written, emu still ends with the documented status.
TEST(Stderr, UnwritableStderrNeverAborts) {
  for (const char* redirect : {"2>/dev/full", "2>&-"}) {
    for (const char* args : {"/nonexistent", "--bogus x"}) {
      ProcessResult result = run_process(
          {"/bin/sh", "-c", fmt::format("exec \"$0\" {} {}", args, redirect), EMU_BINARY});
      EXPECT_EQ(result.signal, 0) << redirect << " " << args;
      EXPECT_EQ(result.exit_status, std::string(args) == "--bogus x" ? 2 : 4) << redirect << " " << args;
    }
  }
}

TEST(ImageFile, AFifoIsRefusedAtOnce) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  ProcessResult result = run_emu({"--timeout", "1", dir.file("fifo")}, {.env = {}, .drop_root = false, .deadline = std::chrono::seconds(10)});
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_status, 4);
  EXPECT_EQ(result.err, fmt::format("emu: image '{}': is not a regular file\n", dir.file("fifo")));
}

TEST(ImageFile, ProcfsFilesAreReadToTheEnd) {
  ProcessResult result = run_emu({"--accel=interp", "--max-insns", "1", "/proc/self/cmdline"});
  EXPECT_EQ(result.exit_status, 10) << result.err;
}

// Output files: checked before the run, replaced only when the run has produced them.
TEST(OutputFiles, TheImageIsNeverAnOutput) {
  TempDir dir;
  std::vector<std::uint8_t> image = read_guest("hello");
  write_file(dir.file("v.bin"), image);
  ProcessResult result = run_emu({"--dump-state", dir.file("v.bin"), dir.file("v.bin")});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("is the image: refusing to overwrite it"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(dir.file("v.bin")), image);
  // The same file by another name.
  result = run_emu({"--dump-mem", dir.path() + "/./v.bin", dir.file("v.bin")});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_EQ(read_file(dir.file("v.bin")), image);
}

TEST(OutputFiles, TwoOutputsCannotShareAFile) {
  TempDir dir;
  ProcessResult result = run_emu({"--dump-mem", dir.file("x"), "--dump-state", dir.file("x"), guest_path("hello")});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("name the same file"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
  // The same new file by two relative spellings.
  std::filesystem::create_directory(dir.file("sub"));
  result = run_process({"/bin/sh", "-c", "cd \"$1\" && exec \"$0\" --dump-state x --dump-mem sub/../x \"$2\"",
                        EMU_BINARY, dir.path(), guest_path("hello")});
  EXPECT_EQ(result.exit_status, 2) << result.err;
  EXPECT_NE(result.err.find("name the same file 'sub/../x'"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
}

TEST(OutputFiles, AFailedRunLeavesAnExistingFileAlone) {
  TempDir dir;
  write_file(dir.file("keep.json"), {'k', 'e', 'e', 'p'});
  ProcessResult result = run_emu({"--dump-state", dir.file("keep.json"), "/nonexistent"});
  EXPECT_EQ(result.exit_status, 4);
  EXPECT_EQ(read_file(dir.file("keep.json")), (std::vector<std::uint8_t>{'k', 'e', 'e', 'p'}));
  // and leaves no temporary file behind
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1);
}

TEST(OutputFiles, ASuccessfulRunReplacesTheFileKeepingItsMode) {
  TempDir dir;
  write_file(dir.file("state.json"), {'o', 'l', 'd'});
  ASSERT_EQ(::chmod(dir.file("state.json").c_str(), 0640), 0);
  ProcessResult result = run_emu({"--accel=interp", "--dump-state", dir.file("state.json"), guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(parse_json(read_text(dir.file("state.json")))["exit"]["reason"].string(), "hlt");
  struct stat status {};
  ASSERT_EQ(::stat(dir.file("state.json").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0640u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1);
}

TEST(OutputFiles, DevicesAreWrittenInPlace) {
  ProcessResult result = run_emu({"--accel=interp", "--dump-mem", "/dev/null", "--dump-state", "/dev/stderr",
                                  guest_path("hello")});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.err.rfind(R"({"exit": {"reason": "hlt")", 0), 0u) << result.err;
  struct stat status {};
  ASSERT_EQ(::stat("/dev/null", &status), 0);
  EXPECT_TRUE(S_ISCHR(status.st_mode));
}

TEST(Messages, ANewlineInAPathStaysOnOneLine) {
  ProcessResult result = run_emu({"/nonexistent/a\nb.bin"});
  EXPECT_EQ(result.exit_status, 4);
  EXPECT_EQ(result.err, "emu: image '/nonexistent/a\\nb.bin': No such file or directory\n");
}

}  // namespace
}  // namespace emu::test
