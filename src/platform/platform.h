#pragma once

#include <string_view>

#include "core/bus.h"
#include "core/exit_request.h"

namespace emu {

// What a machine's devices are, as the backends see them: the port bus and the memory bus they
// answer on, and the guest's request to end the run. A platform owns its devices and wires them
// to its buses; a backend never sees a device, only these. The PC platform (interrupt
// controllers, timers, keyboard) will add the interrupt lines and the clock to this interface.
class Platform {
 public:
  Platform() = default;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;
  virtual ~Platform() = default;

  // The platform's name as --stats reports it ("bare").
  virtual std::string_view name() const = 0;

  Bus& io() { return io_; }
  Bus& mmio() { return mmio_; }
  ExitRequest& exit_request() { return exit_request_; }

 private:
  Bus io_{"port"};
  Bus mmio_{"mmio"};
  ExitRequest exit_request_;
};

}  // namespace emu
