// The exception model: synchronous exceptions (ESR/ELR/SPSR/FAR, vector offsets,
// routing), SVC/HVC/SMC/BRK, conduit and semihosting stops, ERET and illegal
// returns, IRQ/FIQ masking and routing, WFI/WFE/SEV, resets, fatal stops.
#include "test_a64_harness.h"

#include <cstdio>
#include <string>

namespace
{

constexpr uint64_t kVec1 = kRam + 0x10000, kVec2 = kRam + 0x20000, kVec3 = kRam + 0x30000;

class ExcTest : public A64Test
{
  public:
    // A core with EL3 and EL2, reset at EL3; vectors at kVecN for each EL, each
    // vector entry is the stop marker so the test sees where it landed.
    a64_core *full = nullptr;
    void make_full(a64_conduit conduit = A64_CONDUIT_NONE)
    {
        a64_core_config cfg = default_cfg();
        cfg.have_el2 = cfg.have_el3 = true;
        cfg.reset_el = 3;
        cfg.conduit = conduit;
        full = add_core(cfg);
        core = full;
        set_sr(SR_VBAR_EL1, kVec1);
        set_sr(SR_VBAR_EL2, kVec2);
        set_sr(SR_VBAR_EL3, kVec3);
    }
    void fill_vectors()
    {
        for (uint64_t v : {kVec1, kVec2, kVec3})
            for (unsigned off = 0; off < 0x800; off += 0x80)
                load(v + off, {enc::stop()});
    }
    ExcTest()
    {
        set_sr(SR_VBAR_EL1, kVec1);
        fill_vectors();
    }
    // Put core at `el` with SP_ELx and run `prog` from kRam.
    a64_stop_info go(unsigned el, std::initializer_list<uint32_t> prog, bool spx = true)
    {
        load(kRam, prog);
        st().pc = kRam;
        st().el = (uint8_t)el;
        st().spsel = spx;
        return run();
    }
    // Expect to have stopped at vector `vbar + off` (the stop marker).
    void at_vector(uint64_t vbar, unsigned off, const a64_stop_info &i)
    {
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_EQ(st().pc, vbar + off + 4) << std::hex << "pc=" << st().pc;
    }
};

TEST_F(ExcTest, SvcFromEl0ToEl1)
{
    st().nzcv = 0x90000000;
    st().daif = 0;
    a64_stop_info i = go(0, {enc::nop(), enc::svc(0x42)}, false);
    at_vector(kVec1, 0x400, i); // lower EL, AArch64, synchronous
    EXPECT_EQ(sr(SR_ESR_EL1), (0x15u << 26) | (1u << 25) | 0x42);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 8);     // preferred return: the next instruction
    EXPECT_EQ(sr(SR_SPSR_EL1), 0x90000000u); // EL0t, nothing masked
    EXPECT_EQ(st().el, 1);
    EXPECT_EQ(st().spsel, 1);
    EXPECT_EQ(st().daif, 0x3c0u);
    EXPECT_EQ(i.instructions, 3u); // nop, svc, the stop marker
}

TEST_F(ExcTest, VectorOffsetsForCurrentEl)
{
    at_vector(kVec1, 0x000, go(1, {enc::svc(1)}, false)); // current EL, SP_EL0
    EXPECT_EQ(sr(SR_SPSR_EL1) & 0xf, 0x4u);               // EL1t
    at_vector(kVec1, 0x200, go(1, {enc::svc(1)}, true));  // current EL, SP_ELx
    EXPECT_EQ(sr(SR_SPSR_EL1) & 0xf, 0x5u);               // EL1h
}

TEST_F(ExcTest, BrkAndUndefined)
{
    a64_stop_info i = go(1, {enc::brk(0x7)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x3cu << 26) | (1u << 25) | 7);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam); // BRK returns to itself
    i = go(1, {0x00000000});         // udf #0
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), 1u << 25);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
    EXPECT_EQ(i.instructions, 1u); // the UDF did not retire, the marker did
    i = go(1, {enc::hlt(1)});      // HLT other than 0xF000: halting debug disabled
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    i = go(1, {enc::hvc(0)}); // no EL2: HVC is UNDEFINED
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    i = go(1, {enc::smc(0)}); // no EL3: SMC is UNDEFINED
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    i = go(1, {enc::eret()}); // ERET at EL0 is UNDEFINED: check from EL0
    i = go(0, {enc::eret()}, false);
    at_vector(kVec1, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    i = go(1, {0x1e220020}); // scvtf s0, w1: trapped by CPACR_EL1.FPEN = 0 (EC 0x07)
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kFpTrap);
    i = go(1, {0x1ea22820}); // fadd with ftype 10: unallocated, UNDEFINED before the trap
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
}

TEST_F(ExcTest, HvcAndSmcRouting)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1 | (1u << 8)); // NS, HCE
    a64_stop_info i = go(1, {enc::hvc(0x12)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x16u << 26) | (1u << 25) | 0x12);
    EXPECT_EQ(sr(SR_ELR_EL2), kRam + 4);
    EXPECT_EQ(sr(SR_SPSR_EL2) & 0x3c5, 0x3c5u); // EL1h, DAIF masked at reset
    i = go(1, {enc::smc(0x34)});
    at_vector(kVec3, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL3), (0x17u << 26) | (1u << 25) | 0x34);
    EXPECT_EQ(sr(SR_ELR_EL3), kRam + 4);
    i = go(2, {enc::smc(1)});
    at_vector(kVec3, 0x400, i);
    i = go(3, {enc::smc(1)});
    at_vector(kVec3, 0x200, i);
    // HCR_EL2.TSC traps SMC from EL1 to EL2, returning to the SMC itself
    set_sr(SR_HCR_EL2, 1u << 19);
    i = go(1, {enc::smc(5)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x17u << 26) | (1u << 25) | 5);
    EXPECT_EQ(sr(SR_ELR_EL2), kRam);
    set_sr(SR_HCR_EL2, 0);
    // SCR_EL3.SMD makes SMC UNDEFINED (taken to EL1)
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 7));
    i = go(1, {enc::smc(0)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    // SCR_EL3.HCE = 0 makes HVC UNDEFINED
    set_sr(SR_SCR_EL3, 1);
    i = go(1, {enc::hvc(0)});
    at_vector(kVec1, 0x200, i);
    // HCR_EL2.TGE routes EL0 synchronous exceptions to EL2
    set_sr(SR_HCR_EL2, 1ull << 27);
    i = go(0, {enc::svc(3)}, false);
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x15u << 26) | (1u << 25) | 3);
}

// The el_change callback (firmware-mode measurements): an SMC from EL2 taken to EL3
// reports (2 -> 3, entry, EC 0x17) with PC already at the vector; the ERET back
// reports (3 -> 2, return, 0). An exception to the current EL is reported too (SVC at
// EL1: 1 -> 1).
namespace
{
struct el_change_rec {
    unsigned from, to;
    bool eret;
    uint32_t ec;
    uint64_t pc;
};
std::vector<el_change_rec> g_el_changes;
void record_el_change(void *, a64_core *c, unsigned from, unsigned to, bool eret, uint32_t ec)
{
    g_el_changes.push_back({from, to, eret, ec, a64_core_state(c)->pc});
}
} // namespace

TEST_F(ExcTest, ElChangeCallbackReportsEntryAndEret)
{
    g_el_changes.clear();
    cb.el_change = &record_el_change;
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1 | (1u << 8) | (1u << 10)); // NS, HCE, RW
    load(kVec3 + 0x400, {enc::eret()});
    go(2, {enc::smc(0), enc::stop()});
    ASSERT_EQ(g_el_changes.size(), 2u);
    EXPECT_EQ(g_el_changes[0].from, 2u);
    EXPECT_EQ(g_el_changes[0].to, 3u);
    EXPECT_FALSE(g_el_changes[0].eret);
    EXPECT_EQ(g_el_changes[0].ec, 0x17u);
    EXPECT_EQ(g_el_changes[0].pc, kVec3 + 0x400);
    EXPECT_EQ(g_el_changes[1].from, 3u);
    EXPECT_EQ(g_el_changes[1].to, 2u);
    EXPECT_TRUE(g_el_changes[1].eret);
    EXPECT_EQ(g_el_changes[1].pc, kRam + 4);
    EXPECT_EQ(st().el, 2);
    g_el_changes.clear();
    go(1, {enc::svc(1)});
    ASSERT_EQ(g_el_changes.size(), 1u);
    EXPECT_EQ(g_el_changes[0].from, 1u);
    EXPECT_EQ(g_el_changes[0].to, 1u);
    EXPECT_EQ(g_el_changes[0].ec, 0x15u);
}

TEST_F(ExcTest, ConduitStops)
{
    make_full(A64_CONDUIT_SMC);
    fill_vectors();
    x(0) = 0x84000000; // PSCI_VERSION
    a64_stop_info i = go(1, {enc::smc(0)});
    EXPECT_EQ(i.reason, A64_STOP_CONDUIT);
    EXPECT_FALSE(i.is_hvc);
    EXPECT_EQ(i.imm, 0);
    EXPECT_EQ(st().pc, kRam + 4);
    EXPECT_EQ(st().el, 1);
    EXPECT_EQ(x(0), 0x84000000u);
    // SMC with another immediate is architectural: to EL3
    i = go(1, {enc::smc(1)});
    at_vector(kVec3, 0x400, i);
    // HVC conduit on a core without EL2
    a64_core_config cfg = default_cfg();
    cfg.conduit = A64_CONDUIT_HVC;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec1);
    i = go(1, {enc::hvc(0)});
    EXPECT_EQ(i.reason, A64_STOP_CONDUIT);
    EXPECT_TRUE(i.is_hvc);
    EXPECT_EQ(st().pc, kRam + 4);
    i = go(0, {enc::hvc(0)}, false); // EL0: UNDEFINED even with a conduit
    at_vector(kVec1, 0x400, i);
}

// pscisim's cores for a kernel booted at EL2 (EL2, no EL3, SMC conduit): the
// kernel's hypervisor stub owns HVC. An HVC #0 from EL1 (Linux's HVC_SET_VECTORS,
// HVC_SOFT_RESTART...) is an HVC exception to the guest's EL2 vectors, lower EL
// AArch64 (VBAR_EL2 + 0x400), not a PSCI call; SMC #0 stays the PSCI conduit.
TEST_F(ExcTest, HvcFromEl1ReachesTheGuestsEl2VectorsWithTheSmcConduit)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.have_el3 = false;
    cfg.conduit = A64_CONDUIT_SMC;
    cfg.reset_el = 2;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec1);
    set_sr(SR_VBAR_EL2, kVec2);
    set_sr(SR_HCR_EL2, 1ull << 31); // RW: EL1 is AArch64, as Linux's stub sets it
    fill_vectors();
    x(0) = 0; // HVC_SET_VECTORS
    a64_stop_info i = go(1, {enc::hvc(0)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(st().el, 2);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x16u << 26) | (1u << 25));
    EXPECT_EQ(sr(SR_ELR_EL2), kRam + 4);
    EXPECT_EQ(sr(SR_SPSR_EL2) & 0xf, 0x5u); // from EL1h
    // An HVC at EL2 itself: current EL, SP_EL2.
    i = go(2, {enc::hvc(1)});
    at_vector(kVec2, 0x200, i);
    // SMC #0 from EL1 is the PSCI call.
    i = go(1, {enc::smc(0)});
    EXPECT_EQ(i.reason, A64_STOP_CONDUIT);
    EXPECT_FALSE(i.is_hvc);
}

// HCR_EL2.HCD (Arm ARM D17.2.48), EL2 without EL3: HVC is UNDEFINED at EL1 and at
// EL2, taken at the EL that executed it (EC 0x00, ELR = the HVC), and an HVC #0 is
// then no conduit call either. With EL3 the bit is RES0: SCR_EL3.HCE rules.
TEST_F(ExcTest, HcrHcdMakesHvcUndefinedOnlyWithoutEl3)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.have_el3 = false;
    cfg.conduit = A64_CONDUIT_HVC;
    cfg.reset_el = 2;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec1);
    set_sr(SR_VBAR_EL2, kVec2);
    fill_vectors();
    set_sr(SR_HCR_EL2, (1ull << 31) | (1ull << 29)); // RW, HCD
    a64_stop_info i = go(1, {enc::hvc(7)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(st().el, 1);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
    i = go(2, {enc::hvc(7)});
    at_vector(kVec2, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL2), esr::kUndef);
    EXPECT_EQ(sr(SR_ELR_EL2), kRam);
    i = go(1, {enc::hvc(0)}); // not a PSCI call
    EXPECT_NE(i.reason, A64_STOP_CONDUIT);
    at_vector(kVec1, 0x200, i);
    // HCD clear: HVC #7 from EL1 is an HVC exception to EL2, HVC #0 the conduit.
    set_sr(SR_HCR_EL2, 1ull << 31);
    i = go(1, {enc::hvc(7)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x16u << 26) | (1u << 25) | 7);
    i = go(1, {enc::hvc(0)});
    EXPECT_EQ(i.reason, A64_STOP_CONDUIT);
    EXPECT_TRUE(i.is_hvc);

    // With EL3 (SCR_EL3.HCE = 1, Non-secure), HCD has no effect.
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1 | (1u << 8));
    set_sr(SR_HCR_EL2, (1ull << 31) | (1ull << 29));
    i = go(1, {enc::hvc(7)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x16u << 26) | (1u << 25) | 7);
}

TEST_F(ExcTest, SemihostingStop)
{
    x(0) = 0x18;
    x(1) = 0x20026;
    a64_stop_info i = go(1, {enc::nop(), enc::hlt(0xf000), enc::nop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(i.imm, 0xf000);
    EXPECT_EQ(st().pc, kRam + 8);
    EXPECT_EQ(i.instructions, 2u);
}

TEST_F(ExcTest, EretToEl0AndBack)
{
    set_sr(SR_ELR_EL1, kRam + 0x100);
    set_sr(SR_SPSR_EL1, 0x20000000); // EL0t, C set, unmasked
    load(kRam + 0x100, {enc::svc(9)});
    a64_stop_info i = go(1, {enc::eret()});
    at_vector(kVec1, 0x400, i);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 0x104);
    EXPECT_EQ(sr(SR_SPSR_EL1), 0x20000000u);
}

TEST_F(ExcTest, IllegalExceptionReturn)
{
    // From EL1 to "EL2h" on a core without EL2: illegal return (Arm ARM D1.11.4):
    // PC = ELR, PSTATE.IL set, EL unchanged; the next instruction takes an
    // Illegal Execution state exception (EC 0x0E).
    set_sr(SR_ELR_EL1, kRam + 0x100);
    set_sr(SR_SPSR_EL1, 0x9);
    load(kRam + 0x100, {enc::nop()});
    a64_stop_info i = go(1, {enc::eret()});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x0eu << 26) | (1u << 25));
    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 0x100);
    EXPECT_EQ(sr(SR_SPSR_EL1) & (1u << 20), 1u << 20); // IL recorded in SPSR
    // AArch32 target (M[4] = 1) is illegal too
    set_sr(SR_ELR_EL1, kRam + 0x100);
    set_sr(SR_SPSR_EL1, 0x10);
    i = go(1, {enc::eret()});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x0eu << 26) | (1u << 25));
}

TEST_F(ExcTest, InstructionAbortAndPcAlignment)
{
    x(1) = 0x20000000;
    a64_stop_info i = go(1, {0xd61f0020}); // br x1 (unmapped)
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x21u << 26) | (1u << 25) | 0x10);
    EXPECT_EQ(sr(SR_FAR_EL1), 0x20000000u);
    EXPECT_EQ(sr(SR_ELR_EL1), 0x20000000u);
    x(1) = kRam + 0x102;
    i = go(1, {0xd61f0020}); // br x1 (misaligned)
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x22u << 26) | (1u << 25));
    EXPECT_EQ(sr(SR_FAR_EL1), kRam + 0x102);
    // from EL0 the abort is the "lower EL" class 0x20
    x(1) = 0x20000000;
    i = go(0, {0xd61f0020}, false);
    at_vector(kVec1, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x20u << 26) | (1u << 25) | 0x10);
    EXPECT_EQ(sr(SR_FAR_EL1), 0x20000000u);
}

TEST_F(ExcTest, ExceptionLoopIsFatal)
{
    set_sr(SR_VBAR_EL1, 0x20000000); // vectors in unmapped memory
    a64_stop_info i = go(1, {0x00000000});
    EXPECT_EQ(i.reason, A64_STOP_FATAL);
    std::string m = i.message;
    EXPECT_NE(m.find("MPIDR=0x80000000"), std::string::npos) << m;
    EXPECT_NE(m.find("PC=0x20000200"), std::string::npos) << m;
    EXPECT_NE(m.find("exception loop"), std::string::npos) << m;
    EXPECT_NE(m.find("ESR_EL1=0x86000010"), std::string::npos) << m;
    // ... and names the exception that started the loop: the UDF at kRam (EC 0).
    char first[96];
    std::snprintf(first, sizeof first, "first exception: ELR=0x%llx ESR=0x2000000 ",
                  (unsigned long long)kRam);
    EXPECT_NE(m.find(first), std::string::npos) << m;
    // a vector that itself is UDF re-enters forever
    set_sr(SR_VBAR_EL1, kVec1);
    load(kVec1 + 0x200, {0x00000000});
    i = go(1, {0x00000000});
    EXPECT_EQ(i.reason, A64_STOP_FATAL);
    EXPECT_NE(std::string(i.message).find("exception loop"), std::string::npos);
    std::snprintf(first, sizeof first, "first exception: ELR=0x%llx ESR=0x2000000 ",
                  (unsigned long long)kRam);
    EXPECT_NE(std::string(i.message).find(first), std::string::npos) << i.message;
}

TEST_F(ExcTest, MmuEnableWithoutTablesAbortsTheNextFetch)
{
    // SCTLR_EL1.M = 1 with TTBR0_EL1 = 0 (no RAM there): the fetch after the MSR
    // walks the tables and takes a synchronous external abort on the walk
    // (IFSC 0b010100, level 0); so does the vector fetch, which is fatal.
    x(0) = sr(SR_SCTLR_EL1) | 1;
    a64_stop_info i = go(1, {enc::msr(SR_SCTLR_EL1, 0)});
    EXPECT_EQ(i.reason, A64_STOP_FATAL);
    std::string m = i.message;
    EXPECT_NE(m.find("ESR_EL1=0x86000014"), std::string::npos) << m;
    EXPECT_NE(m.find("exception loop"), std::string::npos) << m;
    // the recorded syndrome is the vector fetch's
    EXPECT_EQ(sr(SR_ELR_EL1), kVec1 + 0x200);
    EXPECT_EQ(sr(SR_FAR_EL1), kVec1 + 0x200);
}

TEST_F(ExcTest, IrqTakenWhenUnmasked)
{
    st().daif = 0x3c0;
    a64_set_irq(core, true);
    EXPECT_TRUE(a64_wake_pending(core));
    EXPECT_EQ(sr(SR_ISR_EL1), 0x80u);
    // masked: runs on (the program clears DAIF.I after a nop)
    a64_stop_info i = go(1, {enc::nop(), 0xd50342ff /* msr daifclr, #2 */, enc::nop()});
    at_vector(kVec1, 0x280, i);                 // current EL with SP_ELx, IRQ
    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 8);        // the instruction after the msr
    EXPECT_EQ(sr(SR_SPSR_EL1) & 0x3c0, 0x340u); // I was clear
    EXPECT_EQ(st().daif, 0x3c0u);
    // FIQ has priority and uses offset 0x100
    a64_set_fiq(core, true);
    st().daif = 0;
    i = go(1, {enc::nop()});
    at_vector(kVec1, 0x300, i);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
    a64_set_fiq(core, false);
    a64_set_irq(core, false);
    EXPECT_EQ(sr(SR_ISR_EL1), 0u);
}

TEST_F(ExcTest, IrqRoutingToEl3AndEl2IgnoresLowerMask)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1 | (1u << 1)); // NS, IRQ -> EL3
    a64_set_irq(core, true);
    st().daif = 0x3c0; // masked at EL1, but EL3 routing is not masked from below
    a64_stop_info i = go(1, {enc::nop()});
    at_vector(kVec3, 0x480, i);
    EXPECT_EQ(sr(SR_ELR_EL3), kRam);
    // at EL3 with I masked: not taken
    st().daif = 0x3c0;
    i = go(3, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    // HCR_EL2.IMO -> EL2
    set_sr(SR_SCR_EL3, (sr(SR_SCR_EL3) & ~2ull));
    set_sr(SR_HCR_EL2, 1u << 4);
    st().daif = 0x3c0;
    i = go(1, {enc::nop()});
    at_vector(kVec2, 0x480, i);
    // at EL2, an interrupt routed to EL1 is not taken
    set_sr(SR_HCR_EL2, 0);
    st().daif = 0;
    i = go(2, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    a64_set_irq(core, false);
}

TEST_F(ExcTest, WfiWfeSev)
{
    a64_stop_info i = go(1, {enc::nop(), enc::wfi(), enc::nop()});
    EXPECT_EQ(i.reason, A64_STOP_WFI);
    EXPECT_EQ(st().pc, kRam + 8);
    // pending but masked interrupt: WFI completes at once
    st().daif = 0x3c0;
    a64_set_irq(core, true);
    i = go(1, {enc::wfi(), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    a64_set_irq(core, false);
    // WFE with the event register clear stops; SEVL sets it so WFE falls through
    st().event = false;
    i = go(1, {enc::wfe()});
    EXPECT_EQ(i.reason, A64_STOP_WFE);
    EXPECT_EQ(st().pc, kRam + 4);
    i = go(1, {enc::sevl(), enc::wfe(), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_FALSE(st().event); // consumed by the WFE
    // SEV signals the other cores through their event callback
    a64_core *c1 = add_core(default_cfg());
    a64_core_state(c1)->event = false;
    events.clear();
    i = go(1, {enc::sev(), enc::stop()});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0], c1);
    EXPECT_TRUE(a64_core_state(c1)->event);
    EXPECT_TRUE(st().event);
}

TEST_F(ExcTest, WfiTrapToEl1FromEl0)
{
    // SCTLR_EL1.nTWI = 0 traps WFI at EL0 (EC 0x01, CV=1, COND=0xE, TI=0).
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~(1ull << 16));
    a64_stop_info i = go(0, {enc::wfi()}, false);
    at_vector(kVec1, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL1), (0x01u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20));
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
}

// Without VHE, SCTLR_EL1.nTWI/nTWE still trap EL0 under HCR_EL2.TGE, to EL2 (Arm
// ARM D17.2 SCTLR_EL1.nTWI: "to EL1, or to EL2 when ... HCR_EL2.TGE is 1").
TEST_F(ExcTest, WfxTrapFromEl0GoesToEl2UnderTge)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure: EL2 enabled
    set_sr(SR_HCR_EL2, sr(SR_HCR_EL2) | (1ull << 27));
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~((1ull << 16) | (1ull << 18)));
    set_sr(SR_ESR_EL1, 0);
    for (bool wfe : {false, true}) {
        SCOPED_TRACE(wfe ? "WFE" : "WFI");
        st().event = false;
        a64_stop_info i = go(0, {enc::nop(), wfe ? enc::wfe() : enc::wfi()}, false);
        at_vector(kVec2, 0x400, i);
        EXPECT_EQ(st().el, 2);
        EXPECT_EQ(sr(SR_ESR_EL2),
                  (0x01u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (wfe ? 1u : 0u));
        EXPECT_EQ(sr(SR_ELR_EL2), kRam + 4);
        EXPECT_EQ(sr(SR_ESR_EL1), 0u);
    }
}

TEST_F(ExcTest, ColdAndWarmReset)
{
    make_full();
    EXPECT_EQ(st().el, 3);
    EXPECT_EQ(st().pc, kRam);
    EXPECT_EQ(st().daif, 0x3c0u);
    x(5) = 99;
    a64_core_warm_reset(core, 2, kRam + 0x400, 0xc0ffee);
    EXPECT_EQ(st().el, 2);
    EXPECT_EQ(st().spsel, 1);
    EXPECT_EQ(st().pc, kRam + 0x400);
    EXPECT_EQ(x(0), 0xc0ffeeu);
    for (unsigned r = 1; r < 31; r++)
        EXPECT_EQ(x(r), 0u) << r;
    EXPECT_EQ(st().daif, 0x3c0u);
    EXPECT_EQ(sr(SR_SCTLR_EL2) & 0x1005, 0u); // M, C, I clear
    EXPECT_EQ(sr(SR_SCTLR_EL1) & 0x1005, 0u);
    EXPECT_EQ(sr(SR_SCR_EL3) & 0x401, 0x401u); // NS, RW: the entry is Non-secure AArch64
    a64_core_warm_reset(core, 1, kRam + 0x800, 1);
    EXPECT_EQ(st().el, 1);
    EXPECT_EQ(sr(SR_CURRENTEL), 4u);
}

TEST_F(ExcTest, BudgetRequestStopAndBreakpoint)
{
    // b . : an infinite loop stops on the budget
    a64_stop_info i = go(1, {enc::b(0)});
    (void)i;
    load(kRam, {enc::b(0)});
    st().pc = kRam;
    a64_run(core, 1000, &i);
    EXPECT_EQ(i.reason, A64_STOP_BUDGET);
    EXPECT_GE(i.cycles, 1000u);
    EXPECT_LT(i.cycles, 1010u);
    EXPECT_EQ(i.instructions, i.cycles / 2); // branch 1 + taken 1
    // breakpoint: stops before the instruction, then resumes over it
    ASSERT_EQ(0, a64_breakpoint_add(core, kRam + 4));
    load(kRam, {enc::movz(0, 1), enc::movz(1, 2), enc::stop()});
    st().pc = kRam;
    i = run();
    EXPECT_EQ(i.reason, A64_STOP_BREAKPOINT);
    EXPECT_EQ(st().pc, kRam + 4);
    EXPECT_EQ(x(0), 1u);
    x(1) = 0;
    i = run();
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(x(1), 2u);
    EXPECT_EQ(0, a64_breakpoint_remove(core, kRam + 4));
    EXPECT_EQ(-1, a64_breakpoint_remove(core, kRam + 4));
}

// A callback that asks the core to stop after the current instruction.
static int stop_read(void *, a64_core *c, uint64_t, unsigned, uint64_t *v, uint64_t *)
{
    *v = 0;
    a64_request_stop(c);
    return 0;
}

TEST_F(ExcTest, RequestStopFromCallback)
{
    a64_callbacks c2 = cb;
    c2.read = stop_read;
    core = a64_core_create(sys, &(const a64_core_config &)default_cfg(), &c2);
    x(1) = 0x09000000;
    load(kRam, {0xf9400020, enc::nop(), enc::stop()}); // ldr x0, [x1]
    st().pc = kRam;
    a64_stop_info i = run();
    EXPECT_EQ(i.reason, A64_STOP_REQUESTED);
    EXPECT_EQ(st().pc, kRam + 4);
    EXPECT_EQ(i.instructions, 1u);
}

} // namespace

namespace
{

TEST(A64Api, BadConfigurationsAreRejected)
{
    a64_system *sys = a64_system_create();
    static uint8_t ram[0x3000], ram2[0x1000];
    EXPECT_EQ(0, a64_system_map_ram(sys, 0x1000, sizeof ram, ram));
    EXPECT_EQ(-1, a64_system_map_ram(sys, 0x3000, sizeof ram2, ram2)); // overlaps
    EXPECT_EQ(-1, a64_system_map_ram(sys, 0x8000, 0, ram2));           // empty
    EXPECT_EQ(-1, a64_system_map_ram(sys, ~0ull - 0x10, 0x100, ram2)); // wraps
    a64_core_config cfg{};
    cfg.reset_el = 2; // EL2 not implemented
    EXPECT_EQ(nullptr, a64_core_create(sys, &cfg, nullptr));
    cfg.reset_el = 0;
    EXPECT_EQ(nullptr, a64_core_create(sys, &cfg, nullptr));
    cfg.reset_el = 3;
    cfg.have_el3 = true;
    a64_core *c = a64_core_create(sys, &cfg, nullptr);
    ASSERT_NE(nullptr, c);
    EXPECT_EQ(a64_core_get_config(c)->midr, 0x410fd034u); // default MIDR
    a64_stop_info i;
    a64_run(c, 0, &i); // a zero budget returns at once
    EXPECT_EQ(i.reason, A64_STOP_BUDGET);
    EXPECT_EQ(i.instructions, 0u);
    a64_system_destroy(sys);
}

TEST(A64Api, FetchPastTheEndOfAnUnalignedRegionAborts)
{
    // A region whose size is not a multiple of 4 KiB: the predecoded page extends
    // past it, and fetching there is an instruction abort, not a host overread.
    a64_system *sys = a64_system_create();
    std::vector<uint8_t> ram(0x1810, 0);
    ASSERT_EQ(0, a64_system_map_ram(sys, 0x40000000, ram.size(), ram.data()));
    a64_core_config cfg{};
    cfg.reset_el = 1;
    cfg.rvbar = 0x40001800;
    a64_core *c = a64_core_create(sys, &cfg, nullptr);
    const uint32_t nops[4] = {0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f};
    std::memcpy(&ram[0x1800], nops, sizeof nops);
    uint32_t hlt = 0xd45e0000; // hlt #0xf000 at the vector (VBAR_EL1 = 0x40000000 + 0x200)
    std::memcpy(&ram[0x200], &hlt, 4);
    ASSERT_EQ(0, a64_sysreg_set(c, SR_VBAR_EL1, 0x40000000));
    a64_stop_info i;
    a64_run(c, 1000, &i);
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    uint64_t esr = 0, far = 0;
    a64_sysreg_get(c, SR_ESR_EL1, &esr);
    a64_sysreg_get(c, SR_FAR_EL1, &far);
    EXPECT_EQ(esr, 0x86000010u);
    EXPECT_EQ(far, 0x40001810u);
    EXPECT_EQ(i.instructions, 5u); // 4 nops + hlt
    a64_system_destroy(sys);
}

TEST(A64Api, TwoCoresShareCodeButNotState)
{
    a64_system *sys = a64_system_create();
    std::vector<uint8_t> ram(0x10000, 0);
    ASSERT_EQ(0, a64_system_map_ram(sys, 0x40000000, ram.size(), ram.data()));
    // mrs x0, mpidr_el1 ; hlt #0xf000
    const uint32_t prog[2] = {0xd53800a0, 0xd45e0000};
    std::memcpy(ram.data(), prog, sizeof prog);
    a64_core_config cfg{};
    cfg.reset_el = 1;
    cfg.rvbar = 0x40000000;
    cfg.mpidr = 0x80000000;
    a64_core *c0 = a64_core_create(sys, &cfg, nullptr);
    cfg.mpidr = 0x80000101;
    a64_core *c1 = a64_core_create(sys, &cfg, nullptr);
    a64_stop_info i;
    a64_run(c0, 100, &i);
    a64_run(c1, 100, &i);
    EXPECT_EQ(a64_core_state(c0)->x[0], 0x80000000u);
    EXPECT_EQ(a64_core_state(c1)->x[0], 0x80000101u);
    EXPECT_EQ(a64_core_instructions(c0), 2u);
    EXPECT_EQ(a64_core_instructions(c1), 2u);
    a64_core_destroy(c1);
    a64_system_destroy(sys);
}

} // namespace

namespace
{

TEST_F(ExcTest, Stage2EnableIsFatalOnEntryToEl1)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure: EL2 enabled
    set_sr(SR_HCR_EL2, 1);                  // VM: harmless while at EL2
    set_sr(SR_ELR_EL2, kRam + 0x100);
    set_sr(SR_SPSR_EL2, 0x5); // EL1h
    a64_stop_info i = go(2, {enc::nop(), enc::eret()});
    EXPECT_EQ(i.reason, A64_STOP_FATAL);
    EXPECT_NE(std::string(i.message).find("stage 2 translation not modelled"), std::string::npos)
        << i.message;
}

} // namespace

namespace
{

TEST_F(ExcTest, ExceptionAndEretCycles)
{
    // nop (1) + svc (1) + exception entry (8) + the hlt at the vector (1)
    a64_stop_info i = go(1, {enc::nop(), enc::svc(0)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(i.cycles, 11u);
    // eret (6) + hlt (1)
    set_sr(SR_ELR_EL1, kRam + 0x100);
    set_sr(SR_SPSR_EL1, 0x5);
    load(kRam + 0x100, {enc::stop()});
    i = go(1, {enc::eret()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(i.cycles, 7u);
}

// An MMIO write that raises the core's own IRQ line (a device interrupting).
static int irq_on_write(void *, a64_core *c, uint64_t, unsigned, uint64_t, uint64_t *)
{
    a64_set_irq(c, true);
    return 0;
}

TEST_F(ExcTest, InterruptRaisedFromCallbackIsTakenAfterThatInstruction)
{
    a64_callbacks c2 = cb;
    c2.write = irq_on_write;
    a64_core_config cfg = default_cfg();
    core = a64_core_create(sys, &cfg, &c2);
    set_sr(SR_VBAR_EL1, kVec1);
    st().daif = 0;
    x(1) = 0x09000000;
    a64_stop_info i = go(1, {0xf9000020 /* str x0, [x1] */, enc::nop(), enc::nop()});
    at_vector(kVec1, 0x280, i);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 4); // after the store, before the first nop
    a64_set_irq(core, false);
}

} // namespace

namespace
{

TEST_F(ExcTest, IrqWithTgeGoesToEl2AndFiqRoutingToEl3)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure
    set_sr(SR_HCR_EL2, 1ull << 27);         // TGE
    a64_set_irq(core, true);
    st().daif = 0x3c0; // PSTATE.I does not mask an interrupt for EL2 taken from EL0
    a64_stop_info i = go(0, {enc::nop()}, false);
    at_vector(kVec2, 0x480, i);           // lower EL, IRQ
    EXPECT_EQ(sr(SR_SPSR_EL2) & 0xf, 0u); // from EL0t
    a64_set_irq(core, false);
    set_sr(SR_HCR_EL2, 0);
    // SCR_EL3.FIQ: FIQ from EL2 goes to EL3 at offset 0x400 + 0x100
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 2));
    a64_set_fiq(core, true);
    st().daif = 0x3c0;
    i = go(2, {enc::nop()});
    at_vector(kVec3, 0x500, i);
    EXPECT_EQ(sr(SR_ELR_EL3), kRam);
    a64_set_fiq(core, false);
}

} // namespace

namespace
{

TEST_F(ExcTest, MdcrTdeRoutesBrkToEl2)
{
    make_full();
    fill_vectors();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    set_sr(A64_SYSREG(3, 4, 1, 1, 1), 1u << 8); // MDCR_EL2.TDE
    a64_stop_info i = go(1, {enc::brk(3)});
    at_vector(kVec2, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL2), (0x3cu << 26) | (1u << 25) | 3);
    set_sr(A64_SYSREG(3, 4, 1, 1, 1), 0);
    i = go(1, {enc::brk(3)});
    at_vector(kVec1, 0x200, i);
}

} // namespace

// a64_callbacks.pe_state: the GIC CPU interface learns every change of EL and
// SCR_EL3 (exception entry, ERET, MSR SCR_EL3) from inside the run, and reads the
// new state through the API.
namespace
{
std::vector<std::pair<unsigned, bool>> *g_pe_states;

void on_pe_state(void *, a64_core *c)
{
    uint64_t scr = 0;
    a64_sysreg_get(c, SR_SCR_EL3, &scr);
    g_pe_states->push_back({a64_core_state(c)->el, scr & 1});
}
} // namespace

TEST_F(ExcTest, PeStateCallbackOnExceptionEntryReturnAndScrWrite)
{
    std::vector<std::pair<unsigned, bool>> seen;
    g_pe_states = &seen;
    cb.pe_state = on_pe_state;
    make_full();
    fill_vectors();
    ASSERT_FALSE(seen.empty()); // the cold reset reported EL3
    EXPECT_EQ(seen.back(), std::make_pair(3u, false));
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // through the API too
    EXPECT_EQ(seen.back(), std::make_pair(3u, true));
    seen.clear();
    at_vector(kVec3, 0x400, go(1, {enc::smc(0)})); // Non-secure EL1 -> EL3
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], std::make_pair(3u, true));
    // At EL3: clear SCR_EL3.NS, then ERET to (Secure) EL1.
    seen.clear();
    set_sr(SR_SPSR_EL3, 0x3c5); // EL1h
    set_sr(SR_ELR_EL3, kRam + 12);
    st().x[0] = 0;
    load(kRam + 12, {enc::stop()});
    a64_stop_info i = go(3, {enc::msr(SR_SCR_EL3, 0), enc::eret(), enc::nop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(st().el, 1u);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], std::make_pair(3u, false));
    EXPECT_EQ(seen[1], std::make_pair(1u, false));
    // An exception taken to the EL it is raised at changes nothing.
    seen.clear();
    at_vector(kVec1, 0x200, go(1, {enc::svc(0)}));
    EXPECT_TRUE(seen.empty());
}
// ---- Security state and SCR_EL3 (Arm ARM D1.1 "Security state", D17.2 SCR_EL3) ----

namespace
{

constexpr uint32_t SR_CNTPS_CTL_EL1 = A64_SYSREG(3, 7, 14, 2, 1);

TEST_F(ExcTest, SecurityStateIsEl3OrScrNs)
{
    make_full();
    EXPECT_FALSE(a64_core_nonsecure(core)); // EL3, SCR_EL3.NS = 0 at reset
    st().el = 1;
    EXPECT_FALSE(a64_core_nonsecure(core)); // Secure EL1
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    EXPECT_TRUE(a64_core_nonsecure(core)); // Non-secure EL1
    st().el = 3;
    EXPECT_FALSE(a64_core_nonsecure(core)); // EL3 is Secure whatever NS says
    // Without EL3: Non-secure with EL2, Secure without
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.reset_el = 2;
    EXPECT_TRUE(a64_core_nonsecure(add_core(cfg)));
    cfg.have_el2 = false;
    cfg.reset_el = 1;
    EXPECT_FALSE(a64_core_nonsecure(add_core(cfg)));
}

TEST_F(ExcTest, ScrEl3FieldsAsWrittenByMsr)
{
    make_full();
    // RES1 [5:4], RW [10] RAO (no AArch32 below EL3); bit 6 and fields of
    // features not implemented (TLOR [14], TERR [15], APK/API [17:16]) RES0
    x(1) = 0;
    go(3, {enc::msr(SR_SCR_EL3, 1), enc::stop()});
    EXPECT_EQ(sr(SR_SCR_EL3), 0x430u);
    x(1) = ~0ull;
    go(3, {enc::msr(SR_SCR_EL3, 1), enc::mrs(2, SR_SCR_EL3), enc::stop()});
    EXPECT_EQ(x(2), 0x3fbfu);
}

TEST_F(ExcTest, SecureEl1HasNoEl2)
{
    make_full();
    // SCR_EL3.NS = 0: EL2 is not enabled, so HCR_EL2 routing does not apply and
    // HVC is UNDEFINED even with HCE = 1
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 8));
    set_sr(SR_HCR_EL2, (1u << 4) | (1u << 19)); // IMO, TSC
    a64_stop_info i = go(1, {enc::hvc(1)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    i = go(1, {enc::smc(2)}); // TSC does not trap from Secure EL1
    at_vector(kVec3, 0x400, i);
    a64_set_irq(core, true);
    st().daif = 0;
    i = go(1, {enc::nop()});
    at_vector(kVec1, 0x280, i); // IRQ to EL1, current EL with SP_EL1
    a64_set_irq(core, false);
    // ERET from EL3 to EL2 in Secure state is an illegal return
    set_sr(SR_SPSR_EL3, 0x3c9); // EL2h
    set_sr(SR_ELR_EL3, kRam + 0x100);
    load(kRam + 0x100, {enc::stop()});
    i = go(3, {enc::eret()});
    EXPECT_EQ(st().el, 3u);
    EXPECT_EQ(sr(SR_ESR_EL3), (0x0eu << 26) | (1u << 25)) << std::hex << st().pc; // Illegal state
    at_vector(kVec3, 0x200, i);
}

TEST_F(ExcTest, ScrRoutesIrqFiqToEl3OnlyWhenSet)
{
    make_full();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    // IRQ = 0: at EL3 a pending IRQ is never taken (it targets a lower EL)
    a64_set_irq(core, true);
    st().daif = 0;
    a64_stop_info i = go(3, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    // IRQ = 1: taken at EL3 when PSTATE.I allows
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 1));
    st().daif = 0;
    i = go(3, {enc::nop()});
    at_vector(kVec3, 0x280, i);
    a64_set_irq(core, false);
    // FIQ = 1 from Secure EL1 with F masked: to EL3 anyway
    set_sr(SR_SCR_EL3, (sr(SR_SCR_EL3) & ~1ull) | (1u << 2));
    a64_set_fiq(core, true);
    st().daif = 0x3c0;
    i = go(1, {enc::nop()});
    at_vector(kVec3, 0x500, i);
    // FIQ = 0 from Secure EL1: to EL1, masked by F
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) & ~4ull);
    st().daif = 0x3c0;
    i = go(1, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    a64_set_fiq(core, false);
}

TEST_F(ExcTest, ScrSmdAtEl3AndTwxFromBelow)
{
    make_full();
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 7)); // SMD: SMC UNDEFINED at EL3 too
    a64_stop_info i = go(3, {enc::smc(0)});
    at_vector(kVec3, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL3), esr::kUndef);
    // TWI / TWE trap WFI / WFE from Non-secure EL1 and EL2 to EL3
    set_sr(SR_SCR_EL3, 1 | (1u << 12));
    i = go(1, {enc::wfi()});
    at_vector(kVec3, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL3), (0x01u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20));
    EXPECT_EQ(sr(SR_ELR_EL3), kRam);
    set_sr(SR_SCR_EL3, 1 | (1u << 13));
    st().event = false;
    i = go(2, {enc::wfe()});
    at_vector(kVec3, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL3), (0x01u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | 1);
    i = go(1, {enc::wfi()}); // TWI clear: WFI waits
    EXPECT_EQ(i.reason, A64_STOP_WFI);
}

TEST_F(ExcTest, CntpsNeedsSecureEl1AndScrSt)
{
    make_full();
    // Secure EL1, ST = 0: trapped to EL3 (EC 0x18)
    a64_stop_info i = go(1, {enc::mrs(1, SR_CNTPS_CTL_EL1)});
    at_vector(kVec3, 0x400, i);
    EXPECT_EQ(sr(SR_ESR_EL3), esr::sysreg(SR_CNTPS_CTL_EL1, 1, true));
    EXPECT_EQ(sr(SR_ELR_EL3), kRam);
    // ST = 1: reaches the timer
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 11));
    sysreg_reads.clear();
    i = go(1, {enc::mrs(1, SR_CNTPS_CTL_EL1), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    ASSERT_EQ(sysreg_reads.size(), 1u);
    EXPECT_EQ(sysreg_reads[0], SR_CNTPS_CTL_EL1);
    // Non-secure EL1: UNDEFINED whatever ST says
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    i = go(1, {enc::mrs(1, SR_CNTPS_CTL_EL1)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
    // EL3: always
    i = go(3, {enc::mrs(1, SR_CNTPS_CTL_EL1), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
}

} // namespace
