// Firmware mode on the fvp machine (--boot-el 3): programs every device of the
// machine away from its reset state, then reboots the machine through V2M
// SYS_CFGCTRL (TF-A's fvp_system_reset()). The boot after the reset finds the boot
// counter at 0x8020_0000 (DRAM keeps its contents) and exits 0 at once, touching
// nothing: test_machine then compares every device with its state before the run.
// Devices: the four PL011s, the GIC distributor and core 0's redistributor (Secure
// view), the V2M system registers (SYS_LED, SYS_FLAGS, SYS_CFGDATA; not the NV
// flags, which survive a reset by design), both SP805s (locked, counting), the
// power controller (PWKUPR, the PSYSR selection), the CCI-400 with one or two
// clusters or the CCN-502 with three or four (PSYSR of MPIDR 0x200 tells which),
// the TZC-400, the counter's three frames, the NOR flash (left in read-status mode)
// and core 0's generic timers. Secondaries wait in WFI.
#include "semihost_exit.inc"
#include "pl011_setup.inc"

    .equ V2M_SYSREGS, 0x1C010000
    .equ PWRC, 0x1C100000
    .equ GICD, 0x2F000000
    .equ GICR, 0x2F100000
    .equ CCI, 0x2C090000
    .equ CCN, 0x2E000000
    .equ TZC, 0x2A4A0000
    .equ CNTCONTROL, 0x2A430000
    .equ CNTCTL, 0x2A810000
    .equ CNTBASE1, 0x2A830000
    .equ FLASH, 0x0BFC0000


// The SP805 at \base: unlocked, a load value far in the future, counting with its
// interrupt enabled, locked again.
.macro wdog_setup base
    ldr     x1, =\base
    ldr     w2, =0x1ACCE551
    str     w2, [x1, #0xc00]        // WdogLock: unlock
    mov     w2, #0x7fffffff
    str     w2, [x1, #0x0]          // WdogLoad
    mov     w2, #0x1
    str     w2, [x1, #0x8]          // WdogControl: INTEN (counting)
    str     wzr, [x1, #0xc00]       // WdogLock: lock
.endm

    .global _start
_start:
    mrs     x1, mpidr_el1
    tst     x1, #0xffff
    b.eq    primary
1:  wfi
    b       1b

primary:
    ldr     x1, =0x80200000
    ldr     x2, [x1]
    add     x2, x2, #1
    str     x2, [x1]
    cmp     x2, #1
    b.ne    done

    uart_setup 0x1C090000
    uart_setup 0x1C0A0000
    uart_setup 0x1C0B0000
    uart_setup 0x1C0C0000

    // GIC distributor: both Security states' ARE and group enables, SPI 1
    // enabled in Group 1, a priority.
    ldr     x1, =GICD
    mov     w2, #0x37
    str     w2, [x1]                // GICD_CTLR: EnableGrp0/1NS/1S, ARE_S, ARE_NS
    mov     w2, #0x2
    str     w2, [x1, #0x84]         // GICD_IGROUPR1
    str     w2, [x1, #0x104]        // GICD_ISENABLER1: SPI 1 (INTID 33)
    ldr     w2, =0x80808080
    str     w2, [x1, #0x420]        // GICD_IPRIORITYR8
    // Core 0's redistributor: awake, SGIs/PPIs in Group 1 and enabled.
    ldr     x1, =GICR
    str     wzr, [x1, #0x14]        // GICR_WAKER: ProcessorSleep = 0
    add     x1, x1, #0x10000        // SGI_base
    mov     w2, #-1
    str     w2, [x1, #0x80]         // GICR_IGROUPR0
    mov     w2, #0xffff
    str     w2, [x1, #0x100]        // GICR_ISENABLER0

    ldr     x1, =V2M_SYSREGS
    mov     w2, #0xa5
    str     w2, [x1, #0x08]         // SYS_LED
    ldr     w2, =0x80000001
    str     w2, [x1, #0x30]         // SYS_FLAGSSET
    ldr     w2, =0x12345678
    str     w2, [x1, #0xa0]         // SYS_CFGDATA

    wdog_setup 0x1C0F0000
    wdog_setup 0x2A490000

    ldr     x1, =PWRC
    mov     w2, #0x80000000
    str     w2, [x1, #0x0c]         // PWKUPR: core 0, WEN
    mov     w2, #0x200
    str     w2, [x1, #0x10]         // PSYSR: select MPIDR 0x200
    ldr     w3, [x1, #0x10]
    cmn     w3, #1
    b.eq    cci                     // no cluster 2: CCI-400
    // CCN-502: the MN's DVM domain and the first HN-F's snoop domain take RN-F
    // node 1 (cluster 0).
    ldr     x1, =CCN
    mov     x2, #0x2
    str     x2, [x1, #0x210]        // MN DDC_SET
    ldr     x1, =CCN + (32 << 16)
    str     x2, [x1, #0x210]        // HN-F 0 SDC_SET
    b       tzc
cci:
    // CCI-400: snoops and DVM messages on the clusters' slave ports 3 and 4.
    ldr     x1, =CCI + 0x4000       // slave interface 3
    mov     w2, #0x3
    str     w2, [x1]                // SNOOP_CTRL
    str     w2, [x1, #0x1000]       // slave interface 4 SNOOP_CTRL

tzc:
    ldr     x1, =TZC
    mov     w2, #0x2
    str     w2, [x1, #0x04]         // ACTION: error response
    ldr     w2, =0x80000000
    str     w2, [x1, #0x120]        // region 1 BASE_LOW
    ldr     w2, =0x80ffffff
    str     w2, [x1, #0x128]        // region 1 TOP_LOW (filter enables stay 0)

    ldr     x1, =CNTCONTROL
    mov     w2, #0x1
    str     w2, [x1]                // CNTCR: EN
    ldr     x1, =CNTCTL
    mov     w2, #0x2
    str     w2, [x1, #0x04]         // CNTNSAR: frame 1 Non-secure
    mov     w2, #0x3f
    str     w2, [x1, #0x44]         // CNTACR1
    ldr     x1, =CNTBASE1
    mov     w2, #0x3
    str     w2, [x1, #0x14]         // CNTEL0ACR
    mov     x2, #-1
    str     x2, [x1, #0x20]         // CNTP_CVAL
    mov     w2, #0x1
    str     w2, [x1, #0x2c]         // CNTP_CTL: enabled

    ldr     x1, =FLASH
    mov     w2, #0x70
    str     w2, [x1]                // Read Status Register mode

    // Generic timer: core 0's EL1 virtual and physical, Secure physical.
    mov     x2, #-1
    msr     cntv_cval_el0, x2
    mov     x2, #1
    msr     cntv_ctl_el0, x2
    msr     cntps_ctl_el1, x2
    mov     x2, #3
    msr     cntp_ctl_el0, x2

    ldr     x1, =V2M_SYSREGS
    ldr     w2, =0xC0900000         // START | WRITE | FUNC(9): reboot
    str     w2, [x1, #0xa4]         // SYS_CFGCTRL
    b       .
done:
    mov     x9, #0
    semihost_exit x9
