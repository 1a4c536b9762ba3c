# Benchmark: loads and stores through several addressing modes over a 512-byte table at
# 0x2000, 9 instructions per iteration. Prints AX and the table's first word.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1000
        mov     iterations, %ecx
        mov     $0x2000, %bx
        xor     %si, %si
        xor     %di, %di
        mov     $1, %ax
1:      mov     (%bx,%si), %dx
        add     %ax, %dx
        mov     %dx, (%bx,%di)
        add     2(%bx,%si), %ax
        add     $2, %si
        and     $0x1FE, %si
        add     $6, %di
        and     $0x1FE, %di
        loopl   1b
        call    print_hex16
        mov     0x2000, %ax
        print_ax_and_exit

        define_hex_printers
