# A runaway guest: spins forever without an exit. Only --timeout stops it.
        .code16
        .text
        .globl _start
_start:
        jmp     _start
