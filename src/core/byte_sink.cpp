#include "core/byte_sink.h"

namespace emu {

void FileSink::write(std::span<const std::uint8_t> bytes) { std::fwrite(bytes.data(), 1, bytes.size(), file_); }

void FileSink::flush() { std::fflush(file_); }

}  // namespace emu
