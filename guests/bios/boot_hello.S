# The smallest boot sector: a line through the BIOS teletype naming the boot drive (DL), then
# HLT with interrupts disabled, which ends the run.
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        push    %dx
        print   "Hello from the boot sector! Boot drive "
        pop     %ax
        call    print_hex8
        call    print_newline
        stop
        define_print
        boot_signature
