/*
 * psci_names.c - names for logs and reports, in the words of DEN 0022 / DEN 0028. Function
 * names come from the function metadata (psci_functions.c).
 */
#include "psci_private.h"

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
