/*
 * psci_features.c - the discovery calls PSCI_VERSION and PSCI_FEATURES (DEN 0022 5.1.1,
 * 5.1.14). PSCI_FEATURES answers from the same capability mask the dispatcher uses, so a
 * function is advertised exactly when it is dispatched; the flags come from the flags
 * column of psci_functions.def.
 */
#include "psci_private.h"

#define PSCI_FUNCTION(name, number, name64, since, mandatory, args, hooks, needs, handler,         \
                      flags_fn)                                                                    \
    [number] = flags_fn,
static psci_flags_fn *const flags[PSCI_FN_COUNT] = {
#include "psci/psci_functions.def"
};
#undef PSCI_FUNCTION

int32_t psci_flags_none(const struct psci *p)
{
    (void)p;
    return 0;
}

bool psci_function_supported(const struct psci *p, uint32_t fid, bool caller_aarch32)
{
    return p && psci_features(p, fid, caller_aarch32) >= 0;
}

/* DEN 0022 5.1.14 PSCI_FEATURES. SMCCC_VERSION is answered 0 when implemented (DEN 0028
 * 7.2.1: discovery of SMCCC >= 1.1 goes through PSCI_FEATURES). */
int32_t psci_features(const struct psci *p, uint32_t fid, bool caller_aarch32)
{
    if (!p) return PSCI_RET_NOT_SUPPORTED;
    fid = psci_effective_fid(p, fid);
    if (fid == SMCCC_VERSION_FID)
        return p->cfg.smccc_version >= SMCCC_VERSION_1_1 ? 0 : PSCI_RET_NOT_SUPPORTED;
    int fn = psci_dispatchable_fn(p, fid, caller_aarch32);
    if (fn < 0) return PSCI_RET_NOT_SUPPORTED;
    return flags[fn](p);
}

int64_t psci_version_call(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)c;
    (void)out;
    return p->cfg.version;
}

/* The queried ID is a 32-bit value in both conventions; flags are per caller width. */
int64_t psci_features_call(struct psci *p, const struct psci_call *c, struct psci_result *out)
{
    (void)out;
    return psci_features(p, (uint32_t)c->x[1], c->aarch32);
}
