#pragma once

#include <cstdint>
#include <string>

#include "core/display_sink.h"
#include "core/log.h"
#include "platform/machine.h"

namespace emu::cli {

// --screenshot-every N: the screen as a PNG every N frames of device time while the guest runs,
// FILE-0001.png, FILE-0002.png, ... beside --screenshot's FILE.png (for a person checking an
// animation). Each picture is written as it is taken (through a temporary file, as the other
// outputs); one that cannot be written ends the run (Error, status 4).
class ScreenshotSeries final : public DisplaySink {
 public:
  ScreenshotSeries(Machine& machine, std::string final_path, const Log& log)
      : machine_(machine), final_path_(std::move(final_path)), log_(log) {}
  void refresh(std::uint64_t frame) override;
  std::uint64_t taken() const { return taken_; }

  // The path of picture `number` of the series for --screenshot's `path`.
  static std::string numbered(const std::string& path, std::uint64_t number);

 private:
  Machine& machine_;
  std::string final_path_;
  const Log& log_;
  std::uint64_t taken_ = 0;
  bool told_unsupported_ = false;
};

}  // namespace emu::cli
