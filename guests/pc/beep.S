# The speaker: channel 2 in mode 3 at 440 Hz (count 2712) with port 0x61 bits 0 and 1 set, then
# 880 Hz, then off; POST codes 01h and 02h on port 0x80. emu plays nothing; --stats lists the
# tones and -v shows the codes.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        mov     $0x01, %al
        outb    %al, $0x80
        mov     $0xB6, %al              # channel 2, LSB/MSB, mode 3
        outb    %al, $PIT_CONTROL
        mov     $(2712 & 0xFF), %al
        outb    %al, $PIT_CH2
        mov     $(2712 >> 8), %al
        outb    %al, $PIT_CH2
        inb     $PORT_B, %al
        or      $0x03, %al              # gate and speaker data
        outb    %al, $PORT_B
        mov     $(1356 & 0xFF), %al     # 880 Hz
        outb    %al, $PIT_CH2
        mov     $(1356 >> 8), %al
        outb    %al, $PIT_CH2
        mov     $0x02, %al
        outb    %al, $0x80
        inb     $PORT_B, %al
        and     $0xFC, %al
        outb    %al, $PORT_B
        cli
        hlt
