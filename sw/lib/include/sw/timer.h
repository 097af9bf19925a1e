/* Generic timer (DDI 0487 D11): counter frequency, virtual/physical counts and the
 * EL1 virtual timer (PPI 27) used as the wake-up source of suspend tests. */
#ifndef SW_TIMER_H
#define SW_TIMER_H

#include "sw/arch.h"

#define SW_VTIMER_PPI 27
#define SW_PTIMER_PPI 30

static inline uint64_t sw_cntfrq(void)
{
    return sw_read_sysreg(cntfrq_el0);
}
static inline uint64_t sw_cntvct(void)
{
    sw_isb();
    return sw_read_sysreg(cntvct_el0);
}
static inline uint64_t sw_cntpct(void)
{
    sw_isb();
    return sw_read_sysreg(cntpct_el0);
}
uint64_t sw_us_to_ticks(uint64_t us);
uint64_t sw_ticks_to_us(uint64_t ticks);
/* Virtual timer: fire (level, PPI 27) when CNTVCT >= deadline. */
void sw_vtimer_arm_at(uint64_t deadline);
void sw_vtimer_arm_us(uint64_t us);
void sw_vtimer_disable(void);
bool sw_vtimer_fired(void);
/* Physical timer (PPI 30), same semantics. */
void sw_ptimer_arm_us(uint64_t us);
void sw_ptimer_disable(void);
void sw_delay_us(uint64_t us);
/* Deadline helpers for bounded polling. */
static inline uint64_t sw_deadline_us(uint64_t us)
{
    return sw_cntvct() + sw_us_to_ticks(us);
}
static inline bool sw_expired(uint64_t deadline)
{
    return sw_cntvct() >= deadline;
}

#endif
