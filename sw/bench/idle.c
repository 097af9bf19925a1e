/*
 * OS-like idle workload (the architects' demo workload).
 * Every core alternates a compute burst of pseudo-random length with a suspend of
 * pseudo-random depth (among the states the platform accepts) and duration, woken by its
 * virtual timer - like an OS idle governor under a bursty load. The PRNG is seeded per
 * core, so the sequence of requests is the same on every run.
 * Prints per core: bursts, instructions-equivalent work done, suspends per state, time
 * requested asleep and measured round-trip time. Ends with SYSTEM_OFF (exit status 0),
 * or exit status 1 if a suspend failed.
 */
#include "bench.h"

#include "sw/arch.h"
#include "sw/console.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

#define BURSTS 20 * BENCH_SCALE

struct stats {
    uint64_t work, checksum;
    uint64_t per_state[SW_IDLE_MAX];
    uint64_t resumed, errors;
    uint64_t asleep_us, round_trip_ticks;
};

static struct stats stats[SW_MAX_CPUS];
static unsigned usable[SW_IDLE_MAX], nusable;

static int64_t idle_loop(uint64_t seed)
{
    unsigned idx = sw_core_index();
    struct stats *st = &stats[idx];
    uint64_t rng = seed ^ (0x9E3779B97F4A7C15ull * (idx + 1));
    for (unsigned b = 0; b < BURSTS; b++) {
        unsigned n = 500 + (unsigned)(sw_rand_next(&rng) % 5000);
        uint64_t acc = st->checksum;
        for (unsigned i = 0; i < n; i++)
            acc = acc * 6364136223846793005ull + i;
        st->checksum = acc;
        st->work += n;
        unsigned s = usable[sw_rand_next(&rng) % nusable];
        uint64_t us = 200 + sw_rand_next(&rng) % 3000;
        struct sw_suspend_result res;
        uint64_t ctx = 0x1D1E0000ull | (b << 8) | idx;
        sw_suspend_timer(bench_states[s].power_state, us, ctx, &res);
        if (res.resumed ? (uint64_t)res.ret != ctx : res.ret != PSCI_SUCCESS) st->errors++;
        st->per_state[s]++;
        st->resumed += res.resumed;
        st->asleep_us += us;
        st->round_trip_ticks += res.t_back - res.t_call;
    }
    return 0;
}

int main(void)
{
    bench_header("OS-like idle workload");
    bench_probe_states();
    for (unsigned s = 0; s < bench_nstates; s++)
        if (bench_states[s].usable) usable[nusable++] = s;
    sw_printf("%u bursts per core, seed 0x5EED\n", BURSTS);
    uint64_t t0 = sw_cntvct();
    unsigned errors = bench_run_all(idle_loop, 0x5EED, true);
    uint64_t total = sw_cntvct() - t0;
    sw_printf("%-5s %8s %10s", "core", "bursts", "work");
    for (unsigned i = 0; i < nusable; i++)
        sw_printf(" %13s", bench_states[usable[i]].name);
    sw_printf(" %8s %11s %11s\n", "resumed", "asleep_us", "rt_us");
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        struct stats *st = &stats[idx];
        errors += (unsigned)st->errors;
        sw_printf("%-5u %8u %10lu", idx, BURSTS, st->work);
        for (unsigned k = 0; k < nusable; k++)
            sw_printf(" %13lu", st->per_state[usable[k]]);
        sw_printf(" %8lu %11lu %11lu\n", st->resumed, st->asleep_us,
                  sw_ticks_to_us(st->round_trip_ticks));
    }
    sw_printf("elapsed %lu us\n", sw_ticks_to_us(total));
    return bench_finish(errors);
}
