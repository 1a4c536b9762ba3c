// --log-interp (backends/interp/instruction_log.h): the story of each instruction, told as the
// interpreter executes it, and a run that is the same with the log as without.
#include "backends/interp/instruction_log.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "backends/interp/handlers.h"
#include "decoder/decode.h"
#include "interp/interp_test_support.h"

namespace emu::test {
namespace {

using interp::Handler;

// A guest run with the log telling its first `told` instructions.
struct LoggedRun {
  LoggedRun(const std::vector<std::uint8_t>& code, std::uint64_t told) : run(code) {
    run.interpreter->log_instructions(told, [this](const std::string& line) { text += line; });
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) result.push_back(line);
    return result;
  }
  bool has_line(std::string_view wanted) const {
    for (const std::string& line : lines()) {
      if (line == wanted) return true;
    }
    return false;
  }
  // The lines of instruction #n (its header and the lines indented under it).
  std::vector<std::string> story(int n) const {
    std::vector<std::string> result;
    bool in = false;
    for (const std::string& line : lines()) {
      if (line.starts_with("#")) in = line.starts_with(fmt::format("#{} ", n));
      if (in) result.push_back(line);
    }
    return result;
  }

  InterpRun run;
  std::string text;
};

bool contains(const std::vector<std::string>& lines, std::string_view wanted) {
  for (const std::string& line : lines) {
    if (line.find(wanted) != std::string::npos) return true;
  }
  return false;
}

// mov cx,3; again: add ax,1; add ax,1; loop again; hlt
const std::vector<std::uint8_t> loop_code = {0xB9, 0x03, 0x00, 0x05, 0x01, 0x00, 0x05, 0x01, 0x00, 0xE2, 0xF8, 0xF4};

TEST(InstructionLog, EachInstructionIsToldFromFetchToChanges) {
  LoggedRun logged({0xB0, 0x48, 0xE6, 0xF1, 0xF4}, 10);  // mov al,0x48; out 0xf1,al; hlt
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_EQ(logged.run.console.text(), "H");
  const std::vector<std::string> first = logged.story(1);
  ASSERT_EQ(first.size(), 6u) << logged.text;
  EXPECT_TRUE(first[0].starts_with("#1 0000:7c00  b0 48 ")) << first[0];
  EXPECT_TRUE(first[0].ends_with("mov al, 0x48")) << first[0];
  EXPECT_EQ(first[1], "    fetch: 2 bytes at linear 0x7c00; not in the decode cache: decoded now and cached");
  EXPECT_EQ(first[2], "    decoded: mov (family move), 2 bytes, operand size 1; operands: register al, immediate 0x48; "
                      "flags read: none, written: none");
  EXPECT_TRUE(first[3] == "    handler: mov_reg_imm<1> (backends/interp/move.cpp)" ||
              first[3] == "    handler: mov_reg_imm (backends/interp/move.cpp)")  // Clang names no template arguments
      << first[3];
  EXPECT_TRUE(first[4].starts_with("    run: alone, through the single-instruction path")) << first[4];
  EXPECT_EQ(first[5], "    changed: eax 0x0 -> 0x48, eip 0x7c00 -> 0x7c02");
  EXPECT_TRUE(contains(logged.story(2), "    port: out 1 byte at port 0xf1: 0x48 'H'")) << logged.text;
  EXPECT_EQ(logged.story(3).size(), 6u);
  EXPECT_TRUE(logged.story(4).empty());  // the run ended at the HLT
}

TEST(InstructionLog, ExactlyTheFirstNAreToldAndTheRunIsTheSameAsWithout) {
  InterpRun plain(loop_code);
  EXPECT_EQ(plain.run().reason, StopReason::hlt);
  LoggedRun logged(loop_code, 5);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_EQ(logged.run.state(), plain.state());
  EXPECT_EQ(logged.run.interpreter->instructions(), plain.interpreter->instructions());
  EXPECT_EQ(logged.run.reg(Gpr::eax), 6u);
  EXPECT_FALSE(logged.story(5).empty());
  EXPECT_TRUE(logged.story(6).empty()) << logged.text;
  EXPECT_EQ(logged.lines().back(), "--log-interp: 5 instructions told; no more are");
}

TEST(InstructionLog, TheFastPathTakesOverWhenTheLogIsDone) {
  // mov cx,0x1000; again: inc ax; loop again; hlt
  const std::vector<std::uint8_t> long_loop = {0xB9, 0x00, 0x10, 0x40, 0xE2, 0xFD, 0xF4};
  LoggedRun logged(long_loop, 3);
  EXPECT_TRUE(logged.run.interpreter->logging());
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_FALSE(logged.run.interpreter->logging());
  EXPECT_EQ(logged.run.reg(Gpr::eax), 0x1000u);
  std::uint64_t blocks = 0;
  for (const StatCounter& counter : logged.run.interpreter->stats()) {
    if (counter.name == "blocks built") blocks = counter.value;
  }
  EXPECT_GE(blocks, 1u);  // the loop ran as a block once the log was done
}

TEST(InstructionLog, TheDecodeCacheAndBlocksAreShownAsTheFastPathUsesThem) {
  LoggedRun logged(loop_code, 20);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  // First pass: each instruction new, decoded and run alone.
  for (int n = 1; n <= 4; ++n) EXPECT_TRUE(contains(logged.story(n), "not in the decode cache: decoded now")) << n;
  EXPECT_TRUE(contains(logged.story(4), "run: alone"));
  // Back at the loop's head, decoded before: a block is built from it and run.
  EXPECT_TRUE(logged.has_line("    block 0000:7c03 built: 3 instructions from the decode cache (those after the first "
                              "decoded ahead where new), the last at 0000:7c09, a branch in its exit form; its entries "
                              "run chained, each jumping straight to the next"))
      << logged.text;
  EXPECT_TRUE(contains(logged.story(5), "in the decode cache: no decoding"));
  // The first ADD's flags are overwritten by the second before anything reads them.
  EXPECT_TRUE(contains(logged.story(5), "run: entry 1 of 3 of block 0000:7c03; there without computing flags"))
      << logged.text;
  EXPECT_TRUE(contains(logged.story(6), "run: entry 2 of 3 of block 0000:7c03"));
  EXPECT_FALSE(contains(logged.story(6), "without computing flags"));
  EXPECT_TRUE(contains(logged.story(7), "run: entry 3 of 3 of block 0000:7c03; there in its exit form"));
  EXPECT_TRUE(logged.has_line("    block 0000:7c03 reused: built before, it runs again from its first entry"));
  EXPECT_TRUE(contains(logged.story(8), "run: entry 1 of 3 of block 0000:7c03"));
  // After the loop: the HLT is new.
  EXPECT_TRUE(contains(logged.story(11), "hlt"));
  EXPECT_TRUE(contains(logged.story(11), "not in the decode cache"));
}

TEST(InstructionLog, StepsAreToldAsSteps) {
  LoggedRun logged(loop_code, 2);
  EXPECT_EQ(logged.run.interpreter->step().reason, StopReason::limit);
  EXPECT_EQ(logged.run.interpreter->step().reason, StopReason::limit);
  EXPECT_TRUE(contains(logged.story(2), "stepped one at a time")) << logged.text;
}

TEST(InstructionLog, MemoryAndPortAccessesAreShownWithTheirValues) {
  LoggedRun logged({0xBE, 0x00, 0x05, 0xAC, 0xE6, 0xF1, 0xF4}, 10);  // mov si,0x500; lodsb; out 0xf1,al; hlt
  logged.run.ram()[0x500] = 'Q';
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  const std::vector<std::string> lodsb = logged.story(2);
  EXPECT_TRUE(contains(lodsb, "    memory: read 1 byte at linear 0x500: 0x51 'Q'")) << logged.text;
  EXPECT_TRUE(contains(lodsb, "    changed: eax 0x0 -> 0x51, esi 0x500 -> 0x501, eip 0x7c03 -> 0x7c04")) << logged.text;
  EXPECT_TRUE(contains(logged.story(3), "    port: out 1 byte at port 0xf1: 0x51 'Q'"));
}

TEST(InstructionLog, APortAccessIsToldWholeThoughTheBusMovesItByteByByte) {
  // mov dx,0x80; mov ax,0x1234; out dx,ax; mov eax,0x11223344; out dx,eax; in al,0x60; in ax,dx; hlt
  LoggedRun logged({0xBA, 0x80, 0x00, 0xB8, 0x34, 0x12, 0xEF, 0x66, 0xB8, 0x44, 0x33, 0x22, 0x11, 0x66, 0xEF, 0xE4,
                    0x60, 0xED, 0xF4},
                   10);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_TRUE(contains(logged.story(3), "    port: out 2 bytes at port 0x80: 0x1234")) << logged.text;
  EXPECT_TRUE(contains(logged.story(5), "    port: out 4 bytes at port 0x80: 0x11223344")) << logged.text;
  EXPECT_TRUE(contains(logged.story(6), "    port: in 1 byte at port 0x60: 0xff")) << logged.text;  // no device there
  EXPECT_TRUE(contains(logged.story(7), "    port: in 2 bytes at port 0x80: 0xffff")) << logged.text;
}

TEST(InstructionLog, EachElementOfAStringOutIsAnAccessOfItsOwn) {
  // mov si,0x500; mov dx,0xe9; mov cx,3; rep outsb; hlt
  LoggedRun logged({0xBE, 0x00, 0x05, 0xBA, 0xE9, 0x00, 0xB9, 0x03, 0x00, 0xF3, 0x6E, 0xF4}, 10);
  std::memcpy(logged.run.ram() + 0x500, "abc", 3);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_EQ(logged.run.console.text(), "abc");
  const std::vector<std::string> outs = logged.story(4);
  const std::vector<std::string> accesses(outs.begin() + 5, outs.end() - 1);
  const std::vector<std::string> expected = {
      "    memory: read 1 byte at linear 0x500: 0x61 'a'", "    port: out 1 byte at port 0xe9: 0x61 'a'",
      "    memory: read 1 byte at linear 0x501: 0x62 'b'", "    port: out 1 byte at port 0xe9: 0x62 'b'",
      "    memory: read 1 byte at linear 0x502: 0x63 'c'", "    port: out 1 byte at port 0xe9: 0x63 'c'"};
  EXPECT_EQ(accesses, expected) << logged.text;
}

TEST(InstructionLog, AStackWriteAndTheFlagsChangedByName) {
  // mov ax,0x1234; push ax; sub ax,ax; hlt (SP 0: the push wraps to FFFE)
  LoggedRun logged({0xB8, 0x34, 0x12, 0x50, 0x29, 0xC0, 0xF4}, 10);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_TRUE(contains(logged.story(2), "    memory: write 2 bytes at linear 0xfffe: 0x1234")) << logged.text;
  EXPECT_TRUE(contains(logged.story(3), "eflags 0x2 -> 0x46 (PF ZF set)")) << logged.text;
}

TEST(InstructionLog, AnExceptionIsDeliveredThroughTheIvt) {
  LoggedRun logged({0xF6, 0xF1}, 10);  // div cl, with CL 0
  logged.run.handle(0, 0x600);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_TRUE(logged.has_line("    exception 0x00: FLAGS, CS and IP pushed, CS:IP from the IVT entry at 0x0: handler at "
                              "0000:0600"))
      << logged.text;
  EXPECT_TRUE(contains(logged.story(2), "hlt"));
}

TEST(InstructionLog, ARepStringCopyInOneHostMoveIsSaidSo) {
  // mov cx,16; mov si,0x500; mov di,0x600; rep movsb; hlt
  LoggedRun logged({0xB9, 0x10, 0x00, 0xBE, 0x00, 0x05, 0xBF, 0x00, 0x06, 0xF3, 0xA4, 0xF4}, 10);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_TRUE(contains(logged.story(4), "    memory: 16 bytes copied from linear 0x500 to 0x600 in one host memmove"))
      << logged.text;
}

TEST(InstructionLog, ManyAccessesAreCountedNotListed) {
  // mov cx,40; mov si,0x500; rep lodsb; hlt: 40 reads in one instruction
  LoggedRun logged({0xB9, 0x28, 0x00, 0xBE, 0x00, 0x05, 0xF3, 0xAC, 0xF4}, 10);
  EXPECT_EQ(logged.run.run().reason, StopReason::hlt);
  EXPECT_TRUE(contains(logged.story(3), "    ... and 24 more accesses")) << logged.text;
}

TEST(InstructionLog, HandlerNamesComeFromTheCompilersText) {
  Handler gcc;
  gcc.name =
      "constexpr const char* emu::interp::step_function_name() [with void (* F)(Cpu&, const emu::x86::Instruction&) = "
      "{anonymous}::alu<emu::x86::Op::test, 1, emu::interp::Form::reg, emu::interp::<unnamed>::Source::reg, true>]";
  EXPECT_EQ(interp::handler_name(gcc), "alu<Op::test, 1, Form::reg, Source::reg, true>");
  Handler clang;
  clang.name = "const char *emu::interp::step_function_name() [F = &emu::interp::(anonymous namespace)::mov_reg_imm]";
  EXPECT_EQ(interp::handler_name(clang), "mov_reg_imm");
  EXPECT_EQ(interp::handler_name(Handler{}), "(none)");
  // Every handler the selectors hand out has its name.
  const std::uint8_t out[] = {0xE6, 0xF1};
  const Handler selected = interp::select_handler(x86::decode(out), CpuProfile::intel);
  EXPECT_TRUE(interp::handler_name(selected).starts_with("out")) << interp::handler_name(selected);
}

TEST(InstructionLog, TheDecodedFormNamesOperandsAndFlags) {
  const std::uint8_t jz[] = {0x74, 0x04};
  EXPECT_EQ(interp::decoded_form_text(x86::decode(jz), 0x7),
            "jcc (family control), 2 bytes, operand size 2; operands: relative +4 (to 000d); flags read: ZF, written: none");
  const std::uint8_t add[] = {0x00, 0x07};  // add [bx],al
  EXPECT_EQ(interp::decoded_form_text(x86::decode(add), 0),
            "add (family alu), 2 bytes, operand size 1; operands: memory byte ptr [bx], register al; flags read: none, "
            "written: CF PF AF ZF SF OF");
  const std::uint8_t shl[] = {0xD0, 0xE0};  // shl al,1
  EXPECT_NE(interp::decoded_form_text(x86::decode(shl), 0).find("operands: register al, the constant 1"), std::string::npos);
}

}  // namespace
}  // namespace emu::test
