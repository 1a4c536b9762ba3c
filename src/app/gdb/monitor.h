#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend.h"
#include "platform/machine.h"

namespace emu::gdb {

// gdb's `monitor` commands (qRcmd): what gdb itself cannot show of a real-mode machine.
//   seg                 the segment registers with bases, limits and attributes
//   break [SEG:OFF]     a breakpoint at a segment:offset (as linear SEG*16+OFF); alone: the list
//   delete N|all        removes monitor breakpoints
//   phys ADDR [LEN]     physical memory, 16 bytes a line
//   ivt [FIRST [COUNT]] the interrupt vector table's entries
//   stats               the backend's counters
//   pic, pit            the interrupt controllers and the timer (--machine pc)
//   help
class Monitor {
 public:
  Monitor(Backend& backend, Machine& machine) : backend_(backend), machine_(machine) {}

  // The command's output (newline-terminated lines).
  std::string run(std::string_view command);
  // Linear addresses of the monitor's breakpoints.
  const std::vector<std::uint32_t>& breakpoints() const { return breakpoints_; }

 private:
  std::string segments();
  std::string add_breakpoint(std::string_view where);
  std::string delete_breakpoints(std::string_view which);
  std::string physical(std::string_view arguments);
  std::string vectors(std::string_view arguments);
  std::string stats();

  Backend& backend_;
  Machine& machine_;
  std::vector<std::uint32_t> breakpoints_;
};

}  // namespace emu::gdb
