// psci_create(): configuration checks (one clear message per mistake), topology, MPIDR,
// cold-boot state, names.
#include <cstring>
#include <string>

#include "psci_test_util.h"

namespace
{

std::string create_error(std::vector<unsigned> clusters, uint32_t version, unsigned hooks,
                         const std::function<void(psci_config &)> &tweak = nullptr,
                         const std::function<void(psci_platform_ops &)> &ops_tweak = nullptr)
{
    fake_plat f;
    fake_plat_init(&f);
    psci_platform_ops ops;
    fake_plat_ops(&ops, hooks);
    if (ops_tweak) ops_tweak(ops);
    psci_config cfg;
    psci_config_init(&cfg);
    cfg.version = version;
    cfg.num_clusters = static_cast<unsigned>(clusters.size());
    cfg.cores_per_cluster = clusters.data();
    if (tweak) tweak(cfg);
    char err[512] = "untouched";
    psci *p = psci_create(&cfg, &ops, &f, err, sizeof err);
    if (p) {
        psci_destroy(p);
        return "";
    }
    return err;
}

TEST(PsciSetup, DefaultConfigCreatesAndBootsCore0)
{
    Sim s({2, 4});
    ASSERT_NE(s.p, nullptr) << s.err;
    EXPECT_EQ(psci_num_cores(s.p), 6u);
    EXPECT_EQ(psci_num_clusters(s.p), 2u);
    EXPECT_EQ(s.cs(0), PSCI_CORE_ON);
    for (unsigned c = 1; c < 6; c++) {
        EXPECT_EQ(s.cs(c), PSCI_CORE_OFF);
        EXPECT_EQ(psci_core_aff_state(s.p, c), PSCI_AFF_OFF);
    }
    EXPECT_EQ(s.st(0, 0), R);
    EXPECT_EQ(s.st(0, 1), R);
    EXPECT_EQ(s.st(0, 2), R);
    EXPECT_EQ(s.st(2, 1), O); // cluster 1 is off at cold boot
    EXPECT_EQ(s.st(2, 0), O);
    EXPECT_EQ(psci_get_suspend_mode(s.p), PSCI_MODE_PC);
    EXPECT_EQ(psci_get_version(s.p), PSCI_VERSION_1_1);
    EXPECT_FALSE(psci_is_halted(s.p));
}

TEST(PsciSetup, DefaultMpidrIsBit31ClusterCore)
{
    Sim s({2, 3});
    EXPECT_EQ(psci_core_mpidr(s.p, 0), 0x80000000ull);
    EXPECT_EQ(psci_core_mpidr(s.p, 1), 0x80000001ull);
    EXPECT_EQ(psci_core_mpidr(s.p, 2), 0x80000100ull);
    EXPECT_EQ(psci_core_mpidr(s.p, 4), 0x80000102ull);
    EXPECT_EQ(psci_core_cluster(s.p, 4), 1u);
    EXPECT_EQ(psci_core_by_mpidr(s.p, 0x102), 4);
    EXPECT_EQ(psci_core_by_mpidr(s.p, 0x80000102), 4); // bit31 ignored by the query
    EXPECT_EQ(psci_core_by_mpidr(s.p, 0x103), -1);
}

TEST(PsciSetup, CustomMpidrAndBootCore)
{
    static const uint64_t ids[3] = {0x181000000ull, 0x181000001ull, 0x181000100ull}; // Aff3 = 1, MT
    Sim s({2, 1}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.mpidr = ids;
        c.boot_core = 2;
    });
    ASSERT_NE(s.p, nullptr) << s.err;
    EXPECT_EQ(s.cs(2), PSCI_CORE_ON);
    EXPECT_EQ(s.cs(0), PSCI_CORE_OFF);
    EXPECT_EQ(psci_core_by_mpidr(s.p, 0x100000100ull), 2); // Aff3 = 1, Aff1 = 1
    EXPECT_EQ(s.ret(2, PSCI_0_2_FN64_CPU_ON, 0x100000001ull, kEntry, 0), PSCI_RET_SUCCESS);
    EXPECT_EQ(s.f.last_core, 1u);
}

TEST(PsciSetup, UnevenClusters)
{
    Sim s({1, 3, 2});
    ASSERT_NE(s.p, nullptr);
    EXPECT_EQ(psci_num_cores(s.p), 6u);
    EXPECT_EQ(psci_core_cluster(s.p, 0), 0u);
    EXPECT_EQ(psci_core_cluster(s.p, 3), 1u);
    EXPECT_EQ(psci_core_cluster(s.p, 5), 2u);
    EXPECT_EQ(psci_core_mpidr(s.p, 5), 0x80000201ull);
}

TEST(PsciSetupErrors, EachMandatoryHookIsRequired)
{
    const struct {
        const char *hook, *fn;
        void (*clear)(psci_platform_ops &);
    } cases[] = {
        {"pwr_domain_on", "CPU_ON", [](psci_platform_ops &o) { o.pwr_domain_on = nullptr; }},
        {"pwr_domain_off", "CPU_OFF", [](psci_platform_ops &o) { o.pwr_domain_off = nullptr; }},
        {"pwr_domain_suspend", "CPU_SUSPEND",
         [](psci_platform_ops &o) { o.pwr_domain_suspend = nullptr; }},
        {"system_off", "SYSTEM_OFF", [](psci_platform_ops &o) { o.system_off = nullptr; }},
        {"system_reset", "SYSTEM_RESET", [](psci_platform_ops &o) { o.system_reset = nullptr; }},
    };
    for (uint32_t v : {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1, PSCI_VERSION_1_2,
                       PSCI_VERSION_1_3}) {
        for (const auto &c : cases) {
            std::string e = create_error({1}, v, kDefaultHooks, nullptr, c.clear);
            EXPECT_NE(e.find(c.hook), std::string::npos) << e;
            EXPECT_NE(e.find(c.fn), std::string::npos) << e;
            EXPECT_NE(e.find("mandatory"), std::string::npos) << e;
        }
    }
}

TEST(PsciSetupErrors, BadVersions)
{
    for (uint32_t v : {0u, 1u, 0x3u, 0x10004u, 0x20000u}) {
        std::string e = create_error({1}, v, kDefaultHooks);
        EXPECT_NE(e.find("unsupported PSCI version"), std::string::npos) << v << ": " << e;
    }
}

TEST(PsciSetupErrors, Topology)
{
    EXPECT_NE(create_error({}, PSCI_VERSION_1_1, kDefaultHooks).find("at least one cluster"),
              std::string::npos);
    EXPECT_NE(create_error({2, 0}, PSCI_VERSION_1_1, kDefaultHooks).find("cluster 1 has 0 cores"),
              std::string::npos);
    EXPECT_NE(create_error({257}, PSCI_VERSION_1_1, kDefaultHooks).find("257 cores"),
              std::string::npos);
    std::vector<unsigned> many(257, 1);
    EXPECT_NE(create_error(many, PSCI_VERSION_1_1, kDefaultHooks).find("257 clusters"),
              std::string::npos);
    EXPECT_NE(
        create_error({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) { c.boot_core = 2; })
            .find("boot core 2"),
        std::string::npos);
    static const uint64_t dup[2] = {0x80000001, 0x1};
    EXPECT_NE(
        create_error({2}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) { c.mpidr = dup; })
            .find("same MPIDR"),
        std::string::npos);
}

TEST(PsciSetupErrors, FeaturesNeedingNewerVersions)
{
    EXPECT_NE(create_error({1}, PSCI_VERSION_0_2, kDefaultHooks,
                           [](psci_config &c) { c.power_state_format = PSCI_PSTATE_EXTENDED; })
                  .find("extended power_state format needs PSCI 1.0"),
              std::string::npos);
    EXPECT_NE(create_error({1}, PSCI_VERSION_0_2, kDefaultHooks,
                           [](psci_config &c) { c.osi_supported = true; })
                  .find("OS-initiated mode needs PSCI 1.0"),
              std::string::npos);
    EXPECT_NE(create_error(
                  {1}, PSCI_VERSION_1_1, kDefaultHooks,
                  [](psci_config &c) { c.power_state_format = static_cast<psci_pstate_format>(7); })
                  .find("unknown power_state format"),
              std::string::npos);
}

TEST(PsciSetupErrors, LevelStatesRamSmcccTos)
{
    EXPECT_NE(create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                           [](psci_config &c) { c.level_states[1] = 0x9; })
                  .find("level_states[1]"),
              std::string::npos);
    EXPECT_NE(
        create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                     [](psci_config &c) { c.level_states[0] = PSCI_STATE_BIT(PSCI_LOCAL_RET); })
            .find("level 0 must support OFF"),
        std::string::npos);
    static const psci_mem_range bad[1] = {{0xfffffffffffff000ull, 0x2000}};
    EXPECT_NE(create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                           [](psci_config &c) {
                               c.ns_ram = bad;
                               c.num_ns_ram = 1;
                           })
                  .find("empty or wraps"),
              std::string::npos);
    EXPECT_NE(
        create_error({1}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) { c.num_ns_ram = 2; })
            .find("ns_ram is NULL"),
        std::string::npos);
    EXPECT_NE(create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                           [](psci_config &c) { c.smccc_version = 0x20000; })
                  .find("unsupported SMCCC version"),
              std::string::npos);
    EXPECT_NE(create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                           [](psci_config &c) { c.tos = static_cast<psci_tos_type>(5); })
                  .find("unknown Trusted OS type"),
              std::string::npos);
    EXPECT_NE(create_error({2}, PSCI_VERSION_1_1, kDefaultHooks,
                           [](psci_config &c) {
                               c.tos = PSCI_TOS_UP_NO_MIGRATE;
                               c.tos_core = 2;
                           })
                  .find("Trusted OS core 2"),
              std::string::npos);
    EXPECT_NE(create_error({2}, PSCI_VERSION_1_1, kDefaultHooks & ~FAKE_HOOK_MIGRATE,
                           [](psci_config &c) { c.tos = PSCI_TOS_UP_MIGRATE; })
                  .find("tos_migrate"),
              std::string::npos);
}

TEST(PsciSetupErrors, MandatoryFunctionsCannotBeDisabled)
{
    std::string e = create_error({1}, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
        c.disabled_functions = 1u << PSCI_FN_PSCI_FEATURES;
    });
    EXPECT_NE(e.find("PSCI_FEATURES is mandatory in PSCI 1.1"), std::string::npos) << e;
    e = create_error({1}, PSCI_VERSION_0_2, kDefaultHooks, [](psci_config &c) {
        c.disabled_functions = 1u << PSCI_FN_MIGRATE_INFO_TYPE;
    });
    EXPECT_NE(e.find("MIGRATE_INFO_TYPE is mandatory in PSCI 0.2"), std::string::npos) << e;
    e = create_error({1}, PSCI_VERSION_1_1, kDefaultHooks,
                     [](psci_config &c) { c.disabled_functions = 1u << 30; });
    EXPECT_NE(e.find("unknown function numbers"), std::string::npos) << e;
    // MIGRATE_INFO_TYPE is optional from 1.0 on.
    EXPECT_EQ(create_error(
                  {1}, PSCI_VERSION_1_0, kDefaultHooks,
                  [](psci_config &c) { c.disabled_functions = 1u << PSCI_FN_MIGRATE_INFO_TYPE; }),
              "");
}

TEST(PsciSetupErrors, NullArgumentsAndErrBuffer)
{
    char err[64];
    psci_platform_ops ops;
    fake_plat_ops(&ops, 0);
    EXPECT_EQ(psci_create(nullptr, &ops, nullptr, err, sizeof err), nullptr);
    EXPECT_STREQ(err, "psci: NULL configuration or platform ops");
    psci_config cfg;
    psci_config_init(&cfg);
    cfg.boot_core = 9;
    EXPECT_EQ(psci_create(&cfg, &ops, nullptr, nullptr, 0), nullptr); // no buffer: no crash
    psci_destroy(nullptr);
}

TEST(PsciSetup, ApiMisuseIsReportedNotCrashed)
{
    Sim s({1, 2});
    psci_result r;
    psci_resume res;
    const uint64_t x[4] = {PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0};
    EXPECT_EQ(psci_handle_call(s.p, 9, false, x, &r), PSCI_ERR_ARG);
    EXPECT_EQ(psci_handle_call(s.p, 0, false, nullptr, &r), PSCI_ERR_ARG);
    EXPECT_EQ(psci_handle_call(s.p, 1, false, x, &r), PSCI_ERR_STATE); // core 1 is off
    EXPECT_EQ(psci_event_power_up_done(s.p, 1, &res), PSCI_ERR_STATE);
    EXPECT_EQ(psci_event_wakeup(s.p, 0, &res), PSCI_ERR_STATE);
    EXPECT_EQ(psci_event_suspend_abandoned(s.p, 0, &res), PSCI_ERR_STATE);
    EXPECT_EQ(psci_event_power_down_done(s.p, 0), PSCI_ERR_STATE);
    EXPECT_EQ(psci_event_wakeup(s.p, 7, &res), PSCI_ERR_ARG);
    EXPECT_EQ(psci_event_system_reset(nullptr), PSCI_ERR_ARG);
    EXPECT_EQ(psci_num_cores(nullptr), 0u);
    EXPECT_EQ(psci_core_aff_state(s.p, 99), PSCI_AFF_OFF);
}

TEST(PsciNames, FunctionsReturnsActionsStates)
{
    EXPECT_STREQ(psci_function_name(PSCI_0_2_FN_CPU_ON), "CPU_ON");
    EXPECT_STREQ(psci_function_name(PSCI_0_2_FN64_CPU_ON), "CPU_ON64");
    EXPECT_STREQ(psci_function_name(PSCI_1_3_FN64_SYSTEM_OFF2), "SYSTEM_OFF2_64");
    EXPECT_STREQ(psci_function_name(0xC4000000u), "UNKNOWN"); // no SMC64 PSCI_VERSION
    EXPECT_STREQ(psci_function_name(unassigned_fid32()), "UNKNOWN");
    EXPECT_STREQ(psci_function_name(SMCCC_VERSION_FID), "SMCCC_VERSION");
    EXPECT_STREQ(psci_function_name(SMCCC_ARCH_FEATURES_FID), "SMCCC_ARCH_FEATURES");
    EXPECT_STREQ(psci_function_name(1337), "UNKNOWN");
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++)
        if (psci_get_function_info(fn)) {
            EXPECT_STRNE(psci_function_name(PSCI_FID32(fn)), "UNKNOWN") << fn;
        }
    EXPECT_STREQ(psci_return_name(PSCI_RET_INVALID_ADDRESS), "INVALID_ADDRESS");
    EXPECT_STREQ(psci_return_name(PSCI_RET_ON_PENDING), "ON_PENDING");
    EXPECT_STREQ(psci_return_name(-10), "UNKNOWN");
    for (int r = 0; r >= -9; r--)
        EXPECT_STRNE(psci_return_name(r), "UNKNOWN") << r;
    EXPECT_STREQ(psci_action_name(PSCI_ACTION_SUSPEND_POWERDOWN), "SUSPEND_POWERDOWN");
    for (int a = PSCI_ACTION_RETURN; a <= PSCI_ACTION_SYSTEM_RESET_VENDOR; a++)
        EXPECT_STRNE(psci_action_name(static_cast<psci_action>(a)), "UNKNOWN") << a;
    EXPECT_STREQ(psci_action_name(static_cast<psci_action>(99)), "UNKNOWN");
    for (int c = PSCI_CORE_OFF; c <= PSCI_CORE_FROZEN; c++)
        EXPECT_STRNE(psci_core_state_name(static_cast<enum psci_core_state>(c)), "UNKNOWN") << c;
    EXPECT_STREQ(psci_core_state_name(static_cast<enum psci_core_state>(99)), "UNKNOWN");
    EXPECT_STREQ(psci_local_state_name(R), "RUN");
    EXPECT_STREQ(psci_local_state_name(O), "OFF");
    EXPECT_STREQ(psci_core_state_name(PSCI_CORE_OFF_PENDING), "OFF_PENDING");
    EXPECT_STREQ(psci_local_state_name(PSCI_LOCAL_RET), "RET");
    EXPECT_STREQ(psci_local_state_name(7), "UNKNOWN");
}

TEST(PsciPowerState, MakePowerStateEncodings)
{
    const psci_local_state_t core_ret[3] = {T, R, R}, core_off[3] = {O, R, R},
                             cl_off[3] = {O, O, R}, sys_off[3] = {O, O, O};
    // DEN 0022 recommended encoding as on Arm FVP (psci.md 4.3 worked table).
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_ORIGINAL, core_ret, 0), 0x00000001u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_ORIGINAL, core_off, 0), 0x00010002u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_ORIGINAL, cl_off, 0), 0x01010022u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_ORIGINAL, sys_off, 0), 0x02010222u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_EXTENDED, core_ret, 0), 0x00000001u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_EXTENDED, core_off, 0), 0x40000002u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_EXTENDED, cl_off, 1), 0x40001022u);
    EXPECT_EQ(psci_make_power_state(PSCI_PSTATE_EXTENDED, sys_off, 2), 0x40002222u);
}

} // namespace
