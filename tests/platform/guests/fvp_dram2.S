// Writes and reads back a word at the start of the fvp machine's DRAM2
// (0x8_8000_0000, TF-A arm_def.h ARM_DRAM2_BASE) and the last word of DRAM1.
// Exit status 0 when both read back, 1 otherwise. With no more than 2 GiB of RAM
// DRAM2 does not exist: the store is an external abort (no vectors: a fatal guest
// error naming the data abort).
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x8000, lsl #16
    movk    x1, #0x0008, lsl #32    // 0x8_8000_0000
    movz    x2, #0x5678
    movk    x2, #0x1234, lsl #16
    movk    x2, #0xdead, lsl #32
    str     x2, [x1]
    ldr     x3, [x1]
    mov     x9, #1
    cmp     x2, x3
    b.ne    1f
    movz    x1, #0xfff8
    movk    x1, #0xffff, lsl #16    // last word of DRAM1
    str     x2, [x1]
    ldr     x3, [x1]
    cmp     x2, x3
    b.ne    1f
    mov     x9, #0
1:  semihost_exit x9
