/*
 * PSCI_SET_SUSPEND_MODE and OS-initiated CPU_SUSPEND (DEN 0022 5.20, 4.2.3, 5.4.4).
 * Aim: mode switching follows its preconditions and OSI requests are obeyed or refused
 * exactly as the specification says ("last at level" in StateID bits [15:12]).
 * Runs before any other CPU_SUSPEND of the suite (see main.c).
 * Expected (only when PSCI_FEATURES(CPU_SUSPEND) bit 0 advertises OSI; otherwise
 * SET_SUSPEND_MODE is NOT_SUPPORTED):
 *  - mode 2 INVALID_PARAMETERS; PC->PC SUCCESS; PC->OSI with only the lead ON SUCCESS;
 *  - OSI, lead alone: core off (last at 0), cluster off (last at 1), system off (last at 2)
 *    with a timer wake-up succeed (SUCCESS or resume with context_id);
 *  - OSI, "last at level" 3 on a platform whose top level is 2: INVALID_PARAMETERS;
 *  - OSI with a sibling core running: cluster off, or core off claiming last at level 1,
 *    are DENIED; with a core of another cluster running, system off is DENIED and cluster
 *    off of the lead's own cluster succeeds (TF-A Tests / RF-A OSI tests);
 *  - OSI->PC while another core is ON: DENIED; with only the lead ON: SUCCESS.
 */
#include "suite.h"

#define SLEEP_US 3000

static uint32_t osi_state(unsigned level, unsigned last)
{
    static const uint32_t ids[] = {SW_STATEID_CORE_OFF, SW_STATEID_CLUSTER_OFF,
                                   SW_STATEID_SYSTEM_OFF};
    return sw_pstate_make_osi(level, true, ids[level], last);
}

static void timer_case(const char *name, uint32_t ps)
{
    struct sw_suspend_result res;
    uint64_t ctx = 0x051A0000ull | (ps & 0xFFFF);
    sw_suspend_timer(ps, SLEEP_US, ctx, &res);
    check_suspend_ok(name, res.ret, res.resumed, ctx);
}

/* A request that must be refused. Not made with an SGI pending: an implementation may
 * check for a pending interrupt (and return SUCCESS) before it validates the OSI request
 * (TF-A does, psci.md 5.4). A timer wake-up bounds the sleep if it is wrongly accepted. */
static void refused_case(const char *name, uint32_t ps, int64_t expected)
{
    struct sw_suspend_result res;
    sw_suspend_timer(ps, 2000, 0x05DE0000ull | (ps & 0xFFFF), &res);
    if (res.resumed)
        sw_fail(name, "power_state 0x%08x accepted (resumed) expected %ld (%s)", ps, expected,
                psci_ret_name(expected));
    else
        sw_check(name, res.ret == expected, "power_state 0x%08x: got %ld (%s) expected %ld (%s)",
                 ps, res.ret, psci_ret_name(res.ret), expected, psci_ret_name(expected));
}

void t_set_suspend_mode(void)
{
    if (!S.osi) {
        if (S.has_features)
            sw_check_ret("set_suspend_mode.not_advertised_without_osi",
                         psci_features(PSCI_SET_SUSPEND_MODE), PSCI_NOT_SUPPORTED);
        sw_check_ret("set_suspend_mode.not_supported_without_osi", psci_set_suspend_mode(0),
                     PSCI_NOT_SUPPORTED);
        sw_skip("osi.*", "OS-initiated mode not advertised (PSCI_FEATURES(CPU_SUSPEND) = %d)",
                S.suspend_flags);
        return;
    }
    sw_check("set_suspend_mode.advertised_with_osi", advertised(PSCI_SET_SUSPEND_MODE),
             "PSCI_FEATURES(CPU_SUSPEND) bit 0 set but SET_SUSPEND_MODE not advertised");
    sw_check_ret("set_suspend_mode.invalid_mode", psci_set_suspend_mode(2),
                 PSCI_INVALID_PARAMETERS);
    sw_check_ret("set_suspend_mode.pc_to_pc", psci_set_suspend_mode(0), PSCI_SUCCESS);
    if (!sw_check_ret("set_suspend_mode.pc_to_osi_lead_only", psci_set_suspend_mode(1),
                      PSCI_SUCCESS))
        return;

    timer_case("osi.core_off_last_at_0", osi_state(0, 0));
    timer_case("osi.cluster_off_last_at_1", osi_state(1, 1));
    timer_case("osi.system_off_last_at_2", osi_state(2, 2));
    refused_case("osi.last_level_beyond_platform", osi_state(0, 3), PSCI_INVALID_PARAMETERS);

    int sib = same_cluster_core();
    if (sib < 0) {
        sw_skip("osi.denied_with_sibling_running", "no other core in the lead's cluster");
    } else if (park_core((unsigned)sib) == PSCI_SUCCESS) {
        refused_case("osi.denied_with_sibling_running.cluster_off", osi_state(1, 1), PSCI_DENIED);
        refused_case("osi.denied_with_sibling_running.core_off_claims_last_at_1", osi_state(0, 1),
                     PSCI_DENIED);
        sw_check_ret("set_suspend_mode.osi_to_pc_denied_while_core_on", psci_set_suspend_mode(0),
                     PSCI_DENIED);
        if (!unpark_core((unsigned)sib)) S.lost[sib] = true;
    } else {
        sw_fail("osi.denied_with_sibling_running", "could not start core %d", sib);
    }

    int far = other_cluster_core();
    if (far < 0) {
        sw_skip("osi.other_cluster_running", "no second cluster");
    } else if (park_core((unsigned)far) == PSCI_SUCCESS) {
        refused_case("osi.other_cluster_running.system_off_denied", osi_state(2, 2), PSCI_DENIED);
        timer_case("osi.other_cluster_running.own_cluster_off", osi_state(1, 1));
        if (!unpark_core((unsigned)far)) S.lost[far] = true;
    } else {
        sw_fail("osi.other_cluster_running", "could not start core %d", far);
    }
    suite_refresh_secondaries();
    sw_check_ret("set_suspend_mode.osi_to_pc_lead_only", psci_set_suspend_mode(0), PSCI_SUCCESS);
}
