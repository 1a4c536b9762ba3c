#include "display/png.h"

#include <png.h>

#include <stdexcept>
#include <string>

namespace emu::display {

std::string encode_png(const Image& image) {
  png_image description{};
  description.version = PNG_IMAGE_VERSION;
  description.width = image.width;
  description.height = image.height;
  description.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&description, nullptr, &size, 0, image.rgb.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("cannot encode a PNG: ") + description.message);
  }
  std::string bytes(size, '\0');
  if (!png_image_write_to_memory(&description, bytes.data(), &size, 0, image.rgb.data(), 0, nullptr)) {
    throw std::runtime_error(std::string("cannot encode a PNG: ") + description.message);
  }
  bytes.resize(size);
  return bytes;
}

std::optional<Image> decode_png(std::span<const std::uint8_t> bytes) {
  png_image description{};
  description.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&description, bytes.data(), bytes.size())) return std::nullopt;
  description.format = PNG_FORMAT_RGB;
  Image image;
  image.width = description.width;
  image.height = description.height;
  image.rgb.resize(PNG_IMAGE_SIZE(description));
  if (!png_image_finish_read(&description, nullptr, image.rgb.data(), 0, nullptr)) {
    png_image_free(&description);
    return std::nullopt;
  }
  return image;
}

}  // namespace emu::display
