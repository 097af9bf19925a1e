// The GICv3 with two Security states on the fvp machine (--machine fvp --boot-el 3):
// the primary, at EL3 and Secure, enables all three groups and makes SGI 0 a
// Non-secure Group 1 interrupt, then sends it to itself with ICC_ASGI1R_EL1 (the
// other Security state's Group 1). At EL3 it must arrive as an FIQ (routed to EL3 by
// SCR_EL3.FIQ), where ICC_IAR0_EL1 reads the special INTID 1021 and leaves it
// pending. After an ERET to Non-secure EL1 the same SGI must be taken as an IRQ,
// acknowledged by ICC_IAR1_EL1 as INTID 0. Exit 0 on success, 20 + check on failure.
// Secondaries park in WFI.
#include "semihost_exit.inc"

    .equ GICD, 0x2F000000
    .equ GICR, 0x2F100000           // core 0's RD_base
    .equ GICR_SGI, 0x2F110000       // core 0's SGI_base

    .global _start
_start:
    mrs     x0, mpidr_el1
    tst     x0, #0xffff
    b.eq    primary
1:  wfi
    b       1b

primary:
    ldr     x1, =GICR
    str     wzr, [x1, #0x14]        // GICR_WAKER.ProcessorSleep = 0
1:  ldr     w2, [x1, #0x14]
    tbnz    w2, #2, 1b              // until ChildrenAsleep = 0
    ldr     x1, =GICD
    mov     w2, #0x37               // EnableGrp0/1NS/1S, ARE_S, ARE_NS
    str     w2, [x1]
    ldr     w2, [x1]                // Secure view: the enables, DS = 0
    mov     w3, #0x47
    and     w2, w2, w3
    cmp     w2, #0x7
    b.ne    fail_ctlr
    ldr     w2, [x1, #0x4]          // GICD_TYPER.SecurityExtn
    tbz     w2, #10, fail_typer
    ldr     x1, =GICR_SGI
    mov     w2, #1
    str     w2, [x1, #0x80]         // GICR_IGROUPR0: SGI 0 Group 1
    str     wzr, [x1, #0xd00]       // GICR_IGRPMODR0: Non-secure
    mov     w2, #0x80
    strb    w2, [x1, #0x400]        // GICR_IPRIORITYR0 byte 0
    mov     w2, #1
    str     w2, [x1, #0x100]        // GICR_ISENABLER0
    mov     x2, #0xff
    msr     S3_0_C4_C6_0, x2        // ICC_PMR_EL1
    mov     x2, #3
    msr     S3_6_C12_C12_7, x2      // ICC_IGRPEN1_EL3: EnableGrp1NS, EnableGrp1S
    adr     x0, el3_vectors
    msr     vbar_el3, x0
    mov     x0, #((1 << 10) | (1 << 2)) // SCR_EL3: RW, FIQ to EL3, NS = 0
    msr     scr_el3, x0
    isb
    mov     x20, #0
    mov     x0, #1                  // INTID 0, TargetList = core 0 (Aff0 0)
    msr     S3_0_C12_C11_6, x0      // ICC_ASGI1R_EL1
    isb
    msr     daifclr, #1             // the FIQ is taken here
    isb
    nop
    msr     daifset, #1
    cmp     x20, #1
    b.ne    fail_nofiq

    // Non-secure EL1 with IRQs unmasked: the still-pending SGI is an IRQ now.
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    mov     x0, #(1 << 31)          // HCR_EL2.RW: EL1 is AArch64
    msr     hcr_el2, x0
    mov     x0, #((1 << 10) | (1 << 2) | 1) // SCR_EL3: RW, FIQ, NS
    msr     scr_el3, x0
    mov     x0, #0x345              // EL1h, D A F masked, I clear
    msr     spsr_el3, x0
    adr     x0, el1_entry
    msr     elr_el3, x0
    isb
    eret
el1_entry:
    mov     x9, #24                 // the IRQ was not taken on entry
    semihost_exit x9

fail_ctlr:   mov x9, #21
             semihost_exit x9
fail_typer:  mov x9, #22
             semihost_exit x9
fail_nofiq:  mov x9, #23
             semihost_exit x9
fail_iar1:   mov x9, #25
             semihost_exit x9
fail_iar0:   mov x9, #26
             semihost_exit x9
fail_vec:    mov x9, #27
             semihost_exit x9
    .ltorg

// EL3 vectors: only the FIQ from the current EL with SP_ELx (offset 0x300).
    .balign 2048
el3_vectors:
    b       fail_vec
    .balign 0x200
    b       fail_vec                // 0x200 synchronous
    .balign 0x80
    b       fail_vec                // 0x280 IRQ
    .balign 0x80
    mrs     x0, S3_0_C12_C8_0       // 0x300 FIQ: ICC_IAR0_EL1
    cmp     x0, #1021               // a Non-secure Group 1 interrupt is pending
    b.ne    fail_iar0
    mov     x20, #1
    mrs     x1, spsr_el3            // return with FIQs masked: it is still pending
    orr     x1, x1, #0x40
    msr     spsr_el3, x1
    eret

// EL1 vectors: only the IRQ from the current EL with SP_ELx (offset 0x280).
    .balign 2048
el1_vectors:
    b       fail_vec
    .balign 0x200
    b       fail_vec                // 0x200 synchronous
    .balign 0x80
    mrs     x0, S3_0_C12_C12_0      // 0x280 IRQ: ICC_IAR1_EL1
    cbnz    x0, fail_iar1           // SGI 0
    msr     S3_0_C12_C12_1, x0      // ICC_EOIR1_EL1
    mov     x9, #0
    semihost_exit x9
    .balign 0x80
    b       fail_vec                // 0x300 FIQ
