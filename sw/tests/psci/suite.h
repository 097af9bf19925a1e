/*
 * Shared state and helpers of the PSCI conformance suite (psci-suite-<conduit>.elf).
 * The lead (boot) core runs every check; other cores are started with CPU_ON and run
 * small functions whose results come back through their mailboxes (sw/smp.h).
 */
#ifndef PSCI_SUITE_H
#define PSCI_SUITE_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"
#include "sw/gic.h"
#include "sw/idle.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

/* SGIs used by the suite. */
#define SGI_SELF_PEND 1 /* made pending at the caller before a suspend that must return */
#define SGI_WAKE      2 /* wakes a core parked in a suspend loop */
#define SGI_FREEZE    3 /* sent to a frozen core */

/* Bounded waits (microseconds of CNTVCT time). */
#define WAIT_LONG_US  2000000u
#define WAIT_SHORT_US 100000u

struct suite {
    int32_t version;
    unsigned major, minor;
    bool has_features;     /* PSCI_FEATURES exists (1.0+) */
    int32_t feat[0x20][2]; /* PSCI_FEATURES(fn) for [SMC32, SMC64] */
    int32_t suspend_flags; /* PSCI_FEATURES(CPU_SUSPEND64) */
    bool osi;
    bool validates_entry;   /* CPU_ON rejected a misaligned entry point */
    unsigned lead;          /* linear index of the lead core */
    unsigned entry_el;      /* highest Non-secure EL implemented: where entry points land */
    bool lost[SW_MAX_CPUS]; /* cores left in an unknown state by a failed check */
    unsigned nsec;          /* usable secondaries */
    unsigned sec[SW_MAX_CPUS];
};
extern struct suite S;

/* printf into one of a few rotating buffers: check names built on the fly. */
const char *nm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool version_at_least(unsigned major, unsigned minor);
/* PSCI_FEATURES(fid) >= 0, i.e. the function is advertised. */
bool advertised(uint32_t fid);
/* Known not to be implemented: not advertised by PSCI_FEATURES, or (before 1.0, without
 * PSCI_FEATURES) a function the reported version does not have (IDs 0x0A and up). Such a
 * function must answer NOT_SUPPORTED. */
bool known_absent(uint32_t fid);
void suite_refresh_secondaries(void);
/* SKIP name unless at least n cores (lead included) are usable. */
bool need_cores(const char *name, unsigned n);
bool need_feature(const char *name, uint32_t fid);
uint64_t mpidr_of(unsigned idx);
/* A usable secondary in another cluster than the lead's (-1 if none), in the same one. */
int other_cluster_core(void);
int same_cluster_core(void);

/* Starts a core that spins until released: returns the CPU_ON result. */
int32_t park_core(unsigned idx);
/* Releases a parked core and waits until AFFINITY_INFO reports it OFF. */
bool unpark_core(unsigned idx);
/* Starts a core that loops in CPU_SUSPEND(power_state) with IRQs masked until released;
 * returns once the core has made its first call. */
int32_t start_sleeper(unsigned idx, uint32_t power_state);
bool release_sleeper(unsigned idx);

/* Suspend with a pending SGI at the caller (returns at once if the request is valid). */
int64_t suspend_pending(uint32_t power_state, bool *resumed);
/* PASS iff the outcome of a valid suspend is SUCCESS at the call site or a resume through
 * the entry point with the right context_id. */
bool check_suspend_ok(const char *name, int64_t ret, bool resumed, uint64_t ctx);
/* Entry-state checks for a core that came back through an entry point. */
void check_entry_state(const char *prefix, unsigned idx, uint64_t expected_x0);

void t_version(void);
void t_features(void);
void t_smccc(void);
void t_affinity_info(void);
void t_cpu_on(void);
void t_cpu_off(void);
void t_cpu_suspend(void);
void t_dt(void);
void t_set_suspend_mode(void);
void t_system_suspend(void);
void t_psci_stat(void);
void t_node_hw_state(void);
void t_mem_protect(void);
void t_system_reset2(void);
void t_cpu_freeze(void);
void t_cpu_default_suspend(void);
void t_migrate(void);
void t_invalid_entry(void);
void t_system_off(void);

#endif
