/*
 * PSCI_STAT_COUNT and PSCI_STAT_RESIDENCY (DEN 0022 5.22, 5.23).
 * Aim: statistics count exactly the entries into a state and report a residency (in
 * microseconds) consistent with the time measured by the guest with CNTVCT.
 * Expected (when both are advertised; otherwise they answer NOT_SUPPORTED):
 *  - one timer-woken core standby increments COUNT(self, standby) by exactly 1 and
 *    RESIDENCY grows by more than half the programmed sleep and no more than the measured
 *    round trip (+1 us rounding);
 *  - the same for core power-down and, with every other core OFF, cluster power-down (the
 *    statistics of the cluster node), when the core really resumed at the entry point;
 *  - a core that stays OFF meanwhile keeps its counts;
 *  - the SMC32 and SMC64 COUNT agree.
 */
#include "suite.h"

#define SLEEP_US 5000

static void one_state(const char *sname, uint32_t ps, bool powerdown)
{
    uint64_t self = sw_mpidr();
    uint64_t c0 = psci_stat_count(self, ps), r0 = psci_stat_residency(self, ps);
    struct sw_suspend_result res;
    uint64_t ctx = 0x57A70000ull | ps;
    sw_suspend_timer(ps, SLEEP_US, ctx, &res);
    uint64_t c1 = psci_stat_count(self, ps), r1 = psci_stat_residency(self, ps);
    const char *base = nm("psci_stat.%s", sname);
    bool entered = powerdown ? res.resumed : (!res.resumed && res.ret == PSCI_SUCCESS);
    if (!entered) {
        sw_skip(nm("%s.count_increment", base), "state not entered (ret %ld, resumed %d)", res.ret,
                res.resumed);
        return;
    }
    sw_check(nm("%s.count_increment", base), c1 == c0 + 1,
             "count went from %ld to %ld, expected +1", (int64_t)c0, (int64_t)c1);
    uint64_t wall = sw_ticks_to_us(res.t_back - res.t_call);
    uint64_t d = r1 - r0;
    sw_check(nm("%s.residency_plausible", base), r1 >= r0 && d >= SLEEP_US / 2 && d <= wall + 1,
             "residency grew by %lu us over a %lu us round trip (timer %u us)", d, wall, SLEEP_US);
    sw_check(nm("%s.count_smc32_equals_smc64", base),
             (uint32_t)sw_psci_call(PSCI_STAT_COUNT32, self, ps, 0) == (uint32_t)c1,
             "SMC32 COUNT differs from SMC64 COUNT %lu", c1);
}

void t_psci_stat(void)
{
    bool have = advertised(PSCI_STAT_COUNT64) && advertised(PSCI_STAT_RESIDENCY64);
    if (!have) {
        if (known_absent(PSCI_STAT_COUNT64))
            sw_check_ret("psci_stat.count_not_advertised",
                         sw_psci_ret32(psci_stat_count(sw_mpidr(), sw_pstate_core_off())),
                         PSCI_NOT_SUPPORTED);
        if (known_absent(PSCI_STAT_RESIDENCY64))
            sw_check_ret("psci_stat.residency_not_advertised",
                         sw_psci_ret32(psci_stat_residency(sw_mpidr(), sw_pstate_core_off())),
                         PSCI_NOT_SUPPORTED);
        sw_skip("psci_stat.*", "PSCI_STAT_COUNT/RESIDENCY not advertised");
        return;
    }
    uint64_t other_c0 = 0, other = 0;
    if (S.nsec) {
        other = mpidr_of(S.sec[0]);
        other_c0 = psci_stat_count(other, sw_pstate_core_off());
    }
    one_state("core_standby", sw_pstate_core_standby(), false);
    one_state("core_powerdown", sw_pstate_core_off(), true);
    /* Every other core is OFF: the lead's cluster-level request powers its cluster down,
     * and the statistics of that power_state are the cluster node's (DEN 0022 5.22.1). */
    one_state("cluster_powerdown", sw_pstate_cluster_off(), true);
    if (S.nsec)
        sw_check_u64("psci_stat.off_core_count_unchanged",
                     psci_stat_count(other, sw_pstate_core_off()), other_c0);
    else
        sw_skip("psci_stat.off_core_count_unchanged", "single core");
}
