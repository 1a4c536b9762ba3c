# Keyboard input through DOS: one key with echo (AH=01h), a line (AH=0Ah, 20 characters at most),
# printed back; exits with the line's length as its code.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: dos_print ask_key
        mov     $0x01, %ah
        int     $0x21
        mov     %al, key
        dos_print ask_line
        mov     $buffer, %dx
        mov     $0x0A, %ah
        int     $0x21
        dos_print got_key
        mov     key, %dl
        mov     $0x02, %ah
        int     $0x21
        dos_print got_line
        mov     $buffer + 2, %si
        mov     buffer + 1, %cl
        xor     %ch, %ch
        print_counted
        dos_print close
        mov     buffer + 1, %al
        mov     $0x4C, %ah
        int     $0x21
ask_key:  .ascii "key? $"
ask_line: .ascii "\r\nline? $"
got_key:  .ascii "\r\nkey [$"
got_line: .ascii "] line [$"
close:    .ascii "]\r\n$"
key:    .byte   0
buffer: .byte   21, 0
        .fill   22, 1, 0
