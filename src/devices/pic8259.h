#pragma once

#include <cstdint>
#include <optional>

namespace emu {

// One Intel 8259A programmable interrupt controller in 8086 mode, as its datasheet (Intel,
// 8259A Programmable Interrupt Controller, order 231468) describes it: the initialization
// sequence ICW1-ICW4, OCW1 (the mask), OCW2 (EOI, rotation, priority), OCW3 (IRR/ISR reads,
// poll, special mask mode), edge or level triggered inputs and the priority resolver.
// `CascadedPics` wires two of them as the PC/AT does.
class Pic8259 {
 public:
  // A0 is the port's low address bit (0x20/0xA0: 0, 0x21/0xA1: 1).
  std::uint8_t read(unsigned a0);
  void write(unsigned a0, std::uint8_t value);

  // The level of input IR`line`. Edge triggered (the PC's mode) a rising edge requests; the
  // request is withdrawn when the input falls before it is acknowledged, and if the INT output
  // was already raised for it, the acknowledge gives IR7 (the datasheet's "default IR7").
  void set_input(unsigned line, bool level);

  // The INT output to the CPU (or to the master's IR input, for a slave).
  bool interrupt_output() const { return int_output_; }

  // The INTA sequence: the level acknowledged (set in service unless automatic EOI), or
  // nothing for the default IR7 (a request withdrawn before the acknowledge: nothing in service).
  std::optional<unsigned> acknowledge();
  // The vector the chip puts on the bus for `level` (ICW2's T7-T3 and the level).
  std::uint8_t vector(unsigned level) const { return static_cast<std::uint8_t>((icw2_ & 0xF8) | level); }

  // Whether a request on `line` now would raise INT: unmasked, of higher priority than
  // everything in service (special mask and special fully nested modes included).
  bool would_interrupt(unsigned line) const;

  // ICW3 as a master sees it: a 1 for each input with a slave on it (0 in single mode).
  std::uint8_t slave_inputs() const { return single_ ? 0 : icw3_; }
  bool special_fully_nested() const { return (icw4_ & 0x10) != 0; }

  std::uint8_t irr() const { return irr_; }
  std::uint8_t isr() const { return isr_; }
  std::uint8_t imr() const { return imr_; }

 private:
  // The highest priority level set in `bits`, in the rotating priority order, if any.
  std::optional<unsigned> highest(std::uint8_t bits) const;
  // Priority rank of `level`: 0 is the highest.
  unsigned rank(unsigned level) const { return (level - lowest_priority_ + 7) & 7; }
  std::optional<unsigned> highest_unblocked_request() const;
  // INT from the requests; `withdrawn`: a request was just taken back by its input falling.
  void update_output(bool withdrawn = false);
  void end_of_interrupt(std::uint8_t ocw2);
  void acknowledge_level(unsigned level);

  // Initialization: which ICW comes next (0 when initialized).
  enum class Expect : std::uint8_t { ready, icw2, icw3, icw4 };
  Expect expect_ = Expect::ready;
  bool single_ = true;
  bool needs_icw4_ = false;
  bool level_triggered_ = false;
  std::uint8_t icw2_ = 0;
  std::uint8_t icw3_ = 0;
  std::uint8_t icw4_ = 0;

  std::uint8_t irr_ = 0;
  std::uint8_t isr_ = 0;
  std::uint8_t imr_ = 0;
  std::uint8_t inputs_ = 0;  // the IR levels: a rising edge is a low bit going high
  unsigned lowest_priority_ = 7;
  bool special_mask_ = false;
  bool rotate_on_auto_eoi_ = false;
  bool read_isr_ = false;  // OCW3 RIS: what A0=0 reads
  bool poll_ = false;      // OCW3 P: the next A0=0 read is the poll word
  bool int_output_ = false;
  bool default_ir7_ = false;  // INT stays raised for a withdrawn request: the acknowledge gives IR7
};

// The PC/AT's pair: the master at 0x20/0x21 (IRQ0-7, the slave on IR2), the slave at 0xA0/0xA1
// (IRQ8-15, its INT into the master's IR2).
// The CPU's INTR input is `interrupt_request`, a flag the pair keeps equal to the master's INT
// after every change (the platform hands it to the backends).
class CascadedPics {
 public:
  static constexpr unsigned cascade_line = 2;

  explicit CascadedPics(bool& interrupt_request) : interrupt_request_(interrupt_request) {}
  CascadedPics(const CascadedPics&) = delete;
  CascadedPics& operator=(const CascadedPics&) = delete;

  const Pic8259& master() const { return master_; }
  const Pic8259& slave() const { return slave_; }

  // IRQ0-15.
  void set_irq(unsigned irq, bool level);
  // The guest's port accesses: `chip` 0 is the master, 1 the slave.
  std::uint8_t read(unsigned chip, unsigned a0);
  void write(unsigned chip, unsigned a0, std::uint8_t value);
  // The CPU's interrupt acknowledge: the vector it reads.
  std::uint8_t acknowledge();
  // Whether a request on `irq` now would reach the CPU.
  bool would_interrupt(unsigned irq) const;

 private:
  // The slave's INT drives the master's IR2; INTR follows the master's INT.
  void update();

  bool& interrupt_request_;
  Pic8259 master_;
  Pic8259 slave_;
};

}  // namespace emu
