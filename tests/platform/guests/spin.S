// Never ends: pscisim stops it with --max-time (exit 3).
    .global _start
_start:
    add     x1, x1, #1
    b       _start
