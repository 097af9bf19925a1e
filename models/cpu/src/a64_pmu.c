/*
 * PMUv3 (Arm ARM D11 "The Performance Monitors Extension", registers in D17.5):
 * PMCR_EL0, the cycle counter, A64_PMU_N event counters, enable/overflow/interrupt
 * sets, PMUSERENR_EL0, PMSELR-indirect access, filtering by EL, the overflow
 * interrupt and the EL2/EL3 trap controls.
 *
 * Counting costs the step loop nothing: a running counter's value is derived from
 * the core's cycle and instruction counters (and a few event totals reported with
 * a64_pmu_event()) at the moment it is read, and folded (a64_pmu_sync) whenever
 * what it counts may change: enables, filters, EL, MDCR. An overflow that can raise
 * the interrupt sets a cycle deadline at which the step loop calls a64_pmu_sync().
 * A core that does not run (WFI/WFE, powered off) adds no cycles or instructions,
 * so it counts nothing.
 */
#include "a64_internal.h"

#define PMCR_E        (1u << 0)
#define PMCR_P        (1u << 1)
#define PMCR_C        (1u << 2)
#define PMCR_D        (1u << 3)
#define PMCR_LC       (1u << 6)
#define PMCR_WRITABLE (PMCR_E | PMCR_D | (1u << 4) | (1u << 5) | PMCR_LC) /* E D X DP LC */

#define MDCR_TPMCR (1u << 5)
#define MDCR_TPM   (1u << 6)
#define MDCR_HPME  (1u << 7)

#define CCNT         A64_PMU_N /* index of the cycle counter in cnt[]/base[]/evtyper[] */
#define CCNT_BIT     31u
/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0: P [31], U [30], NSK [29], NSU [28], NSH [27],
 * M [26], evtCount [9:0] (PMUv3 for Armv8.0: 10 bits). */
#define EVTYPER_MASK 0xfc0003ffu
#define FILTER_P     (1u << 31)
#define FILTER_U     (1u << 30)
#define FILTER_NSH   (1u << 27)
#define FILTER_M     (1u << 26)

/* PMCEID0_EL0: the common events this PMU counts (bit n = event n). */
#define PMCEID0                                                                                    \
    ((1u << A64_PMU_SW_INCR) | (1u << A64_PMU_L1I_TLB_REFILL) | (1u << A64_PMU_L1D_TLB_REFILL) |   \
     (1u << A64_PMU_INST_RETIRED) | (1u << A64_PMU_EXC_TAKEN) | (1u << A64_PMU_CPU_CYCLES))

/* MDCR_EL2.HPMN as it applies: counters [HPMN, N) are reserved for EL2. */
static unsigned hpmn(const a64_core *c)
{
    if (!c->cfg.have_el2) return A64_PMU_N;
    unsigned n = (unsigned)c->sr[A64_SR_MDCR_EL2] & 31;
    return n < A64_PMU_N ? n : A64_PMU_N;
}

/* Counters the current EL may see: at EL0/EL1 with EL2 enabled, [0, HPMN). */
static uint32_t visible(const a64_core *c)
{
    unsigned n = c->s.el < 2 && a64_el2_enabled(c) ? hpmn(c) : A64_PMU_N;
    return ((1u << n) - 1) | (1u << CCNT_BIT);
}

static uint32_t implemented_mask(void)
{
    return ((1u << A64_PMU_N) - 1) | (1u << CCNT_BIT);
}

/* The enable that gates counter i besides PMCNTENSET: PMCR_EL0.E, or MDCR_EL2.HPME
 * for the counters reserved to EL2. */
static bool globally_enabled(const a64_core *c, unsigned i)
{
    if (i != CCNT && i >= hpmn(c)) return (c->sr[A64_SR_MDCR_EL2] & MDCR_HPME) != 0;
    return (c->pmu.pmcr & PMCR_E) != 0;
}

static uint32_t mask_bit(unsigned i)
{
    return i == CCNT ? 1u << CCNT_BIT : 1u << i;
}

/* Whether the filter lets the current EL count (no Secure/Non-secure split is
 * modelled beyond EL3: NSK/NSU are ignored). */
static bool filter_passes(unsigned el, uint32_t f)
{
    switch (el) {
    case 0: return !(f & FILTER_U);
    case 1: return !(f & FILTER_P);
    case 2: return (f & FILTER_NSH) != 0;
    default: return !(f & FILTER_P) == !(f & FILTER_M);
    }
}

static unsigned event_of(const a64_core *c, unsigned i)
{
    return i == CCNT ? A64_PMU_CPU_CYCLES : c->pmu.evtyper[i] & 0x3ff;
}

static bool event_supported(unsigned ev)
{
    return ev < 32 && ((PMCEID0 >> ev) & 1);
}

/* Monotonic total the counter follows: its value grows by the difference. */
static uint64_t source_total(const a64_core *c, unsigned i)
{
    switch (event_of(c, i)) {
    case A64_PMU_CPU_CYCLES: {
        uint64_t cyc = a64_cycles_now(c);
        return i == CCNT && (c->pmu.pmcr & PMCR_D) ? cyc >> 6 : cyc;
    }
    case A64_PMU_INST_RETIRED: return a64_instret_now(c);
    case A64_PMU_EXC_TAKEN: return c->pmu.raw[A64_PMU_RAW_EXC];
    case A64_PMU_L1I_TLB_REFILL: return c->pmu.raw[A64_PMU_RAW_L1I_TLB];
    case A64_PMU_L1D_TLB_REFILL: return c->pmu.raw[A64_PMU_RAW_L1D_TLB];
    default: return 0; /* SW_INCR: counted by PMSWINC writes */
    }
}

/* Add `delta` to counter i with the overflow rules: event counters are 32 bits;
 * the cycle counter is 64 bits and overflows at 2^32 or 2^64 (PMCR_EL0.LC). */
static void add_count(a64_core *c, unsigned i, uint64_t delta)
{
    a64_pmu_state *p = &c->pmu;
    uint64_t old = p->cnt[i];
    bool ovf;
    if (i != CCNT) {
        uint64_t v = (old & 0xffffffffu) + delta;
        ovf = (v >> 32) != 0;
        p->cnt[i] = v & 0xffffffffu;
    } else {
        uint64_t v = old + delta;
        ovf = (p->pmcr & PMCR_LC) ? v < old : ((old & 0xffffffffu) + delta) >> 32 != 0;
        p->cnt[i] = v;
    }
    if (ovf) p->ovs |= mask_bit(i);
}

/* Events until counter i overflows (saturated to 2^62). */
static uint64_t until_overflow(const a64_core *c, unsigned i)
{
    uint64_t v = c->pmu.cnt[i];
    if (i != CCNT || !(c->pmu.pmcr & PMCR_LC)) return (1ull << 32) - (v & 0xffffffffu);
    uint64_t left = 0 - v;
    return left == 0 || left > (1ull << 62) ? 1ull << 62 : left;
}

static void set_irq(a64_core *c, bool level)
{
    if (c->pmu.irq == level) return;
    c->pmu.irq = level;
    if (c->cb.pmu_irq) c->cb.pmu_irq(c->cb.ctx, c, level);
}

/* Fold what the running counters counted since their base (with the settings
 * under which they ran). */
static void fold(a64_core *c)
{
    a64_pmu_state *p = &c->pmu;
    for (unsigned i = 0; i <= A64_PMU_N; i++)
        if (p->active & mask_bit(i)) add_count(c, i, source_total(c, i) - p->base[i]);
}

/* Which counters run from now on (bases = now), when one that interrupts may
 * overflow, and the interrupt level. */
static void restart(a64_core *c)
{
    a64_pmu_state *p = &c->pmu;
    uint64_t now_cyc = a64_cycles_now(c);
    p->active = 0;
    p->watch = 0;
    p->filtering = false;
    p->deadline = UINT64_MAX;
    uint32_t irq_pending = 0;
    for (unsigned i = 0; i <= A64_PMU_N; i++) {
        uint32_t b = mask_bit(i);
        bool en = globally_enabled(c, i);
        if (en && (p->ovs & p->inten & b)) irq_pending |= b;
        unsigned ev = event_of(c, i);
        if (!en || !(p->cnten & b) || !event_supported(ev)) continue;
        /* A counter stopped by its filter at this EL must still notice the EL
         * change that lets it run again. */
        uint32_t f = p->evtyper[i];
        bool here = filter_passes(c->s.el, f);
        for (unsigned el = 0; el <= a64_highest_el(c); el++)
            if (filter_passes(el, f) != here) p->filtering = true;
        if (!here) continue;
        p->active |= b;
        p->base[i] = source_total(c, i);
        if (!(p->inten & b)) continue;
        uint64_t left = until_overflow(c, i), cycles;
        switch (ev) {
        case A64_PMU_CPU_CYCLES:
            /* The divided cycle counter ticks when cycles cross a multiple of 64. */
            cycles = i == CCNT && (p->pmcr & PMCR_D) ? (left << 6) - (now_cyc & 63) : left;
            break;
        case A64_PMU_INST_RETIRED:
            cycles = left; /* every instruction costs at least a cycle: a lower bound */
            break;
        case A64_PMU_EXC_TAKEN: p->watch |= 1u << A64_PMU_RAW_EXC; continue;
        case A64_PMU_L1I_TLB_REFILL: p->watch |= 1u << A64_PMU_RAW_L1I_TLB; continue;
        case A64_PMU_L1D_TLB_REFILL: p->watch |= 1u << A64_PMU_RAW_L1D_TLB; continue;
        default: continue;
        }
        uint64_t at = now_cyc + cycles;
        if (at < now_cyc) at = UINT64_MAX;
        if (at < p->deadline) p->deadline = at;
    }
    if (p->deadline != UINT64_MAX)
        c->limit = 0; /* the running dispatch loop picks the deadline up */
    set_irq(c, irq_pending != 0);
}

void a64_pmu_sync(a64_core *c)
{
    fold(c);
    restart(c);
}

void a64_pmu_reset(a64_core *c)
{
    bool was = c->pmu.irq;
    memset(&c->pmu, 0, sizeof(c->pmu));
    c->pmu.deadline = UINT64_MAX;
    c->pmu.irq = was;
    set_irq(c, false);
}

bool a64_pmu_irq(const a64_core *c)
{
    return c->pmu.irq;
}

/* ---- access checks (Arm ARM D11.x, the registers' "Accessibility" pseudocode) ---- */

/* Counter index an access names: n for PMEV*<n>, PMSELR.SEL for PMXEV*; -1 none. */
static int counter_index(const a64_core *c, unsigned id)
{
    if (id >= A64_SR_PMEVCNTR0_EL0 && id <= A64_SR_PMEVCNTR5_EL0)
        return (int)(id - A64_SR_PMEVCNTR0_EL0);
    if (id >= A64_SR_PMEVTYPER0_EL0 && id <= A64_SR_PMEVTYPER5_EL0)
        return (int)(id - A64_SR_PMEVTYPER0_EL0);
    if (id == A64_SR_PMXEVCNTR_EL0 || id == A64_SR_PMXEVTYPER_EL0) return (int)(c->pmu.selr & 31);
    return -1;
}

a64_sr_acc sr_chk_pmu(a64_core *c, const a64_sr *r, bool read)
{
    unsigned el = c->s.el, id = r->id;
    int n = counter_index(c, id);
    if (n >= 0) {
        /* PMSELR.SEL = 31 selects PMCCFILTR for PMXEVTYPER; no counter otherwise. */
        bool ccfilt = n == 31 && id == A64_SR_PMXEVTYPER_EL0;
        if (!ccfilt &&
            ((unsigned)n >= A64_PMU_N || (el < 2 && a64_el2_enabled(c) && (unsigned)n >= hpmn(c))))
            return A64_ACC_UNDEF;
    }
    if (el == 0) {
        uint32_t u = c->pmu.userenr; /* EN [0], SW [1], CR [2], ER [3] */
        bool ok = u & 1;
        switch (id) {
        case A64_SR_PMUSERENR_EL0: ok = true; break;
        case A64_SR_PMSWINC_EL0: ok |= (u >> 1) & 1; break;
        case A64_SR_PMCCNTR_EL0: ok |= read && ((u >> 2) & 1); break;
        case A64_SR_PMSELR_EL0: ok |= (u >> 3) & 1; break;
        case A64_SR_PMXEVCNTR_EL0:
        default:
            if (id == A64_SR_PMXEVCNTR_EL0 ||
                (id >= A64_SR_PMEVCNTR0_EL0 && id <= A64_SR_PMEVCNTR5_EL0))
                ok |= read && ((u >> 3) & 1);
            break;
        }
        if (!ok) return A64_ACC_TRAP_EL1;
    }
    if (el <= 1 && a64_el2_enabled(c)) {
        uint64_t mdcr = c->sr[A64_SR_MDCR_EL2];
        if ((mdcr & MDCR_TPM) || (id == A64_SR_PMCR_EL0 && (mdcr & MDCR_TPMCR)))
            return A64_ACC_TRAP_EL2;
    }
    if (el <= 2 && c->cfg.have_el3 && (c->sr[A64_SR_MDCR_EL3] & MDCR_TPM)) return A64_ACC_TRAP_EL3;
    return A64_ACC_OK;
}

/* ---- registers ---- */

/* PMCR_EL0.IMP/IDCODE per core type (TRMs; 0 where not known). */
static uint32_t pmcr_id(const a64_core *c)
{
    switch (c->cfg.cpu) {
    case A64_CPU_CORTEX_A53: return 0x41030000u;
    case A64_CPU_CORTEX_A57: return 0x41010000u;
    case A64_CPU_CORTEX_A72: return 0x41020000u;
    default: return 0x41000000u;
    }
}

static uint64_t counter_value(a64_core *c, unsigned i)
{
    a64_pmu_sync(c);
    return c->pmu.cnt[i];
}

uint64_t sr_rd_pmu(a64_core *c, const a64_sr *r)
{
    a64_pmu_state *p = &c->pmu;
    uint32_t vis = visible(c);
    switch (r->id) {
    case A64_SR_PMCR_EL0: {
        unsigned n = c->s.el < 2 && a64_el2_enabled(c) ? hpmn(c) : A64_PMU_N;
        return pmcr_id(c) | (n << 11) | p->pmcr;
    }
    case A64_SR_PMCNTENSET_EL0:
    case A64_SR_PMCNTENCLR_EL0: return p->cnten & vis;
    case A64_SR_PMOVSSET_EL0:
    case A64_SR_PMOVSCLR_EL0: a64_pmu_sync(c); return p->ovs & vis;
    case A64_SR_PMINTENSET_EL1:
    case A64_SR_PMINTENCLR_EL1: return p->inten & vis;
    case A64_SR_PMSELR_EL0: return p->selr;
    case A64_SR_PMUSERENR_EL0: return p->userenr;
    case A64_SR_PMCEID0_EL0: return PMCEID0;
    case A64_SR_PMCEID1_EL0: return 0;
    case A64_SR_PMCCNTR_EL0: return counter_value(c, CCNT);
    case A64_SR_PMCCFILTR_EL0: return p->evtyper[CCNT];
    case A64_SR_PMXEVTYPER_EL0: {
        unsigned n = p->selr & 31;
        return p->evtyper[n == 31 ? CCNT : n];
    }
    case A64_SR_PMXEVCNTR_EL0: return counter_value(c, p->selr & 31);
    default: break;
    }
    if (r->id >= A64_SR_PMEVCNTR0_EL0 && r->id <= A64_SR_PMEVCNTR5_EL0)
        return counter_value(c, r->id - A64_SR_PMEVCNTR0_EL0);
    if (r->id >= A64_SR_PMEVTYPER0_EL0 && r->id <= A64_SR_PMEVTYPER5_EL0)
        return p->evtyper[r->id - A64_SR_PMEVTYPER0_EL0];
    return 0;
}

/* PMSWINC_EL0: each set bit increments a running counter programmed with SW_INCR. */
static void software_increment(a64_core *c, uint64_t v)
{
    for (unsigned i = 0; i < A64_PMU_N; i++)
        if (((v >> i) & 1) && (c->pmu.active & (1u << i)) && event_of(c, i) == A64_PMU_SW_INCR)
            add_count(c, i, 1);
}

a64_status sr_wr_pmu(a64_core *c, const a64_sr *r, uint64_t v)
{
    a64_pmu_state *p = &c->pmu;
    uint32_t vis = visible(c), bits = (uint32_t)v & vis & implemented_mask();
    fold(c); /* with the old configuration; restart() below applies the new one */
    switch (r->id) {
    case A64_SR_PMCR_EL0:
        p->pmcr = v & PMCR_WRITABLE;
        if (v & PMCR_P) /* reset the event counters this EL may see */
            for (unsigned i = 0; i < A64_PMU_N; i++)
                if (vis & (1u << i)) p->cnt[i] = 0;
        if (v & PMCR_C) p->cnt[CCNT] = 0;
        break;
    case A64_SR_PMCNTENSET_EL0: p->cnten |= bits; break;
    case A64_SR_PMCNTENCLR_EL0: p->cnten &= ~bits; break;
    case A64_SR_PMOVSSET_EL0: p->ovs |= bits; break;
    case A64_SR_PMOVSCLR_EL0: p->ovs &= ~bits; break;
    case A64_SR_PMINTENSET_EL1: p->inten |= bits; break;
    case A64_SR_PMINTENCLR_EL1: p->inten &= ~bits; break;
    case A64_SR_PMSELR_EL0: p->selr = (uint32_t)v & 31; break;
    case A64_SR_PMUSERENR_EL0: p->userenr = (uint32_t)v & 0xf; break;
    case A64_SR_PMSWINC_EL0: software_increment(c, bits); break;
    case A64_SR_PMCCNTR_EL0: p->cnt[CCNT] = v; break;
    case A64_SR_PMCCFILTR_EL0: p->evtyper[CCNT] = (uint32_t)v & 0xfc000000u; break;
    case A64_SR_PMXEVTYPER_EL0: {
        unsigned n = p->selr & 31;
        p->evtyper[n == 31 ? CCNT : n] = (uint32_t)v & (n == 31 ? 0xfc000000u : EVTYPER_MASK);
        break;
    }
    case A64_SR_PMXEVCNTR_EL0: p->cnt[p->selr & 31] = v & 0xffffffffu; break;
    default:
        if (r->id >= A64_SR_PMEVCNTR0_EL0 && r->id <= A64_SR_PMEVCNTR5_EL0)
            p->cnt[r->id - A64_SR_PMEVCNTR0_EL0] = v & 0xffffffffu;
        else if (r->id >= A64_SR_PMEVTYPER0_EL0 && r->id <= A64_SR_PMEVTYPER5_EL0)
            p->evtyper[r->id - A64_SR_PMEVTYPER0_EL0] = (uint32_t)v & EVTYPER_MASK;
        break;
    }
    restart(c); /* bases and deadline for the new configuration */
    return A64_OK;
}

/* MDCR_EL2 (HPMN, HPME, TPM, TPMCR) and MDCR_EL3 (TPM) change which counters run. */
a64_status sr_wr_mdcr(a64_core *c, const a64_sr *r, uint64_t v)
{
    fold(c);
    a64_sr_store(c, r, v);
    restart(c);
    return A64_OK;
}
