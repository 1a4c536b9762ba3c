// Soak test for "nothing lost, nothing hangs" (docs/testing.md): runs of a guest that writes a
// known stream, on both backends, stopped by a random signal (or --timeout) at a random time,
// with stdout a file or a pipe and --dump-state to a new or an existing file. After every run:
// emu ended by itself (status 18 or 10, not killed), stdout holds exactly the bytes the guest
// wrote (its byte counter in the dump says how many), the dump is complete JSON or, where the
// run could not write it, the previous content; no temporary file is left behind.
//
//   build/tests/signal_soak [--seconds S] [--seed N] [--emu PATH]   (600 s, seed 1, the built emu)
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/unique_fd.h"
#include "host/temp_dir.h"
#include "host/pipe.h"
#include "support/guest_files.h"
#include "support/json.h"
#include "support/kvm_available.h"
#include "support/spawned_process.h"

namespace emu::test {
namespace {

using namespace std::chrono_literals;

// xor edi, edi; L: AL = 'a' + (DI & 15), or '\n' when DI & 31 == 31; a delay loop of
// `delay`; out F1h, al; inc edi; jmp L. EDI counts the bytes written; IP 30 is the INC.
std::vector<std::uint8_t> stream_guest(std::uint16_t delay) {
  std::vector<std::uint8_t> code = {0x66, 0x31, 0xFF, 0x89, 0xF8, 0x24, 0x0F, 0x04, 0x61, 0x89, 0xFB, 0x80,
                                    0xE3, 0x1F, 0x80, 0xFB, 0x1F, 0x75, 0x02, 0xB0, 0x0A, 0xB9, 0x00, 0x00,
                                    0xE3, 0x02, 0xE2, 0xFE, 0xE6, 0xF1, 0x66, 0x47, 0xEB, 0xE1};
  code[22] = static_cast<std::uint8_t>(delay);
  code[23] = static_cast<std::uint8_t>(delay >> 8);
  return code;
}
constexpr std::uint32_t ip_after_out = 30;

char stream_byte(std::uint64_t i) { return i % 32 == 31 ? '\n' : static_cast<char>('a' + i % 16); }

struct Counts {
  std::map<std::string, std::uint64_t> runs;
  std::uint64_t failures = 0;
};

bool run_once(const std::string& emu, std::mt19937& random, bool kvm, Counts& counts) {
  host::TempDir dir;
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  constexpr std::array<std::uint16_t, 4> delays = {0, 1, 50, 2000};
  const std::uint16_t delay = delays[static_cast<std::size_t>(pick(4))];
  host::write_file(dir.file("guest.bin"), stream_guest(delay));
  const bool existing_dump = pick(2) == 0;
  if (existing_dump) host::write_file(dir.file("state.json"), {'o', 'l', 'd'});
  const bool use_pipe = pick(2) == 0;
  const bool use_timeout = pick(4) == 0;
  constexpr std::array<int, 3> signals = {SIGINT, SIGTERM, SIGHUP};
  const int signal = signals[static_cast<std::size_t>(pick(3))];
  const auto wait_before = std::chrono::milliseconds(pick(300));

  std::vector<std::string> args = {emu, kvm ? "--accel=kvm" : "--accel=interp", "--dump-state",
                                   dir.file("state.json")};
  if (use_timeout) args.insert(args.end(), {"--timeout", fmt::format("{:.3f}", (pick(300) + 1) / 1000.0)});
  args.push_back(dir.file("guest.bin"));

  UniqueFd err(::open(dir.file("err.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  std::string output;
  std::optional<int> status;
  {
    UniqueFd out_file;
    UniqueFd read_end, write_end;
    if (use_pipe) {
      host::Pipe pipe;
      read_end = std::move(pipe.read_end);
      write_end = std::move(pipe.write_end);
    } else {
      out_file = UniqueFd(::open(dir.file("out.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    }
    SpawnedProcess child(args, use_pipe ? write_end.get() : out_file.get(), err.get());
    write_end = UniqueFd();
    std::thread reader;
    if (use_pipe) reader = std::thread([&] { output = read_until_eof(read_end.get(), 60s); });
    std::this_thread::sleep_for(wait_before);
    if (!use_timeout) child.signal(signal);
    status = child.wait(30s);
    if (!status) child.signal(SIGKILL);
    if (reader.joinable()) reader.join();
  }
  if (!use_pipe) output = read_text(dir.file("out.txt"));

  std::string what = fmt::format("{} {} {} {}", kvm ? "kvm" : "interp", use_pipe ? "pipe" : "file",
                                 use_timeout ? "timeout" : sigabbrev_np(signal), existing_dump ? "old-dump" : "new-dump");
  auto fail = [&](const std::string& why) {
    ++counts.failures;
    fmt::print(stderr, "FAIL ({}, delay {}, after {} ms): {}\n  stderr: {}\n", what, delay, wait_before.count(), why,
               read_text(dir.file("err.txt")));
    return false;
  };
  ++counts.runs[what];
  if (!status) return fail("emu did not end within 30 s");
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().find(".emu-") != std::string::npos) return fail("a temporary file was left");
  }
  // A signal that lands before emu has installed its handlers (while the process starts) kills
  // it, as it would any program, before it has created anything: counted apart.
  if (*status < 0) {
    ++counts.runs["killed while starting, before its handlers"];
    if (existing_dump && read_text(dir.file("state.json")) != "old") return fail("the existing dump was changed");
    return true;
  }
  const int expected = use_timeout ? 10 : 18;
  if (*status != expected) return fail(fmt::format("status {} (expected {})", *status, expected));
  std::string dump = std::filesystem::exists(dir.file("state.json")) ? read_text(dir.file("state.json")) : "";
  Json state;
  try {
    state = parse_json(dump);
  } catch (const std::exception& error) {
    return fail(fmt::format("the dump is not complete JSON ({}): '{}'", error.what(), dump.substr(0, 80)));
  }
  const auto written = static_cast<std::uint64_t>(state["regs"]["edi"].integer()) +
                       (state["regs"]["eip"].integer() == ip_after_out ? 1 : 0);
  if (output.size() != written) {
    return fail(fmt::format("stdout holds {} bytes, the guest wrote {}", output.size(), written));
  }
  for (std::uint64_t i = 0; i < output.size(); ++i) {
    if (output[i] != stream_byte(i)) return fail(fmt::format("stdout differs from the guest's stream at byte {}", i));
  }
  return true;
}

}  // namespace
}  // namespace emu::test

int main(int argc, char** argv) {
  double seconds = 600;
  unsigned seed = 1;
  std::string emu = EMU_BINARY;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string option = argv[i];
    if (option == "--seconds") seconds = std::atof(argv[i + 1]);
    if (option == "--seed") seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    if (option == "--emu") emu = argv[i + 1];
  }
  std::mt19937 random(seed);
  const bool kvm = !emu::test::kvm_unusable_reason();
  if (!kvm) fmt::print(stderr, "KVM not usable ({}): the interpreter only\n", *emu::test::kvm_unusable_reason());
  emu::test::Counts counts;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::uint64_t total = 0;
  while (std::chrono::steady_clock::now() < end) {
    emu::test::run_once(emu, random, kvm && random() % 2 == 0, counts);
    ++total;
  }
  for (const auto& [what, count] : counts.runs) fmt::print("{:52} {}\n", what, count);
  fmt::print("{} runs, {} failures (seed {}, {} s)\n", total, counts.failures, seed, seconds);
  return counts.failures == 0 ? 0 : 1;
}
