# The RTC: prints the date and time (BCD registers, read when no update is in progress) as
# "YYYYMMDD HHMMSS", then takes 64 periodic interrupts at 1,024 Hz on IRQ8 (through the slave
# PIC), then prints the date and time again.
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        set_vector 0x70, rtc
        pic_init 0xFB, 0xFE             # IRQ2 (the cascade) and IRQ8
        call    print_time
        mov     $0x0C, %al              # read C: no stale flag
        outb    %al, $0x70
        inb     $0x71, %al
        mov     $0x0B, %al              # B: PIE, 24-hour, BCD
        outb    %al, $0x70
        mov     $0x42, %al
        outb    %al, $0x71
        sti
1:      hlt
        cmpw    $64, ticks
        jb      1b
        cli
        mov     $0x0B, %al
        outb    %al, $0x70
        mov     $0x02, %al
        outb    %al, $0x71
        mov     $irq_line, %si
        call    print_string
        call    print_time
        cli
        hlt

# "YYYYMMDD HHMMSS\n"
print_time:
1:      mov     $0x0A, %al              # wait while an update is in progress
        outb    %al, $0x70
        inb     $0x71, %al
        test    $0x80, %al
        jnz     1b
        mov     $0x32, %al
        call    print_register
        mov     $0x09, %al
        call    print_register
        mov     $0x08, %al
        call    print_register
        mov     $0x07, %al
        call    print_register
        mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        mov     $0x04, %al
        call    print_register
        mov     $0x02, %al
        call    print_register
        mov     $0x00, %al
        call    print_register
        newline
        ret

print_register:
        outb    %al, $0x70
        inb     $0x71, %al
        jmp     print_hex8

rtc:
        push    %ax
        incw    %cs:ticks
        mov     $0x0C, %al              # read C: the flag and the line cleared
        outb    %al, $0x70
        inb     $0x71, %al
        mov     $EOI, %al
        outb    %al, $PIC2
        outb    %al, $PIC1
        pop     %ax
        iret

        define_print_string
        define_print_hex8
ticks:    .word 0
irq_line: .asciz "64 periodic interrupts on IRQ8\n"
