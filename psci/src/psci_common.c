/*
 * psci_common.c - power-domain tree walks and state coordination shared by CPU_OFF,
 * CPU_SUSPEND, CPU_DEFAULT_SUSPEND, CPU_FREEZE and SYSTEM_SUSPEND (DEN 0022 4.2, 5.4.2;
 * TF-A psci_common.c).
 */
#include "psci_private.h"

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

/* Moves the nodes on the path of `core` to target[] and starts their statistics. */
void psci_set_path_states(struct psci *p, unsigned core,
                          const psci_local_state_t target[PSCI_NUM_LEVELS])
{
    const uint64_t now = psci_now_ns(p);
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        const unsigned n = psci_ancestor(p, core, l);
        if (p->nodes[n].local_state == target[l]) continue;
        psci_stat_node_leave(p, n, now);
        psci_stat_node_enter(p, n, target[l], now);
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
        if (from[l] != PSCI_LOCAL_RUN) {
            psci_stat_node_leave(p, n, now);
            psci_stat_node_enter(p, n, PSCI_LOCAL_RUN, now);
        }
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

uint32_t psci_make_power_state(enum psci_pstate_format format,
                               const psci_local_state_t states[PSCI_NUM_LEVELS], unsigned last_at)
{
    uint32_t id = ((uint32_t)(last_at & 0xfu)) << PSCI_STATEID_LAST_AT_SHIFT;
    unsigned top = 0;
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        id |= (uint32_t)(states[l] & 0xfu) << PSCI_STATEID_LEVEL_SHIFT(l);
        if (states[l] != PSCI_LOCAL_RUN) top = l;
    }
    const bool power_down = states[0] == PSCI_LOCAL_OFF;
    if (format == PSCI_PSTATE_EXTENDED) return id | (power_down ? PSCI_PSTATE_EXT_TYPE_BIT : 0u);
    return id | (power_down ? PSCI_PSTATE_ORIG_TYPE_BIT : 0u) |
           ((uint32_t)top << PSCI_PSTATE_ORIG_LEVEL_SHIFT);
}
