# Instruction-set corpus: control transfer, the stack and segment loads (see isa.inc).
# JMP short/near/far, direct and indirect (register, memory, far memory); CALL near/far direct
# and indirect; RET, RET imm, RETF, RETF imm; LOOP/LOOPE/LOOPNE and JCXZ/JECXZ, taken and not;
# ENTER with levels 0, 1 and 3 and LEAVE; INT n, INT3, INTO (OF clear and set), INT1 and IRET;
# BOUND in and out of range (#BR); PUSH/POP of registers, memory, immediates, segment registers
# (FS and GS too) and SP; PUSHA/POPA and PUSHAD/POPAD; PUSHF/POPF; MOV to and from segment
# registers and the moffs forms; LDS/LES/LSS/LFS/LGS; XLAT.
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

isa_body:
        # jumps: short, near, far direct, near indirect (register and memory), far indirect
        jmp     1f
        hlt
1:      jmp     near_target
        hlt
near_back:
        ljmp    $0, $far_target
        hlt
far_back:
        mov     $indirect_target, %ax
        jmp     *%ax
        hlt
indirect_back:
        movw    $memory_target, scratch
        jmp     *scratch
        hlt
memory_back:
        movw    $far_memory_target, scratch
        movw    $0, scratch+2
        ljmp    *scratch
        hlt
far_memory_back:

        # calls and returns
        call    near_routine
        fold    %eax
        mov     $near_routine, %bx
        call    *%bx
        movw    $near_routine, scratch
        call    *scratch
        lcall   $0, $far_routine
        movw    $far_routine, scratch
        movw    $0, scratch+2
        lcall   *scratch
        push    $0x1111
        push    $0x2222
        call    pops_two                # RET 4
        push    $0x3333
        push    $0x4444
        lcall   $0, $far_pops_two       # RETF 4
        fold    %eax
        fold    %esp

        # loops: LOOP, LOOPE, LOOPNE, JCXZ, JECXZ (and the 32-bit count forms)
        mov     $5, %cx
        xor     %ax, %ax
1:      inc     %ax
        loop    1b
        mov     $5, %cx
2:      cmp     $3, %ax                 # AX is 5: not equal, LOOPE ends at once
        loope   2b
        mov     $5, %cx
3:      cmp     $5, %ax                 # equal: LOOPNE ends at once
        loopne  3b
        mov     $4, %cx
4:      dec     %ax
        cmp     $0, %ax
        loopne  4b                      # until AX reaches 0 or CX runs out
        fold    %eax
        fold    %ecx
        xor     %cx, %cx
        jcxz    5f
        hlt
5:      mov     $0x10000, %ecx          # CX is 0 but ECX is not
        jecxz   6f
        addr32 loop 55f                 # ECX 0xFFFF afterwards: taken
        hlt
55:     fold    %ecx
        mov     $2, %ecx
66:     addr32 loop 66b                 # twice, with ECX
        jecxz   7f
6:      hlt
7:
        # ENTER/LEAVE at levels 0, 1 and 3
        mov     $0x7000, %bp
        movw    $0x6AAA, 0x6FFE
        movw    $0x6BBB, 0x6FFC
        enter   $6, $0
        fold    %ebp
        fold    %esp
        leave
        enter   $4, $1
        fold    %ebp
        fold    %esp
        leave
        mov     $0x7000, %bp
        enter   $2, $3
        fold_mem -6(%bp)
        fold    %esp
        leave
        fold    %esp
        fold    %ebp

        # interrupts through the IVT: INT n, INT3, INTO with OF clear and set, INT1
        int     $0x1F
        int3
        mov     $0x7F, %al
        add     $0, %al                 # OF clear: INTO does nothing
        into
        add     $1, %al                 # OF set: INTO raises #OF (vector 4)
        into
        .byte   0xF1                    # INT1: #DB (vector 1)
        fold_mem events
        fold_mem last_vector

        # BOUND: in range, on both bounds, and out of range (#BR, resumed after the BOUND)
        movw    $-5, scratch
        movw    $10, scratch+2
        mov     $-5, %bx
        bound   %bx, scratch
        mov     $10, %bx
        bound   %bx, scratch
        mov     $11, %bx
        expect_fault 4
        bound   %bx, scratch
        movl    $0x80000000, scratch+4
        movl    $0x7FFFFFFF, scratch+8
        mov     $0x12345678, %ebx
        boundl  %ebx, scratch+4
        fold_mem events

        # the stack: every PUSH and POP form
        mov     $0x1234, %ax
        mov     $0x56789ABC, %ebx
        push    %ax
        push    %ebx
        pushw   scratch
        pushl   scratch+4
        push    $-2                     # imm8
        push    $0x4321                 # imm16
        pushl   $0x87654321
        push    %sp                     # the value before the push
        pushl   %esp
        push    %cs
        push    %ds
        push    %es
        push    %ss
        push    %fs
        push    %gs
        pop     %gs
        pop     %fs
        pop     %es
        pop     %ds
        pop     %cx                     # SS's value, into CX
        pop     %cx
        popl    %edx
        pop     %dx
        popl    scratch+12
        popw    scratch+16
        pop     %sp                     # POP SP: SP becomes the popped value
        mov     $0x8F00, %sp
        fold    %edx
        fold    %esp
        fold_mem scratch+12
        mov     $0x11111111, %eax
        mov     $0x22222222, %ecx
        mov     $0x33333333, %edx
        mov     $0x44444444, %ebx
        mov     $0x55555555, %ebp
        mov     $0x66666666, %esi
        mov     $0x77777777, %edi
        pusha
        pushal
        xor     %eax, %eax
        popal
        fold    %esp
        popa                            # the SP slot is skipped
        fold    %eax
        fold    %ebx
        fold    %esp

        # PUSHF/POPF: every writable flag but TF (isa_system.S single-steps) set and read back
        pushf
        pushfl
        mov     $0xFEFF, %ax
        push    %ax
        popf
        pushf
        pop     %ax
        fold    %eax
        popfl
        popf

        # segment registers: MOV both ways, moffs forms, far pointer loads, XLAT
        mov     $0x0200, %ax
        mov     %ax, %fs
        mov     %fs, %cx
        mov     %ax, %gs
        movw    %gs, scratch
        mov     scratch, %es
        xor     %ax, %ax
        mov     %ax, %es
        mov     %ax, %gs
        movw    $0x1357, 0x2F00         # moffs: A1/A3 and the byte forms A0/A2
        mov     0x2F00, %ax
        mov     %ax, 0x2F02
        mov     0x2F01, %al
        mov     %al, 0x2F04
        mov     0x2F00, %eax
        mov     %eax, 0x2F08
        fold_mem 0x2F00
        fold_mem 0x2F04
        movw    $0x1111, scratch
        movw    $0x0000, scratch+2
        movl    $0x22222222, scratch+4
        movw    $0x0000, scratch+8
        lds     scratch, %si
        les     scratch, %di
        lfs     scratch, %bx
        lgs     scratch, %cx
        lfs     scratch+4, %edx         # a 32-bit offset and FS from the word after it
        fold    %esi
        fold    %edi
        fold    %ebx
        fold    %ecx
        fold    %edx
        xor     %ax, %ax
        mov     %ax, %fs
        mov     %sp, scratch
        mov     %ss, scratch+2
        lss     scratch, %sp            # the same SS:SP back
        mov     $xlat_table, %bx
        mov     $3, %al
        xlat
        mov     $1, %al
        xlatb   %cs:(%bx)
        fold    %eax

        isa_finish

near_target:
        jmp     near_back
far_target:
        ljmp    $0, $far_back
indirect_target:
        jmp     indirect_back
memory_target:
        jmp     memory_back
far_memory_target:
        jmp     far_memory_back
near_routine:
        add     $0x101, %ax
        ret
far_routine:
        add     $0x10001, %eax
        lret
pops_two:
        ret     $4
far_pops_two:
        lret    $4
xlat_table:
        .byte   0x10, 0x20, 0x30, 0x40

        isa_vectors
        define_hex_printers
