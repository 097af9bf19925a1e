/*
 * psci_stat.c - PSCI_STAT_RESIDENCY / PSCI_STAT_COUNT (DEN 0022 5.1.16, 5.1.17) and the
 * per-node bookkeeping behind them.
 *
 * A stay of a node in a non-RUN local state is counted when the node leaves it (TF-A
 * updates on wake-up, so a node still asleep is not yet counted). Only stays entered
 * through a PSCI call count: the OFF state cores and clusters start in at cold boot is
 * not an entry (TFTF test_psci_stats_after_reset expects zeros).
 */
#include "psci_private.h"

void psci_stat_node_enter(struct psci *p, unsigned node, psci_local_state_t new_state, uint64_t now)
{
    struct psci_node *nd = &p->nodes[node];
    nd->local_state = new_state;
    nd->stat_tracking = new_state != PSCI_LOCAL_RUN;
    nd->stat_entry_ns = now;
}

void psci_stat_node_leave(struct psci *p, unsigned node, uint64_t now)
{
    struct psci_node *nd = &p->nodes[node];
    if (nd->stat_tracking && nd->local_state != PSCI_LOCAL_RUN) {
        nd->stat_count[nd->local_state]++;
        nd->stat_residency_ns[nd->local_state] += now - nd->stat_entry_ns;
    }
    nd->stat_tracking = false;
}

/* target_cpu selects the core; power_state (same format and checks as CPU_SUSPEND)
 * selects the deepest affected level and the local state there. Invalid arguments return
 * 0, not an error code (TF-A psci_stat.c). Residency in microseconds. */
int64_t psci_stat_call(struct psci *p, unsigned fn, uint64_t target, uint32_t power_state)
{
    const int t = psci_mpidr_to_core(p, target);
    if (t < 0) return 0;
    struct psci_pstate ps;
    if (psci_parse_power_state(p, power_state, &ps) != PSCI_RET_SUCCESS) return 0;
    const struct psci_node *nd = &p->nodes[psci_ancestor(p, (unsigned)t, ps.target_level)];
    const psci_local_state_t s = ps.states[ps.target_level];
    if (fn == PSCI_FN_PSCI_STAT_COUNT) return (int64_t)nd->stat_count[s];
    return (int64_t)(nd->stat_residency_ns[s] / 1000u);
}

bool psci_get_node_stats(const struct psci *p, unsigned core, unsigned level,
                         psci_local_state_t state, bool include_ongoing,
                         struct psci_node_stats *out)
{
    if (!p || !out || core >= p->num_cores || level > PSCI_MAX_LEVEL ||
        (state != PSCI_LOCAL_RET && state != PSCI_LOCAL_OFF))
        return false;
    const struct psci_node *nd = &p->nodes[psci_ancestor(p, core, level)];
    out->count = nd->stat_count[state];
    out->residency_ns = nd->stat_residency_ns[state];
    if (include_ongoing && nd->stat_tracking && nd->local_state == state) {
        uint64_t now = p->ops.time_ns ? p->ops.time_ns(p->ctx) : 0;
        if (now < p->last_time_ns) now = p->last_time_ns;
        out->count++;
        out->residency_ns += now - nd->stat_entry_ns;
    }
    out->residency_us = out->residency_ns / 1000u;
    return true;
}
