// Two Security states on the fvp machine (--machine fvp --boot-el 3 -t 1x1): the
// primary core, at EL3, checks that
//  1. Trusted SRAM (0x04000000) and Trusted DRAM (0x06000000) are Secure-only: a
//     Non-secure EL1 load or store there is a synchronous External abort (taken
//     to EL3: SCR_EL3.EA = 1), the store changes nothing, a Secure access works;
//  2. the TZC-400 enforces what it is programmed with, as TF-A programs it
//     (region 0 no access, regions with Secure and per-NSAID Non-secure enables,
//     ACTION = error): Secure-only DRAM refuses Non-secure accesses, Non-secure-
//     only DRAM refuses Secure ones, the FAIL and INT_STATUS registers record the
//     first failure and the overrun, and ACTION = 0 turns refusals into RAZ/WI.
// Exit status 33 on success, 20 + check number on a failure.
#include "semihost_exit.inc"

    .equ TSRAM, 0x04000000
    .equ TDRAM, 0x06000000
    .equ TZC, 0x2A4A0000
    .equ SHARED, 0x80000000         // region 1: this program, both worlds
    .equ SEC, 0x80100000            // region 2: Secure only
    .equ NSMEM, 0x80200000          // region 3: Non-secure only (NSAID 9)
    .equ SCR_SECURE, 0x438          // RW, RES1, EA
    .equ SCR_NONSECURE, 0x439       // + NS
    .equ ESR_DABT_LOWER, 0x92000010 // EC 0x24, IL, DFSC External abort
    .equ ESR_DABT_CUR, 0x96000010   // EC 0x25

    .global _start
_start:
    mrs     x1, mpidr_el1
    tst     x1, #0xffff
    b.eq    primary
1:  wfi
    b       1b

primary:
    adr     x0, vectors
    msr     vbar_el3, x0
    ldr     x0, =SCR_SECURE
    msr     scr_el3, x0
    isb
    mov     x25, #0                 // aborts taken
    mov     x20, #0                 // ESR of the last one

    // 1. Secure-only Trusted SRAM / DRAM
    ldr     x2, =TSRAM
    ldr     x5, =TDRAM
    ldr     x3, =0x5ec5ec
    str     x3, [x2]
    ldr     x4, [x2]
    cmp     x4, x3
    b.ne    fail1
    adr     x24, back1
    adr     x0, ns1
    b       to_ns_el1
ns1:                                // Non-secure EL1, MMU off
    ldr     x6, [x2]
    str     xzr, [x2]
    ldr     x7, [x5]
    smc     #0
back1:
    cmp     x25, #3
    b.ne    fail2
    ldr     x0, =ESR_DABT_LOWER
    cmp     x20, x0
    b.ne    fail3
    ldr     x4, [x2]
    cmp     x4, x3                  // the Non-secure store changed nothing
    b.ne    fail4

    // 2. The TZC-400 as TF-A programs it (arm_tzc400_setup)
    ldr     x10, =TZC
    str     wzr, [x10, #0x8]        // GATE_KEEPER: close filter 0 while programming
    str     wzr, [x10, #0x110]      // region 0: no Secure access
    str     wzr, [x10, #0x114]      //           no NSAID
    add     x11, x10, #0x120        // region 1
    ldr     x0, =SHARED
    ldr     x1, =(SEC - 1)
    ldr     w12, =0xC0000001        // Secure RW, filter 0
    ldr     w13, =0x02000200        // NSAID 9 RW
    bl      region
    add     x11, x10, #0x140        // region 2
    ldr     x0, =SEC
    ldr     x1, =(NSMEM - 1)
    ldr     w12, =0xC0000001
    mov     w13, #0
    bl      region
    add     x11, x10, #0x160        // region 3
    ldr     x0, =NSMEM
    ldr     x1, =0xFEFFFFFF
    mov     w12, #1                 // no Secure access, filter 0
    ldr     w13, =0x02000200
    bl      region
    mov     w0, #1
    str     w0, [x10, #0x4]         // ACTION: error response
    str     w0, [x10, #0x8]         // GATE_KEEPER: open filter 0

    ldr     x2, =SEC
    ldr     x5, =NSMEM
    ldr     x3, =0xabcd
    str     x3, [x2]                // Secure to Secure-only DRAM: fine
    ldr     x4, [x2]
    cmp     x4, x3
    b.ne    fail5
    mov     x25, #0
    ldr     x4, [x5]                // Secure to Non-secure-only DRAM: refused
    cmp     x25, #1
    b.ne    fail6
    ldr     x0, =ESR_DABT_CUR
    cmp     x20, x0
    b.ne    fail7
    adr     x24, back2
    adr     x0, ns2
    b       to_ns_el1
ns2:
    ldr     x6, [x2]                // Non-secure to Secure-only DRAM: refused
    ldr     x7, =0x77
    str     x7, [x5]                // Non-secure DRAM: fine
    ldr     x8, [x5]
    smc     #0
back2:
    cmp     x25, #2
    b.ne    fail8
    cmp     x8, #0x77
    b.ne    fail9
    ldr     w0, [x10, #0x20]        // FAIL_ADDRESS_LOW: the first refusal
    cmp     w0, w5
    b.ne    fail10
    ldr     w0, [x10, #0x10]        // INT_STATUS: status and overrun of filter 0
    cmp     w0, #0x101
    b.ne    fail11
    str     wzr, [x10, #0x4]        // ACTION 0: OKAY response, RAZ/WI
    ldr     x4, [x5]
    cmp     x25, #2
    b.ne    fail12
    cbnz    x4, fail12
    mov     x9, #33
    semihost_exit x9

// Program the region at x11: base x0, top x1, attributes w12, ID access w13.
region:
    str     w0, [x11, #0x0]
    lsr     x0, x0, #32
    str     w0, [x11, #0x4]
    str     w1, [x11, #0x8]
    lsr     x1, x1, #32
    str     w1, [x11, #0xc]
    str     w13, [x11, #0x14]
    str     w12, [x11, #0x10]
    ret

// ERET to Non-secure EL1h at x0, MMU off, interrupts masked.
to_ns_el1:
    msr     elr_el3, x0
    ldr     x0, =SCR_NONSECURE
    msr     scr_el3, x0
    mov     x0, #0x3c5
    msr     spsr_el3, x0
    isb
    eret

fail1:  mov x9, #21
        semihost_exit x9
fail2:  mov x9, #22
        semihost_exit x9
fail3:  mov x9, #23
        semihost_exit x9
fail4:  mov x9, #24
        semihost_exit x9
fail5:  mov x9, #25
        semihost_exit x9
fail6:  mov x9, #26
        semihost_exit x9
fail7:  mov x9, #27
        semihost_exit x9
fail8:  mov x9, #28
        semihost_exit x9
fail9:  mov x9, #29
        semihost_exit x9
fail10: mov x9, #30
        semihost_exit x9
fail11: mov x9, #31
        semihost_exit x9
fail12: mov x9, #32
        semihost_exit x9
fail_vec:
        mov x9, #20
        semihost_exit x9

// EL3 vectors: a data abort (from EL3 or below) is counted, its ESR kept, and
// the access skipped; the SMC from Non-secure EL1 returns to Secure EL3 at x24.
    .balign 2048
vectors:
    .balign 0x200
    b       sync                    // current EL, SP_ELx
    .balign 0x400
    b       sync                    // lower EL, AArch64
    .balign 0x80
sync:
    mrs     x22, esr_el3
    lsr     x23, x22, #26
    cmp     x23, #0x17
    b.eq    from_smc
    cmp     x23, #0x24
    b.eq    1f
    cmp     x23, #0x25
    b.ne    fail_vec
1:  add     x25, x25, #1
    mov     x20, x22
    mrs     x23, elr_el3
    add     x23, x23, #4
    msr     elr_el3, x23
    eret
from_smc:
    ldr     x0, =SCR_SECURE
    msr     scr_el3, x0
    isb
    br      x24
    .ltorg
