// Loader test image: _start, a data word with a known value, and a .bss buffer.
    .text
    .global _start
_start:
    ldr x0, =magic
    ldr w1, [x0]
1:  wfi
    b 1b

    .data
    .global magic
    .type magic, %object
magic:
    .word 0x5053c151
    .size magic, 4

    .bss
    .global scratch
    .type scratch, %object
scratch:
    .space 256
    .size scratch, 256
