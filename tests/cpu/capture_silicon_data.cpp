// capture_silicon_data: measures a silicon dataset on the CPU it runs on, in the format of
// tests/data/cpu (README.md there): the inputs of an existing dataset run natively (64-bit user
// mode; the BCD instructions through bcd_probe32), the results and flags this CPU gives written
// as JSON lines with this CPU's description. How an Intel dataset is made on an Intel host:
//
//   build/tests/capture_silicon_data build/tests/data/cpu/amd-zen3-epyc-fam19h.jsonl > OUT.jsonl
//
// Exit status 0, or 1 with a message when the input cannot be read or a case cannot be run.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <variant>

#include "core/cpu_profile.h"
#include "cpu/bcd_probe.h"
#include "cpu/native_probe.h"
#include "cpu/silicon_cases.h"

namespace {

int capture(const std::string& input) {
  using namespace emu::test;
  if (!NativeProbe::available()) throw std::runtime_error("not an x86-64 host: no CPU to probe");
  SiliconData data = read_silicon_data(input);
  NativeProbe probe;
  std::vector<SiliconCase> measured;
  for (const SiliconCase& test : data.cases) {
    if (auto result = probe.run(test)) measured.push_back(*result);
  }
  auto bcd = run_bcd_cases(data.cases);
  if (const auto* reason = std::get_if<std::string>(&bcd)) throw std::runtime_error(*reason);
  const auto& bcd_cases = std::get<std::vector<SiliconCase>>(bcd);
  measured.insert(measured.end(), bcd_cases.begin(), bcd_cases.end());
  fmt::print(R"j({{"kind": "meta", "cpu": "{}, native 64-bit user mode (BCD instructions: 32-bit)", "records": {}, )j"
             R"j("inputs": "those of {}", "fields": "as in tests/data/cpu/README.md"}})j"
             "\n",
             emu::host_cpu_description(), measured.size(), data.cpu);
  for (const SiliconCase& c : measured) {
    fmt::print(R"({{"op":"{}","size":{},"flags_in":{},"a":{},"b":{},"c":{},"r0":{},"r1":{},"flags_out":{}}})"
               "\n",
               c.op, c.size, c.flags_in, c.a, c.b, c.c, c.r0, c.r1, c.flags_out);
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: capture_silicon_data INPUT.jsonl > OUTPUT.jsonl\n");
    return 1;
  }
  try {
    return capture(argv[1]);
  } catch (const std::exception& error) {
    fmt::print(stderr, "capture_silicon_data: {}\n", error.what());
    return 1;
  }
}
