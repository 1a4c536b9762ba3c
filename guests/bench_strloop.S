# Benchmark: string instructions without REP in a loop (LODSW/STOSW), 8 instructions per
# iteration, reading a 1 KiB table at 0x2000 and writing one at 0x4000. Prints DX and the word
# at 0x4000.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1000
        mov     iterations, %ecx
        mov     $0x2000, %si
        mov     $0x4000, %di
        xor     %dx, %dx
        cld
1:      lodsw
        add     %dx, %ax
        stosw
        lea     1(%eax), %edx
        and     $0x23FF, %si
        and     $0x43FF, %di
        dec     %ecx
        jnz     1b
        mov     %dx, %ax
        call    print_hex16
        mov     0x4000, %ax
        print_ax_and_exit

        define_hex_printers
