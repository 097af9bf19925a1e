// GICv3: identification, redistributor frames, WAKER handshake and wake
// requests, SPI/PPI/SGI delivery, priorities, masking, preemption,
// acknowledge/EOI ordering, EOImode 1, Group 0 as FIQ, level vs edge.
#include "gic_bench.h"

#include <sstream>
#include <vector>

#include "pscisim/guest_log.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
// Cluster 0: cores 0, 1; cluster 1: cores 2, 3 (MPIDR Aff1 = cluster, Aff0 = core).
const std::vector<uint64_t> MPIDRS = {0x80000000, 0x80000001, 0x80000100, 0x80000101};

struct bench : gic_bench {
    std::vector<unsigned> wakes;
    explicit bench(unsigned spis = 64) : gic_bench(MPIDRS, spis)
    {
        gic.set_wake_request_callback([this](unsigned c) { wakes.push_back(c); });
        elaborate();
    }
    // Typical OS bring-up of one core: wake its redistributor, enable Group 1 at
    // the CPU interface, open the priority mask.
    void bring_up(unsigned core)
    {
        r.write32(redist(core) + GICR_WAKER, 0);
        wr(core, IGRPEN1, 1);
        wr(core, IGRPEN0, 1);
        wr(core, PMR, 0xff);
    }
    void enable_dist() { d.write32(GICD_CTLR, gicv3::CTLR_ENABLE_GRP0 | gicv3::CTLR_ENABLE_GRP1); }
    // SPI spi (INTID 32+spi) as Group 1, enabled, priority prio, routed to core.
    void spi(unsigned s, uint8_t prio, unsigned core, bool group1 = true)
    {
        unsigned id = 32 + s;
        d.write32(GICD_IGROUPR + 4 * (id / 32),
                  (d.read32(GICD_IGROUPR + 4 * (id / 32)) & ~(1u << (id % 32))) |
                      (uint32_t(group1) << (id % 32)));
        EXPECT_EQ(d.write(GICD_IPRIORITYR + id, prio, 1), tlm::TLM_OK_RESPONSE);
        uint64_t m = MPIDRS[core];
        EXPECT_EQ(d.write(GICD_IROUTER + 8 * id, (m & 0xffffff) | ((m >> 32) & 0xff) << 32, 8),
                  tlm::TLM_OK_RESPONSE);
        d.write32(GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
    }
    // SGI/PPI intid of core as Group 1 (or 0), enabled, priority prio.
    void priv(unsigned core, unsigned id, uint8_t prio, bool group1 = true)
    {
        uint64_t sgi = redist(core) + SGI_BASE;
        uint32_t g = r.read32(sgi + GICD_IGROUPR);
        r.write32(sgi + GICD_IGROUPR, (g & ~(1u << id)) | (uint32_t(group1) << id));
        EXPECT_EQ(r.write(sgi + GICD_IPRIORITYR + id, prio, 1), tlm::TLM_OK_RESPONSE);
        r.write32(sgi + GICD_ISENABLER, 1u << id);
    }
};
} // namespace

TEST(Gicv3, DistributorIdentification)
{
    bench b(64);
    EXPECT_EQ(b.d.read32(GICD_PIDR2) >> 4 & 0xf, 3u); // ArchRev = GICv3
    uint32_t typer = b.d.read32(GICD_TYPER);
    EXPECT_EQ(typer & 0x1f, 2u);        // ITLinesNumber: 96 INTIDs = 32 x (2 + 1)
    EXPECT_EQ(typer >> 5 & 7, 3u);      // CPUNumber = 4 cores - 1
    EXPECT_EQ(typer >> 19 & 0x1f, 15u); // IDbits: 16-bit INTIDs
    EXPECT_EQ(typer & (1u << 10), 0u);  // SecurityExtn = 0: one Security state
    EXPECT_EQ(typer & (1u << 17), 0u);  // no LPIs
    // ARE and DS read as one and ignore writes.
    EXPECT_EQ(b.d.read32(GICD_CTLR), gicv3::CTLR_ARE | gicv3::CTLR_DS);
    b.d.write32(GICD_CTLR, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_CTLR), 0x53u);
    EXPECT_EQ(b.d.read32(0xfff0), 0x0du);
    EXPECT_EQ(b.d.read32(0xfffc), 0xb1u);
    EXPECT_EQ(b.gic.redist_size(), 4 * 0x20000u);
}

TEST(Gicv3, RedistributorFramesPerCore)
{
    bench b;
    for (unsigned c = 0; c < 4; c++) {
        uint64_t typer = b.r.read(b.redist(c) + GICR_TYPER, 8);
        uint64_t m = MPIDRS[c];
        EXPECT_EQ(typer >> 32, ((m >> 8) & 0xff) << 8 | (m & 0xff)) << "core " << c;
        EXPECT_EQ(typer >> 8 & 0xffff, c);
        EXPECT_EQ((typer >> 4) & 1, c == 3 ? 1u : 0u); // Last
        // Two 32-bit halves give the same value.
        EXPECT_EQ(b.r.read32(b.redist(c) + GICR_TYPER + 4), uint32_t(typer >> 32));
        EXPECT_EQ(b.r.read32(b.redist(c) + 0xffe8) >> 4 & 0xf, 3u);
    }
    tlm::tlm_response_status st;
    b.r.read(b.redist(4) + GICR_TYPER, 8, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Reserved locations are RES0 (RAZ/WI), e.g. GICR_PROPBASER without LPIs.
    EXPECT_EQ(b.r.read(0x70, 8), 0u);
}

TEST(Gicv3, WakerHandshake)
{
    bench b;
    // Out of reset the redistributor is asleep.
    EXPECT_EQ(b.r.read32(b.redist(2) + GICR_WAKER), 6u);
    EXPECT_TRUE(b.gic.processor_sleep(2));
    b.r.write32(b.redist(2) + GICR_WAKER, 0);
    EXPECT_EQ(b.r.read32(b.redist(2) + GICR_WAKER), 0u); // ChildrenAsleep follows at once
    EXPECT_FALSE(b.gic.processor_sleep(2));
    EXPECT_TRUE(b.gic.processor_sleep(1));
    b.r.write32(b.redist(2) + GICR_WAKER, gicv3::WAKER_PROCESSOR_SLEEP);
    EXPECT_EQ(b.r.read32(b.redist(2) + GICR_WAKER), 6u);
}

TEST(Gicv3, SpiIsDeliveredToItsRoutedCore)
{
    bench b;
    b.enable_dist();
    b.bring_up(1);
    b.spi(1, 0x80, 1); // INTID 33, the PL011 on QEMU virt
    EXPECT_FALSE(b.gic.irq(1).read());
    b.gic.set_spi(1, true);
    EXPECT_TRUE(b.gic.irq(1).read());
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_TRUE(b.gic.wake_pending(1));
    EXPECT_EQ(b.rd(1, HPPIR1), 33u);
    EXPECT_EQ(b.rd(1, IAR1), 33u);
    EXPECT_FALSE(b.gic.irq(1).read()); // active: not signalled again
    EXPECT_TRUE(b.gic.is_active(1, 33));
    EXPECT_EQ(b.rd(1, RPR), 0x80u);
    EXPECT_EQ(b.rd(1, AP1R0), 1u << (0x80 >> 3));
    b.gic.set_spi(1, false); // the device is serviced
    b.wr(1, EOIR1, 33);
    EXPECT_FALSE(b.gic.is_active(1, 33));
    EXPECT_EQ(b.rd(1, RPR), 0xffu);
    EXPECT_EQ(b.rd(1, IAR1), gicv3::SPURIOUS);
}

TEST(Gicv3, LevelInterruptStillAssertedIsPendingAgainAfterEoi)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x40, 0);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    EXPECT_TRUE(b.gic.is_pending(0, 32)); // active and pending: the line is high
    b.wr(0, EOIR1, 32);
    EXPECT_TRUE(b.gic.irq(0).read());
    // Clearing the pending state of an asserted level interrupt has no effect.
    b.d.write32(GICD_ICPENDR + 4, 1u << 0);
    EXPECT_TRUE(b.gic.is_pending(0, 32));
    b.gic.set_spi(0, false);
    EXPECT_FALSE(b.gic.is_pending(0, 32));
    EXPECT_FALSE(b.gic.irq(0).read());
}

TEST(Gicv3, EdgeInterruptIsLatchedAndClearedByAcknowledge)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(2, 0x40, 0);
    b.d.write32(GICD_ICFGR + 8, 2u << 4); // INTID 34 edge-triggered (Int_config bit 2x+1)
    EXPECT_EQ(b.d.read32(GICD_ICFGR + 8), 2u << 4);
    b.gic.set_spi(2, true);
    b.gic.set_spi(2, false); // a pulse
    EXPECT_TRUE(b.gic.is_pending(0, 34));
    EXPECT_EQ(b.rd(0, IAR1), 34u);
    EXPECT_FALSE(b.gic.is_pending(0, 34));
    b.wr(0, EOIR1, 34);
    EXPECT_FALSE(b.gic.irq(0).read());
}

TEST(Gicv3, PriorityMaskHoldsBackLowerPriorities)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.wr(0, PMR, 0x80);
    EXPECT_EQ(b.rd(0, PMR), 0x80u);
    b.spi(3, 0x80, 0); // not higher than the mask
    b.gic.set_spi(3, true);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IAR1), gicv3::SPURIOUS);
    EXPECT_EQ(b.rd(0, HPPIR1), 35u); // still the highest pending one
    b.wr(0, PMR, 0x88);
    EXPECT_TRUE(b.gic.irq(0).read());
    b.wr(0, PMR, 0);
    EXPECT_FALSE(b.gic.irq(0).read());
}

TEST(Gicv3, PreemptionByGroupPriorityAndEoiOrder)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x80, 0);
    b.spi(1, 0x40, 0);
    b.spi(2, 0x80, 0);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    // Same priority as the running one: no preemption.
    b.gic.set_spi(2, true);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IAR1), gicv3::SPURIOUS);
    // Higher priority preempts.
    b.gic.set_spi(1, true);
    EXPECT_TRUE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IAR1), 33u);
    EXPECT_EQ(b.rd(0, RPR), 0x40u);
    EXPECT_EQ(b.rd(0, AP1R0), (1u << 8) | (1u << 16));
    // EOI of the nested one drops to the outer priority.
    b.gic.set_spi(1, false);
    b.wr(0, EOIR1, 33);
    EXPECT_EQ(b.rd(0, RPR), 0x80u);
    EXPECT_FALSE(b.gic.irq(0).read()); // 34 has the same priority as 32
    b.gic.set_spi(0, false);
    b.wr(0, EOIR1, 32);
    EXPECT_EQ(b.rd(0, RPR), 0xffu);
    EXPECT_TRUE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IAR1), 34u);
}

TEST(Gicv3, BinaryPointGroupsPriorities)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x60, 0);
    b.spi(1, 0x40, 0);
    EXPECT_EQ(b.rd(0, BPR1), 3u); // minimum with 5 priority bits
    b.wr(0, BPR1, 0);
    EXPECT_EQ(b.rd(0, BPR1), 3u);
    // BPR1 = 6: group priority [7:6], so 0x60 runs at group priority 0x40 and
    // 0x40 cannot preempt it.
    b.wr(0, BPR1, 6);
    b.d.write32(GICD_ISPENDR + 4, 1u << 0);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    EXPECT_EQ(b.rd(0, RPR), 0x40u);
    b.d.write32(GICD_ISPENDR + 4, 1u << 1);
    EXPECT_FALSE(b.gic.irq(0).read());
    b.wr(0, EOIR1, 32);
    EXPECT_EQ(b.rd(0, IAR1), 33u);
    b.wr(0, EOIR1, 33);
    // BPR1 = 3: every priority bit counts, 0x40 preempts 0x60.
    b.wr(0, BPR1, 3);
    b.d.write32(GICD_ISPENDR + 4, 1u << 0);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    EXPECT_EQ(b.rd(0, RPR), 0x60u);
    b.d.write32(GICD_ISPENDR + 4, 1u << 1);
    EXPECT_TRUE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, BPR0), 2u);
    // CBPR: BPR0 controls Group 1 too, BPR1 reads BPR0 + 1 and ignores writes.
    b.wr(0, CTLR, 1);
    b.wr(0, BPR0, 4);
    EXPECT_EQ(b.rd(0, BPR1), 5u);
    b.wr(0, BPR1, 7);
    EXPECT_EQ(b.rd(0, BPR1), 5u);
}

TEST(Gicv3, EqualPrioritiesGoLowestIntidFirst)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(5, 0x20, 0);
    b.spi(4, 0x20, 0);
    b.gic.set_spi(5, true);
    b.gic.set_spi(4, true);
    EXPECT_EQ(b.rd(0, HPPIR1), 36u);
    EXPECT_EQ(b.rd(0, IAR1), 36u);
}

TEST(Gicv3, SgiByTargetListAndAffinity)
{
    bench b;
    b.enable_dist();
    for (unsigned c = 0; c < 4; c++) {
        b.bring_up(c);
        b.priv(c, 5, 0x10);
    }
    // Core 0 sends SGI 5 to cluster 1 (Aff1 = 1), core 1 only (TargetList bit 1).
    b.wr(0, SGI1R, (5ull << 24) | (1ull << 16) | 0x2);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_FALSE(b.gic.irq(1).read());
    EXPECT_FALSE(b.gic.irq(2).read());
    EXPECT_TRUE(b.gic.irq(3).read());
    EXPECT_EQ(b.rd(3, IAR1), 5u);
    b.wr(3, EOIR1, 5);
    EXPECT_FALSE(b.gic.is_active(3, 5));
    // SGIs are edge-triggered and their configuration is read-only.
    EXPECT_EQ(b.r.read32(b.redist(0) + SGI_BASE + GICD_ICFGR), 0xaaaaaaaau);
    b.r.write32(b.redist(0) + SGI_BASE + GICD_ICFGR, 0);
    EXPECT_EQ(b.r.read32(b.redist(0) + SGI_BASE + GICD_ICFGR), 0xaaaaaaaau);
}

TEST(Gicv3, SgiBroadcastToAllButSelf)
{
    bench b;
    b.enable_dist();
    for (unsigned c = 0; c < 4; c++) {
        b.bring_up(c);
        b.priv(c, 1, 0x10);
    }
    b.wr(2, SGI1R, (1ull << 24) | gicv3::SGIR_IRM);
    EXPECT_TRUE(b.gic.irq(0).read());
    EXPECT_TRUE(b.gic.irq(1).read());
    EXPECT_FALSE(b.gic.irq(2).read());
    EXPECT_TRUE(b.gic.irq(3).read());
}

TEST(Gicv3, SgiOnlyInTheGeneratingGroup)
{
    bench b;
    b.enable_dist();
    b.bring_up(1);
    b.priv(1, 3, 0x10, /*group1=*/false);
    b.wr(0, SGI1R, (3ull << 24) | 0x2); // Group 1 SGI to a Group 0 SGI: not set
    EXPECT_FALSE(b.gic.is_pending(1, 3));
    b.wr(0, SGI0R, (3ull << 24) | 0x2);
    EXPECT_TRUE(b.gic.is_pending(1, 3));
    EXPECT_TRUE(b.gic.fiq(1).read());
    EXPECT_FALSE(b.gic.irq(1).read());
}

TEST(Gicv3, Group0IsSignalledAsFiq)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x20, 0, /*group1=*/false);
    b.gic.set_spi(0, true);
    EXPECT_TRUE(b.gic.fiq(0).read());
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IAR1), gicv3::SPURIOUS); // IAR1 does not acknowledge Group 0
    EXPECT_EQ(b.rd(0, HPPIR1), gicv3::SPURIOUS);
    EXPECT_EQ(b.rd(0, HPPIR0), 32u);
    EXPECT_EQ(b.rd(0, IAR0), 32u);
    EXPECT_EQ(b.rd(0, AP0R0), 1u << 4);
    b.wr(0, EOIR0, 32);
    EXPECT_EQ(b.rd(0, AP0R0), 0u);
    EXPECT_FALSE(b.gic.is_active(0, 32));
}

TEST(Gicv3, GroupEnablesGateSignalling)
{
    bench b;
    b.bring_up(0);
    b.spi(0, 0x20, 0);
    b.gic.set_spi(0, true);
    EXPECT_FALSE(b.gic.irq(0).read()); // GICD_CTLR.EnableGrp1 = 0
    b.enable_dist();
    EXPECT_TRUE(b.gic.irq(0).read());
    b.wr(0, IGRPEN1, 0);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_EQ(b.rd(0, IGRPEN1), 0u);
    b.wr(0, IGRPEN1, 1);
    b.d.write32(GICD_ICENABLER + 4, 1);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_EQ(b.d.read32(GICD_ISENABLER + 4), 0u);
}

TEST(Gicv3, EoiMode1SplitsPriorityDropAndDeactivation)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.wr(0, CTLR, 2); // EOImode
    EXPECT_EQ(b.rd(0, CTLR) & 2, 2u);
    b.spi(0, 0x20, 0);
    b.d.write32(GICD_ICFGR + 8, 2u); // edge
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    b.wr(0, EOIR1, 32);
    EXPECT_EQ(b.rd(0, RPR), 0xffu);      // priority dropped
    EXPECT_TRUE(b.gic.is_active(0, 32)); // still active
    b.wr(0, DIR, 32);
    EXPECT_FALSE(b.gic.is_active(0, 32));
}

TEST(Gicv3, SleepingRedistributorRaisesWakeRequestInsteadOfIrq)
{
    bench b;
    b.enable_dist();
    b.bring_up(2);
    b.spi(0, 0x20, 2);
    // The OS powers core 2 down: PMR/IGRPEN would be lost, WAKER says asleep.
    b.r.write32(b.redist(2) + GICR_WAKER, gicv3::WAKER_PROCESSOR_SLEEP);
    b.wr(2, IGRPEN1, 0);
    EXPECT_FALSE(b.gic.wake_pending(2));
    b.gic.set_spi(0, true);
    EXPECT_FALSE(b.gic.irq(2).read());
    EXPECT_TRUE(b.gic.wake_pending(2));
    ASSERT_EQ(b.wakes.size(), 1u);
    EXPECT_EQ(b.wakes[0], 2u);
    EXPECT_EQ(b.rd(2, IAR1), gicv3::SPURIOUS);
    b.gic.set_spi(0, false);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.wakes.size(), 2u); // a new request after the old one fell
    // Woken: firmware clears ProcessorSleep and re-enables the CPU interface.
    b.r.write32(b.redist(2) + GICR_WAKER, 0);
    EXPECT_FALSE(b.gic.irq(2).read());
    b.wr(2, IGRPEN1, 1);
    EXPECT_TRUE(b.gic.irq(2).read());
    EXPECT_EQ(b.rd(2, IAR1), 32u);
}

TEST(Gicv3, PowerControllerCanPutARedistributorToSleep)
{
    bench b;
    b.enable_dist();
    b.bring_up(1);
    b.priv(1, 30, 0x20);
    b.gic.set_processor_sleep(1, true);
    EXPECT_EQ(b.r.read32(b.redist(1) + GICR_WAKER), 6u);
    b.gic.set_ppi(1, 30, true);
    EXPECT_FALSE(b.gic.irq(1).read());
    EXPECT_EQ(b.wakes, std::vector<unsigned>{1});
    b.gic.set_processor_sleep(1, false);
    EXPECT_TRUE(b.gic.irq(1).read());
    EXPECT_EQ(b.r.read32(b.redist(1) + GICR_WAKER), 0u);
}

TEST(Gicv3, DisabledInterruptDoesNotWakeASleepingCore)
{
    bench b;
    b.enable_dist();
    b.priv(1, 27, 0x20); // the virtual timer PPI of core 1
    b.r.write32(b.redist(1) + SGI_BASE + GICD_ICENABLER, 1u << 27);
    b.gic.set_ppi(1, 27, true);
    EXPECT_FALSE(b.gic.wake_pending(1));
    EXPECT_TRUE(b.wakes.empty());
    b.r.write32(b.redist(1) + SGI_BASE + GICD_ISENABLER, 1u << 27);
    EXPECT_TRUE(b.gic.wake_pending(1));
    EXPECT_EQ(b.wakes, std::vector<unsigned>{1});
}

TEST(Gicv3, TimerPpiIsPerCoreAndLevelSensitive)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.bring_up(1);
    b.priv(0, 30, 0xa0);
    b.priv(1, 30, 0xa0);
    b.gic.set_ppi(1, 30, true);
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_TRUE(b.gic.irq(1).read());
    EXPECT_EQ(b.rd(1, IAR1), 30u);
    b.gic.set_ppi(1, 30, false); // the handler reprogrammed the timer
    b.wr(1, EOIR1, 30);
    EXPECT_FALSE(b.gic.irq(1).read());
    EXPECT_SC_ERROR(b.gic.set_ppi(0, 32, true), "PPI 32 of core 0 out of range");
}

TEST(Gicv3, PrioritiesHaveFiveBitsAndByteAccess)
{
    bench b;
    EXPECT_EQ(b.d.write(GICD_IPRIORITYR + 41, 0xff, 1), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.d.read(GICD_IPRIORITYR + 41, 1), 0xf8u);
    EXPECT_EQ(b.d.read32(GICD_IPRIORITYR + 40), 0xf800u);
    // SGI/PPI priorities are not in the distributor (RAZ/WI with ARE).
    b.d.write32(GICD_IPRIORITYR, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_IPRIORITYR), 0u);
    b.d.write32(GICD_ISENABLER, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_ISENABLER), 0u);
    // INTIDs beyond the implemented SPIs are RAZ/WI.
    b.d.write32(GICD_ISENABLER + 4 * 3, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_ISENABLER + 4 * 3), 0u);
    b.wr(0, PMR, 0xff);
    EXPECT_EQ(b.rd(0, PMR), 0xf8u);
    EXPECT_EQ(b.rd(0, CTLR) >> 8 & 7, 4u); // PRIbits = 5 - 1
}

TEST(Gicv3, ActiveStateIsWritableForSaveRestore)
{
    bench b;
    b.d.write32(GICD_ISACTIVER + 4, 0x10);
    EXPECT_TRUE(b.gic.is_active(0, 36));
    EXPECT_EQ(b.d.read32(GICD_ISACTIVER + 4), 0x10u);
    b.d.write32(GICD_ISPENDR + 4, 0x20);
    EXPECT_TRUE(b.gic.is_pending(0, 37));
    b.d.write32(GICD_ICPENDR + 4, 0x20);
    EXPECT_FALSE(b.gic.is_pending(0, 37));
    b.wr(0, AP1R0, 0x100);
    EXPECT_EQ(b.rd(0, RPR), 0x40u);
}

TEST(Gicv3, OneOfNRoutingPicksAnAwakeEnabledCore)
{
    bench b;
    b.enable_dist();
    b.bring_up(2);
    b.spi(0, 0x20, 0);
    EXPECT_EQ(b.d.write(GICD_IROUTER + 8 * 32, 1u << 31, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.d.read(GICD_IROUTER + 8 * 32, 8), 1u << 31);
    // Reserved bits [30:24] and [63:40] are RES0.
    EXPECT_EQ(b.d.write(GICD_IROUTER + 8 * 33, ~0ull, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.d.read(GICD_IROUTER + 8 * 33, 8), 0xff80ffffffull);
    EXPECT_EQ(b.d.read32(GICD_IROUTER + 8 * 33 + 4), 0xffu);
    b.gic.set_spi(0, true);
    EXPECT_TRUE(b.gic.irq(2).read());
    EXPECT_FALSE(b.gic.irq(0).read());
}

TEST(Gicv3, RouteToAbsentCoreIsNotDelivered)
{
    bench b;
    b.enable_dist();
    for (unsigned c = 0; c < 4; c++)
        b.bring_up(c);
    b.spi(0, 0x20, 0);
    EXPECT_EQ(b.d.write(GICD_IROUTER + 8 * 32, 0x0205, 8), tlm::TLM_OK_RESPONSE); // Aff1=2
    EXPECT_EQ(b.d.read(GICD_IROUTER + 8 * 32, 8), 0x0205u);
    b.gic.set_spi(0, true);
    for (unsigned c = 0; c < 4; c++)
        EXPECT_FALSE(b.gic.irq(c).read());
}

TEST(Gicv3, SystemRegisterInterfaceOnly)
{
    bench b;
    EXPECT_EQ(b.rd(0, SRE1), 7u); // SRE, DFB, DIB RAO
    b.wr(0, SRE1, 0);
    EXPECT_EQ(b.rd(0, SRE1), 7u);
    EXPECT_EQ(b.rd(0, SRE2), 0xfu);
    uint64_t v;
    EXPECT_FALSE(b.gic.cpu_sysreg_write(0, IAR1, 0)); // read-only
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, EOIR1, v)); // write-only
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, AP1R1, v)); // not implemented with 5 bits
    EXPECT_FALSE(b.gic.cpu_sysreg_read(4, PMR, v));   // no such core
    EXPECT_FALSE(b.gic.cpu_sysreg_read(0, sysreg_enc(3, 3, 14, 2, 1), v)); // a timer register
    EXPECT_TRUE(gicv3::is_gic_sysreg(SGI1R));
    EXPECT_FALSE(gicv3::is_gic_sysreg(AP1R1));
}

TEST(Gicv3, ResetRestoresArchitecturalState)
{
    bench b;
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x20, 0);
    b.gic.set_spi(0, true);
    EXPECT_TRUE(b.gic.irq(0).read());
    b.gic.reset();
    EXPECT_FALSE(b.gic.irq(0).read());
    EXPECT_TRUE(b.gic.processor_sleep(0));
    EXPECT_EQ(b.d.read32(GICD_CTLR), gicv3::CTLR_ARE | gicv3::CTLR_DS);
    EXPECT_EQ(b.rd(0, PMR), 0u);
    // The input wire is still high: once re-enabled the interrupt is pending.
    b.enable_dist();
    b.bring_up(0);
    b.spi(0, 0x20, 0);
    EXPECT_TRUE(b.gic.irq(0).read());
}

TEST(Gicv3, ConstructorChecksItsArguments)
{
    EXPECT_SC_ERROR(gicv3 g("g1", MPIDRS, 40), "num_spis must be a multiple of 32");
    EXPECT_SC_ERROR(gicv3 g("g2", std::vector<uint64_t>({0x80000000, 0x0})),
                    "cores 0 and 1 have the same affinity");
}

TEST(Gic, ReportsAnEoiWithoutActiveInterruptInTheGuestErrorLog)
{
    bench b;
    b.bring_up(0);
    std::ostringstream log;
    guest_log::set_output(&log);
    b.wr(0, EOIR1, 33); // nothing acknowledged
    guest_log::set_output(nullptr);
    EXPECT_EQ(log.str(), "guest-error: 0 ns: gic: ICC_EOIR1_EL1 write of INTID 33 with no active "
                         "interrupt in Group 1 (ignored)\n");
}
