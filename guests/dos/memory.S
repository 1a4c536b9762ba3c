# DOS's memory and vectors as a program uses them: shrinking its own block to 4 KiB (AH=4Ah),
# allocating 100h paragraphs (AH=48h), asking for FFFFh (fails: AX = 8, BX = the largest block),
# freeing and allocating again (the same segment), a vector set and read back (AH=25h/35h), the
# DOS version (AH=30h). One "name value" line each; it ends with RET, which reaches INT 20h.
        .code16
        .include "dos.inc"
        .text
        .globl _start
_start: mov     $0x4A, %ah              # ES = the PSP: keep 4 KiB
        mov     $0x0100, %bx
        int     $0x21
        call    carry_to_cx
        dos_print resize
        call    print_cx_line
        mov     $0x48, %ah
        mov     $0x0100, %bx
        int     $0x21
        mov     %ax, first
        dos_print allocate
        call    print_ax_line
        mov     $0x48, %ah
        mov     $0xFFFF, %bx
        int     $0x21
        call    carry_to_cx
        push    %bx
        push    %ax
        dos_print too_much
        pop     %ax
        call    print_hex16
        call    print_space
        pop     %ax
        call    print_hex16
        call    print_space
        call    print_cx_line
        mov     first, %ax
        mov     %ax, %es
        mov     $0x49, %ah
        int     $0x21
        call    carry_to_cx
        dos_print release
        call    print_cx_line
        mov     $0x48, %ah
        mov     $0x0100, %bx
        int     $0x21
        dos_print again
        call    print_ax_line
        mov     $0x2560, %ax            # vector 60h := DS:1234h
        mov     $0x1234, %dx
        int     $0x21
        mov     $0x3560, %ax
        int     $0x21
        dos_print vector
        mov     %bx, %ax
        call    print_ax_line
        mov     $0x30, %ah
        int     $0x21
        dos_print version
        call    print_ax_line
        push    %cs
        pop     %es
        ret

carry_to_cx:
        mov     $0, %cx
        adc     $0, %cx
        ret
print_ax_line:
        call    print_hex16
        jmp     newline
print_cx_line:
        mov     %cx, %ax
        call    print_hex16
newline:
        dos_print crlf
        ret
print_space:
        mov     $' ', %dl
        mov     $0x02, %ah
        int     $0x21
        ret
        define_dos_print
resize:   .ascii "resize $"
allocate: .ascii "allocate $"
too_much: .ascii "too-much $"
release:  .ascii "release $"
again:    .ascii "again $"
vector:   .ascii "vector $"
version:  .ascii "version $"
crlf:     .ascii "\r\n$"
first:  .word   0
