# A triple fault: with an empty IDT (limit 0) no exception can be delivered. UD2 raises #UD,
# whose delivery fails with #GP, then #DF, and the CPU shuts down.
# It enters protected mode first because this project's KVM (kvm_pvm, the kernel's emulator)
# ignores the IVT limit in real mode; on real hardware the real-mode form triple faults too.
        .code16
        .text
        .globl _start
_start:
        lidt    empty_idt
        mov     %cr0, %eax
        or      $1, %al                 # CR0.PE
        mov     %eax, %cr0
        ud2
        hlt                             # not reached

empty_idt:
        .word   0                       # limit
        .long   0                       # base
