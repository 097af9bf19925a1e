/*
 * psci_power_state.c - the power_state parameter of CPU_SUSPEND and PSCI_STAT_* (DEN 0022
 * 5.4.2, original and extended formats; 6.5 recommended StateID encoding): the parser the
 * library uses and the builders it offers to platforms, so the encoding has one owner.
 */
#include <string.h>

#include "psci_private.h"

/*
 * Decodes power_state. Reserved bits (original: [31:26], [23:17]; extended: [31], [29:28])
 * are INVALID_PARAMETERS (DEN 0022 5.4.2). The StateID follows the recommended encoding
 * (4 bits per level: 0 run, 1 retention, 2 off; "last at level" in [15:12]) unless the
 * platform supplies its own table. Generic rules for any table: the core itself must
 * leave RUN; a parent is never deeper than its child; StateType is power-down exactly when
 * the core loses context (level 0 OFF); the original format's PowerLevel names the deepest
 * affected level.
 */
int32_t psci_parse_power_state(const struct psci *p, uint32_t power_state, struct psci_pstate *out)
{
    memset(out, 0, sizeof *out);
    const bool ext = p->cfg.power_state_format == PSCI_PSTATE_EXTENDED;
    uint32_t id;
    bool type_pd;
    unsigned level_field = 0;
    if (ext) {
        if (power_state & PSCI_PSTATE_EXT_RESERVED) return PSCI_RET_INVALID_PARAMETERS;
        id = power_state & PSCI_PSTATE_EXT_ID_MASK;
        type_pd = (power_state & PSCI_PSTATE_EXT_TYPE_BIT) != 0;
    } else {
        if (power_state & PSCI_PSTATE_ORIG_RESERVED) return PSCI_RET_INVALID_PARAMETERS;
        id = power_state & PSCI_PSTATE_ORIG_ID_MASK;
        type_pd = (power_state & PSCI_PSTATE_ORIG_TYPE_BIT) != 0;
        level_field = (power_state & PSCI_PSTATE_ORIG_LEVEL_MASK) >> PSCI_PSTATE_ORIG_LEVEL_SHIFT;
    }

    if (p->ops.validate_power_state) {
        unsigned last_at = 0;
        if (p->ops.validate_power_state(p->ctx, power_state, out->states, &last_at) !=
            PSCI_RET_SUCCESS)
            return PSCI_RET_INVALID_PARAMETERS;
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
            if (out->states[l] > PSCI_LOCAL_OFF) return PSCI_RET_INVALID_PARAMETERS;
        out->last_at = last_at;
    } else {
        if (id & ~(PSCI_STATEID_LAST_AT_MASK | 0x0fffu))
            return PSCI_RET_INVALID_PARAMETERS; /* StateID bits beyond the encoding */
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
            unsigned s = (id >> PSCI_STATEID_LEVEL_SHIFT(l)) & 0xfu;
            if (s > PSCI_LOCAL_OFF) return PSCI_RET_INVALID_PARAMETERS;
            if (s != PSCI_LOCAL_RUN && !(p->level_states[l] & PSCI_STATE_BIT(s)))
                return PSCI_RET_INVALID_PARAMETERS; /* no such state at this level */
            out->states[l] = (psci_local_state_t)s;
        }
        out->last_at = (id & PSCI_STATEID_LAST_AT_MASK) >> PSCI_STATEID_LAST_AT_SHIFT;
        /* Without OSI support the last-at field is not part of any valid StateID. */
        if (!p->cfg.osi_supported && out->last_at != 0) return PSCI_RET_INVALID_PARAMETERS;
    }

    if (out->states[0] == PSCI_LOCAL_RUN) return PSCI_RET_INVALID_PARAMETERS;
    out->target_level = 0;
    for (unsigned l = 1; l < PSCI_NUM_LEVELS; l++) {
        if (out->states[l] > out->states[l - 1]) return PSCI_RET_INVALID_PARAMETERS;
        if (out->states[l] != PSCI_LOCAL_RUN) out->target_level = l;
    }
    out->power_down = out->states[0] == PSCI_LOCAL_OFF;
    if (type_pd != out->power_down) return PSCI_RET_INVALID_PARAMETERS;
    if (!ext && level_field != out->target_level) return PSCI_RET_INVALID_PARAMETERS;
    return PSCI_RET_SUCCESS;
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

uint32_t psci_make_power_state_upto(enum psci_pstate_format format, unsigned level,
                                    psci_local_state_t state)
{
    psci_local_state_t states[PSCI_NUM_LEVELS];
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        states[l] = l <= level ? state : PSCI_LOCAL_RUN;
    return psci_make_power_state(format, states, 0);
}
