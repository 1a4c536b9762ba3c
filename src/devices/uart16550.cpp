#include "devices/uart16550.h"

namespace emu {

namespace {

constexpr unsigned fifo_size = 16;

namespace ier {
constexpr std::uint8_t received = 0x01, transmitter_empty = 0x02, line_status = 0x04, modem_status = 0x08;
}  // namespace ier

namespace lsr {
constexpr std::uint8_t data_ready = 0x01, overrun = 0x02, thr_empty = 0x20, transmitter_empty = 0x40;
}  // namespace lsr

namespace mcr {
constexpr std::uint8_t dtr = 0x01, rts = 0x02, out1 = 0x04, out2 = 0x08, loop = 0x10;
}  // namespace mcr

}  // namespace

Uart16550::Uart16550(Wiring wiring) : wiring_(std::move(wiring)) { last_inputs_ = modem_status_inputs(); }

unsigned Uart16550::trigger_level() const {
  static constexpr unsigned levels[] = {1, 4, 8, 14};
  return fifo_enabled() ? levels[fcr_ >> 6] : 1;
}

std::uint64_t Uart16550::character_ns() const {
  // Start bit, 5-8 data bits, parity, 1 or 2 stop bits; 16 clocks a bit.
  const unsigned bits = 1 + 5 + (lcr_ & 0x03) + ((lcr_ & 0x08) ? 1 : 0) + ((lcr_ & 0x04) ? 2 : 1);
  const std::uint64_t divisor = divisor_ == 0 ? 0x10000 : divisor_;
  return bits * divisor * 16 * 1'000'000'000ull / clock_hz;
}

// CTS, DSR, RI and DCD: in loopback RTS, DTR, OUT1 and OUT2; otherwise a terminal that is there
// and ready (CTS, DSR, DCD).
std::uint8_t Uart16550::modem_status_inputs() const {
  if (mcr_ & mcr::loop) {
    return static_cast<std::uint8_t>(((mcr_ & mcr::rts) ? 0x10 : 0) | ((mcr_ & mcr::dtr) ? 0x20 : 0) |
                                     ((mcr_ & mcr::out1) ? 0x40 : 0) | ((mcr_ & mcr::out2) ? 0x80 : 0));
  }
  return 0xB0;
}

std::uint8_t Uart16550::interrupt_identification() const {
  const std::uint8_t fifo_bits = fifo_enabled() ? 0xC0 : 0x00;
  if ((ier_ & ier::line_status) && overrun_) return fifo_bits | 0x06;
  if ((ier_ & ier::received) && receive_fifo_.size() >= trigger_level()) return fifo_bits | 0x04;
  if ((ier_ & ier::received) && timeout_ && !receive_fifo_.empty()) return fifo_bits | 0x0C;
  if ((ier_ & ier::transmitter_empty) && thre_pending_) return fifo_bits | 0x02;
  if ((ier_ & ier::modem_status) && msr_deltas_) return fifo_bits | 0x00;
  return fifo_bits | 0x01;  // nothing pending
}

void Uart16550::update_irq() {
  const bool level = (mcr_ & mcr::out2) && !(interrupt_identification() & 0x01);
  if (level != irq_level_) {
    irq_level_ = level;
    wiring_.irq(level);
  }
}

bool Uart16550::can_receive() const { return receive_fifo_.size() < (fifo_enabled() ? fifo_size : 1); }

void Uart16550::receive(std::uint8_t byte, std::uint64_t now) {
  if (!can_receive()) {
    overrun_ = true;  // the byte is lost, as on the chip
  } else {
    receive_fifo_.push_back(byte);
  }
  last_activity_ = now;
  timeout_ = false;
  update_irq();
}

void Uart16550::advance(std::uint64_t now) {
  if (std::optional<std::uint64_t> at = next_event(); at && now >= *at) {
    timeout_ = true;
    update_irq();
  }
}

std::optional<std::uint64_t> Uart16550::next_event() const {
  // Four character times without a byte received or read, with bytes below the trigger level.
  if (!fifo_enabled() || receive_fifo_.empty() || timeout_ || receive_fifo_.size() >= trigger_level()) {
    return std::nullopt;
  }
  return last_activity_ + 4 * character_ns();
}

void Uart16550::set_modem_control(std::uint8_t value) {
  mcr_ = value & 0x1F;
  const std::uint8_t inputs = modem_status_inputs();
  // Deltas: CTS, DSR, DCD changed; RI's trailing edge.
  const std::uint8_t changed = inputs ^ last_inputs_;
  msr_deltas_ |= static_cast<std::uint8_t>(((changed & 0x10) ? 0x01 : 0) | ((changed & 0x20) ? 0x02 : 0) |
                                           ((changed & 0x40) && !(inputs & 0x40) ? 0x04 : 0) | ((changed & 0x80) ? 0x08 : 0));
  last_inputs_ = inputs;
}

std::uint8_t Uart16550::read(unsigned offset, std::uint64_t now) {
  advance(now);
  const bool dlab = (lcr_ & 0x80) != 0;
  std::uint8_t value = 0xFF;
  switch (offset) {
    case 0:
      if (dlab) {
        value = static_cast<std::uint8_t>(divisor_);
      } else {
        value = 0;
        if (!receive_fifo_.empty()) {
          value = receive_fifo_.front();
          receive_fifo_.pop_front();
        }
        last_activity_ = now;
        timeout_ = false;
      }
      break;
    case 1: value = dlab ? static_cast<std::uint8_t>(divisor_ >> 8) : ier_; break;
    case 2:
      value = interrupt_identification();
      if ((value & 0x0F) == 0x02) thre_pending_ = false;  // reported: the THRE interrupt is cleared
      break;
    case 3: value = lcr_; break;
    case 4: value = mcr_; break;
    case 5:
      value = static_cast<std::uint8_t>((receive_fifo_.empty() ? 0 : lsr::data_ready) | (overrun_ ? lsr::overrun : 0) |
                                        lsr::thr_empty | lsr::transmitter_empty);
      overrun_ = false;
      break;
    case 6:
      value = static_cast<std::uint8_t>(modem_status_inputs() | msr_deltas_);
      msr_deltas_ = 0;
      break;
    case 7: value = scratch_; break;
    default: break;
  }
  update_irq();
  return value;
}

void Uart16550::write(unsigned offset, std::uint8_t value, std::uint64_t now) {
  advance(now);
  const bool dlab = (lcr_ & 0x80) != 0;
  switch (offset) {
    case 0:
      if (dlab) {
        divisor_ = static_cast<std::uint16_t>((divisor_ & 0xFF00) | value);
      } else if (mcr_ & mcr::loop) {
        receive(value, now);  // loopback: the transmitter feeds the receiver, nothing leaves
        thre_pending_ = true;
      } else {
        wiring_.transmit(value);
        thre_pending_ = true;  // sent at once: THR is empty again
      }
      break;
    case 1:
      if (dlab) {
        divisor_ = static_cast<std::uint16_t>((divisor_ & 0x00FF) | (value << 8));
      } else {
        // Enabling the transmitter-empty interrupt with THR empty raises it.
        if ((value & ier::transmitter_empty) && !(ier_ & ier::transmitter_empty)) thre_pending_ = true;
        ier_ = value & 0x0F;
      }
      break;
    case 2:
      if ((value & 0x01) != (fcr_ & 0x01)) receive_fifo_.clear();  // switching FIFO mode resets them
      if (value & 0x02) receive_fifo_.clear();
      fcr_ = value & 0xC1;
      timeout_ = false;
      break;
    case 3: lcr_ = value; break;
    case 4: set_modem_control(value); break;
    case 7: scratch_ = value; break;
    default: break;  // LSR and MSR are read-only
  }
  update_irq();
}

}  // namespace emu
