# The first guest of the KVM API tutorials, as they write it: a byte to a port, one OUT per
# character, then HLT. docs/learn.md runs it with --log-kvm and --log-interp.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        mov     $0x48, %al              # 'H'
        out     %al, $CONSOLE_PORT
        mov     $0x69, %al              # 'i'
        out     %al, $CONSOLE_PORT
        mov     $0x0a, %al              # newline
        out     %al, $CONSOLE_PORT
        hlt
