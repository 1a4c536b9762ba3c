# IRQ0 from the 8254 at about 1 kHz (mode 2, count 1193): counts ticks during a busy loop of a
# fixed number of instructions, then sleeps in HLT for 100 more, then prints both counts and the
# channel's count latched at the end. With --clock=virtual every run prints the same.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        set_vector 8, timer
        pic_init 0xFE, 0xFF
        movw    $0, ticks
        pit0    2, 1193
        sti
        # About a million instructions: 20 passes of 50,000 LOOPs.
        mov     $20, %dx
1:      mov     $50000, %cx
2:      loop    2b
        dec     %dx
        jnz     1b
        mov     ticks, %bx              # ticks during the busy loop
        lea     100(%bx), %dx
3:      hlt
        cmp     %dx, ticks
        jb      3b
        cli
        mov     $0x00, %al              # latch channel 0
        outb    %al, $PIT_CONTROL
        inb     $PIT_CH0, %al
        mov     %al, %cl
        inb     $PIT_CH0, %al
        mov     %al, %ch
        mov     %bx, %ax
        call    print_hex16
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        mov     ticks, %ax
        call    print_hex16
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        mov     %cx, %ax
        call    print_hex16
        newline
        hlt

timer:
        push    %ax
        incw    %cs:ticks
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %ax
        iret

        define_hex_printers
ticks:  .word   0
