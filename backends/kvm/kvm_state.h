#pragma once

#include <linux/kvm.h>

#include "core/cpu_state.h"

namespace emu::kvm {

// The one translation between emu's CpuState and KVM's register structures, used to start a
// run, to dump the final state and to hand state between backends.
CpuState state_from_kvm(const kvm_regs& regs, const kvm_sregs& sregs, const kvm_vcpu_events* events);

// Writes `state` into the structures, keeping fields CpuState does not model (MSRs, CR3/CR4,
// pending exceptions) as KVM had them. Segment attributes are set to what real mode uses.
void state_to_kvm(const CpuState& state, kvm_regs& regs, kvm_sregs& sregs, kvm_vcpu_events* events);

}  // namespace emu::kvm
