/*
 * psci_stat.c - PSCI_STAT_RESIDENCY / PSCI_STAT_COUNT (DEN 0022 5.1.16, 5.1.17) and the
 * statistics query for reports. The counters are kept where nodes change state
 * (psci_common.c).
 */
#include "psci_private.h"

/* target_cpu selects the core; power_state (same format and checks as CPU_SUSPEND)
 * selects the deepest affected level and the local state there. Invalid arguments return
 * NULL, and the calls 0, not an error code (TF-A psci_stat.c). */
static const struct psci_node *stat_node(struct psci *p, const struct psci_call *c,
                                         psci_local_state_t *state)
{
    const int t = psci_mpidr_to_core(p, c->x[1]);
    if (t < 0) return NULL;
    struct psci_pstate ps;
    if (psci_parse_power_state(p, (uint32_t)c->x[2], &ps) != PSCI_RET_SUCCESS) return NULL;
    *state = ps.states[ps.target_level];
    return &p->nodes[psci_ancestor(p, (unsigned)t, ps.target_level)];
}

/* An SMC32 call returns a 32-bit value in W0. */
static int64_t stat_result(const struct psci_call *c, uint64_t v)
{
    return c->smc64 ? (int64_t)v : (int64_t)(uint32_t)v;
}

/* Residency in microseconds. */
int64_t psci_stat_residency(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    psci_local_state_t s;
    const struct psci_node *nd = stat_node(p, c, &s);
    return nd ? stat_result(c, nd->stat_residency_ns[s] / 1000u) : 0;
}

int64_t psci_stat_count(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    psci_local_state_t s;
    const struct psci_node *nd = stat_node(p, c, &s);
    return nd ? stat_result(c, nd->stat_count[s]) : 0;
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
