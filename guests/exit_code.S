# The exit device: say goodbye, then write 0x2a to port 0xF4, so emu exits with
# (0x2a << 1) | 1 = 85. The HLT after it must never run.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        cld
        mov     $message, %si
        call    print_string
        mov     $0x2a, %al
        outb    %al, $EXIT_PORT
        mov     $'!', %al               # not reached
        outb    %al, $CONSOLE_PORT
        hlt

        define_print_string

message:
        .asciz  "exiting with 0x2a\n"
