/*
 * Vector table of the MMU test: a synchronous exception from the current EL with SP_ELx
 * (offset 0x200, DDI 0487 D1.10.2) is an expected fault: ESR/FAR/ELR are recorded in
 * mmu_fault and execution resumes after the faulting instruction, or, for an
 * Instruction Abort (EC 0x21), at X30 (the return address of the call that jumped to
 * the faulting address). Every other entry goes to the runtime's table (sw_vectors),
 * which reports a crash.
 */
    .text
    .balign 2048
    .global mmu_vectors
mmu_vectors:
    .irp kind, 0,1,2,3
    .balign 128
    b       sw_vectors + (\kind * 128)
    .endr
    .balign 128
    b       mmu_sync
    .irp kind, 5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    b       sw_vectors + (\kind * 128)
    .endr

/* \el: 1 or 2. mmu_fault = { count, esr, far, elr }. */
.macro mmu_record el
    mrs     x10, esr_el\el
    str     x10, [x9, #8]
    mrs     x10, far_el\el
    str     x10, [x9, #16]
    mrs     x10, elr_el\el
    str     x10, [x9, #24]
    ldr     x10, [x9, #8]
    lsr     x10, x10, #26
    cmp     x10, #0x21
    b.ne    1f
    msr     elr_el\el, x30
    b       2f
1:  ldr     x10, [x9, #24]
    add     x10, x10, #4
    msr     elr_el\el, x10
2:
.endm

mmu_sync:
    stp     x9, x10, [sp, #-16]!
    adrp    x9, mmu_fault
    add     x9, x9, :lo12:mmu_fault
    mrs     x10, CurrentEL
    cmp     x10, #8
    b.eq    3f
    mmu_record 1
    b       4f
3:  mmu_record 2
4:  ldr     x10, [x9]
    add     x10, x10, #1
    str     x10, [x9]
    ldp     x9, x10, [sp], #16
    eret
