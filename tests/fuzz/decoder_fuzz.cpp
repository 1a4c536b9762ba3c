// libFuzzer target: the decoder and disassembler over arbitrary bytes. Built with clang and
// -fsanitize=fuzzer,address,undefined (./dev.sh fuzz). Besides crashes and out-of-bounds
// reads, it checks the decoder's invariants.
#include <algorithm>
#include <cstdlib>
#include <span>
#include <vector>

#include "decoder/decode.h"
#include "decoder/disassemble.h"
#include "decoder/flags.h"
#include "decoder/instruction.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace emu::x86;
  std::span<const std::uint8_t> bytes(data, size);
  Instruction insn = decode(bytes);
  if (insn.length > max_instruction_length) std::abort();
  if (insn.op != Op::too_long && insn.length > size) std::abort();
  if (disassemble(insn, 0x1234).empty()) std::abort();
  (void)flag_info(insn);
  if (insn.valid()) {
    if (insn.length == 0) std::abort();
    // The instruction's own bytes are enough to decode it again, identically.
    Instruction again = decode(bytes.first(insn.length));
    if (again.op != insn.op || again.length != insn.length) std::abort();
  }
  // The fast path (taken for windows of 32 bytes or more) decodes exactly as the general decoder.
  std::vector<std::uint8_t> window(bytes.begin(), bytes.end());
  window.resize(std::max<std::size_t>(size, 32), 0x90);
  if (!(decode(window) == decode_general(window))) std::abort();
  // The 80286's decoder: its 10-byte limit, and nothing of the 386's.
  Instruction old = decode_286(bytes);
  if (old.length > max_286_instruction_length) std::abort();
  if (old.op != Op::too_long && old.length > size) std::abort();
  if (old.valid()) {
    if (old.has(prefix::operand_size | prefix::address_size) || old.segment > 3) std::abort();
    Instruction again = decode_286(bytes.first(old.length));
    if (!(again == old)) std::abort();
  }
  return 0;
}
