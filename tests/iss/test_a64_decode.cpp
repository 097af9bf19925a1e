// The decode table: well-formed rows, no unintended overlaps, no dead rows, the
// bucketed decoder agrees with a linear reference, and every word that matches
// no implemented row executes as an Undefined Instruction exception.
#include "test_a64_harness.h"

#include <random>
#include <set>
#include <string>

namespace
{

size_t table(const a64_encoding **e)
{
    size_t n = 0;
    *e = a64_encodings(&n);
    return n;
}

// Linear reference: the first row whose fixed bits match.
int reference(uint32_t w)
{
    const a64_encoding *e;
    size_t n = table(&e);
    for (size_t k = 0; k < n; k++)
        if ((w & e[k].mask) == e[k].match) return (int)k;
    return -1;
}

bool subset(const a64_encoding &inner, const a64_encoding &outer)
{
    return (outer.mask & ~inner.mask) == 0 && (inner.match & outer.mask) == outer.match;
}

TEST(A64Decode, RowsAreWellFormed)
{
    const a64_encoding *e;
    size_t n = table(&e);
    ASSERT_GT(n, 150u);
    std::set<std::string> names;
    for (size_t k = 0; k < n; k++) {
        EXPECT_EQ(std::string(e[k].pattern).size(), 32u) << e[k].name;
        EXPECT_EQ(e[k].match & ~e[k].mask, 0u) << e[k].name;
        EXPECT_TRUE(names.insert(e[k].name).second) << "duplicate " << e[k].name;
        std::string cls = e[k].cls;
        EXPECT_TRUE(cls == "dp_imm" || cls == "dp_reg" || cls == "ldst" || cls == "branch_sys" ||
                    cls == "fp")
            << e[k].name;
        for (int b = 0; b < 32; b++) {
            char ch = e[k].pattern[31 - b];
            bool fixed = ch == '0' || ch == '1';
            EXPECT_EQ(fixed, ((e[k].mask >> b) & 1) != 0) << e[k].name << " bit " << b;
            if (ch == '1') {
                EXPECT_TRUE((e[k].match >> b) & 1) << e[k].name;
            }
        }
    }
}

TEST(A64Decode, NoUnintendedOverlapsAndNoDeadRows)
{
    const a64_encoding *e;
    size_t n = table(&e);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            bool overlap = ((e[i].match ^ e[j].match) & e[i].mask & e[j].mask) == 0;
            if (!overlap) continue;
            // j comes later: only a row declared shadowed may lose encodings ...
            EXPECT_TRUE(e[j].shadowed)
                << e[i].name << " overlaps later row " << e[j].name << " (not declared shadowed)";
            // ... and it must keep some of its own (else it is dead).
            EXPECT_FALSE(subset(e[j], e[i]))
                << e[j].name << " is entirely shadowed by " << e[i].name;
        }
    }
    // Every shadowed row really is shadowed by something above it.
    for (size_t j = 0; j < n; j++) {
        if (!e[j].shadowed) continue;
        bool any = false;
        for (size_t i = 0; i < j; i++)
            any |= ((e[i].match ^ e[j].match) & e[i].mask & e[j].mask) == 0;
        EXPECT_TRUE(any) << e[j].name << " is declared shadowed but nothing above overlaps it";
    }
}

TEST(A64Decode, BucketedDecoderMatchesReferenceByField)
{
    // Exhaustive over bits [31:21] (every top-level class and major opcode field),
    // random low bits; plus every row with random fields.
    std::mt19937 rng(1);
    const a64_encoding *e;
    size_t n = table(&e);
    for (uint32_t hi = 0; hi < 2048; hi++) {
        for (int k = 0; k < 32; k++) {
            uint32_t w = (hi << 21) | (rng() & 0x1fffff);
            int r = reference(w);
            EXPECT_STREQ(a64_insn_name(w), r < 0 ? "UNDEFINED" : e[r].name) << std::hex << w;
        }
    }
    for (size_t k = 0; k < n; k++) {
        for (int s = 0; s < 200; s++) {
            uint32_t w = e[k].match | (rng() & ~e[k].mask);
            int r = reference(w);
            ASSERT_GE(r, 0);
            if ((size_t)r != k) {
                EXPECT_LT((size_t)r, k);
                EXPECT_TRUE(e[k].shadowed)
                    << e[k].name << " lost " << std::hex << w << " to " << e[r].name;
            }
            EXPECT_STREQ(a64_insn_name(w), e[r].name);
        }
        // flipping any fixed bit leaves the row
        for (int b = 0; b < 32; b++) {
            if (!((e[k].mask >> b) & 1)) continue;
            uint32_t w = (e[k].match | (rng() & ~e[k].mask)) ^ (1u << b);
            EXPECT_NE((size_t)reference(w), k) << e[k].name;
        }
    }
}

class A64DecodeExec : public A64Test
{
  public:
    A64DecodeExec()
    {
        set_sr(SR_VBAR_EL1, kRam + 0x10000);
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(kRam + 0x10000 + off, {enc::stop()});
    }
    // Execute w at EL1; true if it took an Undefined Instruction exception.
    bool undefined(uint32_t w)
    {
        load(kRam, {w});
        st().pc = kRam;
        st().el = 1;
        st().spsel = 1;
        set_sr(SR_ESR_EL1, 0xdead);
        a64_stop_info i = run(1000);
        return i.reason == A64_STOP_SEMIHOST && st().pc == kRam + 0x10204 &&
               sr(SR_ESR_EL1) == 0x02000000u && sr(SR_ELR_EL1) == kRam;
    }
};

TEST_F(A64DecodeExec, UnmatchedAndUnimplementedWordsAreUndefined)
{
    std::mt19937 rng(2);
    const a64_encoding *e;
    size_t n = table(&e);
    unsigned unmatched = 0;
    for (int k = 0; k < 20000; k++) {
        uint32_t w = rng();
        if (reference(w) >= 0) continue;
        unmatched++;
        ASSERT_TRUE(undefined(w)) << std::hex << w;
    }
    EXPECT_GT(unmatched, 1000u);
    // unmatched words near every row: flip one fixed bit
    for (size_t r = 0; r < n; r++) {
        for (int b = 0; b < 32; b++) {
            if (!((e[r].mask >> b) & 1)) continue;
            uint32_t w = (e[r].match | (rng() & ~e[r].mask)) ^ (1u << b);
            if (reference(w) < 0) {
                ASSERT_TRUE(undefined(w)) << std::hex << w << " near " << e[r].name;
            }
        }
    }
    // rows that stay unimplemented execute as UNDEFINED
    for (size_t r = 0; r < n; r++) {
        if (!e[r].unimplemented) continue;
        EXPECT_GT(std::string(e[r].unimplemented).size(), 5u);
        for (int s = 0; s < 50; s++) {
            uint32_t w = e[r].match | (rng() & ~e[r].mask);
            if ((size_t)reference(w) == r) {
                ASSERT_TRUE(undefined(w)) << std::hex << w << " " << e[r].name;
            }
        }
    }
}

TEST(A64Decode, KnownNames)
{
    EXPECT_STREQ(a64_insn_name(0x91000c20), "ADD_imm");
    EXPECT_STREQ(a64_insn_name(0xf9400020), "LDR_uimm");
    EXPECT_STREQ(a64_insn_name(0xd503201f), "NOP");
    EXPECT_STREQ(a64_insn_name(0xd503233f), "HINT");
    EXPECT_STREQ(a64_insn_name(0xd4000003), "SMC");
    EXPECT_STREQ(a64_insn_name(0xf8e20020), "LDADD");
    EXPECT_STREQ(a64_insn_name(0x1e220020), "SCVTF_int");
    EXPECT_STREQ(a64_insn_name(0x1ea22820), "FP_dp"); // FADD with ftype 10: unallocated
    EXPECT_STREQ(a64_insn_name(0x04000000), "SVE");
    EXPECT_STREQ(a64_insn_name(0x01000000), "UNDEFINED");
}

} // namespace
