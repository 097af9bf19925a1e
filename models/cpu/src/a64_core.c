/*
 * The core: system and core lifetime, reset, the step loop (the only place that
 * turns handler statuses into exception entry or stop reasons), exception entry
 * and interrupt routing (Arm ARM D1.10-D1.13).
 */
#include "a64_fpu.h"
#include "a64_internal.h"
#include "a64_mem.h"
#include "a64_mmu.h"

#include <stdio.h>
#include <stdlib.h>

static const a64_timing timing_a53 = {
    .alu = 1,
    .mul = 3,
    .div = 12,
    .branch = 1,
    .branch_taken = 1,
    .load = 3,
    .store = 1,
    .pair_extra = 1,
    .exclusive = 2,
    .atomic = 8,
    .barrier = 6,
    .sysreg = 2,
    .cache_maint = 4,
    .exception = 8,
    .eret = 6,
    .fp = 4,
    .fp_mul = 4,
    .fp_div = 18,
    .simd = 1,
    .simd_mul = 2,
};

const a64_timing *a64_timing_default(void)
{
    return &timing_a53;
}

/* ---------------- system ---------------- */

a64_system *a64_system_create(void)
{
    return calloc(1, sizeof(a64_system));
}

void a64_system_destroy(a64_system *sys)
{
    if (!sys) return;
    while (sys->ncores)
        a64_core_destroy(sys->cores[sys->ncores - 1]);
    for (unsigned i = 0; i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        uint64_t npages = (r->size + (1u << A64_PAGE_SHIFT) - 1) >> A64_PAGE_SHIFT;
        for (uint64_t p = 0; p < npages; p++)
            free(r->pages[p]);
        free(r->pages);
    }
    free(sys);
}

int a64_system_map_ram(a64_system *sys, uint64_t base, uint64_t size, uint8_t *host)
{
    /* Regions start on a 4 KiB boundary so that predecoded pages line up with
     * the smallest translation granule. */
    if (!sys || !host || size == 0 || base + size - 1 < base || sys->nregions == A64_MAX_REGIONS ||
        (base & 0xfff))
        return -1;
    for (unsigned i = 0; i < sys->nregions; i++) {
        const a64_region *r = &sys->region[i];
        if (base < r->base + r->size && r->base < base + size) return -1;
    }
    uint64_t npages = (size + (1u << A64_PAGE_SHIFT) - 1) >> A64_PAGE_SHIFT;
    a64_page **pages = calloc(npages, sizeof(*pages));
    if (!pages) return -1;
    a64_region *r = &sys->region[sys->nregions++];
    r->base = base;
    r->size = size;
    r->host = host;
    r->pages = pages;
    for (unsigned i = 0; i < sys->ncores; i++)
        a64_utlb_flush(sys->cores[i]);
    return 0;
}

void a64_system_code_written(a64_system *sys, uint64_t pa, uint64_t len)
{
    if (sys && len) a64_invalidate_code(sys, pa, len);
}

/* ---------------- cores ---------------- */

static void set_timing(a64_core *c, const a64_timing *t)
{
    c->tm = *t;
    c->cost[A64_T_ALU] = t->alu;
    c->cost[A64_T_MUL] = t->mul;
    c->cost[A64_T_DIV] = t->div;
    c->cost[A64_T_BRANCH] = t->branch;
    c->cost[A64_T_LOAD] = t->load;
    c->cost[A64_T_STORE] = t->store;
    c->cost[A64_T_LOADP] = t->load + t->pair_extra;
    c->cost[A64_T_STOREP] = t->store + t->pair_extra;
    c->cost[A64_T_EXCL] = t->load + t->exclusive;
    c->cost[A64_T_ATOMIC] = t->atomic;
    c->cost[A64_T_BARRIER] = t->barrier;
    c->cost[A64_T_SYSREG] = t->sysreg;
    c->cost[A64_T_CACHE] = t->cache_maint;
    c->cost[A64_T_ERET] = t->eret;
    c->cost[A64_T_EXCEPTION] = t->alu;
    c->cost[A64_T_FP] = t->fp;
    c->cost[A64_T_FP_MUL] = t->fp_mul;
    c->cost[A64_T_FP_DIV] = t->fp_div;
    c->cost[A64_T_SIMD] = t->simd;
    c->cost[A64_T_SIMD_MUL] = t->simd_mul;
    c->cost[A64_T_NONE] = 0;
    /* The dispatch loop adds one instruction with each class cost (c->run_acc). */
    for (unsigned k = 0; k < A64_T_COUNT; k++)
        c->run_cost[k] = c->cost[k] + A64_RUN_INSN;
}

a64_core *a64_core_create(a64_system *sys, const a64_core_config *cfg, const a64_callbacks *cb)
{
    if (!sys || !cfg || sys->ncores == A64_MAX_CORES || a64_core_config_check(cfg)) return NULL;
    a64_core *c = calloc(1, sizeof(*c));
    if (!c) return NULL;
    c->sys = sys;
    c->cfg = *cfg;
    if (cb) c->cb = *cb;
    set_timing(c, cfg->timing ? cfg->timing : &timing_a53);
    c->cfg.timing = NULL;
    sys->cores[sys->ncores++] = c;
    a64_core_reset(c);
    return c;
}

void a64_core_destroy(a64_core *c)
{
    if (!c) return;
    a64_system *sys = c->sys;
    a64_monitor_clear(c);
    for (unsigned i = 0; i < sys->ncores; i++) {
        if (sys->cores[i] == c) {
            sys->cores[i] = sys->cores[--sys->ncores];
            break;
        }
    }
    free(c);
}

static void reset_common(a64_core *c, unsigned el, uint64_t pc)
{
    memset(&c->s, 0, sizeof(c->s));
    c->s.el = (uint8_t)el;
    c->s.spsel = 1;
    c->s.daif = 0xf << 6;
    c->s.pc = pc;
    c->il = false;
    a64_monitor_clear(c);
    c->nested_aborts = 0;
    c->chain_vector = ~0ull; /* no vector entered yet (not a valid PC) */
    c->bp_skip_valid = false;
    a64_tlb_flush_all(c);
    a64_mmu_context_check(c);
    a64_pe_state_changed(c);
    a64_update_vint(c); /* HCR_EL2.VI/VF are back at 0 */
}

void a64_core_reset(a64_core *c)
{
    a64_sysregs_reset(c);
    reset_common(c, c->cfg.reset_el, c->cfg.rvbar);
}

void a64_core_warm_reset(a64_core *c, unsigned el, uint64_t entry, uint64_t context_id)
{
    if (el < 1 || el > a64_highest_el(c) || (el == 2 && !c->cfg.have_el2))
        el = a64_highest_el(c) >= 2 && c->cfg.have_el2 ? 2 : 1;
    a64_sysregs_reset(c);
    /* A PSCI entry point below EL3 runs in Non-secure state (DEN 0022 6.4):
     * SCR_EL3.NS = 1 (RW is already RAO). */
    if (c->cfg.have_el3 && el < 3) c->sr[A64_SR_SCR_EL3] |= 1u;
    reset_common(c, el, entry);
    c->s.x[0] = context_id;
}

a64_state *a64_core_state(a64_core *c)
{
    return &c->s;
}
const a64_core_config *a64_core_get_config(const a64_core *c)
{
    return &c->cfg;
}
uint64_t a64_core_cycles(const a64_core *c)
{
    return a64_cycles_now(c);
}
uint64_t a64_core_instructions(const a64_core *c)
{
    return c->instret;
}

void a64_request_stop(a64_core *c)
{
    c->stop_requested = true;
    c->limit = 0;
}

void a64_set_irq(a64_core *c, bool level)
{
    c->irq_line = level;
    a64_update_interrupts(c);
}

void a64_set_fiq(a64_core *c, bool level)
{
    c->fiq_line = level;
    a64_update_interrupts(c);
}

void a64_set_virq(a64_core *c, bool level)
{
    c->virq_line = level;
    a64_update_vint(c);
}

void a64_set_vfiq(a64_core *c, bool level)
{
    c->vfiq_line = level;
    a64_update_vint(c);
}

/* A virtual interrupt is a WFI wake-up event only where it could be taken: at
 * EL0/EL1 with EL2 enabled, HCR_EL2.TGE = 0 and IMO (FMO) routing it (Arm ARM
 * D1.16.2, "WFI wake-up events"). */
static bool vint_routed(const a64_core *c, unsigned which)
{
    uint64_t hcr = c->sr[A64_SR_HCR_EL2];
    uint64_t mo = which == 1 ? 1ull << 4 : 1ull << 3; /* IMO, FMO */
    return (c->vint & which) && c->s.el <= 1 && a64_el2_enabled(c) && (hcr & mo) &&
           !(hcr & (1ull << 27));
}

bool a64_wake_pending(const a64_core *c)
{
    return c->irq_line || c->fiq_line || (c->vint && (vint_routed(c, 1) || vint_routed(c, 2)));
}

int a64_breakpoint_add(a64_core *c, uint64_t pc)
{
    for (unsigned i = 0; i < c->nbp; i++)
        if (c->bp[i] == pc) return 0;
    if (c->nbp == A64_MAX_BREAKPOINTS) return -1;
    c->bp[c->nbp++] = pc;
    return 0;
}

int a64_breakpoint_remove(a64_core *c, uint64_t pc)
{
    for (unsigned i = 0; i < c->nbp; i++) {
        if (c->bp[i] == pc) {
            c->bp[i] = c->bp[--c->nbp];
            return 0;
        }
    }
    return -1;
}

void a64_set_single_step(a64_core *c, bool on)
{
    c->step = on;
}

int a64_watchpoint_add(a64_core *c, uint64_t va, uint64_t len, unsigned kind)
{
    if (len == 0 || kind < A64_WATCH_WRITE || kind > A64_WATCH_ACCESS) return -1;
    for (unsigned i = 0; i < c->nwp; i++)
        if (c->wp[i].va == va && c->wp[i].len == len && c->wp[i].kind == kind) return 0;
    if (c->nwp == A64_MAX_BREAKPOINTS) return -1;
    c->wp[c->nwp].va = va;
    c->wp[c->nwp].len = len;
    c->wp[c->nwp].kind = kind;
    c->nwp++;
    a64_utlb_flush(c); /* from now on every data access takes the checking path */
    return 0;
}

int a64_watchpoint_remove(a64_core *c, uint64_t va, uint64_t len, unsigned kind)
{
    for (unsigned i = 0; i < c->nwp; i++) {
        if (c->wp[i].va == va && c->wp[i].len == len && c->wp[i].kind == kind) {
            c->wp[i] = c->wp[--c->nwp];
            return 0;
        }
    }
    return -1;
}

bool a64_watchpoint_hit(const a64_core *c, uint64_t *wp_va, unsigned *kind, uint64_t *access_va)
{
    if (!c->wp_hit_valid) return false;
    *wp_va = c->wp_hit_va;
    *kind = c->wp_hit_kind;
    *access_va = c->wp_hit_access;
    return true;
}

/* ConditionHolds (Arm ARM C1.2.4) for all 16 NZCV values: bit v of
 * a64_cond_table[cond] says whether cond holds when NZCV = v. */
static uint16_t cond_eval(unsigned cond)
{
    uint16_t t = 0;
    for (unsigned v = 0; v < 16; v++) {
        bool n = v & 8, z = v & 4, cf = v & 2, o = v & 1, r;
        switch (cond >> 1) {
        case 0: r = z; break;
        case 1: r = cf; break;
        case 2: r = n; break;
        case 3: r = o; break;
        case 4: r = cf && !z; break;
        case 5: r = n == o; break;
        case 6: r = n == o && !z; break;
        default: r = true; break;
        }
        if ((cond & 1) && cond != 15) r = !r;
        t |= (uint16_t)(r << v);
    }
    return t;
}

const uint16_t a64_cond_table[16] = {
    /* precomputed cond_eval(0..15); a64_cond_table_ok() is checked by a unit test */
    0xf0f0, 0x0f0f, 0xcccc, 0x3333, 0xff00, 0x00ff, 0xaaaa, 0x5555,
    0x0c0c, 0xf3f3, 0xaa55, 0x55aa, 0x0a05, 0xf5fa, 0xffff, 0xffff,
};

bool a64_cond_table_ok(void)
{
    for (unsigned k = 0; k < 16; k++)
        if (cond_eval(k) != a64_cond_table[k]) return false;
    return true;
}

/* ---------------- exceptions ---------------- */

uint32_t a64_pstate_to_spsr(const a64_core *c)
{
    /* SPSR_ELx for AArch64 (Arm ARM C5.2.18): NZCV [31:28], IL [20], DAIF [9:6],
     * M[3:0] = EL:SP ("EL1h" = 0b0101). */
    return (c->s.nzcv & 0xf0000000u) | (c->il ? 1u << 20 : 0) | (c->s.daif & 0x3c0u) |
           ((uint32_t)c->s.el << 2) | (c->s.spsel & 1);
}

static const unsigned sr_elr[4] = {0, A64_SR_ELR_EL1, A64_SR_ELR_EL2, A64_SR_ELR_EL3};
static const unsigned sr_spsr[4] = {0, A64_SR_SPSR_EL1, A64_SR_SPSR_EL2, A64_SR_SPSR_EL3};
static const unsigned sr_esr[4] = {0, A64_SR_ESR_EL1, A64_SR_ESR_EL2, A64_SR_ESR_EL3};
static const unsigned sr_far[4] = {0, A64_SR_FAR_EL1, A64_SR_FAR_EL2, A64_SR_FAR_EL3};
static const unsigned sr_vbar[4] = {0, A64_SR_VBAR_EL1, A64_SR_VBAR_EL2, A64_SR_VBAR_EL3};

/* Take an exception to target_el at vector `kind` (0 sync, 0x80 IRQ, 0x100 FIQ).
 * Arm ARM D1.10.2: SPSR/ELR saved, PSTATE.{D,A,I,F} set, SP_ELx selected. */
static void take_exception(a64_core *c, unsigned target, unsigned kind, uint64_t elr, uint32_t ec)
{
    unsigned from = c->s.el;
    uint64_t off = target > from ? 0x400 : (c->s.spsel ? 0x200 : 0);
    c->sr[sr_spsr[target]] = a64_pstate_to_spsr(c);
    c->sr[sr_elr[target]] = elr;
    c->s.el = (uint8_t)target;
    c->s.spsel = 1;
    c->s.daif = 0xf << 6;
    c->il = false;
    c->s.pc = c->sr[sr_vbar[target]] + off + kind;
    if (target != from) a64_utlb_flush(c); /* the micro-TLB holds one EL's permissions */
    /* Whether exception entry clears the local monitor is IMPLEMENTATION
     * DEFINED; it does not here (as on QEMU). ERET clears it. */
    c->cyc += c->tm.exception;
    if (target != from) a64_pe_state_changed(c);
    a64_update_interrupts(c);
    a64_pmu_event(c, A64_PMU_EXC_TAKEN);
    a64_pmu_el_changed(c);
    if (c->cb.el_change) c->cb.el_change(c->cb.ctx, c, from, target, false, ec);
}

/* Default routing of a synchronous exception (Arm ARM D1.10.1): to EL1 from EL0/1
 * (EL2 from EL0 when HCR_EL2.TGE routes it), never to a lower EL than the
 * current one. External aborts go to EL3 when SCR_EL3.EA is set. */
static unsigned sync_target(a64_core *c, const a64_exc *e)
{
    unsigned el = c->s.el;
    unsigned t = el ? el : 1;
    if (e->target_el > 0)
        t = (unsigned)e->target_el;
    else if (el == 0 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & (1ull << 27)))
        t = 2;
    else if (e->ec == A64_EC_BRK && el <= 1 && a64_el2_enabled(c) &&
             (c->sr[A64_SR_MDCR_EL2] & (1u << 8)))
        t = 2; /* MDCR_EL2.TDE routes debug exceptions to EL2 (Arm ARM D2.3) */
    unsigned fsc = e->iss & 0x3f;
    bool ext = (e->ec == A64_EC_DABT_CUR || e->ec == A64_EC_IABT_CUR) &&
               (fsc == A64_FSC_EXTERNAL || (fsc & 0x3c) == A64_FSC_EXT_WALK);
    if (ext && c->cfg.have_el3 && (c->sr[A64_SR_SCR_EL3] & (1u << 3))) t = 3;
    return t < el ? el : t;
}

static void take_sync(a64_core *c, uint64_t pc)
{
    a64_exc *e = &c->exc;
    unsigned t = sync_target(c, e);
    uint32_t ec = e->ec;
    if (t > c->s.el && (ec == A64_EC_IABT_CUR || ec == A64_EC_DABT_CUR))
        ec -= 1; /* the "from a lower Exception level" form */
    /* IL = 1: every A64 instruction is 32 bits; for UNKNOWN it is also 1. */
    c->sr[sr_esr[t]] = ((uint64_t)ec << 26) | (1u << 25) | (e->iss & 0x1ffffff);
    if (e->far_valid) c->sr[sr_far[t]] = e->far;
    take_exception(c, t, 0, e->return_next ? pc + 4 : pc, ec);
}

/* Where a pending physical IRQ/FIQ goes, or -1 if it is not taken now
 * (Arm ARM D1.13.2, tables D1-14..D1-17, AArch64 only, no virtual interrupts). */
static int interrupt_target(const a64_core *c, bool fiq)
{
    unsigned el = c->s.el, t;
    uint64_t scr = c->sr[A64_SR_SCR_EL3], hcr = c->sr[A64_SR_HCR_EL2];
    if (c->cfg.have_el3 && (scr & (fiq ? 1u << 2 : 1u << 1)))
        t = 3;
    else if (a64_el2_enabled(c) && (hcr & ((fiq ? 1ull << 3 : 1ull << 4) | (1ull << 27))))
        t = 2;
    else
        t = 1;
    if (t < el) return -1;
    bool masked = c->s.daif & (fiq ? 1u << 6 : 1u << 7);
    if ((t == el || t == 1) && masked) return -1;
    return (int)t;
}

/* A virtual IRQ (which = 1) or FIQ (2): taken to EL1 from EL0/EL1 when routed
 * (vint_routed) and not masked by PSTATE.I (F) (Arm ARM D1.13.4); -1 otherwise. */
static int virtual_target(const a64_core *c, unsigned which)
{
    if (!vint_routed(c, which)) return -1;
    return (c->s.daif & (which == 1 ? 1u << 7 : 1u << 6)) ? -1 : 1;
}

/* Fatal message: one line naming the core, PC, ESR and cause. */
static void fatal_stop(a64_core *c, a64_stop_info *info, uint64_t pc, const char *cause)
{
    unsigned el = c->s.el ? c->s.el : 1;
    info->reason = A64_STOP_FATAL;
    int n = snprintf(info->message, sizeof(info->message),
                     "core MPIDR=0x%llx: fatal at PC=0x%llx (EL%u, ESR_EL%u=0x%llx): ",
                     (unsigned long long)c->cfg.mpidr, (unsigned long long)pc, c->s.el, el,
                     (unsigned long long)c->sr[sr_esr[el]]);
    size_t used = n < 0 ? 0 : (size_t)n, room = sizeof(info->message) - 1;
    for (size_t k = 0; cause[k] && used < room; k++)
        info->message[used++] = cause[k];
    info->message[used < room ? used : room] = 0;
}

/* The fatal "exception loop" message: the loop, then the first exception of the
 * chain (the one raised outside a vector), whose ELR/ESR/FAR say what went wrong. */
static void loop_stop(a64_core *c, a64_stop_info *info, uint64_t pc, const char *what)
{
    char msg[256]; /* fatal_stop keeps what fits in info->message */
    snprintf(msg, sizeof(msg), "%s; first exception: ELR=0x%llx ESR=0x%llx FAR=0x%llx", what,
             (unsigned long long)c->chain_elr, (unsigned long long)c->chain_esr,
             (unsigned long long)c->chain_far);
    fatal_stop(c, info, pc, msg);
}

/* Handle a synchronous exception; false (FATAL filled) on an exception loop. */
static bool raise_sync(a64_core *c, uint64_t pc, a64_stop_info *info)
{
    bool abort = c->exc.ec == A64_EC_IABT_CUR || c->exc.ec == A64_EC_PC_ALIGN;
    bool in_chain = pc == c->chain_vector; /* raised by the vector just entered */
    if (abort && c->nested_aborts) {
        char msg[120];
        snprintf(msg, sizeof(msg),
                 "exception loop: instruction abort fetching the vector at 0x%llx",
                 (unsigned long long)pc);
        take_sync(c, pc); /* record the syndrome the guest would have seen */
        c->s.pc = pc;
        loop_stop(c, info, pc, msg);
        return false;
    }
    c->nested_aborts = abort ? 1 : 0;
    take_sync(c, pc);
    c->chain_vector = c->s.pc;
    if (!in_chain) {
        unsigned el = c->s.el;
        c->chain_elr = c->sr[sr_elr[el]];
        c->chain_esr = c->sr[sr_esr[el]];
        c->chain_far = c->sr[sr_far[el]];
    }
    if (!abort && c->s.pc == pc) {
        /* The vector itself raised the same synchronous exception: it would
         * re-enter itself forever. */
        loop_stop(c, info, pc, "exception loop: the vector raises a synchronous exception");
        return false;
    }
    return true;
}

static a64_status end_of_page(a64_core *c, const a64_slot *s)
{
    (void)c;
    (void)s;
    return A64_END_OF_PAGE;
}

/* The inner loop: dispatch predecoded slots until the page is left (the
 * sentinel slot after the last one returns A64_END_OF_PAGE), a branch leaves it
 * or misaligns PC, the cycle limit is reached or a status needs the outer loop.
 * Kept apart so its few live values stay in registers. */
__attribute__((hot, noinline)) static a64_status run_page(a64_core *c, const a64_slot *slots,
                                                          const uint64_t base)
{
    const uint64_t *cost = c->run_cost;
    const a64_slot *sl = &slots[(c->s.pc - base) >> 2];
    /* Class costs and the instruction count accumulate in one register, packed
     * as in c->run_acc (a read-modify-write of c->cyc per instruction would chain
     * every dispatch through memory); one store per instruction shows the running
     * sums to callbacks and the PMU. Handlers add their extras to c->cyc. */
    const uint64_t extra[A64_PAIR_NEXT + 1] = {
        [A64_TAKEN] = c->tm.branch_taken,
        [A64_JUMP] = 0,
        [A64_PAIR_TAKEN] = cost[A64_T_BRANCH] + c->tm.branch_taken,
        [A64_PAIR_NEXT] = cost[A64_T_BRANCH],
    };
    uint64_t acc = 0;
    a64_status st;
    c->pbase = base;
    c->pslots = slots;
    for (;;) {
        uint64_t add = cost[sl->tclass];
        c->run_acc = acc;
        st = sl->fn(c, sl);
        acc += add;
        if (A64_LIKELY(st == A64_OK)) {
            sl++;
        } else if (st == A64_PAIR_LOCAL) {
            sl = c->next_slot;
            acc += extra[A64_PAIR_TAKEN];
            st = A64_OK;
        } else if (st <= A64_PAIR_NEXT) { /* the handler wrote PC */
            uint64_t pc = c->s.pc;
            acc += extra[st];
            st = A64_OK;
            if (A64_UNLIKELY(pc - base >= (1u << A64_PAGE_SHIFT) || (pc & 3))) goto out_pc_set;
            sl = &slots[(pc - base) >> 2];
        } else {
            if (st == A64_END_OF_PAGE) {
                acc -= A64_RUN_INSN;
                st = A64_OK;
            }
            break;
        }
        if (A64_UNLIKELY((uint32_t)acc + c->cyc >= c->limit)) break;
    }
    /* PC of the next instruction (OK), or of the one that stopped the loop. */
    c->s.pc = base + ((uint64_t)(sl - slots) << 2);
out_pc_set:
    c->cyc += (uint32_t)acc;
    c->instret += acc >> 32;
    c->run_acc = 0;
    return st;
}

static bool at_breakpoint(a64_core *c)
{
    return a64_breakpoint_at(c, c->s.pc);
}

void a64_run(a64_core *c, uint64_t max_cycles, a64_stop_info *info)
{
    memset(info, 0, sizeof(*info));
    const uint64_t cyc0 = c->cyc, ins0 = c->instret;
    const uint64_t end = max_cycles > UINT64_MAX - c->cyc ? UINT64_MAX : c->cyc + max_cycles;
    c->stop_requested = false;
    c->wp_hit_valid = false;
    a64_fpu_host_changed(); /* sample the host FP environment once per run */
    bool first = true;
    bool progressed = false;  /* an instruction retired or an exception was taken */
    a64_mmu_context_check(c); /* the host may have changed registers or the EL */
    if (!a64_check_regime(c)) {
        fatal_stop(c, info, c->s.pc, c->fatal_msg);
        return;
    }

    for (;;) {
        if (progressed) {
            c->wp_skip = false;
            if (c->step) {
                info->reason = A64_STOP_REQUESTED;
                break;
            }
        }
        if (A64_UNLIKELY(c->cyc >= c->pmu.deadline))
            a64_pmu_sync(c); /* a counter that can interrupt may overflow now */
        if (c->stop_requested) {
            info->reason = A64_STOP_REQUESTED;
            break;
        }
        if (c->cyc >= end) {
            info->reason = A64_STOP_BUDGET;
            break;
        }
        if (c->fiq_line || c->irq_line || c->vint) {
            int t = c->fiq_line ? interrupt_target(c, true) : -1;
            unsigned kind = 0x100;
            if (t < 0 && c->irq_line) {
                t = interrupt_target(c, false);
                kind = 0x80;
            }
            /* Physical interrupts take priority over virtual ones (Arm ARM
             * D1.13.5); FIQ over IRQ among each. */
            if (t < 0 && c->vint) {
                t = virtual_target(c, 2);
                kind = 0x100;
                if (t < 0) {
                    t = virtual_target(c, 1);
                    kind = 0x80;
                }
            }
            if (t >= 0) {
                take_exception(c, (unsigned)t, kind, c->s.pc,
                               kind == 0x100 ? A64_EL_CHANGE_FIQ : A64_EL_CHANGE_IRQ);
                c->nested_aborts = 0;
                progressed = true;
                if (!a64_check_regime(c)) {
                    fatal_stop(c, info, c->s.pc, c->fatal_msg);
                    break;
                }
                continue;
            }
        }
        uint64_t pc = c->s.pc;
        if (c->nbp && !(first && c->bp_skip_valid && c->bp_skip_pc == pc) && at_breakpoint(c)) {
            info->reason = A64_STOP_BREAKPOINT;
            c->bp_skip_valid = true;
            c->bp_skip_pc = pc;
            break;
        }
        first = false;
        c->bp_skip_valid = false;
        progressed = true; /* whatever follows retires or raises something */
        if (c->il) {
            /* Illegal Execution state (Arm ARM D1.4.4) after an illegal return. */
            a64_raise(c, A64_EC_ILLEGAL, 0, false, -1);
            if (!raise_sync(c, pc, info)) break;
            continue;
        }
        if (pc & 3) {
            a64_raise(c, A64_EC_PC_ALIGN, 0, false, -1);
            c->exc.far_valid = true;
            c->exc.far = pc;
            if (!raise_sync(c, pc, info)) break;
            continue;
        }
        a64_region *r;
        uint64_t ppa;
        if (a64_fetch_page(c, pc, &r, &ppa) != A64_OK) {
            if (!raise_sync(c, pc, info)) break;
            continue;
        }
        uint64_t off = ppa - r->base;
        a64_page **pp = &r->pages[off >> A64_PAGE_SHIFT];
        if (!*pp) {
            a64_page *pg = malloc(sizeof(a64_page));
            if (!pg) {
                fatal_stop(c, info, pc, "host out of memory for the predecode cache");
                break;
            }
            for (unsigned i = 0; i < A64_PAGE_SLOTS; i++)
                pg->slot[i] = (a64_slot){a64_h_predecode, 0, A64_ENC_UNDEF, A64_T_ALU, 0};
            pg->slot[A64_PAGE_SLOTS] = (a64_slot){end_of_page, 0, A64_ENC_UNDEF, A64_T_NONE, 0};
            pg->decoded = false;
            *pp = pg;
            a64_tlb_code_page(c->sys, ppa); /* stores there must see the code */
        }
        a64_page *pg = *pp;
        const uint64_t base = pc & ~(uint64_t)((1u << A64_PAGE_SHIFT) - 1);
        c->ppbase = ppa;
        /* With breakpoints, watchpoints or a step: one instruction at a time. A PMU
         * overflow deadline ends the loop early so that the interrupt is raised on time. */
        c->limit = c->nbp || c->nwp || c->step ? 0 : end < c->pmu.deadline ? end : c->pmu.deadline;
        if (c->limit > c->cyc + A64_RUN_MAX_CYCLES)
            c->limit = c->cyc + A64_RUN_MAX_CYCLES; /* run_acc's cycles stay in 32 bits */

        a64_status st = run_page(c, pg->slot, base);
        if (st == A64_OK) {
            c->nested_aborts = 0;
            continue;
        }
        pc = c->s.pc;
        if (st == A64_WATCH) {
            /* Stopped before the access: the instruction did not retire and its
             * class cost is given back, so re-executing it charges it once. */
            c->instret--;
            c->cyc -= c->cost[pg->slot[(pc - base) >> 2].tclass];
            c->wp_skip = true;
            info->reason = A64_STOP_WATCHPOINT;
            break;
        }
        if (st == A64_UNDEF) {
            c->instret--;
            a64_raise(c, A64_EC_UNKNOWN, 0, false, -1);
            if (!raise_sync(c, pc, info)) break;
            continue;
        }
        if (st == A64_EXC) {
            if (!c->exc.return_next) c->instret--;
            if (!raise_sync(c, pc, info)) break;
            if (!a64_check_regime(c)) {
                fatal_stop(c, info, c->s.pc, c->fatal_msg);
                break;
            }
            continue;
        }
        c->nested_aborts = 0;
        if (st == A64_FATAL) {
            fatal_stop(c, info, pc, c->fatal_msg);
            break;
        }
        c->s.pc = pc + 4;
        if (st == A64_WFI || st == A64_WFE) {
            /* A pending interrupt wakes WFI even when masked (Arm ARM D1.16.2);
             * treat WFE alike. Otherwise the caller idles the core. */
            if (a64_wake_pending(c)) continue;
            info->reason = st == A64_WFI ? A64_STOP_WFI : A64_STOP_WFE;
            break;
        }
        /* A64_STOP_HOST: conduit or semihosting, details in host_stop. */
        info->reason = c->host_stop.reason;
        info->imm = c->host_stop.imm;
        info->is_hvc = c->host_stop.is_hvc;
        break;
    }
    info->cycles = c->cyc - cyc0;
    info->instructions = c->instret - ins0;
}
