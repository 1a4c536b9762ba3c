# Prints every byte the keyboard sends (IRQ1, port 0x60) as two hex digits and a space, a
# newline after Enter's break code; ends (CLI; HLT) after Esc's break code. Waits in HLT.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        set_vector 9, keyboard
        pic_init 0xFD, 0xFF             # IRQ1 only
drain:  cli                             # the buffer emptied with IF clear, then STI; HLT
        mov     tail, %bx
        cmp     head, %bx
        je      sleep
        mov     buffer(%bx), %al
        inc     %bx
        and     $15, %bx
        mov     %bx, tail
        sti
        push    %ax
        call    print_hex8
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        pop     %ax
        cmp     $0x9C, %al              # Enter released
        jne     1f
        newline
1:      cmp     $0x81, %al              # Esc released
        jne     drain
        newline
        cli
        hlt
sleep:  sti                             # STI's shadow: no interrupt between it and the HLT
        hlt
        jmp     drain

keyboard:
        push    %ax
        push    %bx
        inb     $0x60, %al
        mov     %cs:head, %bx
        mov     %al, %cs:buffer(%bx)
        inc     %bx
        and     $15, %bx
        mov     %bx, %cs:head
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %bx
        pop     %ax
        iret

        define_print_hex8
head:   .word   0
tail:   .word   0
buffer: .fill   16, 1, 0
