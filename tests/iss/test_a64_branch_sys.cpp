// Branches and system instructions: B/BL/B.cond/CBZ/TBZ/BR/BLR/RET, MRS/MSR with
// per-EL access checks, ID registers, timer and GIC registers via callbacks,
// PSTATE fields, barriers/hints, TLBI/AT/DC, timing accounting.
#include "test_a64_harness.h"

namespace
{

constexpr uint64_t kVec1 = kRam + 0x10000;

class SysTest : public A64Test
{
  public:
    SysTest()
    {
        set_sr(SR_VBAR_EL1, kVec1);
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(kVec1 + off, {enc::stop()});
    }
    a64_stop_info go(unsigned el, std::initializer_list<uint32_t> prog)
    {
        load(kRam, prog);
        st().pc = kRam;
        st().el = (uint8_t)el;
        st().spsel = el != 0;
        return run();
    }
    // Program ran to its final stop marker (no exception).
    void ok(const a64_stop_info &i, size_t n)
    {
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_EQ(st().pc, kRam + 4 * n) << std::hex << "ESR_EL1=" << sr(SR_ESR_EL1);
    }
    // Program took a synchronous exception to EL1 with this whole ESR.
    void exc(const a64_stop_info &i, uint64_t esr, uint64_t elr = kRam)
    {
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_GE(st().pc, kVec1) << "no exception taken";
        EXPECT_EQ(sr(SR_ESR_EL1), esr) << std::hex << "ESR_EL1=0x" << sr(SR_ESR_EL1);
        EXPECT_EQ(sr(SR_ELR_EL1), elr) << "exception from the wrong instruction";
    }
};

TEST_F(SysTest, Branches)
{
    // b +2 skips a movz; bl sets x30
    a64_stop_info i =
        go(1, {enc::b(2), enc::movz(0, 1), 0x94000002 /* bl .+8 */, enc::stop(), enc::stop()});
    EXPECT_EQ(x(0), 0u);
    EXPECT_EQ(x(30), kRam + 12);
    EXPECT_EQ(st().pc, kRam + 20);
    // b.ne taken / not taken
    st().nzcv = 0x40000000; // Z
    i = go(1, {0x54000041 /* b.ne .+8 */, enc::movz(0, 5), enc::stop()});
    EXPECT_EQ(x(0), 5u);
    st().nzcv = 0;
    x(0) = 0;
    i = go(1, {0x54000041, enc::movz(0, 5), enc::stop()});
    EXPECT_EQ(x(0), 0u);
    // cbz / cbnz (w form ignores the upper half)
    x(1) = 0x100000000ull;
    i = go(1, {0x34000041 /* cbz w1, .+8 */, enc::movz(0, 7), enc::stop()});
    EXPECT_EQ(x(0), 0u);
    i = go(1, {0xb5000041 /* cbnz x1, .+8 */, enc::movz(0, 7), enc::stop()});
    EXPECT_EQ(x(0), 0u);
    // tbz / tbnz on bit 32
    i = go(1, {0xb6000041 /* tbz x1, #32, .+8 */, enc::movz(0, 9), enc::stop()});
    EXPECT_EQ(x(0), 9u);
    x(0) = 0;
    i = go(1, {0xb7000041 /* tbnz x1, #32, .+8 */, enc::movz(0, 9), enc::stop()});
    EXPECT_EQ(x(0), 0u);
    // blr x2 / ret
    x(2) = kRam + 12;
    i = go(1, {0xd63f0040 /* blr x2 */, enc::stop(), enc::nop(), 0xd65f03c0 /* ret */});
    ok(i, 2);
    EXPECT_EQ(x(30), kRam + 4);
    // blr x30 reads the target before writing the link
    x(30) = kRam + 8;
    i = go(1, {0xd63f03c0, enc::stop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 12);
    EXPECT_EQ(x(30), kRam + 4);
    (void)i;
}

TEST_F(SysTest, IdentificationRegisters)
{
    a64_stop_info i =
        go(1, {enc::mrs(0, SR_MPIDR_EL1), enc::mrs(1, SR_MIDR_EL1), enc::mrs(2, SR_ID_AA64PFR0_EL1),
               enc::mrs(3, SR_ID_AA64ISAR0_EL1), enc::mrs(4, SR_CURRENTEL), enc::stop()});
    ok(i, 6);
    EXPECT_EQ(x(0), 0x80000000u);
    EXPECT_EQ(x(1), 0x410fd034u);
    EXPECT_EQ((x(2) >> 16) & 0xff, 0x00u); // FP and AdvSIMD (no FP16 arithmetic)
    EXPECT_EQ(x(2) & 0xffff, 0x0011u);     // EL0/EL1 AArch64, no EL2/EL3
    EXPECT_EQ((x(2) >> 24) & 0xf, 1u);     // GIC system registers (callbacks present)
    EXPECT_EQ((x(3) >> 20) & 0xf, 2u);     // LSE atomics
    EXPECT_EQ((x(3) >> 16) & 0xf, 1u);     // CRC32
    EXPECT_EQ(x(4), 4u);                   // CurrentEL = EL1
    // an unallocated ID-space register reads as zero at EL1
    x(5) = 1;
    i = go(1, {enc::mrs(5, A64_SYSREG(3, 0, 0, 3, 7)), enc::stop()});
    ok(i, 2);
    EXPECT_EQ(x(5), 0u);
}

TEST_F(SysTest, UnknownAndPrivilegedRegistersAreUndefined)
{
    exc(go(1, {enc::mrs(0, A64_SYSREG(3, 0, 15, 15, 7))}), esr::kUndef); // unknown
    exc(go(1, {enc::mrs(0, SR_SCTLR_EL2)}), esr::kUndef);                // no EL2
    exc(go(0, {enc::mrs(0, SR_SCTLR_EL1)}), esr::kUndef);                // EL0
    exc(go(1, {enc::msr(SR_MIDR_EL1, 0)}), esr::kUndef);                 // read-only
    exc(go(1, {enc::msr(SR_CURRENTEL, 0)}), esr::kUndef);
    // CNTFRQ_EL0 is writable only at the highest implemented EL (here EL1) ...
    x(0) = 1000;
    ok(go(1, {enc::msr(SR_CNTFRQ_EL0, 0), enc::stop()}), 2);
    EXPECT_EQ(sr(SR_CNTFRQ_EL0), 1000u);
    // ... so not at EL1 of a core with EL3
    a64_core_config cfg = default_cfg();
    cfg.have_el3 = true;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec1);
    exc(go(1, {enc::msr(SR_CNTFRQ_EL0, 0)}), esr::kUndef);
}

TEST_F(SysTest, PstateAccess)
{
    x(0) = 0xf0000000;
    a64_stop_info i =
        go(1, {enc::msr(SR_NZCV, 0), enc::mrs(1, SR_NZCV), 0xd50344ff /* msr daifclr, #4 */,
               enc::mrs(2, SR_DAIF), enc::mrs(3, SR_SPSEL), 0xd50040bf /* msr spsel, #0 */,
               enc::mrs(4, SR_SPSEL), enc::stop()});
    ok(i, 8);
    EXPECT_EQ(x(1), 0xf0000000u);
    EXPECT_EQ(x(2), 0x2c0u); // A cleared from 0x3c0
    EXPECT_EQ(x(3), 1u);
    EXPECT_EQ(x(4), 0u);
    EXPECT_EQ(st().spsel, 0);
    // SP_EL0 is UNDEFINED while it is the current stack pointer
    exc(go(1, {0xd50040bf, enc::mrs(0, SR_SP_EL0)}), esr::kUndef, kRam + 4);
    // DAIF at EL0 traps unless SCTLR_EL1.UMA
    exc(go(0, {enc::mrs(0, SR_DAIF)}), esr::sysreg(SR_DAIF, 0, true));
    EXPECT_EQ(sr(SR_ESR_EL1) & 0x1ffffff,
              (3u << 20) | (1u << 17) | (3u << 14) | (4u << 10) | (2u << 1) | 1u);
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | (1u << 9));
    ok(go(0, {enc::mrs(0, SR_DAIF), enc::stop()}), 2);
    // TPIDR_EL0 at EL0
    x(0) = 0x1234;
    ok(go(0, {enc::msr(SR_TPIDR_EL0, 0), enc::mrs(1, SR_TPIDR_EL0), enc::stop()}), 3);
    EXPECT_EQ(x(1), 0x1234u);
}

TEST_F(SysTest, TimerAndGicRegistersGoToCallbacks)
{
    sysreg_read_value = 0xabcdef;
    a64_stop_info i = go(1, {enc::mrs(0, SR_CNTPCT_EL0), enc::mrs(1, SR_ICC_IAR1_EL1),
                             enc::msr(SR_ICC_PMR_EL1, 2), enc::mrs(3, SR_CNTFRQ_EL0), enc::stop()});
    ok(i, 5);
    EXPECT_EQ(x(0), 0xabcdefu);
    EXPECT_EQ(x(1), 0xabcdefu);
    ASSERT_EQ(sysreg_reads.size(), 2u);
    EXPECT_EQ(sysreg_reads[0], (uint32_t)SR_CNTPCT_EL0);
    EXPECT_EQ(sysreg_reads[1], (uint32_t)SR_ICC_IAR1_EL1);
    ASSERT_EQ(sysreg_writes.size(), 1u);
    EXPECT_EQ(sysreg_writes[0].first, (uint32_t)SR_ICC_PMR_EL1);
    EXPECT_EQ(x(3), 62500000u); // CNTFRQ is the core's own
    // EL0: CNTPCT needs CNTKCTL_EL1.EL0PCTEN, else trap (EC 0x18) to EL1
    sysreg_reads.clear();
    exc(go(0, {enc::mrs(0, SR_CNTPCT_EL0)}), esr::sysreg(SR_CNTPCT_EL0, 0, true));
    EXPECT_TRUE(sysreg_reads.empty());
    set_sr(SR_CNTKCTL_EL1, 1);
    ok(go(0, {enc::mrs(0, SR_CNTPCT_EL0), enc::mrs(1, SR_CNTFRQ_EL0), enc::stop()}), 3);
    // ICC_* at EL0: UNDEFINED
    exc(go(0, {enc::mrs(0, SR_ICC_IAR1_EL1)}), esr::kUndef);
}

TEST_F(SysTest, NoCallbacksMeansUndefined)
{
    a64_callbacks none{};
    a64_core_config cfg = default_cfg();
    core = a64_core_create(sys, &cfg, &none);
    set_sr(SR_VBAR_EL1, kVec1);
    exc(go(1, {enc::mrs(0, SR_CNTPCT_EL0)}), esr::kUndef);
    EXPECT_EQ((sr(SR_ID_AA64PFR0_EL1) >> 24) & 0xf, 0u); // no GIC system registers
    x(1) = 0x09000000;
    exc(go(1, {0xf9400020}),
        (0x25u << 26) | (1u << 25) | 0x10); // MMIO, no callbacks: external abort
}

TEST_F(SysTest, BarriersHintsAndMaintenance)
{
    x(1) = kRam;
    a64_stop_info i =
        go(1, {0xd5033bbf /* dmb ish */, 0xd5033f9f /* dsb sy */, 0xd5033fdf /* isb */,
               0xd503203f /* yield */, 0xd503233f /* paciasp: hint, NOP */,
               0xd508871f /* tlbi vmalle1 */, 0xd508831f /* tlbi vmalle1is */,
               0xd50b7e21 /* dc civac, x1 */, 0xd5087e5f /* dc cisw, xzr */,
               0xd5087801 /* at s1e1r, x1 */, enc::stop()});
    (void)i;
    EXPECT_EQ(sr(SR_ESR_EL1), 0u);
    EXPECT_EQ(st().pc, kRam + 44);
    uint64_t par = 0;
    ASSERT_EQ(0, a64_sysreg_get(core, A64_SYSREG(3, 0, 7, 4, 0), &par));
    // stage 1 off: flat, Device-nGnRnE (ATTR 0), Outer Shareable, bit 11 RES1
    EXPECT_EQ(par, kRam | (2u << 7) | (1u << 11));
    // EL2 TLBI without EL2 is UNDEFINED; SB (FEAT_SB) is UNDEFINED
    exc(go(1, {0xd50c871f /* tlbi alle2 */}), esr::kUndef);
    exc(go(1, {0xd50330ff /* sb */}), esr::kUndef);
    exc(go(0, {0xd508871f /* tlbi at EL0 */}), esr::kUndef);
    // DC CIVAC at EL0 traps unless SCTLR_EL1.UCI
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~(1ull << 26));
    exc(go(0, {0xd50b7e21}), esr::sys(1, 3, 7, 14, 1, 1, false));
}

TEST_F(SysTest, TimingPerClass)
{
    // Default A53-like costs: alu 1, mul 3, div 12, load 3, store 1, branch 1 (+1
    // taken), barrier 6, sysreg 2, pair +1.
    x(1) = kRam + 0x8000;
    uint64_t c0 = a64_core_cycles(core);
    a64_stop_info i = go(1, {enc::movz(0, 1),      // alu 1
                             0x9b007c00,           // mul x0, x0, x0: 3
                             0x9ac00800,           // udiv x0, x0, x0: 12
                             0xf9400022,           // ldr x2, [x1]: 3
                             0xf9000022,           // str x2, [x1]: 1
                             0xa9000c22,           // stp x2, x3, [x1]: 2
                             0x14000001,           // b .+4: 2
                             0xd5033bbf,           // dmb ish: 6
                             enc::mrs(0, SR_NZCV), // 2
                             enc::stop()});        // hlt: 1
    ok(i, 10);
    EXPECT_EQ(i.cycles, 1u + 3 + 12 + 3 + 1 + 2 + 2 + 6 + 2 + 1);
    EXPECT_EQ(a64_core_cycles(core) - c0, i.cycles);
    EXPECT_EQ(i.instructions, 10u);
    // a custom timing table
    a64_timing t = *a64_timing_default();
    t.alu = 5;
    a64_core_config cfg = default_cfg();
    cfg.timing = &t;
    core = add_core(cfg);
    i = go(1, {enc::movz(0, 1), enc::movz(0, 2), enc::stop()});
    EXPECT_EQ(i.cycles, 15u);
}

TEST_F(SysTest, SysregHostApi)
{
    uint64_t v;
    EXPECT_EQ(-1, a64_sysreg_get(core, A64_SYSREG(3, 0, 15, 15, 7), &v));
    EXPECT_EQ(-1, a64_sysreg_set(core, SR_ID_AA64PFR0_EL1, 0)); // describes the model
    EXPECT_EQ(-1, a64_sysreg_get(core, SR_SCTLR_EL2, &v));      // no EL2
    EXPECT_EQ(0, a64_sysreg_set(core, SR_TPIDR_EL0, 5));
    EXPECT_EQ(5u, sr(SR_TPIDR_EL0));
    EXPECT_EQ(0, a64_sysreg_get(core, SR_CNTFRQ_EL0, &v));
    EXPECT_EQ(62500000u, v);
}

} // namespace

extern "C" {
#include "a64_internal.h"
}

TEST(A64Cond, TableMatchesConditionHolds)
{
    EXPECT_TRUE(a64_cond_table_ok());
    // spot checks: GE holds when N == V, LS when C == 0 or Z == 1
    EXPECT_TRUE(a64_cond_holds(0x90000000u, 10));  // N and V set: GE
    EXPECT_FALSE(a64_cond_holds(0x80000000u, 10)); // N only: not GE
    EXPECT_TRUE(a64_cond_holds(0x60000000u, 9));   // Z and C: LS
    EXPECT_FALSE(a64_cond_holds(0x20000000u, 9));  // C only: HI, not LS
    EXPECT_TRUE(a64_cond_holds(0, 15));            // NV behaves as AL
}
