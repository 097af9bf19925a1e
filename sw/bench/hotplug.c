/*
 * Hotplug storm.
 * Cores power each other on: every core that starts picks pseudo-random targets (seeded
 * per core) and issues CPU_ON to them while a shared budget of attempts lasts, then powers
 * itself off with CPU_OFF. Concurrent CPU_ONs to the same core and CPU_ONs racing with
 * CPU_OFF are the point.
 * Checks: every CPU_ON answers SUCCESS, ALREADY_ON or ON_PENDING (DEN 0022 5.6); each
 * SUCCESS starts the target exactly once (starts counted at entry = SUCCESS count); the
 * storm settles with every core but the lead OFF. Prints the counts of each answer and
 * the elapsed time. Ends with SYSTEM_OFF (exit status 0), or exit status 1.
 */
#include "bench.h"

#include "sw/arch.h"
#include "sw/console.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/spinlock.h"
#include "sw/timer.h"

#define BUDGET (50 * BENCH_SCALE)

static volatile uint32_t budget, outstanding;
static volatile uint32_t n_success, n_already, n_pending, n_other;
static volatile int32_t last_other;

static int64_t storm_fn(uint64_t seed);

static void attempt(uint64_t *rng)
{
    if (sw_topo.ncpus < 2) return;
    for (;;) {
        uint32_t b = budget;
        if (b == 0) return;
        /* Claim one attempt: compare-free decrement with a re-check keeps it simple. */
        if (sw_atomic_add(&budget, (uint32_t)-1) == 0) {
            sw_atomic_add(&budget, 1);
            return;
        }
        break;
    }
    unsigned pick;
    do
        pick = (unsigned)(sw_rand_next(rng) % sw_topo.ncpus);
    while (sw_topo.index[pick] == sw_topo.boot_index);
    unsigned t = sw_topo.index[pick];
    sw_atomic_add(&outstanding, 1);
    int32_t r = psci_cpu_on(sw_topo.mpidr[pick], (uintptr_t)sw_cpu_entry, t);
    if (r == PSCI_SUCCESS) {
        sw_atomic_add(&n_success, 1);
        return; /* the started core retires the outstanding count */
    }
    sw_atomic_add(&outstanding, (uint32_t)-1);
    if (r == PSCI_ALREADY_ON)
        sw_atomic_add(&n_already, 1);
    else if (r == PSCI_ON_PENDING)
        sw_atomic_add(&n_pending, 1);
    else {
        sw_atomic_add(&n_other, 1);
        last_other = r;
    }
}

static int64_t storm_fn(uint64_t seed)
{
    unsigned idx = sw_core_index();
    uint64_t rng = seed ^ (0xD1B54A32D192ED03ull * (idx + 1)) ^ sw_mailboxes[idx].started;
    for (unsigned i = 0; i < 3; i++)
        attempt(&rng);
    if (idx != sw_topo.boot_index) sw_atomic_add(&outstanding, (uint32_t)-1);
    return 0;
}

int main(void)
{
    bench_header("hotplug storm");
    unsigned errors = 0;
    if (sw_topo.ncpus < 2) {
        sw_printf("single core: nothing to hot-plug\n");
        return bench_finish(0);
    }
    uint32_t started0 = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        sw_mailboxes[idx].fn = (uint64_t)(uintptr_t)storm_fn;
        sw_mailboxes[idx].arg = 0x5702;
        started0 += sw_mailboxes[idx].started;
    }
    sw_dsb();
    budget = BUDGET;
    uint64_t t0 = sw_cntvct();
    uint64_t rng = 0x5702;
    /* The lead only re-seeds the storm when it has died out; the other cores drive it. */
    while (budget) {
        if (!outstanding)
            attempt(&rng);
        else
            sw_cpu_relax();
    }
    uint64_t end = sw_deadline_us(10000000);
    while (outstanding && !sw_expired(end))
        sw_cpu_relax();
    if (outstanding) {
        sw_printf("storm did not settle: %u started core(s) never finished\n", outstanding);
        errors++;
    }
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx != sw_topo.boot_index && !sw_cpu_wait_off(idx, 2000000)) {
            sw_printf("core %u not OFF after the storm\n", idx);
            errors++;
        }
    }
    uint64_t elapsed = sw_cntvct() - t0;
    uint32_t started = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++)
        started += sw_mailboxes[sw_topo.index[i]].started;
    started -= started0;
    sw_printf("%u CPU_ON attempts: %u SUCCESS, %u ALREADY_ON, %u ON_PENDING, %u other%s\n", BUDGET,
              n_success, n_already, n_pending, n_other, n_other ? " (error)" : "");
    if (n_other)
        sw_printf("unexpected CPU_ON result %d (%s)\n", last_other, psci_ret_name(last_other));
    sw_printf("cores started %u times for %u SUCCESS answers; elapsed %lu us\n", started, n_success,
              sw_ticks_to_us(elapsed));
    if (started != n_success) {
        sw_printf("error: starts and SUCCESS answers differ\n");
        errors++;
    }
    return bench_finish(errors + n_other);
}
