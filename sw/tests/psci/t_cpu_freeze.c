/*
 * CPU_FREEZE (DEN 0022 5.17).
 * Aim: a frozen core stays down until CPU_ON, whatever interrupts it receives.
 * Expected (when advertised; per psci.md 3.9, spec text to be confirmed): the call does
 * not return; AFFINITY_INFO reports the core OFF; an SGI sent to it does not make it run;
 * CPU_ON brings it back (SUCCESS, and it runs the new function).
 * Not advertised: not called (it would freeze the calling core if implemented).
 */
#include "suite.h"

static int64_t freeze_fn(uint64_t arg)
{
    (void)arg;
    struct sw_mailbox *mb = &sw_mailboxes[sw_core_index()];
    sw_gic_enable(SGI_FREEZE);
    mb->state = 1;
    sw_dsb();
    int32_t r = psci_cpu_freeze();
    mb->data[0] = (uint64_t)(int64_t)r;
    mb->state = 3; /* returned: a failure unless the call was refused */
    return r;
}

static int64_t alive_fn(uint64_t arg)
{
    (void)arg;
    sw_mailboxes[sw_core_index()].data[1] = 0xA11FE;
    return 0;
}

void t_cpu_freeze(void)
{
    if (!need_feature("cpu_freeze", PSCI_CPU_FREEZE) || !need_cores("cpu_freeze", 2)) return;
    unsigned t = S.sec[0];
    uint64_t m = mpidr_of(t);
    struct sw_mailbox *mb = &sw_mailboxes[t];
    mb->state = 0;
    mb->data[1] = 0;
    if (!sw_check_ret("cpu_freeze.cpu_on", sw_cpu_run(t, freeze_fn, 0), PSCI_SUCCESS)) return;
    uint64_t end = sw_deadline_us(WAIT_LONG_US);
    while (mb->state == 0 && !sw_expired(end))
        sw_cpu_relax();
    sw_delay_us(2000);
    if (!sw_check("cpu_freeze.does_not_return", mb->state == 1, "returned %ld",
                  (int64_t)mb->data[0]))
        return;
    sw_check("cpu_freeze.affinity_info_off", sw_cpu_wait_off(t, WAIT_SHORT_US),
             "AFFINITY_INFO reports %d", psci_affinity_info(m, 0));
    sw_gic_send_sgi(SGI_FREEZE, m);
    sw_delay_us(2000);
    sw_check("cpu_freeze.interrupt_does_not_wake", mb->state == 1,
             "core ran again after an SGI (state %u)", mb->state);
    int32_t r = sw_cpu_run(t, alive_fn, 0);
    bool ran = r == PSCI_SUCCESS && sw_cpu_wait_done(t, WAIT_LONG_US) && mb->data[1] == 0xA11FE;
    sw_check("cpu_freeze.cpu_on_recovers", ran, "CPU_ON returned %d (%s)%s", r, psci_ret_name(r),
             r == PSCI_SUCCESS ? ", core did not run" : "");
    if (!sw_cpu_wait_off(t, WAIT_LONG_US)) S.lost[t] = true;
    suite_refresh_secondaries();
}
