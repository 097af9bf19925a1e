/*
 * psci_names.c - names for logs and reports, in the words of DEN 0022 / DEN 0028.
 */
#include "psci_private.h"

static const char *const fn_names[PSCI_FN_COUNT] = {
    [PSCI_FN_PSCI_VERSION] = "PSCI_VERSION",
    [PSCI_FN_CPU_SUSPEND] = "CPU_SUSPEND",
    [PSCI_FN_CPU_OFF] = "CPU_OFF",
    [PSCI_FN_CPU_ON] = "CPU_ON",
    [PSCI_FN_AFFINITY_INFO] = "AFFINITY_INFO",
    [PSCI_FN_MIGRATE] = "MIGRATE",
    [PSCI_FN_MIGRATE_INFO_TYPE] = "MIGRATE_INFO_TYPE",
    [PSCI_FN_MIGRATE_INFO_UP_CPU] = "MIGRATE_INFO_UP_CPU",
    [PSCI_FN_SYSTEM_OFF] = "SYSTEM_OFF",
    [PSCI_FN_SYSTEM_RESET] = "SYSTEM_RESET",
    [PSCI_FN_PSCI_FEATURES] = "PSCI_FEATURES",
    [PSCI_FN_CPU_FREEZE] = "CPU_FREEZE",
    [PSCI_FN_CPU_DEFAULT_SUSPEND] = "CPU_DEFAULT_SUSPEND",
    [PSCI_FN_NODE_HW_STATE] = "NODE_HW_STATE",
    [PSCI_FN_SYSTEM_SUSPEND] = "SYSTEM_SUSPEND",
    [PSCI_FN_PSCI_SET_SUSPEND_MODE] = "PSCI_SET_SUSPEND_MODE",
    [PSCI_FN_PSCI_STAT_RESIDENCY] = "PSCI_STAT_RESIDENCY",
    [PSCI_FN_PSCI_STAT_COUNT] = "PSCI_STAT_COUNT",
    [PSCI_FN_SYSTEM_RESET2] = "SYSTEM_RESET2",
    [PSCI_FN_MEM_PROTECT] = "MEM_PROTECT",
    [PSCI_FN_MEM_PROTECT_CHECK_RANGE] = "MEM_PROTECT_CHECK_RANGE",
    [PSCI_FN_SYSTEM_OFF2] = "SYSTEM_OFF2",
};

static const char *const fn64_names[PSCI_FN_COUNT] = {
    [PSCI_FN_CPU_SUSPEND] = "CPU_SUSPEND64",
    [PSCI_FN_CPU_ON] = "CPU_ON64",
    [PSCI_FN_AFFINITY_INFO] = "AFFINITY_INFO64",
    [PSCI_FN_MIGRATE] = "MIGRATE64",
    [PSCI_FN_MIGRATE_INFO_UP_CPU] = "MIGRATE_INFO_UP_CPU64",
    [PSCI_FN_CPU_DEFAULT_SUSPEND] = "CPU_DEFAULT_SUSPEND64",
    [PSCI_FN_NODE_HW_STATE] = "NODE_HW_STATE64",
    [PSCI_FN_SYSTEM_SUSPEND] = "SYSTEM_SUSPEND64",
    [PSCI_FN_PSCI_STAT_RESIDENCY] = "PSCI_STAT_RESIDENCY64",
    [PSCI_FN_PSCI_STAT_COUNT] = "PSCI_STAT_COUNT64",
    [PSCI_FN_SYSTEM_RESET2] = "SYSTEM_RESET2_64",
    [PSCI_FN_MEM_PROTECT_CHECK_RANGE] = "MEM_PROTECT_CHECK_RANGE64",
    [PSCI_FN_SYSTEM_OFF2] = "SYSTEM_OFF2_64",
};

const char *psci_function_name(uint32_t fid)
{
    if (fid == SMCCC_VERSION_FID) return "SMCCC_VERSION";
    if (fid == SMCCC_ARCH_FEATURES_FID) return "SMCCC_ARCH_FEATURES";
    const char *name = NULL;
    if ((fid & ~(PSCI_FN_COUNT - 1)) == PSCI_FN_BASE32)
        name = fn_names[fid & (PSCI_FN_COUNT - 1)];
    else if ((fid & ~(PSCI_FN_COUNT - 1)) == PSCI_FN_BASE64)
        name = fn64_names[fid & (PSCI_FN_COUNT - 1)];
    return name ? name : "UNKNOWN";
}

const char *psci_return_name(int32_t ret)
{
    switch (ret) {
    case PSCI_RET_SUCCESS: return "SUCCESS";
    case PSCI_RET_NOT_SUPPORTED: return "NOT_SUPPORTED";
    case PSCI_RET_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
    case PSCI_RET_DENIED: return "DENIED";
    case PSCI_RET_ALREADY_ON: return "ALREADY_ON";
    case PSCI_RET_ON_PENDING: return "ON_PENDING";
    case PSCI_RET_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
    case PSCI_RET_NOT_PRESENT: return "NOT_PRESENT";
    case PSCI_RET_DISABLED: return "DISABLED";
    case PSCI_RET_INVALID_ADDRESS: return "INVALID_ADDRESS";
    default: return "UNKNOWN";
    }
}

const char *psci_action_name(enum psci_action action)
{
    switch (action) {
    case PSCI_ACTION_RETURN: return "RETURN";
    case PSCI_ACTION_CPU_OFF: return "CPU_OFF";
    case PSCI_ACTION_SUSPEND_STANDBY: return "SUSPEND_STANDBY";
    case PSCI_ACTION_SUSPEND_POWERDOWN: return "SUSPEND_POWERDOWN";
    case PSCI_ACTION_FROZEN: return "FROZEN";
    case PSCI_ACTION_SYSTEM_OFF: return "SYSTEM_OFF";
    case PSCI_ACTION_SYSTEM_OFF2: return "SYSTEM_OFF2";
    case PSCI_ACTION_SYSTEM_RESET: return "SYSTEM_RESET";
    case PSCI_ACTION_SYSTEM_RESET_WARM: return "SYSTEM_RESET_WARM";
    case PSCI_ACTION_SYSTEM_RESET_VENDOR: return "SYSTEM_RESET_VENDOR";
    }
    return "UNKNOWN";
}

const char *psci_core_state_name(enum psci_core_state state)
{
    switch (state) {
    case PSCI_CORE_OFF: return "OFF";
    case PSCI_CORE_ON_PENDING: return "ON_PENDING";
    case PSCI_CORE_ON: return "ON";
    case PSCI_CORE_SUSPENDED_STANDBY: return "SUSPENDED_STANDBY";
    case PSCI_CORE_SUSPENDED_POWERDOWN: return "SUSPENDED_POWERDOWN";
    case PSCI_CORE_OFF_PENDING: return "OFF_PENDING";
    case PSCI_CORE_FROZEN: return "FROZEN";
    }
    return "UNKNOWN";
}

const char *psci_local_state_name(psci_local_state_t state)
{
    switch (state) {
    case PSCI_LOCAL_RUN: return "RUN";
    case PSCI_LOCAL_RET: return "RET";
    case PSCI_LOCAL_OFF: return "OFF";
    default: return "UNKNOWN";
    }
}
