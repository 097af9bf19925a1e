// psci_test_util.h - a PSCI instance on the recording fake platform, with helpers that
// speak in cores and power_state values. Every helper asserts the library accepted the
// call/event itself (PSCI_OK); the PSCI result is what the tests check.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "fake_platform.h"
#include "psci/psci.h"

constexpr uint64_t kRamBase = 0x40000000u;
constexpr uint64_t kRamSize = 0x10000000u;
constexpr uint64_t kEntry = 0x40080000u;
constexpr unsigned kDefaultHooks = FAKE_HOOK_ALL_OPTIONAL & ~FAKE_HOOK_VALIDATE_PSTATE;

// The SMC32 ID of the lowest PSCI function number without a row in psci_functions.def:
// an ID of the PSCI range that must be NOT_SUPPORTED (0x84000016 up to DEN 0022F).
inline uint32_t unassigned_fid32()
{
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++)
        if (!psci_get_function_info(fn)) return PSCI_FID32(fn);
    ADD_FAILURE() << "every PSCI function number has a row";
    return 0;
}

// Composite states in the recommended StateID encoding (DEN 0022 6.5).
constexpr psci_local_state_t R = PSCI_LOCAL_RUN, T = PSCI_LOCAL_RET, O = PSCI_LOCAL_OFF;

struct Sim {
    fake_plat f{};
    psci_platform_ops ops{};
    psci_config cfg{};
    std::vector<unsigned> cpc;
    psci_mem_range ram{kRamBase, kRamSize};
    psci *p = nullptr;
    char err[512] = {0};

    explicit Sim(std::vector<unsigned> clusters = {2, 4}, uint32_t version = PSCI_VERSION_1_1,
                 unsigned hooks = kDefaultHooks,
                 const std::function<void(psci_config &)> &tweak = nullptr)
        : cpc(std::move(clusters))
    {
        fake_plat_init(&f);
        fake_plat_ops(&ops, hooks);
        psci_config_init(&cfg);
        cfg.version = version;
        cfg.num_clusters = static_cast<unsigned>(cpc.size());
        cfg.cores_per_cluster = cpc.data();
        cfg.ns_ram = &ram;
        cfg.num_ns_ram = 1;
        if (tweak) tweak(cfg);
        p = psci_create(&cfg, &ops, &f, err, sizeof err);
        f.psci = p;
    }
    ~Sim() { psci_destroy(p); }
    Sim(const Sim &) = delete;
    Sim &operator=(const Sim &) = delete;

    unsigned cores() const { return psci_num_cores(p); }
    uint64_t mpidr(unsigned core) const { return psci_core_mpidr(p, core) & 0xff00ffffffull; }

    psci_result call(unsigned core, uint64_t x0, uint64_t x1 = 0, uint64_t x2 = 0, uint64_t x3 = 0,
                     bool aarch32 = false)
    {
        psci_result r{};
        const uint64_t x[4] = {x0, x1, x2, x3};
        int st = psci_handle_call(p, core, aarch32, x, &r);
        EXPECT_EQ(st, PSCI_OK) << "core " << core << " fid 0x" << std::hex << x0;
        return r;
    }
    // x0 as the guest reads a 32-bit result (W0) sign-extended.
    int64_t ret(unsigned core, uint64_t x0, uint64_t x1 = 0, uint64_t x2 = 0, uint64_t x3 = 0,
                bool aarch32 = false)
    {
        return static_cast<int64_t>(call(core, x0, x1, x2, x3, aarch32).x[0]);
    }

    psci_resume up_done(unsigned core)
    {
        psci_resume r{};
        EXPECT_EQ(psci_event_power_up_done(p, core, &r), PSCI_OK) << "core " << core;
        return r;
    }
    psci_resume wake(unsigned core)
    {
        psci_resume r{};
        EXPECT_EQ(psci_event_wakeup(p, core, &r), PSCI_OK) << "core " << core;
        return r;
    }
    void on(unsigned target, unsigned from = 0)
    {
        ASSERT_EQ(ret(from, PSCI_0_2_FN64_CPU_ON, mpidr(target), kEntry, 0x1234 + target),
                  PSCI_RET_SUCCESS)
            << "CPU_ON " << target;
        up_done(target);
    }
    void all_on()
    {
        for (unsigned c = 0; c < cores(); c++)
            if (psci_core_state(p, c) == PSCI_CORE_OFF) on(c, cfg.boot_core);
    }
    void off(unsigned core)
    {
        psci_result r = call(core, PSCI_0_2_FN_CPU_OFF);
        ASSERT_EQ(r.action, PSCI_ACTION_CPU_OFF) << "CPU_OFF " << core;
        ASSERT_EQ(psci_event_power_down_done(p, core), PSCI_OK);
    }
    uint32_t pstate(psci_local_state_t l0, psci_local_state_t l1 = R, psci_local_state_t l2 = R,
                    unsigned last_at = 0) const
    {
        const psci_local_state_t s[3] = {l0, l1, l2};
        return psci_make_power_state(cfg.power_state_format, s, last_at);
    }
    psci_result suspend(unsigned core, uint32_t ps, uint64_t entry = kEntry, uint64_t ctx = 0)
    {
        return call(core, PSCI_0_2_FN64_CPU_SUSPEND, ps, entry, ctx);
    }
    psci_local_state_t st(unsigned core, unsigned level) const
    {
        return psci_node_local_state(p, core, level);
    }
    enum psci_core_state cs(unsigned core) const { return psci_core_state(p, core); }
};
