// Scalar FP instructions, SIMD&FP loads/stores, FPCR/FPSR and the FP access traps,
// executed on the core: known words -> V registers, NZCV, FPSR, memory, exceptions.
// The arithmetic corner cases themselves are in test_a64_fpu.cpp.
#include "test_a64_harness.h"

namespace
{

constexpr uint64_t kData = kRam + 0x8000;
#define SR_CPACR_EL1 A64_SYSREG(3, 0, 1, 0, 2)
#define SR_FPCR      A64_SYSREG(3, 3, 4, 4, 0)
#define SR_FPSR      A64_SYSREG(3, 3, 4, 4, 1)

constexpr uint32_t S = 0, D = 1, H = 3; // ftype
constexpr uint32_t IOC = 1, OFC = 4, IXC = 16, IDC = 128;

// Encoders (Arm ARM C4.1.96 / C4.1.88 field layouts).
uint32_t fp2(unsigned op, unsigned t, unsigned rd, unsigned rn, unsigned rm)
{
    return 0x1e200800u | t << 22 | rm << 16 | op << 12 | rn << 5 | rd;
}
uint32_t fp1(unsigned op, unsigned t, unsigned rd, unsigned rn)
{
    return 0x1e204000u | t << 22 | op << 15 | rn << 5 | rd;
}
uint32_t fp3(unsigned o1, unsigned o0, unsigned t, unsigned rd, unsigned rn, unsigned rm,
             unsigned ra)
{
    return 0x1f000000u | t << 22 | o1 << 21 | rm << 16 | o0 << 15 | ra << 10 | rn << 5 | rd;
}
uint32_t fcmp(unsigned t, unsigned rn, unsigned rm, unsigned opc)
{
    return 0x1e202000u | t << 22 | rm << 16 | rn << 5 | opc << 3;
}
uint32_t fccmp(unsigned t, unsigned rn, unsigned rm, unsigned cond, unsigned e, unsigned nzcv)
{
    return 0x1e200400u | t << 22 | rm << 16 | cond << 12 | rn << 5 | e << 4 | nzcv;
}
uint32_t fcsel(unsigned t, unsigned rd, unsigned rn, unsigned rm, unsigned cond)
{
    return 0x1e200c00u | t << 22 | rm << 16 | cond << 12 | rn << 5 | rd;
}
uint32_t fcvt_int(unsigned sf, unsigned t, unsigned rmode, unsigned opc, unsigned rd, unsigned rn)
{
    return sf << 31 | 0x1e200000u | t << 22 | rmode << 19 | opc << 16 | rn << 5 | rd;
}
uint32_t fcvt_fix(unsigned sf, unsigned t, unsigned rmode, unsigned opc, unsigned scale,
                  unsigned rd, unsigned rn)
{
    return sf << 31 | 0x1e000000u | t << 22 | rmode << 19 | opc << 16 | scale << 10 | rn << 5 | rd;
}

class FpTest : public A64Test
{
  protected:
    FpTest()
    {
        set_sr(SR_CPACR_EL1, 3u << 20);
        set_sr(SR_VBAR_EL1, kRam + 0x10000);
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(kRam + 0x10000 + off, {enc::stop()});
    }
    a64_vreg &v(unsigned n) { return st().v[n]; }
    void setv(unsigned n, uint64_t lo, uint64_t hi = 0)
    {
        v(n).d[0] = lo;
        v(n).d[1] = hi;
    }
    // Run words at kRam (EL1); true if they completed without an exception.
    bool exec(std::initializer_list<uint32_t> words)
    {
        std::vector<uint32_t> p(words);
        p.push_back(enc::stop());
        load(kRam, p);
        st().pc = kRam;
        a64_stop_info i = run();
        return i.reason == A64_STOP_SEMIHOST && st().pc == kRam + 4 * p.size();
    }
    uint64_t esr1() { return sr(SR_ESR_EL1); }
};

TEST_F(FpTest, ArithmeticWritesElementAndZeroesTheRest)
{
    setv(1, 0x3fc00000, ~0ull); // 1.5
    setv(2, 0x40200000);        // 2.5
    setv(0, ~0ull, ~0ull);
    ASSERT_TRUE(exec({fp2(2, S, 0, 1, 2)})); // fadd s0, s1, s2
    EXPECT_EQ(v(0).d[0], 0x40800000u);       // 4.0
    EXPECT_EQ(v(0).d[1], 0u);
    ASSERT_TRUE(exec({fp2(0, S, 3, 1, 2), fp2(1, S, 4, 1, 2), fp2(3, S, 5, 1, 2),
                      fp2(8, S, 6, 1, 2)})); // fmul, fdiv, fsub, fnmul
    EXPECT_EQ(v(3).s[0], 0x40700000u);       // 3.75
    EXPECT_EQ(v(4).s[0], 0x3f19999au);       // 0.6 rounded to nearest
    EXPECT_EQ(v(5).s[0], 0xbf800000u);       // -1.0
    EXPECT_EQ(v(6).s[0], 0xc0700000u);       // -3.75
    EXPECT_EQ(st().fpsr, IXC);               // from the division only
    setv(7, 0x4010000000000000ull);          // 4.0 (double)
    setv(8, 0xc000000000000000ull);          // -2.0
    ASSERT_TRUE(exec({fp1(3, D, 9, 7), fp1(1, D, 10, 8), fp1(2, D, 11, 8), fp1(0, D, 12, 8),
                      fp2(4, D, 13, 7, 8), fp2(5, D, 14, 7, 8)}));
    EXPECT_EQ(v(9).d[0], 0x4000000000000000ull);  // fsqrt d9, d7 = 2.0
    EXPECT_EQ(v(10).d[0], 0x4000000000000000ull); // fabs
    EXPECT_EQ(v(11).d[0], 0x4000000000000000ull); // fneg
    EXPECT_EQ(v(12).d[0], 0xc000000000000000ull); // fmov
    EXPECT_EQ(v(13).d[0], 0x4010000000000000ull); // fmax
    EXPECT_EQ(v(14).d[0], 0xc000000000000000ull); // fmin
}

TEST_F(FpTest, FnmulNegatesTheNaNAndFabsClearsItsSign)
{
    setv(1, 0x7fc00001);
    setv(2, 0x3f800000);
    ASSERT_TRUE(exec({fp2(8, S, 0, 1, 2), fp1(1, S, 3, 0)}));
    EXPECT_EQ(v(0).s[0], 0xffc00001u);
    EXPECT_EQ(v(3).s[0], 0x7fc00001u);
    EXPECT_EQ(st().fpsr, 0u);
}

TEST_F(FpTest, FusedMultiplyAddForms)
{
    setv(1, 0x40000000); // n = 2
    setv(2, 0x40400000); // m = 3
    setv(3, 0x3f800000); // a = 1
    ASSERT_TRUE(exec({fp3(0, 0, S, 4, 1, 2, 3), fp3(0, 1, S, 5, 1, 2, 3), fp3(1, 0, S, 6, 1, 2, 3),
                      fp3(1, 1, S, 7, 1, 2, 3)}));
    EXPECT_EQ(v(4).s[0], 0x40e00000u); // fmadd: 1 + 6 = 7
    EXPECT_EQ(v(5).s[0], 0xc0a00000u); // fmsub: 1 - 6 = -5
    EXPECT_EQ(v(6).s[0], 0xc0e00000u); // fnmadd: -1 - 6 = -7
    EXPECT_EQ(v(7).s[0], 0x40a00000u); // fnmsub: -1 + 6 = 5
    // Single rounding: (1 + 2^-23)^2 - (1 + 2^-22) = 2^-46 exactly (two roundings give 0).
    setv(1, 0x3f800001);
    setv(3, 0xbf800002);
    ASSERT_TRUE(exec({fp3(0, 0, S, 8, 1, 1, 3)}));
    EXPECT_EQ(v(8).s[0], 0x28800000u);
    EXPECT_EQ(st().fpsr, 0u);
    // fmsub with a NaN first operand: it is negated before propagation.
    setv(1, 0x7fc00005);
    ASSERT_TRUE(exec({fp3(0, 1, S, 9, 1, 2, 3)}));
    EXPECT_EQ(v(9).s[0], 0xffc00005u);
}

TEST_F(FpTest, CompareAndConditionalForms)
{
    setv(1, 0x3f800000); // 1.0
    setv(2, 0x40000000); // 2.0
    setv(3, 0x7fc00000); // qNaN
    ASSERT_TRUE(exec({fcmp(S, 1, 2, 0)}));
    EXPECT_EQ(st().nzcv, 0x80000000u);     // less than
    ASSERT_TRUE(exec({fcmp(S, 1, 0, 1)})); // fcmp s1, #0.0
    EXPECT_EQ(st().nzcv, 0x20000000u);
    ASSERT_TRUE(exec({fcmp(S, 1, 3, 0)})); // unordered, quiet: no IOC
    EXPECT_EQ(st().nzcv, 0x30000000u);
    EXPECT_EQ(st().fpsr, 0u);
    ASSERT_TRUE(exec({fcmp(S, 1, 3, 2)})); // fcmpe: IOC on a quiet NaN
    EXPECT_EQ(st().fpsr, IOC);
    st().fpsr = 0;
    // fccmp s1, s1, #0b0101, eq: condition false (Z clear) -> nzcv immediate.
    st().nzcv = 0;
    ASSERT_TRUE(exec({fccmp(S, 1, 1, 0, 0, 5)}));
    EXPECT_EQ(st().nzcv, 0x50000000u);
    // condition true -> compare (equal).
    st().nzcv = 0x40000000u;
    ASSERT_TRUE(exec({fccmp(S, 1, 1, 0, 0, 5)}));
    EXPECT_EQ(st().nzcv, 0x60000000u);
    // fccmpe with a quiet NaN: IOC.
    ASSERT_TRUE(exec({fccmp(S, 1, 3, 0, 1, 0)}));
    EXPECT_EQ(st().nzcv, 0x30000000u);
    EXPECT_EQ(st().fpsr, IOC);
    // fcsel d0, d1, d2, ne
    setv(1, 0x1111, 5);
    setv(2, 0x2222, 6);
    st().nzcv = 0x40000000u;
    ASSERT_TRUE(exec({fcsel(D, 0, 1, 2, 1)}));
    EXPECT_EQ(v(0).d[0], 0x2222u);
    EXPECT_EQ(v(0).d[1], 0u);
}

TEST_F(FpTest, FmovForms)
{
    x(1) = 0x123456789abcdef0ull;
    setv(2, 0x1111222233334444ull, 0x5555666677778888ull);
    setv(3, ~0ull, ~0ull);
    setv(4, 0xaaaa, 0xbbbb);
    ASSERT_TRUE(exec({
        fcvt_int(0, S, 0, 7, 3, 1),    // fmov s3, w1
        fcvt_int(1, D, 0, 6, 5, 2),    // fmov x5, d2
        fcvt_int(0, S, 0, 6, 6, 2),    // fmov w6, s2
        fcvt_int(1, 2, 1, 6, 7, 2),    // fmov x7, v2.d[1]
        fcvt_int(1, 2, 1, 7, 4, 1),    // fmov v4.d[1], x1
        0x1e201000u | 0x70u << 13 | 8, // fmov s8, #1.0
        0x1e601000u | 0xf0u << 13 | 9, // fmov d9, #-1.0
    }));
    EXPECT_EQ(v(3).d[0], 0x9abcdef0u);
    EXPECT_EQ(v(3).d[1], 0u);
    EXPECT_EQ(x(5), 0x1111222233334444ull);
    EXPECT_EQ(x(6), 0x33334444ull);
    EXPECT_EQ(x(7), 0x5555666677778888ull);
    EXPECT_EQ(v(4).d[0], 0xaaaau); // the low doubleword is kept
    EXPECT_EQ(v(4).d[1], 0x123456789abcdef0ull);
    EXPECT_EQ(v(8).d[0], 0x3f800000u);
    EXPECT_EQ(v(9).d[0], 0xbff0000000000000ull);
}

TEST_F(FpTest, ConversionsAndRounding)
{
    setv(1, 0xc0200000); // -2.5f
    ASSERT_TRUE(exec({
        fcvt_int(1, S, 0, 0, 2, 1), // fcvtns x2, s1 -> -2
        fcvt_int(1, S, 0, 4, 3, 1), // fcvtas x3, s1 -> -3
        fcvt_int(1, S, 1, 0, 4, 1), // fcvtps x4, s1 -> -2
        fcvt_int(1, S, 2, 0, 5, 1), // fcvtms x5, s1 -> -3
        fcvt_int(0, S, 3, 0, 6, 1), // fcvtzs w6, s1 -> -2
        fcvt_int(0, S, 3, 1, 7, 1), // fcvtzu w7, s1 -> 0 (saturated)
    }));
    EXPECT_EQ(x(2), (uint64_t)-2);
    EXPECT_EQ(x(3), (uint64_t)-3);
    EXPECT_EQ(x(4), (uint64_t)-2);
    EXPECT_EQ(x(5), (uint64_t)-3);
    EXPECT_EQ(x(6), 0xfffffffeu);
    EXPECT_EQ(x(7), 0u);
    EXPECT_EQ(st().fpsr, IOC | IXC);
    st().fpsr = 0;
    // Fixed point: fcvtzs w8, s9, #4 (scale 60); scvtf d10, x11, #8 (scale 56).
    setv(9, 0x3fe00000); // 1.75
    x(11) = 0x180;       // 1.5 * 256
    ASSERT_TRUE(exec({fcvt_fix(0, S, 3, 0, 60, 8, 9), fcvt_fix(1, D, 0, 2, 56, 10, 11),
                      fcvt_int(0, S, 0, 3, 12, 11)})); // ucvtf s12, w11
    EXPECT_EQ(x(8), 28u);
    EXPECT_EQ(v(10).d[0], 0x3ff8000000000000ull);
    EXPECT_EQ(v(12).s[0], 0x43c00000u); // 384.0
    EXPECT_EQ(st().fpsr, 0u);
    // 32-bit fixed point with scale < 32 is UNDEFINED.
    EXPECT_FALSE(exec({fcvt_fix(0, S, 3, 0, 10, 8, 9)}));
    EXPECT_EQ(esr1(), esr::kUndef);
    // FRINT: 2.5 in every mode; FRINTX raises IXC, FRINTI does not.
    setv(1, 0x40200000);
    st().fpcr = 1u << 22; // RP
    ASSERT_TRUE(exec({fp1(8, S, 2, 1), fp1(9, S, 3, 1), fp1(10, S, 4, 1), fp1(11, S, 5, 1),
                      fp1(12, S, 6, 1), fp1(15, S, 7, 1)}));
    EXPECT_EQ(v(2).s[0], 0x40000000u); // N: 2
    EXPECT_EQ(v(3).s[0], 0x40400000u); // P: 3
    EXPECT_EQ(v(4).s[0], 0x40000000u); // M: 2
    EXPECT_EQ(v(5).s[0], 0x40000000u); // Z: 2
    EXPECT_EQ(v(6).s[0], 0x40400000u); // A: 3
    EXPECT_EQ(v(7).s[0], 0x40400000u); // I with FPCR = RP: 3
    EXPECT_EQ(st().fpsr, 0u);
    ASSERT_TRUE(exec({fp1(14, S, 8, 1)})); // frintx
    EXPECT_EQ(v(8).s[0], 0x40400000u);
    EXPECT_EQ(st().fpsr, IXC);
}

TEST_F(FpTest, PrecisionConversionsAndHalf)
{
    setv(1, 0x3ff0000000000001ull); // 1 + 2^-52
    setv(2, 0x3c00);                // half 1.0
    setv(3, 0x7f7fffff);            // largest single
    ASSERT_TRUE(exec({fp1(4, D, 4, 1), fp1(5, H, 5, 2), fp1(4, H, 6, 2), fp1(7, S, 7, 3)}));
    EXPECT_EQ(v(4).d[0], 0x3f800000u);           // fcvt s4, d1 (inexact)
    EXPECT_EQ(v(5).d[0], 0x3ff0000000000000ull); // fcvt d5, h2
    EXPECT_EQ(v(6).d[0], 0x3f800000u);           // fcvt s6, h2
    EXPECT_EQ(v(7).d[0], 0x7c00u);               // fcvt h7, s3: overflow to infinity
    EXPECT_EQ(st().fpsr, IXC | OFC);
    // FPCR.AHP: the alternative format saturates instead (IOC).
    st().fpsr = 0;
    st().fpcr = 1u << 26;
    ASSERT_TRUE(exec({fp1(7, S, 7, 3)}));
    EXPECT_EQ(v(7).d[0], 0x7fffu);
    EXPECT_EQ(st().fpsr, IOC);
    // Half arithmetic needs FEAT_FP16: fadd h0, h1, h2 is UNDEFINED.
    EXPECT_FALSE(exec({fp2(2, H, 0, 1, 2)}));
    EXPECT_EQ(esr1(), esr::kUndef);
}

TEST_F(FpTest, FlushToZeroAndDefaultNaNFromFpcr)
{
    setv(1, 0x00000001); // smallest denormal
    setv(2, 0x3f800000);
    setv(3, 0x7f800001); // sNaN
    // msr fpcr, x0 with FZ | DN, then fmul and fadd.
    x(0) = (1u << 24) | (1u << 25) | 0x9f00; // trap enables are RAZ/WI
    ASSERT_TRUE(exec({enc::msr(SR_FPCR, 0), fp2(0, S, 4, 1, 2), fp2(2, S, 5, 3, 2),
                      enc::mrs(6, SR_FPCR), enc::mrs(7, SR_FPSR)}));
    EXPECT_EQ(v(4).s[0], 0u);
    EXPECT_EQ(v(5).s[0], 0x7fc00000u);
    EXPECT_EQ(x(6), (1u << 24) | (1u << 25));
    EXPECT_EQ(x(7), IDC | IOC);
    // msr fpsr: NZCV bits are RES0 without AArch32; QC and the flags are kept.
    x(0) = 0xf800009full;
    ASSERT_TRUE(exec({enc::msr(SR_FPSR, 0), enc::mrs(1, SR_FPSR)}));
    EXPECT_EQ(x(1), 0x0800009fu);
}

TEST_F(FpTest, LoadsAndStores)
{
    for (unsigned i = 0; i < 64; i += 8)
        put64(kData + i, 0x0101010101010101ull * (i / 8 + 1) + 0x8070605040302010ull);
    x(1) = kData;
    setv(0, ~0ull, ~0ull);
    ASSERT_TRUE(exec({
        0x3dc00020u, // ldr q0, [x1]
        0xfd400421u, // ldr d1, [x1, #8]
        0x3d400422u, // ldr b2, [x1, #1]
        0x7d400423u, // ldr h3, [x1, #2]
        0xbc404024u, // ldur s4, [x1, #4]
        0xad411825u, // ldp q5, q6, [x1, #32]
    }));
    EXPECT_EQ(v(0).d[0], ram64(kData));
    EXPECT_EQ(v(0).d[1], ram64(kData + 8));
    EXPECT_EQ(v(1).d[0], ram64(kData + 8));
    EXPECT_EQ(v(1).d[1], 0u);
    EXPECT_EQ(v(2).d[0], (ram64(kData) >> 8) & 0xff);
    EXPECT_EQ(v(3).d[0], (ram64(kData) >> 16) & 0xffff);
    EXPECT_EQ(v(4).d[0], ram64(kData) >> 32);
    EXPECT_EQ(v(5).d[0], ram64(kData + 32));
    EXPECT_EQ(v(6).d[1], ram64(kData + 56));
    // stp d0, d1, [x1, #-16]!; str q5, [x1, #64]; str s4, [x1], #4 (post-index)
    ASSERT_TRUE(exec({0x6dbf0420u, 0x3d801025u, 0xbc004424u}));
    EXPECT_EQ(x(1), kData - 16 + 4);
    EXPECT_EQ(ram64(kData - 16), (v(4).d[0] & 0xffffffffu) | (ram64(kData) >> 32 << 32));
    EXPECT_EQ(ram64(kData - 8), v(1).d[0]);
    EXPECT_EQ(ram64(kData + 48), v(5).d[0]);
    EXPECT_EQ(ram64(kData + 56), v(5).d[1]);
    // ldr d8, [x1, x2, lsl #3]; ldr s7, <literal two words ahead>
    x(1) = kData;
    x(2) = 3;
    ASSERT_TRUE(exec({0xfc627828u, 0x1c000047u, enc::b(2), 0x3f800000u}));
    EXPECT_EQ(v(8).d[0], ram64(kData + 24));
    EXPECT_EQ(v(7).d[0], 0x3f800000u);
}

// Q-register pairs and LDR/STR Q have a predecode fast path (direct host copies
// within one micro-TLB page, a64_fp_ldst.c): every index mode, Rt == Rt2, a pair
// crossing a page and an unaligned pair (the generic path) give the architected
// result. Each program runs twice: the first run fills the micro-TLB.
TEST_F(FpTest, QuadwordPairsAllIndexModes)
{
    const uint64_t p = kRam + 0x20000;
    for (unsigned k = 0; k < 0x3000; k++)
        ram[p - kRam + k] = (uint8_t)(k * 13 + 7);
    auto q = [&](uint64_t pa) {
        a64_vreg r;
        std::memcpy(&r, &ram[pa - kRam], 16);
        return r;
    };
    auto same = [](const a64_vreg &a, const a64_vreg &b) { return !std::memcmp(&a, &b, 16); };
    for (int pass = 0; pass < 2; pass++) {
        x(1) = p + 0x100;
        ASSERT_TRUE(exec({
            0xadff0821u, // ldp q1, q2, [x1, #-32]!
            0xacc21023u, // ldp q3, q4, [x1], #64
            0xac401825u, // ldnp q5, q6, [x1]
            0xad411c27u, // ldp q7, q7, [x1, #32] (Rt == Rt2: the second value)
            0x3dc3fc28u, // ldr q8, [x1, #4080]
        }));
        EXPECT_EQ(x(1), p + 0x120);
        EXPECT_TRUE(same(v(1), q(p + 0xe0)) && same(v(2), q(p + 0xf0)));
        EXPECT_TRUE(same(v(3), q(p + 0xe0)) && same(v(4), q(p + 0xf0)));
        EXPECT_TRUE(same(v(5), q(p + 0x120)) && same(v(6), q(p + 0x130)));
        EXPECT_TRUE(same(v(7), q(p + 0x150)));
        EXPECT_TRUE(same(v(8), q(p + 0x1110)));
        x(2) = p + 0x2000;
        ASSERT_TRUE(exec({
            0xad010841u, // stp q1, q2, [x2, #32]
            0xacbf1043u, // stp q3, q4, [x2], #-32
            0xac001845u, // stnp q5, q6, [x2]
            0xad820841u, // stp q1, q2, [x2, #64]!
            0x3d800448u, // str q8, [x2, #16]
        }));
        EXPECT_EQ(x(2), p + 0x2020);
        EXPECT_TRUE(same(q(p + 0x2000), v(3)) && same(q(p + 0x2010), v(4)));
        EXPECT_TRUE(same(q(p + 0x2020), v(1)) && same(q(p + 0x2030), v(8)));
        EXPECT_TRUE(same(q(p + 0x1fe0), v(5)) && same(q(p + 0x1ff0), v(6)));
        // across a page boundary: two aligned Q accesses on two pages
        x(3) = p + 0xff0;
        x(4) = p + 0x2ff0;
        ASSERT_TRUE(
            exec({0xad402869u /* ldp q9, q10, [x3] */, 0xad002889u /* stp q9, q10, [x4] */}));
        EXPECT_TRUE(same(v(9), q(p + 0xff0)) && same(v(10), q(p + 0x1000)));
        EXPECT_TRUE(same(q(p + 0x2ff0), v(9)) && same(q(p + 0x3000), v(10)));
        // not 16-byte aligned with stage 1 off (Device memory): Alignment fault, no write-back
        x(1) = p + 0x108;
        EXPECT_FALSE(exec({0xadff0821u})); // ldp q1, q2, [x1, #-32]!
        EXPECT_EQ(sr(SR_ESR_EL1) & 0x3f, 0x21u);
        EXPECT_EQ(x(1), p + 0x108);
    }
}

TEST_F(FpTest, MisalignedQuadwordFaultsOnDeviceMemory)
{
    // MMU off: Device memory, a 128-bit access must be 16-byte aligned.
    x(1) = kData + 8;
    EXPECT_FALSE(exec({0x3dc00020u}));                     // ldr q0, [x1]
    EXPECT_EQ(esr1(), (0x25u << 26) | (1u << 25) | 0x21u); // Alignment fault, a read
    EXPECT_EQ(sr(SR_FAR_EL1), kData + 8);
    EXPECT_FALSE(exec({0x3d800020u})); // str q0, [x1]
    EXPECT_EQ(sr(SR_ESR_EL1) & 0x3f, 0x21u);
    EXPECT_EQ((sr(SR_ESR_EL1) >> 6) & 1, 1u); // WnR
}

TEST_F(FpTest, AccessTraps)
{
    // CPACR_EL1.FPEN = 00: FP data processing, loads and FPCR accesses trap (EC 0x07)
    // at EL1; the V registers are untouched.
    set_sr(SR_CPACR_EL1, 0);
    setv(1, 0x3f800000);
    x(1) = kData;
    EXPECT_FALSE(exec({fp2(2, S, 0, 1, 1)}));
    EXPECT_EQ(esr1(), esr::kFpTrap);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
    EXPECT_FALSE(exec({0x3dc00020u}));
    EXPECT_EQ(esr1(), esr::kFpTrap);
    EXPECT_FALSE(exec({enc::mrs(0, SR_FPCR)}));
    EXPECT_EQ(esr1(), esr::kFpTrap);
    EXPECT_EQ(v(1).d[0], 0x3f800000u);
    // Unallocated encodings are UNDEFINED even when FP is disabled.
    EXPECT_FALSE(exec({0xfdc00020u})); // ldr (SIMD&FP) size 11 opc 11
    EXPECT_EQ(esr1(), esr::kUndef);
    // FPEN = 01: EL1 runs FP, EL0 traps to EL1.
    set_sr(SR_CPACR_EL1, 1u << 20);
    EXPECT_TRUE(exec({fp2(2, S, 0, 1, 1)}));
    EXPECT_EQ(v(0).d[0], 0x40000000u);
    load(kRam, {fp2(2, S, 0, 1, 1), enc::stop()});
    st().pc = kRam;
    st().el = 0;
    st().spsel = 0;
    run();
    EXPECT_EQ(esr1(), esr::kFpTrap);
    EXPECT_EQ(st().el, 1u);
    // FPEN = 11: EL0 may use FP and read FPCR/FPSR.
    set_sr(SR_CPACR_EL1, 3u << 20);
    st().fpcr = 3u << 22;
    load(kRam, {enc::mrs(3, SR_FPCR), enc::stop()});
    st().pc = kRam;
    st().el = 0;
    st().spsel = 0;
    run();
    EXPECT_EQ(x(3), 3u << 22);
}

// CPTR_EL2.TFP traps EL0-EL2 to EL2, CPTR_EL3.TFP traps EL0-EL2 to EL3 (EC 0x07,
// ISS CV = 1, COND = 0xE, IL 1), never EL3 itself; an EL0 CPACR trap goes to EL2 as EC 0x00 when
// HCR_EL2.TGE routes EL0 exceptions there (AArch64.AdvSIMDFPAccessTrap).
TEST_F(FpTest, TrapsToEl2AndEl3)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = cfg.have_el3 = true;
    cfg.reset_el = 3;
    core = add_core(cfg);
    const uint64_t vec[4] = {0, kRam + 0x10000, kRam + 0x20000, kRam + 0x30000};
    const uint32_t vbar[4] = {0, SR_VBAR_EL1, SR_VBAR_EL2, SR_VBAR_EL3};
    const uint32_t esr[4] = {0, SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3};
    for (unsigned el = 1; el <= 3; el++) {
        set_sr(vbar[el], vec[el]);
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(vec[el] + off, {enc::stop()});
    }
    const uint32_t cptr_el2 = A64_SYSREG(3, 4, 1, 1, 2), cptr_el3 = A64_SYSREG(3, 6, 1, 1, 2);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure: EL2 enabled
    set_sr(SR_CPACR_EL1, 3u << 20);
    // Runs fadd s0, s1, s1 at `from`; returns the EL it trapped to (0: no trap).
    auto trap_el = [&](unsigned from) -> unsigned {
        load(kRam, {fp2(2, S, 0, 1, 1), enc::stop()});
        st().pc = kRam;
        st().el = (uint8_t)from;
        st().spsel = from != 0;
        for (unsigned el = 1; el <= 3; el++)
            set_sr(esr[el], 0);
        run();
        if (st().pc == kRam + 8) return 0;
        unsigned to = st().el;
        uint64_t off = from == to ? 0x200 : 0x400;
        EXPECT_EQ(st().pc, vec[to] + off + 4) << from << " -> " << to;
        return to;
    };
    set_sr(cptr_el2, 0x33ffu | 1u << 10);
    EXPECT_EQ(trap_el(0), 2u);
    EXPECT_EQ(trap_el(1), 2u);
    EXPECT_EQ(sr(SR_ESR_EL2), esr::kFpTrap); // EC 0x07, IL 1, CV 1, COND 0xE
    EXPECT_EQ(trap_el(2), 2u);
    EXPECT_EQ(trap_el(3), 0u);
    set_sr(cptr_el2, 0x33ffu);
    set_sr(cptr_el3, 1u << 10);
    EXPECT_EQ(trap_el(1), 3u);
    EXPECT_EQ(sr(SR_ESR_EL3), esr::kFpTrap);
    EXPECT_EQ(trap_el(2), 3u);
    EXPECT_EQ(trap_el(3), 0u);
    set_sr(cptr_el3, 0);
    set_sr(SR_CPACR_EL1, 0);
    set_sr(SR_HCR_EL2, 1ull << 27); // TGE
    EXPECT_EQ(trap_el(0), 2u);
    EXPECT_EQ(sr(SR_ESR_EL2), esr::kUndef);
}

TEST_F(FpTest, WarmResetZeroesTheFpState)
{
    // A core that powers down loses V0-V31, FPCR and FPSR: the PSCI warm reset
    // gives them their reset value (zero), unless the guest saved them.
    setv(5, 1, 2);
    st().fpcr = 1u << 24;
    st().fpsr = IXC;
    a64_core_warm_reset(core, 1, kRam, 0);
    EXPECT_EQ(v(5).d[0], 0u);
    EXPECT_EQ(v(5).d[1], 0u);
    EXPECT_EQ(st().fpcr, 0u);
    EXPECT_EQ(st().fpsr, 0u);
}

} // namespace
