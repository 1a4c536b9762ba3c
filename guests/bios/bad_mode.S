# Prints a line, then asks INT 10h for video mode 12h (640x480 16 colours), which emu's BIOS does
# not provide: the run ends there with status 8 naming it (and a display is left as it was).
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        print   "asking for mode 12h"
        mov     $0x0012, %ax
        int     $0x10
        print   "not reached"
        stop
        define_print
        boot_signature
