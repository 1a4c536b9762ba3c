// Exceptions and the single-step trap as the run loop delivers them through the IVT
// (interrupts.cpp enters the handler): a fault's IP and count, the double fault and shutdown.
#include "backends/interp/interpreter.h"
#include "backends/interp/interrupts.h"

namespace emu::interp {

namespace {

// Exceptions the SDM calls contributory (Vol. 3, 6.15, table 6-5): one of these while
// delivering another becomes a double fault.
bool contributory(std::uint8_t vector) { return vector == 0 || (vector >= 10 && vector <= 13); }

}  // namespace

// Delivers an exception for the current instruction (IP already reset to it), escalating to a
// double fault and then to shutdown as the SDM describes.
void Interpreter::raise_exception(std::uint8_t vector) {
  paused_rep_.reset();  // after an interrupt the CPU fetches the REP instruction afresh
  std::uint8_t current = vector;
  for (;;) {
    try {
      ++exceptions_;
      last_exception_ = current;
      enter_interrupt(cpu_, current, cpu_.eip);
      if (logging_) [[unlikely]] log_->delivered(current, "exception", state());
      // Its pushes may have overwritten cached code (code_modified): that concerns no instruction
      // (the cache is up to date and the next run drops stale blocks), and an event left over
      // would be taken for one reported by the next instruction.
      cpu_.events &= Cpu::stop_requested;
      return;
    } catch (const GuestFault& nested) {
      if (current == vector::double_fault) {
        cpu_.request_stop(Stop::shutdown);
        return;
      }
      current = contributory(current) && contributory(nested.vector) ? vector::double_fault : nested.vector;
      if (current == vector && current != vector::double_fault) current = vector::double_fault;
    }
  }
}

// A faulting instruction counts: its execution ended in the exception.
bool Interpreter::fault(const GuestFault& fault) {
  cpu_.eip = cpu_.instruction_eip;
  cpu_.events &= Cpu::stop_requested;
  ++cpu_.instructions;
  cpu_.interrupt_shadow = false;
  raise_exception(fault.vector);
  return cpu_.stop != Stop::none;
}

}  // namespace emu::interp
