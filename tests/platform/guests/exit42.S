// Ends the run with semihosting SYS_EXIT_EXTENDED, reason ApplicationExit,
// subcode 42: pscisim must exit with status 42.
    .global _start
_start:
    adr     x1, block
    mov     w0, #0x20           // SYS_EXIT_EXTENDED
    hlt     #0xf000
    b       .
    .balign 8
block:
    .quad   0x20026             // ADP_Stopped_ApplicationExit
    .quad   42
