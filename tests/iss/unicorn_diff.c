/*
 * unicorn-diff: differential testing of the a64 ISS against Unicorn (QEMU's A64
 * translator) as an independent oracle.
 *
 * Blocks of random instructions are generated from the ISS's own encoding table
 * (a64_encodings(): fixed bits from mask/match, operand fields filled at random),
 * with a few per-class constraints so that both engines stay on ground they both
 * model: memory accesses land aligned inside a mapped data window (base and index
 * registers are set by MOVZ/MOVK/MOVN set-up instructions placed just before the
 * access, found with a probe run on a third engine), branches go forward inside the
 * block (immediates chosen, register targets set by ADR). Both engines start each
 * block from the same random registers, flags and memory, run to the block's end,
 * and are compared on X0..X30, SP_EL0, SP_EL1, PC, NZCV, DAIF, SPSel and memory.
 * A difference is localised by replaying the block one instruction at a time and
 * printed with the instruction word, its name, the input state and both results.
 *
 *   unicorn-diff [--count N] [--seed S] [--verbose] [--max-report K]
 *
 * Exit status: 0 no mismatch, 1 mismatch(es), 2 usage or set-up error.
 * docs/iss-verification.md describes the generator, exclusions and Unicorn's limits.
 */
#define _POSIX_C_SOURCE 200809L
#include "unicorn_diff_fp.h"
#include "unicorn_oracle.h"

#include "a64/a64.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- memory layout shared by the engines ---- */
#define RAM_BASE   0x40000000ull
#define RAM_SIZE   (2ull << 20)
#define VBAR       0x40000000ull /* exception vectors: a breakpoint on each entry */
#define ERET_PAD   0x40000800ull /* Unicorn enters each block's state by this ERET */
#define CODE_END   0x40100800ull /* a block occupies [CODE_END - 4*len, CODE_END) */
#define CODE_START 0x40100000ull
#define DATA_BASE  0x40180000ull /* every store lands in this window */
#define DATA_SIZE  0x10000ull
#define MAX_BLOCK  48

/* SCTLR_EL1 as Unicorn resets it (0x00c50838) but with SA/SA0 clear: QEMU does not
 * implement SP alignment checking, so the ISS must not check either. M = 0, A = 0. */
#define SCTLR_EL1_VALUE 0x00c50820ull

#define SR_SCTLR_EL1   A64_SYSREG(3, 0, 1, 0, 0)
#define SR_CPACR_EL1   A64_SYSREG(3, 0, 1, 0, 2)
#define SR_VBAR_EL1    A64_SYSREG(3, 0, 12, 0, 0)
#define SR_ELR_EL1     A64_SYSREG(3, 0, 4, 0, 1)
#define SR_ESR_EL1     A64_SYSREG(3, 0, 5, 2, 0)
#define SR_SPSR_EL1    A64_SYSREG(3, 0, 4, 0, 0)
#define SR_TPIDR_EL0   A64_SYSREG(3, 3, 13, 0, 2)
#define SR_TPIDRRO_EL0 A64_SYSREG(3, 3, 13, 0, 3)
#define SR_TPIDR_EL1   A64_SYSREG(3, 0, 13, 0, 4)

/* ---- PRNG (xorshift64*) ---- */
static uint64_t rng_state = 1;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}
static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t rnd_value(void)
{
    static const uint64_t special[] = {
        0,
        1,
        2,
        ~0ull,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        0xffffffffull,
        0x80000000ull,
        0x7fffffffull,
        0x100000000ull,
        0xffffffff80000000ull,
        63,
        64,
        31,
        32,
    };
    switch (rnd_below(8)) {
    case 0: return special[rnd_below(sizeof special / sizeof special[0])];
    case 1: return rnd_below(256);
    case 2: return (uint32_t)rnd();
    case 3: return rnd() >> rnd_below(64);
    case 4: return ~(uint64_t)rnd_below(256);
    default: return rnd();
    }
}

/* ---- the encoding table, analysed once ---- */
typedef struct field {
    char letter;
    unsigned hi, lo;
} field;

enum gen_kind {
    G_SKIP,     /* excluded from generation (see reason) */
    G_PLAIN,    /* all fields random */
    G_BRANCH,   /* forward immediate branch */
    G_BRANCH_R, /* BR/BLR/RET: ADR of a forward target first */
    G_LDST,     /* memory access: base/index set-up and probe */
    G_HINT,     /* HINT space minus hints Unicorn's 'max' CPU gives effects */
    G_MSR_IMM,  /* only SPSel, DAIFSet, DAIFClr */
    G_SYSREG,   /* MRS/MSR of a register both engines model identically */
    G_FP,       /* FP/SIMD data processing: operand generator in unicorn_diff_fp.c */
};

typedef struct enc_info {
    const a64_encoding *e;
    enum gen_kind kind;
    const char *skip_reason;
    field f[12];
    unsigned nf;
    int cls; /* index into class_names */
    /* statistics */
    uint64_t generated, executed, executed_setup, both_exception, gen_failed;
} enc_info;

static const char *class_names[] = {"dp_imm", "dp_reg", "ldst", "branch_sys", "fp", "other"};
#define NCLASS 6

static enc_info *encs;
static size_t nencs;

static int class_index(const char *cls)
{
    for (int i = 0; i < NCLASS - 1; i++)
        if (!strcmp(cls, class_names[i])) return i;
    return NCLASS - 1;
}

/* A 5-bit operand field at [hi:lo] with any letter. */
static bool has_reg_field(const enc_info *ei, unsigned hi, unsigned lo)
{
    for (unsigned i = 0; i < ei->nf; i++)
        if (ei->f[i].hi == hi && ei->f[i].lo == lo) return true;
    return false;
}

static bool name_is(const enc_info *ei, const char *n)
{
    return !strcmp(ei->e->name, n);
}

static void analyse_table(void)
{
    size_t n = 0;
    const a64_encoding *t = a64_encodings(&n);
    encs = calloc(n, sizeof *encs);
    nencs = n;
    for (size_t k = 0; k < n; k++) {
        enc_info *ei = &encs[k];
        ei->e = &t[k];
        ei->cls = class_index(t[k].cls);
        const char *p = t[k].pattern;
        for (int i = 0; i < 32;) {
            char c = p[i];
            if (c == '0' || c == '1') {
                i++;
                continue;
            }
            int j = i;
            while (j < 32 && p[j] == c)
                j++;
            if (ei->nf < sizeof ei->f / sizeof ei->f[0])
                ei->f[ei->nf++] = (field){c, (unsigned)(31 - i), (unsigned)(31 - (j - 1))};
            i = j;
        }
        ei->kind = G_PLAIN;
        if (t[k].unimplemented) {
            ei->kind = G_SKIP;
            ei->skip_reason = "unimplemented in the ISS (stays UNDEFINED)";
            continue;
        }
        if (ei->cls == 2) {
            ei->kind = G_LDST;
            continue;
        }
        if (ei->cls == 4) {
            ei->kind = udf_known_row(t[k].name) ? G_FP : G_SKIP;
            ei->skip_reason = "no operand generator in unicorn_diff_fp.c";
            continue;
        }
        if (ei->cls != 3) continue;
        static const struct {
            const char *name;
            const char *why;
        } excluded[] = {
            {"SVC", "exception generating: Unicorn stops instead of taking it"},
            {"HVC", "exception generating; EL2 absent in both (UNDEFINED), compared in unit tests"},
            {"SMC", "exception generating; EL3 absent in both (UNDEFINED), compared in unit tests"},
            {"BRK", "exception generating: Unicorn stops instead of taking it"},
            {"HLT", "exception generating / semihosting stop in the ISS"},
            {"WFE", "stops the ISS (A64_STOP_WFE); Unicorn treats it as a NOP"},
            {"WFI", "stops the ISS (A64_STOP_WFI); Unicorn exits the run loop"},
            {"SYS", "cache/TLB/address-translation maintenance: no compared state changes "
                    "except AT (PAR_EL1) and DC ZVA, covered by unit tests"},
            {"ERET", "needs consistent ELR/SPSR and would leave the block; covered by unit tests"},
        };
        for (size_t x = 0; x < sizeof excluded / sizeof excluded[0]; x++)
            if (name_is(ei, excluded[x].name)) {
                ei->kind = G_SKIP;
                ei->skip_reason = excluded[x].why;
            }
        if (ei->kind == G_SKIP) continue;
        if (name_is(ei, "B") || name_is(ei, "BL") || name_is(ei, "B_cond") || name_is(ei, "CBZ") ||
            name_is(ei, "CBNZ") || name_is(ei, "TBZ") || name_is(ei, "TBNZ"))
            ei->kind = G_BRANCH;
        else if (name_is(ei, "BR") || name_is(ei, "BLR") || name_is(ei, "RET"))
            ei->kind = G_BRANCH_R;
        else if (name_is(ei, "HINT"))
            ei->kind = G_HINT;
        else if (name_is(ei, "MSR_imm"))
            ei->kind = G_MSR_IMM;
        else if (name_is(ei, "MRS") || name_is(ei, "MSR_reg"))
            ei->kind = G_SYSREG;
    }
}

static int enc_of(uint32_t w)
{
    for (size_t k = 0; k < nencs; k++)
        if ((w & encs[k].e->mask) == encs[k].e->match) return (int)k;
    return -1;
}

/* ---- engines ---- */
static uint8_t *ram_iss, *ram_uc, *ram_probe;
static uint8_t data_snapshot[DATA_SIZE];
static bool verbose_blocks;
static a64_system *sys;
static a64_core *core;
/* Unicorn engines: uc_el[1] runs EL1 blocks, uc_el[0] (moved to EL0 once, by an
 * ERET) runs EL0 blocks; both map the same RAM. uc_probe finds addresses. */
static uo_engine uc_el[2], uc_probe;
static unsigned block_el;
#define uc_main (uc_el[block_el])

static unsigned uc_intno;
static bool uc_intr;
static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    (void)user;
    uc_intr = true;
    uc_intno = intno;
    uc_emu_stop(uc);
}

/* Executed-instruction counting on the Unicorn side (per block word). */
static uint64_t exec_count[MAX_BLOCK];
static uint64_t block_start_pc;
static void hook_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    (void)uc;
    (void)size;
    (void)user;
    uint64_t i = (addr - block_start_pc) / 4;
    if (addr >= block_start_pc && i < MAX_BLOCK) exec_count[i]++;
}

typedef struct mem_access {
    uint64_t addr;
    unsigned size;
    bool write, unmapped;
} mem_access;
static mem_access probe_acc[8];
static unsigned probe_nacc;
static bool hook_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                     void *user)
{
    (void)uc;
    (void)value;
    (void)user;
    if (probe_nacc < 8)
        probe_acc[probe_nacc++] = (mem_access){
            addr, (unsigned)size, type == UC_MEM_WRITE || type == UC_MEM_WRITE_UNMAPPED,
            type == UC_MEM_READ_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED ||
                type == UC_MEM_FETCH_UNMAPPED};
    return false;
}

static int setup_engines(void)
{
    ram_iss = aligned_alloc(4096, RAM_SIZE);
    ram_uc = aligned_alloc(4096, RAM_SIZE);
    ram_probe = aligned_alloc(4096, RAM_SIZE);
    if (!ram_iss || !ram_uc || !ram_probe) return -1;
    for (uint64_t i = 0; i < RAM_SIZE; i += 8) {
        uint64_t v = rnd();
        memcpy(ram_iss + i, &v, 8);
    }
    memcpy(ram_uc, ram_iss, RAM_SIZE);
    memcpy(ram_probe, ram_iss, RAM_SIZE);

    sys = a64_system_create();
    if (!sys || a64_system_map_ram(sys, RAM_BASE, RAM_SIZE, ram_iss)) return -1;
    a64_core_config cfg = {0};
    cfg.mpidr = 0x80000000ull; /* Unicorn's fixed MPIDR_EL1 */
    cfg.have_el2 = false;
    cfg.have_el3 = false;
    cfg.conduit = A64_CONDUIT_NONE;
    cfg.rvbar = CODE_START;
    cfg.reset_el = 1;
    cfg.cntfrq = 62500000;
    a64_callbacks cb = {0};
    core = a64_core_create(sys, &cfg, &cb);
    if (!core) return -1;
    a64_core_reset(core);
    if (a64_sysreg_set(core, SR_SCTLR_EL1, SCTLR_EL1_VALUE) ||
        a64_sysreg_set(core, SR_CPACR_EL1, 3u << 20) || /* FP/AdvSIMD enabled */
        a64_sysreg_set(core, SR_VBAR_EL1, VBAR)) {
        fprintf(stderr, "unicorn-diff: cannot set SCTLR_EL1/VBAR_EL1 on the ISS\n");
        return -1;
    }
    /* Vectors taken from EL1 (SP_EL0 and SP_ELx groups) and from EL0 (AArch64
     * lower-EL group), and the block end. */
    for (unsigned v = 0; v < 12; v++)
        if (a64_breakpoint_add(core, VBAR + 0x80 * v)) {
            fprintf(stderr, "unicorn-diff: cannot add an ISS breakpoint\n");
            return -1;
        }
    if (a64_breakpoint_add(core, CODE_END)) {
        fprintf(stderr, "unicorn-diff: cannot add an ISS breakpoint\n");
        return -1;
    }

    if (uo_open(&uc_el[0], UC_CPU_ARM64_MAX, RAM_BASE, ram_uc, RAM_SIZE) ||
        uo_open(&uc_el[1], UC_CPU_ARM64_MAX, RAM_BASE, ram_uc, RAM_SIZE) ||
        uo_open(&uc_probe, UC_CPU_ARM64_MAX, RAM_BASE, ram_probe, RAM_SIZE))
        return -1;
    uint32_t pad[2] = {UO_ERET, UO_NOP};
    memcpy(ram_uc + (ERET_PAD - RAM_BASE), pad, sizeof pad);
    memcpy(ram_iss + (ERET_PAD - RAM_BASE), pad, sizeof pad);
    if (uo_enter_el0(&uc_el[0], ERET_PAD, ERET_PAD + 4)) return -1;
    udf_uc_enable_fp(uc_el[0].uc);
    udf_uc_enable_fp(uc_el[1].uc);
    udf_uc_enable_fp(uc_probe.uc);
    uc_hook h;
    for (int el = 0; el < 2; el++) {
        uc_hook_add(uc_el[el].uc, &h, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0);
        uc_hook_add(uc_el[el].uc, &h, UC_HOOK_CODE, (void *)hook_code, NULL, CODE_START, CODE_END);
    }
    uc_hook_add(uc_probe.uc, &h, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0);
    uc_hook_add(uc_probe.uc, &h,
                UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE | UC_HOOK_MEM_READ_UNMAPPED |
                    UC_HOOK_MEM_WRITE_UNMAPPED,
                (void *)hook_mem, NULL, 1, 0);
    return 0;
}

/* ---- state transfer ---- */
typedef struct full_state {
    uo_state r;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1;
    udf_state fp; /* V0-V31, FPCR, FPSR */
} full_state;

static void iss_set(const full_state *s)
{
    a64_state *st = a64_core_state(core);
    memcpy(st->x, s->r.x, sizeof st->x);
    st->sp_el[0] = s->r.sp_el0;
    st->sp_el[1] = s->r.sp_el1;
    st->pc = s->r.pc;
    st->nzcv = s->r.nzcv;
    st->daif = s->r.daif;
    st->el = s->r.el;
    st->spsel = s->r.spsel;
    a64_sysreg_set(core, SR_TPIDR_EL0, s->tpidr_el0);
    a64_sysreg_set(core, SR_TPIDRRO_EL0, s->tpidrro_el0);
    a64_sysreg_set(core, SR_TPIDR_EL1, s->tpidr_el1);
    udf_iss_set(st, &s->fp);
}

static void iss_get(full_state *s)
{
    const a64_state *st = a64_core_state(core);
    memcpy(s->r.x, st->x, sizeof st->x);
    s->r.sp_el0 = st->sp_el[0];
    s->r.sp_el1 = st->sp_el[1];
    s->r.pc = st->pc;
    s->r.nzcv = st->nzcv;
    s->r.daif = st->daif;
    s->r.spsel = st->spsel;
    s->r.el = st->el;
    a64_sysreg_get(core, SR_TPIDR_EL0, &s->tpidr_el0);
    a64_sysreg_get(core, SR_TPIDRRO_EL0, &s->tpidrro_el0);
    a64_sysreg_get(core, SR_TPIDR_EL1, &s->tpidr_el1);
    udf_iss_get(st, &s->fp);
}

static void uc_set(uo_engine *e, const full_state *s)
{
    uo_set_state(e, &s->r);
    uc_reg_write(e->uc, UC_ARM64_REG_TPIDR_EL0, &s->tpidr_el0);
    uc_reg_write(e->uc, UC_ARM64_REG_TPIDRRO_EL0, &s->tpidrro_el0);
    uc_reg_write(e->uc, UC_ARM64_REG_TPIDR_EL1, &s->tpidr_el1);
    udf_uc_set(e->uc, &s->fp);
}

static void uc_get(uo_engine *e, full_state *s)
{
    uo_get_state(e, &s->r);
    uc_reg_read(e->uc, UC_ARM64_REG_TPIDR_EL0, &s->tpidr_el0);
    uc_reg_read(e->uc, UC_ARM64_REG_TPIDRRO_EL0, &s->tpidrro_el0);
    uc_reg_read(e->uc, UC_ARM64_REG_TPIDR_EL1, &s->tpidr_el1);
    udf_uc_get(e->uc, &s->fp);
}

/* ---- instruction generation ---- */
static uint32_t set_field(uint32_t w, const field *f, uint32_t v)
{
    uint32_t width = f->hi - f->lo + 1;
    uint32_t m = (width == 32 ? ~0u : ((1u << width) - 1)) << f->lo;
    return (w & ~m) | ((v << f->lo) & m);
}
static uint32_t set_bits(uint32_t w, unsigned hi, unsigned lo, uint32_t v)
{
    field f = {'?', hi, lo};
    return set_field(w, &f, v);
}
static unsigned get_bits(uint32_t w, unsigned hi, unsigned lo)
{
    return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static uint32_t random_fill(const a64_encoding *e)
{
    return e->match | ((uint32_t)rnd() & ~e->mask);
}

static uint32_t enc_movz(unsigned rd, unsigned hw, uint32_t imm16)
{
    return 0xd2800000u | (hw << 21) | ((imm16 & 0xffff) << 5) | rd;
}
static uint32_t enc_movk(unsigned rd, unsigned hw, uint32_t imm16)
{
    return 0xf2800000u | (hw << 21) | ((imm16 & 0xffff) << 5) | rd;
}
static uint32_t enc_movn(unsigned rd, uint32_t imm16)
{
    return 0x92800000u | ((imm16 & 0xffff) << 5) | rd;
}
static uint32_t enc_adr(unsigned rd, int64_t off)
{
    uint32_t o = (uint32_t)off & 0x1fffff;
    return 0x10000000u | ((o & 3) << 29) | ((o >> 2) << 5) | rd;
}
#define ENC_MOV_SP(rn) (0x91000000u | ((rn) << 5) | 31) /* ADD SP, Xn, #0 */
#define ENC_CLREX      0xd503305fu
#define ENC_NOP        0xd503201fu

/* Emit the words that set X<r> (or SP when r == 31, via scratch) to v. */
static unsigned emit_set_reg(uint32_t *out, unsigned r, uint64_t v, unsigned scratch)
{
    unsigned n = 0;
    unsigned d = r == 31 ? scratch : r;
    if ((int64_t)v < 0 && (int64_t)v >= -65536) {
        out[n++] = enc_movn(d, (uint32_t)~v);
    } else {
        out[n++] = enc_movz(d, 0, (uint32_t)v & 0xffff);
        for (unsigned hw = 1; hw < 4; hw++)
            if ((v >> (16 * hw)) & 0xffff)
                out[n++] = enc_movk(d, hw, (uint32_t)(v >> (16 * hw)) & 0xffff);
    }
    if (r == 31) out[n++] = ENC_MOV_SP(scratch);
    return n;
}

/* Run one instruction on the probe engine with the given registers and collect the
 * memory accesses it makes. Returns false if Unicorn raised an exception. */
static bool probe(uint32_t w, uint64_t pc, unsigned rn, uint64_t vn, unsigned rm, uint64_t vm)
{
    uo_state s;
    memset(&s, 0, sizeof s);
    s.pc = pc;
    s.spsel = 1;
    s.el = 1;
    s.daif = 0x3c0;
    if (rn < 31)
        s.x[rn] = vn;
    else if (rn == 31)
        s.sp_el1 = vn;
    if (rm < 31) s.x[rm] = vm;
    uo_set_state(&uc_probe, &s);
    memcpy(ram_probe + (pc - RAM_BASE), &w, 4);
    uo_code_written(&uc_probe, pc, 4);
    probe_nacc = 0;
    uc_intr = false;
    uc_err err = uo_run(&uc_probe, pc + 4, 1);
    return err == UC_ERR_OK && !uc_intr;
}

static bool accesses_ok(bool need_window)
{
    for (unsigned i = 0; i < probe_nacc; i++) {
        const mem_access *a = &probe_acc[i];
        if (a->unmapped || a->addr % a->size) return false;
        if (a->addr < RAM_BASE || a->addr + a->size > RAM_BASE + RAM_SIZE) return false;
        bool in_window = a->addr >= DATA_BASE && a->addr + a->size <= DATA_BASE + DATA_SIZE;
        if ((need_window || a->write) && !in_window) return false;
    }
    return true;
}

/*
 * Generate one instruction of encoding ei for position pos of a block that starts
 * at base; out receives set-up words followed by the instruction. Returns the
 * number of words (0 = could not generate within the room left).
 */
static unsigned gen_one(enc_info *ei, uint64_t base, unsigned pos, unsigned len, uint32_t *out)
{
    unsigned room = len - pos;
    for (int attempt = 0; attempt < 16; attempt++) {
        uint32_t w = random_fill(ei->e);
        unsigned n = 0;
        switch (ei->kind) {
        case G_SKIP: return 0;
        case G_PLAIN: break;
        case G_HINT: {
            /* XPACLRI (HINT #7) strips a PAC from X30 on Unicorn's 'max' CPU (FEAT_PAuth)
             * even with SCTLR_EL1.EnIA = 0; the ISS has no PAuth. */
            unsigned imm = get_bits(w, 11, 5);
            if (imm == 7) continue;
            break;
        }
        case G_MSR_IMM: {
            static const unsigned ops[3][2] = {{0, 5}, {3, 6}, {3, 7}}; /* SPSel, DAIFSet/Clr */
            unsigned k = rnd_below(3);
            w = set_bits(w, 18, 16, ops[k][0]);
            w = set_bits(w, 7, 5, ops[k][1]);
            if (k == 0) w = set_bits(w, 11, 8, rnd_below(2));
            break;
        }
        case G_SYSREG: {
            static const uint32_t regs[] = {
                A64_SYSREG(3, 3, 4, 2, 0), /* NZCV */
                A64_SYSREG(3, 3, 4, 2, 1), /* DAIF */
                A64_SYSREG(3, 0, 4, 2, 0), /* SPSel */
                A64_SYSREG(3, 0, 4, 2, 2), /* CurrentEL */
                A64_SYSREG(3, 0, 4, 1, 0), /* SP_EL0 */
                SR_TPIDR_EL0,
                SR_TPIDRRO_EL0,
                SR_TPIDR_EL1,
            };
            w = set_bits(w, 19, 5, regs[rnd_below(sizeof regs / sizeof regs[0])] & 0x7fff);
            break;
        }
        case G_FP: w = udf_fix_word(ei->e->name, w, rnd); break;
        case G_BRANCH:
            /* The offset is chosen once the block is laid out (patch_branches). */
            break;
        case G_BRANCH_R: {
            if (room < 2) return 0;
            unsigned rn = get_bits(w, 9, 5);
            if (rn == 31) rn = rnd_below(31);
            w = set_bits(w, 9, 5, rn);
            out[n++] = enc_adr(rn, 8); /* target patched by patch_branches */
            break;
        }
        case G_LDST: {
            /* Unicorn 2.0.1 (QEMU 5.0) computes LD/ST{S,U}{MAX,MIN} wrongly for byte,
             * halfword and word sizes (the comparison does not use the operand size;
             * checked by hand against the Arm ARM pseudocode, see
             * docs/iss-verification.md): compare only the 64-bit forms. */
            if ((name_is(ei, "LDSMAX") || name_is(ei, "LDSMIN") || name_is(ei, "LDUMAX") ||
                 name_is(ei, "LDUMIN")) &&
                get_bits(w, 31, 30) != 3)
                w = set_bits(w, 31, 30, 3);
            /* Register fields: Rt [4:0], Rn [9:5], Rt2/Ra [14:10], Rs/Rm [20:16]. All
             * distinct so that no CONSTRAINED UNPREDICTABLE overlap arises (writeback
             * with Rn == Rt, LDP with Rt == Rt2, STXR with Rs == Rt or Rn). */
            bool has_t = has_reg_field(ei, 4, 0), has_n = has_reg_field(ei, 9, 5);
            bool has_u = has_reg_field(ei, 14, 10), has_m = has_reg_field(ei, 20, 16);
            /* Should-be-one fields of the non-pair exclusives and LDAR/STLR: QEMU
             * ignores them, the Arm ARM makes other values CONSTRAINED UNPREDICTABLE. */
            bool excl = !strncmp(ei->e->name, "ST", 2) || !strncmp(ei->e->name, "LD", 2);
            bool sbo_s = excl &&
                         (strstr(ei->e->name, "XR") || strstr(ei->e->name, "AR") ||
                          strstr(ei->e->name, "LR") || strstr(ei->e->name, "XP")) &&
                         (strstr(ei->e->name, "LD") || strstr(ei->e->name, "STLR"));
            bool sbo_u = excl && (!strcmp(ei->e->name, "STXR") || !strcmp(ei->e->name, "STLXR") ||
                                  !strcmp(ei->e->name, "LDXR") || !strcmp(ei->e->name, "LDAXR") ||
                                  !strcmp(ei->e->name, "STLR") || !strcmp(ei->e->name, "LDAR"));
            /* CAS/CASP: bits [14:10] are fixed 11111 in the Arm ARM (other values are
             * unallocated): mostly valid ones, a quarter random to check the UNDEF. */
            if ((name_is(ei, "CAS") || name_is(ei, "CASP")) && rnd_below(4)) sbo_u = true;
            if (has_m && sbo_s) w = set_bits(w, 20, 16, 31);
            if (has_u && sbo_u) w = set_bits(w, 14, 10, 31);
            unsigned used = 0;
            bool clash = false;
            unsigned regs[4][3] = {
                {4, 0, has_t}, {9, 5, has_n}, {14, 10, has_u && !sbo_u}, {20, 16, has_m && !sbo_s}};
            for (int r = 0; r < 4; r++) {
                if (!regs[r][2]) continue;
                unsigned v = get_bits(w, regs[r][0], regs[r][1]);
                if (used & (1u << v)) clash = true;
                used |= 1u << v;
            }
            if (clash) continue;
            unsigned rn = has_n ? get_bits(w, 9, 5) : 32;
            unsigned rm = (has_m && !sbo_s) ? get_bits(w, 20, 16) : 32;
            uint64_t pc = base + 4ull * pos;
            if (!has_n) {
                /* Literal: the address depends only on the PC and the immediate. */
                probe(w, pc, 32, 0, 32, 0);
                if (!accesses_ok(false)) continue;
                if (probe_nacc && probe_acc[0].addr % udf_access_align(w)) continue;
                break;
            }
            uint64_t vm = 0;
            if (rm < 31)
                vm = rnd_below(2) ? (uint64_t)(rnd_below(64) * 16)
                                  : (uint64_t) - (int64_t)(rnd_below(64) * 16);
            unsigned scratch = 0;
            if (rn == 31) {
                do
                    scratch = rnd_below(31);
                while (used & (1u << scratch));
            }
            uint64_t b0 = DATA_BASE + DATA_SIZE / 2;
            probe(w, pc, rn, b0, rm, vm);
            if (probe_nacc == 0) {
                /* No mem_access (PRFM, or an encoding Unicorn rejects): any base in range. */
                uint64_t vn = DATA_BASE + 16 * rnd_below((unsigned)(DATA_SIZE / 16));
                uint32_t set[12];
                unsigned k = emit_set_reg(set, rn, vn, scratch);
                if (rm < 31) k += emit_set_reg(set + k, rm, vm, 0);
                if (k + 1 > room) return 0;
                memcpy(out, set, 4 * k);
                n = k;
                break;
            }
            uint64_t lo = probe_acc[0].addr, hi = probe_acc[0].addr + probe_acc[0].size;
            for (unsigned i = 1; i < probe_nacc; i++) {
                if (probe_acc[i].addr < lo) lo = probe_acc[i].addr;
                if (probe_acc[i].addr + probe_acc[i].size > hi)
                    hi = probe_acc[i].addr + probe_acc[i].size;
            }
            uint64_t span = hi - lo + 64;
            if (span >= DATA_SIZE) continue;
            uint64_t a = DATA_BASE + 16 * rnd_below((unsigned)((DATA_SIZE - span) / 16));
            /* Accesses move with the base: make the lowest one land on a. */
            uint64_t vn = a + b0 - lo;
            probe(w, pc, rn, vn, rm, vm);
            if (!accesses_ok(true)) continue;
            uint32_t set[12];
            unsigned k = emit_set_reg(set, rn, vn, scratch);
            if (rm < 31) k += emit_set_reg(set + k, rm, vm, 0);
            if (k + 1 > room) return 0;
            memcpy(out, set, 4 * k);
            n = k;
            break;
        }
        }
        /* The random fill may land on a more specific row or an unallocated value;
         * keep only words that decode to the intended row. */
        if (enc_of(w) != (int)(ei - encs)) continue;
        if (n + 1 > room) return 0;
        out[n++] = w;
        return n;
    }
    ei->gen_failed++;
    return 0;
}

/* ---- block generation ---- */
typedef struct block {
    uint32_t w[MAX_BLOCK];
    int enc[MAX_BLOCK];
    bool setup[MAX_BLOCK];
    unsigned len;
    uint64_t base;
} block;

static size_t *eligible;
static size_t neligible;

/* Forward branch targets must be the first word of a group (never between a set-up
 * word and the access it prepares), at most the block end. */
static void patch_branches(block *b, const bool *gstart)
{
    for (unsigned p = 0; p < b->len; p++) {
        int k = b->enc[p];
        if (k < 0 || b->setup[p] || (encs[k].kind != G_BRANCH && encs[k].kind != G_BRANCH_R))
            continue;
        unsigned cand[MAX_BLOCK + 1], nc = 0;
        for (unsigned t = p + 1; t <= b->len; t++)
            if (gstart[t]) cand[nc++] = t;
        unsigned t = cand[rnd_below(nc)];
        if (encs[k].kind == G_BRANCH) {
            for (unsigned i = 0; i < encs[k].nf; i++)
                if (encs[k].f[i].letter == 'i') b->w[p] = set_field(b->w[p], &encs[k].f[i], t - p);
        } else {
            unsigned rn = get_bits(b->w[p], 9, 5);
            b->w[p - 1] = enc_adr(rn, (int64_t)(t - (p - 1)) * 4);
        }
    }
}

static void gen_block(block *b)
{
    bool gstart[MAX_BLOCK + 1];
    memset(gstart, 0, sizeof gstart);
    b->len = 8 + rnd_below(MAX_BLOCK - 8 + 1);
    b->base = CODE_END - 4ull * b->len;
    unsigned pos = 0;
    gstart[pos] = true;
    b->w[pos] = ENC_CLREX; /* both monitors open the block clear */
    b->setup[pos++] = true;
    while (pos < b->len) {
        size_t k = eligible[rnd_below((unsigned)neligible)];
        uint32_t out[16];
        unsigned n = gen_one(&encs[k], b->base, pos, b->len, out);
        if (n == 0) {
            if (b->len - pos <= 4) {
                gstart[pos] = true;
                b->w[pos] = ENC_NOP;
                b->setup[pos++] = true;
            }
            continue;
        }
        gstart[pos] = true;
        for (unsigned i = 0; i < n; i++) {
            b->w[pos] = out[i];
            b->setup[pos] = i + 1 < n;
            pos++;
        }
        encs[k].generated++;
    }
    gstart[b->len] = true;
    for (unsigned i = 0; i < b->len; i++)
        b->enc[i] = enc_of(b->w[i]);
    patch_branches(b, gstart);
}

static void random_state(full_state *s, uint64_t pc)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 31; i++)
        s->r.x[i] = rnd_value();
    s->r.sp_el0 = rnd_value();
    s->r.sp_el1 = rnd_value();
    s->r.pc = pc;
    s->r.nzcv = (uint32_t)(rnd() & 0xf) << 28;
    /* No interrupt is ever pending, so any DAIF value is safe. EL0t one block in
     * four, then EL1t one in four, else EL1h. */
    s->r.daif = (uint32_t)(rnd() & 0xf) << 6;
    s->r.el = rnd_below(4) != 0;
    s->r.spsel = s->r.el && rnd_below(4) != 0;
    s->tpidr_el0 = rnd_value();
    s->tpidrro_el0 = rnd_value();
    s->tpidr_el1 = rnd_value();
    udf_random(&s->fp, rnd);
}

/* ---- running and comparing ---- */
typedef struct outcome {
    full_state s;
    bool exception;  /* stopped by a synchronous exception */
    uint64_t exc_pc; /* address of the instruction that raised it */
    unsigned detail; /* ISS: ESR_EL1.EC; Unicorn: QEMU exception number */
    bool hang;       /* ISS: budget spent / unexpected stop */
    uint64_t retired;
} outcome;

/* Run the ISS from its current state until CODE_END or an exception vector. With
 * step, exactly one instruction. */
static void run_iss(outcome *o, bool step)
{
    a64_stop_info info;
    memset(o, 0, sizeof *o);
    a64_run(core, step ? 1 : 100000, &info);
    o->retired = info.instructions;
    iss_get(&o->s);
    uint64_t pc = o->s.r.pc;
    if (pc >= VBAR && pc < VBAR + 0x800) {
        uint64_t elr = 0, esr = 0, spsr = 0;
        a64_sysreg_get(core, SR_ELR_EL1, &elr);
        a64_sysreg_get(core, SR_ESR_EL1, &esr);
        a64_sysreg_get(core, SR_SPSR_EL1, &spsr);
        o->exception = true;
        o->exc_pc = elr;
        o->detail = (unsigned)(esr >> 26) & 63;
        /* Exception entry changed PSTATE; compare the pre-exception one. */
        o->s.r.nzcv = (uint32_t)spsr & 0xf0000000u;
        o->s.r.daif = (uint32_t)spsr & 0x3c0u;
        o->s.r.spsel = (uint8_t)(spsr & 1u);
        o->s.r.el = (uint8_t)((spsr >> 2) & 3u);
        o->s.r.pc = elr;
    } else if (!step && (info.reason != A64_STOP_BREAKPOINT || pc != CODE_END)) {
        o->hang = true;
        o->detail = info.reason;
    }
}

static void run_uc(outcome *o, bool step)
{
    memset(o, 0, sizeof *o);
    uc_intr = false;
    uc_err err = uo_run(&uc_main, CODE_END, step ? 1 : 0);
    uc_get(&uc_main, &o->s);
    if (uc_intr || err != UC_ERR_OK) {
        o->exception = true;
        o->exc_pc = o->s.r.pc;
        o->detail = uc_intr ? uc_intno : 1000u + (unsigned)err;
    }
}

static bool state_equal(const full_state *a, const full_state *b)
{
    return !memcmp(a->r.x, b->r.x, sizeof a->r.x) && a->r.sp_el0 == b->r.sp_el0 &&
           a->r.sp_el1 == b->r.sp_el1 && a->r.pc == b->r.pc && a->r.nzcv == b->r.nzcv &&
           a->r.daif == b->r.daif && a->r.spsel == b->r.spsel && a->r.el == b->r.el &&
           a->tpidr_el0 == b->tpidr_el0 && a->tpidrro_el0 == b->tpidrro_el0 &&
           a->tpidr_el1 == b->tpidr_el1 && udf_equal(&a->fp, &b->fp);
}

/* The QEMU exception number (target/arm/cpu.h EXCP_*) that goes with an ESR_EL1.EC,
 * or -1 when the pair is not one this tool can judge. */
static int qemu_excp_for_ec(unsigned ec)
{
    switch (ec) {
    case 0x00:           /* Unknown reason: UNDEFINED */
    case 0x18:           /* trapped MSR/MRS: QEMU raises EXCP_UDEF with that syndrome */
        return 1;        /* EXCP_UDEF */
    case 0x15: return 2; /* EXCP_SWI */
    case 0x24:
    case 0x25: return 4; /* EXCP_DATA_ABORT */
    case 0x3c: return 7; /* EXCP_BKPT */
    default: return -1;
    }
}

static bool outcome_equal(const outcome *a, const outcome *b)
{
    if (a->exception != b->exception || a->hang || b->hang) return false;
    if (a->exception && a->exc_pc != b->exc_pc) return false;
    /* a is the ISS (detail = EC), b is Unicorn (detail = QEMU exception number). */
    if (a->exception && qemu_excp_for_ec(a->detail) >= 0 &&
        (unsigned)qemu_excp_for_ec(a->detail) != b->detail)
        return false;
    return state_equal(&a->s, &b->s);
}

static void print_diff(const full_state *in, const outcome *iss, const outcome *uc)
{
    static const char *names[] = {"sp_el0", "sp_el1",    "pc",          "nzcv",      "daif",
                                  "spsel",  "tpidr_el0", "tpidrro_el0", "tpidr_el1", "el"};
    printf("  input:");
    for (int i = 0; i < 31; i++)
        printf("%s x%d=%016" PRIx64, i % 4 == 0 ? "\n   " : "", i, in->r.x[i]);
    printf("\n    sp_el0=%016" PRIx64 " sp_el1=%016" PRIx64
           " nzcv=%x daif=%x el=%u spsel=%u pc=%" PRIx64 "\n",
           in->r.sp_el0, in->r.sp_el1, in->r.nzcv >> 28, in->r.daif, in->r.el, in->r.spsel,
           in->r.pc);
    if (iss->exception || uc->exception || iss->hang)
        printf("  iss: %s (EC/reason %#x, at %" PRIx64 ")   unicorn: %s (exception %u, at %" PRIx64
               ")\n",
               iss->hang        ? "did not reach the block end"
               : iss->exception ? "exception"
                                : "no exception",
               iss->detail, iss->exc_pc, uc->exception ? "exception" : "no exception", uc->detail,
               uc->exc_pc);
    for (int i = 0; i < 31; i++)
        if (iss->s.r.x[i] != uc->s.r.x[i])
            printf("  x%d: iss %016" PRIx64 " unicorn %016" PRIx64 "\n", i, iss->s.r.x[i],
                   uc->s.r.x[i]);
    uint64_t a[10] = {iss->s.r.sp_el0,  iss->s.r.sp_el1, iss->s.r.pc,      iss->s.r.nzcv >> 28,
                      iss->s.r.daif,    iss->s.r.spsel,  iss->s.tpidr_el0, iss->s.tpidrro_el0,
                      iss->s.tpidr_el1, iss->s.r.el};
    uint64_t b[10] = {uc->s.r.sp_el0,  uc->s.r.sp_el1, uc->s.r.pc,      uc->s.r.nzcv >> 28,
                      uc->s.r.daif,    uc->s.r.spsel,  uc->s.tpidr_el0, uc->s.tpidrro_el0,
                      uc->s.tpidr_el1, uc->s.r.el};
    for (int i = 0; i < 10; i++)
        if (a[i] != b[i])
            printf("  %s: iss %" PRIx64 " unicorn %" PRIx64 "\n", names[i], a[i], b[i]);
    udf_print_diff(&in->fp, &iss->s.fp, &uc->s.fp);
}

static void print_mem_diff(void)
{
    unsigned shown = 0;
    for (uint64_t i = 0; i < RAM_SIZE && shown < 4; i += 8)
        if (memcmp(ram_iss + i, ram_uc + i, 8)) {
            uint64_t x, y;
            memcpy(&x, ram_iss + i, 8);
            memcpy(&y, ram_uc + i, 8);
            uint64_t in = 0;
            if (RAM_BASE + i >= DATA_BASE && RAM_BASE + i < DATA_BASE + DATA_SIZE)
                memcpy(&in, data_snapshot + (RAM_BASE + i - DATA_BASE), 8);
            printf("  mem[%" PRIx64 "]: input %016" PRIx64 " iss %016" PRIx64 " unicorn %016" PRIx64
                   "\n",
                   (uint64_t)(RAM_BASE + i), in, x, y);
            shown++;
        }
}

static void load_code(const block *b)
{
    memcpy(ram_iss + (b->base - RAM_BASE), b->w, 4ull * b->len);
    memcpy(ram_uc + (b->base - RAM_BASE), b->w, 4ull * b->len);
    a64_system_code_written(sys, b->base, 4ull * b->len);
    uo_code_written(&uc_el[0], b->base, 4ull * b->len);
    uo_code_written(&uc_el[1], b->base, 4ull * b->len);
}

static void restore(const full_state *in)
{
    memcpy(ram_iss + (DATA_BASE - RAM_BASE), data_snapshot, DATA_SIZE);
    memcpy(ram_uc + (DATA_BASE - RAM_BASE), data_snapshot, DATA_SIZE);
    a64_system_code_written(sys, DATA_BASE, DATA_SIZE);
    iss_set(in);
    uc_set(&uc_main, in);
}

/* Replay the block one instruction at a time and report the first difference. */
static void print_block(const block *b)
{
    printf("  block:\n");
    for (unsigned i = 0; i < b->len; i++)
        printf("    %" PRIx64 ": %08x %s\n", b->base + 4 * i, b->w[i], a64_insn_name(b->w[i]));
}

/* Address and size of the exclusive access an exclusive load/store makes, from the
 * register state before it; false if w is not one. */
static bool exclusive_access(uint32_t w, const full_state *st, bool *is_store, uint64_t *addr,
                             unsigned *size)
{
    static const struct {
        const char *name;
        bool store, pair;
    } ex[] = {{"LDXR", false, false}, {"LDAXR", false, false}, {"LDXP", false, true},
              {"LDAXP", false, true}, {"STXR", true, false},   {"STLXR", true, false},
              {"STXP", true, true},   {"STLXP", true, true}};
    const char *name = a64_insn_name(w);
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        if (strcmp(name, ex[i].name)) continue;
        unsigned rn = get_bits(w, 9, 5);
        bool sp0 = st->r.el == 0 || !st->r.spsel;
        *addr = rn == 31 ? (sp0 ? st->r.sp_el0 : st->r.sp_el1) : st->r.x[rn];
        *size = ex[i].pair ? (get_bits(w, 30, 30) ? 16u : 8u) : 1u << get_bits(w, 31, 30);
        *is_store = ex[i].store;
        return true;
    }
    return false;
}

enum verdict { V_GENUINE, V_ALLOWED, V_NOT_REPRODUCED };

/*
 * Replay the block one instruction at a time and judge the first difference. A
 * Store-Exclusive whose outcome differs is allowed (V_ALLOWED) unless the last
 * Load-Exclusive was to the same address with the same size and nothing else wrote
 * its 64-byte granule in between: otherwise the architecture leaves the outcome
 * CONSTRAINED UNPREDICTABLE or IMPLEMENTATION DEFINED (Arm ARM B2.9). Prints the
 * difference when report is set.
 */
static enum verdict localise(const block *b, const full_state *in, bool report)
{
    restore(in);
    /* Unicorn honours an instruction count only in blocks translated after the
     * count was requested: drop the translations made for the whole-block run. */
    uo_code_written(&uc_main, b->base, 4ull * b->len);
    bool lx_valid = false; /* CLREX opens every block */
    uint64_t lx_addr = 0;
    unsigned lx_size = 0;
    static uint8_t window_before[DATA_SIZE];
    for (unsigned steps = 0; steps < 4 * MAX_BLOCK; steps++) {
        full_state before;
        iss_get(&before);
        uint64_t pc = before.r.pc;
        if (pc == CODE_END) break;
        uint32_t w = 0;
        memcpy(&w, ram_uc + (pc - RAM_BASE), 4);
        bool ex_store = false;
        uint64_t ex_addr = 0;
        unsigned ex_size = 0;
        bool ex = exclusive_access(w, &before, &ex_store, &ex_addr, &ex_size);
        memcpy(window_before, ram_uc + (DATA_BASE - RAM_BASE), DATA_SIZE);
        outcome oi, ou;
        run_iss(&oi, true);
        run_uc(&ou, true);
        bool mem_same =
            !memcmp(ram_iss + (DATA_BASE - RAM_BASE), ram_uc + (DATA_BASE - RAM_BASE), DATA_SIZE);
        if (!outcome_equal(&oi, &ou) || !mem_same) {
            bool allowed = ex && ex_store && !oi.exception && !ou.exception &&
                           !(lx_valid && lx_addr == ex_addr && lx_size == ex_size);
            if (report) {
                printf("%s at %" PRIx64 ": %08x %s\n",
                       allowed ? "ALLOWED DIFFERENCE (Store-Exclusive outcome after a "
                                 "Load-Exclusive to another address/size, or none)"
                               : "MISMATCH",
                       pc, w, a64_insn_name(w));
                print_diff(&before, &oi, &ou);
                if (!mem_same) print_mem_diff();
                if (verbose_blocks) print_block(b);
            }
            return allowed ? V_ALLOWED : V_GENUINE;
        }
        if (ex && !ex_store) {
            lx_valid = !oi.exception;
            lx_addr = ex_addr;
            lx_size = ex_size;
        } else if ((ex && ex_store) || !strcmp(a64_insn_name(w), "CLREX")) {
            lx_valid = false;
        } else if (lx_valid && lx_addr >= DATA_BASE && lx_addr < DATA_BASE + DATA_SIZE) {
            /* Another write to the marked granule: IMPLEMENTATION DEFINED whether
             * it clears the local monitor. */
            uint64_t g = (lx_addr & ~(uint64_t)63) - DATA_BASE;
            if (memcmp(window_before + g, ram_uc + (DATA_BASE - RAM_BASE) + g, 64))
                lx_valid = false;
        }
        if (oi.exception) {
            full_state next = ou.s;
            next.r.pc = pc + 4;
            iss_set(&next);
            uc_set(&uc_main, &next);
        }
    }
    return V_NOT_REPRODUCED;
}

/* Run a block on both engines; true if they agree. */
static char count_msg[160];
static bool run_block(const block *b, uint64_t *retired, uint64_t *exceptions)
{
    memset(exec_count, 0, sizeof exec_count);
    block_start_pc = b->base;
    for (;;) {
        outcome oi, ou;
        uint64_t uc_before = 0, uc_after = 0;
        for (unsigned i = 0; i < MAX_BLOCK; i++)
            uc_before += exec_count[i];
        run_iss(&oi, false);
        run_uc(&ou, false);
        for (unsigned i = 0; i < MAX_BLOCK; i++)
            uc_after += exec_count[i];
        /* a64_stop_info.instructions must count exactly the instructions executed
         * (an instruction that raises an exception does not retire). */
        uint64_t expect = uc_after - uc_before - (ou.exception ? 1 : 0);
        if (oi.retired != expect) {
            snprintf(count_msg, sizeof count_msg,
                     "MISMATCH: the ISS reports %" PRIu64 " instructions retired where %" PRIu64
                     " executed (block at %" PRIx64 ")",
                     oi.retired, expect, b->base);
            return false;
        }
        *retired += oi.retired;
        bool mem_same =
            !memcmp(ram_iss + (DATA_BASE - RAM_BASE), ram_uc + (DATA_BASE - RAM_BASE), DATA_SIZE);
        if (!outcome_equal(&oi, &ou) || !mem_same) {
            if (verbose_blocks) {
                printf("block at %" PRIx64 " differs when run whole:\n", b->base);
                print_diff(&oi.s, &oi, &ou);
            }
            return false;
        }
        if (!oi.exception) return true;
        /* Both raised an exception at the same instruction (e.g. an unallocated
         * field value): count it and carry on after it. */
        (*exceptions)++;
        if (oi.exc_pc < b->base || oi.exc_pc >= CODE_END)
            return false; /* an exception outside the block is never expected */
        int k = b->enc[(oi.exc_pc - b->base) / 4];
        if (k >= 0) encs[k].both_exception++;
        full_state next = ou.s;
        next.r.pc = oi.exc_pc + 4;
        iss_set(&next);
        uc_set(&uc_main, &next);
    }
}

/*
 * Sub-64-bit LD/ST{S,U}{MAX,MIN}, where Unicorn is wrong, are checked on the ISS
 * alone against the Arm ARM pseudocode (C6.2, LDSMAX etc.): the memory operand
 * becomes op(old, Rs<datasize-1:0>) and Rt (unless XZR) receives old, zero-extended.
 * Returns the number of failures.
 */
static uint64_t reference_minmax(uint64_t iterations, uint64_t *checked)
{
    uint64_t failures = 0;
    for (uint64_t it = 0; it < iterations; it++) {
        unsigned size = rnd_below(3), opc = 4 + rnd_below(4);
        unsigned rs = rnd_below(31), rn, rt;
        do
            rn = rnd_below(31);
        while (rn == rs);
        do
            rt = rnd_below(32);
        while (rt == rs || rt == rn);
        uint32_t w = (size << 30) | 0x38200000u | ((unsigned)rnd_below(2) << 23) |
                     ((unsigned)rnd_below(2) << 22) | (rs << 16) | (opc << 12) | (rn << 5) | rt;
        unsigned bytes = 1u << size, bits = 8 * bytes;
        uint64_t mask = (1ull << bits) - 1;
        uint64_t addr = DATA_BASE + bytes * rnd_below((unsigned)(DATA_SIZE / bytes));
        full_state in;
        random_state(&in, CODE_END - 4);
        in.r.x[rn] = addr;
        uint64_t old = 0, opnd = in.r.x[rs] & mask;
        memcpy(&old, ram_iss + (addr - RAM_BASE), bytes);
        int64_t so = (int64_t)(old << (64 - bits)) >> (64 - bits);
        int64_t ss = (int64_t)(opnd << (64 - bits)) >> (64 - bits);
        uint64_t result;
        switch (opc) {
        case 4: result = (uint64_t)(so > ss ? so : ss) & mask; break; /* SMAX */
        case 5: result = (uint64_t)(so < ss ? so : ss) & mask; break; /* SMIN */
        case 6: result = old > opnd ? old : opnd; break;              /* UMAX */
        default: result = old < opnd ? old : opnd; break;             /* UMIN */
        }
        memcpy(ram_iss + (CODE_END - 4 - RAM_BASE), &w, 4);
        a64_system_code_written(sys, CODE_END - 4, 4);
        iss_set(&in);
        outcome o;
        run_iss(&o, false);
        uint64_t got = 0;
        memcpy(&got, ram_iss + (addr - RAM_BASE), bytes);
        full_state want = in;
        want.r.pc = CODE_END;
        if (rt != 31) want.r.x[rt] = old;
        (*checked)++;
        if (o.exception || o.hang || got != result || !state_equal(&o.s, &want)) {
            failures++;
            printf("MISMATCH (reference) %08x %s: [x%u] = %#" PRIx64 ", x%u = %#" PRIx64
                   ": want mem %#" PRIx64 " x%u = %#" PRIx64 ", ISS mem %#" PRIx64
                   " x%u = %#" PRIx64 "%s\n",
                   w, a64_insn_name(w), rn, old, rs, in.r.x[rs], result, rt, rt == 31 ? 0 : old,
                   got, rt, rt == 31 ? 0 : o.s.r.x[rt], o.exception ? " (exception)" : "");
        }
        memcpy(ram_uc + (addr - RAM_BASE), ram_iss + (addr - RAM_BASE), bytes);
    }
    return failures;
}

/*
 * Unallocated space: random words, one at a time at EL1, on the ISS and on a
 * Unicorn Cortex-A53 model (ARMv8.0 + CRC32). Both must agree on whether the word
 * is UNDEFINED; this checks the decode table's holes against an independent
 * decoder. Skipped: the FP/AdvSIMD/SVE rows (absent from the ISS; Unicorn executes
 * them whatever CPACR_EL1 says), words the ISS decodes to an LSE row (FEAT_LSE is
 * not in the A53), the system
 * instruction space (MRS/MSR/SYS of IMPLEMENTATION DEFINED registers differ by
 * design), exception generation (SVC/HVC/SMC/BRK/HLT are judged by the unit tests)
 * and ERET-like words (they would leave EL1). Returns the number of disagreements.
 */
static uo_engine uc_a53;

static uint64_t undef_space(uint64_t iterations, uint64_t *checked, uint64_t *undefined,
                            unsigned max_report)
{
    uint64_t failures = 0;
    static const char *lse[] = {"CAS",    "CASP",   "LDADD",  "LDCLR",  "LDEOR", "LDSET",
                                "LDSMAX", "LDSMIN", "LDUMAX", "LDUMIN", "SWP"};
    for (uint64_t it = 0; *checked < iterations && it < 20 * iterations; it++) {
        uint32_t w = udf_bias_word((uint32_t)rnd(), rnd);
        int k = enc_of(w);
        if (k >= 0 && encs[k].cls == 4 && !udf_checked_space(w))
            continue; /* FP/SIMD/SVE outside the implemented part: not compared */
        if ((w & 0xffc00000u) == 0xd5000000u || (w & 0xff000000u) == 0xd4000000u) continue;
        if ((w & 0xff9ffc00u) == 0xd69f0000u || (w & 0xfffffc00u) == 0xd6bf0000u)
            continue; /* ERET, ERETAA/AB, DRPS */
        const char *name = a64_insn_name(w);
        bool skip = false;
        for (size_t i = 0; i < sizeof lse / sizeof lse[0]; i++)
            if (!strcmp(name, lse[i])) skip = true;
        if (skip) continue;

        full_state in;
        random_state(&in, CODE_END - 4);
        in.r.el = 1;
        in.r.spsel = 1;
        in.r.daif = 0x3c0;
        memcpy(ram_iss + (CODE_END - 4 - RAM_BASE), &w, 4);
        a64_system_code_written(sys, CODE_END - 4, 4);
        memcpy(ram_probe + (CODE_END - 4 - RAM_BASE), &w, 4);
        uo_code_written(&uc_a53, CODE_END - 4, 4);
        iss_set(&in);
        outcome oi;
        run_iss(&oi, true);
        bool iss_undef = oi.exception && oi.detail == 0;
        uc_set(&uc_a53, &in);
        uc_intr = false;
        uc_err err = uo_run(&uc_a53, CODE_END, 1);
        bool uc_undef = (uc_intr && uc_intno == 1) || err == UC_ERR_INSN_INVALID;
        (*checked)++;
        if (iss_undef) (*undefined)++;
        if (iss_undef != uc_undef) {
            failures++;
            if (failures <= max_report)
                printf("MISMATCH (unallocated space) %08x %s: the ISS %s it, Unicorn (A53) %s "
                       "(%s, exception %u)\n",
                       w, name, iss_undef ? "UNDEFINES" : "executes",
                       uc_undef ? "UNDEFINES it" : "does not", uc_strerror(err),
                       uc_intr ? uc_intno : 0);
        }
    }
    return failures;
}

/* Run one word on the probe engine at EL1 from the SIMD&FP state *fp (the general
 * registers zero) and read the SIMD&FP state back; false on an exception. */
static bool uc_fp_word(uint32_t w, udf_state *fp)
{
    uo_state s;
    memset(&s, 0, sizeof s);
    s.pc = CODE_END - 4;
    s.spsel = 1;
    s.el = 1;
    s.daif = 0x3c0;
    uo_set_state(&uc_probe, &s);
    udf_uc_set(uc_probe.uc, fp);
    memcpy(ram_probe + (s.pc - RAM_BASE), &w, 4);
    uo_code_written(&uc_probe, s.pc, 4);
    uc_intr = false;
    uc_err err = uo_run(&uc_probe, s.pc + 4, 1);
    udf_uc_get(uc_probe.uc, fp);
    return err == UC_ERR_OK && !uc_intr;
}

static void usage(void)
{
    fprintf(stderr, "usage: unicorn-diff [--count N] [--seed S] [--only NAME|CLASS] "
                    "[--max-report K] [--verbose]\n");
}

int main(int argc, char **argv)
{
    uint64_t count = 1000000, seed = 1;
    unsigned max_report = 10;
    bool verbose = false;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (!strcmp(argv[i], "--count") && i + 1 < argc) {
            count = strtoull(argv[++i], &end, 0);
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            seed = strtoull(argv[++i], &end, 0);
        } else if (!strcmp(argv[i], "--max-report") && i + 1 < argc) {
            max_report = (unsigned)strtoul(argv[++i], &end, 0);
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else if (!strcmp(argv[i], "--verbose")) {
            verbose = true;
            verbose_blocks = true;
        } else {
            usage();
            return 2;
        }
        if (end && *end) {
            fprintf(stderr, "unicorn-diff: bad number '%s' for %s\n", argv[i], argv[i - 1]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    rng_state = seed ? seed : 1;
    analyse_table();
    eligible = calloc(nencs, sizeof *eligible);
    for (size_t k = 0; k < nencs; k++)
        if (encs[k].kind != G_SKIP &&
            (!only || !strcmp(encs[k].e->name, only) || !strcmp(encs[k].e->cls, only)))
            eligible[neligible++] = k;
    if (!neligible) {
        fprintf(stderr, "unicorn-diff: no implemented encoding to generate%s%s\n",
                only ? " matching " : "", only ? only : "");
        return 2;
    }
    if (setup_engines()) {
        fprintf(stderr, "unicorn-diff: cannot set up the engines\n");
        return 2;
    }

    uint64_t retired = 0, blocks = 0, mismatches = 0, exceptions = 0, allowed = 0;
    block b;
    while (retired < count) {
        gen_block(&b);
        load_code(&b);
        if (blocks % 64 == 0) {
            /* Fresh random data now and then (both copies equal). */
            for (uint64_t i = 0; i < DATA_SIZE; i += 8) {
                uint64_t v = rnd_value();
                memcpy(ram_uc + (DATA_BASE - RAM_BASE) + i, &v, 8);
            }
            memcpy(ram_iss + (DATA_BASE - RAM_BASE), ram_uc + (DATA_BASE - RAM_BASE), DATA_SIZE);
        }
        memcpy(data_snapshot, ram_uc + (DATA_BASE - RAM_BASE), DATA_SIZE);
        full_state in;
        random_state(&in, b.base);
        block_el = in.r.el;
        iss_set(&in);
        uc_set(&uc_main, &in);
        uint64_t before = retired;
        bool ok = run_block(&b, &retired, &exceptions);
        if (ok && blocks % 256 == 255 && memcmp(ram_iss, ram_uc, RAM_SIZE)) {
            printf("MISMATCH: memory outside the data window differs after block %" PRIu64 "\n",
                   blocks);
            print_mem_diff();
            ok = false;
        }
        if (!ok) {
            enum verdict v = localise(&b, &in, mismatches < max_report);
            if (v == V_ALLOWED) {
                allowed++;
            } else {
                mismatches++;
                if (mismatches <= max_report && v == V_NOT_REPRODUCED) {
                    printf("%s\n", count_msg[0] ? count_msg
                                                : "MISMATCH in a block that single-stepping "
                                                  "does not reproduce");
                    print_block(&b);
                }
            }
            count_msg[0] = 0;
            /* Resynchronise from the oracle. */
            memcpy(ram_iss, ram_uc, RAM_SIZE);
            a64_system_code_written(sys, RAM_BASE, RAM_SIZE);
            retired = before + b.len;
        } else {
            for (unsigned i = 0; i < b.len; i++)
                if (b.enc[i] >= 0) {
                    encs[b.enc[i]].executed += exec_count[i];
                    if (b.setup[i]) encs[b.enc[i]].executed_setup += exec_count[i];
                }
        }
        blocks++;
    }

    uint64_t undef_checked = 0, undef_undefined = 0;
    if (uo_open(&uc_a53, UC_CPU_ARM64_A53, RAM_BASE, ram_probe, RAM_SIZE)) {
        fprintf(stderr, "unicorn-diff: cannot set up the Cortex-A53 engine\n");
        return 2;
    }
    udf_uc_enable_fp(uc_a53.uc);
    uc_hook ha;
    uc_hook_add(uc_a53.uc, &ha, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0);
    uint64_t undef_failures =
        only ? 0 : undef_space(count / 20, &undef_checked, &undef_undefined, max_report);
    printf("unicorn-diff: %" PRIu64 " random words outside the LSE/system/exception space: "
           "%" PRIu64 " UNDEFINED on the ISS, %" PRIu64 " disagree with Unicorn's A53\n",
           undef_checked, undef_undefined, undef_failures);
    mismatches += undef_failures;
    uo_close(&uc_a53);

    uint64_t fpu_checked = 0;
    uint64_t fpu_failures =
        only ? 0 : udf_fpu_reference(count / 20, rnd, uc_fp_word, max_report, &fpu_checked);
    printf("unicorn-diff: %" PRIu64 " FP core operations of Advanced SIMD (FRECPE, FRSQRTE, "
           "FRECPS, FCMGE...) checked against Unicorn's scalar forms, %" PRIu64 " wrong\n",
           fpu_checked, fpu_failures);
    mismatches += fpu_failures;

    uint64_t ref_checked = 0;
    uint64_t ref_failures = reference_minmax(count / 50, &ref_checked);
    printf("unicorn-diff: %" PRIu64 " sub-64-bit LD{S,U}{MAX,MIN} checked against the Arm ARM "
           "pseudocode instead of Unicorn, %" PRIu64 " wrong\n",
           ref_checked, ref_failures);
    mismatches += ref_failures;

    uint64_t cls_exec[NCLASS] = {0}, cls_gen[NCLASS] = {0}, cls_setup[NCLASS] = {0};
    unsigned cls_enc[NCLASS] = {0}, cls_cov[NCLASS] = {0};
    for (size_t k = 0; k < nencs; k++) {
        int c = encs[k].cls;
        cls_exec[c] += encs[k].executed;
        cls_setup[c] += encs[k].executed_setup;
        cls_gen[c] += encs[k].generated;
        if (encs[k].kind != G_SKIP) {
            cls_enc[c]++;
            if (encs[k].executed) cls_cov[c]++;
        }
    }
    printf("unicorn-diff: seed %" PRIu64 ", %" PRIu64 " blocks, %" PRIu64
           " instructions retired by the ISS\n",
           seed, blocks, retired);
    printf("%-11s %12s %12s %12s %10s\n", "class", "compared", "(set-up)", "generated",
           "encodings");
    for (int c = 0; c < NCLASS; c++)
        if (cls_enc[c])
            printf("%-11s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %6u/%-3u\n", class_names[c],
                   cls_exec[c], cls_setup[c], cls_gen[c], cls_cov[c], cls_enc[c]);
    bool uncovered = false;
    for (size_t k = 0; k < nencs; k++) {
        const enc_info *ei = &encs[k];
        if (verbose)
            printf("  %-14s %-10s %10" PRIu64 " compared %8" PRIu64 " generated %6" PRIu64
                   " same-exception%s%s\n",
                   ei->e->name, ei->e->cls, ei->executed, ei->generated, ei->both_exception,
                   ei->kind == G_SKIP ? "  skipped: " : "",
                   ei->kind == G_SKIP ? ei->skip_reason : "");
        if (ei->kind != G_SKIP && !ei->executed &&
            (!only || !strcmp(ei->e->name, only) || !strcmp(ei->e->cls, only))) {
            printf("  not covered: %s\n", ei->e->name);
            uncovered = true;
        }
    }
    printf("unicorn-diff: %" PRIu64 " instructions raised the same exception on both engines "
           "(e.g. unallocated field values), %" PRIu64 " blocks with an allowed "
           "Store-Exclusive difference, %" PRIu64 " mismatching blocks\n",
           exceptions, allowed, mismatches);
    a64_core_destroy(core);
    a64_system_destroy(sys);
    uo_close(&uc_el[0]);
    uo_close(&uc_el[1]);
    uo_close(&uc_probe);
    free(ram_iss);
    free(ram_uc);
    free(ram_probe);
    free(encs);
    free(eligible);
    if (mismatches) return 1;
    return uncovered && !only && count >= 100000 ? 1 : 0;
}
