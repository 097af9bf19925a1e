/*
 * CPU_SUSPEND (DEN 0022 5.4) in platform-coordinated mode.
 * Aim: standby and power-down states at core, cluster and system level are entered and
 * left with a timer wake-up; malformed power_state values are rejected; a pending interrupt
 * makes a valid request return at once; all cores can suspend together.
 * power_state values use the recommended StateID encoding (sw/idle.h): core standby 0x1,
 * core off 0x2, cluster off 0x22, system off 0x222 (original format: 0x00000001,
 * 0x00010002, 0x01010022, 0x02010222).
 * Expected:
 *  - each valid state with a timer wake-up: SUCCESS at the call site, or (power-down) a
 *    resume at the entry point with x0 = context_id. A standby request must return at the
 *    call site (context is kept, DEN 0022 6.3). "resumed_at_entry" checks are strict: a
 *    power-down request is expected to really lose context (DEN 0022 5.4.2 allows a
 *    shallower state, QEMU and KVM always use WFI), and the entry state is checked;
 *  - reserved bits, a level beyond the platform's, a StateType that disagrees with the
 *    StateID, unknown StateIDs (local state 0xF, TF-A Tests' dummy) at core or cluster
 *    level and a parent level without its children are INVALID_PARAMETERS (TF-A Tests
 *    "EL3 power state parser"). Whether a platform offers cluster retention is in its DT
 *    (t_dt.c);
 *  - with an SGI pending and IRQs masked a valid request returns promptly (TF-A Tests);
 *  - a core in power-down suspend is ON for AFFINITY_INFO and wakes on an SGI;
 *  - every core suspending at the same time, 3 rounds per state: all outcomes valid.
 */
#include "suite.h"

#define SLEEP_US 3000

struct state {
    const char *name;
    uint32_t (*ps)(void);
    bool powerdown;
    bool usable; /* accepted by the lead alone */
};

static struct state states[] = {
    {"core_standby", sw_pstate_core_standby, false, false},
    {"core_powerdown", sw_pstate_core_off, true, false},
    {"cluster_powerdown", sw_pstate_cluster_off, true, false},
    {"system_powerdown", sw_pstate_system_off, true, false},
};
#define NSTATES (sizeof states / sizeof states[0])

static void lead_timer_wake(struct state *st)
{
    struct sw_suspend_result res;
    uint64_t ctx = 0x5A5A0000ull | (uint64_t)(st - states);
    sw_suspend_timer(st->ps(), SLEEP_US, ctx, &res);
    const char *base = nm("cpu_suspend.%s", st->name);
    if (!st->powerdown) {
        st->usable = sw_check(nm("%s.timer_wake", base), !res.resumed && res.ret == PSCI_SUCCESS,
                              res.resumed ? "standby resumed at the entry point (context lost)"
                                          : "got %ld (%s) expected 0 (SUCCESS)",
                              res.ret, psci_ret_name(res.ret));
        return;
    }
    st->usable = check_suspend_ok(nm("%s.timer_wake", base), res.ret, res.resumed, ctx);
    if (!st->usable) return;
    sw_check(nm("%s.resumed_at_entry", base), res.resumed,
             "returned SUCCESS at the call site: power-down treated as standby");
    if (res.resumed) check_entry_state(nm("%s.entry", base), S.lead, ctx);
    if (res.resumed && st == &states[NSTATES - 1]) {
        sw_gic_init_dist(); /* system level: the distributor may have been powered down */
        sw_gic_init_cpu();
    }
    sw_printf("# %s: round trip %lu us (timer %u us)\n", base,
              sw_ticks_to_us(res.t_back - res.t_call), SLEEP_US);
}

static void check_invalid(const char *what, uint32_t ps)
{
    bool resumed;
    int64_t r = suspend_pending(ps, &resumed);
    const char *name = nm("cpu_suspend.invalid.%s", what);
    if (resumed)
        sw_fail(name,
                "power_state 0x%08x accepted (resumed at entry point) expected -2 "
                "(INVALID_PARAMETERS)",
                ps);
    else
        sw_check(name, r == PSCI_INVALID_PARAMETERS,
                 "power_state 0x%08x: got %ld (%s) expected -2 (INVALID_PARAMETERS)", ps, r,
                 psci_ret_name(r));
}

static void invalid_states(void)
{
    if (sw_pstate_extended) {
        check_invalid("reserved_bit28", 0x10000001u);
        check_invalid("reserved_bit31", 0x80000001u);
    } else {
        check_invalid("reserved_bit17", 0x00020001u);
        check_invalid("reserved_bit30", 0x40000001u);
        check_invalid("level3_beyond_platform", sw_pstate_make(3, true, 0x2222));
        check_invalid("level0_with_cluster_stateid", sw_pstate_make(0, true, 0x022));
        check_invalid("level1_with_core_stateid", sw_pstate_make(1, true, 0x002));
    }
    check_invalid("standby_type_with_off_stateid", sw_pstate_make(0, false, 0x002));
    check_invalid("powerdown_type_with_standby_stateid", sw_pstate_make(0, true, 0x001));
    check_invalid("unknown_stateid", sw_pstate_make(0, true, 0x00F));
    check_invalid("cluster_off_without_core_off", sw_pstate_make(1, true, 0x020));
    check_invalid("unknown_cluster_stateid", sw_pstate_make(1, true, 0x0F2));
}

static void pending_irq(void)
{
    for (unsigned i = 0; i < NSTATES; i++) {
        if (!states[i].usable) continue;
        bool resumed;
        uint64_t t0 = sw_cntvct();
        int64_t r = suspend_pending(states[i].ps(), &resumed);
        uint64_t us = sw_ticks_to_us(sw_cntvct() - t0);
        const char *name = nm("cpu_suspend.pending_irq_returns.%s", states[i].name);
        if (check_suspend_ok(name, r, resumed, 0x5E1F0000ull | S.lead))
            sw_check(nm("%s.promptly", name), us < 500000, "took %lu us with an SGI pending", us);
    }
}

static struct sw_barrier all_barrier;

static int64_t all_fn(uint64_t st_index)
{
    unsigned idx = sw_core_index();
    struct sw_mailbox *mb = &sw_mailboxes[idx];
    unsigned n = S.nsec + 1, bad = 0;
    for (unsigned round = 0; round < 3; round++) {
        sw_barrier_wait(&all_barrier, n);
        struct sw_suspend_result res;
        uint64_t ctx = 0xA11C0000ull | (round << 8) | idx;
        sw_suspend_timer(states[st_index].ps(), SLEEP_US, ctx, &res);
        if (res.resumed ? (uint64_t)res.ret != ctx : res.ret != PSCI_SUCCESS) {
            bad++;
            mb->data[1] = (uint64_t)res.ret;
        }
        if (!states[st_index].powerdown && res.resumed) bad++;
    }
    mb->data[0] = bad;
    return 0;
}

static void all_cores(void)
{
    if (!need_cores("cpu_suspend.all_cores", 2)) return;
    for (unsigned s = 0; s < NSTATES; s++) {
        const char *name = nm("cpu_suspend.all_cores.%s", states[s].name);
        if (!states[s].usable) {
            sw_skip(name, "state not accepted on the lead core alone");
            continue;
        }
        all_barrier.count = 0;
        for (unsigned i = 0; i < S.nsec; i++) {
            sw_mailboxes[S.sec[i]].data[0] = 0;
            sw_cpu_run(S.sec[i], all_fn, s);
        }
        all_fn(s);
        unsigned bad = (unsigned)sw_mailboxes[S.lead].data[0], stuck = 0;
        int64_t example = (int64_t)sw_mailboxes[S.lead].data[1];
        for (unsigned i = 0; i < S.nsec; i++) {
            unsigned idx = S.sec[i];
            if (!sw_cpu_wait_done(idx, WAIT_LONG_US) || !sw_cpu_wait_off(idx, WAIT_LONG_US)) {
                stuck++;
                S.lost[idx] = true;
                continue;
            }
            if (sw_mailboxes[idx].data[0]) example = (int64_t)sw_mailboxes[idx].data[1];
            bad += (unsigned)sw_mailboxes[idx].data[0];
        }
        sw_check(name, !bad && !stuck, "%u bad outcomes (e.g. %ld), %u cores stuck", bad, example,
                 stuck);
        suite_refresh_secondaries();
    }
}

static void suspended_core(void)
{
    if (!need_cores("cpu_suspend.powerdown_core.sgi_wake", 2)) return;
    unsigned t = S.sec[0];
    if (start_sleeper(t, sw_pstate_core_off()) != PSCI_SUCCESS) {
        sw_fail("cpu_suspend.powerdown_core.sgi_wake", "could not start core %u", t);
        return;
    }
    sw_delay_us(1000);
    sw_check_ret("affinity_info.powerdown_suspended_core_on", psci_affinity_info(mpidr_of(t), 0),
                 PSCI_AFF_ON);
    bool ok = release_sleeper(t);
    if (!ok)
        sw_fail("cpu_suspend.powerdown_core.sgi_wake",
                "core %u did not wake on SGI %u and power off", t, SGI_WAKE);
    else
        sw_check("cpu_suspend.powerdown_core.sgi_wake", sw_mailboxes[t].data[3] == 0,
                 "%lu bad outcomes, last %ld", sw_mailboxes[t].data[3],
                 (int64_t)sw_mailboxes[t].data[0]);
    if (!ok) S.lost[t] = true;
}

void t_cpu_suspend(void)
{
    for (unsigned i = 0; i < NSTATES; i++)
        lead_timer_wake(&states[i]);
    invalid_states();
    pending_irq();
    suspended_core();
    suite_refresh_secondaries();
    all_cores();
}
