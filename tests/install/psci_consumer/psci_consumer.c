/*
 * A simulator that is not pscisim, using the installed PSCI library (psci/psci.h) with
 * its own platform operations: one cluster of two cores whose "hardware" powers a core
 * up instantly. Checks PSCI_VERSION, PSCI_FEATURES, CPU_ON with its power-up event and
 * warm-boot entry, AFFINITY_INFO, and NOT_SUPPORTED for a function without a hook
 * (DEN 0022 5.1, 5.6, 5.7, 5.15). Prints one line per check and "N passed, N failed".
 */
#include <psci/psci.h>

#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    if (ok)
        passed++;
    else
        failed++;
}

struct board {
    int powered_on_core; /* last core pwr_domain_on was asked to power, or -1 */
    uint64_t entry;
};

static int board_on(void *ctx, unsigned core, uint64_t entry, uint64_t context_id)
{
    struct board *b = ctx;
    (void)context_id;
    b->powered_on_core = (int)core;
    b->entry = entry;
    return PSCI_RET_SUCCESS;
}

static int board_off(void *ctx, unsigned core, const psci_local_state_t target[PSCI_NUM_LEVELS])
{
    (void)ctx, (void)core, (void)target;
    return PSCI_RET_SUCCESS;
}

static int board_suspend(void *ctx, unsigned core, const psci_local_state_t target[PSCI_NUM_LEVELS],
                         bool power_down)
{
    (void)ctx, (void)core, (void)target, (void)power_down;
    return PSCI_RET_SUCCESS;
}

static void board_system(void *ctx)
{
    (void)ctx;
}

static uint64_t call(struct psci *p, unsigned core, uint64_t fid, uint64_t a1, uint64_t a2,
                     uint64_t a3, struct psci_result *r)
{
    const uint64_t x[4] = {fid, a1, a2, a3};
    if (psci_handle_call(p, core, false, x, r) != PSCI_OK) return 0xdeadu;
    return r->x[0];
}

int main(void)
{
    static const unsigned cores[1] = {2};
    struct psci_config cfg;
    psci_config_init(&cfg);
    cfg.num_clusters = 1;
    cfg.cores_per_cluster = cores;

    struct psci_platform_ops ops;
    memset(&ops, 0, sizeof ops);
    ops.pwr_domain_on = board_on;
    ops.pwr_domain_off = board_off;
    ops.pwr_domain_suspend = board_suspend;
    ops.system_off = board_system;
    ops.system_reset = board_system;

    struct board b = {-1, 0};
    char err[128] = "";
    struct psci *p = psci_create(&cfg, &ops, &b, err, sizeof err);
    check(p != NULL, "psci_create with the mandatory hooks");
    if (!p) {
        printf("error: %s\n", err);
        return 1;
    }
    struct psci_result r;
    check(call(p, 0, 0x84000000u, 0, 0, 0, &r) == PSCI_VERSION_1_1, "PSCI_VERSION is 1.1");
    check((int64_t)call(p, 0, 0x8400000Au, 0xC4000003u, 0, 0, &r) == PSCI_RET_SUCCESS,
          "PSCI_FEATURES(CPU_ON64) is SUCCESS");
    check((int64_t)call(p, 0, 0x84000013u, 1, 0, 0, &r) == PSCI_RET_NOT_SUPPORTED,
          "MEM_PROTECT without its hooks is NOT_SUPPORTED");
    check((int64_t)call(p, 0, 0xC4000004u, 0x1u, 0, 0, &r) == PSCI_AFF_OFF,
          "AFFINITY_INFO(core 1) is OFF after cold boot");
    check((int64_t)call(p, 0, 0xC4000003u, 0x1u, 0x40080000u, 0x55, &r) == PSCI_RET_SUCCESS &&
              b.powered_on_core == 1 && b.entry == 0x40080000u,
          "CPU_ON(core 1) asks the platform to power core 1");
    check((int64_t)call(p, 0, 0xC4000004u, 0x1u, 0, 0, &r) == PSCI_AFF_ON_PENDING,
          "AFFINITY_INFO(core 1) is ON_PENDING while it powers up");
    struct psci_resume res;
    check(psci_event_power_up_done(p, 1, &res) == PSCI_OK && res.kind == PSCI_RESUME_WARM_BOOT &&
              res.entry == 0x40080000u && res.x0 == 0x55,
          "power-up done: core 1 warm-boots at the entry point with x0 = context ID");
    check((int64_t)call(p, 0, 0xC4000004u, 0x1u, 0, 0, &r) == PSCI_AFF_ON,
          "AFFINITY_INFO(core 1) is ON");
    psci_destroy(p);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
