// Core 0 turns core 1 on (CPU_ON64), then makes 70,000 PSCI_VERSION calls and calls
// SYSTEM_OFF; core 1 idles in WFI. With a long core power-up (the test's exit_us) the
// CPU_ON's exit latency is still unknown when 65,536 later calls push its record out
// of the controller's window: the report must count it as a lost latency (issue 15,
// item 11: the report says what it could not record).
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, secondary
    movz    x0, #0x0003
    movk    x0, #0xc400, lsl #16    // CPU_ON64
    mov     x1, #1                  // target MPIDR Aff0 = 1
    adr     x2, secondary
    mov     x3, #0
    smc     #0
    movz    x5, #(70000 & 0xffff)
    movk    x5, #(70000 >> 16), lsl #16
1:  movz    x0, #0x0000
    movk    x0, #0x8400, lsl #16    // PSCI_VERSION
    smc     #0
    subs    x5, x5, #1
    b.ne    1b
    movz    x0, #0x0008
    movk    x0, #0x8400, lsl #16    // SYSTEM_OFF
    smc     #0
    b       .
secondary:
    wfi
    b       secondary
