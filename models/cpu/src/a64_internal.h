/*
 * a64 private header: the core and system structs, the predecoded-instruction
 * cache, the handler ABI and the small field/register accessors every encoding
 * class uses. See README.md in this folder for how to add an encoding class.
 */
#ifndef A64_INTERNAL_H
#define A64_INTERNAL_H

#include "a64/a64.h"
#include "a64_tlb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define A64_LIKELY(x)   __builtin_expect(!!(x), 1)
#define A64_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* What a handler tells the step loop. Only the step loop turns these into
 * exception entry or a stop reason. */
typedef enum a64_status {
    A64_OK = 0,      /* done; the loop advances PC by 4 */
    A64_TAKEN,       /* a taken branch: the handler wrote the new PC; the loop charges
                      * a64_timing.branch_taken */
    A64_JUMP,        /* done; the handler wrote the new PC, no extra cost (ERET) */
    A64_PAIR_TAKEN,  /* a fused pair whose second instruction (a B.cond) was taken:
                      * PC written; the loop retires and charges the B.cond too */
    A64_PAIR_NEXT,   /* the same, B.cond not taken */
    A64_PAIR_LOCAL,  /* a fused pair taken to a slot of this page: the slot is in
                      * core->next_slot, PC is not written */
    A64_UNDEF,       /* UNDEFINED: Undefined Instruction exception (EC 0x00) */
    A64_EXC,         /* a synchronous exception described in core->exc */
    A64_WFI,         /* WFI: PC advanced, wait for an interrupt */
    A64_WFE,         /* WFE with the event register clear: PC advanced */
    A64_STOP_HOST,   /* a stop reason for the caller (conduit, semihosting) in core->host_stop */
    A64_FATAL,       /* core->fatal_msg describes an error the guest cannot see */
    A64_END_OF_PAGE, /* internal: the sentinel slot after a page's last one */
    A64_WATCH,       /* a debugger watchpoint matched: stop before this instruction */
} a64_status;

/* .def row flags */
#define A64_F_SHADOWED 1u

/* Timing classes: index into a64_core.cost[], named in the .def file. */
enum {
    A64_T_ALU,
    A64_T_MUL,
    A64_T_DIV,
    A64_T_BRANCH,
    A64_T_LOAD,
    A64_T_STORE,
    A64_T_LOADP,  /* load pair: load + pair_extra */
    A64_T_STOREP, /* store pair: store + pair_extra */
    A64_T_EXCL,   /* exclusive / acquire-release: load + exclusive */
    A64_T_ATOMIC, /* LSE read-modify-write */
    A64_T_BARRIER,
    A64_T_SYSREG,
    A64_T_CACHE,
    A64_T_ERET,
    A64_T_EXCEPTION, /* instructions that only raise an exception (SVC, BRK, UDF) */
    A64_T_FP,        /* scalar FP (a64_timing.fp) */
    A64_T_FP_MUL,
    A64_T_FP_DIV,
    A64_T_SIMD,
    A64_T_SIMD_MUL,
    A64_T_NONE, /* internal: free (the end-of-page sentinel) */
    A64_T_COUNT
};

/* Exception classes, Arm ARM D17.2.37 (ESR_ELx.EC). */
enum {
    A64_EC_UNKNOWN = 0x00,
    A64_EC_WFX = 0x01,
    A64_EC_FP_ACCESS = 0x07,
    A64_EC_ILLEGAL = 0x0e,
    A64_EC_SVC = 0x15,
    A64_EC_HVC = 0x16,
    A64_EC_SMC = 0x17,
    A64_EC_SYSREG = 0x18,
    A64_EC_IABT_LOW = 0x20,
    A64_EC_IABT_CUR = 0x21,
    A64_EC_PC_ALIGN = 0x22,
    A64_EC_DABT_LOW = 0x24,
    A64_EC_DABT_CUR = 0x25,
    A64_EC_SP_ALIGN = 0x26,
    A64_EC_BRK = 0x3c,
};

/* Fault status codes (DFSC/IFSC, Arm ARM D17.2.37); the level-numbered ones take
 * the lookup level (0..3) added to them. */
#define A64_FSC_ADDR_SIZE   0x00
#define A64_FSC_TRANSLATION 0x04
#define A64_FSC_ACCESS_FLAG 0x08
#define A64_FSC_PERMISSION  0x0c
#define A64_FSC_EXTERNAL    0x10
#define A64_FSC_EXT_WALK    0x14 /* synchronous external abort on a table walk */
#define A64_FSC_ALIGNMENT   0x21

struct a64_slot;
typedef a64_status (*a64_handler)(a64_core *c, const struct a64_slot *s);

/* One predecoded instruction. */
typedef struct a64_slot {
    a64_handler fn;
    uint32_t insn;
    uint16_t enc; /* index into the encoding table (A64_ENC_UNDEF if none) */
    uint8_t tclass;
    uint8_t pad;
} a64_slot;

#define A64_PAGE_SHIFT 12
#define A64_PAGE_SLOTS (1u << (A64_PAGE_SHIFT - 2))
typedef struct a64_page {
    a64_slot slot[A64_PAGE_SLOTS + 1]; /* + the end-of-page sentinel */
    /* Some slot was decoded since the page was last wholly reset: an invalidation
     * of the whole page (IC IALLU) can skip pages where this is false. */
    bool decoded;
} a64_page;

typedef struct a64_region {
    uint64_t base, size;
    uint8_t *host;
    a64_page **pages;       /* per 4 KiB of the region; NULL until code is fetched there */
    a64_ram_check_fn check; /* NULL: every access is allowed */
    void *check_ctx;
} a64_region;

#define A64_MAX_REGIONS 16
#define A64_MAX_CORES   256
/* Exclusives reservation granule: 64 bytes (CTR_EL0.ERG = 4). */
#define A64_ERG_MASK    (~(uint64_t)63)

struct a64_system {
    a64_region region[A64_MAX_REGIONS];
    unsigned nregions;
    a64_core *cores[A64_MAX_CORES];
    unsigned ncores;
    unsigned monitors_active; /* cores with an open exclusive reservation */
};

/* A synchronous exception requested by a handler (A64_EXC). */
typedef struct a64_exc {
    uint32_t ec, iss;
    bool far_valid;
    bool return_next; /* preferred return address is the next instruction */
    int target_el;    /* -1: the default routing for the exception class */
    uint64_t far;
} a64_exc;

/* PMUv3 (a64_pmu.c): event counters per core (PMCR_EL0.N). */
#define A64_PMU_N 6

/* System-register storage index, generated from a64_sysregs.def. */
enum {
#define A64_SR(id, op0, op1, crn, crm, op2, access, hcr, reset, check, read, write) A64_SR_##id,
#include "a64_sysregs.def"
#undef A64_SR
    A64_SR_COUNT
};

#define A64_MAX_BREAKPOINTS 16

/* Events the PMU counts (Arm ARM D11.11 common event numbers). Those that are not
 * derived from the cycle/instruction counters are reported with a64_pmu_event(). */
enum {
    A64_PMU_SW_INCR = 0x00,
    A64_PMU_L1I_TLB_REFILL = 0x02,
    A64_PMU_L1D_TLB_REFILL = 0x05,
    A64_PMU_INST_RETIRED = 0x08,
    A64_PMU_EXC_TAKEN = 0x09,
    A64_PMU_CPU_CYCLES = 0x11,
};
/* Totals of the events reported by call. */
enum { A64_PMU_RAW_L1I_TLB, A64_PMU_RAW_L1D_TLB, A64_PMU_RAW_EXC, A64_PMU_RAW_COUNT };

/* PMUv3 state. Counters are not incremented per instruction: a running counter's
 * value is cnt[i] + (source total now - base[i]), folded by a64_pmu_sync(). Index
 * A64_PMU_N is the cycle counter (PMCCNTR_EL0, bit 31 in the set/clear masks). */
typedef struct a64_pmu_state {
    uint64_t pmcr;                   /* writable PMCR_EL0 bits: E, D, X, DP, LC */
    uint32_t cnten, ovs, inten;      /* PMCNTENSET/PMOVSSET/PMINTENSET views */
    uint32_t userenr, selr;          /* PMUSERENR_EL0, PMSELR_EL0 */
    uint32_t evtyper[A64_PMU_N + 1]; /* PMEVTYPER<n>_EL0; [N] = PMCCFILTR_EL0 */
    uint64_t cnt[A64_PMU_N + 1];
    uint64_t base[A64_PMU_N + 1];
    uint32_t active; /* counters counting now (bit i; bit 31 = cycles) */
    uint64_t raw[A64_PMU_RAW_COUNT];
    uint32_t watch;    /* raw events that can overflow an interrupting counter */
    uint64_t deadline; /* core cycle count at which to sync (UINT64_MAX: none) */
    bool filtering;    /* some enabled counter counts at some ELs only */
    bool irq;          /* the overflow interrupt request (PMUIRQ) */
} a64_pmu_state;

struct a64_core {
    a64_state s;
    bool il;     /* PSTATE.IL (illegal execution state) */
    bool acc_ns; /* physical address space of the bus access in progress */
    bool irq_line, fiq_line;
    bool virq_line, vfiq_line; /* from the GIC's virtual CPU interface */
    /* Virtual interrupt requests in force: bit 0 vIRQ, bit 1 vFIQ (the GIC's lines
     * OR HCR_EL2.VI/VF); kept by a64_update_vint(). */
    uint8_t vint;
    uint64_t sr[A64_SR_COUNT];

    a64_system *sys;
    a64_core_config cfg;
    a64_callbacks cb;
    a64_timing tm;
    uint32_t cost[A64_T_COUNT];

    /* The page being executed: slot k is the instruction at pbase + 4k. While a
     * handler runs, state.pc is not updated per instruction: use a64_pc(). */
    uint64_t pbase;
    const struct a64_slot *pslots;
    const struct a64_slot *next_slot; /* A64_PAIR_LOCAL's target */

    /* Run-loop bookkeeping. */
    uint64_t cyc;     /* lifetime cycles (without run_acc's) */
    uint64_t instret; /* lifetime instructions (without run_acc's) */
    /* The current dispatch loop's class cycles [31:0] and instructions [63:32]
     * not yet in cyc/instret (read them with a64_cycles_now/a64_instret_now). */
    uint64_t run_acc;
    uint64_t run_cost[A64_T_COUNT]; /* cost[] + A64_RUN_INSN */
    uint64_t limit;                 /* the inner loop runs while cyc < limit; 0 breaks it */
    bool stop_requested;
    a64_exc exc;
    a64_stop_info host_stop;
    char fatal_msg[160];
    unsigned nested_aborts; /* vector-fetch abort detection */

    /* Software TLBs (a64_tlb.h, a64_mmu.c). utlb is first-touched by the inline
     * load/store path; ppbase is the PA of the page the loop executes. */
    a64_utlb utlb[A64_UTLB_SIZE];
    a64_itlb itlb[A64_UTLB_SIZE];
    a64_mtlb mtlb[A64_MTLB_SIZE];
    uint64_t ppbase;
    uint64_t mmu_ctx[16];  /* the translation registers the micro-TLB was filled under */
    uint64_t tlb_walks;    /* table walks (main-TLB refills), data and fetch */
    uint64_t tlb_refill_d; /* data accesses that missed the main TLB */
    uint64_t tlb_refill_i; /* instruction fetches that missed the main TLB */

    /* Exclusive monitor (local + this core's entry in the global monitor). */
    bool excl_valid;
    uint64_t excl_addr;  /* granule-aligned PA */
    uint64_t excl_exact; /* exact address of the LDXR */
    unsigned excl_size;  /* bytes (pair: total) */

    bool sr_read_undef; /* set by a system-register read handler: access UNDEFINED */
    a64_pmu_state pmu;

    uint64_t bp[A64_MAX_BREAKPOINTS];
    unsigned nbp;
    bool bp_skip_valid;
    uint64_t bp_skip_pc;

    /* Debugger single step and watchpoints (a64.h). */
    bool step;
    struct {
        uint64_t va, len;
        unsigned kind;
    } wp[A64_MAX_BREAKPOINTS];
    unsigned nwp;
    bool wp_skip;      /* the instruction that hit a watchpoint runs unchecked once */
    bool wp_hit_valid; /* the last stop was a watchpoint: which one and where */
    unsigned wp_hit_kind;
    uint64_t wp_hit_va, wp_hit_access;

    /* The exception that entered the vector at chain_vector (the first of a chain
     * of exceptions raised by vectors): named by the fatal "exception loop" stop. */
    uint64_t chain_vector, chain_elr, chain_esr, chain_far;
};

/* A debugger breakpoint is set at pc. */
static inline bool a64_breakpoint_at(const a64_core *c, uint64_t pc)
{
    for (unsigned i = 0; i < c->nbp; i++)
        if (c->bp[i] == pc) return true;
    return false;
}

/* One instruction in run_acc; a dispatch loop runs at most A64_RUN_MAX_CYCLES
 * class cycles so that they never carry into the instruction count. */
#define A64_RUN_INSN       (1ull << 32)
#define A64_RUN_MAX_CYCLES (1ull << 31)
/* Lifetime cycles and instructions, exact also inside a handler. */
static inline uint64_t a64_cycles_now(const a64_core *c)
{
    return c->cyc + (uint32_t)c->run_acc;
}
static inline uint64_t a64_instret_now(const a64_core *c)
{
    return c->instret + (c->run_acc >> 32);
}

/* The address of the instruction in slot s (valid inside a handler). */
#define a64_pc(c, s) ((c)->pbase + ((uint64_t)((s) - (c)->pslots) << 2))

/* ---------- field accessors (Arm ARM C4.1 naming) ---------- */
static inline unsigned f_rd(uint32_t i)
{
    return i & 31;
}
static inline unsigned f_rn(uint32_t i)
{
    return (i >> 5) & 31;
}
static inline unsigned f_rm(uint32_t i)
{
    return (i >> 16) & 31;
}
static inline unsigned f_ra(uint32_t i)
{
    return (i >> 10) & 31;
}
static inline unsigned f_rt2(uint32_t i)
{
    return (i >> 10) & 31;
}
static inline unsigned f_rs(uint32_t i)
{
    return (i >> 16) & 31;
}
static inline unsigned f_sf(uint32_t i)
{
    return i >> 31;
}
static inline unsigned f_imm12(uint32_t i)
{
    return (i >> 10) & 0xfff;
}
static inline unsigned f_imm6(uint32_t i)
{
    return (i >> 10) & 63;
}
static inline unsigned f_cond(uint32_t i)
{
    return (i >> 12) & 15;
}
static inline unsigned f_bits(uint32_t i, unsigned hi, unsigned lo)
{
    return (i >> lo) & ((1u << (hi - lo + 1)) - 1);
}
static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* ---------- register accessors: register 31 is XZR or SP by the encoding ---------- */
static inline uint64_t *a64_sp_ref(a64_core *c)
{
    return &c->s.sp_el[c->s.spsel ? c->s.el : 0];
}
static inline uint64_t xr(a64_core *c, unsigned r)
{
    return r == 31 ? 0 : c->s.x[r];
}
static inline uint64_t wr(a64_core *c, unsigned r)
{
    return (uint32_t)xr(c, r);
}
static inline uint64_t xsp(a64_core *c, unsigned r)
{
    return r == 31 ? *a64_sp_ref(c) : c->s.x[r];
}
static inline void set_xr(a64_core *c, unsigned r, uint64_t v)
{
    if (r != 31) c->s.x[r] = v;
}
static inline void set_xsp(a64_core *c, unsigned r, uint64_t v)
{
    if (r == 31)
        *a64_sp_ref(c) = v;
    else
        c->s.x[r] = v;
}
/* Register by sf: 64-bit, or 32-bit zero-extended on write. */
static inline uint64_t rreg(a64_core *c, unsigned r, unsigned sf)
{
    return sf ? xr(c, r) : wr(c, r);
}
static inline void wreg(a64_core *c, unsigned r, unsigned sf, uint64_t v)
{
    set_xr(c, r, sf ? v : (uint32_t)v);
}
static inline void wreg_sp(a64_core *c, unsigned r, unsigned sf, uint64_t v)
{
    set_xsp(c, r, sf ? v : (uint32_t)v);
}

/* ---------- flags ---------- */
#define A64_N (1u << 31)
#define A64_Z (1u << 30)
#define A64_C (1u << 29)
#define A64_V (1u << 28)
extern const uint16_t a64_cond_table[16];
bool a64_cond_table_ok(void); /* the table equals the Arm ARM ConditionHolds */
static inline bool a64_cond_holds(uint32_t nzcv, unsigned cond)
{
    return (a64_cond_table[cond] >> (nzcv >> 28)) & 1;
}
/* AddWithCarry (Arm ARM shared pseudocode), returns result, sets *nzcv. */
static inline uint64_t a64_add_with_carry(uint64_t x, uint64_t y, unsigned carry, unsigned sf,
                                          uint32_t *nzcv)
{
    if (sf) {
        uint64_t r = x + y + carry;
        unsigned c = (r < x) || (carry && r == x);
        unsigned v = (unsigned)((~(x ^ y) & (x ^ r)) >> 63);
        *nzcv =
            (uint32_t)((r >> 63) << 31) | (r == 0 ? A64_Z : 0) | (c ? A64_C : 0) | (v ? A64_V : 0);
        return r;
    }
    uint32_t a = (uint32_t)x, b = (uint32_t)y;
    uint64_t w = (uint64_t)a + b + carry;
    uint32_t r = (uint32_t)w;
    unsigned v = ((~(a ^ b) & (a ^ r)) >> 31) & 1;
    *nzcv = (r & 0x80000000u) | (r == 0 ? A64_Z : 0) | ((w >> 32) ? A64_C : 0) | (v ? A64_V : 0);
    return r;
}
/* ADD (op 0) or SUB (op 1, as x + NOT(y) + 1) through AddWithCarry. */
static inline uint64_t a64_addsub(uint64_t x, uint64_t y, unsigned op, unsigned sf, uint32_t *nzcv)
{
    return op ? a64_add_with_carry(x, ~y, 1, sf, nzcv) : a64_add_with_carry(x, y, 0, sf, nzcv);
}
/* Result of ADD/SUB (immediate) and (extended register): Rd is SP unless the
 * instruction sets flags, in which case it is XZR and NZCV is written. */
static inline void a64_addsub_write_sp(a64_core *c, unsigned rd, unsigned sf, unsigned setf,
                                       uint64_t r, uint32_t nzcv)
{
    if (setf) {
        c->s.nzcv = nzcv;
        wreg(c, rd, sf, r);
    } else {
        wreg_sp(c, rd, sf, r);
    }
}

/* ---------- exceptions (handlers fill core->exc and return A64_EXC) ---------- */
static inline a64_status a64_raise(a64_core *c, uint32_t ec, uint32_t iss, bool return_next,
                                   int target_el)
{
    c->exc.ec = ec;
    c->exc.iss = iss;
    c->exc.far_valid = false;
    c->exc.return_next = return_next;
    c->exc.target_el = target_el;
    return A64_EXC;
}
/* Instruction abort at pc with fault status fsc (A64_FSC_*). */
a64_status a64_fetch_abort(a64_core *c, uint64_t pc, unsigned fsc);
/* Data abort at virtual address va: fsc = A64_FSC_*, wnr = write, cm = cache maintenance. */
a64_status a64_data_abort(a64_core *c, uint64_t va, bool wnr, unsigned fsc, bool cm);

/* ---------- small core services every part uses ---------- */
static inline unsigned a64_highest_el(const a64_core *c)
{
    return c->cfg.have_el3 ? 3 : c->cfg.have_el2 ? 2 : 1;
}
/* Call after PSTATE.EL or SCR_EL3 changes: tell the platform (the GIC CPU interface). */
static inline void a64_pe_state_changed(a64_core *c)
{
    if (c->cb.pe_state) c->cb.pe_state(c->cb.ctx, c);
}
/* Below EL3 the Security state is SCR_EL3.NS (Arm ARM D1.1 "Security state");
 * without EL3 it is fixed: Non-secure with EL2, Secure without (the choice
 * sr_chk_cntps makes too). True = Non-secure. */
static inline bool a64_ns_below_el3(const a64_core *c)
{
    return c->cfg.have_el3 ? (c->sr[A64_SR_SCR_EL3] & 1) != 0 : c->cfg.have_el2;
}
static inline bool a64_nonsecure(const a64_core *c)
{
    return c->s.el != 3 && a64_ns_below_el3(c);
}
/* Call after DAIF/EL/routing changes: with a line asserted, end the dispatch loop
 * so that the step loop re-evaluates interrupts. */
static inline void a64_update_interrupts(a64_core *c)
{
    if (c->irq_line || c->fiq_line || c->vint) c->limit = 0;
}
/* Recompute c->vint after the virtual lines or HCR_EL2.VI (bit 7) / VF (bit 6)
 * changed (Arm ARM D1.13.4, "Virtual interrupts"). */
static inline void a64_update_vint(a64_core *c)
{
    uint64_t hcr = c->sr[A64_SR_HCR_EL2];
    c->vint = (uint8_t)((c->virq_line || (hcr & (1u << 7)) ? 1 : 0) |
                        (c->vfiq_line || (hcr & (1u << 6)) ? 2 : 0));
    a64_update_interrupts(c);
}
__attribute__((format(printf, 2, 3))) static inline void a64_set_fatal(a64_core *c, const char *fmt,
                                                                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fatal_msg, sizeof(c->fatal_msg), fmt, ap);
    va_end(ap);
}

/* ---------- system registers (a64_sysreg.c, a64_idregs.c, a64_pmu.c) ---------- */
a64_status a64_mrs(a64_core *c, uint32_t enc, unsigned rt);
a64_status a64_msr(a64_core *c, uint32_t enc, unsigned rt);
void a64_sysregs_reset(a64_core *c);
#include "a64_sysreg.h"

/* An event the PMU counts by report (TLB refills, exceptions taken): one more of
 * it; the PMU is synced only when a running counter that can interrupt counts it. */
static inline void a64_pmu_event(a64_core *c, unsigned event)
{
    unsigned i = event == A64_PMU_L1I_TLB_REFILL   ? A64_PMU_RAW_L1I_TLB
                 : event == A64_PMU_L1D_TLB_REFILL ? A64_PMU_RAW_L1D_TLB
                 : event == A64_PMU_EXC_TAKEN      ? A64_PMU_RAW_EXC
                                                   : A64_PMU_RAW_COUNT;
    if (i == A64_PMU_RAW_COUNT) return;
    c->pmu.raw[i]++;
    if (A64_UNLIKELY(c->pmu.watch & (1u << i))) a64_pmu_sync(c);
}
/* PSTATE.EL changed: counters that filter by EL fold their counts. */
static inline void a64_pmu_el_changed(a64_core *c)
{
    if (A64_UNLIKELY(c->pmu.filtering)) a64_pmu_sync(c);
}

/* ---------- core (a64_core.c) ---------- */
uint32_t a64_pstate_to_spsr(const a64_core *c);

/* ---------- decode (a64_decode.c) ---------- */
extern const a64_handler a64_handlers[];
unsigned a64_decode_index(uint32_t insn); /* index into the table, or A64_ENC_UNDEF */
void a64_decode_slot(a64_slot *s, uint32_t insn);
a64_status a64_h_predecode(a64_core *c, const a64_slot *s);
/* Fast paths: a handler specialized on fields of this word (e.g. LDR X with a
 * register base), or NULL to keep the generic handler of the row. */
a64_handler a64_ldst_specialize(uint32_t insn, a64_handler generic);
a64_handler a64_dp_imm_specialize(uint32_t insn, a64_handler generic);
a64_handler a64_dp_reg_specialize(uint32_t insn, a64_handler generic);
a64_handler a64_simd_fp_specialize(uint32_t insn, a64_handler generic);
a64_handler a64_simd_ldst_specialize(uint32_t insn, a64_handler generic);
a64_handler a64_fp_ldst_specialize(uint32_t insn, a64_handler generic);
a64_status a64_h_undef(a64_core *c, const a64_slot *s);
#define A64_ENC_UNDEF 0xffffu

/* Handler prototypes, one per .def row. */
#define A64_INSN(name, pattern, cls, handler, tclass, flags, unimpl)                               \
    a64_status handler(a64_core *c, const a64_slot *s);
#include "a64_insns.def"
#undef A64_INSN

#endif
