# Prints its command tail (PSP:0080 length, PSP:0081 text) between brackets, character by
# character through INT 21h AH=02h, and exits with the tail's length as its code.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: dos_print before
        mov     $0x81, %si
        mov     0x80, %cl
        xor     %ch, %ch
        print_counted
        dos_print after
        mov     0x80, %al
        mov     $0x4C, %ah
        int     $0x21
before: .ascii  "tail=[$"
after:  .ascii  "]\r\n$"
