// Ends the run with semihosting SYS_EXIT_EXTENDED, reason ApplicationExit,
// subcode 42: pscisim must exit with status 42.
#include "semihost_exit.inc"
    .global _start
_start:
    mov     x9, #42
    semihost_exit x9
