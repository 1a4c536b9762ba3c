# Resets the CPU: through the keyboard controller (command FEh) when AX is 0 at the start, else
# through port 0x92's fast reset (bit 0). emu ends the run there (status 20).
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        test    %ax, %ax
        jnz     1f
        mov     $0xFE, %al
        outb    %al, $0x64
        hlt
1:      inb     $0x92, %al
        or      $0x01, %al
        outb    %al, $0x92
        hlt
