// CPU_SUSPEND (power_state parsing in both formats, standby / power-down, entry point,
// abandon on pending interrupt, wake-up events), CPU_DEFAULT_SUSPEND, SYSTEM_SUSPEND.
#include "psci_test_util.h"

namespace
{

std::function<void(psci_config &)> fmt(psci_pstate_format f, bool osi = false)
{
    return [=](psci_config &c) {
        c.power_state_format = f;
        c.osi_supported = osi;
    };
}

TEST(PsciPowerStateParse, OriginalFormatValidAndInvalid)
{
    Sim s({1, 2});
    s.all_on();
    // Valid composites (FVP table): core standby, core off, cluster off, system off.
    struct {
        uint32_t ps;
        int64_t want;
    } cases[] = {
        {0x00000001, PSCI_RET_SUCCESS},
        {0x00010002, PSCI_RET_SUCCESS},
        {0x01010022, PSCI_RET_SUCCESS},
        {0x02010222, PSCI_RET_SUCCESS},
        {0x04000001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 26
        {0x80000001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 31
        {0x00020001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 17
        {0x00800001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 23
        {0x00010001, PSCI_RET_INVALID_PARAMETERS}, // retention with power-down type
        {0x00000002, PSCI_RET_INVALID_PARAMETERS}, // off with standby type
        {0x01010002, PSCI_RET_INVALID_PARAMETERS}, // PowerLevel 1 but StateID only level 0
        {0x00010022, PSCI_RET_INVALID_PARAMETERS}, // PowerLevel 0 but cluster off
        {0x03010222, PSCI_RET_INVALID_PARAMETERS}, // PowerLevel 3 (no such level)
        {0x00000000, PSCI_RET_INVALID_PARAMETERS}, // NULL StateID: core would not leave RUN
        {0x01000010, PSCI_RET_INVALID_PARAMETERS}, // cluster only, core RUN
        {0x01000011, PSCI_RET_INVALID_PARAMETERS}, // cluster retention not supported here
        {0x01010020, PSCI_RET_INVALID_PARAMETERS}, // parent deeper than child
        {0x01010021, PSCI_RET_INVALID_PARAMETERS}, // core ret under cluster off
        {0x0001000F, PSCI_RET_INVALID_PARAMETERS}, // TFTF dummy 0xF
        {0x020102F2, PSCI_RET_INVALID_PARAMETERS},
        {0x00011002, PSCI_RET_INVALID_PARAMETERS}, // last-at nibble without OSI support
        {0x00000003, PSCI_RET_INVALID_PARAMETERS}, // local state 3 is not defined
    };
    for (auto &c : cases) {
        psci_result r = s.suspend(1, c.ps);
        EXPECT_EQ(static_cast<int64_t>(r.x[0]), c.want) << std::hex << c.ps;
        if (r.action != PSCI_ACTION_RETURN) s.wake(1);
        EXPECT_EQ(s.cs(1), PSCI_CORE_ON);
    }
}

TEST(PsciPowerStateParse, ExtendedFormatValidAndInvalid)
{
    Sim s({1, 2}, PSCI_VERSION_1_0, kDefaultHooks, fmt(PSCI_PSTATE_EXTENDED));
    s.all_on();
    struct {
        uint32_t ps;
        int64_t want;
    } cases[] = {
        {0x00000001, PSCI_RET_SUCCESS},
        {0x40000002, PSCI_RET_SUCCESS},
        {0x40000022, PSCI_RET_SUCCESS},
        {0x40000222, PSCI_RET_SUCCESS},
        {0x80000001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 31
        {0x10000001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 28
        {0x20000001, PSCI_RET_INVALID_PARAMETERS}, // reserved bit 29
        {0x40000001, PSCI_RET_INVALID_PARAMETERS}, // type mismatch
        {0x00000002, PSCI_RET_INVALID_PARAMETERS},
        {0x00010002, PSCI_RET_INVALID_PARAMETERS}, // original-format type bit is StateID here
        {0x40100002, PSCI_RET_INVALID_PARAMETERS}, // StateID bits above the encoding
        {0x400000F2, PSCI_RET_INVALID_PARAMETERS},
        {0x40000020, PSCI_RET_INVALID_PARAMETERS},
        {0x40002222, PSCI_RET_INVALID_PARAMETERS}, // last-at without OSI support
    };
    for (auto &c : cases) {
        psci_result r = s.suspend(2, c.ps);
        EXPECT_EQ(static_cast<int64_t>(r.x[0]), c.want) << std::hex << c.ps;
        if (r.action != PSCI_ACTION_RETURN) s.wake(2);
    }
}

TEST(PsciPowerStateParse, ClusterRetentionWhenConfigured)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.level_states[1] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
        c.level_states[2] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
    });
    s.all_on();
    EXPECT_EQ(s.suspend(1, 0x01000011).action, PSCI_ACTION_SUSPEND_STANDBY);
    psci_result r = s.suspend(0, 0x01000011);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_STANDBY);
    EXPECT_EQ(r.target[1], T); // both cores accept cluster retention
    EXPECT_EQ(s.st(0, 1), T);
    s.wake(0);
    s.wake(1);
    // Core off under cluster retention is a valid composite (0x12); 0x21 is not.
    EXPECT_EQ(s.suspend(1, 0x01010012).action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, 0x01010021).x[0]), PSCI_RET_INVALID_PARAMETERS);
    r = s.suspend(0, 0x02000111);
    EXPECT_EQ(r.target[1], T);
    EXPECT_EQ(r.target[2], R); // core 1 voted RUN for the system level
}

TEST(PsciPowerStateParse, PlatformTableHook)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks | FAKE_HOOK_VALIDATE_PSTATE);
    s.all_on();
    EXPECT_EQ(s.suspend(1, 0x00000007).action, PSCI_ACTION_SUSPEND_STANDBY);
    s.wake(1);
    EXPECT_EQ(s.suspend(1, 0x00010008).action, PSCI_ACTION_SUSPEND_POWERDOWN);
    s.wake(1);
    EXPECT_EQ(static_cast<int64_t>(s.suspend(1, 0x00000001).x[0]), PSCI_RET_INVALID_PARAMETERS);
    // Reserved bits are checked before the table; StateType must still agree.
    EXPECT_EQ(static_cast<int64_t>(s.suspend(1, 0x04000007).x[0]), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.f.n_suspend, 2u);
}

TEST(PsciCpuSuspend, StandbyReturnsSuccessAfterWakeup)
{
    Sim s({2});
    psci_result r = s.suspend(0, s.pstate(T), 0 /* entry unused for standby */);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_STANDBY);
    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_SUCCESS);
    EXPECT_FALSE(s.f.last_power_down);
    EXPECT_EQ(s.cs(0), PSCI_CORE_SUSPENDED_STANDBY);
    EXPECT_EQ(s.st(0, 0), T);
    EXPECT_EQ(psci_core_aff_state(s.p, 0), PSCI_AFF_ON);
    psci_resume w = s.wake(0);
    EXPECT_EQ(w.kind, PSCI_RESUME_RETURN);
    EXPECT_EQ(w.x0, 0u);
    EXPECT_EQ(w.from[0], T);
    EXPECT_EQ(s.st(0, 0), R);
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
}

TEST(PsciCpuSuspend, PowerDownWarmBootsAtEntry)
{
    Sim s({2});
    psci_result r = s.suspend(0, s.pstate(O, O, O), kEntry + 0x40, 0xabc);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_TRUE(s.f.last_power_down);
    EXPECT_EQ(r.target_level, 2u); // core 1 never booted: votes OFF
    psci_resume w = s.wake(0);
    EXPECT_EQ(w.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(w.entry, kEntry + 0x40);
    EXPECT_EQ(w.x0, 0xabcu);
    EXPECT_EQ(w.from[2], O);
    // power_up_done is an equivalent way to report the warm boot.
    s.suspend(0, s.pstate(O), kEntry, 5);
    psci_resume u = s.up_done(0);
    EXPECT_EQ(u.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(u.x0, 5u);
}

TEST(PsciCpuSuspend, AbandonedSuspendReturnsSuccess)
{
    Sim s({2});
    s.suspend(0, s.pstate(O), kEntry, 1);
    psci_resume r{};
    EXPECT_EQ(psci_event_suspend_abandoned(s.p, 0, &r), PSCI_OK);
    EXPECT_EQ(r.kind, PSCI_RESUME_RETURN);
    EXPECT_EQ(r.x0, 0u);
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
}

TEST(PsciCpuSuspend, PendingInterruptAbandonsBeforeAnythingChanges)
{
    Sim s({2});
    s.f.irq[0] = true;
    psci_result r = s.suspend(0, s.pstate(O, O));
    EXPECT_EQ(r.action, PSCI_ACTION_RETURN);
    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.f.n_suspend, 0u);
    EXPECT_EQ(s.st(0, 1), R);
    // ...but validation comes first (TFTF parser tests rely on this order).
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, 0x0001000F).x[0]), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O), 1).x[0]), PSCI_RET_INVALID_ADDRESS);
}

TEST(PsciCpuSuspend, EntryPointCheckedOnlyForPowerDown)
{
    for (uint32_t v : {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_3}) {
        Sim s({2}, v);
        const int64_t bad =
            v == PSCI_VERSION_0_2 ? PSCI_RET_INVALID_PARAMETERS : PSCI_RET_INVALID_ADDRESS;
        EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O), 0x10).x[0]), bad);
        EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O), kEntry + 1).x[0]), bad);
        EXPECT_EQ(s.suspend(0, s.pstate(T), 0x10).action, PSCI_ACTION_SUSPEND_STANDBY);
    }
}

TEST(PsciCpuSuspend, PlatformRefusalChangesNothing)
{
    Sim s({2});
    s.f.suspend_rc = PSCI_RET_DENIED;
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O, O)).x[0]), PSCI_RET_DENIED);
    s.f.suspend_rc = PSCI_RET_INVALID_PARAMETERS;
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O, O)).x[0]), PSCI_RET_INVALID_PARAMETERS);
    s.f.suspend_rc = 99;
    EXPECT_EQ(static_cast<int64_t>(s.suspend(0, s.pstate(O, O)).x[0]), PSCI_RET_DENIED);
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
    EXPECT_EQ(s.st(0, 0), R);
    EXPECT_EQ(s.st(0, 1), R);
}

TEST(PsciCpuSuspend, Smc32FormAndWakeOfRunningCoreIsMisuse)
{
    Sim s({2});
    EXPECT_EQ(s.call(0, PSCI_0_2_FN_CPU_SUSPEND, 0xffffffff00000001ull).action,
              PSCI_ACTION_SUSPEND_STANDBY); // upper half of power_state ignored
    s.wake(0);
    psci_resume r;
    EXPECT_EQ(psci_event_wakeup(s.p, 0, &r), PSCI_ERR_STATE);
    EXPECT_EQ(psci_event_wakeup(s.p, 1, &r), PSCI_ERR_STATE); // off core
}

TEST(PsciDefaultSuspend, FirmwarePicksDeepestAndCoordinates)
{
    Sim s({2, 2}, PSCI_VERSION_1_0);
    s.all_on();
    psci_result r = s.call(1, PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND, kEntry, 77);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(r.target[0], O);
    EXPECT_EQ(r.target[1], R); // core 0 is running
    r = s.call(0, PSCI_1_0_FN_CPU_DEFAULT_SUSPEND, kEntry, 78);
    EXPECT_EQ(r.target[1], O); // both cores of cluster 0 allow cluster off
    EXPECT_EQ(r.target[2], R); // cluster 1 runs
    psci_resume w = s.wake(1);
    EXPECT_EQ(w.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(w.x0, 77u);
    EXPECT_EQ(w.from[1], O);
    EXPECT_EQ(static_cast<int64_t>(s.call(1, PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND, 3, 0).x[0]),
              PSCI_RET_INVALID_ADDRESS);
    s.f.irq[1] = true;
    EXPECT_EQ(s.call(1, PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND, kEntry, 0).action, PSCI_ACTION_RETURN);
}

TEST(PsciSystemSuspend, DeniedUnlessAllOthersOff)
{
    Sim s({2, 2}, PSCI_VERSION_1_0);
    s.on(3);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_DENIED);
    // A suspended core is ON: still DENIED (TFTF sys_susp_with_cores_in_suspend).
    s.suspend(3, s.pstate(O, O, O));
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_DENIED);
    s.wake(3);
    // A core that called CPU_OFF but is not yet quiescent is still ON.
    s.call(3, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_DENIED);
    psci_event_power_down_done(s.p, 3);
    // DENIED is checked before the entry point (TF-A order).
    s.on(1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, 0x1, 0), PSCI_RET_DENIED);
    s.off(1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, 0x1, 0), PSCI_RET_INVALID_ADDRESS);
    s.f.irq[0] = true;
    EXPECT_EQ(s.call(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0).action, PSCI_ACTION_RETURN);
    s.f.irq[0] = false;
    psci_result r = s.call(0, PSCI_1_0_FN_SYSTEM_SUSPEND, kEntry, 0x55);
    EXPECT_EQ(r.action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(r.target[0], O);
    EXPECT_EQ(r.target[1], O);
    EXPECT_EQ(r.target[2], O);
    EXPECT_EQ(r.target_level, 2u);
    psci_resume w = s.wake(0);
    EXPECT_EQ(w.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(w.x0, 0x55u);
    EXPECT_EQ(s.st(0, 2), R);
}

TEST(PsciSystemSuspend, FrozenCoresCountAsOff)
{
    Sim s({2}, PSCI_VERSION_1_0);
    s.on(1);
    s.call(1, PSCI_1_0_FN_CPU_FREEZE);
    EXPECT_EQ(s.call(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0).action,
              PSCI_ACTION_SUSPEND_POWERDOWN);
}

} // namespace
