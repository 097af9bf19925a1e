// Firmware-mode call records (platform/report/fw_calls.*): the four points, the
// derived latencies, results, and the order in which records reach the report.
#include <gtest/gtest.h>

#include <vector>

#include "report/fw_calls.hpp"

using namespace pscisim;

namespace
{
struct bench {
    std::vector<psci_call_record> out;
    fw_call_tracker t;
    explicit bench(size_t window = 1024)
        : t(
              4, [this](const psci_call_record &r) { out.push_back(r); }, window)
    {
    }
};
} // namespace

// A call that powers the core down and is woken: all four points, powerdown latency =
// lowpower_entry - psci_entry, wakeup latency = psci_exit - lowpower_exit; result 0
// (x0 at the ERET is the entry point's context ID).
TEST(FwCalls, SuspendHasFourPointsAndBothLatencies)
{
    bench b;
    b.t.smc(1, 0x80000001, 1000, 0xC4000001, 0x10000, 0x80080000, 0x55);
    b.t.power_down_start(1, 1300);
    b.t.powered_up(1, 50000);
    b.t.eret_to_ns(1, 50400, 0x55);
    b.t.flush();
    ASSERT_EQ(b.out.size(), 1u);
    const psci_call_record &r = b.out[0];
    EXPECT_EQ(r.time_ns, 1000u);
    EXPECT_EQ(r.mpidr, 0x80000001u);
    EXPECT_EQ(r.function_id, 0xC4000001u);
    EXPECT_EQ(r.args[0], 0x10000u);
    EXPECT_EQ(r.args[2], 0x55u);
    ASSERT_TRUE(r.points);
    EXPECT_EQ(r.points->psci_entry_ns, 1000u);
    EXPECT_EQ(r.points->lowpower_entry_ns, 1300u);
    EXPECT_EQ(r.points->lowpower_exit_ns, 50000u);
    EXPECT_EQ(r.points->psci_exit_ns, 50400u);
    EXPECT_EQ(r.entry_latency_ns, 300u);
    EXPECT_EQ(r.exit_latency_ns, 400u);
    EXPECT_EQ(r.result, 0);
}

// A call that returns without powering down: entry and exit only; the result is x0,
// sign-extended from 32 bits for an SMC32 function ID, whole for SMC64.
TEST(FwCalls, ReturningCallsKeepTheirResult)
{
    bench b;
    b.t.smc(0, 0x80000000, 10, 0x84000000, 0, 0, 0);
    b.t.eret_to_ns(0, 20, 0x10001);
    b.t.smc(0, 0x80000000, 30, 0x84000003, 0, 0, 0); // CPU_ON (SMC32) refused
    b.t.eret_to_ns(0, 40, 0xFFFFFFFEu);              // -2 INVALID_PARAMETERS in w0
    b.t.smc(0, 0x80000000, 50, 0xC4000003, 0, 0, 0);
    b.t.eret_to_ns(0, 60, uint64_t(-4)); // ALREADY_ON, SMC64
    b.t.flush();
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.out[0].result, 0x10001);
    EXPECT_EQ(b.out[1].result, -2);
    EXPECT_EQ(b.out[2].result, -4);
    for (const auto &r : b.out) {
        EXPECT_FALSE(r.points->lowpower_entry_ns);
        EXPECT_FALSE(r.entry_latency_ns);
        EXPECT_FALSE(r.exit_latency_ns);
        EXPECT_EQ(*r.points->psci_exit_ns, r.time_ns + 10);
    }
}

// Power events of a core without an open call (a secondary parking at cold boot, the
// first start after CPU_ON) and ERETs without one (the cold boot's entry to
// Non-secure) record nothing.
TEST(FwCalls, EventsOutsideACallAreIgnored)
{
    bench b;
    b.t.power_down_start(2, 5);
    b.t.powered_up(2, 9);
    b.t.eret_to_ns(2, 12, 0);
    b.t.flush();
    EXPECT_TRUE(b.out.empty());
}

// CPU_OFF: its record stays open until the core returns to Non-secure after its next
// power-up; without one it ends without an exit (flush).
TEST(FwCalls, CpuOffClosesAtTheNextReturnToNonSecure)
{
    bench b;
    b.t.smc(3, 0x80000103, 100, 0x84000002, 0, 0, 0);
    b.t.power_down_start(3, 110);
    b.t.eret_to_ns(3, 120, 0); // not possible on an OFF core: ignored
    b.t.powered_up(3, 9000);
    b.t.eret_to_ns(3, 9100, 0xABC);
    b.t.smc(1, 0x80000001, 200, 0x84000002, 0, 0, 0);
    b.t.power_down_start(1, 230);
    b.t.flush();
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_EQ(b.out[0].points->psci_exit_ns, 9100u);
    EXPECT_EQ(b.out[0].exit_latency_ns, 100u);
    EXPECT_EQ(b.out[0].result, 0);
    EXPECT_EQ(b.out[1].entry_latency_ns, 30u);
    EXPECT_FALSE(b.out[1].points->psci_exit_ns);
    EXPECT_FALSE(b.out[1].exit_latency_ns);
}

// Records leave in psci_entry order even when cores report out of order (local times
// within a quantum), once `window` newer ones exist; one still open is handed over
// without its exit and counted.
TEST(FwCalls, HandedOverInEntryOrderAfterTheWindow)
{
    bench b(2);
    b.t.smc(0, 0x80000000, 300, 0x84000000, 0, 0, 0);
    b.t.eret_to_ns(0, 310, 1);
    b.t.smc(1, 0x80000001, 100, 0x84000002, 0, 0, 0); // earlier, on another core
    b.t.power_down_start(1, 120);
    EXPECT_TRUE(b.out.empty());
    b.t.smc(2, 0x80000002, 400, 0x84000000, 0, 0, 0);
    ASSERT_EQ(b.out.size(), 1u);
    EXPECT_EQ(b.out[0].time_ns, 100u); // CPU_OFF first, still open
    EXPECT_EQ(b.t.incomplete_handed_over(), 1u);
    b.t.eret_to_ns(2, 410, 1);
    b.t.flush();
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.out[1].time_ns, 300u);
    EXPECT_EQ(b.out[2].time_ns, 400u);
    // The core whose call was handed over starts afresh.
    b.t.powered_up(1, 900);
    b.t.eret_to_ns(1, 950, 0);
    b.t.flush();
    EXPECT_EQ(b.out.size(), 3u);
}

// A second SMC on a core whose call is still open ends the first without an exit.
TEST(FwCalls, ANewSmcEndsTheOpenCall)
{
    bench b;
    b.t.smc(0, 0x80000000, 10, 0x84000008, 0, 0, 0);
    b.t.smc(0, 0x80000000, 20, 0x84000000, 0, 0, 0);
    b.t.eret_to_ns(0, 30, 0x10001);
    b.t.flush();
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_FALSE(b.out[0].points->psci_exit_ns);
    EXPECT_EQ(b.out[1].points->psci_exit_ns, 30u);
}
