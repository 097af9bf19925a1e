// MEM_PROTECT and DRAM2 on the fvp machine (built-in PSCI, SMC): the first boot
// writes a marker at the start of DRAM2 (0x8_8000_0000; needs more than 2 GiB of
// RAM), enables MEM_PROTECT (DEN 0022 §5.1.20) and calls SYSTEM_RESET; the second
// boot (told apart by V2M SYS_NVFLAGS, which a reset keeps) exits 0 if the marker
// was overwritten, 1 if it survived. Built with -DNO_PROTECT it skips MEM_PROTECT
// and exits 0 if the marker survived (the control: RAM does survive a reset).
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x5, #0x0000
    movk    x5, #0x1C01, lsl #16    // V2M system registers
    movz    x1, #0x0000
    movk    x1, #0x8000, lsl #16
    movk    x1, #0x0008, lsl #32    // DRAM2
    movz    x2, #0xbeef
    movk    x2, #0xdead, lsl #16
    ldr     w3, [x5, #0x38]         // SYS_NVFLAGS
    cbnz    w3, second
    mov     w3, #1
    str     w3, [x5, #0x38]         // SYS_NVFLAGSSET
    str     x2, [x1]
#ifndef NO_PROTECT
    movz    x0, #0x0013
    movk    x0, #0x8400, lsl #16    // MEM_PROTECT
    mov     x1, #1
    smc     #0
    mov     x9, #2
    cbnz    x0, done                // it returns the previous state, 0
#endif
    movz    x0, #0x0009
    movk    x0, #0x8400, lsl #16    // SYSTEM_RESET
    smc     #0
    mov     x9, #3
    b       done
second:
    ldr     x3, [x1]
#ifdef NO_PROTECT
    cmp     x3, x2
#else
    cmp     x3, #0
#endif
    cset    x9, ne
done:
    semihost_exit x9
