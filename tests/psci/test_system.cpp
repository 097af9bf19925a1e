// SYSTEM_OFF / SYSTEM_OFF2 / SYSTEM_RESET / SYSTEM_RESET2, MEM_PROTECT(_CHECK_RANGE),
// PSCI_STAT_RESIDENCY / PSCI_STAT_COUNT and the system-reset event.
#include "psci_test_util.h"

namespace
{

TEST(PsciSystemOff, PowersOffAndHaltsTheLibrary)
{
    Sim s({2});
    s.on(1);
    psci_result r = s.call(1, PSCI_0_2_FN_SYSTEM_OFF); // from a non-boot core, others on
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_OFF);
    EXPECT_EQ(s.f.n_sys_off, 1u);
    EXPECT_TRUE(psci_is_halted(s.p));
    psci_result r2;
    const uint64_t x[4] = {PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0};
    EXPECT_EQ(psci_handle_call(s.p, 0, false, x, &r2), PSCI_ERR_HALTED);
    psci_resume res;
    EXPECT_EQ(psci_event_wakeup(s.p, 0, &res), PSCI_ERR_HALTED);
    EXPECT_EQ(psci_event_power_up_done(s.p, 0, &res), PSCI_ERR_HALTED);
    EXPECT_EQ(psci_event_power_down_done(s.p, 0), PSCI_ERR_HALTED);
    EXPECT_EQ(psci_event_suspend_abandoned(s.p, 0, &res), PSCI_ERR_HALTED);
    // Power on again = cold boot.
    EXPECT_EQ(psci_event_system_reset(s.p), PSCI_OK);
    EXPECT_FALSE(psci_is_halted(s.p));
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_PSCI_VERSION), 0x10001);
    EXPECT_EQ(s.cs(1), PSCI_CORE_OFF);
}

TEST(PsciSystemOff2, OnlyIn13WithHibernateTypes)
{
    for (uint32_t v : {PSCI_VERSION_1_1, PSCI_VERSION_1_2}) {
        Sim s({1}, v);
        EXPECT_EQ(s.ret(0, PSCI_1_3_FN_SYSTEM_OFF2, 1, 0), PSCI_RET_NOT_SUPPORTED);
        EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_3_FN_SYSTEM_OFF2),
                  PSCI_RET_NOT_SUPPORTED);
        EXPECT_EQ(s.f.n_off2, 0u);
    }
    Sim s({1}, PSCI_VERSION_1_3);
    EXPECT_EQ(s.ret(0, PSCI_1_3_FN_SYSTEM_OFF2, 2, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_3_FN_SYSTEM_OFF2, 0x80000001u, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_3_FN64_SYSTEM_OFF2, 1, 1), PSCI_RET_INVALID_PARAMETERS); // cookie
    EXPECT_EQ(s.ret(0, PSCI_1_3_FN64_SYSTEM_OFF2, 0, 0x100000000ull), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.f.n_off2, 0u);
    // SMC32: the cookie's upper half is not part of the argument.
    psci_result r = s.call(0, PSCI_1_3_FN_SYSTEM_OFF2, 0, 0x100000000ull);
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_OFF2);
    EXPECT_EQ(r.off2_type, 0u); // alias of HIBERNATE_OFF (DEN 0022F.b)
    EXPECT_EQ(s.f.last_off2_type, PSCI_OFF2_HIBERNATE_OFF);
    EXPECT_TRUE(psci_is_halted(s.p));
    psci_event_system_reset(s.p);
    r = s.call(0, PSCI_1_3_FN64_SYSTEM_OFF2, 1, 0);
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_OFF2);
    EXPECT_EQ(r.off2_type, 1u);
}

TEST(PsciSystemReset, ColdResetThenEventRestoresBootState)
{
    Sim s({2, 2}, PSCI_VERSION_1_0);
    s.all_on();
    s.suspend(2, s.pstate(O, O));
    psci_result r = s.call(1, PSCI_0_2_FN_SYSTEM_RESET);
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_RESET);
    EXPECT_EQ(s.f.n_sys_reset, 1u);
    EXPECT_FALSE(psci_is_halted(s.p));
    EXPECT_EQ(psci_event_system_reset(s.p), PSCI_OK);
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
    for (unsigned c = 1; c < 4; c++)
        EXPECT_EQ(s.cs(c), PSCI_CORE_OFF);
    EXPECT_EQ(s.st(0, 1), R);
    EXPECT_EQ(s.st(2, 1), O);
}

TEST(PsciSystemReset2, WarmVendorAndInvalid)
{
    Sim s({1}, PSCI_VERSION_1_1);
    s.f.mem_protect = true;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_SYSTEM_RESET2, 1, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_SYSTEM_RESET2, 0x7fffffff, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.f.n_reset2, 0u);
    EXPECT_TRUE(s.f.mem_protect);                // untouched by a rejected call
    s.f.reset2_rc = PSCI_RET_INVALID_PARAMETERS; // platform does not know vendor type 2
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_SYSTEM_RESET2, 0x80000002u, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_TRUE(s.f.last_reset2_vendor);
    EXPECT_EQ(s.f.last_reset2_type, 2u);
    EXPECT_TRUE(s.f.mem_protect); // vendor path does not touch memory protection
    s.f.reset2_rc = 5;            // outside the spec
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_SYSTEM_RESET2, 0x80000002u, 0), PSCI_RET_INTERNAL_FAILURE);
    s.f.reset2_rc = PSCI_RET_SUCCESS;
    psci_result r = s.call(0, PSCI_1_1_FN64_SYSTEM_RESET2, 0x80000003u, 0x1122334455ull);
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_RESET_VENDOR);
    EXPECT_EQ(r.reset_type, 0x80000003u);
    EXPECT_EQ(r.reset_cookie, 0x1122334455ull);
    EXPECT_EQ(s.f.last_reset2_cookie, 0x1122334455ull);
    // Warm reset: memory protection is switched off first (TF-A; TFTF reset2_mem_protect).
    r = s.call(0, PSCI_1_1_FN_SYSTEM_RESET2, 0, 0);
    EXPECT_EQ(r.action, PSCI_ACTION_SYSTEM_RESET_WARM);
    EXPECT_FALSE(s.f.last_reset2_vendor);
    EXPECT_EQ(s.f.last_reset2_type, 0u);
    EXPECT_FALSE(s.f.mem_protect);
    // ...and if that fails, NOT_SUPPORTED without resetting.
    s.f.mem_write_rc = -1;
    const unsigned before = s.f.n_reset2;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_SYSTEM_RESET2, 0, 0), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.f.n_reset2, before);
}

TEST(PsciSystemReset2, NotIn10)
{
    Sim s({1}, PSCI_VERSION_1_0);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_SYSTEM_RESET2, 0, 0), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 1), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT_CHECK_RANGE, kRamBase, 1), PSCI_RET_NOT_SUPPORTED);
}

TEST(PsciMemProtect, ReturnsPreviousState)
{
    Sim s({1});
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 0), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 1), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 1), 1);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 0), 1);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 7), 0); // any non-zero enables (TF-A)
    EXPECT_TRUE(s.f.mem_protect);
    s.f.mem_read_rc = -1;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 0), PSCI_RET_NOT_SUPPORTED);
    s.f.mem_read_rc = 0;
    s.f.mem_write_rc = -1;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT, 0), PSCI_RET_NOT_SUPPORTED);
}

TEST(PsciMemProtect, CheckRangeTftfVectors)
{
    Sim s({1});
    const uint64_t umax = ~0ull;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, umax, 1), PSCI_RET_DENIED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, 1, umax), PSCI_RET_DENIED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, umax, 0), PSCI_RET_DENIED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, 0, 1), PSCI_RET_DENIED);
    const uint64_t base = s.f.prot_base, size = s.f.prot_size;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base, 0), PSCI_RET_DENIED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base, umax), PSCI_RET_DENIED);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base, 1), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base, size - 1), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base + size - 1, 1),
              PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE, base + size - 1, 2), PSCI_RET_DENIED);
    // SMC32: a range that wraps the 32-bit address space is DENIED before the platform.
    const unsigned checks = s.f.n_mem_check;
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT_CHECK_RANGE, 0xfffff000u, 0x2000), PSCI_RET_DENIED);
    EXPECT_EQ(s.f.n_mem_check, checks);
    EXPECT_EQ(s.ret(0, PSCI_1_1_FN_MEM_PROTECT_CHECK_RANGE, base, 0x1000), PSCI_RET_SUCCESS);
}

TEST(PsciStat, CountsAndResidencyPerNodeAndState)
{
    Sim s({2, 2}, PSCI_VERSION_1_0);
    s.all_on();
    const uint32_t core_ret = s.pstate(T), core_off = s.pstate(O), cl_off = s.pstate(O, O);
    auto count = [&](unsigned c, uint32_t ps) {
        return s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(c), ps);
    };
    auto res = [&](unsigned c, uint32_t ps) {
        return s.ret(0, PSCI_1_0_FN64_STAT_RESIDENCY, s.mpidr(c), ps);
    };
    s.f.now_ns = 1000000;
    s.suspend(1, core_ret);
    EXPECT_EQ(count(1, core_ret), 0); // counted when the stay ends (TF-A)
    s.f.now_ns = 1500000;
    s.wake(1);
    EXPECT_EQ(count(1, core_ret), 1);
    EXPECT_EQ(res(1, core_ret), 500); // microseconds
    EXPECT_EQ(count(1, core_off), 0);
    // Cluster 1: both cores down with cluster-off votes -> cluster off for 2 ms.
    s.f.now_ns = 2000000;
    s.suspend(2, cl_off);
    s.f.now_ns = 2100000;
    s.suspend(3, cl_off);
    EXPECT_EQ(s.st(2, 1), O);
    s.f.now_ns = 4100000;
    s.wake(3);
    EXPECT_EQ(count(2, cl_off), 1); // cluster node, looked up through either core
    EXPECT_EQ(count(3, cl_off), 1);
    EXPECT_EQ(res(2, cl_off), 2000);
    EXPECT_EQ(count(3, core_off), 1);
    EXPECT_EQ(res(3, core_off), 2000);
    EXPECT_EQ(count(2, core_off), 0); // core 2 still asleep
    psci_node_stats st{};
    ASSERT_TRUE(psci_get_node_stats(s.p, 2, 0, O, true, &st));
    EXPECT_EQ(st.count, 1u);
    EXPECT_EQ(st.residency_us, 2100u);
    ASSERT_TRUE(psci_get_node_stats(s.p, 2, 0, O, false, &st));
    EXPECT_EQ(st.count, 0u);
    EXPECT_FALSE(psci_get_node_stats(s.p, 2, 3, O, false, &st));
    EXPECT_FALSE(psci_get_node_stats(s.p, 2, 0, R, false, &st));
    EXPECT_FALSE(psci_get_node_stats(s.p, 9, 0, O, false, &st));
    // SMC32 and SMC64 agree for small values.
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_STAT_COUNT, s.mpidr(3), core_off), 1);
}

TEST(PsciStat, CpuOffCountsAsCorePowerDown)
{
    Sim s({2}, PSCI_VERSION_1_0);
    s.on(1);
    s.f.now_ns = 10000;
    s.off(1);
    s.f.now_ns = 30000;
    s.on(1);
    EXPECT_EQ(s.ret(1, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), s.pstate(O)), 1);
    EXPECT_EQ(s.ret(1, PSCI_1_0_FN64_STAT_RESIDENCY, s.mpidr(1), s.pstate(O)), 20);
}

TEST(PsciStat, InvalidArgumentsReturnZeroAndResetClears)
{
    Sim s({2}, PSCI_VERSION_1_0);
    s.on(1);
    s.suspend(1, s.pstate(T));
    s.f.now_ns = 5000;
    s.wake(1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), s.pstate(T)), 1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, 0xFFFF, s.pstate(T)), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), 0x0001000F), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_RESIDENCY, s.mpidr(1), 0xFC000001), 0);
    // Never-booted cores sit in OFF since cold boot: not an entry (TFTF stats_after_reset).
    psci_event_system_reset(s.p);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), s.pstate(T)), 0);
    s.on(1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), s.pstate(O)), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, s.mpidr(1), s.pstate(O, O)), 0);
}

TEST(PsciStat, ResidencyNeedsTimeSourceCountDoesNot)
{
    Sim s({1}, PSCI_VERSION_1_0, kDefaultHooks & ~FAKE_HOOK_TIME);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_RESIDENCY, 0, s.pstate(T)), PSCI_RET_NOT_SUPPORTED);
    s.suspend(0, s.pstate(T));
    s.wake(0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, 0, s.pstate(T)), 1);
}

TEST(PsciStat, BackwardsTimeSourceIsClamped)
{
    Sim s({1}, PSCI_VERSION_1_0);
    s.f.now_ns = 9000;
    s.suspend(0, s.pstate(T));
    s.f.now_ns = 1000; // a broken platform clock must not produce a huge residency
    s.wake(0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_RESIDENCY, 0, s.pstate(T)), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_STAT_COUNT, 0, s.pstate(T)), 1);
}

TEST(PsciStat, Smc32ResultIsTruncatedTo32Bits)
{
    Sim s({1}, PSCI_VERSION_1_0);
    s.suspend(0, s.pstate(T));
    s.f.now_ns = 5000000000000000ull; // 5e9 us: does not fit 32 bits
    s.wake(0);
    psci_result r64 = s.call(0, PSCI_1_0_FN64_STAT_RESIDENCY, 0, s.pstate(T));
    psci_result r32 = s.call(0, PSCI_1_0_FN_STAT_RESIDENCY, 0, s.pstate(T));
    EXPECT_EQ(r64.x[0], 5000000000000ull);
    EXPECT_EQ(r32.x[0], 5000000000000ull & 0xffffffffull);
}

} // namespace
