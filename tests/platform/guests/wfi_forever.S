// Waits in WFI with no interrupt source enabled: nothing can ever wake it. pscisim
// must report a deadlock (status 1) with or without --max-time (issue 15, item 10).
    .global _start
_start:
    wfi
    b       _start
