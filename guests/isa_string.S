# Instruction-set corpus: string instructions (see isa.inc). MOVS, CMPS, STOS, LODS, SCAS at
# byte, word and dword size, forward and backward, alone and with REP counts 0, 1 and many;
# REPE/REPNE termination on a match, a mismatch and the count; a segment override on the source;
# 32-bit addressing (0x67: ESI/EDI/ECX); INS and OUTS through the console ports, with REP;
# IN and OUT in every form.
        .code16
        .include "emu.inc"
        .include "isa.inc"
        .text
        .globl _start
_start:
        isa_start

        .set    SOURCE, 0x3000
        .set    DEST, 0x3400
        .set    FAR_SEGMENT, 0x0100      # FS: a second view of the same RAM, 4 KiB up

# Fills SOURCE with 0..255 repeated and DEST with 0xEE, forward.
        .macro reset_buffers
        cld
        mov     $SOURCE, %di
        xor     %ax, %ax
        mov     $512, %cx
1:      stosb
        inc     %al
        loop    1b
        mov     $DEST, %di
        mov     $0xEE, %al
        mov     $512, %cx
        rep stosb
        .endm

# The registers a string instruction changes, into the checksum.
        .macro fold_string_state
        fold    %esi
        fold    %edi
        fold    %ecx
        fold    %eax
        .endm

isa_body:
        mov     $FAR_SEGMENT, %ax
        mov     %ax, %fs
        xor     %ax, %ax
        mov     %ax, %es

        # every operation, size and direction, with REP counts 0, 1 and 37 (CMPS/SCAS: REPE and
        # REPNE); sources and destinations in the middle of the buffers so backward runs fit
        mov     $direction_ops, %bp
directions:
        reset_buffers
        movb    $0x80, DEST+0x100        # a planted mismatch for REPE CMPS
        movb    $0x90, SOURCE+0x120      # a planted match for REPNE SCAS
        mov     (%bp), %al
        test    %al, %al
        jz      1f
        std
        jmp     2f
1:      cld
2:
        .irp    count, 0, 1, 37
        .irp    insn, movsb, movsw, movsl, cmpsb, cmpsw, cmpsl, stosb, stosw, stosl, lodsb, lodsw, lodsl, scasb, scasw, scasl
        mov     $SOURCE+0x100, %si
        mov     $DEST+0x100, %di
        mov     $\count, %cx
        mov     $0x12345690, %eax
        cmp     %eax, %eax              # defined flags for the REP-with-count-0 cases
        rep \insn
        fold_string_state
        mov     $SOURCE+0x100, %si
        mov     $DEST+0x100, %di
        mov     $\count, %cx
        cmp     %eax, %eax
        repne \insn
        fold_string_state
        .endr
        .endr
        # the single (unrepeated) forms
        .irp    insn, movsb, movsw, movsl, cmpsb, cmpsw, cmpsl, stosb, stosw, stosl, lodsb, lodsw, lodsl, scasb, scasw, scasl
        mov     $SOURCE+0x80, %si
        mov     $DEST+0x80, %di
        \insn
        fold_string_state
        .endr
        # a segment override on the source: FS:SI is SOURCE - 4 KiB + SI
        mov     $SOURCE+0x100-0x1000, %si
        mov     $DEST+0x40, %di
        mov     $9, %cx
        rep movsb %fs:(%si), %es:(%di)
        fold_string_state
        mov     $SOURCE+0x100-0x1000, %si
        mov     $DEST+0x40, %di
        mov     $9, %cx
        repe cmpsb %es:(%di), %fs:(%si)
        fold_string_state
        lodsw   %fs:(%si)
        fold_string_state
        # 32-bit addressing: ESI, EDI, ECX
        mov     $SOURCE+0x100, %esi
        mov     $DEST+0x100, %edi
        mov     $5, %ecx
        addr32 rep movsw
        fold_string_state
        mov     $0x90, %al
        mov     $SOURCE, %edi
        mov     $0x200, %ecx
        addr32 repne scasb
        fold_string_state
        fold_mem DEST+0x100
        fold_mem DEST+0x0FC
        inc     %bp
        cmp     $direction_ops_end, %bp
        jb      directions
        cld

        # INS and OUTS: port 0xE9 reads E9h, writes go to the console
        mov     $DEBUG_CONSOLE_PORT, %dx
        mov     $DEST, %di
        insb
        insw
        insl
        mov     $3, %cx
        rep insb
        fold_mem DEST
        fold_mem DEST+4
        mov     $message, %si
        outsb
        mov     $(message_end - message - 1), %cx
        rep outsb
        mov     $message, %si
        mov     $CONSOLE_PORT, %dx
        outsw                           # two bytes to the byte-wide console
        mov     $0, %cx
        rep outsb                       # nothing
        fold_string_state

        # IN and OUT, immediate and DX ports, every size; port 0x80 has no device
        mov     $DEBUG_CONSOLE_PORT, %dx
        in      %dx, %al
        in      $DEBUG_CONSOLE_PORT, %ax
        in      %dx, %eax
        fold    %eax
        in      $0x80, %al
        mov     $0x80, %dx
        in      %dx, %ax
        fold    %eax
        out     %ax, %dx
        out     %eax, %dx
        out     %al, $0x80
        mov     $'!', %al
        out     %al, $CONSOLE_PORT
        mov     $CONSOLE_PORT, %dx
        mov     $'\n', %al
        out     %al, %dx

        isa_finish

message:
        .ascii  "strings\n"
message_end:
direction_ops:
        .byte   0, 1
direction_ops_end:

        isa_vectors
        define_hex_printers
