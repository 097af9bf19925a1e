/* GICv3 driver (IHI 0069): distributor and redistributors at the machine's addresses
 * (sw/platform.h; a core's redistributor is found by GICR_TYPER affinity, not by index),
 * CPU interface through ICC_* registers. */
#ifndef SW_GIC_H
#define SW_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/platform.h"

#define SW_GIC_SPURIOUS 1023u

typedef void (*sw_irq_handler)(unsigned intid);

void sw_gic_init_dist(void);
/* Per core: wake the redistributor (GICR_WAKER), make SGIs/PPIs group 1 with a middle
 * priority and disabled, enable the CPU interface. Returns false if no redistributor
 * matches this core's MPIDR. */
bool sw_gic_init_cpu(void);
/* CPU interface only (after a power-down resume, where the ICC_* state may be lost). */
void sw_gic_init_cpu_interface(void);
void sw_gic_enable(unsigned intid); /* SGI/PPI of this core (intid < 32) */
void sw_gic_disable(unsigned intid);
void sw_gic_clear_pending(unsigned intid);
bool sw_gic_is_pending(unsigned intid);
void sw_gic_send_sgi(unsigned intid, uint64_t target_mpidr);
unsigned sw_gic_ack(void);
void sw_gic_eoi(unsigned intid);
/* Acknowledge and complete every pending interrupt (used with IRQs masked). Returns how
 * many were drained. */
unsigned sw_gic_drain(void);
void sw_irq_register(unsigned intid, sw_irq_handler h);
uintptr_t sw_gic_redist_base(void);

#endif
