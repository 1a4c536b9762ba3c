#include "cli/screenshot_series.h"

#include <fmt/format.h>

#include "cli/output_file.h"
#include "display/png.h"
#include "display/screen.h"

namespace emu::cli {

std::string ScreenshotSeries::numbered(const std::string& path, std::uint64_t number) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  const std::string stem = has_extension ? path.substr(0, dot) : path;
  const std::string extension = has_extension ? path.substr(dot) : "";
  return fmt::format("{}-{:04}{}", stem, number, extension);
}

void ScreenshotSeries::refresh(std::uint64_t frame) {
  const std::optional<VideoState> state = machine_.platform().video_state();
  if (!state) return;
  const display::Screen screen = display::render(*state, machine_.memory());
  if (!screen.unsupported.empty()) {
    if (!told_unsupported_) log_.error("--screenshot-every: {} (frame {}); such frames are skipped", screen.unsupported, frame);
    told_unsupported_ = true;
    return;
  }
  const std::string path = numbered(final_path_, ++taken_);
  OutputFile file("screenshot-every", path);
  file.write(display::encode_png(screen.image));
  log_.verbose("screenshot {} at frame {} ({:.3f} s of device time)", path, frame, static_cast<double>(frame) / 70.087);
}

}  // namespace emu::cli
