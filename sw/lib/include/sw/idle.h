/*
 * power_state construction and timer-woken suspends.
 *
 * power_state (DEN 0022 5.4.2): original format = StateID[15:0], StateType[16] (1 =
 * power-down), PowerLevel[25:24]; extended format = StateID[27:0], StateType[30]. The
 * StateIDs are the specification's recommended encoding used by Arm FVP/Juno firmware and
 * pscisim: 4 bits per level (0 run, 1 retention/standby, 2 off), level 0 in [3:0], level 1
 * in [7:4], level 2 in [11:8], "last at level" in [15:12] in OS-initiated mode.
 */
#ifndef SW_IDLE_H
#define SW_IDLE_H

#include <stdbool.h>
#include <stdint.h>

#define SW_STATEID_CORE_STANDBY 0x001u
#define SW_STATEID_CORE_OFF     0x002u
#define SW_STATEID_CLUSTER_OFF  0x022u
#define SW_STATEID_SYSTEM_OFF   0x222u

/* Filled by sw_idle_init() from PSCI_FEATURES(CPU_SUSPEND). */
extern bool sw_pstate_extended;

/*
 * The power states a program can request. From the boot DTB when it lists idle states
 * (Linux idle-states binding: "arm,psci-suspend-param" of each node under
 * /cpus/idle-states), plus system power-down in the recommended encoding (a system state
 * is not a CPU idle state, so it is never in the DT); without DT idle states, the
 * recommended-encoding defaults: core standby, core / cluster / system power-down.
 */
struct sw_idle_state {
    char name[40];
    uint32_t power_state;
    unsigned level; /* highest power level affected */
    bool powerdown;
    bool from_dt;
};
#define SW_IDLE_MAX 8
extern struct sw_idle_state sw_idle_table[SW_IDLE_MAX];
extern unsigned sw_idle_count;
extern bool sw_idle_from_dt;

/* Power level and type of a power_state in the current format (recommended encoding for
 * the extended format: highest non-zero local-state nibble). */
unsigned sw_pstate_level(uint32_t power_state);

void sw_idle_init(void);
uint32_t sw_pstate_make(unsigned level, bool powerdown, uint32_t stateid);
/* With the OS-initiated "last at level" field (StateID bits [15:12]). */
uint32_t sw_pstate_make_osi(unsigned level, bool powerdown, uint32_t stateid, unsigned last_level);
static inline uint32_t sw_pstate_core_standby(void)
{
    return sw_pstate_make(0, false, SW_STATEID_CORE_STANDBY);
}
static inline uint32_t sw_pstate_core_off(void)
{
    return sw_pstate_make(0, true, SW_STATEID_CORE_OFF);
}
static inline uint32_t sw_pstate_cluster_off(void)
{
    return sw_pstate_make(1, true, SW_STATEID_CLUSTER_OFF);
}
static inline uint32_t sw_pstate_system_off(void)
{
    return sw_pstate_make(2, true, SW_STATEID_SYSTEM_OFF);
}
bool sw_pstate_is_powerdown(uint32_t power_state);

struct sw_suspend_result {
    int64_t ret;       /* PSCI result (returned at call site) or context_id (resumed) */
    bool resumed;      /* came back through the entry point */
    uint64_t t_call;   /* CNTVCT just before the call */
    uint64_t t_back;   /* CNTVCT when execution continued */
    uint64_t deadline; /* timer deadline */
};

/* Masks IRQs, arms the virtual timer (PPI 27) us microseconds ahead, calls CPU_SUSPEND and
 * cleans up (timer off, PPI no longer pending). IRQs stay masked. */
void sw_suspend_timer(uint32_t power_state, uint64_t us, uint64_t ctx,
                      struct sw_suspend_result *res);
/* Makes SGI 'sgi' pending at this core with IRQs masked, so that a valid suspend request
 * returns at once (the TF-A Tests technique); returns false if it never showed as pending. */
bool sw_pend_self_sgi(unsigned sgi);
void sw_clear_self_sgi(unsigned sgi);

#endif
