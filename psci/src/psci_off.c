/*
 * psci_off.c - CPU_OFF (DEN 0022 5.1.3) and CPU_FREEZE (DEN 0022 5.1.12).
 */
#include "psci_private.h"

/* Never-returning calls leave INTERNAL_FAILURE in x0: what the core would read should a
 * platform ever resume it (as KVM does for SYSTEM_OFF/RESET). */
#define PSCI_X0_NO_RETURN ((uint64_t)(int64_t)PSCI_RET_INTERNAL_FAILURE)

static bool tos_resident(const struct psci *p, unsigned core)
{
    return p->cfg.tos != PSCI_TOS_NONE && p->tos_core == core;
}

/*
 * CPU_OFF requests OFF at every level and is always platform-coordinated, even in OSI
 * mode (DEN 0022 4.2.4; TF-A psci_do_cpu_off), so the last core of a cluster takes the
 * cluster down. DENIED when a uniprocessor Trusted OS lives on this core (DEN 0022
 * 5.1.3) or the platform refuses. AFFINITY_INFO keeps reporting ON until the platform
 * reports the core quiescent (psci_event_power_down_done).
 */
int64_t psci_cpu_off(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const unsigned core = c->core;
    if (tos_resident(p, core)) return PSCI_RET_DENIED;
    const psci_local_state_t req[PSCI_NUM_LEVELS] = {PSCI_LOCAL_OFF, PSCI_LOCAL_OFF,
                                                     PSCI_LOCAL_OFF};
    psci_local_state_t target[PSCI_NUM_LEVELS];
    psci_coordinate_pc(p, core, req, target);
    if (p->ops.pwr_domain_off(p->ctx, core, target) != PSCI_RET_SUCCESS) return PSCI_RET_DENIED;
    struct psci_core *pc = &p->cores[core];
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        pc->req[l] = req[l];
    psci_set_path_states(p, core, target);
    pc->state = PSCI_CORE_OFF_PENDING;
    out->action = PSCI_ACTION_CPU_OFF;
    psci_fill_result_target(out, target);
    return (int64_t)PSCI_X0_NO_RETURN;
}

int psci_event_power_down_done(struct psci *p, unsigned core)
{
    if (!p || core >= p->num_cores) return PSCI_ERR_ARG;
    if (p->halted) return PSCI_ERR_HALTED;
    if (p->cores[core].state != PSCI_CORE_OFF_PENDING) return PSCI_ERR_STATE;
    p->cores[core].state = PSCI_CORE_OFF;
    return PSCI_OK;
}

/*
 * CPU_FREEZE: the core enters an IMPLEMENTATION DEFINED state that only CPU_ON leaves;
 * interrupts are not wake-up events and AFFINITY_INFO reports OFF at once. The core's
 * context is not needed again (CPU_ON restarts it), so it is modelled as core OFF and it
 * no longer holds its parents up: it votes OFF and coordinates like CPU_OFF; the
 * platform's cpu_freeze hook sees the coordinated parent states through
 * psci_node_local_state(). Same DENIED rule as CPU_OFF for a resident UP Trusted OS.
 */
int64_t psci_cpu_freeze(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const unsigned core = c->core;
    if (tos_resident(p, core)) return PSCI_RET_DENIED;
    const psci_local_state_t req[PSCI_NUM_LEVELS] = {PSCI_LOCAL_OFF, PSCI_LOCAL_OFF,
                                                     PSCI_LOCAL_OFF};
    psci_local_state_t target[PSCI_NUM_LEVELS];
    psci_coordinate_pc(p, core, req, target);
    struct psci_core *pc = &p->cores[core];
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        pc->req[l] = req[l];
    psci_set_path_states(p, core, target);
    pc->state = PSCI_CORE_FROZEN;
    p->ops.cpu_freeze(p->ctx, core);
    out->action = PSCI_ACTION_FROZEN;
    psci_fill_result_target(out, target);
    return (int64_t)PSCI_X0_NO_RETURN;
}
