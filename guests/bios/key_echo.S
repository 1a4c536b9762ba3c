# Reads keys through INT 16h AH=00h and echoes them through the teletype: Enter starts a new
# line with a new prompt, a key without a character shows its scan code as [hh], Esc says bye
# and ends the run.
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
prompt: print   "> "
next:   xor     %ah, %ah
        int     $0x16
        cmp     $0x1B, %al
        je      bye
        cmp     $0x0D, %al
        je      enter
        test    %al, %al
        jz      scan
        cmp     $0xE0, %al
        je      scan
        mov     $0x0E, %ah
        xor     %bx, %bx
        int     $0x10
        jmp     next
enter:  call    print_newline
        jmp     prompt
scan:   push    %ax
        print   "["
        pop     %ax
        mov     %ah, %al
        call    print_hex8
        print   "]"
        jmp     next
bye:    call    print_newline
        print   "bye"
        call    print_newline
        stop
        define_print
        boot_signature
