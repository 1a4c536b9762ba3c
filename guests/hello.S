# The classic first guest: print a greeting on the console port and halt.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        mov     $message, %si
        cld
next:   lodsb
        test    %al, %al
        jz      done
        outb    %al, $CONSOLE_PORT
        jmp     next
done:   hlt

message:
        .asciz  "Hello, world!\n"
