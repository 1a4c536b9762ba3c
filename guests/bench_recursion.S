# Benchmark: recursive Fibonacci through CALL/RET, fib(15) = 610 `iterations` times. Prints the
# sum of the results modulo 2^16.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1
        mov     iterations, %ebp
        xor     %di, %di
1:      mov     $15, %ax
        call    fib
        add     %ax, %di
        dec     %ebp
        jnz     1b
        mov     %di, %ax
        print_ax_and_exit

# fib: AX = fib(AX). Clobbers BX.
fib:    cmp     $2, %ax
        jb      2f
        push    %ax
        dec     %ax
        call    fib
        pop     %bx
        push    %ax
        mov     %bx, %ax
        sub     $2, %ax
        call    fib
        pop     %bx
        add     %bx, %ax
2:      ret

        define_hex_printers
