/*
 * Host fast paths for a64_fpu.c (private): the common case of an FP operation, done
 * with the host's IEEE 754 double arithmetic, where that gives the Arm result and
 * flags exactly. Each function returns false (and leaves *r alone) when its case does
 * not apply, and the caller takes the soft-float path.
 *
 * When they apply: FPCR.RMode = round to nearest; every operand a normal number (so
 * FZ and NaN handling do not arise); the result a normal number with a biased
 * exponent of at least 2 (so the exact result is not tiny and FZ/UFC do not arise)
 * and finite (no overflow). Then the Arm result is the IEEE round-to-nearest result
 * and the only possible flag is IXC, which is derived exactly:
 *  - single precision is computed in double. A product of two singles is exact in
 *    double; a sum is made exact with Knuth's TwoSum (s + err = a + b exactly) and
 *    rounded to odd at double precision, from which rounding to single is correct
 *    (53 >= 24 + 2); division and square root rounded to double and then to single
 *    are correctly rounded (53 >= 2 * 24 + 2) and inexact iff the single result,
 *    multiplied back exactly in double, differs from the operand.
 *  - double addition uses TwoSum for IXC; double multiplication Dekker's exact
 *    product (Veltkamp splitting, operands limited to where it cannot overflow or
 *    underflow).
 * The host must round to nearest with no flush-to-zero or denormals-are-zero, which
 * host_fp_ok() checks (MXCSR on x86-64, FPCR on AArch64; other hosts always take the
 * soft-float path) at the first operation after a64_fpu_host_changed(), and C code must not
 * contract a * b + c into a fused operation (the library is built with -ffp-contract=off).
 */
#ifndef A64_FPU_HOST_H
#define A64_FPU_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <float.h>

/* Only where C double arithmetic is IEEE binary64 evaluated in double (SSE2 on
 * x86-64, AArch64), never on x87 extended precision. */
#if defined(__x86_64__) && defined(__SSE2_MATH__) && FLT_EVAL_METHOD == 0
#include <xmmintrin.h>
/* MXCSR: DAZ (6) and FTZ (15) clear, rounding control (14:13) nearest, all
 * exceptions masked (12:7); the sticky flags (5:0) do not matter. */
static inline bool host_fp_ok(void)
{
    return (_mm_getcsr() & 0xffc0u) == 0x1f80u;
}
#elif defined(__aarch64__) && FLT_EVAL_METHOD == 0
static inline bool host_fp_ok(void)
{
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    return (fpcr & 0x07c80000u) == 0; /* RMode, FZ, DN, AHP, FZ16 */
}
#else
static inline bool host_fp_ok(void)
{
    return false;
}
#endif

static inline double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}
static inline uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
static inline float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline unsigned exp32(uint64_t x)
{
    return (unsigned)(x >> 23) & 0xff;
}
static inline unsigned exp64(uint64_t x)
{
    return (unsigned)(x >> 52) & 0x7ff;
}
static inline bool normal32(uint64_t x)
{
    return exp32(x) - 1u < 254u;
}
static inline bool normal64(uint64_t x)
{
    return exp64(x) - 1u < 2046u;
}

/* TwoSum: s = RN(a + b), *err = (a + b) - s exactly (no overflow). */
static inline double two_sum(double a, double b, double *err)
{
    double s = a + b, bb = s - a;
    *err = (a - (s - bb)) + (b - bb);
    return s;
}

/* The exact value s + err (err from two_sum, |err| <= ulp(s)/2) rounded to odd at
 * double precision. */
static inline double round_odd(double s, double err)
{
    if (err == 0) return s;
    uint64_t u = d2u(s);
    if (!(u & 1)) u += ((err > 0) == (s > 0)) ? 1 : (uint64_t)-1;
    return u2d(u);
}

/* A single-precision result from the exact or round-to-odd double x (ixc: inexact
 * already known). */
static inline bool finish32(double x, bool ixc, uint64_t *r, uint32_t *fpsr)
{
    float f = (float)x;
    uint32_t u = f2u(f);
    if (exp32(u) - 2u > 251u) /* biased exponent 2..253 */
        return false;
    if (ixc || (double)f != x) *fpsr |= 1u << 4; /* IXC */
    *r = u;
    return true;
}

static inline bool host_add32(uint64_t a, uint64_t b, bool neg_b, uint64_t *r, uint32_t *fpsr)
{
    if (!normal32(a) || !normal32(b)) return false;
    double err, y = (double)u2f((uint32_t)b);
    double s = two_sum((double)u2f((uint32_t)a), neg_b ? -y : y, &err);
    return finish32(round_odd(s, err), err != 0, r, fpsr);
}

static inline bool host_mul32(uint64_t a, uint64_t b, uint64_t *r, uint32_t *fpsr)
{
    if (!normal32(a) || !normal32(b)) return false;
    return finish32((double)u2f((uint32_t)a) * (double)u2f((uint32_t)b), false, r, fpsr);
}

/* addend + op1 * op2 */
static inline bool host_fma32(uint64_t c, uint64_t a, uint64_t b, uint64_t *r, uint32_t *fpsr)
{
    if (!normal32(a) || !normal32(b) || !normal32(c)) return false;
    double err, p = (double)u2f((uint32_t)a) * (double)u2f((uint32_t)b);
    double s = two_sum(p, (double)u2f((uint32_t)c), &err);
    if (s == 0) return false; /* exact zero: its sign depends on the rounding mode */
    return finish32(round_odd(s, err), err != 0, r, fpsr);
}

static inline bool host_div32(uint64_t a, uint64_t b, uint64_t *r, uint32_t *fpsr)
{
    if (!normal32(a) || !normal32(b)) return false;
    double x = (double)u2f((uint32_t)a), y = (double)u2f((uint32_t)b);
    float f = (float)(x / y);
    uint32_t u = f2u(f);
    if (exp32(u) - 2u > 251u) return false;
    if ((double)f * y != x) *fpsr |= 1u << 4;
    *r = u;
    return true;
}

static inline bool host_sqrt32(uint64_t a, uint64_t *r, uint32_t *fpsr)
{
    if (!normal32(a) || (a >> 31)) return false;
    double x = (double)u2f((uint32_t)a);
    float f = (float)__builtin_sqrt(x);
    uint32_t u = f2u(f);
    if ((double)f * (double)f != x) *fpsr |= 1u << 4;
    *r = u; /* the root of a positive normal single is a normal single */
    return true;
}

static inline bool host_add64(uint64_t a, uint64_t b, bool neg_b, uint64_t *r, uint32_t *fpsr)
{
    if (!normal64(a) || !normal64(b)) return false;
    double err, y = u2d(b);
    double s = two_sum(u2d(a), neg_b ? -y : y, &err);
    uint64_t u = d2u(s);
    if (exp64(u) - 2u > 2043u) /* biased exponent 2..2045 */
        return false;
    if (err != 0) *fpsr |= 1u << 4;
    *r = u;
    return true;
}

/* Veltkamp split: x = hi + lo with 26-bit halves (|x| < 2^995). */
static inline void split(double x, double *hi, double *lo)
{
    double t = x * 134217729.0; /* 2^27 + 1 */
    *hi = t - (t - x);
    *lo = x - *hi;
}

static inline bool host_mul64(uint64_t a, uint64_t b, uint64_t *r, uint32_t *fpsr)
{
    /* Operands within 2^+-900 and a product within 2^+-800: the split cannot
     * overflow and the error terms stay normal, so Dekker's product is exact. */
    unsigned ea = exp64(a), eb = exp64(b);
    if (ea - 123u > 1800u || eb - 123u > 1800u) return false;
    double x = u2d(a), y = u2d(b), p = x * y;
    uint64_t u = d2u(p);
    if (exp64(u) - 223u > 1600u) return false;
    double xh, xl, yh, yl;
    split(x, &xh, &xl);
    split(y, &yh, &yl);
    double err = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
    if (err != 0) *fpsr |= 1u << 4;
    *r = u;
    return true;
}

#endif
