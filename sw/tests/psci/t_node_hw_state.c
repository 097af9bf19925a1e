/*
 * NODE_HW_STATE (DEN 0022 5.18).
 * Aim: the hardware view of a power node, which differs from AFFINITY_INFO for suspended
 * cores (psci.md 3.11).
 * Expected (when advertised; otherwise NOT_SUPPORTED):
 *  - the caller at level 0 and its cluster at level 1: HW_ON;
 *  - a core that is OFF: HW_OFF;
 *  - a core in core standby: HW_STANDBY; a core in core power-down: HW_OFF while
 *    AFFINITY_INFO still says ON;
 *  - a non-existent MPIDR or power level 4: INVALID_PARAMETERS.
 */
#include "suite.h"

static int32_t poll_hw(uint64_t mpidr, unsigned level, int32_t want)
{
    uint64_t end = sw_deadline_us(WAIT_SHORT_US);
    int32_t r;
    while ((r = psci_node_hw_state(mpidr, level)) != want && !sw_expired(end))
        sw_cpu_relax();
    return r;
}

static void suspended(const char *name, uint32_t ps, int32_t want)
{
    unsigned t = S.sec[0];
    if (start_sleeper(t, ps) != PSCI_SUCCESS) {
        sw_fail(name, "could not start core %u", t);
        return;
    }
    sw_check_ret(name, poll_hw(mpidr_of(t), 0, want), want);
    if (want == PSCI_HW_OFF)
        sw_check_ret(nm("%s.affinity_info_on", name), psci_affinity_info(mpidr_of(t), 0),
                     PSCI_AFF_ON);
    if (!release_sleeper(t)) {
        sw_fail(nm("%s.release", name), "core %u did not wake and power off", t);
        S.lost[t] = true;
    }
}

void t_node_hw_state(void)
{
    uint64_t self = sw_mpidr();
    if (!advertised(PSCI_NODE_HW_STATE64)) {
        if (known_absent(PSCI_NODE_HW_STATE64))
            sw_check_ret("node_hw_state.not_advertised", psci_node_hw_state(self, 0),
                         PSCI_NOT_SUPPORTED);
        sw_skip("node_hw_state.*", "NODE_HW_STATE not advertised");
        return;
    }
    sw_check_ret("node_hw_state.self_on", psci_node_hw_state(self, 0), PSCI_HW_ON);
    sw_check_ret("node_hw_state.own_cluster_on", psci_node_hw_state(self, 1), PSCI_HW_ON);
    sw_check_ret("node_hw_state.invalid_mpidr", psci_node_hw_state(sw_mpidr_make(0xFE, 0xFE), 0),
                 PSCI_INVALID_PARAMETERS);
    sw_check_ret("node_hw_state.invalid_level", psci_node_hw_state(self, 4),
                 PSCI_INVALID_PARAMETERS);
    if (!need_cores("node_hw_state.other_cores", 2)) return;
    sw_check_ret("node_hw_state.off_core", poll_hw(mpidr_of(S.sec[0]), 0, PSCI_HW_OFF),
                 PSCI_HW_OFF);
    suspended("node_hw_state.core_standby", sw_pstate_core_standby(), PSCI_HW_STANDBY);
    suspended("node_hw_state.core_powerdown", sw_pstate_core_off(), PSCI_HW_OFF);
    int far = other_cluster_core();
    if (far < 0)
        sw_skip("node_hw_state.other_cluster_off", "no second cluster");
    else
        sw_check_ret("node_hw_state.other_cluster_off",
                     poll_hw(mpidr_of((unsigned)far), 1, PSCI_HW_OFF), PSCI_HW_OFF);
    suite_refresh_secondaries();
}
