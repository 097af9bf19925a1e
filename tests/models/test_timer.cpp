// Generic timer: counter derived from simulated time, compare interrupts at
// exactly CVAL, TVAL arithmetic, IMASK/ISTATUS, CNTVOFF, no polling.
#include "harness.h"

#include <vector>

#include "pscisim/generic_timer.h"
#include "pscisim/sysreg.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
constexpr uint32_t CNTPCT = sysreg_enc(3, 3, 14, 0, 1);
constexpr uint32_t CNTVCT = sysreg_enc(3, 3, 14, 0, 2);
constexpr uint32_t CNTVOFF = sysreg_enc(3, 4, 14, 0, 3);
constexpr uint32_t CNTP_TVAL = sysreg_enc(3, 3, 14, 2, 0);
constexpr uint32_t CNTP_CTL = sysreg_enc(3, 3, 14, 2, 1);
constexpr uint32_t CNTP_CVAL = sysreg_enc(3, 3, 14, 2, 2);
constexpr uint32_t CNTV_CTL = sysreg_enc(3, 3, 14, 3, 1);
constexpr uint32_t CNTV_CVAL = sysreg_enc(3, 3, 14, 3, 2);
constexpr uint32_t CNTHP_CTL = sysreg_enc(3, 4, 14, 2, 1);
constexpr uint32_t CNTHP_CVAL = sysreg_enc(3, 4, 14, 2, 2);
constexpr uint32_t CNTPS_CTL = sysreg_enc(3, 7, 14, 2, 1);
constexpr uint32_t CNTPS_TVAL = sysreg_enc(3, 7, 14, 2, 0);
constexpr uint32_t CNTHCTL = sysreg_enc(3, 4, 14, 1, 0);
constexpr uint32_t CNTKCTL = sysreg_enc(3, 0, 14, 1, 0);
constexpr uint64_t EN = generic_timer::CTL_ENABLE, MASK = generic_timer::CTL_IMASK,
                   IST = generic_timer::CTL_ISTATUS;

// Records every change of a line with its simulated time.
struct probe {
    std::vector<std::pair<sc_time, bool>> edges;
    void attach(irq_line &l)
    {
        l.bind([this](bool v) {
            if (!edges.empty() || v) edges.emplace_back(sc_time_stamp(), v);
        });
    }
};

uint64_t rd(generic_timer &t, uint32_t enc, unsigned core = 0)
{
    uint64_t v = 0;
    EXPECT_TRUE(t.cpu_sysreg_read(core, enc, v));
    return v;
}
void wr(generic_timer &t, uint32_t enc, uint64_t v, unsigned core = 0)
{
    EXPECT_TRUE(t.cpu_sysreg_write(core, enc, v));
}
} // namespace

TEST(Timer, CounterFollowsSimulatedTime)
{
    generic_timer t("timer", 1);
    EXPECT_EQ(t.frequency(), 62500000u);
    elaborate();
    EXPECT_EQ(rd(t, CNTPCT), 0u);
    run_until(ns(15));
    EXPECT_EQ(rd(t, CNTPCT), 0u);
    run_until(ns(16));
    EXPECT_EQ(rd(t, CNTPCT), 1u);
    run_until(us(1));
    EXPECT_EQ(rd(t, CNTPCT), 62u);
    // A core running ahead of sc_time_stamp() passes its local offset.
    uint64_t v = 0;
    EXPECT_TRUE(t.cpu_sysreg_read(0, CNTPCT, v, ns(32)));
    EXPECT_EQ(v, 64u);
    EXPECT_EQ(t.counter(ns(48)), 65u);
}

TEST(Timer, TimeOfCountRoundsUpToTheFirstTick)
{
    generic_timer t("timer", 1, 24000000); // 41.666... ns per tick
    EXPECT_EQ(t.time_of_count(3), sc_time(125, SC_NS));
    EXPECT_EQ(t.time_of_count(1), sc_time(41667, SC_PS));
    EXPECT_EQ(t.time_of_count(~0ull), sc_max_time());
    elaborate();
    run_until(sc_time(41666, SC_PS));
    EXPECT_EQ(t.counter(), 0u);
    run_until(sc_time(41667, SC_PS));
    EXPECT_EQ(t.counter(), 1u);
}

TEST(Timer, PhysicalTimerFiresExactlyAtCval)
{
    generic_timer t("timer", 1);
    probe p;
    p.attach(t.irq(0, generic_timer::PHYS));
    elaborate();
    wr(t, CNTP_CVAL, 1000); // 1000 ticks = 16 us
    wr(t, CNTP_CTL, EN);
    run_until(ns(15999));
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    EXPECT_EQ(rd(t, CNTP_CTL), EN);
    run_until(us(20));
    ASSERT_EQ(p.edges.size(), 1u);
    EXPECT_EQ(p.edges[0].first, us(16));
    EXPECT_TRUE(p.edges[0].second);
    EXPECT_EQ(rd(t, CNTP_CTL), EN | IST);
    EXPECT_EQ(generic_timer::ppi_intid(generic_timer::PHYS), 30u);
}

TEST(Timer, AnIdleTimerIsNotPolled)
{
    generic_timer t("timer", 4);
    elaborate();
    wr(t, CNTP_CVAL, 62500000); // one second ahead
    wr(t, CNTP_CTL, EN);
    run_until(sc_time(2, SC_SEC));
    // One evaluation per register write, one at the deadline; nothing in between.
    EXPECT_EQ(t.evaluations(), 3u);
    EXPECT_TRUE(t.irq(0, generic_timer::PHYS).read());
}

TEST(Timer, TvalIsSignedDistanceToCval)
{
    generic_timer t("timer", 1);
    elaborate();
    run_until(us(1)); // count 62
    wr(t, CNTP_TVAL, 100);
    EXPECT_EQ(rd(t, CNTP_CVAL), 162u);
    EXPECT_EQ(rd(t, CNTP_TVAL), 100u);
    wr(t, CNTP_CTL, EN);
    run_until(ns(16 * 162 - 1));
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    run_until(ns(16 * 162));
    EXPECT_TRUE(t.irq(0, generic_timer::PHYS).read());
    run_until(ns(16 * 172));
    EXPECT_EQ(rd(t, CNTP_TVAL), uint64_t(uint32_t(-10))); // 32 bits, [63:32] RES0
    // A negative TVAL puts CVAL in the past: the condition holds at once.
    wr(t, CNTP_TVAL, uint32_t(-5));
    EXPECT_EQ(rd(t, CNTP_CVAL), 167u);
}

TEST(Timer, ImaskHidesTheInterruptButNotIstatus)
{
    generic_timer t("timer", 1);
    elaborate();
    wr(t, CNTP_CVAL, 10);
    wr(t, CNTP_CTL, EN | MASK);
    run_until(us(1));
    EXPECT_EQ(rd(t, CNTP_CTL), EN | MASK | IST);
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    wr(t, CNTP_CTL, EN); // the line follows the write at once
    EXPECT_TRUE(t.irq(0, generic_timer::PHYS).read());
    // Disabling drops the line; ISTATUS reads 0 while disabled.
    wr(t, CNTP_CTL, 0);
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    EXPECT_EQ(rd(t, CNTP_CTL), 0u);
}

TEST(Timer, MovingCvalReschedules)
{
    generic_timer t("timer", 1);
    probe p;
    p.attach(t.irq(0, generic_timer::PHYS));
    elaborate();
    wr(t, CNTP_CVAL, 1000);
    wr(t, CNTP_CTL, EN);
    run_until(us(1));
    wr(t, CNTP_CVAL, 2000); // later: the 16 us deadline is withdrawn
    run_until(us(20));
    EXPECT_TRUE(p.edges.empty());
    wr(t, CNTP_CVAL, 1500); // earlier than now+: 24 us
    run_until(us(40));
    ASSERT_EQ(p.edges.size(), 1u);
    EXPECT_EQ(p.edges[0].first, us(24));
    wr(t, CNTP_CVAL, 5000); // condition no longer met: the line drops at once
    ASSERT_EQ(p.edges.size(), 2u);
    EXPECT_EQ(p.edges[1].first, us(40));
    EXPECT_FALSE(p.edges[1].second);
}

TEST(Timer, VirtualTimerCountsFromCntvoff)
{
    generic_timer t("timer", 1);
    probe p;
    p.attach(t.irq(0, generic_timer::VIRT));
    elaborate();
    run_until(ns(1600)); // physical count 100
    wr(t, CNTVOFF, 40);
    EXPECT_EQ(rd(t, CNTVCT), 60u);
    EXPECT_EQ(rd(t, CNTVOFF), 40u);
    wr(t, CNTV_CVAL, 100); // physical count 140 = 2240 ns
    wr(t, CNTV_CTL, EN);
    run_until(us(5));
    ASSERT_EQ(p.edges.size(), 1u);
    EXPECT_EQ(p.edges[0].first, ns(2240));
    EXPECT_EQ(generic_timer::ppi_intid(generic_timer::VIRT), 27u);
    // Changing CNTVOFF re-evaluates the virtual timer.
    wr(t, CNTV_CVAL, 400);
    EXPECT_FALSE(t.irq(0, generic_timer::VIRT).read());
    wr(t, CNTVOFF, 0); // virtual count 312 -> still below 400
    EXPECT_FALSE(t.irq(0, generic_timer::VIRT).read());
    wr(t, CNTVOFF, 1000); // virtual count 312-1000 wraps: huge, condition holds
    EXPECT_TRUE(t.irq(0, generic_timer::VIRT).read());
}

TEST(Timer, TimeOfACoresCountForTheEventStream)
{
    // The CPU wrapper's event stream asks when a core's physical or virtual count
    // reaches a value: virtual count v is physical count v + CNTVOFF_EL2.
    generic_timer t("timer", 2);
    wr(t, CNTVOFF, 100, 1);
    EXPECT_EQ(t.time_of_core_count(0, false, 10), ns(160)); // 16 ns per count
    EXPECT_EQ(t.time_of_core_count(0, true, 10), ns(160));  // core 0: CNTVOFF = 0
    EXPECT_EQ(t.time_of_core_count(1, true, 10), ns(1760));
    EXPECT_EQ(t.time_of_core_count(1, false, 10), ns(160));
}

TEST(Timer, VirtualCountWrapIsFollowed)
{
    // CNTVOFF ahead of CNTPCT: the virtual count is near 2^64 and wraps to 0 when
    // CNTPCT reaches CNTVOFF. The output follows both crossings at exact times
    // (found by fuzz_models: the line used to stay high after the wrap).
    generic_timer t("timer", 1);
    probe p;
    p.attach(t.irq(0, generic_timer::VIRT));
    elaborate();
    run_until(ns(1600));         // physical count 100
    wr(t, CNTVOFF, 105);         // virtual count 2^64 - 5
    wr(t, CNTV_CVAL, ~0ull - 1); // 2^64 - 2: reached at physical count 103
    wr(t, CNTV_CTL, EN);
    EXPECT_FALSE(t.irq(0, generic_timer::VIRT).read());
    run_until(us(5));
    ASSERT_EQ(p.edges.size(), 2u);
    EXPECT_EQ(p.edges[0], std::make_pair(ns(16 * 103), true));
    EXPECT_EQ(p.edges[1], std::make_pair(ns(16 * 105), false));
    EXPECT_EQ(rd(t, CNTV_CTL), EN);
}

TEST(Timer, HypAndSecureTimersDriveTheirOwnPpis)
{
    generic_timer t("timer", 1);
    elaborate();
    wr(t, CNTHP_CVAL, 10);
    wr(t, CNTHP_CTL, EN);
    wr(t, CNTPS_TVAL, 20);
    wr(t, CNTPS_CTL, EN);
    run_until(ns(160));
    EXPECT_TRUE(t.irq(0, generic_timer::HYP).read());
    EXPECT_FALSE(t.irq(0, generic_timer::SECURE).read());
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    run_until(ns(320));
    EXPECT_TRUE(t.irq(0, generic_timer::SECURE).read());
    EXPECT_EQ(generic_timer::ppi_intid(generic_timer::HYP), 26u);
    EXPECT_EQ(generic_timer::ppi_intid(generic_timer::SECURE), 29u);
}

TEST(Timer, CoresAreIndependent)
{
    generic_timer t("timer", 2);
    elaborate();
    wr(t, CNTP_CVAL, 10, 1);
    wr(t, CNTP_CTL, EN, 1);
    run_until(us(1));
    EXPECT_TRUE(t.irq(1, generic_timer::PHYS).read());
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    EXPECT_EQ(rd(t, CNTP_CTL, 0), 0u);
    uint64_t v;
    EXPECT_FALSE(t.cpu_sysreg_read(2, CNTPCT, v)); // no such core
}

TEST(Timer, WriteWithLocalOffsetUsesTheCoresTime)
{
    generic_timer t("timer", 1);
    probe p;
    p.attach(t.irq(0, generic_timer::PHYS));
    elaborate();
    // The core is 800 ns (50 ticks) ahead: TVAL counts from its local time.
    EXPECT_TRUE(t.cpu_sysreg_write(0, CNTP_TVAL, 10, ns(800)));
    EXPECT_EQ(rd(t, CNTP_CVAL), 60u);
    EXPECT_TRUE(t.cpu_sysreg_write(0, CNTP_CTL, EN, ns(800)));
    run_until(us(2));
    ASSERT_EQ(p.edges.size(), 1u);
    EXPECT_EQ(p.edges[0].first, ns(960));
}

TEST(Timer, RejectsUnknownAndReadOnlyRegisters)
{
    generic_timer t("timer", 1);
    uint64_t v;
    EXPECT_FALSE(t.cpu_sysreg_read(0, sysreg_enc(3, 3, 14, 0, 0), v)); // CNTFRQ: the ISS's
    EXPECT_FALSE(t.cpu_sysreg_write(0, CNTPCT, 5));
    EXPECT_FALSE(t.cpu_sysreg_write(0, CNTVCT, 5));
    EXPECT_FALSE(t.cpu_sysreg_read(0, sysreg_enc(3, 0, 12, 12, 0), v)); // a GIC register
    EXPECT_TRUE(generic_timer::is_timer_sysreg(CNTP_CTL));
    EXPECT_FALSE(generic_timer::is_timer_sysreg(sysreg_enc(3, 3, 14, 0, 0)));
    // CNTHCTL_EL2/CNTKCTL_EL1 have one owner, the core (ISS): not timer registers.
    EXPECT_FALSE(generic_timer::is_timer_sysreg(CNTHCTL));
    EXPECT_FALSE(generic_timer::is_timer_sysreg(CNTKCTL));
    EXPECT_FALSE(t.cpu_sysreg_read(0, CNTHCTL, v));
    EXPECT_FALSE(t.cpu_sysreg_write(0, CNTKCTL, 4));
}

TEST(Timer, ResetCoreDisablesItsTimersAndDropsTheLines)
{
    generic_timer t("timer", 1);
    elaborate();
    wr(t, CNTP_CVAL, 1);
    wr(t, CNTP_CTL, EN);
    wr(t, CNTV_CVAL, 100000);
    wr(t, CNTV_CTL, EN);
    run_until(us(1));
    EXPECT_TRUE(t.irq(0, generic_timer::PHYS).read());
    t.reset_core(0);
    EXPECT_FALSE(t.irq(0, generic_timer::PHYS).read());
    EXPECT_EQ(rd(t, CNTP_CTL), 0u);
    uint64_t before = t.evaluations();
    run_until(sc_time(10, SC_MS)); // the virtual deadline was withdrawn
    EXPECT_EQ(t.evaluations(), before);
    EXPECT_FALSE(t.irq(0, generic_timer::VIRT).read());
    EXPECT_EQ(rd(t, CNTPCT), 625000u); // the counter kept counting
}

TEST(Timer, ZeroFrequencyIsAnError)
{
    EXPECT_SC_ERROR(generic_timer t("timer", 1, 0), "frequency must be > 0");
}
