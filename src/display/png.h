#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "display/screen.h"

namespace emu::display {

// An image as PNG file bytes (libpng), and PNG bytes back as an image (nothing when they are
// not a PNG libpng reads).
std::string encode_png(const Image& image);
std::optional<Image> decode_png(std::span<const std::uint8_t> bytes);

}  // namespace emu::display
