# Benchmark: data-dependent branches on a 16-bit xorshift sequence. Counts odd values in BX and
# values with bits 1-2 clear in SI. Prints AX BX SI.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1000
        mov     iterations, %ecx
        mov     $0xACE1, %ax
        xor     %bx, %bx
        xor     %si, %si
1:      mov     %ax, %dx
        shl     $7, %dx
        xor     %dx, %ax
        mov     %ax, %dx
        shr     $9, %dx
        xor     %dx, %ax
        mov     %ax, %dx
        shl     $8, %dx
        xor     %dx, %ax
        test    $1, %al
        jz      2f
        inc     %bx
2:      test    $6, %al
        jnz     3f
        inc     %si
3:      dec     %ecx
        jnz     1b
        push    %si
        push    %bx
        call    print_hex16
        pop     %ax
        call    print_hex16
        pop     %ax
        print_ax_and_exit

        define_hex_printers
