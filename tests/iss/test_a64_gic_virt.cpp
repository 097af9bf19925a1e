// The core's side of the GICv3 virtual CPU interface: which ICC_* accesses at
// Non-secure EL1 go to the ICV_* registers (HCR_EL2.IMO/FMO, A64_SYSREG_VIRTUAL
// on the callback's enc), the EL2 traps (SGIs under IMO/FMO, the device's own trap
// answer), and virtual IRQ/FIQ delivery (GIC lines and HCR_EL2.VI/VF).
#include "test_a64_harness.h"

namespace
{

constexpr uint64_t kVec1 = kRam + 0x10000, kVec2 = kRam + 0x20000;

constexpr uint32_t ICC_PMR = A64_SYSREG(3, 0, 4, 6, 0);
constexpr uint32_t ICC_IAR0 = A64_SYSREG(3, 0, 12, 8, 0);
constexpr uint32_t ICC_SGI1R = A64_SYSREG(3, 0, 12, 11, 5);
constexpr uint32_t ICC_IAR1 = A64_SYSREG(3, 0, 12, 12, 0);
constexpr uint32_t ICC_EOIR1 = A64_SYSREG(3, 0, 12, 12, 1);
constexpr uint32_t ICC_CTLR = A64_SYSREG(3, 0, 12, 12, 4);
constexpr uint32_t ICC_SRE1 = A64_SYSREG(3, 0, 12, 12, 5);
constexpr uint32_t ICH_HCR = A64_SYSREG(3, 4, 12, 11, 0);
constexpr uint32_t ICH_LR3 = A64_SYSREG(3, 4, 12, 12, 3);
constexpr uint32_t ICH_LR4 = A64_SYSREG(3, 4, 12, 12, 4);
constexpr uint32_t ICH_AP1R1 = A64_SYSREG(3, 4, 12, 9, 1);
constexpr uint32_t V = A64_SYSREG_VIRTUAL;

constexpr uint64_t IMO = 1u << 4, FMO = 1u << 3, VI = 1u << 7, VF = 1u << 6;

class GicVirtTest : public A64Test
{
  public:
    GicVirtTest()
    {
        a64_core_config cfg = default_cfg();
        cfg.have_el2 = true;
        cfg.reset_el = 2;
        core = add_core(cfg);
        set_sr(SR_VBAR_EL1, kVec1);
        set_sr(SR_VBAR_EL2, kVec2);
        for (uint64_t v : {kVec1, kVec2})
            for (unsigned off = 0; off < 0x800; off += 0x80)
                load(v + off, {enc::stop()});
    }
    a64_stop_info go(unsigned el, std::initializer_list<uint32_t> prog)
    {
        load(kRam, prog);
        st().pc = kRam;
        st().el = (uint8_t)el;
        st().spsel = el != 0;
        return run();
    }
    // The enc the device saw for one MRS of `reg` at `el` with HCR_EL2 = hcr.
    uint32_t read_enc(unsigned el, uint64_t hcr, uint32_t reg)
    {
        set_sr(SR_HCR_EL2, hcr);
        sysreg_reads.clear();
        go(el, {enc::mrs(0, reg), enc::stop()});
        EXPECT_EQ(sysreg_reads.size(), 1u);
        return sysreg_reads.empty() ? 0 : sysreg_reads[0];
    }
    void at_vector(uint64_t vbar, unsigned off, const a64_stop_info &i)
    {
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_EQ(st().pc, vbar + off + 4) << std::hex << "pc=" << st().pc;
    }
};

TEST_F(GicVirtTest, IccAccessAtEl1GoesVirtualByImoFmo)
{
    // Group 1 registers follow IMO, Group 0 follow FMO, the common ones either.
    EXPECT_EQ(read_enc(1, 0, ICC_IAR1), ICC_IAR1);
    EXPECT_EQ(read_enc(1, IMO, ICC_IAR1), ICC_IAR1 | V);
    EXPECT_EQ(read_enc(1, FMO, ICC_IAR1), ICC_IAR1);
    EXPECT_EQ(read_enc(1, IMO, ICC_IAR0), ICC_IAR0);
    EXPECT_EQ(read_enc(1, FMO, ICC_IAR0), ICC_IAR0 | V);
    EXPECT_EQ(read_enc(1, IMO, ICC_PMR), ICC_PMR | V);
    EXPECT_EQ(read_enc(1, FMO, ICC_CTLR), ICC_CTLR | V);
    EXPECT_EQ(read_enc(1, 0, ICC_CTLR), ICC_CTLR);
    // ICC_SRE_EL1 has no virtual twin; EL2 always reaches the physical interface.
    EXPECT_EQ(read_enc(1, IMO | FMO, ICC_SRE1), ICC_SRE1);
    EXPECT_EQ(read_enc(2, IMO | FMO, ICC_IAR1), ICC_IAR1);
    // Writes too.
    set_sr(SR_HCR_EL2, IMO);
    x(1) = 40;
    go(1, {enc::msr(ICC_EOIR1, 1), enc::stop()});
    ASSERT_EQ(sysreg_writes.size(), 1u);
    EXPECT_EQ(sysreg_writes[0].first, ICC_EOIR1 | V);
    EXPECT_EQ(sysreg_writes[0].second, 40u);
}

TEST_F(GicVirtTest, DeviceTrapQuestionAskedAtEl1Only)
{
    read_enc(2, IMO, ICC_IAR1);
    EXPECT_TRUE(sysreg_trap_queries.empty()); // EL2: no EL2 trap to ask about
    read_enc(1, IMO, ICC_IAR1);
    ASSERT_EQ(sysreg_trap_queries.size(), 1u);
    EXPECT_EQ(sysreg_trap_queries[0], ICC_IAR1 | V); // asked about the register reached
    // The device says trap (ICH_HCR_EL2.TALL1, say): EC 0x18 to EL2, nothing read.
    sysreg_trap_answer = 1;
    sysreg_reads.clear();
    a64_stop_info i = go(1, {enc::mrs(3, ICC_IAR1)});
    at_vector(kVec2, 0x400, i); // lower EL, synchronous
    EXPECT_TRUE(sysreg_reads.empty());
    // ISS: Op0 3, Op2 0, Op1 0, CRn 12, Rt 3, CRm 12, read.
    EXPECT_EQ(sr(SR_ESR_EL2),
              (0x18u << 26) | (1u << 25) | (3u << 20) | (12u << 10) | (3u << 5) | (12u << 1) | 1u);
    EXPECT_EQ(sr(SR_ELR_EL2), kRam);
}

TEST_F(GicVirtTest, SgiWritesTrapToEl2UnderImoOrFmo)
{
    x(0) = 1;
    set_sr(SR_HCR_EL2, 0);
    a64_stop_info i = go(1, {enc::msr(ICC_SGI1R, 0), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    ASSERT_EQ(sysreg_writes.size(), 1u);
    EXPECT_EQ(sysreg_writes[0].first, ICC_SGI1R); // never virtual
    for (uint64_t hcr : {IMO, FMO}) {
        sysreg_writes.clear();
        set_sr(SR_HCR_EL2, hcr);
        i = go(1, {enc::msr(ICC_SGI1R, 0)});
        at_vector(kVec2, 0x400, i);
        EXPECT_EQ(sr(SR_ESR_EL2), esr::sysreg(ICC_SGI1R, 0, false));
        EXPECT_EQ(sr(SR_ELR_EL2), kRam);
        EXPECT_TRUE(sysreg_writes.empty());
    }
}

TEST_F(GicVirtTest, OnlyImplementedListAndPriorityRegistersExist)
{
    // 4 list registers, 5 preemption bits: LR4 and AP1R1 are UNDEFINED at EL2.
    a64_stop_info i = go(2, {enc::mrs(0, ICH_LR3), enc::mrs(0, ICH_HCR), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    for (uint32_t r : {ICH_LR4, ICH_AP1R1}) {
        i = go(2, {enc::mrs(0, r)});
        at_vector(kVec2, 0x200, i);
        EXPECT_EQ(sr(SR_ESR_EL2), esr::kUndef);
    }
    // ICH_* are EL2 registers: UNDEFINED at EL1.
    i = go(1, {enc::mrs(0, ICH_HCR)});
    at_vector(kVec1, 0x200, i);
    EXPECT_EQ(sr(SR_ESR_EL1), esr::kUndef);
}

TEST_F(GicVirtTest, VirtualIrqTakenAtEl1OnlyWhenRoutedAndUnmasked)
{
    a64_set_virq(core, true);
    st().daif = 0;
    // IMO = 0: a virtual interrupt is neither taken nor a wake-up event.
    set_sr(SR_HCR_EL2, 0);
    a64_stop_info i = go(1, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    EXPECT_FALSE(a64_wake_pending(core));
    // IMO = 1: taken to EL1's IRQ vector.
    set_sr(SR_HCR_EL2, IMO);
    st().daif = 0;
    i = go(1, {enc::nop()});
    at_vector(kVec1, 0x280, i);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
    // From EL0: the lower-EL IRQ vector of EL1.
    st().daif = 0;
    i = go(0, {enc::nop()});
    at_vector(kVec1, 0x480, i);
    // PSTATE.I masks it at EL1, but it still wakes WFI; ISR_EL1.I shows it.
    st().daif = 0x80;
    st().el = 1;
    EXPECT_TRUE(a64_wake_pending(core));
    EXPECT_EQ(sr(SR_ISR_EL1), 0x80u);
    i = go(1, {enc::wfi(), enc::stop()});
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    // At EL2 a virtual interrupt is never taken.
    st().daif = 0;
    i = go(2, {enc::nop(), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    a64_set_virq(core, false);
    st().el = 1;
    EXPECT_EQ(sr(SR_ISR_EL1), 0u);
}

TEST_F(GicVirtTest, VirtualFiqAndHcrViVf)
{
    // vFIQ from the GIC under FMO: EL1's FIQ vector.
    a64_set_vfiq(core, true);
    set_sr(SR_HCR_EL2, FMO);
    st().daif = 0;
    at_vector(kVec1, 0x300, go(1, {enc::nop()}));
    a64_set_vfiq(core, false);
    // HCR_EL2.VI / VF request virtual interrupts on their own.
    set_sr(SR_HCR_EL2, IMO | VI);
    st().daif = 0;
    at_vector(kVec1, 0x280, go(1, {enc::nop()}));
    set_sr(SR_HCR_EL2, FMO | VF);
    st().daif = 0;
    at_vector(kVec1, 0x300, go(1, {enc::nop()}));
    set_sr(SR_HCR_EL2, 0);
}

TEST_F(GicVirtTest, PhysicalIrqToEl2BeforeVirtual)
{
    // Both pending at EL1 under IMO: the physical IRQ goes to EL2 first.
    set_sr(SR_HCR_EL2, IMO);
    a64_set_virq(core, true);
    a64_set_irq(core, true);
    st().daif = 0;
    at_vector(kVec2, 0x480, go(1, {enc::nop()}));
    a64_set_irq(core, false);
    a64_set_virq(core, false);
}

} // namespace
