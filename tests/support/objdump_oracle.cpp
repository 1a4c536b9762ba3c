#include "support/objdump_oracle.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/instruction.h"
#include "support/guest_files.h"
#include "support/process.h"

namespace emu::test {

namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Removes every `pattern_start` followed by digits ("+eiz*4").
void erase_all(std::string& text, std::string_view pattern_start) {
  for (std::size_t at; (at = text.find(pattern_start)) != std::string::npos;) {
    std::size_t end = at + pattern_start.size();
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    text.erase(at, end - at);
  }
}

bool is_string_mnemonic(std::string_view word) {
  static const std::set<std::string_view> names = {"movs", "cmps", "stos", "lods", "scas", "ins", "outs"};
  return names.count(word) > 0;
}

// "movs byte ptr es:[di], byte ptr ds:[si]" -> "movsb" when every operand is the default one.
std::string shorten_string_instruction(const std::string& mnemonic, const std::string& operands) {
  static const std::map<std::string, char> suffix = {{"byte", 'b'}, {"word", 'w'}, {"dword", 'd'}};
  for (const auto& [size, letter] : suffix) {
    std::string source = size + " ptr ds:[si]";
    std::string destination = size + " ptr es:[di]";
    std::string accumulator = size == "byte" ? "al" : size == "word" ? "ax" : "eax";
    std::string expected;
    if (mnemonic == "movs") expected = destination + ", " + source;
    if (mnemonic == "cmps") expected = source + ", " + destination;
    if (mnemonic == "stos") expected = destination + ", " + accumulator;
    if (mnemonic == "lods") expected = accumulator + ", " + source;
    if (mnemonic == "scas") expected = accumulator + ", " + destination;
    if (mnemonic == "ins") expected = destination + ", dx";
    if (mnemonic == "outs") expected = "dx, " + source;
    if (operands == expected) return mnemonic + letter;
  }
  return mnemonic + " " + operands;
}

std::string join_operands(const std::vector<std::string>& words, std::size_t first) {
  std::string operands;
  for (std::size_t i = first; i < words.size(); ++i) {
    if (!operands.empty()) operands += ' ';
    operands += words[i];
  }
  // One spelling of operand separators: ", ".
  std::string spaced;
  for (std::size_t i = 0; i < operands.size(); ++i) {
    if (operands[i] == ',') {
      spaced += ", ";
      while (i + 1 < operands.size() && operands[i + 1] == ' ') ++i;
    } else {
      spaced += operands[i];
    }
  }
  return spaced;
}

}  // namespace

std::optional<std::vector<ObjdumpInstruction>> objdump_disassemble(const std::string& path) {
  ProcessResult result = run_process(
      {"/usr/bin/objdump", "-D", "-b", "binary", "-m", "i8086", "-M", "intel", "--no-show-raw-insn", path},
      {.env = {}, .drop_root = false, .deadline = std::chrono::seconds(120)});
  if (result.exit_status != 0) return std::nullopt;
  std::vector<ObjdumpInstruction> listing;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    std::size_t colon = line.find(":\t");
    if (colon == std::string::npos) continue;
    std::size_t start = line.find_first_not_of(' ');
    if (start >= colon) continue;
    std::uint32_t address = static_cast<std::uint32_t>(std::stoul(line.substr(start, colon - start), nullptr, 16));
    if (!listing.empty()) listing.back().length = address - listing.back().address;
    listing.push_back({address, 0, line.substr(colon + 2)});
  }
  if (!listing.empty()) listing.pop_back();
  return listing;
}

std::string normalize_objdump(const std::string& text) {
  static const std::set<std::string_view> ignored_prefixes = {"data16", "data32", "addr16", "addr32", "bnd", "notrack", "xacquire", "xrelease",
                                                              "cs", "ds", "es", "ss", "fs", "gs"};
  std::string lowered = lowercase(text);
  erase_all(lowered, "+eiz*");
  // A SIB byte with neither base nor index: objdump writes [eiz*N+disp], emu the absolute
  // form ds:disp (with the segment objdump already printed, if any).
  for (std::size_t at; (at = lowered.find("[eiz*")) != std::string::npos;) {
    std::size_t sign = lowered.find_first_of("+-", at);
    std::size_t close = lowered.find(']', at);
    if (sign == std::string::npos || close == std::string::npos || sign > close) break;
    std::uint32_t magnitude = static_cast<std::uint32_t>(std::stoul(lowered.substr(sign + 1, close - sign - 1), nullptr, 16));
    std::uint32_t displacement = lowered[sign] == '-' ? 0u - magnitude : magnitude;
    bool has_segment = at > 0 && lowered[at - 1] == ':';
    lowered.replace(at, close + 1 - at, fmt::format("{}{:#x}", has_segment ? "" : "ds:", displacement));
  }
  std::vector<std::string> words = split_words(lowered);
  std::size_t i = 0;
  std::string rep;
  bool lock = false;
  for (; i + 1 < words.size(); ++i) {
    if (ignored_prefixes.count(words[i])) continue;
    if (words[i] == "rep" || words[i] == "repz" || words[i] == "repe" || words[i] == "repnz" || words[i] == "repne") {
      rep = words[i];
      continue;
    }
    if (words[i] == "lock") {
      lock = true;
      continue;
    }
    break;
  }
  if (i >= words.size()) return "";
  std::string mnemonic = words[i];
  std::string operands = join_operands(words, i + 1);
  std::string result = lock ? "lock " : "";
  if (is_string_mnemonic(mnemonic)) {
    bool compares = mnemonic == "cmps" || mnemonic == "scas";
    if (!rep.empty()) {
      bool negative = rep == "repnz" || rep == "repne";
      result += compares ? (negative ? "repne " : "repe ") : "rep ";
    }
    return result + shorten_string_instruction(mnemonic, operands);
  }
  result += mnemonic;
  if (!operands.empty()) result += " " + operands;
  return result;
}

std::string normalize_ours(const std::string& text) {
  std::vector<std::string> words = split_words(lowercase(text));
  if (words.empty()) return "";
  std::size_t i = 0;
  std::string result;
  while (i + 1 < words.size() && (words[i] == "lock" || words[i] == "rep" || words[i] == "repe" || words[i] == "repne")) {
    result += words[i++] + " ";
  }
  result += words[i];
  std::string operands = join_operands(words, i + 1);
  if (!operands.empty()) result += " " + operands;
  return result;
}

std::string category_of(const Difference& difference, const x86::Instruction& insn);

OracleReport compare_with_objdump(std::span<const std::uint8_t> code, const std::vector<ObjdumpInstruction>& listing) {
  OracleReport report;
  for (const ObjdumpInstruction& theirs : listing) {
    std::string objdump_text = normalize_objdump(theirs.text);
    if (theirs.text.find("(bad)") != std::string::npos || theirs.text.find(".byte") != std::string::npos ||
        objdump_text.empty()) {
      continue;
    }
    ++report.compared;
    auto window = code.subspan(theirs.address, std::min<std::size_t>(x86::max_instruction_length, code.size() - theirs.address));
    x86::Instruction insn = x86::decode(window);
    std::string ours = normalize_ours(x86::disassemble(insn, theirs.address));
    if (insn.length == theirs.length && ours == objdump_text) {
      ++report.matched;
      continue;
    }
    Difference difference{theirs.address,
                          std::vector<std::uint8_t>(window.begin(), window.begin() + std::max<unsigned>(theirs.length, insn.length)),
                          insn.length,
                          theirs.length,
                          ours,
                          objdump_text,
                          ""};
    difference.category = category_of(difference, insn);
    if (difference.category.empty()) {
      report.unexplained.push_back(std::move(difference));
    } else {
      ++report.explained[difference.category];
    }
  }
  return report;
}

}  // namespace emu::test

namespace emu::test {

std::optional<OracleReport> check_against_objdump(std::span<const std::uint8_t> code) {
  constexpr std::size_t segment_size = 0x10000;
  TempDir dir;
  OracleReport total;
  for (std::size_t start = 0; start < code.size(); start += segment_size) {
    auto segment = code.subspan(start, std::min(segment_size, code.size() - start));
    std::string path = dir.file("segment.bin");
    write_file(path, {segment.begin(), segment.end()});
    auto listing = objdump_disassemble(path);
    if (!listing) return std::nullopt;
    OracleReport report = compare_with_objdump(segment, *listing);
    total.compared += report.compared;
    total.matched += report.matched;
    for (auto& difference : report.unexplained) total.unexplained.push_back(std::move(difference));
    for (const auto& [category, count] : report.explained) total.explained[category] += count;
  }
  return total;
}

}  // namespace emu::test
