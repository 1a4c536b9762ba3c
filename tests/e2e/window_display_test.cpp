// --display window: the window shows what --screenshot writes. The window is made under SDL's
// offscreen video driver (no display server needed), its renderer read back after a guest ran
// and compared pixel for pixel with the picture of the same screen; skipped, saying why, where
// no window can be made. The command line's side: the window's keys and a closed window in
// docs/display.md; a window that cannot open is status 6.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define EMU_LEAK_CHECKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMU_LEAK_CHECKS 1
#endif
#endif
#ifdef EMU_LEAK_CHECKS
#include <sanitizer/lsan_interface.h>
#endif

#include "backends/registry.h"
#include "cli/window_display.h"
#include "core/error.h"
#include "core/log.h"
#include "display/screen.h"
#include "platform/machine.h"
#include "support/guest_files.h"
#include "support/process.h"

namespace emu::test {
namespace {

std::string boot_image(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/bios/" + name + ".img"; }

// Runs a boot sector on the interpreter (virtual time) with a window attached; what the window
// shows at the end and the picture of the final screen.
struct Shown {
  display::Image window;
  display::Image picture;
  bool opengl_loaded = false;  // while the window was open
};

bool loaded(const char* library) {
  void* handle = ::dlopen(library, RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

// SDL and the video drivers it loads keep allocations until the process ends (strings of their
// hints and drivers, unloaded with them, so that a suppression by module cannot name them):
// under LeakSanitizer what is allocated while a window exists is not counted. emu's own code is
// leak-checked by every other test.
class LeaksOfTheWindowLibraries {
 public:
#ifdef EMU_LEAK_CHECKS
  LeaksOfTheWindowLibraries() { __lsan_disable(); }
  ~LeaksOfTheWindowLibraries() { __lsan_enable(); }
#else
  LeaksOfTheWindowLibraries() {}
  ~LeaksOfTheWindowLibraries() {}
#endif
  LeaksOfTheWindowLibraries(const LeaksOfTheWindowLibraries&) = delete;
  LeaksOfTheWindowLibraries& operator=(const LeaksOfTheWindowLibraries&) = delete;
};

std::optional<Shown> run_with_window(const std::string& guest, std::string& skip_reason) {
  const LeaksOfTheWindowLibraries not_counted;
  ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  MachineConfig config;
  config.kind = MachineKind::pc;
  config.clock = DeviceClock::Kind::virtual_time;
  BootMedia media;
  media.disks.push_back({boot_image(guest), false});
  config.boot = media;
  StringSink console;
  Machine machine(config, console);
  StopRequest stop;
  std::optional<cli::WindowDisplay> window;
  try {
    window.emplace(machine, stop, 1);
  } catch (const Error& error) {
    skip_reason = error.what();
    return std::nullopt;
  }
  const bool opengl_loaded = loaded("libGL.so.1") || loaded("libEGL.so.1");
  machine.platform().attach_display(*window, cli::WindowDisplay::frames_between_refreshes);
  Log log(stderr, false);
  std::unique_ptr<Backend> backend = create_backend("interp", machine, BackendOptions{}, log);
  const RunResult result = backend->run({50'000'000, &stop, nullptr});
  EXPECT_EQ(result.reason, StopReason::hlt) << result.message;
  window->finish();
  std::optional<display::Image> shown = window->read_back();
  EXPECT_TRUE(shown);
  if (!shown) return std::nullopt;
  return Shown{*shown, display::render(*machine.platform().video_state(), machine.memory()).image, opengl_loaded};
}

TEST(WindowDisplay, TheWindowShowsWhatTheScreenshotShows) {
  for (const char* guest : {"screen", "mode13"}) {
    std::string why;
    std::optional<Shown> shown = run_with_window(guest, why);
    if (!shown && !why.empty()) GTEST_SKIP() << "no window can be made here: " << why;
    ASSERT_TRUE(shown) << guest;
    ASSERT_EQ(shown->window.width, 640u) << guest;
    ASSERT_EQ(shown->window.height, 400u) << guest;
    EXPECT_TRUE(shown->window == shown->picture) << guest << ": the window's pixels differ from the picture's";
    // The software renderer draws on the video driver's own surface: no GL driver (its threads and
    // thread-local storage) is loaded into emu for it.
    EXPECT_FALSE(shown->opengl_loaded) << guest;
  }
}

TEST(WindowDisplay, AWindowThatCannotOpenIsStatus6InOneLine) {
  ProcessResult run = run_emu({"--accel=interp", "--display=window", "--boot", boot_image("boot_hello")},
                              {{{"SDL_VIDEODRIVER", "no-such-driver"}}});
  EXPECT_EQ(run.exit_status, 6) << run.err;
  EXPECT_NE(run.err.find("--display window: SDL cannot start its video"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

}  // namespace
}  // namespace emu::test
