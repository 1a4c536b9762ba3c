// Prints the decoder's differences from objdump on random bytes: a development aid for
// sorting differences into documented categories. Usage: oracle_probe [sequences] [seed]
#include <cstdio>
#include <map>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "support/guest_files.h"
#include "support/objdump_oracle.h"

int main(int argc, char** argv) {
  std::size_t sequences = argc > 1 ? std::stoul(argv[1]) : 100000;
  unsigned seed = argc > 2 ? static_cast<unsigned>(std::stoul(argv[2])) : 1;
  std::mt19937 random(seed);
  std::vector<std::uint8_t> code(sequences * 16);
  for (auto& byte : code) byte = static_cast<std::uint8_t>(random());
  auto checked = emu::test::check_against_objdump(code);
  if (!checked) return 1;
  auto& report = *checked;
  fmt::print("compared {} matched {} unexplained {}\n", report.compared, report.matched, report.unexplained.size());
  for (const auto& [category, count] : report.explained) fmt::print("  {}: {}\n", category, count);
  std::map<std::string, int> shown;
  for (const auto& d : report.unexplained) {
    std::string key = fmt::format("{:02x}", fmt::join(d.bytes.begin(), d.bytes.begin() + std::min<std::size_t>(2, d.bytes.size()), ""));
    if (shown[key]++ >= 2) continue;
    fmt::print("{:02x} | len {} vs {} | ours '{}' | objdump '{}'\n", fmt::join(d.bytes, " "), d.our_length, d.objdump_length,
               d.ours, d.objdump);
  }
  return 0;
}
