# String output: one `rep outsb` sends a whole message to the debug console (0xE9).
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        cld
        mov     $message, %si
        mov     $(message_end - message), %cx
        mov     $DEBUG_CONSOLE_PORT, %dx
        rep outsb
        hlt

message:
        .ascii  "rep outsb to port 0xe9\n"
message_end:
