# The A20 gate: closed at reset (FFFF:0510 is 0000:0500), opened by port 0x92 bit 1 or by the
# 8042's output port (command D1h), closed again by either. One line per check, "ok" or "FAIL".
        .code16
        .include "pc.inc"
        .text
        .globl _start
_start:
        pc_start
        mov     $0xFFFF, %ax
        mov     %ax, %fs                # FS:0510 is physical 0x100500; ES:0500 is 0x000500

# 1. Closed at reset: a write at 1 MiB + 500h lands at 500h.
        movb    $0x55, %es:0x500
        movb    $0xAA, %fs:0x510
        mov     $check_reset, %si
        cmpb    $0xAA, %es:0x500
        call    report

# 2. Port 0x92 bit 1 opens it: 1 MiB + 500h is beyond a 1 MiB machine's RAM (reads FFh).
        inb     $0x92, %al
        or      $0x02, %al
        outb    %al, $0x92
        movb    $0x11, %fs:0x510
        mov     $check_port_a, %si
        cmpb    $0xAA, %es:0x500
        jne     1f
        cmpb    $0xFF, %fs:0x510
1:      call    report
        inb     $0x92, %al
        and     $0xFD, %al
        outb    %al, $0x92

# 3. The 8042's output port: D1h, then 03h (A20 and the reset line high) opens it, 01h closes it.
        mov     $0xD1, %al
        outb    %al, $0x64
        mov     $0x03, %al
        outb    %al, $0x60
        movb    $0x22, %fs:0x510
        mov     $check_keyboard, %si
        cmpb    $0xAA, %es:0x500
        call    report
        mov     $0xD1, %al
        outb    %al, $0x64
        mov     $0x01, %al
        outb    %al, $0x60
        movb    $0x33, %fs:0x510
        mov     $check_closed, %si
        cmpb    $0x33, %es:0x500
        call    report

# 4. A word straddling 1 MiB with the gate closed: its high byte is at 0.
        movb    $0x44, %es:0x0000
        mov     %fs:0x000F, %ax         # bytes at 0xFFFFF and 0x100000 -> 0x00000
        mov     $check_straddle, %si
        cmp     $0x44, %ah
        call    report

        mov     $done, %si
        call    print_string
        cli
        hlt

# Prints the check's name (SI) and "ok" if ZF is set, else "FAIL".
report:
        pushf
        call    print_string
        popf
        mov     $ok, %si
        je      1f
        mov     $fail, %si
1:      call    print_string
        ret

        define_print_string
ok:             .asciz " ok\n"
fail:           .asciz " FAIL\n"
check_reset:    .asciz "A20 closed at reset: 1 MiB wraps to 0"
check_port_a:   .asciz "port 0x92 bit 1 opens it"
check_keyboard: .asciz "the 8042 output port opens it"
check_closed:   .asciz "and closes it"
check_straddle: .asciz "a word across 1 MiB wraps its high byte"
done:           .asciz "done\n"
