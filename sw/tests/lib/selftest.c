/*
 * Self-test of the guest runtime (sw/lib), independent of PSCI beyond CPU_ON/CPU_OFF.
 * Aim: the pieces the PSCI suite and benchmarks rely on work on the platform under test:
 * formatted output, the generic timer, interrupt delivery through the GICv3 (virtual
 * timer PPI 27 and SGIs, taken as IRQ exceptions and returned from), SGIs between cores,
 * the spinlock and the barrier.
 * Expected: every check passes; the run ends with SYSTEM_OFF (exit status 0).
 */
#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"
#include "sw/gic.h"
#include "sw/psci.h"
#include "sw/semihost.h"
#include "sw/smp.h"
#include "sw/spinlock.h"
#include "sw/timer.h"

#define SGI_TEST 5

static volatile uint32_t irq_count[SW_MAX_CPUS][32];
static sw_spinlock_t lock;
static volatile uint64_t shared_counter;
static struct sw_barrier barrier;

static void count_irq(unsigned intid)
{
    irq_count[sw_core_index()][intid & 31]++;
    if (intid == SW_VTIMER_PPI) sw_vtimer_disable();
}

static void check_printf(void)
{
    char b[64];
    sw_snprintf(b, sizeof b, "%d|%5u|%-4x|%08lx|%s|%c|%%", -42, 7u, 0xabu, 0x1234ul, "ok", 'z');
    sw_check("lib.printf.formats", strcmp(b, "-42|    7|ab  |00001234|ok|z|%") == 0, "got \"%s\"",
             b);
    sw_snprintf(b, sizeof b, "%ld %lu", (int64_t)INT64_MIN, (uint64_t)UINT64_MAX);
    sw_check("lib.printf.extremes", strcmp(b, "-9223372036854775808 18446744073709551615") == 0,
             "got \"%s\"", b);
    int n = sw_snprintf(b, 4, "abcdef");
    sw_check("lib.printf.truncates", n == 6 && strcmp(b, "abc") == 0, "got %d \"%s\"", n, b);
}

static void check_timer(void)
{
    sw_check("lib.timer.cntfrq_set", sw_cntfrq() != 0, "CNTFRQ_EL0 is 0");
    uint64_t a = sw_cntvct(), b = sw_cntvct();
    sw_check("lib.timer.cntvct_monotonic", b >= a, "%lu then %lu", a, b);
    uint64_t t0 = sw_cntvct();
    sw_delay_us(1000);
    uint64_t us = sw_ticks_to_us(sw_cntvct() - t0);
    sw_check("lib.timer.delay_1ms", us >= 1000 && us < 1000000, "took %lu us", us);
    sw_check("lib.timer.us_ticks_roundtrip", sw_ticks_to_us(sw_us_to_ticks(123456)) == 123456,
             "123456 us -> %lu", sw_ticks_to_us(sw_us_to_ticks(123456)));
}

static bool wait_irq(unsigned intid, uint32_t before)
{
    uint64_t end = sw_deadline_us(100000);
    while (irq_count[sw_core_index()][intid] == before && !sw_expired(end))
        sw_cpu_relax();
    return irq_count[sw_core_index()][intid] != before;
}

static void check_irqs(void)
{
    unsigned me = sw_core_index();
    sw_irq_register(SW_VTIMER_PPI, count_irq);
    sw_irq_register(SGI_TEST, count_irq);
    sw_gic_enable(SW_VTIMER_PPI);
    sw_gic_enable(SGI_TEST);
    uint32_t before = irq_count[me][SW_VTIMER_PPI];
    sw_vtimer_arm_us(500);
    sw_irq_unmask();
    sw_check("lib.irq.vtimer_ppi27", wait_irq(SW_VTIMER_PPI, before), "no IRQ %u within 100 ms",
             SW_VTIMER_PPI);
    before = irq_count[me][SGI_TEST];
    sw_gic_send_sgi(SGI_TEST, sw_mpidr());
    sw_check("lib.irq.sgi_to_self", wait_irq(SGI_TEST, before), "no SGI %u within 100 ms",
             SGI_TEST);
    sw_irq_mask();
    /* Masked: the SGI stays pending (ISR_EL1.I) until acknowledged by hand. */
    sw_gic_send_sgi(SGI_TEST, sw_mpidr());
    uint64_t end = sw_deadline_us(100000);
    while (!sw_irq_pending() && !sw_expired(end))
        ;
    sw_check("lib.irq.masked_pending_visible", sw_irq_pending(), "ISR_EL1.I never set");
    sw_check("lib.irq.ack_by_hand", sw_gic_ack() == SGI_TEST, "IAR did not return SGI %u",
             SGI_TEST);
    sw_gic_eoi(SGI_TEST);
    sw_check("lib.irq.nothing_left", sw_gic_ack() == SW_GIC_SPURIOUS, "another IRQ pending");
}

static int64_t secondary_fn(uint64_t iterations)
{
    unsigned me = sw_core_index();
    sw_irq_register(SGI_TEST, count_irq);
    sw_gic_enable(SGI_TEST);
    sw_irq_unmask();
    sw_mailboxes[me].state = 1;
    sw_barrier_wait(&barrier, sw_topo.ncpus);
    for (uint64_t i = 0; i < iterations; i++) {
        sw_spin_lock(&lock);
        shared_counter++;
        sw_spin_unlock(&lock);
    }
    sw_barrier_wait(&barrier, sw_topo.ncpus);
    /* Wait for the lead's SGI. */
    uint64_t end = sw_deadline_us(1000000);
    while (!irq_count[me][SGI_TEST] && !sw_expired(end))
        sw_cpu_relax();
    sw_irq_mask();
    return irq_count[me][SGI_TEST] ? 0 : 1;
}

static void check_smp(void)
{
    if (sw_topo.ncpus < 2) {
        sw_skip("lib.smp.*", "single core");
        return;
    }
    const uint64_t n = 2000;
    for (unsigned i = 0; i < sw_topo.ncpus; i++)
        if (sw_topo.index[i] != sw_topo.boot_index) sw_cpu_run(sw_topo.index[i], secondary_fn, n);
    sw_barrier_wait(&barrier, sw_topo.ncpus);
    for (uint64_t i = 0; i < n; i++) {
        sw_spin_lock(&lock);
        shared_counter++;
        sw_spin_unlock(&lock);
    }
    sw_barrier_wait(&barrier, sw_topo.ncpus);
    sw_check("lib.smp.spinlock_counter", shared_counter == n * sw_topo.ncpus,
             "got %lu expected %lu", shared_counter, n * sw_topo.ncpus);
    unsigned missed = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx == sw_topo.boot_index) continue;
        sw_gic_send_sgi(SGI_TEST, sw_topo.mpidr[i]);
        if (!sw_cpu_wait_done(idx, 2000000) || sw_mailboxes[idx].result != 0) missed++;
        sw_cpu_wait_off(idx, 2000000);
    }
    sw_check("lib.smp.sgi_to_each_core", missed == 0, "%u core(s) did not take the SGI", missed);
}

int main(void)
{
    sw_topology_discover();
    sw_printf("# runtime self-test at EL%u over %s, %u core(s)\n", sw_current_el(), SW_CONDUIT_NAME,
              sw_topo.ncpus);
    check_printf();
    check_timer();
    check_irqs();
    check_smp();
    int rc = sw_check_summary();
    if (rc) return rc;
    psci_system_off();
    return 1;
}
