/*
 * Topology discovery and multi-core helpers. Cores are found by AFFINITY_INFO probing
 * (INVALID_PARAMETERS = no such core, DEN 0022 5.1.5) over Aff1 0..15 x Aff0 0..15; the
 * boot core is always present. A core is started with sw_cpu_run(), which posts a
 * function in the core's mailbox and CPU_ONs it at sw_cpu_entry; when the function
 * returns, its result is published and the core calls CPU_OFF.
 */
#ifndef SW_SMP_H
#define SW_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/arch.h"

/* What the core saw at its entry point (written by sw_record_entry in start.S). */
struct sw_entry_record {
    uint64_t x0;
    uint64_t current_el; /* raw CurrentEL */
    uint64_t daif;
    uint64_t sctlr;
    uint64_t spsel;
    uint64_t count;
    uint64_t pad[2];
};
_Static_assert(sizeof(struct sw_entry_record) == 64, "matches SW_ENTRY_RECORD_SHIFT");

struct sw_resume_ctx {
    uint64_t regs[12]; /* x19..x30 */
    uint64_t sp;
    uint64_t daif;
    uint64_t resumed;
    uint64_t pad;
};
_Static_assert(sizeof(struct sw_resume_ctx) == 128, "matches SW_RESUME_CTX_SHIFT");

extern volatile struct sw_entry_record sw_entry_records[SW_MAX_CPUS];
extern struct sw_resume_ctx sw_resume_ctx[SW_MAX_CPUS];

typedef int64_t (*sw_cpu_fn)(uint64_t arg);

struct sw_mailbox {
    volatile uint64_t fn; /* sw_cpu_fn */
    volatile uint64_t arg;
    volatile uint64_t ctx; /* context_id expected at entry */
    volatile int64_t result;
    volatile uint32_t started;      /* incremented at entry */
    volatile uint32_t done;         /* set when fn returned */
    volatile uint32_t off_returned; /* CPU_OFF returned: a conformance failure */
    volatile int32_t off_ret;
    volatile uint32_t go; /* free-form flags for tests */
    volatile uint32_t state;
    volatile uint64_t data[4];
};
extern struct sw_mailbox sw_mailboxes[SW_MAX_CPUS];

struct sw_topology {
    unsigned ncpus;
    unsigned nclusters;
    unsigned boot_index;
    uint64_t boot_mpidr;
    uint64_t mpidr[SW_MAX_CPUS]; /* discovered cores in (Aff1, Aff0) order */
    unsigned index[SW_MAX_CPUS]; /* linear index of each discovered core */
    unsigned cluster_aff1[SW_MAX_CLUSTERS];
    unsigned cluster_ncores[SW_MAX_CLUSTERS];
};
extern struct sw_topology sw_topo;
extern uint64_t sw_boot_dtb;
extern unsigned sw_boot_el;

/* Probes the topology; returns the number of cores found. */
unsigned sw_topology_discover(void);
static inline uint64_t sw_index_mpidr(unsigned idx)
{
    return sw_mpidr_make(idx / SW_MAX_CORES_PER_CLUSTER, idx % SW_MAX_CORES_PER_CLUSTER);
}
/* Which cluster (position in sw_topo.cluster_aff1) holds this MPIDR. */
int sw_topology_cluster_of(uint64_t mpidr);

/* Posts fn(arg) to core idx and issues CPU_ON; returns the CPU_ON result. */
int32_t sw_cpu_run(unsigned idx, sw_cpu_fn fn, uint64_t arg);
/* Waits (bounded) until fn has returned on core idx. */
bool sw_cpu_wait_done(unsigned idx, uint64_t timeout_us);
/* Waits (bounded) until AFFINITY_INFO(idx, 0) reports OFF. */
bool sw_cpu_wait_off(unsigned idx, uint64_t timeout_us);
/* Context id that sw_cpu_run passes for core idx (test programs check it at entry). */
uint64_t sw_cpu_ctx_for(unsigned idx, uint32_t seq);

/* Sense-reversing barrier for n participants. */
struct sw_barrier {
    volatile uint32_t count;
    volatile uint32_t sense;
};
void sw_barrier_wait(struct sw_barrier *b, uint32_t n);

/* Deterministic PRNG (xorshift64*), one stream per seed. */
static inline uint64_t sw_rand_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* Program entry points provided by each program. */
int main(void);

#endif
