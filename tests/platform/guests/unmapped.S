// Jumps to an address where nothing is mapped. With no exception vectors set
// up, the instruction abort cannot be handled: a fatal guest error (exit 1) whose
// message names the core, the PC and the ESR.
    .global _start
_start:
    mov     x0, #0x1000
    br      x0
