# Instructions this project's KVM (kvm_pvm) cannot emulate, mixed with port I/O: DAA, AAA, AAS,
# BOUND (in range, and out of range through a #BR handler), INT3 through a handler, ENTER with
# nesting. Under --accel=kvm the interpreter assists with each; the output must be the same as
# --accel=interp's.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        jmp     start
        .org    0x400                   # the IVT lives at 0: keep code clear of it
start:
        movw    $int3_handler, 3*4
        movw    $0, 3*4+2
        movw    $bound_handler, 5*4
        movw    $0, 5*4+2
        mov     $0x8000, %sp

        mov     $0x15, %al              # DAA: 15 + 27 = 42
        add     $0x27, %al
        daa
        call    print_hex8
        call    space
        mov     $0x0009, %ax            # AAA: 9 + 3 = 0102
        add     $3, %al
        aaa
        call    print_hex16
        call    space
        mov     $0x0102, %ax            # AAS: 0102 - 3 = 0009
        sub     $3, %al
        aas
        call    print_hex16
        call    space

        mov     $5, %bx                 # BOUND in range: no fault
        bound   %bx, bounds
        mov     $20, %bx                # out of range: #BR, the handler brings BX back in
        bound   %bx, bounds
        mov     bound_faults, %al
        call    print_hex8
        call    space

        int3                            # INT3: the handler counts
        int3
        mov     breakpoints, %al
        call    print_hex8
        call    space

        mov     $0x7000, %bp
        movw    $0x1234, 0x6FFE         # the enclosing frame pointer ENTER copies
        enter   $8, $2
        mov     %sp, %ax
        call    print_hex16
        mov     -4(%bp), %ax            # the frame pointer ENTER pushed for this level
        call    print_hex16
        leave
        mov     %sp, %ax
        call    print_hex16

        mov     $message, %si           # port I/O between the assisted instructions
        mov     $(message_end - message), %cx
        mov     $DEBUG_CONSOLE_PORT, %dx
        cld
        rep outsb
        in      $DEBUG_CONSOLE_PORT, %al
        call    print_hex8
        mov     $'\n', %al
        outb    %al, $CONSOLE_PORT
        hlt

int3_handler:
        incb    breakpoints
        iret

bound_handler:
        mov     $5, %bx
        incb    bound_faults
        iret

space:  mov     $' ', %al
        outb    %al, $CONSOLE_PORT
        ret

        define_print_hex16
        define_print_hex8

bounds: .word   0, 10
bound_faults:
        .byte   0
breakpoints:
        .byte   0
message:
        .ascii  " mixed "
message_end:
