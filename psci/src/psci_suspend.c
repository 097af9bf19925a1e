/*
 * psci_suspend.c - CPU_SUSPEND, CPU_DEFAULT_SUSPEND and SYSTEM_SUSPEND (DEN 0022 5.1.2,
 * 5.1.13, 5.1.14, 5.4) and the wake-up events of a suspended core. The power_state
 * parser is in psci_power_state.c.
 */
#include <string.h>

#include "psci_private.h"

static bool irq_pending(struct psci *p, unsigned core)
{
    return p->ops.irq_pending && p->ops.irq_pending(p->ctx, core);
}

/*
 * Common tail of every suspend: the platform may still refuse (DENIED / INVALID_PARAMETERS,
 * e.g. a hardware condition; any other answer is reported as DENIED, the only other error
 * CPU_SUSPEND defines); only then do the votes and node states change.
 */
static int64_t enter_suspend(struct psci *p, unsigned core, bool aarch32,
                             const psci_local_state_t req[PSCI_NUM_LEVELS],
                             const psci_local_state_t target[PSCI_NUM_LEVELS], bool power_down,
                             uint64_t entry, uint64_t context_id, bool via_default,
                             struct psci_result *out)
{
    int rc = p->ops.pwr_domain_suspend(p->ctx, core, target, power_down);
    if (rc != PSCI_RET_SUCCESS)
        return rc == PSCI_RET_INVALID_PARAMETERS ? PSCI_RET_INVALID_PARAMETERS : PSCI_RET_DENIED;
    struct psci_core *pc = &p->cores[core];
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        pc->req[l] = req[l];
    psci_set_path_states(p, core, target);
    pc->state = power_down ? PSCI_CORE_SUSPENDED_POWERDOWN : PSCI_CORE_SUSPENDED_STANDBY;
    pc->via_default_suspend = via_default;
    if (power_down) {
        pc->entry = entry;
        pc->context_id = context_id;
        pc->entry_aarch32 = aarch32;
    }
    out->action = power_down ? PSCI_ACTION_SUSPEND_POWERDOWN : PSCI_ACTION_SUSPEND_STANDBY;
    psci_fill_result_target(out, target);
    return PSCI_RET_SUCCESS; /* what the core sees if it resumes after the call */
}

/* DEN 0022 5.1.2 CPU_SUSPEND. Order as TF-A: parse, entry point (power-down only),
 * pending interrupt (abandon with SUCCESS), then OSI validation or PC coordination. */
int64_t psci_cpu_suspend(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const unsigned core = c->core;
    const bool aarch32 = c->aarch32;
    const uint32_t power_state = (uint32_t)c->x[1];
    const uint64_t entry = c->x[2], context_id = c->x[3];
    struct psci_pstate ps;
    int32_t rc = psci_parse_power_state(p, power_state, &ps);
    if (rc != PSCI_RET_SUCCESS) return rc;
    if (ps.power_down) {
        rc = psci_validate_entry(p, entry, aarch32);
        if (rc != PSCI_RET_SUCCESS) return rc;
    }
    if (irq_pending(p, core)) return PSCI_RET_SUCCESS;
    psci_local_state_t target[PSCI_NUM_LEVELS];
    if (p->mode == PSCI_MODE_OSI) {
        rc = psci_validate_osi(p, core, &ps);
        if (rc != PSCI_RET_SUCCESS) return rc;
        memcpy(target, ps.states, sizeof target);
    } else {
        psci_coordinate_pc(p, core, ps.states, target);
    }
    return enter_suspend(p, core, aarch32, ps.states, target, ps.power_down, entry, context_id,
                         false, out);
}

/* PSCI_FEATURES(CPU_SUSPEND): bit[1] power_state format, bit[0] OS-initiated mode
 * (DEN 0022 5.1.14). */
int32_t psci_cpu_suspend_flags(const struct psci *p)
{
    return (int32_t)((p->cfg.power_state_format == PSCI_PSTATE_EXTENDED ? 2u : 0u) |
                     (p->cfg.osi_supported ? 1u : 0u));
}

/*
 * DEN 0022 5.1.13 CPU_DEFAULT_SUSPEND: the firmware picks the state. In PC mode this
 * library votes the deepest state of every level (core off, cluster off, system off where
 * the level supports OFF) and lets coordination decide; in OSI mode it may not power a
 * parent down without the OS's word, so it picks core power-down only.
 */
int64_t psci_cpu_default_suspend(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const unsigned core = c->core;
    const bool aarch32 = c->aarch32;
    const uint64_t entry = c->x[1], context_id = c->x[2];
    int32_t rc = psci_validate_entry(p, entry, aarch32);
    if (rc != PSCI_RET_SUCCESS) return rc;
    if (irq_pending(p, core)) return PSCI_RET_SUCCESS;
    psci_local_state_t req[PSCI_NUM_LEVELS] = {PSCI_LOCAL_OFF, PSCI_LOCAL_RUN, PSCI_LOCAL_RUN};
    psci_local_state_t target[PSCI_NUM_LEVELS];
    if (p->mode == PSCI_MODE_OSI) {
        memcpy(target, req, sizeof target);
    } else {
        for (unsigned l = 1; l < PSCI_NUM_LEVELS; l++) {
            if (req[l - 1] != PSCI_LOCAL_OFF ||
                !(p->level_states[l] & PSCI_STATE_BIT(PSCI_LOCAL_OFF)))
                break;
            req[l] = PSCI_LOCAL_OFF;
        }
        psci_coordinate_pc(p, core, req, target);
    }
    return enter_suspend(p, core, aarch32, req, target, true, entry, context_id, true, out);
}

/* DEN 0022 5.1.14 SYSTEM_SUSPEND: a CPU_SUSPEND to the deepest, system-level power-down
 * state, allowed only when every other core is OFF (TF-A: checked before the entry point). */
int64_t psci_system_suspend(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const unsigned core = c->core;
    const bool aarch32 = c->aarch32;
    const uint64_t entry = c->x[1], context_id = c->x[2];
    for (unsigned k = 0; k < p->num_cores; k++)
        if (k != core && psci_core_aff_state(p, k) != PSCI_AFF_OFF) return PSCI_RET_DENIED;
    int32_t rc = psci_validate_entry(p, entry, aarch32);
    if (rc != PSCI_RET_SUCCESS) return rc;
    if (irq_pending(p, core)) return PSCI_RET_SUCCESS;
    const psci_local_state_t req[PSCI_NUM_LEVELS] = {PSCI_LOCAL_OFF, PSCI_LOCAL_OFF,
                                                     PSCI_LOCAL_OFF};
    psci_local_state_t target[PSCI_NUM_LEVELS];
    /* Every other core is OFF or frozen and so votes OFF everywhere: coordination
     * yields OFF at every level, the system-level state TF-A requires. */
    psci_coordinate_pc(p, core, req, target);
    return enter_suspend(p, core, aarch32, req, target, true, entry, context_id, false, out);
}

static int resume_core(struct psci *p, unsigned core, bool force_return, struct psci_resume *out)
{
    struct psci_core *pc = &p->cores[core];
    struct psci_resume r;
    memset(&r, 0, sizeof r);
    const bool warm = pc->state != PSCI_CORE_SUSPENDED_STANDBY && !force_return;
    psci_path_to_run(p, core, r.from);
    if (warm) {
        r.kind = PSCI_RESUME_WARM_BOOT;
        r.entry = pc->entry;
        r.context_id = pc->context_id;
        r.x0 = pc->context_id;
        r.aarch32 = pc->entry_aarch32;
    } else {
        r.kind = PSCI_RESUME_RETURN;
        r.x0 = PSCI_RET_SUCCESS;
    }
    pc->state = PSCI_CORE_ON;
    pc->via_default_suspend = false;
    if (out) *out = r;
    return PSCI_OK;
}

static bool is_suspended(const struct psci_core *pc)
{
    return pc->state == PSCI_CORE_SUSPENDED_STANDBY || pc->state == PSCI_CORE_SUSPENDED_POWERDOWN;
}

int psci_event_wakeup(struct psci *p, unsigned core, struct psci_resume *out)
{
    if (!p || core >= p->num_cores) return PSCI_ERR_ARG;
    if (p->halted) return PSCI_ERR_HALTED;
    if (!is_suspended(&p->cores[core])) return PSCI_ERR_STATE;
    return resume_core(p, core, false, out);
}

int psci_event_suspend_abandoned(struct psci *p, unsigned core, struct psci_resume *out)
{
    if (!p || core >= p->num_cores) return PSCI_ERR_ARG;
    if (p->halted) return PSCI_ERR_HALTED;
    if (!is_suspended(&p->cores[core])) return PSCI_ERR_STATE;
    return resume_core(p, core, true, out);
}

/* Shared with psci_on.c: a warm boot out of a power-down suspend. */
int psci_resume_powerdown(struct psci *p, unsigned core, struct psci_resume *out)
{
    return resume_core(p, core, false, out);
}
