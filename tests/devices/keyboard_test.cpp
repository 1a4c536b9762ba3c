// The keyboard path: key names and characters, scan code set 1 (values from IBM's set 1
// table, written out here rather than taken from the code), the 8042's commands, the typist's
// pace, the --keys syntax.
#include <gtest/gtest.h>

#include <vector>

#include "core/error.h"
#include "core/keys.h"
#include "devices/keyboard_controller.h"
#include "devices/scan_codes.h"
#include "platform/key_feeder.h"
#include "platform/key_script.h"

namespace emu {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(ScanCodes, SetOneMakeAndBreakCodesOfTheMainBlock) {
  // (key, make) from the set 1 table.
  const std::vector<std::pair<Key, std::uint8_t>> table = {
      {Key::escape, 0x01},    {Key::digit1, 0x02},    {Key::digit0, 0x0B},    {Key::backspace, 0x0E},
      {Key::tab, 0x0F},       {Key::q, 0x10},         {Key::p, 0x19},         {Key::enter, 0x1C},
      {Key::left_ctrl, 0x1D}, {Key::a, 0x1E},         {Key::l, 0x26},         {Key::backquote, 0x29},
      {Key::left_shift, 0x2A}, {Key::backslash, 0x2B}, {Key::z, 0x2C},        {Key::m, 0x32},
      {Key::slash, 0x35},     {Key::right_shift, 0x36}, {Key::left_alt, 0x38}, {Key::space, 0x39},
      {Key::caps_lock, 0x3A}, {Key::f1, 0x3B},        {Key::f10, 0x44},       {Key::num_lock, 0x45},
      {Key::keypad7, 0x47},   {Key::keypad_period, 0x53}, {Key::f11, 0x57},   {Key::f12, 0x58},
  };
  for (const auto& [key, make] : table) {
    EXPECT_EQ(make_codes(key), Bytes{make}) << static_cast<int>(key);
    EXPECT_EQ(break_codes(key), Bytes{static_cast<std::uint8_t>(make | 0x80)}) << static_cast<int>(key);
  }
}

TEST(ScanCodes, TheGrayKeysArePrefixedWithE0) {
  EXPECT_EQ(make_codes(Key::up), (Bytes{0xE0, 0x48}));
  EXPECT_EQ(break_codes(Key::up), (Bytes{0xE0, 0xC8}));
  EXPECT_EQ(make_codes(Key::right), (Bytes{0xE0, 0x4D}));
  EXPECT_EQ(make_codes(Key::del), (Bytes{0xE0, 0x53}));
  EXPECT_EQ(make_codes(Key::page_down), (Bytes{0xE0, 0x51}));
  EXPECT_EQ(make_codes(Key::keypad_enter), (Bytes{0xE0, 0x1C}));
}

TEST(ScanCodes, ModifiersWrapTheKey) {
  const KeyStroke ctrl_alt_del{Key::del, modifier::ctrl | modifier::alt};
  EXPECT_EQ(press_codes(ctrl_alt_del), (Bytes{0x1D, 0x38, 0xE0, 0x53}));
  EXPECT_EQ(release_codes(ctrl_alt_del), (Bytes{0xE0, 0xD3, 0xB8, 0x9D}));
  EXPECT_EQ(press_codes({Key::a, modifier::shift}), (Bytes{0x2A, 0x1E}));
}

TEST(Keys, CharactersAreTypedAsOnAUsKeyboard) {
  EXPECT_EQ(stroke_for_character('a'), (KeyStroke{Key::a, 0}));
  EXPECT_EQ(stroke_for_character('A'), (KeyStroke{Key::a, modifier::shift}));
  EXPECT_EQ(stroke_for_character('!'), (KeyStroke{Key::digit1, modifier::shift}));
  EXPECT_EQ(stroke_for_character('"'), (KeyStroke{Key::apostrophe, modifier::shift}));
  EXPECT_EQ(stroke_for_character('\n'), (KeyStroke{Key::enter, 0}));
  EXPECT_EQ(stroke_for_character(' '), (KeyStroke{Key::space, 0}));
  EXPECT_FALSE(stroke_for_character('\x01'));
  EXPECT_FALSE(stroke_for_character('\xe9'));
}

TEST(KeyScript, CharactersEscapesNamesModifiersAndWaits) {
  const std::vector<KeyAction> actions = parse_key_script("aB\\n\\e\\\\\\{{up}{F1}{ctrl+c}{ctrl+alt+del}{wait:250}");
  const std::vector<KeyAction> expected = {
      {KeyStroke{Key::a, 0}, 0},
      {KeyStroke{Key::b, modifier::shift}, 0},
      {KeyStroke{Key::enter, 0}, 0},
      {KeyStroke{Key::escape, 0}, 0},
      {KeyStroke{Key::backslash, 0}, 0},
      {KeyStroke{Key::left_bracket, modifier::shift}, 0},
      {KeyStroke{Key::up, 0}, 0},
      {KeyStroke{Key::f1, 0}, 0},
      {KeyStroke{Key::c, modifier::ctrl}, 0},
      {KeyStroke{Key::del, modifier::ctrl | modifier::alt}, 0},
      {std::nullopt, 250'000'000},
  };
  EXPECT_EQ(actions, expected);
}

TEST(KeyScript, MistakesAreUsageErrorsThatSayWhere) {
  for (const char* bad : {"{nosuchkey}", "ab{up", "\\q", "x\\", "{wait:}", "{wait:5s}", "{hyper+a}", "\x01"}) {
    try {
      parse_key_script(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.status(), ExitStatus::usage) << bad;
      EXPECT_NE(std::string(error.what()).find("at offset"), std::string::npos) << error.what();
    }
  }
}

TEST(KeyFeeder, KeysComeOneAtATimeAtATypistsPace) {
  KeyFeeder feeder;
  feeder.type({Key::a, 0});
  feeder.pause(100'000'000);
  feeder.type({Key::b, modifier::shift});
  EXPECT_FALSE(feeder.due(0, true)) << "typing starts a little into the run";
  EXPECT_EQ(feeder.next_time(), KeyFeeder::start);
  const std::uint64_t t0 = KeyFeeder::start;
  EXPECT_EQ(feeder.due(t0, true), (Bytes{0x1E}));
  EXPECT_FALSE(feeder.due(t0 + KeyFeeder::hold - 1, true)) << "held";
  EXPECT_FALSE(feeder.due(t0 + KeyFeeder::hold, false)) << "the keyboard still has bytes to send";
  // Asked late, the release is still timed from when it was due: the schedule does not depend
  // on how often it is asked.
  const std::uint64_t t1 = t0 + KeyFeeder::hold;
  EXPECT_EQ(feeder.due(t1 + 5, true), (Bytes{0x9E}));
  // The gap, then the pause, then B.
  const std::uint64_t t2 = t1 + KeyFeeder::gap;
  EXPECT_FALSE(feeder.due(t2, true));
  EXPECT_EQ(feeder.next_time(), t2 + 100'000'000);
  EXPECT_EQ(feeder.due(t2 + 100'000'000, true), (Bytes{0x2A, 0x30}));
  EXPECT_EQ(feeder.due(t2 + 100'000'000 + KeyFeeder::hold, true), (Bytes{0xB0, 0xAA}));
  EXPECT_TRUE(feeder.empty());
}

TEST(KeyFeeder, AKeyWaitsForTheKeyboardAndIsTimedFromWhenItHadRoom) {
  KeyFeeder feeder;
  feeder.type({Key::a, 0});
  feeder.type({Key::b, 0});
  const std::uint64_t t0 = KeyFeeder::start;
  EXPECT_EQ(feeder.due(t0, true), (Bytes{0x1E}));
  // The program reads the make code only at t0 + 50 ms, long after the release was due.
  const std::uint64_t read = t0 + 50'000'000;
  EXPECT_FALSE(feeder.due(read - 1, false));
  EXPECT_EQ(feeder.due(read + 7, true, read), (Bytes{0x9E})) << "due from the read";
  EXPECT_EQ(feeder.next_time(), read + KeyFeeder::gap);
}

TEST(KeyFeeder, APauseAtTheEndKeepsTimeGoing) {
  KeyFeeder feeder;
  feeder.pause(1'000'000);
  EXPECT_FALSE(feeder.empty());
  EXPECT_FALSE(feeder.due(KeyFeeder::start, true));
  EXPECT_FALSE(feeder.empty());
  EXPECT_EQ(feeder.next_time(), KeyFeeder::start + 1'000'000);
  EXPECT_FALSE(feeder.due(KeyFeeder::start + 1'000'000, true));
  EXPECT_TRUE(feeder.empty());
}

struct Controller {
  std::vector<bool> irq;
  int resets = 0;
  std::vector<bool> a20;
  KeyboardController kbc{{[this](bool level) { irq.push_back(level); }, [this] { ++resets; },
                          [this](bool on) { a20.push_back(on); }}};
};

TEST(KeyboardController, KeyboardBytesRaiseIrq1UntilReadOneAtATime) {
  Controller c;
  EXPECT_EQ(c.kbc.read_status() & 0x01, 0);
  c.kbc.keyboard_sends({0xE0, 0x48});
  EXPECT_EQ(c.kbc.read_status() & 0x01, 0x01);
  EXPECT_EQ(c.irq, (std::vector<bool>{true}));
  EXPECT_FALSE(c.kbc.ready_for_keys());
  EXPECT_EQ(c.kbc.read_data(), 0xE0);
  EXPECT_EQ(c.irq, (std::vector<bool>{true, false, true})) << "a new edge for the next byte";
  EXPECT_EQ(c.kbc.read_data(), 0x48);
  EXPECT_EQ(c.kbc.read_status() & 0x01, 0);
  EXPECT_TRUE(c.kbc.ready_for_keys());
  EXPECT_EQ(c.kbc.read_data(), 0x48) << "an empty buffer reads its last byte again";
}

TEST(KeyboardController, SelfTestCommandByteAndInterfaceTest) {
  Controller c;
  c.kbc.write_command(0xAA);
  EXPECT_EQ(c.kbc.read_status() & 0x09, 0x09) << "output full, last write a command";
  EXPECT_EQ(c.kbc.read_data(), 0x55);
  c.kbc.write_command(0x20);
  EXPECT_EQ(c.kbc.read_data(), 0x45) << "IRQ1 enabled, system flag, translation";
  c.kbc.write_command(0x60);
  c.kbc.write_data(0x44);  // interrupts off
  EXPECT_EQ(c.kbc.read_status() & 0x08, 0) << "last write data";
  c.irq.clear();
  c.kbc.keyboard_sends({0x1E});
  EXPECT_TRUE(c.irq.empty()) << "no IRQ1 with the command byte's bit 0 clear";
  EXPECT_EQ(c.kbc.read_data(), 0x1E);
  c.kbc.write_command(0xAB);
  EXPECT_EQ(c.kbc.read_data(), 0x00);
}

TEST(KeyboardController, DisablingTheKeyboardHoldsItsBytes) {
  Controller c;
  c.kbc.write_command(0xAD);
  c.kbc.keyboard_sends({0x1E});
  EXPECT_EQ(c.kbc.read_status() & 0x01, 0);
  c.kbc.write_command(0xAE);
  EXPECT_EQ(c.kbc.read_status() & 0x01, 0x01);
  EXPECT_EQ(c.kbc.read_data(), 0x1E);
}

TEST(KeyboardController, KeyboardCommandsAreAcknowledged) {
  Controller c;
  c.kbc.write_data(0xFF);  // reset
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  EXPECT_EQ(c.kbc.read_data(), 0xAA);
  c.kbc.write_data(0xEE);
  EXPECT_EQ(c.kbc.read_data(), 0xEE);
  c.kbc.write_data(0xED);  // LEDs, then their byte
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  c.kbc.write_data(0x07);
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  c.kbc.write_data(0xF2);  // identify
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  EXPECT_EQ(c.kbc.read_data(), 0xAB);
  EXPECT_EQ(c.kbc.read_data(), 0x41);
  c.kbc.write_data(0xF5);  // disable scanning
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  EXPECT_FALSE(c.kbc.ready_for_keys());
  c.kbc.write_data(0xF4);
  EXPECT_EQ(c.kbc.read_data(), 0xFA);
  EXPECT_TRUE(c.kbc.ready_for_keys());
  c.kbc.write_data(0x12);  // not a command
  EXPECT_EQ(c.kbc.read_data(), 0xFE);
}

TEST(KeyboardController, OutputPortGatesA20AndPulsesReset) {
  Controller c;
  c.kbc.write_command(0xD1);
  c.kbc.write_data(0x03);
  EXPECT_EQ(c.a20, (std::vector<bool>{true}));
  c.kbc.write_command(0xD0);
  EXPECT_EQ(c.kbc.read_data() & 0x03, 0x03);
  c.kbc.write_command(0xDD);
  EXPECT_EQ(c.a20, (std::vector<bool>{true, false}));
  EXPECT_EQ(c.resets, 0);
  c.kbc.write_command(0xFE);
  EXPECT_EQ(c.resets, 1);
  c.kbc.write_command(0xD1);
  c.kbc.write_data(0x02);  // reset line low
  EXPECT_EQ(c.resets, 2);
}

TEST(KeyboardController, TheControllersAnswerComesBeforeWaitingKeyboardBytes) {
  Controller c;
  c.kbc.keyboard_sends({0x1E, 0x9E});
  c.kbc.write_command(0x20);
  EXPECT_EQ(c.kbc.read_data(), 0x45);
  EXPECT_EQ(c.kbc.read_data(), 0x1E);
  EXPECT_EQ(c.kbc.read_data(), 0x9E);
}

}  // namespace
}  // namespace emu
