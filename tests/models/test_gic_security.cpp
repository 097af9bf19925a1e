// GICv3 with two Security states (GICD_CTLR.DS = 0, Arm IHI 0069 4.6-4.8): the
// three groups from IGROUPR/IGRPMODR, IRQ or FIQ per group and the core's EL and
// Security state, Secure and Non-secure views of the distributor and
// redistributor, the banked ICC registers and ICC_*_EL3, the special INTIDs
// 1020/1021/1023, SGIs per group; and that an instance with DS = 1 ignores all of it.
#include "gic_bench.h"

#include <vector>

#include "pscisim/security.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
constexpr uint32_t G0 = gicv3::CTLR_ENABLE_GRP0, G1NS = gicv3::CTLR_ENABLE_GRP1NS,
                   G1S = gicv3::CTLR_ENABLE_GRP1S;

const std::vector<uint64_t> MPIDRS = {0x80000000, 0x80000001};

using grp = gicv3::group;
const gicv3::pe_state EL1_NS{1, true}, EL1_S{1, false}, EL2_NS{2, true}, EL3{3, false},
    EL3_NS{3, true};

struct bench : gic_bench {
    explicit bench(bool two_states = true) : gic_bench(MPIDRS, 64, two_states) { elaborate(); }
    // One access with the NS attribute set (ns) or absent (Secure).
    uint64_t access(initiator &i, bool write, uint64_t addr, uint64_t v, unsigned len, bool ns)
    {
        tlm::tlm_generic_payload gp;
        ns_attribute attr;
        attr.ns = ns;
        gp.set_extension(&attr);
        gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time t = SC_ZERO_TIME;
        i.out->b_transport(gp, t);
        gp.clear_extension(&attr);
        EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE) << std::hex << addr;
        return v;
    }
    uint32_t ns_d32(uint64_t a) { return uint32_t(access(d, false, a, 0, 4, true)); }
    void ns_d32(uint64_t a, uint32_t v) { access(d, true, a, v, 4, true); }
    uint32_t ns_r32(uint64_t a) { return uint32_t(access(r, false, a, 0, 4, true)); }
    void ns_r32(uint64_t a, uint32_t v) { access(r, true, a, v, 4, true); }

    // What TF-A's GIC driver does at cold boot on core `core`, from EL3: wake the
    // redistributor, enable every group at the distributor and the CPU interface.
    void firmware_init(unsigned core)
    {
        gic.set_pe_state(core, EL3);
        r.write32(redist(core) + GICR_WAKER, 0);
        d.write32(GICD_CTLR, G0 | G1NS | G1S);
        wr(core, PMR, 0xff);
        wr(core, IGRPEN0, 1);
        wr(core, IGRPEN1_EL3, 3);
    }
    // SPI s (INTID 32 + s) in group g, enabled, priority prio (Secure view), to core 0.
    void spi(unsigned s, grp g, uint8_t prio)
    {
        unsigned id = 32 + s, w = 4 * (id / 32), bit = 1u << (id % 32);
        uint32_t gr = d.read32(GICD_IGROUPR + w) & ~bit, gm = d.read32(GICD_IGRPMODR + w) & ~bit;
        d.write32(GICD_IGROUPR + w, gr | (g == grp::g1ns ? bit : 0));
        d.write32(GICD_IGRPMODR + w, gm | (g == grp::g1s ? bit : 0));
        EXPECT_EQ(d.write(GICD_IPRIORITYR + id, prio, 1), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(d.write(GICD_IROUTER + 8 * id, 0, 8), tlm::TLM_OK_RESPONSE);
        d.write32(GICD_ISENABLER + w, bit);
    }
    // SGI/PPI id of core in group g, enabled, priority prio.
    void priv(unsigned core, unsigned id, grp g, uint8_t prio)
    {
        uint64_t sgi = redist(core) + SGI_BASE;
        uint32_t bit = 1u << id;
        r.write32(sgi + GICD_IGROUPR,
                  (r.read32(sgi + GICD_IGROUPR) & ~bit) | (g == grp::g1ns ? bit : 0));
        r.write32(sgi + GICD_IGRPMODR,
                  (r.read32(sgi + GICD_IGRPMODR) & ~bit) | (g == grp::g1s ? bit : 0));
        EXPECT_EQ(r.write(sgi + GICD_IPRIORITYR + id, prio, 1), tlm::TLM_OK_RESPONSE);
        r.write32(sgi + GICD_ISENABLER, bit);
    }
    // 'I' IRQ, 'F' FIQ, '-' none.
    char line(unsigned core)
    {
        bool i = gic.irq(core).read(), f = gic.fiq(core).read();
        EXPECT_FALSE(i && f);
        return i ? 'I' : f ? 'F' : '-';
    }
};
} // namespace

TEST(Gicv3Security, IdentificationAndSecureViewOfCtlr)
{
    bench b;
    EXPECT_TRUE(b.gic.two_security_states());
    EXPECT_EQ(b.d.read32(GICD_TYPER) & (1u << 10), 1u << 10); // SecurityExtn
    // Secure view: three enables, ARE_S and ARE_NS RAO, DS = 0 and not settable.
    EXPECT_EQ(b.d.read32(GICD_CTLR), gicv3::CTLR_ARE_S | gicv3::CTLR_ARE_NS);
    b.d.write32(GICD_CTLR, G0 | G1NS | G1S | gicv3::CTLR_DS);
    EXPECT_EQ(b.d.read32(GICD_CTLR), G0 | G1NS | G1S | gicv3::CTLR_ARE_S | gicv3::CTLR_ARE_NS);
    // Non-secure view: EnableGrp1A (bit 1) and ARE_NS (bit 4) only.
    EXPECT_EQ(b.ns_d32(GICD_CTLR), G1NS | (1u << 4));
    b.ns_d32(GICD_CTLR, 0x7 | gicv3::CTLR_DS);
    b.ns_d32(GICD_CTLR, 0); // clears EnableGrp1NS, nothing else
    EXPECT_EQ(b.d.read32(GICD_CTLR), G0 | G1S | gicv3::CTLR_ARE_S | gicv3::CTLR_ARE_NS);
    EXPECT_EQ(b.ns_d32(GICD_CTLR), 1u << 4);
    b.ns_d32(GICD_CTLR, 0x5); // bits 0 and 2 are not Non-secure's to set
    EXPECT_EQ(b.d.read32(GICD_CTLR), G0 | G1S | gicv3::CTLR_ARE_S | gicv3::CTLR_ARE_NS);
    b.ns_d32(GICD_CTLR, G1NS);
    EXPECT_EQ(b.d.read32(GICD_CTLR) & 0x7, G0 | G1NS | G1S);
}

TEST(Gicv3Security, GroupFromIgrouprAndIgrpmodr)
{
    bench b;
    // IGROUPR:IGRPMODR = 0:0 Group 0, 0:1 Secure Group 1, 1:0 Non-secure Group 1,
    // 1:1 reserved, treated as Non-secure Group 1 (IHI 0069 table 4-1).
    b.d.write32(GICD_IGROUPR + 4, 0b1100);
    b.d.write32(GICD_IGRPMODR + 4, 0b1010);
    EXPECT_EQ(b.d.read32(GICD_IGRPMODR + 4), 0b1010u);
    EXPECT_EQ(b.gic.group_of(0, 32), grp::g0);
    EXPECT_EQ(b.gic.group_of(0, 33), grp::g1s);
    EXPECT_EQ(b.gic.group_of(0, 34), grp::g1ns);
    EXPECT_EQ(b.gic.group_of(0, 35), grp::g1ns);
    // Redistributor: GICR_IGROUPR0 / GICR_IGRPMODR0 per core.
    b.r.write32(b.redist(1) + SGI_BASE + GICD_IGRPMODR, 1u << 27);
    EXPECT_EQ(b.gic.group_of(1, 27), grp::g1s);
    EXPECT_EQ(b.gic.group_of(0, 27), grp::g0);
    // Reset: everything Group 0.
    b.gic.reset();
    EXPECT_EQ(b.gic.group_of(0, 33), grp::g0);
    EXPECT_EQ(b.gic.group_of(1, 27), grp::g0);
}

TEST(Gicv3Security, IrqOrFiqFromGroupAndPeState)
{
    // IHI 0069 table 4-3 (EL3 using AArch64).
    struct row {
        grp g;
        gicv3::pe_state pe;
        char expected;
    };
    const row rows[] = {
        {grp::g0, EL1_NS, 'F'},   {grp::g0, EL1_S, 'F'},    {grp::g0, EL3, 'F'},
        {grp::g1ns, EL1_NS, 'I'}, {grp::g1ns, EL2_NS, 'I'}, {grp::g1ns, EL1_S, 'F'},
        {grp::g1ns, EL3, 'F'},    {grp::g1ns, EL3_NS, 'F'}, {grp::g1s, EL1_S, 'I'},
        {grp::g1s, EL1_NS, 'F'},  {grp::g1s, EL2_NS, 'F'},  {grp::g1s, EL3, 'F'},
    };
    bench b;
    b.firmware_init(0);
    for (const row &rw : rows) {
        b.spi(0, rw.g, 0x40);
        b.gic.set_pe_state(0, rw.pe);
        EXPECT_EQ(b.line(0), '-');
        b.gic.set_spi(0, true);
        EXPECT_EQ(b.line(0), rw.expected)
            << "group " << int(rw.g) << " EL" << rw.pe.el << " ns " << rw.pe.ns;
        b.gic.set_spi(0, false);
    }
}

TEST(Gicv3Security, PeStateChangeMovesTheInterruptBetweenIrqAndFiq)
{
    bench b;
    b.firmware_init(0);
    b.spi(0, grp::g1ns, 0x40);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.line(0), 'F');     // pending while the core is at EL3
    b.gic.set_pe_state(0, EL1_NS); // ERET to Non-secure EL1
    EXPECT_EQ(b.line(0), 'I');
    b.gic.set_pe_state(0, EL3); // an SMC
    EXPECT_EQ(b.line(0), 'F');
    b.gic.set_pe_state(0, EL1_S);
    EXPECT_EQ(b.line(0), 'F');
    EXPECT_EQ(b.gic.get_pe_state(0).el, 1u);
    EXPECT_FALSE(b.gic.get_pe_state(0).ns);
}

TEST(Gicv3Security, GroupEnablesPerSecurityState)
{
    bench b;
    b.firmware_init(0);
    b.spi(0, grp::g1s, 0x40);
    b.spi(1, grp::g1ns, 0x50);
    b.gic.set_pe_state(0, EL1_NS);
    b.gic.set_spi(0, true);
    b.gic.set_spi(1, true);
    EXPECT_EQ(b.line(0), 'F');         // the Secure one is higher priority
    b.d.write32(GICD_CTLR, G0 | G1NS); // EnableGrp1S = 0
    EXPECT_EQ(b.line(0), 'I');
    EXPECT_EQ(b.rd(0, HPPIR1), 33u);
    b.wr(0, IGRPEN1_EL3, 2); // EnableGrp1NS = 0 at the CPU interface
    EXPECT_EQ(b.line(0), '-');
    b.d.write32(GICD_CTLR, G0 | G1NS | G1S);
    EXPECT_EQ(b.line(0), 'F');
}

TEST(Gicv3Security, NonSecureAccessesSeeOnlyNonSecureInterrupts)
{
    bench b;
    b.d.write32(GICD_IGROUPR + 4, 0x0000ffff);  // SPIs 32..47 Non-secure Group 1
    b.d.write32(GICD_IGRPMODR + 4, 0x00ff0000); // 48..55 Secure Group 1, rest Group 0
    // IGROUPR/IGRPMODR are Secure-only: RAZ/WI.
    EXPECT_EQ(b.ns_d32(GICD_IGROUPR + 4), 0u);
    EXPECT_EQ(b.ns_d32(GICD_IGRPMODR + 4), 0u);
    b.ns_d32(GICD_IGROUPR + 4, 0xffffffff);
    b.ns_d32(GICD_IGRPMODR + 4, 0);
    EXPECT_EQ(b.d.read32(GICD_IGROUPR + 4), 0x0000ffffu);
    EXPECT_EQ(b.d.read32(GICD_IGRPMODR + 4), 0x00ff0000u);
    // Enables and pending bits of Secure interrupts are RAZ/WI.
    b.ns_d32(GICD_ISENABLER + 4, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_ISENABLER + 4), 0x0000ffffu);
    b.d.write32(GICD_ISENABLER + 4, 0xffffffff);
    EXPECT_EQ(b.ns_d32(GICD_ISENABLER + 4), 0x0000ffffu);
    b.ns_d32(GICD_ISPENDR + 4, 0x00010001);
    EXPECT_TRUE(b.gic.is_pending(0, 32));
    EXPECT_FALSE(b.gic.is_pending(0, 48));
    // ICFGR (two bits per interrupt; 32..47 are the first register's).
    b.ns_d32(GICD_ICFGR + 12, 0xffffffff); // INTIDs 48..63: all Secure
    EXPECT_EQ(b.d.read32(GICD_ICFGR + 12), 0u);
    b.ns_d32(GICD_ICFGR + 8, 0x2);
    EXPECT_EQ(b.d.read32(GICD_ICFGR + 8), 0x2u);
    // IROUTER.
    EXPECT_EQ(b.access(b.d, true, GICD_IROUTER + 8 * 48, 1, 8, true), 1u);
    EXPECT_EQ(b.d.read(GICD_IROUTER + 8 * 48, 8), 0u);
    b.d.write(GICD_IROUTER + 8 * 48, 1, 8);
    EXPECT_EQ(b.access(b.d, false, GICD_IROUTER + 8 * 48, 0, 8, true), 0u);
    b.access(b.d, true, GICD_IROUTER + 8 * 32, 1, 8, true);
    EXPECT_EQ(b.d.read(GICD_IROUTER + 8 * 32, 8), 1u);
    // Redistributor: GICR_IGROUPR0 and GICR_WAKER.ProcessorSleep are Secure-only.
    b.ns_r32(SGI_BASE + GICD_IGROUPR, 0xffffffff);
    EXPECT_EQ(b.r.read32(SGI_BASE + GICD_IGROUPR), 0u);
    EXPECT_EQ(b.ns_r32(GICR_WAKER), 0x4u); // ChildrenAsleep only
    b.ns_r32(GICR_WAKER, 0);
    EXPECT_TRUE(b.gic.processor_sleep(0));
    b.r.write32(GICR_WAKER, 0);
    EXPECT_FALSE(b.gic.processor_sleep(0));
    EXPECT_EQ(b.ns_r32(GICR_WAKER), 0u);
}

TEST(Gicv3Security, NonSecureViewOfPriorities)
{
    bench b;
    b.d.write32(GICD_IGROUPR + 4, 1); // INTID 32 Non-secure Group 1, 33 Group 0
    // A Non-secure write of v stores 0x80 | v >> 1; a read returns the value << 1.
    b.access(b.d, true, GICD_IPRIORITYR + 32, 0xa0, 1, true);
    EXPECT_EQ(b.d.read(GICD_IPRIORITYR + 32, 1), 0xd0u);
    EXPECT_EQ(b.access(b.d, false, GICD_IPRIORITYR + 32, 0, 1, true), 0xa0u);
    b.d.write(GICD_IPRIORITYR + 32, 0x48, 1); // Secure write of a value below 0x80
    EXPECT_EQ(b.access(b.d, false, GICD_IPRIORITYR + 32, 0, 1, true), 0x90u);
    // The Group 0 interrupt's field is RAZ/WI to Non-secure.
    b.d.write(GICD_IPRIORITYR + 33, 0x20, 1);
    EXPECT_EQ(b.access(b.d, false, GICD_IPRIORITYR + 33, 0, 1, true), 0u);
    b.access(b.d, true, GICD_IPRIORITYR + 33, 0xf0, 1, true);
    EXPECT_EQ(b.d.read(GICD_IPRIORITYR + 33, 1), 0x20u);
}

TEST(Gicv3Security, BankedIccRegistersFollowScrNs)
{
    bench b;
    b.gic.set_pe_state(0, EL1_S);
    b.wr(0, IGRPEN1, 1);
    b.wr(0, CTLR, 0x3); // CBPR, EOImode
    b.wr(0, AP1R0, 0x4);
    b.gic.set_pe_state(0, EL1_NS);
    EXPECT_EQ(b.rd(0, IGRPEN1), 0u);
    EXPECT_EQ(b.rd(0, CTLR) & 0x3, 0u);
    EXPECT_EQ(b.rd(0, AP1R0), 0u);
    b.wr(0, BPR1, 5);
    EXPECT_EQ(b.rd(0, BPR1), 5u);
    // EL3 reaches the copy SCR_EL3.NS selects.
    b.gic.set_pe_state(0, EL3);
    EXPECT_EQ(b.rd(0, IGRPEN1), 1u);
    EXPECT_EQ(b.rd(0, CTLR) & 0x3, 0x3u);
    EXPECT_EQ(b.rd(0, AP1R0), 0x4u);
    // Secure BPR1 with CBPR reads (and writes) BPR0; Non-secure reads BPR0 + 1.
    b.wr(0, BPR0, 4);
    EXPECT_EQ(b.rd(0, BPR1), 4u);
    b.gic.set_pe_state(0, EL3_NS);
    EXPECT_EQ(b.rd(0, BPR1), 5u); // its own value
    b.wr(0, CTLR, 0x1);
    b.wr(0, BPR0, 5);
    EXPECT_EQ(b.rd(0, BPR1), 6u);
    b.wr(0, BPR1, 3); // ignored
    EXPECT_EQ(b.rd(0, BPR1), 6u);
    EXPECT_EQ(b.rd(0, BPR0), 5u);
    EXPECT_EQ(b.rd(0, IGRPEN1), 0u);
    // ICC_IGRPEN1_EL3 and ICC_CTLR_EL3 show both copies.
    EXPECT_EQ(b.rd(0, IGRPEN1_EL3), 2u); // EnableGrp1S only
    b.wr(0, IGRPEN1_EL3, 1);
    EXPECT_EQ(b.rd(0, IGRPEN1), 1u);
    b.gic.set_pe_state(0, EL1_S);
    EXPECT_EQ(b.rd(0, IGRPEN1), 0u);
    uint64_t c3 = b.rd(0, CTLR_EL3);
    EXPECT_EQ(c3 & 0x1f, 0x1u | 0x2u | 0x8u); // CBPR_EL1S, CBPR_EL1NS, EOImode_EL1S
    EXPECT_EQ((c3 >> 8) & 7, 4u);             // PRIbits
    EXPECT_EQ((c3 >> 17) & 1, 1u);            // nDS
    b.wr(0, CTLR_EL3, 0x2 | 0x4 | 0x10);
    EXPECT_EQ(b.rd(0, CTLR) & 0x3, 0u);
    b.gic.set_pe_state(0, EL1_NS);
    EXPECT_EQ(b.rd(0, CTLR) & 0x3, 0x3u);
}

TEST(Gicv3Security, SpecialIntidsTellEl3WhichStateAGroup1InterruptIsFor)
{
    bench b;
    b.firmware_init(0);
    b.spi(0, grp::g1ns, 0x40);
    b.gic.set_spi(0, true);
    // EL3: ICC_HPPIR0/IAR0 say "Non-secure Group 1" without acknowledging it.
    EXPECT_EQ(b.rd(0, HPPIR0), 1021u);
    EXPECT_EQ(b.rd(0, IAR0), 1021u);
    EXPECT_FALSE(b.gic.is_active(0, 32));
    // Secure EL1 cannot see it; Non-secure EL1 acknowledges it through IAR1.
    b.gic.set_pe_state(0, EL1_S);
    EXPECT_EQ(b.rd(0, HPPIR0), 1023u);
    EXPECT_EQ(b.rd(0, HPPIR1), 1023u);
    EXPECT_EQ(b.rd(0, IAR1), 1023u);
    b.gic.set_pe_state(0, EL1_NS);
    EXPECT_EQ(b.rd(0, HPPIR0), 1023u);
    EXPECT_EQ(b.rd(0, IAR1), 32u);
    EXPECT_EQ(b.rd(0, AP1R0), 1u << 8);
    b.wr(0, EOIR1, 32);
    EXPECT_FALSE(b.gic.is_active(0, 32));
    b.gic.set_spi(0, false);

    // A Secure Group 1 interrupt: 1020 at EL3, invisible to Non-secure.
    b.spi(1, grp::g1s, 0x30);
    b.gic.set_spi(1, true);
    b.gic.set_pe_state(0, EL3);
    EXPECT_EQ(b.rd(0, HPPIR0), 1020u);
    EXPECT_EQ(b.rd(0, IAR0), 1020u);
    b.gic.set_pe_state(0, EL1_NS);
    EXPECT_EQ(b.rd(0, HPPIR1), 1023u);
    EXPECT_EQ(b.rd(0, IAR1), 1023u);
    EXPECT_EQ(b.rd(0, IAR0), 1023u);
    b.gic.set_pe_state(0, EL1_S);
    EXPECT_EQ(b.rd(0, IAR1), 33u);
    b.gic.set_pe_state(0, EL3); // an EL3 access drops the copy SCR_EL3.NS selects
    EXPECT_EQ(b.rd(0, AP1R0), 1u << 6);
    b.gic.set_pe_state(0, EL1_S);
    b.wr(0, EOIR1, 33);
    EXPECT_EQ(b.rd(0, AP1R0), 0u);
    b.gic.set_spi(1, false);

    // Group 0 is acknowledged through IAR0 in Secure state, not seen by Non-secure.
    b.spi(2, grp::g0, 0x20);
    b.gic.set_spi(2, true);
    b.gic.set_pe_state(0, EL1_NS);
    EXPECT_EQ(b.rd(0, HPPIR0), 1023u);
    EXPECT_EQ(b.rd(0, IAR0), 1023u);
    b.gic.set_pe_state(0, EL3);
    EXPECT_EQ(b.rd(0, IAR0), 34u);
    b.wr(0, EOIR0, 34);
    EXPECT_FALSE(b.gic.is_active(0, 34));
}

TEST(Gicv3Security, EoiModeOfTheCurrentState)
{
    bench b;
    b.firmware_init(0);
    b.wr(0, CTLR_EL3, 0x4); // EOImode_EL3 = 1, EOImode_EL1* = 0
    b.spi(0, grp::g0, 0x20);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.rd(0, IAR0), 32u);
    b.wr(0, EOIR0, 32);
    EXPECT_TRUE(b.gic.is_active(0, 32)); // priority dropped, still active
    b.wr(0, DIR, 32);
    EXPECT_FALSE(b.gic.is_active(0, 32));
    b.gic.set_spi(0, false);
    b.gic.set_pe_state(0, EL1_S);
    b.gic.set_spi(0, true);
    EXPECT_EQ(b.rd(0, IAR0), 32u);
    b.wr(0, EOIR0, 32); // EOImode_EL1S = 0: drop and deactivate
    EXPECT_FALSE(b.gic.is_active(0, 32));
}

TEST(Gicv3Security, SgisPerGroupAndSecurityState)
{
    bench b;
    b.firmware_init(0);
    b.firmware_init(1);
    b.priv(1, 1, grp::g1s, 0x10);
    b.priv(1, 2, grp::g1ns, 0x10);
    b.priv(1, 3, grp::g0, 0x10);
    const uint64_t to_core1 = 0x2;
    auto sgi = [](unsigned id) { return uint64_t(id) << 24; };
    // Non-secure: SGI1R reaches Non-secure Group 1 only; SGI0R and ASGI1R nothing
    // (GICR_NSACR is RAZ/WI).
    b.gic.set_pe_state(0, EL1_NS);
    b.wr(0, SGI1R, sgi(1) | to_core1);
    b.wr(0, ASGI1R, sgi(1) | to_core1);
    b.wr(0, SGI0R, sgi(3) | to_core1);
    EXPECT_FALSE(b.gic.is_pending(1, 1));
    EXPECT_FALSE(b.gic.is_pending(1, 3));
    b.wr(0, SGI1R, sgi(2) | to_core1);
    EXPECT_TRUE(b.gic.is_pending(1, 2));
    b.r.write32(b.redist(1) + SGI_BASE + GICD_ICPENDR, 0xffff); // GICR_ICPENDR0
    // Secure: SGI1R reaches Secure Group 1 (and Group 0), ASGI1R Non-secure Group 1.
    b.gic.set_pe_state(0, EL1_S);
    b.wr(0, SGI1R, sgi(2) | to_core1);
    EXPECT_FALSE(b.gic.is_pending(1, 2));
    b.wr(0, ASGI1R, sgi(2) | to_core1);
    EXPECT_TRUE(b.gic.is_pending(1, 2));
    b.wr(0, SGI1R, sgi(1) | to_core1);
    EXPECT_TRUE(b.gic.is_pending(1, 1));
    b.wr(0, SGI1R, sgi(3) | to_core1);
    EXPECT_TRUE(b.gic.is_pending(1, 3));
}

TEST(Gicv3Security, OneSecurityStateIgnoresAllOfIt)
{
    bench b(/*two_states=*/false);
    EXPECT_FALSE(b.gic.two_security_states());
    EXPECT_EQ(b.d.read32(GICD_TYPER) & (1u << 10), 0u);
    // IGRPMODR is RAZ/WI; a Non-secure access sees what a Secure one does.
    b.d.write32(GICD_IGRPMODR + 4, 0xffffffff);
    EXPECT_EQ(b.d.read32(GICD_IGRPMODR + 4), 0u);
    EXPECT_EQ(b.gic.group_of(0, 33), grp::g0);
    b.ns_d32(GICD_IGROUPR + 4, 0x2);
    EXPECT_EQ(b.d.read32(GICD_IGROUPR + 4), 0x2u);
    b.access(b.d, true, GICD_IPRIORITYR + 33, 0x40, 1, true);
    EXPECT_EQ(b.d.read(GICD_IPRIORITYR + 33, 1), 0x40u);
    b.ns_d32(GICD_CTLR, G0 | G1NS);
    EXPECT_EQ(b.d.read32(GICD_CTLR), G0 | G1NS | gicv3::CTLR_ARE | gicv3::CTLR_DS);
    // Group 1 is IRQ whatever the PE state; the ICC registers have one copy.
    b.r.write32(GICR_WAKER, 0);
    b.wr(0, PMR, 0xff);
    b.wr(0, IGRPEN1, 1);
    b.d.write(GICD_IROUTER + 8 * 33, 0, 8);
    b.d.write32(GICD_ISENABLER + 4, 0x2);
    b.gic.set_spi(1, true);
    for (const gicv3::pe_state &pe : {EL1_NS, EL1_S, EL3, EL3_NS}) {
        b.gic.set_pe_state(0, pe);
        EXPECT_EQ(b.line(0), 'I') << "EL" << pe.el << " ns " << pe.ns;
        EXPECT_EQ(b.rd(0, IGRPEN1), 1u);
        EXPECT_EQ(b.rd(0, HPPIR1), 33u);
        EXPECT_EQ(b.rd(0, HPPIR0), 1023u);
    }
    EXPECT_EQ(b.rd(0, IGRPEN1_EL3), 1u); // EnableGrp1S RAZ/WI
    b.wr(0, IGRPEN1_EL3, 2);
    EXPECT_EQ(b.rd(0, IGRPEN1_EL3), 0u);
    b.wr(0, ASGI1R, (1ull << 24) | 1); // no other Security state: no effect
    EXPECT_FALSE(b.gic.is_pending(0, 1));
}

TEST(Gicv3Security, ConstructorChecksItsArgumentsWithTwoStates)
{
    EXPECT_SC_ERROR(gicv3 g("g", {}, 64, true), "at least one core");
}
