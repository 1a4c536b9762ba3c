#include "platform/key_feeder.h"

#include <algorithm>

#include "devices/scan_codes.h"

namespace emu {

void KeyFeeder::type(const KeyStroke& stroke) {
  steps_.push_back({Step::Kind::press, stroke, 0});
  steps_.push_back({Step::Kind::release, stroke, 0});
}

void KeyFeeder::pause(std::uint64_t ns) { steps_.push_back({Step::Kind::pause, {}, ns}); }

std::optional<std::vector<std::uint8_t>> KeyFeeder::due(std::uint64_t now, bool keyboard_ready,
                                                        std::uint64_t ready_since) {
  // Pauses start when they are reached.
  if (pausing_ && now >= not_before_) pausing_ = false;
  while (!steps_.empty() && steps_.front().kind == Step::Kind::pause && now >= not_before_) {
    not_before_ += steps_.front().ns;
    pausing_ = not_before_ > now;
    steps_.pop_front();
  }
  if (steps_.empty() || !keyboard_ready) return std::nullopt;
  const std::uint64_t at = std::max(not_before_, ready_since);
  if (now < at) return std::nullopt;
  const Step step = steps_.front();
  steps_.pop_front();
  if (step.kind == Step::Kind::press) {
    not_before_ = at + hold;
    return press_codes(step.stroke);
  }
  not_before_ = at + gap;
  return release_codes(step.stroke);
}

std::optional<std::uint64_t> KeyFeeder::next_time() const {
  if (empty()) return std::nullopt;
  return not_before_;
}

}  // namespace emu
