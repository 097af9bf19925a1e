// SYSTEM_RESET twice, counting boots in RAM outside the image (at 0x4020_0000,
// kept across a reset); the third boot exits with status 10 + boots = 13.
// With --reset-exits the first SYSTEM_RESET ends the run (status 4).
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x4020, lsl #16
    ldr     x2, [x1]
    add     x2, x2, #1
    str     x2, [x1]
    adr     x3, image_word          // must read its load-time value on every boot
    ldr     w4, [x3]
    movz    w5, #0x5678
    movk    w5, #0x1234, lsl #16
    cmp     w4, w5
    b.ne    bad
    str     wzr, [x3]               // clobber it: a reset must restore the image
    cmp     x2, #3
    b.eq    done
    movz    x0, #0x0009
    movk    x0, #0x8400, lsl #16    // SYSTEM_RESET
    smc     #0
    b       .
bad:
    mov     x2, #90                 // exit 100: image not restored
done:
    add     x2, x2, #10
    semihost_exit x2

    .balign 8
image_word:
    .word   0x12345678
    .word   0
