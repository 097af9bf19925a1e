/*
 * Advanced SIMD floating point, vector and scalar forms (Arm ARM C4.1.96): three
 * same (FADD..FDIV, FMLA/FMLS, FMULX, FABD, min/max, compares, FRECPS/FRSQRTS and
 * the pairwise forms), two-register miscellaneous (FRINT*, FCVT*, SCVTF/UCVTF,
 * FCVTN/FCVTL/FCVTXN, compares with zero, FABS/FNEG/FSQRT, FRECPE/FRSQRTE/FRECPX,
 * URECPE/URSQRTE), across lanes (FMAXV..), scalar pairwise (FADDP..), by element
 * (FMLA/FMLS/FMUL/FMULX) and the fixed-point conversions of the shift group.
 *
 * Single and double precision only: the half-precision encodings (FEAT_FP16) are
 * UNDEFINED. Every element goes through the a64_fpu core with the current FPCR,
 * accumulating FPSR, so results and flags are those of the Arm ARM pseudocode.
 */
#include "a64_fpu.h"
#include "a64_simd.h"

typedef uint64_t (*fp_bin)(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

static inline unsigned fmt_of(unsigned sz)
{
    return sz ? A64_FP64 : A64_FP32;
}

/* Comparison results as element masks. */
static uint64_t fcmeq(unsigned f, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return a64_fpu_cmp_eq(f, a, b, fpcr, fpsr) ? ~0ull : 0;
}
static uint64_t fcmge(unsigned f, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return a64_fpu_cmp_ge(f, a, b, fpcr, fpsr) ? ~0ull : 0;
}
static uint64_t fcmgt(unsigned f, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return a64_fpu_cmp_gt(f, a, b, fpcr, fpsr) ? ~0ull : 0;
}
static uint64_t facge(unsigned f, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return fcmge(f, a64_fpu_abs(f, a), a64_fpu_abs(f, b), fpcr, fpsr);
}
static uint64_t facgt(unsigned f, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return fcmgt(f, a64_fpu_abs(f, a), a64_fpu_abs(f, b), fpcr, fpsr);
}

/* Three same FP by (U, size<1>, opcode<2:0>); NULL = unallocated (or FEAT_FHM),
 * FMLA/FMLS are handled apart. */
static fp_bin fp3_op(unsigned key)
{
    switch (key) {
    case 0x00: return a64_fpu_maxnm;
    case 0x02: return a64_fpu_add;
    case 0x03: return a64_fpu_mulx;
    case 0x04: return fcmeq;
    case 0x06: return a64_fpu_max;
    case 0x07: return a64_fpu_recps;
    case 0x08: return a64_fpu_minnm;
    case 0x0a: return a64_fpu_sub;
    case 0x0e: return a64_fpu_min;
    case 0x0f: return a64_fpu_rsqrts;
    case 0x10: return a64_fpu_maxnm; /* FMAXNMP */
    case 0x12: return a64_fpu_add;   /* FADDP */
    case 0x13: return a64_fpu_mul;
    case 0x14: return fcmge;
    case 0x15: return facge;
    case 0x16: return a64_fpu_max; /* FMAXP */
    case 0x17: return a64_fpu_div;
    case 0x18: return a64_fpu_minnm; /* FMINNMP */
    case 0x1a: return a64_fpu_abd;
    case 0x1c: return fcmgt;
    case 0x1d: return facgt;
    case 0x1e: return a64_fpu_min; /* FMINP */
    default: return NULL;
    }
}

static inline bool fp3_pairwise(unsigned key)
{
    return key == 0x10 || key == 0x12 || key == 0x16 || key == 0x18 || key == 0x1e;
}

/* FMLA/FMLS (vector), every arrangement, lane by lane on the a64_fpu core. */
static a64_status fmla_vec(a64_core *c, uint32_t i, unsigned sz, unsigned q, bool sub)
{
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r = *vr(c, f_rd(i));
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    if (sz) {
        for (unsigned k = 0; k < 2; k++) {
            uint64_t x = sub ? a64_fpu_neg(A64_FP64, a->d[k]) : a->d[k];
            r.d[k] = a64_fpu_muladd(A64_FP64, r.d[k], x, b->d[k], fpcr, fpsr);
        }
    } else {
        for (unsigned k = 0; k < (2u << q); k++) {
            uint64_t x = sub ? a64_fpu_neg(A64_FP32, a->s[k]) : a->s[k];
            r.s[k] = (uint32_t)a64_fpu_muladd(A64_FP32, r.s[k], x, b->s[k], fpcr, fpsr);
        }
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/*
 * FMLA/FMLS .4S four lanes at a time on the host's FMA3 unit: the dot-product
 * loop's hot path.
 *
 * Why the host result is the Arm result. Only with FPCR.RMode = RN and a host
 * environment rounding to nearest, no FTZ/DAZ, exceptions masked (a64_fpu_fast_ok).
 * Then _mm_fmadd_ps is IEEE 754 fusedMultiplyAdd in round-to-nearest-even, which is
 * FPMulAdd with one rounding (FPRoundBase), except:
 *  - NaN or infinity operands or results (NaN propagation, default NaN, IOC/OFC
 *    differ): an infinite or NaN operand always gives an infinite or NaN result,
 *    and overflow gives infinity, so checking the result exponent for all-ones
 *    catches all of them;
 *  - FPCR.FZ = 1 with a denormal operand (flushed to zero with IDC): checked;
 *  - a tiny result: Arm detects tininess before rounding and flushes under FZ, so
 *    any inexact result with a biased exponent below 2 (denormal, zero, or the
 *    smallest normal reached by rounding up) and any denormal result go back;
 *  - FPSR.IXC: the host does not report it per lane. It is derived exactly in
 *    double precision: a product of two singles is exact there, TwoSum gives the
 *    exact error of adding the addend, and the lane is inexact iff that error is
 *    non-zero or the single result differs from the double sum. When FPSR.IXC is
 *    already set (it is sticky, and most code sets it early) and no lane is small,
 *    this is not needed: no other flag can arise and IXC would not change.
 * A lane the host cannot do sends the whole instruction to the per-lane a64_fpu
 * path (fmla_vec) before anything is written.
 */
#define FP32_ABS      0x7fffffff
#define FP32_MAX      0x7f7fffff                /* largest normal */
#define FP32_MIN_NORM 0x00800000                /* 2^-126 */
#define FP32_EXP2     0x01000000                /* 2^-125: the smallest with biased exponent 2 */
#define FMLA_OFF      (0x80000000u - FP32_EXP2) /* fmla_4s */
#define FMLA_LIM      (0x80000000u + (FP32_MAX - FP32_EXP2)) /* fmla_4s */

/* RN(a * b + c) with the flags, or false when a lane needs the pseudocode. */
__attribute__((target("avx,fma"))) static bool
fma32x4_exact(__m128 fa, __m128 fb, __m128 fc, uint32_t fpcr, __m128 *res, uint32_t *fpsr)
{
    const __m128i abs_mask = _mm_set1_epi32(FP32_ABS), min_norm = _mm_set1_epi32(FP32_MIN_NORM);
    /* denormal: 0 < |x| < 2^-126 (signed compares: |x| >= 0) */
#define DENORMAL(m)                                                                                \
    _mm_andnot_si128(_mm_cmpeq_epi32(m, _mm_setzero_si128()), _mm_cmplt_epi32(m, min_norm))
    if (fpcr & A64_FPCR_FZ) {
        __m128i ma = _mm_and_si128(_mm_castps_si128(fa), abs_mask);
        __m128i mb = _mm_and_si128(_mm_castps_si128(fb), abs_mask);
        __m128i mc = _mm_and_si128(_mm_castps_si128(fc), abs_mask);
        __m128i den = _mm_or_si128(_mm_or_si128(DENORMAL(ma), DENORMAL(mb)), DENORMAL(mc));
        if (!_mm_testz_si128(den, den)) return false;
    }
    __m128 r = _mm_fmadd_ps(fa, fb, fc);
    __m128i mag = _mm_and_si128(_mm_castps_si128(r), abs_mask);
    __m128i special = _mm_cmpgt_epi32(mag, _mm_set1_epi32(FP32_MAX)); /* inf or NaN */
    __m128i small = _mm_cmplt_epi32(mag, _mm_set1_epi32(FP32_EXP2));
    __m128i denormal = DENORMAL(mag);
#undef DENORMAL
    if (!_mm_testz_si128(_mm_or_si128(special, denormal), _mm_or_si128(special, denormal)))
        return false;
    __m256d p = _mm256_mul_pd(_mm256_cvtps_pd(fa), _mm256_cvtps_pd(fb)); /* exact */
    __m256d dc = _mm256_cvtps_pd(fc), sum = _mm256_add_pd(p, dc), bv = _mm256_sub_pd(sum, p);
    __m256d err = _mm256_add_pd(_mm256_sub_pd(p, _mm256_sub_pd(sum, bv)), _mm256_sub_pd(dc, bv));
    __m256d inexact = _mm256_or_pd(_mm256_cmp_pd(err, _mm256_setzero_pd(), _CMP_NEQ_UQ),
                                   _mm256_cmp_pd(_mm256_cvtps_pd(r), sum, _CMP_NEQ_UQ));
    unsigned inx = (unsigned)_mm256_movemask_pd(inexact);
    if ((unsigned)_mm_movemask_ps(_mm_castsi128_ps(small)) & inx) return false;
    if (inx) *fpsr |= A64_FPSR_IXC;
    *res = r;
    return true;
}

/* The complete FMLA/FMLS .4S: the access check, then the host when it is exact,
 * else lane by lane. */
__attribute__((target("avx,fma"), noinline)) static a64_status fmla_4s_full(a64_core *c, uint32_t i,
                                                                            bool sub)
{
    A64_FP_CHECK(c);
    uint32_t fpcr = c->s.fpcr;
    if (a64_fpu_fast_ok(fpcr)) {
        __m128 fa = _mm_loadu_ps((const float *)vr(c, f_rn(i))->s);
        __m128 fb = _mm_loadu_ps((const float *)vr(c, f_rm(i))->s), r;
        if (sub) fa = _mm_xor_ps(fa, _mm_set1_ps(-0.0f)); /* FPNeg of element1 */
        if (fma32x4_exact(fa, fb, _mm_loadu_ps((const float *)vr(c, f_rd(i))->s), fpcr, &r,
                          &c->s.fpsr)) {
            _mm_storeu_ps((float *)vr(c, f_rd(i))->s, r);
            return A64_OK;
        }
    }
    return fmla_vec(c, i, 0, 1, sub);
}

/* The hot path: FP enabled, RN without FZ, the host environment sampled and usable,
 * FPSR.IXC already set, and every result lane a normal number of biased exponent 2
 * or more (which excludes NaN and infinity operands too, see above). Then the host
 * result is the Arm result and FPSR does not change. No calls but the tail call to
 * the complete path, so this compiles to a leaf. */
__attribute__((target("avx,fma"), always_inline)) static inline a64_status
fmla_4s(a64_core *c, const a64_slot *s, bool sub)
{
    uint32_t i = s->insn, fpcr = c->s.fpcr;
    if (A64_UNLIKELY(!a64_fp_enabled_fast(c) || (fpcr & A64_FPCR_FZ) || !a64_fpu_fast_ready(fpcr) ||
                     !(c->s.fpsr & A64_FPSR_IXC)))
        return fmla_4s_full(c, i, sub);
    a64_vreg *d = vr(c, f_rd(i));
    __m128 fa = _mm_loadu_ps((const float *)vr(c, f_rn(i))->s);
    if (sub) fa = _mm_xor_ps(fa, _mm_set1_ps(-0.0f));
    __m128 r = _mm_fmadd_ps(fa, _mm_loadu_ps((const float *)vr(c, f_rm(i))->s),
                            _mm_loadu_ps((const float *)d->s));
    /* Wanted: 2^-125 <= |r| <= max normal, i.e. |r| - 2^-125 <= max - 2^-125 as an
     * unsigned 32-bit compare (|r| below 2^-125 wraps around). SSE compares signed,
     * so both sides get 2^31 added: one add and one compare per vector. */
    __m128i mag = _mm_and_si128(_mm_castps_si128(r), _mm_set1_epi32(FP32_ABS));
    __m128i bad = _mm_cmpgt_epi32(_mm_add_epi32(mag, _mm_set1_epi32((int)FMLA_OFF)),
                                  _mm_set1_epi32((int)FMLA_LIM));
    if (A64_UNLIKELY(!_mm_testz_si128(bad, bad))) return fmla_4s_full(c, i, sub);
    _mm_storeu_ps((float *)d->s, r);
    return A64_OK;
}

/* FMLA .4S (its own row) and FMLS .4S (a three-same key), selected at predecode on a
 * host with FMA3/AVX; the bits that select them are fixed (Q = 1, sz = 0). */
__attribute__((target("avx,fma"))) static a64_status fmla_4s_host(a64_core *c, const a64_slot *s)
{
    return fmla_4s(c, s, false);
}
__attribute__((target("avx,fma"))) static a64_status fmls_4s_host(a64_core *c, const a64_slot *s)
{
    return fmla_4s(c, s, true);
}

static bool have_host_fma(void)
{
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
}
#endif

a64_status a64_h_simd_fmla(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_bits(i, 22, 22);
    if (sz && !q) return A64_UNDEF;
    return fmla_vec(c, i, sz, q, false);
}

a64_status a64_h_simd_fp_3same(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_bits(i, 22, 22);
    unsigned key = (f_u(i) << 4) | (f_bits(i, 23, 23) << 3) | f_bits(i, 13, 11);
    if (sz && !q) return A64_UNDEF;
    if (key == 0x01 || key == 0x09) return fmla_vec(c, i, sz, q, key == 0x09);
    fp_bin op = fp3_op(key);
    if (!op) return A64_UNDEF;
    unsigned f = fmt_of(sz), ez = sz + 2, n = lanes(ez, q);
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r = {.d = {0, 0}};
    uint32_t fpcr = c->s.fpcr;
    if (fp3_pairwise(key)) {
        for (unsigned k = 0; k < n; k++) {
            const a64_vreg *src = k < n / 2 ? a : b;
            unsigned j = 2 * (k % (n / 2));
            vse(&r, ez, k, op(f, ve(src, ez, j), ve(src, ez, j + 1), fpcr, &c->s.fpsr));
        }
    } else {
        for (unsigned k = 0; k < n; k++)
            vse(&r, ez, k, op(f, ve(a, ez, k), ve(b, ez, k), fpcr, &c->s.fpsr));
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simds_fp_3same(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_bits(i, 22, 22);
    unsigned key = (f_u(i) << 4) | (f_bits(i, 23, 23) << 3) | f_bits(i, 13, 11);
    switch (key) {
    case 0x03:
    case 0x04:
    case 0x07:
    case 0x0f:
    case 0x14:
    case 0x15:
    case 0x1a:
    case 0x1c:
    case 0x1d: break;
    default: return A64_UNDEF;
    }
    unsigned f = fmt_of(sz), bytes = 4u << sz;
    uint64_t r = fp3_op(key)(f, a64_vget(c, f_rn(i), bytes), a64_vget(c, f_rm(i), bytes), c->s.fpcr,
                             &c->s.fpsr);
    vwrite_scalar(c, f_rd(i), sz + 2, r);
    return A64_OK;
}

/* ---------- two-register miscellaneous ---------- */

/* FCVTN/FCVTN2/FCVTXN(2)/FCVTL/FCVTL2, vector; FCVTXN scalar. */
static a64_status fcvt_narrow_long(a64_core *c, uint32_t i, bool scalar)
{
    unsigned q = scalar ? 0 : f_q(i), sz = f_bits(i, 22, 22), opc = f_bits(i, 16, 12);
    bool u = f_u(i);
    if (f_bits(i, 23, 23) || (u && (opc == 0x17 || !sz)) || (scalar && !u)) return A64_UNDEF;
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    const a64_vreg *a = vr(c, f_rn(i));
    unsigned wide = sz ? A64_FP64 : A64_FP32, narrow = sz ? A64_FP32 : A64_FP16;
    unsigned wz = sz + 2, nz = sz + 1, n = lanes(wz, 1);
    if (opc == 0x17) { /* FCVTL: the low or high half, widened */
        a64_vreg r;
        for (unsigned k = 0; k < n; k++)
            vse(&r, wz, k,
                a64_fpu_convert(wide, narrow, ve(a, nz, k + (q ? n : 0)), a64_fpu_rmode(fpcr), fpcr,
                                fpsr));
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    }
    unsigned rm = u ? A64_RM_ODD : a64_fpu_rmode(fpcr);
    if (scalar) {
        vwrite_scalar(c, f_rd(i), 2, a64_fpu_convert(A64_FP32, A64_FP64, a->d[0], rm, fpcr, fpsr));
        return A64_OK;
    }
    a64_vreg t = {.d = {0, 0}}, r = *vr(c, f_rd(i));
    for (unsigned k = 0; k < n; k++)
        vse(&t, nz, k, a64_fpu_convert(narrow, wide, ve(a, wz, k), rm, fpcr, fpsr));
    if (q) {
        r.d[1] = t.d[0];
    } else {
        r.d[0] = t.d[0];
        r.d[1] = 0;
    }
    c->s.v[f_rd(i)] = r;
    return A64_OK;
}

a64_status a64_h_simd_fp_cvtnl(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    return fcvt_narrow_long(c, s->insn, false);
}

/* One element of the 2-reg-misc FP groups; key = U:size<1>:opcode<4:0>. Returns false
 * for an unallocated key. */
static bool fp_unary(a64_core *c, unsigned key, unsigned sz, uint64_t a, uint64_t *r)
{
    unsigned f = fmt_of(sz), ib = 32u << sz;
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    uint64_t zero = 0;
    switch (key) {
    /* compares with zero, FABS, FNEG (size<1> = 1) */
    case 0x2c: *r = fcmgt(f, a, zero, fpcr, fpsr); return true;
    case 0x2d: *r = fcmeq(f, a, zero, fpcr, fpsr); return true;
    case 0x2e: *r = fcmgt(f, zero, a, fpcr, fpsr); return true; /* FCMLT #0 */
    case 0x2f: *r = a64_fpu_abs(f, a); return true;
    case 0x6c: *r = fcmge(f, a, zero, fpcr, fpsr); return true;
    case 0x6d: *r = fcmge(f, zero, a, fpcr, fpsr); return true; /* FCMLE #0 */
    case 0x6f: *r = a64_fpu_neg(f, a); return true;
    /* round to integral */
    case 0x18: *r = a64_fpu_round_int(f, a, A64_RM_TIEEVEN, false, fpcr, fpsr); return true;
    case 0x19: *r = a64_fpu_round_int(f, a, A64_RM_NEGINF, false, fpcr, fpsr); return true;
    case 0x38: *r = a64_fpu_round_int(f, a, A64_RM_POSINF, false, fpcr, fpsr); return true;
    case 0x39: *r = a64_fpu_round_int(f, a, A64_RM_ZERO, false, fpcr, fpsr); return true;
    case 0x58: *r = a64_fpu_round_int(f, a, A64_RM_TIEAWAY, false, fpcr, fpsr); return true;
    case 0x59:
        *r = a64_fpu_round_int(f, a, a64_fpu_rmode(fpcr), true, fpcr, fpsr); /* FRINTX */
        return true;
    case 0x79:
        *r = a64_fpu_round_int(f, a, a64_fpu_rmode(fpcr), false, fpcr, fpsr); /* FRINTI */
        return true;
    /* to integer: N, M, A, P, Z; signed (U = 0) and unsigned (U = 1) */
    case 0x1a:
    case 0x1b:
    case 0x1c:
    case 0x3a:
    case 0x3b:
    case 0x5a:
    case 0x5b:
    case 0x5c:
    case 0x7a:
    case 0x7b: {
        static const uint8_t rmode[8] = {
            [0x2] = A64_RM_TIEEVEN, [0x3] = A64_RM_NEGINF, [0x4] = A64_RM_TIEAWAY};
        unsigned rm = key & 0x20 ? (key & 1 ? A64_RM_ZERO : A64_RM_POSINF) : rmode[key & 7];
        *r = a64_fpu_to_fixed(f, a, 0, key & 0x40, ib, rm, fpcr, fpsr);
        return true;
    }
    case 0x1d:
    case 0x5d: /* SCVTF / UCVTF */
        *r = a64_fpu_from_fixed(f, a, 0, key & 0x40, ib, a64_fpu_rmode(fpcr), fpcr, fpsr);
        return true;
    case 0x3d: *r = a64_fpu_recpe(f, a, fpcr, fpsr); return true;
    case 0x7d: *r = a64_fpu_rsqrte(f, a, fpcr, fpsr); return true;
    case 0x3f: *r = a64_fpu_recpx(f, a, fpcr, fpsr); return true; /* scalar only */
    case 0x7f: *r = a64_fpu_sqrt(f, a, fpcr, fpsr); return true;  /* vector only */
    case 0x3c: /* URECPE: UnsignedRecipEstimate */
        *r = !(a >> 31) ? 0xffffffffu
                        : (uint64_t)(a64_fpu_recip_estimate((unsigned)(a >> 23) & 511) & 511) << 23;
        return true;
    case 0x7c: /* URSQRTE: UnsignedRSqrtEstimate */
        *r = !(a >> 30) ? 0xffffffffu
                        : (uint64_t)(a64_fpu_rsqrt_estimate((unsigned)(a >> 23) & 511) & 511) << 23;
        return true;
    default: return false;
    }
}

a64_status a64_h_simd_fp_2misc(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_bits(i, 22, 22);
    unsigned key = (f_u(i) << 6) | (f_bits(i, 23, 23) << 5) | f_bits(i, 16, 12);
    if (key == 0x3f || (key & 0x3e) == 0x1e)
        return A64_UNDEF; /* FRECPX is scalar only; FRINT32/64 are FEAT_FRINTTS */
    if ((key == 0x3c || key == 0x7c) ? sz != 0 : (sz && !q)) return A64_UNDEF;
    unsigned ez = sz + 2, n = lanes(ez, q);
    const a64_vreg *a = vr(c, f_rn(i));
    a64_vreg r = {.d = {0, 0}};
    for (unsigned k = 0; k < n; k++) {
        uint64_t x;
        if (!fp_unary(c, key, sz, ve(a, ez, k), &x)) return A64_UNDEF;
        vse(&r, ez, k, x);
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simds_fp_2misc(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_bits(i, 22, 22), opc = f_bits(i, 16, 12);
    if (opc == 0x16 || opc == 0x17) return fcvt_narrow_long(c, i, true);
    unsigned key = (f_u(i) << 6) | (f_bits(i, 23, 23) << 5) | opc;
    switch (key) {
    case 0x2c:
    case 0x2d:
    case 0x2e:
    case 0x6c:
    case 0x6d: /* compares with zero */
    case 0x1a:
    case 0x1b:
    case 0x1c:
    case 0x3a:
    case 0x3b:
    case 0x1d:
    case 0x5a:
    case 0x5b:
    case 0x5c:
    case 0x7a:
    case 0x7b:
    case 0x5d:
    case 0x3d:
    case 0x7d:
    case 0x3f: break;
    default: return A64_UNDEF;
    }
    uint64_t r;
    fp_unary(c, key, sz, a64_vget(c, f_rn(i), 4u << sz), &r);
    vwrite_scalar(c, f_rd(i), sz + 2, r);
    return A64_OK;
}

/* ---------- across lanes, scalar pairwise ---------- */

static fp_bin minmax_op(unsigned opc, unsigned b23)
{
    if (opc == 0x0c) return b23 ? a64_fpu_minnm : a64_fpu_maxnm;
    if (opc == 0x0f) return b23 ? a64_fpu_min : a64_fpu_max;
    return NULL;
}

/* FMAXNMV/FMINNMV/FMAXV/FMINV (4S only): Reduce() pairs (0,1) and (2,3) first. */
a64_status a64_h_simd_fp_across(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    fp_bin op = minmax_op(f_bits(i, 16, 12), f_bits(i, 23, 23));
    if (!f_u(i) || !f_q(i) || f_bits(i, 22, 22) || !op) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i));
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    uint64_t lo = op(A64_FP32, a->s[0], a->s[1], fpcr, fpsr);
    uint64_t hi = op(A64_FP32, a->s[2], a->s[3], fpcr, fpsr);
    vwrite_scalar(c, f_rd(i), 2, op(A64_FP32, lo, hi, fpcr, fpsr));
    return A64_OK;
}

a64_status a64_h_simds_fp_pairwise(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned opc = f_bits(i, 16, 12), b23 = f_bits(i, 23, 23), sz = f_bits(i, 22, 22);
    fp_bin op = opc == 0x0d ? (b23 ? NULL : a64_fpu_add) : minmax_op(opc, b23);
    if (!f_u(i) || !op) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i));
    unsigned ez = sz + 2;
    vwrite_scalar(c, f_rd(i), ez,
                  op(fmt_of(sz), ve(a, ez, 0), ve(a, ez, 1), c->s.fpcr, &c->s.fpsr));
    return A64_OK;
}

/* ---------- by element ---------- */

/* FMLA/FMLS/FMUL/FMULX (by element), vector (scalar = false) and scalar. */
static a64_status fp_elem(a64_core *c, uint32_t i, bool scalar)
{
    unsigned q = scalar ? 0 : f_q(i), sz = f_bits(i, 22, 22), opc = f_bits(i, 15, 12);
    unsigned h = f_bits(i, 11, 11), l = f_bits(i, 21, 21), m = f_bits(i, 20, 16);
    bool u = f_u(i);
    if (!f_bits(i, 23, 23) || (u && opc != 0x9))
        return A64_UNDEF; /* FP16 forms; U = 1 FMLA/FMLS encodings are FCMLA (FEAT_FCMA) */
    unsigned idx = sz ? h : (h << 1) | l;
    if (sz && (l || (!scalar && !q))) return A64_UNDEF;
    unsigned f = fmt_of(sz), ez = sz + 2, n = scalar ? 1 : lanes(ez, q);
    uint64_t b = ve(vr(c, m), ez, idx);
    const a64_vreg *a = vr(c, f_rn(i));
    a64_vreg r = *vr(c, f_rd(i));
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = ve(a, ez, k), v;
        if (opc == 0x9)
            v = u ? a64_fpu_mulx(f, x, b, fpcr, fpsr) : a64_fpu_mul(f, x, b, fpcr, fpsr);
        else
            v = a64_fpu_muladd(f, ve(&r, ez, k), opc == 0x5 ? a64_fpu_neg(f, x) : x, b, fpcr, fpsr);
        vse(&r, ez, k, v);
    }
    if (scalar)
        vwrite_scalar(c, f_rd(i), ez, ve(&r, ez, 0));
    else
        vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simd_fp_elem(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    return fp_elem(c, s->insn, false);
}

a64_status a64_h_simds_fp_elem(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    return fp_elem(c, s->insn, true);
}

/* ---------- fixed-point conversions (shift by immediate group) ---------- */

/* SCVTF/UCVTF/FCVTZS/FCVTZU (vector and scalar, fixed-point): fbits = 2*esize -
 * immh:immb; immh = 001x would be half precision (FEAT_FP16). */
static a64_status fp_fixed(a64_core *c, uint32_t i, bool scalar)
{
    unsigned immh = f_bits(i, 22, 19), immb = f_bits(i, 18, 16), opc = f_bits(i, 15, 11);
    unsigned q = scalar ? 1 : f_q(i);
    if (immh < 4 || (opc != 0x1c && opc != 0x1f) || (immh >= 8 && !q)) return A64_UNDEF;
    unsigned sz = immh >= 8, ez = sz + 2, esize = 32u << sz;
    unsigned fbits = 2 * esize - ((immh << 3) | immb), f = fmt_of(sz);
    bool u = f_u(i);
    uint32_t fpcr = c->s.fpcr, *fpsr = &c->s.fpsr;
    const a64_vreg *a = vr(c, f_rn(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned n = scalar ? 1 : lanes(ez, q);
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = ve(a, ez, k);
        vse(&r, ez, k,
            opc == 0x1c ? a64_fpu_from_fixed(f, x, fbits, u, esize, a64_fpu_rmode(fpcr), fpcr, fpsr)
                        : a64_fpu_to_fixed(f, x, fbits, u, esize, A64_RM_ZERO, fpcr, fpsr));
    }
    if (scalar)
        vwrite_scalar(c, f_rd(i), ez, ve(&r, ez, 0));
    else
        vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simd_fp_fixed(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    return fp_fixed(c, s->insn, false);
}

a64_status a64_h_simds_fp_fixed(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    return fp_fixed(c, s->insn, true);
}

a64_handler a64_simd_fp_specialize(uint32_t insn, a64_handler generic)
{
#if defined(__x86_64__) && defined(__GNUC__)
    /* Q = 1, sz = 0: FMLA/FMLS Vd.4S */
    bool fmla = generic == a64_h_simd_fmla, fmls = false;
    if (generic == a64_h_simd_fp_3same)
        fmls = (insn & 0xbfe0fc00u) == 0x0ea0cc00u; /* U = 0, size = 10, opcode = 11001 */
    if ((fmla || fmls) && (insn & 0x40400000u) == 0x40000000u && have_host_fma())
        return fmla ? fmla_4s_host : fmls_4s_host;
#else
    (void)insn;
    (void)generic;
#endif
    return NULL;
}
