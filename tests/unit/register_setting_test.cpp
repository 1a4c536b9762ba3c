#include "core/register_setting.h"

#include <gtest/gtest.h>

namespace emu {
namespace {

CpuState applied(std::initializer_list<RegisterSetting> settings) {
  CpuState state = reset_state(0xF000, 0xFFF0);
  for (const RegisterSetting& setting : settings) {
    EXPECT_EQ(check_register_setting(setting), "") << setting.name;
    apply_register_setting(state, setting);
  }
  return state;
}

TEST(RegisterSetting, EveryWidthOfAGeneralRegister) {
  CpuState state = applied({{"eax", 0x12345678}, {"ax", 0xBEEF}, {"ah", 0x7F}, {"bl", 0x01}, {"esp", 0xFFFE}});
  EXPECT_EQ(state.reg(Gpr::eax), 0x12347FEFu);
  EXPECT_EQ(state.reg(Gpr::ebx), 0x01u);
  EXPECT_EQ(state.reg(Gpr::esp), 0xFFFEu);
}

TEST(RegisterSetting, ASegmentTakesItsBase) {
  CpuState state = applied({{"ds", 0}, {"ss", 0x9000}});
  EXPECT_EQ(state.sreg(Sreg::ds).selector, 0);
  EXPECT_EQ(state.sreg(Sreg::ds).base, 0u);
  EXPECT_EQ(state.sreg(Sreg::ss).base, 0x90000u);
  EXPECT_EQ(state.sreg(Sreg::cs).base, 0xF0000u);  // untouched: the entry point's
}

TEST(RegisterSetting, IpAndFlagsKeepTheirFixedBits) {
  CpuState state = applied({{"ip", 0x100}, {"flags", 0x0200}});
  EXPECT_EQ(state.eip, 0x100u);
  EXPECT_EQ(state.eflags, 0x0202u);  // bit 1 is always set
}

TEST(RegisterSetting, RefusesUnknownNamesAndValuesTooWide) {
  EXPECT_NE(check_register_setting({"r8", 1}).find("unknown register 'r8'"), std::string::npos);
  EXPECT_NE(check_register_setting({"al", 0x100}).find("does not fit the 8-bit register al"), std::string::npos);
  EXPECT_NE(check_register_setting({"ds", 0x10000}).find("16-bit"), std::string::npos);
  EXPECT_EQ(check_register_setting({"eax", 0xFFFFFFFF}), "");
}

}  // namespace
}  // namespace emu
