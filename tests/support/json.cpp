#include "support/json.h"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace emu::test {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Json parse_document() {
    Json value = parse_value();
    skip_space();
    if (position_ != text_.size()) fail("trailing characters");
    return value;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string("JSON: ") + what + " at offset " + std::to_string(position_));
  }
  void skip_space() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_]))) ++position_;
  }
  char peek() {
    skip_space();
    if (position_ >= text_.size()) fail("unexpected end");
    return text_[position_];
  }
  void expect(char c) {
    if (peek() != c) fail("unexpected character");
    ++position_;
  }
  bool consume_word(std::string_view word) {
    if (text_.substr(position_, word.size()) != word) return false;
    position_ += word.size();
    return true;
  }

  Json parse_value() {
    char c = peek();
    if (c == '{') return parse_object();
    if (c == '[') return parse_array();
    if (c == '"') return Json{parse_string()};
    if (consume_word("null")) return Json{nullptr};
    if (consume_word("true")) return Json{true};
    if (consume_word("false")) return Json{false};
    return parse_number();
  }

  Json parse_object() {
    expect('{');
    auto object = std::make_shared<Json::Object>();
    if (peek() == '}') {
      ++position_;
      return Json{object};
    }
    for (;;) {
      std::string key = parse_string();
      expect(':');
      object->emplace(std::move(key), parse_value());
      if (peek() == ',') {
        ++position_;
        continue;
      }
      expect('}');
      return Json{object};
    }
  }

  Json parse_array() {
    expect('[');
    auto array = std::make_shared<Json::Array>();
    if (peek() == ']') {
      ++position_;
      return Json{array};
    }
    for (;;) {
      array->push_back(parse_value());
      if (peek() == ',') {
        ++position_;
        continue;
      }
      expect(']');
      return Json{array};
    }
  }

  std::string parse_string() {
    expect('"');
    std::string result;
    while (position_ < text_.size() && text_[position_] != '"') {
      char c = text_[position_++];
      if (c == '\\') {
        if (position_ >= text_.size()) fail("bad escape");
        char escaped = text_[position_++];
        switch (escaped) {
          case 'n': result += '\n'; break;
          case 't': result += '\t'; break;
          case 'u': result += '?'; position_ += 4; break;  // test data holds ASCII only
          default: result += escaped; break;
        }
      } else {
        result += c;
      }
    }
    expect('"');
    return result;
  }

  Json parse_number() {
    std::size_t start = position_;
    while (position_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[position_])) ||
                                        std::string_view("+-.eE").find(text_[position_]) != std::string_view::npos)) {
      ++position_;
    }
    std::string_view token = text_.substr(start, position_ - start);
    if (token.empty()) fail("expected a value");
    std::int64_t integer = 0;
    auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), integer);
    if (error == std::errc() && end == token.data() + token.size()) return Json{integer};
    return Json{std::stod(std::string(token))};
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

}  // namespace

std::int64_t Json::integer() const {
  if (auto* i = std::get_if<std::int64_t>(&value)) return *i;
  return static_cast<std::int64_t>(std::get<double>(value));
}

bool Json::has(std::string_view key) const {
  auto* object = std::get_if<std::shared_ptr<Object>>(&value);
  return object != nullptr && (*object)->find(key) != (*object)->end();
}

const Json& Json::operator[](std::string_view key) const {
  const Object& fields = object();
  auto found = fields.find(key);
  if (found == fields.end()) throw std::runtime_error("JSON: no key " + std::string(key));
  return found->second;
}

Json parse_json(std::string_view text) { return Parser(text).parse_document(); }

}  // namespace emu::test
