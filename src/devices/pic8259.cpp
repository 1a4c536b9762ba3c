#include "devices/pic8259.h"

namespace emu {

namespace {

namespace icw1 {
constexpr std::uint8_t ic4 = 0x01;
constexpr std::uint8_t single = 0x02;
constexpr std::uint8_t level_triggered = 0x08;
constexpr std::uint8_t marker = 0x10;  // with A0 = 0: ICW1, else OCW2 or OCW3
}  // namespace icw1

namespace icw4 {
constexpr std::uint8_t auto_eoi = 0x02;
}  // namespace icw4

namespace ocw3 {
constexpr std::uint8_t marker = 0x08;  // with A0 = 0 and D4 = 0: OCW3, else OCW2
constexpr std::uint8_t read_isr = 0x01;
constexpr std::uint8_t read_register = 0x02;
constexpr std::uint8_t poll = 0x04;
constexpr std::uint8_t special_mask = 0x20;
constexpr std::uint8_t enable_special_mask = 0x40;
}  // namespace ocw3

constexpr std::uint8_t bit(unsigned level) { return static_cast<std::uint8_t>(1u << level); }

}  // namespace

std::optional<unsigned> Pic8259::highest(std::uint8_t bits) const {
  for (unsigned rank = 0; rank < 8; ++rank) {
    const unsigned level = (lowest_priority_ + 1 + rank) & 7;
    if (bits & bit(level)) return level;
  }
  return std::nullopt;
}

// What in service holds a request back: every level in service, but in special mask mode the
// masked ones, and in special fully nested mode the slave inputs (so that a slave's
// higher-priority request reaches the CPU while one of its lower ones is being served).
bool Pic8259::would_interrupt(unsigned line) const {
  if (imr_ & bit(line)) return false;
  std::uint8_t blocking = special_mask_ ? isr_ & ~imr_ : isr_;
  if (special_fully_nested()) blocking &= ~slave_inputs();
  std::optional<unsigned> served = highest(blocking);
  return !served || rank(line) < rank(*served);
}

std::optional<unsigned> Pic8259::highest_unblocked_request() const {
  std::optional<unsigned> level = highest(irr_ & ~imr_);
  if (level && would_interrupt(*level)) return level;
  return std::nullopt;
}

void Pic8259::update_output(bool withdrawn) {
  if (highest_unblocked_request()) {
    int_output_ = true;
    default_ir7_ = false;
  } else if (int_output_ && withdrawn) {
    default_ir7_ = true;  // INT stays up; the acknowledge finds nothing and gives IR7
  } else if (!default_ir7_) {
    int_output_ = false;
  }
}

void Pic8259::set_input(unsigned line, bool level) {
  const std::uint8_t mask = bit(line);
  if (level) {
    if (level_triggered_ || !(inputs_ & mask)) irr_ |= mask;
    inputs_ |= mask;
    update_output();
  } else {
    inputs_ &= ~mask;
    const bool withdrawn = (irr_ & mask) != 0;
    irr_ &= ~mask;
    update_output(withdrawn);
  }
}

void Pic8259::acknowledge_level(unsigned level) {
  const std::uint8_t mask = bit(level);
  if (!level_triggered_) irr_ &= ~mask;  // level triggered, the request is the input itself
  if (icw4_ & icw4::auto_eoi) {
    if (rotate_on_auto_eoi_) lowest_priority_ = level;
  } else {
    isr_ |= mask;
  }
}

std::optional<unsigned> Pic8259::acknowledge() {
  std::optional<unsigned> level = highest_unblocked_request();
  if (level) acknowledge_level(*level);
  default_ir7_ = false;
  int_output_ = false;
  update_output();
  return level;
}

void Pic8259::end_of_interrupt(std::uint8_t ocw2) {
  const unsigned level = ocw2 & 7;
  switch (ocw2 >> 5) {
    case 0b001:  // non-specific EOI
    case 0b101:  // rotate on non-specific EOI
      if (std::optional<unsigned> served = highest(isr_)) {
        isr_ &= ~bit(*served);
        if (ocw2 & 0x80) lowest_priority_ = *served;
      }
      break;
    case 0b011:  // specific EOI
    case 0b111:  // rotate on specific EOI
      isr_ &= ~bit(level);
      if (ocw2 & 0x80) lowest_priority_ = level;
      break;
    case 0b100: rotate_on_auto_eoi_ = true; break;
    case 0b000: rotate_on_auto_eoi_ = false; break;
    case 0b110: lowest_priority_ = level; break;  // set priority
    default: break;                                // 010: no operation
  }
}

void Pic8259::write(unsigned a0, std::uint8_t value) {
  if (a0 == 0 && (value & icw1::marker)) {
    // ICW1 starts initialization: the edge sense reset (an input already high must fall and
    // rise again to request), the mask cleared, IR7 the lowest priority, special mask mode off,
    // status reads of the IRR; nothing pending or in service (the datasheet leaves IRR and ISR
    // unsaid: cleared, as a fresh start).
    single_ = (value & icw1::single) != 0;
    needs_icw4_ = (value & icw1::ic4) != 0;
    level_triggered_ = (value & icw1::level_triggered) != 0;
    if (!needs_icw4_) icw4_ = 0;
    irr_ = level_triggered_ ? inputs_ : 0;
    isr_ = 0;
    imr_ = 0;
    lowest_priority_ = 7;
    special_mask_ = false;
    rotate_on_auto_eoi_ = false;
    read_isr_ = false;
    poll_ = false;
    default_ir7_ = false;
    int_output_ = false;
    expect_ = Expect::icw2;
    update_output();
    return;
  }
  if (a0 == 1) {
    switch (expect_) {
      case Expect::icw2:
        icw2_ = value;
        expect_ = !single_ ? Expect::icw3 : needs_icw4_ ? Expect::icw4 : Expect::ready;
        return;
      case Expect::icw3:
        icw3_ = value;
        expect_ = needs_icw4_ ? Expect::icw4 : Expect::ready;
        return;
      case Expect::icw4:
        icw4_ = value;
        expect_ = Expect::ready;
        return;
      case Expect::ready:
        imr_ = value;  // OCW1
        update_output();
        return;
    }
  }
  if (value & ocw3::marker) {
    if (value & ocw3::enable_special_mask) special_mask_ = (value & ocw3::special_mask) != 0;
    if (value & ocw3::read_register) read_isr_ = (value & ocw3::read_isr) != 0;
    poll_ = (value & ocw3::poll) != 0;
  } else {
    end_of_interrupt(value);
  }
  update_output();
}

std::uint8_t Pic8259::read(unsigned a0) {
  if (a0 == 1) return imr_;
  if (poll_) {
    // The poll word: I (bit 7) and the level, acknowledged as by an INTA.
    poll_ = false;
    std::optional<unsigned> level = highest_unblocked_request();
    if (!level) return 0;
    acknowledge_level(*level);
    update_output();
    return static_cast<std::uint8_t>(0x80 | *level);
  }
  return read_isr_ ? isr_ : irr_;
}

void CascadedPics::update() {
  master_.set_input(cascade_line, slave_.interrupt_output());
  interrupt_request_ = master_.interrupt_output();
}

void CascadedPics::set_irq(unsigned irq, bool level) {
  if (irq < 8) {
    master_.set_input(irq, level);
  } else {
    slave_.set_input(irq - 8, level);
  }
  update();
}

std::uint8_t CascadedPics::read(unsigned chip, unsigned a0) {
  std::uint8_t value = chip == 0 ? master_.read(a0) : slave_.read(a0);
  update();
  return value;
}

void CascadedPics::write(unsigned chip, unsigned a0, std::uint8_t value) {
  (chip == 0 ? master_ : slave_).write(a0, value);
  update();
}

std::uint8_t CascadedPics::acknowledge() {
  std::optional<unsigned> level = master_.acknowledge();
  std::uint8_t vector = master_.vector(level.value_or(7));
  if (level == cascade_line && (master_.slave_inputs() & (1u << cascade_line))) {
    std::optional<unsigned> slave_level = slave_.acknowledge();
    vector = slave_.vector(slave_level.value_or(7));
    // The slave's INT falls during its acknowledge: another request of its raises a new edge.
    master_.set_input(cascade_line, false);
  }
  update();
  return vector;
}

bool CascadedPics::would_interrupt(unsigned irq) const {
  if (irq < 8) return master_.would_interrupt(irq);
  return slave_.would_interrupt(irq - 8) && master_.would_interrupt(cascade_line);
}

}  // namespace emu
