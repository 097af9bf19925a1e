// Writes 7 to the power controller's SIM_EXIT register (0x090C0010): exit 7.
    .global _start
_start:
    movz    x1, #0x0010
    movk    x1, #0x090C, lsl #16
    mov     w0, #7
    str     w0, [x1]
    b       .
