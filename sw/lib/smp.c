#include "sw/smp.h"

#include "sw/console.h"
#include "sw/gic.h"
#include "sw/psci.h"
#include "sw/semihost.h"
#include "sw/spinlock.h"
#include "sw/timer.h"

volatile struct sw_entry_record sw_entry_records[SW_MAX_CPUS];
struct sw_resume_ctx sw_resume_ctx[SW_MAX_CPUS];
struct sw_mailbox sw_mailboxes[SW_MAX_CPUS];
struct sw_topology sw_topo;
uint64_t sw_boot_dtb;
unsigned sw_boot_el;

unsigned sw_topology_discover(void)
{
    struct sw_topology *t = &sw_topo;
    memset(t, 0, sizeof *t);
    t->boot_mpidr = sw_mpidr();
    t->boot_index = sw_core_index();
    for (unsigned a1 = 0; a1 < SW_MAX_CLUSTERS; a1++) {
        unsigned in_cluster = 0;
        for (unsigned a0 = 0; a0 < SW_MAX_CORES_PER_CLUSTER; a0++) {
            uint64_t m = sw_mpidr_make(a1, a0);
            int32_t r = m == t->boot_mpidr ? PSCI_AFF_ON : psci_affinity_info(m, 0);
            if (r != PSCI_AFF_ON && r != PSCI_AFF_OFF && r != PSCI_AFF_ON_PENDING) continue;
            t->mpidr[t->ncpus] = m;
            t->index[t->ncpus] = (unsigned)sw_core_index_of(m);
            t->ncpus++;
            in_cluster++;
        }
        if (in_cluster) {
            t->cluster_aff1[t->nclusters] = a1;
            t->cluster_ncores[t->nclusters] = in_cluster;
            t->nclusters++;
        }
    }
    return t->ncpus;
}

int sw_topology_cluster_of(uint64_t mpidr)
{
    for (unsigned c = 0; c < sw_topo.nclusters; c++)
        if (sw_topo.cluster_aff1[c] == sw_mpidr_aff1(mpidr)) return (int)c;
    return -1;
}

uint64_t sw_cpu_ctx_for(unsigned idx, uint32_t seq)
{
    return 0xC0DE000000000000ull | ((uint64_t)seq << 16) | idx;
}

int32_t sw_cpu_run(unsigned idx, sw_cpu_fn fn, uint64_t arg)
{
    struct sw_mailbox *mb = &sw_mailboxes[idx];
    static uint32_t seq;
    mb->fn = (uint64_t)(uintptr_t)fn;
    mb->arg = arg;
    mb->ctx = sw_cpu_ctx_for(idx, ++seq);
    mb->result = 0;
    mb->done = 0;
    mb->off_returned = 0;
    sw_dsb();
    int32_t r = psci_cpu_on(sw_index_mpidr(idx), (uintptr_t)sw_cpu_entry, mb->ctx);
    return r;
}

bool sw_cpu_wait_done(unsigned idx, uint64_t timeout_us)
{
    uint64_t end = sw_deadline_us(timeout_us);
    while (!sw_mailboxes[idx].done) {
        if (sw_expired(end)) return false;
        sw_cpu_relax();
    }
    sw_dmb();
    return true;
}

bool sw_cpu_wait_off(unsigned idx, uint64_t timeout_us)
{
    uint64_t end = sw_deadline_us(timeout_us);
    while (psci_affinity_info(sw_index_mpidr(idx), 0) != PSCI_AFF_OFF) {
        if (sw_expired(end)) return false;
        sw_cpu_relax();
    }
    return true;
}

void sw_barrier_wait(struct sw_barrier *b, uint32_t n)
{
    uint32_t sense = b->sense;
    sw_dmb();
    if (sw_atomic_add(&b->count, 1) + 1 == n) {
        b->count = 0;
        sw_dmb();
        b->sense = !sense;
    } else {
        while (b->sense == sense)
            sw_cpu_relax();
    }
    sw_dmb();
}

/* C entry of a core started by CPU_ON at sw_cpu_entry (x0 = context_id). */
void sw_secondary_c(uint64_t ctx)
{
    unsigned idx = sw_core_index();
    struct sw_mailbox *mb = &sw_mailboxes[idx];
    sw_gic_init_cpu();
    mb->started++;
    sw_dmb();
    sw_cpu_fn fn = (sw_cpu_fn)(uintptr_t)mb->fn;
    (void)ctx;
    if (fn) mb->result = fn(mb->arg);
    sw_dmb();
    mb->done = 1;
    sw_dsb();
    int32_t r = psci_cpu_off();
    /* CPU_OFF only returns on error (DEN 0022 5.5): report it to the lead core. */
    mb->off_ret = r;
    mb->off_returned = 1;
    sw_dsb();
    for (;;)
        sw_wfi();
}

/* C entry of the boot core. */
void sw_boot_c(uint64_t dtb, unsigned el)
{
    sw_boot_dtb = dtb;
    sw_boot_el = el;
    sw_console_init();
    sw_gic_init_dist();
    sw_gic_init_cpu();
    int rc = main();
    sw_exit(rc);
}
