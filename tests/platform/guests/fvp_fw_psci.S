// A small EL3 firmware of our own, with a Non-secure EL2 payload, for firmware mode on
// the fvp machine (run with -t 1x2: two cores in one cluster). It drives the FVP power
// controller the way TF-A's FVP port does (plat/arm/board/fvp/fvp_pm.c, fvp_helpers.S)
// so that the report's four points per SMC can be checked without TF-A:
//
// EL3, every core at the reset address: PSYSR.WK says why it runs. Cold: the primary
// sets up the GIC distributor and its redistributor and enters the payload at EL2
// Non-secure; the others park (PPOFFR + WFI). Warm (WK = PPONR or GIC wake): the core
// wakes its redistributor (GICR_WAKER) and enters the payload at the address its
// mailbox holds. SMC from Non-secure (PSCI function IDs, DEN 0022):
//   PSCI_VERSION  x0 = 1.1, ERET;
//   CPU_ON        mailbox[target] = entry, PPONR, x0 = 0, ERET;
//   CPU_OFF       PPOFFR, WFI (never returns);
//   CPU_SUSPEND   power-down state (StateType, bit 16) only: mailbox = entry, PWKUPR
//                 with WEN, GICR_WAKER.ProcessorSleep = 1, PCOFFR too when the power
//                 level (bits 25:24) is 1, PPOFFR, WFI; the GIC's wake request powers
//                 the core up again and it resumes at the entry point;
//   SYSTEM_OFF    V2M SYS_CFGCTRL shutdown (exit 0);
//   anything else NOT_SUPPORTED.
//
// The payload (core 0): PSCI_VERSION; CPU_ON of core 1, which sets a flag and calls
// CPU_OFF; waits until PSYSR says core 1 is off; CPU_SUSPEND core power-down woken by
// its physical timer (PPI 30) 1000 us later, then the same at cluster level (core 1 is
// off, so the cluster goes too); after each wake it checks with the counter that the
// wake-up took the configured power-up time (fvp preset: core 10 + 100 us, cluster
// 10 + 1000 us more) within 20 us; then SYSTEM_OFF. Failures exit 30 + check.
#include "semihost_exit.inc"

    .equ V2M_SYSREGS, 0x1C010000
    .equ PWRC, 0x1C100000
    .equ GICD, 0x2F000000
    .equ GICR, 0x2F100000
    .equ PPOFFR, 0x0
    .equ PPONR, 0x4
    .equ PCOFFR, 0x8
    .equ PWKUPR, 0xC
    .equ PSYSR, 0x10
    .equ WAIT_TICKS, 100000         // 1000 us of the 100 MHz counter

    .global _start
_start:
    ldr     x2, =PWRC
    mrs     x1, mpidr_el1
    and     x1, x1, #0xffff
    str     w1, [x2, #PSYSR]
    ldr     w3, [x2, #PSYSR]
    ubfx    w3, w3, #24, #2         // WK
    cmp     w3, #2
    b.hs    warm
    cbnz    x1, park
    // Cold boot of the primary: distributor (affinity routing, both groups on), the
    // SGIs/PPIs of every core Group 1, then the payload.
    ldr     x4, =GICD
    mov     w5, #0x37
    str     w5, [x4]
    bl      wake_my_rd
    adr     x0, ns_main
    b       enter_ns

park:
    str     w1, [x2, #PPOFFR]
    dsb     sy
1:  wfi
    b       1b

warm:
    bl      wake_my_rd
    bl      my_mailbox
    ldr     x0, [x9]
    b       enter_ns

// x0 = Non-secure EL2 entry point: SCR_EL3 = RW | HCE | NS (SMC enabled), ERET to EL2h
// with DAIF masked and x0 = 0.
enter_ns:
    adr     x4, vectors
    msr     vbar_el3, x4
    mov     x4, #0x501
    msr     scr_el3, x4
    msr     elr_el3, x0
    mov     x4, #0x3c9
    msr     spsr_el3, x4
    isb
    mov     x0, #0
    eret

// x1 = my Aff1:Aff0. Returns x3 = my redistributor (found by GICR_TYPER affinity),
// after clearing its ProcessorSleep and waiting for ChildrenAsleep to clear; makes my
// SGIs/PPIs Group 1. Clobbers x3-x6.
wake_my_rd:
    ldr     x3, =GICR
1:  ldr     w4, [x3, #0xc]          // GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0
    cmp     w4, w1
    b.eq    2f
    ldr     w4, [x3, #0x8]
    tbnz    w4, #4, fail_rd         // Last
    add     x3, x3, #0x20000
    b       1b
2:  ldr     w4, [x3, #0x14]         // GICR_WAKER
    bic     w4, w4, #2
    str     w4, [x3, #0x14]
3:  ldr     w4, [x3, #0x14]
    tbnz    w4, #2, 3b
    add     x5, x3, #0x10000
    mov     w6, #-1
    str     w6, [x5, #0x80]         // GICR_IGROUPR0: Group 1
    ret

// x1 = my Aff1:Aff0 -> x9 = &mailbox[Aff1 * 16 + Aff0].
my_mailbox:
    ubfx    x9, x1, #8, #8
    and     x10, x1, #0xff
    add     x10, x10, x9, lsl #4
    adr     x9, mailbox
    add     x9, x9, x10, lsl #3
    ret

// ---- EL3 vectors: SMC from the lower EL (AArch64, offset 0x400) ----
    .balign 2048
vectors:
    .space  0x400                   // current-EL vectors: nothing expected there
    b       smc_handler

smc_handler:
    mrs     x9, esr_el3
    lsr     x9, x9, #26
    cmp     x9, #0x17
    b.ne    fail_ec
    ldr     w9, =0x84000000
    cmp     w0, w9
    b.eq    psci_version
    ldr     w9, =0xC4000003
    cmp     w0, w9
    b.eq    cpu_on
    ldr     w9, =0x84000002
    cmp     w0, w9
    b.eq    cpu_off
    ldr     w9, =0xC4000001
    cmp     w0, w9
    b.eq    cpu_suspend
    ldr     w9, =0x84000008
    cmp     w0, w9
    b.eq    system_off
    mov     x0, #-1                 // NOT_SUPPORTED
    eret

psci_version:
    ldr     x0, =0x10001
    eret

cpu_on:                             // x1 target, x2 entry
    mov     x12, x1
    and     x1, x1, #0xffff
    bl      my_mailbox
    str     x2, [x9]
    dsb     sy
    ldr     x2, =PWRC
    str     w12, [x2, #PPONR]
    mov     x0, #0
    eret

cpu_off:
    ldr     x2, =PWRC
    mrs     x1, mpidr_el1
    str     w1, [x2, #PPOFFR]
    dsb     sy
    wfi
    b       fail_ran_on

cpu_suspend:                        // x1 power_state, x2 entry
    tbz     w1, #16, fail_standby
    mov     x12, x1
    mrs     x1, mpidr_el1
    and     x1, x1, #0xffff
    bl      my_mailbox
    str     x2, [x9]
    ldr     x2, =PWRC
    mov     w4, #0x80000000         // WEN
    orr     w4, w4, w1
    str     w4, [x2, #PWKUPR]
    bl      wake_my_rd              // x3 = my redistributor
    ldr     w4, [x3, #0x14]
    orr     w4, w4, #2              // ProcessorSleep
    str     w4, [x3, #0x14]
    ubfx    w5, w12, #24, #2
    cbz     w5, 1f
    str     w1, [x2, #PCOFFR]
1:  str     w1, [x2, #PPOFFR]
    dsb     sy
    wfi
    b       fail_ran_on

system_off:
    ldr     x2, =V2M_SYSREGS
    ldr     w3, =0xC0800000         // START | WRITE | FUNC(8): shutdown
    str     w3, [x2, #0xa4]
1:  wfi
    b       1b

// ---- the Non-secure payload (EL2) ----
ns_main:
    mov     x9, #31
    mov     x0, #0x84000000         // PSCI_VERSION
    smc     #0
    ldr     x4, =0x10001
    cmp     x0, x4
    b.ne    ns_fail
    mov     x9, #32
    ldr     x0, =0xC4000003         // CPU_ON core 1
    mov     x1, #1
    adr     x2, ns_secondary
    mov     x3, #0
    smc     #0
    cbnz    x0, ns_fail
    adr     x4, flag
1:  ldr     x5, [x4]
    cbz     x5, 1b
    ldr     x2, =PWRC               // wait until core 1 is OFF (PSYSR.AFF_L0 = 0)
    mov     w1, #1
2:  str     w1, [x2, #PSYSR]
    ldr     w3, [x2, #PSYSR]
    tbnz    w3, #29, 2b
    // Core power-down, woken by the timer: power-up ramp + core exit (110 us).
    mov     x20, #0                 // 0: core level, then 1: cluster level
suspend:
    mrs     x3, mpidr_el1           // my redistributor: enable PPI 30
    and     x1, x3, #0xffff
    ldr     x3, =GICR
3:  ldr     w4, [x3, #0xc]
    cmp     w4, w1
    b.eq    4f
    add     x3, x3, #0x20000
    b       3b
4:  add     x3, x3, #0x10000
    mov     w4, #(1 << 30)
    str     w4, [x3, #0x100]        // GICR_ISENABLER0
    mrs     x5, cntpct_el0
    ldr     x6, =WAIT_TICKS
    add     x5, x5, x6
    adr     x4, deadline
    str     x5, [x4]
    msr     cntp_cval_el0, x5
    mov     x6, #1
    msr     cntp_ctl_el0, x6        // enabled, not masked
    isb
    mov     x9, #33
    ldr     x0, =0xC4000001         // CPU_SUSPEND power-down at level x20
    mov     x1, #0x10000
    orr     x1, x1, x20, lsl #24
    adr     x2, ns_resume
    mov     x3, #0
    smc     #0
    b       ns_fail                 // a power-down suspend does not return here

ns_resume:
    mrs     x5, cntpct_el0
    msr     cntp_ctl_el0, xzr
    adr     x4, deadline
    ldr     x6, [x4]
    sub     x7, x5, x6              // ticks from the wake-up to here
    adr     x4, level
    ldr     x20, [x4]
    ldr     x8, =11000              // 110 us: core
    ldr     x10, =112000            // + 1010 us: cluster
    cmp     x20, #0
    csel    x8, x8, x10, eq
    mov     x9, #34
    cmp     x7, x8
    b.lo    ns_fail
    add     x8, x8, #2000           // within 20 us
    mov     x9, #35
    cmp     x7, x8
    b.hs    ns_fail
    add     x20, x20, #1
    str     x20, [x4]
    cmp     x20, #2
    b.lo    suspend
    ldr     x0, =0x84000008         // SYSTEM_OFF
    smc     #0
    mov     x9, #36
    b       ns_fail

ns_secondary:
    adr     x4, flag
    mov     x5, #1
    str     x5, [x4]
    dsb     sy
    ldr     x0, =0x84000002         // CPU_OFF
    smc     #0
    mov     x9, #37
    b       ns_fail

ns_fail:    semihost_exit x9
fail_rd:    mov x9, #40
            semihost_exit x9
fail_ec:    mov x9, #41
            semihost_exit x9
fail_ran_on: mov x9, #42
            semihost_exit x9
fail_standby: mov x9, #43
            semihost_exit x9
    .ltorg

    .balign 8
flag:     .quad 0
deadline: .quad 0
level:    .quad 0
mailbox:  .space 8 * 256
