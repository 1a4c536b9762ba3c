# Which CPU is this? The test 1980s programs used, through FLAGS bits 12-15 (the 80286 and 80386
# manuals document what each CPU holds there): the 8086 and 80186 hold them all set, the 80286
# in real mode holds them all clear, and from the 80386 on real-mode code can set IOPL and NT
# (bits 12-14). Prints "8086/80186", "80286" or "80386 or later". Only 8086 instructions, so
# that any CPU gets as far as its answer: emu --cpu=286 prints 80286, every other profile (and
# KVM) 80386 or later.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        pushf                   # try to clear bits 12-15
        pop     %ax
        and     $0x0FFF, %ax
        push    %ax
        popf
        pushf
        pop     %ax
        and     $0xF000, %ax
        cmp     $0xF000, %ax
        mov     $is_8086, %si
        je      report
        mov     $is_286, %si
        jump_if_286 report      # bits 12-14 cannot be set
        mov     $is_386, %si
report: call    print_string
        hlt

        define_print_string

is_8086: .asciz "8086/80186\n"
is_286:  .asciz "80286\n"
is_386:  .asciz "80386 or later\n"
