// Semihosting calls whose result block is not writable (issue 15, item 14): with
// -DHEAPINFO, SYS_HEAPINFO (0x16) whose parameter word points to unmapped 0x2000;
// otherwise SYS_ELAPSED (0x30) with its result block at unmapped 0x1000. pscisim must
// stop with a fatal error naming the unwritable block and its address.
    .global _start
_start:
#ifdef HEAPINFO
    adr     x1, param
    mov     w0, #0x16
#else
    mov     x1, #0x1000
    mov     w0, #0x30
#endif
    hlt     #0xf000
    b       .
    .balign 8
param:
    .quad   0x2000
