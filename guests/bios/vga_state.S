# The VGA registers the BIOS programs, read back through their ports: the CRTC's cursor shape
# after boot (mode 03h), its cursor location after AH=02h, its shape after AH=01h, its start
# address after AH=05h; an attribute palette register set and read back (AX=1000h/1007h); in
# mode 13h the attribute mode control and two DAC entries of the default palette. Then it waits
# for the vertical retrace (3DAh bit 3) to begin and end five times, and prints "retrace".
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        boot_load_rest 1
        jmp     rest
        define_print
        boot_signature

# AL := CRTC register AL. Clobbers DX.
crtc:   mov     $0x3D4, %dx
        outb    %al, %dx
        inc     %dx
        inb     %dx, %al
        ret
# Prints CRTC registers AH and AH+1 as one word (high first). Clobbers AX, BX, CX, DX.
crtc_pair:
        mov     %ah, %al
        push    %ax
        call    crtc
        mov     %al, %cl
        pop     %ax
        inc     %al
        call    crtc
        mov     %al, %ah
        mov     %cl, %al
        xchg    %al, %ah
        call    print_hex16
        call    print_newline
        ret
# Prints DAC entry AL's red, green, blue. Clobbers AX, DX.
dac:    mov     $0x3C7, %dx
        outb    %al, %dx
        mov     $0x3C9, %dx
        inb     %dx, %al
        call    print_hex8
        inb     %dx, %al
        call    print_hex8
        inb     %dx, %al
        call    print_hex8
        call    print_newline
        ret

rest:   print   "shape "
        mov     $0x0A, %ah
        call    crtc_pair
        mov     $0x02, %ah              # row 5, column 10: location 5 * 80 + 10
        xor     %bh, %bh
        mov     $0x050A, %dx
        int     $0x10
        print   "cursor "
        mov     $0x0E, %ah
        call    crtc_pair
        mov     $0x01, %ah              # a block cursor, lines 0-7 of the CGA's cell
        mov     $0x0007, %cx
        int     $0x10
        print   "block "
        mov     $0x0A, %ah
        call    crtc_pair
        mov     $0x0501, %ax            # page 1: the display starts at word 800h
        int     $0x10
        print   "page1 "
        mov     $0x0C, %ah
        call    crtc_pair
        mov     $0x0500, %ax
        int     $0x10
        mov     $0x1000, %ax            # palette register 1 := 3Fh, read back
        mov     $0x3F01, %bx
        int     $0x10
        mov     $0x1007, %ax
        mov     $0x0001, %bx
        int     $0x10
        print   "palette1 "
        mov     %bh, %al
        call    print_hex8
        call    print_newline
        mov     $0x0013, %ax
        int     $0x10
        mov     $0x1007, %ax            # the attribute mode control: 256 colours
        mov     $0x0010, %bx
        int     $0x10
        print   "control "
        mov     %bh, %al
        call    print_hex8
        call    print_newline
        print   "dac06 "
        mov     $0x06, %al
        call    dac
        print   "dac2c "
        mov     $0x2C, %al
        call    dac
        mov     $5, %cx
1:      wait_retrace
        loop    1b
        print   "retrace"
        call    print_newline
        stop
        .org    1024
