// Real-silicon conformance: every test of tests/data/conformance (an 80286 in real mode, one
// instruction each) run through the interpreter.
//
// With --cpu=286 every test must pass, whatever its status, compared under nothing but the data's
// own flags mask: no allowance for undefined flags, no excuses. The x87 file is the one
// exception, out of scope: emu stops there, and the test checks that it does.
//
// With a modern profile the differences between the 286 and the 386 and later are shown, each by
// what the modern CPU does instead (docs/cpu-model.md): a failure outside those, or one whose
// modern behaviour is not the documented one, fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "platform/machine.h"
#include "decoder/decode.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"
#include "support/json.h"

namespace emu::test {
namespace {

using RegisterValues = std::map<std::string, std::uint32_t, std::less<>>;

RegisterValues read_registers(const Json& regs) {
  RegisterValues result;
  for (const auto& [name, value] : regs.object()) result[name] = static_cast<std::uint32_t>(value.integer());
  return result;
}

CpuState state_from(const RegisterValues& regs) {
  CpuState state = reset_state(0, 0);
  auto get = [&](const char* name) { return regs.at(name); };
  state.reg(Gpr::eax) = get("ax");
  state.reg(Gpr::ebx) = get("bx");
  state.reg(Gpr::ecx) = get("cx");
  state.reg(Gpr::edx) = get("dx");
  state.reg(Gpr::esp) = get("sp");
  state.reg(Gpr::ebp) = get("bp");
  state.reg(Gpr::esi) = get("si");
  state.reg(Gpr::edi) = get("di");
  state.eip = get("ip");
  state.eflags = get("flags") | 2;
  load_real_mode_segment(state.sreg(Sreg::cs), static_cast<std::uint16_t>(get("cs")));
  load_real_mode_segment(state.sreg(Sreg::ss), static_cast<std::uint16_t>(get("ss")));
  load_real_mode_segment(state.sreg(Sreg::ds), static_cast<std::uint16_t>(get("ds")));
  load_real_mode_segment(state.sreg(Sreg::es), static_cast<std::uint16_t>(get("es")));
  load_real_mode_segment(state.sreg(Sreg::fs), 0);
  load_real_mode_segment(state.sreg(Sreg::gs), 0);
  return state;
}

std::uint32_t register_value(const CpuState& state, std::string_view name) {
  static const std::map<std::string_view, Gpr> gprs = {{"ax", Gpr::eax}, {"bx", Gpr::ebx}, {"cx", Gpr::ecx},
                                                       {"dx", Gpr::edx}, {"sp", Gpr::esp}, {"bp", Gpr::ebp},
                                                       {"si", Gpr::esi}, {"di", Gpr::edi}};
  static const std::map<std::string_view, Sreg> sregs = {{"cs", Sreg::cs}, {"ss", Sreg::ss}, {"ds", Sreg::ds}, {"es", Sreg::es}};
  if (auto g = gprs.find(name); g != gprs.end()) return state.reg(g->second) & 0xFFFF;
  if (auto s = sregs.find(name); s != sregs.end()) return state.sreg(s->second).selector;
  if (name == "ip") return state.eip & 0xFFFF;
  return state.eflags & 0xFFFF;  // "flags"
}

std::vector<std::uint8_t> instruction_bytes(const Json& test) {
  std::vector<std::uint8_t> bytes;
  for (const Json& byte : test["bytes"].array()) bytes.push_back(static_cast<std::uint8_t>(byte.integer()));
  return bytes;
}

// How a test is compared: which flags, which registers are left out (for the modern profiles'
// documented differences).
struct Comparison {
  std::uint32_t flags_mask = 0xFFFF;
  std::set<std::string, std::less<>> ignored_registers;
  bool ignore_exception_frame = false;  // the frame's FLAGS/CS/IP words (a different vector's handler)
};

struct RunOutcome {
  bool halted = false;
  std::string stop_message;
  CpuState state;
  std::optional<std::uint8_t> exception;
};

class ConformanceRunner {
 public:
  ConformanceRunner() : machine_(MachineConfig{.mem_size = GuestMemory::max_size, .with_devices = false}, console_) {}

  // Runs `test` with `profile`; RAM is left as the run left it until the next call. With
  // `handler_of_12_as_13`, IVT entry 12 (#SS) is first made the same as entry 13 (#GP).
  RunOutcome run(const Json& test, CpuProfile profile, bool handler_of_12_as_13 = false) {
    clear_touched();
    std::uint8_t* ram = machine_.memory().data();
    for (const Json& pair : test["init"]["ram"].array()) {
      auto address = static_cast<std::uint32_t>(pair.array()[0].integer());
      ram[address] = static_cast<std::uint8_t>(pair.array()[1].integer());
      touched_.push_back(address);
    }
    for (const Json& pair : test["final"]["ram"].array()) touched_.push_back(static_cast<std::uint32_t>(pair.array()[0].integer()));
    if (handler_of_12_as_13) {
      std::copy_n(ram + 13 * 4, 4, ram + 12 * 4);
      for (std::uint32_t address = 12 * 4; address < 13 * 4; ++address) touched_.push_back(address);
    }
    interp::Interpreter interpreter(machine_, TraceMode::off, {}, profile);
    interpreter.set_state(state_from(read_registers(test["init"]["regs"])));
    RunResult result = interpreter.run({32});
    return {result.reason == StopReason::hlt, result.message, interpreter.state(), interpreter.last_exception()};
  }

  // Empty when `run` ended as `test` says, under `how`; otherwise the first difference.
  std::string compare(const Json& test, const RunOutcome& run, const Comparison& how) {
    if (!run.halted) return fmt::format("did not halt: {}", run.stop_message);
    RegisterValues expected = read_registers(test["init"]["regs"]);
    for (const auto& [name, value] : read_registers(test["final"]["regs"])) expected[name] = value;
    for (const auto& [name, value] : expected) {
      if (how.ignored_registers.contains(name)) continue;
      std::uint32_t ours = register_value(run.state, name);
      std::uint32_t mask = name == "flags" ? how.flags_mask : 0xFFFF;
      if ((ours ^ value) & mask) return fmt::format("{}: {:#06x}, expected {:#06x}", name, ours, value);
    }
    // The exception frame (IP, CS, FLAGS) is found from the final SS:SP: the data's flag_address
    // is one byte off when SP is odd. PUSHF's word is at SS:SP.
    std::optional<std::uint32_t> frame;
    std::optional<std::uint32_t> flags_word;
    const std::uint32_t stack = (expected.at("ss") << 4) + expected.at("sp");
    if (test.has("exception")) {
      frame = stack;
      flags_word = (expected.at("ss") << 4) + ((expected.at("sp") + 4) & 0xFFFF);
    }
    if (test["file"].string() == "9C") flags_word = stack;
    const std::uint8_t* ram = machine_.memory().data();
    for (const Json& pair : test["final"]["ram"].array()) {
      auto address = static_cast<std::uint32_t>(pair.array()[0].integer());
      auto value = static_cast<std::uint8_t>(pair.array()[1].integer());
      if (how.ignore_exception_frame && frame && address >= *frame && address < *frame + 6) continue;
      std::uint8_t mask = 0xFF;
      if (flags_word && address == *flags_word) mask = static_cast<std::uint8_t>(how.flags_mask);
      if (flags_word && address == *flags_word + 1) mask = static_cast<std::uint8_t>(how.flags_mask >> 8);
      if ((ram[address] ^ value) & mask) {
        return fmt::format("ram[{:#x}]: {:#04x}, expected {:#04x}", address, ram[address], value);
      }
    }
    return {};
  }

 private:
  void clear_touched() {
    for (std::uint32_t address : touched_) machine_.memory().data()[address] = 0;
    touched_.clear();
  }

  StringSink console_;
  Machine machine_;
  std::vector<std::uint32_t> touched_;
};

// The tests, one JSON object each (line 1 of the file is metadata).
std::vector<Json> load_tests() {
  std::ifstream input(std::string(EMU_TEST_DATA_DIR) + "/conformance.jsonl");
  std::vector<Json> tests;
  if (!input) return tests;
  std::string line;
  std::getline(input, line);
  while (std::getline(input, line)) tests.push_back(parse_json(line));
  return tests;
}

const std::vector<Json>& all_tests() {
  static const std::vector<Json> tests = load_tests();
  return tests;
}

std::uint32_t data_flags_mask(const Json& test) { return static_cast<std::uint32_t>(test["flags_mask"].integer()) & 0xFFFF; }

TEST(Conformance, The286ProfileMatchesEveryStateUnderTheDataMasksAlone) {
  ASSERT_FALSE(all_tests().empty()) << "conformance data missing";
  ConformanceRunner runner;
  std::map<std::string, std::size_t> passed_by_status;
  std::map<std::string, std::size_t> total_by_status;
  std::size_t x87_stops = 0;
  std::vector<std::string> failures;
  for (const Json& test : all_tests()) {
    const std::string& status = test["status"].string();
    RunOutcome run = runner.run(test, CpuProfile::i286);
    if (status == "fpu") {
      // Out of scope: the x87 is not modelled, and the run must stop saying so.
      EXPECT_FALSE(run.halted) << test["name"].string();
      if (!run.halted && run.stop_message.find("unsupported instruction") != std::string::npos) ++x87_stops;
      continue;
    }
    ++total_by_status[status];
    std::string difference = runner.compare(test, run, {.flags_mask = data_flags_mask(test), .ignored_registers = {}});
    if (difference.empty()) {
      ++passed_by_status[status];
    } else if (failures.size() < 40) {
      failures.push_back(fmt::format("{} #{} {} ({}): {}", test["file"].string(), test["idx"].integer(),
                                     test["name"].string(), status, difference));
    }
  }
  for (const auto& [status, total] : total_by_status) {
    fmt::print("--cpu=286, {}: {}/{} passed\n", status, passed_by_status[status], total);
    EXPECT_EQ(passed_by_status[status], total) << status;
  }
  fmt::print("--cpu=286, fpu: {} tests stop as unsupported (the x87 is out of scope)\n", x87_stops);
  EXPECT_EQ(x87_stops, 50u);
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

// --- the modern profiles: each difference from the 286, shown --------------------------------

bool is_prefix(std::uint8_t byte) {
  return byte == 0x26 || byte == 0x2E || byte == 0x36 || byte == 0x3E || byte == 0xF0 || byte == 0xF2 || byte == 0xF3;
}

struct Shape {
  bool locked = false;
  std::uint8_t opcode = 0;
  std::optional<std::uint8_t> modrm;
  std::size_t length = 0;  // without the trailing HLT
};

Shape shape_of(const std::vector<std::uint8_t>& bytes) {
  Shape shape;
  shape.length = bytes.size() - 1;
  std::size_t i = 0;
  for (; i < bytes.size() && is_prefix(bytes[i]); ++i) shape.locked |= bytes[i] == 0xF0;
  if (i < bytes.size()) shape.opcode = bytes[i];
  if (i + 1 < bytes.size()) shape.modrm = bytes[i + 1];
  return shape;
}

bool is_word_string_op(std::uint8_t opcode) {
  return opcode == 0x6D || opcode == 0x6F || opcode == 0xA5 || opcode == 0xA7 || opcode == 0xAB || opcode == 0xAD ||
         opcode == 0xAF;
}

// A test the modern profile fails: the documented difference it shows, after checking that the
// modern CPU did what that difference says it does; "unexplained: ..." otherwise.
std::string explain_difference(const Json& test, CpuProfile profile, const RunOutcome& modern,
                               ConformanceRunner& runner, const Comparison& usual) {
  Shape shape = shape_of(instruction_bytes(test));
  std::optional<std::int64_t> data_exception;
  if (test.has("exception")) data_exception = test["exception"]["number"].integer();
  if (shape.locked && modern.exception == 6) return "LOCK before an instruction that cannot be locked: #UD from the 386 on";
  if (shape.length > x86::max_286_instruction_length && data_exception == 13 && modern.exception != 13) {
    return "longer than 10 bytes: #GP on the 286, up to 15 accepted from the 386 on";
  }
  bool sreg_move = (shape.opcode == 0x8C || shape.opcode == 0x8E) && shape.modrm && ((*shape.modrm >> 3) & 7) >= 4;
  if (sreg_move && data_exception == 6 && !modern.exception) return "MOV with segment register 4/5: #UD on the 286, FS/GS from the 386 on";
  if (data_exception == 13 && modern.exception == 12) {
    // With the 286's #GP handler as the #SS handler too, everything must be as on the 286.
    std::string rest = runner.compare(test, runner.run(test, profile, true), usual);
    if (rest.empty()) return "SS past its limit: #GP on the 286, #SS from the 386 on";
    return "unexplained: #SS instead of #GP, and " + rest;
  }
  if (is_word_string_op(shape.opcode) && data_exception && modern.exception == data_exception) {
    // The same fault with SI, DI and CX as they were before the instruction (precise).
    Comparison how = usual;
    how.ignored_registers = {"si", "di", "cx"};
    std::string rest = runner.compare(test, modern, how);
    const RegisterValues init = read_registers(test["init"]["regs"]);
    bool precise = true;
    for (const char* name : {"si", "di", "cx"}) precise &= register_value(modern.state, name) == init.at(name);
    if (rest.empty() && precise) return "string instruction fault: SI/DI/CX advanced first on the 286, precise from the 386 on";
    return fmt::format("unexplained: string fault, precise {}, {}", precise, rest);
  }
  return "unexplained";
}

TEST(Conformance, ModernProfilesDifferFromThe286OnlyAsDocumented) {
  ASSERT_FALSE(all_tests().empty()) << "conformance data missing";
  ConformanceRunner runner;
  for (CpuProfile profile : {CpuProfile::intel, CpuProfile::amd}) {
    std::size_t passed = 0;
    std::size_t total = 0;
    std::map<std::string, std::size_t> differences;
    std::vector<std::string> unexplained;
    for (const Json& test : all_tests()) {
      if (test["status"].string() != "normal") continue;
      ++total;
      RunOutcome run = runner.run(test, profile);
      // Flags the SDM leaves undefined (the decoder's metadata) are the profile's own choice, and
      // FLAGS bits 12-15 are held at 0 only by the 286.
      std::uint32_t undefined = x86::flag_info(x86::decode(instruction_bytes(test))).undefined;
      Comparison usual{.flags_mask = data_flags_mask(test) & 0x0FFF & ~undefined, .ignored_registers = {}};
      std::string difference = runner.compare(test, run, usual);
      if (difference.empty()) {
        ++passed;
        continue;
      }
      std::string why = explain_difference(test, profile, run, runner, usual);
      ++differences[why];
      if (why.starts_with("unexplained") && unexplained.size() < 20) {
        unexplained.push_back(fmt::format("{} #{} {}: {} ({})", test["file"].string(), test["idx"].integer(),
                                          test["name"].string(), difference, why));
      }
    }
    fmt::print("--cpu={}: {}/{} normal tests as on the 286\n", profile_name(profile), passed, total);
    for (const auto& [why, count] : differences) fmt::print("  {}: {}\n", why, count);
    for (const std::string& failure : unexplained) ADD_FAILURE() << profile_name(profile) << ": " << failure;
    // Every documented difference is seen (the data has instances of each).
    EXPECT_EQ(differences.size(), 5u) << profile_name(profile);
  }
}

}  // namespace
}  // namespace emu::test
