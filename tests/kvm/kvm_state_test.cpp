#include "backends/kvm/kvm_state.h"
#include "support/state_fields.h"

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

// Each field of the listing on its own, set to a value unlike the others', must reach KVM's
// structures and come back: a field that get or set forgets fails here by name.
TEST(KvmState, EveryFieldOfTheListingReachesKvmAndComesBack) {
  for (unsigned index = 0; index < test::state_field_count(); ++index) {
    StateField field;
    const CpuState state = test::with_field_changed(reset_state(0, 0), index, field);
    ASSERT_NE(state, reset_state(0, 0));
    kvm_regs regs{};
    kvm_sregs sregs{};
    kvm_vcpu_events events{};
    state_to_kvm(state, regs, sregs, &events);
    EXPECT_EQ(state_from_kvm(regs, sregs, &events), state) << field.group << " " << field.member;
  }
  EXPECT_GE(test::state_field_count(), 40u);
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
  EXPECT_EQ(regs.rflags, 0x0ED7u);
  EXPECT_EQ(sregs.cr0, 0x60000010u);
  // Real-mode segments as the KVM API document (KVM_SET_SREGS) and the SDM's real-address mode
  // describe them: present, code/data (S), DPL 0, a 64 KiB limit, 16-bit, byte granular; CS a
  // read/execute accessed code segment (type 0xB), the others read/write accessed data (0x3).
  for (const kvm_segment* segment : {&sregs.cs, &sregs.ds, &sregs.es, &sregs.ss, &sregs.fs, &sregs.gs}) {
    EXPECT_EQ(segment->present, 1);
    EXPECT_EQ(segment->s, 1);
    EXPECT_EQ(segment->dpl, 0);
    EXPECT_EQ(segment->limit, 0xFFFFu);
    EXPECT_EQ(segment->db, 0);
    EXPECT_EQ(segment->g, 0);
    EXPECT_EQ(segment->l, 0);
  }
  EXPECT_EQ(sregs.cs.selector, 0x1234);
  EXPECT_EQ(sregs.cs.base, 0x12340u);
  // With vCPU events, the interrupt shadow is KVM's, marked valid.
  kvm_vcpu_events events{};
  state_to_kvm(state, regs, sregs, &events);
  EXPECT_NE(events.interrupt.shadow, 0);
  EXPECT_NE(events.flags & KVM_VCPUEVENT_VALID_SHADOW, 0u);
  // Without vCPU events the shadow cannot be carried and reads back as clear.
  EXPECT_FALSE(state_from_kvm(regs, sregs, nullptr).interrupt_shadow);
}

}  // namespace
}  // namespace emu::kvm
