/*
 * psci_migrate.c - MIGRATE, MIGRATE_INFO_TYPE, MIGRATE_INFO_UP_CPU (DEN 0022 5.1.6-5.1.8).
 */
#include "psci_private.h"

int64_t psci_migrate_info_type(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)c;
    (void)out;
    return p->cfg.tos;
}

/* Only dispatched with a UP Trusted OS: the MPIDR of the core it lives on, in the
 * target_cpu format (affinity fields). SMC32 returns W0 only: Aff3 is lost. */
int64_t psci_migrate_info_up_cpu(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const uint64_t mpidr = p->cores[p->tos_core].mpidr & PSCI_MPIDR_AFF_MASK;
    return c->smc64 ? (int64_t)mpidr : (int64_t)(uint32_t)mpidr;
}

/* Order of checks as TF-A psci_migrate: target MPIDR, "not migration capable" (DENIED),
 * caller not the resident core (NOT_PRESENT), then the Trusted OS moves. */
int64_t psci_migrate(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const unsigned core = c->core;
    const uint64_t target = c->x[1];
    const int t = psci_mpidr_to_core(p, target);
    if (t < 0) return PSCI_RET_INVALID_PARAMETERS;
    if (p->cfg.tos == PSCI_TOS_UP_NO_MIGRATE) return PSCI_RET_DENIED;
    if (core != p->tos_core) return PSCI_RET_NOT_PRESENT;
    int rc = p->ops.tos_migrate(p->ctx, core, (unsigned)t);
    if (rc != PSCI_RET_SUCCESS) return PSCI_RET_INTERNAL_FAILURE;
    p->tos_core = (unsigned)t;
    return PSCI_RET_SUCCESS;
}
