#include "differential/reduce.h"

#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compare/lockstep.h"
#include "backends/kvm/kvm_system.h"
#include "core/log.h"

namespace emu::test {

namespace {

constexpr std::array<std::string_view, 8> state_names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

}  // namespace

std::optional<std::string> lockstep_divergence(const Blocks& blocks, const CpuState& state) {
  compare::LockstepOptions options;
  options.machine = MachineConfig{.mem_size = program_memory};
  options.kvm_device = kvm::default_device_path();
  options.initial_state = state;
  options.max_steps = 100000;
  Log quiet(stderr, false);
  std::vector<std::uint8_t> image = assemble_program(blocks);
  compare::LockstepResult result = compare::run_lockstep(image, options, quiet);
  if (result.verdict == compare::Verdict::diverged) return result.report;
  return std::nullopt;
}

Reduction reduce(const RandomProgram& program, const DivergenceCheck& diverges) {
  Reduction best{program.blocks, program.initial_state, diverges(program.blocks, program.initial_state).value_or("")};
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = best.blocks.size(); i-- > 0;) {
      Blocks fewer = best.blocks;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
      if (auto report = diverges(fewer, best.state)) {
        best.blocks = std::move(fewer);
        best.report = *report;
        progress = true;
      }
    }
    for (std::uint8_t r : {0, 1, 2, 5, 6, 7}) {
      if (best.state.gpr[r] == 0) continue;
      CpuState simpler = best.state;
      simpler.gpr[r] = 0;
      if (auto report = diverges(best.blocks, simpler)) {
        best.state = simpler;
        best.report = *report;
        progress = true;
      }
    }
  }
  return best;
}

std::string regression_text(const Reduction& reduction, const std::string& description) {
  std::string text = fmt::format("# {}\nstate", description);
  for (unsigned i = 0; i < 8; ++i) text += fmt::format(" {}={:#x}", state_names[i], reduction.state.gpr[i]);
  text += fmt::format(" eflags={:#x}\n", reduction.state.eflags);
  for (const auto& block : reduction.blocks) text += fmt::format("block {:02x}\n", fmt::join(block, " "));
  return text;
}

namespace {

// A decimal or 0x-hex number up to `max`; nothing for anything else (a damaged file is refused,
// not thrown out of).
std::optional<std::uint32_t> parse_number(const std::string& text, std::uint32_t max) {
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const char* first = text.data() + (hex ? 2 : 0);
  const char* last = text.data() + text.size();
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(first, last, value, hex ? 16 : 10);
  if (first == last || error != std::errc() || end != last || value > max) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace

std::optional<Reduction> parse_regression(const std::string& text) {
  Reduction reduction;
  reduction.state = reset_state(0, program_start);
  std::istringstream lines(text);
  bool has_state = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "state") {
      for (std::string field; words >> field;) {
        auto equals = field.find('=');
        if (equals == std::string::npos) return std::nullopt;
        std::string name = field.substr(0, equals);
        std::optional<std::uint32_t> parsed = parse_number(field.substr(equals + 1), 0xFFFFFFFFu);
        if (!parsed) return std::nullopt;
        const std::uint32_t value = *parsed;
        if (name == "eflags") {
          reduction.state.eflags = value | 2;
          continue;
        }
        auto found = std::find(state_names.begin(), state_names.end(), name);
        if (found == state_names.end()) return std::nullopt;
        reduction.state.gpr[static_cast<std::size_t>(found - state_names.begin())] = value;
      }
      has_state = true;
    } else if (kind == "block") {
      std::vector<std::uint8_t> block;
      for (std::string byte; words >> byte;) {
        std::optional<std::uint32_t> parsed = parse_number("0x" + byte, 0xFF);
        if (!parsed) return std::nullopt;
        block.push_back(static_cast<std::uint8_t>(*parsed));
      }
      reduction.blocks.push_back(std::move(block));
    } else {
      return std::nullopt;
    }
  }
  if (!has_state) return std::nullopt;
  return reduction;
}

}  // namespace emu::test
