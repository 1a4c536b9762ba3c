# The empty benchmark guest: exits at once through the exit device. The performance comparison
# times it on every engine and subtracts that start-up time from each guest's run.
        .code16
        .include "emu.inc"
        .text
        .globl _start
_start:
        bench_header 0
        bench_exit
