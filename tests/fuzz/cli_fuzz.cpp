// libFuzzer target: the command line and the value parsers, from arbitrary arguments (the input
// split at NUL bytes into argv). Every refusal must be an emu::Error with a one-line message
// naming the cause; nothing else may escape, crash or hang.
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/value_parsers.h"
#include "core/error.h"
#include "core/register_setting.h"

namespace {

void expect_one_line(const emu::Error& error) {
  const std::string message = error.what();
  if (message.empty() || message.find('\n') != std::string::npos) std::abort();
}

template <class F>
void refused_cleanly(F&& parse) {
  try {
    parse();
  } catch (const emu::Error& error) {
    expect_one_line(error);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu;
  std::vector<std::string> words = {"emu"};
  std::string current;
  for (std::size_t i = 0; i < size && words.size() < 24; ++i) {
    if (data[i] == 0) {
      words.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  words.push_back(current);
  std::vector<const char*> argv;
  for (const std::string& word : words) argv.push_back(word.c_str());
  refused_cleanly([&] { (void)cli::parse_command_line(argv); });
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    refused_cleanly([&] { (void)cli::parse_size("--mem", word); });
    refused_cleanly([&] {
      cli::SegmentOffset address = cli::parse_segment_offset("--entry", word);
      (void)address;
    });
    refused_cleanly([&] {
      auto seconds = cli::parse_seconds("--timeout", word);
      if (seconds.count() <= 0) std::abort();  // accepted values are positive
    });
    RegisterSetting setting{word, static_cast<std::uint32_t>(size)};
    if (check_register_setting(setting).empty()) {
      CpuState state = reset_state(0, 0);
      apply_register_setting(state, setting);
      if ((state.eflags & 2) == 0) std::abort();  // bit 1 of FLAGS stays set
    }
  }
  return 0;
}
