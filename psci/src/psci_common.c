/*
 * psci_common.c - power-domain tree walks, state coordination and node state changes
 * shared by CPU_ON, CPU_OFF, CPU_SUSPEND, CPU_DEFAULT_SUSPEND, CPU_FREEZE and
 * SYSTEM_SUSPEND (DEN 0022 4.2, 5.4.2; TF-A psci_common.c).
 */
#include "psci_private.h"

/*
 * The one place a node changes local state. The statistics of DEN 0022 5.1.16/17 count
 * a stay in a non-RUN state when the node leaves it (TF-A updates on wake-up, so a node
 * still asleep is not yet counted). Only stays entered through a PSCI call count: the OFF
 * state cores and clusters start in at cold boot is not an entry (TFTF
 * test_psci_stats_after_reset expects zeros), hence stat_tracking.
 */
static void node_change_state(struct psci *p, unsigned node, psci_local_state_t new_state,
                              uint64_t now)
{
    struct psci_node *nd = &p->nodes[node];
    if (nd->stat_tracking && nd->local_state != PSCI_LOCAL_RUN) {
        nd->stat_count[nd->local_state]++;
        nd->stat_residency_ns[nd->local_state] += now - nd->stat_entry_ns;
    }
    nd->local_state = new_state;
    nd->stat_tracking = new_state != PSCI_LOCAL_RUN;
    nd->stat_entry_ns = now;
}

/*
 * Platform-coordinated mode (DEN 0022 4.2.3): each core votes a local state for every
 * level of its path; a node goes to the deepest state that all cores below it accept,
 * i.e. the minimum of their votes because local states are numbered shallow -> deep.
 * Running and ON_PENDING cores vote RUN, OFF and frozen cores vote OFF, so "the last core
 * down takes the cluster down" falls out. Once a level resolves to RUN, every level above
 * stays RUN (a parent is never deeper than a child).
 */
void psci_coordinate_pc(const struct psci *p, unsigned core,
                        const psci_local_state_t req[PSCI_NUM_LEVELS],
                        psci_local_state_t target[PSCI_NUM_LEVELS])
{
    target[0] = req[0];
    bool run_above = false;
    for (unsigned l = 1; l < PSCI_NUM_LEVELS; l++) {
        if (run_above) {
            target[l] = PSCI_LOCAL_RUN;
            continue;
        }
        const struct psci_node *nd = &p->nodes[psci_ancestor(p, core, l)];
        psci_local_state_t m = req[l];
        for (unsigned c = nd->first_core; c < nd->first_core + nd->num_cores; c++)
            if (c != core && p->cores[c].req[l] < m) m = p->cores[c].req[l];
        target[l] = m;
        if (m == PSCI_LOCAL_RUN) run_above = true;
    }
}

/* Moves the nodes on the path of `core` to target[]. */
void psci_set_path_states(struct psci *p, unsigned core,
                          const psci_local_state_t target[PSCI_NUM_LEVELS])
{
    const uint64_t now = psci_now_ns(p);
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        const unsigned n = psci_ancestor(p, core, l);
        if (p->nodes[n].local_state != target[l]) node_change_state(p, n, target[l], now);
    }
}

/* A core comes back to RUN: so does every node on its path (a running core needs its
 * cluster and the system). from[] receives the states the path leaves; they may be deeper
 * than the core asked for, because other cores coordinated while it slept (TF-A PR #670). */
void psci_path_to_run(struct psci *p, unsigned core, psci_local_state_t from[PSCI_NUM_LEVELS])
{
    const uint64_t now = psci_now_ns(p);
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        const unsigned n = psci_ancestor(p, core, l);
        from[l] = p->nodes[n].local_state;
        if (from[l] != PSCI_LOCAL_RUN) node_change_state(p, n, PSCI_LOCAL_RUN, now);
        p->cores[core].req[l] = PSCI_LOCAL_RUN;
    }
}

void psci_fill_result_target(struct psci_result *r, const psci_local_state_t t[PSCI_NUM_LEVELS])
{
    r->target_level = 0;
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        r->target[l] = t[l];
        if (t[l] != PSCI_LOCAL_RUN) r->target_level = l;
    }
}
