#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

namespace emu {

// The NS16550A UART (National Semiconductor, PC16550D datasheet) as COM1 (0x3F8-0x3FF, IRQ4):
// the divisor latch, IER, IIR with its priorities (line status, received data, character
// timeout, transmitter empty, modem status), FCR with the 16-byte FIFOs and their trigger
// levels, LCR, MCR (OUT2 gates the interrupt onto the bus, as on the PC; LOOP), LSR, MSR and the
// scratch register. A byte written to THR leaves at once (`transmit`), so THR is always empty
// again; received bytes come from the platform, paced at the line's character time.
class Uart16550 {
 public:
  struct Wiring {
    std::function<void(bool)> irq;                // IRQ4's level
    std::function<void(std::uint8_t)> transmit;   // a byte sent on the line (not in loopback)
  };
  static constexpr std::uint32_t clock_hz = 1'843'200;  // 115,200 baud at divisor 1

  explicit Uart16550(Wiring wiring);

  std::uint8_t read(unsigned offset, std::uint64_t now);
  void write(unsigned offset, std::uint8_t value, std::uint64_t now);

  // Whether a byte arriving now has room (the FIFO, or the holding register without FIFOs).
  bool can_receive() const;
  // A byte from the line at `now`.
  void receive(std::uint8_t byte, std::uint64_t now);
  // The character timeout by `now`.
  void advance(std::uint64_t now);
  // When the character timeout would fire, if it can.
  std::optional<std::uint64_t> next_event() const;
  // Device time one character takes on the line as LCR and the divisor set it.
  std::uint64_t character_ns() const;
  // Whether the interrupt can reach the bus (MCR OUT2) with some source enabled.
  bool interrupts_possible() const { return (mcr_ & 0x08) && (ier_ & 0x0F); }

 private:
  bool fifo_enabled() const { return (fcr_ & 0x01) != 0; }
  unsigned trigger_level() const;
  std::uint8_t interrupt_identification() const;
  std::uint8_t modem_status_inputs() const;
  void update_irq();
  void set_modem_control(std::uint8_t value);

  Wiring wiring_;
  std::deque<std::uint8_t> receive_fifo_;
  std::uint16_t divisor_ = 12;  // 9,600 baud
  std::uint8_t ier_ = 0;
  std::uint8_t fcr_ = 0;
  std::uint8_t lcr_ = 0x03;     // 8 data bits, no parity, 1 stop bit
  std::uint8_t mcr_ = 0;
  std::uint8_t scratch_ = 0;
  bool overrun_ = false;
  bool thre_pending_ = true;    // the transmitter-empty interrupt, until IIR reports it or THR is written
  std::uint8_t msr_deltas_ = 0;
  std::uint8_t last_inputs_ = 0;
  std::uint64_t last_activity_ = 0;  // the last byte received or read (the character timeout)
  bool timeout_ = false;
  bool irq_level_ = false;
};

}  // namespace emu
