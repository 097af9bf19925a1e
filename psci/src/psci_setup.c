/*
 * psci_setup.c - configuration checks, the power-domain tree, the capability mask (from
 * the function metadata) and the cold-boot state (TF-A psci_setup.c plays the same role).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psci_private.h"

#define PSCI_MAX_CORES_PER_CLUSTER 256u
#define PSCI_MAX_CLUSTERS          256u

void psci_config_init(struct psci_config *cfg)
{
    static const unsigned one_core = 1;
    memset(cfg, 0, sizeof *cfg);
    cfg->version = PSCI_VERSION_1_1;
    cfg->num_clusters = 1;
    cfg->cores_per_cluster = &one_core;
    cfg->power_state_format = PSCI_PSTATE_ORIGINAL;
    cfg->smccc_version = SMCCC_VERSION_1_1;
    cfg->tos = PSCI_TOS_NONE;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static bool valid_version(uint32_t v)
{
    size_t n;
    const uint32_t *versions = psci_supported_versions(&n);
    for (size_t i = 0; i < n; i++)
        if (versions[i] == v) return true;
    return false;
}

/* "0.2, 1.0, ..." for the error message. */
static void format_versions(char *buf, size_t len)
{
    size_t n, used = 0;
    const uint32_t *versions = psci_supported_versions(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%u.%u", i ? ", " : "",
                         (unsigned)PSCI_VERSION_MAJOR(versions[i]),
                         (unsigned)PSCI_VERSION_MINOR(versions[i]));
        if (w < 0) break;
        used += (size_t)w;
    }
}

static bool hooks_present(const struct psci_platform_ops *ops, const struct psci_function_info *f,
                          const char **missing)
{
    for (unsigned h = 0; h < PSCI_FN_MAX_HOOKS && f->hooks[h].name; h++)
        if (!psci_hook_present(ops, &f->hooks[h])) {
            if (missing) *missing = f->hooks[h].name;
            return false;
        }
    return true;
}

static bool needs_met(const struct psci *p, enum psci_fn_needs needs)
{
    switch (needs) {
    case PSCI_NEEDS_NOTHING: return true;
    case PSCI_NEEDS_TOS: return p->cfg.tos != PSCI_TOS_NONE;
    case PSCI_NEEDS_OSI: return p->cfg.osi_supported;
    case PSCI_NEEDS_SYSTEM_OFF_STATES:
        return (p->level_states[PSCI_LEVEL_CLUSTER] & PSCI_STATE_BIT(PSCI_LOCAL_OFF)) &&
               (p->level_states[PSCI_LEVEL_SYSTEM] & PSCI_STATE_BIT(PSCI_LOCAL_OFF));
    }
    return false;
}

/* DEN 0022 table 5 as the metadata states it: a function is dispatched when the version
 * defines it, its hooks are present, its configuration needs are met and it is not
 * withheld; its SMC64 ID too when it has one. check_config() has made sure the mandatory
 * ones qualify. */
static void compute_supported(struct psci *p)
{
    p->supported = p->supported64 = 0;
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++) {
        const struct psci_function_info *f = psci_get_function_info(fn);
        if (!f || p->cfg.version < f->since || !hooks_present(&p->ops, f, NULL) ||
            !needs_met(p, f->needs) || (p->cfg.disabled_functions & (1u << fn)))
            continue;
        p->supported |= 1u << fn;
        if (f->name64) p->supported64 |= 1u << fn;
    }
}

static bool check_config(const struct psci_config *cfg, const struct psci_platform_ops *ops,
                         char *err, size_t errlen, unsigned *num_cores_out)
{
    if (!valid_version(cfg->version)) {
        char list[64];
        format_versions(list, sizeof list);
        set_err(err, errlen, "psci: unsupported PSCI version 0x%08x (supported: %s)",
                (unsigned)cfg->version, list);
        return false;
    }
    if (cfg->num_clusters == 0 || !cfg->cores_per_cluster) {
        set_err(err, errlen, "psci: topology needs at least one cluster");
        return false;
    }
    if (cfg->num_clusters > PSCI_MAX_CLUSTERS) {
        set_err(err, errlen, "psci: %u clusters, at most %u supported", cfg->num_clusters,
                PSCI_MAX_CLUSTERS);
        return false;
    }
    unsigned n = 0;
    for (unsigned c = 0; c < cfg->num_clusters; c++) {
        unsigned k = cfg->cores_per_cluster[c];
        if (k == 0 || k > PSCI_MAX_CORES_PER_CLUSTER) {
            set_err(err, errlen, "psci: cluster %u has %u cores (must be 1..%u)", c, k,
                    PSCI_MAX_CORES_PER_CLUSTER);
            return false;
        }
        n += k;
    }
    if (cfg->boot_core >= n) {
        set_err(err, errlen, "psci: boot core %u does not exist (%u cores)", cfg->boot_core, n);
        return false;
    }
    if (cfg->mpidr) {
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = i + 1; j < n; j++)
                if ((cfg->mpidr[i] & PSCI_MPIDR_AFF_MASK) ==
                    (cfg->mpidr[j] & PSCI_MPIDR_AFF_MASK)) {
                    set_err(err, errlen,
                            "psci: cores %u and %u have the same MPIDR affinity 0x%llx", i, j,
                            (unsigned long long)(cfg->mpidr[i] & PSCI_MPIDR_AFF_MASK));
                    return false;
                }
    }
    if (cfg->power_state_format != PSCI_PSTATE_ORIGINAL &&
        cfg->power_state_format != PSCI_PSTATE_EXTENDED) {
        set_err(err, errlen, "psci: unknown power_state format %d", (int)cfg->power_state_format);
        return false;
    }
    if (cfg->version == PSCI_VERSION_0_2 && cfg->power_state_format == PSCI_PSTATE_EXTENDED) {
        set_err(err, errlen, "psci: the extended power_state format needs PSCI 1.0 or later");
        return false;
    }
    if (cfg->version == PSCI_VERSION_0_2 && cfg->osi_supported) {
        set_err(err, errlen, "psci: OS-initiated mode needs PSCI 1.0 or later");
        return false;
    }
    const uint8_t valid_bits = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        if (cfg->level_states[l] & ~valid_bits) {
            set_err(err, errlen, "psci: level_states[%u] = 0x%x has bits other than RET/OFF", l,
                    cfg->level_states[l]);
            return false;
        }
    }
    if (cfg->level_states[0] && !(cfg->level_states[0] & PSCI_STATE_BIT(PSCI_LOCAL_OFF))) {
        set_err(err, errlen, "psci: level 0 must support OFF (CPU_OFF powers the core down)");
        return false;
    }
    if (cfg->num_ns_ram && !cfg->ns_ram) {
        set_err(err, errlen, "psci: num_ns_ram is %u but ns_ram is NULL", cfg->num_ns_ram);
        return false;
    }
    for (unsigned i = 0; i < cfg->num_ns_ram; i++) {
        const struct psci_mem_range *r = &cfg->ns_ram[i];
        if (r->size == 0 || r->base + r->size < r->base) {
            set_err(err, errlen,
                    "psci: NS RAM range %u (base 0x%llx size 0x%llx) is empty or wraps", i,
                    (unsigned long long)r->base, (unsigned long long)r->size);
            return false;
        }
    }
    if (cfg->smccc_version != 0 && (PSCI_VERSION_MAJOR(cfg->smccc_version) != 1 ||
                                    PSCI_VERSION_MINOR(cfg->smccc_version) > 5)) {
        set_err(err, errlen, "psci: unsupported SMCCC version 0x%08x (supported: 1.0 .. 1.5)",
                (unsigned)cfg->smccc_version);
        return false;
    }
    if (cfg->tos != PSCI_TOS_NONE && cfg->tos != PSCI_TOS_UP_MIGRATE &&
        cfg->tos != PSCI_TOS_UP_NO_MIGRATE) {
        set_err(err, errlen, "psci: unknown Trusted OS type %d", (int)cfg->tos);
        return false;
    }
    if (cfg->tos != PSCI_TOS_NONE && cfg->tos_core >= n) {
        set_err(err, errlen, "psci: Trusted OS core %u does not exist", cfg->tos_core);
        return false;
    }
    if (cfg->tos == PSCI_TOS_UP_MIGRATE && !ops->tos_migrate) {
        set_err(err, errlen,
                "psci: a migration-capable Trusted OS needs the tos_migrate platform op (MIGRATE)");
        return false;
    }
    uint32_t mand = 0, known = 0;
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++) {
        const struct psci_function_info *f = psci_get_function_info(fn);
        if (!f) continue;
        known |= 1u << fn;
        if (!psci_function_mandatory(f, cfg->version)) continue;
        mand |= 1u << fn;
        const char *hook = NULL;
        if (!hooks_present(ops, f, &hook)) {
            set_err(err, errlen,
                    "psci: PSCI %u.%u requires %s but platform op %s is NULL; refusing to "
                    "advertise a version whose mandatory functions are missing",
                    (unsigned)PSCI_VERSION_MAJOR(cfg->version),
                    (unsigned)PSCI_VERSION_MINOR(cfg->version), f->name, hook);
            return false;
        }
    }
    if (cfg->disabled_functions & mand) {
        unsigned bit = 0;
        while (!((cfg->disabled_functions & mand) & (1u << bit)))
            bit++;
        set_err(err, errlen, "psci: %s is mandatory in PSCI %u.%u and cannot be disabled",
                psci_get_function_info(bit)->name, (unsigned)PSCI_VERSION_MAJOR(cfg->version),
                (unsigned)PSCI_VERSION_MINOR(cfg->version));
        return false;
    }
    if (cfg->disabled_functions & ~known) {
        set_err(err, errlen, "psci: disabled_functions 0x%x names unknown function numbers",
                (unsigned)cfg->disabled_functions);
        return false;
    }
    *num_cores_out = n;
    return true;
}

struct psci *psci_create(const struct psci_config *cfg, const struct psci_platform_ops *ops,
                         void *ctx, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!cfg || !ops) {
        set_err(err, errlen, "psci: NULL configuration or platform ops");
        return NULL;
    }
    unsigned n = 0;
    if (!check_config(cfg, ops, err, errlen, &n)) return NULL;

    struct psci *p = calloc(1, sizeof *p);
    if (!p) {
        set_err(err, errlen, "psci: out of memory");
        return NULL;
    }
    p->cfg = *cfg;
    p->ops = *ops;
    p->ctx = ctx;
    p->num_cores = n;
    p->num_nodes = 1 + cfg->num_clusters + n;
    p->nodes = calloc(p->num_nodes, sizeof *p->nodes);
    p->cores = calloc(n, sizeof *p->cores);
    p->cores_per_cluster = calloc(cfg->num_clusters, sizeof *p->cores_per_cluster);
    if (cfg->num_ns_ram) p->ns_ram = calloc(cfg->num_ns_ram, sizeof *p->ns_ram);
    if (!p->nodes || !p->cores || !p->cores_per_cluster || (cfg->num_ns_ram && !p->ns_ram)) {
        psci_destroy(p);
        set_err(err, errlen, "psci: out of memory");
        return NULL;
    }
    memcpy(p->cores_per_cluster, cfg->cores_per_cluster,
           cfg->num_clusters * sizeof *p->cores_per_cluster);
    p->cfg.cores_per_cluster = p->cores_per_cluster;
    if (cfg->num_ns_ram) memcpy(p->ns_ram, cfg->ns_ram, cfg->num_ns_ram * sizeof *p->ns_ram);
    p->cfg.ns_ram = p->ns_ram;
    p->cfg.mpidr = NULL; /* copied into cores[] below */
    if (p->cfg.smccc_version == 0) p->cfg.smccc_version = SMCCC_VERSION_1_0;

    /* Defaults as on Arm FVP (TF-A fvp_pwr_state / arm_pm_idle_states). */
    static const uint8_t def[PSCI_NUM_LEVELS] = {
        PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF),
        PSCI_STATE_BIT(PSCI_LOCAL_OFF), PSCI_STATE_BIT(PSCI_LOCAL_OFF)};
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        p->level_states[l] = cfg->level_states[l] ? cfg->level_states[l] : def[l];

    /* Breadth-first tree: system, clusters, cores (TF-A psci_setup.c populate_power_domain_tree).
     */
    struct psci_node *sys = &p->nodes[0];
    sys->level = PSCI_LEVEL_SYSTEM;
    sys->parent = 0;
    sys->first_core = 0;
    sys->num_cores = n;
    unsigned core = 0;
    for (unsigned c = 0; c < cfg->num_clusters; c++) {
        struct psci_node *cl = &p->nodes[1 + c];
        cl->level = PSCI_LEVEL_CLUSTER;
        cl->parent = 0;
        cl->first_core = core;
        cl->num_cores = cfg->cores_per_cluster[c];
        for (unsigned k = 0; k < cfg->cores_per_cluster[c]; k++, core++) {
            struct psci_node *cn = &p->nodes[psci_core_node_index(p, core)];
            cn->level = PSCI_LEVEL_CORE;
            cn->parent = 1 + c;
            cn->first_core = core;
            cn->num_cores = 1;
            p->cores[core].cluster = c;
            p->cores[core].mpidr =
                cfg->mpidr ? cfg->mpidr[core] : (0x80000000ull | ((uint64_t)c << 8) | k);
        }
    }
    compute_supported(p);
    psci_cold_boot(p);
    return p;
}

void psci_destroy(struct psci *p)
{
    if (!p) return;
    free(p->nodes);
    free(p->cores);
    free(p->cores_per_cluster);
    free(p->ns_ram);
    free(p);
}

/* Cold boot (TF-A psci_setup: every node OFF, every core's votes OFF so that never-booted
 * cores do not hold their parents up; then the boot core's path RUN). */
void psci_cold_boot(struct psci *p)
{
    for (unsigned i = 0; i < p->num_nodes; i++) {
        struct psci_node *nd = &p->nodes[i];
        nd->local_state = PSCI_LOCAL_OFF;
        memset(nd->stat_count, 0, sizeof nd->stat_count);
        memset(nd->stat_residency_ns, 0, sizeof nd->stat_residency_ns);
        nd->stat_entry_ns = 0;
        nd->stat_tracking = false;
    }
    for (unsigned c = 0; c < p->num_cores; c++) {
        struct psci_core *pc = &p->cores[c];
        pc->state = PSCI_CORE_OFF;
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
            pc->req[l] = PSCI_LOCAL_OFF;
        pc->entry = 0;
        pc->context_id = 0;
        pc->entry_aarch32 = false;
        pc->via_default_suspend = false;
    }
    unsigned b = p->cfg.boot_core;
    p->cores[b].state = PSCI_CORE_ON;
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++) {
        p->cores[b].req[l] = PSCI_LOCAL_RUN;
        p->nodes[psci_ancestor(p, b, l)].local_state = PSCI_LOCAL_RUN;
    }
    p->mode = PSCI_MODE_PC;
    p->tos_core = p->cfg.tos_core;
    p->halted = false;
    p->last_time_ns = 0;
}

unsigned psci_ancestor(const struct psci *p, unsigned core, unsigned level)
{
    switch (level) {
    case PSCI_LEVEL_CORE: return psci_core_node_index(p, core);
    case PSCI_LEVEL_CLUSTER: return 1 + p->cores[core].cluster;
    default: return 0;
    }
}

bool psci_version_at_least(const struct psci *p, uint32_t v)
{
    return p->cfg.version >= v;
}

uint64_t psci_now_ns(struct psci *p)
{
    if (!p->ops.time_ns) return 0;
    uint64_t t = p->ops.time_ns(p->ctx);
    if (t < p->last_time_ns) t = p->last_time_ns; /* a time source must not run backwards: clamp */
    p->last_time_ns = t;
    return t;
}

int psci_mpidr_to_core(const struct psci *p, uint64_t target)
{
    if (target & ~PSCI_MPIDR_AFF_MASK) return -1; /* RES0 bits set (DEN 0022 5.1.4) */
    for (unsigned c = 0; c < p->num_cores; c++)
        if ((p->cores[c].mpidr & PSCI_MPIDR_AFF_MASK) == target) return (int)c;
    return -1;
}

/* DEN 0022 6.4 / 5.2.2: a bad entry point is INVALID_ADDRESS from 1.0, INVALID_PARAMETERS
 * in 0.2. AArch64: the PC must be 4-byte aligned (TF-A checks bit0, the mode bit; a PC
 * with bit1 set would take a PC alignment fault at the first fetch, DDI 0487 D1.3.3).
 * AArch32: bit0 selects Thumb; an A32 entry must be word aligned. */
int32_t psci_validate_entry(const struct psci *p, uint64_t entry, bool aarch32)
{
    const int32_t bad = psci_version_at_least(p, PSCI_VERSION_1_0) ? PSCI_RET_INVALID_ADDRESS
                                                                   : PSCI_RET_INVALID_PARAMETERS;
    if (aarch32) {
        if (!(entry & 1) && (entry & 2)) return bad;
    } else if (entry & 3) {
        return bad;
    }
    if (p->cfg.num_ns_ram == 0) return PSCI_RET_SUCCESS;
    uint64_t addr = aarch32 ? (entry & ~1ull) : entry;
    for (unsigned i = 0; i < p->cfg.num_ns_ram; i++) {
        const struct psci_mem_range *r = &p->cfg.ns_ram[i];
        if (addr >= r->base && addr - r->base < r->size) return PSCI_RET_SUCCESS;
    }
    return bad;
}

/* ---- public queries ---- */

unsigned psci_num_cores(const struct psci *p)
{
    return p ? p->num_cores : 0;
}

unsigned psci_num_clusters(const struct psci *p)
{
    return p ? p->cfg.num_clusters : 0;
}

unsigned psci_core_cluster(const struct psci *p, unsigned core)
{
    return (p && core < p->num_cores) ? p->cores[core].cluster : 0;
}

uint64_t psci_core_mpidr(const struct psci *p, unsigned core)
{
    return (p && core < p->num_cores) ? p->cores[core].mpidr : 0;
}

int psci_core_by_mpidr(const struct psci *p, uint64_t mpidr)
{
    return p ? psci_mpidr_to_core(p, mpidr & PSCI_MPIDR_AFF_MASK) : -1;
}

enum psci_core_state psci_core_state(const struct psci *p, unsigned core)
{
    return (p && core < p->num_cores) ? p->cores[core].state : PSCI_CORE_OFF;
}

/* DEN 0022 5.1.5: a core is ON when running or suspended (and until a CPU_OFF has
 * completed), OFF when never turned on, after CPU_OFF completed or when frozen. */
enum psci_aff_state psci_core_aff_state(const struct psci *p, unsigned core)
{
    if (!p || core >= p->num_cores) return PSCI_AFF_OFF;
    switch (p->cores[core].state) {
    case PSCI_CORE_OFF:
    case PSCI_CORE_FROZEN: return PSCI_AFF_OFF;
    case PSCI_CORE_ON_PENDING: return PSCI_AFF_ON_PENDING;
    default: return PSCI_AFF_ON;
    }
}

psci_local_state_t psci_node_local_state(const struct psci *p, unsigned core, unsigned level)
{
    if (!p || core >= p->num_cores || level > PSCI_MAX_LEVEL) return PSCI_LOCAL_OFF;
    return p->nodes[psci_ancestor(p, core, level)].local_state;
}

enum psci_suspend_mode psci_get_suspend_mode(const struct psci *p)
{
    return p ? p->mode : PSCI_MODE_PC;
}

uint32_t psci_get_version(const struct psci *p)
{
    return p ? p->cfg.version : 0;
}

bool psci_is_halted(const struct psci *p)
{
    return p ? p->halted : false;
}
