// The 16550A against its datasheet (PC16550D): registers, the divisor latch, FIFO trigger
// levels, interrupt priorities and how each is cleared, OUT2 gating IRQ4, loopback.
#include <gtest/gtest.h>

#include <vector>

#include "devices/uart16550.h"

namespace emu {
namespace {

struct Line {
  std::vector<bool> irq;
  std::vector<std::uint8_t> sent;
  Uart16550 uart{{[this](bool level) { irq.push_back(level); }, [this](std::uint8_t byte) { sent.push_back(byte); }}};
  bool irq_level() const { return !irq.empty() && irq.back(); }
};

TEST(Uart16550, TheDivisorLatchSetsTheCharacterTime) {
  Line l;
  l.uart.write(3, 0x80, 0);  // DLAB
  l.uart.write(0, 0x01, 0);
  l.uart.write(1, 0x00, 0);
  EXPECT_EQ(l.uart.read(0, 0), 0x01);
  l.uart.write(3, 0x03, 0);  // 8N1
  EXPECT_EQ(l.uart.character_ns(), 86'805u) << "10 bits at 115,200 baud";
  l.uart.write(3, 0x80 | 0x1F, 0);  // 8 bits, 2 stop bits, parity: 12 bits
  l.uart.write(0, 12, 0);            // 9,600 baud
  l.uart.write(3, 0x1F, 0);
  EXPECT_EQ(l.uart.character_ns(), 1'250'000u);
}

TEST(Uart16550, TransmittedBytesLeaveAndThreInterruptsWhenEnabled) {
  Line l;
  l.uart.write(4, 0x08, 0);  // OUT2
  l.uart.write(0, 'A', 0);
  EXPECT_EQ(l.sent, (std::vector<std::uint8_t>{'A'}));
  EXPECT_EQ(l.uart.read(5, 0) & 0x60, 0x60) << "THR and the transmitter empty";
  EXPECT_FALSE(l.irq_level());
  l.uart.write(1, 0x02, 0);  // IER: THRE
  EXPECT_TRUE(l.irq_level()) << "enabling it with THR empty raises it";
  EXPECT_EQ(l.uart.read(2, 0), 0x02);
  EXPECT_FALSE(l.irq_level()) << "reading IIR that names it clears it";
  EXPECT_EQ(l.uart.read(2, 0), 0x01);
  l.uart.write(0, 'B', 0);
  EXPECT_TRUE(l.irq_level()) << "THR empty again after the byte left";
}

TEST(Uart16550, Out2GatesTheInterruptOntoTheBus) {
  Line l;
  l.uart.write(1, 0x01, 0);
  l.uart.receive('x', 0);
  EXPECT_FALSE(l.irq_level());
  EXPECT_EQ(l.uart.read(2, 0), 0x04) << "pending inside the chip";
  l.uart.write(4, 0x08, 0);
  EXPECT_TRUE(l.irq_level());
}

TEST(Uart16550, WithoutFifosOneByteHoldsAndASecondOverruns) {
  Line l;
  l.uart.write(4, 0x08, 0);
  l.uart.write(1, 0x05, 0);  // received data, line status
  EXPECT_TRUE(l.uart.can_receive());
  l.uart.receive('1', 0);
  EXPECT_FALSE(l.uart.can_receive());
  l.uart.receive('2', 0);
  EXPECT_EQ(l.uart.read(2, 0), 0x06) << "line status (overrun) outranks received data";
  EXPECT_EQ(l.uart.read(5, 0) & 0x03, 0x03) << "DR and OE";
  EXPECT_EQ(l.uart.read(5, 0) & 0x02, 0) << "OE clears when LSR is read";
  EXPECT_EQ(l.uart.read(2, 0), 0x04);
  EXPECT_EQ(l.uart.read(0, 0), '1');
  EXPECT_EQ(l.uart.read(5, 0) & 0x01, 0);
  EXPECT_FALSE(l.irq_level());
}

TEST(Uart16550, FifoTriggerLevelAndCharacterTimeout) {
  Line l;
  l.uart.write(4, 0x08, 0);
  l.uart.write(1, 0x01, 0);
  l.uart.write(2, 0x87, 0);  // FIFOs, trigger 8
  EXPECT_EQ(l.uart.read(2, 0) & 0xC0, 0xC0) << "FIFOs enabled";
  const std::uint64_t character = l.uart.character_ns();
  for (int i = 0; i < 7; ++i) l.uart.receive(static_cast<std::uint8_t>('a' + i), i * character);
  EXPECT_FALSE(l.irq_level()) << "7 bytes: below the trigger";
  const std::uint64_t last = 6 * character;
  EXPECT_EQ(l.uart.next_event(), last + 4 * character);
  l.uart.advance(last + 4 * character - 1);
  EXPECT_FALSE(l.irq_level());
  l.uart.advance(last + 4 * character);
  EXPECT_TRUE(l.irq_level());
  EXPECT_EQ(l.uart.read(2, last + 4 * character), 0xCC) << "character timeout";
  EXPECT_EQ(l.uart.read(0, last + 4 * character), 'a');
  EXPECT_FALSE(l.irq_level()) << "reading a byte clears the timeout";
  l.uart.receive('h', last + 5 * character);
  l.uart.receive('i', last + 6 * character);
  EXPECT_TRUE(l.irq_level()) << "8 bytes: at the trigger";
  EXPECT_EQ(l.uart.read(2, last + 6 * character), 0xC4);
  for (int i = 0; i < 16; ++i) l.uart.receive('z', last + 7 * character);
  EXPECT_FALSE(l.uart.can_receive()) << "16 bytes fill the FIFO";
}

TEST(Uart16550, LoopbackTurnsTheLineAround) {
  Line l;
  l.uart.write(4, 0x1B, 0);  // LOOP, OUT2, RTS, DTR
  l.uart.write(0, 'Q', 0);
  EXPECT_TRUE(l.sent.empty()) << "nothing leaves in loopback";
  EXPECT_EQ(l.uart.read(5, 0) & 0x01, 0x01);
  EXPECT_EQ(l.uart.read(0, 0), 'Q');
  EXPECT_EQ(l.uart.read(6, 0), 0xB0) << "CTS, DSR, DCD from RTS, DTR, OUT2 (high before too: no delta)";
  l.uart.write(4, 0x14, 0);  // LOOP, OUT1: RI, and CTS, DSR, DCD fall
  EXPECT_EQ(l.uart.read(6, 0), 0x40 | 0x0B) << "RI; the falls of CTS, DSR, DCD as deltas";
  EXPECT_EQ(l.uart.read(6, 0), 0x40) << "deltas cleared by the read";
  l.uart.write(1, 0x08, 0);  // modem status interrupt
  l.uart.write(4, 0x18, 0);  // OUT2 on, OUT1 off: RI's trailing edge, DCD's change
  EXPECT_EQ(l.uart.read(2, 0), 0x00) << "modem status";
}

TEST(Uart16550, ScratchAndLineControlReadBack) {
  Line l;
  l.uart.write(7, 0x5A, 0);
  EXPECT_EQ(l.uart.read(7, 0), 0x5A);
  l.uart.write(3, 0x1B, 0);
  EXPECT_EQ(l.uart.read(3, 0), 0x1B);
  EXPECT_EQ(l.uart.read(4, 0), 0x00);
}

}  // namespace
}  // namespace emu
