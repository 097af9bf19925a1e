/*
 * FP and Advanced SIMD on the platform under test (compiled with FP/SIMD enabled,
 * unlike the rest of sw/; the runtime's start code sets CPACR_EL1.FPEN and clears
 * CPTR_EL2.TFP).
 *
 * Aim: scalar floating point, AdvSIMD integer and floating-point arithmetic and the
 * structure loads/stores give the architected results. Integer NEON results are
 * compared with a plain C reference computed in the same run; floating-point results
 * with values that are exact (so the vector and the scalar orders agree) or against
 * checksums recorded on QEMU virt (an independent implementation), which also covers
 * rounding, NaN propagation, estimates and the cumulative FPSR flags.
 * Expected: every check passes; each check group prints a "checksum" line whose value
 * is the same on QEMU and pscisim; the run ends with SYSTEM_OFF.
 */
#include <arm_neon.h>

#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"
#include "sw/psci.h"

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

/* Checksums of the floating-point groups, recorded on QEMU virt (TCG, -cpu cortex-a53). */
#define FPSIMD_SCALAR_CHECKSUM 0x2c2d773122486947ull
#define FPSIMD_VECTOR_CHECKSUM 0x2c183c3e5f6e801bull

static uint64_t fnv(uint64_t h, uint64_t v)
{
    for (unsigned k = 0; k < 8; k++)
        h = (h ^ ((v >> (8 * k)) & 0xff)) * 0x100000001b3ull;
    return h;
}
static uint64_t fnv_bytes(uint64_t h, const void *p, unsigned n)
{
    const uint8_t *b = p;
    for (unsigned k = 0; k < n; k++)
        h = (h ^ b[k]) * 0x100000001b3ull;
    return h;
}
#define FNV0 0xcbf29ce484222325ull

static uint32_t f2u(float f)
{
    uint32_t u;
    __builtin_memcpy(&u, &f, 4);
    return u;
}
static uint64_t d2u(double d)
{
    uint64_t u;
    __builtin_memcpy(&u, &d, 8);
    return u;
}
static float u2f(uint32_t u)
{
    float f;
    __builtin_memcpy(&f, &u, 4);
    return f;
}

static uint64_t read_fpsr(void)
{
    return sw_read_sysreg(fpsr);
}
static void write_fpsr(uint64_t v)
{
    sw_write_sysreg(fpsr, v);
}
static void write_fpcr(uint64_t v)
{
    sw_write_sysreg(fpcr, v);
}

static uint8_t buf_a[256], buf_b[256], buf_c[512];

static void fill(void)
{
    uint32_t x = 12345;
    for (unsigned k = 0; k < 256; k++) {
        x = x * 1103515245u + 12345u;
        buf_a[k] = (uint8_t)(x >> 16);
        buf_b[k] = (uint8_t)(x >> 24);
    }
}

/* ---- integer NEON against a scalar reference ---- */

static NOVEC void ref_int(int16_t *sat, uint16_t *widen, int32_t *rshr, int8_t *narrow)
{
    for (unsigned k = 0; k < 128; k++) {
        int16_t a = (int16_t)(buf_a[2 * k] | buf_a[2 * k + 1] << 8);
        int16_t b = (int16_t)(buf_b[2 * k] | buf_b[2 * k + 1] << 8);
        int32_t s = a + b;
        sat[k] = (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
    }
    for (unsigned k = 0; k < 256; k++)
        widen[k] = (uint16_t)(buf_a[k] * buf_b[k] + buf_a[k]);
    for (unsigned k = 0; k < 64; k++) {
        int32_t v;
        __builtin_memcpy(&v, buf_a + 4 * k, 4);
        rshr[k] = (int32_t)(((int64_t)v + (1 << 4)) >> 5);
        int32_t n = v >> 20;
        narrow[k] = (int8_t)(n > 127 ? 127 : n < -128 ? -128 : n);
    }
}

static void check_int(void)
{
    static int16_t sat[128], sat_r[128];
    static uint16_t widen[256], widen_r[256];
    static int32_t rshr[64], rshr_r[64];
    static int8_t narrow[64], narrow_r[64];
    ref_int(sat_r, widen_r, rshr_r, narrow_r);
    for (unsigned k = 0; k < 128; k += 8)
        vst1q_s16(sat + k, vqaddq_s16(vld1q_s16((const int16_t *)(buf_a + 2 * k)),
                                      vld1q_s16((const int16_t *)(buf_b + 2 * k))));
    for (unsigned k = 0; k < 256; k += 16) {
        uint8x16_t a = vld1q_u8(buf_a + k), b = vld1q_u8(buf_b + k);
        vst1q_u16(widen + k, vmlal_u8(vmovl_u8(vget_low_u8(a)), vget_low_u8(a), vget_low_u8(b)));
        vst1q_u16(widen + k + 8, vmlal_high_u8(vmovl_high_u8(a), a, b));
    }
    for (unsigned k = 0; k < 64; k += 8) {
        int32x4_t v0 = vld1q_s32((const int32_t *)(buf_a + 4 * k));
        int32x4_t v1 = vld1q_s32((const int32_t *)(buf_a + 4 * k + 16));
        vst1q_s32(rshr + k, vrshrq_n_s32(v0, 5));
        vst1q_s32(rshr + k + 4, vrshrq_n_s32(v1, 5));
        int16x8_t n16 = vcombine_s16(vqshrn_n_s32(v0, 16), vqshrn_n_s32(v1, 16));
        vst1_s8(narrow + k, vqshrn_n_s16(n16, 4));
    }
    sw_check("fpsimd.neon.sqadd", !__builtin_memcmp(sat, sat_r, sizeof sat), "differs");
    sw_check("fpsimd.neon.umlal", !__builtin_memcmp(widen, widen_r, sizeof widen), "differs");
    sw_check("fpsimd.neon.srshr", !__builtin_memcmp(rshr, rshr_r, sizeof rshr), "differs");
    sw_check("fpsimd.neon.sqshrn", !__builtin_memcmp(narrow, narrow_r, sizeof narrow), "differs");

    /* across lanes, compares, bit counts */
    uint8x16_t a = vld1q_u8(buf_a), b = vld1q_u8(buf_b);
    unsigned mx = 0, mn = 255, sum = 0, eq = 0, pop = 0;
    for (unsigned k = 0; k < 16; k++) {
        mx = buf_a[k] > mx ? buf_a[k] : mx;
        mn = buf_a[k] < mn ? buf_a[k] : mn;
        sum += buf_a[k];
        eq += (buf_a[k] & 7) == (buf_b[k] & 7);
        pop += (unsigned)__builtin_popcount(buf_b[k]);
    }
    uint8x16_t m7 = vdupq_n_u8(7);
    unsigned eq_n = vaddvq_u8(vandq_u8(vceqq_u8(vandq_u8(a, m7), vandq_u8(b, m7)), vdupq_n_u8(1)));
    sw_check("fpsimd.neon.across",
             vmaxvq_u8(a) == mx && vminvq_u8(a) == mn && vaddlvq_u8(a) == sum && eq_n == eq &&
                 vaddvq_u8(vcntq_u8(b)) == pop,
             "max %u/%u min %u/%u sum %u/%u eq %u/%u", vmaxvq_u8(a), mx, vminvq_u8(a), mn,
             vaddlvq_u8(a), sum, eq_n, eq);

    /* permutes and table lookup */
    uint8x16_t z = vzip1q_u8(a, b), u = vuzp2q_u8(a, b), t = vtrn1q_u8(a, b), e = vextq_u8(a, b, 5);
    uint8x16x2_t tab = {{a, b}};
    uint8x16_t idx = vandq_u8(vld1q_u8(buf_a + 32), vdupq_n_u8(0x3f));
    uint8x16_t l = vqtbl2q_u8(tab, idx);
    bool ok = true;
    for (unsigned k = 0; k < 16; k++) {
        uint8_t cat[32];
        __builtin_memcpy(cat, buf_a, 16);
        __builtin_memcpy(cat + 16, buf_b, 16);
        uint8_t zk = k & 1 ? buf_b[k / 2] : buf_a[k / 2];
        uint8_t uk = cat[2 * k + 1];
        uint8_t tk = k & 1 ? buf_b[k - 1] : buf_a[k];
        uint8_t ek = cat[k + 5];
        uint8_t ix = buf_a[32 + k] & 0x3f;
        uint8_t lk = ix < 32 ? cat[ix] : 0;
        uint8_t got[5];
        uint8_t zz[16], uu[16], tt[16], ee[16], ll[16];
        vst1q_u8(zz, z);
        vst1q_u8(uu, u);
        vst1q_u8(tt, t);
        vst1q_u8(ee, e);
        vst1q_u8(ll, l);
        got[0] = zz[k], got[1] = uu[k], got[2] = tt[k], got[3] = ee[k], got[4] = ll[k];
        ok &= got[0] == zk && got[1] == uk && got[2] == tk && got[3] == ek && got[4] == lk;
    }
    sw_check("fpsimd.neon.permute", ok, "zip/uzp/trn/ext/tbl differ");
}

/* ---- structure loads and stores ---- */

static void check_structures(void)
{
    /* RGB deinterleave, swap R and B, interleave back */
    static uint8_t out[48 * 4];
    bool ok = true;
    for (unsigned k = 0; k < 4; k++) {
        uint8x16x3_t px = vld3q_u8(buf_a + 48 * k);
        uint8x16_t r = px.val[0];
        px.val[0] = px.val[2];
        px.val[2] = r;
        vst3q_u8(out + 48 * k, px);
    }
    for (unsigned k = 0; k < 64; k++)
        ok &= out[3 * k] == buf_a[3 * k + 2] && out[3 * k + 1] == buf_a[3 * k + 1] &&
              out[3 * k + 2] == buf_a[3 * k];
    sw_check("fpsimd.ld3_st3", ok, "RGB swap differs");

    uint16x8x4_t q = vld4q_u16((const uint16_t *)buf_b);
    ok = true;
    for (unsigned k = 0; k < 8; k++)
        for (unsigned m = 0; m < 4; m++) {
            uint16_t want = (uint16_t)(buf_b[8 * k + 2 * m] | buf_b[8 * k + 2 * m + 1] << 8);
            uint16_t lanes[8];
            vst1q_u16(lanes, q.val[m]);
            ok &= lanes[k] == want;
        }
    uint32x4_t dup = vld1q_dup_u32((const uint32_t *)(buf_a + 8));
    uint32_t want32;
    __builtin_memcpy(&want32, buf_a + 8, 4);
    ok &= vgetq_lane_u32(dup, 3) == want32 && vgetq_lane_u32(dup, 0) == want32;
    uint8x8x2_t two = {{vdup_n_u8(0x11), vdup_n_u8(0x22)}};
    two = vld2_lane_u8(buf_b + 100, two, 5);
    ok &= vget_lane_u8(two.val[0], 5) == buf_b[100] && vget_lane_u8(two.val[1], 5) == buf_b[101] &&
          vget_lane_u8(two.val[0], 4) == 0x11;
    sw_check("fpsimd.ld4_ld1r_ld2lane", ok, "lanes differ");

    uint64_t h = fnv_bytes(FNV0, out, sizeof out);
    sw_printf("checksum structures 0x%016lx\n", h);
    sw_check_u64("fpsimd.structures_checksum", h, 0x8bca9a022e35a1b1ull);
}

/* ---- floating point ---- */

static NOVEC float dot_scalar(const float *x, const float *y, unsigned n)
{
    float s = 0;
    for (unsigned k = 0; k < n; k++)
        s = __builtin_fmaf(x[k], y[k], s);
    return s;
}

static uint64_t check_fp_vector(void)
{
    static float x[64], y[64];
    for (unsigned k = 0; k < 64; k++) {
        x[k] = (float)((int)buf_a[k] - 128) / 4.0f; /* exact products and sums */
        y[k] = (float)((int)buf_b[k] - 100);
    }
    float32x4_t acc = vdupq_n_f32(0);
    for (unsigned k = 0; k < 64; k += 4)
        acc = vfmaq_f32(acc, vld1q_f32(x + k), vld1q_f32(y + k));
    float v = vaddvq_f32(acc), s = dot_scalar(x, y, 64);
    sw_check("fpsimd.fp.dot_exact", f2u(v) == f2u(s), "neon %08x scalar %08x", f2u(v), f2u(s));

    uint64_t h = FNV0;
    float32x4_t a = vld1q_f32(x), b = vld1q_f32(y + 4);
    float32x4_t inv = vrecpeq_f32(b);
    inv = vmulq_f32(inv, vrecpsq_f32(b, inv));
    inv = vmulq_f32(inv, vrecpsq_f32(b, inv));
    float32x4_t rs = vrsqrteq_f32(vabsq_f32(a));
    float32x4_t r[] = {vdivq_f32(a, b),
                       inv,
                       rs,
                       vsqrtq_f32(vabsq_f32(a)),
                       vrndaq_f32(vmulq_n_f32(a, 0.3f)),
                       vrndnq_f32(vmulq_n_f32(a, 0.5f)),
                       vmaxnmq_f32(a, b),
                       vpaddq_f32(a, b),
                       vcvtq_f32_s32(vcvtq_s32_f32(vmulq_n_f32(b, 1.7f))),
                       vfmsq_laneq_f32(a, b, a, 2)};
    for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++) {
        float lanes[4];
        vst1q_f32(lanes, r[k]);
        for (unsigned m = 0; m < 4; m++)
            h = fnv(h, f2u(lanes[m]));
    }
    float64x2_t d = vcvt_f64_f32(vget_low_f32(r[0]));
    h = fnv(h, d2u(vgetq_lane_f64(vmulq_f64(d, d), 1)));
    float16x4_t half = vcvt_f16_f32(r[1]);
    h = fnv(h, vget_lane_u64(vreinterpret_u64_f16(half), 0));
    /* NaN propagation and the default NaN */
    float32x4_t nan =
        vreinterpretq_f32_u32((uint32x4_t){0x7f800001u, 0xffc01234u, 0x7f800000u, 0xff800000u});
    float32x4_t nr = vaddq_f32(nan, vreinterpretq_f32_u32((uint32x4_t){0x3f800000u, 0x7fc00000u,
                                                                       0xff800000u, 0x7f800000u}));
    h = fnv(h, vgetq_lane_u64(vreinterpretq_u64_f32(nr), 0));
    h = fnv(h, vgetq_lane_u64(vreinterpretq_u64_f32(nr), 1));
    return h;
}

/* Inputs read from volatiles so that the compiler cannot fold the operations away. */
static volatile double v_one = 1.0, v_two = 2.0;
static volatile float v_onef = 1.0f, v_zero = 0.0f, v_big = 3e38f, v_three = 3.0f;
static volatile uint32_t v_tiny_bits = 1, v_half_min = 0x00400000, v_qnan = 0x7fc01234;
static volatile int8_t v_100 = 100;

/* Keeps x in a register here: FP arithmetic has no dependence on FPCR/FPSR accesses
 * that the compiler can see, so results are pinned before such accesses. */
#define PIN(x) __asm__ volatile("" : "+w"(x))

static NOVEC uint64_t check_fp_scalar(void)
{
    uint64_t h = FNV0;
    double harmonic = 0, one = v_one;
    for (unsigned k = 1; k <= 1000; k++)
        harmonic += one / k;
    h = fnv(h, d2u(harmonic));
    float f = v_onef;
    for (unsigned k = 0; k < 50; k++)
        f = __builtin_fmaf(f, 1.0001f, -0.00003f);
    h = fnv(h, f2u(f));
    h = fnv(h, d2u(__builtin_sqrt(v_two)));
    h = fnv(h, f2u(__builtin_sqrtf(v_three)));
    h = fnv(h, d2u(__builtin_fma(v_one / 10, v_two / 10, -v_two / 100)));
    h = fnv(h, (uint64_t)(int64_t)(harmonic * -1e9));
    h = fnv(h, (uint64_t)(uint32_t)(f * 1e9f));
    h = fnv(h, d2u((double)f));
    h = fnv(h, f2u((float)harmonic));
    h = fnv(h, d2u(__builtin_floor(-harmonic)) ^ d2u(__builtin_trunc(harmonic)));
    h = fnv(h, d2u(__builtin_fmax(harmonic, -0.0)) ^ d2u(__builtin_fmin(0.0, -0.0)));
    h = fnv(h, f2u(v_onef / v_zero));
    h = fnv(h, f2u(v_big * 10.0f));
    h = fnv(h, f2u(u2f(v_tiny_bits) * 0.5f));
    return h;
}

static void check_fp(void)
{
    write_fpcr(0);
    write_fpsr(0);
    uint64_t hs = check_fp_scalar();
    uint64_t fpsr_scalar = read_fpsr();
    /* DZC (1/0), OFC (overflow), UFC and IXC (inexact arithmetic) */
    sw_check("fpsimd.fp.scalar_flags", (fpsr_scalar & 0x1f) == 0x1e, "FPSR 0x%lx", fpsr_scalar);
    write_fpsr(0);
    uint64_t hv = check_fp_vector();
    uint64_t fpsr_vector = read_fpsr();
    /* IOC from the signalling NaN and inf - inf, DZC from FRECPE/FRSQRTE of zero lanes
     * are possible; IXC always */
    sw_check("fpsimd.fp.vector_ioc_ixc", (fpsr_vector & 0x11) == 0x11, "FPSR 0x%lx", fpsr_vector);
    sw_printf("checksum fp-scalar 0x%016lx\n", hs);
    sw_printf("checksum fp-vector 0x%016lx\n", hv);
    sw_check_u64("fpsimd.fp.scalar_checksum", hs, FPSIMD_SCALAR_CHECKSUM);
    sw_check_u64("fpsimd.fp.vector_checksum", hv, FPSIMD_VECTOR_CHECKSUM);

    /* FPCR: flush-to-zero and default NaN change results; round towards zero */
    write_fpcr((1u << 24) | (1u << 25) | (3u << 22));
    float32x4_t t = vaddq_f32(vdupq_n_f32(u2f(v_half_min)), vdupq_n_f32(v_zero));
    float32x4_t qv = vaddq_f32(vdupq_n_f32(u2f(v_qnan)), vdupq_n_f32(v_onef));
    float q = v_onef / v_three;
    PIN(t);
    PIN(qv);
    PIN(q);
    write_fpcr(0);
    float qn = vgetq_lane_f32(qv, 0);
    sw_check("fpsimd.fp.fpcr_fz_dn_rz",
             f2u(vgetq_lane_f32(t, 0)) == 0 && f2u(qn) == 0x7fc00000u && f2u(q) == 0x3eaaaaaau,
             "fz %08x dn %08x rz %08x", f2u(vgetq_lane_f32(t, 0)), f2u(qn), f2u(q));

    /* FPSR.QC from saturating arithmetic */
    write_fpsr(0);
    int8x16_t s = vqaddq_s8(vdupq_n_s8(v_100), vdupq_n_s8(v_100));
    PIN(s);
    uint64_t fpsr_qc = read_fpsr();
    sw_check("fpsimd.neon.qc", vgetq_lane_s8(s, 7) == 127 && (fpsr_qc & (1u << 27)),
             "lane %d FPSR 0x%lx", vgetq_lane_s8(s, 7), fpsr_qc);
    write_fpsr(0);
}

int main(void)
{
    sw_printf("# FP/AdvSIMD at EL%u\n", sw_current_el());
    fill();
    for (unsigned k = 0; k < sizeof buf_c; k++)
        buf_c[k] = (uint8_t)k;
    check_int();
    check_structures();
    check_fp();
    int rc = sw_check_summary();
    if (rc) return rc;
    psci_system_off();
    return 1;
}
