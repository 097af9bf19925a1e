// The boot state of the arm64 boot protocol: x0 = address of a flattened device
// tree (magic 0xd00dfeed, big-endian), x1 = x2 = x3 = 0, at EL2. Exit 0 when all
// hold, else the number of the first failing check.
#include "semihost_exit.inc"
    .global _start
_start:
    mov     x9, #1
    ldr     w4, [x0]
    movz    w5, #0x0dd0
    movk    w5, #0xedfe, lsl #16    // d0 0d fe ed read little-endian
    cmp     w4, w5
    b.ne    out
    mov     x9, #2
    orr     x6, x1, x2
    orr     x6, x6, x3
    cbnz    x6, out
    mov     x9, #3
    mrs     x6, CurrentEL
    cmp     x6, #(2 << 2)
    b.ne    out
    mov     x9, #0
out:
    semihost_exit x9
