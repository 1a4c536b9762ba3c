# Benchmark: bitwise CRC-32 (polynomial EDB88320h) over a 256-byte buffer, `iterations` times,
# the CRC carried from one pass to the next. Prints the final CRC (complemented).
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 2
        mov     iterations, %ebp
        mov     $0xFFFFFFFF, %edx
        cld
1:      mov     $buffer, %si
        mov     $256, %cx
2:      lodsb
        xor     %al, %dl
        mov     $8, %bl
3:      shr     $1, %edx
        jnc     4f
        xor     $0xEDB88320, %edx
4:      dec     %bl
        jnz     3b
        loop    2b
        dec     %ebp
        jnz     1b
        not     %edx
        mov     %edx, %eax
        shr     $16, %eax
        call    print_hex16
        mov     %dx, %ax
        print_ax_and_exit

        define_hex_printers

buffer:
        .set    value, 0
        .rept   256
        .byte   value
        .set    value, value + 1
        .endr
