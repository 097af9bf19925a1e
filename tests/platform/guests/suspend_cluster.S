// CPU_SUSPEND64 with power_state 0x01010022 (original format: cluster off, core off,
// power level 1) from the only running core, then exits with the low byte of the
// result (issue 15, item 2). When the configuration does not offer cluster off the
// call must fail with INVALID_PARAMETERS (-2: exit status 254); when it is offered the
// core powers down with nothing to wake it (a deadlock, status 1).
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x0, #0x0001
    movk    x0, #0xc400, lsl #16    // CPU_SUSPEND64
    movz    x1, #0x0022
    movk    x1, #0x0101, lsl #16    // power_state 0x01010022
    adr     x2, _start              // entry point
    mov     x3, #0
    smc     #0
    and     x9, x0, #0xff
    semihost_exit x9
