#include "sw/psci.h"

#include "sw/arch.h"
#include "sw/gic.h"
#include "sw/smp.h"

static int64_t after_suspend(uint64_t x0, bool *resumed)
{
    struct sw_resume_ctx *c = &sw_resume_ctx[sw_core_index()];
    bool r = c->resumed != 0;
    c->resumed = 0;
    if (resumed) *resumed = r;
    if (r) {
        /* Power-down loses the CPU interface state (IHI 0069 9.7); x0 is the context_id. */
        sw_gic_init_cpu_interface();
        return (int64_t)x0;
    }
    return sw_psci_ret32(x0);
}

int64_t sw_psci_cpu_suspend_entry(uint32_t power_state, uintptr_t entry, uint64_t ctx,
                                  bool *resumed)
{
    uint64_t x0 = sw_psci_call_resumable(PSCI_CPU_SUSPEND64, power_state, entry, ctx);
    return after_suspend(x0, resumed);
}

int64_t sw_psci_cpu_suspend(uint32_t power_state, uint64_t ctx, bool *resumed)
{
    return sw_psci_cpu_suspend_entry(power_state, (uintptr_t)sw_resume_entry, ctx, resumed);
}

int64_t sw_psci_cpu_default_suspend(uintptr_t entry, uint64_t ctx, bool *resumed)
{
    uint64_t x0 = sw_psci_call_resumable(PSCI_CPU_DEFAULT_SUSPEND64, entry, ctx, 0);
    return after_suspend(x0, resumed);
}

int64_t sw_psci_system_suspend(uintptr_t entry, uint64_t ctx, bool *resumed)
{
    uint64_t x0 = sw_psci_call_resumable(PSCI_SYSTEM_SUSPEND64, entry, ctx, 0);
    return after_suspend(x0, resumed);
}

const char *psci_ret_name(int64_t ret)
{
    switch (ret) {
    case PSCI_SUCCESS: return "SUCCESS";
    case PSCI_NOT_SUPPORTED: return "NOT_SUPPORTED";
    case PSCI_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
    case PSCI_DENIED: return "DENIED";
    case PSCI_ALREADY_ON: return "ALREADY_ON";
    case PSCI_ON_PENDING: return "ON_PENDING";
    case PSCI_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
    case PSCI_NOT_PRESENT: return "NOT_PRESENT";
    case PSCI_DISABLED: return "DISABLED";
    case PSCI_INVALID_ADDRESS: return "INVALID_ADDRESS";
    default: return "";
    }
}

const char *psci_fn_name(uint32_t fid)
{
    static const char *const names[0x16] = {
        "PSCI_VERSION",
        "CPU_SUSPEND",
        "CPU_OFF",
        "CPU_ON",
        "AFFINITY_INFO",
        "MIGRATE",
        "MIGRATE_INFO_TYPE",
        "MIGRATE_INFO_UP_CPU",
        "SYSTEM_OFF",
        "SYSTEM_RESET",
        "PSCI_FEATURES",
        "CPU_FREEZE",
        "CPU_DEFAULT_SUSPEND",
        "NODE_HW_STATE",
        "SYSTEM_SUSPEND",
        "PSCI_SET_SUSPEND_MODE",
        "PSCI_STAT_RESIDENCY",
        "PSCI_STAT_COUNT",
        "SYSTEM_RESET2",
        "MEM_PROTECT",
        "MEM_PROTECT_CHECK_RANGE",
        "SYSTEM_OFF2",
    };
    if ((fid & 0xBFFFFFE0u) == 0x84000000u && (fid & 0x1F) < 0x16) return names[fid & 0x1F];
    return "?";
}
