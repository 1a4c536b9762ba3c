#include "core/keys.h"

#include <array>
#include <utility>

namespace emu {

namespace {

// Characters of the main block on a US layout: unshifted and shifted.
struct CharacterKey {
  char plain;
  char shifted;
  Key key;
};

constexpr std::array<CharacterKey, 47> character_keys = {{
    {'1', '!', Key::digit1},     {'2', '@', Key::digit2},        {'3', '#', Key::digit3},
    {'4', '$', Key::digit4},     {'5', '%', Key::digit5},        {'6', '^', Key::digit6},
    {'7', '&', Key::digit7},     {'8', '*', Key::digit8},        {'9', '(', Key::digit9},
    {'0', ')', Key::digit0},     {'-', '_', Key::minus},         {'=', '+', Key::equals},
    {'q', 'Q', Key::q},          {'w', 'W', Key::w},             {'e', 'E', Key::e},
    {'r', 'R', Key::r},          {'t', 'T', Key::t},             {'y', 'Y', Key::y},
    {'u', 'U', Key::u},          {'i', 'I', Key::i},             {'o', 'O', Key::o},
    {'p', 'P', Key::p},          {'[', '{', Key::left_bracket},  {']', '}', Key::right_bracket},
    {'a', 'A', Key::a},          {'s', 'S', Key::s},             {'d', 'D', Key::d},
    {'f', 'F', Key::f},          {'g', 'G', Key::g},             {'h', 'H', Key::h},
    {'j', 'J', Key::j},          {'k', 'K', Key::k},             {'l', 'L', Key::l},
    {';', ':', Key::semicolon},  {'\'', '"', Key::apostrophe},   {'`', '~', Key::backquote},
    {'\\', '|', Key::backslash}, {'z', 'Z', Key::z},             {'x', 'X', Key::x},
    {'c', 'C', Key::c},          {'v', 'V', Key::v},             {'b', 'B', Key::b},
    {'n', 'N', Key::n},          {'m', 'M', Key::m},             {',', '<', Key::comma},
    {'.', '>', Key::period},     {'/', '?', Key::slash},
}};

constexpr std::array<std::pair<std::string_view, Key>, 54> named_keys = {{
    {"esc", Key::escape},         {"escape", Key::escape},       {"enter", Key::enter},
    {"return", Key::enter},       {"tab", Key::tab},             {"backspace", Key::backspace},
    {"bs", Key::backspace},       {"space", Key::space},         {"up", Key::up},
    {"down", Key::down},          {"left", Key::left},           {"right", Key::right},
    {"home", Key::home},          {"end", Key::end},             {"pgup", Key::page_up},
    {"pageup", Key::page_up},     {"pgdn", Key::page_down},      {"pagedown", Key::page_down},
    {"ins", Key::insert},         {"insert", Key::insert},       {"del", Key::del},
    {"delete", Key::del},         {"f1", Key::f1},               {"f2", Key::f2},
    {"f3", Key::f3},              {"f4", Key::f4},               {"f5", Key::f5},
    {"f6", Key::f6},              {"f7", Key::f7},               {"f8", Key::f8},
    {"f9", Key::f9},              {"f10", Key::f10},             {"f11", Key::f11},
    {"f12", Key::f12},            {"capslock", Key::caps_lock},  {"numlock", Key::num_lock},
    {"scrolllock", Key::scroll_lock}, {"lshift", Key::left_shift}, {"rshift", Key::right_shift},
    {"lctrl", Key::left_ctrl},    {"rctrl", Key::right_ctrl},    {"lalt", Key::left_alt},
    {"ralt", Key::right_alt},     {"kp0", Key::keypad0},         {"kp1", Key::keypad1},
    {"kp2", Key::keypad2},        {"kp3", Key::keypad3},         {"kp4", Key::keypad4},
    {"kp5", Key::keypad5},        {"kp6", Key::keypad6},         {"kp7", Key::keypad7},
    {"kp8", Key::keypad8},        {"kp9", Key::keypad9},         {"kpenter", Key::keypad_enter},
}};

}  // namespace

std::optional<KeyStroke> stroke_for_character(char c) {
  switch (c) {
    case '\n':
    case '\r': return KeyStroke{Key::enter};
    case '\t': return KeyStroke{Key::tab};
    case '\b':
    case 0x7F: return KeyStroke{Key::backspace};
    case 0x1B: return KeyStroke{Key::escape};
    case ' ': return KeyStroke{Key::space};
    default: break;
  }
  for (const CharacterKey& entry : character_keys) {
    if (entry.plain == c) return KeyStroke{entry.key};
    if (entry.shifted == c) return KeyStroke{entry.key, modifier::shift};
  }
  return std::nullopt;
}

std::optional<Key> key_named(std::string_view name) {
  for (const auto& [text, key] : named_keys) {
    if (text == name) return key;
  }
  if (name.size() == 1) {
    if (std::optional<KeyStroke> stroke = stroke_for_character(name[0]); stroke && stroke->modifiers == 0) {
      return stroke->key;
    }
  }
  return std::nullopt;
}

}  // namespace emu
