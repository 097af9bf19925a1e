/*
 * CPU_ON (DEN 0022 5.6, 6.4) and the entry state it delivers.
 * Aim: every core starts at the entry point in the state the specification prescribes,
 * CPU_ON errors are reported correctly, and concurrent requests are serialised.
 * Expected:
 *  - SUCCESS for an OFF core; at entry x0 = context_id, the highest Non-secure EL
 *    implemented (EL2 if ID_AA64PFR0_EL1.EL2 != 0; QEMU commit 3f591a20), DAIF all
 *    masked, SCTLR.M = C = 0;
 *  - ALREADY_ON for a running core (including the caller itself, from any core);
 *  - INVALID_PARAMETERS for an MPIDR that names no core (0xFEFE, 0xFFFFFFFF);
 *  - right after a successful CPU_ON, AFFINITY_INFO is ON_PENDING or ON (never OFF) and a
 *    second CPU_ON answers ON_PENDING or ALREADY_ON, and the core starts exactly once;
 *  - race (>= 3 cores): all other cores CPU_ON one OFF core at the same moment; exactly one
 *    gets SUCCESS, the others ALREADY_ON or ON_PENDING, and the core starts once.
 */
#include "suite.h"

static int64_t entry_fn(uint64_t arg)
{
    (void)arg;
    struct sw_mailbox *mb = &sw_mailboxes[sw_core_index()];
    mb->data[0] = (uint64_t)(int64_t)psci_cpu_on(sw_mpidr(), (uintptr_t)sw_cpu_entry, 0);
    mb->data[1] = (uint64_t)(int64_t)psci_affinity_info(sw_mpidr(), 0);
    return 0;
}

static int64_t nop_fn(uint64_t arg)
{
    (void)arg;
    return 0;
}

static struct sw_barrier race_barrier;

static int64_t racer_fn(uint64_t target)
{
    struct sw_mailbox *mb = &sw_mailboxes[sw_core_index()];
    sw_barrier_wait(&race_barrier, (uint32_t)(mb->data[1]));
    mb->data[0] = (uint64_t)(int64_t)psci_cpu_on(mpidr_of((unsigned)target),
                                                 (uintptr_t)sw_cpu_entry, sw_mailboxes[target].ctx);
    return 0;
}

static void per_core(unsigned idx)
{
    uint64_t m = mpidr_of(idx);
    uint32_t started = sw_mailboxes[idx].started;
    int32_t r = sw_cpu_run(idx, entry_fn, 0);
    if (!sw_check_ret(nm("cpu_on.success.mpidr_0x%lx", m), r, PSCI_SUCCESS)) {
        S.lost[idx] = true;
        return;
    }
    if (!sw_check(nm("cpu_on.core_runs.mpidr_0x%lx", m), sw_cpu_wait_done(idx, WAIT_LONG_US),
                  "core did not run its function within %u us", WAIT_LONG_US)) {
        S.lost[idx] = true;
        return;
    }
    check_entry_state(nm("cpu_on.entry.mpidr_0x%lx", m), idx, sw_mailboxes[idx].ctx);
    sw_check_ret(nm("cpu_on.self_already_on.mpidr_0x%lx", m), (int64_t)sw_mailboxes[idx].data[0],
                 PSCI_ALREADY_ON);
    sw_check_ret(nm("affinity_info.self_on.mpidr_0x%lx", m), (int64_t)sw_mailboxes[idx].data[1],
                 PSCI_AFF_ON);
    bool off = sw_cpu_wait_off(idx, WAIT_LONG_US);
    sw_check(nm("cpu_off.reaches_off.mpidr_0x%lx", m), off && !sw_mailboxes[idx].off_returned,
             off ? "CPU_OFF returned %d" : "AFFINITY_INFO never reported OFF (CPU_OFF ret %d)",
             sw_mailboxes[idx].off_ret);
    sw_check(nm("cpu_on.started_once.mpidr_0x%lx", m), sw_mailboxes[idx].started == started + 1,
             "core entered %u times", sw_mailboxes[idx].started - started);
    if (!off) S.lost[idx] = true;
}

static void on_pending_window(void)
{
    if (!need_cores("cpu_on.on_pending_window", 2)) return;
    unsigned t = S.sec[S.nsec - 1];
    uint64_t m = mpidr_of(t);
    uint32_t started = sw_mailboxes[t].started;
    int32_t r = sw_cpu_run(t, nop_fn, 0);
    int32_t aff = psci_affinity_info(m, 0);
    int32_t again = psci_cpu_on(m, (uintptr_t)sw_cpu_entry, sw_mailboxes[t].ctx);
    if (!sw_check_ret("cpu_on.on_pending_window.first_call", r, PSCI_SUCCESS)) return;
    const int64_t on_states[] = {PSCI_AFF_ON_PENDING, PSCI_AFF_ON};
    sw_check_ret_any("cpu_on.on_pending_window.affinity_info_not_off", aff, on_states, 2);
    const int64_t pend_or_on[] = {PSCI_ON_PENDING, PSCI_ALREADY_ON};
    sw_check_ret_any("cpu_on.on_pending_window.second_call", again, pend_or_on, 2);
    sw_printf("# on_pending_window: AFFINITY_INFO right after CPU_ON = %d, second CPU_ON = %d\n",
              aff, again);
    sw_cpu_wait_done(t, WAIT_LONG_US);
    bool off = sw_cpu_wait_off(t, WAIT_LONG_US);
    sw_check("cpu_on.on_pending_window.started_once", off && sw_mailboxes[t].started == started + 1,
             "core entered %u times%s", sw_mailboxes[t].started - started,
             off ? "" : ", not OFF afterwards");
    if (!off) S.lost[t] = true;
}

static void race(void)
{
    if (!need_cores("cpu_on.race", 3)) return;
    unsigned target = S.sec[S.nsec - 1];
    unsigned nracers = S.nsec - 1; /* secondaries other than the target */
    unsigned bad_rounds = 0, multi_start = 0;
    char detail[96] = "";
    for (unsigned round = 0; round < 5; round++) {
        race_barrier.count = 0;
        struct sw_mailbox *tm = &sw_mailboxes[target];
        uint32_t started = tm->started;
        tm->fn = (uint64_t)(uintptr_t)nop_fn;
        tm->ctx = sw_cpu_ctx_for(target, 0xACE0 + round);
        tm->done = 0;
        for (unsigned i = 0; i < nracers; i++) {
            sw_mailboxes[S.sec[i]].data[1] = nracers + 1;
            sw_cpu_run(S.sec[i], racer_fn, target);
        }
        sw_barrier_wait(&race_barrier, nracers + 1);
        int32_t mine = psci_cpu_on(mpidr_of(target), (uintptr_t)sw_cpu_entry, tm->ctx);
        unsigned success = mine == PSCI_SUCCESS, other = 0;
        int32_t odd = 0;
        for (unsigned i = 0; i < nracers; i++) {
            sw_cpu_wait_done(S.sec[i], WAIT_LONG_US);
            int32_t r = (int32_t)sw_mailboxes[S.sec[i]].data[0];
            success += r == PSCI_SUCCESS;
            if (r != PSCI_SUCCESS && r != PSCI_ALREADY_ON && r != PSCI_ON_PENDING) other++, odd = r;
        }
        if (mine != PSCI_SUCCESS && mine != PSCI_ALREADY_ON && mine != PSCI_ON_PENDING)
            other++, odd = mine;
        for (unsigned i = 0; i < nracers; i++)
            sw_cpu_wait_off(S.sec[i], WAIT_LONG_US);
        sw_cpu_wait_done(target, WAIT_LONG_US);
        sw_cpu_wait_off(target, WAIT_LONG_US);
        /* A double start may still be in flight: give it time to show. */
        sw_delay_us(2000);
        sw_cpu_wait_off(target, WAIT_LONG_US);
        if (tm->started != started + 1) multi_start++;
        if (success != 1 || other) {
            if (!bad_rounds)
                sw_snprintf(detail, sizeof detail, "round %u: %u SUCCESS, %u other (e.g. %d)",
                            round, success, other, odd);
            bad_rounds++;
        }
    }
    sw_check("cpu_on.race.exactly_one_success", bad_rounds == 0, "%u of 5 rounds wrong; %s",
             bad_rounds, detail);
    sw_check("cpu_on.race.started_once", multi_start == 0,
             "target entered more than once in %u of 5 rounds", multi_start);
}

void t_cpu_on(void)
{
    sw_check_ret("cpu_on.lead_already_on", psci_cpu_on(sw_mpidr(), (uintptr_t)sw_cpu_entry, 0),
                 PSCI_ALREADY_ON);
    sw_check_ret("cpu_on.invalid_mpidr.absent",
                 psci_cpu_on(sw_mpidr_make(0xFE, 0xFE), (uintptr_t)sw_cpu_entry, 0),
                 PSCI_INVALID_PARAMETERS);
    sw_check_ret("cpu_on.invalid_mpidr.all_ones",
                 psci_cpu_on(0xFFFFFFFFull, (uintptr_t)sw_cpu_entry, 0), PSCI_INVALID_PARAMETERS);
    if (!need_cores("cpu_on.secondaries", 2)) return;
    for (unsigned i = 0; i < S.nsec; i++)
        per_core(S.sec[i]);
    suite_refresh_secondaries();
    if (S.nsec) {
        unsigned t = S.sec[0];
        int32_t r = park_core(t);
        if (r == PSCI_SUCCESS) {
            sw_check_ret("cpu_on.running_target_already_on",
                         psci_cpu_on(mpidr_of(t), (uintptr_t)sw_cpu_entry, 0), PSCI_ALREADY_ON);
            if (!unpark_core(t)) S.lost[t] = true;
        } else {
            sw_fail("cpu_on.running_target_already_on", "could not start core %u: %s", t,
                    psci_ret_name(r));
        }
    }
    suite_refresh_secondaries();
    on_pending_window();
    race();
    suite_refresh_secondaries();
}
