/*
 * psci_on.c - CPU_ON (DEN 0022 5.1.4, 6.4) and the completion of a power-up.
 */
#include <string.h>

#include "psci_private.h"

/*
 * Order of checks as TF-A psci_cpu_on / psci_cpu_on_start: target MPIDR (no such core or
 * RES0 bits -> INVALID_PARAMETERS), entry point, then the target's state: ON (running,
 * suspended, or still powering down after CPU_OFF) -> ALREADY_ON; a CPU_ON in flight ->
 * ON_PENDING. The target becomes ON_PENDING *before* the platform is asked, so a second
 * CPU_ON racing this one sees ON_PENDING, and is put back on failure (TF-A PR #301).
 */
int64_t psci_cpu_on(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const bool aarch32 = c->aarch32;
    const uint64_t target = c->x[1], entry = c->x[2], context_id = c->x[3];
    const int t = psci_mpidr_to_core(p, target);
    if (t < 0) return PSCI_RET_INVALID_PARAMETERS;
    int32_t rc = psci_validate_entry(p, entry, aarch32);
    if (rc != PSCI_RET_SUCCESS) return rc;
    struct psci_core *pc = &p->cores[t];
    switch (pc->state) {
    case PSCI_CORE_ON_PENDING: return PSCI_RET_ON_PENDING;
    case PSCI_CORE_OFF:
    case PSCI_CORE_FROZEN: break;
    default: return PSCI_RET_ALREADY_ON;
    }

    const struct psci_core saved = *pc;
    pc->state = PSCI_CORE_ON_PENDING;
    /* A core being powered up needs its parents: it votes RUN from now on, so no other
     * core's CPU_OFF/CPU_SUSPEND can coordinate its cluster down under it. */
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        pc->req[l] = PSCI_LOCAL_RUN;
    pc->entry = entry;
    pc->context_id = context_id;
    pc->entry_aarch32 = aarch32; /* DEN 0022 6.4: the caller's register width */

    rc = p->ops.pwr_domain_on(p->ctx, (unsigned)t, entry, context_id);
    if (rc == PSCI_RET_SUCCESS) return PSCI_RET_SUCCESS;
    *pc = saved;
    if (rc == PSCI_RET_DENIED || rc == PSCI_RET_DISABLED || rc == PSCI_RET_INTERNAL_FAILURE)
        return rc;
    return PSCI_RET_INTERNAL_FAILURE;
}

int psci_event_power_up_done(struct psci *p, unsigned core, struct psci_resume *out)
{
    if (!p || core >= p->num_cores) return PSCI_ERR_ARG;
    if (p->halted) return PSCI_ERR_HALTED;
    struct psci_core *pc = &p->cores[core];
    if (pc->state == PSCI_CORE_SUSPENDED_POWERDOWN) return psci_resume_powerdown(p, core, out);
    if (pc->state != PSCI_CORE_ON_PENDING) return PSCI_ERR_STATE;
    struct psci_resume r;
    memset(&r, 0, sizeof r);
    psci_path_to_run(p, core, r.from);
    pc->state = PSCI_CORE_ON;
    pc->via_default_suspend = false;
    r.kind = PSCI_RESUME_WARM_BOOT;
    r.entry = pc->entry;
    r.context_id = pc->context_id;
    r.x0 = pc->context_id;
    r.aarch32 = pc->entry_aarch32;
    if (out) *out = r;
    return PSCI_OK;
}
