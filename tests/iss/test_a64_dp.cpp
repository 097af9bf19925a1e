// Data processing (immediate and register): known words -> expected results/flags.
#include "test_a64_harness.h"

namespace
{

// Run a single instruction at kRam with the given register inputs; returns core state.
class DpTest : public A64Test
{
  protected:
    void exec(uint32_t insn, std::initializer_list<std::pair<unsigned, uint64_t>> regs,
              uint32_t nzcv = 0)
    {
        for (auto &r : regs)
            x(r.first) = r.second;
        st().nzcv = nzcv;
        load(kRam, {insn, enc::stop()});
        st().pc = kRam;
        a64_stop_info i = run();
        ASSERT_EQ(i.reason, A64_STOP_SEMIHOST) << std::hex << insn;
        ASSERT_EQ(st().pc, kRam + 8);
    }
};

TEST_F(DpTest, AddSubImmediate)
{
    exec(0x91000c20, {{1, 5}}); // add x0, x1, #3
    EXPECT_EQ(x(0), 8u);
    exec(0x91400c20, {{1, 5}}); // add x0, x1, #3, lsl #12
    EXPECT_EQ(x(0), 5u + (3u << 12));
    exec(0x11000420, {{1, 0xffffffff}}); // add w0, w1, #1
    EXPECT_EQ(x(0), 0u);
    exec(0xf1000420, {{1, 1}}); // subs x0, x1, #1 -> Z, C
    EXPECT_EQ(x(0), 0u);
    EXPECT_EQ(st().nzcv, 0x60000000u);
    exec(0xf1000420, {{1, 0}}); // subs x0, x1, #1 -> N (borrow: C clear)
    EXPECT_EQ(x(0), ~0ull);
    EXPECT_EQ(st().nzcv, 0x80000000u);
    exec(0x31000420, {{1, 0x7fffffff}}); // adds w0, w1, #1 -> N, V
    EXPECT_EQ(x(0), 0x80000000u);
    EXPECT_EQ(st().nzcv, 0x90000000u);
    // add sp, sp, #16 uses SP (register 31), not XZR
    st().sp_el[1] = 0x1000;
    exec(0x910043ff, {});
    EXPECT_EQ(st().sp_el[1], 0x1010u);
    // cmp x1, #2 (subs xzr, x1, #2) does not write SP
    exec(0xf100083f, {{1, 2}});
    EXPECT_EQ(st().sp_el[1], 0x1010u);
    EXPECT_EQ(st().nzcv, 0x60000000u);
}

TEST_F(DpTest, AdrAdrp)
{
    exec(0x10000080, {}); // adr x0, .+16
    EXPECT_EQ(x(0), kRam + 16);
    exec(0xb0000000, {}); // adrp x0, .+0x1000
    EXPECT_EQ(x(0), kRam + 0x1000);
    exec(0x70ffffe0, {}); // adr x0, .-1
    EXPECT_EQ(x(0), kRam - 1);
}

TEST_F(DpTest, LogicalImmediate)
{
    exec(0x92400c20, {{1, 0xabcd}}); // and x0, x1, #0xf
    EXPECT_EQ(x(0), 0xdu);
    exec(0xb2400020, {{1, 0x10}}); // orr x0, x1, #1
    EXPECT_EQ(x(0), 0x11u);
    exec(0xd2400020, {{1, 0x3}}); // eor x0, x1, #1
    EXPECT_EQ(x(0), 0x2u);
    exec(0xb200c3e0, {}); // mov x0, #0x0101010101010101
    EXPECT_EQ(x(0), 0x0101010101010101ull);
    exec(0x32000fe0, {}); // orr w0, wzr, #0xf
    EXPECT_EQ(x(0), 0xfu);
    exec(0xf2400020, {{1, 2}}); // ands x0, x1, #1 -> Z
    EXPECT_EQ(x(0), 0u);
    EXPECT_EQ(st().nzcv, 0x40000000u);
    exec(0xf2410020, {{1, 1ull << 63}}); // ands x0, x1, #0x8000000000000000 -> N
    EXPECT_EQ(st().nzcv, 0x80000000u);
}

TEST_F(DpTest, MoveWide)
{
    exec(0xd2824680, {}); // mov x0, #0x1234
    EXPECT_EQ(x(0), 0x1234u);
    exec(0xd2a24680, {}); // mov x0, #0x12340000
    EXPECT_EQ(x(0), 0x12340000u);
    exec(0x92800000, {}); // mov x0, #-1 (movn x0, #0)
    EXPECT_EQ(x(0), ~0ull);
    exec(0x12800000, {}); // movn w0, #0
    EXPECT_EQ(x(0), 0xffffffffu);
    exec(0xf2e24680, {{0, 0x5555}}); // movk x0, #0x1234, lsl #48
    EXPECT_EQ(x(0), 0x1234000000005555ull);
}

TEST_F(DpTest, Bitfield)
{
    exec(0xd3441c20, {{1, 0xabcd}}); // ubfx x0, x1, #4, #4
    EXPECT_EQ(x(0), 0xcu);
    exec(0x93401c20, {{1, 0x80}}); // sxtb x0, w1
    EXPECT_EQ(x(0), 0xffffffffffffff80ull);
    exec(0xd37ff820, {{1, 3}}); // lsl x0, x1, #1
    EXPECT_EQ(x(0), 6u);
    exec(0xd341fc20, {{1, 0x8000000000000000ull}}); // lsr x0, x1, #1
    EXPECT_EQ(x(0), 0x4000000000000000ull);
    exec(0x9341fc20, {{1, 0x8000000000000000ull}}); // asr x0, x1, #1
    EXPECT_EQ(x(0), 0xc000000000000000ull);
    exec(0xb37c0c20, {{0, 0xffff}, {1, 0x5}}); // bfi x0, x1, #4, #4
    EXPECT_EQ(x(0), 0xff5fu);
    exec(0x53003c20, {{1, 0x12345678}}); // uxth w0, w1
    EXPECT_EQ(x(0), 0x5678u);
    exec(0x93c11020, {{0, 0x1}, {1, 0xf0}}); // extr x0, x1, x1, #4
    EXPECT_EQ(x(0), 0xf);
    exec(0x93c01020, {{0, 0x1}, {1, 0xf0}}); // extr x0, x1, x0, #4
    EXPECT_EQ(x(0), 0x0ull | (0xf0ull << 60) | 0);
}

TEST_F(DpTest, LogicalShiftedRegister)
{
    exec(0x8a020020, {{1, 0xff}, {2, 0x0f}}); // and x0, x1, x2
    EXPECT_EQ(x(0), 0xfu);
    exec(0xaa0203e0, {{2, 0x77}}); // mov x0, x2
    EXPECT_EQ(x(0), 0x77u);
    exec(0xaa221020, {{1, 0}, {2, 0}}); // orn x0, x1, x2, lsl #4
    EXPECT_EQ(x(0), ~0ull);
    exec(0xca420820, {{1, 0}, {2, 0x100}}); // eor x0, x1, x2, lsr #2
    EXPECT_EQ(x(0), 0x40u);
    exec(0xea02003f, {{1, 0xf0}, {2, 0x0f}}); // tst x1, x2 -> Z
    EXPECT_EQ(st().nzcv, 0x40000000u);
    exec(0x8ae20c20, {{1, ~0ull}, {2, 0x8000000000000000ull}}); // bic x0, x1, x2, ror #3
    EXPECT_EQ(x(0), ~0x1000000000000000ull);
}

TEST_F(DpTest, AddSubRegister)
{
    exec(0x8b020420, {{1, 1}, {2, 2}}); // add x0, x1, x2, lsl #1
    EXPECT_EQ(x(0), 5u);
    exec(0xcb020020, {{1, 1}, {2, 2}}); // sub x0, x1, x2
    EXPECT_EQ(x(0), ~0ull);
    exec(0xeb02003f, {{1, 5}, {2, 5}}); // cmp x1, x2
    EXPECT_EQ(st().nzcv, 0x60000000u);
    exec(0x8b22c020, {{1, 0x10}, {2, 0xffffffff}}); // add x0, x1, w2, sxtw
    EXPECT_EQ(x(0), 0xfu);
    exec(0x8b224020, {{1, 0x10}, {2, 0xffffffff}}); // add x0, x1, w2, uxtw
    EXPECT_EQ(x(0), 0x10000000fu);
    st().sp_el[1] = 0x2000;
    exec(0x8b2263ff, {{2, 0x10}}); // add sp, sp, x2
    EXPECT_EQ(st().sp_el[1], 0x2010u);
    exec(0xba020020, {{1, ~0ull}, {2, 0}}, 0x20000000); // adcs x0, x1, x2 (C=1)
    EXPECT_EQ(x(0), 0u);
    EXPECT_EQ(st().nzcv, 0x60000000u);
    exec(0xda020020, {{1, 5}, {2, 3}}, 0); // sbc x0, x1, x2 (C=0): 5-3-1
    EXPECT_EQ(x(0), 1u);
}

// Words with a predecode fast path (64-bit AND/ORR/EOR immediate with N = 1, ADD
// with LSL #n): rotated masks, including one that wraps around bit 63.
TEST_F(DpTest, FastPathForms)
{
    exec(0xb2481c20, {{1, 0x1234}}); // orr x0, x1, #0xff00000000000000
    EXPECT_EQ(x(0), 0xff00000000001234ull);
    exec(0xd2410420, {{1, 0x8000000000000003ull}}); // eor x0, x1, #0x8000000000000001
    EXPECT_EQ(x(0), 2u);
    exec(0x927c1420, {{1, 0xffffull}}); // and x0, x1, #0x3f0
    EXPECT_EQ(x(0), 0x3f0u);
    exec(0x8b021420, {{1, 0x1000}, {2, 0x0800000000000003ull}}); // add x0, x1, x2, lsl #5
    EXPECT_EQ(x(0), 0x1060u);                                    // bits shifted out are lost
    exec(0xcb020c20, {{1, 0x100}, {2, 4}}); // sub x0, x1, x2, lsl #3 (generic handler)
    EXPECT_EQ(x(0), 0xe0u);
}

TEST_F(DpTest, ConditionalCompareAndSelect)
{
    exec(0x9a821020, {{1, 1}, {2, 2}}, 0x40000000); // csel x0, x1, x2, ne (Z=1 -> x2)
    EXPECT_EQ(x(0), 2u);
    exec(0x9a9f17e0, {}, 0x40000000); // cset x0, eq
    EXPECT_EQ(x(0), 1u);
    exec(0xda9f13e0, {}, 0x40000000); // csetm x0, eq
    EXPECT_EQ(x(0), ~0ull);
    exec(0xda821420, {{1, 1}, {2, 5}}, 0); // csneg x0, x1, x2, ne -> x1
    EXPECT_EQ(x(0), 1u);
    exec(0xda820420, {{1, 1}, {2, 5}}, 0); // csneg x0, x1, x2, eq -> -x2
    EXPECT_EQ(x(0), (uint64_t)-5);
    exec(0xfa421824, {{1, 3}, {2, 3}}, 0x40000000); // ccmp x1, x2, #4, ne -> nzcv=#4
    EXPECT_EQ(st().nzcv, 0x40000000u);
    exec(0xfa420024, {{1, 3}, {2, 3}}, 0x40000000); // ccmp x1, x2, #4, eq -> compare
    EXPECT_EQ(st().nzcv, 0x60000000u);
    exec(0xba410820, {{1, ~0ull}}, 0x40000000); // ccmn x1, #1, #0, eq -> Z C
    EXPECT_EQ(st().nzcv, 0x60000000u);
}

TEST_F(DpTest, MultiplyDivide)
{
    exec(0x9b020c20, {{1, 3}, {2, 4}, {3, 5}}); // madd x0, x1, x2, x3
    EXPECT_EQ(x(0), 17u);
    exec(0x9b028c20, {{1, 3}, {2, 4}, {3, 5}}); // msub x0, x1, x2, x3
    EXPECT_EQ(x(0), (uint64_t)-7);
    exec(0x9b227c20, {{1, 0xffffffff}, {2, 2}}); // smull x0, w1, w2
    EXPECT_EQ(x(0), (uint64_t)-2);
    exec(0x9ba27c20, {{1, 0xffffffff}, {2, 2}}); // umull x0, w1, w2
    EXPECT_EQ(x(0), 0x1fffffffeull);
    exec(0x9bc27c20, {{1, ~0ull}, {2, ~0ull}}); // umulh x0, x1, x2
    EXPECT_EQ(x(0), ~0ull - 1);
    exec(0x9b427c20, {{1, ~0ull}, {2, ~0ull}}); // smulh x0, x1, x2
    EXPECT_EQ(x(0), 0u);
    exec(0x9ac20820, {{1, 7}, {2, 2}}); // udiv x0, x1, x2
    EXPECT_EQ(x(0), 3u);
    exec(0x9ac20c20, {{1, (uint64_t)-7}, {2, 2}}); // sdiv x0, x1, x2
    EXPECT_EQ(x(0), (uint64_t)-3);
    exec(0x9ac20820, {{1, 7}, {2, 0}}); // udiv by zero -> 0
    EXPECT_EQ(x(0), 0u);
    exec(0x9ac20c20, {{1, 0x8000000000000000ull}, {2, ~0ull}}); // INT64_MIN / -1
    EXPECT_EQ(x(0), 0x8000000000000000ull);
    exec(0x1ac20c20, {{1, 0x80000000}, {2, 0xffffffff}}); // sdiv w: INT32_MIN / -1
    EXPECT_EQ(x(0), 0x80000000u);
}

TEST_F(DpTest, ShiftsAndBitOps)
{
    exec(0x9ac22020, {{1, 1}, {2, 65}}); // lsl x0, x1, x2 (amount mod 64)
    EXPECT_EQ(x(0), 2u);
    exec(0x9ac22820, {{1, 0x8000000000000000ull}, {2, 4}}); // asr x0, x1, x2
    EXPECT_EQ(x(0), 0xf800000000000000ull);
    exec(0x9ac22c20, {{1, 1}, {2, 1}}); // ror x0, x1, x2
    EXPECT_EQ(x(0), 0x8000000000000000ull);
    exec(0xdac00020, {{1, 1}}); // rbit x0, x1
    EXPECT_EQ(x(0), 0x8000000000000000ull);
    exec(0xdac00c20, {{1, 0x0102030405060708ull}}); // rev x0, x1
    EXPECT_EQ(x(0), 0x0807060504030201ull);
    exec(0x5ac00820, {{1, 0x11223344}}); // rev w0, w1
    EXPECT_EQ(x(0), 0x44332211u);
    exec(0xdac00420, {{1, 0x0102030405060708ull}}); // rev16 x0, x1
    EXPECT_EQ(x(0), 0x0201040306050807ull);
    exec(0xdac00820, {{1, 0x0102030405060708ull}}); // rev32 x0, x1
    EXPECT_EQ(x(0), 0x0403020108070605ull);
    exec(0xdac01020, {{1, 0x00ff}}); // clz x0, x1
    EXPECT_EQ(x(0), 56u);
    exec(0xdac01020, {{1, 0}}); // clz x0, xzr-like value 0
    EXPECT_EQ(x(0), 64u);
    exec(0xdac01420, {{1, ~0ull}}); // cls x0, x1 (all ones)
    EXPECT_EQ(x(0), 63u);
    exec(0x5ac01420, {{1, 0x0fffffff}}); // cls w0, w1
    EXPECT_EQ(x(0), 3u);
}

TEST_F(DpTest, Crc32)
{
    // crc32b w0, w1, w2 with crc=0xffffffff over byte 'a' (0x61), then final xor:
    // CRC-32("a") = 0xe8b7be43.
    exec(0x1ac24020, {{1, 0xffffffff}, {2, 0x61}});
    EXPECT_EQ(x(0) ^ 0xffffffffu, 0xe8b7be43u);
    // crc32cb: CRC-32C("a") = 0xc1d04330
    exec(0x1ac25020, {{1, 0xffffffff}, {2, 0x61}});
    EXPECT_EQ(x(0) ^ 0xffffffffu, 0xc1d04330u);
    // crc32x w0, w1, x2 needs sf=1: 0x9ac24c20
    exec(0x9ac24c20, {{1, 0}, {2, 0}});
    EXPECT_EQ(x(0), 0u);
}

TEST_F(DpTest, ReservedFieldsAreUndefined)
{
    // Each of these matches a table row but a field value is unallocated; they
    // must take the Undefined Instruction exception (EC 0) at VBAR_EL1 + 0x200.
    const uint32_t words[] = {
        0x12400000, // and w0, w0, #imm with N=1 (sf=0): reserved
        0x52c00000, // movz w0 with hw=2: reserved
        0x13400000, // sbfm w with N=1: reserved
        0x8bc00000, // add (shifted) with shift=ROR: reserved
        0x8b207c00, // add (extended) with imm3 = 7: reserved
        0x1ac24c20, // crc32x with sf=0: reserved
        0x5ac00c20, // rev with sf=0 (opc 3): reserved
        0x0b008000, // add w0, w0, w0, lsl #32: reserved
    };
    for (uint32_t w : words) {
        set_sr(SR_VBAR_EL1, kRam + 0x1000);
        load(kRam + 0x1200, {enc::stop()});
        load(kRam, {w});
        st().pc = kRam;
        st().el = 1;
        st().spsel = 1;
        a64_stop_info i = run();
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST) << std::hex << w;
        EXPECT_EQ(st().pc, kRam + 0x1204) << std::hex << w;
        EXPECT_EQ(sr(SR_ESR_EL1), 0x02000000u) << std::hex << w;
        EXPECT_EQ(sr(SR_ELR_EL1), kRam) << std::hex << w;
    }
}

} // namespace
