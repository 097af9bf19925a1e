// Core 0 turns core 1 on (CPU_ON64); core 1 branches to unmapped memory with VBAR_EL2
// still 0 (unmapped too): an exception loop, a guest fatal error. Core 0 keeps running
// for a while, then exits with status 42. With --on-guest-fatal hang only core 1 hangs
// and the run ends with 42; by default the exception loop ends the run (exit 1).
#include "semihost_exit.inc"
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, secondary
    movz    x0, #0x0003
    movk    x0, #0xc400, lsl #16    // CPU_ON64
    mov     x1, #1                  // target MPIDR Aff0 = 1
    adr     x2, secondary
    mov     x3, #0
    smc     #0
    movz    x5, #0x10, lsl #16     // 1 M iterations, about 2 ms: core 1's power-up is ~120 us
1:  subs    x5, x5, #1              // long enough for core 1 to start and loop
    b.ne    1b
    mov     x9, #42
    semihost_exit x9
secondary:
    msr     vbar_el2, xzr
    movz    x1, #0xa00, lsl #16     // 0x0a000000: nothing is mapped there
    br      x1
