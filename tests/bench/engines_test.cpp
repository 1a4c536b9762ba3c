// The engines of the performance comparison (bench/engines.h) run the benchmark guests correctly:
// every guest on every engine installed here prints its model's checksum and exits with status 1,
// and a guest that halts instead of exiting is reported as a failure, not hung on.
#include <gtest/gtest.h>

#include <algorithm>

#include "engines.h"
#include "guest_references.h"
#include "guest_runner.h"
#include "host/child_process.h"
#include "support/guest_files.h"
#include "support/kvm_available.h"

namespace {

using emu::test::TempDir;

std::optional<bench::Engine> engine_named(const std::string& name, std::string& why_not) {
  std::vector<std::string> skipped;
  for (bench::Engine& engine : bench::known_engines(bench::build_paths(), skipped)) {
    if (engine.name == name) return engine;
  }
  for (const std::string& line : skipped) {
    if (line.starts_with(name + ":")) why_not = line;
  }
  return std::nullopt;
}

class EngineTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why_not;
    engine_ = engine_named(GetParam(), why_not);
    if (!engine_) GTEST_SKIP() << why_not;
    if (GetParam() == "kvm") EMU_REQUIRE_KVM();
  }
  std::optional<bench::Engine> engine_;
};

TEST_P(EngineTest, EveryBenchGuestPrintsItsChecksumAndExits) {
  TempDir dir;
  for (const bench_model::BenchGuest& guest : bench_model::bench_guests()) {
    const std::uint32_t iterations = 3;
    const std::string image = dir.file(std::string(guest.name) + ".bin");
    emu::test::write_file(image, bench_image(guest.name, iterations));
    emu::host::ChildResult result = emu::host::run_child(engine_->command(image));
    EXPECT_EQ(result.exit_status, bench::guest_exit_status) << guest.name << ": " << result.err;
    EXPECT_EQ(result.out, guest.reference(iterations).output) << guest.name;
    EXPECT_GT(result.max_rss_kib, 0) << guest.name;
  }
}

TEST_P(EngineTest, StartUpIsMeasuredOnTheEmptyGuest) {
  EXPECT_EQ(bench::measure_startup(*engine_, emu::test::guest_path("bench_noop")), std::nullopt);
  EXPECT_GT(engine_->startup.count(), 0.0);
  EXPECT_LT(engine_->startup.count(), 5.0);
}

INSTANTIATE_TEST_SUITE_P(Engines, EngineTest, testing::Values("kvm", "interp", "qemu-tcg", "unicorn"),
                         [](const auto& info) { return info.param == "qemu-tcg" ? std::string("qemu_tcg") : info.param; });

// Unicorn stops on HLT on its own; the runner must say the guest never reached the exit port.
TEST(UnicornRunner, HaltWithoutExitIsAFailureWithOneLine) {
  std::string why_not;
  std::optional<bench::Engine> engine = engine_named("unicorn", why_not);
  if (!engine) GTEST_SKIP() << why_not;
  emu::host::ChildResult result = emu::host::run_child(engine->command(emu::test::guest_path("hello")));
  EXPECT_EQ(result.exit_status, 12);
  EXPECT_EQ(result.out, "Hello, world!\n");
  EXPECT_NE(result.err.find("without writing the exit port"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

// QEMU would sit in HLT forever: the comparison's deadline must end such a run.
TEST(QemuEngine, TheDeadlineEndsAGuestThatNeverExits) {
  std::string why_not;
  std::optional<bench::Engine> engine = engine_named("qemu-tcg", why_not);
  if (!engine) GTEST_SKIP() << why_not;
  emu::host::ChildResult result = emu::host::run_child(engine->command(emu::test::guest_path("hello")),
                                                       {.env = {}, .drop_root = false, .deadline = std::chrono::seconds(2)});
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out, "Hello, world!\n");
}

}  // namespace
