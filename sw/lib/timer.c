#include "sw/timer.h"

#include "sw/gic.h"

uint64_t sw_us_to_ticks(uint64_t us)
{
    uint64_t f = sw_cntfrq();
    return us * (f / 1000000u) + us * (f % 1000000u) / 1000000u;
}

uint64_t sw_ticks_to_us(uint64_t ticks)
{
    uint64_t f = sw_cntfrq();
    if (!f) return 0;
    return ticks / f * 1000000u + ticks % f * 1000000u / f;
}

/* CNTV_CTL_EL0: ENABLE bit0, IMASK bit1, ISTATUS bit2 (DDI 0487 D11.2.4). */
void sw_vtimer_arm_at(uint64_t deadline)
{
    sw_write_sysreg(cntv_ctl_el0, 0);
    sw_write_sysreg(cntv_cval_el0, deadline);
    sw_write_sysreg(cntv_ctl_el0, 1);
    sw_isb();
}

void sw_vtimer_arm_us(uint64_t us)
{
    sw_vtimer_arm_at(sw_cntvct() + sw_us_to_ticks(us));
}

void sw_vtimer_disable(void)
{
    sw_write_sysreg(cntv_ctl_el0, 0);
    sw_isb();
}

bool sw_vtimer_fired(void)
{
    return (sw_read_sysreg(cntv_ctl_el0) & 4u) != 0;
}

void sw_ptimer_arm_us(uint64_t us)
{
    sw_write_sysreg(cntp_ctl_el0, 0);
    sw_write_sysreg(cntp_cval_el0, sw_cntpct() + sw_us_to_ticks(us));
    sw_write_sysreg(cntp_ctl_el0, 1);
    sw_isb();
}

void sw_ptimer_disable(void)
{
    sw_write_sysreg(cntp_ctl_el0, 0);
    sw_isb();
}

/* Sleeps in WFI on the virtual timer rather than spinning, so that a delay costs no work
 * on a simulator that stops idle cores. IRQs are masked meanwhile: WFI still wakes on the
 * pending timer interrupt (DDI 0487 D1.16.2), which is then cleared. */
void sw_delay_us(uint64_t us)
{
    uint64_t daif = sw_daif();
    uint64_t end = sw_deadline_us(us);
    sw_irq_mask();
    sw_gic_enable(SW_VTIMER_PPI);
    sw_vtimer_arm_at(end);
    while (!sw_expired(end))
        sw_wfi();
    sw_vtimer_disable();
    sw_gic_clear_pending(SW_VTIMER_PPI);
    sw_write_sysreg(daif, daif);
}
