/*
 * psci_main.c - the conduit entry point: decodes the function ID (DEN 0028 2.5) and
 * dispatches with a single switch; anything not dispatched is NOT_SUPPORTED.
 */
#include <string.h>

#include "psci_private.h"

#define SMCCC_FID_SMC64_BIT    0x40000000u
#define SMCCC_FID_SVE_HINT_BIT 0x00010000u /* DEN 0028 1.3+ 2.5.3: ignored by the callee */

bool psci_is_smc64(uint32_t fid)
{
    return (fid & SMCCC_FID_SMC64_BIT) != 0;
}

/* DEN 0022 5.1 table 5: functions that also have an SMC64 ID. */
bool psci_has_smc64_form(unsigned fn)
{
    switch (fn) {
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN_CPU_ON:
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN_MIGRATE:
    case PSCI_FN_MIGRATE_INFO_UP_CPU:
    case PSCI_FN_CPU_DEFAULT_SUSPEND:
    case PSCI_FN_NODE_HW_STATE:
    case PSCI_FN_SYSTEM_SUSPEND:
    case PSCI_FN_PSCI_STAT_RESIDENCY:
    case PSCI_FN_PSCI_STAT_COUNT:
    case PSCI_FN_SYSTEM_RESET2:
    case PSCI_FN_MEM_PROTECT_CHECK_RANGE:
    case PSCI_FN_SYSTEM_OFF2: return true;
    default: return false;
    }
}

bool psci_is_psci_range(uint32_t fid)
{
    return (fid & ~(SMCCC_FID_SMC64_BIT | (PSCI_FN_COUNT - 1))) == PSCI_FN_BASE32;
}

uint32_t psci_effective_fid(const struct psci *p, uint32_t fid)
{
    if (p->cfg.smccc_version >= SMCCC_VERSION_1_3) fid &= ~SMCCC_FID_SVE_HINT_BIT;
    return fid;
}

/* Function number of a dispatchable PSCI ID for this caller, or -1. */
int psci_dispatchable_fn(const struct psci *p, uint32_t fid, bool aarch32)
{
    if (!psci_is_psci_range(fid)) return -1;
    const bool smc64 = psci_is_smc64(fid);
    const unsigned fn = fid & (PSCI_FN_COUNT - 1);
    if (smc64 && aarch32)
        return -1; /* SMC64 from AArch32: NOT_SUPPORTED (DEN 0028 2.5; KVM, QEMU) */
    if (smc64 && !psci_has_smc64_form(fn)) return -1;
    if (!psci_fn_supported(p, fn)) return -1;
    return (int)fn;
}

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
    const bool smc64 = psci_is_smc64(efid);
    /* SMC32: only the low 32 bits of the arguments are defined (DEN 0028 2.6). */
    uint64_t a1 = smc64 ? x[1] : (uint32_t)x[1];
    uint64_t a2 = smc64 ? x[2] : (uint32_t)x[2];
    uint64_t a3 = smc64 ? x[3] : (uint32_t)x[3];

    switch (fn) {
    case PSCI_FN_PSCI_VERSION: r = p->cfg.version; break;
    case PSCI_FN_CPU_SUSPEND:
        r = psci_cpu_suspend(p, core, caller_aarch32, (uint32_t)a1, a2, a3, out);
        break;
    case PSCI_FN_CPU_OFF: r = psci_cpu_off(p, core, out); break;
    case PSCI_FN_CPU_ON: r = psci_cpu_on(p, core, caller_aarch32, a1, a2, a3); break;
    case PSCI_FN_AFFINITY_INFO: r = psci_affinity_info(p, a1, a2); break;
    case PSCI_FN_MIGRATE: r = psci_migrate(p, core, a1); break;
    case PSCI_FN_MIGRATE_INFO_TYPE: r = psci_migrate_info_type(p); break;
    case PSCI_FN_MIGRATE_INFO_UP_CPU:
        r = psci_migrate_info_up_cpu(p);
        if (!smc64) r = (uint32_t)r; /* SMC32: W0 only, Aff3 is lost */
        break;
    case PSCI_FN_SYSTEM_OFF: r = psci_system_off(p, out); break;
    case PSCI_FN_SYSTEM_RESET: r = psci_system_reset(p, out); break;
    case PSCI_FN_PSCI_FEATURES: r = psci_features(p, (uint32_t)a1, caller_aarch32); break;
    case PSCI_FN_CPU_FREEZE: r = psci_cpu_freeze(p, core, out); break;
    case PSCI_FN_CPU_DEFAULT_SUSPEND:
        r = psci_cpu_default_suspend(p, core, caller_aarch32, a1, a2, out);
        break;
    case PSCI_FN_NODE_HW_STATE: r = psci_node_hw_state(p, a1, a2); break;
    case PSCI_FN_SYSTEM_SUSPEND:
        r = psci_system_suspend(p, core, caller_aarch32, a1, a2, out);
        break;
    case PSCI_FN_PSCI_SET_SUSPEND_MODE: r = psci_set_suspend_mode(p, core, a1); break;
    case PSCI_FN_PSCI_STAT_RESIDENCY:
    case PSCI_FN_PSCI_STAT_COUNT:
        r = psci_stat_call(p, (unsigned)fn, a1, (uint32_t)a2);
        if (!smc64) r = (uint32_t)r; /* SMC32 returns a 32-bit value in W0 */
        break;
    case PSCI_FN_SYSTEM_RESET2: r = psci_system_reset2(p, a1, a2, out); break;
    case PSCI_FN_MEM_PROTECT: r = psci_mem_protect(p, a1); break;
    case PSCI_FN_MEM_PROTECT_CHECK_RANGE: r = psci_mem_protect_check_range(p, a1, a2, smc64); break;
    case PSCI_FN_SYSTEM_OFF2: r = psci_system_off2(p, a1, a2, out); break;
    default: r = PSCI_RET_NOT_SUPPORTED; break;
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
