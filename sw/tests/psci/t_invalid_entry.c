/*
 * Invalid entry points (DEN 0022 5.6.2, 5.4.2, 5.19.2; INVALID_ADDRESS since 1.0).
 * Aim: an entry point that cannot be executed is refused instead of starting a core at it.
 * Expected: CPU_ON with a misaligned entry (image + 2) returns INVALID_ADDRESS (1.0+; 0.2
 * used INVALID_PARAMETERS). Only when that worked (the implementation validates entry
 * points) are the riskier cases made: CPU_ON at an address outside RAM (0), power-down
 * CPU_SUSPEND, CPU_DEFAULT_SUSPEND and SYSTEM_SUSPEND with a misaligned entry, each
 * expecting INVALID_ADDRESS. Run last: a core started at a bad address is lost.
 */
#include "suite.h"

void t_invalid_entry(void)
{
    int32_t expected = version_at_least(1, 0) ? PSCI_INVALID_ADDRESS : PSCI_INVALID_PARAMETERS;
    uintptr_t bad = (uintptr_t)sw_cpu_entry + 2;
    if (!need_cores("cpu_on.invalid_entry", 2)) return;
    unsigned t = S.sec[S.nsec - 1];
    int32_t r = psci_cpu_on(mpidr_of(t), bad, 0);
    S.validates_entry = r == expected;
    sw_check_ret("cpu_on.invalid_entry.misaligned", r, expected);
    if (r == PSCI_SUCCESS) {
        S.lost[t] = true; /* started at a misaligned PC */
        suite_refresh_secondaries();
    }
    if (!S.validates_entry) {
        sw_skip("invalid_entry.*", "entry points are not validated (see the check above); an "
                                   "unmapped entry would start a core at garbage");
        return;
    }
    t = S.sec[S.nsec - 1];
    r = psci_cpu_on(mpidr_of(t), 0, 0);
    sw_check_ret("cpu_on.invalid_entry.outside_ram", r, expected);
    if (r == PSCI_SUCCESS) S.lost[t] = true;
    bool resumed;
    sw_pend_self_sgi(SGI_SELF_PEND);
    int64_t s = sw_psci_cpu_suspend_entry(sw_pstate_core_off(), bad, 0, &resumed);
    sw_clear_self_sgi(SGI_SELF_PEND);
    sw_check_ret("cpu_suspend.invalid_entry.misaligned", s, expected);
    if (advertised(PSCI_CPU_DEFAULT_SUSPEND64)) {
        sw_pend_self_sgi(SGI_SELF_PEND);
        s = sw_psci_cpu_default_suspend(bad, 0, &resumed);
        sw_clear_self_sgi(SGI_SELF_PEND);
        sw_check_ret("cpu_default_suspend.invalid_entry.misaligned", s, expected);
    }
    if (advertised(PSCI_SYSTEM_SUSPEND64)) {
        suite_refresh_secondaries();
        sw_pend_self_sgi(SGI_SELF_PEND);
        s = sw_psci_system_suspend(bad, 0, &resumed);
        sw_clear_self_sgi(SGI_SELF_PEND);
        sw_check_ret("system_suspend.invalid_entry.misaligned", s, expected);
    }
}
