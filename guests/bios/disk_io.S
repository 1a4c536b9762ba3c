# INT 13h on its own boot floppy (a 3-sector image: a 1.44M floppy whose other sectors read as
# zeros): the drive's parameters (AH=08h), sector 2 read by CHS (AH=02h) and printed, the
# extensions check (AH=41h), sector 2 again by LBA (AH=42h), then sector 3 written (AH=03h)
# with sector 2's bytes under a new first line, and read back (AH=02h) and printed. Every
# status is printed; a failure prints "error" and AH, and ends the run.
        .code16
        .include "bios.inc"
        .text
        .globl _start
_start: boot_start
        mov     %dl, drive
        print   "params "
        mov     $0x08, %ah
        mov     drive, %dl
        int     $0x13
        jc      error
        push    %dx
        push    %cx
        mov     %bl, %al
        call    print_hex8
        call    print_space
        pop     %ax
        call    print_hex16
        call    print_space
        pop     %ax
        call    print_hex16
        call    print_newline

        mov     $0x0800, %ax            # sector 2 to 0800:0000
        mov     %ax, %es
        xor     %bx, %bx
        mov     $0x0201, %ax
        mov     $0x0002, %cx
        xor     %dh, %dh
        mov     drive, %dl
        int     $0x13
        jc      error
        call    print_ax_status
        mov     $0x0000, %si
        call    print_es_string

        print   "ext "
        mov     $0x41, %ah
        mov     $0x55AA, %bx
        mov     drive, %dl
        int     $0x13
        jc      error
        mov     %bx, %ax
        call    print_hex16
        call    print_newline

        mov     $packet, %si            # LBA 1 (sector 2) to 0900:0000
        mov     $0x42, %ah
        mov     drive, %dl
        int     $0x13
        jc      error
        mov     $0x0900, %ax
        mov     %ax, %es
        xor     %si, %si
        call    print_es_string

        mov     $0x0800, %ax            # sector 3 := sector 2 under a new first line
        mov     %ax, %es
        xor     %di, %di
        mov     $written, %si
        mov     $written_end - written, %cx
        rep movsb
        xor     %bx, %bx
        mov     $0x0301, %ax
        mov     $0x0003, %cx
        xor     %dh, %dh
        mov     drive, %dl
        int     $0x13
        jc      error
        call    print_ax_status

        mov     $0x0A00, %ax            # sector 3 read back to 0A00:0000
        mov     %ax, %es
        xor     %bx, %bx
        mov     $0x0201, %ax
        mov     $0x0003, %cx
        xor     %dh, %dh
        mov     drive, %dl
        int     $0x13
        jc      error
        xor     %si, %si
        call    print_es_string
        stop

error:  push    %ax
        print   "error "
        pop     %ax
        mov     %ah, %al
        call    print_hex8
        call    print_newline
        stop

# "status AH count AL"
print_ax_status:
        push    %ax
        print   "status "
        pop     %ax
        call    print_hex16
        call    print_newline
        ret

# The NUL-terminated string at ES:SI, then a newline.
print_es_string:
        mov     %es:(%si), %al
        inc     %si
        test    %al, %al
        jz      1f
        mov     $0x0E, %ah
        xor     %bx, %bx
        int     $0x10
        jmp     print_es_string
1:      call    print_newline
        ret

        define_print
drive:  .byte   0
packet: .byte   0x10, 0
        .word   1, 0x0000, 0x0900
        .quad   1
written: .asciz "written by the guest"
written_end:
        boot_signature
sector2:
        .asciz  "sector two says hello"
        .org    1024
sector3:
        .asciz  "sector three as it was"
        .org    1536
