# Benchmark: block fills and copies. Each iteration fills 8 KiB with rep stosw (the pattern
# is the iteration number), copies them with rep movsb, and adds the copy's last word to DX.
# Prints DX, the sum of the iteration numbers modulo 2^16.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 2
        mov     iterations, %ebp
        xor     %dx, %dx
        cld
1:      mov     %bp, %ax
        mov     $0x4000, %di
        mov     $4096, %cx
        rep stosw
        mov     $0x4000, %si
        mov     $0x6000, %di
        mov     $8192, %cx
        rep movsb
        add     0x7FFE, %dx
        dec     %ebp
        jnz     1b
        mov     %dx, %ax
        print_ax_and_exit

        define_hex_printers
