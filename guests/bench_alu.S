# Benchmark: a register-only ALU loop, 8 instructions per iteration. Prints AX BX DX SI.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1000
        mov     iterations, %ecx
        xor     %ax, %ax
        mov     $1, %bx
        mov     $0x1234, %dx
        xor     %si, %si
1:      add     %bx, %ax
        xor     %ax, %dx
        rol     $3, %bx
        sub     %dx, %si
        add     %si, %bx
        inc     %ax
        dec     %ecx
        jnz     1b
        call    print_state
        bench_exit

print_state:
        push    %dx
        push    %bx
        call    print_hex16
        pop     %ax
        call    print_hex16
        pop     %ax
        call    print_hex16
        mov     %si, %ax
        call    print_hex16
        mov     $'\n', %al
        outb    %al, $CONSOLE_PORT
        ret

        define_hex_printers
