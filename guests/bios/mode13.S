# Mode 13h through the BIOS: teletype text drawn from the BIOS's 8x8 font in colour 2Ah
# (AH=0Eh, BL), a pixel written and read back (AH=0Ch/0Dh), the character under the cursor
# recognised (AH=08h), the 8x8 font's address (AX=1130h, BH=03h) and a DAC register written and
# read back (AX=1010h/1015h). What it reads is printed (into the transcript) as hex. Then a
# pattern in video memory itself in the colour just set: row 100 all in colour 1, and a
# 16-pixel-wide bar of colours 20h-2Fh down the right edge (the default palette's).
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        mov     $0x0013, %ax
        int     $0x10
        mov     $0x0E48, %ax            # "Hi" in colour 2Ah
        mov     $0x002A, %bx
        int     $0x10
        mov     $0x0E69, %ax
        int     $0x10

        mov     $0x0C55, %ax            # pixel (100, 50) := 55h
        xor     %bh, %bh
        mov     $100, %cx
        mov     $50, %dx
        int     $0x10
        mov     $0x0D00, %ax
        int     $0x10
        mov     %al, pixel

        mov     $0x02, %ah              # the character at row 0, column 0
        xor     %bh, %bh
        xor     %dx, %dx
        int     $0x10
        mov     $0x08, %ah
        int     $0x10
        mov     %al, character
        mov     $0x02, %ah              # the cursor to row 2 for what is printed next
        mov     $0x0200, %dx
        int     $0x10

        mov     $0x1130, %ax
        mov     $0x03, %bh
        int     $0x10
        mov     %es, font_segment
        mov     %bp, font_offset

        mov     $0x1010, %ax            # DAC register 1 := (10, 20, 30)
        mov     $0x0001, %bx
        mov     $10, %dh
        mov     $20, %ch
        mov     $30, %cl
        int     $0x10
        xor     %cx, %cx
        xor     %dx, %dx
        mov     $0x1015, %ax
        int     $0x10
        push    %cx
        push    %dx

        push    %es                     # the pattern, straight into A000:0000
        mov     $0xA000, %ax
        mov     %ax, %es
        mov     $100 * 320, %di
        mov     $320, %cx
        mov     $0x01, %al
        rep stosb
        mov     $200, %dx               # rows 0-199: x = 304-319 in colours 20h-2Fh
        mov     $304, %di
1:      mov     $0x20, %al
        mov     $16, %cx
2:      stosb
        inc     %al
        loop    2b
        add     $320 - 16, %di
        dec     %dx
        jnz     1b
        pop     %es
        print   " pixel "
        mov     pixel, %al
        call    print_hex8
        print   " char "
        mov     character, %al
        call    print_hex8
        print   " font "
        mov     font_segment, %ax
        call    print_hex16
        print   ":"
        mov     font_offset, %ax
        call    print_hex16
        print   " dac "
        pop     %dx
        mov     %dh, %al
        call    print_hex8
        pop     %cx
        mov     %ch, %al
        call    print_hex8
        mov     %cl, %al
        call    print_hex8
        stop
        define_print
pixel:  .byte   0
character: .byte 0
font_segment: .word 0
font_offset: .word 0
        boot_signature
