# Benchmark: the sieve of Eratosthenes over 1024 flags at 0x4000, `iterations` times. Prints the
# number of primes below 1024 (172 = 00ACh).
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 1
        mov     iterations, %ebp
        cld
1:      mov     $0x4000, %di            # every flag set
        mov     $512, %cx
        mov     $0x0101, %ax
        rep stosw
        mov     $2, %bx
        xor     %dx, %dx
2:      cmp     $1024, %bx
        jae     5f
        cmpb    $0, 0x4000(%bx)
        je      4f
        inc     %dx                     # a prime: clear its multiples
        mov     %bx, %si
        add     %bx, %si
3:      cmp     $1024, %si
        jae     4f
        movb    $0, 0x4000(%si)
        add     %bx, %si
        jmp     3b
4:      inc     %bx
        jmp     2b
5:      dec     %ebp
        jnz     1b
        mov     %dx, %ax
        print_ax_and_exit

        define_hex_printers
