# The rest of the console, keyboard, clock and serial services as a DOS program uses them, one
# "name value" line each (hex): a key stored with INT 16h AH=05h seen by DOS's status (AH=0Bh) and
# direct input (AH=06h, then empty: ZF), AH=0Ch's flush before a read (AH=08h) of a typed key,
# AH=07h, the drive functions (0Eh, 19h), the date and time (2Ah, 2Ch), INT 16h AH=05h/11h/10h/12h
# and an unsupported AH=55h, INT 1Ah AH=01h then 00h, and COM1 through INT 14h in loopback.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: mov     $0x05, %ah              # 'x' into the keyboard buffer
        mov     $0x2D78, %cx
        int     $0x16
        mov     $0x0B, %ah
        int     $0x21
        dos_print status
        call    print_al_line
        mov     $0x06, %ah
        mov     $0xFF, %dl
        int     $0x21
        call    zero_to_cx
        dos_print direct
        call    print_al_cx_line
        mov     $0x06, %ah
        mov     $0xFF, %dl
        int     $0x21
        call    zero_to_cx
        dos_print direct
        call    print_al_cx_line
        mov     $0x05, %ah              # 'y' stored, then flushed by AH=0Ch before AH=08h
        mov     $0x1579, %cx
        int     $0x16
        mov     $0x0C08, %ax
        int     $0x21
        dos_print flushed
        call    print_al_line
        mov     $0x07, %ah
        int     $0x21
        dos_print raw
        call    print_al_line
        mov     $0x0E, %ah
        xor     %dl, %dl
        int     $0x21
        dos_print drives
        call    print_al_line
        mov     $0x19, %ah
        int     $0x21
        dos_print current
        call    print_al_line
        mov     $0x2A, %ah
        int     $0x21
        push    %dx
        push    %cx
        dos_print date
        call    print_al_space
        pop     %ax
        call    print_hex16
        call    print_space
        pop     %ax
        call    print_ax_line
        mov     $0x2C, %ah
        int     $0x21
        dos_print time
        mov     %ch, %al
        call    print_al_space
        mov     %cl, %al
        call    print_al_line
        mov     $0x05, %ah              # INT 16h: store, peek, read, flags
        mov     $0x1E61, %cx
        int     $0x16
        mov     $0x11, %ah
        int     $0x16
        call    zero_to_cx
        dos_print peek
        call    print_ax_cx_line
        mov     $0x10, %ah
        int     $0x16
        dos_print read
        call    print_ax_line
        mov     $0x12, %ah
        int     $0x16
        dos_print flags
        call    print_ax_line
        mov     $0x55, %ah
        int     $0x16
        call    carry_to_cx
        dos_print int16_55
        mov     %ah, %al
        call    print_al_cx_line
        mov     $0x01, %ah              # INT 1Ah: the tick count set, then read
        xor     %cx, %cx
        mov     $0x1000, %dx
        int     $0x1A
        xor     %ah, %ah
        int     $0x1A
        dos_print ticks
        mov     %cx, %ax
        call    print_hex16
        call    print_space
        mov     %dh, %al
        call    print_al_line
        xor     %dx, %dx                # COM1: 9600 8N1, then loopback, 'L' sent and received
        mov     $0x00E3, %ax
        int     $0x14
        dos_print serial
        call    print_ax_line
        mov     $0x3FC, %dx
        mov     $0x13, %al
        outb    %al, %dx
        xor     %dx, %dx
        mov     $0x014C, %ax
        int     $0x14
        dos_print sent
        call    print_ax_line
        xor     %dx, %dx
        mov     $0x02, %ah
        int     $0x14
        dos_print received
        call    print_ax_line
        xor     %dx, %dx
        mov     $0x03, %ah
        int     $0x14
        dos_print line
        call    print_ax_line
        dos_exit 0

zero_to_cx:
        mov     $0, %cx
        jnz     1f
        inc     %cx
1:      ret
carry_to_cx:
        mov     $0, %cx
        adc     $0, %cx
        ret
print_al_line:
        call    print_hex8
        jmp     newline
print_al_space:
        call    print_hex8
print_space:
        push    %ax
        mov     $' ', %dl
        mov     $0x02, %ah
        int     $0x21
        pop     %ax
        ret
print_al_cx_line:
        call    print_hex8
        call    print_space
        mov     %cx, %ax
print_ax_line:
        call    print_hex16
newline:
        dos_print crlf
        ret
print_ax_cx_line:
        call    print_hex16
        call    print_space
        mov     %cx, %ax
        jmp     print_ax_line
        define_dos_print
status:   .ascii "status $"
direct:   .ascii "direct $"
flushed:  .ascii "flushed $"
raw:      .ascii "raw $"
drives:   .ascii "drives $"
current:  .ascii "current $"
date:     .ascii "date $"
time:     .ascii "time $"
peek:     .ascii "peek $"
read:     .ascii "read $"
flags:    .ascii "flags $"
int16_55: .ascii "int16-55 $"
ticks:    .ascii "ticks $"
serial:   .ascii "serial $"
sent:     .ascii "sent $"
received: .ascii "received $"
line:     .ascii "line $"
crlf:     .ascii "\r\n$"
