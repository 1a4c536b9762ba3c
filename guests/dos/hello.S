# The classic: a '$'-terminated string through INT 21h AH=09h, then AH=4Ch with code 0.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: dos_print message
        dos_exit 0
message: .ascii "Hello from DOS!\r\n$"
