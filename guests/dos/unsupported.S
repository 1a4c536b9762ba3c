# Asks DOS to open a file (INT 21h AH=3Dh), which emu's DOS does not provide: the run ends
# there (status 8) naming the function, rather than returning something made up.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: dos_print before
        mov     $0x3D00, %ax
        mov     $name, %dx
        int     $0x21
        dos_print after
        dos_exit 0
before: .ascii  "opening$"
after:  .ascii  "not reached$"
name:   .asciz  "FILE.TXT"
