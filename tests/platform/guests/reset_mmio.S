// SYSTEM_RESET (by core 1) while core 0 keeps reading a power-controller register
// (each read synchronises, so core 0 is usually inside the access when the reset
// lands). After the reset core 0 must start cleanly at the entry point: its first
// instruction must execute (x21 = 1). Boots counted in RAM at 0x4020_0000; the
// second boot exits 0; 7 = the first instruction was skipped.
#include "semihost_exit.inc"
    .global _start
_start:
    mov     x21, #1
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
    movz    x1, #0x0018
    movk    x1, #0x090C, lsl #16    // SIM_TIME_NS
1:  ldr     x2, [x1]
    b       1b
secondary:
    movz    x5, #20000
2:  subs    x5, x5, #1
    b.ne    2b
    movz    x0, #0x0009
    movk    x0, #0x8400, lsl #16    // SYSTEM_RESET
    smc     #0
    b       .
done:
    mov     x9, #0
    cmp     x21, #1
    b.eq    exit
    mov     x9, #7
exit:
    semihost_exit x9
