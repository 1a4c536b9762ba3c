#include "backends/kvm/kvm_state.h"

#include <gtest/gtest.h>

namespace emu::kvm {
namespace {

CpuState sample_state() {
  CpuState state = reset_state(0x1234, 0x5678);
  for (unsigned i = 0; i < 8; ++i) state.gpr[i] = 0x11111111u * (i + 1);
  state.eflags = 0x0ED7;
  load_real_mode_segment(state.sreg(Sreg::ss), 0x9000);
  load_real_mode_segment(state.sreg(Sreg::gs), 0xB800);
  state.idtr = {0x400, 0x7F};
  state.gdtr = {0x1000, 0x17};
  state.interrupt_shadow = true;
  return state;
}

TEST(KvmState, RoundTripKeepsEveryField) {
  CpuState state = sample_state();
  kvm_regs regs{};
  kvm_sregs sregs{};
  kvm_vcpu_events events{};
  state_to_kvm(state, regs, sregs, &events);
  EXPECT_EQ(state_from_kvm(regs, sregs, &events), state);
}

TEST(KvmState, RegistersLandInKvmFields) {
  CpuState state = sample_state();
  kvm_regs regs{};
  kvm_sregs sregs{};
  state_to_kvm(state, regs, sregs, nullptr);
  EXPECT_EQ(regs.rax, 0x11111111u);
  EXPECT_EQ(regs.rcx, 0x22222222u);
  EXPECT_EQ(regs.rdx, 0x33333333u);
  EXPECT_EQ(regs.rbx, 0x44444444u);
  EXPECT_EQ(regs.rsp, 0x55555555u);
  EXPECT_EQ(regs.rbp, 0x66666666u);
  EXPECT_EQ(regs.rsi, 0x77777777u);
  EXPECT_EQ(regs.rdi, 0x88888888u);
  EXPECT_EQ(regs.rip, 0x5678u);
  EXPECT_EQ(sregs.ss.selector, 0x9000);
  EXPECT_EQ(sregs.ss.base, 0x90000u);
  EXPECT_EQ(sregs.cs.type, 0xB);
  EXPECT_EQ(sregs.ds.type, 0x3);
  EXPECT_EQ(sregs.gs.base, 0xB8000u);
  EXPECT_EQ(sregs.idt.base, 0x400u);
  EXPECT_EQ(sregs.idt.limit, 0x7F);
  // Without vCPU events the shadow cannot be carried and reads back as clear.
  EXPECT_FALSE(state_from_kvm(regs, sregs, nullptr).interrupt_shadow);
}

}  // namespace
}  // namespace emu::kvm
