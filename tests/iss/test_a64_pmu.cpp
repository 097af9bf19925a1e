// PMUv3: the cycle counter and event counters (CPU_CYCLES, INST_RETIRED, EXC_TAKEN,
// the TLB refills reported with a64_pmu_event, SW_INCR), enables, filters by EL,
// overflow flags and the overflow interrupt at the right cycle, PMSELR-indirect
// access, PMUSERENR and the EL2/EL3 trap controls, reset.
#include "test_a64_harness.h"

extern "C" {
#include "a64_internal.h"
}

namespace
{

constexpr uint32_t PMCR = A64_SYSREG(3, 3, 9, 12, 0), PMCNTENSET = A64_SYSREG(3, 3, 9, 12, 1),
                   PMCNTENCLR = A64_SYSREG(3, 3, 9, 12, 2), PMOVSCLR = A64_SYSREG(3, 3, 9, 12, 3),
                   PMSWINC = A64_SYSREG(3, 3, 9, 12, 4), PMSELR = A64_SYSREG(3, 3, 9, 12, 5),
                   PMCEID0 = A64_SYSREG(3, 3, 9, 12, 6), PMCCNTR = A64_SYSREG(3, 3, 9, 13, 0),
                   PMXEVTYPER = A64_SYSREG(3, 3, 9, 13, 1), PMXEVCNTR = A64_SYSREG(3, 3, 9, 13, 2),
                   PMUSERENR = A64_SYSREG(3, 3, 9, 14, 0), PMINTENSET = A64_SYSREG(3, 0, 9, 14, 1),
                   PMOVSSET = A64_SYSREG(3, 3, 9, 14, 3), PMCCFILTR = A64_SYSREG(3, 3, 14, 15, 7),
                   MDCR_EL2 = A64_SYSREG(3, 4, 1, 1, 1), MDCR_EL3 = A64_SYSREG(3, 6, 1, 3, 1);
constexpr uint32_t pmevcntr(unsigned n)
{
    return A64_SYSREG(3, 3, 14, 8, n);
}
constexpr uint32_t pmevtyper(unsigned n)
{
    return A64_SYSREG(3, 3, 14, 12, n);
}
constexpr uint64_t kVec = kRam + 0x10000;

// PMUIRQ edges: level and the core's cycle count when it changed.
std::vector<std::pair<bool, uint64_t>> *g_edges;

void on_pmu_irq(void *, a64_core *c, bool level)
{
    g_edges->push_back({level, a64_core_cycles(c)});
}

class PmuTest : public A64Test
{
  public:
    std::vector<std::pair<bool, uint64_t>> edges;
    PmuTest()
    {
        g_edges = &edges;
        cb.pmu_irq = on_pmu_irq;
        a64_core_config cfg = default_cfg();
        cfg.have_el2 = cfg.have_el3 = true;
        cfg.reset_el = 3;
        core = add_core(cfg);
        for (unsigned el = 1; el <= 3; el++) {
            uint64_t v = kVec + 0x800 * (el - 1);
            set_sr(el == 1 ? SR_VBAR_EL1 : el == 2 ? SR_VBAR_EL2 : SR_VBAR_EL3, v);
            for (unsigned off = 0; off < 0x800; off += 0x80)
                load(v + off, {enc::stop()});
        }
        set_sr(SR_SCR_EL3, 1);
    }
    // Run `prog` (ending in stop) at `el`.
    a64_stop_info go(unsigned el, const std::vector<uint32_t> &prog)
    {
        load(kRam, prog);
        st().pc = kRam;
        set_sr(SR_CURRENTEL, el << 2); // through the API: the PMU sees the EL change
        st().spsel = el != 0;
        return run(10000000);
    }
    std::vector<uint32_t> nops(unsigned n, std::vector<uint32_t> tail = {enc::stop()})
    {
        std::vector<uint32_t> p(n, enc::nop());
        p.insert(p.end(), tail.begin(), tail.end());
        return p;
    }
    // Which EL the last run's exception went to (-1: none, the program completed);
    // *esr = its whole ESR. The exception must come from the instruction before the
    // stop (ELR: a trapped or UNDEFINED instruction is its own preferred return).
    int trapped(size_t prog_len, uint64_t *esr_out = nullptr)
    {
        if (st().pc == kRam + 4 * prog_len) return -1;
        unsigned to = (unsigned)((st().pc - kVec) / 0x800) + 1;
        EXPECT_EQ(sr(to == 1   ? SR_ELR_EL1
                     : to == 2 ? SR_ELR_EL2
                               : SR_ELR_EL3),
                  kRam + 4 * (prog_len - 2));
        if (esr_out) *esr_out = sr(to == 1 ? SR_ESR_EL1 : to == 2 ? SR_ESR_EL2 : SR_ESR_EL3);
        return (int)to;
    }
};

TEST_F(PmuTest, IdentificationAndReset)
{
    EXPECT_EQ(sr(PMCR), 0x41033000u); // Cortex-A53: IMP 0x41, IDCODE 3, N = 6, E = 0
    EXPECT_EQ(sr(PMCEID0),
              0x20325u); // SW_INCR, L1I/L1D_TLB_REFILL, INST_RETIRED, EXC_TAKEN, CPU_CYCLES
    EXPECT_EQ(sr(MDCR_EL2) & 31, 6u); // HPMN = N
    EXPECT_EQ(sr(PMCCNTR), 0u);
    EXPECT_EQ((sr(A64_SYSREG(3, 0, 0, 5, 0)) >> 8) & 0xf, 1u); // ID_AA64DFR0_EL1.PMUVer
}

TEST_F(PmuTest, CycleCounterCountsTheCoreCyclesExactly)
{
    set_sr(PMCCNTR, 1000);
    set_sr(PMCNTENSET, 1u << 31);
    set_sr(PMCR, 1); // E
    uint64_t c0 = a64_core_cycles(core);
    go(1, nops(100));
    uint64_t ran = a64_core_cycles(core) - c0;
    EXPECT_EQ(sr(PMCCNTR), 1000 + ran);
    // Disabled (PMCNTENCLR): frozen.
    set_sr(PMCNTENCLR, 1u << 31);
    go(1, nops(50));
    EXPECT_EQ(sr(PMCCNTR), 1000 + ran);
    // PMCR.C resets it; PMCR.D divides by 64.
    set_sr(PMCR, 1 | 4 | 8);
    set_sr(PMCNTENSET, 1u << 31);
    c0 = a64_core_cycles(core);
    go(1, nops(1000));
    uint64_t c1 = a64_core_cycles(core);
    EXPECT_EQ(sr(PMCCNTR), (c1 >> 6) - (c0 >> 6));
    // Read by the guest: MRS sees the cycles up to the instruction itself (run a
    // second time, once predecoded: a first execution charges the decode fix-up).
    go(1, {enc::nop(), enc::nop(), enc::mrs(1, PMCCNTR), enc::stop()});
    set_sr(PMCR, 1 | 4);
    st().pc = kRam;
    run();
    EXPECT_EQ(x(1), 2u) << "the two 1-cycle NOPs before the MRS";
}

TEST_F(PmuTest, EventCountersCountInstructionsCyclesExceptionsAndReportedEvents)
{
    set_sr(pmevtyper(0), A64_PMU_INST_RETIRED);
    set_sr(pmevtyper(1), A64_PMU_CPU_CYCLES);
    set_sr(pmevtyper(2), A64_PMU_EXC_TAKEN);
    set_sr(pmevtyper(3), A64_PMU_L1D_TLB_REFILL);
    set_sr(pmevtyper(4), A64_PMU_L1I_TLB_REFILL);
    set_sr(pmevtyper(5), 0x3ff); // not implemented: never counts
    set_sr(PMCNTENSET, 0x3f);
    set_sr(PMCR, 1);
    uint64_t i0 = a64_core_instructions(core), c0 = a64_core_cycles(core);
    go(1, nops(37));
    EXPECT_EQ(sr(pmevcntr(0)), a64_core_instructions(core) - i0);
    EXPECT_EQ(sr(pmevcntr(0)), 38u); // and the HLT that stops the run
    EXPECT_EQ(sr(pmevcntr(1)), a64_core_cycles(core) - c0);
    EXPECT_EQ(sr(pmevcntr(2)), 0u);
    // Exceptions taken: three SVCs, each returning to the next instruction.
    load(kVec + 0x200, {enc::eret()}); // EL1 sync, current EL with SPx
    go(1, {enc::svc(0), enc::svc(1), enc::svc(2), enc::stop()});
    EXPECT_EQ(sr(pmevcntr(2)), 3u);
    // TLB refills come from the memory system through a64_pmu_event().
    for (int k = 0; k < 5; k++)
        a64_pmu_event(core, A64_PMU_L1D_TLB_REFILL);
    a64_pmu_event(core, A64_PMU_L1I_TLB_REFILL);
    EXPECT_EQ(sr(pmevcntr(3)), 5u);
    EXPECT_EQ(sr(pmevcntr(4)), 1u);
    EXPECT_EQ(sr(pmevcntr(5)), 0u);
    // SW_INCR: PMSWINC increments counters programmed with event 0.
    set_sr(pmevtyper(5), A64_PMU_SW_INCR);
    x(0) = 0x21; // counters 0 and 5; counter 0 is not SW_INCR
    uint64_t before0 = sr(pmevcntr(0));
    go(1, {enc::msr(PMSWINC, 0), enc::msr(PMSWINC, 0), enc::stop()});
    EXPECT_EQ(sr(pmevcntr(5)), 2u);
    EXPECT_EQ(sr(pmevcntr(0)), before0 + 3); // the two MSRs and the HLT
}

TEST_F(PmuTest, FiltersByExceptionLevel)
{
    // Counter 0 counts instructions at EL1 only (U = 1, NSH = 0); counter 1 at
    // EL0 only (P = 1); the cycle counter at EL2 only (P = U = 1, NSH = 1).
    set_sr(pmevtyper(0), (1u << 30) | A64_PMU_INST_RETIRED);
    set_sr(pmevtyper(1), (1u << 31) | A64_PMU_INST_RETIRED);
    set_sr(PMCCFILTR, (1u << 31) | (1u << 30) | (1u << 27));
    set_sr(PMCNTENSET, 3u | (1u << 31));
    set_sr(PMCR, 1);
    go(1, nops(10));
    go(0, nops(7));
    EXPECT_EQ(sr(pmevcntr(0)), 11u); // 10 NOPs and the HLT
    EXPECT_EQ(sr(pmevcntr(1)), 8u);
    EXPECT_EQ(sr(PMCCNTR), 0u);
    uint64_t c0 = a64_core_cycles(core);
    go(2, nops(5));
    EXPECT_EQ(sr(PMCCNTR), a64_core_cycles(core) - c0);
    // Across an exception from EL0 to EL1 and back, each side is counted apart:
    // the SVC at EL0, the handler's NOP at EL1; the ERET is counted at the EL it
    // returns to (docs/iss.md), then the NOP and HLT at EL0.
    load(kVec + 0x400, {enc::nop(), enc::eret()}); // EL1 sync from a lower EL
    go(0, {enc::svc(0), enc::nop(), enc::stop()});
    EXPECT_EQ(sr(pmevcntr(0)), 11u + 1);
    EXPECT_EQ(sr(pmevcntr(1)), 8u + 4);
}

TEST_F(PmuTest, OverflowSetsTheFlagAndRaisesTheInterruptOnTime)
{
    set_sr(pmevtyper(0), A64_PMU_CPU_CYCLES);
    set_sr(pmevcntr(0), 0xffffffffu - 99); // overflows on the 100th cycle
    set_sr(PMINTENSET, 1);
    set_sr(PMCNTENSET, 1);
    uint64_t c0 = a64_core_cycles(core);
    set_sr(PMCR, 1);
    EXPECT_TRUE(edges.empty());
    go(1, nops(300));
    ASSERT_EQ(edges.size(), 1u);
    EXPECT_TRUE(edges[0].first);
    EXPECT_EQ(edges[0].second, c0 + 100) << "raised at the overflowing cycle";
    EXPECT_TRUE(a64_pmu_irq(core));
    EXPECT_EQ(sr(PMOVSSET), 1u);
    EXPECT_EQ(sr(pmevcntr(0)), a64_core_cycles(core) - c0 - 100);
    // Clearing the flag drops the request.
    set_sr(PMOVSCLR, 1);
    ASSERT_EQ(edges.size(), 2u);
    EXPECT_FALSE(edges[1].first);
    // Instruction counter overflow with a 32-bit wrap; the interrupt is held off by
    // PMCR.E = 0 (the flag stays) and raised when counting is enabled again.
    set_sr(pmevtyper(1), A64_PMU_INST_RETIRED);
    set_sr(pmevcntr(1), 0xffffffffu - 9);
    set_sr(PMINTENSET, 2);
    set_sr(PMCNTENSET, 2);
    uint64_t i0 = a64_core_instructions(core);
    go(1, nops(25));
    EXPECT_EQ(a64_core_instructions(core) - i0, 26u);
    EXPECT_EQ(sr(pmevcntr(1)), 16u);
    EXPECT_TRUE(sr(PMOVSSET) & 2);
    EXPECT_TRUE(a64_pmu_irq(core));
    set_sr(PMCR, 0);
    EXPECT_FALSE(a64_pmu_irq(core));
    set_sr(PMCR, 1);
    EXPECT_TRUE(a64_pmu_irq(core));
    // Reset (a warm reset into a PSCI entry point) clears everything.
    a64_core_warm_reset(core, 2, kRam, 0);
    EXPECT_FALSE(a64_pmu_irq(core));
    EXPECT_EQ(sr(PMOVSSET), 0u);
    EXPECT_EQ(sr(pmevcntr(1)), 0u);
}

TEST_F(PmuTest, CycleCounterLongAndShortOverflow)
{
    set_sr(PMCCNTR, 0xffffffffu - 9);
    set_sr(PMINTENSET, 1u << 31);
    set_sr(PMCNTENSET, 1u << 31);
    set_sr(PMCR, 1); // LC = 0: overflow at 2^32, the counter keeps 64 bits
    go(1, nops(20));
    EXPECT_TRUE(sr(PMOVSSET) >> 31);
    EXPECT_GT(sr(PMCCNTR), 0xffffffffu);
    set_sr(PMOVSCLR, 1u << 31);
    set_sr(PMCR, 1 | (1u << 6)); // LC = 1: no overflow at the next 2^32 boundary
    set_sr(PMCCNTR, 0x1ffffffffull - 9);
    go(1, nops(20));
    EXPECT_EQ(sr(PMOVSSET), 0u);
    set_sr(PMCCNTR, ~0ull - 9);
    go(1, nops(20));
    EXPECT_TRUE(sr(PMOVSSET) >> 31);
}

TEST_F(PmuTest, IndirectAccessThroughPmselr)
{
    x(0) = 2;
    x(1) = A64_PMU_INST_RETIRED;
    x(2) = 1234;
    go(1, {enc::msr(PMSELR, 0), enc::msr(PMXEVTYPER, 1), enc::msr(PMXEVCNTR, 2),
           enc::mrs(3, PMXEVCNTR), enc::stop()});
    EXPECT_EQ(sr(pmevtyper(2)), (uint64_t)A64_PMU_INST_RETIRED);
    EXPECT_EQ(x(3), 1234u);
    // SEL = 31: PMXEVTYPER is PMCCFILTR_EL0; PMXEVCNTR is UNDEFINED.
    x(0) = 31;
    x(1) = 1u << 31;
    go(1, {enc::msr(PMSELR, 0), enc::msr(PMXEVTYPER, 1), enc::stop()});
    EXPECT_EQ(sr(PMCCFILTR), 1u << 31);
    go(1, {enc::mrs(3, PMXEVCNTR), enc::stop()});
    uint64_t e = 0;
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    // SEL beyond N: UNDEFINED.
    x(0) = 6;
    go(1, {enc::msr(PMSELR, 0), enc::mrs(3, PMXEVCNTR), enc::stop()});
    EXPECT_EQ(trapped(3, &e), 1);
    EXPECT_EQ(e, esr::kUndef);
}

TEST_F(PmuTest, El0AccessFollowsPmuserenr)
{
    uint64_t e = 0;
    go(0, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::sysreg(PMCCNTR, 1, true));
    go(0, {enc::mrs(1, PMUSERENR), enc::stop()}); // always readable at EL0
    EXPECT_EQ(trapped(2), -1);
    set_sr(PMUSERENR, 1u << 2); // CR: cycle counter reads only
    go(0, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), -1);
    go(0, {enc::msr(PMCCNTR, 1), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::sysreg(PMCCNTR, 1, false));
    go(0, {enc::mrs(1, pmevcntr(0)), enc::stop()});
    EXPECT_EQ(trapped(2), 1);
    set_sr(PMUSERENR, 1u << 3); // ER: event counter reads and PMSELR
    x(0) = 0;
    go(0, {enc::msr(PMSELR, 0), enc::mrs(1, PMXEVCNTR), enc::mrs(1, pmevcntr(0)), enc::stop()});
    EXPECT_EQ(trapped(4), -1);
    go(0, {enc::msr(PMSWINC, 0), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::sysreg(PMSWINC, 0, false));
    set_sr(PMUSERENR, 1u << 1); // SW: PMSWINC
    go(0, {enc::msr(PMSWINC, 0), enc::stop()});
    EXPECT_EQ(trapped(2), -1);
    set_sr(PMUSERENR, 1); // EN: everything except PMINTEN (EL1) and writing PMUSERENR
    go(0, {enc::msr(PMCR, 0), enc::mrs(1, PMCEID0), enc::msr(PMCCNTR, 1), enc::stop()});
    EXPECT_EQ(trapped(4), -1);
    go(0, {enc::mrs(1, PMINTENSET), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    go(0, {enc::msr(PMUSERENR, 0), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::kUndef);
}

TEST_F(PmuTest, El2AndEl3TrapControlsAndHpmn)
{
    uint64_t e = 0;
    // MDCR_EL2.TPMCR: only PMCR_EL0 traps to EL2.
    set_sr(MDCR_EL2, 6 | (1u << 5));
    go(1, {enc::mrs(1, PMCR), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 2);
    EXPECT_EQ(e, esr::sysreg(PMCR, 1, true));
    go(1, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), -1);
    // MDCR_EL2.TPM: every PMU register, from EL0 (after PMUSERENR) and EL1.
    set_sr(MDCR_EL2, 6 | (1u << 6));
    go(1, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 2);
    EXPECT_EQ(e, esr::sysreg(PMCCNTR, 1, true));
    go(0, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), 1); // PMUSERENR.EN = 0 traps to EL1 first
    set_sr(PMUSERENR, 1);
    go(0, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), 2);
    go(2, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), -1);
    // MDCR_EL3.TPM: EL0-EL2 trap to EL3 (EL2's trap first from EL1).
    set_sr(MDCR_EL3, 1u << 6);
    go(2, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 3);
    EXPECT_EQ(e, esr::sysreg(PMCCNTR, 1, true));
    go(1, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), 2);
    set_sr(MDCR_EL2, 6);
    go(1, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), 3);
    go(3, {enc::mrs(1, PMCCNTR), enc::stop()});
    EXPECT_EQ(trapped(2), -1);
    set_sr(MDCR_EL3, 0);
    // HPMN = 2: EL1 sees N = 2, counters 2.. are UNDEFINED there and reserved to
    // EL2, which enables them with MDCR_EL2.HPME rather than PMCR_EL0.E.
    set_sr(MDCR_EL2, 2);
    go(1, {enc::mrs(1, PMCR), enc::mrs(2, pmevcntr(1)), enc::stop()});
    EXPECT_EQ(trapped(3), -1);
    EXPECT_EQ((x(1) >> 11) & 31, 2u);
    go(2, {enc::mrs(1, PMCR), enc::mrs(2, pmevcntr(5)), enc::stop()});
    EXPECT_EQ(trapped(3), -1);
    EXPECT_EQ((x(1) >> 11) & 31, 6u);
    go(1, {enc::mrs(2, pmevcntr(2)), enc::stop()});
    EXPECT_EQ(trapped(2, &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    x(0) = 0x3f | (1u << 31);
    go(1, {enc::msr(PMCNTENSET, 0), enc::mrs(1, PMCNTENSET), enc::stop()});
    EXPECT_EQ(x(1), 0x3u | (1u << 31)); // bits >= HPMN are RAZ/WI at EL1
    set_sr(SR_CURRENTEL, 2 << 2);       // program the rest from EL2, which sees all
    set_sr(pmevtyper(0), (1u << 27) | A64_PMU_INST_RETIRED); // NSH: count at EL2 too
    set_sr(pmevtyper(4), (1u << 27) | A64_PMU_INST_RETIRED);
    set_sr(PMCNTENSET, 0x11);
    set_sr(PMCR, 1); // E: counter 0 runs, counter 4 (>= HPMN) does not
    go(2, nops(8));
    EXPECT_EQ(sr(pmevcntr(0)), 9u);
    EXPECT_EQ(sr(pmevcntr(4)), 0u);
    set_sr(MDCR_EL2, 2 | (1u << 7)); // HPME
    go(2, nops(8));
    EXPECT_EQ(sr(pmevcntr(4)), 9u);
}

TEST_F(PmuTest, AStoppedCoreCountsNothing)
{
    set_sr(PMCNTENSET, 1u << 31);
    set_sr(PMCR, 1);
    go(1, {enc::nop(), enc::wfi()});
    uint64_t v = sr(PMCCNTR);
    EXPECT_GT(v, 0u);
    // While this core waits in WFI the platform does not run it; another core of
    // the same system running meanwhile changes nothing here.
    a64_core *other = add_core(default_cfg());
    a64_state *os = a64_core_state(other);
    os->pc = kRam + 0x8000;
    load(kRam + 0x8000, nops(500));
    a64_stop_info i;
    a64_run(other, 100000, &i);
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(sr(PMCCNTR), v);
    // Powered off and on again: the PMU restarts from its reset state.
    a64_core_warm_reset(core, 1, kRam, 0);
    EXPECT_EQ(sr(PMCCNTR), 0u);
    EXPECT_EQ(sr(PMCR) & 1, 0u);
}

} // namespace
