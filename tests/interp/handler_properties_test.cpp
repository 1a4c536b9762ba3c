// What the block builder asks of an instruction (backends/interp/handlers.h): an instruction
// that runs without the event test must never report one, or a block would run on past a store
// into its own code, a port access that stops the run, or a MOV SS.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "backends/interp/handlers.h"
#include "decoder/decode.h"

namespace emu::interp {
namespace {

x86::Instruction decoded(std::vector<std::uint8_t> bytes) {
  const std::size_t length = bytes.size();
  bytes.resize(32, 0x90);
  x86::Instruction insn = x86::decode(bytes);
  EXPECT_EQ(insn.length, length);
  return insn;
}

TEST(HandlerProperties, InstructionsThatCanReportEventsKeepTheEventTest) {
  const std::vector<std::vector<std::uint8_t>> reporting = {
      {0x89, 0x07},              // mov [bx],ax: a store may rewrite cached code
      {0x01, 0x07},              // add [bx],ax
      {0xC6, 0x07, 0x01},        // mov byte [bx],1
      {0x86, 0x07},              // xchg [bx],al
      {0x0F, 0x94, 0x07},        // sete [bx]
      {0xFF, 0x07},              // inc word [bx]
      {0xAB},                    // stosw
      {0xF3, 0xAC},              // rep lodsb: repeats
      {0x50},                    // push ax: a store
      {0xEE},                    // out dx,al: a device may stop the run
      {0xEC},                    // in al,dx
      {0xFB},                    // sti: the interrupt shadow
      {0x9D},                    // popf: FLAGS loaded
      {0x8E, 0xD0},              // mov ss,ax
      {0xF4},                    // hlt
      {0xD9, 0xC0},              // fld st0: unsupported, stops
  };
  for (const auto& bytes : reporting) EXPECT_FALSE(reports_no_events(decoded(bytes))) << int{bytes[0]};
}

TEST(HandlerProperties, RegisterWorkAndLoadsSkipTheEventTest) {
  const std::vector<std::vector<std::uint8_t>> silent = {
      {0x01, 0xD8},        // add ax,bx
      {0x8B, 0x07},        // mov ax,[bx]: a load may fault, which is not an event
      {0x03, 0x07},        // add ax,[bx]
      {0x39, 0x07},        // cmp [bx],ax: reads only
      {0x8D, 0x40, 0x01},  // lea ax,[bx+si+1]
      {0xC1, 0xC3, 0x03},  // rol bx,3
      {0x40},              // inc ax
      {0xAD},              // lodsw
      {0x86, 0xC3},        // xchg bl,al
  };
  for (const auto& bytes : silent) EXPECT_TRUE(reports_no_events(decoded(bytes))) << int{bytes[0]};
}

}  // namespace
}  // namespace emu::interp
