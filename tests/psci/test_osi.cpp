// PSCI_SET_SUSPEND_MODE (DEN 0022 5.1.15) and the OS-initiated CPU_SUSPEND cases that
// TFTF and the RF-A test framework check on the FVP 2x4 topology (cores 0..3 cluster 0,
// 4..7 cluster 1), extended power_state format with "last at level" in StateID[15:12].
#include "psci_test_util.h"

namespace
{

void osi_cfg(psci_config &c)
{
    c.osi_supported = true;
    c.power_state_format = PSCI_PSTATE_EXTENDED;
}

struct Osi : ::testing::Test {
    Sim s{{4, 4}, PSCI_VERSION_1_1, kDefaultHooks, osi_cfg};
    int64_t to_osi() { return s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI); }
    int64_t susp(unsigned c, psci_local_state_t a, psci_local_state_t b, psci_local_state_t d,
                 unsigned last_at)
    {
        return static_cast<int64_t>(s.suspend(c, s.pstate(a, b, d, last_at)).x[0]);
    }
};

TEST_F(Osi, SetSuspendModeArguments)
{
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, 2), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, 0xffffffff), PSCI_RET_INVALID_PARAMETERS);
    // SMC32: the upper half is not part of the argument.
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, 0x100000000ull), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_SUCCESS); // same
    EXPECT_EQ(to_osi(), PSCI_RET_SUCCESS);
    EXPECT_EQ(psci_get_suspend_mode(s.p), PSCI_MODE_OSI);
    EXPECT_EQ(to_osi(), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_SUCCESS);
}

TEST_F(Osi, NotSupportedWithoutOsi)
{
    Sim n({2}, PSCI_VERSION_1_1);
    EXPECT_EQ(n.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_NOT_SUPPORTED);
}

TEST_F(Osi, PcToOsiDeniedWhileACoreIsInAPcSuspend)
{
    s.all_on();
    s.suspend(5, s.pstate(T));
    EXPECT_EQ(to_osi(), PSCI_RET_DENIED);
    s.wake(5);
    s.suspend(5, s.pstate(O, O));
    EXPECT_EQ(to_osi(), PSCI_RET_DENIED);
    s.wake(5);
    // Running, OFF and CPU_DEFAULT_SUSPEND'ed cores are fine (DEN 0022 5.1.15).
    s.off(6);
    s.call(7, PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND, kEntry, 0);
    EXPECT_EQ(to_osi(), PSCI_RET_SUCCESS);
}

TEST_F(Osi, OsiToPcOnlyWhenAllOthersOff)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_DENIED);
    s.call(1, PSCI_0_2_FN_CPU_OFF); // CPU_OFF'ed counts as off even before quiescence
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_SUCCESS);
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(2), kEntry, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_DENIED); // pending
}

TEST_F(Osi, PowerdownAndStandbyLevel0)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.all_on();
    EXPECT_EQ(susp(1, O, R, R, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(2, T, R, R, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.st(1, 1), R);
}

TEST_F(Osi, Level1LastManAndSiblingSuspendsFirst)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(4);
    s.on(5);
    EXPECT_EQ(susp(5, O, R, R, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(4, O, O, R, 1), PSCI_RET_SUCCESS); // RF-A powerdown_level1_osi
    EXPECT_EQ(s.st(4, 1), O);
    s.wake(4);
    s.wake(5);
    // standby_level1_osi on a platform with cluster retention.
    Sim r({4, 4}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        osi_cfg(c);
        c.level_states[1] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
    });
    ASSERT_EQ(r.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI), PSCI_RET_SUCCESS);
    r.on(1);
    EXPECT_EQ(static_cast<int64_t>(r.suspend(1, r.pstate(T)).x[0]), PSCI_RET_SUCCESS);
    EXPECT_EQ(static_cast<int64_t>(r.suspend(0, r.pstate(T, T, R, 1)).x[0]), PSCI_RET_SUCCESS);
    EXPECT_EQ(r.st(0, 1), T);
    r.wake(0);
    // Cluster OFF while a sibling is only in retention: incompatible -> INVALID_PARAMETERS.
    EXPECT_EQ(static_cast<int64_t>(r.suspend(0, r.pstate(O, O, R, 1)).x[0]),
              PSCI_RET_INVALID_PARAMETERS);
}

TEST_F(Osi, Level2LastManAcrossClusters)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    s.on(4);
    EXPECT_EQ(susp(4, O, O, R, 1), PSCI_RET_SUCCESS); // other cluster's last core
    EXPECT_EQ(susp(1, O, R, R, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(0, O, O, O, 2), PSCI_RET_SUCCESS); // primary: system off, last man
    EXPECT_EQ(s.st(0, 2), O);
    EXPECT_EQ(s.st(4, 1), O);
}

TEST_F(Osi, DeniedSameClusterOn)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    EXPECT_EQ(susp(0, O, O, R, 1), PSCI_RET_DENIED); // core 1 awake
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
    EXPECT_EQ(s.st(0, 0), R);
}

TEST_F(Osi, DeniedLevel0WithLevel1Claim)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    EXPECT_EQ(susp(0, O, R, R, 1), PSCI_RET_DENIED);
}

TEST_F(Osi, Cluster0OffWhileOtherClusterOn)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(4);
    EXPECT_EQ(susp(0, O, O, R, 1), PSCI_RET_SUCCESS); // clusters are independent
}

TEST_F(Osi, DeniedSystemWithACoreAwake)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    EXPECT_EQ(susp(0, O, O, O, 2), PSCI_RET_DENIED); // same cluster awake
    s.off(1);
    s.on(5);
    EXPECT_EQ(susp(0, O, O, O, 2), PSCI_RET_DENIED); // other cluster awake
}

TEST_F(Osi, TftfSuspendInvalidAndIncompatible)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.all_on();
    // All non-lead cores suspend at level 0 except core 6 (other cluster) which runs.
    for (unsigned c = 1; c < 8; c++)
        if (c != 6) {
            ASSERT_EQ(susp(c, O, R, R, 0), PSCI_RET_SUCCESS);
        }
    EXPECT_EQ(susp(0, O, O, O, 2), PSCI_RET_DENIED);
    // Now core 6 suspends at level 0 too: cluster 1 stays RUN -> still DENIED.
    ASSERT_EQ(susp(6, O, R, R, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(0, O, O, O, 2), PSCI_RET_DENIED);
}

TEST_F(Osi, InvalidLastAtLevels)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(0, O, R, R, 3), PSCI_RET_INVALID_PARAMETERS); // RF-A osi_invalid_level
    EXPECT_EQ(susp(0, O, R, R, 15), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(susp(0, O, O, R, 0), PSCI_RET_INVALID_PARAMETERS); // cluster off, last only at 0
}

TEST_F(Osi, PendingInterruptWinsOverOsiChecks)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    s.f.irq[0] = true;
    EXPECT_EQ(susp(0, O, O, R, 1), PSCI_RET_SUCCESS); // TF-A checks ISR_EL1 first
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
}

TEST_F(Osi, OnPendingSiblingIsNotIdle)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(susp(0, O, O, R, 1), PSCI_RET_DENIED);
}

TEST_F(Osi, CpuOffStaysPlatformCoordinated)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(1);
    psci_result r = s.call(1, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(r.target[1], R);
    psci_event_power_down_done(s.p, 1);
    r = s.call(0, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(r.target[1], O);
    EXPECT_EQ(r.target[2], O);
}

TEST_F(Osi, DefaultSuspendInOsiIsCoreOnly)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    psci_result r = s.call(0, PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND, kEntry, 0);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(r.target[0], O);
    EXPECT_EQ(r.target[1], R); // no parent goes down without the OS asking
}

TEST_F(Osi, SystemSuspendInOsiMode)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    s.on(5);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_DENIED);
    s.off(5);
    psci_result r = s.call(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 3);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(r.target[1], O);
    EXPECT_EQ(r.target[2], O);
    psci_resume w = s.wake(0);
    EXPECT_EQ(w.x0, 3u);
    EXPECT_EQ(psci_get_suspend_mode(s.p), PSCI_MODE_OSI);
}

TEST_F(Osi, AArch32CallerResumesInAArch32)
{
    ASSERT_EQ(to_osi(), PSCI_RET_SUCCESS);
    psci_result r = s.call(0, PSCI_0_2_FN_CPU_SUSPEND, s.pstate(O), kEntry | 1, 0, true);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    psci_resume w = s.wake(0);
    EXPECT_TRUE(w.aarch32);
    EXPECT_EQ(w.entry, kEntry | 1);
}

TEST_F(Osi, OriginalFormatCarriesLastAtToo)
{
    Sim o({2}, PSCI_VERSION_1_0, kDefaultHooks, [](psci_config &c) { c.osi_supported = true; });
    ASSERT_EQ(o.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI), PSCI_RET_SUCCESS);
    // 0x01011022: power-down, level 1, StateID 0x1022 (last at level 1).
    EXPECT_EQ(static_cast<int64_t>(o.suspend(0, 0x01011022u).x[0]), PSCI_RET_SUCCESS);
    EXPECT_EQ(o.st(0, 1), O);
    o.wake(0);
    // In PC mode the last-at field is ignored when OSI is supported.
    Sim pc({2}, PSCI_VERSION_1_0, kDefaultHooks, [](psci_config &c) { c.osi_supported = true; });
    EXPECT_EQ(pc.suspend(0, 0x0001F002u).action, PSCI_ACTION_SUSPEND_POWERDOWN);
}

} // namespace
