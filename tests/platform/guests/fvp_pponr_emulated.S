// The fvp machine with the built-in PSCI model (no --boot-el 3): a PPONR write for
// core 1 cannot be honoured (the PSCI model owns the power domains; CPU_ON is the
// way to power a core on). The write is ignored and the guest-error log says so;
// core 1 stays off, and the guest exits 0 after checking PSYSR: core 1 not on.
#include "semihost_exit.inc"
    .equ PWRC, 0x1C100000
    .global _start
_start:
    ldr     x1, =PWRC
    mov     w2, #0x1                // MPIDR of core 1 (cluster 0)
    str     w2, [x1, #0x04]         // PPONR
    str     w2, [x1, #0x10]         // PSYSR: select core 1
    ldr     w3, [x1, #0x10]
    mov     x9, #0
    tbz     w3, #29, 1f             // AFF_L0: the core is on
    mov     x9, #1
1:  semihost_exit x9
