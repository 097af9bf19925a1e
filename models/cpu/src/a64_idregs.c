/*
 * Identification, cache-description and IMPLEMENTATION DEFINED registers of the
 * configured core type. The instruction set the ISS executes is the same for every
 * type, so the feature ID registers describe the ISS (what is implemented), while
 * MIDR/REVIDR/AIDR, the cache geometry and the IMPLEMENTATION DEFINED registers
 * follow the core's Technical Reference Manual. Table in docs/iss.md.
 */
#include "a64_fpsimd.h"
#include "a64_internal.h"

#include <string.h>

typedef enum { FAMILY_A5X, FAMILY_DYNAMIQ } family;

typedef struct cpu_desc {
    const char *name; /* device-tree compatible */
    uint32_t midr;    /* the newest revision named in its TRM */
    uint32_t ctr;     /* CTR_EL0 */
    family fam;
    uint32_t l1i_kib; /* fixed per core type (not in the platform config) */
    unsigned l1i_ways, l1d_ways, l2_ways;
    uint32_t l1d_kib;  /* default when the config gives none */
    uint64_t cpuactlr; /* CPUACTLR_EL1 reset value */
} cpu_desc;

/* MIDR_EL1: implementer 0x41 (Arm), variant/revision, architecture 0xF, part number
 * (A53 0xD03, A55 0xD05, A57 0xD07, A72 0xD08, A76 0xD0B). CTR_EL0: 64-byte lines
 * (IminLine = DminLine = 4), ERG = CWG = 4; L1Ip = 0b10 (VIPT) on A53/A55, 0b11 (PIPT)
 * on A57/A72/A76. Cache geometry from the TRMs' "Level 1 memory system" chapters. */
static const cpu_desc cpus[A64_CPU_COUNT] = {
    [A64_CPU_CORTEX_A53] = {"arm,cortex-a53", 0x410fd034, 0x84448004, FAMILY_A5X, 32, 2, 4, 16, 32,
                            0x00000000090ca000ull},
    [A64_CPU_CORTEX_A55] = {"arm,cortex-a55", 0x412fd050, 0x84448004, FAMILY_DYNAMIQ, 32, 4, 4, 4,
                            32, 0},
    [A64_CPU_CORTEX_A57] = {"arm,cortex-a57", 0x411fd073, 0x8444c004, FAMILY_A5X, 48, 3, 2, 16, 32,
                            0},
    [A64_CPU_CORTEX_A72] = {"arm,cortex-a72", 0x410fd083, 0x8444c004, FAMILY_A5X, 48, 3, 2, 16, 32,
                            0},
    [A64_CPU_CORTEX_A76] = {"arm,cortex-a76", 0x414fd0b1, 0x8444c004, FAMILY_DYNAMIQ, 64, 4, 4, 8,
                            64, 0},
};

int a64_cpu_lookup(const char *name, a64_cpu_type *type)
{
    if (!name) return -1;
    for (unsigned i = 0; i < A64_CPU_COUNT; i++) {
        const char *full = cpus[i].name, *shortname = full + 4; /* after "arm," */
        if (strcmp(name, full) == 0 || strcmp(name, shortname) == 0) {
            if (type) *type = (a64_cpu_type)i;
            return 0;
        }
    }
    return -1;
}

const char *a64_cpu_name(a64_cpu_type type)
{
    return (unsigned)type < A64_CPU_COUNT ? cpus[type].name : NULL;
}

/* ---- caches: CLIDR_EL1, CCSIDR_EL1 (Arm ARM D17.2, without FEAT_CCIDX) ---- */

#define LINE_BYTES 64u

/* CCSIDR_EL1 of a cache of `kib` KiB with `ways` ways of 64-byte lines; 0 if the
 * geometry does not fit the register (NumSets 15 bits, Associativity 10 bits). */
static uint32_t ccsidr(uint32_t kib, unsigned ways)
{
    uint64_t bytes = (uint64_t)kib * 1024, sets = bytes / ((uint64_t)ways * LINE_BYTES);
    if (!kib || !ways || ways > 1024 || sets == 0 || sets > 32768 ||
        sets * ways * LINE_BYTES != bytes)
        return 0;
    /* WT/WB/RA/WA [31:28] are RES0-as-UNKNOWN from Armv8.3; report write-back,
     * read- and write-allocate as these cores' data caches are. */
    return (0x7u << 28) | (uint32_t)(sets - 1) << 13 | (ways - 1) << 3 | 2; /* LineSize 64 B */
}

static uint32_t l1d_kib(const a64_core_config *cfg)
{
    return cfg->l1d_kib ? cfg->l1d_kib : cpus[cfg->cpu].l1d_kib;
}

const char *a64_core_config_check(const a64_core_config *cfg)
{
    if ((unsigned)cfg->cpu >= A64_CPU_COUNT) return "unknown core type";
    unsigned hi = cfg->have_el3 ? 3 : cfg->have_el2 ? 2 : 1;
    if (cfg->reset_el > hi || cfg->reset_el == 0 || (cfg->reset_el == 2 && !cfg->have_el2))
        return "reset EL is not implemented";
    const cpu_desc *d = &cpus[cfg->cpu];
    if (!ccsidr(l1d_kib(cfg), d->l1d_ways))
        return "L1 data cache size is not a whole number of 64-byte lines per way (or over "
               "32768 sets)";
    if (cfg->l2_kib && !ccsidr(cfg->l2_kib, d->l2_ways))
        return "L2 cache size is not a whole number of 64-byte lines per way (or over 32768 "
               "sets)";
    return NULL;
}

uint64_t sr_rd_ccsidr(a64_core *c, const a64_sr *r)
{
    (void)r;
    const cpu_desc *d = &cpus[c->cfg.cpu];
    uint64_t sel = c->sr[A64_SR_CSSELR_EL1];
    unsigned level = (unsigned)(sel >> 1) & 7, ind = sel & 1;
    /* CSSELR naming a cache that CLIDR_EL1 does not describe: CCSIDR is UNKNOWN;
     * this model reads 0. */
    if (level == 0)
        return ind ? ccsidr(d->l1i_kib, d->l1i_ways) : ccsidr(l1d_kib(&c->cfg), d->l1d_ways);
    if (level == 1 && !ind && c->cfg.l2_kib) return ccsidr(c->cfg.l2_kib, d->l2_ways);
    return 0;
}

a64_status sr_wr_csselr(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v & 0xf); /* Level [3:1], InD [0]; TnD RES0 without MTE2 */
}

/* ---- IMPLEMENTATION DEFINED registers ---- */

/* Whether the row exists on this core type, and the ACTLR_EL3/ACTLR_EL2 bit that
 * enables writes to it from lower ELs (-1: none). Cortex-A53/A57/A72 TRMs: bit 0
 * CPUACTLR, 1 CPUECTLR, 4 L2CTLR, 5 L2ECTLR, 6 L2ACTLR. Cortex-A55/A76 with the DSU:
 * bit 0 ACTLREN (CPUACTLR*, CLUSTERACTLR), 1 ECTLREN (CPUECTLR, CLUSTERECTLR),
 * 7 PWREN (CPUPWRCTLR, CLUSTERPWRCTLR, CLUSTERPWRDN). */
static bool impdef_row(const a64_core *c, unsigned id, int *actlr_bit)
{
    family fam = cpus[c->cfg.cpu].fam;
    *actlr_bit = -1;
    switch (id) {
    case A64_SR_CPUACTLR_EL1: *actlr_bit = 0; return fam == FAMILY_A5X;
    case A64_SR_CPUECTLR_EL1: *actlr_bit = 1; return fam == FAMILY_A5X;
    case A64_SR_L2CTLR_EL1: *actlr_bit = 4; return fam == FAMILY_A5X;
    case A64_SR_L2ECTLR_EL1: *actlr_bit = 5; return fam == FAMILY_A5X;
    case A64_SR_L2ACTLR_EL1: *actlr_bit = 6; return fam == FAMILY_A5X;
    case A64_SR_CPUMERRSR_EL1:
    case A64_SR_L2MERRSR_EL1: return fam == FAMILY_A5X;
    case A64_SR_DQ_CPUACTLR_EL1:
    case A64_SR_DQ_CPUACTLR2_EL1:
    case A64_SR_CLUSTERACTLR_EL1: *actlr_bit = 0; return fam == FAMILY_DYNAMIQ;
    case A64_SR_DQ_CPUACTLR3_EL1: *actlr_bit = 0; return c->cfg.cpu == A64_CPU_CORTEX_A76;
    case A64_SR_DQ_CPUECTLR_EL1:
    case A64_SR_CLUSTERECTLR_EL1: *actlr_bit = 1; return fam == FAMILY_DYNAMIQ;
    case A64_SR_CPUPWRCTLR_EL1:
    case A64_SR_CLUSTERPWRCTLR_EL1:
    case A64_SR_CLUSTERPWRDN_EL1: *actlr_bit = 7; return fam == FAMILY_DYNAMIQ;
    case A64_SR_CLUSTERPWRSTAT_EL1: return fam == FAMILY_DYNAMIQ;
    default: return false;
    }
}

/* Writes from EL1 need ACTLR_EL2's bit (when EL2 is enabled) and ACTLR_EL3's (when
 * EL3 exists), writes from EL2 need ACTLR_EL3's; otherwise they trap to that EL. */
a64_sr_acc sr_chk_impdef(a64_core *c, const a64_sr *r, bool read)
{
    int bit;
    if (!impdef_row(c, r->id, &bit)) return A64_ACC_UNDEF;
    if (read || bit < 0) return A64_ACC_OK;
    unsigned el = c->s.el;
    if (el == 1 && a64_el2_enabled(c) && !((c->sr[A64_SR_ACTLR_EL2] >> bit) & 1))
        return A64_ACC_TRAP_EL2;
    if (el <= 2 && c->cfg.have_el3 && !((c->sr[A64_SR_ACTLR_EL3] >> bit) & 1))
        return A64_ACC_TRAP_EL3;
    return A64_ACC_OK;
}

/* ---- reset ---- */

void a64_idregs_reset(a64_core *c)
{
    const a64_core_config *cfg = &c->cfg;
    const cpu_desc *d = &cpus[cfg->cpu];
    uint64_t *sr = c->sr;

    if (!c->cfg.midr) c->cfg.midr = d->midr;
    sr[A64_SR_VPIDR_EL2] = c->cfg.midr;
    sr[A64_SR_VMPIDR_EL2] = cfg->mpidr | (1ull << 31);

    /* ID_AA64PFR0_EL1 (D17.2.64): EL0/EL1 AArch64 only (1), EL2/EL3 as configured,
     * GIC system-register interface (1) when the platform connects one through the
     * sysreg callbacks. FP [19:16] and AdvSIMD [23:20]: A64_PFR0_FP_ADVSIMD
     * (a64_fpsimd.h), the one place that says whether both are implemented. */
    uint64_t pfr0 = 0x1 | (0x1 << 4) | (cfg->have_el2 ? 0x100 : 0) | (cfg->have_el3 ? 0x1000 : 0) |
                    A64_PFR0_FP_ADVSIMD;
    if (c->cb.sysreg_read) pfr0 |= 1ull << 24;
    sr[A64_SR_ID_AA64PFR0_EL1] = pfr0;

    sr[A64_SR_REVIDR_EL1] = 0; /* no ECO fixes */
    sr[A64_SR_AIDR_EL1] = 0;   /* the TRMs' AIDR_EL1 reset value */
    sr[A64_SR_CTR_EL0] = d->ctr;
    /* CLIDR_EL1: L1 separate I and D (Ctype1 = 3), L2 unified (Ctype2 = 4) when the
     * cluster has one; LoUIS = LoUU = 1; LoC = the last level. */
    unsigned loc = cfg->l2_kib ? 2 : 1;
    sr[A64_SR_CLIDR_EL1] =
        0x3 | (cfg->l2_kib ? 0x4u << 3 : 0) | (1u << 21) | (loc << 24) | (1u << 27);

    /* IMPLEMENTATION DEFINED registers: TRM reset values; 0 where the TRM gives 0 or
     * a configuration-dependent value this model does not describe. */
    sr[A64_SR_CPUACTLR_EL1] = d->cpuactlr;
    if (d->fam == FAMILY_A5X) {
        /* L2CTLR_EL1[25:24]: number of cores in the cluster - 1 (these clusters
         * have at most 4; a larger configured cluster reads as 4, as on QEMU). */
        unsigned n = cfg->cluster_cores ? cfg->cluster_cores : 1;
        if (n > 4) n = 4;
        sr[A64_SR_L2CTLR_EL1] = (uint64_t)(n - 1) << 24;
    }
}
