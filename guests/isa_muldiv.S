# Instruction-set corpus: multiplication, division and decimal adjustment (see isa.inc).
# MUL and IMUL (one-, two- and three-operand forms) at 8, 16 and 32 bits over boundary values;
# DIV and IDIV including divide by zero, quotient overflow and -32768 / -1, each delivered as
# #DE through the IVT and resumed after the instruction; AAM (AAM 0 raises #DE) and AAD with
# other bases; DAA, DAS, AAA and AAS over every AL with AF and CF clear and set.
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

        .set    NVALUES, 9

isa_body:
        xor     %si, %si
outer:
        xor     %di, %di
inner:
        mov     values(%si), %eax
        mov     values(%di), %ebx
        push    %eax
        mul     %bl
        fold    %eax
        mov     (%esp), %eax
        imul    %bl
        fold    %eax
        mov     (%esp), %eax
        mul     %bx
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        imul    %bx
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        mull    values(%di)
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        imul    %ebx
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        imul    %bx, %ax
        fold    %eax
        mov     (%esp), %eax
        imul    %ebx, %eax
        fold    %eax
        imul    $-3, %bx, %cx
        fold    %ecx
        imul    $0x1234, %bx, %cx
        fold    %ecx
        imul    $0x7FFFFFFF, %ebx, %ecx
        fold    %ecx
        imulw   $-128, values(%di), %cx
        fold    %ecx

        # divisions: the dividend from EAX (and EDX = the other value), the divisor BX; zero
        # divisors and quotients too big fault (#DE), the handler skips the instruction
        mov     (%esp), %eax
        expect_fault 2
        div     %bl
        fold    %eax
        mov     (%esp), %eax
        expect_fault 2
        idiv    %bl
        fold    %eax
        mov     (%esp), %eax
        mov     %ebx, %edx
        and     $0xFF, %dx
        expect_fault 2
        div     %bx
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        mov     %ebx, %edx
        sar     $31, %edx               # sign-extended dividend: fewer overflows
        expect_fault 3
        idiv    %ebx
        fold    %eax
        fold    %edx
        mov     (%esp), %eax
        xor     %edx, %edx
        expect_fault 5
        divl    values(%di)
        fold    %eax
        fold    %edx
        pop     %eax

        add     $4, %di
        cmp     $NVALUES*4, %di
        jb      inner
        add     $4, %si
        cmp     $NVALUES*4, %si
        jb      outer

        # the classic IDIV overflow: -32768 / -1 and -128 / -1
        mov     $0x8000, %ax
        cwd
        mov     $-1, %bx
        expect_fault 2
        idiv    %bx
        fold    %eax
        mov     $0xFF80, %ax
        mov     $-1, %bl
        expect_fault 2
        idiv    %bl
        fold    %eax

        # AAM and AAD in base 10 and other bases; AAM 0 is #DE
        xor     %cx, %cx
aam_loop:
        mov     %cl, %al
        mov     $0x77, %ah
        aam
        fold    %eax
        aad
        fold    %eax
        mov     %cl, %al
        aam     $16
        fold    %eax
        aad     $7
        fold    %eax
        inc     %cl
        jnz     aam_loop
        mov     $0x55, %al
        expect_fault 2
        aam     $0
        fold    %eax

        # DAA, DAS, AAA, AAS: every AL, with AF and CF each clear and set (SAHF sets them)
        mov     $bcd_flags, %si
bcd_flags_loop:
        xor     %cx, %cx
bcd_loop:
        .irp    adjust, daa, das, aaa, aas
        mov     (%si), %ah
        sahf
        mov     %cl, %al
        mov     $0x02, %ah
        \adjust
        fold    %eax
        .endr
        inc     %cl
        jnz     bcd_loop
        inc     %si
        cmp     $bcd_flags_end, %si
        jb      bcd_flags_loop

        isa_finish

        .p2align 2
values:
        .long   0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFFFFFF
bcd_flags:                              # SAHF images: none, CF, AF, AF and CF
        .byte   0x00, 0x01, 0x10, 0x11
bcd_flags_end:

        isa_vectors
        define_hex_printers
