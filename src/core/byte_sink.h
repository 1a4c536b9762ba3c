#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace emu {

// Where console output goes: stdout for the program, a string in tests.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  virtual void flush() {}
};

// Takes bytes and keeps none (the BIOS's transcript while the screen is drawn on the terminal).
class NullSink final : public ByteSink {
 public:
  void write(std::span<const std::uint8_t>) override {}
};

class StringSink final : public ByteSink {
 public:
  void write(std::span<const std::uint8_t> bytes) override { text_.append(bytes.begin(), bytes.end()); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace emu
