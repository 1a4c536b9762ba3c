#include "backends/kvm/kvm_backend.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "backends/kvm/kvm_state.h"
#include "backends/kvm/run_timer.h"
#include "core/exit_status.h"
#include "core/guest_location.h"

namespace emu::kvm {

KvmBackend::KvmBackend(Machine& machine, const std::string& device_path)
    : system_(KvmSystem::open(device_path)),
      vm_(system_, machine.memory()),
      vcpu_(system_, vm_),
      module_(host_module()),
      exits_(machine, [this] { return state(); }) {
  set_state(machine.initial_state());
}

std::string KvmBackend::description() const { return fmt::format("KVM ({}) via {}", module_, system_.path()); }

CpuState KvmBackend::state() {
  if (!vcpu_.has_events()) return state_from_kvm(vcpu_.regs(), vcpu_.sregs(), nullptr);
  kvm_vcpu_events events = vcpu_.events();
  return state_from_kvm(vcpu_.regs(), vcpu_.sregs(), &events);
}

void KvmBackend::set_state(const CpuState& state) {
  kvm_regs regs{};
  kvm_sregs sregs = vcpu_.sregs();
  std::optional<kvm_vcpu_events> events;
  if (vcpu_.has_events()) events = vcpu_.events();
  state_to_kvm(state, regs, sregs, events ? &*events : nullptr);
  vcpu_.set_sregs(sregs);
  vcpu_.set_regs(regs);
  if (events) vcpu_.set_events(*events);
}

RunResult KvmBackend::run(const RunLimits& limits) {
  kvm_run& run_area = vcpu_.run_area();
  std::optional<RunTimer> timer;
  if (limits.timeout) timer.emplace(run_area, *limits.timeout);

  for (;;) {
    if (timer && timer->expired()) {
      run_area.immediate_exit = 0;
      return {StopReason::timeout, to_int(ExitStatus::limit),
              fmt::format("guest stopped: --timeout reached at {}", format_cs_ip(state())), std::nullopt};
    }
    ++runs_;
    int error = vcpu_.run();
    if (error == EINTR) {
      exits_.count_signal();
      continue;
    }
    if (error == EAGAIN) continue;
    if (error != 0) {
      return {StopReason::error, to_int(ExitStatus::internal), fmt::format("KVM_RUN failed: {}", std::strerror(error)),
              std::nullopt};
    }
    if (auto result = exits_.handle(decode_exit(vcpu_.run_bytes()))) return *result;
  }
}

std::vector<StatCounter> KvmBackend::stats() const {
  std::vector<StatCounter> counters{{"KVM_RUN calls", runs_}};
  for (StatCounter& counter : exits_.stats()) counters.push_back(std::move(counter));
  return counters;
}

}  // namespace emu::kvm
