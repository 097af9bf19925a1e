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

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/*
 * FMLA .4S four lanes at a time on the host's FMA3/AVX units (chosen at run time).
 * With FPCR.RMode = RN and only normal or zero operands there are no NaNs,
 * infinities, denormals or flushing involved, and the host's IEEE 754 FMA in
 * round-to-nearest-even gives the bits FPRound gives. Exactness (IXC) is found in
 * double precision: a float product is exact there and TwoSum gives the exact error
 * of the addition. Results that overflow, are denormal, or are inexact with the
 * smallest normal exponent or below (Arm detects underflow before rounding) make
 * the whole instruction take the per-lane a64_fpu path; nothing has been written.
 * The host's MXCSR is never changed by the simulator (round to nearest, no FTZ/DAZ).
 */
__attribute__((target("avx,fma"))) static bool fma32x4_host(uint32_t *acc, const uint32_t *a,
                                                            const uint32_t *b, uint32_t *fpsr)
{
    __m128i ai = _mm_loadu_si128((const __m128i *)a), bi = _mm_loadu_si128((const __m128i *)b);
    __m128i ci = _mm_loadu_si128((const __m128i *)acc);
    const __m128i one = _mm_set1_epi32(1), expm = _mm_set1_epi32(0xff), big = _mm_set1_epi32(0xfd);
    /* plain: exponent - 1 in 0..0xfd (signed compare works: -1 for zero/denormal), or zero */
#define PLAIN(x)                                                                                   \
    _mm_or_si128(                                                                                  \
        _mm_cmpeq_epi32(_mm_slli_epi32(x, 1), _mm_setzero_si128()),                                \
        _mm_andnot_si128(                                                                          \
            _mm_cmpgt_epi32(_mm_sub_epi32(_mm_and_si128(_mm_srli_epi32(x, 23), expm), one), big),  \
            _mm_cmpgt_epi32(_mm_and_si128(_mm_srli_epi32(x, 23), expm), _mm_setzero_si128())))
    __m128i ok = _mm_and_si128(_mm_and_si128(PLAIN(ai), PLAIN(bi)), PLAIN(ci));
#undef PLAIN
    if (_mm_movemask_ps(_mm_castsi128_ps(ok)) != 15) return false;
    __m128 fa = _mm_castsi128_ps(ai), fb = _mm_castsi128_ps(bi), fc = _mm_castsi128_ps(ci);
    __m128 r = _mm_fmadd_ps(fa, fb, fc);
    __m256d p = _mm256_mul_pd(_mm256_cvtps_pd(fa), _mm256_cvtps_pd(fb)); /* exact */
    __m256d dc = _mm256_cvtps_pd(fc), s = _mm256_add_pd(p, dc), bv = _mm256_sub_pd(s, p);
    __m256d err = _mm256_add_pd(_mm256_sub_pd(p, _mm256_sub_pd(s, bv)), _mm256_sub_pd(dc, bv));
    __m256d inexact = _mm256_or_pd(_mm256_cmp_pd(err, _mm256_setzero_pd(), _CMP_NEQ_UQ),
                                   _mm256_cmp_pd(_mm256_cvtps_pd(r), s, _CMP_NEQ_UQ));
    int inx = _mm256_movemask_pd(inexact);
    __m128i ri = _mm_castps_si128(r), re = _mm_and_si128(_mm_srli_epi32(ri, 23), expm);
    __m128i rzero = _mm_cmpeq_epi32(_mm_slli_epi32(ri, 1), _mm_setzero_si128());
    /* bad: infinity/NaN, a denormal, or inexact with exponent 0 or 1 */
    __m128i bad = _mm_or_si128(_mm_cmpeq_epi32(re, expm),
                               _mm_andnot_si128(rzero, _mm_cmpeq_epi32(re, _mm_setzero_si128())));
    __m128i low = _mm_cmplt_epi32(re, _mm_set1_epi32(2));
    if (_mm_movemask_ps(_mm_castsi128_ps(bad)) || (_mm_movemask_ps(_mm_castsi128_ps(low)) & inx))
        return false;
    if (inx) *fpsr |= A64_FPSR_IXC;
    _mm_storeu_si128((__m128i *)acc, ri);
    return true;
}
/* The host has FMA3/AVX, and MXCSR rounds to nearest without FTZ/DAZ (nothing in the
 * simulator changes it, but the embedding program might). */
static inline bool have_host_fma(void)
{
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma") &&
           (_mm_getcsr() & 0xe040u) == 0;
}
#endif

/* FMLA/FMLS (vector): the dot-product loop's hot path, no per-element dispatch. */
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
#if defined(__x86_64__) && defined(__GNUC__)
        if (a64_fpu_rmode(fpcr) == A64_RM_TIEEVEN && q && !sub && have_host_fma() &&
            fma32x4_host(r.s, a->s, b->s, fpsr)) {
            vwrite(c, f_rd(i), &r, q);
            return A64_OK;
        }
#endif
        for (unsigned k = 0; k < (2u << q); k++) {
            uint64_t x = sub ? a64_fpu_neg(A64_FP32, a->s[k]) : a->s[k];
            r.s[k] = (uint32_t)a64_fpu_muladd(A64_FP32, r.s[k], x, b->s[k], fpcr, fpsr);
        }
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

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
