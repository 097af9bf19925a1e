// Arms the EL1 physical timer for the largest count, 2^64 - 1 ticks (about 5,800
// years at 100 MHz, beyond the simulated time range), and waits for it in WFI
// (issue 15, item 3). The run must stop at the end of representable time with
// "simulated time limit reached" (status 3), not wrap the counter into a deadlock.
    .global _start
_start:
    mov     x0, #-1
    msr     cntp_cval_el0, x0
    mov     x0, #1                  // ENABLE, not masked
    msr     cntp_ctl_el0, x0
1:  wfi
    b       1b
