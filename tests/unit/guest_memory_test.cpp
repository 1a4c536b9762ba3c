#include "core/guest_memory.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace emu {
namespace {

TEST(GuestMemory, ZeroFilledAndSized) {
  GuestMemory memory(64 * 1024);
  EXPECT_EQ(memory.size(), 64u * 1024);
  for (std::uint8_t byte : memory.bytes()) ASSERT_EQ(byte, 0);
}

TEST(GuestMemory, RejectsSizesOutsideTheLimits) {
  EXPECT_THROW(GuestMemory(0), Error);
  EXPECT_THROW(GuestMemory(4096 - 1), Error);
  EXPECT_THROW(GuestMemory(4096 + 1), Error);
  EXPECT_THROW(GuestMemory(0x110000 + 4096), Error);
  EXPECT_NO_THROW(GuestMemory(4096));
  EXPECT_NO_THROW(GuestMemory(0x110000));
}

TEST(GuestMemory, SpanChecksBoundsWithoutOverflow) {
  GuestMemory memory(4096);
  EXPECT_TRUE(memory.span(0, 4096));
  EXPECT_TRUE(memory.span(4095, 1));
  EXPECT_TRUE(memory.span(4096, 0));
  EXPECT_FALSE(memory.span(4096, 1));
  EXPECT_FALSE(memory.span(4095, 2));
  EXPECT_FALSE(memory.span(1, UINT64_MAX));
  EXPECT_FALSE(memory.span(UINT64_MAX, 2));
  auto span = memory.span(10, 3);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->data(), memory.data() + 10);
  EXPECT_EQ(span->size(), 3u);
}

}  // namespace
}  // namespace emu
