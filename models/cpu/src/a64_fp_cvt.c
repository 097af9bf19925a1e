/*
 * Conversions between scalar FP and general registers (Arm ARM C4.1.96.21-22):
 * FCVT{N,P,M,Z,A}{S,U} to integer, FCVTZ{S,U} to fixed point, SCVTF/UCVTF from
 * integer or fixed point, and FMOV between general and SIMD&FP registers
 * (including the upper doubleword V<n>.D[1]).
 */
#include "a64_fpsimd.h"
#include "a64_fpu.h"

#define FP_ENABLED(c)                                                                              \
    do {                                                                                           \
        a64_status st_ = a64_fp_access_check(c);                                                   \
        if (st_ != A64_OK) return st_;                                                             \
    } while (0)

/* Rows fix ftype<1> = 0: bit 22 selects single (0) or double (1). */
static inline unsigned cvt_fmt(uint32_t i)
{
    return (i >> 22) & 1 ? A64_FP64 : A64_FP32;
}

/* FCVT{N,P,M,Z}{S,U} (rmode bits [20:19] is the FPCR.RMode encoding) and
 * FCVTA{S,U} (opcode 10x: ties away). Bit 16 selects unsigned. */
a64_status a64_h_fp_cvt_int(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = cvt_fmt(i), sf = f_sf(i);
    unsigned rm = (i >> 18) & 1 ? A64_RM_TIEAWAY : f_bits(i, 20, 19);
    uint64_t a = a64_vget(c, f_rn(i), 2u << fmt);
    uint64_t r =
        a64_fpu_to_fixed(fmt, a, 0, (i >> 16) & 1, sf ? 64 : 32, rm, c->s.fpcr, &c->s.fpsr);
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

/* SCVTF/UCVTF (integer): the FPCR rounding mode. */
a64_status a64_h_fp_cvtf_int(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned fmt = cvt_fmt(i), sf = f_sf(i);
    uint64_t x = rreg(c, f_rn(i), sf);
    uint64_t r = a64_fpu_from_fixed(fmt, x, 0, (i >> 16) & 1, sf ? 64 : 32,
                                    a64_fpu_rmode(c->s.fpcr), c->s.fpcr, &c->s.fpsr);
    a64_vset(c, f_rd(i), 2u << fmt, r);
    return A64_OK;
}

/* Fixed point: fbits = 64 - scale; a 32-bit integer needs scale >= 32. FCVTZ*
 * rounds towards zero, SCVTF/UCVTF with the FPCR mode. Bit 16: unsigned; bit 19
 * (rmode<0>): to fixed (FCVTZ*) or from fixed (*CVTF). */
a64_status a64_h_fp_cvt_fixed(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), scale = f_bits(i, 15, 10);
    if (!sf && scale < 32) return A64_UNDEF;
    FP_ENABLED(c);
    unsigned fmt = cvt_fmt(i), fbits = 64 - scale, ibits = sf ? 64 : 32;
    bool is_unsigned = (i >> 16) & 1;
    if ((i >> 19) & 1) {
        uint64_t a = a64_vget(c, f_rn(i), 2u << fmt);
        wreg(c, f_rd(i), sf,
             a64_fpu_to_fixed(fmt, a, fbits, is_unsigned, ibits, A64_RM_ZERO, c->s.fpcr,
                              &c->s.fpsr));
    } else {
        uint64_t x = rreg(c, f_rn(i), sf);
        a64_vset(c, f_rd(i), 2u << fmt,
                 a64_fpu_from_fixed(fmt, x, fbits, is_unsigned, ibits, a64_fpu_rmode(c->s.fpcr),
                                    c->s.fpcr, &c->s.fpsr));
    }
    return A64_OK;
}

/* FMOV (general): opcode bit 16 = 0 to a general register, 1 from it; rmode = 01
 * (ftype 10) is the upper doubleword V<n>.D[1], whose write leaves D[0] alone. */
a64_status a64_h_fp_fmov_gen(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned sf = f_sf(i), to_v = (i >> 16) & 1, top = (i >> 19) & 1;
    unsigned rd = f_rd(i), rn = f_rn(i);
    if (top) {
        if (to_v)
            c->s.v[rd].d[1] = xr(c, rn);
        else
            set_xr(c, rd, c->s.v[rn].d[1]);
    } else if (to_v) {
        a64_vset(c, rd, sf ? 8 : 4, rreg(c, rn, sf));
    } else {
        wreg(c, rd, sf, a64_vget(c, rn, sf ? 8 : 4));
    }
    return A64_OK;
}
