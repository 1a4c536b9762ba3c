#pragma once

#include <string>

#include "backends/kvm/exit_handler.h"
#include "backends/kvm/kvm_system.h"
#include "backends/kvm/kvm_vcpu.h"
#include "backends/kvm/kvm_vm.h"
#include "core/backend.h"
#include "core/machine.h"

namespace emu::kvm {

// Runs the guest on one KVM vCPU over the machine's RAM; exits go to an ExitHandler.
class KvmBackend final : public Backend {
 public:
  // Throws Error(backend_unavailable) when the device cannot be used.
  KvmBackend(Machine& machine, const std::string& device_path);

  std::string_view name() const override { return "kvm"; }
  std::string description() const override;
  RunResult run(const RunLimits& limits) override;
  CpuState state() override;
  void set_state(const CpuState& state) override;
  std::vector<StatCounter> stats() const override;

 private:
  KvmSystem system_;
  KvmVm vm_;
  KvmVcpu vcpu_;
  std::string module_;
  ExitHandler exits_;
  std::uint64_t runs_ = 0;
};

}  // namespace emu::kvm
