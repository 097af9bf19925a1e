/*
 * psci.h - public interface of the PSCI library (Arm DEN 0022, PSCI 0.2 .. 1.3).
 *
 * The library is the policy half of a PSCI firmware: function-ID dispatch (SMC32 and
 * SMC64, DEN 0028 SMCCC), argument validation, the power-domain tree (system -> clusters
 * -> cores), platform-coordinated and OS-initiated state coordination, the per-core
 * state machine and the PSCI statistics. It never blocks and never touches hardware:
 *
 *   - a conduit call (SMC/HVC) is handed to psci_handle_call(); it returns the values
 *     for x0..x3 and an action for the calling core (return to the guest, stay off,
 *     suspend, freeze, system off/reset);
 *   - the hardware is reached through struct psci_platform_ops (TF-A plat_psci_ops
 *     style); the library calls an op to *start* a transition;
 *   - when the hardware has finished a transition (a core finished powering up, a
 *     suspended core was woken, a core finished powering down, the system was reset)
 *     the platform reports it with one of the psci_event_*() calls.
 *
 * Ops are called synchronously from psci_handle_call()/psci_event_*(). An op may call the
 * read-only query functions of this header but must not call psci_handle_call() or a
 * psci_event_*() function (no re-entry). One struct psci is not thread-safe: a simulator
 * that runs cores on several host threads must serialise calls into it.
 *
 * Pure C11, no allocation after psci_create(), no host time, no randomness.
 */
#ifndef PSCI_PSCI_H
#define PSCI_PSCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------ */
/* Versions (DEN 0022 5.1.1: major in bits[31:16], minor in bits[15:0]).                 */
/* ------------------------------------------------------------------------------------ */
#define PSCI_VERSION_ENCODE(major, minor)                                                          \
    ((uint32_t)(((uint32_t)(major) << 16) | (uint32_t)(minor)))
#define PSCI_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)
#define PSCI_VERSION_MINOR(v) ((uint32_t)(v)&0xffffu)
#define PSCI_VERSION_0_2      PSCI_VERSION_ENCODE(0, 2)
#define PSCI_VERSION_1_0      PSCI_VERSION_ENCODE(1, 0)
#define PSCI_VERSION_1_1      PSCI_VERSION_ENCODE(1, 1)
#define PSCI_VERSION_1_2      PSCI_VERSION_ENCODE(1, 2)
#define PSCI_VERSION_1_3      PSCI_VERSION_ENCODE(1, 3)

/* SMCCC versions use the same encoding (DEN 0028 7.2). */
#define SMCCC_VERSION_1_0 PSCI_VERSION_ENCODE(1, 0)
#define SMCCC_VERSION_1_1 PSCI_VERSION_ENCODE(1, 1)
#define SMCCC_VERSION_1_2 PSCI_VERSION_ENCODE(1, 2)
#define SMCCC_VERSION_1_3 PSCI_VERSION_ENCODE(1, 3)
#define SMCCC_VERSION_1_4 PSCI_VERSION_ENCODE(1, 4)
#define SMCCC_VERSION_1_5 PSCI_VERSION_ENCODE(1, 5)

/* ------------------------------------------------------------------------------------ */
/* Function IDs (DEN 0022 5.1, table 5; DEN 0028 2.5: bit31 fast call, bit30 SMC64,     */
/* bits[29:24] owner 4 = standard secure service, bits[15:0] function number).           */
/* ------------------------------------------------------------------------------------ */
#define PSCI_FN_BASE32 0x84000000u
#define PSCI_FN_BASE64 0xC4000000u
#define PSCI_FN_COUNT  0x20u /* function numbers 0x00..0x1f belong to PSCI */

/* Function numbers (bits[4:0] of the ID): PSCI_FN_CPU_ON, ... one per row of
 * psci_functions.def, the table that holds every fact about a function. */
enum psci_fn {
#define PSCI_FUNCTION(name, number, ...) PSCI_FN_##name = number,
#include "psci/psci_functions.def"
#undef PSCI_FUNCTION
};

#define PSCI_FID32(fn) (PSCI_FN_BASE32 | (uint32_t)(fn))
#define PSCI_FID64(fn) (PSCI_FN_BASE64 | (uint32_t)(fn))

#define PSCI_0_2_FN_PSCI_VERSION              PSCI_FID32(PSCI_FN_PSCI_VERSION)
#define PSCI_0_2_FN_CPU_SUSPEND               PSCI_FID32(PSCI_FN_CPU_SUSPEND)
#define PSCI_0_2_FN64_CPU_SUSPEND             PSCI_FID64(PSCI_FN_CPU_SUSPEND)
#define PSCI_0_2_FN_CPU_OFF                   PSCI_FID32(PSCI_FN_CPU_OFF)
#define PSCI_0_2_FN_CPU_ON                    PSCI_FID32(PSCI_FN_CPU_ON)
#define PSCI_0_2_FN64_CPU_ON                  PSCI_FID64(PSCI_FN_CPU_ON)
#define PSCI_0_2_FN_AFFINITY_INFO             PSCI_FID32(PSCI_FN_AFFINITY_INFO)
#define PSCI_0_2_FN64_AFFINITY_INFO           PSCI_FID64(PSCI_FN_AFFINITY_INFO)
#define PSCI_0_2_FN_MIGRATE                   PSCI_FID32(PSCI_FN_MIGRATE)
#define PSCI_0_2_FN64_MIGRATE                 PSCI_FID64(PSCI_FN_MIGRATE)
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE         PSCI_FID32(PSCI_FN_MIGRATE_INFO_TYPE)
#define PSCI_0_2_FN_MIGRATE_INFO_UP_CPU       PSCI_FID32(PSCI_FN_MIGRATE_INFO_UP_CPU)
#define PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU     PSCI_FID64(PSCI_FN_MIGRATE_INFO_UP_CPU)
#define PSCI_0_2_FN_SYSTEM_OFF                PSCI_FID32(PSCI_FN_SYSTEM_OFF)
#define PSCI_0_2_FN_SYSTEM_RESET              PSCI_FID32(PSCI_FN_SYSTEM_RESET)
#define PSCI_1_0_FN_PSCI_FEATURES             PSCI_FID32(PSCI_FN_PSCI_FEATURES)
#define PSCI_1_0_FN_CPU_FREEZE                PSCI_FID32(PSCI_FN_CPU_FREEZE)
#define PSCI_1_0_FN_CPU_DEFAULT_SUSPEND       PSCI_FID32(PSCI_FN_CPU_DEFAULT_SUSPEND)
#define PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND     PSCI_FID64(PSCI_FN_CPU_DEFAULT_SUSPEND)
#define PSCI_1_0_FN_NODE_HW_STATE             PSCI_FID32(PSCI_FN_NODE_HW_STATE)
#define PSCI_1_0_FN64_NODE_HW_STATE           PSCI_FID64(PSCI_FN_NODE_HW_STATE)
#define PSCI_1_0_FN_SYSTEM_SUSPEND            PSCI_FID32(PSCI_FN_SYSTEM_SUSPEND)
#define PSCI_1_0_FN64_SYSTEM_SUSPEND          PSCI_FID64(PSCI_FN_SYSTEM_SUSPEND)
#define PSCI_1_0_FN_SET_SUSPEND_MODE          PSCI_FID32(PSCI_FN_PSCI_SET_SUSPEND_MODE)
#define PSCI_1_0_FN_STAT_RESIDENCY            PSCI_FID32(PSCI_FN_PSCI_STAT_RESIDENCY)
#define PSCI_1_0_FN64_STAT_RESIDENCY          PSCI_FID64(PSCI_FN_PSCI_STAT_RESIDENCY)
#define PSCI_1_0_FN_STAT_COUNT                PSCI_FID32(PSCI_FN_PSCI_STAT_COUNT)
#define PSCI_1_0_FN64_STAT_COUNT              PSCI_FID64(PSCI_FN_PSCI_STAT_COUNT)
#define PSCI_1_1_FN_SYSTEM_RESET2             PSCI_FID32(PSCI_FN_SYSTEM_RESET2)
#define PSCI_1_1_FN64_SYSTEM_RESET2           PSCI_FID64(PSCI_FN_SYSTEM_RESET2)
#define PSCI_1_1_FN_MEM_PROTECT               PSCI_FID32(PSCI_FN_MEM_PROTECT)
#define PSCI_1_1_FN_MEM_PROTECT_CHECK_RANGE   PSCI_FID32(PSCI_FN_MEM_PROTECT_CHECK_RANGE)
#define PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE PSCI_FID64(PSCI_FN_MEM_PROTECT_CHECK_RANGE)
#define PSCI_1_3_FN_SYSTEM_OFF2               PSCI_FID32(PSCI_FN_SYSTEM_OFF2)
#define PSCI_1_3_FN64_SYSTEM_OFF2             PSCI_FID64(PSCI_FN_SYSTEM_OFF2)

/* SMCCC Arm Architecture Service calls (DEN 0028 7.x). */
#define SMCCC_VERSION_FID       0x80000000u
#define SMCCC_ARCH_FEATURES_FID 0x80000001u

/* ------------------------------------------------------------------------------------ */
/* Return codes (DEN 0022 5.2.2), signed 32-bit, sign-extended into x0.                  */
/* ------------------------------------------------------------------------------------ */
enum psci_return {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMETERS = -2,
    PSCI_RET_DENIED = -3,
    PSCI_RET_ALREADY_ON = -4,
    PSCI_RET_ON_PENDING = -5,
    PSCI_RET_INTERNAL_FAILURE = -6,
    PSCI_RET_NOT_PRESENT = -7,
    PSCI_RET_DISABLED = -8,
    PSCI_RET_INVALID_ADDRESS = -9,
};

/* AFFINITY_INFO results (DEN 0022 5.1.5). */
enum psci_aff_state { PSCI_AFF_ON = 0, PSCI_AFF_OFF = 1, PSCI_AFF_ON_PENDING = 2 };

/* NODE_HW_STATE results (DEN 0022 5.1.11). */
enum psci_hw_state { PSCI_HW_ON = 0, PSCI_HW_OFF = 1, PSCI_HW_STANDBY = 2 };

/* MIGRATE_INFO_TYPE results (DEN 0022 5.1.7). */
enum psci_tos_type {
    PSCI_TOS_UP_MIGRATE = 0,    /* uniprocessor Trusted OS, migration capable */
    PSCI_TOS_UP_NO_MIGRATE = 1, /* uniprocessor Trusted OS, not migration capable */
    PSCI_TOS_NONE = 2,          /* no Trusted OS, or one that needs no migration */
};

/* PSCI_SET_SUSPEND_MODE argument (DEN 0022 5.1.15). */
enum psci_suspend_mode { PSCI_MODE_PC = 0, PSCI_MODE_OSI = 1 };

/* SYSTEM_RESET2 (DEN 0022 5.1.19): bit31 = vendor-specific; architectural type 0 only. */
#define PSCI_RESET2_VENDOR_BIT  0x80000000u
#define PSCI_RESET2_SYSTEM_WARM 0x0u
/* SYSTEM_OFF2 (DEN 0022F 5.1.22): HIBERNATE_OFF = 1; issue F.b accepts 0 as an alias. */
#define PSCI_OFF2_HIBERNATE_OFF 0x1u

/* ------------------------------------------------------------------------------------ */
/* Power domains and local states.                                                       */
/* ------------------------------------------------------------------------------------ */
/* Levels of the power-domain tree: 0 = core, 1 = cluster, 2 = system (DEN 0022 4.2). */
#define PSCI_LEVEL_CORE    0u
#define PSCI_LEVEL_CLUSTER 1u
#define PSCI_LEVEL_SYSTEM  2u
#define PSCI_NUM_LEVELS    3u
#define PSCI_MAX_LEVEL     2u

/*
 * Local power state of one node, ordered shallow -> deep so that coordination is a
 * minimum (DEN 0022 4.2.3). The numbers are also the 4-bit values of the recommended
 * StateID encoding (DEN 0022 6.5): 0 run, 1 retention/standby, 2 off (power-down).
 */
typedef uint8_t psci_local_state_t;
#define PSCI_LOCAL_RUN        0u
#define PSCI_LOCAL_RET        1u
#define PSCI_LOCAL_OFF        2u
#define PSCI_NUM_LOCAL_STATES 3u
/* Bit masks of psci_config.level_states[]. */
#define PSCI_STATE_BIT(s)     (1u << (s))

/* power_state format (DEN 0022 5.4.2); advertised in PSCI_FEATURES(CPU_SUSPEND) bit[1]. */
enum psci_pstate_format { PSCI_PSTATE_ORIGINAL = 0, PSCI_PSTATE_EXTENDED = 1 };

/* Field layout of power_state. */
#define PSCI_PSTATE_ORIG_ID_MASK     0x0000ffffu
#define PSCI_PSTATE_ORIG_TYPE_BIT    0x00010000u
#define PSCI_PSTATE_ORIG_LEVEL_SHIFT 24
#define PSCI_PSTATE_ORIG_LEVEL_MASK  0x03000000u
#define PSCI_PSTATE_ORIG_RESERVED    0xfcfe0000u
#define PSCI_PSTATE_EXT_ID_MASK      0x0fffffffu
#define PSCI_PSTATE_EXT_TYPE_BIT     0x40000000u
#define PSCI_PSTATE_EXT_RESERVED     0xb0000000u
/* Recommended StateID encoding: 4 bits per level, then "last at level" (OSI) in [15:12]. */
#define PSCI_STATEID_LEVEL_SHIFT(l)  (4u * (l))
#define PSCI_STATEID_LAST_AT_SHIFT   12u
#define PSCI_STATEID_LAST_AT_MASK    0xf000u

/*
 * Helpers building a power_state for the recommended encoding: states[] holds the local
 * state of levels 0..PSCI_MAX_LEVEL (RUN above the deepest affected level); last_at is
 * the OSI "last at level" (0 in platform-coordinated mode).
 */
uint32_t psci_make_power_state(enum psci_pstate_format format,
                               const psci_local_state_t states[PSCI_NUM_LEVELS], unsigned last_at);
/* The composite state "levels 0..level all in `state`" (RET or OFF), platform-coordinated:
 * core off = (0, OFF) -> 0x2, cluster off = (1, OFF) -> 0x22, cluster retention = (1, RET)
 * -> 0x11, with StateType and PowerLevel set for the format. The device-tree idle states
 * and the platform's tables use it, so the encoding has one owner. */
uint32_t psci_make_power_state_upto(enum psci_pstate_format format, unsigned level,
                                    psci_local_state_t state);

/* ------------------------------------------------------------------------------------ */
/* Configuration.                                                                        */
/* ------------------------------------------------------------------------------------ */
struct psci_mem_range {
    uint64_t base;
    uint64_t size;
};

struct psci_config {
    /* PSCI version reported by PSCI_VERSION: PSCI_VERSION_0_2 .. PSCI_VERSION_1_3. */
    uint32_t version;

    /* Topology: num_clusters clusters under one system node; cluster i has
     * cores_per_cluster[i] cores (1..256). Cores are numbered linearly, cluster-major. */
    unsigned num_clusters;
    const unsigned *cores_per_cluster;
    /* Optional MPIDR per core (affinity fields + bit31), or NULL for the default
     * bit31 | cluster << 8 | core. Affinity fields must be unique. */
    const uint64_t *mpidr;
    /* Core that is ON after a cold boot and after a system reset. */
    unsigned boot_core;

    enum psci_pstate_format power_state_format; /* EXTENDED needs version >= 1.0 */
    bool osi_supported;                         /* OS-initiated mode; needs >= 1.0 */

    /* Local states each level supports besides RUN, as PSCI_STATE_BIT() masks; 0 means
     * the default, as on Arm FVP: core RET|OFF, cluster OFF, system OFF. Level 0 must
     * support OFF (CPU_OFF). A cluster/system RET bit enables composite standby states
     * such as 0x11 (cluster retention). */
    uint8_t level_states[PSCI_NUM_LEVELS];

    /* Non-secure RAM: entry points of CPU_ON, CPU_SUSPEND (power-down),
     * CPU_DEFAULT_SUSPEND and SYSTEM_SUSPEND must lie inside one range
     * (DEN 0022 6.4; TF-A checks NS DRAM). num_ns_ram == 0 accepts any address. */
    const struct psci_mem_range *ns_ram;
    unsigned num_ns_ram;

    /* SMCCC version answered by SMCCC_VERSION. SMCCC_VERSION_1_0 (or 0) means the
     * SMCCC 1.1 calls SMCCC_VERSION/SMCCC_ARCH_FEATURES are not implemented and
     * PSCI_FEATURES(SMCCC_VERSION) is NOT_SUPPORTED; 1.1 .. 1.5 implements them. */
    uint32_t smccc_version;

    /* Trusted OS as reported by MIGRATE_INFO_TYPE. With NONE, MIGRATE and
     * MIGRATE_INFO_UP_CPU are not supported. With a UP Trusted OS, tos_core is the
     * core it is resident on: that core's CPU_OFF/CPU_FREEZE is DENIED. */
    enum psci_tos_type tos;
    unsigned tos_core;

    /* AFFINITY_INFO with lowest_affinity_level > 0: false (default) answers levels
     * 1..3 by aggregating cores whose MPIDR matches above that level; true returns
     * INVALID_PARAMETERS for any level > 0, like TF-A in PSCI 1.x. */
    bool affinity_info_level0_only;

    /* Optional functions to withhold even though their hooks exist: bit n = function
     * number n (enum psci_fn). Mandatory functions cannot be disabled. */
    uint32_t disabled_functions;
};

/* Fills cfg with defaults: PSCI 1.1, one cluster of one core, original format, no OSI,
 * SMCCC 1.1, no Trusted OS, boot core 0. Callers then set the topology. */
void psci_config_init(struct psci_config *cfg);

/* ------------------------------------------------------------------------------------ */
/* Platform operations (the hardware). ctx is the pointer given to psci_create().       */
/* "Mandatory" hooks are needed by every version; a missing one fails psci_create().     */
/* An optional NULL hook makes its functions unsupported (NOT_SUPPORTED on dispatch and */
/* in PSCI_FEATURES).                                                                    */
/* ------------------------------------------------------------------------------------ */
struct psci_platform_ops {
    /* Mandatory (CPU_ON). Start powering up `core` (and any of its ancestors that are
     * OFF: see psci_node_local_state()). Returns PSCI_RET_SUCCESS, or
     * INTERNAL_FAILURE (could not power it), DENIED (not permitted now) or DISABLED
     * (core disabled); any other value is reported as INTERNAL_FAILURE. When the core
     * is ready to execute, the platform calls psci_event_power_up_done(). */
    int (*pwr_domain_on)(void *ctx, unsigned core, uint64_t entry, uint64_t context_id);

    /* Mandatory (CPU_OFF). Start powering down `core`; target[l] is the state each
     * level of its path goes to (coordinated: the last core of a cluster takes the
     * cluster down). Returns SUCCESS or DENIED (then nothing changes). When the core
     * is quiescent, the platform calls psci_event_power_down_done(). */
    int (*pwr_domain_off)(void *ctx, unsigned core,
                          const psci_local_state_t target[PSCI_NUM_LEVELS]);

    /* Mandatory (CPU_SUSPEND, CPU_DEFAULT_SUSPEND, SYSTEM_SUSPEND). Start suspending
     * `core`: target[] as above; power_down = context is lost (wake-up restarts at the
     * entry point). Returns SUCCESS, or DENIED / INVALID_PARAMETERS to refuse the state
     * (then nothing changes; any other value is reported as DENIED). A wake-up is
     * reported with psci_event_wakeup(). */
    int (*pwr_domain_suspend)(void *ctx, unsigned core,
                              const psci_local_state_t target[PSCI_NUM_LEVELS], bool power_down);

    /* Optional. True when an interrupt targeted at `core` is pending: a CPU_SUSPEND /
     * SYSTEM_SUSPEND is then abandoned and returns SUCCESS (DEN 0022 5.4.2; TF-A checks
     * ISR_EL1). NULL = never pending. */
    bool (*irq_pending)(void *ctx, unsigned core);

    /* Mandatory (SYSTEM_OFF, SYSTEM_RESET): start the system power-off / cold reset.
     * After a reset, the platform calls psci_event_system_reset(). */
    void (*system_off)(void *ctx);
    void (*system_reset)(void *ctx);

    /* Optional, PSCI >= 1.1 (SYSTEM_RESET2). vendor = reset_type bit31; type without
     * bit31. Only called for the architectural warm reset (vendor false, type 0) or a
     * vendor type. Returns SUCCESS (the reset starts) or a PSCI error for the caller,
     * e.g. INVALID_PARAMETERS for an unknown vendor type. */
    int (*system_reset2)(void *ctx, bool vendor, uint32_t type, uint64_t cookie);

    /* Optional, PSCI >= 1.3 (SYSTEM_OFF2): start a hibernate power-off (type is
     * PSCI_OFF2_HIBERNATE_OFF). */
    void (*system_off2)(void *ctx, uint32_t type);

    /* Optional, PSCI >= 1.0 (CPU_FREEZE): put `core` in its freeze state, from which
     * only CPU_ON recovers it (interrupts are not wake-up events). A frozen core no
     * longer holds its parents up; it coordinates like CPU_OFF, and when the hook runs
     * psci_node_local_state() already shows the parents' coordinated states (also in
     * psci_result.target). */
    void (*cpu_freeze)(void *ctx, unsigned core);

    /* Optional, PSCI >= 1.0 (NODE_HW_STATE): hardware view of the node at `level` on
     * the path of `core`: PSCI_HW_ON/OFF/STANDBY, or INVALID_PARAMETERS /
     * NOT_SUPPORTED when that level cannot be reported. */
    int (*node_hw_state)(void *ctx, unsigned core, unsigned level);

    /* Optional, PSCI >= 1.1 (MEM_PROTECT needs both): read / write the
     * "overwrite NS RAM on next cold boot" flag; return 0 or a negative error. */
    int (*mem_protect_read)(void *ctx, bool *enabled);
    int (*mem_protect_write)(void *ctx, bool enable);
    /* Optional, PSCI >= 1.1 (MEM_PROTECT_CHECK_RANGE): SUCCESS if [base, base+length)
     * is covered by the protection, else DENIED. Empty / wrapping ranges never reach
     * the hook (DENIED). */
    int (*mem_protect_check_range)(void *ctx, uint64_t base, uint64_t length);

    /* Optional (MIGRATE with tos == PSCI_TOS_UP_MIGRATE, required then): move the
     * Trusted OS from core `from` to core `to`; SUCCESS or INTERNAL_FAILURE. */
    int (*tos_migrate)(void *ctx, unsigned from, unsigned to);

    /* Optional time source in nanoseconds (simulated time, monotonic). Needed by
     * PSCI_STAT_RESIDENCY; PSCI_STAT_COUNT works without it. */
    uint64_t (*time_ns)(void *ctx);

    /* Optional platform table for power_state: fills states[] (levels 0..2) and
     * *last_at (OSI "last at level") for a power_state whose reserved bits are clear;
     * returns SUCCESS or INVALID_PARAMETERS. NULL = the recommended StateID encoding
     * (4 bits per level, last-at in [15:12]) checked against level_states[]. The
     * library still enforces the generic rules (level 0 not RUN, parents never deeper
     * than children, StateType and PowerLevel consistent with states[]). */
    int (*validate_power_state)(void *ctx, uint32_t power_state,
                                psci_local_state_t states[PSCI_NUM_LEVELS], unsigned *last_at);

    /* Optional answer of SMCCC_ARCH_FEATURES for IDs other than SMCCC_VERSION and
     * SMCCC_ARCH_FEATURES (e.g. SMCCC_ARCH_WORKAROUND_1); NULL = NOT_SUPPORTED. */
    int32_t (*smccc_arch_features)(void *ctx, uint32_t fid);
};

/* ------------------------------------------------------------------------------------ */
/* Instance lifetime.                                                                    */
/* ------------------------------------------------------------------------------------ */
struct psci;

/*
 * Validates cfg and ops and builds an instance in the cold-boot state (boot core ON,
 * every other core OFF, platform-coordinated mode, statistics zero). On a bad
 * configuration returns NULL and writes one line naming the problem into err (if
 * errlen > 0), e.g. a version whose mandatory functions lack a hook. cfg's arrays are
 * copied; ops is copied.
 */
struct psci *psci_create(const struct psci_config *cfg, const struct psci_platform_ops *ops,
                         void *ctx, char *err, size_t errlen);
void psci_destroy(struct psci *p);

/* ------------------------------------------------------------------------------------ */
/* Calls.                                                                                */
/* ------------------------------------------------------------------------------------ */
/* What the conduit must do with the calling core after psci_handle_call(). */
enum psci_action {
    PSCI_ACTION_RETURN = 0,         /* write x0..x3 back, continue after the SMC/HVC */
    PSCI_ACTION_CPU_OFF,            /* CPU_OFF accepted: the core powers down, never returns */
    PSCI_ACTION_SUSPEND_STANDBY,    /* core in standby/retention until psci_event_wakeup();
                                       then it continues after the call with x0 = 0 */
    PSCI_ACTION_SUSPEND_POWERDOWN,  /* core powering down until psci_event_wakeup(); then
                                       it warm-boots at the entry point */
    PSCI_ACTION_FROZEN,             /* CPU_FREEZE: stopped until a CPU_ON */
    PSCI_ACTION_SYSTEM_OFF,         /* SYSTEM_OFF: the whole system powers off */
    PSCI_ACTION_SYSTEM_OFF2,        /* SYSTEM_OFF2: hibernate power-off (off2_type) */
    PSCI_ACTION_SYSTEM_RESET,       /* SYSTEM_RESET: cold reset */
    PSCI_ACTION_SYSTEM_RESET_WARM,  /* SYSTEM_RESET2 type 0 (SYSTEM_WARM_RESET) */
    PSCI_ACTION_SYSTEM_RESET_VENDOR /* SYSTEM_RESET2 vendor type (reset_type, cookie) */
};

struct psci_result {
    /* Registers to write back when action == RETURN. x0 holds the PSCI result
     * (negative codes sign-extended); x1..x3 are the caller's values (preserved). For
     * a suspend, x0 is what the core sees if it resumes after the call (SUCCESS). For
     * calls that never return (CPU_OFF, CPU_FREEZE, SYSTEM_*), x0 is INTERNAL_FAILURE:
     * what the core would read should the platform ever resume it. */
    uint64_t x[4];
    enum psci_action action;
    uint32_t function_id; /* the ID as called (W0) */
    /* Suspend / CPU_OFF: the state each level of the core's path was sent to, and the
     * deepest non-RUN level. */
    psci_local_state_t target[PSCI_NUM_LEVELS];
    unsigned target_level;
    /* SYSTEM_RESET2 / SYSTEM_OFF2 arguments. */
    uint32_t reset_type;
    uint64_t reset_cookie;
    uint32_t off2_type;
};

/* Status of the psci_handle_call() / psci_event_*() calls themselves: a misuse by the
 * simulator, never a guest-visible PSCI result. */
enum psci_status {
    PSCI_OK = 0,
    PSCI_ERR_ARG = -1,    /* NULL pointer or core index out of range */
    PSCI_ERR_STATE = -2,  /* the core is not in a state where this call/event is legal */
    PSCI_ERR_HALTED = -3, /* the system was powered off (SYSTEM_OFF/SYSTEM_OFF2) */
};

/*
 * Handles a PSCI/SMCCC conduit call made by `core` (linear index). caller_aarch32:
 * the caller executes in AArch32 (SMC64 IDs are then NOT_SUPPORTED, SMCCC 2.x).
 * x[0] = function ID (W0 is used), x[1..3] = arguments. The core must be running.
 * Returns PSCI_OK and fills *out, or a negative enum psci_status (nothing changed).
 */
int psci_handle_call(struct psci *p, unsigned core, bool caller_aarch32, const uint64_t x[4],
                     struct psci_result *out);

/* ------------------------------------------------------------------------------------ */
/* Events from the platform.                                                             */
/* ------------------------------------------------------------------------------------ */
enum psci_resume_kind {
    PSCI_RESUME_RETURN = 0,   /* continue after the SMC/HVC with x0 = x0 below (SUCCESS) */
    PSCI_RESUME_WARM_BOOT = 1 /* start at entry with x0 = context_id, MMU/caches off,
                                 DAIF masked, highest NS EL (DEN 0022 6.4) */
};

struct psci_resume {
    enum psci_resume_kind kind;
    uint64_t entry;
    uint64_t context_id;
    uint64_t x0;  /* value for x0 (context_id for WARM_BOOT, 0 for RETURN) */
    bool aarch32; /* register width of the caller that supplied the entry point */
    /* Local states the core's path was in just before it came back to RUN (a
     * suspended core's parents may have gone deeper while it slept). */
    psci_local_state_t from[PSCI_NUM_LEVELS];
};

/* A core that was ON_PENDING (after CPU_ON) finished powering up, or a core suspended
 * in a power-down state finished its warm boot. Sets the core and its ancestors RUN and
 * fills *out with where it starts. PSCI_ERR_STATE if the core is in neither state. */
int psci_event_power_up_done(struct psci *p, unsigned core, struct psci_resume *out);

/* A suspended core was woken (interrupt, or the platform's own reason). Standby:
 * resumes after the call with x0 = SUCCESS; power-down: warm-boots at its entry point.
 * PSCI_ERR_STATE if the core is not suspended. */
int psci_event_wakeup(struct psci *p, unsigned core, struct psci_resume *out);

/* The platform abandoned a suspend before any context was lost (e.g. a wake-up
 * arrived during entry): the core resumes after the call with x0 = SUCCESS, which
 * DEN 0022 5.4.2 permits for a power-down request too. */
int psci_event_suspend_abandoned(struct psci *p, unsigned core, struct psci_resume *out);

/* A core that called CPU_OFF is now quiescent: AFFINITY_INFO reports OFF from here on
 * and CPU_ON may power it up again. */
int psci_event_power_down_done(struct psci *p, unsigned core);

/* The system went through a cold or warm reset (or was powered on again after
 * SYSTEM_OFF): back to the cold-boot state, statistics restart from zero. */
int psci_event_system_reset(struct psci *p);

/* ------------------------------------------------------------------------------------ */
/* Queries (read-only, callable from ops).                                               */
/* ------------------------------------------------------------------------------------ */
/* Fine-grained state of a core (the library's state machine). */
enum psci_core_state {
    PSCI_CORE_OFF = 0,             /* never on, or powered down after CPU_OFF */
    PSCI_CORE_ON_PENDING,          /* CPU_ON accepted, power-up in progress */
    PSCI_CORE_ON,                  /* running */
    PSCI_CORE_SUSPENDED_STANDBY,   /* in CPU_SUSPEND standby/retention */
    PSCI_CORE_SUSPENDED_POWERDOWN, /* in a power-down suspend (CPU_SUSPEND,
                                      CPU_DEFAULT_SUSPEND, SYSTEM_SUSPEND) */
    PSCI_CORE_OFF_PENDING,         /* called CPU_OFF, not yet quiescent (AFFINITY_INFO ON) */
    PSCI_CORE_FROZEN,              /* CPU_FREEZE (AFFINITY_INFO OFF) */
};

unsigned psci_num_cores(const struct psci *p);
unsigned psci_num_clusters(const struct psci *p);
unsigned psci_core_cluster(const struct psci *p, unsigned core);
uint64_t psci_core_mpidr(const struct psci *p, unsigned core);
/* Core whose MPIDR affinity fields equal those of mpidr (bits other than Aff3..Aff0 are
 * ignored), or -1. */
int psci_core_by_mpidr(const struct psci *p, uint64_t mpidr);
enum psci_core_state psci_core_state(const struct psci *p, unsigned core);
enum psci_aff_state psci_core_aff_state(const struct psci *p, unsigned core);
/* Local state of the node at `level` on the path of `core`. */
psci_local_state_t psci_node_local_state(const struct psci *p, unsigned core, unsigned level);
enum psci_suspend_mode psci_get_suspend_mode(const struct psci *p);
uint32_t psci_get_version(const struct psci *p);
bool psci_is_halted(const struct psci *p);

/* True when function ID fid is dispatched (not NOT_SUPPORTED as a whole) for a caller
 * of that width; the same answer PSCI_FEATURES gives (>= 0). */
bool psci_function_supported(const struct psci *p, uint32_t fid, bool caller_aarch32);
/* The value PSCI_FEATURES(fid) returns for this instance (even in 0.2, where the call
 * itself is not available). */
int32_t psci_features(const struct psci *p, uint32_t fid, bool caller_aarch32);

/* Statistics of the node at `level` on the path of `core` in local state `state`
 * (RET or OFF): the numbers PSCI_STAT_COUNT / PSCI_STAT_RESIDENCY return, which count
 * completed stays only (updated when the node leaves the state, as in TF-A). With
 * include_ongoing, a stay still in progress is added up to the current time (for
 * end-of-run reports). Returns false for a bad core/level/state. */
struct psci_node_stats {
    uint64_t count;
    uint64_t residency_us;
    uint64_t residency_ns;
};
bool psci_get_node_stats(const struct psci *p, unsigned core, unsigned level,
                         psci_local_state_t state, bool include_ongoing,
                         struct psci_node_stats *out);

/* ------------------------------------------------------------------------------------ */
/* Function metadata: the rows of psci_functions.def, read-only.                         */
/* ------------------------------------------------------------------------------------ */
/* Configuration a function needs besides its hooks. */
enum psci_fn_needs {
    PSCI_NEEDS_NOTHING = 0,
    PSCI_NEEDS_TOS,              /* tos != PSCI_TOS_NONE */
    PSCI_NEEDS_OSI,              /* osi_supported */
    PSCI_NEEDS_SYSTEM_OFF_STATES /* cluster and system levels support OFF */
};

/* A platform op, by its place in struct psci_platform_ops and its member name. */
struct psci_hook_ref {
    size_t offset; /* offsetof(struct psci_platform_ops, member) */
    const char *name;
};

#define PSCI_FN_MAX_HOOKS 2u

struct psci_function_info {
    unsigned number;    /* enum psci_fn */
    const char *name;   /* "CPU_ON" */
    const char *name64; /* "CPU_ON64", or NULL: no SMC64 ID */
    uint32_t since;     /* first version defining it */
    /* Versions in which it is mandatory, inclusive; 0..0 = optional in every version. */
    uint32_t mandatory_from, mandatory_to;
    unsigned num_args; /* arguments in x1.. */
    /* Hooks it needs; unused entries have name NULL. */
    struct psci_hook_ref hooks[PSCI_FN_MAX_HOOKS];
    enum psci_fn_needs needs;
};

/* Metadata of function number fn (enum psci_fn), or NULL when no PSCI function has that
 * number. Walk all functions with fn = 0 .. PSCI_FN_COUNT - 1. */
const struct psci_function_info *psci_get_function_info(unsigned fn);
/* True when f is mandatory in `version` (DEN 0022 table 5). */
bool psci_function_mandatory(const struct psci_function_info *f, uint32_t version);
/* The PSCI versions psci_config.version accepts, oldest first; *count receives their
 * number. */
const uint32_t *psci_supported_versions(size_t *count);

/* Names for logs: "CPU_SUSPEND", "CPU_ON64", "SMCCC_VERSION", "UNKNOWN". */
const char *psci_function_name(uint32_t fid);
/* "SUCCESS", "INVALID_PARAMETERS", ... ; "UNKNOWN" for other values. */
const char *psci_return_name(int32_t ret);
const char *psci_action_name(enum psci_action action);
const char *psci_core_state_name(enum psci_core_state state);
const char *psci_local_state_name(psci_local_state_t state);

#ifdef __cplusplus
}
#endif

#endif /* PSCI_PSCI_H */
