// Reads the power-controller registers (0x090C_0000) on a 1x2 system where core 1
// was never started: PWR_ID, NUM_CORES, NUM_CLUSTERS, CORE_STATUS[0] (ON, clock
// enabled, PSCI ON = 0x2100), CORE_STATUS[1] (OFF settled: 0x22), CLUSTER_STATUS[0]
// (ON: 0), and SIM_TIME_NS advancing. Exit 0, else the number of the failing check.
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x090C, lsl #16
    mov     x9, #1
    ldr     w2, [x1, #0x000]
    movz    w3, #0x5243
    movk    w3, #0x5057, lsl #16
    cmp     w2, w3
    b.ne    out
    mov     x9, #2
    ldr     w2, [x1, #0x008]
    cmp     w2, #2
    b.ne    out
    mov     x9, #3
    ldr     w2, [x1, #0x00C]
    cmp     w2, #1
    b.ne    out
    mov     x9, #4
    ldr     w2, [x1, #0x200]
    mov     w3, #0x2100
    cmp     w2, w3
    b.ne    out
    mov     x9, #5
    ldr     w2, [x1, #0x204]
    cmp     w2, #0x22
    b.ne    out
    mov     x9, #6
    ldr     w2, [x1, #0x100]
    cbnz    w2, out
    mov     x9, #7
    ldr     x2, [x1, #0x018]
    mov     x5, #2000
1:  subs    x5, x5, #1
    b.ne    1b
    ldr     x3, [x1, #0x018]
    cmp     x3, x2
    b.ls    out
    mov     x9, #0
out:
    semihost_exit x9
