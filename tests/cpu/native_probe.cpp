#include "cpu/native_probe.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace emu::test {

namespace {

// What the generated function reads and writes (its only argument, in RDI).
struct Frame {
  std::uint64_t flags_in, rax, rdx, rbx, rcx;  // in
  std::uint64_t flags_out, rax_out, rdx_out;   // out
};

bool is_bcd(const SiliconCase& test) {
  return test.op == "daa" || test.op == "das" || test.op == "aaa" || test.op == "aas" || test.op == "aam" ||
         test.op == "aad";
}

// The instruction in 64-bit mode: real mode's encoding with the operand-size prefix swapped
// (without 66h 64-bit code is 32-bit, with it 16-bit; real mode is the other way round).
std::vector<std::uint8_t> long_mode_code(const SiliconCase& test) {
  std::vector<std::uint8_t> code = silicon_case_code(test);
  if (test.size == 32) code.erase(code.begin());
  if (test.size == 16) code.insert(code.begin(), 0x66);
  return code;
}

}  // namespace

bool NativeProbe::available() {
#if defined(__x86_64__)
  return true;
#else
  return false;
#endif
}

NativeProbe::NativeProbe() {
  if (!available()) return;
  page_ = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page_ == MAP_FAILED) throw std::runtime_error("mmap failed");
}

NativeProbe::~NativeProbe() {
  if (page_ != nullptr) ::munmap(page_, 4096);
}

std::optional<SiliconCase> NativeProbe::run(const SiliconCase& input) {
  if (!available() || is_bcd(input)) return std::nullopt;
  // push rbx; mov r8, rdi; push qword [r8]; popfq; mov rax, [r8+8]; mov rdx, [r8+16];
  // mov rbx, [r8+24]; mov rcx, [r8+32]; <instruction>; pushfq; pop r9; mov [r8+40], r9;
  // mov [r8+48], rax; mov [r8+56], rdx; pop rbx; ret
  std::vector<std::uint8_t> code = {0x53, 0x49, 0x89, 0xF8, 0x41, 0xFF, 0x30, 0x9D, 0x49, 0x8B, 0x40, 0x08,
                                    0x49, 0x8B, 0x50, 0x10, 0x49, 0x8B, 0x58, 0x18, 0x49, 0x8B, 0x48, 0x20};
  std::vector<std::uint8_t> instruction = long_mode_code(input);
  code.insert(code.end(), instruction.begin(), instruction.end());
  code.insert(code.end(), {0x9C, 0x41, 0x59, 0x4D, 0x89, 0x48, 0x28, 0x49, 0x89, 0x40, 0x30, 0x49, 0x89, 0x50, 0x38,
                           0x5B, 0xC3});
  if (::mprotect(page_, 4096, PROT_READ | PROT_WRITE) != 0) throw std::runtime_error("mprotect failed");
  std::memcpy(page_, code.data(), code.size());
  if (::mprotect(page_, 4096, PROT_READ | PROT_EXEC) != 0) throw std::runtime_error("mprotect failed");
  Frame frame{input.flags_in | 2, input.a, silicon_case_uses_edx(input) ? input.b : 0, input.c, input.c, 0, 0, 0};
  auto function = reinterpret_cast<void (*)(Frame*)>(page_);
  function(&frame);
  SiliconCase result = input;
  result.r0 = static_cast<std::uint32_t>(frame.rax_out);
  result.r1 = static_cast<std::uint32_t>(frame.rdx_out);
  result.flags_out = static_cast<std::uint32_t>(frame.flags_out) & arithmetic_flags;
  return result;
}

}  // namespace emu::test
