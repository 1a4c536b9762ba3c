#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emu::gdb {

// The remote protocol's framing (gdb manual, "Overview" of the Remote Protocol): a packet is
// `$payload#cc`, cc the payload's byte sum modulo 256 in two hex digits; '}' escapes a byte
// (the byte XOR 0x20); a lone 0x03 is an interrupt; '+' and '-' acknowledge.
std::uint8_t checksum(std::string_view bytes);

// `$payload#cc`, with '$', '#', '}' and '*' escaped so any bytes may travel.
std::string frame(std::string_view payload);

// What arrives from gdb, one event at a time.
struct Incoming {
  enum class Kind : std::uint8_t { packet, interrupt, ack, nack, bad_checksum, too_long };
  Kind kind;
  std::string payload;  // packet: unescaped
  friend bool operator==(const Incoming&, const Incoming&) = default;
};

// Splits the byte stream into events. Bytes outside a packet other than '+', '-' and 0x03 are
// noise and dropped; a packet longer than `max_payload` is reported (too_long) and skipped.
class PacketReader {
 public:
  explicit PacketReader(std::size_t max_payload) : max_payload_(max_payload) {}
  void feed(std::string_view bytes, std::vector<Incoming>& events);

 private:
  enum class State : std::uint8_t { idle, payload, escaped, checksum_high, checksum_low };
  std::size_t max_payload_;
  State state_ = State::idle;
  std::string payload_;
  std::uint8_t sum_ = 0;       // of the bytes as sent, escapes included
  std::uint8_t received_ = 0;  // the checksum the packet carries
  bool bad_digit_ = false;
  bool overflow_ = false;
};

// Hex text of bytes, and back (nothing for odd lengths or a non-hex digit).
std::string to_hex(std::string_view bytes);
bool from_hex(std::string_view hex, std::string& bytes);
// A number in hex (as addresses and lengths are sent); false unless the whole text is one.
bool parse_hex(std::string_view text, std::uint64_t& value);

}  // namespace emu::gdb
