// Firmware mode power sequencing through the FVP power controller (run with
// -t 1x2 or more): core 1 parks (PPOFFR + WFI) and powers off; core 0 waits until
// PSYSR says core 1 is off, powers it on with PPONR and times how long until core
// 1 runs again from the reset address with PSYSR.WK = PPONR. That must be at least
// the configured power-up ramp + core exit latency (fvp preset: 10 + 100 us) and
// below 200 us. Exit 0 through V2M shutdown; failures exit 20 + check.
#include "semihost_exit.inc"

    .equ V2M_SYSREGS, 0x1C010000
    .equ PWRC, 0x1C100000
    .equ FLAG, 0x80100000

    .global _start
_start:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xffff
    ldr     x2, =PWRC
    cbz     x1, primary
    cmp     x1, #1
    b.ne    park
    // Core 1: why am I running?
    str     w1, [x2, #0x10]
    ldr     w3, [x2, #0x10]
    ubfx    w3, w3, #24, #2
    cmp     w3, #2                  // WKUP_PPONR
    b.ne    park
    ldr     x4, =FLAG
    mrs     x5, cntpct_el0
    str     x5, [x4]                // the first thing after the warm reset
park:
    mrs     x1, mpidr_el1
    str     w1, [x2, #0x0]          // PPOFFR
    dsb     sy
1:  wfi
    b       1b

primary:
    ldr     x4, =FLAG
    str     xzr, [x4]
    mov     w1, #1
    // Wait until core 1 has parked and its domain is OFF (PSYSR.AFF_L0 = 0).
2:  str     w1, [x2, #0x10]
    ldr     w3, [x2, #0x10]
    tbnz    w3, #29, 2b
    tbz     w3, #26, 3f             // PP cleared when it went off
    b       fail_pp
3:  mrs     x6, cntpct_el0
    mov     w1, #1
    str     w1, [x2, #0x4]          // PPONR
4:  ldr     x5, [x4]
    cbz     x5, 4b
    sub     x7, x5, x6              // ticks of the 100 MHz counter
    ldr     x8, =11000              // 110 us
    cmp     x7, x8
    b.lo    fail_fast
    ldr     x8, =20000              // 200 us
    cmp     x7, x8
    b.hs    fail_slow
    str     w1, [x2, #0x10]
    ldr     w3, [x2, #0x10]
    ubfx    w3, w3, #24, #2
    cmp     w3, #2
    b.ne    fail_wk
    ldr     x2, =V2M_SYSREGS
    ldr     w3, =0xC0800000
    str     w3, [x2, #0xa4]
5:  wfi
    b       5b

fail_pp:   mov x9, #21
           semihost_exit x9
fail_fast: mov x9, #22
           semihost_exit x9
fail_slow: mov x9, #23
           semihost_exit x9
fail_wk:   mov x9, #24
           semihost_exit x9
    .ltorg
