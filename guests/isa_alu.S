# Instruction-set corpus: arithmetic, logic and bit operations (see isa.inc).
# Every binary ALU operation at 8, 16 and 32 bits, register and immediate and memory forms, with
# CF clear and set, over every pair of 12 boundary values (0, 1, 7F, 80, FF, 7FFF, 8000, FFFF,
# 7FFFFFFF, 80000000, FFFFFFFF, 12345678); unary operations; MOVZX/MOVSX, CBW/CWDE/CWD/CDQ,
# LAHF/SAHF, CMC, SALC, SETcc/CMOVcc/Jcc for every condition, BT/BTS/BTR/BTC, BSF/BSR,
# TZCNT/LZCNT (zero included), BSWAP, XADD, CMPXCHG, XCHG, LEA with 16- and 32-bit addressing.
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

        .set    NVALUES, 12
        .macro binary op
        mov     %eax, %ecx
        clc
        \op     %bl, %cl
        fold    %ecx
        mov     %eax, %ecx
        stc
        \op     %bx, %cx
        fold    %ecx
        mov     %eax, %ecx
        clc
        \op     %ebx, %ecx
        fold    %ecx
        mov     %eax, %ecx
        stc
        \op     %ebx, %ecx
        fold    %ecx
        mov     %ebx, scratch
        stc
        \op     %eax, scratch           # memory destination
        fold_mem scratch
        mov     %eax, %ecx
        clc
        \op     scratch, %cx            # memory source
        fold    %ecx
        .endm
        .macro binary_imm op
        mov     %eax, %ecx
        stc
        \op     $0x80, %cl
        fold    %ecx
        mov     %eax, %ecx
        clc
        \op     $0x7F, %cx
        fold    %ecx
        mov     %eax, %ecx
        stc
        \op     $-1, %ecx               # imm8 sign-extended (83 /n)
        fold    %ecx
        mov     %eax, %ecx
        clc
        \op     $0x80000000, %ecx
        fold    %ecx
        .endm

isa_body:
        xor     %si, %si
pairs_outer:
        xor     %di, %di
pairs_inner:
        mov     values(%si), %eax
        mov     values(%di), %ebx
        .irp    op, add, or, adc, sbb, and, sub, xor, cmp
        binary  \op
        .endr
        mov     %eax, %ecx              # TEST has no memory-source form with this operand order
        test    %bl, %cl
        test    %bx, %cx
        test    %ebx, %ecx
        test    %ecx, scratch
        fold    %ecx
        add     $4, %di
        cmp     $NVALUES*4, %di
        jb      pairs_inner

        mov     values(%si), %eax
        .irp    op, add, or, adc, sbb, and, sub, xor, cmp
        binary_imm \op
        .endr
        mov     %eax, %ecx
        test    $0x80, %cl
        test    $0x8000, %cx
        test    $0x80000001, %ecx
        .irp    op, not, neg, inc, dec
        mov     %eax, %ecx
        \op     %cl
        fold    %ecx
        mov     %eax, %ecx
        \op     %cx
        fold    %ecx
        mov     %eax, %ecx
        \op     %ecx
        fold    %ecx
        mov     %eax, scratch
        \op\()l scratch
        fold_mem scratch
        .endr
        # 16-bit INC/DEC short forms (40+r, 48+r)
        mov     %ax, %dx
        inc     %dx
        dec     %dx
        dec     %dx
        fold    %edx

        # widening moves and sign extension
        movzbw  %al, %cx
        fold    %ecx
        movzbl  %al, %ecx
        fold    %ecx
        movzwl  %ax, %ecx
        fold    %ecx
        movsbw  %al, %cx
        fold    %ecx
        movsbl  %al, %ecx
        fold    %ecx
        movswl  %ax, %ecx
        fold    %ecx
        movsbl  values(%si), %ecx
        fold    %ecx
        mov     %eax, %edx
        push    %eax
        cbw
        fold    %eax
        pop     %eax
        push    %eax
        cwde
        fold    %eax
        cwd
        fold    %edx
        cdq
        fold    %edx
        pop     %eax

        # bit scans (a zero source leaves the destination as it was, on Intel and AMD alike)
        mov     $0x5A5A5A5A, %ecx
        bsf     %ax, %cx
        fold    %ecx
        bsr     %eax, %ecx
        fold    %ecx
        tzcnt   %ax, %cx
        fold    %ecx
        tzcnt   %eax, %ecx
        fold    %ecx
        lzcnt   %ax, %cx
        fold    %ecx
        lzcnt   %eax, %ecx
        fold    %ecx
        mov     %eax, %ecx
        bswap   %ecx
        fold    %ecx

        add     $4, %si
        cmp     $NVALUES*4, %si
        jb      pairs_outer

        # LAHF/SAHF, CMC, SALC
        mov     $0xD5, %ah
        sahf
        lahf
        cmc
        .byte   0xD6                    # SALC
        fold    %eax
        mov     $0x00, %ah
        sahf
        .byte   0xD6                    # SALC
        fold    %eax

        # every condition: SETcc, CMOVcc, Jcc short and near, over a few flag states
        mov     $flag_states, %si
conditions:
        mov     2(%si), %al              # OF: 0x7F + 1 overflows, 0 + 1 does not
        add     $1, %al
        mov     (%si), %ah
        sahf                            # SF ZF AF PF CF from the table, OF from the ADD
        mov     $0x11111111, %edx
        mov     $0x22222222, %ecx
        .irp    cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
        set\cc  %bl                     # nothing in this block writes the flags
        movzbl  %bl, %ebx
        lea     (%edx,%ebx), %edx
        cmov\cc %ecx, %edx
        .endr
        fold    %edx
        .set    condition, 0
        .irp    cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
        j\cc    1f                      # short form
        lea     1(%edx), %edx
1:      .byte   0x0F, 0x80 + condition  # near form (rel16), over one LEA
        .word   3f - 2f
2:      lea     (%edx,%edx), %edx
3:
        .set    condition, condition + 1
        .endr
        fold    %edx
        add     $4, %si
        cmp     $flag_states_end, %si
        jb      conditions

        # BT family: register and immediate offsets, register and memory operands; a register
        # offset on a memory operand reaches beyond the operand (bit 70 = byte 8 bit 6)
        movl    $0x0F0F0F0F, scratch
        movl    $0x12345678, scratch+4
        movl    $0x9ABCDEF0, scratch+8
        mov     $0xA5A5A5A5, %eax
        mov     $3, %ebx
        .irp    op, bt, bts, btr, btc
        \op     %bx, %ax
        \op     $31, %eax
        \op     $5, %ax
        \op\()w $13, scratch
        \op     %ebx, scratch
        fold    %eax
        .endr
        mov     $70, %bx
        bt      %bx, scratch
        setc    %cl
        btc     %bx, scratch
        btsl    $33, scratch            # an immediate offset is taken modulo 32
        fold_mem scratch+8
        fold_mem scratch
        mov     $-1, %bx
        btr     %bx, scratch+2          # a negative register offset reaches below
        fold_mem scratch

        # XADD, CMPXCHG (equal and not equal), XCHG in all forms
        mov     $0x7F, %al
        mov     $0x01, %bl
        xadd    %al, %bl
        fold    %eax
        mov     $0x8000, %cx
        xadd    %cx, scratch
        mov     $0xFFFFFFFF, %ecx
        xadd    %ecx, scratch
        fold    %ecx
        mov     scratch, %eax
        mov     $0x1234, %cx
        cmpxchg %cx, scratch            # equal: stores CX
        fold_mem scratch
        cmpxchg %cx, scratch            # now AX differs: loads AX
        fold    %eax
        mov     $0x55, %al
        mov     $0x55, %dl
        mov     $0x66, %cl
        cmpxchg %cl, %dl
        fold    %edx
        cmpxchgl %ecx, scratch
        fold    %eax
        mov     $0x1111, %ax
        mov     $0x2222, %bx
        xchg    %ax, %bx
        xchg    %bx, %cx
        xchg    %eax, %edx
        xchg    %dl, %dh
        xchg    %ax, scratch
        xchg    %ebx, scratch
        nop                              # xchg ax, ax
        fold    %eax
        fold    %ebx

        # LEA, 16-bit and 32-bit addressing (SIB, scale, disp32, no base)
        mov     $0x1000, %bx
        mov     $0x0234, %si
        mov     $0xFFFF, %di
        mov     $0x8000, %bp
        lea     0x7F(%bx,%si), %ax
        lea     -1(%bp,%di), %cx
        lea     0x1234(%di), %dx
        fold    %eax
        fold    %ecx
        fold    %edx
        mov     $0x12345678, %ebx
        mov     $0x00000010, %ecx
        lea     0x1000(%ebx,%ecx,8), %eax
        lea     (,%ecx,4), %edx
        lea     0x80000000(%ebx), %esi
        lea     -4(%esp,%ecx,2), %edi
        fold    %eax
        fold    %edx
        fold    %esi
        fold    %edi
        mov     $0x1234, %ax
        lea     (%ebx,%ecx), %ax        # 16-bit destination keeps the low half
        fold    %eax

        isa_finish

        .p2align 2
values:
        .long   0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x12345678
# Each entry: AH for SAHF (SF ZF AF PF CF), then AL to which ADD 1 (0x7F sets OF), padding.
flag_states:
        .byte   0x00, 0, 0x00, 0
        .byte   0xD5, 0, 0x7F, 0
        .byte   0x41, 0, 0x7F, 0
        .byte   0x80, 0, 0x00, 0
        .byte   0x40, 0, 0x00, 0
        .byte   0x01, 0, 0x7F, 0
        .byte   0x84, 0, 0x7F, 0
flag_states_end:

        isa_vectors
        define_hex_printers
