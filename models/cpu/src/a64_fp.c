/*
 * Scalar floating-point data processing (Arm ARM C4.1.96, the scalar FP groups):
 * 1, 2 and 3 source arithmetic, compares, conditional compare and select, FMOV
 * (register, immediate), FCVT between precisions, FRINT*. The arithmetic itself is
 * a64_fpu.c; FPCR comes from the core state and FPSR flags accumulate there.
 *
 * Every handler first checks the encoding (unallocated field values are
 * UNDEFINED, which takes priority over traps), then the FP/AdvSIMD access check.
 */
#include "a64_fpsimd.h"
#include "a64_fpu.h"

/* ftype (bits [23:22]): 00 single, 01 double, 11 half; 10 never reaches these
 * handlers (the rows fix bit 23 = 0 except for the FCVT half forms). */
static inline unsigned fp_fmt(uint32_t i)
{
    unsigned t = f_bits(i, 23, 22);
    return t == 0 ? A64_FP32 : t == 1 ? A64_FP64 : A64_FP16;
}
static inline unsigned fmt_bytes(unsigned fmt)
{
    return 2u << fmt;
}

#define FP_ENABLED(c)                                                                              \
    do {                                                                                           \
        a64_status st_ = a64_fp_access_check(c);                                                   \
        if (st_ != A64_OK) return st_;                                                             \
    } while (0)

a64_status a64_h_fp_1src(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i), bytes = fmt_bytes(fmt), op = f_bits(i, 20, 15);
    uint64_t a = a64_vget(c, f_rn(i), bytes), r;
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    if (op >> 2 == 1) { /* FCVT: opc (bits [16:15]) is the destination type */
        unsigned to = (op & 3) == 0 ? A64_FP32 : (op & 3) == 1 ? A64_FP64 : A64_FP16;
        r = a64_fpu_convert(to, fmt, a, a64_fpu_rmode(fpcr), fpcr, fpsr);
        a64_vset(c, f_rd(i), fmt_bytes(to), r);
        return A64_OK;
    }
    switch (op) {
    case 0: r = a; break;
    case 1: r = a64_fpu_abs(fmt, a); break;
    case 2: r = a64_fpu_neg(fmt, a); break;
    case 3: r = a64_fpu_sqrt(fmt, a, fpcr, fpsr); break;
    default: {
        /* FRINT<mode>: 000 N, 001 P, 010 M, 011 Z, 100 A, 110 X, 111 I */
        static const uint8_t mode[8] = {
            A64_RM_TIEEVEN, A64_RM_POSINF, A64_RM_NEGINF, A64_RM_ZERO, A64_RM_TIEAWAY, 0, 0, 0};
        unsigned rm = op & 7;
        bool fpcr_mode = rm >= 6;
        r = a64_fpu_round_int(fmt, a, fpcr_mode ? a64_fpu_rmode(fpcr) : mode[rm], rm == 6, fpcr,
                              fpsr);
        break;
    }
    }
    a64_vset(c, f_rd(i), bytes, r);
    return A64_OK;
}

a64_status a64_h_fp_2src(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i), bytes = fmt_bytes(fmt);
    uint64_t a = a64_vget(c, f_rn(i), bytes), b = a64_vget(c, f_rm(i), bytes), r;
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    switch (f_bits(i, 15, 12)) {
    case 0: r = a64_fpu_mul(fmt, a, b, fpcr, fpsr); break;
    case 1: r = a64_fpu_div(fmt, a, b, fpcr, fpsr); break;
    case 2: r = a64_fpu_add(fmt, a, b, fpcr, fpsr); break;
    case 3: r = a64_fpu_sub(fmt, a, b, fpcr, fpsr); break;
    case 4: r = a64_fpu_max(fmt, a, b, fpcr, fpsr); break;
    case 5: r = a64_fpu_min(fmt, a, b, fpcr, fpsr); break;
    case 6: r = a64_fpu_maxnm(fmt, a, b, fpcr, fpsr); break;
    case 7: r = a64_fpu_minnm(fmt, a, b, fpcr, fpsr); break;
    default: /* FNMUL: the product is negated after rounding, a NaN included */
        r = a64_fpu_neg(fmt, a64_fpu_mul(fmt, a, b, fpcr, fpsr));
        break;
    }
    a64_vset(c, f_rd(i), bytes, r);
    return A64_OK;
}

/* FMADD, FMSUB, FNMADD, FNMSUB: o1 (bit 21) negates the addend, o1 != o0 (bit 15)
 * negates the first multiplicand, before the fused operation (C7.2 FMSUB etc.). */
a64_status a64_h_fp_3src(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i), bytes = fmt_bytes(fmt);
    unsigned o1 = (i >> 21) & 1, o0 = (i >> 15) & 1;
    uint64_t n = a64_vget(c, f_rn(i), bytes), m = a64_vget(c, f_rm(i), bytes);
    uint64_t a = a64_vget(c, f_ra(i), bytes);
    if (o1) a = a64_fpu_neg(fmt, a);
    if (o1 != o0) n = a64_fpu_neg(fmt, n);
    a64_vset(c, f_rd(i), bytes, a64_fpu_muladd(fmt, a, n, m, c->s.fpcr, &c->s.fpsr));
    return A64_OK;
}

/* FCMP/FCMPE (register or #0.0; the Rm field of the zero forms is ignored). */
a64_status a64_h_fp_cmp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i), bytes = fmt_bytes(fmt);
    uint64_t a = a64_vget(c, f_rn(i), bytes);
    uint64_t b = (i >> 3) & 1 ? 0 : a64_vget(c, f_rm(i), bytes);
    c->s.nzcv = a64_fpu_compare(fmt, a, b, (i >> 4) & 1, c->s.fpcr, &c->s.fpsr);
    return A64_OK;
}

a64_status a64_h_fp_ccmp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i), bytes = fmt_bytes(fmt);
    if (a64_cond_holds(c->s.nzcv, f_cond(i))) {
        uint64_t a = a64_vget(c, f_rn(i), bytes), b = a64_vget(c, f_rm(i), bytes);
        c->s.nzcv = a64_fpu_compare(fmt, a, b, (i >> 4) & 1, c->s.fpcr, &c->s.fpsr);
    } else {
        c->s.nzcv = (i & 15) << 28;
    }
    return A64_OK;
}

a64_status a64_h_fp_csel(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned bytes = fmt_bytes(fp_fmt(i));
    unsigned src = a64_cond_holds(c->s.nzcv, f_cond(i)) ? f_rn(i) : f_rm(i);
    a64_vset(c, f_rd(i), bytes, a64_vget(c, src, bytes));
    return A64_OK;
}

a64_status a64_h_fp_fmov_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = fp_fmt(i);
    a64_vset(c, f_rd(i), fmt_bytes(fmt), a64_fpu_expand_imm(fmt, f_bits(i, 20, 13)));
    return A64_OK;
}
