// What xterm-like terminals send in raw mode, decoded into keys (the sequences as terminals
// document them: xterm's ctlseqs, "PC-Style Function Keys").
#include <gtest/gtest.h>

#include "cli/terminal_keys.h"

namespace emu::cli {
namespace {

std::vector<TerminalKey> keys(std::initializer_list<KeyStroke> strokes) {
  std::vector<TerminalKey> out;
  for (const KeyStroke& stroke : strokes) out.push_back({stroke});
  return out;
}

TEST(TerminalKeys, PrintableCharactersAndControlBytes) {
  EXPECT_EQ(decode_terminal_bytes("aZ 1!"),
            keys({{Key::a}, {Key::z, modifier::shift}, {Key::space}, {Key::digit1}, {Key::digit1, modifier::shift}}));
  EXPECT_EQ(decode_terminal_bytes("\r\t\x7f"), keys({{Key::enter}, {Key::tab}, {Key::backspace}}));
  EXPECT_EQ(decode_terminal_bytes("\x03\x1a"), keys({{Key::c, modifier::ctrl}, {Key::z, modifier::ctrl}}));
}

TEST(TerminalKeys, EscapeSequencesOfArrowsEditingAndFunctionKeys) {
  EXPECT_EQ(decode_terminal_bytes("\x1b[A\x1b[B\x1b[C\x1b[D"), keys({{Key::up}, {Key::down}, {Key::right}, {Key::left}}));
  EXPECT_EQ(decode_terminal_bytes("\x1bOA"), keys({{Key::up}})) << "application cursor mode";
  EXPECT_EQ(decode_terminal_bytes("\x1b[H\x1b[F\x1b[2~\x1b[3~\x1b[5~\x1b[6~"),
            keys({{Key::home}, {Key::end}, {Key::insert}, {Key::del}, {Key::page_up}, {Key::page_down}}));
  EXPECT_EQ(decode_terminal_bytes("\x1bOP\x1bOS\x1b[15~\x1b[21~\x1b[24~"),
            keys({{Key::f1}, {Key::f4}, {Key::f5}, {Key::f10}, {Key::f12}}));
  EXPECT_EQ(decode_terminal_bytes("\x1b[1;5C"), keys({{Key::right, modifier::ctrl}})) << "xterm's modifier parameter";
  EXPECT_EQ(decode_terminal_bytes("\x1b[1;2A"), keys({{Key::up, modifier::shift}}));
}

TEST(TerminalKeys, ALoneEscIsTheEscKey) {
  EXPECT_EQ(decode_terminal_bytes("\x1b"), keys({{Key::escape}}));
  EXPECT_EQ(decode_terminal_bytes("\x1bx"), keys({{Key::escape}, {Key::x}}));
}

TEST(TerminalKeys, CtrlRightBracketIsTheQuitKey) {
  const std::vector<TerminalKey> decoded = decode_terminal_bytes("a\x1d");
  ASSERT_EQ(decoded.size(), 2u);
  EXPECT_EQ(decoded[0], (TerminalKey{KeyStroke{Key::a}}));
  EXPECT_FALSE(decoded[1].stroke);
}

}  // namespace
}  // namespace emu::cli
