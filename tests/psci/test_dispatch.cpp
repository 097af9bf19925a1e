// Function-ID dispatch (DEN 0028 SMCCC framing), PSCI_VERSION, PSCI_FEATURES,
// SMCCC_VERSION / SMCCC_ARCH_FEATURES, and the rule that a version never advertises or
// dispatches a function it cannot perform.
#include "psci_test_util.h"

namespace
{

const uint32_t kVersions[] = {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1,
                              PSCI_VERSION_1_2, PSCI_VERSION_1_3};

TEST(PsciVersion, ReportsConfiguredVersion)
{
    for (uint32_t v : kVersions) {
        Sim s({1}, v);
        ASSERT_NE(s.p, nullptr) << s.err;
        EXPECT_EQ(s.ret(0, PSCI_0_2_FN_PSCI_VERSION), static_cast<int64_t>(v));
    }
    Sim s({1}, PSCI_VERSION_1_1);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_PSCI_VERSION), 0x00010001);
}

TEST(PsciDispatch, UnknownIdsAreNotSupported)
{
    Sim s({1}, PSCI_VERSION_1_3, FAKE_HOOK_ALL_OPTIONAL & ~FAKE_HOOK_VALIDATE_PSTATE);
    for (uint64_t fid :
         {uint64_t{1337}, uint64_t{unassigned_fid32()}, uint64_t{0x8400001F}, uint64_t{0xC400001F},
          uint64_t{0x84000020}, uint64_t{0x04000000}, uint64_t{0x85000000}, uint64_t{0x80000002},
          uint64_t{0x80008000}, uint64_t{0xC4000000}, uint64_t{0xFFFFFFFF}, uint64_t{0x8400A011}}) {
        psci_result r = s.call(0, fid);
        EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_NOT_SUPPORTED) << std::hex << fid;
        EXPECT_EQ(r.action, PSCI_ACTION_RETURN);
    }
    EXPECT_EQ(s.f.n_on + s.f.n_off + s.f.n_suspend + s.f.n_sys_off + s.f.n_sys_reset, 0u);
}

TEST(PsciDispatch, Smc64IdOfSmc32OnlyFunctionIsNotSupported)
{
    Sim s({2}, PSCI_VERSION_1_3);
    for (unsigned fn : {PSCI_FN_PSCI_VERSION, PSCI_FN_CPU_OFF, PSCI_FN_MIGRATE_INFO_TYPE,
                        PSCI_FN_SYSTEM_OFF, PSCI_FN_SYSTEM_RESET, PSCI_FN_PSCI_FEATURES,
                        PSCI_FN_CPU_FREEZE, PSCI_FN_PSCI_SET_SUSPEND_MODE, PSCI_FN_MEM_PROTECT}) {
        EXPECT_EQ(s.ret(0, PSCI_FID64(fn), 1), PSCI_RET_NOT_SUPPORTED) << fn;
        EXPECT_EQ(psci_features(s.p, PSCI_FID64(fn), false), PSCI_RET_NOT_SUPPORTED) << fn;
    }
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
    EXPECT_EQ(s.f.n_sys_off + s.f.n_sys_reset + s.f.n_off, 0u);
}

TEST(PsciDispatch, Smc64FromAArch32CallerIsNotSupported)
{
    Sim s({2});
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, s.mpidr(1), kEntry, 0, true), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.f.n_on, 0u);
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_AFFINITY_INFO, s.mpidr(0), 0, 0, true),
              PSCI_RET_NOT_SUPPORTED);
    // The SMC32 form works for the same caller.
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_AFFINITY_INFO, s.mpidr(0), 0, 0, true), PSCI_AFF_ON);
    // And PSCI_FEATURES answers per caller width (DEN 0022 5.1.14).
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_ON, 0, 0, true),
              PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_ON, 0, 0, false), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_CPU_ON, 0, 0, true), 0);
}

TEST(PsciDispatch, Smc32ArgumentsAreNarrowed)
{
    Sim s({2});
    // Upper halves of x1..x3 are ignored for an SMC32 ID (DEN 0028 2.6).
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN_CPU_ON, 0xdead000000000000ull | s.mpidr(1),
                    0xbeef000000000000ull | kEntry, 0xffffffff00000042ull),
              PSCI_RET_SUCCESS);
    EXPECT_EQ(s.f.last_entry, kEntry);
    EXPECT_EQ(s.f.last_context, 0x42u);
    psci_resume r = s.up_done(1);
    EXPECT_EQ(r.context_id, 0x42u);
    // The SMC64 form keeps them: the same garbage is now RES0 bits of target_cpu.
    EXPECT_EQ(s.ret(0, PSCI_0_2_FN64_CPU_ON, 0xdead000000000000ull | s.mpidr(1), kEntry, 0),
              PSCI_RET_INVALID_PARAMETERS);
    // W0 is the function ID: upper bits of x0 are ignored.
    EXPECT_EQ(s.ret(0, 0xffffffff00000000ull | PSCI_0_2_FN_PSCI_VERSION), 0x10001);
    // x1..x3 are preserved in the result as the caller passed them.
    psci_result pr = s.call(0, PSCI_0_2_FN_PSCI_VERSION, 0x1111222233334444ull, 5, 6);
    EXPECT_EQ(pr.x[1], 0x1111222233334444ull);
    EXPECT_EQ(pr.x[2], 5u);
    EXPECT_EQ(pr.x[3], 6u);
    EXPECT_EQ(pr.function_id, PSCI_0_2_FN_PSCI_VERSION);
}

TEST(PsciDispatch, NegativeCodesAreSignExtended)
{
    Sim s({1});
    psci_result r = s.call(0, unassigned_fid32());
    EXPECT_EQ(r.x[0], 0xffffffffffffffffull);
}

TEST(PsciFeatures, FlagsAndPerIdAnswers)
{
    Sim s({2}, PSCI_VERSION_1_3);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_CPU_SUSPEND), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_SUSPEND), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_3_FN_SYSTEM_OFF2), 1); // HIBERNATE_OFF
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_3_FN64_SYSTEM_OFF2), 1);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_0_FN_PSCI_FEATURES), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, 0xC400A011u), PSCI_RET_NOT_SUPPORTED); // TFTF
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, 0xC4000002u), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, SMCCC_VERSION_FID), 0);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, SMCCC_ARCH_FEATURES_FID), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, unassigned_fid32()), PSCI_RET_NOT_SUPPORTED);
    // MIGRATE without a Trusted OS: not supported; MIGRATE_INFO_TYPE is (returns 2).
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_MIGRATE), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_MIGRATE_INFO_TYPE), 0);
    // The upper half of x1 is not part of the queried ID (SMC32 call).
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, 0xffffffff00000000ull | PSCI_0_2_FN_CPU_ON), 0);
}

TEST(PsciFeatures, CpuSuspendFlagsFollowConfig)
{
    for (int ext = 0; ext < 2; ext++)
        for (int osi = 0; osi < 2; osi++) {
            Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks, [&](psci_config &c) {
                c.power_state_format = ext ? PSCI_PSTATE_EXTENDED : PSCI_PSTATE_ORIGINAL;
                c.osi_supported = osi != 0;
            });
            const int64_t want = (ext ? 2 : 0) | (osi ? 1 : 0);
            EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_CPU_SUSPEND), want);
            EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_SUSPEND), want);
            EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_0_FN_SET_SUSPEND_MODE),
                      osi ? 0 : PSCI_RET_NOT_SUPPORTED);
        }
}

TEST(PsciFeatures, NotAvailableIn02)
{
    Sim s({1}, PSCI_VERSION_0_2);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_CPU_ON), PSCI_RET_NOT_SUPPORTED);
    // The query API still tells what the instance dispatches.
    EXPECT_EQ(psci_features(s.p, PSCI_0_2_FN_CPU_ON, false), 0);
    EXPECT_EQ(psci_features(s.p, PSCI_1_0_FN_PSCI_FEATURES, false), PSCI_RET_NOT_SUPPORTED);
    EXPECT_TRUE(psci_function_supported(s.p, PSCI_0_2_FN_MIGRATE_INFO_TYPE, false));
}

TEST(PsciSmccc, VersionAndArchFeatures)
{
    Sim s({1}, PSCI_VERSION_1_1, kDefaultHooks,
          [](psci_config &c) { c.smccc_version = SMCCC_VERSION_1_2; });
    EXPECT_EQ(s.ret(0, SMCCC_VERSION_FID), 0x10002);
    EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, SMCCC_VERSION_FID), 0);
    EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, SMCCC_ARCH_FEATURES_FID), 0);
    EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, 0x80008000u), 0); // platform hook
    EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, 0x80007fffu), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, PSCI_0_2_FN_CPU_ON), PSCI_RET_NOT_SUPPORTED);

    Sim n({1}, PSCI_VERSION_1_1, kDefaultHooks & ~FAKE_HOOK_ARCH_FEATURES);
    EXPECT_EQ(n.ret(0, SMCCC_ARCH_FEATURES_FID, 0x80008000u), PSCI_RET_NOT_SUPPORTED);
}

TEST(PsciSmccc, Smccc10HasNoVersionCall)
{
    for (uint32_t v : {0u, SMCCC_VERSION_1_0}) {
        Sim s({1}, PSCI_VERSION_1_1, kDefaultHooks, [&](psci_config &c) { c.smccc_version = v; });
        EXPECT_EQ(s.ret(0, SMCCC_VERSION_FID), PSCI_RET_NOT_SUPPORTED);
        EXPECT_EQ(s.ret(0, SMCCC_ARCH_FEATURES_FID, SMCCC_VERSION_FID), PSCI_RET_NOT_SUPPORTED);
        EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, SMCCC_VERSION_FID), PSCI_RET_NOT_SUPPORTED);
    }
}

TEST(PsciSmccc, SveHintBitIgnoredFromSmccc13)
{
    Sim s13({1}, PSCI_VERSION_1_1, kDefaultHooks,
            [](psci_config &c) { c.smccc_version = SMCCC_VERSION_1_3; });
    EXPECT_EQ(s13.ret(0, PSCI_0_2_FN_PSCI_VERSION | 0x10000u), 0x10001);
    Sim s11({1});
    EXPECT_EQ(s11.ret(0, PSCI_0_2_FN_PSCI_VERSION | 0x10000u), PSCI_RET_NOT_SUPPORTED);
}

// Independent statement of DEN 0022 table 5 (issue F.b) + our hook rules: what each
// function needs. Numbers it does not know are left to PsciMetadata (rows added later).
struct Need {
    uint32_t min_version;
    unsigned hooks;
    bool needs_osi, needs_tos, never;
};
Need need_of(unsigned fn)
{
    switch (fn) {
    case PSCI_FN_PSCI_VERSION:
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN_CPU_OFF:
    case PSCI_FN_CPU_ON:
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN_MIGRATE_INFO_TYPE:
    case PSCI_FN_SYSTEM_OFF:
    case PSCI_FN_SYSTEM_RESET: return {PSCI_VERSION_0_2, 0, false, false, false};
    case PSCI_FN_MIGRATE:
    case PSCI_FN_MIGRATE_INFO_UP_CPU: return {PSCI_VERSION_0_2, 0, false, true, false};
    case PSCI_FN_PSCI_FEATURES:
    case PSCI_FN_CPU_DEFAULT_SUSPEND:
    case PSCI_FN_SYSTEM_SUSPEND:
    case PSCI_FN_PSCI_STAT_COUNT: return {PSCI_VERSION_1_0, 0, false, false, false};
    case PSCI_FN_CPU_FREEZE: return {PSCI_VERSION_1_0, FAKE_HOOK_FREEZE, false, false, false};
    case PSCI_FN_NODE_HW_STATE: return {PSCI_VERSION_1_0, FAKE_HOOK_HW_STATE, false, false, false};
    case PSCI_FN_PSCI_SET_SUSPEND_MODE: return {PSCI_VERSION_1_0, 0, true, false, false};
    case PSCI_FN_PSCI_STAT_RESIDENCY:
        return {PSCI_VERSION_1_0, FAKE_HOOK_TIME, false, false, false};
    case PSCI_FN_SYSTEM_RESET2: return {PSCI_VERSION_1_1, FAKE_HOOK_RESET2, false, false, false};
    case PSCI_FN_MEM_PROTECT: return {PSCI_VERSION_1_1, FAKE_HOOK_MEM_PROTECT, false, false, false};
    case PSCI_FN_MEM_PROTECT_CHECK_RANGE:
        return {PSCI_VERSION_1_1, FAKE_HOOK_MEM_CHECK, false, false, false};
    case PSCI_FN_SYSTEM_OFF2: return {PSCI_VERSION_1_3, FAKE_HOOK_OFF2, false, false, false};
    default: return {0, 0, false, false, true};
    }
}
bool has64(unsigned fn)
{
    switch (fn) {
    case 0x01:
    case 0x03:
    case 0x04:
    case 0x05:
    case 0x07:
    case 0x0C:
    case 0x0D:
    case 0x0E:
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x14:
    case 0x15: return true;
    default: return false;
    }
}

TEST(PsciFeatures, NeverAdvertisesWhatCannotBePerformed)
{
    // Every version x every subset of optional hooks x OSI on/off x Trusted OS on/off.
    unsigned checked = 0;
    for (uint32_t v : kVersions)
        for (unsigned hooks = 0; hooks <= FAKE_HOOK_ALL_OPTIONAL; hooks++) {
            if (hooks &
                (FAKE_HOOK_VALIDATE_PSTATE | FAKE_HOOK_IRQ_PENDING | FAKE_HOOK_ARCH_FEATURES))
                continue; // not tied to any PSCI function
            for (int osi = 0; osi < 2; osi++)
                for (int tos = 0; tos < 2; tos++) {
                    if (osi && v == PSCI_VERSION_0_2) continue;
                    Sim s({2}, v, hooks, [&](psci_config &c) {
                        c.osi_supported = osi != 0;
                        c.tos = tos ? PSCI_TOS_UP_NO_MIGRATE : PSCI_TOS_NONE;
                    });
                    ASSERT_NE(s.p, nullptr) << s.err;
                    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++)
                        for (int w = 0; w < 2; w++) {
                            const uint32_t fid = w ? PSCI_FID64(fn) : PSCI_FID32(fn);
                            const Need n = need_of(fn);
                            if (n.never && psci_get_function_info(fn)) continue;
                            const bool expect =
                                !n.never && v >= n.min_version && (hooks & n.hooks) == n.hooks &&
                                (!n.needs_osi || osi) && (!n.needs_tos || tos) && (!w || has64(fn));
                            EXPECT_EQ(psci_function_supported(s.p, fid, false), expect)
                                << "version 0x" << std::hex << v << " hooks 0x" << hooks
                                << " fid 0x" << fid;
                            if (v >= PSCI_VERSION_1_0) {
                                EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, fid) >= 0, expect);
                            }
                            if (!expect) {
                                // Not advertised => not dispatched, and no hook runs.
                                const unsigned before = s.f.n_on + s.f.n_off + s.f.n_suspend +
                                                        s.f.n_sys_off + s.f.n_sys_reset +
                                                        s.f.n_reset2 + s.f.n_off2 + s.f.n_freeze +
                                                        s.f.n_mem_write + s.f.n_mem_check;
                                EXPECT_EQ(s.ret(0, fid, s.mpidr(1), kEntry, 0),
                                          PSCI_RET_NOT_SUPPORTED)
                                    << std::hex << fid;
                                EXPECT_EQ(before, s.f.n_on + s.f.n_off + s.f.n_suspend +
                                                      s.f.n_sys_off + s.f.n_sys_reset +
                                                      s.f.n_reset2 + s.f.n_off2 + s.f.n_freeze +
                                                      s.f.n_mem_write + s.f.n_mem_check);
                            }
                            checked++;
                        }
                }
        }
    EXPECT_GT(checked, 10000u);
}

TEST(PsciFeatures, DisabledOptionalFunctionIsNeitherAdvertisedNorDispatched)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.disabled_functions = (1u << PSCI_FN_SYSTEM_SUSPEND) | (1u << PSCI_FN_CPU_FREEZE);
    });
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_0_FN64_SYSTEM_SUSPEND),
              PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_CPU_FREEZE), PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.f.n_freeze + s.f.n_suspend, 0u);
}

TEST(PsciFeatures, SystemSuspendNeedsClusterAndSystemOff)
{
    Sim s({2}, PSCI_VERSION_1_1, kDefaultHooks,
          [](psci_config &c) { c.level_states[2] = PSCI_STATE_BIT(PSCI_LOCAL_RET); });
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_0_FN64_SYSTEM_SUSPEND),
              PSCI_RET_NOT_SUPPORTED);
    EXPECT_EQ(s.ret(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, kEntry, 0), PSCI_RET_NOT_SUPPORTED);
}

} // namespace
