// SYSTEM_RESET (by core 1) while core 0 keeps reading a power-controller register
// (each read synchronises, so core 0 is usually inside the access when the reset
// lands). After the reset core 0 must start cleanly at the entry point: its first
// instruction must execute (x21 = 1). Boots counted in RAM at 0x4020_0000; the
// second boot exits 0; 7 = the first instruction was skipped.
#include "semihost_exit.inc"
#include "system_reset.inc"
    .global _start
_start:
    mov     x21, #1
    boot_twice secondary, done
    movz    x1, #0x0018
    movk    x1, #0x090C, lsl #16    // SIM_TIME_NS
1:  ldr     x2, [x1]
    b       1b
secondary:
    system_reset_after 20000
done:
    mov     x9, #0
    cmp     x21, #1
    b.eq    exit
    mov     x9, #7
exit:
    semihost_exit x9
