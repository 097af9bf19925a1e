// Dispatch speed smoke test: the ldr/str/subs/b.ne loop the issue measures
// Unicorn on. Prints MIPS (host-time dependent, so informational only) and
// asserts the architectural result and exact cycle count, which are not.
#include "test_a64_harness.h"

#include <chrono>
#include <cstdio>

namespace {

TEST_F(A64Test, LoopSpeedAndExactCycles)
{
#if defined(__SANITIZE_ADDRESS__)
    const uint64_t iters = 500000;
#else
    const uint64_t iters = 10000000;
#endif
    load(kRam, {0xf9400022,   // loop: ldr x2, [x1]
                0xf9000422,   //       str x2, [x1, #8]
                0xf1000400,   //       subs x0, x0, #1
                0x54ffffa1,   //       b.ne loop
                enc::stop()});
    x(0) = iters;
    x(1) = kRam + 0x8000;
    put64(kRam + 0x8000, 0x1234);
    st().pc = kRam;
    auto t0 = std::chrono::steady_clock::now();
    a64_stop_info i = run(UINT64_MAX / 2);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(i.instructions, 4 * iters + 1);
    // ldr 3 + str 1 + subs 1 + b.ne 1 (+1 taken, except the last) + hlt 1
    EXPECT_EQ(i.cycles, 7 * iters - 1 + 1);
    EXPECT_EQ(ram64(kRam + 0x8008), 0x1234u);
    std::printf("[ perf     ] %.1f MIPS (%llu instructions in %.3f s, cycle accounting on)\n",
                (double)i.instructions / s / 1e6, (unsigned long long)i.instructions, s);
}

} // namespace
