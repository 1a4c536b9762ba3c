# Instruction-set corpus: shifts and rotates (see isa.inc). ROL ROR RCL RCR SHL SHR SAL SAR at
# 8, 16 and 32 bits, by 1 (D0/D1), by CL and by an immediate, with counts 0, 1, 7, 8, 9, 15, 16,
# 17, 31, 32 and 33 (masked to 5 bits), CF clear and set before, over boundary values; SHLD and
# SHRD by CL and immediate; a memory operand for each form; the SAL encoding (group 2 /6).
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

        .set    NVALUES, 6
        .set    NCOUNTS, 11

# One operation on CL, CX, ECX and a memory dword, by CL (count in BL), CF set first; then the
# same with CF clear by an immediate count.
        .macro shift_by_cl op
        mov     %eax, %edx
        mov     %bl, %cl
        stc
        \op     %cl, %dl
        fold    %edx
        mov     %eax, %edx
        stc
        \op     %cl, %dx
        fold    %edx
        mov     %eax, %edx
        clc
        \op     %cl, %edx
        fold    %edx
        mov     %eax, scratch
        stc
        \op\()l %cl, scratch
        fold_mem scratch
        .endm

        .macro shift_by_imm op, count
        mov     %eax, %edx
        clc
        \op     $\count, %dl
        fold    %edx
        mov     %eax, %edx
        stc
        \op     $\count, %dx
        fold    %edx
        mov     %eax, %edx
        stc
        \op     $\count, %edx
        fold    %edx
        .endm

        .macro shift_by_one op
        mov     %eax, %edx
        stc
        \op     %dl
        fold    %edx
        mov     %eax, %edx
        clc
        \op     %dx
        fold    %edx
        mov     %eax, scratch
        stc
        \op\()l scratch
        fold_mem scratch
        .endm

isa_body:
        xor     %si, %si
values_loop:
        mov     values(%si), %eax
        .irp    op, rol, ror, rcl, rcr, shl, shr, sal, sar
        shift_by_one \op
        .irp    count, 0, 1, 8, 15, 16, 17, 31, 32
        shift_by_imm \op, \count
        .endr
        .endr
        xor     %di, %di
counts_loop:
        mov     counts(%di), %bl
        .irp    op, rol, ror, rcl, rcr, shl, shr, sal, sar
        shift_by_cl \op
        .endr
        # SHLD/SHRD: EBX's partner bits come from the next value
        mov     values+4(%si), %ebp
        mov     counts(%di), %cl
        mov     %eax, %edx
        shld    %cl, %bp, %dx
        fold    %edx
        mov     %eax, %edx
        shrd    %cl, %bp, %dx
        fold    %edx
        mov     %eax, %edx
        shld    %cl, %ebp, %edx
        fold    %edx
        mov     %eax, %edx
        shrd    %cl, %ebp, %edx
        fold    %edx
        mov     %eax, scratch
        shldl   %cl, %ebp, scratch
        fold_mem scratch
        inc     %di
        cmp     $NCOUNTS, %di
        jb      counts_loop

        .irp    count, 0, 1, 4, 15, 16, 31
        mov     %eax, %edx
        shld    $\count, %bp, %dx
        fold    %edx
        mov     %eax, %edx
        shrd    $\count, %ebp, %edx
        fold    %edx
        mov     %eax, scratch
        shrdw   $\count, %bp, scratch
        fold_mem scratch
        .endr

        # group 2 /6 (SAL), which assemblers never emit: it shifts as SHL /4 does
        mov     %eax, %edx
        mov     $3, %cl
        .byte   0xD0, 0xF2              # sal dl, 1
        .byte   0xD3, 0xF2              # sal dx, cl
        .byte   0x66, 0xC1, 0xF2, 0x11  # sal edx, 17
        fold    %edx

        add     $4, %si
        cmp     $NVALUES*4, %si
        jb      values_loop

        isa_finish

        .p2align 2
values:
        .long   0x00000000, 0x00000001, 0x80000081, 0x7FFF8001, 0xFFFFFFFF, 0x12345678
        .long   0xC0000003                 # the partner of the last value for SHLD/SHRD
counts:
        .byte   0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33

        isa_vectors
        define_hex_printers
