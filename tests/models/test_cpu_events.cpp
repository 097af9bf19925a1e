// The CPU wrapper with the GIC and the generic timer, wired as the platform does:
// the PMU overflow interrupt reaches the GIC as PPI 23 at the core's time of the
// overflow, and the generic timer's event stream wakes a core waiting in WFE at
// the simulated time of the selected counter bit's transition (and only then).
#include "harness.h"

#include <memory>
#include <vector>

#include "cpu_sc/cpu_core.h"
#include "pscisim/generic_timer.h"
#include "pscisim/gicv3.h"
#include "pscisim/security.h"

using namespace pscisim;
using namespace pscisim::test;
using sc_core::sc_time;

namespace
{

constexpr uint64_t kRam = 0x40000000;
constexpr uint64_t kTimerHz = 62500000; // 16 ns per count

// Instruction words (Arm ARM C6).
uint32_t movz(unsigned rd, unsigned imm16, unsigned hw = 0)
{
    return 0xd2800000u | (hw << 21) | (imm16 << 5) | rd;
}
uint32_t movk(unsigned rd, unsigned imm16, unsigned hw)
{
    return 0xf2800000u | (hw << 21) | (imm16 << 5) | rd;
}
uint32_t movn(unsigned rd, unsigned imm16)
{
    return 0x92800000u | (imm16 << 5) | rd;
}
uint32_t msr(uint32_t sysreg, unsigned rt)
{
    return 0xd5100000u | (sysreg << 5) | rt;
}
uint32_t mrs(unsigned rt, uint32_t sysreg)
{
    return 0xd5300000u | (sysreg << 5) | rt;
}
constexpr uint32_t WFE = 0xd503205fu, SPIN = 0x14000000u; // b .
constexpr uint32_t sr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    return A64_SYSREG(op0, op1, crn, crm, op2);
}

// Every MMIO access faults: the tests use RAM and system registers only.
struct no_mmio : sc_core::sc_module, tlm::tlm_fw_transport_if<> {
    tlm::tlm_target_socket<> socket{"socket"};
    explicit no_mmio(sc_core::sc_module_name n) : sc_module(n) { socket.bind(*this); }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &) override
    {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &, tlm::tlm_phase &,
                                       sc_time &) override
    {
        return tlm::TLM_COMPLETED;
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload &) override { return 0; }
};

// Routed as the platform does, by the owner the ISS's table names; counts to
// times from the timer.
struct router : sysreg_if {
    generic_timer &timer;
    gicv3 &gic;
    router(generic_timer &t, gicv3 &g) : timer(t), gic(g) {}
    bool sysreg_read(unsigned cpu, uint32_t enc, uint64_t &v, const sc_time &off) override
    {
        if (a64_sysreg_owner_of(enc) == A64_SR_OWNER_TIMER)
            return timer.cpu_sysreg_read(cpu, enc, v, off);
        return gic.cpu_sysreg_read(cpu, enc, v);
    }
    bool sysreg_write(unsigned cpu, uint32_t enc, uint64_t v, const sc_time &off) override
    {
        if (a64_sysreg_owner_of(enc) == A64_SR_OWNER_TIMER)
            return timer.cpu_sysreg_write(cpu, enc, v, off);
        return gic.cpu_sysreg_write(cpu, enc, v);
    }
    bool counter_time(unsigned cpu, bool virt, uint64_t count, sc_time &when) override
    {
        when = timer.time_of_core_count(cpu, virt, count);
        return true;
    }
};

// One core at 1 GHz (1 ns per cycle) at EL2, a GIC and a timer.
struct rig {
    std::vector<uint8_t> ram = std::vector<uint8_t>(1 << 16);
    a64_system *sys = a64_system_create();
    clock_domain clk{"clk", 1000000000};
    gicv3 gic{"gic", {0x80000000u}};
    generic_timer timer{"timer", 1, kTimerHz};
    router sysregs{timer, gic};
    no_mmio mmio{"mmio"};
    initiator gicd{"gicd"}, gicr{"gicr"};
    std::unique_ptr<cpu_core> cpu;
    std::vector<std::pair<sc_time, bool>> pmu_edges;

    rig()
    {
        a64_system_map_ram(sys, kRam, ram.size(), ram.data());
        gicd.out.bind(gic.dist);
        gicr.out.bind(gic.redist);
        a64_core_config cc{};
        cc.mpidr = 0x80000000u;
        cc.have_el2 = true;
        cc.rvbar = kRam;
        cc.reset_el = 2;
        cc.cntfrq = kTimerHz;
        cpu = std::make_unique<cpu_core>("cpu", sys, clk, cc, 0);
        cpu->bus.bind(mmio.socket);
        cpu->bind_sysregs(&sysregs);
        gic.irq(0).bind([this](bool l) { cpu->set_irq(l); });
        cpu->pmu_irq.bind([this](bool l) {
            if (pmu_edges.empty() ? l : l != pmu_edges.back().second)
                pmu_edges.emplace_back(sc_core::sc_time_stamp(), l);
            gic.set_ppi(0, 23, l);
        });
    }
    ~rig()
    {
        cpu.reset();
        a64_system_destroy(sys);
    }
    void start(const std::vector<uint32_t> &code)
    {
        std::memcpy(ram.data(), code.data(), code.size() * 4);
        a64_system_code_written(sys, kRam, code.size() * 4);
        elaborate();
        cpu->cold_start(kRam, 2, 0);
    }
    uint64_t x(unsigned r) { return a64_core_state(cpu->iss())->x[r]; }
};

TEST(CpuEvents, PmuOverflowReachesTheGicAsPpi23AtTheOverflowCycle)
{
    rig r;
    constexpr uint32_t PMEVCNTR0 = sr(3, 3, 14, 8, 0), PMEVTYPER0 = sr(3, 3, 14, 12, 0),
                       PMINTENSET = sr(3, 0, 9, 14, 1), PMCNTENSET = sr(3, 3, 9, 12, 1),
                       PMCR = sr(3, 3, 9, 12, 0);
    // Event counter 0 counts CPU_CYCLES at EL2 too (PMEVTYPER.NSH) from 2^32 - 256;
    // counting starts inside the PMCR write, after 5 ALU and 4 MSR instructions.
    r.start({movz(0, 0xff00), movk(0, 0xffff, 1), msr(PMEVCNTR0, 0), movz(1, 0x11),
             movk(1, 0x0800, 1), msr(PMEVTYPER0, 1), movz(1, 1), msr(PMINTENSET, 1),
             msr(PMCNTENSET, 1), msr(PMCR, 1), SPIN});
    const a64_timing *t = a64_timing_default();
    uint64_t start = 5 * t->alu + 4 * t->sysreg, overflow = start + 256;
    run_until(ns(overflow - 20));
    EXPECT_FALSE(r.gic.is_pending(0, 23));
    EXPECT_TRUE(r.pmu_edges.empty());
    run_until(ns(overflow + 20));
    ASSERT_EQ(r.pmu_edges.size(), 1u);
    EXPECT_TRUE(r.pmu_edges[0].second);
    // Noticed at the end of the instruction that crossed the overflow (a taken
    // branch here costs branch + branch_taken cycles).
    sc_time at = r.pmu_edges[0].first;
    EXPECT_GE(at, ns(overflow));
    EXPECT_LE(at, ns(overflow + t->branch + t->branch_taken));
    EXPECT_TRUE(r.gic.is_pending(0, 23));
}

// Event stream of CNTKCTL_EL1 (virtual count) with CNTVOFF_EL2 = -8: EVNTI = 4,
// EVNTDIR = 0 -> an event when bit 4 of CNTVCT goes 0 -> 1, at virtual counts 16,
// 48, 80, ... = physical counts 8, 40, ... = 128 ns, 640 ns, ...
TEST(CpuEvents, EventStreamWakesWfeAtTheCounterBitTransition)
{
    rig r;
    constexpr uint32_t CNTKCTL = sr(3, 0, 14, 1, 0), CNTVOFF = sr(3, 4, 14, 0, 3),
                       CNTVCT = sr(3, 3, 14, 0, 2);
    r.start({movn(0, 7), msr(CNTVOFF, 0), movz(0, (1u << 2) | (4u << 4)), msr(CNTKCTL, 0), WFE,
             mrs(2, CNTVCT), WFE, mrs(3, CNTVCT), movz(4, 1), SPIN});
    run_until(ns(120));
    EXPECT_EQ(r.x(2), 0u) << "woke before the first transition";
    run_until(ns(140));
    EXPECT_EQ(r.x(2), 16u);
    EXPECT_EQ(r.x(3), 0u);
    run_until(ns(630));
    EXPECT_EQ(r.x(4), 0u) << "the second WFE must wait for the next transition";
    run_until(ns(650));
    EXPECT_EQ(r.x(3), 48u);
    EXPECT_EQ(r.x(4), 1u);
    EXPECT_EQ(r.cpu->stats().wfe, 2u);
}

// CNTHCTL_EL2's stream watches the physical count: EVNTI = 5, EVNTDIR = 1 -> an
// event when bit 5 goes 1 -> 0, at counts 64, 128, ... = 1024 ns, 2048 ns.
TEST(CpuEvents, HypervisorEventStreamUsesThePhysicalCountAndDirection)
{
    rig r;
    constexpr uint32_t CNTHCTL = sr(3, 4, 14, 1, 0), CNTPCT = sr(3, 3, 14, 0, 1);
    r.start({movz(0, 3 | (1u << 2) | (1u << 3) | (5u << 4)), msr(CNTHCTL, 0), WFE, mrs(2, CNTPCT),
             SPIN});
    run_until(ns(1020));
    EXPECT_EQ(r.x(2), 0u);
    run_until(ns(1040));
    EXPECT_EQ(r.x(2), 64u);
}

TEST(CpuEvents, WithoutAnEventStreamWfeWaitsAndCostsNothing)
{
    rig r;
    r.start({WFE, movz(2, 7), SPIN});
    run_until(us(50));
    EXPECT_EQ(r.x(2), 0u);
    EXPECT_EQ(r.cpu->stats().wfe, 1u);
    // The core did not run while it waited: a handful of cycles in 50 us.
    EXPECT_LT(a64_core_cycles(r.cpu->iss()), 10u);
}

// The cycle counter counts the core's cycles only: the 8 us a core spends waiting
// in WFE (for the event stream's first transition of bit 9 at count 512 = 8192 ns)
// add nothing to PMCCNTR_EL0, although 8192 cycles of 1 ns pass.
TEST(CpuEvents, AWaitingCoreCountsNoCycles)
{
    rig r;
    constexpr uint32_t PMCCFILTR = sr(3, 3, 14, 15, 7), PMCNTENSET = sr(3, 3, 9, 12, 1),
                       PMCR = sr(3, 3, 9, 12, 0), PMCCNTR = sr(3, 3, 9, 13, 0),
                       CNTKCTL = sr(3, 0, 14, 1, 0);
    r.start({movz(0, 0x0800, 1), msr(PMCCFILTR, 0), movz(1, 0x8000, 1), msr(PMCNTENSET, 1),
             movz(1, 1), msr(PMCR, 1), movz(0, (1u << 2) | (9u << 4)), msr(CNTKCTL, 0), WFE,
             mrs(2, PMCCNTR), movz(4, 1), SPIN});
    run_until(ns(8100));
    EXPECT_EQ(r.x(4), 0u);
    run_until(ns(8300));
    ASSERT_EQ(r.x(4), 1u);
    EXPECT_LT(r.x(2), 50u) << "cycles counted while waiting";
    EXPECT_GT(r.x(2), 0u);
}

// Every MMIO access answers OKAY and records its physical address space.
struct space_recorder : sc_core::sc_module, tlm::tlm_fw_transport_if<> {
    tlm::tlm_target_socket<> socket{"socket"};
    std::vector<bool> secure;
    explicit space_recorder(sc_core::sc_module_name n) : sc_module(n) { socket.bind(*this); }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &) override
    {
        secure.push_back(is_secure(gp));
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &, tlm::tlm_phase &,
                                       sc_time &) override
    {
        return tlm::TLM_COMPLETED;
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload &) override { return 0; }
};

// A payload without the attribute is Secure (loaders, debuggers, one-state machines).
TEST(CpuBus, IsSecureDefaultsToSecure)
{
    tlm::tlm_generic_payload gp;
    EXPECT_TRUE(is_secure(gp));
    ns_attribute a;
    gp.set_extension(&a);
    EXPECT_TRUE(is_secure(gp));
    a.ns = true;
    EXPECT_FALSE(is_secure(gp));
    gp.clear_extension(&a);
    EXPECT_TRUE(is_secure(gp));
}

// The CPU wrapper marks each MMIO access with the space the ISS gives it: a store
// at EL3 is Secure; after SCR_EL3.NS = 1 and an ERET to EL2 the same store is
// Non-secure.
TEST(CpuBus, MmioAccessesCarryTheirPhysicalAddressSpace)
{
    std::vector<uint8_t> ram(1 << 16);
    a64_system *sys = a64_system_create();
    a64_system_map_ram(sys, kRam, ram.size(), ram.data());
    clock_domain clk{"clk", 1000000000};
    space_recorder mmio{"mmio"};
    a64_core_config cc{};
    cc.mpidr = 0x80000000u;
    cc.have_el2 = cc.have_el3 = true;
    cc.rvbar = kRam;
    cc.reset_el = 3;
    cc.cntfrq = kTimerHz;
    {
        cpu_core cpu("cpu", sys, clk, cc, 0);
        cpu.bus.bind(mmio.socket);
        const uint32_t STR_W0_X1 = 0xb9000020u, ERET = 0xd69f03e0u;
        const uint32_t SCR_EL3 = sr(3, 6, 1, 1, 0), SPSR_EL3 = sr(3, 6, 4, 0, 0),
                       ELR_EL3 = sr(3, 6, 4, 0, 1);
        std::vector<uint32_t> code = {
            movz(1, 0x0900, 1),                     // x1 = 0x09000000
            STR_W0_X1,                              // Secure (EL3)
            movz(0, 0x431),     msr(SCR_EL3, 0),    // NS, RW, RES1
            movz(0, 0x3c9),     msr(SPSR_EL3, 0),   // EL2h
            movz(0, 0x4000, 1), movk(0, 10 * 4, 0), // x0 = kRam + 40
            msr(ELR_EL3, 0),    ERET,
            STR_W0_X1,          SPIN, // Non-secure (EL2)
        };
        std::memcpy(ram.data(), code.data(), code.size() * 4);
        a64_system_code_written(sys, kRam, code.size() * 4);
        elaborate();
        cpu.cold_start(kRam, 3, 0);
        run_until(us(1));
        EXPECT_EQ(mmio.secure, (std::vector<bool>{true, false}));
    }
    a64_system_destroy(sys);
}

} // namespace
