/*
 * SYSTEM_SUSPEND (DEN 0022 5.19).
 * Aim: the system-level suspend is refused while other cores are on and otherwise resumes
 * through the entry point like CPU_ON.
 * Expected (when SYSTEM_SUSPEND64 is advertised):
 *  - with another core running: DENIED (TF-A, KVM);
 *  - with every other core OFF and a timer wake-up: resume at the entry point with
 *    x0 = context_id and the CPU_ON entry state (or SUCCESS at the call site if the
 *    implementation abandoned it); "resumed_at_entry" is strict.
 * Not advertised: the call is not made (it could suspend the system).
 */
#include "suite.h"

#define SLEEP_US 5000

void t_system_suspend(void)
{
    if (!need_feature("system_suspend", PSCI_SYSTEM_SUSPEND64)) return;
    if (S.nsec && park_core(S.sec[0]) == PSCI_SUCCESS) {
        sw_pend_self_sgi(SGI_SELF_PEND);
        bool resumed;
        int64_t r = sw_psci_system_suspend((uintptr_t)sw_resume_entry, 0x5C5C0000ull, &resumed);
        sw_clear_self_sgi(SGI_SELF_PEND);
        if (resumed)
            sw_fail("system_suspend.denied_with_core_on", "suspended although core %u was on",
                    S.sec[0]);
        else
            sw_check_ret("system_suspend.denied_with_core_on", r, PSCI_DENIED);
        if (!unpark_core(S.sec[0])) S.lost[S.sec[0]] = true;
        suite_refresh_secondaries();
    } else {
        sw_skip("system_suspend.denied_with_core_on", "no second core");
    }
    uint64_t ctx = 0x5C5C0001ull;
    sw_irq_mask();
    sw_gic_enable(SW_VTIMER_PPI);
    uint64_t t0 = sw_cntvct();
    sw_vtimer_arm_us(SLEEP_US);
    bool resumed;
    int64_t r = sw_psci_system_suspend((uintptr_t)sw_resume_entry, ctx, &resumed);
    uint64_t t1 = sw_cntvct();
    sw_vtimer_disable();
    sw_gic_clear_pending(SW_VTIMER_PPI);
    sw_gic_drain();
    if (resumed) {
        /* The whole system was powered down: set the GIC up again as at boot. */
        sw_gic_init_dist();
        sw_gic_init_cpu();
    }
    if (!check_suspend_ok("system_suspend.timer_wake", r, resumed, ctx)) return;
    sw_check("system_suspend.resumed_at_entry", resumed,
             "returned SUCCESS at the call site (suspend abandoned)");
    if (resumed) check_entry_state("system_suspend.entry", S.lead, ctx);
    sw_printf("# system_suspend: round trip %lu us (timer %u us)\n", sw_ticks_to_us(t1 - t0),
              SLEEP_US);
}
