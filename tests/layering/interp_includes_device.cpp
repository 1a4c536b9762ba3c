// Must not compile: the interpreter's layer sees the core, the decoder and the platform's
// public face, never a device (tests/CMakeLists.txt, Layering.*).
#include "backends/interp/cpu.h"
#include "devices/exit_device.h"
