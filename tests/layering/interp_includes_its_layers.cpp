// Must compile: what the interpreter's layer may include (the control of Layering.*).
#include "backends/interp/cpu.h"
#include "core/bus.h"
#include "decoder/decode.h"
#include "platform/machine.h"
