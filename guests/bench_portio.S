# Benchmark: port I/O, 4 instructions per iteration: OUT to and IN from port 80h (no device:
# reads return FFh). Prints the sum of the values read.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 100
        mov     iterations, %ecx
        xor     %dx, %dx
        xor     %ax, %ax
1:      outb    %al, $0x80
        inb     $0x80, %al
        add     %ax, %dx
        loopl   1b
        mov     %dx, %ax
        print_ax_and_exit

        define_hex_printers
