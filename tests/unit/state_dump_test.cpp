#include "cli/state_dump.h"

#include <gtest/gtest.h>

namespace emu::cli {
namespace {

TEST(StateDump, ExactJsonWithStableKeys) {
  CpuState state = reset_state(0x1234, 0x0005);
  for (unsigned i = 0; i < 8; ++i) state.gpr[i] = 0x100 + i;  // eax=0x100, ecx=0x101, ...
  state.eflags = 0x246;
  load_real_mode_segment(state.sreg(Sreg::ss), 0x9000);
  state.sreg(Sreg::fs).limit = 0xFFFFF;
  state.idtr = {0x400, 0x7F};
  state.interrupt_shadow = true;
  RunResult result{StopReason::exit_device, 85, "", std::nullopt};
  EXPECT_EQ(state_to_json(result, state),
            R"({"exit": {"reason": "exit-device", "code": 85}, "regs": {"eax": 256, "ecx": 257, "edx": 258, )"
            R"("ebx": 259, "esp": 260, "ebp": 261, "esi": 262, "edi": 263, "eip": 5, "eflags": 582}, "segs": )"
            R"({"es": {"selector": 4660, "base": 74560, "limit": 65535, "attributes": 147}, )"
            R"("cs": {"selector": 4660, "base": 74560, "limit": 65535, "attributes": 155}, )"
            R"("ss": {"selector": 36864, "base": 589824, "limit": 65535, "attributes": 147}, )"
            R"("ds": {"selector": 4660, "base": 74560, "limit": 65535, "attributes": 147}, )"
            R"("fs": {"selector": 4660, "base": 74560, "limit": 1048575, "attributes": 147}, )"
            R"("gs": {"selector": 4660, "base": 74560, "limit": 65535, "attributes": 147}}, )"
            R"("system": {"idtr": {"base": 1024, "limit": 127}, "gdtr": {"base": 0, "limit": 65535}, )"
            R"("cr0": 1610612752, "interrupt_shadow": true}, "insns": null})"
            "\n");
}

TEST(StateDump, InstructionCountWhenKnown) {
  RunResult result{StopReason::limit, 10, "limit", 1234};
  std::string json = state_to_json(result, reset_state(0, 0));
  EXPECT_NE(json.find(R"("exit": {"reason": "limit", "code": 10})"), std::string::npos);
  EXPECT_NE(json.find(R"("insns": 1234})"), std::string::npos);
}

TEST(StateDump, EveryStopReasonHasItsName) {
  EXPECT_EQ(stop_reason_name(StopReason::hlt), "hlt");
  EXPECT_EQ(stop_reason_name(StopReason::exit_device), "exit-device");
  EXPECT_EQ(stop_reason_name(StopReason::shutdown), "shutdown");
  EXPECT_EQ(stop_reason_name(StopReason::timeout), "timeout");
  EXPECT_EQ(stop_reason_name(StopReason::limit), "limit");
  EXPECT_EQ(stop_reason_name(StopReason::error), "error");
}

}  // namespace
}  // namespace emu::cli
