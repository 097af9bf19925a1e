/*
 * CPU_DEFAULT_SUSPEND (DEN 0022 5.16).
 * Aim: the firmware-chosen suspend behaves like a valid CPU_SUSPEND.
 * Expected (when advertised): with a timer wake-up, SUCCESS at the call site or a resume
 * at the entry point with x0 = context_id; with an SGI pending it returns promptly.
 * Not advertised: called with an SGI pending (so that even an implementation that has it
 * returns at once), it must answer NOT_SUPPORTED.
 */
#include "suite.h"

void t_cpu_default_suspend(void)
{
    bool resumed;
    if (!advertised(PSCI_CPU_DEFAULT_SUSPEND64)) {
        if (!known_absent(PSCI_CPU_DEFAULT_SUSPEND64)) {
            sw_skip("cpu_default_suspend.*", "no PSCI_FEATURES");
            return;
        }
        sw_pend_self_sgi(SGI_SELF_PEND);
        int64_t r = sw_psci_cpu_default_suspend((uintptr_t)sw_resume_entry, 0xDEF0, &resumed);
        sw_clear_self_sgi(SGI_SELF_PEND);
        sw_check("cpu_default_suspend.not_advertised", !resumed && r == PSCI_NOT_SUPPORTED,
                 "got %ld%s expected -1 (NOT_SUPPORTED)", r, resumed ? " (resumed)" : "");
        return;
    }
    uint64_t ctx = 0xDEF00001ull;
    sw_irq_mask();
    sw_gic_enable(SW_VTIMER_PPI);
    sw_vtimer_arm_us(3000);
    int64_t r = sw_psci_cpu_default_suspend((uintptr_t)sw_resume_entry, ctx, &resumed);
    sw_vtimer_disable();
    sw_gic_clear_pending(SW_VTIMER_PPI);
    sw_gic_drain();
    check_suspend_ok("cpu_default_suspend.timer_wake", r, resumed, ctx);
    if (resumed) check_entry_state("cpu_default_suspend.entry", S.lead, ctx);
    ctx = 0xDEF00002ull;
    sw_pend_self_sgi(SGI_SELF_PEND);
    uint64_t t0 = sw_cntvct();
    r = sw_psci_cpu_default_suspend((uintptr_t)sw_resume_entry, ctx, &resumed);
    uint64_t us = sw_ticks_to_us(sw_cntvct() - t0);
    sw_clear_self_sgi(SGI_SELF_PEND);
    if (check_suspend_ok("cpu_default_suspend.pending_irq_returns", r, resumed, ctx))
        sw_check("cpu_default_suspend.pending_irq_returns.promptly", us < 500000,
                 "took %lu us with an SGI pending", us);
}
