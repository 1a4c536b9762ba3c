# The CPU's vendor as programs ask for it: if EFLAGS.ID (bit 21) can be flipped, CPUID leaf 0's
# EBX, EDX and ECX, stored to memory in that order, spell it (Intel SDM Vol. 2A, CPUID); prints
# "vendor GenuineIntel" or "vendor AuthenticAMD", or "no CPUID" on a CPU without it (a 286, told
# apart first with 8086 instructions as cpu_detect does). The register bytes reach memory
# little-endian whatever the host's byte order.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        jump_if_286 no_cpuid
        pushfl
        popl    %eax
        mov     %eax, %ecx
        xor     $0x200000, %eax     # flip ID
        pushl   %eax
        popfl
        pushfl
        popl    %eax
        pushl   %ecx                # the flags as they were
        popfl
        xor     %ecx, %eax
        test    $0x200000, %eax
        jz      no_cpuid
        xor     %eax, %eax
        cpuid
        mov     %ebx, vendor
        mov     %edx, vendor+4
        mov     %ecx, vendor+8
        mov     $vendor_line, %si
        jmp     report
no_cpuid:
        mov     $no_cpuid_line, %si
report: call    print_string
        hlt

        define_print_string

vendor_line:
        .ascii  "vendor "
vendor: .ascii  "????????????"
        .asciz  "\n"
no_cpuid_line:
        .asciz  "no CPUID\n"
