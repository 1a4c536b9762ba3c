#include "backends/kvm/kvm_system.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "backends/kvm/kvm_ioctl.h"
#include "core/cpu_profile.h"
#include "core/error.h"

namespace emu::kvm {

namespace {

Error unavailable(const std::string& why) {
  return Error(ExitStatus::backend_unavailable, fmt::format("{}{}", why, unavailable_advice));
}

struct RequiredCapability {
  long id;
  std::string_view name;
};

// What the backend uses: a user memory slot, the real-mode TSS and identity map that Intel
// hosts need, and immediate_exit for --timeout.
constexpr std::array required_capabilities = {
    RequiredCapability{KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
    RequiredCapability{KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR"},
    RequiredCapability{KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
};

}  // namespace

void KvmSystem::require_x86_host() {
  // KVM runs guests of the host's own architecture: x86 guests need an x86-64 host.
  const std::string architecture = host_architecture();
  if (architecture != "x86_64") {
    throw unavailable(fmt::format("KVM is not available on this host: it is {}, and KVM runs x86 guests on x86-64 "
                                  "hosts only",
                                  architecture));
  }
  if (!EMU_KVM_BACKEND) throw unavailable("KVM is not available: this emu was built without its KVM backend (EMU_KVM=OFF)");
}

KvmSystem KvmSystem::open(const std::string& device_path, IoctlLog* log) {
  require_x86_host();
  int fd = ::open(device_path.c_str(), O_RDWR | O_CLOEXEC);
  const int error = errno;
  if (log != nullptr) log->record("open", device_path, fd < 0 ? errno_text(error) : fmt::format("fd {}", fd));
  if (fd < 0) {
    if (error == ENOENT) throw unavailable(fmt::format("KVM is not available: {} does not exist", device_path));
    if (error == EACCES || error == EPERM) {
      throw unavailable(
          fmt::format("KVM is not usable: no permission to open {} (add yourself to the kvm group)", device_path));
    }
    throw unavailable(fmt::format("KVM is not usable: cannot open {}: {}", device_path, std::strerror(error)));
  }
  KvmSystem system(UniqueFd(fd), device_path, log);

  auto plain_result = [](int result) { return IoctlText{"", fmt::format("{}", result)}; };
  int version = kvm_ioctl(log, fd, KVM_GET_API_VERSION, 0, "KVM_GET_API_VERSION", plain_result);
  if (version < 0)
    throw unavailable(fmt::format("KVM is not usable: {} is not a KVM device ({})", device_path, std::strerror(errno)));
  if (version != KVM_API_VERSION) {
    throw unavailable(
        fmt::format("KVM is not usable: {} has API version {}, emu needs {}", device_path, version, KVM_API_VERSION));
  }
  for (const RequiredCapability& capability : required_capabilities) {
    if (!system.has_capability(capability.id, capability.name)) {
      throw unavailable(fmt::format("KVM is not usable: {} lacks {}", device_path, capability.name));
    }
  }
  system.vcpu_mmap_size_ = kvm_ioctl(log, fd, KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE", plain_result);
  if (system.vcpu_mmap_size_ < static_cast<int>(sizeof(kvm_run))) {
    throw unavailable(fmt::format("KVM is not usable: KVM_GET_VCPU_MMAP_SIZE failed ({})", std::strerror(errno)));
  }
  return system;
}

bool KvmSystem::has_capability(long capability, std::string_view name) const {
  return kvm_ioctl(log_, fd_.get(), KVM_CHECK_EXTENSION, capability, "KVM_CHECK_EXTENSION", [&](int result) {
           return IoctlText{std::string(name), fmt::format("{}", result)};
         }) > 0;
}

UniqueFd KvmSystem::create_vm() const {
  int vm;
  do {
    vm = kvm_ioctl(log_, fd_.get(), KVM_CREATE_VM, 0, "KVM_CREATE_VM",
                   [](int result) { return IoctlText{"type=0", fmt::format("VM fd {}", result)}; });
  } while (vm < 0 && errno == EINTR);
  if (vm < 0) throw unavailable(fmt::format("KVM is not usable: KVM_CREATE_VM failed: {}", std::strerror(errno)));
  return UniqueFd(vm);
}

std::string default_device_path() {
  const char* override_path = std::getenv("EMU_KVM_DEVICE");
  return (override_path != nullptr && *override_path != '\0') ? override_path : "/dev/kvm";
}

std::string host_module() {
  for (const char* module : {"kvm_intel", "kvm_amd", "kvm_pvm"}) {
    if (::access(fmt::format("/sys/module/{}", module).c_str(), F_OK) == 0) return module;
  }
  return "unknown";
}

std::string without_advice(std::string message) {
  if (message.ends_with(unavailable_advice)) message.resize(message.size() - unavailable_advice.size());
  return message;
}

}  // namespace emu::kvm
