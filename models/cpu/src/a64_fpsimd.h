/*
 * Shared by the scalar floating-point and the Advanced SIMD encoding classes: the
 * SIMD&FP register views, the FPCR/FPSR fields and the access check every FP/SIMD
 * instruction makes before it touches a V register (Arm ARM D1.x, "traps of
 * accesses to SIMD and floating-point functionality").
 */
#ifndef A64_FPSIMD_H
#define A64_FPSIMD_H

#include "a64_internal.h"

/* FPCR (Arm ARM C5.2.7) */
#define A64_FPCR_AHP         (1u << 26)
#define A64_FPCR_DN          (1u << 25)
#define A64_FPCR_FZ          (1u << 24)
#define A64_FPCR_RMODE_SHIFT 22
#define A64_FPCR_FZ16        (1u << 19)
/* The bits software can change (trap enables are RAZ/WI: no trapped exceptions). */
#define A64_FPCR_WRITABLE    (A64_FPCR_AHP | A64_FPCR_DN | A64_FPCR_FZ | (3u << A64_FPCR_RMODE_SHIFT))

/* FPSR (Arm ARM C5.2.8) cumulative flags */
#define A64_FPSR_IOC      (1u << 0)
#define A64_FPSR_DZC      (1u << 1)
#define A64_FPSR_OFC      (1u << 2)
#define A64_FPSR_UFC      (1u << 3)
#define A64_FPSR_IXC      (1u << 4)
#define A64_FPSR_IDC      (1u << 7)
#define A64_FPSR_QC       (1u << 27)
/* FPSR[31:28] (N, Z, C, V) exist only when AArch32 is implemented: RES0 here. */
#define A64_FPSR_WRITABLE (0x9fu | A64_FPSR_QC)

/*
 * What ID_AA64PFR0_EL1 says about FP and AdvSIMD (bits [19:16] FP, [23:20] AdvSIMD).
 * Scalar FP (a64_fp*.c) and Advanced SIMD (a64_simd*.c) are both complete, so
 * A64_FPSIMD_ADVERTISED is 1: FP = 0 and AdvSIMD = 0 (single, double and
 * half-precision conversions; no FEAT_FP16 arithmetic); 0 would give 0xF, "not
 * implemented". a64_idregs_reset() applies it. Whatever
 * the value, the instructions execute: the field only tells software what exists.
 * MVFR0-2_EL1 stay RAZ (reserved ID space): they describe AArch32, not implemented.
 */
#define A64_FPSIMD_ADVERTISED 1
#define A64_PFR0_FP_ADVSIMD   (A64_FPSIMD_ADVERTISED ? 0ull : (0xfull << 16) | (0xfull << 20))

/*
 * AArch64.CheckFPAdvSIMDEnabled: CPACR_EL1.FPEN at EL0/EL1, then CPTR_EL2.TFP at
 * EL0-EL2 when EL2 is enabled, then CPTR_EL3.TFP below EL3. Returns A64_OK, or
 * A64_EXC with the trap (EC 0x07; EC 0x00 at EL2 when an EL0 CPACR trap is routed
 * there by HCR_EL2.TGE). Call it first in every FP/SIMD handler.
 */
a64_status a64_fp_access_check_slow(a64_core *c);
/* The common case, a sufficient condition: CPACR_EL1.FPEN = 11 (no trap at any EL,
 * what operating systems run with) and no TFP trap set. Every other case, allowed or
 * not, is decided by a64_fp_access_check_slow(); fast handlers that hand them to
 * their generic handler (which makes the full check) test only this. */
static inline bool a64_fp_enabled_fast(const a64_core *c)
{
    return ((c->sr[A64_SR_CPACR_EL1] >> 20) & 3) == 3 &&
           !((c->sr[A64_SR_CPTR_EL2] | c->sr[A64_SR_CPTR_EL3]) & (1u << 10));
}
static inline a64_status a64_fp_access_check(a64_core *c)
{
    if (A64_LIKELY(a64_fp_enabled_fast(c))) return A64_OK;
    return a64_fp_access_check_slow(c);
}

/* Scalar views: element 0 of V[n]. A scalar write zeroes the rest of the register. */
static inline uint64_t a64_vget(const a64_core *c, unsigned n, unsigned bytes)
{
    switch (bytes) {
    case 1: return c->s.v[n].b[0];
    case 2: return c->s.v[n].h[0];
    case 4: return c->s.v[n].s[0];
    default: return c->s.v[n].d[0];
    }
}
static inline void a64_vset(a64_core *c, unsigned n, unsigned bytes, uint64_t val)
{
    a64_vreg *v = &c->s.v[n];
    v->d[0] = bytes == 8 ? val : val & ((1ull << (bytes * 8)) - 1);
    v->d[1] = 0;
}

#endif
