// PL031 RTC: the counter counts simulated seconds from the configured epoch (never
// host time), RTCLR loads it, the match interrupt asserts exactly when the counter
// becomes RTCMR, RTCIMSC/RTCRIS/RTCMIS/RTCICR, PrimeCell IDs, reset.
#include "harness.h"

#include "pscisim/console.h"
#include "pscisim/device.h"

#include "pscisim/pl031.h"

#include <vector>

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
sc_time s(double v)
{
    return sc_time(v, SC_SEC);
}
struct bench {
    initiator i{"i"};
    pl031 rtc{"rtc"};
    std::vector<std::pair<sc_time, bool>> edges;
    bench()
    {
        i.out.bind(rtc.in);
        rtc.irq.bind([this](bool l) {
            if (l || !edges.empty()) edges.emplace_back(sc_time_stamp(), l);
        });
        elaborate();
    }
};
} // namespace

TEST(Pl031, CounterIsEpochPlusSimulatedSeconds)
{
    bench b;
    EXPECT_EQ(b.i.read32(pl031::DR), pl031::DEFAULT_EPOCH);
    b.rtc.set_epoch(1000);
    EXPECT_EQ(b.i.read32(pl031::DR), 1000u);
    run_until(ns(999999999));
    EXPECT_EQ(b.i.read32(pl031::DR), 1000u);
    run_until(s(1));
    EXPECT_EQ(b.i.read32(pl031::DR), 1001u);
    run_until(s(7.5));
    EXPECT_EQ(b.i.read32(pl031::DR), 1007u);
    EXPECT_EQ(b.i.read32(pl031::CR), uint32_t(pl031::CR_START)); // running from reset
}

TEST(Pl031, LoadRestartsTheSecondFromTheWrite)
{
    bench b;
    run_until(s(2.25));
    b.i.write32(pl031::LR, 500);
    EXPECT_EQ(b.i.read32(pl031::DR), 500u);
    EXPECT_EQ(b.i.read32(pl031::LR), 500u);
    run_until(s(3.24));
    EXPECT_EQ(b.i.read32(pl031::DR), 500u);
    run_until(s(3.25));
    EXPECT_EQ(b.i.read32(pl031::DR), 501u);
    // The counter wraps at 2^32.
    b.i.write32(pl031::LR, 0xffffffff);
    run_until(s(4.25));
    EXPECT_EQ(b.i.read32(pl031::DR), 0u);
}

TEST(Pl031, MatchInterruptAtExactlyTheSecondAndIcrClears)
{
    bench b;
    b.rtc.set_epoch(100);
    b.i.write32(pl031::IMSC, pl031::INT_MATCH);
    b.i.write32(pl031::MR, 103);
    run_until(s(2.9));
    EXPECT_TRUE(b.edges.empty());
    EXPECT_EQ(b.i.read32(pl031::RIS), 0u);
    run_until(s(3));
    ASSERT_EQ(b.edges.size(), 1u);
    EXPECT_EQ(b.edges[0], std::make_pair(s(3), true));
    EXPECT_EQ(b.i.read32(pl031::RIS), 1u);
    EXPECT_EQ(b.i.read32(pl031::MIS), 1u);
    run_until(s(5)); // a level: stays until cleared
    EXPECT_TRUE(b.rtc.irq.read());
    b.i.write32(pl031::ICR, 1);
    EXPECT_FALSE(b.rtc.irq.read());
    EXPECT_EQ(b.i.read32(pl031::RIS), 0u);
}

TEST(Pl031, MaskedMatchIsRawOnlyAndMrEqualToCounterMatchesAtOnce)
{
    bench b;
    b.rtc.set_epoch(10);
    b.i.write32(pl031::MR, 11);
    run_until(s(1));
    EXPECT_EQ(b.i.read32(pl031::RIS), 1u);
    EXPECT_EQ(b.i.read32(pl031::MIS), 0u);
    EXPECT_FALSE(b.rtc.irq.read());
    b.i.write32(pl031::IMSC, 1);
    EXPECT_TRUE(b.rtc.irq.read());
    b.i.write32(pl031::ICR, 1);
    b.i.write32(pl031::MR, 11); // equal now
    EXPECT_TRUE(b.rtc.irq.read());
    b.i.write32(pl031::ICR, 1);
    b.i.write32(pl031::MR, 5); // in the past: only after the counter wraps
    run_until(s(100));
    EXPECT_FALSE(b.rtc.irq.read());
}

TEST(Pl031, PrimeCellIdsAndReadOnlyRegisters)
{
    bench b;
    const uint32_t periph[4] = {0x31, 0x10, 0x14, 0x00}, cell[4] = {0x0d, 0xf0, 0x05, 0xb1};
    for (unsigned k = 0; k < 4; ++k) {
        EXPECT_EQ(b.i.read32(pl031::PERIPHID0 + 4 * k), periph[k]);
        EXPECT_EQ(b.i.read32(pl031::CELLID0 + 4 * k), cell[k]);
    }
    b.i.write32(pl031::CR, 0); // cannot be stopped once started
    EXPECT_EQ(b.i.read32(pl031::CR), 1u);
}

TEST(Pl031, ResetClearsTheMatchLogicNotTheCount)
{
    bench b;
    b.rtc.set_epoch(50);
    b.i.write32(pl031::IMSC, 1);
    b.i.write32(pl031::MR, 52);
    run_until(s(2));
    EXPECT_TRUE(b.rtc.irq.read());
    b.rtc.reset();
    EXPECT_FALSE(b.rtc.irq.read());
    EXPECT_EQ(b.i.read32(pl031::IMSC), 0u);
    EXPECT_EQ(b.i.read32(pl031::MR), 0u);
    EXPECT_EQ(b.i.read32(pl031::DR), 52u);
}

// The machine-table factory starts the counter at the machine's epoch
// (device_params::rtc_epoch, --rtc-epoch).
TEST(Pl031, FactoryStartsAtTheMachinesEpoch)
{
    device_params p;
    p.name = "rtc";
    p.window_sizes = {0x1000};
    p.rtc_epoch = 1234567;
    device_instance d = device_registry::find("pl031")(p);
    initiator i("i");
    i.out.bind(*d.windows.at(0));
    d.spis.at(0)->bind([](bool) {});
    elaborate();
    EXPECT_EQ(i.read32(pl031::DR), 1234567u);
    run_until(s(3));
    EXPECT_EQ(i.read32(pl031::DR), 1234570u);
}
