// PSCI controller + CPU wrapper + ISS, without the platform: exact simulated times
// of suspend entry, wake-up and cluster power-down with the FVP latency table.
//
// Guest code is hand-encoded A64 (MOVZ/MOVK/SMC/B/SUBS/B.cond); interrupt lines are
// driven directly, as the GIC would.
#include "sc_harness.h"

#include "cpu_sc/cpu_core.h"
#include "power/gic_firmware.h"
#include "power/psci_controller.h"
#include "pscisim/gicv3.h"
#include "pscisim/sysreg.h"

#include <memory>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

using namespace pscisim;
using namespace pscisim::test;
using sc_core::sc_time;
using sc_core::sc_time_stamp;

namespace
{

constexpr uint64_t ram_base = 0x40000000;

uint32_t movz(unsigned rd, uint16_t imm, unsigned hw = 0)
{
    return 0xD2800000u | (hw << 21) | ((uint32_t)imm << 5) | rd;
}
uint32_t movk(unsigned rd, uint16_t imm, unsigned hw)
{
    return 0xF2800000u | (hw << 21) | ((uint32_t)imm << 5) | rd;
}
constexpr uint32_t smc0 = 0xD4000003u;
constexpr uint32_t b_self = 0x14000000u;
constexpr uint32_t subs_x5_1 = 0xF10004A5u; // SUBS X5, X5, #1
constexpr uint32_t bne_back1 = 0x54FFFFE1u; // B.NE .-4

// Loads a 32-bit constant into xd.
void mov32(std::vector<uint32_t> &p, unsigned rd, uint32_t v)
{
    p.push_back(movz(rd, (uint16_t)v));
    p.push_back(movk(rd, (uint16_t)(v >> 16), 1));
}

// Everything outside RAM is unmapped.
struct no_mmio : sc_core::sc_module {
    tlm_utils::simple_target_socket<no_mmio> socket;
    std::vector<uint8_t> *ram;
    no_mmio(sc_core::sc_module_name n, std::vector<uint8_t> *r)
        : sc_module(n), socket("socket"), ram(r)
    {
        socket.register_b_transport(this, &no_mmio::bt);
        socket.register_transport_dbg(this, &no_mmio::dbg);
    }
    void bt(tlm::tlm_generic_payload &gp, sc_time &)
    {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
    unsigned dbg(tlm::tlm_generic_payload &gp)
    {
        uint64_t a = gp.get_address();
        if (a < ram_base || a - ram_base + gp.get_data_length() > ram->size()) return 0;
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), ram->data() + (a - ram_base), gp.get_data_length());
        else
            std::memcpy(ram->data() + (a - ram_base), gp.get_data_ptr(), gp.get_data_length());
        return gp.get_data_length();
    }
};

// The FVP preset's numbers (TF-A fvp-base-psci-common.dtsi) and firmware costs.
psci_timing fvp_timing()
{
    psci_timing t;
    auto set = [&](unsigned l, unsigned s, double en, double ex, double mr) {
        t.lat[l][s] = idle_latency{true, us(en), us(ex), us(mr)};
    };
    set(0, 1, 20, 40, 80);
    set(0, 2, 40, 100, 150);
    set(1, 1, 50, 100, 250);
    set(1, 2, 500, 1000, 2500);
    set(2, 2, 1000, 2000, 5000);
    t.dispatch_cycles = 1000;
    t.cache_clean_cycles_per_kib = 64;
    t.warm_boot_cycles = 10000;
    t.ramp_up = us(10);
    t.ramp_down = us(5);
    return t;
}

struct rig {
    std::vector<uint8_t> ram;
    a64_system *sys;
    std::vector<std::unique_ptr<clock_domain>> clks;
    std::vector<std::unique_ptr<no_mmio>> mmio;
    std::vector<std::unique_ptr<cpu_core>> cores;
    std::unique_ptr<psci_controller> ctrl;
    int exit_status = -1;

    // One cluster of ncores at 1 GHz.
    explicit rig(unsigned ncores) : rig(std::vector<unsigned>{ncores}, {1000000000}) {}
    rig(std::vector<unsigned> per_cluster, std::vector<uint64_t> hz) : ram(1 << 20)
    {
        sys = a64_system_create();
        a64_system_map_ram(sys, ram_base, ram.size(), ram.data());
        std::vector<cpu_core *> ptrs;
        std::vector<const clock_domain *> clk_ptrs;
        psci_controller_config pc;
        unsigned i = 0;
        for (unsigned c = 0; c < per_cluster.size(); ++c) {
            clks.push_back(std::make_unique<clock_domain>("cluster" + std::to_string(c), hz[c]));
            clk_ptrs.push_back(clks.back().get());
            pc.cores_per_cluster.push_back(per_cluster[c]);
            pc.l1_kib.push_back(32);
            pc.l2_kib.push_back(1024);
            for (unsigned k = 0; k < per_cluster[c]; ++k, ++i) {
                a64_core_config cc{};
                cc.mpidr = 0x80000000u | (c << 8) | k;
                cc.have_el2 = true;
                cc.conduit = A64_CONDUIT_SMC;
                cc.rvbar = ram_base;
                cc.reset_el = 2;
                cc.cntfrq = 100000000;
                cores.push_back(std::make_unique<cpu_core>(("cpu" + std::to_string(i)).c_str(), sys,
                                                           *clks.back(), cc, i));
                mmio.push_back(
                    std::make_unique<no_mmio>(("mmio" + std::to_string(i)).c_str(), &ram));
                cores.back()->bus.bind(mmio.back()->socket);
                cores.back()->on_stop = [this](const stop_event &e) { exit_status = e.status; };
                ptrs.push_back(cores.back().get());
            }
        }
        pc.ns_ram_base = ram_base;
        pc.ns_ram_size = ram.size();
        pc.timing = fvp_timing();
        ctrl = std::make_unique<psci_controller>("psci", pc, ptrs, clk_ptrs);
    }
    ~rig()
    {
        ctrl.reset();
        cores.clear();
        a64_system_destroy(sys);
    }
    void load(uint64_t addr, const std::vector<uint32_t> &code)
    {
        std::memcpy(ram.data() + (addr - ram_base), code.data(), code.size() * 4);
        a64_system_code_written(sys, addr, code.size() * 4);
    }
};

// Settle times of a domain, by state.
struct settle_log {
    std::vector<std::pair<sc_time, power_state>> v;
    void attach(power_domain &d)
    {
        d.add_observer([this](const power_domain &, const power_change &c) {
            if (!c.in_transition) v.emplace_back(c.time, c.state);
        });
    }
    sc_time first(power_state s) const
    {
        for (auto &e : v)
            if (e.second == s) return e.first;
        return sc_core::SC_ZERO_TIME;
    }
};

// Drives one core's IRQ line at a given time.
struct irq_driver : sc_core::sc_module {
    SC_HAS_PROCESS(irq_driver);
    cpu_core &cpu;
    sc_time at;
    irq_driver(sc_core::sc_module_name n, cpu_core &c, sc_time t) : sc_module(n), cpu(c), at(t)
    {
        SC_THREAD(run);
    }
    void run()
    {
        wait(at);
        cpu.set_irq(true);
        wait(us(1));
        cpu.set_irq(false);
    }
};

// ---- GICv3 attached as the platform builder attaches it (attach_gic_firmware) ----

constexpr uint32_t ICC_PMR = sysreg_enc(3, 0, 4, 6, 0);
constexpr uint32_t ICC_BPR1 = sysreg_enc(3, 0, 12, 12, 3);
constexpr uint32_t ICC_IGRPEN1 = sysreg_enc(3, 0, 12, 12, 7);
constexpr uint32_t msr_pmr_x5 = 0xD5184605u;     // MSR ICC_PMR_EL1, X5
constexpr uint32_t msr_igrpen1_x6 = 0xD518CCE6u; // MSR ICC_IGRPEN1_EL1, X6
constexpr uint32_t msr_bpr1_x7 = 0xD518CC67u;    // MSR ICC_BPR1_EL1, X7
constexpr uint64_t GICR_WAKER = 0x14, GICR_IGROUPR0 = 0x10080, GICR_ISENABLER0 = 0x10100;
constexpr unsigned vtimer_ppi = 27;

// ICC_* accesses of the rig's cores go to the GIC.
struct gic_sysregs : sysreg_if {
    gicv3 &gic;
    explicit gic_sysregs(gicv3 &g) : gic(g) {}
    bool sysreg_read(unsigned cpu, uint32_t enc, uint64_t &v, const sc_time &) override
    {
        return gic.cpu_sysreg_read(cpu, enc, v);
    }
    bool sysreg_write(unsigned cpu, uint32_t enc, uint64_t v, const sc_time &) override
    {
        return gic.cpu_sysreg_write(cpu, enc, v);
    }
};

// Register accesses to the GIC's distributor / redistributor frames.
struct mmio_port : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<mmio_port> socket;
    explicit mmio_port(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
    uint32_t access(uint64_t addr, uint32_t v, bool write)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_byte_enable_ptr(nullptr);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time d = sc_core::SC_ZERO_TIME;
        socket->b_transport(gp, d);
        EXPECT_TRUE(gp.is_response_ok()) << "GIC access at 0x" << std::hex << addr;
        return v;
    }
};

// The rig's cores with a GICv3 (one redistributor per core), wired as in the
// platform: IRQ/FIQ lines, ICC_* system registers, firmware hooks. The virtual
// timer PPI is Group 1 and enabled at every redistributor, Group 1 is enabled at
// the distributor, and every redistributor is awake, as the OS leaves them.
struct gic_rig {
    gicv3 gic;
    gic_sysregs sysregs{gic};
    mmio_port dist{"dist_port"}, redist{"redist_port"};
    static std::vector<uint64_t> mpidrs(rig &r)
    {
        std::vector<uint64_t> m;
        for (auto &c : r.cores)
            m.push_back(c->mpidr());
        return m;
    }
    explicit gic_rig(rig &r) : gic("gic", mpidrs(r))
    {
        dist.socket.bind(gic.dist);
        redist.socket.bind(gic.redist);
        for (unsigned i = 0; i < r.cores.size(); ++i) {
            cpu_core &cpu = *r.cores[i];
            cpu.bind_sysregs(&sysregs);
            gic.irq(i).bind([&cpu](bool l) { cpu.set_irq(l); });
            gic.fiq(i).bind([&cpu](bool l) { cpu.set_fiq(l); });
        }
        attach_gic_firmware(*r.ctrl, gic);
        dist.access(0, gicv3::CTLR_ARE | gicv3::CTLR_ENABLE_GRP1, true);
        for (unsigned i = 0; i < r.cores.size(); ++i) {
            uint64_t rd = i * gicv3::REDIST_STRIDE;
            redist.access(rd + GICR_WAKER, 0, true);
            redist.access(rd + GICR_IGROUPR0, 1u << vtimer_ppi, true);
            redist.access(rd + GICR_ISENABLER0, 1u << vtimer_ppi, true);
        }
    }
    uint64_t icc(unsigned core, uint32_t enc)
    {
        uint64_t v = ~0ull;
        EXPECT_TRUE(gic.cpu_sysreg_read(core, enc, v));
        return v;
    }
    uint32_t isenabler0(unsigned core)
    {
        return redist.access(core * gicv3::REDIST_STRIDE + GICR_ISENABLER0, 0, false);
    }
};

// The CPU interface state a test cares about, sampled at one time.
struct cpuif_sample {
    uint64_t pmr = 0, bpr1 = 0, igrpen1 = 0;
    bool sleep = false;
    uint32_t enabled_ppis = 0;
};

// Samples core's CPU interface and redistributor at the given times.
struct cpuif_sampler : sc_core::sc_module {
    SC_HAS_PROCESS(cpuif_sampler);
    gic_rig &g;
    unsigned core;
    std::vector<sc_time> at;
    std::vector<cpuif_sample> v;
    cpuif_sampler(sc_core::sc_module_name n, gic_rig &gr, unsigned c, std::vector<sc_time> times)
        : sc_module(n), g(gr), core(c), at(std::move(times))
    {
        SC_THREAD(run);
    }
    void run()
    {
        sc_time last = sc_core::SC_ZERO_TIME;
        for (sc_time t : at) {
            wait(t - last);
            last = t;
            v.push_back({g.icc(core, ICC_PMR), g.icc(core, ICC_BPR1), g.icc(core, ICC_IGRPEN1),
                         g.gic.processor_sleep(core), g.isenabler0(core)});
        }
    }
};

// Raises one core's PPI at a given time (level, stays high).
struct ppi_driver : sc_core::sc_module {
    SC_HAS_PROCESS(ppi_driver);
    gicv3 &gic;
    unsigned core, intid;
    sc_time at;
    ppi_driver(sc_core::sc_module_name n, gicv3 &g, unsigned c, unsigned id, sc_time t)
        : sc_module(n), gic(g), core(c), intid(id), at(t)
    {
        SC_THREAD(run);
    }
    void run()
    {
        wait(at);
        gic.set_ppi(core, intid, true);
    }
};

// Guest prologue: ICC_PMR_EL1 = 0xF0, ICC_BPR1_EL1 = 5 (reset: 3), ICC_IGRPEN1_EL1 = 1.
void program_cpu_interface(std::vector<uint32_t> &p)
{
    p.push_back(movz(5, 0xF0));
    p.push_back(movz(7, 5));
    p.push_back(movz(6, 1));
    p.push_back(msr_pmr_x5);
    p.push_back(msr_bpr1_x7);
    p.push_back(msr_igrpen1_x6);
}

} // namespace

TEST(PsciController, PsciStatReadsTheCountersTheReportPrints)
{
    run_sim([] {
        rig r(1);
        std::vector<uint32_t> p;
        mov32(p, 0, 0xC4000001u); // CPU_SUSPEND standby
        p.push_back(movz(1, 0x0001));
        p.push_back(movz(2, 0));
        p.push_back(movz(3, 0));
        p.push_back(smc0);
        mov32(p, 0, 0xC4000011u); // PSCI_STAT_COUNT64(core 0, standby)
        p.push_back(movz(1, 0));
        p.push_back(movz(2, 0x0001));
        p.push_back(smc0);
        p.push_back(0xAA0003F3u); // MOV X19, X0
        mov32(p, 0, 0xC4000010u); // PSCI_STAT_RESIDENCY64(core 0, standby)
        p.push_back(movz(1, 0));
        p.push_back(movz(2, 0x0001));
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        irq_driver irq("irq", *r.cores[0], us(100));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(500));
        a64_state *s = a64_core_state(r.cores[0]->iss());
        psci_node_stats st{};
        ASSERT_TRUE(psci_get_node_stats(r.ctrl->library(), 0, 0, PSCI_LOCAL_RET, false, &st));
        EXPECT_EQ(s->x[19], 1u);
        EXPECT_EQ(st.count, 1u);
        EXPECT_EQ(s->x[0], st.residency_us);
        // The library counts from the call to the wake-up interrupt (100 us).
        sc_time call = r.ctrl->calls()[0].time;
        EXPECT_EQ(st.residency_us, time_to_ps(us(100) - call) / 1000000);
    });
}

TEST(PsciController, CorePowerDownEntryAndWakeAtExactLatencies)
{
    run_sim([] {
        rig r(1);
        std::vector<uint32_t> p;
        mov32(p, 0, 0xC4000001u);     // CPU_SUSPEND (SMC64)
        mov32(p, 1, 0x00010002u);     // power-down, level 0, StateID 0x2 (core off)
        mov32(p, 2, 0x40001000u);     // entry point
        p.push_back(movz(3, 0x1234)); // context ID
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        r.load(0x40001000, {b_self});
        settle_log core_log;
        core_log.attach(r.ctrl->core_domain(0));
        irq_driver irq("irq", *r.cores[0], us(300));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(1000));

        ASSERT_EQ(r.ctrl->calls().size(), 1u);
        const auto &c = r.ctrl->calls()[0];
        EXPECT_EQ(c.function_id, 0xC4000001u);
        // Entry: dispatch 1000 cycles + L1 clean 32 KiB x 64 cycles + entry 40 us +
        // ramp-down 5 us, at 1 GHz.
        sc_time entry = ns(1000) + ns(2048) + us(40) + us(5);
        EXPECT_EQ(c.entry_latency_ps, (int64_t)time_to_ps(entry));
        EXPECT_EQ(core_log.first(power_state::off), c.time + entry);
        // Exit: interrupt at 300 us; ramp-up 10 us + exit 100 us -> core ON at 410 us;
        // warm boot 10000 cycles -> first instruction at the entry point at 420 us.
        EXPECT_EQ(core_log.v.back().first, us(410));
        EXPECT_EQ(core_log.v.back().second, power_state::on);
        EXPECT_EQ(c.exit_latency_ps, (int64_t)time_to_ps(us(120)));
        a64_state *s = a64_core_state(r.cores[0]->iss());
        EXPECT_EQ(s->pc, 0x40001000u);
        EXPECT_EQ(s->x[0], 0x1234u);
        EXPECT_EQ(s->el, 2);
        EXPECT_TRUE(r.ctrl->core_clock(0).enabled());
        // Clock gated from the start of the power-down transition to the warm boot.
        EXPECT_EQ(r.ctrl->core_clock(0).gated_time(), us(420) - (c.time + ns(3048)));
        EXPECT_EQ(r.ctrl->core_domain(0).residency(power_state::off), us(300) - (c.time + entry));
    });
}

TEST(PsciController, StandbyWakesAfterRetentionExitLatencyAndReturnsSuccess)
{
    run_sim([] {
        rig r(1);
        std::vector<uint32_t> p;
        mov32(p, 0, 0xC4000001u);
        p.push_back(movz(1, 0x0001)); // standby, StateID 0x1
        p.push_back(movz(2, 0));
        p.push_back(movz(3, 0));
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        settle_log core_log;
        core_log.attach(r.ctrl->core_domain(0));
        irq_driver irq("irq", *r.cores[0], us(100));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(500));
        ASSERT_EQ(r.ctrl->calls().size(), 1u);
        const auto &c = r.ctrl->calls()[0];
        // Retention entry 20 us after the 1 us dispatch; exit 40 us after the interrupt.
        EXPECT_EQ(c.entry_latency_ps, (int64_t)time_to_ps(ns(1000) + us(20)));
        EXPECT_EQ(core_log.first(power_state::retention), c.time + ns(1000) + us(20));
        EXPECT_EQ(c.exit_latency_ps, (int64_t)time_to_ps(us(40)));
        a64_state *s = a64_core_state(r.cores[0]->iss());
        EXPECT_EQ(s->x[0], 0u);                          // SUCCESS
        EXPECT_EQ(s->pc, ram_base + 4 * (p.size() - 1)); // after the SMC
    });
}

TEST(PsciController, ClusterGoesOffOnlyAfterItsLastCoreAfterEntryLatency)
{
    run_sim([] {
        rig r(2);
        // Core 0: CPU_ON(core 1), then cluster-off suspend (denied to the cluster by
        // coordination while core 1 runs: only the core goes off).
        std::vector<uint32_t> p0;
        mov32(p0, 0, 0xC4000003u);
        p0.push_back(movz(1, 1)); // target_cpu: affinity fields only (Aff0 = 1)
        mov32(p0, 2, 0x40002000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        mov32(p0, 0, 0xC4000001u);
        mov32(p0, 1, 0x01010022u); // power-down, level 1, StateID 0x22 (cluster off)
        mov32(p0, 2, 0x40001000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        p0.push_back(b_self);
        r.load(ram_base, p0);
        r.load(0x40001000, {b_self});
        // Core 1: spin 20000 iterations, then the same cluster-off suspend.
        std::vector<uint32_t> p1;
        mov32(p1, 5, 20000);
        p1.push_back(subs_x5_1);
        p1.push_back(bne_back1);
        mov32(p1, 0, 0xC4000001u);
        mov32(p1, 1, 0x01010022u);
        mov32(p1, 2, 0x40001000u);
        p1.push_back(movz(3, 0));
        p1.push_back(smc0);
        p1.push_back(b_self);
        r.load(0x40002000, p1);
        settle_log core0, core1, cluster;
        core0.attach(r.ctrl->core_domain(0));
        core1.attach(r.ctrl->core_domain(1));
        cluster.attach(r.ctrl->cluster_domain(0));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(3000));

        ASSERT_EQ(r.ctrl->calls().size(), 3u);
        sc_time c0_off = core0.first(power_state::off);
        sc_time c1_off = core1.first(power_state::off);
        sc_time cl_off = cluster.first(power_state::off);
        ASSERT_NE(c0_off, sc_core::SC_ZERO_TIME);
        ASSERT_NE(c1_off, sc_core::SC_ZERO_TIME);
        ASSERT_NE(cl_off, sc_core::SC_ZERO_TIME);
        EXPECT_LT(c0_off, c1_off);
        // Core 1 is the last: it also cleans the 1 MiB L2 before powering off.
        const auto &last = r.ctrl->calls()[2];
        EXPECT_EQ(last.core, 1u);
        EXPECT_EQ(c1_off, last.time + ns(1000) + ns((32 + 1024) * 64) + us(40) + us(5));
        // The cluster powers off its entry latency (500 us) + ramp-down after that.
        EXPECT_EQ(cl_off, c1_off + us(500) + us(5));
        EXPECT_EQ(last.entry_latency_ps, (int64_t)time_to_ps(cl_off - last.time));
        // Core 0's request for the cluster did not take it down.
        EXPECT_EQ(r.ctrl->calls()[1].target[1], PSCI_LOCAL_RUN);
        EXPECT_EQ(r.ctrl->calls()[2].target[1], PSCI_LOCAL_OFF);
    });
}

TEST(PsciController, InterruptDuringDispatchAbandonsTheSuspend)
{
    run_sim([] {
        rig r(1);
        std::vector<uint32_t> p;
        mov32(p, 0, 0xC4000001u);
        mov32(p, 1, 0x00010002u);
        mov32(p, 2, 0x40001000u);
        p.push_back(movz(3, 0));
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        // The SMC happens within the first few ns; the interrupt arrives 500 ns later,
        // inside the 1 us dispatch.
        irq_driver irq("irq", *r.cores[0], ns(500));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(200));
        ASSERT_EQ(r.ctrl->calls().size(), 1u);
        EXPECT_TRUE(r.ctrl->calls()[0].abandoned);
        EXPECT_EQ(r.ctrl->core_domain(0).entries(power_state::off), 0u);
        a64_state *s = a64_core_state(r.cores[0]->iss());
        EXPECT_EQ(s->x[0], 0u);
        EXPECT_EQ(s->pc, ram_base + 4 * (p.size() - 1));
    });
}

TEST(PsciController, CallLogKeepsTheLastRecordsAndCountsAll)
{
    run_sim([] {
        rig r(1);
        r.ctrl->set_call_log_limit(2);
        std::vector<uint32_t> p;
        for (int i = 0; i < 5; ++i) {
            mov32(p, 0, 0x84000000u); // PSCI_VERSION
            p.push_back(smc0);
        }
        p.push_back(b_self);
        r.load(ram_base, p);
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(100));
        EXPECT_EQ(r.ctrl->call_count(), 5u);
        ASSERT_EQ(r.ctrl->calls().size(), 2u);
        // Each call is busy for the 1 us dispatch plus 3 instructions.
        EXPECT_GT(r.ctrl->calls()[0].time, us(3));
        EXPECT_GT(r.ctrl->calls()[1].time, r.ctrl->calls()[0].time + us(1));
        EXPECT_EQ(r.ctrl->calls()[1].result, 0x10001); // PSCI 1.1
    });
}

TEST(PsciController, HeterogeneousClustersCountCyclesInTheirOwnClock)
{
    run_sim([] {
        // Cluster 0 at 1 GHz, cluster 1 at 500 MHz: the same code (two PSCI_VERSION
        // calls) takes exactly twice as long between the calls on cluster 1, and the
        // 1000-cycle dispatch costs 1 us vs 2 us.
        rig r({1, 1}, {1000000000, 500000000});
        std::vector<uint32_t> p0;
        mov32(p0, 0, 0xC4000003u); // CPU_ON core 0 of cluster 1
        p0.push_back(movz(1, 0x100));
        mov32(p0, 2, 0x40002000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        std::vector<uint32_t> pv;
        for (int i = 0; i < 2; ++i) {
            mov32(pv, 0, 0x84000000u);
            pv.push_back(smc0);
        }
        pv.push_back(b_self);
        p0.insert(p0.end(), pv.begin(), pv.end());
        r.load(ram_base, p0);
        r.load(0x40002000, pv);
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(3000)); // cluster 1 powers up first (1130 us)
        std::vector<sc_time> t0, t1;
        for (auto &c : r.ctrl->calls())
            if (c.function_id == 0x84000000u) (c.core == 0 ? t0 : t1).push_back(c.time);
        ASSERT_EQ(t0.size(), 2u);
        ASSERT_EQ(t1.size(), 2u);
        sc_time gap0 = t0[1] - t0[0], gap1 = t1[1] - t1[0];
        EXPECT_EQ(gap1, gap0 * 2.0);
        EXPECT_GT(gap0, us(1));
        EXPECT_LT(gap0, us(1) + ns(100));
    });
}

// Regression: a call made by another core while SYSTEM_OFF is completing (during its
// dispatch time) used to be reported as a simulator error; the caller never returns.
TEST(PsciController, CallsAfterSystemOffDoNotReturn)
{
    run_sim([] {
        rig r(2);
        std::vector<uint32_t> p0;
        mov32(p0, 0, 0xC4000003u); // CPU_ON core 1
        p0.push_back(movz(1, 1));
        mov32(p0, 2, 0x40002000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        mov32(p0, 5, 200000); // let core 1 come up and start calling
        p0.push_back(subs_x5_1);
        p0.push_back(bne_back1);
        mov32(p0, 0, 0x84000008u); // SYSTEM_OFF
        p0.push_back(smc0);
        p0.push_back(b_self);
        r.load(ram_base, p0);
        std::vector<uint32_t> p1;
        mov32(p1, 0, 0x84000000u); // PSCI_VERSION, forever
        p1.push_back(smc0);
        p1.push_back(0x17FFFFFDu); // B .-12
        r.load(0x40002000, p1);
        int off_status = -1;
        sc_time off_at;
        r.ctrl->on_system_off = [&](int st, const std::string &) {
            off_status = st;
            off_at = sc_time_stamp();
            sc_core::sc_stop();
        };
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(2000));
        EXPECT_EQ(off_status, 0);
        ASSERT_GE(r.ctrl->calls().size(), 3u);
        const psci_call_log_entry *off = nullptr;
        for (auto &c : r.ctrl->calls())
            if (c.function_id == 0x84000008u) off = &c;
        ASSERT_NE(off, nullptr);
        EXPECT_EQ(off_at, off->time + ns(1000)); // after the dispatch time
    });
}

// The GIC CPU interface is in the core's power domain (IHI 0069 §11.1): a core
// power-down loses it, the redistributor keeps its state; the firmware marks the
// redistributor asleep (GICR_WAKER.ProcessorSleep) before the power-down, so the
// wake-up comes from the redistributor's wake request although the CPU interface
// no longer signals anything, and marks it awake at warm boot.
TEST(PsciController, CorePowerDownLosesTheGicCpuInterfaceAndWakesThroughTheRedistributor)
{
    run_sim([] {
        rig r(1);
        gic_rig g(r);
        std::vector<uint32_t> p;
        program_cpu_interface(p);
        mov32(p, 0, 0xC4000001u); // CPU_SUSPEND64, core power-down
        mov32(p, 1, 0x00010002u);
        mov32(p, 2, 0x40001000u);
        p.push_back(movz(3, 0x1234));
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        r.load(0x40001000, {b_self});
        // Call at ~0; the core's clock stops after dispatch + clean (3.048 us), its
        // domain is OFF 45 us later. PPI at 300 us; running again at 420 us.
        cpuif_sampler smp("smp", g, 0, {us(2), us(20), us(100), us(500)});
        ppi_driver ppi("ppi", g.gic, 0, vtimer_ppi, us(300));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(600));

        ASSERT_EQ(smp.v.size(), 4u);
        // During dispatch: as the guest left it, redistributor awake.
        EXPECT_EQ(smp.v[0].pmr, 0xF0u);
        EXPECT_EQ(smp.v[0].bpr1, 5u);
        EXPECT_EQ(smp.v[0].igrpen1, 1u);
        EXPECT_FALSE(smp.v[0].sleep);
        // Powering down: asleep, CPU interface not yet lost.
        EXPECT_TRUE(smp.v[1].sleep);
        EXPECT_EQ(smp.v[1].pmr, 0xF0u);
        // OFF: CPU interface at its reset values, redistributor state kept.
        EXPECT_TRUE(smp.v[2].sleep);
        EXPECT_EQ(smp.v[2].pmr, 0u);
        EXPECT_EQ(smp.v[2].igrpen1, 0u);
        EXPECT_EQ(smp.v[2].bpr1, 3u); // reset value (BPR0 minimum + 1)
        EXPECT_EQ(smp.v[2].enabled_ppis & (1u << vtimer_ppi), 1u << vtimer_ppi);
        // Woken by the PPI through the wake request: at the entry point, awake, the
        // CPU interface still at reset (re-initialising it is the OS's job).
        ASSERT_EQ(r.ctrl->calls().size(), 1u);
        EXPECT_EQ(r.ctrl->calls()[0].exit_latency_ps, (int64_t)time_to_ps(us(120)));
        a64_state *s = a64_core_state(r.cores[0]->iss());
        EXPECT_EQ(s->pc, 0x40001000u);
        EXPECT_EQ(s->x[0], 0x1234u);
        EXPECT_FALSE(smp.v[3].sleep);
        EXPECT_EQ(smp.v[3].pmr, 0u);
        EXPECT_EQ(smp.v[3].igrpen1, 0u);
        EXPECT_EQ(smp.v[3].bpr1, 3u);
        EXPECT_TRUE(g.gic.is_pending(0, vtimer_ppi));
        EXPECT_FALSE(g.gic.irq(0).read()); // Group 1 disabled at the CPU interface
    });
}

// Standby/retention keeps the core's context, the CPU interface included; the
// wake-up is the CPU interface's IRQ (the redistributor stays awake).
TEST(PsciController, StandbyKeepsTheGicCpuInterface)
{
    run_sim([] {
        rig r(1);
        gic_rig g(r);
        std::vector<uint32_t> p;
        program_cpu_interface(p);
        mov32(p, 0, 0xC4000001u);
        p.push_back(movz(1, 0x0001)); // standby
        p.push_back(movz(2, 0));
        p.push_back(movz(3, 0));
        p.push_back(smc0);
        p.push_back(b_self);
        r.load(ram_base, p);
        cpuif_sampler smp("smp", g, 0, {us(50), us(300)});
        ppi_driver ppi("ppi", g.gic, 0, vtimer_ppi, us(100));
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(400));

        ASSERT_EQ(r.ctrl->calls().size(), 1u);
        EXPECT_EQ(r.ctrl->core_domain(0).entries(power_state::retention), 1u);
        EXPECT_EQ(r.ctrl->calls()[0].exit_latency_ps, (int64_t)time_to_ps(us(40)));
        a64_state *s = a64_core_state(r.cores[0]->iss());
        EXPECT_EQ(s->x[0], 0u);
        EXPECT_EQ(s->pc, ram_base + 4 * (p.size() - 1));
        ASSERT_EQ(smp.v.size(), 2u);
        for (const cpuif_sample &x : smp.v) {
            EXPECT_FALSE(x.sleep);
            EXPECT_EQ(x.pmr, 0xF0u);
            EXPECT_EQ(x.bpr1, 5u);
            EXPECT_EQ(x.igrpen1, 1u);
        }
        EXPECT_TRUE(g.gic.irq(0).read()); // still signalled: the guest never acknowledged
    });
}

// CPU_OFF powers the core down like a power-down suspend: asleep and CPU interface
// lost while OFF; CPU_ON wakes the redistributor before the first instruction.
TEST(PsciController, CpuOffLosesTheGicCpuInterfaceCpuOnWakesTheRedistributor)
{
    run_sim([] {
        rig r(2);
        std::vector<uint32_t> p0;
        mov32(p0, 0, 0xC4000003u); // CPU_ON core 1 at 0x40002000
        p0.push_back(movz(1, 1));
        mov32(p0, 2, 0x40002000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        mov32(p0, 5, 400000); // ~0.8 ms at 1 GHz: core 1 is OFF by then
        p0.push_back(subs_x5_1);
        p0.push_back(bne_back1);
        mov32(p0, 0, 0xC4000003u); // CPU_ON core 1 at 0x40003000
        p0.push_back(movz(1, 1));
        mov32(p0, 2, 0x40003000u);
        p0.push_back(movz(3, 0));
        p0.push_back(smc0);
        p0.push_back(b_self);
        r.load(ram_base, p0);
        std::vector<uint32_t> p1;
        program_cpu_interface(p1);
        mov32(p1, 0, 0x84000002u); // CPU_OFF
        p1.push_back(smc0);
        p1.push_back(b_self);
        r.load(0x40002000, p1);
        r.load(0x40003000, {b_self});
        gic_rig g(r);
        settle_log core1;
        core1.attach(r.ctrl->core_domain(1));
        cpuif_sampler smp("smp", g, 1, {us(700)});
        r.cores[0]->cold_start(ram_base, 2, 0);
        sc_core::sc_start(us(3000));

        ASSERT_EQ(r.ctrl->calls().size(), 3u);
        EXPECT_EQ(r.ctrl->calls()[1].core, 1u);
        EXPECT_EQ(r.ctrl->calls()[1].function_id, 0x84000002u);
        sc_time off = core1.first(power_state::off);
        ASSERT_NE(off, sc_core::SC_ZERO_TIME);
        ASSERT_LT(off, us(700));
        ASSERT_GT(r.ctrl->calls()[2].time, us(700));
        ASSERT_EQ(smp.v.size(), 1u);
        EXPECT_TRUE(smp.v[0].sleep);
        EXPECT_EQ(smp.v[0].pmr, 0u);
        EXPECT_EQ(smp.v[0].igrpen1, 0u);
        EXPECT_EQ(a64_core_state(r.cores[1]->iss())->pc, 0x40003000u);
        EXPECT_FALSE(g.gic.processor_sleep(1));
        EXPECT_EQ(g.icc(1, ICC_PMR), 0u);
    });
}

PSCISIM_SC_TEST_MAIN()
