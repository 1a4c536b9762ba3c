#include "gdb/packet.h"

#include <charconv>

namespace emu::gdb {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::uint8_t checksum(std::string_view bytes) {
  std::uint8_t sum = 0;
  for (char c : bytes) sum = static_cast<std::uint8_t>(sum + static_cast<std::uint8_t>(c));
  return sum;
}

std::string frame(std::string_view payload) {
  std::string body;
  body.reserve(payload.size() + 8);
  for (char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      body += '}';
      body += static_cast<char>(c ^ 0x20);
    } else {
      body += c;
    }
  }
  const std::uint8_t sum = checksum(body);
  std::string packet = "$";
  packet += body;
  packet += '#';
  packet += hex_digits[sum >> 4];
  packet += hex_digits[sum & 0xF];
  return packet;
}

void PacketReader::feed(std::string_view bytes, std::vector<Incoming>& events) {
  for (char c : bytes) {
    switch (state_) {
      case State::idle:
        if (c == '$') {
          state_ = State::payload;
          payload_.clear();
          sum_ = 0;
          overflow_ = false;
          bad_digit_ = false;
        } else if (c == '\x03') {
          events.push_back({Incoming::Kind::interrupt, {}});
        } else if (c == '+') {
          events.push_back({Incoming::Kind::ack, {}});
        } else if (c == '-') {
          events.push_back({Incoming::Kind::nack, {}});
        }
        break;
      case State::payload:
      case State::escaped:
        if (c == '#') {
          state_ = State::checksum_high;
          break;
        }
        if (c == '$') {  // a packet begun again: gdb gave up on the last one
          payload_.clear();
          sum_ = 0;
          overflow_ = false;
          state_ = State::payload;
          break;
        }
        sum_ = static_cast<std::uint8_t>(sum_ + static_cast<std::uint8_t>(c));
        if (state_ == State::payload && c == '}') {
          state_ = State::escaped;
          break;
        }
        if (payload_.size() >= max_payload_) {
          overflow_ = true;
        } else {
          payload_ += state_ == State::escaped ? static_cast<char>(c ^ 0x20) : c;
        }
        state_ = State::payload;
        break;
      case State::checksum_high:
      case State::checksum_low: {
        const int digit = hex_value(c);
        if (digit < 0) bad_digit_ = true;
        if (state_ == State::checksum_high) {
          received_ = static_cast<std::uint8_t>((digit < 0 ? 0 : digit) << 4);
          state_ = State::checksum_low;
          break;
        }
        received_ = static_cast<std::uint8_t>(received_ | (digit < 0 ? 0 : digit));
        state_ = State::idle;
        if (overflow_) {
          events.push_back({Incoming::Kind::too_long, {}});
        } else if (bad_digit_ || received_ != sum_) {
          events.push_back({Incoming::Kind::bad_checksum, {}});
        } else {
          events.push_back({Incoming::Kind::packet, std::move(payload_)});
        }
        payload_.clear();
        break;
      }
    }
  }
}

std::string to_hex(std::string_view bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<std::uint8_t>(c);
    hex += hex_digits[byte >> 4];
    hex += hex_digits[byte & 0xF];
  }
  return hex;
}

bool from_hex(std::string_view hex, std::string& bytes) {
  if (hex.size() % 2 != 0) return false;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    out += static_cast<char>(high << 4 | low);
  }
  bytes = std::move(out);
  return true;
}

bool parse_hex(std::string_view text, std::uint64_t& value) {
  if (text.empty() || text.size() > 16) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace emu::gdb
