/*
 * psci_osi.c - OS-initiated mode: PSCI_SET_SUSPEND_MODE and the validation of an OSI
 * CPU_SUSPEND request (DEN 0022 4.2.4, 5.1.15, 5.4.2; TF-A
 * psci_validate_state_coordination).
 */
#include "psci_private.h"

static bool core_is_off(const struct psci_core *c)
{
    /* OFF for the purpose of mode switching: never on, CPU_OFF'd (even if not yet
     * quiescent) or frozen. */
    return c->state == PSCI_CORE_OFF || c->state == PSCI_CORE_OFF_PENDING ||
           c->state == PSCI_CORE_FROZEN;
}

/*
 * DEN 0022 5.1.15: PC -> OSI only while every core is running, OFF, or suspended through
 * CPU_DEFAULT_SUSPEND (no core sits in a state chosen by a PC-mode CPU_SUSPEND, whose votes
 * OSI would misread); OSI -> PC only when every other core is OFF.
 */
int64_t psci_set_suspend_mode(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const unsigned core = c->core;
    const uint64_t mode = c->x[1];
    if (mode != PSCI_MODE_PC && mode != PSCI_MODE_OSI) return PSCI_RET_INVALID_PARAMETERS;
    if (mode == p->mode) return PSCI_RET_SUCCESS;
    for (unsigned c = 0; c < p->num_cores; c++) {
        if (c == core) continue;
        const struct psci_core *pc = &p->cores[c];
        if (mode == PSCI_MODE_OSI) {
            bool suspended = pc->state == PSCI_CORE_SUSPENDED_STANDBY ||
                             pc->state == PSCI_CORE_SUSPENDED_POWERDOWN;
            if (suspended && !pc->via_default_suspend) return PSCI_RET_DENIED;
        } else if (!core_is_off(pc)) {
            return PSCI_RET_DENIED;
        }
    }
    p->mode = (enum psci_suspend_mode)mode;
    return PSCI_RET_SUCCESS;
}

/* Local state of every child of `parent` other than `skip` must satisfy the request. */
static int32_t check_children(const struct psci *p, unsigned level, unsigned parent, unsigned skip,
                              psci_local_state_t wanted)
{
    unsigned first, count;
    if (level == PSCI_LEVEL_CLUSTER) { /* children are core nodes */
        first = psci_core_node_index(p, p->nodes[parent].first_core);
        count = p->nodes[parent].num_cores;
    } else { /* the system's children are the cluster nodes */
        first = 1;
        count = p->cfg.num_clusters;
    }
    int32_t rc = PSCI_RET_SUCCESS;
    for (unsigned n = first; n < first + count; n++) {
        if (n == skip) continue;
        psci_local_state_t s = p->nodes[n].local_state;
        if (s == PSCI_LOCAL_RUN) return PSCI_RET_DENIED; /* a child is still running */
        /* A core with a CPU_ON in flight is about to run: the caller is not the last. */
        for (unsigned c = p->nodes[n].first_core;
             c < p->nodes[n].first_core + p->nodes[n].num_cores; c++)
            if (p->cores[c].state == PSCI_CORE_ON_PENDING) return PSCI_RET_DENIED;
        if (s < wanted) rc = PSCI_RET_INVALID_PARAMETERS; /* a child is in an incompatible state */
    }
    return rc;
}

/*
 * DEN 0022 4.2.4 / 5.4.2: in OSI mode the caller's composite state is obeyed or rejected,
 * never re-voted. For each level the caller asks to leave RUN, every other child of that
 * node must already be down (else DENIED) and at least as deep as the request (else
 * INVALID_PARAMETERS). The caller also states the deepest level at which it is the last
 * running core: beyond the platform's levels, or shallower than the level it asks to power
 * down, the request is malformed (INVALID_PARAMETERS); a claim it cannot back (another
 * core still running below that level) is DENIED.
 */
int32_t psci_validate_osi(const struct psci *p, unsigned core, const struct psci_pstate *ps)
{
    if (ps->last_at > PSCI_MAX_LEVEL) return PSCI_RET_INVALID_PARAMETERS;
    if (ps->last_at < ps->target_level) return PSCI_RET_INVALID_PARAMETERS;
    for (unsigned l = 1; l <= ps->last_at; l++) {
        const unsigned node = psci_ancestor(p, core, l);
        const unsigned skip = psci_ancestor(p, core, l - 1);
        /* Above the requested levels only "nobody else running" is checked. */
        psci_local_state_t wanted = l <= ps->target_level ? ps->states[l] : PSCI_LOCAL_RET;
        int32_t rc = check_children(p, l, node, skip, wanted);
        if (rc != PSCI_RET_SUCCESS) return rc;
    }
    return PSCI_RET_SUCCESS;
}
