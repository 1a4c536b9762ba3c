# Time through the BIOS: the tick count (INT 1Ah AH=00h) advancing under IRQ0 while the guest
# waits in HLT (18 ticks: about a second), INT 15h AH=86h waiting 100 ms on the RTC's periodic
# interrupt (the ticks it took), and the RTC's time and date (INT 1Ah AH=02h/04h, BCD).
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        xor     %ah, %ah
        int     $0x1A
        mov     %dx, start
1:      hlt
        xor     %ah, %ah
        int     $0x1A
        mov     %dx, %ax
        sub     start, %ax
        cmp     $18, %ax
        jb      1b
        print   "ticks "
        call    print_hex16
        call    print_newline

        xor     %ah, %ah
        int     $0x1A
        mov     %dx, start
        mov     $0x86, %ah
        mov     $0x0001, %cx            # 100,000 us
        mov     $0x86A0, %dx
        int     $0x15
        jc      failed
        xor     %ah, %ah
        int     $0x1A
        mov     %dx, %ax
        sub     start, %ax
        push    %ax
        print   "waited "
        pop     %ax
        call    print_hex16
        call    print_newline

        mov     $0x02, %ah
        int     $0x1A
        push    %dx
        push    %cx
        print   "time "
        pop     %cx
        mov     %ch, %al
        call    print_hex8
        mov     %cl, %al
        call    print_hex8
        pop     %dx
        mov     %dh, %al
        call    print_hex8
        call    print_newline
        mov     $0x04, %ah
        int     $0x1A
        push    %dx
        push    %cx
        print   "date "
        pop     %ax
        call    print_hex16
        pop     %ax
        call    print_hex16
        call    print_newline
        stop
failed: print   "INT 15h AH=86h failed"
        call    print_newline
        stop
        define_print
start:  .word   0
        boot_signature
