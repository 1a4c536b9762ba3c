# Benchmark: a MUL/DIV chain, 8 instructions per iteration: SI = (SI * DI) / FFF1h + remainder,
# DI stepping through odd numbers below 8000h. Prints SI and DI.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1000
        mov     iterations, %ecx
        mov     $0x1234, %si
        mov     $3, %di
        mov     $0xFFF1, %bx
1:      mov     %si, %ax
        mul     %di
        div     %bx
        mov     %ax, %si
        add     %dx, %si
        add     $2, %di
        and     $0x7FFF, %di
        loopl   1b
        mov     %si, %ax
        call    print_hex16
        mov     %di, %ax
        print_ax_and_exit

        define_hex_printers
