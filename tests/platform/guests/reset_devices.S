// Programs every device of the virt machine away from its reset state (PL011
// divisor, line control, interrupt mask and control; PL031 match value and
// interrupt mask; GIC distributor control, SPI enables and priorities, SGI/PPI
// enables in the redistributor; the EL1 virtual and physical timers), then calls
// SYSTEM_RESET. (The power registers hold no guest-written state: their status
// words follow the power domains.) The boot after the reset
// finds the boot counter at 0x4020_0000 (RAM keeps its contents) and exits 0 at
// once, touching nothing: the test then compares every device with its state
// before the run.
#include "semihost_exit.inc"
#include "system_reset.inc"
#include "pl011_setup.inc"
    .global _start
_start:
    count_boot
    cmp     x2, #1
    b.ne    done
    uart_setup 0x09000000           // the PL011
    // PL031 at 0x0901_0000: a match value far from the count, its interrupt
    // unmasked. (The count itself keeps running over a reset, as an RTC's does.)
    movz    x1, #0x0000
    movk    x1, #0x0901, lsl #16
    mov     w2, #-1
    str     w2, [x1, #0x04]         // RTCMR
    mov     w2, #0x1
    str     w2, [x1, #0x10]         // RTCIMSC
    // GICv3 distributor at 0x0800_0000.
    movz    x1, #0x0000
    movk    x1, #0x0800, lsl #16
    mov     w2, #0x12
    str     w2, [x1]                // GICD_CTLR: ARE_NS | EnableGrp1A
    mov     w2, #0x2
    str     w2, [x1, #0x104]        // GICD_ISENABLER1: SPI 1 (INTID 33)
    movz    w2, #0x8080
    movk    w2, #0x8080, lsl #16
    str     w2, [x1, #0x420]        // GICD_IPRIORITYR8
    // Redistributor of core 0, SGI_base frame at 0x080B_0000.
    movz    x1, #0x0000
    movk    x1, #0x080B, lsl #16
    movz    w2, #0xffff
    str     w2, [x1, #0x100]        // GICR_ISENABLER0
    // Generic timer.
    mov     x2, #-1
    msr     cntv_cval_el0, x2
    mov     x2, #1
    msr     cntv_ctl_el0, x2
    mov     x2, #3
    msr     cntp_ctl_el0, x2
    system_reset
done:
    mov     x9, #0
    semihost_exit x9
