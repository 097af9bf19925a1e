// GICv3 virtual CPU interface (models/gic/src/gicv3_virt.cpp): ICH_* reset values
// and ICH_VTR_EL2, list register -> vIRQ/vFIQ, ICV_IAR/EOIR/DIR against the list
// registers and active priorities, EOIcount, the maintenance interrupt (ICH_MISR
// and PPI 25), HW = 1 deactivating the physical interrupt, and the trap answers
// (ICH_HCR_EL2.TALL0/TALL1/TC/TDIR, ICC_SRE_EL2.Enable).
#include "gic_bench.h"

#include <sstream>
#include <vector>

#include "pscisim/guest_log.h"

using namespace pscisim;
using namespace pscisim::test;

namespace
{
constexpr uint32_t V = 1u << 16; // A64_SYSREG_VIRTUAL: the ICV_* twin of an ICC_* register

constexpr uint32_t ICH_AP0R0 = sysreg_enc(3, 4, 12, 8, 0);
constexpr uint32_t ICH_AP1R0 = sysreg_enc(3, 4, 12, 9, 0);
constexpr uint32_t ICH_AP1R1 = sysreg_enc(3, 4, 12, 9, 1);
constexpr uint32_t ICH_HCR = sysreg_enc(3, 4, 12, 11, 0);
constexpr uint32_t ICH_VTR = sysreg_enc(3, 4, 12, 11, 1);
constexpr uint32_t ICH_MISR = sysreg_enc(3, 4, 12, 11, 2);
constexpr uint32_t ICH_EISR = sysreg_enc(3, 4, 12, 11, 3);
constexpr uint32_t ICH_ELRSR = sysreg_enc(3, 4, 12, 11, 5);
constexpr uint32_t ICH_VMCR = sysreg_enc(3, 4, 12, 11, 7);
constexpr uint32_t ICH_LR0 = sysreg_enc(3, 4, 12, 12, 0);

constexpr uint32_t HCR_EN = 1u << 0, HCR_UIE = 1u << 1, HCR_LRENPIE = 1u << 2, HCR_NPIE = 1u << 3,
                   HCR_VGRP1EIE = 1u << 6, HCR_VGRP1DIE = 1u << 7, HCR_TC = 1u << 10,
                   HCR_TALL0 = 1u << 11, HCR_TALL1 = 1u << 12, HCR_TDIR = 1u << 14;

// VMCR: VENG0 [0], VENG1 [1], VFIQEn [3], VCBPR [4], VEOIM [9], VBPR1 [20:18],
// VBPR0 [23:21], VPMR [31:24].
constexpr uint64_t VMCR_VENG0 = 1, VMCR_VENG1 = 2, VMCR_VEOIM = 1u << 9;
constexpr uint64_t vpmr(uint8_t p)
{
    return uint64_t(p) << 24;
}

// A list register: State, HW, Group, Priority, pINTID (or EOI bit 41), vINTID.
enum : uint64_t { INVALID = 0, PENDING = 1, ACTIVE = 2, PENDING_ACTIVE = 3 };
constexpr uint64_t lr(uint64_t state, bool group1, uint8_t prio, unsigned vintid, bool eoi = false)
{
    return (state << 62) | (uint64_t(group1) << 60) | (uint64_t(prio) << 48) |
           (eoi ? 1ull << 41 : 0) | vintid;
}
constexpr uint64_t hw_lr(uint64_t state, uint8_t prio, unsigned vintid, unsigned pintid)
{
    return (state << 62) | (1ull << 61) | (1ull << 60) | (uint64_t(prio) << 48) |
           (uint64_t(pintid) << 32) | vintid;
}

const std::vector<uint64_t> MPIDRS = {0x80000000, 0x80000001};

struct bench {
    initiator d{"d"}, r{"r"};
    gicv3 gic;
    std::vector<bool> virq_lvl = std::vector<bool>(2), vfiq_lvl = std::vector<bool>(2);
    bench() : gic("gic", MPIDRS)
    {
        d.out.bind(gic.dist);
        r.out.bind(gic.redist);
        for (unsigned c = 0; c < 2; c++) {
            gic.virq(c).bind([this, c](bool l) { virq_lvl[c] = l; });
            gic.vfiq(c).bind([this, c](bool l) { vfiq_lvl[c] = l; });
        }
        elaborate();
    }
    uint64_t rd(uint32_t enc, unsigned core = 0)
    {
        uint64_t v = 0;
        EXPECT_TRUE(gic.cpu_sysreg_read(core, enc, v)) << std::hex << enc;
        return v;
    }
    void wr(uint32_t enc, uint64_t v, unsigned core = 0)
    {
        EXPECT_TRUE(gic.cpu_sysreg_write(core, enc, v)) << std::hex << enc;
    }
    // A hypervisor's world switch in: virtual interface on, both groups enabled,
    // mask open.
    void enter_guest(uint32_t hcr = HCR_EN, uint64_t vmcr = VMCR_VENG0 | VMCR_VENG1 | vpmr(0xff))
    {
        wr(ICH_VMCR, vmcr);
        wr(ICH_HCR, hcr);
    }
    // The maintenance interrupt as the core's redistributor sees it.
    bool maintenance_pending(unsigned core = 0) const
    {
        return gic.is_pending(core, gicv3::MAINTENANCE_PPI);
    }
};
} // namespace

TEST(Gicv3Virt, ResetValuesAndVtr)
{
    bench b;
    // ListRegs = 3 (4 LRs), TDS, nV4 (no GICv4), IDbits 0 (16 bits), PREbits and
    // PRIbits = 4 (5 bits); no SEIS, no A3V.
    uint64_t vtr = b.rd(ICH_VTR);
    EXPECT_EQ(vtr & 0x1f, 3u);
    EXPECT_EQ(vtr >> 19 & 1, 1u); // TDS
    EXPECT_EQ(vtr >> 20 & 1, 1u); // nV4
    EXPECT_EQ(vtr >> 21 & 1, 0u); // A3V
    EXPECT_EQ(vtr >> 22 & 1, 0u); // SEIS
    EXPECT_EQ(vtr >> 23 & 7, 0u); // IDbits
    EXPECT_EQ(vtr >> 26 & 7, 4u); // PREbits
    EXPECT_EQ(vtr >> 29 & 7, 4u); // PRIbits
    EXPECT_EQ(vtr, 0x90180003u);
    EXPECT_EQ(b.rd(ICH_HCR), 0u);
    // VFIQEn RES1; VBPR0/VBPR1 at their minimum (2, 3) for 5 preemption bits.
    EXPECT_EQ(b.rd(ICH_VMCR), (1u << 3) | (3u << 18) | (2u << 21));
    EXPECT_EQ(b.rd(ICH_MISR), 0u);
    EXPECT_EQ(b.rd(ICH_EISR), 0u);
    EXPECT_EQ(b.rd(ICH_ELRSR), 0xfu); // every LR empty
    for (unsigned n = 0; n < gicv3::NUM_LIST_REGS; n++)
        EXPECT_EQ(b.rd(ICH_LR0 + n), 0u);
    EXPECT_EQ(b.rd(ICH_AP0R0), 0u);
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(SRE2), 0xfu); // SRE, DFB, DIB RAO; Enable set
    // Not implemented with 4 LRs and 5 preemption bits: UNDEFINED.
    uint64_t v;
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, ICH_LR0 + 4, v));
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, ICH_AP1R1, v));
    EXPECT_FALSE(gicv3::is_gic_sysreg(ICH_LR0 + 4));
    EXPECT_TRUE(gicv3::is_gic_sysreg(ICH_LR0 + 3));
    EXPECT_TRUE(gicv3::is_gic_sysreg(ICH_HCR));
    // Read-only registers refuse writes; write-only ICV registers refuse reads.
    EXPECT_FALSE(b.gic.cpu_sysreg_write(0, ICH_VTR, 0));
    EXPECT_FALSE(b.gic.cpu_sysreg_write(0, ICH_MISR, 0));
    EXPECT_FALSE(b.gic.cpu_sysreg_write(0, IAR1 | V, 0));
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, EOIR1 | V, v));
    // ICV_CTLR_EL1: PRIbits = 4, nothing else set.
    EXPECT_EQ(b.rd(CTLR | V), 4u << 8);
    EXPECT_EQ(b.rd(RPR | V), 0xffu); // idle
    EXPECT_EQ(b.rd(IAR1 | V), 1023u);
    EXPECT_FALSE(b.virq_lvl[0] || b.vfiq_lvl[0]);
}

TEST(Gicv3Virt, ListRegisterFieldsKeepImplementedBits)
{
    bench b;
    b.wr(ICH_LR0, ~0ull);
    // vINTID 16 bits, pINTID [44:32], priority [55:51] (5 bits), Group, HW, State.
    EXPECT_EQ(b.rd(ICH_LR0), 0xf0f81fff0000ffffull);
    b.wr(ICH_HCR, ~0ull);
    // En..VGrp1DIE, TC, TALL0, TALL1, TDIR, EOIcount; TSEI (no SEIS) and [9:8] RES0.
    EXPECT_EQ(b.rd(ICH_HCR), 0xf80000ffu | HCR_TC | HCR_TALL0 | HCR_TALL1 | HCR_TDIR);
    b.wr(ICH_VMCR, 0);
    EXPECT_EQ(b.rd(ICH_VMCR), (1u << 3) | (3u << 18) | (2u << 21)); // BPR minimums, VFIQEn
}

TEST(Gicv3Virt, ListRegisterSignalsVirqAndVfiq)
{
    bench b;
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40));
    EXPECT_FALSE(b.virq_lvl[0]); // ICH_HCR_EL2.En = 0
    b.enter_guest();
    EXPECT_TRUE(b.virq_lvl[0]);
    EXPECT_FALSE(b.vfiq_lvl[0]);
    EXPECT_FALSE(b.virq_lvl[1]); // the other core's interface is its own
    EXPECT_EQ(b.rd(HPPIR1 | V), 40u);
    EXPECT_EQ(b.rd(HPPIR0 | V), 1023u);
    // Priority mask: 0x80 is not above VPMR = 0x80.
    b.wr(PMR | V, 0x80);
    EXPECT_FALSE(b.virq_lvl[0]);
    EXPECT_EQ(b.rd(IAR1 | V), 1023u);
    b.wr(PMR | V, 0x88);
    EXPECT_TRUE(b.virq_lvl[0]);
    // Group 1 disabled at the virtual interface: nothing signalled.
    b.wr(IGRPEN1 | V, 0);
    EXPECT_FALSE(b.virq_lvl[0]);
    EXPECT_EQ(b.rd(ICH_VMCR) & VMCR_VENG1, 0u);
    b.wr(IGRPEN1 | V, 1);
    // A Group 0 LR of higher priority: vFIQ, and it is the one HPPIR0 shows.
    b.wr(ICH_LR0 + 1, lr(PENDING, false, 0x40, 41));
    EXPECT_TRUE(b.vfiq_lvl[0]);
    EXPECT_FALSE(b.virq_lvl[0]);
    EXPECT_EQ(b.rd(HPPIR0 | V), 41u);
    EXPECT_EQ(b.rd(HPPIR1 | V), 1023u);
    // Disabling the interface drops both lines.
    b.wr(ICH_HCR, 0);
    EXPECT_FALSE(b.vfiq_lvl[0] || b.virq_lvl[0]);
}

TEST(Gicv3Virt, IcvAcknowledgeAndEoiWalkTheListRegister)
{
    bench b;
    b.enter_guest();
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40));
    b.wr(ICH_LR0 + 2, lr(PENDING, true, 0xa0, 42));
    EXPECT_EQ(b.rd(ICH_ELRSR), 0xau);
    // Highest priority first: LR0, which becomes active; its priority is active.
    EXPECT_EQ(b.rd(IAR1 | V), 40u);
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, ACTIVE);
    EXPECT_EQ(b.rd(ICH_AP1R0), 1u << (0x80 >> 3));
    EXPECT_EQ(b.rd(AP1R0 | V), 1u << (0x80 >> 3));
    EXPECT_EQ(b.rd(RPR | V), 0x80u);
    // LR2 (0xa0) cannot preempt the running 0x80.
    EXPECT_FALSE(b.virq_lvl[0]);
    EXPECT_EQ(b.rd(IAR1 | V), 1023u);
    EXPECT_EQ(b.rd(HPPIR1 | V), 42u); // still the highest pending
    // EOI (EOImode 0): priority drop and deactivation; LR0 empty again.
    b.wr(EOIR1 | V, 40);
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, INVALID);
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(RPR | V), 0xffu);
    EXPECT_EQ(b.rd(ICH_ELRSR), 0xbu);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 0u); // matched an LR: no EOIcount
    EXPECT_TRUE(b.virq_lvl[0]);         // LR2 now
    EXPECT_EQ(b.rd(IAR1 | V), 42u);
    b.wr(EOIR1 | V, 42);
    EXPECT_EQ(b.rd(ICH_ELRSR), 0xfu);
    EXPECT_FALSE(b.virq_lvl[0]);
}

TEST(Gicv3Virt, AcknowledgedLpiLeavesTheListRegister)
{
    bench b;
    b.enter_guest();
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 8200));
    EXPECT_EQ(b.rd(IAR1 | V), 8200u);
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, INVALID); // LPIs have no active state
    EXPECT_EQ(b.rd(ICH_AP1R0), 1u << (0x80 >> 3));
    b.wr(EOIR1 | V, 8200);
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 0u);
}

TEST(Gicv3Virt, PreemptionByGroupPriority)
{
    bench b;
    b.enter_guest();
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40));
    EXPECT_EQ(b.rd(IAR1 | V), 40u);
    // 0x78 is above the running 0x80: it preempts; 0x88 does not.
    b.wr(ICH_LR0 + 1, lr(PENDING, true, 0x78, 41));
    EXPECT_TRUE(b.virq_lvl[0]);
    b.wr(ICH_LR0 + 1, lr(PENDING, true, 0x88, 41));
    EXPECT_FALSE(b.virq_lvl[0]);
    // With VBPR1 = 4 the group priority of 0x78 is 0x60 and of 0x88 is 0x80: the
    // latter still cannot preempt the running 0x80.
    b.wr(BPR1 | V, 4);
    EXPECT_FALSE(b.virq_lvl[0]);
    // VBPR1 minimum is 3: a write of 0 reads back as 3.
    b.wr(BPR1 | V, 0);
    EXPECT_EQ(b.rd(BPR1 | V), 3u);
    b.wr(BPR0 | V, 0);
    EXPECT_EQ(b.rd(BPR0 | V), 2u);
}

TEST(Gicv3Virt, EoiWithoutListRegisterCountsAndRaisesMaintenance)
{
    bench b;
    b.r.write32(0 * gicv3::REDIST_STRIDE + GICR_WAKER, 0);
    b.enter_guest(HCR_EN | HCR_LRENPIE);
    // An active priority whose interrupt the hypervisor took out of the LRs.
    b.wr(ICH_AP1R0, 1u << (0x80 >> 3));
    EXPECT_FALSE(b.maintenance_pending());
    b.wr(EOIR1 | V, 77);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 1u);
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(ICH_MISR), 1u << 2); // LRENP
    EXPECT_TRUE(b.maintenance_pending());
    run_until(ns(100)); // a level: it stays asserted until the hypervisor acts
    EXPECT_TRUE(b.maintenance_pending());
    // An LPI has no active state: its EOI drops the priority but counts nothing.
    b.wr(ICH_AP1R0, 1u << (0x80 >> 3));
    b.wr(EOIR1 | V, 8192);
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 1u);
    // EOI with no active priority: nothing dropped, nothing counted.
    b.wr(EOIR1 | V, 78);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 1u);
    // Special INTIDs have no effect.
    b.wr(ICH_AP1R0, 1);
    b.wr(EOIR1 | V, 1023);
    EXPECT_EQ(b.rd(ICH_AP1R0), 1u);
    // The hypervisor clears EOIcount: the maintenance interrupt goes away.
    b.wr(ICH_HCR, HCR_EN | HCR_LRENPIE);
    EXPECT_EQ(b.rd(ICH_MISR), 0u);
    EXPECT_FALSE(b.maintenance_pending());
    // With En = 0 there is no maintenance interrupt whatever MISR would say.
    b.wr(ICH_HCR, HCR_NPIE);
    EXPECT_FALSE(b.maintenance_pending());
}

TEST(Gicv3Virt, EoiBitUnderflowAndGroupMaintenance)
{
    bench b;
    b.r.write32(0 * gicv3::REDIST_STRIDE + GICR_WAKER, 0);
    b.enter_guest();
    // EOI = 1 (HW = 0): when the LR is deactivated it shows in EISR, not ELRSR.
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40, true));
    b.wr(ICH_LR0 + 1, lr(PENDING, true, 0x90, 41));
    EXPECT_EQ(b.rd(IAR1 | V), 40u);
    EXPECT_EQ(b.rd(ICH_EISR), 0u);
    b.wr(EOIR1 | V, 40);
    EXPECT_EQ(b.rd(ICH_EISR), 1u);
    EXPECT_EQ(b.rd(ICH_ELRSR) & 1, 0u);
    EXPECT_EQ(b.rd(ICH_MISR), 1u); // EOI
    EXPECT_TRUE(b.maintenance_pending());
    b.wr(ICH_LR0, 0);
    EXPECT_EQ(b.rd(ICH_MISR), 0u);
    EXPECT_FALSE(b.maintenance_pending());
    // Underflow: at most one valid LR (LR1 pending) with UIE.
    b.wr(ICH_HCR, HCR_EN | HCR_UIE);
    EXPECT_EQ(b.rd(ICH_MISR), 1u << 1);
    b.wr(ICH_LR0 + 2, lr(PENDING, true, 0x90, 42));
    EXPECT_EQ(b.rd(ICH_MISR), 0u);
    // No pending LR with NPIE.
    b.wr(ICH_HCR, HCR_EN | HCR_NPIE);
    EXPECT_EQ(b.rd(ICH_MISR), 0u);
    b.wr(ICH_LR0 + 1, 0);
    b.wr(ICH_LR0 + 2, lr(ACTIVE, true, 0x90, 42));
    EXPECT_EQ(b.rd(ICH_MISR), 1u << 3);
    // Group 1 enabled / disabled notifications.
    b.wr(ICH_HCR, HCR_EN | HCR_VGRP1EIE | HCR_VGRP1DIE);
    EXPECT_EQ(b.rd(ICH_MISR), 1u << 6);
    b.wr(IGRPEN1 | V, 0);
    EXPECT_EQ(b.rd(ICH_MISR), 1u << 7);
    EXPECT_TRUE(b.maintenance_pending());
}

TEST(Gicv3Virt, EoiModeOneSplitsDropAndDeactivate)
{
    bench b;
    b.enter_guest(HCR_EN, VMCR_VENG1 | VMCR_VEOIM | vpmr(0xff));
    EXPECT_EQ(b.rd(CTLR | V), (4u << 8) | 2u); // EOImode
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40));
    EXPECT_EQ(b.rd(IAR1 | V), 40u);
    b.wr(EOIR1 | V, 40); // priority drop only
    EXPECT_EQ(b.rd(ICH_AP1R0), 0u);
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, ACTIVE);
    b.wr(DIR | V, 40); // deactivation
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, INVALID);
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 0u);
    b.wr(DIR | V, 99); // no LR holds it: counted
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 1u);
    // Pending and active: deactivation leaves it pending (and signalled).
    b.wr(ICH_LR0, lr(PENDING_ACTIVE, true, 0x80, 40));
    EXPECT_FALSE(b.virq_lvl[0]);
    b.wr(DIR | V, 40);
    EXPECT_EQ(b.rd(ICH_LR0) >> 62, PENDING);
    EXPECT_TRUE(b.virq_lvl[0]);
}

TEST(Gicv3Virt, HardwareListRegisterDeactivatesThePhysicalInterrupt)
{
    bench b;
    // A physical SPI (INTID 40) taken by the hypervisor with EOImode 1: after its
    // priority drop it stays active until the guest deactivates the virtual one.
    b.r.write32(GICR_WAKER, 0);
    b.d.write32(GICD_CTLR, gicv3::CTLR_ENABLE_GRP0 | gicv3::CTLR_ENABLE_GRP1);
    b.d.write32(GICD_IGROUPR + 4, 1u << 8);
    EXPECT_EQ(b.d.write(GICD_IPRIORITYR + 40, 0x40, 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.d.write(GICD_IROUTER + 8 * 40, 0, 8), tlm::TLM_OK_RESPONSE);
    b.d.write32(GICD_ISENABLER + 4, 1u << 8);
    b.wr(IGRPEN1, 1);
    b.wr(PMR, 0xff);
    b.wr(CTLR, 2);          // EOImode 1
    b.gic.set_spi(8, true); // level-sensitive: pending while the line is high
    EXPECT_EQ(b.rd(IAR1), 40u);
    b.gic.set_spi(8, false);
    b.wr(EOIR1, 40);
    EXPECT_TRUE(b.gic.is_active(0, 40));
    // Injected as vINTID 27 backed by pINTID 40.
    b.enter_guest();
    b.wr(ICH_LR0, hw_lr(PENDING, 0x80, 27, 40));
    EXPECT_EQ(b.rd(IAR1 | V), 27u);
    b.wr(EOIR1 | V, 27);
    EXPECT_FALSE(b.gic.is_active(0, 40));
    EXPECT_EQ(b.rd(ICH_ELRSR) & 1, 1u); // HW LRs never ask for an EOI maintenance
    EXPECT_EQ(b.rd(ICH_EISR), 0u);
}

TEST(Gicv3Virt, TrapsByIchHcrAndSreEnable)
{
    bench b;
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, IAR1 | V, true));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, SRE1, true));
    b.wr(ICH_HCR, HCR_TALL1);
    // TALL1 traps the Group 1 registers, virtual and physical alike.
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, IAR1 | V, true));
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, IGRPEN1, false));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, IAR0 | V, true));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, PMR | V, true));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(1, IAR1 | V, true)); // per core
    b.wr(ICH_HCR, HCR_TALL0);
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, EOIR0 | V, false));
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, IGRPEN0 | V, false));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, EOIR1 | V, false));
    b.wr(ICH_HCR, HCR_TC);
    for (uint32_t r : {PMR | V, CTLR | V, DIR | V, RPR | V, SGI1R})
        EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, r, false)) << std::hex << r;
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, IAR1 | V, true));
    b.wr(ICH_HCR, HCR_TDIR);
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, DIR | V, false));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, PMR | V, false));
    b.wr(ICH_HCR, 0);
    // ICC_SRE_EL2.Enable = 0: EL1 accesses to ICC_SRE_EL1 trap; SRE stays 1.
    b.wr(SRE2, 0);
    EXPECT_EQ(b.rd(SRE2), 0x7u);
    EXPECT_TRUE(b.gic.cpu_sysreg_trapped(0, SRE1, true));
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(1, SRE1, true));
    b.wr(SRE2, 0xf);
    EXPECT_FALSE(b.gic.cpu_sysreg_trapped(0, SRE1, false));
}

TEST(Gicv3Virt, CpuInterfaceResetClearsTheVirtualInterface)
{
    bench b;
    b.enter_guest();
    b.wr(ICH_LR0, lr(PENDING, true, 0x80, 40));
    EXPECT_TRUE(b.virq_lvl[0]);
    b.gic.reset_cpu_interface(0);
    EXPECT_FALSE(b.virq_lvl[0]);
    EXPECT_EQ(b.rd(ICH_LR0), 0u);
    EXPECT_EQ(b.rd(ICH_HCR), 0u);
}

// The virtual CPU interface reports an EOI with no active virtual priority in the
// guest-error log; the write has no effect.
TEST(Gicv3Virt, ReportsAnEoiWithoutActivePriorityInTheGuestErrorLog)
{
    bench b;
    b.r.write32(0 * gicv3::REDIST_STRIDE + GICR_WAKER, 0);
    b.enter_guest();
    std::ostringstream log;
    guest_log::set_output(&log);
    b.wr(EOIR1 | V, 40);
    b.wr(EOIR0 | V, 1023); // a special INTID: no effect, nothing to report
    guest_log::set_output(nullptr);
    EXPECT_EQ(log.str(), "guest-error: 0 ns: gic: ICV_EOIR1_EL1 write of vINTID 40 with no "
                         "active virtual priority (ignored)\n");
    EXPECT_EQ(b.rd(ICH_HCR) >> 27, 0u); // not counted: there was no LR to look for
}
