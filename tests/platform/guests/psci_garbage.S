// Garbage PSCI arguments get PSCI error codes, never a crash (Arm DEN 0022 §5.2.2):
//  CPU_ON to a non-existent MPIDR -> INVALID_PARAMETERS (-2)
//  an unknown PSCI function ID -> NOT_SUPPORTED (-1)
//  CPU_SUSPEND with reserved power_state bits -> INVALID_PARAMETERS (-2)
//  CPU_ON with an entry point outside RAM -> INVALID_ADDRESS (-9)
// Exit status 0 if every result is as expected, else the number of the first
// check that failed.
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x0, #0x0003
    movk    x0, #0xC400, lsl #16    // CPU_ON (SMC64)
    movz    x1, #0xbeef
    movk    x1, #0xdead, lsl #16    // no such core
    movz    x2, #0x0000
    movk    x2, #0x4008, lsl #16
    mov     x3, #0
    smc     #0
    mov     x9, #1
    cmn     x0, #2
    b.ne    fail

    movz    x0, #0x001f
    movk    x0, #0x8400, lsl #16    // PSCI function 0x1f: not defined
    smc     #0
    mov     x9, #2
    cmn     x0, #1
    b.ne    fail

    movz    x0, #0x0001
    movk    x0, #0xC400, lsl #16    // CPU_SUSPEND (SMC64)
    movz    x1, #0x0001
    movk    x1, #0x0002, lsl #16    // bit 17 is reserved in the original format
    mov     x2, #0
    mov     x3, #0
    smc     #0
    mov     x9, #3
    cmn     x0, #2
    b.ne    fail

    movz    x0, #0x0003
    movk    x0, #0xC400, lsl #16    // CPU_ON (SMC64)
    mov     x1, #1                  // core 1 of cluster 0 exists in 1x2
    mov     x2, #0x1000             // not RAM
    mov     x3, #0
    smc     #0
    mov     x9, #4
    cmn     x0, #9
    b.ne    fail

    mov     x9, #0
fail:
    semihost_exit x9
