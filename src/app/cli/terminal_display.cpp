#include "cli/terminal_display.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "core/cp437.h"

namespace emu::cli {

namespace {

constexpr std::chrono::milliseconds least_interval{20};

std::string foreground(const display::Rgb& colour) {
  return fmt::format("\x1b[38;2;{};{};{}m", colour[0], colour[1], colour[2]);
}
std::string background(const display::Rgb& colour) {
  return fmt::format("\x1b[48;2;{};{};{}m", colour[0], colour[1], colour[2]);
}

}  // namespace

void TerminalDisplay::send(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size() && !failed_) {
    const ssize_t put = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      failed_ = true;
      return;
    }
    done += static_cast<std::size_t>(put);
  }
}

void TerminalDisplay::refresh(std::uint64_t) {
  const auto now = std::chrono::steady_clock::now();
  if (started_ && now - last_draw_ < least_interval) return;
  draw();
}

void TerminalDisplay::draw() {
  if (failed_ || restored_) return;
  last_draw_ = std::chrono::steady_clock::now();
  const std::optional<VideoState> state = machine_.platform().video_state();
  if (!state) return;
  if (!watch_.changed(*state, machine_.memory())) return;
  display::CellScreen screen = display::cells(*state, machine_.memory());
  if (!screen.unsupported.empty()) return;  // the terminal keeps the last screen it could show
  std::string out;
  const bool full = !started_ || screen.columns != shown_.columns || screen.rows != shown_.rows;
  if (full) {
    out += "\x1b[?25l\x1b[0m\x1b[H\x1b[2J";  // the cursor hidden while drawing; a clear screen
    shown_ = display::CellScreen{};
    shown_.columns = screen.columns;
    shown_.rows = screen.rows;
    shown_.cells.assign(screen.cells.size(), display::Cell{0, {1, 2, 3}, {1, 2, 3}});  // unlike any cell
    started_ = true;
  } else {
    out += "\x1b[?25l";
  }
  std::optional<display::Rgb> pen;
  std::optional<display::Rgb> paper;
  unsigned at_row = ~0u;
  unsigned at_column = ~0u;
  for (unsigned row = 0; row < screen.rows; ++row) {
    for (unsigned column = 0; column < screen.columns; ++column) {
      const display::Cell& cell = screen.cells[row * screen.columns + column];
      display::Cell& old = shown_.cells[row * screen.columns + column];
      if (cell == old) continue;
      if (row != at_row || column != at_column) out += fmt::format("\x1b[{};{}H", row + 1, column + 1);
      if (pen != cell.foreground) out += foreground(cell.foreground);
      if (paper != cell.background) out += background(cell.background);
      pen = cell.foreground;
      paper = cell.background;
      out += cp437_to_utf8(cell.character);
      old = cell;
      at_row = row;
      at_column = column + 1;
    }
  }
  out += "\x1b[0m";
  if (screen.cursor_visible) out += fmt::format("\x1b[{};{}H\x1b[?25h", screen.cursor_row + 1, screen.cursor_column + 1);
  send(out);
  ++draws_;
}

void TerminalDisplay::finish() {
  draw();
  restore();
}

void TerminalDisplay::restore() {
  if (restored_ || !started_) {
    restored_ = true;
    return;
  }
  restored_ = true;
  // Below the screen, colours as they were, the cursor shown: the shell's prompt comes after
  // the guest's last screen.
  send(fmt::format("\x1b[0m\x1b[{};1H\x1b[?25h\r\n", shown_.rows));
}

}  // namespace emu::cli
