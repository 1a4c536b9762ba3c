# The 64 KiB -bios image for the QEMU-TCG runs of the performance comparison: QEMU starts at
# F000:FFF0, this stub sets the registers emu's machine starts with (general registers, segment
# registers and SP zero) and jumps to the guest that QEMU's loader device put at 0000:0000.
        .code16
        .text
        .globl _start
_start:
        xor     %eax, %eax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     %ax, %fs
        mov     %ax, %gs
        xor     %ebx, %ebx
        xor     %ecx, %ecx
        xor     %edx, %edx              # QEMU leaves the CPU signature here at reset
        xor     %esi, %esi
        xor     %edi, %edi
        xor     %ebp, %ebp
        xor     %esp, %esp
        ljmp    $0, $0

        .org    0xFFF0                  # the reset vector
        ljmp    $0xF000, $_start
        .org    0x10000
