# Every instruction form of the decoder's tiers 1 and 2, assembled by GNU as and compared with
# objdump's disassembly (tests/decoder/objdump_oracle_test.cpp). Not meant to run.
        .code16
        .text
        .globl _start
_start:
# ALU: every encoding of each of the eight operations, byte/word/dword, registers and memory
        .irp op, add, or, adc, sbb, and, sub, xor, cmp
        \op     %bl, (%bx,%si)
        \op     %cx, 0x10(%bp,%di)
        \op     %ecx, -2(%bp)
        \op     (%si), %dl
        \op     0x1234(%di), %bx
        \op     (%bx), %esi
        \op     $0x12, %al
        \op     $0x1234, %ax
        \op     $0x12345678, %eax
        \op     $0x12, %ah
        \op\()b  $0x12, 4(%bx)
        \op\()b  $0x80, (%di)
        \op\()w  $0x1234, (%di)
        \op\()l  $0x12345678, (%di)
        \op\()w  $-3, (%di)
        \op\()l  $-3, (%di)
        \op     $-3, %si
        .endr
        .byte   0x82, 0xc0, 0x01        # 82: alias of 80 outside 64-bit mode
# TEST, NOT, NEG, MUL, IMUL, DIV, IDIV, INC, DEC
        test    %al, %bl
        test    %ax, (%bx)
        test    $0x12, %al
        test    $0x1234, %ax
        testb   $1, (%bx)
        testw   $0x1234, (%bx)
        testl   $0x12345678, (%bx)
        .byte   0xf6, 0xc8, 0x01        # F6 /1: undocumented alias of TEST
        .irp op, not, neg, mul, imul, div, idiv
        \op\()b (%bx)
        \op\()w 2(%bx)
        \op\()l 4(%bx)
        \op     %cl
        \op     %cx
        \op     %ecx
        .endr
        inc     %ax
        inc     %edi
        dec     %bp
        dec     %esp
        incb    (%bx)
        incw    (%bx)
        incl    (%bx)
        decb    (%bx)
        decw    (%bx)
        decl    (%bx)
        inc     %al
        dec     %bh
# Shifts and rotates: by 1, by CL, by an immediate
        .irp op, rol, ror, rcl, rcr, shl, shr, sar
        \op     %al
        \op     %bx
        \op     %ecx
        \op\()b (%bx)
        \op\()w (%bx)
        \op\()l (%bx)
        \op     %cl, %dl
        \op     %cl, %si
        \op     %cl, %edi
        \op\()w %cl, (%bx)
        \op     $3, %al
        \op     $15, %bx
        \op     $31, %ecx
        \op\()w $4, (%bx)
        .endr
        .byte   0xd0, 0xf0              # D0 /6: SAL alias, executes as SHL
        shld    $4, %ax, %bx
        shld    %cl, %eax, (%bx)
        shrd    $4, %ax, (%bx)
        shrd    %cl, %eax, %ebx
# Data movement
        mov     %al, %bl
        mov     %ax, %bx
        mov     %eax, %ebx
        mov     %al, (%bx)
        mov     %ax, 2(%bx)
        mov     %eax, 4(%bx)
        mov     (%bx), %cl
        mov     (%bx), %cx
        mov     (%bx), %ecx
        mov     $0x12, %dh
        mov     $0x1234, %sp
        mov     $0x12345678, %ebp
        movb    $0x12, (%bx)
        movw    $0x1234, (%bx)
        movl    $0x12345678, (%bx)
        mov     0x1234, %al
        mov     0x1234, %ax
        mov     0x1234, %eax
        mov     %al, 0x1234
        mov     %ax, 0x1234
        mov     %eax, 0x1234
        mov     %es:0x1234, %al
        mov     %ds, %ax
        mov     %ss, (%bx)
        mov     %fs, %eax
        mov     %gs, %bx
        mov     %ax, %ds
        mov     (%bx), %es
        mov     %ax, %ss
        mov     %ax, %fs
        mov     %ax, %gs
        movzbw  %al, %ax
        movzbl  (%bx), %eax
        movzwl  %ax, %eax
        movsbw  (%bx), %ax
        movsbl  %al, %eax
        movswl  (%bx), %eax
        lea     2(%bp), %ax
        lea     (%bx,%si), %eax
        lds     (%bx), %ax
        les     (%bx), %eax
        lss     (%bx), %sp
        lfs     (%bx), %ax
        lgs     (%bx), %eax
        xchg    %al, %bl
        xchg    %bx, (%bx)
        xchg    %ecx, (%bx)
        xchg    %bx, %ax
        xchg    %ecx, %eax
        nop
        pause
        xadd    %al, (%bx)
        xadd    %ax, %bx
        xadd    %eax, (%bx)
        cmpxchg %bl, %cl
        cmpxchg %ax, (%bx)
        cmpxchg %eax, %ebx
        bswap   %eax
        bswap   %edi
        cbw
        cwde
        cwd
        cltd
        lahf
        sahf
        xlat
        .byte   0xd6                    # SALC (objdump: (bad))
# Stack
        push    %ax
        push    %esi
        pop     %bx
        pop     %edi
        pushw   (%bx)
        pushl   (%bx)
        popw    (%bx)
        popl    (%bx)
        push    %es
        push    %cs
        push    %ss
        push    %ds
        push    %fs
        push    %gs
        pop     %es
        pop     %ss
        pop     %ds
        pop     %fs
        pop     %gs
        pushw   $0x1234
        pushl   $0x12345678
        pushw   $-2
        pushl   $-2
        pusha
        pushal
        popa
        popal
        pushf
        pushfl
        popf
        popfl
        enter   $8, $0
        enter   $0x100, $3
        leave
# Multiply forms
        imul    %bx, %ax
        imul    (%bx), %eax
        imul    $5, %bx, %ax
        imul    $300, (%bx), %ax
        imul    $-5, %ebx, %eax
        imul    $100000, %ebx, %eax
# Bit operations
        bt      %ax, %bx
        bt      %eax, (%bx)
        bts     %ax, (%bx)
        btr     %eax, %ebx
        btc     %ax, (%bx)
        bt      $3, %ax
        btsl    $31, (%bx)
        btr     $7, %bx
        btcw    $1, (%bx)
        bsf     %ax, %bx
        bsr     (%bx), %eax
        tzcnt   %ax, %bx
        lzcnt   (%bx), %eax
# Condition codes
        .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
        set\cc  %al
        set\cc  (%bx)
        cmov\cc %bx, %ax
        cmov\cc (%bx), %eax
        j\cc    .+2
        j\cc    .+0x200
        .endr
# Decimal arithmetic
        daa
        das
        aaa
        aas
        aam
        aam     $16
        aad
        aad     $16
# Control transfer
        jmp     .+2
        jmp     .+0x200
        jmp     *%ax
        jmp     *(%bx)
        jmpl    *(%bx)
        ljmp    $0xf000, $0xfff0
        ljmp    *(%bx)
        ljmpl   *(%bx)
        call    .+0x200
        call    *%ax
        call    *(%bx)
        calll   *%eax
        lcall   $0xf000, $0xfff0
        lcall   *(%bx)
        lcalll  *(%bx)
        ret
        ret     $4
        lret
        lret    $8
        retl
        lretl
        loop    .
        loope   .
        loopne  .
        jcxz    .
        jecxz   .
        int3
        int     $0x21
        into
        .byte   0xf1                    # INT1 / ICEBP
        iret
        iretl
        bound   %ax, (%bx)
        bound   %eax, (%bx)
# Strings, with and without REP, with overrides and 32-bit addressing
        .irp op, movs, cmps, stos, lods, scas, ins, outs
        \op\()b
        \op\()w
        \op\()l
        .endr
        rep movsb
        rep movsw
        rep stosl
        repe cmpsb
        repne scasw
        rep lodsb
        rep insb
        rep outsw
        es movsb
        cs lodsw
        addr32 movsb
        addr32 rep stosb
# Ports and processor control
        in      $0x80, %al
        in      $0x80, %ax
        in      $0x80, %eax
        in      %dx, %al
        in      %dx, %ax
        in      %dx, %eax
        out     %al, $0xf1
        out     %ax, $0xf1
        out     %eax, $0xf1
        out     %al, %dx
        out     %ax, %dx
        out     %eax, %dx
        hlt
        cmc
        clc
        stc
        cli
        sti
        cld
        std
        wait
        lock addw %ax, (%bx)
        lock incl (%bx)
        lock xchg %al, (%bx)
        lock btsw $1, (%bx)
        lock cmpxchg %ecx, (%bx)
        cpuid
        rdtsc
        ud2
        ud1     (%bx), %ax
        nopw    (%bx)
        nopl    4(%bx,%si)
# 32-bit addressing
        mov     (%eax), %ax
        mov     4(%esp), %ax
        mov     8(%ebp), %eax
        mov     (%eax,%ebx), %cl
        mov     0x10(%esi,%edi,2), %dx
        mov     -4(%esp,%eax,4), %ebx
        mov     0x12345678(,%ecx,8), %eax
        addr32 mov 0x12345678, %ax
        mov     %fs:(%eax), %al
        mov     %gs:0x10(%ebx,%ecx,4), %eax
        lea     0x10(%ebx,%ecx,2), %eax
# 16-bit addressing: all eight base/index forms, with no, 8- and 16-bit displacements
        mov     (%bx,%si), %ax
        mov     0x12(%bx,%si), %ax
        mov     0x1234(%bx,%si), %ax
        mov     -0x12(%bx,%si), %ax
        mov     (%bx,%di), %ax
        mov     0x12(%bx,%di), %ax
        mov     0x1234(%bx,%di), %ax
        mov     -0x12(%bx,%di), %ax
        mov     (%bp,%si), %ax
        mov     0x12(%bp,%si), %ax
        mov     0x1234(%bp,%si), %ax
        mov     -0x12(%bp,%si), %ax
        mov     (%bp,%di), %ax
        mov     0x12(%bp,%di), %ax
        mov     0x1234(%bp,%di), %ax
        mov     -0x12(%bp,%di), %ax
        mov     (%si), %ax
        mov     0x12(%si), %ax
        mov     0x1234(%si), %ax
        mov     -0x12(%si), %ax
        mov     (%di), %ax
        mov     0x12(%di), %ax
        mov     0x1234(%di), %ax
        mov     -0x12(%di), %ax
        mov     (%bx), %ax
        mov     0x12(%bx), %ax
        mov     0x1234(%bx), %ax
        mov     -0x12(%bx), %ax
        mov     0(%bp), %ax
        mov     0x12(%bp), %ax
        mov     0x1234(%bp), %ax
        mov     %ss:(%bp), %ax
        mov     %ds:(%bp), %ax
        mov     %cs:(%bx), %ax
        mov     %es:0x10(%bx,%si), %ax
# System
        lgdt    (%bx)
        sgdt    (%bx)
        lidt    (%bx)
        sidt    (%bx)
        lidtl   (%bx)
        smsw    %ax
        smsw    (%bx)
        lmsw    %ax
        lmsw    (%bx)
        invlpg  (%bx)
        mov     %cr0, %eax
        mov     %eax, %cr0
        mov     %cr2, %ebx
        mov     %ecx, %cr3
        mov     %cr4, %edx
        mov     %dr0, %eax
        mov     %eax, %dr7
        clts
        invd
        wbinvd
        wrmsr
        rdmsr
        rdpmc
        sysenter
        sysexit
        rsm
        sldt    %ax
        str     (%bx)
        lldt    %ax
        ltr     (%bx)
        verr    %ax
        verw    (%bx)
        lar     %bx, %ax
        lsl     (%bx), %eax
        arpl    %ax, %bx
# x87: memory forms of every size, register forms, no-operand forms
        fadds   (%bx)
        faddl   (%bx)
        fiadds  (%bx)
        fiaddl  (%bx)
        fmuls   (%bx)
        fcoms   (%bx)
        fcompl  (%bx)
        fsubs   (%bx)
        fsubrl  (%bx)
        fdivs   (%bx)
        fdivrl  (%bx)
        flds    (%bx)
        fldl    (%bx)
        fldt    (%bx)
        fsts    (%bx)
        fstpl   (%bx)
        fstpt   (%bx)
        filds   (%bx)
        fildl   (%bx)
        fildll  (%bx)
        fists   (%bx)
        fistpl  (%bx)
        fistpll (%bx)
        fisttps (%bx)
        fisttpl (%bx)
        fisttpll (%bx)
        fbld    (%bx)
        fbstp   (%bx)
        fldcw   (%bx)
        fnstcw  (%bx)
        fnstsw  (%bx)
        fnstsw  %ax
        fldenv  (%bx)
        fnstenv (%bx)
        frstor  (%bx)
        fnsave  (%bx)
        fadd    %st(1), %st
        fadd    %st, %st(2)
        faddp   %st, %st(3)
        fmul    %st(1), %st
        fmulp   %st, %st(1)
        fcom    %st(2)
        fcomp   %st(3)
        fcompp
        fucom   %st(1)
        fucomp  %st(1)
        fucompp
        fcomi   %st(1), %st
        fucomi  %st(2), %st
        fcomip  %st(1), %st
        fucomip %st(2), %st
        fsub    %st(1), %st
        fsubr   %st(1), %st
        fdiv    %st(1), %st
        fdivr   %st(1), %st
        fsub    %st, %st(1)
        fsubr   %st, %st(2)
        fdiv    %st, %st(3)
        fdivr   %st, %st(4)
        fsubp   %st, %st(1)
        fsubrp  %st, %st(1)
        fdivp   %st, %st(1)
        fdivrp  %st, %st(1)
        fld     %st(1)
        fst     %st(2)
        fstp    %st(3)
        fxch    %st(1)
        ffree   %st(4)
        fcmovb  %st(1), %st
        fcmovne %st(2), %st
        fcmovnbe %st(3), %st
        fcmovu  %st(4), %st
        fnop
        fchs
        fabs
        ftst
        fxam
        fld1
        fldl2t
        fldl2e
        fldpi
        fldlg2
        fldln2
        fldz
        f2xm1
        fyl2x
        fptan
        fpatan
        fxtract
        fprem1
        fdecstp
        fincstp
        fprem
        fyl2xp1
        fsqrt
        fsincos
        frndint
        fscale
        fsin
        fcos
        fnclex
        fninit
        hlt
