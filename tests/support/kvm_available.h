#pragma once

#include <optional>
#include <string>

namespace emu::test {

// Why KVM cannot be used here, or nothing when it can. KVM tests skip with this reason.
std::optional<std::string> kvm_unusable_reason();

bool host_is_kvm_pvm();

}  // namespace emu::test

// Skips the current test, stating why, where /dev/kvm is not usable.
#define EMU_REQUIRE_KVM()                                                          \
  do {                                                                             \
    if (auto reason = ::emu::test::kvm_unusable_reason()) GTEST_SKIP() << *reason; \
  } while (false)
