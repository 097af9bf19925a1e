// Three guest mistakes, then a fatal one: a write to the PL011's read-only flag
// register (ignored), CPU_ON for an MPIDR that does not exist (INVALID_PARAMETERS),
// a read from an address where nothing is mapped (synchronous external abort; no
// vectors are installed, so the abort loops: a fatal stop naming the load as the
// first exception).
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x0900, lsl #16
    mov     w2, #1
    str     w2, [x1, #0x18]         // UARTFR is read-only
    movz    x0, #0x0003
    movk    x0, #0xC400, lsl #16    // CPU_ON64
    movz    x1, #0xbeef
    movk    x1, #0xdead, lsl #16
    adr     x2, _start
    mov     x3, #0
    smc     #0
    movz    x1, #0x0000
    movk    x1, #0x0A00, lsl #16
    .global unmapped_load
unmapped_load:
    ldr     w2, [x1]                // nothing at 0x0A00_0000
    b       .
