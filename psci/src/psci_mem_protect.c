/*
 * psci_mem_protect.c - MEM_PROTECT and MEM_PROTECT_CHECK_RANGE (DEN 0022 5.1.20, 5.1.21).
 */
#include "psci_private.h"

/* Returns the previous state (0/1). Any non-zero argument enables, as TF-A; a platform
 * failure to read or write the flag is NOT_SUPPORTED. */
int64_t psci_mem_protect(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    const uint64_t enable = c->x[1];
    bool was = false;
    if (p->ops.mem_protect_read(p->ctx, &was) < 0) return PSCI_RET_NOT_SUPPORTED;
    if (p->ops.mem_protect_write(p->ctx, enable != 0) < 0) return PSCI_RET_NOT_SUPPORTED;
    return was ? 1 : 0;
}

/* SUCCESS when the whole range is protected, DENIED otherwise; an empty range or one that
 * wraps the caller's address space (32-bit for SMC32) is DENIED (TF-A, TFTF
 * test_mem_protect_check). */
int64_t psci_mem_protect_check_range(struct psci *p, const struct psci_call *c,
                                     struct psci_result *out)
{
    (void)out;
    const uint64_t base = c->x[1], length = c->x[2];
    if (length == 0) return PSCI_RET_DENIED;
    if (c->smc64) {
        if (base + length < base) return PSCI_RET_DENIED;
    } else if (base + length > 0x100000000ull) {
        return PSCI_RET_DENIED;
    }
    int rc = p->ops.mem_protect_check_range(p->ctx, base, length);
    return rc == PSCI_RET_SUCCESS ? PSCI_RET_SUCCESS : PSCI_RET_DENIED;
}
