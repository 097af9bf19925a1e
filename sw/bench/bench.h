/* Shared by the benchmark programs: iteration counts (full or short build) and the
 * discovery of the power states the platform accepts. */
#ifndef SW_BENCH_H
#define SW_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/idle.h"

#ifdef BENCH_SHORT
#define BENCH_SCALE 1
#else
#define BENCH_SCALE 10
#endif

struct bench_state {
    const char *name;
    uint32_t power_state;
    bool powerdown;
    bool usable;
    int64_t reject; /* result when rejected */
};

/* The platform's states (sw_idle_table: DT idle states + system power-down, or the
 * recommended-encoding defaults). */
extern struct bench_state bench_states[SW_IDLE_MAX];
extern unsigned bench_nstates;

/* Builds bench_states and probes each with an SGI pending (a valid request returns at
 * once). */
void bench_probe_states(void);
/* Starts every other core with fn and waits until all have returned and are OFF.
 * Returns the number of cores that misbehaved. */
unsigned bench_run_all(int64_t (*fn)(uint64_t), uint64_t arg, bool include_lead);
void bench_header(const char *what);
int bench_finish(unsigned errors);

#endif
