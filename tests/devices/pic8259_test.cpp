// The 8259A pair against its datasheet (Intel 231468), programmed as a PC/AT BIOS does.
#include <gtest/gtest.h>

#include "devices/pic8259.h"

namespace emu {
namespace {

constexpr unsigned master = 0;
constexpr unsigned slave = 1;

// ICW1-ICW4 as the PC/AT BIOS writes them: edge triggered, cascade, ICW4 needed; vectors 08h and
// 70h; the slave on the master's IR2; 8086 mode; `icw4` may add AEOI (02h) or SFNM (10h).
struct Pics {
  explicit Pics(std::uint8_t master_icw4 = 0x01, std::uint8_t icw1 = 0x11) {
    pics.write(master, 0, icw1);
    pics.write(master, 1, 0x08);
    pics.write(master, 1, 0x04);
    pics.write(master, 1, master_icw4);
    pics.write(slave, 0, icw1);
    pics.write(slave, 1, 0x70);
    pics.write(slave, 1, 0x02);
    pics.write(slave, 1, 0x01);
  }
  void pulse(unsigned irq) {
    pics.set_irq(irq, true);
    pics.set_irq(irq, false);
  }
  std::uint8_t isr(unsigned chip) {
    pics.write(chip, 0, 0x0B);  // OCW3: read ISR
    return pics.read(chip, 0);
  }
  std::uint8_t irr(unsigned chip) {
    pics.write(chip, 0, 0x0A);  // OCW3: read IRR
    return pics.read(chip, 0);
  }
  void eoi(unsigned chip) { pics.write(chip, 0, 0x20); }

  bool intr = false;
  CascadedPics pics{intr};
};

TEST(Pic8259, AnEdgeRaisesIntrAndTheAcknowledgeGivesTheVectorAndSetsIsr) {
  Pics p;
  EXPECT_FALSE(p.intr);
  p.pics.set_irq(0, true);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.irr(master), 0x01);
  EXPECT_EQ(p.pics.acknowledge(), 0x08);
  EXPECT_FALSE(p.intr);
  EXPECT_EQ(p.isr(master), 0x01);
  EXPECT_EQ(p.irr(master), 0x00);  // edge triggered: the request is taken
}

TEST(Pic8259, AnInputThatStaysHighRequestsOnceUntilItFallsAndRisesAgain) {
  Pics p;
  p.pics.set_irq(1, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x09);
  p.eoi(master);
  p.pics.set_irq(1, true);  // still high: no new edge
  EXPECT_FALSE(p.intr);
  p.pulse(1);
  p.pics.set_irq(1, true);
  EXPECT_TRUE(p.intr);
}

TEST(Pic8259, LowerLevelsWaitForTheEoiOfAHigherOneAndHigherOnesNest) {
  Pics p;
  p.pics.set_irq(3, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0B);
  p.pics.set_irq(5, true);
  EXPECT_FALSE(p.intr) << "IRQ5 must wait for IRQ3's EOI";
  p.pics.set_irq(1, true);
  EXPECT_TRUE(p.intr) << "IRQ1 outranks IRQ3 in service";
  EXPECT_EQ(p.pics.acknowledge(), 0x09);
  EXPECT_EQ(p.isr(master), 0x0A);
  p.eoi(master);  // non-specific: the highest in service, IRQ1
  EXPECT_EQ(p.isr(master), 0x08);
  EXPECT_FALSE(p.intr);
  p.eoi(master);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x0D);
}

TEST(Pic8259, TheHighestPriorityRequestIsAcknowledgedFirst) {
  Pics p;
  p.pics.set_irq(6, true);
  p.pics.set_irq(4, true);
  p.pics.set_irq(7, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0C);
  p.eoi(master);
  EXPECT_EQ(p.pics.acknowledge(), 0x0E);
  p.eoi(master);
  EXPECT_EQ(p.pics.acknowledge(), 0x0F);
  EXPECT_EQ(p.isr(master), 0x80);
}

TEST(Pic8259, AMaskedRequestIsRecordedAndInterruptsWhenUnmasked) {
  Pics p;
  p.pics.write(master, 1, 0x10);  // OCW1: mask IRQ4
  EXPECT_EQ(p.pics.read(master, 1), 0x10);
  p.pics.set_irq(4, true);
  EXPECT_FALSE(p.intr);
  EXPECT_EQ(p.irr(master), 0x10);
  EXPECT_FALSE(p.pics.would_interrupt(4));
  EXPECT_TRUE(p.pics.would_interrupt(5));
  p.pics.write(master, 1, 0x00);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x0C);
}

TEST(Pic8259, SpecificEoiClearsOnlyTheNamedLevel) {
  Pics p;
  p.pics.set_irq(4, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0C);
  p.pics.set_irq(1, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x09);
  EXPECT_EQ(p.isr(master), 0x12);
  p.pics.write(master, 0, 0x64);  // OCW2: specific EOI, level 4
  EXPECT_EQ(p.isr(master), 0x02);
}

TEST(Pic8259, SetPriorityAndRotationChangeTheOrder) {
  Pics p;
  p.pics.write(master, 0, 0xC3);  // set priority: IR3 lowest, so IR4 highest
  p.pics.set_irq(1, true);
  p.pics.set_irq(5, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0D);
  p.pics.write(master, 0, 0xA0);  // rotate on non-specific EOI: IR5 becomes the lowest
  EXPECT_EQ(p.isr(master), 0x00);
  p.pics.set_irq(6, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0E) << "after the rotation IR6 is the highest";
  p.pics.write(master, 0, 0xE6);  // rotate on specific EOI, level 6: IR7 highest
  p.pics.set_irq(7, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0F);
}

TEST(Pic8259, AutomaticEoiLeavesNothingInService) {
  Pics p(0x03);
  p.pics.set_irq(3, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0B);
  EXPECT_EQ(p.isr(master), 0x00);
  p.pics.set_irq(4, true);
  EXPECT_TRUE(p.intr) << "no EOI needed";
}

TEST(Pic8259, TheSlaveInterruptsThroughTheMastersIr2) {
  Pics p;
  p.pics.set_irq(10, true);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x72);
  EXPECT_EQ(p.isr(master), 0x04);
  EXPECT_EQ(p.isr(slave), 0x04);
  p.pics.set_irq(9, true);
  EXPECT_FALSE(p.intr) << "fully nested: the master's IR2 in service holds the slave back";
  p.pics.set_irq(1, true);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x09);
  p.eoi(master);  // IRQ1
  p.eoi(slave);
  p.eoi(master);  // IR2
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x71);
}

TEST(Pic8259, TwoSlaveRequestsEachReachTheCpu) {
  Pics p;
  p.pics.set_irq(12, true);
  p.pics.set_irq(14, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x74);
  p.eoi(slave);
  p.eoi(master);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x76);
}

TEST(Pic8259, SpecialFullyNestedModeLetsAHigherSlaveRequestThrough) {
  Pics p(0x11);
  p.pics.set_irq(12, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x74);
  p.pics.set_irq(13, true);
  EXPECT_FALSE(p.intr) << "lower on the slave: held back by the slave's own ISR";
  p.pics.set_irq(9, true);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x71);
}

TEST(Pic8259, ARequestWithdrawnBeforeTheAcknowledgeGivesTheDefaultIr7) {
  Pics p;
  p.pics.set_irq(5, true);
  EXPECT_TRUE(p.intr);
  p.pics.set_irq(5, false);
  EXPECT_TRUE(p.intr) << "INT stays raised (datasheet: a default IR7 occurs)";
  EXPECT_EQ(p.pics.acknowledge(), 0x0F);
  EXPECT_EQ(p.isr(master), 0x00) << "a spurious IR7 is not in service";
  EXPECT_FALSE(p.intr);
}

TEST(Pic8259, AWithdrawnSlaveRequestGivesTheSlavesIr7WithTheMastersIr2InService) {
  Pics p;
  p.pics.set_irq(13, true);
  p.pics.set_irq(13, false);
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x77);
  EXPECT_EQ(p.isr(slave), 0x00);
  EXPECT_EQ(p.isr(master), 0x04) << "the master acknowledged IR2: the handler must EOI the master";
}

TEST(Pic8259, PollReadsTheHighestRequestAndAcknowledgesIt) {
  Pics p;
  p.pics.write(master, 1, 0xFF);  // everything masked: polling works on what is unmasked
  p.pics.write(master, 1, 0x00);
  p.pics.set_irq(6, true);
  p.pics.set_irq(3, true);
  p.pics.write(master, 0, 0x0C);  // OCW3: poll
  EXPECT_EQ(p.pics.read(master, 0), 0x83);
  EXPECT_EQ(p.isr(master), 0x08);
  p.pics.write(master, 0, 0x0C);
  EXPECT_EQ(p.pics.read(master, 0), 0x00) << "IR6 is below IR3 in service";
}

TEST(Pic8259, SpecialMaskModeLetsLowerLevelsInWhileTheServedOneIsMasked) {
  Pics p;
  p.pics.set_irq(1, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x09);
  p.pics.set_irq(3, true);
  EXPECT_FALSE(p.intr);
  p.pics.write(master, 1, 0x02);  // mask IR1 (in service)
  p.pics.write(master, 0, 0x68);  // OCW3: set special mask mode
  EXPECT_TRUE(p.intr);
  EXPECT_EQ(p.pics.acknowledge(), 0x0B);
  p.pics.write(master, 0, 0x48);  // reset special mask mode
  p.pics.set_irq(4, true);
  EXPECT_FALSE(p.intr);
}

TEST(Pic8259, LevelTriggeredInputsRequestAgainAfterEoiWhileHigh) {
  Pics p(0x01, 0x19);
  p.pics.set_irq(4, true);
  EXPECT_EQ(p.pics.acknowledge(), 0x0C);
  EXPECT_FALSE(p.intr);
  p.eoi(master);
  EXPECT_TRUE(p.intr);
  p.pics.set_irq(4, false);
  EXPECT_TRUE(p.intr) << "level mode too: an input falling before the acknowledge gives IR7";
  EXPECT_EQ(p.pics.acknowledge(), 0x0F);
  EXPECT_EQ(p.isr(master), 0x00);
}

TEST(Pic8259, InitializationClearsTheMaskAndTheEdgeSense) {
  Pics p;
  p.pics.write(master, 1, 0xFF);
  p.pics.set_irq(3, true);
  p.pics.write(master, 0, 0x11);
  p.pics.write(master, 1, 0x08);
  p.pics.write(master, 1, 0x04);
  p.pics.write(master, 1, 0x01);
  EXPECT_EQ(p.pics.read(master, 1), 0x00);
  EXPECT_FALSE(p.intr) << "IR3 was already high: it must fall and rise again";
  p.pulse(3);
  p.pics.set_irq(3, true);
  EXPECT_TRUE(p.intr);
}

TEST(Pic8259, ThePcInitializationLeavesEveryVectorWhereTheBiosPutsIt) {
  for (unsigned irq = 0; irq < 16; ++irq) {
    if (irq == 2) continue;
    Pics p;
    p.pics.set_irq(irq, true);
    const std::uint8_t expected = irq < 8 ? 0x08 + irq : 0x70 + (irq - 8);
    EXPECT_EQ(p.pics.acknowledge(), expected) << "IRQ" << irq;
  }
}

}  // namespace
}  // namespace emu
