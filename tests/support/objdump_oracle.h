#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace emu::test {

// GNU objdump as an external oracle for the decoder (docs/decoder.md, "The objdump oracle").

struct ObjdumpInstruction {
  std::uint32_t address;
  std::uint32_t length;
  std::string text;  // as objdump printed it
};

// Disassembles a flat 16-bit binary with `objdump -D -b binary -m i8086 -M intel`. The last
// instruction is dropped (its length is unknown). Nothing when objdump is not installed.
std::optional<std::vector<ObjdumpInstruction>> objdump_disassemble(const std::string& path);

// The documented normalisation: lowercase, one space after the mnemonic, ", " between operands,
// objdump's stand-alone prefix words (data16, addr32, bnd, cs, ...) and REP prefixes on
// non-string instructions dropped, "+eiz*N" dropped, string instructions with default operands
// in their short form ("movs BYTE PTR es:[di],BYTE PTR ds:[si]" -> "movsb").
std::string normalize_objdump(const std::string& text);
std::string normalize_ours(const std::string& text);

struct Difference {
  std::uint32_t address;
  std::vector<std::uint8_t> bytes;
  unsigned our_length;
  unsigned objdump_length;
  std::string ours;
  std::string objdump;
  std::string category;  // a documented category, or empty when unexplained
};

struct OracleReport {
  std::size_t compared = 0;  // instructions objdump decoded as valid
  std::size_t matched = 0;
  std::vector<Difference> unexplained;
  std::map<std::string, std::size_t> explained;  // category -> count
};

OracleReport compare_with_objdump(std::span<const std::uint8_t> code, const std::vector<ObjdumpInstruction>& listing);

// Splits `code` into 64 KiB code segments (so addresses are IP values, as in real mode), runs
// objdump on each and compares. Nothing when objdump is not installed.
std::optional<OracleReport> check_against_objdump(std::span<const std::uint8_t> code);

}  // namespace emu::test
