# Checks the 8259A and the 8254 through their ports, as a program sees them, against their
# datasheets (Intel 231468 and 231164); prints one line per check, "ok" or "FAIL", then "done".
# Every wait is bounded, so a broken device fails a check instead of hanging.
        .code16
        .include "pc.inc"

# The end of a check: reached here it passed; a jump to the local label 1 failed it. Prints the
# check's name and the verdict.
        .macro verdict name
        mov     $ok, %bx
        jmp     2f
1:      mov     $fail, %bx
2:      mov     $\name, %si
        call    report
        .endm

        .text
        .globl _start
_start:
        pc_start
        set_vector 8, irq0
        set_vector 0x0F, irq7
        pic_init 0xFF, 0xFF

# 1. A masked IRQ0 is recorded in the IRR, and nothing is in service.
        pit0    0, 20                   # mode 0: OUT rises after 20 clocks
        call    wait_irr0
        jc      1f
        call    read_isr
        test    %al, %al
        jnz     1f
        verdict check_irr

# 2. Unmasked with IF clear it waits; STI takes it one instruction later; the handler sees it in
#    service; a specific EOI ends it.
        movw    $0, irq0_count
        mov     $0xFE, %al
        outb    %al, $PIC1+1
        nop
        cmpw    $0, irq0_count
        jne     1f
        sti
        cmpw    $0, irq0_count          # the STI's shadow: not yet
        jne     1f
        nop
        cli
        cmpw    $1, irq0_count
        jne     1f
        cmpb    $0x01, irq0_isr
        jne     1f
        call    read_isr
        test    %al, %al
        jnz     1f
        verdict check_delivery

# 3. A request withdrawn before the acknowledge (mode 0 reprogrammed: OUT falls) gives the
#    default IR7: vector 0Fh with nothing in service.
        pit0    0, 20
        call    wait_irr0
        jc      1f
        mov     $0x30, %al              # a mode 0 control word: OUT low at once
        outb    %al, $PIT_CONTROL
        call    read_irr
        test    $0x01, %al
        jnz     1f
        movw    $0, irq0_count
        movw    $0, irq7_count
        sti
        nop
        cli
        cmpw    $1, irq7_count
        jne     1f
        cmpw    $0, irq0_count
        jne     1f
        cmpb    $0x00, irq7_isr
        jne     1f
        verdict check_spurious

# 4. Poll (OCW3 P): the poll word names IR0 and acknowledges it.
        pit0    0, 20
        call    wait_irr0
        jc      1f
        mov     $0x0C, %al
        outb    %al, $PIC1
        inb     $PIC1, %al
        cmp     $0x80, %al
        jne     1f
        call    read_isr
        cmp     $0x01, %al
        jne     1f
        mov     $EOI, %al               # non-specific EOI
        outb    %al, $PIC1
        call    read_isr
        test    %al, %al
        jnz     1f
        verdict check_poll

# 5. Read-back status of channel 0: OUT, null count clear, LSB/MSB access, mode 0, binary.
        pit0    0, 0x4000
        mov     $0xE2, %al              # read-back: status only, channel 0
        outb    %al, $PIT_CONTROL
        inb     $PIT_CH0, %al
        and     $0x7F, %al              # OUT depends on the time
        cmp     $0x30, %al
        jne     1f
        verdict check_status

# 6. Channel 2 counts only while port 0x61 bit 0 (its gate) is set; its OUT is bit 5.
        xor     %al, %al
        outb    %al, $PORT_B
        mov     $0xB0, %al              # channel 2, LSB/MSB, mode 0
        outb    %al, $PIT_CONTROL
        mov     $50, %al
        outb    %al, $PIT_CH2
        xor     %al, %al
        outb    %al, $PIT_CH2
        mov     $2000, %cx
3:      loop    3b
        inb     $PORT_B, %al
        test    $0x20, %al
        jnz     1f                      # gate low: must not have counted down
        mov     $0x80, %al              # latch channel 2
        outb    %al, $PIT_CONTROL
        inb     $PIT_CH2, %al
        cmp     $50, %al
        jne     1f
        inb     $PIT_CH2, %al
        mov     $0x01, %al              # gate high
        outb    %al, $PORT_B
        mov     $0xFFFF, %cx
3:      inb     $PORT_B, %al
        test    $0x20, %al
        jnz     4f
        loop    3b
        jmp     1f
4:      verdict check_gate

# 7. Port 0x61 bit 4 (refresh) toggles.
        inb     $PORT_B, %al
        and     $0x10, %al
        mov     %al, %ah
        mov     $0xFFFF, %cx
3:      inb     $PORT_B, %al
        and     $0x10, %al
        cmp     %al, %ah
        jne     4f
        loop    3b
        jmp     1f
4:      verdict check_refresh

        mov     $done, %si
        call    print_string
        cli
        hlt

# CF clear when IRR bit 0 rises within the bound.
wait_irr0:
        mov     $0xFFFF, %cx
1:      call    read_irr
        test    $0x01, %al
        jnz     2f
        loop    1b
        stc
        ret
2:      clc
        ret

read_irr:
        mov     $0x0A, %al
        outb    %al, $PIC1
        inb     $PIC1, %al
        ret

read_isr:
        mov     $0x0B, %al
        outb    %al, $PIC1
        inb     $PIC1, %al
        ret

# Prints the check's name (SI) and the verdict (BX).
report:
        call    print_string
        mov     %bx, %si
        call    print_string
        ret

irq0:
        push    %ax
        incw    %cs:irq0_count
        call    read_isr
        mov     %al, %cs:irq0_isr
        mov     $0x60, %al              # specific EOI, level 0
        outb    %al, $PIC1
        pop     %ax
        iret

irq7:
        push    %ax
        incw    %cs:irq7_count
        call    read_isr
        mov     %al, %cs:irq7_isr
        pop     %ax                     # a default IR7 needs no EOI
        iret

        define_print_string

irq0_count:     .word 0
irq7_count:     .word 0
irq0_isr:       .byte 0
irq7_isr:       .byte 0
ok:             .asciz " ok\n"
fail:           .asciz " FAIL\n"
check_irr:      .asciz "masked IRQ0 recorded in IRR"
check_delivery: .asciz "IRQ0 taken after STI's shadow, in service, specific EOI"
check_spurious: .asciz "withdrawn request gives the default IR7"
check_poll:     .asciz "poll command acknowledges IR0"
check_status:   .asciz "PIT read-back status"
check_gate:     .asciz "channel 2 gated by port 0x61"
check_refresh:  .asciz "port 0x61 refresh bit toggles"
done:           .asciz "done\n"
