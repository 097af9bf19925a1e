// Console output by every route a guest has: a PL011 character (unprogrammed
// divisor: sent at once), semihosting SYS_WRITEC, SYS_WRITE0, and SYS_WRITE to the
// ":tt" handles 2 (stdout) and 3 (stderr). Expected on the console: out "UCw0out",
// err "err".
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x0900, lsl #16
    mov     w2, #'U'
    str     w2, [x1]                // UARTDR
    mov     w0, #0x03               // SYS_WRITEC
    adr     x1, ch
    hlt     #0xf000
    mov     w0, #0x04               // SYS_WRITE0
    adr     x1, str0
    hlt     #0xf000
    mov     w0, #0x05               // SYS_WRITE {2, "out", 3}
    adr     x1, blk_out
    hlt     #0xf000
    mov     w0, #0x05               // SYS_WRITE {3, "err", 3}
    adr     x1, blk_err
    hlt     #0xf000
    mov     x9, #0
    semihost_exit x9
ch:     .byte 'C'
str0:   .asciz "w0"
txt_out: .ascii "out"
txt_err: .ascii "err"
    .balign 8
blk_out: .quad 2, txt_out, 3
blk_err: .quad 3, txt_err, 3
