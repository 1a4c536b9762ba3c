#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace emu::test {

// A minimal JSON value and parser for test data (numbers are integers or doubles).
struct Json {
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json, std::less<>>;
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, std::shared_ptr<Array>, std::shared_ptr<Object>>
      value;

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(value); }
  std::int64_t integer() const;
  const std::string& string() const { return std::get<std::string>(value); }
  const Array& array() const { return *std::get<std::shared_ptr<Array>>(value); }
  const Object& object() const { return *std::get<std::shared_ptr<Object>>(value); }
  bool has(std::string_view key) const;
  const Json& operator[](std::string_view key) const;
};

// Throws std::runtime_error on malformed input.
Json parse_json(std::string_view text);

}  // namespace emu::test
