#include "backends/kvm/kvm_state.h"

#include <array>

namespace emu::kvm {

namespace {

// kvm_regs holds the general registers in its own order; these map encoding order onto it.
using RegsField = __u64 kvm_regs::*;
constexpr std::array<RegsField, 8> gpr_fields = {&kvm_regs::rax, &kvm_regs::rcx, &kvm_regs::rdx, &kvm_regs::rbx,
                                                 &kvm_regs::rsp, &kvm_regs::rbp, &kvm_regs::rsi, &kvm_regs::rdi};

using SregsField = kvm_segment kvm_sregs::*;
constexpr std::array<SregsField, 6> segment_fields = {&kvm_sregs::es, &kvm_sregs::cs, &kvm_sregs::ss,
                                                      &kvm_sregs::ds, &kvm_sregs::fs, &kvm_sregs::gs};

// CpuState's attributes (the access-rights layout, cpu_state.h) to kvm_segment's fields and back.
std::uint16_t attributes_of(const kvm_segment& segment) {
  return static_cast<std::uint16_t>((segment.type & 0xF) | (segment.s & 1) << 4 | (segment.dpl & 3) << 5 |
                                    (segment.present & 1) << 7 | (segment.avl & 1) << 12 | (segment.l & 1) << 13 |
                                    (segment.db & 1) << 14 | (segment.g & 1) << 15);
}

void set_attributes(kvm_segment& segment, std::uint16_t attributes) {
  segment.type = attributes & 0xF;
  segment.s = (attributes >> 4) & 1;
  segment.dpl = (attributes >> 5) & 3;
  segment.present = (attributes >> 7) & 1;
  segment.avl = (attributes >> 12) & 1;
  segment.l = (attributes >> 13) & 1;
  segment.db = (attributes >> 14) & 1;
  segment.g = (attributes >> 15) & 1;
}

}  // namespace

CpuState state_from_kvm(const kvm_regs& regs, const kvm_sregs& sregs, const kvm_vcpu_events* events) {
  CpuState state;
  for (unsigned i = 0; i < gpr_fields.size(); ++i) state.gpr[i] = static_cast<std::uint32_t>(regs.*gpr_fields[i]);
  state.eip = static_cast<std::uint32_t>(regs.rip);
  state.eflags = static_cast<std::uint32_t>(regs.rflags);
  for (unsigned i = 0; i < segment_fields.size(); ++i) {
    const kvm_segment& segment = sregs.*segment_fields[i];
    state.seg[i] = {segment.selector, static_cast<std::uint32_t>(segment.base), segment.limit, attributes_of(segment)};
  }
  state.idtr = {static_cast<std::uint32_t>(sregs.idt.base), sregs.idt.limit};
  state.gdtr = {static_cast<std::uint32_t>(sregs.gdt.base), sregs.gdt.limit};
  state.cr0 = static_cast<std::uint32_t>(sregs.cr0);
  state.interrupt_shadow = events != nullptr && events->interrupt.shadow != 0;
  return state;
}

void state_to_kvm(const CpuState& state, kvm_regs& regs, kvm_sregs& sregs, kvm_vcpu_events* events) {
  regs = {};
  for (unsigned i = 0; i < gpr_fields.size(); ++i) regs.*gpr_fields[i] = state.gpr[i];
  regs.rip = state.eip;
  regs.rflags = state.eflags;
  for (unsigned i = 0; i < segment_fields.size(); ++i) {
    kvm_segment& segment = sregs.*segment_fields[i];
    segment = {};
    segment.selector = state.seg[i].selector;
    segment.base = state.seg[i].base;
    segment.limit = state.seg[i].limit;
    set_attributes(segment, state.seg[i].attributes);
  }
  sregs.idt.base = state.idtr.base;
  sregs.idt.limit = state.idtr.limit;
  sregs.gdt.base = state.gdtr.base;
  sregs.gdt.limit = state.gdtr.limit;
  sregs.cr0 = state.cr0;
  if (events != nullptr) {
    // KVM_X86_SHADOW_INT_MOV_SS | KVM_X86_SHADOW_INT_STI: either blocks for one instruction.
    events->interrupt.shadow = state.interrupt_shadow ? 1 : 0;
    events->flags |= KVM_VCPUEVENT_VALID_SHADOW;
  }
}

}  // namespace emu::kvm
