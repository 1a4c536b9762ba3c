#pragma once

#include <string>
#include <string_view>

#include "backends/kvm/ioctl_log.h"
#include "core/unique_fd.h"

namespace emu::kvm {

// The KVM system fd (/dev/kvm), checked to be usable for emu: API version 12 and the
// capabilities the backend relies on. Every failure is Error(backend_unavailable) with advice.
// With `log` (--log-kvm), it and the VM and vCPU made from it record every call they make there.
class KvmSystem {
 public:
  static KvmSystem open(const std::string& device_path, IoctlLog* log = nullptr);
  // The first of open()'s checks: a host that is not x86-64, or a build without the KVM
  // backend, can never run an x86 guest on KVM.
  static void require_x86_host();

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  int vcpu_mmap_size() const { return vcpu_mmap_size_; }
  IoctlLog* log() const { return log_; }
  // KVM_CHECK_EXTENSION; `name` is the capability's, for the log.
  bool has_capability(long capability, std::string_view name) const;
  UniqueFd create_vm() const;

 private:
  KvmSystem(UniqueFd fd, std::string path, IoctlLog* log) : fd_(std::move(fd)), path_(std::move(path)), log_(log) {}
  UniqueFd fd_;
  std::string path_;
  IoctlLog* log_;
  int vcpu_mmap_size_ = 0;
};

// The device path: $EMU_KVM_DEVICE when set (tests use it to simulate a host without KVM),
// else /dev/kvm.
std::string default_device_path();

// The loaded KVM vendor module ("kvm_intel", "kvm_amd", "kvm_pvm") or "unknown".
std::string host_module();

// What every backend_unavailable message of KVM's ends with, for `emu --accel=kvm`.
inline constexpr std::string_view unavailable_advice = "; try --accel=interp";

// The cause alone, without the advice: where it would not help (--accel=auto has passed over
// KVM already; --compare needs KVM whatever).
std::string without_advice(std::string message);

}  // namespace emu::kvm
