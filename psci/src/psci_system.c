/*
 * psci_system.c - SYSTEM_OFF, SYSTEM_OFF2, SYSTEM_RESET, SYSTEM_RESET2 (DEN 0022 5.1.9,
 * 5.1.10, 5.1.19, 5.1.22) and the reset event that brings the library back to cold boot.
 */
#include "psci_private.h"

#define PSCI_X0_NO_RETURN ((int64_t)PSCI_RET_INTERNAL_FAILURE)

/* SYSTEM_OFF powers the system off whatever the other cores do (tf-issues #531). */
int64_t psci_system_off(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)c;
    p->ops.system_off(p->ctx);
    p->halted = true;
    out->action = PSCI_ACTION_SYSTEM_OFF;
    return PSCI_X0_NO_RETURN;
}

/* DEN 0022F 5.1.22: type HIBERNATE_OFF (1); issue F.b accepts 0 as an alias because the
 * alpha specification used 0. cookie must be zero. */
int64_t psci_system_off2(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const uint64_t type = c->x[1], cookie = c->x[2];
    if (type != 0 && type != PSCI_OFF2_HIBERNATE_OFF) return PSCI_RET_INVALID_PARAMETERS;
    if (cookie != 0) return PSCI_RET_INVALID_PARAMETERS;
    p->ops.system_off2(p->ctx, PSCI_OFF2_HIBERNATE_OFF);
    p->halted = true;
    out->action = PSCI_ACTION_SYSTEM_OFF2;
    out->off2_type = (uint32_t)type;
    return PSCI_X0_NO_RETURN;
}

/* PSCI_FEATURES(SYSTEM_OFF2): bitmask of the supported types, bit0 = HIBERNATE_OFF. */
int32_t psci_system_off2_flags(const struct psci *p)
{
    (void)p;
    return (int32_t)PSCI_OFF2_HIBERNATE_OFF;
}

int64_t psci_system_reset(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)c;
    p->ops.system_reset(p->ctx);
    out->action = PSCI_ACTION_SYSTEM_RESET;
    return PSCI_X0_NO_RETURN;
}

/*
 * DEN 0022 5.1.19: reset_type bit31 set = vendor-specific (the platform decides and may
 * refuse); bit31 clear = architectural, where only 0 (SYSTEM_WARM_RESET) is defined.
 * Before a warm reset, memory protection is switched off as TF-A does (the warm reset
 * must keep RAM, so the next boot must not scrub it); failing that -> NOT_SUPPORTED.
 */
int64_t psci_system_reset2(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    const uint64_t type64 = c->x[1], cookie = c->x[2];
    const uint32_t type = (uint32_t)type64; /* reset_type is 32-bit in both conventions */
    const bool vendor = (type & PSCI_RESET2_VENDOR_BIT) != 0;
    const uint32_t kind = type & ~PSCI_RESET2_VENDOR_BIT;
    if (!vendor && kind != PSCI_RESET2_SYSTEM_WARM) return PSCI_RET_INVALID_PARAMETERS;
    if (!vendor && p->ops.mem_protect_write && p->ops.mem_protect_write(p->ctx, false) < 0)
        return PSCI_RET_NOT_SUPPORTED;
    int rc = p->ops.system_reset2(p->ctx, vendor, kind, cookie);
    if (rc != PSCI_RET_SUCCESS) return rc < 0 ? rc : PSCI_RET_INTERNAL_FAILURE;
    out->action = vendor ? PSCI_ACTION_SYSTEM_RESET_VENDOR : PSCI_ACTION_SYSTEM_RESET_WARM;
    out->reset_type = type;
    out->reset_cookie = cookie;
    return PSCI_X0_NO_RETURN;
}

int psci_event_system_reset(struct psci *p)
{
    if (!p) return PSCI_ERR_ARG;
    psci_cold_boot(p);
    return PSCI_OK;
}
