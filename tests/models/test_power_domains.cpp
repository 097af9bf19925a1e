// Clock domains, power domains and clock enables: exact simulated times.
#include "sc_harness.h"

#include "power/clock_domain.h"
#include "power/power_domain.h"

#include <vector>

using namespace pscisim;
using namespace pscisim::test;
using sc_core::sc_time;
using sc_core::sc_time_stamp;

TEST(ClockDomain, ExactCycleConversion)
{
    clock_domain a("a", 1000000000);
    EXPECT_EQ(a.cycles_to_time(1), ps(1000));
    EXPECT_EQ(a.cycles_to_time(1234567), ps(1234567000));
    clock_domain b("b", 650000000); // 1538.46 ps per cycle: no drift over a second
    EXPECT_EQ(b.cycles_to_time(650000000), sc_time(1, sc_core::SC_SEC));
    EXPECT_EQ(b.cycles_to_time(3), ps(4615));
    EXPECT_EQ(b.time_to_cycles_ceil(ps(4615)), 3u);
    EXPECT_EQ(b.time_to_cycles_ceil(ps(4616)), 4u);
    EXPECT_EQ(b.time_to_cycles_floor(ps(4616)), 3u);
    EXPECT_THROW(clock_domain("z", 0), std::invalid_argument);
}

// The conversions take a 64-bit path when the reduced ratio allows it and a
// 128-bit one otherwise: both must give the exact floor/ceiling of n * 10^12 / hz.
TEST(ClockDomain, FastPathMatchesExactArithmeticAtEveryScale)
{
    using u128 = unsigned __int128;
    const uint64_t hzs[] = {1,          3,          650000000,       900000000,
                            1000000000, 2100000000, 999999999937ull, 1000000000000ull};
    const uint64_t ns[] = {0,
                           1,
                           7,
                           999999,
                           1ull << 32,
                           1ull << 44,
                           1ull << 53,
                           18446744073ull * 1000,
                           ~0ull / 1000,
                           ~0ull / 3,
                           ~0ull};
    for (uint64_t hz : hzs) {
        clock_domain d("d", hz);
        for (uint64_t n : ns) {
            uint64_t want = uint64_t((u128)n * 1000000000000ull / hz);
            EXPECT_EQ(time_to_ps(d.cycles_to_time(n)), want) << hz << " Hz, " << n << " cycles";
            u128 num = (u128)n * hz;
            EXPECT_EQ(d.time_to_cycles_floor(ps(n)), uint64_t(num / 1000000000000ull))
                << hz << " Hz, " << n << " ps";
            EXPECT_EQ(d.time_to_cycles_ceil(ps(n)),
                      uint64_t((num + 999999999999ull) / 1000000000000ull))
                << hz << " Hz, " << n << " ps";
        }
    }
}

TEST(PowerDomain, TimedTransitionSettlesAtExactLatency)
{
    run_sim([] {
        power_domain d("core0", domain_level::core, nullptr, power_state::on);
        std::vector<std::pair<sc_time, bool>> log;
        d.add_observer([&](const power_domain &, const power_change &c) {
            log.emplace_back(c.time, c.in_transition);
        });
        bool done = false;
        sc_time done_at;
        struct driver : sc_core::sc_module {
            SC_HAS_PROCESS(driver);
            power_domain &d;
            bool &done;
            sc_time &done_at;
            driver(sc_core::sc_module_name n, power_domain &d, bool &done, sc_time &at)
                : sc_module(n), d(d), done(done), done_at(at)
            {
                SC_THREAD(run);
            }
            void run()
            {
                wait(us(10));
                d.transition(power_state::off, us(40), [this] {
                    done = true;
                    done_at = sc_time_stamp();
                });
                EXPECT_TRUE(d.in_transition());
                EXPECT_EQ(d.state(), power_state::on);
                EXPECT_EQ(d.target(), power_state::off);
                wait(us(40) - ps(1));
                EXPECT_TRUE(d.in_transition());
                wait(ps(1));
                wait(sc_core::SC_ZERO_TIME);
                EXPECT_FALSE(d.in_transition());
                EXPECT_EQ(d.state(), power_state::off);
            }
        } drv("drv", d, done, done_at);
        sc_core::sc_start(us(100));
        EXPECT_TRUE(done);
        EXPECT_EQ(done_at, us(50));
        ASSERT_EQ(log.size(), 2u);
        EXPECT_EQ(log[0].first, us(10));
        EXPECT_TRUE(log[0].second);
        EXPECT_EQ(log[1].first, us(50));
        EXPECT_FALSE(log[1].second);
        EXPECT_EQ(d.residency(power_state::on), us(10));
        EXPECT_EQ(d.transition_time(), us(40));
        EXPECT_EQ(d.residency(power_state::off), us(50));
        EXPECT_EQ(d.entries(power_state::off), 1u);
        EXPECT_EQ(d.entries(power_state::on), 1u);
    });
}

TEST(PowerDomain, RequestDuringTransitionStartsWhenItSettles)
{
    run_sim([] {
        power_domain d("cl0", domain_level::cluster, nullptr, power_state::on);
        sc_time on_at;
        struct driver : sc_core::sc_module {
            SC_HAS_PROCESS(driver);
            power_domain &d;
            sc_time &on_at;
            driver(sc_core::sc_module_name n, power_domain &d, sc_time &t)
                : sc_module(n), d(d), on_at(t)
            {
                SC_THREAD(run);
            }
            void run()
            {
                d.transition(power_state::off, us(500));
                wait(us(100)); // wake-up request while still powering down
                d.transition(power_state::on, us(1000), [this] { on_at = sc_time_stamp(); });
            }
        } drv("drv", d, on_at);
        sc_core::sc_start(us(2000));
        // Entry completes at 500 us, exit takes 1000 us after that.
        EXPECT_EQ(on_at, us(1500));
        EXPECT_EQ(d.state(), power_state::on);
        EXPECT_EQ(d.residency(power_state::off), sc_core::SC_ZERO_TIME);
        EXPECT_EQ(d.transition_time(), us(1500));
        EXPECT_EQ(d.entries(power_state::off), 1u);
        EXPECT_EQ(d.transitions(), 2u);
    });
}

TEST(PowerDomain, HierarchyAndForce)
{
    run_sim([] {
        power_domain sys("sys", domain_level::system, nullptr, power_state::on);
        power_domain cl("cl", domain_level::cluster, &sys, power_state::on);
        power_domain c0("c0", domain_level::core, &cl, power_state::off);
        power_domain c1("c1", domain_level::core, &cl, power_state::off);
        EXPECT_EQ(cl.parent(), &sys);
        ASSERT_EQ(cl.children().size(), 2u);
        EXPECT_EQ(cl.children()[1], &c1);
        sc_core::sc_start(us(5));
        c0.force(power_state::on);
        sc_core::sc_start(us(5));
        EXPECT_EQ(c0.residency(power_state::off), us(5));
        EXPECT_EQ(c0.residency(power_state::on), us(5));
        EXPECT_EQ(c0.transitions(), 0u);
        c0.reset_stats();
        sc_core::sc_start(us(1));
        EXPECT_EQ(c0.residency(power_state::on), us(1));
        EXPECT_EQ(c0.residency(power_state::off), sc_core::SC_ZERO_TIME);
    });
}

TEST(ClockEnable, GatedTimeAndObservers)
{
    run_sim([] {
        clock_enable ce("core0.clk_en", true);
        std::vector<std::pair<sc_time, bool>> log;
        ce.add_observer(
            [&](const clock_enable &, bool on) { log.emplace_back(sc_time_stamp(), on); });
        sc_core::sc_start(us(3));
        ce.set(false);
        ce.set(false); // no change, not recorded
        sc_core::sc_start(us(7));
        ce.set(true);
        sc_core::sc_start(us(1));
        EXPECT_EQ(ce.enabled_time(), us(4));
        EXPECT_EQ(ce.gated_time(), us(7));
        EXPECT_EQ(ce.gate_count(), 1u);
        ASSERT_EQ(log.size(), 2u);
        EXPECT_EQ(log[0], std::make_pair(us(3), false));
        EXPECT_EQ(log[1], std::make_pair(us(10), true));
    });
}

PSCISIM_SC_TEST_MAIN()
