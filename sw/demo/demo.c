/*
 * README demo guest: brings every core up, suspends all of them at core level (standby,
 * then power-down) and at cluster level with timer wake-ups, then powers the system off
 * with SYSTEM_OFF. It prints each step. A state the platform rejects (QEMU has no
 * cluster states and treats power-down as standby) is reported, not fatal.
 */
#include "sw/arch.h"
#include "sw/console.h"
#include "sw/gic.h"
#include "sw/idle.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

#define ROUNDS 3

static struct sw_barrier phase_barrier;

struct phase {
    const char *name;
    uint32_t (*pstate)(void);
    uint64_t sleep_us;
};

static const struct phase phases[] = {
    {"core standby", sw_pstate_core_standby, 2000},
    {"core power-down", sw_pstate_core_off, 2000},
    {"cluster power-down", sw_pstate_cluster_off, 3000},
};

static int64_t run_phases(uint64_t arg)
{
    (void)arg;
    unsigned idx = sw_core_index();
    int64_t errors = 0;
    sw_printf("core %u (MPIDR 0x%lx) up at EL%u\n", idx, sw_mpidr(), sw_current_el());
    for (unsigned p = 0; p < sizeof phases / sizeof phases[0]; p++) {
        sw_barrier_wait(&phase_barrier, sw_topo.ncpus);
        unsigned entered = 0, returned = 0, rejected = 0;
        uint64_t worst = 0;
        int64_t err = 0;
        for (unsigned r = 0; r < ROUNDS; r++) {
            struct sw_suspend_result res;
            uint64_t ctx = 0xDE300000ull | (p << 8) | idx;
            sw_suspend_timer(phases[p].pstate(), phases[p].sleep_us, ctx, &res);
            if (res.resumed) {
                entered++;
                if ((uint64_t)res.ret != ctx) errors++;
            } else if (res.ret == PSCI_SUCCESS) {
                returned++;
            } else {
                rejected++;
                err = res.ret;
            }
            uint64_t lat = res.t_back > res.deadline ? res.t_back - res.deadline : 0;
            if (lat > worst) worst = lat;
        }
        if (rejected)
            sw_printf("core %u: %s (power_state 0x%08x) rejected: %s\n", idx, phases[p].name,
                      phases[p].pstate(), psci_ret_name(err));
        else
            sw_printf("core %u: %s x%u: %u resumed at entry point, %u returned; worst wake "
                      "latency %lu us\n",
                      idx, phases[p].name, ROUNDS, entered, returned, sw_ticks_to_us(worst));
    }
    sw_barrier_wait(&phase_barrier, sw_topo.ncpus);
    return errors;
}

int main(void)
{
    int32_t v = psci_version();
    sw_idle_init();
    sw_topology_discover();
    sw_printf("pscisim demo: PSCI %d.%d over %s, EL%u, CNTFRQ %lu Hz, %u cores in %u "
              "cluster(s), %s power_state format\n",
              v >> 16, v & 0xFFFF, SW_CONDUIT_NAME, sw_current_el(), sw_cntfrq(), sw_topo.ncpus,
              sw_topo.nclusters, sw_pstate_extended ? "extended" : "original");
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx == sw_topo.boot_index) continue;
        int32_t r = sw_cpu_run(idx, run_phases, 0);
        if (r != PSCI_SUCCESS) {
            sw_printf("CPU_ON core %u failed: %s\n", idx, psci_ret_name(r));
            return 1;
        }
    }
    int64_t errors = run_phases(0);
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx == sw_topo.boot_index) continue;
        if (!sw_cpu_wait_off(idx, 2000000)) {
            sw_printf("core %u did not power off\n", idx);
            return 1;
        }
        errors += sw_mailboxes[idx].result;
    }
    if (errors) {
        sw_printf("%ld resume(s) delivered a wrong context_id\n", errors);
        return 1;
    }
    sw_printf("all cores off; calling SYSTEM_OFF\n");
    int32_t r = psci_system_off();
    sw_printf("SYSTEM_OFF returned %d (%s)\n", r, psci_ret_name(r));
    return 1;
}
