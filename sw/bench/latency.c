/*
 * Suspend latency benchmark.
 * For every power state the platform accepts (core standby, core / cluster / system
 * power-down), each core in turn - with every other core OFF, so that platform
 * coordination lets cluster and system states really be entered - makes N CPU_SUSPEND
 * calls woken by its virtual timer, and measures with CNTVCT:
 *   round trip    = from just before the call to execution continuing (call site or entry
 *                   point, context restored), which includes the programmed sleep;
 *   wake latency  = from the timer deadline to execution continuing (exit latency plus
 *                   any lateness of the wake-up).
 * While another core measures, the lead core waits in its deepest accepted state (woken by
 * an SGI), so that it does not hold its cluster and the system up.
 * Prints one table row per (state, core). Ends with SYSTEM_OFF (exit status 0), or exit
 * status 1 if a call failed in an unexpected way.
 */
#include "bench.h"

#include "sw/arch.h"
#include "sw/console.h"
#include "sw/gic.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

#define ITERATIONS (2 * BENCH_SCALE)
#define SLEEP_US   4000
#define SGI_DONE   2

struct row {
    uint64_t count, resumed, errors;
    uint64_t rt_min, rt_max, rt_sum;
    uint64_t wl_max, wl_sum;
};

static struct row rows[SW_IDLE_MAX][SW_MAX_CPUS];
/* Set by a measured core before it sends SGI_DONE (its mailbox's done flag comes only after
 * measure() returns, so it may still be clear when the SGI wakes the lead). */
static volatile uint32_t measured[SW_MAX_CPUS];

static int64_t measure(uint64_t s)
{
    unsigned idx = sw_core_index();
    struct row *r = &rows[s][idx];
    r->rt_min = UINT64_MAX;
    for (unsigned i = 0; i < ITERATIONS; i++) {
        struct sw_suspend_result res;
        uint64_t ctx = 0x1A700000ull | (i << 8) | idx;
        sw_suspend_timer(bench_states[s].power_state, SLEEP_US, ctx, &res);
        bool ok = res.resumed ? (uint64_t)res.ret == ctx : res.ret == PSCI_SUCCESS;
        if (!ok) {
            r->errors++;
            continue;
        }
        uint64_t rt = res.t_back - res.t_call;
        uint64_t wl = res.t_back > res.deadline ? res.t_back - res.deadline : 0;
        r->count++;
        r->resumed += res.resumed;
        r->rt_sum += rt;
        r->rt_min = rt < r->rt_min ? rt : r->rt_min;
        r->rt_max = rt > r->rt_max ? rt : r->rt_max;
        r->wl_sum += wl;
        r->wl_max = wl > r->wl_max ? wl : r->wl_max;
    }
    if (idx != sw_topo.boot_index) {
        measured[idx] = 1;
        sw_dsb();
        sw_gic_send_sgi(SGI_DONE, sw_topo.boot_mpidr);
    }
    return 0;
}

/* The lead waits in its deepest usable state (woken by the measured core's SGI), so that
 * it does not keep its cluster and the system powered while another core measures. Its
 * timer is only a safety net and must not fire during a measurement (up to ITERATIONS x
 * (SLEEP_US + exit), under 0.2 s in the full run): waking would power its cluster and the
 * system back up under the measured core, whose cluster/system exit would then be cut short. */
#define LEAD_SAFETY_US 10000000
static bool wait_done_suspended(unsigned idx, int deepest)
{
    uint64_t end = sw_deadline_us(60000000);
    sw_gic_enable(SGI_DONE);
    while (!measured[idx]) {
        if (sw_expired(end)) return false;
        if (deepest < 0) {
            sw_cpu_relax();
            continue;
        }
        struct sw_suspend_result res;
        sw_suspend_timer(bench_states[deepest].power_state, LEAD_SAFETY_US, 0x1EAD, &res);
    }
    return true;
}

int main(void)
{
    bench_header("suspend latency benchmark");
    bench_probe_states();
    unsigned errors = 0;
    int deepest = -1;
    for (unsigned s = 0; s < bench_nstates; s++)
        if (bench_states[s].usable) deepest = (int)s;
    for (unsigned s = 0; s < bench_nstates; s++) {
        if (!bench_states[s].usable) continue;
        for (unsigned i = 0; i < sw_topo.ncpus; i++) {
            unsigned idx = sw_topo.index[i];
            if (idx == sw_topo.boot_index) {
                measure(s);
                continue;
            }
            measured[idx] = 0;
            if (sw_cpu_run(idx, measure, s) != PSCI_SUCCESS || !wait_done_suspended(idx, deepest) ||
                !sw_cpu_wait_off(idx, 2000000)) {
                sw_printf("core %u: could not run\n", idx);
                errors++;
            }
        }
    }
    sw_printf("timer sleep %u us per call, %u calls per (state, core); times in counter ticks "
              "and us\n",
              SLEEP_US, ITERATIONS);
    sw_printf("%-19s %-10s %-5s %5s %7s %10s %10s %10s %8s %8s %8s\n", "state", "power_state",
              "core", "count", "resumed", "rt_min", "rt_avg", "rt_max", "rt_avg_us", "wake_us",
              "wake_max");
    for (unsigned s = 0; s < bench_nstates; s++) {
        if (!bench_states[s].usable) {
            sw_printf("%-19s 0x%08x  rejected: %s\n", bench_states[s].name,
                      bench_states[s].power_state, psci_ret_name(bench_states[s].reject));
            continue;
        }
        for (unsigned i = 0; i < sw_topo.ncpus; i++) {
            unsigned idx = sw_topo.index[i];
            struct row *r = &rows[s][idx];
            errors += (unsigned)r->errors;
            if (!r->count) {
                sw_printf("%-19s 0x%08x  %-5u no successful call\n", bench_states[s].name,
                          bench_states[s].power_state, idx);
                continue;
            }
            uint64_t avg = r->rt_sum / r->count, wavg = r->wl_sum / r->count;
            sw_printf("%-19s 0x%08x  %-5u %5lu %7lu %10lu %10lu %10lu %8lu %8lu %8lu\n",
                      bench_states[s].name, bench_states[s].power_state, idx, r->count, r->resumed,
                      r->rt_min, avg, r->rt_max, sw_ticks_to_us(avg), sw_ticks_to_us(wavg),
                      sw_ticks_to_us(r->wl_max));
        }
    }
    return bench_finish(errors);
}
