/*
 * CPU_OFF (DEN 0022 5.5) under repetition, and whole-cluster hot-unplug.
 * Aim: the power-up/power-down cycle is repeatable and a cluster whose cores are all OFF is
 * itself off (platform coordination, DEN 0022 4.2; Linux psci_checker's "the cluster itself
 * should shut down").
 * Expected:
 *  - 100 CPU_ON / CPU_OFF cycles per core, all cores cycling together: every CPU_ON
 *    SUCCESS, the core runs, CPU_OFF never returns, AFFINITY_INFO reaches OFF;
 *  - for each cluster that does not hold the lead core: after all its cores were on and
 *    turned themselves off, AFFINITY_INFO(level 1) is OFF (or INVALID_PARAMETERS, 1.0+),
 *    and NODE_HW_STATE(level 1), when advertised, reaches HW_OFF.
 */
#include "suite.h"

#define CYCLES 100

static int64_t count_fn(uint64_t arg)
{
    (void)arg;
    sw_mailboxes[sw_core_index()].data[0]++;
    return 0;
}

static void hotplug_cycles(void)
{
    if (!need_cores("cpu_off.hotplug_cycles", 2)) return;
    static unsigned bad_on[SW_MAX_CPUS], bad_off[SW_MAX_CPUS];
    memset(bad_on, 0, sizeof bad_on);
    memset(bad_off, 0, sizeof bad_off);
    for (unsigned i = 0; i < S.nsec; i++)
        sw_mailboxes[S.sec[i]].data[0] = 0;
    for (unsigned c = 0; c < CYCLES; c++) {
        for (unsigned i = 0; i < S.nsec; i++)
            if (sw_cpu_run(S.sec[i], count_fn, 0) != PSCI_SUCCESS) bad_on[S.sec[i]]++;
        for (unsigned i = 0; i < S.nsec; i++) {
            unsigned idx = S.sec[i];
            if (!sw_cpu_wait_done(idx, WAIT_LONG_US) || !sw_cpu_wait_off(idx, WAIT_LONG_US) ||
                sw_mailboxes[idx].off_returned)
                bad_off[idx]++;
        }
    }
    for (unsigned i = 0; i < S.nsec; i++) {
        unsigned idx = S.sec[i];
        sw_check(nm("cpu_off.hotplug_cycles.mpidr_0x%lx", mpidr_of(idx)),
                 !bad_on[idx] && !bad_off[idx] && sw_mailboxes[idx].data[0] == CYCLES,
                 "%u CPU_ON failures, %u cycles not ending OFF, ran %lu of %u times", bad_on[idx],
                 bad_off[idx], sw_mailboxes[idx].data[0], CYCLES);
        if (bad_off[idx]) S.lost[idx] = true;
    }
    suite_refresh_secondaries();
}

static void cluster_hotplug(void)
{
    unsigned lead_aff1 = sw_mpidr_aff1(mpidr_of(S.lead));
    unsigned done = 0;
    for (unsigned c = 0; c < sw_topo.nclusters; c++) {
        unsigned aff1 = sw_topo.cluster_aff1[c];
        if (aff1 == lead_aff1) continue;
        const char *base = nm("cpu_off.cluster_off.aff1_%u", aff1);
        unsigned members[SW_MAX_CORES_PER_CLUSTER], n = 0;
        bool ok = true;
        for (unsigned i = 0; i < S.nsec; i++)
            if (sw_mpidr_aff1(mpidr_of(S.sec[i])) == aff1) members[n++] = S.sec[i];
        for (unsigned i = 0; i < n; i++)
            ok &= park_core(members[i]) == PSCI_SUCCESS;
        const int64_t on_or_inval[] = {PSCI_AFF_ON, PSCI_INVALID_PARAMETERS};
        sw_check_ret_any(nm("%s.affinity_info_level1_on", base),
                         psci_affinity_info(sw_mpidr_make(aff1, 0), 1), on_or_inval, 2);
        for (unsigned i = 0; i < n; i++)
            ok &= unpark_core(members[i]);
        sw_check(nm("%s.all_cores_off", base), ok, "a core of the cluster failed to start or stop");
        const int64_t off_or_inval[] = {PSCI_AFF_OFF, PSCI_INVALID_PARAMETERS};
        sw_check_ret_any(nm("%s.affinity_info_level1_off", base),
                         psci_affinity_info(sw_mpidr_make(aff1, 0), 1), off_or_inval, 2);
        if (advertised(PSCI_NODE_HW_STATE64)) {
            uint64_t end = sw_deadline_us(WAIT_SHORT_US);
            int32_t hw;
            while ((hw = psci_node_hw_state(sw_mpidr_make(aff1, 0), 1)) != PSCI_HW_OFF &&
                   !sw_expired(end))
                sw_cpu_relax();
            sw_check_ret(nm("%s.node_hw_state_level1", base), hw, PSCI_HW_OFF);
        }
        done++;
    }
    if (!done) sw_skip("cpu_off.cluster_off", "no cluster without the lead core");
}

void t_cpu_off(void)
{
    hotplug_cycles();
    cluster_hotplug();
}
