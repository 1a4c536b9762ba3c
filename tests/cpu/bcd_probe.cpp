#include "cpu/bcd_probe.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "host/child_process.h"
#include "host/temp_dir.h"

namespace emu::test {

namespace {

constexpr std::array<const char*, 6> operations = {"daa", "das", "aaa", "aas", "aam", "aad"};

std::uint8_t operation_code(const SiliconCase& test) {
  for (std::size_t i = 0; i < operations.size(); ++i) {
    if (test.op == operations[i]) return static_cast<std::uint8_t>(i);
  }
  return 0xFF;
}

}  // namespace

bool is_bcd_case(const SiliconCase& test) { return operation_code(test) != 0xFF; }

std::variant<std::vector<SiliconCase>, std::string> run_bcd_cases(const std::vector<SiliconCase>& cases) {
#ifndef EMU_BCD_PROBE
  (void)cases;
  return std::string("no 32-bit x86 helper on this host (not x86)");
#else
  std::vector<SiliconCase> selected;
  std::vector<std::uint8_t> records;
  for (const SiliconCase& test : cases) {
    if (!is_bcd_case(test) || (test.op == "aam" && (test.b & 0xFF) == 0)) continue;
    selected.push_back(test);
    const std::uint32_t flags = (test.flags_in & arithmetic_flags) | 2;
    records.insert(records.end(), {operation_code(test), static_cast<std::uint8_t>(test.b),
                                   static_cast<std::uint8_t>(test.a), static_cast<std::uint8_t>(test.a >> 8),
                                   static_cast<std::uint8_t>(flags), static_cast<std::uint8_t>(flags >> 8), 0, 0});
  }
  host::TempDir dir;
  host::write_file(dir.file("cases"), records);
  host::ChildResult result = host::run_child({EMU_BCD_PROBE, dir.file("cases")});
  if (result.exit_status != 0 || result.out.size() != selected.size() * 4) {
    return fmt::format("{} did not run (exit status {}, signal {}, {} bytes of output): a kernel without "
                       "32-bit program support?",
                       EMU_BCD_PROBE, result.exit_status, result.signal, result.out.size());
  }
  for (std::size_t i = 0; i < selected.size(); ++i) {
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(result.out[4 * i + k])); };
    SiliconCase& test = selected[i];
    test.r0 = (test.a & 0xFFFF0000u) | byte(0) | (byte(1) << 8);
    test.r1 = silicon_case_uses_edx(test) ? test.b : 0;  // EDX: untouched
    test.flags_out = (byte(2) | (byte(3) << 8)) & arithmetic_flags;
  }
  return selected;
#endif
}

}  // namespace emu::test
