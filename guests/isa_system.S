# Instruction-set corpus: flags control, system instructions, faults and self-modifying code
# (see isa.inc). CLI/STI/CLD/STD/CMC/CLC/STC; NOP, PAUSE, WAIT, NOP r/m; LIDT/SIDT/LGDT/SGDT,
# SMSW/LMSW, MOV from and to CR0, CLTS, INVD, WBINVD, INVLPG; #UD from UD2, an invalid opcode,
# LOCK on an instruction that cannot be locked, SLDT/STR/LLDT/LTR/VERR/VERW/LAR/LSL/ARPL (no
# protected mode) and RSM; #GP from SYSENTER/SYSEXIT and from an instruction over 15 bytes;
# segment-limit faults (#GP for DS, #SS for SS) on accesses that cross offset 0xFFFF; code that
# rewrites itself with MOV and with REP MOVSB. Not here: the trap flag (KVM's single-stepping
# hides the guest's TF from --compare, and kvm_pvm traps after MOV SS: docs/differential.md;
# interp_tests cover TF and the MOV SS shadow); CPUID and RDTSC (their values differ by
# design: the host CPU against emu's model), protected mode and x87 (not modelled: triple_fault.S
# covers the refusal), MOV to CR2-4 and DRn (not modelled).
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

isa_body:
        # flag control
        cli
        sti
        cli
        std
        cld
        stc
        cmc
        clc
        pushf
        pop     %ax
        fold    %eax
        # no-operations
        nop
        pause
        wait
        nopw    (%bx,%si)
        nopl    0x12(%bx)

        # descriptor-table registers (the IVT stays where it is: base 0, limit 0x3FF)
        sidt    scratch
        lidt    scratch
        sidtl   scratch+8
        sgdt    scratch+16
        lgdt    scratch+16
        sgdtl   scratch+24
        fold_mem scratch
        fold_mem scratch+8
        fold_mem scratch+16
        # CR0 and the machine status word, written back unchanged; CLTS; cache and TLB no-ops
        smsw    %ax
        smsw    %ebx
        smsw    scratch+32
        lmsw    %ax
        mov     %cr0, %eax
        mov     %eax, %cr0
        clts
        invd
        wbinvd
        invlpg  scratch
        fold    %eax
        fold    %ebx
        fold_mem scratch+32

        # #UD: UD2, an invalid opcode, LOCK where it is not allowed, the protected-mode-only
        # instructions and RSM; the handler resumes after each
        expect_fault 2
        ud2
        expect_fault 2
        .byte   0x0F, 0xA6              # no instruction
        expect_fault 3
        .byte   0xF0, 0x89, 0xC3        # LOCK MOV BX, AX: LOCK is for read-modify-write to memory only
        expect_fault 3
        sldt    %ax
        expect_fault 3
        str     %ax
        expect_fault 3
        lldt    %ax
        expect_fault 3
        ltr     %ax
        expect_fault 3
        verr    %ax
        expect_fault 3
        verw    %ax
        expect_fault 3
        lar     %ax, %bx
        expect_fault 3
        lsl     %ax, %bx
        expect_fault 2
        arpl    %ax, %bx
        expect_fault 2
        rsm
        mov     events, %ax
        fold    %eax
        # #GP: SYSENTER and SYSEXIT outside protected mode, and 16 bytes of instruction
        expect_fault 2
        sysenter
        expect_fault 2
        sysexit
        expect_fault 16
        .fill   15, 1, 0x3E             # 15 DS prefixes and a NOP: one byte too many
        nop
        fold_mem last_vector

        # segment limits: a word at offset 0xFFFF crosses the 64 KiB limit
        mov     $0xFFFF, %bx
        expect_fault 2
        mov     (%bx), %ax              # #GP (vector 13)
        fold_mem last_vector
        mov     $0xFFFF, %bp
        expect_fault 3
        mov     0(%bp), %ax             # through SS: #SS (vector 12)
        fold_mem last_vector
        mov     $0xFFFE, %bx
        mov     (%bx), %ax              # the last whole word: no fault
        mov     $0xFFFD, %si
        expect_fault 3
        mov     (%si), %eax             # a dword over the edge: #GP
        fold_mem events

        # self-modifying code: a MOV into the next instruction's immediate...
        movb    $0x42, 1f+1
1:      mov     $0x00, %al
        fold    %eax
        # ...a loop whose body changes its own operand every time through...
        mov     $4, %cx
        xor     %dx, %dx
2:      add     $0x01, %dl
        incb    2b+2
        loop    2b
        fold    %edx
        # ...and a routine copied into place by REP MOVSB, then called, then replaced and called
        mov     $routine_one, %si
        mov     $0x6000, %di
        mov     $(routine_end - routine_one) / 2, %cx
        rep movsb
        mov     $0x6000, %bx
        call    *%bx
        mov     $routine_two, %si
        mov     $0x6000, %di
        mov     $(routine_end - routine_one) / 2, %cx
        rep movsb
        mov     $0x6000, %bx
        call    *%bx
        fold    %eax

        isa_finish

routine_one:
        mov     $0x1111, %ax
        ret
routine_two:
        mov     $0x2222, %ax
        ret
routine_end:

        isa_vectors
        define_hex_printers
