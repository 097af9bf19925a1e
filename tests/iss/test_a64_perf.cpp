// Dispatch speed smoke test: the ldr/str/subs/b.ne loop the issue measures
// Unicorn on. Prints MIPS (host-time dependent, so informational only) and
// asserts the architectural result and exact cycle count, which are not.
#include "test_a64_harness.h"

#include <cstdio>
#include <ctime>

namespace
{

TEST_F(A64Test, LoopSpeedAndExactCycles)
{
#if defined(__SANITIZE_ADDRESS__)
    const uint64_t iters = 500000;
#else
    const uint64_t iters = 10000000;
#endif
    load(kRam, {0xf9400022, // loop: ldr x2, [x1]
                0xf9000422, //       str x2, [x1, #8]
                0xf1000400, //       subs x0, x0, #1
                0x54ffffa1, //       b.ne loop
                enc::stop()});
    x(0) = iters;
    x(1) = kRam + 0x8a00;
    put64(kRam + 0x8a00, 0x1234);
    st().pc = kRam;
    // Thread CPU time, so a loaded host does not distort the figure.
    timespec t0, t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    a64_stop_info i = run(UINT64_MAX / 2);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(i.instructions, 4 * iters + 1);
    // ldr 3 + str 1 + subs 1 + b.ne 1 (+1 taken, except the last) + hlt 1
    EXPECT_EQ(i.cycles, 7 * iters - 1 + 1);
    EXPECT_EQ(ram64(kRam + 0x8a00), 0x1234u);
    std::printf("[ perf     ] %.1f MIPS (%llu instructions in %.3f s of thread CPU time, cycle "
                "accounting on)\n",
                (double)i.instructions / s / 1e6, (unsigned long long)i.instructions, s);
}

} // namespace

namespace
{

// SUBS + B.cond run as one dispatch: the pair must stay invisible.
TEST_F(A64Test, CompareBranchPairStaysArchitectural)
{
    // loop: subs x0, x0, #1 ; b.ne loop ; hlt
    load(kRam, {0xf1000400, 0x54ffffe1, enc::stop()});
    x(0) = 3;
    st().pc = kRam;
    a64_stop_info i = run();
    ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(i.instructions, 7u);
    EXPECT_EQ(i.cycles, 3u * 2 + 2 /* taken */ + 1); // subs 1, b.ne 1 (+1 taken), hlt 1
    // a breakpoint on the B.cond still stops there, before it executes
    ASSERT_EQ(0, a64_breakpoint_add(core, kRam + 4));
    x(0) = 2;
    st().pc = kRam;
    i = run();
    EXPECT_EQ(i.reason, A64_STOP_BREAKPOINT);
    EXPECT_EQ(st().pc, kRam + 4);
    EXPECT_EQ(x(0), 1u);
    ASSERT_EQ(0, a64_breakpoint_remove(core, kRam + 4));
    // rewriting the B.cond (a guest store) ends the pairing: now it is a NOP
    x(0) = 5;
    x(1) = kRam + 4;
    x(2) = enc::nop();
    load(kRam + 0x100, {0xb9000022, 0x17ffffbf}); // str w2, [x1] ; b kRam
    st().pc = kRam + 0x100;
    i = run();
    ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(x(0), 4u); // one subs, then the nop, then hlt
    EXPECT_EQ(st().pc, kRam + 12);
}

// The fused SUBS + B.cond pair at page edges (the predecode cache works per 4 KiB
// page; a taken pair inside one page chains slot to slot). Wherever the loop sits,
// the architectural result, instruction count and cycles must be the same as in
// the middle of a page.
TEST_F(A64Test, CompareBranchPairAtPageEdges)
{
    const uint64_t expected_cycles = 3u * 2 + 2 /* taken */ + 1;
    // loop: subs x0, x0, #1 ; b.ne loop ; hlt
    const uint64_t starts[] = {
        kRam + 0x1ff8, // pair in the last two slots of a page, hlt on the next page
        kRam + 0x2ffc, // subs in the last slot, b.ne on the next page jumps back across
        kRam + 0x3000, // pair at the start of a page, taken branch to slot 0
    };
    for (uint64_t at : starts) {
        SCOPED_TRACE(at);
        load(at, {0xf1000400, 0x54ffffe1, enc::stop()});
        x(0) = 3;
        st().pc = at;
        a64_stop_info i = run();
        ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_EQ(x(0), 0u);
        EXPECT_EQ(st().pc, at + 12);
        EXPECT_EQ(i.instructions, 7u);
        EXPECT_EQ(i.cycles, expected_cycles);
    }
}

} // namespace
