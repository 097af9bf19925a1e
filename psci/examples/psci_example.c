/*
 * psci_example.c - how to plug the PSCI library into a simulator.
 *
 * A simulator owns three things the library needs: a conduit (the SMC/HVC of a core turns
 * into psci_handle_call()), platform operations (the library asks the hardware to start
 * powering things up or down) and completion events (the hardware tells the library a
 * transition finished). Here the "simulator" is a tiny discrete-event loop on a fake
 * 2-cluster x 4-core platform with its own nanosecond clock:
 *
 *   - pwr_domain_on schedules "power-up done" after a ramp (longer when the cluster was
 *     off, read from psci_node_local_state());
 *   - pwr_domain_off schedules "power-down done" once the core is quiescent;
 *   - pwr_domain_suspend does nothing by itself: a timer interrupt scheduled by the
 *     script wakes the core (psci_event_wakeup), which either resumes after the call
 *     (standby) or warm-boots at its entry point (power-down);
 *   - time_ns is the event loop's clock, so PSCI_STAT residencies are simulated time.
 *
 * The scenario: firmware discovery, bring-up of all cores, suspend at each level (core
 * standby, core power-down, cluster power-down, system suspend), hotplug, statistics and
 * SYSTEM_OFF. Every call and event is printed; the output is deterministic.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psci/psci.h"

#define NUM_CORES 8
#define ENTRY     0x40080000ull
#define US        1000ull /* ns */

enum ev_kind { EV_POWER_UP_DONE, EV_POWER_DOWN_DONE, EV_TIMER_IRQ };

struct event {
    uint64_t t;
    enum ev_kind kind;
    unsigned core;
};

struct platform {
    uint64_t now;
    struct event q[64];
    unsigned nq;
    struct psci *psci;
};

static struct platform plat;

static void schedule(uint64_t delay, enum ev_kind kind, unsigned core)
{
    if (plat.nq == sizeof plat.q / sizeof plat.q[0]) {
        fprintf(stderr, "psci_example: event queue full\n");
        exit(1);
    }
    /* Keep the queue sorted by time; equal times stay in scheduling order. */
    unsigned i = plat.nq++;
    const uint64_t t = plat.now + delay;
    while (i > 0 && plat.q[i - 1].t > t) {
        plat.q[i] = plat.q[i - 1];
        i--;
    }
    plat.q[i] = (struct event){t, kind, core};
}

static void stamp(void)
{
    printf("[%10.3f us] ", (double)plat.now / 1000.0);
}

/* ---- platform operations: start transitions, report completion later ---- */

static int op_on(void *ctx, unsigned core, uint64_t entry, uint64_t context_id)
{
    (void)ctx;
    (void)entry;
    (void)context_id;
    const bool cluster_off =
        psci_node_local_state(plat.psci, core, PSCI_LEVEL_CLUSTER) != PSCI_LOCAL_RUN;
    schedule(cluster_off ? 600 * US : 100 * US, EV_POWER_UP_DONE, core);
    return PSCI_RET_SUCCESS;
}

static int op_off(void *ctx, unsigned core, const psci_local_state_t target[PSCI_NUM_LEVELS])
{
    (void)ctx;
    schedule(target[1] == PSCI_LOCAL_OFF ? 500 * US : 40 * US, EV_POWER_DOWN_DONE, core);
    return PSCI_RET_SUCCESS;
}

static int op_suspend(void *ctx, unsigned core, const psci_local_state_t target[PSCI_NUM_LEVELS],
                      bool power_down)
{
    (void)ctx;
    (void)core;
    (void)target;
    (void)power_down;
    return PSCI_RET_SUCCESS; /* the scripted timer interrupt wakes the core */
}

static void op_system_off(void *ctx)
{
    (void)ctx;
    stamp();
    printf("platform: system power-off\n");
}

static void op_system_reset(void *ctx)
{
    (void)ctx;
    stamp();
    printf("platform: system reset\n");
}

static uint64_t op_time_ns(void *ctx)
{
    (void)ctx;
    return plat.now;
}

static int op_hw_state(void *ctx, unsigned core, unsigned level)
{
    (void)ctx;
    switch (psci_node_local_state(plat.psci, core, level)) {
    case PSCI_LOCAL_RUN: return PSCI_HW_ON;
    case PSCI_LOCAL_RET: return PSCI_HW_STANDBY;
    default: return PSCI_HW_OFF;
    }
}

/* ---- the conduit: one SMC from a core ---- */

static unsigned num_args(uint32_t fid)
{
    const struct psci_function_info *f = psci_get_function_info(fid & (PSCI_FN_COUNT - 1));
    return f ? f->num_args : 0;
}

static struct psci_result smc(unsigned core, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    const uint64_t x[4] = {fid, a1, a2, a3};
    struct psci_result r;
    plat.now += 1 * US; /* about 1 us SMC round trip */
    if (psci_handle_call(plat.psci, core, false, x, &r) != PSCI_OK) {
        fprintf(stderr, "psci_example: core %u cannot call now\n", core);
        exit(1);
    }
    stamp();
    printf("core %u  %s(", core, psci_function_name(fid));
    for (unsigned i = 0; i < num_args(fid); i++)
        printf("%s0x%" PRIx64, i ? ", " : "", x[1 + i]);
    printf(")");
    const int64_t v = (int64_t)r.x[0];
    if (r.action == PSCI_ACTION_RETURN) {
        static const char *const aff[] = {"ON", "OFF", "ON_PENDING"};
        static const char *const hw[] = {"HW_ON", "HW_OFF", "HW_STANDBY"};
        const unsigned fn = fid & 0x1f;
        if (v < 0)
            printf(" -> %s\n", psci_return_name((int32_t)v));
        else if (fid == SMCCC_VERSION_FID || fn == PSCI_FN_PSCI_VERSION)
            printf(" -> %u.%u\n", (unsigned)PSCI_VERSION_MAJOR(v), (unsigned)PSCI_VERSION_MINOR(v));
        else if (fn == PSCI_FN_AFFINITY_INFO && v <= 2)
            printf(" -> %s\n", aff[v]);
        else if (fn == PSCI_FN_NODE_HW_STATE && v <= 2)
            printf(" -> %s\n", hw[v]);
        else if (fn == PSCI_FN_PSCI_FEATURES)
            printf(" -> supported, flags 0x%" PRIx64 "\n", r.x[0]);
        else if (fn == PSCI_FN_PSCI_STAT_RESIDENCY)
            printf(" -> %" PRIu64 " us\n", r.x[0]);
        else if (fn == PSCI_FN_PSCI_STAT_COUNT || fn == PSCI_FN_MIGRATE_INFO_TYPE)
            printf(" -> %" PRIu64 "\n", r.x[0]);
        else
            printf(" -> %s\n", psci_return_name((int32_t)v));
    } else {
        printf(" -> %s", psci_action_name(r.action));
        if (r.action != PSCI_ACTION_SYSTEM_OFF)
            printf(" [core %s, cluster %s, system %s]", psci_local_state_name(r.target[0]),
                   psci_local_state_name(r.target[1]), psci_local_state_name(r.target[2]));
        printf("\n");
    }
    return r;
}

static uint64_t mpidr(unsigned core)
{
    return psci_core_mpidr(plat.psci, core) & 0xff00ffffffull;
}

/* Runs the event loop until `until` (simulated ns). */
static void run_until(uint64_t until)
{
    while (plat.nq && plat.q[0].t <= until) {
        struct event e = plat.q[0];
        memmove(&plat.q[0], &plat.q[1], (plat.nq - 1) * sizeof plat.q[0]);
        plat.nq--;
        plat.now = e.t;
        struct psci_resume res;
        int st;
        stamp();
        switch (e.kind) {
        case EV_POWER_UP_DONE:
            st = psci_event_power_up_done(plat.psci, e.core, &res);
            printf("core %u  powered up: starts at 0x%" PRIx64 " with x0 = 0x%" PRIx64 "\n", e.core,
                   res.entry, res.x0);
            break;
        case EV_POWER_DOWN_DONE:
            st = psci_event_power_down_done(plat.psci, e.core);
            printf("core %u  power-down finished (AFFINITY_INFO now OFF)\n", e.core);
            break;
        case EV_TIMER_IRQ:
            st = psci_event_wakeup(plat.psci, e.core, &res);
            if (res.kind == PSCI_RESUME_WARM_BOOT)
                printf("core %u  timer IRQ: warm boot at 0x%" PRIx64 " with x0 = 0x%" PRIx64
                       " (path was %s/%s/%s)\n",
                       e.core, res.entry, res.x0, psci_local_state_name(res.from[0]),
                       psci_local_state_name(res.from[1]), psci_local_state_name(res.from[2]));
            else
                printf("core %u  timer IRQ: resumes after CPU_SUSPEND with x0 = SUCCESS\n", e.core);
            break;
        default: st = PSCI_ERR_ARG;
        }
        if (st != PSCI_OK) {
            fprintf(stderr, "psci_example: event refused (%d)\n", st);
            exit(1);
        }
    }
    if (plat.now < until) plat.now = until;
}

static void section(const char *title)
{
    printf("\n== %s ==\n", title);
}

static void print_stats(void)
{
    section("statistics (completed stays, as PSCI_STAT reports them)");
    printf("%-10s %-8s %10s %14s %10s %14s\n", "node", "", "RET count", "RET res (us)", "OFF count",
           "OFF res (us)");
    for (unsigned c = 0; c < NUM_CORES; c++) {
        struct psci_node_stats ret, off;
        psci_get_node_stats(plat.psci, c, 0, PSCI_LOCAL_RET, false, &ret);
        psci_get_node_stats(plat.psci, c, 0, PSCI_LOCAL_OFF, false, &off);
        printf("core %-5u %-8s %10" PRIu64 " %14" PRIu64 " %10" PRIu64 " %14" PRIu64 "\n", c, "",
               ret.count, ret.residency_us, off.count, off.residency_us);
    }
    for (unsigned k = 0; k < 2; k++) {
        struct psci_node_stats off;
        psci_get_node_stats(plat.psci, k * 4, 1, PSCI_LOCAL_OFF, false, &off);
        printf("cluster %-2u %-8s %10s %14s %10" PRIu64 " %14" PRIu64 "\n", k, "", "-", "-",
               off.count, off.residency_us);
    }
    struct psci_node_stats sys;
    psci_get_node_stats(plat.psci, 0, 2, PSCI_LOCAL_OFF, false, &sys);
    printf("%-10s %-8s %10s %14s %10" PRIu64 " %14" PRIu64 "\n", "system", "", "-", "-", sys.count,
           sys.residency_us);
}

int main(void)
{
    static const unsigned cores_per_cluster[2] = {4, 4};
    static const struct psci_mem_range ram = {0x40000000ull, 0x10000000ull};
    struct psci_config cfg;
    psci_config_init(&cfg); /* PSCI 1.1, original power_state format, SMCCC 1.1 */
    cfg.num_clusters = 2;
    cfg.cores_per_cluster = cores_per_cluster;
    cfg.ns_ram = &ram;
    cfg.num_ns_ram = 1;

    struct psci_platform_ops ops;
    memset(&ops, 0, sizeof ops);
    ops.pwr_domain_on = op_on;
    ops.pwr_domain_off = op_off;
    ops.pwr_domain_suspend = op_suspend;
    ops.system_off = op_system_off;
    ops.system_reset = op_system_reset;
    ops.time_ns = op_time_ns;
    ops.node_hw_state = op_hw_state;

    char err[256];
    plat.psci = psci_create(&cfg, &ops, NULL, err, sizeof err);
    if (!plat.psci) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    printf("psci_example: PSCI library on a fake 2x4 platform (MPIDR 0x80000000 | cluster << 8 | "
           "core)\n");

    section("firmware discovery (what Linux asks at boot)");
    smc(0, PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
    smc(0, PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0, 0, 0);
    smc(0, PSCI_1_0_FN_PSCI_FEATURES, SMCCC_VERSION_FID, 0, 0);
    smc(0, SMCCC_VERSION_FID, 0, 0, 0);
    smc(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_SUSPEND, 0, 0);
    smc(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_0_FN64_SYSTEM_SUSPEND, 0, 0);
    smc(0, PSCI_1_0_FN_PSCI_FEATURES, PSCI_1_1_FN64_SYSTEM_RESET2, 0, 0);

    section("bring-up of every core");
    for (unsigned c = 1; c < NUM_CORES; c++)
        smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(c), ENTRY, c);
    smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(1), ENTRY, 1); /* still powering up */
    smc(0, PSCI_0_2_FN64_AFFINITY_INFO, mpidr(5), 0, 0);
    run_until(plat.now + 1000 * US);
    smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(1), ENTRY, 1);  /* running now */
    smc(0, PSCI_0_2_FN64_CPU_ON, 0x300, ENTRY, 0);     /* no such core */
    smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(1), 0x1000, 0); /* entry outside NS RAM */

    const psci_local_state_t core_ret[3] = {PSCI_LOCAL_RET, PSCI_LOCAL_RUN, PSCI_LOCAL_RUN};
    const psci_local_state_t core_off[3] = {PSCI_LOCAL_OFF, PSCI_LOCAL_RUN, PSCI_LOCAL_RUN};
    const psci_local_state_t cl_off[3] = {PSCI_LOCAL_OFF, PSCI_LOCAL_OFF, PSCI_LOCAL_RUN};
    const uint32_t ps_core_ret = psci_make_power_state(PSCI_PSTATE_ORIGINAL, core_ret, 0);
    const uint32_t ps_core_off = psci_make_power_state(PSCI_PSTATE_ORIGINAL, core_off, 0);
    const uint32_t ps_cl_off = psci_make_power_state(PSCI_PSTATE_ORIGINAL, cl_off, 0);

    section("core standby (power_state 0x1)");
    smc(1, PSCI_0_2_FN64_CPU_SUSPEND, ps_core_ret, 0, 0);
    schedule(200 * US, EV_TIMER_IRQ, 1);
    run_until(plat.now + 300 * US);

    section("core power-down (power_state 0x10002)");
    smc(2, PSCI_0_2_FN64_CPU_SUSPEND, ps_core_off, ENTRY + 0x100, 0xc0de);
    schedule(300 * US, EV_TIMER_IRQ, 2);
    run_until(plat.now + 400 * US);
    smc(2, PSCI_0_2_FN64_CPU_SUSPEND, 0x04000001, 0, 0); /* reserved bit set */

    section("cluster 1 power-down: every core votes 0x1010022, the last one takes it down");
    for (unsigned c = 4; c < 8; c++)
        smc(c, PSCI_0_2_FN64_CPU_SUSPEND, ps_cl_off, ENTRY, c);
    smc(0, PSCI_1_0_FN64_NODE_HW_STATE, mpidr(4), 1, 0);
    for (unsigned c = 4; c < 8; c++)
        schedule(2000 * US + c * 10 * US, EV_TIMER_IRQ, c);
    run_until(plat.now + 2500 * US);

    section("system suspend: everyone else off, then SYSTEM_SUSPEND");
    smc(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, ENTRY, 0, 0); /* others still on */
    for (unsigned c = 1; c < NUM_CORES; c++)
        smc(c, PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
    run_until(plat.now + 1000 * US);
    smc(0, PSCI_1_0_FN64_SYSTEM_SUSPEND, ENTRY, 0x5ee9, 0);
    schedule(5000 * US, EV_TIMER_IRQ, 0);
    run_until(plat.now + 6000 * US);

    section("hotplug: CPU_ON / CPU_OFF with AFFINITY_INFO polling");
    smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(5), ENTRY, 5);
    smc(0, PSCI_0_2_FN64_AFFINITY_INFO, mpidr(5), 0, 0);
    run_until(plat.now + 1000 * US);
    smc(5, PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
    smc(0, PSCI_0_2_FN64_AFFINITY_INFO, mpidr(5), 0, 0);
    smc(0, PSCI_0_2_FN64_CPU_ON, mpidr(5), ENTRY, 5); /* still going down */
    run_until(plat.now + 1000 * US);
    smc(0, PSCI_0_2_FN64_AFFINITY_INFO, mpidr(5), 0, 0);
    smc(0, PSCI_0_2_FN64_AFFINITY_INFO, 0x100, 1, 0); /* cluster 1 as a whole */

    section("statistics through PSCI_STAT (core 4: cluster-off state, core 1: standby)");
    smc(0, PSCI_1_0_FN64_STAT_COUNT, mpidr(4), ps_cl_off, 0);
    smc(0, PSCI_1_0_FN64_STAT_RESIDENCY, mpidr(4), ps_cl_off, 0);
    smc(0, PSCI_1_0_FN64_STAT_COUNT, mpidr(1), ps_core_ret, 0);
    smc(0, PSCI_1_0_FN64_STAT_RESIDENCY, mpidr(1), ps_core_ret, 0);
    print_stats();

    section("power-off");
    smc(0, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
    psci_destroy(plat.psci);
    return 0;
}
