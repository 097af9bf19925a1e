// SYSTEM_RESET while the boot core is clock-gated in standby: after the reset the
// boot core must run again. Boot 1: core 0 starts core 1 (which calls
// SYSTEM_RESET after a delay) and enters standby with no interrupt to wake it.
// Boot 2 (counted in RAM at 0x4020_0000, kept across the reset): exit 0.
#include "semihost_exit.inc"
    .global _start
_start:
    mrs     x20, mpidr_el1
    and     x20, x20, #0xffff
    cbnz    x20, secondary
    movz    x1, #0x0000
    movk    x1, #0x4020, lsl #16
    ldr     x2, [x1]
    add     x2, x2, #1
    str     x2, [x1]
    cmp     x2, #2
    b.eq    done
    movz    x0, #0x0003
    movk    x0, #0xC400, lsl #16    // CPU_ON core 1
    mov     x1, #1
    adr     x2, _start
    mov     x3, #0
    smc     #0
    movz    x0, #0x0001
    movk    x0, #0xC400, lsl #16    // CPU_SUSPEND standby
    mov     x1, #1
    mov     x2, #0
    mov     x3, #0
    smc     #0
    mov     x9, #5                  // woke up: nothing should have woken it
    b       exit
secondary:
    movz    x5, #50000
1:  subs    x5, x5, #1
    b.ne    1b
    movz    x0, #0x0009
    movk    x0, #0x8400, lsl #16    // SYSTEM_RESET
    smc     #0
    b       .
done:
    mov     x9, #0
exit:
    semihost_exit x9
