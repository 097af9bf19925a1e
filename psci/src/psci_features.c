/*
 * psci_features.c - PSCI_FEATURES (DEN 0022 5.1.14). Answers from the same capability
 * mask the dispatcher uses, so a function is advertised exactly when it is dispatched.
 */
#include "psci_private.h"

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
    switch (fn) {
    case PSCI_FN_CPU_SUSPEND:
        /* bit[1] power_state format, bit[0] OS-initiated mode (DEN 0022 5.1.14 table). */
        return (int32_t)((p->cfg.power_state_format == PSCI_PSTATE_EXTENDED ? 2u : 0u) |
                         (p->cfg.osi_supported ? 1u : 0u));
    case PSCI_FN_SYSTEM_OFF2:
        return (int32_t)PSCI_OFF2_HIBERNATE_OFF; /* bitmask of supported types, bit0 */
    default: return 0;
    }
}
