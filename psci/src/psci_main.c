/*
 * psci_main.c - the conduit entry point: decodes the function ID (DEN 0028 2.5) and
 * dispatches through the handler column of psci_functions.def; anything not dispatched
 * is NOT_SUPPORTED.
 */
#include <string.h>

#include "psci_private.h"

/* Handlers by function number: the handler column of psci_functions.def. */
#define PSCI_FUNCTION(name, number, name64, since, mandatory, args, hooks, needs, handler, flags)  \
    [number] = handler,
static psci_handler_fn *const handlers[PSCI_FN_COUNT] = {
#include "psci/psci_functions.def"
};
#undef PSCI_FUNCTION

static void fill_passthrough(struct psci_result *out, const uint64_t x[4], uint32_t fid)
{
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < 4; i++)
        out->x[i] = x[i];
    out->action = PSCI_ACTION_RETURN;
    out->function_id = fid;
}

int psci_handle_call(struct psci *p, unsigned core, bool caller_aarch32, const uint64_t x[4],
                     struct psci_result *out)
{
    if (!p || !x || !out || core >= p->num_cores) return PSCI_ERR_ARG;
    if (p->halted) return PSCI_ERR_HALTED;
    if (p->cores[core].state != PSCI_CORE_ON) return PSCI_ERR_STATE;

    const uint32_t fid = (uint32_t)x[0];
    fill_passthrough(out, x, fid);
    const uint32_t efid = psci_effective_fid(p, fid);
    int64_t r = PSCI_RET_NOT_SUPPORTED;

    /* SMCCC Arm Architecture calls (DEN 0028 7.2, 7.3): SMCCC 1.1 and later only. */
    if (efid == SMCCC_VERSION_FID || efid == SMCCC_ARCH_FEATURES_FID) {
        if (p->cfg.smccc_version >= SMCCC_VERSION_1_1) {
            if (efid == SMCCC_VERSION_FID)
                r = p->cfg.smccc_version;
            else
                r = psci_smccc_arch_features(p, (uint32_t)x[1]);
        }
        out->x[0] = (uint64_t)r;
        return PSCI_OK;
    }

    const int fn = psci_dispatchable_fn(p, efid, caller_aarch32);
    if (fn >= 0) {
        struct psci_call c = {
            .core = core, .aarch32 = caller_aarch32, .smc64 = psci_is_smc64(efid)};
        c.x[0] = efid;
        /* SMC32: only the low 32 bits of the arguments are defined (DEN 0028 2.6). */
        for (unsigned i = 1; i < 4; i++)
            c.x[i] = c.smc64 ? x[i] : (uint32_t)x[i];
        r = handlers[fn](p, &c, out);
    }
    out->x[0] = (uint64_t)r;
    return PSCI_OK;
}

/* DEN 0028 7.3 SMCCC_ARCH_FEATURES: 0 for the two discovery calls themselves. */
int64_t psci_smccc_arch_features(struct psci *p, uint32_t fid)
{
    if (fid == SMCCC_VERSION_FID || fid == SMCCC_ARCH_FEATURES_FID) return 0;
    if (p->ops.smccc_arch_features) return p->ops.smccc_arch_features(p->ctx, fid);
    return PSCI_RET_NOT_SUPPORTED;
}
