// The FVP Base peripherals (models/fvp): the values Trusted Firmware-A checks, the
// register semantics its drivers rely on, and the timed behaviour of the counter
// frame and the SP805.
#include "harness.h"

#include "pscisim/console.h"
#include "pscisim/device.h"

#include <sstream>
#include <vector>

#include "pscisim/fvp/cci400.h"
#include "pscisim/fvp/counter_time.h"
#include "pscisim/fvp/fvp_pwrc.h"
#include "pscisim/fvp/fvp_sequencer.h"
#include "pscisim/fvp/nor_flash.h"
#include "pscisim/fvp/sp805.h"
#include "pscisim/fvp/sys_counter.h"
#include "pscisim/fvp/tzc400.h"
#include "pscisim/fvp/v2m_sysregs.h"
#include "pscisim/generic_timer.h"
#include "pscisim/guest_log.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

// ---------------------------------------------------------------- V2M sysregs

namespace
{
struct v2m_bench {
    v2m_sysregs regs{"v2m"};
    initiator cpu{"cpu"};
    std::vector<v2m_sysregs::platform_event> events;
    v2m_bench()
    {
        cpu.out.bind(regs.socket);
        regs.on_event = [this](v2m_sysregs::platform_event e) { events.push_back(e); };
        elaborate();
    }
};
} // namespace

// fvp_common.c fvp_config_setup(): ARCH 1 (model), BLD 1 (A53/A57 GIC map), HBI
// 0x020 (Base FVP), REV 0 (the CCI-400 Base FVP).
TEST(V2mSysregs, SysIdIsTheBaseFvpTfaAccepts)
{
    v2m_bench b;
    uint32_t id = b.cpu.read32(v2m_sysregs::SYS_ID);
    EXPECT_EQ((id >> 8) & 0xF, 1u);
    EXPECT_EQ((id >> 12) & 0xF, 1u);
    EXPECT_EQ((id >> 16) & 0xFFF, 0x020u);
    EXPECT_EQ((id >> 28) & 0xF, 0u);
    b.cpu.write32(v2m_sysregs::SYS_ID, 0);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_ID), id);
}

TEST(V2mSysregs, FlagsSetAndClearNvFlagsSurviveReset)
{
    v2m_bench b;
    b.cpu.write32(v2m_sysregs::SYS_FLAGS, 0x5);
    b.cpu.write32(v2m_sysregs::SYS_FLAGS, 0x2);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_FLAGS), 0x7u);
    b.cpu.write32(v2m_sysregs::SYS_FLAGSCLR, 0x1);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_FLAGS), 0x6u);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_FLAGSCLR), 0u); // write-only
    b.cpu.write32(v2m_sysregs::SYS_NVFLAGS, 0x30);
    b.cpu.write32(v2m_sysregs::SYS_NVFLAGSCLR, 0x10);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_NVFLAGS), 0x20u);
    b.regs.reset();
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_FLAGS), 0u);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_NVFLAGS), 0x20u);
}

// fvp_pm.c: START | WRITE | FUNC(SHUTDOWN or REBOOT).
TEST(V2mSysregs, CfgctrlShutdownAndRebootArePlatformEvents)
{
    v2m_bench b;
    b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0800000u);
    ASSERT_EQ(b.events.size(), 1u);
    EXPECT_EQ(b.events[0], v2m_sysregs::platform_event::shutdown);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGCTRL), 0x40800000u); // START cleared
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGSTAT), v2m_sysregs::CFGSTAT_COMPLETE);
    b.cpu.write32(v2m_sysregs::SYS_CFGSTAT, 0);
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGSTAT), 0u);
    b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0900000u);
    ASSERT_EQ(b.events.size(), 2u);
    EXPECT_EQ(b.events[1], v2m_sysregs::platform_event::reboot);
}

TEST(V2mSysregs, OtherConfigFunctionsReportAnErrorAndRaiseNothing)
{
    v2m_bench b;
    b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0x40800000u); // no START: nothing happens
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGSTAT), 0u);
    b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0x80800000u); // a read of "shutdown"
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGSTAT),
              v2m_sysregs::CFGSTAT_COMPLETE | v2m_sysregs::CFGSTAT_ERROR);
    b.cpu.write32(v2m_sysregs::SYS_CFGSTAT, 0);
    b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0100000u); // oscillator: not modelled
    EXPECT_EQ(b.cpu.read32(v2m_sysregs::SYS_CFGSTAT),
              v2m_sysregs::CFGSTAT_COMPLETE | v2m_sysregs::CFGSTAT_ERROR);
    EXPECT_TRUE(b.events.empty());
}

// ---------------------------------------------------------------- FVP pwrc

namespace
{
struct fake_domains : fvp_pwrc_backend {
    std::vector<bool> core, cluster;
    std::vector<unsigned> power_on_calls;
    bool core_on(unsigned c) const override { return core.at(c); }
    bool cluster_on(unsigned c) const override { return cluster.at(c); }
    void power_on(unsigned c) override { power_on_calls.push_back(c); }
};

struct pwrc_bench {
    // 2 clusters x 2 cores: MPIDRs 0x80000000, 0x80000001, 0x80000100, 0x80000101.
    fvp_pwrc pwrc{"pwrc", {0x80000000, 0x80000001, 0x80000100, 0x80000101}};
    fake_domains dom;
    initiator cpu{"cpu"};
    pwrc_bench()
    {
        dom.core = {true, true, false, false};
        dom.cluster = {true, false};
        pwrc.attach(dom);
        cpu.out.bind(pwrc.socket);
        elaborate();
    }
    uint32_t psysr(uint32_t mpidr)
    {
        cpu.write32(fvp_pwrc::PSYSR, mpidr);
        return cpu.read32(fvp_pwrc::PSYSR);
    }
};
} // namespace

TEST(FvpPwrc, PsysrOfAnAbsentMpidrIsAllOnes)
{
    pwrc_bench b;
    EXPECT_EQ(b.psysr(0x0F0F), fvp_pwrc::PSYSR_INVALID);
    EXPECT_EQ(b.psysr(0x00000200), fvp_pwrc::PSYSR_INVALID); // cluster 2
    EXPECT_EQ(b.psysr(0x00000002), fvp_pwrc::PSYSR_INVALID); // core 2 of cluster 0
    // TF-A writes the MPIDR as read (bit 31 set) or as affinities only: both name it.
    EXPECT_NE(b.psysr(0x80000101), fvp_pwrc::PSYSR_INVALID);
    EXPECT_NE(b.psysr(0x00000101), fvp_pwrc::PSYSR_INVALID);
}

TEST(FvpPwrc, PsysrAffinityFieldsFollowTheDomains)
{
    pwrc_bench b;
    using P = fvp_pwrc;
    EXPECT_EQ(b.psysr(0x0), P::PSYSR_AFF_L2 | P::PSYSR_AFF_L1 | P::PSYSR_AFF_L0);
    EXPECT_EQ(b.psysr(0x100), 0u); // cluster 1 off, cold reason 0
    b.dom.cluster[1] = true;
    b.dom.core[3] = true;
    EXPECT_EQ(b.psysr(0x101), P::PSYSR_AFF_L2 | P::PSYSR_AFF_L1 | P::PSYSR_AFF_L0);
    EXPECT_EQ(b.psysr(0x100), P::PSYSR_AFF_L2 | P::PSYSR_AFF_L1);
}

// A core armed by PPOFFR powers off at its next WFI; PP clears when it is off.
TEST(FvpPwrc, PpoffrArmsTheCoreForItsNextWfi)
{
    pwrc_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000001);
    EXPECT_TRUE(b.psysr(0x1) & fvp_pwrc::PSYSR_PP);
    EXPECT_FALSE(b.psysr(0x0) & fvp_pwrc::PSYSR_PP);
    EXPECT_TRUE(b.pwrc.wfi_power_off(1));
    EXPECT_FALSE(b.pwrc.wfi_power_off(0));
    b.dom.core[1] = false;
    EXPECT_FALSE(b.pwrc.core_powered_off(1)); // cluster not armed
    EXPECT_FALSE(b.psysr(0x1) & fvp_pwrc::PSYSR_PP);
    EXPECT_EQ(b.cpu.read32(fvp_pwrc::PPOFFR), 0u); // write-only
}

// PCOFFR arms the cluster: it goes when its last core is off.
TEST(FvpPwrc, PcoffrTakesTheClusterWhenItsLastCoreIsOff)
{
    pwrc_bench b;
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000000);
    EXPECT_TRUE(b.psysr(0x0) & fvp_pwrc::PSYSR_PC);
    EXPECT_TRUE(b.psysr(0x1) & fvp_pwrc::PSYSR_PC); // the cluster's flag
    EXPECT_FALSE(b.psysr(0x100) & fvp_pwrc::PSYSR_PC);
    b.dom.core[0] = false;
    EXPECT_FALSE(b.pwrc.core_powered_off(0)); // core 1 still on
    b.dom.core[1] = false;
    EXPECT_TRUE(b.pwrc.core_powered_off(1));
    b.pwrc.cluster_powered_off(0);
    EXPECT_FALSE(b.psysr(0x0) & fvp_pwrc::PSYSR_PC);
}

// PPONR cancels pending power-offs and asks the sequencer to power an off core up;
// the wake reason is what powered_up() says.
TEST(FvpPwrc, PponrPowersAnOffCoreUp)
{
    pwrc_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000100);
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000100);
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000100);
    EXPECT_EQ(b.dom.power_on_calls, std::vector<unsigned>{2});
    uint32_t s = b.psysr(0x100);
    EXPECT_FALSE(s & (fvp_pwrc::PSYSR_PP | fvp_pwrc::PSYSR_PC));
    b.pwrc.powered_up(2, fvp_pwrc::WKUP_PPONR);
    EXPECT_EQ((b.psysr(0x100) >> fvp_pwrc::PSYSR_WK_SHIFT) & 3, 2u);
    b.pwrc.powered_up(2, fvp_pwrc::WKUP_GICREQ);
    EXPECT_EQ((b.psysr(0x100) >> fvp_pwrc::PSYSR_WK_SHIFT) & 3, 3u);
    // Every PPONR of a core goes to the sequencer, which leaves an ON core alone
    // (FvpSequencer.PponrPowersClusterThenCoreThenWarmResets) and brings back one that
    // is powering down (FvpSequencer.PponrDuringPowerDownIsQueued).
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000000);
    EXPECT_EQ(b.dom.power_on_calls, (std::vector<unsigned>{2, 0}));
    // An absent MPIDR does nothing.
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000F00);
    EXPECT_EQ(b.dom.power_on_calls.size(), 2u);
}

TEST(FvpPwrc, PwkuprSetsAndClearsTheCoresWakeEnable)
{
    pwrc_bench b;
    b.cpu.write32(fvp_pwrc::PWKUPR, 0x80000101u | fvp_pwrc::PWKUPR_WEN);
    EXPECT_TRUE(b.psysr(0x101) & fvp_pwrc::PSYSR_WEN);
    EXPECT_TRUE(b.pwrc.wake_enabled(3));
    EXPECT_FALSE(b.pwrc.wake_enabled(2));
    EXPECT_EQ(b.cpu.read32(fvp_pwrc::PWKUPR), 0x80000101u | fvp_pwrc::PWKUPR_WEN);
    b.cpu.write32(fvp_pwrc::PWKUPR, 0x00000101u);
    EXPECT_FALSE(b.psysr(0x101) & fvp_pwrc::PSYSR_WEN);
    b.cpu.write32(fvp_pwrc::PWKUPR, 0x00000001u | fvp_pwrc::PWKUPR_WEN);
    b.pwrc.reset(fvp_pwrc::WKUP_RESET);
    EXPECT_FALSE(b.pwrc.wake_enabled(1));
    EXPECT_EQ((b.psysr(0x1) >> fvp_pwrc::PSYSR_WK_SHIFT) & 3, 1u);
}

// ---------------------------------------------------------------- FVP pwrc sequencer

namespace
{
// 2 clusters x 2 cores on the timed domains; the cores are recorders of what the
// sequencer does to them.
struct seq_bench {
    struct port : fvp_power_sequencer::core_port {
        std::vector<std::pair<char, sc_time>> log; // 'd' stopped, 'r' warm reset
        void power_off() override { log.emplace_back('d', sc_time_stamp()); }
        void warm_reset() override { log.emplace_back('r', sc_time_stamp()); }
    };
    fvp_pwrc pwrc{"pwrc", {0x80000000, 0x80000001, 0x80000100, 0x80000101}};
    power_domain sys{"system", domain_level::system, nullptr, power_state::off};
    power_domain cl0{"cluster0", domain_level::cluster, &sys, power_state::off};
    power_domain cl1{"cluster1", domain_level::cluster, &sys, power_state::off};
    power_domain c00{"c00", domain_level::core, &cl0, power_state::off};
    power_domain c01{"c01", domain_level::core, &cl0, power_state::off};
    power_domain c10{"c10", domain_level::core, &cl1, power_state::off};
    power_domain c11{"c11", domain_level::core, &cl1, power_state::off};
    clock_enable clocks[4] = {{"k0", false}, {"k1", false}, {"k2", false}, {"k3", false}};
    port ports[4];
    // Power-down 45 us / 505 us, power-up 110 us / 1010 us (the fvp preset's entry/exit
    // latencies plus ramps).
    fvp_power_sequencer seq;
    initiator cpu{"cpu"};
    std::vector<std::pair<std::string, sc_time>> events;
    bool gic_wake = false;

    static fvp_power_sequencer::domains doms(seq_bench &b)
    {
        fvp_power_sequencer::domains d;
        d.system = &b.sys;
        d.clusters = {&b.cl0, &b.cl1};
        d.cores = {&b.c00, &b.c01, &b.c10, &b.c11};
        for (auto &k : b.clocks)
            d.clocks.push_back(&k);
        d.cluster_of = {0, 0, 1, 1};
        return d;
    }
    seq_bench()
        : seq(pwrc, doms(*this), {&ports[0], &ports[1], &ports[2], &ports[3]},
              {us(45), us(505), us(110), us(1010)})
    {
        pwrc.attach(seq);
        cpu.out.bind(pwrc.socket);
        auto note = [this](const char *what) {
            return [this, what](unsigned c) {
                events.emplace_back(std::string(what) + std::to_string(c), sc_time_stamp());
            };
        };
        seq.on_power_down_start = note("down");
        seq.on_core_off = note("off");
        seq.on_powered_up = note("up");
        seq.wake_request_raised = [this](unsigned) { return gic_wake; };
        elaborate();
        seq.cold_boot();
    }
    uint32_t psysr(uint32_t mpidr)
    {
        cpu.write32(fvp_pwrc::PSYSR, mpidr);
        return cpu.read32(fvp_pwrc::PSYSR);
    }
    unsigned wk(uint32_t mpidr) { return (psysr(mpidr) >> fvp_pwrc::PSYSR_WK_SHIFT) & 3; }
    bool has(const std::string &e, sc_time t) const
    {
        for (const auto &x : events)
            if (x.first == e && x.second == t) return true;
        return false;
    }
};
constexpr uint32_t L0 = fvp_pwrc::PSYSR_AFF_L0, L1 = fvp_pwrc::PSYSR_AFF_L1,
                   L2 = fvp_pwrc::PSYSR_AFF_L2, PP = fvp_pwrc::PSYSR_PP, PC = fvp_pwrc::PSYSR_PC;
} // namespace

// Cold reset: every domain on, every clock running, nothing armed, WK = cold.
TEST(FvpSequencer, ColdBootPowersEverythingOn)
{
    seq_bench b;
    for (uint32_t m : {0x0u, 0x1u, 0x100u, 0x101u}) {
        EXPECT_EQ(b.psysr(m), L2 | L1 | L0) << m;
        EXPECT_EQ(b.wk(m), unsigned(fvp_pwrc::WKUP_COLD));
    }
    for (auto &k : b.clocks)
        EXPECT_TRUE(k.enabled());
}

// WFI without PPOFFR is an ordinary WFI: the sequencer leaves the core alone.
TEST(FvpSequencer, WfiOfAnUnarmedCoreDoesNothing)
{
    seq_bench b;
    EXPECT_FALSE(b.seq.wfi(1));
    run_until(us(1000));
    EXPECT_TRUE(b.ports[1].log.empty());
    EXPECT_TRUE(b.clocks[1].enabled());
    EXPECT_EQ(b.psysr(0x1), L2 | L1 | L0);
}

// PPOFFR + WFI: the core stops at its WFI and is OFF 45 us later; PP and AFF_L0 stay
// set until then. The cluster (not armed) stays on.
TEST(FvpSequencer, PpoffrArmedWfiPowersTheCoreOffOverItsLatency)
{
    seq_bench b;
    run_until(us(10));
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000001);
    EXPECT_TRUE(b.seq.wfi(1));
    EXPECT_FALSE(b.clocks[1].enabled());
    ASSERT_EQ(b.ports[1].log.size(), 1u);
    EXPECT_EQ(b.ports[1].log[0], std::make_pair('d', us(10)));
    EXPECT_TRUE(b.has("down1", us(10)));
    run_until(us(55) - sc_time(1, SC_PS));
    EXPECT_EQ(b.psysr(0x1), L2 | L1 | L0 | PP);
    run_until(us(55));
    EXPECT_EQ(b.psysr(0x1), L2 | L1);
    EXPECT_TRUE(b.has("off1", us(55)));
    run_until(us(2000));
    EXPECT_EQ(b.psysr(0x0), L2 | L1 | L0);
    EXPECT_EQ(b.cl0.state(), power_state::on);
}

// PCOFFR: the cluster goes OFF (505 us) only after its last core is OFF; PC clears then.
TEST(FvpSequencer, PcoffrClusterGoesOffAfterItsLastCore)
{
    seq_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000100);
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000100);
    EXPECT_TRUE(b.seq.wfi(2));
    run_until(us(100));
    EXPECT_EQ(b.psysr(0x100), L2 | L1 | PC); // core off, cluster still on: core 3 runs
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000101);
    EXPECT_TRUE(b.seq.wfi(3));
    run_until(us(145));
    EXPECT_EQ(b.psysr(0x101), L2 | L1 | PC); // core 3 off, the cluster starts going
    EXPECT_TRUE(b.cl1.in_transition());
    run_until(us(650) - sc_time(1, SC_PS));
    EXPECT_EQ(b.psysr(0x101) & (L1 | PC), L1 | PC);
    run_until(us(650));
    EXPECT_EQ(b.psysr(0x101), 0u); // cluster off; the system stays on for cluster 0
    EXPECT_EQ(b.psysr(0x0), L2 | L1 | L0);
}

// PPONR of a core in an OFF cluster: the cluster comes up over 1010 us, then the core
// over 110 us; then it is warm-reset (its first instruction) with WK = PPONR.
TEST(FvpSequencer, PponrPowersClusterThenCoreThenWarmResets)
{
    seq_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000100);
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000101);
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000100);
    b.seq.wfi(2);
    b.seq.wfi(3);
    run_until(us(1000)); // 45 + 505: all off
    ASSERT_EQ(b.psysr(0x100), 0u);
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000101);
    run_until(us(2010) - sc_time(1, SC_PS));
    EXPECT_EQ(b.psysr(0x101), 0u);
    run_until(us(2010));
    EXPECT_EQ(b.psysr(0x101), L2 | L1); // cluster on, core coming up
    run_until(us(2120) - sc_time(1, SC_PS));
    EXPECT_EQ(b.ports[3].log.size(), 1u);
    run_until(us(2120));
    ASSERT_EQ(b.ports[3].log.size(), 2u);
    EXPECT_EQ(b.ports[3].log[1], std::make_pair('r', us(2120)));
    EXPECT_TRUE(b.has("up3", us(2120)));
    EXPECT_TRUE(b.clocks[3].enabled());
    EXPECT_EQ(b.psysr(0x101), L2 | L1 | L0 | (fvp_pwrc::WKUP_PPONR << fvp_pwrc::PSYSR_WK_SHIFT));
    EXPECT_EQ(b.psysr(0x100), L2 | L1); // only the named core
    // PPONR of a core that is on does nothing.
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000101);
    run_until(us(3000));
    EXPECT_EQ(b.ports[3].log.size(), 2u);
}

// A GIC wake request powers an OFF core up only with PWKUPR.WEN, with WK = GICREQ.
TEST(FvpSequencer, GicWakeRequestNeedsWen)
{
    seq_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000001);
    b.seq.wfi(1);
    run_until(us(100));
    b.seq.wake_request(1); // WEN clear: ignored
    run_until(us(500));
    EXPECT_EQ(b.psysr(0x1), L2 | L1);
    b.cpu.write32(fvp_pwrc::PWKUPR, 0x80000001u | fvp_pwrc::PWKUPR_WEN);
    b.seq.wake_request(1);
    run_until(us(610));
    ASSERT_EQ(b.ports[1].log.size(), 2u);
    EXPECT_EQ(b.ports[1].log[1], std::make_pair('r', us(610)));
    EXPECT_EQ(b.psysr(0x1), L2 | L1 | L0 | fvp_pwrc::PSYSR_WEN |
                                (fvp_pwrc::WKUP_GICREQ << fvp_pwrc::PSYSR_WK_SHIFT));
    // A wake request for a core that is on does nothing.
    b.seq.wake_request(1);
    run_until(us(1000));
    EXPECT_EQ(b.ports[1].log.size(), 2u);
}

// A wake request raised while the core was still powering down is honoured when it
// reaches OFF; its armed cluster then stays on.
TEST(FvpSequencer, WakeDuringPowerDownBringsTheCoreBackAndKeepsTheCluster)
{
    seq_bench b;
    b.cpu.write32(fvp_pwrc::PWKUPR, 0x80000101u | fvp_pwrc::PWKUPR_WEN);
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000100);
    b.seq.wfi(2);
    run_until(us(50));
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000101);
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000101);
    b.seq.wfi(3); // off at 95 us
    run_until(us(60));
    b.gic_wake = true;
    b.seq.wake_request(3); // still powering down: nothing yet
    run_until(us(95));
    EXPECT_FALSE(b.cl1.in_transition());
    run_until(us(205));
    ASSERT_EQ(b.ports[3].log.size(), 2u);
    EXPECT_EQ(b.ports[3].log[1], std::make_pair('r', us(205)));
    EXPECT_EQ(b.cl1.state(), power_state::on);
    EXPECT_EQ(b.wk(0x101), unsigned(fvp_pwrc::WKUP_GICREQ));
}

// PPONR during the power-down waits for it, then brings the core back; the armed
// cluster does not go off under it.
TEST(FvpSequencer, PponrDuringPowerDownIsQueued)
{
    seq_bench b;
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000001);
    b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000000);
    b.seq.wfi(0);
    b.cpu.write32(fvp_pwrc::PCOFFR, 0x80000001);
    b.seq.wfi(1);
    run_until(us(20));
    b.cpu.write32(fvp_pwrc::PPONR, 0x80000001);
    EXPECT_FALSE(b.psysr(0x1) & (PP | PC)); // PPONR cancels both
    run_until(us(155));                     // off at 45, back on at 45 + 110
    ASSERT_EQ(b.ports[1].log.size(), 2u);
    EXPECT_EQ(b.ports[1].log[1], std::make_pair('r', us(155)));
    run_until(us(2000));
    EXPECT_EQ(b.cl0.state(), power_state::on);
    EXPECT_EQ(b.psysr(0x0), L2 | L1);
}

// ---------------------------------------------------------------- CCI-400

TEST(Cci400, PartNumberIsCci400)
{
    cci400 cci("cci");
    initiator cpu("cpu");
    cpu.out.bind(cci.socket);
    elaborate();
    // cci.c read_cci_part_number()
    uint32_t part = (cpu.read32(cci400::PERIPHERAL_ID0) & 0xFF) |
                    ((cpu.read32(cci400::PERIPHERAL_ID0 + 4) & 0xF) << 8);
    EXPECT_EQ(part, 0x420u);
    EXPECT_EQ(cpu.read32(cci400::COMPONENT_ID0 + 12), 0xB1u);
}

TEST(Cci400, SnoopAndDvmEnablesPerSlaveInterface)
{
    cci400 cci("cci");
    initiator cpu("cpu");
    cpu.out.bind(cci.socket);
    elaborate();
    auto snoop = [](unsigned s) { return cci400::SLAVE_BASE + s * cci400::SLAVE_STRIDE; };
    // The clusters' ACE ports (3, 4): both enables, with the support bits.
    EXPECT_EQ(cpu.read32(snoop(3)), cci400::SUPPORT_SNOOPS | cci400::SUPPORT_DVM);
    cpu.write32(snoop(3), cci400::SNOOP_EN | cci400::DVM_EN);
    EXPECT_EQ(cpu.read32(snoop(3)),
              cci400::SUPPORT_SNOOPS | cci400::SUPPORT_DVM | cci400::SNOOP_EN | cci400::DVM_EN);
    EXPECT_TRUE(cci.snoops_enabled(3) && cci.dvm_enabled(3));
    EXPECT_FALSE(cci.snoops_enabled(4));
    // The change is immediate: nothing pending.
    EXPECT_EQ(cpu.read32(cci400::STATUS) & 1, 0u);
    // ACE-Lite ports: S2 has DVM only, S0 nothing.
    cpu.write32(snoop(2), 3);
    EXPECT_EQ(cpu.read32(snoop(2)), cci400::SUPPORT_DVM | cci400::DVM_EN);
    cpu.write32(snoop(0), 3);
    EXPECT_EQ(cpu.read32(snoop(0)), 0u);
    cpu.write32(snoop(3), 0);
    EXPECT_FALSE(cci.snoops_enabled(3));
    cpu.write32(snoop(4), 3);
    cci.reset();
    EXPECT_FALSE(cci.snoops_enabled(4));
}

// ---------------------------------------------------------------- TZC-400

TEST(Tzc400, IdAndBuildConfig)
{
    tzc400 tzc("tzc");
    initiator cpu("cpu");
    cpu.out.bind(tzc.socket);
    elaborate();
    uint32_t pid = (cpu.read32(tzc400::PID0) & 0xFF) | ((cpu.read32(tzc400::PID0 + 4) & 0xF) << 8);
    EXPECT_EQ(pid, 0x460u); // TZC_400_PERIPHERAL_ID
    uint32_t bc = cpu.read32(tzc400::BUILD_CONFIG);
    EXPECT_EQ(((bc >> 24) & 0x3) + 1, 4u);  // filters
    EXPECT_EQ(((bc >> 8) & 0x3F) + 1, 64u); // address width
    EXPECT_EQ((bc & 0x1F) + 1, 9u);         // regions
}

// tzc400.c polls the open status after requesting filters open or closed.
TEST(Tzc400, GateKeeperStatusFollowsTheRequest)
{
    tzc400 tzc("tzc");
    initiator cpu("cpu");
    cpu.out.bind(tzc.socket);
    elaborate();
    cpu.write32(tzc400::GATE_KEEPER, 0x1);
    EXPECT_EQ(cpu.read32(tzc400::GATE_KEEPER), 0x00010001u);
    EXPECT_EQ(tzc.open_filters(), 1u);
    cpu.write32(tzc400::GATE_KEEPER, 0xF);
    EXPECT_EQ(cpu.read32(tzc400::GATE_KEEPER), 0x000F000Fu);
    cpu.write32(tzc400::GATE_KEEPER, 0x0);
    EXPECT_EQ(cpu.read32(tzc400::GATE_KEEPER), 0u);
    cpu.write32(tzc400::ACTION, 0xFFFFFFFF);
    EXPECT_EQ(cpu.read32(tzc400::ACTION), 3u);
}

TEST(Tzc400, RegionsAreStoredAndReadBack)
{
    tzc400 tzc("tzc");
    initiator cpu("cpu");
    cpu.out.bind(tzc.socket);
    elaborate();
    const uint64_t r1 = tzc400::REGION_BASE + tzc400::REGION_STRIDE;
    cpu.write32(r1 + tzc400::R_BASE_LOW, 0x80000123);
    cpu.write32(r1 + tzc400::R_BASE_HIGH, 0x8);
    cpu.write32(r1 + tzc400::R_TOP_LOW, 0xFFFFF000);
    cpu.write32(r1 + tzc400::R_TOP_HIGH, 0xFFFFFFFF);
    cpu.write32(r1 + tzc400::R_ATTRIBUTES, 0xFFFFFFFF);
    cpu.write32(r1 + tzc400::R_ID_ACCESS, 0x02000200);
    EXPECT_EQ(cpu.read32(r1 + tzc400::R_BASE_LOW), 0x80000000u); // 4 KiB aligned
    EXPECT_EQ(cpu.read32(r1 + tzc400::R_TOP_LOW), 0xFFFFFFFFu);  // low 12 bits read as ones
    EXPECT_EQ(cpu.read32(r1 + tzc400::R_TOP_HIGH), 0xFFFFFFFFu); // 64-bit addresses
    EXPECT_EQ(cpu.read32(r1 + tzc400::R_ATTRIBUTES), 0xC000000Fu);
    tzc400::region r = tzc.get_region(1);
    EXPECT_EQ(r.base, 0x880000000ull);
    EXPECT_EQ(r.top, ~0ull);
    EXPECT_EQ(r.id_access, 0x02000200u);
    // Region 0 is the whole space; only its security and ID access are programmable.
    const uint64_t r0 = tzc400::REGION_BASE;
    cpu.write32(r0 + tzc400::R_BASE_LOW, 0x1000);
    EXPECT_EQ(cpu.read32(r0 + tzc400::R_BASE_LOW), 0u);
    EXPECT_EQ(tzc.get_region(0).top, ~0ull);
    cpu.write32(r0 + tzc400::R_ATTRIBUTES, 0x40000000);
    EXPECT_EQ(cpu.read32(r0 + tzc400::R_ATTRIBUTES), 0x4000000Fu);
    tzc.reset();
    EXPECT_EQ(tzc.get_region(1).base, 0u);
}

namespace
{
// The TZC as TF-A 2.8's arm_tzc400_setup() leaves it on the FVP
// (plat/arm/common/arm_tzc400.c with fvp_security.c's regions, no SPM/RME):
// region 0 no access; 1: the Secure DRAM carve-out 0xFF000000-0xFFFFFFFF, Secure
// RW; 2: Non-secure DRAM1 0x80000000-0xFEFFFFFF and 3: DRAM2, both Non-secure RW
// for NSAIDs 0, 1, 8, 9, 15 and no Secure access; action "error"; filter 0 open.
struct tzc_bench {
    tzc400 tzc{"tzc"};
    initiator cpu{"cpu"};
    unsigned changes = 0;
    static constexpr uint32_t ns_dev_access = 0x83038303u; // RDWR for NSAIDs 0, 1, 8, 9, 15
    tzc_bench()
    {
        cpu.out.bind(tzc.socket);
        tzc.on_change = [this] { ++changes; };
        elaborate();
    }
    void region(unsigned n, uint64_t base, uint64_t top, uint32_t sec, uint32_t id)
    {
        const uint64_t r = tzc400::REGION_BASE + n * tzc400::REGION_STRIDE;
        cpu.write32(r + tzc400::R_BASE_LOW, uint32_t(base));
        cpu.write32(r + tzc400::R_BASE_HIGH, uint32_t(base >> 32));
        cpu.write32(r + tzc400::R_TOP_LOW, uint32_t(top));
        cpu.write32(r + tzc400::R_TOP_HIGH, uint32_t(top >> 32));
        cpu.write32(r + tzc400::R_ID_ACCESS, id);
        cpu.write32(r + tzc400::R_ATTRIBUTES, (sec << 30) | 1u); // filter 0
    }
    void program_as_tfa()
    {
        cpu.write32(tzc400::GATE_KEEPER, 0); // tzc400_disable_filters()
        cpu.write32(tzc400::REGION_BASE + tzc400::R_ATTRIBUTES, 0);
        cpu.write32(tzc400::REGION_BASE + tzc400::R_ID_ACCESS, 0);
        region(1, 0xFF000000, 0xFFFFFFFF, 3, 0);
        region(2, 0x80000000, 0xFEFFFFFF, 0, ns_dev_access);
        region(3, 0x880000000, 0xFFFFFFFFF, 0, ns_dev_access);
        cpu.write32(tzc400::ACTION, 1);      // TZC_ACTION_ERR
        cpu.write32(tzc400::GATE_KEEPER, 1); // tzc400_enable_filters(): filter 0
    }
    filter_verdict sec(uint64_t a, bool w = false) { return tzc.check(0, a, false, w, 0); }
    filter_verdict ns(uint64_t a, bool w = false, unsigned id = tzc400::fvp_ap_nsaid)
    {
        return tzc.check(0, a, true, w, id);
    }
};
constexpr filter_verdict ALLOW = filter_verdict::allow, ERROR = filter_verdict::error,
                         RAZ_WI = filter_verdict::raz_wi;
} // namespace

TEST(Tzc400, FiltersWhatTfaProgramsOnTheFvp)
{
    tzc_bench b;
    // Before the gates open nothing is filtered
    EXPECT_EQ(b.ns(0xFF000000), ALLOW);
    b.program_as_tfa();
    EXPECT_GT(b.changes, 0u);
    // Non-secure DRAM: the cores' Non-secure accesses (NSAID 9), not Secure ones
    EXPECT_EQ(b.ns(0x80000000), ALLOW);
    EXPECT_EQ(b.ns(0xFEFFF008, true), ALLOW);
    EXPECT_EQ(b.ns(0x880001000, true), ALLOW);
    EXPECT_EQ(b.sec(0x80000000), ERROR);
    // an NSAID TF-A does not enable
    EXPECT_EQ(b.ns(0x80000000, false, 3), ERROR);
    // the Secure carve-out: Secure only
    EXPECT_EQ(b.sec(0xFF000000), ALLOW);
    EXPECT_EQ(b.sec(0xFFFFFFF8, true), ALLOW);
    EXPECT_EQ(b.ns(0xFF000000), ERROR);
    EXPECT_EQ(b.ns(0xFFFFF000, true), ERROR);
    // outside every region: region 0, no access
    EXPECT_EQ(b.sec(0x40000000), ERROR);
    EXPECT_EQ(b.ns(0x40000000), ERROR);
    // a filter that guards nothing here passes everything
    EXPECT_EQ(b.tzc.check(1, 0xFF000000, true, false, 9), ALLOW);
}

TEST(Tzc400, FailureRegistersAndInterruptStatus)
{
    tzc_bench b;
    b.program_as_tfa();
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS), 0u);
    EXPECT_EQ(b.ns(0x1FF001234ull, true), ERROR); // beyond DRAM1, below DRAM2: region 0
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS), 1u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x0), 0xFF001234u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x4), 0x1u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x8),
              tzc400::FAIL_CONTROL_WRITE | tzc400::FAIL_CONTROL_NS);
    // a second failure before INT_CLEAR: overrun, the first one's details kept
    EXPECT_EQ(b.sec(0x80000000), ERROR);
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS), 0x101u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x0), 0xFF001234u);
    b.cpu.write32(tzc400::INT_CLEAR, 1);
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS), 0u);
    EXPECT_EQ(b.sec(0x80000010), ERROR);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x0), 0x80000010u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x8), 0u); // Secure read
    // a probe (the core asking ahead, no access made) records nothing
    b.cpu.write32(tzc400::INT_CLEAR, 1);
    EXPECT_EQ(b.tzc.check(0, 0x80000020, false, true, 0, true), ERROR);
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS), 0u);
    EXPECT_EQ(b.cpu.read32(tzc400::FAIL_BASE + 0x0), 0x80000010u);
}

TEST(Tzc400, ActionOkayIsRazWiAndOverlapFails)
{
    tzc_bench b;
    b.program_as_tfa();
    unsigned before = b.changes;
    b.cpu.write32(tzc400::ACTION, 0); // TZC_ACTION_NONE: OKAY response
    EXPECT_GT(b.changes, before);
    EXPECT_EQ(b.ns(0xFF000000), RAZ_WI);
    b.cpu.write32(tzc400::ACTION, 2); // interrupt only: still OKAY
    EXPECT_EQ(b.ns(0xFF000000), RAZ_WI);
    b.cpu.write32(tzc400::ACTION, 1);
    b.cpu.write32(tzc400::INT_CLEAR, 0xF);
    // region 4 overlapping region 2: an access both match fails whatever they allow
    b.region(4, 0x80000000, 0x80000FFF, 3, tzc_bench::ns_dev_access);
    EXPECT_EQ(b.ns(0x80000000), ERROR);
    EXPECT_EQ(b.sec(0x80000000), ERROR);
    EXPECT_EQ(b.cpu.read32(tzc400::INT_STATUS) & 0x10001u, 0x10001u); // status, overlap
    EXPECT_EQ(b.ns(0x80001000), ALLOW);
    // closing the gate stops the filtering; a reset forgets the programming
    b.cpu.write32(tzc400::GATE_KEEPER, 0);
    EXPECT_EQ(b.ns(0x80000000), ALLOW);
    before = b.changes;
    b.tzc.reset();
    EXPECT_GT(b.changes, before);
    b.cpu.write32(tzc400::GATE_KEEPER, 1);
    // region 0 at reset: no access; ACTION at reset: OKAY, so RAZ/WI
    EXPECT_EQ(b.sec(0x80000000), RAZ_WI);
}

// ---------------------------------------------------------------- counter

namespace
{
struct counter_bench {
    sys_counter cnt{"cnt", 100000000, 1};
    initiator control{"control"}, ctl{"ctl"}, base{"base"};
    std::vector<std::pair<sc_time, bool>> edges;
    counter_bench()
    {
        control.out.bind(cnt.control);
        ctl.out.bind(cnt.ctl);
        base.out.bind(cnt.base);
        cnt.irq.bind([this](bool v) {
            if (!edges.empty() || v) edges.emplace_back(sc_time_stamp(), v);
        });
    }
};
} // namespace

// plat_get_syscnt_freq2() reads CNTFID0 and panics on 0; CNTCV is the counter the
// cores' CNTPCT_EL0 reads.
TEST(SysCounter, FrequencyTableAndTheSharedCounter)
{
    counter_bench b;
    generic_timer t("timer", 1, 100000000);
    elaborate();
    EXPECT_EQ(b.control.read32(sys_counter::CNTFID0), 100000000u);
    EXPECT_EQ(b.control.read32(sys_counter::CNTFID1), 0u);
    b.control.write32(sys_counter::CNTCR, sys_counter::CNTCR_EN);
    EXPECT_EQ(b.control.read32(sys_counter::CNTCR), sys_counter::CNTCR_EN);
    run_until(sc_time(3333, SC_NS) + sc_time(7, SC_PS));
    EXPECT_EQ(b.control.read(sys_counter::CNTCV, 8), t.counter());
    EXPECT_EQ(b.control.read(sys_counter::CNTCV, 8), 333u);
    EXPECT_EQ(b.ctl.read32(sys_counter::CNTTIDR), 0x10u); // frame 1 implemented
}

// arm_configure_sys_timer(): CNTACR1 grants the frame's registers, CNTNSAR, and
// CNTCTLBase.CNTFRQ which the frame's CNTFRQ shows.
TEST(SysCounter, CntacrGatesTheFrame)
{
    counter_bench b;
    elaborate();
    run_until(us(1));
    b.ctl.write32(sys_counter::CTL_CNTFRQ, 100000000);
    EXPECT_EQ(b.base.read(sys_counter::CNTPCT, 8), 0u);
    EXPECT_EQ(b.base.read32(sys_counter::CNTFRQ), 0u);
    b.ctl.write32(sys_counter::CNTACR0 + 4, 0x3F);
    EXPECT_EQ(b.ctl.read32(sys_counter::CNTACR0 + 4), 0x3Fu);
    EXPECT_EQ(b.ctl.read32(sys_counter::CNTACR0), 0u); // frame 0 not implemented
    EXPECT_EQ(b.base.read(sys_counter::CNTPCT, 8), 100u);
    EXPECT_EQ(b.base.read32(sys_counter::CNTFRQ), 100000000u);
    b.ctl.write32(sys_counter::CNTNSAR, 0x2);
    EXPECT_EQ(b.ctl.read32(sys_counter::CNTNSAR), 0x2u);
}

// The frame's physical timer raises its SPI at exactly CVAL, honours IMASK, and
// TVAL counts down to it.
TEST(SysCounter, FrameTimerInterruptAtCval)
{
    counter_bench b;
    elaborate();
    b.ctl.write32(sys_counter::CNTACR0 + 4, 0x3F);
    b.base.write(sys_counter::CNTP_CVAL, 1000, 8); // 10 us at 100 MHz
    b.base.write32(sys_counter::CNTP_CTL, sys_counter::CTL_ENABLE);
    run_until(us(4));
    EXPECT_EQ(int32_t(b.base.read32(sys_counter::CNTP_TVAL)), 600);
    EXPECT_TRUE(b.edges.empty());
    run_until(us(10));
    ASSERT_EQ(b.edges.size(), 1u);
    EXPECT_EQ(b.edges[0].first, us(10));
    EXPECT_EQ(b.base.read32(sys_counter::CNTP_CTL),
              sys_counter::CTL_ENABLE | sys_counter::CTL_ISTATUS);
    b.base.write32(sys_counter::CNTP_CTL, sys_counter::CTL_ENABLE | sys_counter::CTL_IMASK);
    ASSERT_EQ(b.edges.size(), 2u);
    EXPECT_FALSE(b.edges[1].second);
    // Unmasked again: the condition still holds, the line rises at once; TVAL =
    // 500 from now (10 us) moves CVAL ahead (the line falls) and it fires at 15 us.
    b.base.write32(sys_counter::CNTP_CTL, sys_counter::CTL_ENABLE);
    ASSERT_EQ(b.edges.size(), 3u);
    EXPECT_TRUE(b.edges[2].second);
    b.base.write32(sys_counter::CNTP_TVAL, 500);
    ASSERT_EQ(b.edges.size(), 4u);
    EXPECT_FALSE(b.edges[3].second);
    run_until(us(15));
    ASSERT_EQ(b.edges.size(), 5u);
    EXPECT_EQ(b.edges[4].first, us(15));
    EXPECT_TRUE(b.edges[4].second);
}

// ---------------------------------------------------------------- SP805

TEST(Sp805, InterruptThenResetOnTheSecondTimeout)
{
    sp805 wd("wd", 32768);
    initiator cpu("cpu");
    cpu.out.bind(wd.socket);
    std::vector<std::pair<sc_time, bool>> edges;
    wd.irq.bind([&](bool v) {
        if (!edges.empty() || v) edges.emplace_back(sc_time_stamp(), v);
    });
    int resets = 0;
    sc_time reset_at;
    wd.on_reset = [&] {
        ++resets;
        reset_at = sc_time_stamp();
    };
    elaborate();
    EXPECT_EQ(cpu.read32(sp805::PERIPH_ID0), 0x05u);
    cpu.write32(sp805::LOAD, 32768); // 1 s
    EXPECT_EQ(cpu.read32(sp805::VALUE), 32768u);
    cpu.write32(sp805::CONTROL, sp805::CTRL_INTEN | sp805::CTRL_RESEN);
    run_until(sc_time(500, SC_MS));
    EXPECT_EQ(cpu.read32(sp805::VALUE), 16384u);
    run_until(sc_time(1, SC_SEC));
    ASSERT_EQ(edges.size(), 1u);
    EXPECT_EQ(edges[0].first, sc_time(1, SC_SEC));
    EXPECT_EQ(cpu.read32(sp805::RIS), 1u);
    EXPECT_EQ(cpu.read32(sp805::MIS), 1u);
    EXPECT_EQ(resets, 0);
    run_until(sc_time(2, SC_SEC));
    EXPECT_EQ(resets, 1);
    EXPECT_EQ(reset_at, sc_time(2, SC_SEC));
}

TEST(Sp805, IntClrReloadsAndTheLockKeepsTheSettings)
{
    sp805 wd("wd", 32768);
    initiator cpu("cpu");
    cpu.out.bind(wd.socket);
    int resets = 0;
    wd.on_reset = [&] { ++resets; };
    elaborate();
    cpu.write32(sp805::LOAD, 32768);
    cpu.write32(sp805::CONTROL, sp805::CTRL_INTEN | sp805::CTRL_RESEN);
    // Kicking the dog every 0.75 s: never an interrupt, never a reset.
    for (int i = 1; i <= 4; ++i) {
        run_until(sc_time(750 * i, SC_MS));
        cpu.write32(sp805::INTCLR, 1);
    }
    EXPECT_EQ(cpu.read32(sp805::RIS), 0u);
    EXPECT_EQ(resets, 0);
    cpu.write32(sp805::LOCK, 0); // lock
    EXPECT_EQ(cpu.read32(sp805::LOCK), 1u);
    cpu.write32(sp805::CONTROL, 0);
    EXPECT_EQ(cpu.read32(sp805::CONTROL), sp805::CTRL_INTEN | sp805::CTRL_RESEN);
    cpu.write32(sp805::LOCK, sp805::unlock_key);
    EXPECT_EQ(cpu.read32(sp805::LOCK), 0u);
    cpu.write32(sp805::CONTROL, 0);
    EXPECT_EQ(cpu.read32(sp805::CONTROL), 0u);
}

// ---------------------------------------------------------------- NOR flash

TEST(NorFlash, ErasedProgramEraseLockAsTfasDriverDrivesIt)
{
    nor_flash f("flash", nor_flash::block_size);
    initiator cpu("cpu");
    cpu.out.bind(f.socket);
    elaborate();
    auto cmd = [&](uint64_t a, uint8_t c) { cpu.write32(a, uint32_t(c) | (uint32_t(c) << 16)); };
    EXPECT_EQ(cpu.read32(0x3FFFC), 0xFFFFFFFFu); // erased
    // nor_word_program(): clear status, program, data, poll status, read array.
    cmd(0x0, nor_flash::CMD_CLEAR_STATUS);
    cmd(0x0, nor_flash::CMD_WORD_PROGRAM);
    cpu.write32(0x0, 0x00000001);
    EXPECT_EQ(cpu.read32(0x0), 0x00800080u); // DWS in both chips
    cmd(0x0, nor_flash::CMD_READ_ARRAY);
    EXPECT_EQ(cpu.read32(0x0), 1u);
    // Programming only clears bits.
    cmd(0x0, nor_flash::CMD_WORD_PROGRAM);
    cpu.write32(0x0, 0x00000002);
    cmd(0x0, nor_flash::CMD_READ_ARRAY);
    EXPECT_EQ(cpu.read32(0x0), 0u);
    // A reset keeps the contents (non-volatile) and returns to read-array mode.
    cmd(0x0, nor_flash::CMD_READ_STATUS);
    f.reset();
    EXPECT_EQ(cpu.read32(0x0), 0u);
    // Lock: programming fails with PS | BLS.
    cmd(0x0, nor_flash::CMD_LOCK_UNLOCK);
    cmd(0x0, nor_flash::CMD_LOCK);
    EXPECT_TRUE(f.locked(0));
    cmd(0x0, nor_flash::CMD_CLEAR_STATUS);
    cmd(0x4, nor_flash::CMD_WORD_PROGRAM);
    cpu.write32(0x4, 0);
    EXPECT_EQ(cpu.read32(0x4) & 0xFF,
              uint32_t(nor_flash::SR_DWS | nor_flash::SR_PS | nor_flash::SR_BLS));
    cmd(0x0, nor_flash::CMD_READ_ARRAY);
    EXPECT_EQ(cpu.read32(0x4), 0xFFFFFFFFu);
    // Unlock and erase the block.
    cmd(0x0, nor_flash::CMD_LOCK_UNLOCK);
    cmd(0x0, nor_flash::CMD_CONFIRM);
    cmd(0x0, nor_flash::CMD_CLEAR_STATUS);
    cmd(0x0, nor_flash::CMD_BLOCK_ERASE);
    cmd(0x0, nor_flash::CMD_CONFIRM);
    EXPECT_EQ(cpu.read32(0x0), 0x00800080u);
    cmd(0x0, nor_flash::CMD_READ_ARRAY);
    EXPECT_EQ(cpu.read32(0x0), 0xFFFFFFFFu);
}

// ---------------------------------------------------------------- guest-error log

namespace
{
// The guest-error log's lines while `f` runs.
template <typename F> std::string guest_errors(F f)
{
    std::ostringstream log;
    guest_log::set_output(&log);
    f();
    guest_log::set_output(nullptr);
    return log.str();
}
} // namespace

TEST(V2mSysregs, ReportsAnUnmodelledConfigFunctionInTheGuestErrorLog)
{
    v2m_bench b;
    EXPECT_EQ(guest_errors([&] {
                  b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0100000u); // write oscillator
                  b.cpu.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0900000u); // reboot: modelled
              }),
              "guest-error: 0 ns: v2m: SYS_CFGCTRL function 1 (write) is not modelled\n");
    EXPECT_EQ(b.events.size(), 1u);
}

TEST(FvpPwrc, ReportsAnMpidrThatIsNoCoreInTheGuestErrorLog)
{
    pwrc_bench b;
    EXPECT_EQ(guest_errors([&] {
                  b.cpu.write32(fvp_pwrc::PPOFFR, 0x80000002);
                  b.cpu.write32(fvp_pwrc::PPONR, 0x80000001); // a core: no report
                  b.cpu.write32(fvp_pwrc::PCOFFR, 0x0f0f);
              }),
              "guest-error: 0 ns: pwrc: PPOFFR written with MPIDR 0x80000002, not a core of the "
              "machine\n"
              "guest-error: 0 ns: pwrc: PCOFFR written with MPIDR 0xf0f, not a core of the "
              "machine\n");
    EXPECT_EQ(b.dom.power_on_calls, std::vector<unsigned>{1});
}

TEST(FvpPwrc, ReportsPponrWithoutASequencerInTheGuestErrorLog)
{
    fvp_pwrc pwrc{"pwrc", {0x80000000, 0x80000001}};
    initiator cpu{"cpu"};
    cpu.out.bind(pwrc.socket);
    elaborate();
    EXPECT_EQ(guest_errors([&] { cpu.write32(fvp_pwrc::PPONR, 0x80000001); }),
              "guest-error: 0 ns: pwrc: PPONR: no power sequencer is attached\n");
}

TEST(Sp805, ReportsAnIntegrationTestOutputWriteInTheGuestErrorLog)
{
    sp805 wd("wd", 32768);
    initiator cpu("cpu");
    cpu.out.bind(wd.socket);
    elaborate();
    EXPECT_EQ(guest_errors([&] {
                  cpu.write32(sp805::ITCR, 1); // stored: no report
                  cpu.write32(sp805::ITOP, 1);
              }),
              "guest-error: 0 ns: wd: WdogITOP write: integration test outputs are not "
              "modelled\n");
}

TEST(NorFlash, ReportsNarrowWritesAndUnmodelledCommandsInTheGuestErrorLog)
{
    nor_flash f("flash", nor_flash::block_size);
    initiator cpu("cpu");
    cpu.out.bind(f.socket);
    elaborate();
    EXPECT_EQ(guest_errors([&] {
                  EXPECT_EQ(cpu.write(0x10, 0x70, 2), tlm::TLM_OK_RESPONSE); // ignored
                  cpu.write32(0x0, 0x00E800E8);                              // buffered program
                  cpu.write32(0x0, 0x00FF00FF); // read array: no report
              }),
              "guest-error: 0 ns: flash: 2-byte write at 0x10: the flash takes 32-bit commands\n"
              "guest-error: 0 ns: flash: flash command 0xe8 at 0x0 is not modelled\n");
}

// ---------------------------------------------------------------- machine services

// The machine-table factories wire the devices that act on the whole machine to the
// requests in device_params themselves (the platform needs no per-model code): the
// V2M's shutdown and reboot functions and the SP805's reset output name their source.
TEST(FvpFactories, V2mAndSp805RequestShutdownAndResetThroughTheirParams)
{
    std::vector<std::string> resets, shutdowns;
    device_params p;
    p.request_reset = [&](const std::string &s) { resets.push_back(s); };
    p.request_shutdown = [&](const std::string &s) { shutdowns.push_back(s); };
    p.name = "v2m";
    device_instance v2m = device_registry::find("v2m_sysregs")(p);
    p.name = "wdog";
    p.clock_hz = 32768;
    p.window_sizes = {0x1000};
    device_instance wd = device_registry::find("sp805")(p);
    initiator cpu_v2m("cpu_v2m"), cpu_wd("cpu_wd");
    cpu_v2m.out.bind(*v2m.windows.at(0));
    cpu_wd.out.bind(*wd.windows.at(0));
    wd.spis.at(0)->bind([](bool) {});
    elaborate();

    cpu_v2m.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0900000u); // reboot
    cpu_v2m.write32(v2m_sysregs::SYS_CFGCTRL, 0xC0800000u); // shutdown
    EXPECT_EQ(resets, std::vector<std::string>{"V2M SYS_CFGCTRL reboot"});
    EXPECT_EQ(shutdowns, std::vector<std::string>{"V2M SYS_CFGCTRL shutdown"});

    cpu_wd.write32(sp805::LOAD, 32768); // 1 s: interrupt at 1 s, reset at 2 s
    cpu_wd.write32(sp805::CONTROL, sp805::CTRL_INTEN | sp805::CTRL_RESEN);
    run_until(sc_time(1999, SC_MS));
    EXPECT_EQ(resets.size(), 1u);
    run_until(sc_time(2, SC_SEC));
    ASSERT_EQ(resets.size(), 2u);
    EXPECT_EQ(resets[1], "wdog watchdog reset");
    EXPECT_EQ(shutdowns.size(), 1u);
}
