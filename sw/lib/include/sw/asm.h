/* Shared assembler macros for sw/lib (included by .S files only). */
#ifndef SW_ASM_H
#define SW_ASM_H

#define SW_MAX_CLUSTERS          16
#define SW_MAX_CORES_PER_CLUSTER 16
#define SW_STACK_SIZE            8192

/* Per-core record strides: must match struct sw_entry_record / sw_resume_ctx (smp.h). */
#define SW_ENTRY_RECORD_SHIFT 6
#define SW_RESUME_CTX_SHIFT   7
#define SW_RESUME_CTX_SP      96
#define SW_RESUME_CTX_DAIF    104
#define SW_RESUME_CTX_FLAG    112

/* \dst = Aff1 * 16 + Aff0 of this core; cores outside the supported range park. */
/* clang-format off */
.macro sw_core_index dst, t1, t2
    mrs     \t1, mpidr_el1
    ubfx    \dst, \t1, #0, #8
    ubfx    \t2, \t1, #8, #8
    cmp     \dst, #SW_MAX_CORES_PER_CLUSTER
    b.hs    sw_park
    cmp     \t2, #SW_MAX_CLUSTERS
    b.hs    sw_park
    tst     \t1, #0xff0000
    b.ne    sw_park
    lsr     \t1, \t1, #32
    tst     \t1, #0xff
    b.ne    sw_park
    add     \dst, \dst, \t2, lsl #4
.endm
/* clang-format on */

#endif
