/*
 * The floating-point arithmetic core shared by the scalar FP and the Advanced SIMD
 * instructions: one function per Arm ARM FP pseudocode operation (Arm DDI 0487,
 * "Shared pseudocode: Floating-point"), bit-exact, on one element at a time.
 *
 * Conventions for every function:
 *  - Operands and results are raw bit patterns in the low bits of a uint64_t; the
 *    format is `fmt` (A64_FP16, A64_FP32, A64_FP64). Half precision is only used by
 *    the conversions (FEAT_FP16 is not advertised), but every function accepts it.
 *  - `fpcr` is the FPCR value to use (RMode, FZ, DN, AHP are honoured; FZ16 is RES0
 *    without FEAT_FP16, so half-precision inputs and outputs are never flushed).
 *  - FPSR cumulative exception bits (A64_FPSR_IOC/DZC/OFC/UFC/IXC/IDC) are ORed
 *    into *fpsr and never cleared, as FPProcessException does with traps disabled.
 *  - NaNs: FPProcessNaN/FPProcessNaNs/FPProcessNaNs3 (signalling before quiet,
 *    first operand first; a signalling NaN is quietened and raises IOC; FPCR.DN
 *    returns the default NaN). Inputs are flushed to zero (IDC) when FPCR.FZ = 1
 *    (single/double), tiny results are flushed to zero (UFC, no IXC) when tiny
 *    before rounding, and underflow is detected before rounding (FPRound).
 *
 * The implementation is a soft-float (exact intermediate results in 128-bit
 * integers, one rounding step that follows FPRoundBase), with host fast paths for
 * the common round-to-nearest cases of single-precision add/sub/mul/div/sqrt/FMA
 * and double add/sub/mul that are taken only where the host's IEEE result and the
 * Arm result provably agree (a64_fpu_host.h); results do not depend on the host's
 * rounding mode or flush settings (the fast paths check them).
 */
#ifndef A64_FPU_H
#define A64_FPU_H

#include <stdbool.h>
#include <stdint.h>

enum { A64_FP16 = 0, A64_FP32 = 1, A64_FP64 = 2 };

/* Rounding modes: 0-3 are FPCR.RMode encodings (FPDecodeRounding). */
enum {
    A64_RM_TIEEVEN = 0, /* RN */
    A64_RM_POSINF = 1,  /* RP */
    A64_RM_NEGINF = 2,  /* RM */
    A64_RM_ZERO = 3,    /* RZ */
    A64_RM_TIEAWAY = 4, /* FCVTA*, FRINTA */
    A64_RM_ODD = 5,     /* FCVTXN: round to odd */
};

/* FPRoundingMode(FPCR) */
static inline unsigned a64_fpu_rmode(uint32_t fpcr)
{
    return (fpcr >> 22) & 3;
}
/* Width in bits of format fmt (16, 32, 64). */
static inline unsigned a64_fpu_bits(unsigned fmt)
{
    return 16u << fmt;
}

/* FPAbs / FPNeg: sign-bit operations, no exceptions, NaNs included. */
static inline uint64_t a64_fpu_abs(unsigned fmt, uint64_t a)
{
    return a & ~(1ull << (a64_fpu_bits(fmt) - 1));
}
static inline uint64_t a64_fpu_neg(unsigned fmt, uint64_t a)
{
    return a ^ (1ull << (a64_fpu_bits(fmt) - 1));
}
/* FPDefaultNaN */
uint64_t a64_fpu_default_nan(unsigned fmt);

/* FPAdd, FPSub, FPMul, FPDiv, FPMulX (FMULX: 0 * inf = +-2.0), FPSqrt. */
uint64_t a64_fpu_add(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_sub(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_mul(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_div(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_mulx(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_sqrt(unsigned fmt, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
/* FABD: FPAbs(FPSub(a, b)) (the sign of a NaN result is cleared too). */
uint64_t a64_fpu_abd(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

/* FPMulAdd(addend, op1, op2): addend + op1 * op2 with a single rounding. Callers
 * negate operands first (a64_fpu_neg) for FMSUB/FNMADD/FNMSUB/FMLS, as the
 * pseudocode does, so a negated NaN operand comes out with its sign flipped. */
uint64_t a64_fpu_muladd(unsigned fmt, uint64_t addend, uint64_t op1, uint64_t op2, uint32_t fpcr,
                        uint32_t *fpsr);

/* FPMax, FPMin, FPMaxNum, FPMinNum. */
uint64_t a64_fpu_max(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_min(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_maxnm(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_minnm(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

/* FPCompare: NZCV in bits [31:28] (0011 unordered, 0110 equal, 1000 less, 0010
 * greater). IOC on a signalling NaN, or on any NaN when signal_nans (FCMPE). */
uint32_t a64_fpu_compare(unsigned fmt, uint64_t a, uint64_t b, bool signal_nans, uint32_t fpcr,
                         uint32_t *fpsr);
/* FPCompareEQ (IOC on SNaN), FPCompareGE and FPCompareGT (IOC on any NaN). */
bool a64_fpu_cmp_eq(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
bool a64_fpu_cmp_ge(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
bool a64_fpu_cmp_gt(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);

/* FPRoundInt(op, rounding, exact): FRINTN/P/M/Z/A (exact = false), FRINTI (FPCR
 * mode, exact = false), FRINTX (FPCR mode, exact = true: IXC when inexact). */
uint64_t a64_fpu_round_int(unsigned fmt, uint64_t a, unsigned rmode, bool exact, uint32_t fpcr,
                           uint32_t *fpsr);

/* FPConvert from format `from` to format `to` with the given rounding (FCVT: the
 * FPCR mode; FCVTXN: A64_RM_ODD). FPCR.AHP selects the alternative half format on
 * either side; NaN payloads follow FPConvertNaN. */
uint64_t a64_fpu_convert(unsigned to, unsigned from, uint64_t a, unsigned rmode, uint32_t fpcr,
                         uint32_t *fpsr);

/* FPToFixed: a * 2^fbits rounded with rmode to a signed/unsigned integer of ibits
 * (32 or 64) bits, saturated (IOC on NaN or saturation, otherwise IXC if inexact).
 * The result is zero-extended to 64 bits. */
uint64_t a64_fpu_to_fixed(unsigned fmt, uint64_t a, unsigned fbits, bool is_unsigned,
                          unsigned ibits, unsigned rmode, uint32_t fpcr, uint32_t *fpsr);
/* FixedToFP: the ibits-bit integer x (signed or unsigned) / 2^fbits, rounded. */
uint64_t a64_fpu_from_fixed(unsigned fmt, uint64_t x, unsigned fbits, bool is_unsigned,
                            unsigned ibits, unsigned rmode, uint32_t fpcr, uint32_t *fpsr);

/* FPRecipEstimate (FRECPE), FPRSqrtEstimate (FRSQRTE), FPRecipStepFused (FRECPS:
 * 2 - a*b), FPRSqrtStepFused (FRSQRTS: (3 - a*b)/2), FPRecpX (FRECPX). */
uint64_t a64_fpu_recpe(unsigned fmt, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_rsqrte(unsigned fmt, uint64_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_recps(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_rsqrts(unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr);
uint64_t a64_fpu_recpx(unsigned fmt, uint64_t a, uint32_t fpcr, uint32_t *fpsr);

/* The integer estimate functions of the pseudocode (also URECPE/URSQRTE):
 * RecipEstimate(a), 256 <= a < 512, and RecipSqrtEstimate(a), 128 <= a < 512. Both
 * return a value in 256..511. */
unsigned a64_fpu_recip_estimate(unsigned a);
unsigned a64_fpu_rsqrt_estimate(unsigned a);

/* The host FP environment (rounding mode, flush-to-zero) is sampled once, at the
 * first operation after this call, and the fast paths are used only if it rounds to
 * nearest without flushing. a64_run() calls it on entry; call it after changing the
 * host's FP environment between operations outside a64_run (or inside a callback). */
void a64_fpu_host_changed(void);

/* For tests: whether the host fast paths (a64_fpu_host.h) may be used (default on).
 * Results and flags are the same either way; this switch lets the tests prove it.
 * It takes effect at once in the calling thread, in others at their next a64_run. */
void a64_fpu_use_host(bool on);
/* Whether this host's current FP environment allows the fast paths at all. */
bool a64_fpu_host_usable(void);

/* Whether a host fast path may run now with this FPCR: RMode = round to nearest,
 * fast paths switched on, and the host environment (sampled once per a64_run, as
 * reading MXCSR costs as much as a fast path) rounds to nearest without flushing
 * and with its exceptions masked. Inline: the vector fast paths ask per instruction.
 * C only (the C++ tests use the functions above). */
#ifndef __cplusplus
extern _Thread_local signed char a64_fpu_host_env; /* -1 not sampled, 0 no, 1 yes */
bool a64_fpu_host_sample(void);
static inline bool a64_fpu_fast_ok(uint32_t fpcr)
{
    if (fpcr & (3u << 22)) return false;
    signed char env = a64_fpu_host_env;
    if (__builtin_expect(env < 0, 0)) return a64_fpu_host_sample();
    return env;
}
/* a64_fpu_fast_ok() without sampling: false until the environment has been sampled
 * (for fast handlers that leave that, and every other case, to their slow path). */
static inline bool a64_fpu_fast_ready(uint32_t fpcr)
{
    return !(fpcr & (3u << 22)) && a64_fpu_host_env > 0;
}
#endif

/* VFPExpandImm: the 8-bit FMOV immediate as a value of format fmt. */
uint64_t a64_fpu_expand_imm(unsigned fmt, unsigned imm8);

#endif
