#pragma once

#include <cstdint>
#include <string>

namespace emu {

// One line of --stats: a name and a count.
struct StatCounter {
  std::string name;
  std::uint64_t value;
};

}  // namespace emu
