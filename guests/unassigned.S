# Unassigned memory and ports. With the default 1 MiB of RAM, physical 0x100000 (FFFF:0010) is
# not RAM: it reads 0xFF and a write there is dropped. Ports 0x80 and 0x300 have no device:
# they read all-ones. Prints each value read in hex.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        cld
        mov     $0xFFFF, %ax
        mov     %ax, %es
        mov     %es:0x10, %al           # byte at 0x100000
        call    print_hex8
        call    space
        movb    $0x12, %es:0x10         # dropped
        mov     %es:0x10, %al
        call    print_hex8
        call    space
        mov     %es:0x20, %ax           # word at 0x100010
        xchg    %ah, %al
        call    print_hex8
        mov     %ah, %al
        call    print_hex8
        call    space
        inb     $0x80, %al
        call    print_hex8
        call    space
        mov     $0x300, %dx
        inw     %dx, %ax
        xchg    %ah, %al
        call    print_hex8
        mov     %ah, %al
        call    print_hex8
        mov     $'\n', %al
        outb    %al, $CONSOLE_PORT
        hlt

space:  mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        ret

        define_print_hex8
