/*
 * SYSTEM_RESET and SYSTEM_RESET2 warm reset (DEN 0022 5.12, 5.21), across reboots.
 * Aim: a system reset restarts the boot core at the image entry with every other core
 * OFF, restores the loaded image and keeps the rest of RAM (so the program counts its
 * boots in a record just past the image, at __persist).
 * Expected:
 *  - boot 1 starts a second core (left running), dirties a .data word, then calls
 *    SYSTEM_RESET, which must not return;
 *  - boot 2: the record says 1 boot; the .data word has its linked value again; the other
 *    cores are OFF; PSCI_STAT counts (when advertised) restarted from zero; then, when
 *    SYSTEM_RESET2 is advertised, SYSTEM_RESET2(SYSTEM_WARM_RESET = 0, 0), which must not
 *    return either;
 *  - boot 3 (after SYSTEM_RESET2): the record says 2 boots.
 * The last boot prints the summary and exits through semihosting (status 0 iff no failure).
 */
#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"
#include "sw/idle.h"
#include "sw/psci.h"
#include "sw/semihost.h"
#include "sw/smp.h"
#include "sw/timer.h"

#define MAGIC 0x5053434952535431ull /* "PSCIRST1" */

struct persist {
    uint64_t magic;
    uint64_t boots;
    uint64_t passed, failed, skipped;
    uint64_t reset2_pending;
};
extern struct persist __persist;
static volatile uint32_t data_marker = 0x600DDA7A;

static int64_t spin_fn(uint64_t arg)
{
    (void)arg;
    for (;;)
        sw_cpu_relax();
    return 0;
}

static void save_counts(struct persist *p)
{
    p->passed += sw_checks_passed;
    p->failed += sw_checks_failed;
    p->skipped += sw_checks_skipped;
    sw_checks_passed = sw_checks_failed = sw_checks_skipped = 0;
    sw_dsb();
}

static bool stat_advertised(void)
{
    return psci_features(PSCI_STAT_COUNT64) >= 0;
}

static void before_reset(struct persist *p)
{
    sw_topology_discover();
    if (sw_topo.ncpus > 1) {
        unsigned idx = sw_topo.index[sw_topo.ncpus - 1];
        sw_check_ret("system_reset.setup_cpu_on", sw_cpu_run(idx, spin_fn, 0), PSCI_SUCCESS);
    }
    if (stat_advertised()) {
        struct sw_suspend_result res;
        sw_suspend_timer(sw_pstate_core_standby(), 1000, 0, &res);
        sw_check("system_reset.setup_stat_count_nonzero",
                 psci_stat_count(sw_mpidr(), sw_pstate_core_standby()) > 0,
                 "PSCI_STAT_COUNT stayed 0 after a standby");
    }
    data_marker = 0xBADDA7A;
    p->boots++;
    save_counts(p);
}

static const char *name2(const char *prefix, const char *what)
{
    static char buf[2][96];
    static unsigned n;
    char *b = buf[n++ & 1];
    sw_snprintf(b, sizeof buf[0], "%s.%s", prefix, what);
    return b;
}

/* Checks made on the boot that follows a reset requested by 'prefix'. */
static void after_reset(const char *prefix)
{
    sw_pass(name2(prefix, "rebooted"));
    sw_check(name2(prefix, "image_restored"), data_marker == 0x600DDA7A,
             ".data word is 0x%x, expected its linked value 0x600dda7a", data_marker);
    sw_topology_discover();
    unsigned on = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++)
        if (sw_topo.index[i] != sw_topo.boot_index &&
            psci_affinity_info(sw_topo.mpidr[i], 0) != PSCI_AFF_OFF)
            on++;
    sw_check(name2(prefix, "other_cores_off"), on == 0, "%u other core(s) not OFF after reset", on);
    if (stat_advertised())
        sw_check_u64(name2(prefix, "stat_count_restarted"),
                     psci_stat_count(sw_mpidr(), sw_pstate_core_standby()), 0);
}

int main(void)
{
    struct persist *p = &__persist;
    sw_idle_init();
    if (p->magic != MAGIC) {
        p->magic = MAGIC;
        p->boots = 0;
        p->passed = p->failed = p->skipped = 0;
        p->reset2_pending = 0;
        sw_printf("# boot 1: calling SYSTEM_RESET\n");
        before_reset(p);
        int32_t r = psci_system_reset();
        sw_fail("system_reset.does_not_return", "returned %d (%s)", r, psci_ret_name(r));
    } else if (p->boots == 1) {
        sw_printf("# boot 2 (after SYSTEM_RESET)\n");
        after_reset("system_reset");
        if (psci_features(PSCI_SYSTEM_RESET2_64) >= 0) {
            sw_printf("# calling SYSTEM_RESET2(SYSTEM_WARM_RESET)\n");
            before_reset(p);
            int32_t r = psci_system_reset2(0, 0);
            sw_fail("system_reset2.warm.does_not_return", "returned %d (%s)", r, psci_ret_name(r));
        } else {
            sw_skip("system_reset2.warm", "SYSTEM_RESET2 not advertised");
        }
    } else if (p->boots == 2) {
        sw_printf("# boot 3 (after SYSTEM_RESET2)\n");
        after_reset("system_reset2.warm");
    } else {
        sw_fail("system_reset.boot_count", "record says %lu boots", p->boots);
    }
    save_counts(p);
    sw_printf("%lu passed, %lu failed, %lu skipped\n", p->passed, p->failed, p->skipped);
    int rc = p->failed ? 1 : 0;
    p->magic = 0;
    sw_dsb();
    return rc;
}
