# emu's BIOS: 64 KiB at F000:0000, entered at the reset vector F000:FFF0 (docs/bios.md).
# Guest code on both backends. What needs the host (disks, keys, the screen, DOS services) is a
# hypercall: the service's entry pushes the registers, and one byte written to HYPERCALL_PORT
# asks emu to act on that frame (src/firmware/bios.cpp). What a PC BIOS does with the devices
# alone (the timer tick, the interrupt controllers at POST) is done here, as on a PC.
        .code16
        .include "layout.inc"
        .text
        .globl _start
_start:

# ---- The hypercall ---------------------------------------------------------------------------
# Entered by a jump from a service entry with AX = the service number and the caller's AX, then
# its IP, CS and FLAGS (of the INT) on the stack, interrupts disabled. Pushes the frame the host
# reads and writes (offsets from SS:SP in the mailbox):
#   0 service, 2 ES, 4 DS, 6 BP, 8 DI, 10 SI, 12 DX, 14 CX, 16 BX, 18 AX, 20 IP, 22 CS, 24 FLAGS
# The host answers in the mailbox: 0, the call is done (the frame holds the results, the flags
# included, and IRET returns them); 1, wait: nothing to return yet (a key, a timer), so the CPU
# halts with interrupts enabled and asks again; 2, poll: a device is not ready yet (a serial
# port's transmitter), so pending interrupts are let in and the call is made again at once. The frame lives on the caller's stack, so an
# interrupt taken while waiting may itself make calls; the mailbox is read with IF clear.
hypercall:
        push    %bx
        push    %cx
        push    %dx
        push    %si
        push    %di
        push    %bp
        push    %ds
        push    %es
        push    %ax
        mov     %sp, %bp
1:      mov     $EBDA_SEGMENT, %ax
        mov     %ax, %ds
        mov     %ss, MAILBOX_SS
        mov     %bp, MAILBOX_SP
        outb    %al, $HYPERCALL_PORT
        cmpb    $0, MAILBOX_ACTION
        jne     2f
        pop     %ax
        pop     %es
        pop     %ds
        pop     %bp
        pop     %di
        pop     %si
        pop     %dx
        pop     %cx
        pop     %bx
        pop     %ax
        iret
2:      cmpb    $2, MAILBOX_ACTION
        je      3f
        sti                             # STI's shadow: no interrupt between it and the HLT
        hlt
        cli
        jmp     1b
3:      sti                             # a device to poll: interrupts may come in, then again
        nop
        cli
        jmp     1b

# ---- Service entries: each a vector the host serves --------------------------------------------
        .macro service vector
service_\vector:
        push    %ax
        mov     $\vector, %ax
        jmp     hypercall
        .endm

        service 0x09                    # keyboard IRQ1: the scan code into the buffer
        service 0x10                    # video
        service 0x11                    # equipment
        service 0x12                    # memory size
        service 0x13                    # disk
        service 0x14                    # serial port
        service 0x15                    # system services
        service 0x16                    # keyboard
        service 0x17                    # printer (none)
        service 0x18                    # no bootable disk
        service 0x1A                    # time of day
        service 0x20                    # DOS: terminate
        service 0x21                    # DOS: function call
        service 0x27                    # DOS: terminate and stay resident
        service 0x70                    # RTC IRQ8: INT 15h AH=86h's wait

# ---- IRQ0: the time of day, as the PC BIOS keeps it --------------------------------------------
# 0040:006C counts ticks (1,193,182 / 65,536 Hz); at 24 hours (1800B0h ticks) it restarts and
# 0040:0070 notes midnight. Then the user's INT 1Ch, then the end of interrupt.
int08:
        push    %ax
        push    %ds
        mov     $BDA_SEGMENT, %ax
        mov     %ax, %ds
        addw    $1, 0x6C
        adcw    $0, 0x6E
        cmpw    $0x18, 0x6E
        jb      1f
        cmpw    $0xB0, 0x6C
        jb      1f
        movw    $0, 0x6C
        movw    $0, 0x6E
        movb    $1, 0x70
1:      cmpb    $0, 0x40                # the diskette motor's count down
        je      2f
        decb    0x40
2:      int     $0x1C
        cli
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %ds
        pop     %ax
        iret

# An interrupt line nobody handles: its end of interrupt, so that it does not block the lower
# priority ones.
irq_master:
        push    %ax
        mov     $EOI, %al
        outb    %al, $PIC1
        pop     %ax
        iret
irq_slave:
        push    %ax
        mov     $EOI, %al
        outb    %al, $PIC2
        outb    %al, $PIC1
        pop     %ax
        iret

# Every other vector.
unused_vector:
        iret

# ---- POST -------------------------------------------------------------------------------------
post:
        cli
        cld
        xor     %ax, %ax
        mov     %ax, %ss
        mov     $0x7C00, %sp
        mov     %ax, %es
        # Every vector to the IRET, then the BIOS's own from the table.
        xor     %di, %di
        mov     $256, %cx
1:      mov     $unused_vector, %ax
        stosw
        mov     $0xF000, %ax
        stosw
        loop    1b
        push    %cs
        pop     %ds
        mov     $vectors, %si
2:      lodsw
        cmp     $0xFFFF, %ax
        je      3f
        mov     %ax, %di
        movsw
        mov     $0xF000, %ax
        stosw
        jmp     2b
3:      # The interrupt controllers as the PC/AT BIOS sets them: edge triggered, vectors 08h and
        # 70h, the slave on IR2; IRQ0 (timer), IRQ1 (keyboard) and IRQ2 (cascade) unmasked.
        mov     $0x11, %al
        outb    %al, $PIC1
        outb    %al, $PIC2
        mov     $0x08, %al
        outb    %al, $PIC1+1
        mov     $0x70, %al
        outb    %al, $PIC2+1
        mov     $0x04, %al
        outb    %al, $PIC1+1
        mov     $0x02, %al
        outb    %al, $PIC2+1
        mov     $0x01, %al
        outb    %al, $PIC1+1
        outb    %al, $PIC2+1
        mov     $0xF8, %al
        outb    %al, $PIC1+1
        mov     $0xFF, %al
        outb    %al, $PIC2+1
        # Timer channel 0: mode 3, count 65,536: IRQ0 at 18.2 Hz.
        mov     $0x36, %al
        outb    %al, $PIT_CONTROL
        xor     %al, %al
        outb    %al, $PIT_CH0
        outb    %al, $PIT_CH0
        # The host's part: the BIOS data area, the EBDA, the video mode. (Called as an INT would
        # be, with fixed flags: the ones at hand may hold results left undefined.)
        push    $0x0002
        push    %cs
        push    $4f
        push    %ax
        mov     $SERVICE_POST, %ax
        jmp     hypercall
4:      sti
        int     $0x19

# ---- INT 19h: boot -------------------------------------------------------------------------------
# The host loads the boot sector (or the .COM program and its PSP) and fills the boot block with
# the registers to start it with; with flag bit 0 (a DOS program) the DOS vectors are set first.
        .set BOOT_FLAGS, BOOT_BLOCK
        .set BOOT_AX, BOOT_BLOCK + 2
        .set BOOT_BX, BOOT_BLOCK + 4
        .set BOOT_CX, BOOT_BLOCK + 6
        .set BOOT_DX, BOOT_BLOCK + 8
        .set BOOT_SI, BOOT_BLOCK + 10
        .set BOOT_DI, BOOT_BLOCK + 12
        .set BOOT_BP, BOOT_BLOCK + 14
        .set BOOT_DS, BOOT_BLOCK + 16
        .set BOOT_ES, BOOT_BLOCK + 18
        .set BOOT_SS, BOOT_BLOCK + 20
        .set BOOT_SP, BOOT_BLOCK + 22
        .set BOOT_CS, BOOT_BLOCK + 24
        .set BOOT_IP, BOOT_BLOCK + 26
int19:
        cli
        push    $0x0002
        push    %cs
        push    $1f
        push    %ax
        mov     $0x19, %ax
        jmp     hypercall
1:      mov     $EBDA_SEGMENT, %ax
        mov     %ax, %ds
        testb   $1, BOOT_FLAGS
        jz      2f
        xor     %ax, %ax
        mov     %ax, %es
        movw    $service_0x20, %es:0x20*4
        movw    $0xF000, %es:0x20*4+2
        movw    $service_0x21, %es:0x21*4
        movw    $0xF000, %es:0x21*4+2
        movw    $service_0x27, %es:0x27*4
        movw    $0xF000, %es:0x27*4+2
2:      mov     BOOT_SS, %ss
        mov     BOOT_SP, %sp
        push    $0x0202                 # IF set
        pushw   BOOT_CS
        pushw   BOOT_IP
        mov     BOOT_AX, %ax
        mov     BOOT_BX, %bx
        mov     BOOT_CX, %cx
        mov     BOOT_DX, %dx
        mov     BOOT_SI, %si
        mov     BOOT_DI, %di
        mov     BOOT_BP, %bp
        mov     BOOT_ES, %es
        mov     BOOT_DS, %ds
        iret

# ---- The vectors POST sets: (vector * 4, handler), ended by FFFFh ------------------------------
vectors:
        .irp v, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F
        .word \v * 4, irq_master
        .endr
        .irp v, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77
        .word \v * 4, irq_slave
        .endr
        .word 0x08 * 4, int08
        .word 0x09 * 4, service_0x09
        .word 0x10 * 4, service_0x10
        .word 0x11 * 4, service_0x11
        .word 0x12 * 4, service_0x12
        .word 0x13 * 4, service_0x13
        .word 0x14 * 4, service_0x14
        .word 0x15 * 4, service_0x15
        .word 0x16 * 4, service_0x16
        .word 0x17 * 4, service_0x17
        .word 0x18 * 4, service_0x18
        .word 0x19 * 4, int19
        .word 0x1A * 4, service_0x1A
        .word 0x1E * 4, diskette_parameters
        .word 0x43 * 4, font_8x8
        .word 0x70 * 4, service_0x70
        .word 0xFFFF

# ---- Tables at the addresses the IBM PC/AT BIOS has them (programs read them there) -----------
        .org    0xE6F5
# INT 15h AH=C0h: the system configuration (model FCh, submodel 01h; a second 8259, an RTC, an
# EBDA; INT 16h functions 10h-12h).
system_configuration:
        .word   8
        .byte   0xFC, 0x01, 0x00, 0x64, 0x40, 0x00, 0x00, 0x00

        .org    0xEFC7
# INT 1Eh: the diskette parameters for a 1.44M drive (IBM PC/AT Technical Reference).
diskette_parameters:
        .byte   0xDF, 0x02, 0x25, 0x02, 0x12, 0x1B, 0xFF, 0x6C, 0xF6, 0x0F, 0x08

        .org    0xFA6E
# The 8x8 font for characters 00h-7Fh (INT 43h, INT 10h AX=1130h BH=03h; mode 13h's text).
font_8x8:
        .include "font8x8.inc"

        .org    0xFFF0
reset_vector:
        ljmp    $0xF000, $post
        .ascii  "11/30/26"              # the BIOS date, at F000:FFF5
        .byte   0
        .byte   0xFC                    # the model byte at F000:FFFE: an AT
        .byte   0
