# The text screen as programs draw it: mode 13h and back to mode 03h, the cursor set (AH=02h)
# and teletype output there, AH=09h's repeated character with an attribute, AH=13h's string,
# bytes written straight into B800:0000, and a window scrolled up one line (AH=06h). The final
# screen is what --screen-dump shows (tests/e2e/bios_test.cpp knows it).
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        mov     $0x0013, %ax
        int     $0x10
        mov     $0x0003, %ax
        int     $0x10

        mov     $0x02, %ah              # row 2, column 10
        xor     %bh, %bh
        mov     $0x020A, %dx
        int     $0x10
        print   "at row two"

        mov     $0x02, %ah              # row 4, column 0: five stars, yellow on blue
        mov     $0x0400, %dx
        int     $0x10
        mov     $0x092A, %ax
        mov     $0x001E, %bx
        mov     $5, %cx
        int     $0x10

        push    %ds                     # AH=13h at row 6, column 4, white on green
        pop     %es
        mov     $0x1301, %ax
        mov     $0x002F, %bx
        mov     $thirteen_end - thirteen, %cx
        mov     $0x0604, %dx
        mov     $thirteen, %bp
        int     $0x10

        mov     $0xB800, %ax            # "direct" at row 8, white on red, into video memory
        mov     %ax, %es
        mov     $8 * 160, %di
        mov     $direct, %si
        mov     $0x4F, %ah
1:      lodsb
        test    %al, %al
        jz      2f
        stosw
        jmp     1b

2:      mov     $10 * 160, %di          # rows 10-12: lines A, B, C; then the window scrolled
        mov     $'A', %al
3:      push    %di
        mov     $0x07, %ah
        mov     %ax, %dx
        mov     $'l', %al
        stosw
        mov     $'i', %al
        stosw
        mov     $'n', %al
        stosw
        mov     $'e', %al
        stosw
        mov     $' ', %al
        stosw
        mov     %dx, %ax
        stosw
        pop     %di
        add     $160, %di
        inc     %al
        cmp     $'D', %al
        jne     3b
        mov     $0x0601, %ax
        mov     $0x07, %bh
        mov     $0x0A00, %cx
        mov     $0x0C4F, %dx
        int     $0x10

        mov     $0x02, %ah              # the cursor left at row 20, column 0
        xor     %bh, %bh
        mov     $0x1400, %dx
        int     $0x10
        print   "done"
        stop
thirteen: .ascii "string thirteen"
thirteen_end:
direct: .asciz  "direct"
        define_print
        boot_signature
