/*
 * AFFINITY_INFO (DEN 0022 5.1.5, 5.6).
 * Aim: state reporting at level 0, the handling of higher levels and invalid targets.
 * Expected:
 *  - the caller is ON (0); every other core, never started, is OFF (1);
 *  - a core sitting in CPU_SUSPEND is ON (a suspended core is ON, tf-issues #286);
 *  - level 1 on the caller's cluster with garbage Aff0 is ON, on a cluster whose cores are
 *    all off it is OFF; from 1.0 INVALID_PARAMETERS is allowed for any level > 0 (levels
 *    above the core are optional since 1.0, TF-A PR #346); levels 2 and 3 likewise (ON or
 *    INVALID_PARAMETERS);
 *  - level 4 (there is no such affinity level) and a non-existent MPIDR are
 *    INVALID_PARAMETERS.
 */
#include "suite.h"

void t_affinity_info(void)
{
    uint64_t self = sw_mpidr();
    sw_check_ret("affinity_info.self_on", psci_affinity_info(self, 0), PSCI_AFF_ON);
    for (unsigned i = 0; i < S.nsec; i++) {
        uint64_t m = mpidr_of(S.sec[i]);
        sw_check_ret(nm("affinity_info.never_started_off.mpidr_0x%lx", m), psci_affinity_info(m, 0),
                     PSCI_AFF_OFF);
    }
    sw_check_ret("affinity_info.absent_mpidr", psci_affinity_info(sw_mpidr_make(0xFE, 0xFE), 0),
                 PSCI_INVALID_PARAMETERS);
    sw_check_ret("affinity_info.level4_invalid", psci_affinity_info(self, 4),
                 PSCI_INVALID_PARAMETERS);

    const int64_t on_or_inval[] = {PSCI_AFF_ON, PSCI_INVALID_PARAMETERS};
    const int64_t off_or_inval[] = {PSCI_AFF_OFF, PSCI_INVALID_PARAMETERS};
    sw_check_ret_any("affinity_info.level1_own_cluster",
                     psci_affinity_info((self & ~0xFFull) | 0xE1, 1), on_or_inval, 2);
    sw_check_ret_any("affinity_info.level2", psci_affinity_info((self & ~0xFFFFull) | 0xABE1, 2),
                     on_or_inval, 2);
    sw_check_ret_any("affinity_info.level3",
                     psci_affinity_info((self & ~0xFFFFFFull) | 0xD2ABE1, 3), on_or_inval, 2);
    int other = other_cluster_core();
    if (other < 0)
        sw_skip("affinity_info.level1_other_cluster_off", "no second cluster");
    else
        sw_check_ret_any("affinity_info.level1_other_cluster_off",
                         psci_affinity_info((mpidr_of((unsigned)other) & ~0xFFull) | 0xE1, 1),
                         off_or_inval, 2);

    if (!need_cores("affinity_info.suspended_core_on", 2)) return;
    unsigned t = S.sec[0];
    int32_t r = start_sleeper(t, sw_pstate_core_standby());
    if (r != PSCI_SUCCESS) {
        sw_fail("affinity_info.suspended_core_on", "could not start core %u: %s", t,
                psci_ret_name(r));
        return;
    }
    sw_delay_us(1000);
    sw_check_ret("affinity_info.suspended_core_on", psci_affinity_info(mpidr_of(t), 0),
                 PSCI_AFF_ON);
    sw_check("affinity_info.suspended_core_released", release_sleeper(t),
             "core %u did not return from standby on SGI %u and power off", t, SGI_WAKE);
}
