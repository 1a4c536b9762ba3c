#pragma once

#include <stdexcept>
#include <string>

#include "core/exit_status.h"

namespace emu {

// A failure that ends the program with a documented exit status. The message is one line,
// without the "emu: " prefix, naming the cause.
class Error : public std::runtime_error {
 public:
  Error(ExitStatus status, const std::string& message) : std::runtime_error(message), status_(status) {}
  ExitStatus status() const { return status_; }

 private:
  ExitStatus status_;
};

}  // namespace emu
