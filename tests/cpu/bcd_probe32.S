# bcd_probe32: runs the BCD instructions natively, for tests/cpu (NativeProbe::run_bcd), since
# 64-bit mode has no DAA, DAS, AAA, AAS, AAM or AAD. A static 32-bit Linux program without libc.
#
#   bcd_probe32 CASES
#
# CASES holds 8-byte records: the operation (0 DAA, 1 DAS, 2 AAA, 3 AAS, 4 AAM, 5 AAD), the
# immediate (AAM/AAD), AX (little-endian word) and EFLAGS before (little-endian dword). Standard
# output receives 4 bytes per record: AX and FLAGS after (little-endian words). Exit status 0, or
# 1 when the file cannot be read, holds too many records or names another operation. AAM with
# an immediate of 0 raises #DE (SIGFPE): the caller leaves such cases out.
        .code32
        .set SYS_EXIT, 1
        .set SYS_READ, 3
        .set SYS_WRITE, 4
        .set SYS_OPEN, 5
        .set INPUT_SIZE, 1 << 20

        .text
        .globl _start
_start:
        mov     8(%esp), %ebx           # argv[1]
        test    %ebx, %ebx
        jz      fail
        mov     $SYS_OPEN, %eax         # open(path, O_RDONLY)
        xor     %ecx, %ecx
        int     $0x80
        test    %eax, %eax
        js      fail
        mov     %eax, %edi
        xor     %esi, %esi              # bytes read so far
read_more:
        mov     $INPUT_SIZE, %edx
        sub     %esi, %edx
        jz      fail                    # more than the buffer holds
        mov     $SYS_READ, %eax
        mov     %edi, %ebx
        lea     input(%esi), %ecx
        int     $0x80
        test    %eax, %eax
        js      fail
        jz      run_all
        add     %eax, %esi
        jmp     read_more

run_all:
        shr     $3, %esi                # records
        xor     %ebp, %ebp
next_record:
        cmp     %esi, %ebp
        jae     write_results
        lea     input(,%ebp,8), %ebx
        movzbl  (%ebx), %ecx
        cmp     $5, %ecx
        ja      fail
        # The instruction's address, worked out before the flags are loaded: the entry of the
        # operation, for AAM and AAD the entry of the immediate in its table.
        mov     entries(,%ecx,4), %edi
        cmp     $4, %ecx
        jb      1f
        movzbl  1(%ebx), %edx
        lea     (%edx,%edx,2), %edx     # 3 bytes per table entry
        add     %edx, %edi
1:      movzwl  2(%ebx), %eax
        pushl   4(%ebx)
        popf
        call    *%edi
        pushf
        pop     %ecx
        mov     %ax, output(,%ebp,4)
        mov     %cx, output+2(,%ebp,4)
        inc     %ebp
        jmp     next_record

write_results:
        shl     $2, %esi                # bytes to write
        xor     %edi, %edi              # bytes written
write_more:
        cmp     %esi, %edi
        jae     done
        mov     $SYS_WRITE, %eax
        mov     $1, %ebx
        lea     output(%edi), %ecx
        mov     %esi, %edx
        sub     %edi, %edx
        int     $0x80
        test    %eax, %eax
        jle     fail
        add     %eax, %edi
        jmp     write_more

done:
        mov     $SYS_EXIT, %eax
        xor     %ebx, %ebx
        int     $0x80
fail:
        mov     $SYS_EXIT, %eax
        mov     $1, %ebx
        int     $0x80

run_daa: daa
        ret
run_das: das
        ret
run_aaa: aaa
        ret
run_aas: aas
        ret
# One entry per immediate: the instruction and RET, 3 bytes each.
aam_table:
        .set base, 0
        .rept 256
        .byte 0xD4, base
        ret
        .set base, base + 1
        .endr
aad_table:
        .set base, 0
        .rept 256
        .byte 0xD5, base
        ret
        .set base, base + 1
        .endr

        .section .rodata
        .balign 4
entries:
        .long run_daa, run_das, run_aaa, run_aas, aam_table, aad_table

        .bss
        .balign 4
input:  .skip INPUT_SIZE
output: .skip INPUT_SIZE / 2
