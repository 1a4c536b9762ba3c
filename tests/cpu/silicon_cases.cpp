#include "cpu/silicon_cases.h"

#include <fstream>
#include <map>
#include <stdexcept>

#include "support/json.h"

namespace emu::test {

namespace {

constexpr std::uint8_t reg_eax = 0, reg_edx = 2, reg_ebx = 3;

constexpr std::uint8_t register_form(std::uint8_t reg, std::uint8_t rm) {
  return static_cast<std::uint8_t>(0xC0 | (reg << 3) | rm);
}


}  // namespace

SiliconData read_silicon_data(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  SiliconData data;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json record = parse_json(line);
    if (record.has("kind")) {
      data.cpu = record["cpu"].string();
      continue;
    }
    auto get = [&](std::string_view key) { return static_cast<std::uint32_t>(record[key].integer()); };
    data.cases.push_back({record["op"].string(), get("size"), get("flags_in"), get("a"), get("b"), get("c"), get("r0"),
                          get("r1"), get("flags_out")});
  }
  return data;
}

std::vector<std::uint8_t> silicon_case_code(const SiliconCase& test) {
  // Shifts: group 2 by CL (D2/D3) on AL/AX/EAX. Group 3 (F6/F7) takes its source in BL/BX/EBX.
  static const std::map<std::string, std::uint8_t, std::less<>> group2 = {
      {"rol", 0}, {"ror", 1}, {"rcl", 2}, {"rcr", 3}, {"shl", 4}, {"shr", 5}, {"sar", 7}};
  static const std::map<std::string, std::uint8_t, std::less<>> group3 = {{"mul", 4}, {"imul", 5}, {"div", 6}, {"idiv", 7}};
  static const std::map<std::string, std::uint8_t, std::less<>> alu = {{"or", 0x08}, {"and", 0x20}, {"xor", 0x30}, {"test", 0x84}};
  static const std::map<std::string, std::uint8_t, std::less<>> two_byte = {
      {"shld", 0xA5}, {"shrd", 0xAD}, {"imul2", 0xAF}, {"bsf", 0xBC}, {"bsr", 0xBD},
      {"bt", 0xA3},   {"bts", 0xAB},  {"btr", 0xB3},   {"btc", 0xBB}};
  static const std::map<std::string, std::uint8_t, std::less<>> bcd = {{"daa", 0x27}, {"das", 0x2F}, {"aaa", 0x37}, {"aas", 0x3F}};

  std::vector<std::uint8_t> code;
  if (test.size == 32) code.push_back(0x66);
  const std::uint8_t wide = test.size == 8 ? 0 : 1;
  if (auto it = group2.find(test.op); it != group2.end()) {
    code.insert(code.end(), {static_cast<std::uint8_t>(0xD2 | wide), register_form(it->second, reg_eax)});
  } else if (auto it = group3.find(test.op); it != group3.end()) {
    code.insert(code.end(), {static_cast<std::uint8_t>(0xF6 | wide), register_form(it->second, reg_ebx)});
  } else if (auto it = alu.find(test.op); it != alu.end()) {
    code.insert(code.end(), {static_cast<std::uint8_t>(it->second | wide), register_form(reg_ebx, reg_eax)});
  } else if (auto it = two_byte.find(test.op); it != two_byte.end()) {
    // SHLD/SHRD r/m, reg, CL: EAX, EDX. BT* r/m, reg: EAX, EBX. IMUL/BSF/BSR reg, r/m: EAX, EBX.
    std::uint8_t modrm = test.op.starts_with("sh")   ? register_form(reg_edx, reg_eax)
                         : test.op.starts_with("bt") ? register_form(reg_ebx, reg_eax)
                                                     : register_form(reg_eax, reg_ebx);
    code.insert(code.end(), {0x0F, it->second, modrm});
  } else if (auto it = bcd.find(test.op); it != bcd.end()) {
    code.push_back(it->second);
  } else if (test.op == "aam" || test.op == "aad") {
    code.insert(code.end(), {static_cast<std::uint8_t>(test.op == "aam" ? 0xD4 : 0xD5), static_cast<std::uint8_t>(test.b)});
  } else {
    throw std::runtime_error("unknown operation in silicon data: " + test.op);
  }
  return code;
}

}  // namespace emu::test
