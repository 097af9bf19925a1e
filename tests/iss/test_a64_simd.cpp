// Advanced SIMD: known words (assembly in comments) on edge values -> expected
// register results, FPSR.QC and FP exception flags, memory, faults and UNDEFINED
// encodings. The Unicorn differential test covers random operands; these pin the
// corner cases down to values worked out from the Arm ARM pseudocode.
#include "test_a64_harness.h"

#include <cstring>

extern "C" {
#include "a64_fpu.h"
}

namespace
{

#define SR_CPACR_EL1 A64_SYSREG(3, 0, 1, 0, 2)
constexpr uint32_t kQC = 1u << 27, kIOC = 1, kDZC = 2, kOFC = 4, kUFC = 8, kIXC = 16, kIDC = 128;
constexpr uint64_t kData = kRam + 0x8000;

class SimdTest : public A64Test
{
  protected:
    SimdTest()
    {
        set_sr(SR_CPACR_EL1, 3ull << 20);
        set_sr(SR_VBAR_EL1, kRam + 0x10000);
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(kRam + 0x10000 + off, {enc::stop()});
    }
    void setv(unsigned n, uint64_t lo, uint64_t hi) { st().v[n].d[0] = lo, st().v[n].d[1] = hi; }
    void setv(unsigned n, uint64_t both) { setv(n, both, both); }
    uint64_t lo(unsigned n) { return st().v[n].d[0]; }
    uint64_t hi(unsigned n) { return st().v[n].d[1]; }
    // Run the words at EL1 and stop; fails the test on an exception.
    void exec(std::initializer_list<uint32_t> words)
    {
        std::vector<uint32_t> p(words);
        p.push_back(enc::stop());
        load(kRam, p);
        st().pc = kRam;
        a64_stop_info i = run();
        ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
        ASSERT_EQ(st().pc, kRam + 4 * p.size()) << "exception, ESR " << std::hex << sr(SR_ESR_EL1);
    }
    // Run one word; the ESR_EL1 of the exception it takes, or ~0 if none.
    uint64_t fault(uint32_t w)
    {
        load(kRam, {w, enc::stop()});
        st().pc = kRam;
        set_sr(SR_ESR_EL1, 0xdead);
        run();
        if (st().pc == kRam + 8) return ~0ull;
        EXPECT_EQ(sr(SR_ELR_EL1), kRam);
        return sr(SR_ESR_EL1);
    }
    bool undefined(uint32_t w) { return fault(w) == 0x02000000u; }
    void fill_data()
    {
        for (unsigned k = 0; k < 256; k++)
            ram[kData - kRam + k] = (uint8_t)k;
    }
    uint64_t bytes8(unsigned first) // little-endian 8 bytes first..first+7 of fill_data
    {
        uint64_t v = 0;
        for (unsigned k = 0; k < 8; k++)
            v |= (uint64_t)(uint8_t)(first + k) << (8 * k);
        return v;
    }
};

TEST_F(SimdTest, AddSubWrapPerElementAndQ0ClearsTheUpperHalf)
{
    setv(1, 0x0102030405807fffull, 0x0102030405807fffull);
    setv(2, 0x0101010101010101ull);
    setv(4, ~0ull);
    exec({0x4e228420u /* add v0.16b, v1.16b, v2.16b */, 0x4ee28423u /* add v3.2d, v1.2d, v2.2d */,
          0x0e228424u /* add v4.8b, v1.8b, v2.8b */, 0x2e618445u /* sub v5.4h, v2.4h, v1.4h */});
    EXPECT_EQ(lo(0), 0x0203040506818000ull);
    EXPECT_EQ(hi(0), 0x0203040506818000ull);
    EXPECT_EQ(lo(3), 0x0203040506818100ull);
    EXPECT_EQ(lo(4), 0x0203040506818000ull);
    EXPECT_EQ(hi(4), 0u);
    EXPECT_EQ(lo(5), 0xfffffdfdfb818102ull);
    EXPECT_EQ(hi(5), 0u);
}

TEST_F(SimdTest, SaturatingArithmeticSetsStickyQC)
{
    setv(1, 0x7fff7fff7fff7fffull);
    setv(2, 0x0001000100010001ull);
    st().fpsr = 0;
    exec({0x4e620c40u /* sqadd v0.8h, v2.8h, v2.8h */});
    EXPECT_EQ(lo(0), 0x0002000200020002ull);
    EXPECT_EQ(st().fpsr, 0u);
    exec({0x4e620c20u /* sqadd v0.8h, v1.8h, v2.8h */});
    EXPECT_EQ(lo(0), 0x7fff7fff7fff7fffull);
    EXPECT_EQ(st().fpsr, kQC);
    exec({0x4e620c40u /* sqadd v0.8h, v2.8h, v2.8h */}); // QC stays set
    EXPECT_EQ(st().fpsr, kQC);

    st().fpsr = 0;
    setv(3, 0xffffffffffffffffull);
    setv(4, 0x0101010101010101ull);
    exec({0x6e240c60u /* uqadd v0.16b, v3.16b, v4.16b */});
    EXPECT_EQ(lo(0), ~0ull);
    EXPECT_EQ(st().fpsr, kQC);

    st().fpsr = 0;
    setv(5, 0x8000000080000000ull);
    setv(6, 0x0000000100000001ull);
    exec(
        {0x4ea62ca0u /* sqsub v0.4s, v5.4s, v6.4s */, 0x6ea52cc7u /* uqsub v7.4s, v6.4s, v5.4s */});
    EXPECT_EQ(lo(0), 0x8000000080000000ull);
    EXPECT_EQ(lo(7), 0u);
    EXPECT_EQ(st().fpsr, kQC);
}

TEST_F(SimdTest, DoublingMultiplyHighSaturatesAndRounds)
{
    setv(1, 0x8000800080008000ull);
    st().fpsr = 0;
    exec({0x4e61b420u /* sqdmulh v0.8h, v1.8h, v1.8h */});
    EXPECT_EQ(lo(0), 0x7fff7fff7fff7fffull);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    setv(2, 0x4000000040000000ull);
    setv(3, 0x0000000100000001ull);
    exec({0x6ea3b440u /* sqrdmulh v0.4s, v2.4s, v3.4s */,
          0x4ea3b444u /* sqdmulh v4.4s, v2.4s, v3.4s */,
          0x4fa3d045u /* sqrdmulh v5.4s, v2.4s, v3.s[1] */});
    EXPECT_EQ(lo(0), 0x0000000100000001ull);
    EXPECT_EQ(lo(4), 0u);
    EXPECT_EQ(lo(5), 0x0000000100000001ull);
    EXPECT_EQ(st().fpsr, 0u);
}

TEST_F(SimdTest, UnaryAbsNegAndAccumulatesSaturate)
{
    setv(1, 0x00000000000180ffull, 0);
    st().fpsr = 0;
    exec({0x0e20b820u /* abs v0.8b, v1.8b */, 0x2e20b822u /* neg v2.8b, v1.8b */});
    EXPECT_EQ(lo(0), 0x0000000000018001ull);
    EXPECT_EQ(lo(2), 0x0000000000ff8001ull);
    EXPECT_EQ(st().fpsr, 0u);
    exec({0x0e207820u /* sqabs v0.8b, v1.8b */});
    EXPECT_EQ(lo(0), 0x0000000000017f01ull);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    exec({0x2e207820u /* sqneg v0.8b, v1.8b */});
    EXPECT_EQ(lo(0), 0x0000000000ff7f01ull);
    EXPECT_EQ(st().fpsr, kQC);
    // SUQADD: signed Vd + unsigned Vn; USQADD: unsigned Vd + signed Vn
    st().fpsr = 0;
    setv(3, 0x7f, 0);
    setv(4, 0x01, 0);
    exec({0x0e203883u /* suqadd v3.8b, v4.8b */});
    EXPECT_EQ(lo(3), 0x7fu);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    setv(3, 0x01, 0);
    setv(4, 0xfe, 0);
    exec({0x2e203883u /* usqadd v3.8b, v4.8b */});
    EXPECT_EQ(lo(3), 0u);
    EXPECT_EQ(st().fpsr, kQC);
}

TEST_F(SimdTest, ShiftByRegisterSignedAmountsRoundingAndSaturation)
{
    setv(1, 0x8000000000000000ull);
    setv(2, 0xffull, 64);
    exec({0x4ee24420u /* sshl v0.2d, v1.2d, v2.2d */, 0x6ee24423u /* ushl v3.2d, v1.2d, v2.2d */});
    EXPECT_EQ(lo(0), 0xc000000000000000ull);
    EXPECT_EQ(hi(0), 0u); // shifted left by 64
    EXPECT_EQ(lo(3), 0x4000000000000000ull);
    setv(4, 0xfffffffb00000005ull);
    setv(5, 0x000000ff000000ffull);
    exec({0x4ea55480u /* srshl v0.4s, v4.4s, v5.4s */, 0x4ea54486u /* sshl v6.4s, v4.4s, v5.4s */});
    EXPECT_EQ(lo(0), 0xfffffffe00000003ull); // (x + 1) >> 1
    EXPECT_EQ(lo(6), 0xfffffffd00000002ull);
    setv(7, 0x80, 0);
    setv(8, 0x80, 0); // shift by -128
    exec({0x0e2844e0u /* sshl v0.8b, v7.8b, v8.8b */, 0x0e2854e9u /* srshl v9.8b, v7.8b, v8.8b */});
    EXPECT_EQ(lo(0), 0xffu);
    EXPECT_EQ(lo(9), 0u);
    st().fpsr = 0;
    setv(10, 0x40, 0);
    setv(11, 0x02, 0);
    exec({0x2e2b4d40u /* uqshl v0.8b, v10.8b, v11.8b */});
    EXPECT_EQ(lo(0), 0xffu);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    setv(12, 0x4000, 0);
    setv(13, 0x0001, 0);
    exec({0x0e6d5d80u /* sqrshl v0.4h, v12.4h, v13.4h */});
    EXPECT_EQ(lo(0), 0x7fffu);
    EXPECT_EQ(st().fpsr, kQC);
}

TEST_F(SimdTest, ComparesAndBitwiseSelect)
{
    setv(1, 0x0000000000000080ull, 0);
    setv(2, 0x0000000000000001ull, 0);
    exec({0x0e223420u /* cmgt v0.8b, v1.8b, v2.8b */, 0x2e223423u /* cmhi v3.8b, v1.8b, v2.8b */,
          0x0e209824u /* cmeq v4.8b, v1.8b, #0 */, 0x0e218c25u /* cmtst v5.8b, v1.8b, v1.8b */,
          0x2e208826u /* cmge v6.8b, v1.8b, #0 */, 0x0e20a827u /* cmlt v7.8b, v1.8b, #0 */,
          0x2e223c48u /* cmhs v8.8b, v2.8b, v2.8b */});
    EXPECT_EQ(lo(0), 0x0000000000000000ull);
    EXPECT_EQ(lo(3), 0x00000000000000ffull);
    EXPECT_EQ(lo(4), 0xffffffffffffff00ull);
    EXPECT_EQ(lo(5), 0x00000000000000ffull);
    EXPECT_EQ(lo(6), 0xffffffffffffff00ull);
    EXPECT_EQ(lo(7), 0x00000000000000ffull);
    EXPECT_EQ(lo(8), ~0ull);
    setv(0, 0xff00ff00ff00ff00ull);
    setv(1, 0x1111111111111111ull);
    setv(2, 0x2222222222222222ull);
    setv(3, 0xff00ff00ff00ff00ull);
    setv(4, 0xff00ff00ff00ff00ull);
    exec({0x6e621c20u /* bsl v0.16b, v1.16b, v2.16b */,
          0x6ea21c23u /* bit v3.16b, v1.16b, v2.16b */,
          0x6ee21c24u /* bif v4.16b, v1.16b, v2.16b */, 0x0ee21c25u /* orn v5.8b, v1.8b, v2.8b */,
          0x4e611c26u /* bic v6.16b, v1.16b, v1.16b */, 0x6e205827u /* not v7.16b, v1.16b */,
          0x6e221c28u /* eor v8.16b, v1.16b, v2.16b */});
    EXPECT_EQ(lo(0), 0x1122112211221122ull);
    EXPECT_EQ(lo(3), 0xdd00dd00dd00dd00ull); // 0x22 selects no bit of 0x11
    EXPECT_EQ(lo(4), 0x3311331133113311ull);
    EXPECT_EQ(lo(5), 0xddddddddddddddddull);
    EXPECT_EQ(hi(5), 0u);
    EXPECT_EQ(lo(6), 0u);
    EXPECT_EQ(lo(7), 0xeeeeeeeeeeeeeeeeull);
    EXPECT_EQ(lo(8), 0x3333333333333333ull);
}

TEST_F(SimdTest, AcrossLanes)
{
    setv(1, 0x0706050403020100ull, 0xfe0e0d0c0b0a0908ull);
    setv(2, ~0ull);
    setv(3, 0x8000000080000000ull);
    exec({0x6e30a820u /* umaxv b0, v1.16b */, 0x6e31a824u /* uminv b4, v1.16b */,
          0x4e30a825u /* smaxv b5, v1.16b */, 0x4e71a826u /* sminv h6, v1.8h */,
          0x4eb1b847u /* addv s7, v2.4s */, 0x6e303848u /* uaddlv h8, v2.16b */,
          0x4eb03869u /* saddlv d9, v3.4s */, 0x6e70384au /* uaddlv s10, v2.8h */});
    EXPECT_EQ(lo(0), 0xfeu);
    EXPECT_EQ(hi(0), 0u);
    EXPECT_EQ(lo(4), 0x00u);
    EXPECT_EQ(lo(5), 0x0eu);
    EXPECT_EQ(lo(6), 0xfe0eu);
    EXPECT_EQ(lo(7), 0xfffffffcu);
    EXPECT_EQ(lo(8), 0xff0u);
    EXPECT_EQ(lo(9), 0xfffffffe00000000ull);
    EXPECT_EQ(lo(10), 0x7fff8u);
    EXPECT_TRUE(undefined(0x0eb1b820)); // addv s0, v1.2s: reserved
    EXPECT_TRUE(undefined(0x4ef1b820)); // addv with size 11: reserved
}

TEST_F(SimdTest, PermutesExtractAndTableLookup)
{
    setv(1, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    setv(2, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
    exec({0x4e023820u /* zip1 v0.16b, v1.16b, v2.16b */,
          0x4e027823u /* zip2 v3.16b, v1.16b, v2.16b */, 0x4e425824u /* uzp2 v4.8h, v1.8h, v2.8h */,
          0x4e822825u /* trn1 v5.4s, v1.4s, v2.4s */,
          0x6e021826u /* ext v6.16b, v1.16b, v2.16b, #3 */,
          0x2e023827u /* ext v7.8b, v1.8b, v2.8b, #7 */,
          0x4ec21828u /* uzp1 v8.2d, v1.2d, v2.2d */});
    EXPECT_EQ(lo(0), 0x1303120211011000ull);
    EXPECT_EQ(hi(0), 0x1707160615051404ull);
    EXPECT_EQ(lo(3), 0x1b0b1a0a19091808ull);
    EXPECT_EQ(lo(4), 0x0f0e0b0a07060302ull);
    EXPECT_EQ(hi(4), 0x1f1e1b1a17161312ull);
    EXPECT_EQ(lo(5), 0x1312111003020100ull);
    EXPECT_EQ(hi(5), 0x1b1a19180b0a0908ull);
    EXPECT_EQ(lo(6), 0x0a09080706050403ull);
    EXPECT_EQ(hi(6), 0x1211100f0e0d0c0bull);
    EXPECT_EQ(lo(7), 0x1615141312111007ull);
    EXPECT_EQ(hi(7), 0u);
    EXPECT_EQ(lo(8), 0x0706050403020100ull);
    EXPECT_EQ(hi(8), 0x1716151413121110ull);
    setv(3, 0x20ff1f1000100f00ull, 0x0101010101010101ull);
    setv(0, 0xaaaaaaaaaaaaaaaaull);
    exec({0x4e032029u /* tbl v9.16b, {v1.16b, v2.16b}, v3.16b */,
          0x4e031020u /* tbx v0.16b, {v1.16b}, v3.16b */});
    EXPECT_EQ(lo(9), 0x00001f1000100f00ull);
    EXPECT_EQ(hi(9), 0x0101010101010101ull);
    EXPECT_EQ(lo(0), 0xaaaaaaaa00aa0f00ull);
    // the register list wraps from V31 to V0
    setv(31, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    setv(0, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
    setv(3, 0x000000000000101full, 0);
    exec({0x0e0323e5u /* tbl v5.8b, {v31.16b, v0.16b}, v3.8b */});
    EXPECT_EQ(lo(5), 0x101full);
    EXPECT_TRUE(undefined(0x0ec23820)); // zip1 v0.1d: size 11 with Q = 0 is reserved
}

TEST_F(SimdTest, CopyDupInsMov)
{
    x(1) = 0x1122334455667788ull;
    setv(2, 0x0706050403020100ull, 0xff0e0d0c0b0a8008ull);
    setv(0, 0);
    exec({0x4e040c23u /* dup v3.4s, w1 */, 0x4e160444u /* dup v4.8h, v2.h[5] */,
          0x4e080c25u /* dup v5.2d, x1 */, 0x4e141c20u /* ins v0.s[2], w1 */,
          0x6e1f0440u /* mov v0.b[15], v2.b[0] */, 0x6e064440u /* mov v0.h[1], v2.h[4] */,
          0x0e1f3c46u /* umov w6, v2.b[15] */, 0x4e122c47u /* smov x7, v2.h[4] */,
          0x0e132c48u /* smov w8, v2.b[9] */, 0x4e183c49u /* mov x9, v2.d[1] */,
          0x5e1e044au /* dup h10, v2.h[7] */, 0x0e13044bu /* dup v11.8b, v2.b[9] */});
    EXPECT_EQ(lo(3), 0x5566778855667788ull);
    EXPECT_EQ(hi(3), 0x5566778855667788ull);
    EXPECT_EQ(lo(4), 0x0b0a0b0a0b0a0b0aull);
    EXPECT_EQ(lo(5), 0x1122334455667788ull);
    EXPECT_EQ(hi(5), 0x1122334455667788ull);
    EXPECT_EQ(lo(0), 0x0000000080080000ull);
    EXPECT_EQ(hi(0), 0x0000000055667788ull);
    EXPECT_EQ(x(6), 0xffu);
    EXPECT_EQ(x(7), 0xffffffffffff8008ull);
    EXPECT_EQ(x(8), 0xffffff80u);
    EXPECT_EQ(x(9), 0xff0e0d0c0b0a8008ull);
    EXPECT_EQ(lo(10), 0xff0eu);
    EXPECT_EQ(hi(10), 0u);
    EXPECT_EQ(lo(11), 0x8080808080808080ull);
    EXPECT_EQ(hi(11), 0u);
    EXPECT_TRUE(undefined(0x0e080c20)); // dup v0.1d, x1: reserved
    EXPECT_TRUE(undefined(0x0e183c20)); // umov w0, v1.d[1] (32-bit form of a 64-bit lane)
    EXPECT_TRUE(undefined(0x0e102c20)); // smov w0, v1.s[2]: reserved
}

TEST_F(SimdTest, ModifiedImmediate)
{
    setv(5, 0x00000f0000000f00ull);
    setv(6, ~0ull);
    exec({0x4f05e560u /* movi v0.16b, #0xab */, 0x6f05e541u /* movi v1.2d, #0xff00ff00ff00ff00 */,
          0x2f05e4a2u /* movi d2, #0xff00ff0000ff00ff */,
          0x6f002643u /* mvni v3.4s, #0x12, lsl #8 */, 0x4f00d644u /* movi v4.4s, #0x12, msl #16 */,
          0x4f01b685u /* orr v5.8h, #0x34, lsl #8 */, 0x6f0717e6u /* bic v6.4s, #0xff */,
          0x4f03f607u /* fmov v7.4s, #1.0 */, 0x6f04f488u /* fmov v8.2d, #-2.5 */,
          0x6f048409u /* mvni v9.8h, #0x80 */, 0x0f02f40au /* fmov v10.2s, #0.125 */});
    EXPECT_EQ(lo(0), 0xababababababababull);
    EXPECT_EQ(hi(0), 0xababababababababull);
    EXPECT_EQ(lo(1), 0xff00ff00ff00ff00ull);
    EXPECT_EQ(lo(2), 0xff00ff0000ff00ffull);
    EXPECT_EQ(hi(2), 0u);
    EXPECT_EQ(lo(3), 0xffffedffffffedffull);
    EXPECT_EQ(lo(4), 0x0012ffff0012ffffull);
    EXPECT_EQ(lo(5), 0x34003f0034003f00ull);
    EXPECT_EQ(hi(5), 0x34003f0034003f00ull);
    EXPECT_EQ(lo(6), 0xffffff00ffffff00ull);
    EXPECT_EQ(lo(7), 0x3f8000003f800000ull);
    EXPECT_EQ(lo(8), 0xc004000000000000ull);
    EXPECT_EQ(hi(8), 0xc004000000000000ull);
    EXPECT_EQ(lo(9), 0xff7fff7fff7fff7full);
    EXPECT_EQ(lo(10), 0x3e0000003e000000ull);
    EXPECT_EQ(hi(10), 0u);
    EXPECT_TRUE(undefined(0x0f03fe00u /* fmov v0.4h, #1.0 */)); // FEAT_FP16 not implemented
    EXPECT_TRUE(undefined(0x2f00f400));                         // fmov v0.1d, #imm: Q = 0 reserved
}

TEST_F(SimdTest, ShiftByImmediate)
{
    setv(1, 0x7f80, 0);
    exec({0x0f080420u /* sshr v0.8b, v1.8b, #8 */, 0x2f090422u /* ushr v2.8b, v1.8b, #7 */});
    EXPECT_EQ(lo(0), 0x00000000000000ffull);
    EXPECT_EQ(lo(2), 0x0000000000000001ull);
    setv(3, 0x8000000000000001ull);
    setv(4, 0x0000000a0000000aull);
    setv(5, 0x0000000500000005ull);
    exec({0x6f400460u /* ushr v0.2d, v3.2d, #64 */, 0x4f400466u /* sshr v6.2d, v3.2d, #64 */,
          0x6f3f34a4u /* ursra v4.4s, v5.4s, #1 */, 0x4f7f2467u /* srshr v7.2d, v3.2d, #1 */});
    EXPECT_EQ(lo(0), 0u);
    EXPECT_EQ(lo(6), ~0ull);
    EXPECT_EQ(lo(4), 0x0000000d0000000dull);
    EXPECT_EQ(lo(7), 0xc000000000000001ull);
    setv(8, 0xf00000000000000full);
    setv(9, 0x123456789abcdef0ull);
    setv(10, 0x000000ff000000ffull);
    exec({0x6f7c4528u /* sri v8.2d, v9.2d, #4 */, 0x6f28552au /* sli v10.4s, v9.4s, #8 */,
          0x5f44552bu /* shl d11, d9, #4 */, 0x7f40452cu /* sri d12, d9, #64 */});
    EXPECT_EQ(lo(8), 0xf123456789abcdefull);
    EXPECT_EQ(lo(10), 0x345678ffbcdef0ffull);
    EXPECT_EQ(lo(11), 0x23456789abcdef00ull);
    st().fpsr = 0;
    setv(1, 0x00017fff00017fffull);
    setv(13, 0x1111111111111111ull);
    exec({0x0f1f942du /* sqshrn v13.4h, v1.4s, #1 */});
    EXPECT_EQ(lo(13), 0x7fff7fff7fff7fffull);
    EXPECT_EQ(hi(13), 0u);
    setv(14, 0xfff0000000018000ull);
    st().fpsr = 0;
    exec({0x2f108dcfu /* sqrshrun v15.4h, v14.4s, #16 */,
          0x4f1885cdu /* shrn2 v13.8h, v14.4s, #8 */});
    EXPECT_EQ(lo(15), 0x0000000200000002ull);
    EXPECT_EQ(st().fpsr, kQC);
    EXPECT_EQ(hi(13), 0xf0000180f0000180ull);
    EXPECT_EQ(lo(13), 0x7fff7fff7fff7fffull);
    setv(16, 0x0706050403020100ull, 0x8f0e0d0c0b0a0908ull);
    exec({0x6f0ba611u /* ushll2 v17.8h, v16.16b, #3 */, 0x0f08a612u /* sxtl v18.8h, v16.8b */,
          0x4f20a613u /* sshll2 v19.2d, v16.4s, #0 */});
    EXPECT_EQ(lo(17), 0x0058005000480040ull);
    EXPECT_EQ(hi(17), 0x0478007000680060ull);
    EXPECT_EQ(lo(18), 0x0003000200010000ull);
    EXPECT_EQ(hi(19), 0xffffffff8f0e0d0cull);
    st().fpsr = 0;
    setv(20, 0x40000000ffffffffull);
    setv(21, 0x02, 0);
    exec({0x6f216696u /* sqshlu v22.4s, v20.4s, #1 */});
    EXPECT_EQ(lo(22), 0x8000000000000000ull);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    exec({0x7f0f76b7u /* uqshl b23, b21, #7 */});
    EXPECT_EQ(lo(23), 0xffu);
    EXPECT_EQ(st().fpsr, kQC);
    EXPECT_TRUE(undefined(0x0f410420)); // sshr v0.1d, v1.1d, #63: Q = 0 with 64-bit lanes
    EXPECT_TRUE(undefined(0x5f090420)); // sshr b0, b1, #7: scalar SSHR is D only
}

TEST_F(SimdTest, WideningNarrowingAndPolynomial)
{
    setv(1, 0x7fffffffffffffffull);
    setv(2, 0x00000001ffffffffull);
    exec(
        {0x0ea2c020u /* smull v0.2d, v1.2s, v2.2s */, 0x2ea2c023u /* umull v3.2d, v1.2s, v2.2s */});
    EXPECT_EQ(lo(0), 1u);
    EXPECT_EQ(hi(0), 0x000000007fffffffull);
    EXPECT_EQ(lo(3), 0xfffffffe00000001ull);
    setv(4, 0xffull, 0);
    setv(5, 0x0001000100010001ull);
    exec({0x2e248085u /* umlal v5.8h, v4.8b, v4.8b */});
    EXPECT_EQ(lo(5), 0x000100010001fe02ull);
    st().fpsr = 0;
    setv(6, 0x8000800080008000ull);
    exec({0x0e66d0c7u /* sqdmull v7.4s, v6.4h, v6.4h */});
    EXPECT_EQ(lo(7), 0x7fffffff7fffffffull);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    setv(8, 0x7fffffffffffffffull);
    setv(9, 0x0000000100000001ull);
    exec({0x0ea99128u /* sqdmlal v8.2d, v9.2s, v9.2s */});
    EXPECT_EQ(lo(8), 0x7fffffffffffffffull);
    EXPECT_EQ(st().fpsr, kQC);
    setv(10, 0x0000000012801234ull, 0);
    setv(11, 0x0000000000000100ull, 0);
    setv(12, 0xeeeeeeeeeeeeeeeeull);
    exec({0x0e2b4140u /* addhn v0.8b, v10.8h, v11.8h */,
          0x2e2b414cu /* raddhn v12.8b, v10.8h, v11.8h */,
          0x4e2b614cu /* subhn2 v12.16b, v10.8h, v11.8h */});
    EXPECT_EQ(lo(0), 0x0000000000001213ull);
    EXPECT_EQ(lo(12), 0x0000000000001313ull);
    EXPECT_EQ(hi(12), 0x0000000000001211ull);
    st().fpsr = 0;
    setv(13, 0x0100ffff007f0080ull, 0);
    exec({0x2e2129aeu /* sqxtun v14.8b, v13.8h */, 0x0e2129afu /* xtn v15.8b, v13.8h */});
    EXPECT_EQ(lo(14), 0x00000000ff007f80ull);
    EXPECT_EQ(lo(15), 0x0000000000ff7f80ull);
    EXPECT_EQ(st().fpsr, kQC);
    setv(16, 0x80ff03, 0);
    setv(17, 0x02ff03, 0);
    exec({0x0e31e212u /* pmull v18.8h, v16.8b, v17.8b */,
          0x2e319e13u /* pmul v19.8b, v16.8b, v17.8b */});
    EXPECT_EQ(lo(18), 0x0000010055550005ull);
    EXPECT_EQ(lo(19), 0x0000000000005505ull);
    setv(20, 0x0000000100000002ull, 0xffffffff00000003ull);
    setv(21, 5);
    exec({0x4eb412b5u /* saddw2 v21.2d, v21.2d, v20.4s */,
          0x2eb57296u /* uabdl v22.2d, v20.2s, v21.2s */});
    EXPECT_EQ(lo(21), 8u);
    EXPECT_EQ(hi(21), 4u);
    EXPECT_EQ(lo(22), 6u);
    EXPECT_EQ(hi(22), 1u);
    EXPECT_TRUE(
        undefined(0x0ee2e020u /* pmull v0.1q, v1.1d, v2.1d */)); // FEAT_PMULL not implemented
}

TEST_F(SimdTest, CountsReversalsAndPairwiseLong)
{
    setv(1, 0x4000c0000000ffffull, 0x00000000000000ffull);
    exec({0x4e205820u /* cnt v0.16b, v1.16b */, 0x4e604822u /* cls v2.8h, v1.8h */,
          0x6e604823u /* clz v3.8h, v1.8h */, 0x2e605824u /* rbit v4.8b, v1.8b */,
          0x4ea00825u /* rev64 v5.4s, v1.4s */, 0x6e600826u /* rev32 v6.8h, v1.8h */,
          0x4e201827u /* rev16 v7.16b, v1.16b */, 0x4e602828u /* saddlp v8.4s, v1.8h */,
          0x2e213829u /* shll v9.8h, v1.8b, #8 */});
    EXPECT_EQ(lo(0), 0x0100020000000808ull);
    EXPECT_EQ(hi(0), 0x0000000000000008ull);
    EXPECT_EQ(lo(2), 0x00000001000f000full);
    EXPECT_EQ(lo(3), 0x0001000000100000ull);
    EXPECT_EQ(lo(4), 0x020003000000ffffull);
    EXPECT_EQ(lo(5), 0x0000ffff4000c000ull);
    EXPECT_EQ(lo(6), 0xc0004000ffff0000ull);
    EXPECT_EQ(lo(7), 0x004000c00000ffffull);
    EXPECT_EQ(lo(8), 0x00000000ffffffffull);
    EXPECT_EQ(lo(9), 0x00000000ff00ff00ull);
    setv(10, 0x0000000100000002ull);
    exec({0x6ea0682au /* uadalp v10.2d, v1.4s */, 0x4eaabc2bu /* addp v11.4s, v1.4s, v10.4s */,
          0x5ef1b82cu /* addp d12, v1.2d */});
    EXPECT_EQ(lo(10), 0x000000014001c001ull);
    EXPECT_EQ(lo(12), 0x4000c0000000ffffull + 0xff);
}

TEST_F(SimdTest, MultiplyAndMultiplyAccumulateByElement)
{
    setv(1, 0x0000000300000002ull, 0xffffffff00000004ull);
    setv(2, 0, 0x0000000700000000ull);
    setv(3, 0x0000000100000001ull, 0x0000000100000001ull);
    exec({0x4fa28820u /* mul v0.4s, v1.4s, v2.s[3] */, 0x6fa20823u /* mla v3.4s, v1.4s, v2.s[3] */,
          0x6f814024u /* mls v4.4s, v1.4s, v1.s[0] */,
          0x4fa2a825u /* smull2 v5.2d, v1.4s, v2.s[3] */,
          0x2fa22826u /* umlal v6.2d, v1.2s, v2.s[3] */});
    EXPECT_EQ(lo(0), 0x000000150000000eull);
    EXPECT_EQ(hi(0), 0xfffffff90000001cull);
    EXPECT_EQ(lo(3), 0x000000160000000full);
    EXPECT_EQ(hi(5), 0xfffffffffffffff9ull);
    EXPECT_EQ(lo(5), 28u);
    setv(7, 0x0001000200030004ull, 0x0005000600070008ull);
    setv(8, 0x0001000100010001ull);
    exec({0x6f7708e8u /* mla v8.8h, v7.8h, v7.h[7] */});
    EXPECT_EQ(lo(8), 0x0006000b00100015ull);
    EXPECT_TRUE(undefined(0x6fa2d020u /* sqrdmlah v0.4s, v1.4s, v2.s[1] */)); // FEAT_RDM
    EXPECT_TRUE(undefined(0x4fa2e020u /* sdot v0.4s, v1.16b, v2.4b[1] */));   // FEAT_DotProd
    EXPECT_TRUE(undefined(0x0f920020u /* fmlal v0.2s, v1.2h, v2.h[1] */));    // FEAT_FHM
}

TEST_F(SimdTest, ScalarForms)
{
    setv(1, 0x7fffffffffffff7full, 0x1234);
    setv(2, 0x0000000000000001ull, 0x5678);
    st().fpsr = 0;
    exec({0x5ee28420u /* add d0, d1, d2 */, 0x5ee13443u /* cmgt d3, d2, d1 */,
          0x5e220c24u /* sqadd b4, b1, b2 */, 0x7ee18445u /* sub d5, d2, d1 */,
          0x5ee09826u /* cmeq d6, d1, #0 */, 0x7f410427u /* ushr d7, d1, #63 */,
          0x5ee20c28u /* sqadd d8, d1, d2 */});
    EXPECT_EQ(lo(0), 0x7fffffffffffff80ull);
    EXPECT_EQ(hi(0), 0u);
    EXPECT_EQ(lo(3), 0u);
    EXPECT_EQ(lo(4), 0x7fu);
    EXPECT_EQ(hi(4), 0u);
    EXPECT_EQ(lo(5), 0x8000000000000082ull);
    EXPECT_EQ(lo(6), 0u);
    EXPECT_EQ(lo(7), 0u);
    EXPECT_EQ(lo(8), 0x7fffffffffffff80ull);
    EXPECT_EQ(st().fpsr, kQC);
    st().fpsr = 0;
    setv(9, 0x0000000000018000ull, 0);
    exec({0x5e61492au /* sqxtn h10, s9 */, 0x7e61492bu /* uqxtn h11, s9 */,
          0x5e69d12cu /* sqdmull s12, h9, h9 */});
    EXPECT_EQ(lo(10), 0x7fffu);
    EXPECT_EQ(lo(11), 0xffffu);
    EXPECT_EQ(lo(12), 0x7fffffffu);
    EXPECT_EQ(st().fpsr, kQC);
    EXPECT_TRUE(undefined(0x5e228420)); // add b0, b1, b2: scalar ADD is D only
}

TEST_F(SimdTest, VectorFloatingPointArithmeticAndFlags)
{
    setv(1, 0x400000003f800000ull, 0x7f800001ff800000ull); // 1.0, 2.0, -inf, sNaN
    setv(2, 0x404000003f800000ull, 0x3f8000007f800000ull); // 1.0, 3.0, +inf, 1.0
    st().fpcr = 0;
    st().fpsr = 0;
    exec({0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */});
    EXPECT_EQ(lo(0), 0x40a0000040000000ull);
    EXPECT_EQ(hi(0), 0x7fc000017fc00000ull); // default NaN for inf-inf, quietened sNaN
    EXPECT_EQ(st().fpsr, kIOC);
    st().fpcr = 1u << 25; // DN: the sNaN gives the default NaN too
    exec({0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */});
    EXPECT_EQ(hi(0), 0x7fc000007fc00000ull);
    st().fpcr = 0;
    st().fpsr = 0;
    setv(3, 0x3f8000003f800000ull); // 1.0
    exec({0x4e22cc23u /* fmla v3.4s, v1.4s, v2.4s */});
    EXPECT_EQ(lo(3), 0x40e0000040000000ull); // 1 + 2*3 = 7, 1 + 1*1 = 2
    setv(4, 0x0000000100000001ull, 0);       // denormals
    setv(5, 0x3f8000003f800000ull, 0);
    st().fpsr = 0;
    st().fpcr = 1u << 24; // FZ
    exec({0x2e25dc86u /* fmul v6.2s, v4.2s, v5.2s */});
    EXPECT_EQ(lo(6), 0u);
    EXPECT_EQ(st().fpsr, kIDC);
    st().fpcr = 0;
    st().fpsr = 0;
    exec({0x2e24dc86u /* fmul v6.2s, v4.2s, v4.2s */}); // tiny * tiny: underflow to zero, inexact
    EXPECT_EQ(lo(6), 0u);
    EXPECT_EQ(st().fpsr, kUFC | kIXC);
    st().fpsr = 0;
    setv(7, 0x8000000000000000ull, 0x3ff0000000000000ull); // -0.0, 1.0
    setv(8, 0x3ff0000000000000ull, 0x0000000000000000ull);
    exec({0x6e67fd09u /* fdiv v9.2d, v8.2d, v7.2d */});
    EXPECT_EQ(lo(9), 0xfff0000000000000ull); // 1 / -0 = -inf
    EXPECT_EQ(hi(9), 0u);
    EXPECT_EQ(st().fpsr, kDZC);
    st().fpsr = 0;
    setv(10, 0x7fc0000040000000ull, 0); // qNaN, 2.0
    setv(11, 0x3f8000003f800000ull, 0);
    exec({0x0e2bc54cu /* fmaxnm v12.2s, v10.2s, v11.2s */,
          0x0e2bf54du /* fmax v13.2s, v10.2s, v11.2s */,
          0x0e2be54eu /* fcmeq v14.2s, v10.2s, v11.2s */, 0x0ea0f94fu /* fabs v15.2s, v10.2s */,
          0x2ea0f950u /* fneg v16.2s, v10.2s */});
    EXPECT_EQ(lo(12), 0x3f80000040000000ull);
    EXPECT_EQ(lo(13), 0x7fc0000040000000ull);
    EXPECT_EQ(lo(14), 0u);
    EXPECT_EQ(lo(16), 0xffc00000c0000000ull);
    EXPECT_EQ(st().fpsr, 0u); // quiet NaNs: FMAX/FMAXNM/FCMEQ do not signal
    exec({0x2eabe54eu /* fcmgt v14.2s, v10.2s, v11.2s */});
    EXPECT_EQ(lo(14), 0x00000000ffffffffull);
    EXPECT_EQ(st().fpsr, kIOC); // FCMGT signals on any NaN
    st().fpsr = 0;
    setv(17, 0x4080000040400000ull, 0x4100000040e00000ull); // 3, 4, 7, 8
    setv(18, 0x3f80000040000000ull, 0x40a0000040c00000ull); // 2, 1, 6, 5
    exec({0x6e32d633u /* faddp v19.4s, v17.4s, v18.4s */, 0x6e30fa34u /* fmaxv s20, v17.4s */,
          0x6eb0ca55u /* fminnmv s21, v18.4s */, 0x7e30da36u /* faddp s22, v17.2s */});
    EXPECT_EQ(lo(19), 0x4170000040e00000ull); // 7, 15
    EXPECT_EQ(hi(19), 0x4130000040400000ull); // 3, 11
    EXPECT_EQ(lo(20), 0x41000000u);
    EXPECT_EQ(lo(21), 0x3f800000u);
    EXPECT_EQ(lo(22), 0x40e00000u);
    EXPECT_EQ(st().fpsr, 0u);
    EXPECT_TRUE(undefined(0x0e421420u /* fadd v0.4h, v1.4h, v2.4h */)); // FEAT_FP16
    EXPECT_TRUE(undefined(0x0e62d420)); // fadd v0.2d with Q = 0: reserved
}

TEST_F(SimdTest, FloatingPointStepsByElementAndScalarForms)
{
    st().fpcr = 0;
    st().fpsr = 0;
    setv(1, 0x8000000000000000ull, 0x3fc000003f800000ull); // 0, -0, 1, 1.5
    setv(2, 0x7f8000007f800000ull, 0x3f8000003f800000ull); // inf, inf, 1, 1
    exec({0x4e22dc20u /* fmulx v0.4s, v1.4s, v2.4s */, 0x4e22fc23u /* frecps v3.4s, v1.4s, v2.4s */,
          0x4ea2fc24u /* frsqrts v4.4s, v1.4s, v2.4s */,
          0x6e22dc25u /* fmul v5.4s, v1.4s, v2.4s */});
    EXPECT_EQ(lo(0), 0xc000000040000000ull); // 0 * inf = +-2 (FMULX)
    EXPECT_EQ(hi(0), 0x3fc000003f800000ull);
    EXPECT_EQ(lo(3), 0x4000000040000000ull); // 2 - 0 * inf = 2
    EXPECT_EQ(hi(3), 0x3f0000003f800000ull); // 2 - 1.5 = 0.5, 2 - 1 = 1
    EXPECT_EQ(lo(4), 0x3fc000003fc00000ull); // (3 - 0 * inf) / 2 = 1.5
    EXPECT_EQ(hi(4), 0x3f4000003f800000ull); // (3 - 1.5) / 2 = 0.75, (3 - 1) / 2 = 1
    EXPECT_EQ(lo(5), 0x7fc000007fc00000ull); // FMUL: 0 * inf is invalid
    EXPECT_EQ(st().fpsr, kIOC);
    st().fpsr = 0;
    setv(6, 0x4100000040400000ull, 0xc040000000000000ull); // 3, 8, 0, -3
    setv(7, 0x3f80000040000000ull, 0x40800000bf800000ull); // 2, 1, -1, 4
    setv(8, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    exec({0x4fa718c8u /* fmla v8.4s, v6.4s, v7.s[3] */, 0x7ea7d4c9u /* fabd s9, s6, s7 */,
          0x6ea7eccau /* facgt v10.4s, v6.4s, v7.4s */, 0x6ea0d8cbu /* fcmle v11.4s, v6.4s, #0.0 */,
          0x5ea1f8ccu /* frecpx s12, s6 */, 0x7fcf99cdu /* fmulx d13, d14, v15.d[1] */,
          0x5ea0c8d0u /* fcmgt s16, s6, #0.0 */});
    EXPECT_EQ(lo(8), 0x4204000041500000ull); // 1 + 3*4 = 13, 1 + 8*4 = 33
    EXPECT_EQ(hi(8), 0xc13000003f800000ull); // 1 + 0*4 = 1, 1 - 3*4 = -11
    EXPECT_EQ(lo(9), 0x3f800000u);           // |3 - 2|
    EXPECT_EQ(hi(9), 0u);
    EXPECT_EQ(lo(10), 0xffffffffffffffffull); // |3| > |2|, |8| > |1|
    EXPECT_EQ(hi(10), 0x0000000000000000ull); // |0| > |-1| no, |-3| > |4| no
    EXPECT_EQ(lo(11), 0u);
    EXPECT_EQ(hi(11), 0xffffffffffffffffull); // 0 <= 0, -3 <= 0
    EXPECT_EQ(lo(12), 0x3f800000u); // FRECPX(3.0): exponent inverted, fraction cleared: 1.0
    EXPECT_EQ(lo(16), 0xffffffffu);
    EXPECT_EQ(st().fpsr, 0u);
    EXPECT_TRUE(undefined(0x0fc21820)); // fmla v0.2d, v1.2d, v2.d[1] with Q = 0: reserved
}

// FMLA/FADD/FMUL (single) take a host-FPU path when it is exact to do so: results
// and flags must be those of the soft-float core, lane by lane, at the edges.
TEST_F(SimdTest, SinglePrecisionHostFastPathEdges)
{
    st().fpcr = 0;
    st().fpsr = 0;
    setv(0, 0x000000003f800000ull, 0x00000000bf800000ull); // acc: 1, 0, -1, 0
    setv(1, 0x2000000030800000ull, 0x7f0000001f800001ull); // 2^-30, 2^-63, tiny+, 2^127
    setv(2, 0x200000003f800000ull, 0x4080000020000000ull); // 1, 2^-63, 2^-63, 4
    exec({0x4e22cc20u /* fmla v0.4s, v1.4s, v2.4s */});
    EXPECT_EQ(lo(0), 0x008000003f800000ull); // 1 + 2^-30 -> 1 (inexact); 2^-126 exact
    EXPECT_EQ(hi(0), 0x7f800000bf800000ull); // -1 + denormal product -> -1; overflow -> inf
    EXPECT_EQ(st().fpsr, kIXC | kOFC);
    st().fpsr = 0;
    setv(3, 0);
    exec({0x4e22cc23u /* fmla v3.4s, v1.4s, v2.4s */});
    EXPECT_EQ(hi(3) & 0xffffffffu, 0x00400000u); // 2^-127 (1 + 2^-23): denormal, ties to even
    EXPECT_EQ(st().fpsr, kIXC | kOFC | kUFC);
    st().fpsr = 0;
    setv(4, 0x4040000040000000ull, 0x3f800000c0000000ull); // 2, 3, -2, 1
    setv(5, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    setv(6, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    exec({0x4e25cc86u /* fmla v6.4s, v4.4s, v5.4s */, 0x4e25d487u /* fadd v7.4s, v4.4s, v5.4s */,
          0x6e24dc88u /* fmul v8.4s, v4.4s, v4.4s */, 0x4ea4d489u /* fsub v9.4s, v4.4s, v4.4s */});
    EXPECT_EQ(lo(6), 0x4080000040400000ull); // 3, 4
    EXPECT_EQ(hi(6), 0x40000000bf800000ull); // -1, 2
    EXPECT_EQ(lo(7), 0x4080000040400000ull);
    EXPECT_EQ(lo(8), 0x4110000040800000ull); // 4, 9
    EXPECT_EQ(lo(9), 0u);                    // x - x = +0
    EXPECT_EQ(hi(9), 0u);
    EXPECT_EQ(st().fpsr, 0u); // all exact
    st().fpcr = 3u << 22;     // RZ: the soft-float path
    setv(10, 0x3f800000ull, 0);
    setv(11, 0x33800001ull, 0); // just over 2^-24
    exec({0x0e2bd54cu /* fadd v12.2s, v10.2s, v11.2s */});
    EXPECT_EQ(lo(12) & 0xffffffffu, 0x3f800000u); // RN would round up to 1 + 2^-23
    st().fpcr = 0;
    exec({0x0e2bd54cu /* fadd v12.2s, v10.2s, v11.2s */});
    EXPECT_EQ(lo(12) & 0xffffffffu, 0x3f800001u);
}

// FMLA/FMLS .4S run four lanes at once on the host's FMA unit where that is exact
// (a64_simd_fp.c): with the host paths switched off every lane goes through the
// soft-float core. Both must give the same registers and FPSR for random FPCR
// (RMode, FZ, DN), FPSR.IXC clear or already set, and lanes drawn from the special
// values, denormals, tiny and huge exponents and near-cancellations.
TEST_F(SimdTest, FmlaFourLanesHostPathMatchesSoftFloat)
{
    uint64_t seed = 0x243f6a8885a308d3ull;
    auto next = [&]() {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        return seed;
    };
    static const uint32_t special[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000,
                                       0x7fc00123, 0xff800456, 0x00000001, 0x807fffff,
                                       0x00800000, 0x80800001, 0x7f7fffff, 0x3f800000};
    bool plain = false; // every lane a moderate normal number (the host path's case)
    auto lane = [&]() -> uint32_t {
        uint64_t r = next();
        uint32_t sign = (uint32_t)(r >> 63) << 31, frac = (uint32_t)(r >> 8) & 0x7fffff;
        switch (plain ? 7 : r % 8) {
        case 0: return special[(r >> 40) % 12];
        case 1: return sign | (uint32_t)(1 + (r >> 40) % 30) << 23 | frac;   // tiny
        case 2: return sign | (uint32_t)(225 + (r >> 40) % 30) << 23 | frac; // huge
        case 3: return sign | (frac >> (r >> 48) % 23);                      // denormal
        default: return sign | (uint32_t)(112 + (r >> 40) % 30) << 23 | frac;
        }
    };
    auto fill = [&](unsigned v) {
        for (unsigned k = 0; k < 4; k++)
            st().v[v].s[k] = lane();
    };
    uint64_t differ_from_acc = 0;
    for (int trial = 0; trial < 20000; trial++) {
        plain = trial % 2 == 0;
        for (unsigned v : {0u, 1u, 2u, 3u, 4u, 5u})
            fill(v);
        for (unsigned k = 0; k < 4; k++) { // acc close to -(a*b): cancellation, tiny results
            if (next() % 3 == 0) {
                float a, b, p;
                std::memcpy(&a, &st().v[1].s[k], 4);
                std::memcpy(&b, &st().v[2].s[k], 4);
                p = -(a * b);
                std::memcpy(&st().v[0].s[k], &p, 4);
                st().v[0].s[k] ^= (uint32_t)(next() & 3);
            }
        }
        uint64_t r = next();
        uint32_t fpcr = (r % 3 == 0 ? (uint32_t)(r >> 8) % 4 : 0) << 22;
        fpcr |= (r & 0x10000) ? 1u << 24 : 0; // FZ
        fpcr |= (r & 0x20000) ? 1u << 25 : 0; // DN
        uint32_t fpsr0 = (r & 0x40000) ? kIXC : 0;
        a64_state in = st();
        a64_vreg out[2][6];
        uint32_t fpsr[2];
        for (int host = 0; host < 2; host++) {
            a64_fpu_use_host(host == 1);
            st() = in;
            st().fpcr = fpcr;
            st().fpsr = fpsr0;
            exec({0x4e22cc20u /* fmla v0.4s, v1.4s, v2.4s */,
                  0x4ea5cc83u /* fmls v3.4s, v4.4s, v5.4s */});
            std::memcpy(out[host], st().v, sizeof out[host]);
            fpsr[host] = st().fpsr;
        }
        a64_fpu_use_host(true);
        differ_from_acc += out[1][0].d[0] != in.v[0].d[0];
        ASSERT_EQ(std::memcmp(out[0], out[1], sizeof out[0]), 0)
            << "trial " << trial << std::hex << " fpcr " << fpcr << " v0 " << out[0][0].d[1] << ":"
            << out[0][0].d[0] << " host " << out[1][0].d[1] << ":" << out[1][0].d[0];
        ASSERT_EQ(fpsr[0], fpsr[1]) << "trial " << trial << std::hex << " fpcr " << fpcr;
    }
    EXPECT_GT(differ_from_acc, 5000u);
}

// LD1/ST1 of whole registers take a direct host copy when the transfer lies in one
// RAM page the micro-TLB maps (a64_simd_ldst.c); at a page boundary, into a page
// holding code, and with Q = 0 the result is what the element-wise path gives.
TEST_F(SimdTest, Ld1St1WholeRegisterCopies)
{
    for (unsigned k = 0; k < 0x2000; k++)
        ram[0x9000 + k] = (uint8_t)(k * 7);
    auto byte_at = [&](uint64_t pa) { return ram[pa - kRam]; };
    auto expect_reg = [&](unsigned v, uint64_t pa, unsigned bytes) {
        for (unsigned k = 0; k < 16; k++)
            ASSERT_EQ(st().v[v].b[k], k < bytes ? byte_at(pa + k) : 0) << "v" << v << " byte " << k;
    };
    // wrap-around register list v30, v31, v0, v1, post-index by register
    x(0) = kRam + 0x9000;
    x(1) = 0x100;
    exec({0x4c407000u /* ld1 {v0.16b}, [x0] (fills the micro-TLB) */,
          0x4cc12c1eu /* ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0], x1 */,
          0x0c40a002u /* ld1 {v2.8b, v3.8b}, [x0] (Q = 0: upper halves cleared) */});
    expect_reg(30, kRam + 0x9000, 16);
    expect_reg(31, kRam + 0x9010, 16);
    expect_reg(0, kRam + 0x9020, 16);
    expect_reg(1, kRam + 0x9030, 16);
    expect_reg(2, kRam + 0x9100, 8);
    expect_reg(3, kRam + 0x9108, 8);
    EXPECT_EQ(x(0), kRam + 0x9100);
    // crossing into the next page (element-wise path), and back in one page
    x(0) = kRam + 0x9ff0;
    exec({0x4c40a004u /* ld1 {v4.16b, v5.16b}, [x0] */});
    expect_reg(4, kRam + 0x9ff0, 16);
    expect_reg(5, kRam + 0xa000, 16);
    x(2) = kRam + 0xa800;
    exec({0x4c40a004u /* ld1 {v4.16b, v5.16b}, [x0] */,
          0x4c9f6044u /* st1 {v4.16b, v5.16b, v6.16b}, [x2], #48 */});
    EXPECT_EQ(x(2), kRam + 0xa830);
    for (unsigned k = 0; k < 32; k++)
        ASSERT_EQ(byte_at(kRam + 0xa800 + k), byte_at(kRam + 0x9ff0 + k)) << k;
    EXPECT_EQ(std::memcmp(&ram[0xa820], &st().v[6], 16), 0);
    // A store over predecoded code: the next execution sees the new instruction.
    setv(7, 0x91000421d503201full, 0); // nop; add x1, x1, #1
    x(1) = 0;
    x(3) = kRam + 0x20;
    load(kRam, {0x0c007867u /* st1 {v7.2s}, [x3] */, enc::nop(), enc::nop(), enc::nop(), enc::nop(),
                enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::nop(), enc::stop()});
    for (int pass = 0; pass < 2; pass++) { // the second pass runs predecoded slots
        st().pc = kRam;
        ASSERT_EQ(run().reason, A64_STOP_SEMIHOST);
    }
    EXPECT_EQ(x(1), 2u);
}

TEST_F(SimdTest, VectorFloatingPointRoundingAndConversions)
{
    setv(1, 0xc020000040200000ull, 0x3fc0000040600000ull); // 2.5, -2.5, 3.5, 1.5
    st().fpcr = 0;
    st().fpsr = 0;
    exec({0x4e218820u /* frintn v0.4s, v1.4s */, 0x6e218822u /* frinta v2.4s, v1.4s */,
          0x4e219823u /* frintm v3.4s, v1.4s */, 0x4ea1b824u /* fcvtzs v4.4s, v1.4s */,
          0x4e21c825u /* fcvtas v5.4s, v1.4s */, 0x6e21a826u /* fcvtnu v6.4s, v1.4s */});
    EXPECT_EQ(lo(0), 0xc000000040000000ull);
    EXPECT_EQ(hi(0), 0x4000000040800000ull);
    EXPECT_EQ(lo(2), 0xc040000040400000ull);
    EXPECT_EQ(lo(3), 0xc040000040000000ull);
    EXPECT_EQ(lo(4), 0xfffffffe00000002ull);
    EXPECT_EQ(lo(5), 0xfffffffd00000003ull);
    EXPECT_EQ(lo(6), 0x0000000000000002ull); // -2.5 -> 0 unsigned: saturates
    EXPECT_EQ(st().fpsr, kIOC | kIXC);
    st().fpsr = 0;
    setv(7, 0x4f32d05e4f3b9aca, 0); // 3e9, 3.0e9-ish
    exec({0x0ea1b8e8u /* fcvtzs v8.2s, v7.2s */});
    EXPECT_EQ(lo(8), 0x7fffffff7fffffffull);
    EXPECT_EQ(st().fpsr, kIOC);
    st().fpsr = 0;
    setv(9, 0x0000000000000003ull, 0xfffffffffffffffdull);
    exec({0x4f7fe52au /* scvtf v10.2d, v9.2d, #1 */, 0x6e61d92bu /* ucvtf v11.2d, v9.2d */});
    EXPECT_EQ(lo(10), 0x3ff8000000000000ull); // 1.5
    EXPECT_EQ(hi(10), 0xbff8000000000000ull); // -1.5
    EXPECT_EQ(hi(11), 0x43f0000000000000ull); // 2^64 - 3 rounds to 2^64
    EXPECT_EQ(st().fpsr, kIXC);
    st().fpsr = 0;
    setv(12, 0x3fc000003f800000ull, 0);
    setv(13, 0x1111111111111111ull);
    exec({0x0e21698du /* fcvtn v13.4h, v12.4s */, 0x0e61798eu /* fcvtl v14.2d, v12.2s */});
    EXPECT_EQ(lo(13), 0x000000003e003c00ull);
    EXPECT_EQ(hi(13), 0u);
    EXPECT_EQ(lo(14), 0x3ff0000000000000ull);
    EXPECT_EQ(hi(14), 0x3ff8000000000000ull);
    setv(15, 0x3ff0000004000000ull, 0); // 1 + 2^-30
    exec({0x7e6169f0u /* fcvtxn s16, d15 */, 0x0e6169f1u /* fcvtn v17.2s, v15.2d */});
    EXPECT_EQ(lo(16), 0x3f800001u); // round to odd
    EXPECT_EQ(lo(17), 0x3f800000u);
    EXPECT_EQ(st().fpsr, kIXC);
    st().fpsr = 0;
    setv(18, 0x3f80000040000000ull, 0x800000007fffffffull);
    exec({0x4ea1da53u /* frecpe v19.4s, v18.4s */, 0x4ea1ca54u /* urecpe v20.4s, v18.4s */,
          0x2ea1da55u /* frsqrte v21.2s, v18.2s */});
    EXPECT_EQ(lo(19), 0x3f7f80003eff8000ull);
    EXPECT_EQ(lo(20), 0xffffffffffffffffull);
    EXPECT_EQ(hi(20), 0xff800000ffffffffull);
    EXPECT_EQ(lo(21) >> 32, 0x3f7f8000u);
}

TEST_F(SimdTest, StructureLoadsAndStores)
{
    fill_data();
    x(0) = kData;
    x(1) = 8;
    exec({0x4c407000u /* ld1 {v0.16b}, [x0] */,
          0x4cdf2001u /* ld1 {v1.16b, v2.16b, v3.16b, v4.16b}, [x0], #64 */,
          0x4cc1a805u /* ld1 {v5.4s, v6.4s}, [x0], x1 */});
    EXPECT_EQ(lo(0), bytes8(0));
    EXPECT_EQ(hi(0), bytes8(8));
    EXPECT_EQ(lo(4), bytes8(48));
    EXPECT_EQ(hi(4), bytes8(56));
    EXPECT_EQ(lo(5), bytes8(64));
    EXPECT_EQ(hi(6), bytes8(88));
    EXPECT_EQ(x(0), kData + 72);
    x(0) = kData;
    exec({0x4c408400u /* ld2 {v0.8h, v1.8h}, [x0] */,
          0x0c404002u /* ld3 {v2.8b, v3.8b, v4.8b}, [x0] */,
          0x4c400805u /* ld4 {v5.4s, v6.4s, v7.4s, v8.4s}, [x0] */});
    EXPECT_EQ(lo(0), 0x0d0c090805040100ull);
    EXPECT_EQ(lo(1), 0x0f0e0b0a07060302ull);
    EXPECT_EQ(lo(2), 0x15120f0c09060300ull);
    EXPECT_EQ(hi(2), 0u);
    EXPECT_EQ(lo(4), 0x1714110e0b080502ull);
    EXPECT_EQ(lo(5), 0x1312111003020100ull);
    EXPECT_EQ(hi(8), 0x3f3e3d3c2f2e2d2cull);
    // ST4 writes back what LD4 read; ST1 of one register
    x(2) = kData + 0x100;
    exec({0x4c9f0845u /* st4 {v5.4s, v6.4s, v7.4s, v8.4s}, [x2], #64 */,
          0x4c007c40u /* st1 {v0.2d}, [x2] */});
    for (unsigned k = 0; k < 64; k++)
        ASSERT_EQ(ram[kData - kRam + 0x100 + k], k) << k;
    EXPECT_EQ(ram64(kData + 0x140), 0x0d0c090805040100ull);
    EXPECT_EQ(x(2), kData + 0x140);
    // single lanes, replicate, wrap-around register lists
    setv(9, ~0ull);
    x(0) = kData + 8;
    exec({0x4d409009u /* ld1 {v9.s}[3], [x0] */,
          0x4d60e40au /* ld4r {v10.8h, v11.8h, v12.8h, v13.8h}, [x0] */,
          0x4ddfcc0eu /* ld1r {v14.2d}, [x0], #8 */,
          0x0c40081eu /* ld4 {v30.2s, v31.2s, v0.2s, v1.2s}, [x0] */});
    EXPECT_EQ(lo(9), ~0ull);
    EXPECT_EQ(hi(9), 0x0b0a0908ffffffffull);
    EXPECT_EQ(lo(10), 0x0908090809080908ull);
    EXPECT_EQ(hi(13), 0x0f0e0f0e0f0e0f0eull);
    EXPECT_EQ(lo(14), bytes8(8));
    EXPECT_EQ(hi(14), bytes8(8));
    EXPECT_EQ(x(0), kData + 16);
    EXPECT_EQ(lo(30), 0x2322212013121110ull);
    EXPECT_EQ(lo(1), 0x2f2e2d2c1f1e1d1cull);
    EXPECT_EQ(hi(1), 0u);
    setv(15, 0, 0xaa00000000000000ull);
    setv(16, 0, 0xbb00000000000000ull);
    x(3) = kData + 0x200;
    x(4) = 3;
    exec({0x4da41c6fu /* st2 {v15.b, v16.b}[15], [x3], x4 */});
    EXPECT_EQ(ram[kData - kRam + 0x200], 0xaa);
    EXPECT_EQ(ram[kData - kRam + 0x201], 0xbb);
    EXPECT_EQ(x(3), kData + 0x203);
    EXPECT_TRUE(undefined(0x0c403000)); // LD/ST multiple with opcode 0011: unallocated
    EXPECT_TRUE(undefined(0x0d408800)); // LD1 single, 32-bit lane scale with size<1> = 1
}

TEST_F(SimdTest, StructureAccessAlignmentIsPerElement)
{
    fill_data();
    // Byte elements at an odd address are fine with stage 1 off (Device memory) ...
    x(0) = kData + 1;
    exec({0x4cdf7000u /* ld1 {v0.16b}, [x0], #16 */});
    EXPECT_EQ(lo(0), bytes8(1));
    EXPECT_EQ(x(0), kData + 17);
    // ... halfword elements are not: Alignment fault, no base write-back
    x(0) = kData + 1;
    uint64_t esr = fault(0x4cdf7400u /* ld1 {v0.8h}, [x0], #16 */);
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | 0x21u); // Alignment fault, a read
    EXPECT_EQ(sr(SR_FAR_EL1), kData + 1);
    EXPECT_EQ(x(0), kData + 1);
    x(0) = kData + 2;
    esr = fault(0x0d009000u /* st1 {v0.s}[1], [x0] */);
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | (1u << 6) | 0x21u); // a write (WnR)
    EXPECT_EQ(sr(SR_FAR_EL1), kData + 2);
}

// SP as the base: CheckSPAlignment (SCTLR_EL1.SA) before any access.
TEST_F(SimdTest, StructureAccessWithSpBaseChecksSpAlignment)
{
    fill_data();
    st().sp_el[1] = kData + 8;
    st().spsel = 1;
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | (1u << 3)); // SA
    uint64_t esr = fault(0x4cdf73e0u /* ld1 {v0.16b}, [sp], #16 */);
    EXPECT_EQ(esr, (0x26u << 26) | (1u << 25)); // SP alignment: ISS 0
    EXPECT_EQ(st().sp_el[1], kData + 8);
    esr = fault(0x0d0083e0u /* st1 {v0.s}[0], [sp] */);
    EXPECT_EQ(esr, (0x26u << 26) | (1u << 25)); // SP alignment: ISS 0
    st().sp_el[1] = kData + 16;
    exec({0x4cdf73e0u /* ld1 {v0.16b}, [sp], #16 */});
    EXPECT_EQ(lo(0), bytes8(16));
    EXPECT_EQ(st().sp_el[1], kData + 32);
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~(uint64_t)(1u << 3));
    st().sp_el[1] = kData + 8;
    exec({0x4c4073e0u /* ld1 {v0.16b}, [sp] */}); // SA clear: no check
    EXPECT_EQ(lo(0), bytes8(8));
}

// Outside RAM (MMIO, Device-nGnRnE) every element is its own access: a device sees
// exactly the accesses the structure instruction makes.
TEST_F(SimdTest, StructureAccessesToMmioArePerElement)
{
    mmio_read_value = 0xa5;
    x(0) = 0x09000000;
    exec({0x4c407000u /* ld1 {v0.16b}, [x0] */});
    ASSERT_EQ(mmio.size(), 16u);
    for (unsigned k = 0; k < 16; k++) {
        EXPECT_EQ(mmio[k].pa, 0x09000000u + k);
        EXPECT_EQ(mmio[k].size, 1u);
        EXPECT_FALSE(mmio[k].write);
    }
    EXPECT_EQ(lo(0), 0xa5a5a5a5a5a5a5a5ull);
    mmio.clear();
    setv(1, 0x0000000200000001ull, 0x0000000400000003ull);
    exec({0x4c007801u /* st1 {v1.4s}, [x0] */, 0x4c407c02u /* ld1 {v2.2d}, [x0] */});
    ASSERT_EQ(mmio.size(), 6u);
    for (unsigned k = 0; k < 4; k++) {
        EXPECT_EQ(mmio[k].pa, 0x09000000u + 4 * k);
        EXPECT_EQ(mmio[k].size, 4u);
        EXPECT_EQ(mmio[k].value, k + 1);
        EXPECT_TRUE(mmio[k].write);
    }
    EXPECT_EQ(mmio[4].size, 8u);
    EXPECT_EQ(mmio[5].pa, 0x09000008u);
    mmio.clear();
    exec({0x0c408003u /* ld2 {v3.8b, v4.8b}, [x0] */}); // interleaved: element by element
    EXPECT_EQ(mmio.size(), 16u);
}

TEST_F(SimdTest, AccessTrapsFollowCpacr)
{
    set_sr(SR_CPACR_EL1, 0);
    uint64_t esr = fault(0x4e228420u /* add v0.16b, v1.16b, v2.16b */);
    EXPECT_EQ(esr, esr::kFpTrap);
    x(0) = kData;
    esr = fault(0x4cdf7000u /* ld1 {v0.16b}, [x0], #16 */);
    EXPECT_EQ(esr, esr::kFpTrap);
    EXPECT_EQ(x(0), kData); // trapped before any access or write-back
    esr = fault(0x0e043c20u /* umov w0, v1.s[0] */);
    EXPECT_EQ(esr, esr::kFpTrap);
    set_sr(SR_CPACR_EL1, 1ull << 20); // FPEN = 01: EL0 traps, EL1 does not
    EXPECT_EQ(fault(0x4e228420u /* add v0.16b, v1.16b, v2.16b */), ~0ull);
}

// Timing: the row's class (a64_timing simd / simd_mul / load / store) is charged once
// per instruction, whatever the element count or number of registers.
TEST_F(SimdTest, TimingClassesPerRow)
{
    const a64_timing *t = a64_timing_default();
    fill_data();
    auto cost = [&](uint32_t w) {
        x(0) = kData;
        load(kRam, {w, enc::stop()});
        st().pc = kRam;
        a64_stop_info i = run();
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        return i.cycles - t->alu; // the HLT
    };
    EXPECT_EQ(cost(0x4e228420u /* add v0.16b, v1.16b, v2.16b */), t->simd);
    EXPECT_EQ(cost(0x6e30a820u /* umaxv b0, v1.16b */), t->simd);
    EXPECT_EQ(cost(0x4e056020u /* tbl v0.16b, {v1.16b-v4.16b}, v5.16b */), t->simd);
    EXPECT_EQ(cost(0x4ea29c20u /* mul v0.4s, v1.4s, v2.4s */), t->simd_mul);
    EXPECT_EQ(cost(0x4e22cc20u /* fmla v0.4s, v1.4s, v2.4s */), t->simd_mul);
    EXPECT_EQ(cost(0x0fa2a020u /* smull v0.2d, v1.2s, v2.s[1] */), t->simd_mul);
    EXPECT_EQ(cost(0x4c400000u /* ld4 {v0.16b-v3.16b}, [x0] */), t->load);
    EXPECT_EQ(cost(0x4c007000u /* st1 {v0.16b}, [x0] */), t->store);
}

#define SR_ID_AA64PFR0  A64_SYSREG(3, 0, 0, 4, 0)
#define SR_ID_AA64ISAR0 A64_SYSREG(3, 0, 0, 6, 0)
#define SR_ID_AA64ISAR1 A64_SYSREG(3, 0, 0, 6, 1)

TEST_F(SimdTest, IdRegistersSayWhatExists)
{
    uint64_t pfr0 = sr(SR_ID_AA64PFR0), isar0 = sr(SR_ID_AA64ISAR0), isar1 = sr(SR_ID_AA64ISAR1);
    EXPECT_EQ((pfr0 >> 16) & 0xf, 0u);     // FP: single, double, half conversions only
    EXPECT_EQ((pfr0 >> 20) & 0xf, 0u);     // AdvSIMD: no FP16 arithmetic
    EXPECT_EQ(isar0 & 0xfffull << 4, 0u);  // AES (and PMULL 1Q), SHA1, SHA2 absent
    EXPECT_EQ((isar0 >> 28) & 0xf, 0u);    // RDM
    EXPECT_EQ((isar0 >> 32) & 0xffff, 0u); // SHA3, SM3, SM4, DotProd
    EXPECT_EQ((isar0 >> 48) & 0xf, 0u);    // FHM
    EXPECT_EQ((isar1 >> 12) & 0xf, 0u);    // JSCVT
    EXPECT_EQ((isar1 >> 16) & 0xf, 0u);    // FCMA
}

TEST_F(SimdTest, PostArmv80FeaturesAreUndefined)
{
    for (uint32_t w :
         {0x4e284820u /* aese v0.16b, v1.16b */, 0x5e020020u /* sha1c q0, s1, v2.4s */,
          0x6e428420u /* sqrdmlah v0.8h, v1.8h, v2.8h */,
          0x4e829420u /* sdot v0.4s, v1.16b, v2.16b */, 0x0e22ec20u /* fmlal v0.2s, v1.2h, v2.2h */,
          0x6e82cc20u /* fcmla v0.4s, v1.4s, v2.4s, #90 */,
          0x6f623020u /* fcmla v0.8h, v1.8h, v2.h[1], #90 */, 0x4e30c820u /* fmaxnmv h0, v1.8h */,
          0x0f1dfc20u /* fcvtzs v0.4h, v1.4h, #3 */, 0x5e30d820u /* faddp h0, v1.2h */})
        EXPECT_TRUE(undefined(w)) << std::hex << w;
}

} // namespace
