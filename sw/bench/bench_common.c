#include "bench.h"

#include "sw/arch.h"
#include "sw/console.h"
#include "sw/gic.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

struct bench_state bench_states[SW_IDLE_MAX];
unsigned bench_nstates;

void bench_probe_states(void)
{
    sw_idle_init();
    bench_nstates = sw_idle_count;
    for (unsigned i = 0; i < bench_nstates; i++) {
        bench_states[i].name = sw_idle_table[i].name;
        bench_states[i].power_state = sw_idle_table[i].power_state;
        bench_states[i].powerdown = sw_idle_table[i].powerdown;
        bool resumed;
        sw_pend_self_sgi(1);
        int64_t r = sw_psci_cpu_suspend(bench_states[i].power_state, 0xBE0C0000ull, &resumed);
        sw_clear_self_sgi(1);
        bench_states[i].usable = resumed || r == PSCI_SUCCESS;
        bench_states[i].reject = r;
    }
    sw_printf("power states (%s):", sw_idle_from_dt ? "device tree idle states + system-off"
                                                    : "recommended-encoding defaults");
    for (unsigned i = 0; i < bench_nstates; i++)
        sw_printf(" %s=0x%08x%s", bench_states[i].name, bench_states[i].power_state,
                  bench_states[i].usable ? "" : " (rejected)");
    sw_printf("\n");
}

unsigned bench_run_all(int64_t (*fn)(uint64_t), uint64_t arg, bool include_lead)
{
    unsigned bad = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx != sw_topo.boot_index && sw_cpu_run(idx, fn, arg) != PSCI_SUCCESS) bad++;
    }
    if (include_lead) fn(arg);
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx == sw_topo.boot_index) continue;
        if (!sw_cpu_wait_done(idx, 60000000) || !sw_cpu_wait_off(idx, 2000000)) {
            sw_printf("core %u did not finish\n", idx);
            bad++;
        }
    }
    return bad;
}

void bench_header(const char *what)
{
    int32_t v = psci_version();
    sw_topology_discover();
    sw_printf("%s: PSCI %d.%d over %s, EL%u, CNTFRQ %lu Hz, %u core(s) in %u cluster(s)%s\n", what,
              v >> 16, v & 0xFFFF, SW_CONDUIT_NAME, sw_current_el(), sw_cntfrq(), sw_topo.ncpus,
              sw_topo.nclusters,
#ifdef BENCH_SHORT
              ", short run"
#else
              ""
#endif
    );
}

int bench_finish(unsigned errors)
{
    if (errors) {
        sw_printf("%u error(s)\n", errors);
        return 1;
    }
    sw_printf("done; calling SYSTEM_OFF\n");
    int32_t r = psci_system_off();
    sw_printf("SYSTEM_OFF returned %d\n", r);
    return 1;
}
