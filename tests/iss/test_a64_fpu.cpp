// The FP arithmetic core (models/cpu/src/a64_fpu.c) against the host's IEEE 754
// arithmetic where the two must agree (FPCR.FZ = 0, DN irrelevant for non-NaN
// results, all four rounding modes), and against hand-derived Arm ARM pseudocode
// results for what IEEE leaves open or Arm defines differently (NaN propagation,
// default NaN, flush-to-zero, tininess before rounding, estimates).
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>

extern "C" {
#include "a64_fpsimd.h"
#include "a64_fpu.h"
}

namespace
{

const uint32_t IOC = A64_FPSR_IOC, DZC = A64_FPSR_DZC, OFC = A64_FPSR_OFC, UFC = A64_FPSR_UFC,
               IXC = A64_FPSR_IXC, IDC = A64_FPSR_IDC;
const uint32_t FZ = A64_FPCR_FZ, DN = A64_FPCR_DN, AHP = A64_FPCR_AHP;
uint32_t rmode(unsigned rm)
{
    return rm << A64_FPCR_RMODE_SHIFT;
}

uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}
uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

// xorshift64*: deterministic operands.
struct rng {
    uint64_t s = 0x9e3779b97f4a7c15ull;
    uint64_t next()
    {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 0x2545f4914f6cdd1dull;
    }
};

// Random operand biased towards the interesting exponents (denormal, near 1, huge).
uint64_t rand_op(rng &r, unsigned fmt)
{
    uint64_t x = r.next();
    unsigned pick = (unsigned)(x >> 60);
    if (fmt == A64_FP64) {
        uint64_t frac = r.next() & ((1ull << 52) - 1), sign = x & (1ull << 63);
        unsigned e;
        switch (pick & 3) {
        case 0: e = 0; break;
        case 1: e = (unsigned)(1 + (x >> 8) % 60); break;
        case 2: e = (unsigned)(2046 - (x >> 8) % 60); break;
        default: e = (unsigned)(1023 - 40 + (x >> 8) % 80); break;
        }
        if (pick & 8) frac &= ~0ull << (x & 63 & 0x3f) % 52; // fewer significant bits: exact cases
        return sign | ((uint64_t)e << 52) | frac;
    }
    uint32_t frac = (uint32_t)(r.next() & ((1u << 23) - 1)),
             sign = (uint32_t)(x >> 32) & 0x80000000u;
    unsigned e;
    switch (pick & 3) {
    case 0: e = 0; break;
    case 1: e = (unsigned)(1 + (x >> 8) % 30); break;
    case 2: e = (unsigned)(254 - (x >> 8) % 30); break;
    default: e = (unsigned)(127 - 20 + (x >> 8) % 40); break;
    }
    if (pick & 8) frac &= ~0u << ((x >> 20) % 23);
    return sign | ((uint32_t)e << 23) | frac;
}

int host_round(unsigned rm)
{
    static const int m[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    return m[rm];
}

uint32_t host_flags()
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    return ((f & FE_INVALID) ? IOC : 0) | ((f & FE_DIVBYZERO) ? DZC : 0) |
           ((f & FE_OVERFLOW) ? OFC : 0) | ((f & FE_UNDERFLOW) ? UFC : 0) |
           ((f & FE_INEXACT) ? IXC : 0);
}

enum op { ADD, SUB, MUL, DIV, SQRT, FMA };

// Host reference under the given rounding mode (volatile: evaluated at run time).
uint64_t host_op(unsigned fmt, op o, uint64_t a, uint64_t b, uint64_t c, unsigned rm,
                 uint32_t *flags)
{
    fesetround(host_round(rm));
    feclearexcept(FE_ALL_EXCEPT);
    uint64_t r;
    if (fmt == A64_FP64) {
        volatile double x = u2d(a), y = u2d(b), z = u2d(c), res = 0;
        switch (o) {
        case ADD: res = x + y; break;
        case SUB: res = x - y; break;
        case MUL: res = x * y; break;
        case DIV: res = x / y; break;
        case SQRT: res = std::sqrt(x); break;
        case FMA: res = std::fma(y, z, x); break;
        }
        r = d2u(res);
    } else {
        volatile float x = u2f((uint32_t)a), y = u2f((uint32_t)b), z = u2f((uint32_t)c), res = 0;
        switch (o) {
        case ADD: res = x + y; break;
        case SUB: res = x - y; break;
        case MUL: res = x * y; break;
        case DIV: res = x / y; break;
        case SQRT: res = std::sqrt(x); break;
        case FMA: res = std::fma(y, z, x); break;
        }
        r = f2u(res);
    }
    *flags = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

uint64_t our_op(unsigned fmt, op o, uint64_t a, uint64_t b, uint64_t c, uint32_t fpcr,
                uint32_t *fpsr)
{
    switch (o) {
    case ADD: return a64_fpu_add(fmt, a, b, fpcr, fpsr);
    case SUB: return a64_fpu_sub(fmt, a, b, fpcr, fpsr);
    case MUL: return a64_fpu_mul(fmt, a, b, fpcr, fpsr);
    case DIV: return a64_fpu_div(fmt, a, b, fpcr, fpsr);
    case SQRT: return a64_fpu_sqrt(fmt, a, fpcr, fpsr);
    default: return a64_fpu_muladd(fmt, a, b, c, fpcr, fpsr);
    }
}

bool is_nan(unsigned fmt, uint64_t x)
{
    return fmt == A64_FP64 ? std::isnan(u2d(x)) : std::isnan(u2f((uint32_t)x));
}
bool is_min_normal_mag(unsigned fmt, uint64_t x)
{
    return fmt == A64_FP64 ? (x & ~(1ull << 63)) == (1ull << 52) : (x & 0x7fffffffu) == (1u << 23);
}

// With FZ = 0 and non-NaN results, Arm and IEEE 754 agree on the result and on
// IOC/DZC/OFC/IXC; UFC differs only when a tiny value rounds to the smallest normal
// (Arm: tininess before rounding, x86: after), so UFC is not compared there.
void compare_with_host(unsigned fmt, op o, int n)
{
    rng r;
    for (int i = 0; i < n; i++) {
        uint64_t a = rand_op(r, fmt), b = rand_op(r, fmt), c = rand_op(r, fmt);
        if (o == SQRT && (r.next() & 1)) a &= fmt == A64_FP64 ? ~(1ull << 63) : 0x7fffffffu;
        unsigned rm = i & 3;
        uint32_t hf, fpsr = 0;
        uint64_t want = host_op(fmt, o, a, b, c, rm, &hf);
        uint64_t got = our_op(fmt, o, a, b, c, rmode(rm), &fpsr);
        if (is_nan(fmt, want)) {
            ASSERT_EQ(got, a64_fpu_default_nan(fmt)) << "op " << o << " i " << i;
            ASSERT_EQ(fpsr, IOC);
            continue;
        }
        ASSERT_EQ(got, want) << std::hex << "op " << o << " rm " << rm << " a " << a << " b " << b
                             << " c " << c;
        if (o == FMA) continue; // the host library's fma is not required to set flags exactly
        uint32_t mask = is_min_normal_mag(fmt, want) ? ~UFC : ~0u;
        ASSERT_EQ(fpsr & mask, hf & mask)
            << std::hex << "op " << o << " rm " << rm << " a " << a << " b " << b;
    }
}

TEST(A64Fpu, MatchesHostIeeeDouble)
{
    for (op o : {ADD, SUB, MUL, DIV, SQRT, FMA})
        compare_with_host(A64_FP64, o, 40000);
}

TEST(A64Fpu, MatchesHostIeeeSingle)
{
    for (op o : {ADD, SUB, MUL, DIV, SQRT, FMA})
        compare_with_host(A64_FP32, o, 40000);
}

TEST(A64Fpu, ConversionsMatchHost)
{
    rng r;
    for (int i = 0; i < 40000; i++) {
        uint64_t a = rand_op(r, A64_FP64);
        unsigned rm = i & 3;
        fesetround(host_round(rm));
        feclearexcept(FE_ALL_EXCEPT);
        volatile double x = u2d(a);
        volatile float f = (float)x;
        uint32_t hf = host_flags();
        fesetround(FE_TONEAREST);
        uint32_t fpsr = 0;
        uint64_t got = a64_fpu_convert(A64_FP32, A64_FP64, a, rm, rmode(rm), &fpsr);
        ASSERT_EQ(got, f2u(f)) << std::hex << a << " rm " << rm;
        uint32_t mask = is_min_normal_mag(A64_FP32, got) ? ~UFC : ~0u;
        ASSERT_EQ(fpsr & mask, hf & mask) << std::hex << a;
        // Single to double is exact.
        uint32_t s = (uint32_t)rand_op(r, A64_FP32);
        fpsr = 0;
        ASSERT_EQ(a64_fpu_convert(A64_FP64, A64_FP32, s, rm, 0, &fpsr), d2u((double)u2f(s)));
        ASSERT_EQ(fpsr, 0u);
        // Round to integral: nearbyint under the same mode.
        fesetround(host_round(rm));
        volatile double ri = std::nearbyint(u2d(a));
        fesetround(FE_TONEAREST);
        fpsr = 0;
        ASSERT_EQ(a64_fpu_round_int(A64_FP64, a, rm, false, 0, &fpsr), d2u(ri)) << std::hex << a;
        ASSERT_EQ(fpsr, 0u);
    }
}

// The host fast paths give exactly the soft-float results and flags, whatever FPCR
// says (they only apply in round-to-nearest, on normal operands and results).
TEST(A64Fpu, HostFastPathsMatchSoftFloat)
{
#if defined(__x86_64__) || defined(__aarch64__)
    ASSERT_TRUE(a64_fpu_host_usable()); // else this test would compare soft with soft
#endif
    rng r;
    uint64_t fast_hits = 0;
    for (int i = 0; i < 300000; i++) {
        unsigned fmt = (i & 1) ? A64_FP64 : A64_FP32;
        uint64_t a = rand_op(r, fmt), b = rand_op(r, fmt), c = rand_op(r, fmt);
        uint64_t x = r.next();
        if (x & 1) { // operands of similar size: sums and products stay in range
            uint64_t m = fmt == A64_FP64 ? 0x7ff0000000000000ull : 0x7f800000u;
            b = (b & ~m) | (a & m);
            c = (c & ~m) | (a & m);
        }
        uint32_t fpcr = (x >> 8) % 4 == 0 ? rmode((unsigned)(x >> 12) & 3) : 0;
        fpcr |= (x & 0x10000) ? FZ : 0;
        fpcr |= (x & 0x20000) ? DN : 0;
        for (op o : {ADD, SUB, MUL, DIV, SQRT, FMA}) {
            uint32_t f1 = 0, f2 = 0;
            a64_fpu_use_host(true);
            uint64_t r1 = our_op(fmt, o, a, b, c, fpcr, &f1);
            a64_fpu_use_host(false);
            uint64_t r2 = our_op(fmt, o, a, b, c, fpcr, &f2);
            a64_fpu_use_host(true);
            ASSERT_EQ(r1, r2) << std::hex << "fmt " << fmt << " op " << o << " fpcr " << fpcr
                              << " a " << a << " b " << b << " c " << c;
            ASSERT_EQ(f1, f2) << std::hex << "fmt " << fmt << " op " << o << " a " << a << " b "
                              << b << " c " << c;
            fast_hits += fpcr == 0;
        }
    }
    EXPECT_GT(fast_hits, 100000u);
}

// A single-precision FMA whose exact result lies 2^-54.2 below the half-way point
// between two singles, at a distance no double can show: 1 + 2^-22 - (2^-24 +
// 116330 * 2^-71) must round down to 1 + 2^-23 (a double rounding would give the
// tie and round to even, upwards). The fast path rounds the double sum to odd.
TEST(A64Fpu, FusedMultiplyAddHasOneRounding)
{
    for (bool host : {true, false}) {
        a64_fpu_use_host(host);
        uint32_t fpsr = 0;
        EXPECT_EQ(a64_fpu_muladd(A64_FP32, 0x3f800002, 0xbf8007f2, 0x337ff01d, 0, &fpsr),
                  0x3f800001u)
            << host;
        EXPECT_EQ(fpsr, IXC);
        // The mirror image: just above the half-way point rounds up.
        EXPECT_EQ(a64_fpu_muladd(A64_FP32, 0x3f800000, 0x3f8007f2, 0x337ff01d, 0, &fpsr),
                  0x3f800001u)
            << host;
    }
    a64_fpu_use_host(true);
}

// The fast paths are not used when the host does not round to nearest: with the host
// in round-towards-zero, a round-to-nearest FPCR still gets the Arm result.
TEST(A64Fpu, HostRoundingModeDoesNotLeakIn)
{
    fesetround(FE_TOWARDZERO);
    a64_fpu_host_changed();
    uint32_t fpsr = 0;
    // 1 + (2^-24 + 2^-47): above the half-way point, rounds up to nearest.
    uint64_t r = a64_fpu_add(A64_FP32, 0x3f800000, 0x33800001, 0, &fpsr);
    uint64_t m = a64_fpu_mul(A64_FP64, 0x3ff0000000000001ull, 0x3ff0000000000001ull, 0, &fpsr);
    fesetround(FE_TONEAREST);
    a64_fpu_host_changed();
    EXPECT_EQ(r, 0x3f800001u);
    EXPECT_EQ(m, 0x3ff0000000000002ull); // (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104
    EXPECT_EQ(fpsr, IXC);
}

// ---- Arm-specific behaviour, values from the Arm ARM pseudocode ----

TEST(A64Fpu, NaNPropagation)
{
    uint32_t fpsr = 0;
    const uint32_t qnan_a = 0x7fc00123, snan_b = 0xff800456, qnan_b = 0xffc00456;
    // Signalling first (quietened, IOC), even when it is the second operand.
    EXPECT_EQ(a64_fpu_add(A64_FP32, qnan_a, snan_b, 0, &fpsr), 0xffc00456u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // Two quiet NaNs: the first, payload and sign kept, no flag.
    EXPECT_EQ(a64_fpu_mul(A64_FP32, qnan_b, qnan_a, 0, &fpsr), qnan_b);
    EXPECT_EQ(fpsr, 0u);
    // FPCR.DN: default NaN, IOC still raised by the signalling NaN.
    EXPECT_EQ(a64_fpu_sub(A64_FP32, 0x3f800000, snan_b, DN, &fpsr), 0x7fc00000u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // FSUB does not negate a NaN second operand.
    EXPECT_EQ(a64_fpu_sub(A64_FP64, 0, 0x7ff8000000000001ull, 0, &fpsr), 0x7ff8000000000001ull);
    // inf - inf: default NaN (positive), IOC.
    EXPECT_EQ(a64_fpu_add(A64_FP64, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0, &fpsr),
              0x7ff8000000000000ull);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // FMA: addend quiet NaN with 0 * inf is the default NaN and IOC.
    EXPECT_EQ(a64_fpu_muladd(A64_FP32, 0x7fc00001, 0, 0x7f800000, 0, &fpsr), 0x7fc00000u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // FMA NaN order: signalling op2 beats quiet addend.
    EXPECT_EQ(a64_fpu_muladd(A64_FP32, 0x7fc00001, 0x3f800000, 0x7f800002, 0, &fpsr), 0x7fc00002u);
    EXPECT_EQ(fpsr, IOC);
    // FABD clears the sign of a NaN result.
    fpsr = 0;
    EXPECT_EQ(a64_fpu_abd(A64_FP32, 0xffc00001, 0, 0, &fpsr), 0x7fc00001u);
}

TEST(A64Fpu, FlushToZero)
{
    uint32_t fpsr = 0;
    // Denormal input with FZ: treated as zero, IDC.
    EXPECT_EQ(a64_fpu_add(A64_FP32, 0x00000001, 0x80000000, FZ, &fpsr), 0u);
    EXPECT_EQ(fpsr, IDC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_add(A64_FP32, 0x00000001, 0x80000000, 0, &fpsr), 1u);
    EXPECT_EQ(fpsr, 0u);
    // Tiny result with FZ: +0, UFC only (no IXC).
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0x00800000, 0x3f000000, FZ, &fpsr), 0u);
    EXPECT_EQ(fpsr, UFC);
    fpsr = 0;
    // A result below 2^-126 that would round up to the smallest normal is flushed
    // (tininess before rounding).
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0x007fffff, 0x3f800001, 0, &fpsr), 0x00800000u);
    EXPECT_EQ(fpsr, UFC | IXC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0x3f7fffff, 0x00800000, FZ, &fpsr), 0u);
    EXPECT_EQ(fpsr, UFC);
    fpsr = 0;
    // Exact tiny results set no UFC without FZ.
    EXPECT_EQ(a64_fpu_mul(A64_FP64, 0x0010000000000000ull, 0x3fe0000000000000ull, 0, &fpsr),
              0x0008000000000000ull);
    EXPECT_EQ(fpsr, 0u);
    // Half precision is never flushed (FZ16 is RES0): half denormal to single.
    EXPECT_EQ(a64_fpu_convert(A64_FP32, A64_FP16, 0x0001, 0, FZ, &fpsr), 0x33800000u);
    EXPECT_EQ(fpsr, 0u);
    // FMAX/FMIN pick a flushed denormal as a zero with the combined sign.
    EXPECT_EQ(a64_fpu_max(A64_FP32, 0x80000001, 0x00000000, FZ, &fpsr), 0u);
    EXPECT_EQ(a64_fpu_min(A64_FP32, 0x80000001, 0x00000000, FZ, &fpsr), 0x80000000u);
    EXPECT_EQ(fpsr, IDC);
}

TEST(A64Fpu, RoundingBothWaysEveryMode)
{
    // 1 + 2^-24 + 2^-25 (single): above the half-way point; 1 + 2^-24: exactly half.
    const uint64_t one = 0x3ff0000000000000ull;
    uint64_t above = one | (3ull << (52 - 25)), tie = one | (1ull << (52 - 24));
    uint64_t tie_odd = 0x3ff0000000000000ull | (3ull << (52 - 24)); // 1 + 3*2^-24
    struct {
        unsigned rm;
        uint64_t in;
        uint32_t want_pos;
    } cases[] = {
        {A64_RM_TIEEVEN, above, 0x3f800001},   {A64_RM_TIEEVEN, tie, 0x3f800000},
        {A64_RM_TIEEVEN, tie_odd, 0x3f800002}, {A64_RM_POSINF, tie, 0x3f800001},
        {A64_RM_NEGINF, above, 0x3f800000},    {A64_RM_ZERO, above, 0x3f800000},
        {A64_RM_TIEAWAY, tie, 0x3f800001},     {A64_RM_ODD, tie, 0x3f800001},
    };
    for (auto &c : cases) {
        uint32_t fpsr = 0;
        EXPECT_EQ(a64_fpu_convert(A64_FP32, A64_FP64, c.in, c.rm, 0, &fpsr), c.want_pos) << c.rm;
        EXPECT_EQ(fpsr, IXC);
        // Negative: directed modes swap.
        uint32_t want_neg = c.want_pos | 0x80000000u;
        if (c.rm == A64_RM_POSINF) want_neg = 0xbf800000u;
        if (c.rm == A64_RM_NEGINF) want_neg = 0xbf800001u;
        EXPECT_EQ(a64_fpu_convert(A64_FP32, A64_FP64, c.in | (1ull << 63), c.rm, 0, &fpsr),
                  want_neg)
            << c.rm;
    }
    // Overflow: infinity or the largest normal by mode.
    uint32_t fpsr = 0;
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0x7f7fffff, 0x40000000, rmode(A64_RM_ZERO), &fpsr),
              0x7f7fffffu);
    EXPECT_EQ(fpsr, OFC | IXC);
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0xff7fffff, 0x40000000, rmode(A64_RM_POSINF), &fpsr),
              0xff7fffffu);
    EXPECT_EQ(a64_fpu_mul(A64_FP32, 0xff7fffff, 0x40000000, rmode(A64_RM_NEGINF), &fpsr),
              0xff800000u);
    // Exact zero sums: -0 only towards minus infinity.
    EXPECT_EQ(a64_fpu_add(A64_FP64, one, one | (1ull << 63), 0, &fpsr), 0u);
    EXPECT_EQ(a64_fpu_add(A64_FP64, one, one | (1ull << 63), rmode(A64_RM_NEGINF), &fpsr),
              1ull << 63);
    EXPECT_EQ(a64_fpu_add(A64_FP64, 1ull << 63, 1ull << 63, 0, &fpsr), 1ull << 63);
}

TEST(A64Fpu, CompareMaxMin)
{
    uint32_t fpsr = 0;
    EXPECT_EQ(a64_fpu_compare(A64_FP32, 0x3f800000, 0x40000000, false, 0, &fpsr), 0x8u << 28);
    EXPECT_EQ(a64_fpu_compare(A64_FP32, 0x80000000, 0x00000000, false, 0, &fpsr), 0x6u << 28);
    EXPECT_EQ(a64_fpu_compare(A64_FP32, 0x7f800000, 0xff800000, false, 0, &fpsr), 0x2u << 28);
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_compare(A64_FP32, 0x7fc00000, 0, false, 0, &fpsr), 0x3u << 28);
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_compare(A64_FP32, 0x7fc00000, 0, true, 0, &fpsr), 0x3u << 28);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_compare(A64_FP64, 0, 0x7ff0000000000001ull, false, 0, &fpsr), 0x3u << 28);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // max(-0, +0) = +0, min = -0.
    EXPECT_EQ(a64_fpu_max(A64_FP32, 0x80000000, 0, 0, &fpsr), 0u);
    EXPECT_EQ(a64_fpu_min(A64_FP32, 0, 0x80000000, 0, &fpsr), 0x80000000u);
    // FMAXNM: a quiet NaN loses against a number; a signalling NaN still wins.
    EXPECT_EQ(a64_fpu_maxnm(A64_FP32, 0x7fc00000, 0xbf800000, 0, &fpsr), 0xbf800000u);
    EXPECT_EQ(a64_fpu_minnm(A64_FP32, 0x3f800000, 0xffc00000, 0, &fpsr), 0x3f800000u);
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_maxnm(A64_FP32, 0x7f800001, 0x3f800000, 0, &fpsr), 0x7fc00001u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_max(A64_FP32, 0x7fc00000, 0x3f800000, 0, &fpsr), 0x7fc00000u);
    EXPECT_TRUE(a64_fpu_cmp_ge(A64_FP32, 0x80000000, 0, 0, &fpsr));
    EXPECT_FALSE(a64_fpu_cmp_gt(A64_FP32, 0x80000000, 0, 0, &fpsr));
    EXPECT_EQ(fpsr, 0u);
    EXPECT_FALSE(a64_fpu_cmp_eq(A64_FP32, 0x7fc00000, 0x7fc00000, 0, &fpsr));
    EXPECT_EQ(fpsr, 0u);
    EXPECT_FALSE(a64_fpu_cmp_ge(A64_FP32, 0x7fc00000, 0x7fc00000, 0, &fpsr));
    EXPECT_EQ(fpsr, IOC);
}

TEST(A64Fpu, DivideSqrtSpecials)
{
    uint32_t fpsr = 0;
    EXPECT_EQ(a64_fpu_div(A64_FP64, 0xbff0000000000000ull, 0, 0, &fpsr), 0xfff0000000000000ull);
    EXPECT_EQ(fpsr, DZC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_div(A64_FP64, 0, 0, 0, &fpsr), 0x7ff8000000000000ull);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_sqrt(A64_FP32, 0x80000000, 0, &fpsr), 0x80000000u);
    EXPECT_EQ(a64_fpu_sqrt(A64_FP32, 0xbf800000, 0, &fpsr), 0x7fc00000u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_sqrt(A64_FP32, 0x40800000, 0, &fpsr), 0x40000000u);
    EXPECT_EQ(fpsr, 0u);
    // FMULX: 0 * inf = 2.0 with the product sign.
    EXPECT_EQ(a64_fpu_mulx(A64_FP32, 0x80000000, 0x7f800000, 0, &fpsr), 0xc0000000u);
    EXPECT_EQ(fpsr, 0u);
}

TEST(A64Fpu, IntegerConversions)
{
    uint32_t fpsr = 0;
    // -2.5 to signed with each mode.
    const uint64_t m25 = 0xc004000000000000ull;
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP64, m25, 0, false, 64, A64_RM_TIEEVEN, 0, &fpsr),
              (uint64_t)-2);
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP64, m25, 0, false, 64, A64_RM_TIEAWAY, 0, &fpsr),
              (uint64_t)-3);
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP64, m25, 0, false, 64, A64_RM_POSINF, 0, &fpsr), (uint64_t)-2);
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP64, m25, 0, false, 64, A64_RM_NEGINF, 0, &fpsr), (uint64_t)-3);
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP64, m25, 0, false, 32, A64_RM_ZERO, 0, &fpsr), 0xfffffffeu);
    EXPECT_EQ(fpsr, IXC);
    fpsr = 0;
    // Unsigned of a negative that rounds to 0 is inexact, one that rounds to -1 saturates.
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP32, 0xbf000000, 0, true, 32, A64_RM_ZERO, 0, &fpsr), 0u);
    EXPECT_EQ(fpsr, IXC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP32, 0xbf000000, 0, true, 32, A64_RM_NEGINF, 0, &fpsr), 0u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // NaN -> 0, inf -> saturated, both IOC only.
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP32, 0x7fc00000, 0, false, 64, A64_RM_ZERO, 0, &fpsr), 0u);
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP32, 0xff800000, 0, false, 32, A64_RM_ZERO, 0, &fpsr),
              0x80000000u);
    EXPECT_EQ(
        a64_fpu_to_fixed(A64_FP64, 0x43e0000000000000ull, 0, false, 64, A64_RM_ZERO, 0, &fpsr),
        0x7fffffffffffffffull);
    EXPECT_EQ(
        a64_fpu_to_fixed(A64_FP64, 0xc3e0000000000000ull, 0, false, 64, A64_RM_ZERO, 0, &fpsr),
        0x8000000000000000ull);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // Fixed point: 1.75 with 4 fraction bits = 28.
    EXPECT_EQ(a64_fpu_to_fixed(A64_FP32, 0x3fe00000, 4, false, 32, A64_RM_ZERO, 0, &fpsr), 28u);
    EXPECT_EQ(fpsr, 0u);
    // From integers: 2^63 unsigned, INT64_MIN, 2^24+1 single (round to even), fixed.
    EXPECT_EQ(a64_fpu_from_fixed(A64_FP64, 1ull << 63, 0, true, 64, 0, 0, &fpsr),
              0x43e0000000000000ull);
    EXPECT_EQ(a64_fpu_from_fixed(A64_FP64, 1ull << 63, 0, false, 64, 0, 0, &fpsr),
              0xc3e0000000000000ull);
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_from_fixed(A64_FP32, 0x1000001, 0, false, 32, 0, 0, &fpsr), 0x4b800000u);
    EXPECT_EQ(fpsr, IXC);
    EXPECT_EQ(a64_fpu_from_fixed(A64_FP32, 0x1000001, 0, false, 32, A64_RM_POSINF, 0, &fpsr),
              0x4b800001u);
    EXPECT_EQ(a64_fpu_from_fixed(A64_FP32, 0xffffffff, 1, false, 32, 0, 0, &fpsr), 0xbf000000u);
}

TEST(A64Fpu, RoundIntegral)
{
    uint32_t fpsr = 0;
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0xbe99999a, A64_RM_TIEEVEN, false, 0, &fpsr),
              0x80000000u); // -0.3 -> -0
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0x40200000, A64_RM_TIEEVEN, false, 0, &fpsr),
              0x40000000u); // 2.5 -> 2
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0x40200000, A64_RM_TIEAWAY, false, 0, &fpsr),
              0x40400000u); // 2.5 -> 3
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0x40200000, A64_RM_NEGINF, true, 0, &fpsr),
              0x40000000u); // FRINTX: inexact
    EXPECT_EQ(fpsr, IXC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0x7f800001, A64_RM_ZERO, false, 0, &fpsr), 0x7fc00001u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_round_int(A64_FP32, 0x00000001, A64_RM_POSINF, false, FZ, &fpsr), 0u);
    EXPECT_EQ(fpsr, IDC);
}

TEST(A64Fpu, HalfPrecisionAndAhp)
{
    uint32_t fpsr = 0;
    // IEEE half: 65520 rounds to infinity, 65519 to 65504.
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP32, 0x477ff000, 0, 0, &fpsr), 0x7c00u);
    EXPECT_EQ(fpsr, OFC | IXC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP32, 0x477fef00, 0, 0, &fpsr), 0x7bffu);
    // Alternative half: exponent 31 is a number (131008 max), NaN -> 0 and inf -> max
    // with IOC, overflow saturates with IOC.
    EXPECT_EQ(a64_fpu_convert(A64_FP32, A64_FP16, 0x7fff, 0, AHP, &fpsr), 0x47ffe000u);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP32, 0x7fc00000, 0, AHP, &fpsr), 0u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP32, 0xff800000, 0, AHP, &fpsr), 0xffffu);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP32, 0x48800000, 0, AHP, &fpsr), 0x7fffu);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // NaN payloads move between formats; a signalling NaN is quietened.
    EXPECT_EQ(a64_fpu_convert(A64_FP64, A64_FP32, 0xff800001, 0, 0, &fpsr), 0xfff8000020000000ull);
    EXPECT_EQ(fpsr, IOC);
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP64, 0x7ff4000000000000ull, 0, 0, &fpsr), 0x7f00u);
    EXPECT_EQ(a64_fpu_convert(A64_FP16, A64_FP64, 0x7ff4000000000000ull, 0, DN, &fpsr), 0x7e00u);
}

TEST(A64Fpu, Estimates)
{
    uint32_t fpsr = 0;
    // Values from the pseudocode: FRECPE(1.0) = FRSQRTE(1.0) = 511/512, FRSQRTE(4.0)
    // = 511/1024, FRECPE(2.0) = 511/1024.
    EXPECT_EQ(a64_fpu_recpe(A64_FP32, 0x3f800000, 0, &fpsr), 0x3f7f8000u);
    EXPECT_EQ(a64_fpu_rsqrte(A64_FP32, 0x3f800000, 0, &fpsr), 0x3f7f8000u);
    EXPECT_EQ(a64_fpu_rsqrte(A64_FP32, 0x40800000, 0, &fpsr), 0x3eff8000u);
    EXPECT_EQ(a64_fpu_recpe(A64_FP64, 0x4000000000000000ull, 0, &fpsr), 0x3fdff00000000000ull);
    EXPECT_EQ(fpsr, 0u);
    EXPECT_EQ(a64_fpu_recpe(A64_FP32, 0x80000000, 0, &fpsr), 0xff800000u);
    EXPECT_EQ(fpsr, DZC);
    fpsr = 0;
    EXPECT_EQ(a64_fpu_rsqrte(A64_FP32, 0xbf800000, 0, &fpsr), 0x7fc00000u);
    EXPECT_EQ(fpsr, IOC);
    fpsr = 0;
    // Tiny operand: the reciprocal overflows (by rounding mode).
    EXPECT_EQ(a64_fpu_recpe(A64_FP32, 0x00100000, rmode(A64_RM_ZERO), &fpsr), 0x7f7fffffu);
    EXPECT_EQ(fpsr, OFC | IXC);
    fpsr = 0;
    // Huge operand with FZ: the reciprocal is flushed, UFC.
    EXPECT_EQ(a64_fpu_recpe(A64_FP32, 0x7f000000, FZ, &fpsr), 0u);
    EXPECT_EQ(fpsr, UFC);
    fpsr = 0;
    // A denormal operand (FZ = 0) gives a large normal.
    EXPECT_EQ(a64_fpu_recpe(A64_FP32, 0x00400000, 0, &fpsr), 0x7eff8000u);
    // Steps: 2 - a*b and (3 - a*b)/2; 0 * inf gives 2.0 and 1.5.
    EXPECT_EQ(a64_fpu_recps(A64_FP32, 0x3f800000, 0x3f800000, 0, &fpsr), 0x3f800000u);
    EXPECT_EQ(a64_fpu_recps(A64_FP32, 0, 0xff800000, 0, &fpsr), 0x40000000u);
    EXPECT_EQ(a64_fpu_rsqrts(A64_FP32, 0x3f800000, 0x3f800000, 0, &fpsr), 0x3f800000u);
    EXPECT_EQ(a64_fpu_rsqrts(A64_FP32, 0x7f800000, 0, 0, &fpsr), 0x3fc00000u);
    EXPECT_EQ(fpsr, 0u);
    // FRECPS negates the first operand before NaN processing.
    EXPECT_EQ(a64_fpu_recps(A64_FP32, 0x7fc00001, 0, 0, &fpsr), 0xffc00001u);
    // FRECPX: exponent inverted, fraction cleared; zero/denormal -> max exponent.
    EXPECT_EQ(a64_fpu_recpx(A64_FP32, 0x40490fdb, 0, &fpsr), 0x3f800000u);
    EXPECT_EQ(a64_fpu_recpx(A64_FP32, 0x80000001, 0, &fpsr), 0xff000000u);
    EXPECT_EQ(a64_fpu_recpx(A64_FP64, 0x7ff0000000000000ull, 0, &fpsr), 0ull);
    EXPECT_EQ(fpsr, 0u);
    // The integer estimate tables at their ends.
    EXPECT_EQ(a64_fpu_recip_estimate(256), 511u);
    EXPECT_EQ(a64_fpu_recip_estimate(511), 256u);
    EXPECT_EQ(a64_fpu_rsqrt_estimate(128), 511u);
    EXPECT_EQ(a64_fpu_rsqrt_estimate(511), 256u);
}

TEST(A64Fpu, ExpandImm)
{
    EXPECT_EQ(a64_fpu_expand_imm(A64_FP32, 0x70), 0x3f800000u);           // 1.0
    EXPECT_EQ(a64_fpu_expand_imm(A64_FP64, 0x00), 0x4000000000000000ull); // 2.0
    EXPECT_EQ(a64_fpu_expand_imm(A64_FP32, 0xff), 0xbff80000u);           // -1.9375
    EXPECT_EQ(a64_fpu_expand_imm(A64_FP16, 0x70), 0x3c00u);
}

} // namespace
