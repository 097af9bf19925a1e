// Compute-loop benchmark guest for a 2x4 (or 1x1) topology.
//   MODE 0: core 0 alone runs ITERS iterations of a 4-instruction ALU loop.
//   MODE 1: core 0 first starts the 7 other cores (CPU_ON), which suspend to
//           power-down at once and are never woken; then runs the same loop.
//   MODE 2: all 8 cores run the loop; the last one to finish calls SYSTEM_OFF.
// Ends with SYSTEM_OFF (exit status 0). Used by scripts/bench.sh.
#ifndef ITERS
#define ITERS 20000000
#endif
#ifndef MODE
#define MODE 0
#endif
    .global _start
_start:
    mrs     x20, mpidr_el1
    and     x20, x20, #0xffff
    cbnz    x20, secondary

#if MODE != 0
    // CPU_ON to every (cluster, core) in 0..1 x 0..3 but 0.0.
    mov     x24, #0                 // cluster
1:  mov     x25, #0                 // core
2:  orr     x1, x25, x24, lsl #8
    cbz     x1, 3f
    movz    x0, #0x0003
    movk    x0, #0xC400, lsl #16    // CPU_ON (SMC64)
    adr     x2, _start
    mov     x3, #0
    smc     #0
3:  add     x25, x25, #1
    cmp     x25, #4
    b.ne    2b
    add     x24, x24, #1
    cmp     x24, #2
    b.ne    1b
#endif
    bl      work
#if MODE == 2
    bl      done
6:  wfi                             // not the last: the last one powers off
    b       6b
#endif
off:
    movz    x0, #0x0008
    movk    x0, #0x8400, lsl #16    // SYSTEM_OFF
    smc     #0
    b       .

secondary:
#if MODE == 1
    movz    x0, #0x0001
    movk    x0, #0xC400, lsl #16    // CPU_SUSPEND (SMC64)
    movz    x1, #0x0002
    movk    x1, #0x0001, lsl #16    // core power-down
    adr     x2, _start
    mov     x3, #0
    smc     #0
    b       secondary
#else
    bl      work
    bl      done
    movz    x0, #0x0002
    movk    x0, #0x8400, lsl #16    // CPU_OFF
    smc     #0
    b       .
#endif

// The measured work: ITERS x (add, eor, subs, b.ne).
work:
    movz    x5, #(ITERS & 0xffff)
    movk    x5, #((ITERS >> 16) & 0xffff), lsl #16
    mov     x10, #1
    mov     x11, #3
4:  add     x10, x10, x11
    eor     x12, x12, x10
    subs    x5, x5, #1
    b.ne    4b
    ret

// Counts finished cores; the 8th to finish powers the system off.
done:
    adr     x1, finished
5:  ldaxr   w2, [x1]
    add     w2, w2, #1
    stlxr   w3, w2, [x1]
    cbnz    w3, 5b
    cmp     w2, #8
    b.eq    off
    ret

    .balign 8
finished:
    .word   0
