# A full-screen mode 13h animation paced by the vertical retrace, as games do: at the start of
# each retrace (3DAh bit 3 rising) the whole screen is filled with the next colour, 140 times
# (two seconds at 70 Hz); then it prints "frames 008c" and ends.
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        mov     $0x0013, %ax
        int     $0x10
        mov     $0xA000, %ax
        mov     %ax, %es
        xor     %bx, %bx                # BL: the colour, BH unused
        mov     $140, %si
1:      wait_retrace
        inc     %bl
        mov     %bl, %al
        mov     %al, %ah
        xor     %di, %di
        mov     $32000, %cx
        rep stosw
        dec     %si
        jnz     1b
        mov     $0x0003, %ax
        int     $0x10
        print   "frames "
        mov     $140, %ax
        call    print_hex16
        call    print_newline
        stop
        define_print
        boot_signature
