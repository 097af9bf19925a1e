// The ISS's debugger hooks (a64.h): single step and data watchpoints. Both must
// leave timing alone: a run that is stopped and resumed charges exactly the cycles
// of a free run.
#include "test_a64_harness.h"

namespace
{

constexpr uint32_t str_x0_x1 = 0xf9000020; // str x0, [x1]
constexpr uint32_t ldr_x2_x1 = 0xf9400022; // ldr x2, [x1]
constexpr uint32_t subs_x3 = 0xf1000463;   // subs x3, x3, #1
constexpr uint32_t bne_back = 0x54ffffe1;  // b.ne .-4
constexpr uint64_t kData = kRam + 0x8000;

class DebugTest : public A64Test
{
  public:
    DebugTest() { core = add_core(default_cfg()); }
    void program()
    {
        load(kRam, {enc::movz(0, 5), enc::movz(1, 0x8000), enc::movk(1, 0x4000, 1), str_x0_x1,
                    ldr_x2_x1, enc::movz(3, 3), subs_x3, bne_back, enc::stop()});
        st().pc = kRam;
    }
};

TEST_F(DebugTest, SingleStepRetiresOneInstructionAtATime)
{
    program();
    a64_set_single_step(core, true);
    for (unsigned k = 1; k <= 4; ++k) {
        a64_stop_info i = run();
        EXPECT_EQ(i.reason, A64_STOP_REQUESTED);
        EXPECT_EQ(i.instructions, 1u);
        EXPECT_EQ(st().pc, kRam + 4 * k);
    }
    EXPECT_EQ(ram64(kData), 5u);
    // SUBS followed by B.NE is one dispatch in a free run; a step stops between them.
    run(); // ldr
    run(); // movz x3
    run(); // subs
    EXPECT_EQ(st().pc, kRam + 28);
    run(); // b.ne taken
    EXPECT_EQ(st().pc, kRam + 24);
    a64_set_single_step(core, false);
    EXPECT_EQ(run().reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(x(3), 0u);
}

TEST_F(DebugTest, SteppedRunChargesTheCyclesOfAFreeRun)
{
    program();
    run();
    uint64_t free_cycles = a64_core_cycles(core), free_insns = a64_core_instructions(core);
    program();
    uint64_t c0 = a64_core_cycles(core), n0 = a64_core_instructions(core);
    a64_set_single_step(core, true);
    a64_stop_info i;
    do {
        i = run();
    } while (i.reason == A64_STOP_REQUESTED);
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(a64_core_cycles(core) - c0, free_cycles);
    EXPECT_EQ(a64_core_instructions(core) - n0, free_insns);
}

TEST_F(DebugTest, StepIntoAnException)
{
    set_sr(SR_VBAR_EL1, kRam + 0x4000);
    load(kRam + 0x4000 + 0x200, {enc::stop()}); // current EL, SPx, synchronous
    load(kRam, {enc::svc(1), enc::stop()});
    st().pc = kRam;
    a64_set_single_step(core, true);
    a64_stop_info i = run();
    EXPECT_EQ(i.reason, A64_STOP_REQUESTED);
    EXPECT_EQ(st().pc, kRam + 0x4200);
}

TEST_F(DebugTest, WriteWatchpointStopsBeforeTheStore)
{
    program();
    ASSERT_EQ(0, a64_watchpoint_add(core, kData + 4, 4, A64_WATCH_WRITE));
    a64_stop_info i = run();
    EXPECT_EQ(i.reason, A64_STOP_WATCHPOINT);
    EXPECT_EQ(st().pc, kRam + 12); // the STR, not executed
    EXPECT_EQ(i.instructions, 3u);
    EXPECT_EQ(ram64(kData), 0u);
    uint64_t wp = 0, acc = 0;
    unsigned kind = 0;
    ASSERT_TRUE(a64_watchpoint_hit(core, &wp, &kind, &acc));
    EXPECT_EQ(wp, kData + 4);
    EXPECT_EQ(kind, (unsigned)A64_WATCH_WRITE);
    EXPECT_EQ(acc, kData);
    // Resuming executes the store once; the load does not match a write watchpoint.
    i = run();
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_FALSE(a64_watchpoint_hit(core, &wp, &kind, &acc));
    EXPECT_EQ(ram64(kData), 5u);
    EXPECT_EQ(x(2), 5u);
    EXPECT_EQ(0, a64_watchpoint_remove(core, kData + 4, 4, A64_WATCH_WRITE));
    EXPECT_EQ(-1, a64_watchpoint_remove(core, kData + 4, 4, A64_WATCH_WRITE));
}

TEST_F(DebugTest, ReadAndAccessWatchpoints)
{
    program();
    ASSERT_EQ(0, a64_watchpoint_add(core, kData, 8, A64_WATCH_READ));
    EXPECT_EQ(run().reason, A64_STOP_WATCHPOINT);
    EXPECT_EQ(st().pc, kRam + 16); // the LDR
    EXPECT_EQ(ram64(kData), 5u);   // the store went through
    EXPECT_EQ(run().reason, A64_STOP_SEMIHOST);
    ASSERT_EQ(0, a64_watchpoint_remove(core, kData, 8, A64_WATCH_READ));
    program();
    ASSERT_EQ(0, a64_watchpoint_add(core, kData, 1, A64_WATCH_ACCESS));
    EXPECT_EQ(run().reason, A64_STOP_WATCHPOINT);
    EXPECT_EQ(st().pc, kRam + 12);
    EXPECT_EQ(run().reason, A64_STOP_WATCHPOINT);
    EXPECT_EQ(st().pc, kRam + 16);
    EXPECT_EQ(run().reason, A64_STOP_SEMIHOST);
    // Out of range: no stop.
    ASSERT_EQ(0, a64_watchpoint_remove(core, kData, 1, A64_WATCH_ACCESS));
    ASSERT_EQ(0, a64_watchpoint_add(core, kData + 8, 8, A64_WATCH_ACCESS));
    program();
    EXPECT_EQ(run().reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(-1, a64_watchpoint_add(core, kData, 0, A64_WATCH_WRITE));
    EXPECT_EQ(-1, a64_watchpoint_add(core, kData, 8, 0));
}

TEST_F(DebugTest, WatchpointStopsChargeTheCyclesOfAFreeRun)
{
    program();
    run();
    uint64_t free_cycles = a64_core_cycles(core), free_insns = a64_core_instructions(core);
    program();
    uint64_t c0 = a64_core_cycles(core), n0 = a64_core_instructions(core);
    ASSERT_EQ(0, a64_watchpoint_add(core, kData, 8, A64_WATCH_ACCESS));
    unsigned stops = 0;
    a64_stop_info i;
    while ((i = run()).reason == A64_STOP_WATCHPOINT)
        ++stops;
    EXPECT_EQ(stops, 2u);
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(a64_core_cycles(core) - c0, free_cycles);
    EXPECT_EQ(a64_core_instructions(core) - n0, free_insns);
}

// A breakpoint elsewhere must not change where a cycle budget ends: the SUBS + B.cond
// pair stays one dispatch, as in a free run.
TEST_F(DebugTest, UnrelatedBreakpointKeepsBudgetStops)
{
    auto trace = [&](bool with_bp) {
        load(kRam, {enc::movz(3, 50), subs_x3, bne_back, enc::stop()});
        st().pc = kRam;
        if (with_bp) a64_breakpoint_add(core, kRam + 0x800);
        std::vector<uint64_t> t;
        a64_stop_info i;
        do {
            i = run(7);
            t.push_back(i.cycles);
            t.push_back(i.instructions);
            t.push_back(st().pc);
        } while (i.reason == A64_STOP_BUDGET);
        if (with_bp) a64_breakpoint_remove(core, kRam + 0x800);
        return t;
    };
    EXPECT_EQ(trace(false), trace(true));
}

TEST_F(DebugTest, BreakpointsAndWatchpointsSurviveResets)
{
    program();
    ASSERT_EQ(0, a64_breakpoint_add(core, kRam + 8));
    ASSERT_EQ(0, a64_watchpoint_add(core, kData, 8, A64_WATCH_WRITE));
    a64_core_reset(core);
    a64_core_warm_reset(core, 1, kRam, 0);
    EXPECT_EQ(run().reason, A64_STOP_BREAKPOINT);
    EXPECT_EQ(st().pc, kRam + 8);
    EXPECT_EQ(run().reason, A64_STOP_WATCHPOINT);
    EXPECT_EQ(st().pc, kRam + 12);
}

} // namespace
