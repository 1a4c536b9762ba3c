# What the BIOS reports and where it keeps it, one "name value" line each (hex): INT 11h, 12h,
# 15h AH=88h and C0h (with the model byte of the table) and an unsupported AH=24h (AH, CF),
# INT 13h's unsupported AH=20h on drive 0, INT 16h AH=02h, INT 17h, INT 10h AH=0Fh and AX=1A00h,
# INT 1Ah's unsupported AH=0Ah (CF), the BDA's words for memory, columns and the keyboard buffer,
# and where an unused vector (60h) leads (the byte there: CFh, an IRET).
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        boot_load_rest 2
        jmp     rest
        define_print
        boot_signature
rest:   int     $0x11
        print   "equipment "
        call    print_line_ax
        int     $0x12
        print   "memory "
        call    print_line_ax
        mov     $0x88, %ah
        int     $0x15
        call    carry_to_cx
        print   "extended "
        call    print_line_ax_cx
        mov     $0xC0, %ah
        int     $0x15
        mov     %es:2(%bx), %al
        xor     %ah, %ah
        push    %ax
        print   "model "
        pop     %ax
        call    print_line_ax
        mov     $0x24, %ah
        int     $0x15
        call    carry_to_cx
        print   "int15-24 "
        call    print_line_ax_cx
        mov     $0x20, %ah
        xor     %dl, %dl
        int     $0x13
        call    carry_to_cx
        print   "int13-20 "
        call    print_line_ax_cx
        mov     $0x02, %ah
        int     $0x16
        xor     %ah, %ah
        push    %ax
        print   "shift "
        pop     %ax
        call    print_line_ax
        mov     $0x01, %ah
        xor     %dx, %dx
        int     $0x17
        mov     %ah, %al
        xor     %ah, %ah
        push    %ax
        print   "printer "
        pop     %ax
        call    print_line_ax
        mov     $0x0F, %ah
        int     $0x10
        push    %bx
        push    %ax
        print   "video "
        pop     %ax
        pop     %cx
        call    print_line_ax_cx
        mov     $0x1A00, %ax
        int     $0x10
        push    %bx
        push    %ax
        print   "display "
        pop     %ax
        pop     %cx
        call    print_line_ax_cx
        mov     $0x0A, %ah
        int     $0x1A
        call    carry_to_cx
        print   "int1a-0a "
        mov     %cx, %ax
        call    print_line_ax
        mov     $0x40, %ax
        mov     %ax, %es
        print   "bda "
        mov     %es:0x13, %ax
        call    print_hex16
        call    print_space
        mov     %es:0x4A, %ax
        call    print_hex16
        call    print_space
        mov     %es:0x80, %ax
        call    print_hex16
        call    print_space
        mov     %es:0x82, %ax
        call    print_line_ax
        mov     $0x08, %ah              # the hard disks: count, last cylinder/sector, last head
        mov     $0x80, %dl
        int     $0x13
        call    carry_to_cx
        push    %dx
        print   "disk80 "
        pop     %ax
        call    print_line_ax_cx
        mov     $0x15, %ah              # its type and size in sectors (CX:DX)
        mov     $0x80, %dl
        int     $0x13
        push    %dx
        mov     %ah, %al
        xor     %ah, %ah
        print   "type80 "
        call    print_hex16
        call    print_space
        mov     %cx, %ax
        call    print_hex16
        call    print_space
        pop     %ax
        call    print_line_ax
        xor     %ax, %ax
        mov     %ax, %es
        les     %es:0x60*4, %bx
        mov     %es:(%bx), %al
        xor     %ah, %ah
        push    %ax
        print   "vector60 "
        pop     %ax
        call    print_line_ax
        stop

# CX := the carry flag (0 or 1), AX kept.
carry_to_cx:
        mov     $0, %cx
        adc     $0, %cx
        ret
print_line_ax:
        call    print_hex16
        call    print_newline
        ret
print_line_ax_cx:
        call    print_hex16
        call    print_space
        mov     %cx, %ax
        call    print_hex16
        call    print_newline
        ret

        .org    1536
