/*
 * fake_platform.h - a recording fake of the PSCI platform ops for the unit tests and the
 * fuzz target: every hook counts its calls, remembers its arguments and returns what the
 * test told it to.
 */
#ifndef PSCI_TEST_FAKE_PLATFORM_H
#define PSCI_TEST_FAKE_PLATFORM_H

#include "psci/psci.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FAKE_MAX_CORES 64

/* Optional hooks to install (fake_plat_ops). */
enum {
    FAKE_HOOK_IRQ_PENDING = 1u << 0,
    FAKE_HOOK_RESET2 = 1u << 1,
    FAKE_HOOK_OFF2 = 1u << 2,
    FAKE_HOOK_FREEZE = 1u << 3,
    FAKE_HOOK_HW_STATE = 1u << 4,
    FAKE_HOOK_MEM_PROTECT = 1u << 5,
    FAKE_HOOK_MEM_CHECK = 1u << 6,
    FAKE_HOOK_MIGRATE = 1u << 7,
    FAKE_HOOK_TIME = 1u << 8,
    FAKE_HOOK_VALIDATE_PSTATE = 1u << 9,
    FAKE_HOOK_ARCH_FEATURES = 1u << 10,
    FAKE_HOOK_ALL_OPTIONAL = (1u << 11) - 1u,
};

struct fake_plat {
    struct psci *psci; /* set by the test after psci_create, for hw-state answers */
    uint64_t now_ns;
    bool irq[FAKE_MAX_CORES];

    int on_rc, off_rc, suspend_rc, reset2_rc, migrate_rc;
    int mem_read_rc, mem_write_rc;
    int hw_state_rc; /* < -100: derive from the library's node states */

    unsigned n_on, n_off, n_suspend, n_freeze, n_sys_off, n_sys_reset, n_reset2, n_off2;
    unsigned n_mem_write, n_mem_check, n_migrate;
    unsigned last_core;
    psci_local_state_t last_target[PSCI_NUM_LEVELS];
    bool last_power_down;
    uint64_t last_entry, last_context;
    bool last_reset2_vendor;
    uint32_t last_reset2_type;
    uint64_t last_reset2_cookie;
    uint32_t last_off2_type;
    unsigned last_migrate_from, last_migrate_to;
    /* parent states seen by cpu_freeze through psci_node_local_state() */
    psci_local_state_t freeze_seen[PSCI_NUM_LEVELS];

    bool mem_protect;
    uint64_t prot_base, prot_size;
};

void fake_plat_init(struct fake_plat *f);
/* Fills ops with the mandatory hooks plus the optional ones named in `hooks`. */
void fake_plat_ops(struct psci_platform_ops *ops, unsigned hooks);

#ifdef __cplusplus
}
#endif

#endif
