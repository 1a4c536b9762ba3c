# The debugger's worked example (docs/debugging.md, tests/e2e/gdb_test.cpp): run it at 07C0:0000
# (--load 0x7c00 --entry 07c0:0000) so that CS is not 0, as in a boot sector that far-jumps to
# 07C0h. It copies a word with REP MOVSB, calls its own INT 60h, reaches one routine through two
# segment:offset spellings (07C0:shared and 07C1:shared-16: the same linear address), counts in
# a word a watchpoint can watch, passes XCHG BX,BX (the magic breakpoint), prints a line and
# exits with status (3 << 1) | 1 = 7. Written
# to work wherever it is loaded: addresses are offsets in CS.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        mov     %cs, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $stack_top, %sp
        cld
        # INT 60h's vector (0000:0180) to int60, in this segment.
        push    %ds
        xor     %bx, %bx
        mov     %bx, %ds
        movw    $int60, 0x180
        mov     %ax, 0x182
        pop     %ds
        # A REP MOVSB of five bytes: one iteration per stepi.
        mov     $source, %si
        mov     $copy, %di
        mov     $5, %cx
        rep movsb
        int     $0x60
        # shared through CS:shared, then through (CS+1):(shared-16).
        push    %cs
        call    shared
        mov     %cs, %ax
        inc     %ax
        mov     %ax, far_pointer + 2
        lcall   *far_pointer
        # Bochs' magic breakpoint (a no-op unless --gdb-magic-break), then the message (the copy,
        # then the rest) and the exit.
        xchg    %bx, %bx
        mov     $copy, %si
        call    print_string
        mov     $3, %al
        outb    %al, $EXIT_PORT
        hlt                             # not reached

int60:
        addw    $0x10, counter
        iret

shared:
        incw    counter                 # both calls come here, at one linear address
        lret

        define_print_string

far_pointer:
        .word   shared - 16, 0
counter:
        .word   0
source:
        .ascii  "done "
copy:
        .ascii  "?????"
        .asciz  "after the debugger\n"
        .balign 2
        .space  64
stack_top:
