// The instruction-set corpus (guests/isa_*.S, run under `emu --compare` by e2e_tests) executes
// every operation of both decoder tiers, except the few listed here with the reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "core/guest_location.h"
#include "platform/machine.h"
#include "decoder/decode.h"
#include "decoder/instruction.h"
#include "support/guest_files.h"

namespace emu::test {
namespace {

using x86::Op;

// Operations the corpus leaves out, and why (docs/differential.md, "The corpus").
const std::map<Op, const char*> not_in_corpus = {
    {Op::cpuid, "answered from the profile's table; kvm_pvm refuses the table (tests/e2e/cpu_profile_test.cpp)"},
    {Op::rdtsc, "time stamps differ by design"},
    {Op::fpu, "x87 is not modelled: the interpreter stops (exit status 8)"},
    {Op::mov_dr, "debug registers are not modelled"},
    {Op::rdmsr, "MSRs are not modelled"},
    {Op::wrmsr, "MSRs are not modelled"},
    {Op::rdpmc, "performance counters are not modelled"},
    {Op::truncated, "not an instruction: the decoder's answer when bytes run out"},
    {Op::loadall, "the 80286's undocumented LOADALL (--cpu=286 only) is not modelled: emu stops there"},
};

std::set<Op> executed_by(const std::string& image_path) {
  StringSink console;
  Machine machine(MachineConfig{}, console);
  machine.load_image(read_file(image_path));
  interp::Interpreter interpreter(machine);
  std::set<Op> ops;
  for (int steps = 0; steps < 1'000'000; ++steps) {
    ops.insert(x86::decode(code_bytes_at(machine.memory(), interpreter.state())).op);
    RunResult result = interpreter.step();
    if (result.reason != StopReason::limit) {
      EXPECT_EQ(result.reason, StopReason::hlt) << image_path << ": " << result.message;
      return ops;
    }
  }
  ADD_FAILURE() << image_path << " did not halt";
  return ops;
}

TEST(IsaCorpus, ExecutesEveryOperationOfBothTiers) {
  std::set<Op> executed;
  int guests = 0;
  for (const auto& entry : std::filesystem::directory_iterator(EMU_GUEST_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("isa_") || entry.path().extension() != ".bin") continue;
    ++guests;
    std::set<Op> ops = executed_by(entry.path().string());
    executed.insert(ops.begin(), ops.end());
  }
  EXPECT_GE(guests, 6);
  for (unsigned i = 0; i < x86::op_count; ++i) {
    const Op op = static_cast<Op>(i);
    if (not_in_corpus.contains(op)) {
      EXPECT_FALSE(executed.contains(op)) << x86::mnemonic(op) << " is executed: take it off the exclusion list";
    } else {
      EXPECT_TRUE(executed.contains(op)) << "no corpus guest executes " << x86::mnemonic(op) << " (op " << i << ")";
    }
  }
}

}  // namespace
}  // namespace emu::test
