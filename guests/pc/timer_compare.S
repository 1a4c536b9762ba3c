# An interrupt-driven guest short enough for --compare: IRQ0 at about 12 kHz (mode 2, count
# 100) interrupting a busy loop of arithmetic and string work, then ten ticks waited for in HLT;
# the handler latches and reads channel 0 and keeps a checksum of what it read.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        set_vector 8, timer
        pic_init 0xFE, 0xFF
        pit0    2, 100
        sti
        mov     $10000, %cx
        xor     %dx, %dx
1:      add     %cx, %dx
        rol     $3, %dx
        sub     %cx, %dx
        loop    1b
        mov     ticks, %bx
        lea     10(%bx), %di
2:      hlt
        cmp     %di, ticks
        jb      2b
        cli
        mov     %bx, %ax
        call    print_hex16
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        mov     sum, %ax
        call    print_hex16
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        mov     %dx, %ax
        call    print_hex16
        newline
        hlt

timer:
        push    %ax
        incw    %cs:ticks
        mov     $0x00, %al              # latch channel 0
        outb    %al, $PIT_CONTROL
        inb     $PIT_CH0, %al
        add     %al, %cs:sum
        inb     $PIT_CH0, %al
        adc     %al, %cs:sum+1
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %ax
        iret

        define_hex_printers
ticks:  .word   0
sum:    .word   0
