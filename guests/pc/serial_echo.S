# COM1 (16550A): checks loopback (a byte sent comes back, the modem lines follow MCR), then echoes
# what arrives on the line in capitals, from its interrupt (IRQ4: received data and character
# timeout, FIFO trigger level 8), until a '.'; status lines on the debug console.
        .code16
        .include "pc.inc"
        .text
        .globl _start
        .set COM1, 0x3F8
_start:
        pc_start
        set_vector 0x0C, com1
        pic_init 0xEF, 0xFF             # IRQ4 only
        mov     $0x80, %al              # DLAB: divisor 1 (115,200 baud)
        mov     $COM1+3, %dx
        outb    %al, %dx
        mov     $COM1, %dx
        mov     $1, %al
        outb    %al, %dx
        inc     %dx
        xor     %al, %al
        outb    %al, %dx
        mov     $COM1+3, %dx            # 8N1
        mov     $0x03, %al
        outb    %al, %dx
        mov     $COM1+2, %dx            # FIFOs on and cleared, trigger at 8
        mov     $0x87, %al
        outb    %al, %dx

# Loopback: MCR LOOP with DTR, RTS, OUT2; a byte written comes back; MSR shows CTS, DSR, DCD.
        mov     $COM1+4, %dx
        mov     $0x1B, %al
        outb    %al, %dx
        mov     $COM1, %dx
        mov     $'Z', %al
        outb    %al, %dx
        mov     $COM1+5, %dx
        inb     %dx, %al
        test    $0x01, %al
        jz      1f
        mov     $COM1, %dx
        inb     %dx, %al
        cmp     $'Z', %al
        jne     1f
        mov     $COM1+6, %dx
        inb     %dx, %al
        and     $0xF0, %al
        cmp     $0xB0, %al
        jne     1f
        mov     $loop_ok, %si
        jmp     2f
1:      mov     $loop_fail, %si
2:      call    print_string

        mov     $COM1+4, %dx            # DTR, RTS, OUT2: interrupts reach the PIC
        mov     $0x0B, %al
        outb    %al, %dx
        mov     $COM1+1, %dx            # IER: received data (and its timeout)
        mov     $0x01, %al
        outb    %al, %dx
        sti
3:      hlt
        cmpb    $0, finished
        je      3b
        cli
        mov     $done, %si
        call    print_string
        hlt

com1:
        push    %ax
        push    %dx
        mov     $COM1+2, %dx            # IIR: which interrupt
        inb     %dx, %al
1:      mov     $COM1+5, %dx
        inb     %dx, %al
        test    $0x01, %al              # data ready
        jz      3f
        mov     $COM1, %dx
        inb     %dx, %al
        cmp     $'.', %al
        jne     2f
        movb    $1, %cs:finished
2:      cmp     $'a', %al
        jb      4f
        cmp     $'z', %al
        ja      4f
        sub     $('a' - 'A'), %al
4:      outb    %al, %dx                # echo on the line
        jmp     1b
3:      mov     $EOI, %al
        outb    %al, $PIC1
        pop     %dx
        pop     %ax
        iret

        define_print_string
finished:  .byte 0
loop_ok:   .asciz "loopback ok\n"
loop_fail: .asciz "loopback FAIL\n"
done:      .asciz "\ndone\n"
