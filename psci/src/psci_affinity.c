/*
 * psci_affinity.c - AFFINITY_INFO (DEN 0022 5.1.5) and NODE_HW_STATE (DEN 0022 5.1.11).
 */
#include "psci_private.h"

/* Affinity fields at and above `level` (Aff0, Aff1, Aff2, Aff3). */
static uint64_t aff_mask_from(unsigned level)
{
    static const uint64_t masks[4] = {0xff00ffffffull, 0xff00ffff00ull, 0xff00ff0000ull,
                                      0xff00000000ull};
    return masks[level];
}

/*
 * Level 0: the core's own state (ON includes suspended cores and cores still powering down
 * after CPU_OFF; OFF includes frozen cores). Levels 1..3 (required by 0.2, optional from
 * 1.0 where TF-A rejects them): the cores whose MPIDR matches target_affinity at and above
 * that level are aggregated - ON if any is ON, else ON_PENDING if any is, else OFF; fields
 * below the level are ignored. No matching core, RES0 bits, or a level above 3 is
 * INVALID_PARAMETERS; so is any level above 0 with affinity_info_level0_only.
 */
int64_t psci_affinity_info(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const uint64_t target = c->x[1], level = c->x[2];
    if (level > 3 || (level > 0 && p->cfg.affinity_info_level0_only))
        return PSCI_RET_INVALID_PARAMETERS;
    if (target & ~PSCI_MPIDR_AFF_MASK) return PSCI_RET_INVALID_PARAMETERS;
    const uint64_t mask = aff_mask_from((unsigned)level);
    bool any = false, on = false, pending = false;
    for (unsigned c = 0; c < p->num_cores; c++) {
        if ((p->cores[c].mpidr & mask) != (target & mask)) continue;
        any = true;
        enum psci_aff_state s = psci_core_aff_state(p, c);
        on |= s == PSCI_AFF_ON;
        pending |= s == PSCI_AFF_ON_PENDING;
    }
    if (!any) return PSCI_RET_INVALID_PARAMETERS;
    if (on) return PSCI_AFF_ON;
    return pending ? PSCI_AFF_ON_PENDING : PSCI_AFF_OFF;
}

/* The power controller's view, from the platform (TF-A: get_node_hw_state). */
int64_t psci_node_hw_state(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const uint64_t target = c->x[1], level = c->x[2];
    const int t = psci_mpidr_to_core(p, target);
    if (t < 0 || level > PSCI_MAX_LEVEL) return PSCI_RET_INVALID_PARAMETERS;
    int rc = p->ops.node_hw_state(p->ctx, (unsigned)t, (unsigned)level);
    switch (rc) {
    case PSCI_HW_ON:
    case PSCI_HW_OFF:
    case PSCI_HW_STANDBY:
    case PSCI_RET_INVALID_PARAMETERS:
    case PSCI_RET_NOT_SUPPORTED: return rc;
    default: return PSCI_RET_INTERNAL_FAILURE; /* the platform answered outside the spec */
    }
}
