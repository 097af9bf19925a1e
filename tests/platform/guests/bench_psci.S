// PSCI throughput benchmark guest: CALLS x PSCI_VERSION over SMC, then
// SYSTEM_OFF. Used by scripts/bench.sh (PSCI calls handled per host second).
#ifndef CALLS
#define CALLS 1000000
#endif
    .global _start
_start:
    movz    x5, #(CALLS & 0xffff)
    movk    x5, #((CALLS >> 16) & 0xffff), lsl #16
1:  movz    x0, #0x0000
    movk    x0, #0x8400, lsl #16    // PSCI_VERSION
    smc     #0
    subs    x5, x5, #1
    b.ne    1b
    movz    x0, #0x0008
    movk    x0, #0x8400, lsl #16    // SYSTEM_OFF
    smc     #0
    b       .
