# Timer and keyboard together: IRQ0 at about 1 kHz (mode 3, count 1193) counts milliseconds,
# IRQ1 notes each scan code with the count when it came; the main loop prints "CODE@TICKS" for
# each; ends after Esc's break code.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        set_vector 8, timer
        set_vector 9, keyboard
        pic_init 0xFC, 0xFF             # IRQ0 and IRQ1
        pit0    3, 1193
        sti
next:   cli
        mov     tail, %bx
        cmp     head, %bx
        jne     1f
        sti
        hlt
        jmp     next
1:      mov     codes(%bx), %al
        mov     %bx, %si
        shl     %si
        mov     times(%si), %dx
        inc     %bx
        and     $15, %bx
        mov     %bx, tail
        sti
        push    %ax
        call    print_hex8
        mov     $'@', %al
        outb    %al, $CONSOLE_PORT
        mov     %dx, %ax
        call    print_hex16
        newline
        pop     %ax
        cmp     $0x81, %al
        jne     next
        cli
        hlt

timer:
        push    %ax
        incw    %cs:ticks
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %ax
        iret

keyboard:
        push    %ax
        push    %bx
        push    %si
        inb     $0x60, %al
        mov     %cs:head, %bx
        mov     %al, %cs:codes(%bx)
        mov     %bx, %si
        shl     %si
        mov     %cs:ticks, %ax
        mov     %ax, %cs:times(%si)
        inc     %bx
        and     $15, %bx
        mov     %bx, %cs:head
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %si
        pop     %bx
        pop     %ax
        iret

        define_hex_printers
ticks:  .word   0
head:   .word   0
tail:   .word   0
codes:  .fill   16, 1, 0
times:  .fill   16, 2, 0
