// Output on two of the fvp machine's UARTs, interleaved inside lines, and on
// semihosting (unprefixed): "a0" on UART0, "b1\n" on UART1, "\n" "c2" on UART0,
// then SYS_WRITEC 'S'. The PL011s are unprogrammed (divisor 0): each character is
// sent at once. Expected on the shared console (lines delivered whole, in the
// order they end; the partial last line at the end of the run):
// "uart1: b1\nuart0: a0\nSuart0: c2".
#include "semihost_exit.inc"
    .global _start
_start:
    movz    x1, #0x0000
    movk    x1, #0x1C09, lsl #16    // UART0
    movz    x3, #0x0000
    movk    x3, #0x1C0A, lsl #16    // UART1
    mov     w2, #'a'
    str     w2, [x1]                // UARTDR
    mov     w2, #'0'
    str     w2, [x1]
    mov     w2, #'b'
    str     w2, [x3]
    mov     w2, #'1'
    str     w2, [x3]
    mov     w2, #'\n'
    str     w2, [x3]
    str     w2, [x1]
    mov     w2, #'c'
    str     w2, [x1]
    mov     w2, #'2'
    str     w2, [x1]
    mov     w0, #0x03               // SYS_WRITEC
    adr     x1, ch
    hlt     #0xf000
    mov     x9, #0
    semihost_exit x9
ch:     .byte 'S'
