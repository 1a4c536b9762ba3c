# String input: `rep insb` reads 16 bytes from the debug console (each reads 0xE9) into a
# buffer, then prints the buffer as hex and the final DI to show the count was honoured.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        cld
        mov     $buffer, %di
        mov     $16, %cx
        mov     $DEBUG_CONSOLE_PORT, %dx
        rep insb
        mov     %di, %bx                # one past the last byte stored
        mov     $buffer, %si
dump:   cmp     %bx, %si
        je      done
        lodsb
        call    print_hex8
        jmp     dump
done:   mov     $'\n', %al
        outb    %al, $CONSOLE_PORT
        mov     buffer + 16, %al        # the byte after the buffer must be untouched
        call    print_hex8
        mov     $'\n', %al
        outb    %al, $CONSOLE_PORT
        hlt

        define_print_hex8

buffer: .fill   16, 1, 0
        .byte   0x5a                    # guard byte
