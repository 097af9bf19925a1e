/*
 * psci_private.h - internal state of the PSCI library, shared by the per-operation
 * files. Not installed; only psci/src includes it.
 */
#ifndef PSCI_PRIVATE_H
#define PSCI_PRIVATE_H

#include "psci/psci.h"

/* Affinity fields of MPIDR (Aff3[39:32], Aff2[23:16], Aff1[15:8], Aff0[7:0]); every
 * other bit of a target_cpu argument is RES0 (DEN 0022 5.1.4). */
#define PSCI_MPIDR_AFF_MASK 0xff00ffffffull

/*
 * Power-domain tree, breadth-first like TF-A (DEN 0022 4.2; TF-A psci_setup.c):
 * node 0 = system, nodes 1..num_clusters = clusters, then the cores, cluster-major.
 */
struct psci_node {
    unsigned level;
    unsigned parent;     /* node index; the system node is its own parent */
    unsigned first_core; /* contiguous range of cores below (a core: itself) */
    unsigned num_cores;
    psci_local_state_t local_state;
    /* Statistics (DEN 0022 5.1.16/17): completed stays per local state. */
    uint64_t stat_count[PSCI_NUM_LOCAL_STATES];
    uint64_t stat_residency_ns[PSCI_NUM_LOCAL_STATES];
    uint64_t stat_entry_ns; /* when the current non-RUN stay began */
    bool stat_tracking;     /* the current stay was entered through a PSCI call */
};

struct psci_core {
    uint64_t mpidr;
    unsigned cluster;
    enum psci_core_state state;
    /* What this core last requested for each level (DEN 0022 4.2.3 votes); index 0 is
     * its own state. A running core requests RUN everywhere. */
    psci_local_state_t req[PSCI_NUM_LEVELS];
    /* Entry point armed by CPU_ON / power-down suspend. */
    uint64_t entry;
    uint64_t context_id;
    bool entry_aarch32;
    bool via_default_suspend; /* suspended by CPU_DEFAULT_SUSPEND (DEN 0022 5.1.15) */
};

struct psci {
    struct psci_config cfg;
    struct psci_platform_ops ops;
    void *ctx;
    unsigned num_cores;
    unsigned num_nodes;
    struct psci_node *nodes;
    struct psci_core *cores;
    unsigned *cores_per_cluster;
    struct psci_mem_range *ns_ram;
    uint8_t level_states[PSCI_NUM_LEVELS];
    uint32_t supported;   /* bit n: function number n is dispatched (SMC32 ID) */
    uint32_t supported64; /* ... and has an SMC64 ID, dispatched too */
    enum psci_suspend_mode mode;
    unsigned tos_core;     /* current residence of a UP Trusted OS */
    bool halted;           /* after SYSTEM_OFF / SYSTEM_OFF2 */
    uint64_t last_time_ns; /* clamps a non-monotonic time source */
};

/* Node helpers. */
static inline unsigned psci_core_node_index(const struct psci *p, unsigned core)
{
    return 1u + p->cfg.num_clusters + core;
}
unsigned psci_ancestor(const struct psci *p, unsigned core, unsigned level);
uint64_t psci_now_ns(struct psci *p);
int psci_mpidr_to_core(const struct psci *p, uint64_t target);
bool psci_version_at_least(const struct psci *p, uint32_t v);
void psci_cold_boot(struct psci *p);

/* Function IDs (DEN 0028 2.5). Inline: every call goes through them. */
#define SMCCC_FID_SMC64_BIT    0x40000000u
#define SMCCC_FID_SVE_HINT_BIT 0x00010000u /* DEN 0028 1.3+ 2.5.3: ignored by the callee */

static inline bool psci_is_smc64(uint32_t fid)
{
    return (fid & SMCCC_FID_SMC64_BIT) != 0;
}

static inline uint32_t psci_effective_fid(const struct psci *p, uint32_t fid)
{
    return p->cfg.smccc_version >= SMCCC_VERSION_1_3 ? fid & ~SMCCC_FID_SVE_HINT_BIT : fid;
}

/* Function number of a dispatchable PSCI ID for this caller, or -1. The masks come from
 * the metadata table (psci_setup.c). SMC64 from AArch32 is NOT_SUPPORTED (DEN 0028 2.5;
 * KVM, QEMU). */
static inline int psci_dispatchable_fn(const struct psci *p, uint32_t fid, bool aarch32)
{
    if ((fid & ~(SMCCC_FID_SMC64_BIT | (PSCI_FN_COUNT - 1))) != PSCI_FN_BASE32) return -1;
    const bool smc64 = psci_is_smc64(fid);
    if (smc64 && aarch32) return -1;
    const unsigned fn = fid & (PSCI_FN_COUNT - 1);
    return ((smc64 ? p->supported64 : p->supported) >> fn) & 1u ? (int)fn : -1;
}

/* Hook of ops named by ref is non-NULL (psci_functions.c). */
bool psci_hook_present(const struct psci_platform_ops *ops, const struct psci_hook_ref *ref);

/* Entry point check (DEN 0022 6.4): 0 or INVALID_ADDRESS / INVALID_PARAMETERS (0.2). */
int32_t psci_validate_entry(const struct psci *p, uint64_t entry, bool aarch32);

/* power_state parsing (psci_power_state.c). */
struct psci_pstate {
    psci_local_state_t states[PSCI_NUM_LEVELS];
    unsigned target_level; /* deepest non-RUN level */
    unsigned last_at;      /* OSI "last at level" */
    bool power_down;
};
int32_t psci_parse_power_state(const struct psci *p, uint32_t power_state, struct psci_pstate *out);

/* Coordination and node state changes (psci_common.c). */
void psci_coordinate_pc(const struct psci *p, unsigned core,
                        const psci_local_state_t req[PSCI_NUM_LEVELS],
                        psci_local_state_t target[PSCI_NUM_LEVELS]);
int32_t psci_validate_osi(const struct psci *p, unsigned core, const struct psci_pstate *ps);
void psci_set_path_states(struct psci *p, unsigned core,
                          const psci_local_state_t target[PSCI_NUM_LEVELS]);
void psci_path_to_run(struct psci *p, unsigned core, psci_local_state_t from[PSCI_NUM_LEVELS]);
int psci_resume_powerdown(struct psci *p, unsigned core, struct psci_resume *out);
void psci_fill_result_target(struct psci_result *r, const psci_local_state_t t[PSCI_NUM_LEVELS]);

/* SMCCC_ARCH_FEATURES (psci_main.c). */
int64_t psci_smccc_arch_features(struct psci *p, uint32_t fid);

/*
 * One PSCI call as the handlers see it. x[0] is the function ID after SMCCC decoding;
 * x[1..3] are the arguments, narrowed to their low 32 bits for an SMC32 ID (DEN 0028 2.6).
 */
struct psci_call {
    unsigned core; /* linear index of the caller */
    bool aarch32;  /* the caller's register width */
    bool smc64;    /* called through the SMC64 ID */
    uint64_t x[4];
};

/* A row's handler: returns the value for x0 (sign-extended PSCI code or data) and may set
 * out->action and the other result fields. */
typedef int64_t psci_handler_fn(struct psci *p, const struct psci_call *c, struct psci_result *out);
/* A row's PSCI_FEATURES flags (DEN 0022 5.1.14), for a supported function. */
typedef int32_t psci_flags_fn(const struct psci *p);

/* Prototypes of every row's handler and flags function (psci_functions.def). */
#define PSCI_FUNCTION(name, number, name64, since, mandatory, args, hooks, needs, handler, flags)  \
    psci_handler_fn handler;                                                                       \
    psci_flags_fn flags;
#include "psci/psci_functions.def"
#undef PSCI_FUNCTION

#endif /* PSCI_PRIVATE_H */
