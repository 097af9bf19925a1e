// CPU_ON, CPU_OFF, AFFINITY_INFO, CPU_FREEZE, MIGRATE*, NODE_HW_STATE and their races.
#include "psci_test_util.h"

namespace
{

TEST(PsciCpuOn, SuccessThenPowerUpDoneStartsAtEntryWithContext)
{
    Sim s({2, 4});
    psci_result r = s.call(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(5), kEntry + 0x100, 0xfeedf00d);
    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_SUCCESS);
    EXPECT_EQ(r.action, PSCI_ACTION_RETURN);
    EXPECT_EQ(s.f.n_on, 1u);
    EXPECT_EQ(s.f.last_core, 5u);
    EXPECT_EQ(s.cs(5), PSCI_CORE_ON_PENDING);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(5), 0), PSCI_AFF_ON_PENDING);
    psci_resume res = s.up_done(5);
    EXPECT_EQ(res.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(res.entry, kEntry + 0x100);
    EXPECT_EQ(res.x0, 0xfeedf00du);
    EXPECT_EQ(res.context_id, 0xfeedf00du);
    EXPECT_FALSE(res.aarch32);
    EXPECT_EQ(res.from[0], O);
    EXPECT_EQ(res.from[1], O); // cluster 1 was off since cold boot
    EXPECT_EQ(res.from[2], R);
    EXPECT_EQ(s.cs(5), PSCI_CORE_ON);
    EXPECT_EQ(s.st(5, 1), R);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(5), 0), PSCI_AFF_ON);
}

TEST(PsciCpuOn, InvalidTargets)
{
    Sim s({2, 4});
    for (uint64_t t :
         {uint64_t{0xFFFFFFFF}, uint64_t{0x7}, uint64_t{0x400}, uint64_t{0x104}, uint64_t{0x200},
          uint64_t{0x80000001}, uint64_t{0x1000001}, uint64_t{0x10000000001}})
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, t, kEntry, 0), PSCI_RET_INVALID_PARAMETERS)
            << std::hex << t;
    EXPECT_EQ(s.f.n_on, 0u);
}

TEST(PsciCpuOn, InvalidEntryPointByVersion)
{
    for (uint32_t v : {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1, PSCI_VERSION_1_3}) {
        Sim s({2}, v);
        const int64_t bad =
            v == PSCI_VERSION_0_2 ? PSCI_RET_INVALID_PARAMETERS : PSCI_RET_INVALID_ADDRESS;
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), 0x0, 0), bad);        // TFTF
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry | 1, 0), bad); // bit0
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry | 2, 0), bad); // align
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kRamBase - 4, 0), bad);
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kRamBase + kRamSize, 0), bad);
        EXPECT_EQ(s.f.n_on, 0u);
        EXPECT_EQ(s.cs(1), PSCI_CORE_OFF);
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kRamBase + kRamSize - 4, 0),
                  PSCI_RET_SUCCESS);
    }
}

TEST(PsciCpuOn, AArch32CallerThumbEntry)
{
    Sim s({2});
    // bit0 = Thumb for an AArch32 caller; an A32 entry must be word aligned.
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_CPU_ON, s.mpidr(1), kEntry | 2, 0, true),
              PSCI_RET_INVALID_ADDRESS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_CPU_ON, s.mpidr(1), kEntry | 3, 7, true), PSCI_RET_SUCCESS);
    psci_resume r = s.up_done(1);
    EXPECT_TRUE(r.aarch32);
    EXPECT_EQ(r.entry, kEntry | 3);
}

TEST(PsciCpuOn, NoRamRangesAcceptsAnyAlignedAddress)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) { c.num_ns_ram = 0; });
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), 0x1000, 0), PSCI_RET_SUCCESS);
}

TEST(PsciCpuOn, AlreadyOnCases)
{
    Sim s({2, 2});
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(0), kEntry, 0), PSCI_RET_ALREADY_ON); // self
    s.on(1);
    EXPECT_EQ(s.ret(1, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_ALREADY_ON);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_ALREADY_ON);
    // Suspended (standby and power-down) targets are ON (DEN 0022 5.1.4).
    EXPECT_EQ(s.suspend(1, s.pstate(T)).action, PSCI_ACTION_SUSPEND_STANDBY);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_ALREADY_ON);
    s.wake(1);
    EXPECT_EQ(s.suspend(1, s.pstate(O)).action, PSCI_ACTION_SUSPEND_POWERDOWN);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_ALREADY_ON);
    EXPECT_EQ(s.f.n_on, 1u);
}

TEST(PsciCpuOn, OnPendingForASecondCpuOn)
{
    Sim s({2, 2});
    s.on(2);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 1), PSCI_RET_SUCCESS);
    // Two CPU_ONs to one target: exactly one SUCCESS; the others ON_PENDING until it runs.
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 2), PSCI_RET_ON_PENDING);
    EXPECT_EQ(s.ret(2, PSCI_0_2_FN_CPU_ON, s.mpidr(1), kEntry, 3), PSCI_RET_ON_PENDING);
    EXPECT_EQ(s.f.n_on, 2u);
    psci_resume r = s.up_done(1);
    EXPECT_EQ(r.context_id, 1u); // the winner's context
    EXPECT_EQ(s.ret(2, PSCI_0_2_FN_CPU_ON, s.mpidr(1), kEntry, 3), PSCI_RET_ALREADY_ON);
}

TEST(PsciCpuOn, PlatformFailuresRestoreOff)
{
    Sim s({2});
    for (int rc : {PSCI_RET_INTERNAL_FAILURE, PSCI_RET_DENIED, PSCI_RET_DISABLED}) {
        s.f.on_rc = rc;
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), rc);
        EXPECT_EQ(s.cs(1), PSCI_CORE_OFF);
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(1), 0), PSCI_AFF_OFF);
    }
    s.f.on_rc = 12345; // outside the spec: reported as INTERNAL_FAILURE
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_INTERNAL_FAILURE);
    EXPECT_EQ(s.cs(1), PSCI_CORE_OFF);
    s.f.on_rc = PSCI_RET_SUCCESS;
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_SUCCESS);
}

TEST(PsciCpuOff, OffPendingUntilQuiescentThenOff)
{
    Sim s({2, 2});
    s.on(1);
    psci_result r = s.call(1, PSCI_0_2_FN_CPU_OFF, 0x10000); // Linux passes a 0.1 state
    EXPECT_EQ(r.action, PSCI_ACTION_CPU_OFF);
    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_INTERNAL_FAILURE); // if ever resumed
    EXPECT_EQ(s.cs(1), PSCI_CORE_OFF_PENDING);
    EXPECT_EQ(s.f.last_target[0], O);
    EXPECT_EQ(s.f.last_target[1], R); // core 0 still runs in cluster 0
    // CPU_ON racing the dying core: still ON (TF-A: aff state flips after quiescence).
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(1), 0), PSCI_AFF_ON);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_ALREADY_ON);
    EXPECT_EQ(psci_event_power_down_done(s.p, 1), PSCI_OK);
    EXPECT_EQ(s.cs(1), PSCI_CORE_OFF);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(1), 0), PSCI_AFF_OFF);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(psci_event_power_down_done(s.p, 1), PSCI_ERR_STATE);
}

TEST(PsciCpuOff, LastCoreTakesClusterAndSystemDown)
{
    Sim s({2, 2});
    s.all_on();
    s.off(3);
    EXPECT_EQ(s.st(2, 1), R);
    psci_result r = s.call(2, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(r.target[1], O); // last core of cluster 1
    EXPECT_EQ(r.target[2], R);
    EXPECT_EQ(r.target_level, 1u);
    EXPECT_EQ(s.st(2, 1), O);
    psci_event_power_down_done(s.p, 2);
    s.off(1);
    r = s.call(0, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(r.target[1], O);
    EXPECT_EQ(r.target[2], O); // the last core in the system powers the system down
    EXPECT_EQ(r.target_level, 2u);
}

TEST(PsciCpuOff, CpuOnDuringClusterPowerDownKeepsInvariants)
{
    Sim s({1, 2});
    s.on(1);
    s.call(1, PSCI_0_2_FN_CPU_OFF); // cluster 1 powering down with core 1
    EXPECT_EQ(s.st(1, 1), O);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(2), kEntry, 0), PSCI_RET_SUCCESS);
    // The platform sees the cluster OFF when asked to power core 2: it must bring it up.
    EXPECT_EQ(psci_node_local_state(s.p, 2, 1), O);
    psci_event_power_down_done(s.p, 1);
    psci_resume r = s.up_done(2);
    EXPECT_EQ(r.from[1], O);
    EXPECT_EQ(s.st(2, 1), R);
    // Core 2 votes RUN from CPU_ON on: a CPU_OFF racing its power-up cannot take the
    // cluster down under it.
    Sim t({1, 2});
    t.on(1);
    EXPECT_EQ(t.ret(0, PSCI_0_2_FN64_CPU_ON, t.mpidr(2), kEntry, 0), PSCI_RET_SUCCESS);
    psci_result off = t.call(1, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(off.target[1], R);
}

TEST(PsciCpuOff, DeniedByPlatformOrResidentTrustedOs)
{
    Sim s({2});
    s.on(1);
    s.f.off_rc = PSCI_RET_DENIED;
    psci_result r = s.call(1, PSCI_0_2_FN_CPU_OFF);
    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_DENIED);
    EXPECT_EQ(r.action, PSCI_ACTION_RETURN);
    EXPECT_EQ(s.cs(1), PSCI_CORE_ON);

    Sim t({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.tos = PSCI_TOS_UP_NO_MIGRATE;
        c.tos_core = 1;
    });
    t.on(1);
    EXPECT_EQ(t.ret(1, PSCI_0_2_FN_CPU_OFF), PSCI_RET_DENIED);
    EXPECT_EQ(t.ret(1, PSCI_1_0_FN_CPU_FREEZE), PSCI_RET_DENIED);
    EXPECT_EQ(t.f.n_off, 0u);
    EXPECT_EQ(t.call(0, PSCI_0_2_FN_CPU_OFF).action, PSCI_ACTION_CPU_OFF);
}

TEST(PsciAffinityInfo, Level0AndErrors)
{
    Sim s({2, 4});
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(0), 0), PSCI_AFF_ON);
    for (unsigned c = 1; c < 6; c++)
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN_AFFINITY_INFO, s.mpidr(c), 0), PSCI_AFF_OFF);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0xFFFFFFFF, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x80000000, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(0), 4), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x300, 1), PSCI_RET_INVALID_PARAMETERS);
}

TEST(PsciAffinityInfo, HigherLevelsAggregate)
{
    Sim s({2, 4});
    // TFTF affinity_info_level1_on: fields below the level are ignored (Aff0 = 0xE1).
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0xE1, 1), PSCI_AFF_ON);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x1E1, 1), PSCI_AFF_OFF); // cluster 1 off
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0xABE1, 2), PSCI_AFF_ON);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0xD2ABE1, 3), PSCI_AFF_ON);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x10000000000ull, 3),
              PSCI_RET_INVALID_PARAMETERS); // no Aff3 = 1
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x10000, 2), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(3), kEntry, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x100, 1), PSCI_AFF_ON_PENDING);
    s.up_done(3);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x100, 1), PSCI_AFF_ON);
    // A suspended core keeps its cluster ON.
    s.suspend(3, s.pstate(O, O));
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x100, 1), PSCI_AFF_ON);
}

TEST(PsciAffinityInfo, Level0OnlyConfigurationRejectsHigherLevels)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks,
          [](psci_config &c) { c.affinity_info_level0_only = true; });
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0xE1, 1), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, 0, 0), PSCI_AFF_ON);
}

TEST(PsciCpuFreeze, FrozenCoreIsOffAndOnlyCpuOnRecoversIt)
{
    Sim s({1, 2}, PSCI_VERSION_1_0);
    s.on(1);
    s.on(2);
    s.off(1);
    psci_result r = s.call(2, PSCI_1_0_FN_CPU_FREEZE);
    EXPECT_EQ(r.action, PSCI_ACTION_FROZEN);
    EXPECT_EQ(s.f.n_freeze, 1u);
    EXPECT_EQ(s.f.last_core, 2u);
    // The last core of cluster 1 freezing lets the cluster go down; the hook sees it.
    EXPECT_EQ(s.f.freeze_seen[0], O);
    EXPECT_EQ(s.f.freeze_seen[1], O);
    EXPECT_EQ(r.target[1], O);
    EXPECT_EQ(s.cs(2), PSCI_CORE_FROZEN);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(2), 0), PSCI_AFF_OFF);
    psci_resume res;
    EXPECT_EQ(psci_event_wakeup(s.p, 2, &res), PSCI_ERR_STATE); // interrupts do not wake it
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(2), kEntry, 9), PSCI_RET_SUCCESS);
    res = s.up_done(2);
    EXPECT_EQ(res.kind, PSCI_RESUME_WARM_BOOT);
    EXPECT_EQ(res.x0, 9u);
}

TEST(PsciMigrate, NoTrustedOs)
{
    Sim s({2});
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_MIGRATE_INFO_TYPE), PSCI_TOS_NONE);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_MIGRATE, s.mpidr(0)), PSCI_RET_NOT_SUPPORTED); // TFTF
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU), PSCI_RET_NOT_SUPPORTED);
}

TEST(PsciMigrate, UniprocessorTrustedOs)
{
    Sim s({1, 2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.tos = PSCI_TOS_UP_MIGRATE;
        c.tos_core = 0;
    });
    s.all_on();
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_MIGRATE_INFO_TYPE), PSCI_TOS_UP_MIGRATE);
    EXPECT_EQ(s.ret(1, PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU), 0);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_MIGRATE, 0x999), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(1, PSCI_0_2_FN64_MIGRATE, s.mpidr(2)), PSCI_RET_NOT_PRESENT);
    s.f.migrate_rc = PSCI_RET_INTERNAL_FAILURE;
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_MIGRATE, s.mpidr(2)), PSCI_RET_INTERNAL_FAILURE);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU), 0);
    s.f.migrate_rc = PSCI_RET_SUCCESS;
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_MIGRATE, s.mpidr(2)), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.f.last_migrate_from, 0u);
    EXPECT_EQ(s.f.last_migrate_to, 2u);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_MIGRATE_INFO_UP_CPU), 0x101);
    // Now core 0 may go off and core 2 may not.
    EXPECT_EQ(s.ret(2, PSCI_0_2_FN_CPU_OFF), PSCI_RET_DENIED);
    EXPECT_EQ(s.call(0, PSCI_0_2_FN_CPU_OFF).action, PSCI_ACTION_CPU_OFF);

    Sim n({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.tos = PSCI_TOS_UP_NO_MIGRATE;
        c.tos_core = 0;
    });
    EXPECT_EQ(n.ret(0, PSCI_0_2_FN_MIGRATE_INFO_TYPE), PSCI_TOS_UP_NO_MIGRATE);
    EXPECT_EQ(n.ret(0, PSCI_0_2_FN64_MIGRATE, n.mpidr(1)), PSCI_RET_DENIED);
    EXPECT_EQ(n.f.n_migrate, 0u);
}

TEST(PsciMigrate, UpCpuSmc32ReturnsW0Only)
{
    static const uint64_t ids[2] = {0x8000000000ull | 0x80000000ull,
                                    0x8000000001ull | 0x80000000ull};
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.mpidr = ids;
        c.tos = PSCI_TOS_UP_NO_MIGRATE;
        c.tos_core = 1;
    });
    EXPECT_EQ(s.call(0, PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU).x[0], 0x8000000001ull);
    EXPECT_EQ(s.call(0, PSCI_0_2_FN_MIGRATE_INFO_UP_CPU).x[0], 0x1ull);
}

TEST(PsciNodeHwState, FromPlatformWithValidation)
{
    Sim s({2, 2}, PSCI_VERSION_1_0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, 0xFFFFFFFF, 0), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(0), 3), PSCI_RET_INVALID_PARAMETERS);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(0), 0), PSCI_HW_ON);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_NODE_HW_STATE, s.mpidr(0), 1), PSCI_HW_ON);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(2), 0), PSCI_HW_OFF);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(2), 1), PSCI_HW_OFF); // TFTF multi
    s.on(1);
    s.suspend(1, s.pstate(T));
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(1), 0), PSCI_HW_STANDBY);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(1), 0), PSCI_AFF_ON);
    s.f.hw_state_rc = PSCI_RET_NOT_SUPPORTED;
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(0), 2), PSCI_RET_NOT_SUPPORTED);
    s.f.hw_state_rc = 7; // outside the spec
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_NODE_HW_STATE, s.mpidr(0), 2), PSCI_RET_INTERNAL_FAILURE);
}

} // namespace
