#pragma once

namespace emu {

// emu's process exit statuses. emu's own failures are even so that they never collide with
// the odd statuses the guest chooses through the exit device ((v << 1) | 1).
enum class ExitStatus : int {
  ok = 0,
  usage = 2,                // bad command line
  bad_input = 4,            // image or other input file unusable
  backend_unavailable = 6,  // e.g. no usable /dev/kvm
  guest_fault = 8,          // triple fault, unsupported instruction, fetch from unassigned memory
  limit = 10,               // --timeout or --max-insns reached
  internal = 12,            // host-side failure inside emu
  diverged = 14,            // --compare: KVM and the interpreter disagree
  inconclusive = 16,        // --compare: the guest read a flag left undefined
  interrupted = 18,         // SIGINT, SIGTERM or SIGHUP ended the run, or the quit key (Ctrl+])
  reset = 20,               // the guest pulsed the CPU's reset line (--machine pc)
  input_exhausted = 22,     // the guest waited for a key that can never come (BIOS INT 16h)
  no_boot = 24,             // no bootable disk (BIOS INT 18h)
};

constexpr int to_int(ExitStatus status) { return static_cast<int>(status); }

}  // namespace emu
