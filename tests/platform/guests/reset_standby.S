// SYSTEM_RESET while the boot core is clock-gated in standby: after the reset the
// boot core must run again. Boot 1: core 0 starts core 1 (which calls
// SYSTEM_RESET after a delay) and enters standby with no interrupt to wake it.
// Boot 2 (counted in RAM at 0x4020_0000, kept across the reset): exit 0.
#include "semihost_exit.inc"
#include "system_reset.inc"
    .global _start
_start:
    boot_twice secondary, done
    movz    x0, #0x0001
    movk    x0, #0xC400, lsl #16    // CPU_SUSPEND standby
    mov     x1, #1
    mov     x2, #0
    mov     x3, #0
    smc     #0
    mov     x9, #5                  // woke up: nothing should have woken it
    b       exit
secondary:
    system_reset_after 50000
done:
    mov     x9, #0
exit:
    semihost_exit x9
