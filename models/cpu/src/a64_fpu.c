/*
 * Soft-float implementation of the Arm ARM floating-point pseudocode (Arm DDI 0487,
 * "Shared pseudocode: Floating-point": FPUnpack, FPProcessNaN(s), FPRoundBase,
 * FPAdd, FPMul, FPMulAdd, FPDiv, FPSqrt, FPMax/FPMin(Num), FPCompare, FPRoundInt,
 * FPConvert, FPToFixed, FixedToFP, FPRecipEstimate, FPRSqrtEstimate, FPRecpX).
 *
 * Every exact intermediate value is held as sig * 2^e with sig an unsigned integer
 * (128 bits where a product needs it); round_pack() is FPRoundBase on such a value:
 * tininess is judged before rounding, FPCR.FZ flushes tiny results to zero with UFC
 * only, overflow goes to infinity or the largest normal by rounding mode.
 */
#include "a64_fpu.h"

#include "a64_fpsimd.h"
#include "a64_fpu_host.h"

typedef unsigned __int128 u128;

typedef struct fmt_info {
    unsigned n, e, f; /* total, exponent and fraction bits */
    int emin;         /* minimum normal exponent */
} fmt_info;

static const fmt_info fmts[3] = {{16, 5, 10, -14}, {32, 8, 23, -126}, {64, 11, 52, -1022}};

enum { C_ZERO, C_NUM, C_INF, C_QNAN, C_SNAN };

/* An unpacked operand: for C_NUM, value = sig * 2^e with bit 63 of sig set. */
typedef struct fpv {
    int cls;
    unsigned sign;
    int e;
    uint64_t sig;
} fpv;

#define HALF64 (1ull << 63)

static inline uint64_t sign_bit(unsigned fmt)
{
    return 1ull << (fmts[fmt].n - 1);
}
static inline uint64_t frac_mask(unsigned fmt)
{
    return (1ull << fmts[fmt].f) - 1;
}
static inline unsigned exp_ones(unsigned fmt)
{
    return (1u << fmts[fmt].e) - 1;
}
static inline uint64_t quiet_bit(unsigned fmt)
{
    return 1ull << (fmts[fmt].f - 1);
}
static inline bool is_nan_cls(int c)
{
    return c == C_QNAN || c == C_SNAN;
}

static inline uint64_t fp_zero(unsigned fmt, unsigned sign)
{
    return sign ? sign_bit(fmt) : 0;
}
static inline uint64_t fp_inf(unsigned fmt, unsigned sign)
{
    return fp_zero(fmt, sign) | ((uint64_t)exp_ones(fmt) << fmts[fmt].f);
}
static inline uint64_t fp_max_normal(unsigned fmt, unsigned sign)
{
    return fp_zero(fmt, sign) | ((uint64_t)(exp_ones(fmt) - 1) << fmts[fmt].f) | frac_mask(fmt);
}
/* 2^k * (1 + m/2^f) as an encoding: used for FPTwo, FPOnePointFive. */
static inline uint64_t fp_const(unsigned fmt, unsigned sign, int k, uint64_t top_frac)
{
    unsigned bias = exp_ones(fmt) >> 1;
    return fp_zero(fmt, sign) | ((uint64_t)(bias + k) << fmts[fmt].f) |
           (top_frac << (fmts[fmt].f - 1));
}

uint64_t a64_fpu_default_nan(unsigned fmt)
{
    return fp_inf(fmt, 0) | quiet_bit(fmt);
}

static inline int clz64(uint64_t x)
{
    return __builtin_clzll(x);
}
static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

/* x >> s, with every bit shifted out ORed into bit 0 (sticky). */
static inline u128 shr_jam128(u128 x, unsigned s)
{
    if (s == 0) return x;
    if (s >= 128) return x != 0;
    return (x >> s) | ((x << (128 - s)) != 0);
}

/* Normalizes the exact value v * 2^e (v != 0) to a 64-bit significand with bit 63
 * set and the discarded bits jammed into bit 0. */
static inline void norm128(u128 v, int e, uint64_t *sig, int *eo)
{
    int lz = clz128(v);
    v <<= lz;
    *sig = (uint64_t)(v >> 64) | ((uint64_t)v != 0);
    *eo = e + 64 - lz;
}

/* FPUnpackBase. Half precision honours AHP and is never flushed (FZ16 is RES0). */
static fpv unpack(unsigned fmt, uint64_t x, uint32_t fpcr, uint32_t *fpsr)
{
    const fmt_info *f = &fmts[fmt];
    fpv v = {C_NUM, (unsigned)(x >> (f->n - 1)) & 1, 0, 0};
    unsigned exp = (unsigned)(x >> f->f) & exp_ones(fmt);
    uint64_t frac = x & frac_mask(fmt);
    if (exp == 0) {
        if (frac == 0 || (fmt != A64_FP16 && (fpcr & A64_FPCR_FZ))) {
            v.cls = C_ZERO;
            if (frac != 0) *fpsr |= A64_FPSR_IDC;
        } else {
            int lz = clz64(frac);
            v.sig = frac << lz;
            v.e = f->emin - (int)f->f - lz;
        }
    } else if (exp == exp_ones(fmt) && !(fmt == A64_FP16 && (fpcr & A64_FPCR_AHP))) {
        if (frac == 0)
            v.cls = C_INF;
        else
            v.cls = (frac & quiet_bit(fmt)) ? C_QNAN : C_SNAN;
    } else {
        int bias = (int)(exp_ones(fmt) >> 1);
        v.sig = (frac | (1ull << f->f)) << (63 - f->f);
        v.e = (int)exp - bias - 63;
    }
    return v;
}

/*
 * FPRoundBase of the nonzero value sig * 2^e (bit 63 of sig set; bit 0 may be a
 * sticky bit standing for discarded nonzero bits far below the rounding point).
 */
static uint64_t round_pack(unsigned fmt, unsigned sign, int e, uint64_t sig, uint32_t fpcr,
                           unsigned rm, uint32_t *fpsr)
{
    const fmt_info *f = &fmts[fmt];
    int exponent = e + 63;
    if (fmt != A64_FP16 && (fpcr & A64_FPCR_FZ) && exponent < f->emin) {
        *fpsr |= A64_FPSR_UFC;
        return fp_zero(fmt, sign);
    }
    int biased = exponent - f->emin + 1;
    unsigned s = 63 - f->f;
    if (biased <= 0) {
        unsigned extra = (unsigned)(1 - biased);
        s = extra > 128 ? 128 + s : s + extra;
        biased = 0;
    }
    uint64_t im, rest;
    if (s < 64) {
        im = sig >> s;
        rest = s ? sig << (64 - s) : 0;
    } else if (s == 64) {
        im = 0;
        rest = sig;
    } else {
        im = 0;
        rest = s < 128 ? (sig >> (s - 64)) | ((sig << (128 - s)) != 0) : (sig != 0);
    }
    if (biased == 0 && rest != 0) *fpsr |= A64_FPSR_UFC;
    bool up, oinf;
    switch (rm) {
    case A64_RM_TIEEVEN:
        up = rest > HALF64 || (rest == HALF64 && (im & 1));
        oinf = true;
        break;
    case A64_RM_POSINF:
        up = rest != 0 && !sign;
        oinf = !sign;
        break;
    case A64_RM_NEGINF:
        up = rest != 0 && sign;
        oinf = sign;
        break;
    case A64_RM_TIEAWAY:
        up = rest >= HALF64;
        oinf = true;
        break;
    default: /* ZERO, ODD */
        up = false;
        oinf = false;
        break;
    }
    if (up) {
        im++;
        if (im == (1ull << f->f)) biased = 1;
        if (im == (2ull << f->f)) {
            biased++;
            im >>= 1;
        }
    }
    if (rest != 0 && rm == A64_RM_ODD) im |= 1;
    uint64_t r;
    if (fmt == A64_FP16 && (fpcr & A64_FPCR_AHP)) {
        if (biased >= (int)(1u << f->e)) {
            *fpsr |= A64_FPSR_IOC;
            return fp_zero(fmt, sign) | 0x7fff;
        }
    } else if (biased >= (int)exp_ones(fmt)) {
        *fpsr |= A64_FPSR_OFC | A64_FPSR_IXC;
        return oinf ? fp_inf(fmt, sign) : fp_max_normal(fmt, sign);
    }
    r = fp_zero(fmt, sign) | ((uint64_t)biased << f->f) | (im & frac_mask(fmt));
    if (rest != 0) *fpsr |= A64_FPSR_IXC;
    return r;
}

/* Rounds the exact value v * 2^e; v == 0 gives the zero whose sign the rounding
 * mode picks (exact zero sums: -0 only when rounding towards minus infinity). */
static uint64_t round128(unsigned fmt, unsigned sign, int e, u128 v, uint32_t fpcr, unsigned rm,
                         uint32_t *fpsr)
{
    if (v == 0) return fp_zero(fmt, rm == A64_RM_NEGINF);
    uint64_t sig;
    int eo;
    norm128(v, e, &sig, &eo);
    return round_pack(fmt, sign, eo, sig, fpcr, rm, fpsr);
}

/* FPProcessNaN */
static uint64_t process_nan(unsigned fmt, int cls, uint64_t x, uint32_t fpcr, uint32_t *fpsr)
{
    if (cls == C_SNAN) {
        x |= quiet_bit(fmt);
        *fpsr |= A64_FPSR_IOC;
    }
    if (fpcr & A64_FPCR_DN) return a64_fpu_default_nan(fmt);
    return x;
}

/* FPProcessNaNs: true (and *r) if either operand is a NaN. */
static bool process_nans(unsigned fmt, const fpv *a, const fpv *b, uint64_t xa, uint64_t xb,
                         uint32_t fpcr, uint32_t *fpsr, uint64_t *r)
{
    if (a->cls == C_SNAN)
        *r = process_nan(fmt, a->cls, xa, fpcr, fpsr);
    else if (b->cls == C_SNAN)
        *r = process_nan(fmt, b->cls, xb, fpcr, fpsr);
    else if (a->cls == C_QNAN)
        *r = process_nan(fmt, a->cls, xa, fpcr, fpsr);
    else if (b->cls == C_QNAN)
        *r = process_nan(fmt, b->cls, xb, fpcr, fpsr);
    else
        return false;
    return true;
}

static uint64_t invalid(unsigned fmt, uint32_t *fpsr)
{
    *fpsr |= A64_FPSR_IOC;
    return a64_fpu_default_nan(fmt);
}

/* The exact sum of two finite values (either may be zero) rounded: value = sign_a *
 * a + sign_b * b. Used by add/sub; the zero-plus-zero cases are handled by callers. */
static uint64_t add_values(unsigned fmt, fpv a, fpv b, uint32_t fpcr, unsigned rm, uint32_t *fpsr)
{
    if (a.cls == C_ZERO) return round_pack(fmt, b.sign, b.e, b.sig, fpcr, rm, fpsr);
    if (b.cls == C_ZERO) return round_pack(fmt, a.sign, a.e, a.sig, fpcr, rm, fpsr);
    if (a.e < b.e || (a.e == b.e && a.sig < b.sig)) {
        fpv t = a;
        a = b;
        b = t;
    }
    /* |a| >= |b|: 62 guard bits below a's significand, b aligned with sticky. */
    u128 va = (u128)a.sig << 62;
    unsigned d = (unsigned)(a.e - b.e);
    u128 vb = shr_jam128((u128)b.sig << 62, d);
    u128 v = a.sign == b.sign ? va + vb : va - vb;
    return round128(fmt, a.sign, a.e - 62, v, fpcr, rm, fpsr);
}

static uint64_t addsub(unsigned fmt, uint64_t xa, uint64_t xb, bool neg_b, uint32_t fpcr,
                       uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    uint64_t r;
    if (process_nans(fmt, &a, &b, xa, xb, fpcr, fpsr, &r)) return r;
    b.sign ^= neg_b;
    unsigned rm = a64_fpu_rmode(fpcr);
    if (a.cls == C_INF && b.cls == C_INF && a.sign != b.sign) return invalid(fmt, fpsr);
    if ((a.cls == C_INF && !a.sign) || (b.cls == C_INF && !b.sign)) return fp_inf(fmt, 0);
    if (a.cls == C_INF || b.cls == C_INF) return fp_inf(fmt, 1);
    if (a.cls == C_ZERO && b.cls == C_ZERO) {
        if (a.sign == b.sign) return fp_zero(fmt, a.sign);
        return fp_zero(fmt, rm == A64_RM_NEGINF);
    }
    return add_values(fmt, a, b, fpcr, rm, fpsr);
}

static bool use_host = true;

/* Host environment: -1 not sampled yet, 0 unusable, 1 round to nearest, no flushing
 * (reading MXCSR costs as much as the fast path itself on some hosts). */
_Thread_local signed char a64_fpu_host_env = -1;

void a64_fpu_use_host(bool on)
{
    use_host = on;
    a64_fpu_host_env = -1;
}

void a64_fpu_host_changed(void)
{
    a64_fpu_host_env = -1;
}

bool a64_fpu_host_usable(void)
{
    return host_fp_ok();
}

bool a64_fpu_host_sample(void)
{
    a64_fpu_host_env = use_host && host_fp_ok();
    return a64_fpu_host_env;
}

/* The host fast paths (a64_fpu_host.h) apply only with FPCR.RMode = nearest. */
static inline bool fast_ok(uint32_t fpcr)
{
    return a64_fpu_fast_ok(fpcr);
}

static uint64_t addsub_fast(unsigned fmt, uint64_t a, uint64_t b, bool neg_b, uint32_t fpcr,
                            uint32_t *fpsr)
{
    uint64_t r;
    if (fast_ok(fpcr) && (fmt == A64_FP32   ? host_add32(a, b, neg_b, &r, fpsr)
                          : fmt == A64_FP64 ? host_add64(a, b, neg_b, &r, fpsr)
                                            : false))
        return r;
    return addsub(fmt, a, b, neg_b, fpcr, fpsr);
}

uint64_t a64_fpu_add(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return addsub_fast(fmt, a, b, false, fpcr, fpsr);
}

uint64_t a64_fpu_sub(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return addsub_fast(fmt, a, b, true, fpcr, fpsr);
}

uint64_t a64_fpu_abd(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return a64_fpu_abs(fmt, addsub_fast(fmt, a, b, true, fpcr, fpsr));
}

static uint64_t mul_common(unsigned fmt, uint64_t xa, uint64_t xb, bool mulx, uint32_t fpcr,
                           uint32_t *fpsr)
{
    uint64_t r;
    if (fast_ok(fpcr) && (fmt == A64_FP32   ? host_mul32(xa, xb, &r, fpsr)
                          : fmt == A64_FP64 ? host_mul64(xa, xb, &r, fpsr)
                                            : false))
        return r;
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (process_nans(fmt, &a, &b, xa, xb, fpcr, fpsr, &r)) return r;
    unsigned sign = a.sign ^ b.sign;
    if ((a.cls == C_INF && b.cls == C_ZERO) || (a.cls == C_ZERO && b.cls == C_INF))
        return mulx ? fp_const(fmt, sign, 1, 0) : invalid(fmt, fpsr);
    if (a.cls == C_INF || b.cls == C_INF) return fp_inf(fmt, sign);
    if (a.cls == C_ZERO || b.cls == C_ZERO) return fp_zero(fmt, sign);
    return round128(fmt, sign, a.e + b.e, (u128)a.sig * b.sig, fpcr, a64_fpu_rmode(fpcr), fpsr);
}

uint64_t a64_fpu_mul(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return mul_common(fmt, a, b, false, fpcr, fpsr);
}

uint64_t a64_fpu_mulx(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return mul_common(fmt, a, b, true, fpcr, fpsr);
}

uint64_t a64_fpu_div(unsigned fmt, uint64_t xa, uint64_t xb, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r;
    if (fmt == A64_FP32 && fast_ok(fpcr) && host_div32(xa, xb, &r, fpsr)) return r;
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (process_nans(fmt, &a, &b, xa, xb, fpcr, fpsr, &r)) return r;
    unsigned sign = a.sign ^ b.sign;
    if ((a.cls == C_INF && b.cls == C_INF) || (a.cls == C_ZERO && b.cls == C_ZERO))
        return invalid(fmt, fpsr);
    if (a.cls == C_INF || b.cls == C_ZERO) {
        if (a.cls != C_INF) *fpsr |= A64_FPSR_DZC;
        return fp_inf(fmt, sign);
    }
    if (a.cls == C_ZERO || b.cls == C_INF) return fp_zero(fmt, sign);
    u128 n = (u128)a.sig << 64;
    u128 q = n / b.sig;
    u128 rem = n % b.sig;
    /* q >= 2^63: 64+ significant bits, the remainder is the sticky bit. */
    return round128(fmt, sign, a.e - b.e - 64, q | (rem != 0), fpcr, a64_fpu_rmode(fpcr), fpsr);
}

/* floor(sqrt(m)) of a 128-bit integer and whether it was exact (digit by digit). */
static uint64_t isqrt128(u128 m, bool *exact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (m >> 126);
        m <<= 2;
        root <<= 1;
        u128 t = (root << 1) | 1;
        if (rem >= t) {
            rem -= t;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
}

uint64_t a64_fpu_sqrt(unsigned fmt, uint64_t xa, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r;
    if (fmt == A64_FP32 && fast_ok(fpcr) && host_sqrt32(xa, &r, fpsr)) return r;
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    if (is_nan_cls(a.cls)) return process_nan(fmt, a.cls, xa, fpcr, fpsr);
    if (a.cls == C_ZERO) return fp_zero(fmt, a.sign);
    if (a.cls == C_INF && !a.sign) return fp_inf(fmt, 0);
    if (a.sign) return invalid(fmt, fpsr);
    /* sig * 2^e = (sig << k) * 2^(e - k) with e - k even; the root has 63-64 bits. */
    unsigned k = (a.e & 1) ? 63 : 64;
    bool exact;
    uint64_t root = isqrt128((u128)a.sig << k, &exact);
    return round128(fmt, 0, (a.e - (int)k) / 2 - 1, (u128)root << 1 | !exact, fpcr,
                    a64_fpu_rmode(fpcr), fpsr);
}

/* value = p * 2^ep + a * 2^ea (with signs), exact, rounded, optionally halved
 * (FRSQRTS). Both terms finite; either may be zero. */
static uint64_t fused_sum(unsigned fmt, unsigned sp, bool pzero, u128 p, int ep, unsigned sa,
                          const fpv *a, int halve, uint32_t fpcr, uint32_t *fpsr)
{
    unsigned rm = a64_fpu_rmode(fpcr);
    if (pzero) return round_pack(fmt, a->sign, a->e - halve, a->sig, fpcr, rm, fpsr);
    /* p < 2^128: keep its leading bit at or below 125. */
    u128 vp = shr_jam128(p, 2);
    int evp = ep + 2;
    if (a->cls == C_ZERO) return round128(fmt, sp, evp - halve, vp, fpcr, rm, fpsr);
    u128 va = (u128)a->sig << 61;
    int eva = a->e - 61;
    int e;
    if (evp >= eva) {
        va = shr_jam128(va, (unsigned)(evp - eva) > 200 ? 200 : (unsigned)(evp - eva));
        e = evp;
    } else {
        vp = shr_jam128(vp, (unsigned)(eva - evp) > 200 ? 200 : (unsigned)(eva - evp));
        e = eva;
    }
    u128 v;
    unsigned sign;
    if (sp == sa) {
        v = vp + va;
        sign = sp;
    } else if (vp >= va) {
        v = vp - va;
        sign = sp;
    } else {
        v = va - vp;
        sign = sa;
    }
    return round128(fmt, sign, e - halve, v, fpcr, rm, fpsr);
}

uint64_t a64_fpu_muladd(unsigned fmt, uint64_t xa, uint64_t x1, uint64_t x2, uint32_t fpcr,
                        uint32_t *fpsr)
{
    uint64_t fast;
    if (fmt == A64_FP32 && fast_ok(fpcr) && host_fma32(xa, x1, x2, &fast, fpsr)) return fast;
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    fpv o1 = unpack(fmt, x1, fpcr, fpsr), o2 = unpack(fmt, x2, fpcr, fpsr);
    bool inf1 = o1.cls == C_INF, inf2 = o2.cls == C_INF;
    bool zero1 = o1.cls == C_ZERO, zero2 = o2.cls == C_ZERO;
    /* FPProcessNaNs3: signalling NaNs first (addend, op1, op2), then quiet ones. */
    uint64_t r = 0;
    bool done = true;
    if (a.cls == C_SNAN)
        r = process_nan(fmt, a.cls, xa, fpcr, fpsr);
    else if (o1.cls == C_SNAN)
        r = process_nan(fmt, o1.cls, x1, fpcr, fpsr);
    else if (o2.cls == C_SNAN)
        r = process_nan(fmt, o2.cls, x2, fpcr, fpsr);
    else if (a.cls == C_QNAN)
        r = process_nan(fmt, a.cls, xa, fpcr, fpsr);
    else if (o1.cls == C_QNAN)
        r = process_nan(fmt, o1.cls, x1, fpcr, fpsr);
    else if (o2.cls == C_QNAN)
        r = process_nan(fmt, o2.cls, x2, fpcr, fpsr);
    else
        done = false;
    if (a.cls == C_QNAN && ((inf1 && zero2) || (zero1 && inf2))) return invalid(fmt, fpsr);
    if (done) return r;
    unsigned sp = o1.sign ^ o2.sign;
    bool infp = inf1 || inf2, zerop = zero1 || zero2;
    bool infa = a.cls == C_INF, zeroa = a.cls == C_ZERO;
    if ((inf1 && zero2) || (zero1 && inf2) || (infa && infp && a.sign != sp))
        return invalid(fmt, fpsr);
    if ((infa && !a.sign) || (infp && !sp)) return fp_inf(fmt, 0);
    if (infa || infp) return fp_inf(fmt, 1);
    if (zeroa && zerop && a.sign == sp) return fp_zero(fmt, a.sign);
    if (zeroa && zerop) return fp_zero(fmt, a64_fpu_rmode(fpcr) == A64_RM_NEGINF);
    u128 p = zerop ? 0 : (u128)o1.sig * o2.sig;
    return fused_sum(fmt, sp, zerop, p, o1.e + o2.e, a.sign, &a, 0, fpcr, fpsr);
}

/* FPRecipStepFused (2 - a*b) and FPRSqrtStepFused ((3 - a*b) / 2). */
static uint64_t step_fused(unsigned fmt, uint64_t x1, uint64_t x2, bool rsqrt, uint32_t fpcr,
                           uint32_t *fpsr)
{
    x1 = a64_fpu_neg(fmt, x1);
    fpv a = unpack(fmt, x1, fpcr, fpsr), b = unpack(fmt, x2, fpcr, fpsr);
    uint64_t r;
    if (process_nans(fmt, &a, &b, x1, x2, fpcr, fpsr, &r)) return r;
    bool inf1 = a.cls == C_INF, inf2 = b.cls == C_INF;
    if ((inf1 && b.cls == C_ZERO) || (a.cls == C_ZERO && inf2))
        return rsqrt ? fp_const(fmt, 0, 0, 1) : fp_const(fmt, 0, 1, 0);
    if (inf1 || inf2) return fp_inf(fmt, a.sign ^ b.sign);
    /* The constant 2.0 or 3.0 as sig * 2^e. */
    fpv k = {C_NUM, 0, -62, rsqrt ? 3ull << 62 : 1ull << 63};
    bool zerop = a.cls == C_ZERO || b.cls == C_ZERO;
    u128 p = zerop ? 0 : (u128)a.sig * b.sig;
    return fused_sum(fmt, a.sign ^ b.sign, zerop, p, a.e + b.e, 0, &k, rsqrt ? 1 : 0, fpcr, fpsr);
}

uint64_t a64_fpu_recps(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return step_fused(fmt, a, b, false, fpcr, fpsr);
}

uint64_t a64_fpu_rsqrts(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return step_fused(fmt, a, b, true, fpcr, fpsr);
}

/* value1 > value2 for two non-NaN operands. */
static bool fpv_gt(const fpv *a, const fpv *b)
{
    if (a->cls == C_ZERO && b->cls == C_ZERO) return false;
    /* Order by sign, then magnitude (zero < number < infinity). */
    int ra = a->cls == C_ZERO ? 0 : a->cls == C_INF ? 2 : 1;
    int rb = b->cls == C_ZERO ? 0 : b->cls == C_INF ? 2 : 1;
    unsigned sa = ra ? a->sign : 0, sb = rb ? b->sign : 0;
    if (sa != sb) return sb; /* a positive, b negative */
    bool mag_gt, mag_eq;
    if (ra != rb || ra != 1) {
        mag_gt = ra > rb;
        mag_eq = ra == rb;
    } else {
        mag_gt = a->e > b->e || (a->e == b->e && a->sig > b->sig);
        mag_eq = a->e == b->e && a->sig == b->sig;
    }
    if (mag_eq) return false;
    return sa ? !mag_gt : mag_gt;
}

static bool fpv_eq(const fpv *a, const fpv *b)
{
    return !fpv_gt(a, b) && !fpv_gt(b, a);
}

static uint64_t maxmin(unsigned fmt, uint64_t xa, uint64_t xb, bool is_max, uint32_t fpcr,
                       uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    uint64_t r;
    if (process_nans(fmt, &a, &b, xa, xb, fpcr, fpsr, &r)) return r;
    bool pick_a = is_max ? fpv_gt(&a, &b) : fpv_gt(&b, &a);
    const fpv *v = pick_a ? &a : &b;
    uint64_t x = pick_a ? xa : xb;
    if (v->cls == C_INF) return fp_inf(fmt, v->sign);
    if (v->cls == C_ZERO) return fp_zero(fmt, is_max ? (a.sign & b.sign) : (a.sign | b.sign));
    /* FPRound of an operand value is exact: FZ already flushed denormal inputs. */
    return x;
}

uint64_t a64_fpu_max(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return maxmin(fmt, a, b, true, fpcr, fpsr);
}

uint64_t a64_fpu_min(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return maxmin(fmt, a, b, false, fpcr, fpsr);
}

/* FPMaxNum / FPMinNum: a single quiet NaN is replaced by -inf (max) or +inf (min). */
static uint64_t maxminnum(unsigned fmt, uint64_t xa, uint64_t xb, bool is_max, uint32_t fpcr,
                          uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (a.cls == C_QNAN && b.cls != C_QNAN)
        xa = fp_inf(fmt, is_max);
    else if (a.cls != C_QNAN && b.cls == C_QNAN)
        xb = fp_inf(fmt, is_max);
    return maxmin(fmt, xa, xb, is_max, fpcr, fpsr);
}

uint64_t a64_fpu_maxnm(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return maxminnum(fmt, a, b, true, fpcr, fpsr);
}

uint64_t a64_fpu_minnm(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return maxminnum(fmt, a, b, false, fpcr, fpsr);
}

uint32_t a64_fpu_compare(unsigned fmt, uint64_t xa, uint64_t xb, bool signal_nans, uint32_t fpcr,
                         uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (is_nan_cls(a.cls) || is_nan_cls(b.cls)) {
        if (a.cls == C_SNAN || b.cls == C_SNAN || signal_nans) *fpsr |= A64_FPSR_IOC;
        return 0x3u << 28;
    }
    if (fpv_eq(&a, &b)) return 0x6u << 28;
    if (fpv_gt(&b, &a)) return 0x8u << 28;
    return 0x2u << 28;
}

bool a64_fpu_cmp_eq(unsigned fmt, uint64_t xa, uint64_t xb, uint32_t fpcr, uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (is_nan_cls(a.cls) || is_nan_cls(b.cls)) {
        if (a.cls == C_SNAN || b.cls == C_SNAN) *fpsr |= A64_FPSR_IOC;
        return false;
    }
    return fpv_eq(&a, &b);
}

static bool cmp_ordered(unsigned fmt, uint64_t xa, uint64_t xb, bool ge, uint32_t fpcr,
                        uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr), b = unpack(fmt, xb, fpcr, fpsr);
    if (is_nan_cls(a.cls) || is_nan_cls(b.cls)) {
        *fpsr |= A64_FPSR_IOC;
        return false;
    }
    return fpv_gt(&a, &b) || (ge && fpv_eq(&a, &b));
}

bool a64_fpu_cmp_ge(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return cmp_ordered(fmt, a, b, true, fpcr, fpsr);
}

bool a64_fpu_cmp_gt(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return cmp_ordered(fmt, a, b, false, fpcr, fpsr);
}

/* Splits |value| * 2^scale = sig * 2^(e + scale) into an integer part (saturated
 * flag *big when it does not fit 64 bits) and the fraction as a 64-bit binary
 * fraction with sticky (HALF64 = one half). */
static uint64_t split_int(uint64_t sig, int e, uint64_t *frac, bool *big)
{
    *big = false;
    if (e >= 0) {
        *frac = 0;
        if (e > 0) {
            *big = true;
            return UINT64_MAX;
        }
        return sig;
    }
    unsigned s = (unsigned)-e;
    if (s < 64) {
        *frac = sig << (64 - s);
        return sig >> s;
    }
    if (s == 64) {
        *frac = sig;
        return 0;
    }
    *frac = s < 128 ? (sig >> (s - 64)) | ((sig << (128 - s)) != 0) : 1;
    return 0;
}

/* Whether the magnitude rounds up (the Arm ARM's signed rules on |value|). */
static bool round_up_mag(unsigned rm, unsigned sign, uint64_t ipart, uint64_t frac)
{
    switch (rm) {
    case A64_RM_TIEEVEN: return frac > HALF64 || (frac == HALF64 && (ipart & 1));
    case A64_RM_POSINF: return frac != 0 && !sign;
    case A64_RM_NEGINF: return frac != 0 && sign;
    case A64_RM_TIEAWAY: return frac >= HALF64;
    default: return false;
    }
}

uint64_t a64_fpu_round_int(unsigned fmt, uint64_t xa, unsigned rmode, bool exact, uint32_t fpcr,
                           uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    if (is_nan_cls(a.cls)) return process_nan(fmt, a.cls, xa, fpcr, fpsr);
    if (a.cls == C_INF) return fp_inf(fmt, a.sign);
    if (a.cls == C_ZERO) return fp_zero(fmt, a.sign);
    if (a.e + 63 >= (int)fmts[fmt].f) return xa; /* |value| >= 2^F: already an integer */
    uint64_t frac;
    bool big;
    uint64_t ip = split_int(a.sig, a.e, &frac, &big);
    if (round_up_mag(rmode, a.sign, ip, frac)) ip++;
    uint64_t r;
    if (ip == 0) {
        r = fp_zero(fmt, a.sign);
    } else {
        int lz = clz64(ip);
        uint32_t ignore = 0;
        r = round_pack(fmt, a.sign, -lz, ip << lz, fpcr, A64_RM_ZERO, &ignore);
    }
    if (frac != 0 && exact) *fpsr |= A64_FPSR_IXC;
    return r;
}

/* FPConvertNaN: payload moved between formats, signalling NaNs quietened. */
static uint64_t convert_nan(unsigned to, unsigned from, uint64_t x)
{
    unsigned sign = (unsigned)(x >> (fmts[from].n - 1)) & 1;
    /* 51-bit payload below the quiet bit, left-aligned as in the pseudocode. */
    uint64_t pay = (x & (frac_mask(from) >> 1)) << (52 - fmts[from].f);
    return fp_inf(to, sign) | quiet_bit(to) | (pay >> (52 - fmts[to].f));
}

uint64_t a64_fpu_convert(unsigned to, unsigned from, uint64_t xa, unsigned rmode, uint32_t fpcr,
                         uint32_t *fpsr)
{
    fpv a = unpack(from, xa, fpcr, fpsr);
    bool alt_hp = to == A64_FP16 && (fpcr & A64_FPCR_AHP);
    if (is_nan_cls(a.cls)) {
        uint64_t r;
        if (alt_hp)
            r = fp_zero(to, a.sign);
        else if (fpcr & A64_FPCR_DN)
            r = a64_fpu_default_nan(to);
        else
            r = convert_nan(to, from, xa);
        if (a.cls == C_SNAN || alt_hp) *fpsr |= A64_FPSR_IOC;
        return r;
    }
    if (a.cls == C_INF) {
        if (alt_hp) {
            *fpsr |= A64_FPSR_IOC;
            return fp_zero(to, a.sign) | 0x7fff;
        }
        return fp_inf(to, a.sign);
    }
    if (a.cls == C_ZERO) return fp_zero(to, a.sign);
    return round_pack(to, a.sign, a.e, a.sig, fpcr, rmode, fpsr);
}

uint64_t a64_fpu_to_fixed(unsigned fmt, uint64_t xa, unsigned fbits, bool is_unsigned,
                          unsigned ibits, unsigned rmode, uint32_t fpcr, uint32_t *fpsr)
{
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    uint64_t mag = 0, frac = 0;
    bool big = false;
    if (is_nan_cls(a.cls)) {
        *fpsr |= A64_FPSR_IOC;
        return 0;
    }
    if (a.cls == C_INF) {
        big = true;
    } else if (a.cls == C_NUM) {
        mag = split_int(a.sig, a.e + (int)fbits, &frac, &big);
        if (!big && round_up_mag(rmode, a.sign, mag, frac)) {
            if (mag == UINT64_MAX)
                big = true;
            else
                mag++;
        }
    }
    /* SatQ of the signed integer (sign ? -mag : mag) to ibits bits. */
    uint64_t result;
    bool sat;
    if (is_unsigned) {
        uint64_t maxv = ibits == 64 ? UINT64_MAX : (1ull << ibits) - 1;
        if (a.sign) {
            sat = big || mag != 0;
            result = 0;
        } else {
            sat = big || mag > maxv;
            result = sat ? maxv : mag;
        }
    } else {
        uint64_t lim = 1ull << (ibits - 1);
        if (a.sign) {
            sat = big || mag > lim;
            result = 0 - (sat ? lim : mag);
        } else {
            sat = big || mag > lim - 1;
            result = sat ? lim - 1 : mag;
        }
    }
    if (ibits == 32) result &= 0xffffffffu;
    if (sat)
        *fpsr |= A64_FPSR_IOC;
    else if (frac != 0)
        *fpsr |= A64_FPSR_IXC;
    return result;
}

uint64_t a64_fpu_from_fixed(unsigned fmt, uint64_t x, unsigned fbits, bool is_unsigned,
                            unsigned ibits, unsigned rmode, uint32_t fpcr, uint32_t *fpsr)
{
    if (ibits == 32) x = is_unsigned ? (uint32_t)x : (uint64_t)(int64_t)(int32_t)x;
    unsigned sign = 0;
    if (!is_unsigned && (int64_t)x < 0) {
        sign = 1;
        x = 0 - x;
    }
    if (x == 0) return fp_zero(fmt, 0);
    int lz = clz64(x);
    return round_pack(fmt, sign, -lz - (int)fbits, x << lz, fpcr, rmode, fpsr);
}

unsigned a64_fpu_recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

unsigned a64_fpu_rsqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    /* b = the largest b with a * (b+1)^2 < 2^28, from 512 upwards. */
    uint64_t b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (unsigned)((b + 1) / 2);
}

static unsigned rsqrt_table(unsigned a)
{
    static uint16_t table[512];
    static bool built; /* benign: every thread computes the same constants */
    if (!__atomic_load_n(&built, __ATOMIC_ACQUIRE)) {
        for (unsigned i = 128; i < 512; i++)
            table[i] = (uint16_t)a64_fpu_rsqrt_estimate(i);
        __atomic_store_n(&built, true, __ATOMIC_RELEASE);
    }
    return table[a];
}

/* The rounding-mode choice of an overflowed estimate (FPRecipEstimate). */
static bool overflow_to_inf(unsigned rm, unsigned sign)
{
    switch (rm) {
    case A64_RM_TIEEVEN: return true;
    case A64_RM_POSINF: return !sign;
    case A64_RM_NEGINF: return sign;
    default: return false;
    }
}

uint64_t a64_fpu_recpe(unsigned fmt, uint64_t xa, uint32_t fpcr, uint32_t *fpsr)
{
    const fmt_info *f = &fmts[fmt];
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    if (is_nan_cls(a.cls)) return process_nan(fmt, a.cls, xa, fpcr, fpsr);
    if (a.cls == C_INF) return fp_zero(fmt, a.sign);
    if (a.cls == C_ZERO) {
        *fpsr |= A64_FPSR_DZC;
        return fp_inf(fmt, a.sign);
    }
    int exponent = a.e + 63; /* |value| in [2^exponent, 2^(exponent+1)) */
    int bias = (int)(exp_ones(fmt) >> 1);
    /* |value| < 2^-(bias+1) (2^-16, 2^-128, 2^-1024): the reciprocal overflows. */
    if (exponent < -(bias + 1)) {
        *fpsr |= A64_FPSR_OFC | A64_FPSR_IXC;
        return overflow_to_inf(a64_fpu_rmode(fpcr), a.sign) ? fp_inf(fmt, a.sign)
                                                            : fp_max_normal(fmt, a.sign);
    }
    if (fmt != A64_FP16 && (fpcr & A64_FPCR_FZ) && exponent >= bias - 1) {
        *fpsr |= A64_FPSR_UFC;
        return fp_zero(fmt, a.sign);
    }
    uint64_t fraction = (xa & frac_mask(fmt)) << (52 - f->f);
    int exp = (int)((xa >> f->f) & exp_ones(fmt));
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & ((1ull << 52) - 1);
        } else {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = 2 * bias - 1 - exp; /* 29, 253, 2045 */
    unsigned est = a64_fpu_recip_estimate(scaled);
    fraction = (uint64_t)(est & 0xff) << 44;
    if (result_exp == 0) {
        fraction = (1ull << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return fp_zero(fmt, a.sign) | ((uint64_t)result_exp << f->f) | (fraction >> (52 - f->f));
}

uint64_t a64_fpu_rsqrte(unsigned fmt, uint64_t xa, uint32_t fpcr, uint32_t *fpsr)
{
    const fmt_info *f = &fmts[fmt];
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    if (is_nan_cls(a.cls)) return process_nan(fmt, a.cls, xa, fpcr, fpsr);
    if (a.cls == C_ZERO) {
        *fpsr |= A64_FPSR_DZC;
        return fp_inf(fmt, a.sign);
    }
    if (a.sign) return invalid(fmt, fpsr);
    if (a.cls == C_INF) return fp_zero(fmt, 0);
    uint64_t fraction = (xa & frac_mask(fmt)) << (52 - f->f);
    int exp = (int)((xa >> f->f) & exp_ones(fmt));
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = (fraction << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled;
    /* Scaled into [0.25, 1.0) keeping the parity of the exponent. */
    if (((unsigned)exp & 1) == 0)
        scaled = 256 | (unsigned)(fraction >> 44);
    else
        scaled = 128 | (unsigned)(fraction >> 45);
    int bias = (int)(exp_ones(fmt) >> 1);
    int num = 3 * bias - 1; /* 44, 380, 3068 */
    int d = num - exp;      /* > 0 */
    int result_exp = d / 2;
    unsigned est = rsqrt_table(scaled);
    return ((uint64_t)result_exp << f->f) | ((uint64_t)(est & 0xff) << (f->f - 8));
}

uint64_t a64_fpu_recpx(unsigned fmt, uint64_t xa, uint32_t fpcr, uint32_t *fpsr)
{
    const fmt_info *f = &fmts[fmt];
    fpv a = unpack(fmt, xa, fpcr, fpsr);
    if (is_nan_cls(a.cls)) return process_nan(fmt, a.cls, xa, fpcr, fpsr);
    unsigned exp = (unsigned)(xa >> f->f) & exp_ones(fmt);
    unsigned rexp = exp == 0 ? exp_ones(fmt) - 1 : (~exp & exp_ones(fmt));
    return fp_zero(fmt, a.sign) | ((uint64_t)rexp << f->f);
}

uint64_t a64_fpu_expand_imm(unsigned fmt, unsigned imm8)
{
    const fmt_info *f = &fmts[fmt];
    unsigned sign = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1;
    unsigned e = f->e;
    /* exp = NOT(imm8<6>) : Replicate(imm8<6>, E-3) : imm8<5:4> */
    uint64_t exp = ((uint64_t)(!b6) << (e - 1)) | ((b6 ? ((1ull << (e - 3)) - 1) : 0) << 2) |
                   ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (f->f - 4);
    return ((uint64_t)sign << (f->n - 1)) | (exp << f->f) | frac;
}
