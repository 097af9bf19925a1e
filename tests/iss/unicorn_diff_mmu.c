/*
 * unicorn-diff-mmu: differential test of the a64 ISS's stage-1 translation against
 * Unicorn, with random translation tables and random load/store streams at EL0 and
 * EL1.
 *
 * Unicorn 2.0.1 cannot run with its MMU on (FINDINGS.md), so the oracle expresses the
 * same translation another way: Unicorn runs with its MMU off and every virtual page
 * the tables make accessible at the trial's EL is mapped in Unicorn's memory map, at
 * the same virtual address, onto the same host bytes as the physical page behind it,
 * with read/write protections equal to the page's permissions at that EL. The ISS
 * walks the real tables. So the two engines agree only if the ISS's walk (granule,
 * start level from TxSZ, table/page descriptors, AP[2:1] and APTable, AF, execute
 * permissions of the code page) gives exactly the generator's intended mapping.
 *
 * Each trial chooses a granule (4, 16, 64 KiB), an input size (25..48 bits), the EL
 * (0 or 1), and a window of 16 virtual pages at a random VA; each page is unmapped,
 * mapped without the access flag, or mapped to one of 16 physical pages with random
 * AP (and, at random, an APTable restriction on its table). A stream of random
 * loads/stores (LDR/STR of each size, LDUR/STUR with unaligned offsets that cross
 * pages, LDP/STP, sign-extending loads) and ALU instructions on base registers near
 * page edges runs on both; they are compared on X0..X30, NZCV, the data pages and, when
 * a data access faults, on the faulting instruction, the fault address (FAR against
 * Unicorn's reported address), the access direction (WnR) and its class (a write to a
 * read-only page is a Permission fault on the ISS and UC_ERR_WRITE_PROT on Unicorn;
 * anything else is unmapped on Unicorn). Fault status codes, ESR and levels are not
 * compared (Unicorn does not deliver exceptions); tests/iss/test_a64_mmu.cpp covers
 * them. Memory is Normal (Unicorn checks no alignment).
 *
 *   unicorn-diff-mmu [--trials N] [--seed S] [--verbose]
 *
 * Exit status: 0 no mismatch, 1 mismatch(es), 2 usage or set-up error.
 */
#define _POSIX_C_SOURCE 200809L
#include "unicorn_oracle.h"

#include "a64/a64.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE   0x40000000ull
#define RAM_SIZE   (4ull << 20)
#define CODE_PA    0x40000000ull /* one 64 KiB physical page: code, vectors, ERET pad */
#define CODE_VA    0x00100000ull /* mapped there in both engines */
#define VEC_OFF    0x800ull
#define ERET_OFF   0x1000ull
#define POOL_PA    0x40100000ull /* 16 data pages of up to 64 KiB */
#define NPOOL      16
#define TABLES_PA  0x40200000ull
#define TABLES_END 0x40400000ull
#define NWIN       16
#define MAX_INSNS  64

#define SR_TTBR0_EL1 A64_SYSREG(3, 0, 2, 0, 0)
#define SR_TCR_EL1   A64_SYSREG(3, 0, 2, 0, 2)
#define SR_MAIR_EL1  A64_SYSREG(3, 0, 10, 2, 0)
#define SR_SCTLR_EL1 A64_SYSREG(3, 0, 1, 0, 0)
#define SR_VBAR_EL1  A64_SYSREG(3, 0, 12, 0, 0)
#define SR_ESR_EL1   A64_SYSREG(3, 0, 5, 2, 0)
#define SR_FAR_EL1   A64_SYSREG(3, 0, 6, 0, 0)
#define SR_ELR_EL1   A64_SYSREG(3, 0, 4, 0, 1)

static uint64_t rng = 1;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Dull;
}
static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint8_t *ram_iss, *ram_uc;

/* ---- the trial's translation ---- */
typedef struct trial {
    unsigned grain, insize, el;
    uint64_t win; /* VA of window page 0 */
    struct {
        int pool;         /* -1: unmapped */
        bool af, ro, el0; /* AF; AP[2]; AP[1] (EL0 access) */
        bool table_ro;    /* APTable[1] on its level-3 table... set per table */
    } page[NWIN];
    uint64_t next_table;
} trial;

static void put64(uint8_t *ram, uint64_t pa, uint64_t v)
{
    memcpy(ram + (pa - RAM_BASE), &v, 8);
}
static uint64_t get64(const uint8_t *ram, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, ram + (pa - RAM_BASE), 8);
    return v;
}

static unsigned stride(const trial *t)
{
    return t->grain - 3;
}
static unsigned start_level(const trial *t)
{
    return 4 - (t->insize - t->grain + stride(t) - 1) / stride(t);
}
static unsigned lshift(const trial *t, unsigned l)
{
    return t->grain + stride(t) * (3 - l);
}
static uint64_t lindex(const trial *t, uint64_t va, unsigned l)
{
    unsigned w = l == start_level(t) ? t->insize - lshift(t, l) : stride(t);
    return (va >> lshift(t, l)) & ((1ull << w) - 1);
}
static uint64_t alloc_table(trial *t)
{
    uint64_t sz = 1ull << t->grain;
    t->next_table = (t->next_table + sz - 1) & ~(sz - 1);
    uint64_t a = t->next_table;
    t->next_table += sz;
    if (t->next_table > TABLES_END) {
        fprintf(stderr, "unicorn-diff-mmu: table area exhausted\n");
        exit(2);
    }
    memset(ram_iss + (a - RAM_BASE), 0, sz);
    return a;
}
/* Level-3 entry for va, creating tables; table_bits go on the last table descriptor. */
static void map_page(trial *t, uint64_t root, uint64_t va, uint64_t desc, uint64_t table_bits)
{
    uint64_t tb = root;
    for (unsigned l = start_level(t); l < 3; l++) {
        uint64_t a = tb + 8 * lindex(t, va, l), d = get64(ram_iss, a);
        if (!(d & 1)) {
            d = alloc_table(t) | 3;
        }
        if (l == 2) d |= table_bits;
        put64(ram_iss, a, d);
        tb = d & 0x0000fffffffff000ull & ~((1ull << t->grain) - 1);
    }
    put64(ram_iss, tb + 8 * lindex(t, va, 3), desc);
}

/* Permissions of a window page at the trial's EL: 0 none, 1 read, 3 read/write. */
static unsigned page_access(const trial *t, unsigned k, bool table_ro)
{
    if (t->page[k].pool < 0 || !t->page[k].af) return 0;
    bool ro = t->page[k].ro || table_ro;
    if (t->el == 0 && !t->page[k].el0) return 0;
    return ro ? 1 : 3;
}

/* ---- instruction generation ---- */
static uint32_t gen_insn(void)
{
    unsigned rn = 1 + below(6), rt = 10 + below(10);
    switch (below(10)) {
    case 0:
    case 1: { /* LDR/STR (unsigned offset), any size, small offset */
        unsigned sz = below(4), opc = below(2);
        return 0x39000000u | (sz << 30) | (opc << 22) | (below(8) << 10) | (rn << 5) | rt;
    }
    case 2:
    case 3: { /* LDUR/STUR: unaligned, may cross a page */
        unsigned sz = below(4), opc = below(2);
        unsigned imm9 = (unsigned)(int)(below(33) - 16) & 0x1ff;
        return 0x38000000u | (sz << 30) | (opc << 22) | (imm9 << 12) | (rn << 5) | rt;
    }
    case 4: { /* LDP/STP X, signed offset */
        unsigned l = below(2), imm7 = (unsigned)(int)(below(5) - 2) & 0x7f;
        return 0xa9000000u | (l << 22) | (imm7 << 15) | (rt << 10) | (rn << 5) | (rt + 1);
    }
    case 5: /* LDRSW / LDRSB (unsigned offset) */
        return below(2) ? 0xb9800000u | (below(4) << 10) | (rn << 5) | rt
                        : 0x39800000u | (below(16) << 10) | (rn << 5) | rt;
    case 6: /* ADD/SUB Xn, Xn, #imm: move a base around */
        return (below(2) ? 0x91000000u : 0xd1000000u) | (below(64) << 10) | (rn << 5) | rn;
    case 7: /* EOR Xd, Xd, Xm */ return 0xca000000u | (below(31) << 16) | (rt << 5) | rt;
    case 8: /* ADDS Xd, Xd, Xm */ return 0xab000000u | ((10 + below(10)) << 16) | (rt << 5) | rt;
    default: /* STR X (register base + 8 * imm) */
        return 0xf9000000u | (below(4) << 10) | (rn << 5) | rt;
    }
}

/* ---- engines ---- */
typedef struct result {
    uint64_t x[31];
    uint32_t nzcv;
    bool fault;
    uint64_t pc, addr; /* faulting instruction and address */
    bool write, perm;
} result;

static a64_system *sys;
static a64_core *core;

static void run_iss(const trial *t, uint64_t root, const uint64_t *x0, unsigned n, result *r)
{
    a64_core_reset(core);
    uint64_t tg0 = t->grain == 12 ? 0 : t->grain == 16 ? 1 : 2;
    a64_sysreg_set(core, SR_TTBR0_EL1, root);
    a64_sysreg_set(core, SR_TCR_EL1, (64 - t->insize) | (tg0 << 14) | (1ull << 23) | (1ull << 32));
    a64_sysreg_set(core, SR_MAIR_EL1, 0xff);
    a64_sysreg_set(core, SR_VBAR_EL1, CODE_VA + VEC_OFF);
    uint64_t sctlr = 0;
    a64_sysreg_get(core, SR_SCTLR_EL1, &sctlr);
    /* SA/SA0 off (no SP use anyway), A off: Normal memory accepts unaligned accesses. */
    a64_sysreg_set(core, SR_SCTLR_EL1, (sctlr & ~0x1aull) | 1);
    a64_state *s = a64_core_state(core);
    memcpy(s->x, x0, sizeof s->x);
    s->pc = CODE_VA;
    s->el = (uint8_t)t->el;
    s->spsel = t->el ? 1 : 0;
    s->nzcv = 0;
    a64_stop_info info;
    a64_run(core, 100000, &info);
    memcpy(r->x, s->x, sizeof r->x);
    r->nzcv = s->nzcv;
    uint64_t vec = CODE_VA + VEC_OFF + (t->el ? 0x200 : 0x400);
    r->fault = info.reason == A64_STOP_SEMIHOST && s->pc == vec + 4;
    if (info.reason != A64_STOP_SEMIHOST || (!r->fault && s->pc != CODE_VA + 4 * n + 4)) {
        fprintf(stderr,
                "unicorn-diff-mmu: the ISS stopped unexpectedly (reason %d, pc 0x%" PRIx64
                "): %s\n",
                (int)info.reason, s->pc, info.message);
        r->fault = true;
        r->pc = ~0ull;
        return;
    }
    if (r->fault) {
        uint64_t esr = 0;
        a64_sysreg_get(core, SR_ESR_EL1, &esr);
        a64_sysreg_get(core, SR_FAR_EL1, &r->addr);
        a64_sysreg_get(core, SR_ELR_EL1, &r->pc);
        unsigned ec = (unsigned)(esr >> 26), fsc = esr & 0x3f;
        r->write = (esr >> 6) & 1;
        r->perm = (fsc & 0x3c) == 0x0c;
        if (ec != 0x24 && ec != 0x25) {
            fprintf(stderr, "unicorn-diff-mmu: ISS exception EC 0x%x at 0x%" PRIx64 "\n", ec,
                    r->pc);
            r->pc = ~0ull;
        }
    }
}

static struct {
    bool hit, write, prot;
    uint64_t addr;
} uc_fault;
static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                         void *user)
{
    (void)uc;
    (void)size;
    (void)value;
    (void)user;
    if (!uc_fault.hit) {
        uc_fault.hit = true;
        uc_fault.addr = addr;
        uc_fault.write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
        uc_fault.prot = type == UC_MEM_WRITE_PROT || type == UC_MEM_READ_PROT;
    }
    return false;
}

/* Unicorn reports the faulting block's start as PC: the faulting instruction is the
 * last one the code hook saw. */
static uint64_t uc_last_pc;
static void hook_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    (void)uc;
    (void)size;
    (void)user;
    uc_last_pc = addr;
}

static int run_uc(const trial *t, const unsigned *access, const uint64_t *x0, unsigned n, result *r)
{
    uo_engine e;
    if (uo_open(&e, UC_CPU_ARM64_A53, RAM_BASE, ram_uc, RAM_SIZE)) return -1;
    uint64_t G = 1ull << t->grain;
    uc_err err = uc_mem_map_ptr(e.uc, CODE_VA, 0x10000, UC_PROT_ALL, ram_uc);
    for (unsigned k = 0; k < NWIN && err == UC_ERR_OK; k++) {
        if (!access[k]) continue;
        uint8_t *host = ram_uc + (POOL_PA - RAM_BASE) + (uint64_t)t->page[k].pool * 0x10000;
        uint32_t prot = UC_PROT_READ | (access[k] & 2 ? UC_PROT_WRITE : 0);
        err = uc_mem_map_ptr(e.uc, t->win + k * G, G, prot, host);
    }
    uc_hook h, hc;
    if (err == UC_ERR_OK)
        err = uc_hook_add(e.uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_invalid, NULL, 1, 0);
    if (err == UC_ERR_OK)
        err = uc_hook_add(e.uc, &hc, UC_HOOK_CODE, (void *)hook_code, NULL, CODE_VA,
                          CODE_VA + 4 * MAX_INSNS);
    if (err != UC_ERR_OK) {
        fprintf(stderr, "unicorn-diff-mmu: unicorn set-up: %s\n", uc_strerror(err));
        uo_close(&e);
        return -1;
    }
    if (t->el == 0 && uo_enter_el0(&e, CODE_VA + ERET_OFF, CODE_VA + ERET_OFF + 4)) {
        uo_close(&e);
        return -1;
    }
    uo_state s;
    memset(&s, 0, sizeof s);
    memcpy(s.x, x0, sizeof s.x);
    s.pc = CODE_VA;
    s.el = (uint8_t)t->el;
    s.spsel = t->el ? 1 : 0;
    s.daif = 0x3c0;
    uo_set_state(&e, &s);
    memset(&uc_fault, 0, sizeof uc_fault);
    err = uo_run(&e, CODE_VA + 4 * n, 0);
    uo_get_state(&e, &s);
    memcpy(r->x, s.x, sizeof r->x);
    r->nzcv = s.nzcv;
    r->fault = err != UC_ERR_OK;
    r->pc = r->fault ? uc_last_pc : s.pc;
    r->addr = uc_fault.addr;
    r->write = uc_fault.write;
    r->perm = uc_fault.prot;
    if (r->fault && !uc_fault.hit) {
        fprintf(stderr, "unicorn-diff-mmu: unicorn stopped at 0x%" PRIx64 ": %s\n", s.pc,
                uc_strerror(err));
        r->pc = ~1ull;
    }
    uo_close(&e);
    return 0;
}

static uint64_t retired;

static int one_trial(unsigned num, bool verbose, uint64_t *faults)
{
    trial t;
    memset(&t, 0, sizeof t);
    static const unsigned grains[3] = {12, 14, 16};
    t.grain = grains[below(3)];
    t.insize = 25 + below(24);
    t.el = below(2);
    uint64_t G = 1ull << t.grain;
    uint64_t top = 1ull << (t.insize < 40 ? t.insize : 40); /* Unicorn's PA space: 40 bits */
    uint64_t span = NWIN * G;
    t.win = (0x200000 + (rnd() % (top - 0x200000 - span))) & ~(G - 1);
    /* Keep 1 MiB away from the RAM Unicorn maps at its physical address. */
    while (t.win + span + 0x100000 > RAM_BASE && t.win < RAM_BASE + RAM_SIZE + 0x100000)
        t.win = (0x200000 + (rnd() % (top - 0x200000 - span))) & ~(G - 1);
    t.next_table = TABLES_PA;
    /* fresh data pages: same random contents for both engines */
    for (uint64_t a = POOL_PA; a < POOL_PA + NPOOL * 0x10000ull; a += 8)
        put64(ram_iss, a, rnd());
    memset(ram_iss + (TABLES_PA - RAM_BASE), 0, TABLES_END - TABLES_PA);
    uint64_t root = alloc_table(&t);
    /* code page: read-only at EL0 and EL1, executable at both */
    uint64_t attr = (1ull << 10) | (3ull << 8);
    for (uint64_t o = 0; o < 0x10000; o += G)
        map_page(&t, root, CODE_VA + o, (CODE_PA + o) | attr | (3ull << 6) | 3, 0);
    /* the window: one level-3 table (with a random APTable[1]) per table span */
    bool table_ro = below(4) == 0 && start_level(&t) < 3;
    unsigned access[NWIN];
    for (unsigned k = 0; k < NWIN; k++) {
        /* Mostly accessible, so that a stream runs a while before its first fault. */
        unsigned kind = below(24);
        t.page[k].pool = kind == 0 ? -1 : (int)below(NPOOL);
        t.page[k].af = kind != 1;
        t.page[k].ro = below(6) == 0;
        t.page[k].el0 = below(8) != 0;
    }
    for (unsigned k = 0; k < NWIN; k++) {
        if (t.page[k].pool < 0) continue;
        uint64_t d = (POOL_PA + (uint64_t)t.page[k].pool * 0x10000) | (3ull << 8) |
                     (t.page[k].af ? 1ull << 10 : 0) | (t.page[k].ro ? 1ull << 7 : 0) |
                     (t.page[k].el0 ? 1ull << 6 : 0) | (1ull << 54) | (1ull << 53) | 3;
        map_page(&t, root, t.win + k * G, d, table_ro ? 1ull << 62 : 0);
    }
    /* APTable applies to every page under a table that got it: all window pages share
     * the level-2 descriptors the code page does not, except when they share a table
     * with the code; the code is never written, so read-only there changes nothing. */
    for (unsigned k = 0; k < NWIN; k++)
        access[k] = page_access(&t, k, table_ro);

    /* code and vectors */
    unsigned n = 8 + below(MAX_INSNS - 8);
    uint32_t code[MAX_INSNS + 1];
    for (unsigned i = 0; i < n; i++)
        code[i] = gen_insn();
    code[n] = 0xd45e0000u; /* HLT #0xF000: the ISS stops; Unicorn stops before it */
    memset(ram_iss + (CODE_PA - RAM_BASE), 0, 0x2000);
    memcpy(ram_iss + (CODE_PA - RAM_BASE), code, 4 * (n + 1));
    const uint32_t pad[2] = {UO_ERET, UO_NOP}; /* Unicorn's way into EL0 */
    memcpy(ram_iss + (CODE_PA - RAM_BASE) + ERET_OFF, pad, sizeof pad);
    for (unsigned off = 0; off < 0x800; off += 0x80)
        memcpy(ram_iss + (CODE_PA - RAM_BASE) + VEC_OFF + off, &code[n], 4);
    a64_system_code_written(sys, CODE_PA, 0x2000);
    memcpy(ram_uc, ram_iss, RAM_SIZE);

    /* registers: bases near window page edges, data random */
    uint64_t x0[31];
    for (unsigned i = 0; i < 31; i++)
        x0[i] = rnd();
    for (unsigned i = 1; i <= 6; i++)
        x0[i] = t.win + (1 + below(NWIN - 2)) * G + (below(4) ? below(256) : G - below(24));

    result a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    uint64_t i0 = a64_core_instructions(core);
    run_iss(&t, root, x0, n, &a);
    retired += a64_core_instructions(core) - i0;
    if (run_uc(&t, access, x0, n, &b)) return -1;
    /* A fault on a page-crossing access: the ISS reports the first byte of the faulting
     * page, Unicorn the address of the access (or of its split part). */
    bool far_ok =
        a.addr == b.addr || ((a.addr & (G - 1)) == 0 && b.addr < a.addr && a.addr - b.addr < 16);
    /* A store crossing into a faulting page: Unicorn has written the bytes of the first
     * page, the ISS none (it checks both halves first). A faulting store leaves the
     * locations it would have written UNKNOWN, so those at most 8 bytes may differ. */
    uint64_t kp = (a.addr - t.win) / G;
    if (a.fault && b.fault && a.write && !(a.addr & (G - 1)) && a.addr > t.win && kp <= NWIN &&
        t.page[kp - 1].pool >= 0) {
        uint64_t off = (POOL_PA - RAM_BASE) + (uint64_t)t.page[kp - 1].pool * 0x10000 + G - 8;
        memcpy(ram_uc + off, ram_iss + off, 8);
    }
    /* A write to a page readable (but not writable) at this EL is a Permission fault
     * on the ISS and a protection fault on Unicorn; everything else is unmapped there. */
    uint64_t k = (a.addr - t.win) / G;
    bool ro_write = a.perm && a.write && a.addr >= t.win && k < NWIN && access[k] == 1;
    bool same =
        a.fault == b.fault && !memcmp(a.x, b.x, sizeof a.x) && a.nzcv == b.nzcv &&
        !memcmp(ram_iss + (POOL_PA - RAM_BASE), ram_uc + (POOL_PA - RAM_BASE), NPOOL * 0x10000) &&
        (!a.fault || (a.pc == b.pc && far_ok && a.write == b.write && ro_write == b.perm));
    *faults += a.fault;
    if (same && !verbose) return 0;
    printf("%s trial %u: granule %uK, input size %u, EL%u, window 0x%" PRIx64 "\n",
           same ? "ok" : "MISMATCH", num, (1u << t.grain) >> 10, t.insize, t.el, t.win);
    if (!same) {
        for (unsigned k = 0; k < NWIN; k++)
            printf("  page %2u: pool %2d af %d ro %d el0 %d -> access %u\n", k, t.page[k].pool,
                   t.page[k].af, t.page[k].ro, t.page[k].el0, access[k]);
        printf("  table APTable[1] %d\n", table_ro);
        for (unsigned i = 0; i < n; i++)
            printf("  0x%08x %s\n", code[i], a64_insn_name(code[i]));
        printf("  iss:     fault %d pc 0x%" PRIx64 " addr 0x%" PRIx64 " write %d perm %d\n",
               a.fault, a.pc, a.addr, a.write, a.perm);
        printf("  unicorn: fault %d pc 0x%" PRIx64 " addr 0x%" PRIx64 " write %d prot %d\n",
               b.fault, b.pc, b.addr, b.write, b.perm);
        for (unsigned i = 0; i < 31; i++)
            if (a.x[i] != b.x[i])
                printf("  x%u: iss 0x%016" PRIx64 " unicorn 0x%016" PRIx64 " (in 0x%016" PRIx64
                       ")\n",
                       i, a.x[i], b.x[i], x0[i]);
    }
    return same ? 0 : 1;
}

int main(int argc, char **argv)
{
    unsigned trials = 2000;
    uint64_t seed = 1;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (!strcmp(argv[i], "--trials") && i + 1 < argc)
            trials = (unsigned)strtoul(argv[++i], &end, 0);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], &end, 0);
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
        else {
            fprintf(stderr, "usage: unicorn-diff-mmu [--trials N] [--seed S] [--verbose]\n");
            return 2;
        }
        if (end && *end) {
            fprintf(stderr, "unicorn-diff-mmu: bad value '%s' for %s\n", argv[i], argv[i - 1]);
            return 2;
        }
    }
    rng = seed ? seed : 1;
    ram_iss = aligned_alloc(4096, RAM_SIZE);
    ram_uc = aligned_alloc(4096, RAM_SIZE);
    if (!ram_iss || !ram_uc) return 2;
    memset(ram_iss, 0, RAM_SIZE);
    sys = a64_system_create();
    a64_core_config cfg = {0};
    cfg.mpidr = 0x80000000ull;
    cfg.rvbar = CODE_VA;
    cfg.reset_el = 1;
    a64_callbacks cb = {0};
    if (!sys || a64_system_map_ram(sys, RAM_BASE, RAM_SIZE, ram_iss) ||
        !(core = a64_core_create(sys, &cfg, &cb))) {
        fprintf(stderr, "unicorn-diff-mmu: cannot create the ISS\n");
        return 2;
    }
    unsigned bad = 0, done = 0;
    uint64_t faults = 0;
    for (unsigned k = 0; k < trials; k++, done++) {
        int rc = one_trial(k, verbose, &faults);
        if (rc < 0) return 2;
        bad += (unsigned)rc;
        if (bad >= 5) break;
    }
    printf("unicorn-diff-mmu: %u trials (seed %" PRIu64 "), %" PRIu64
           " instructions on the ISS, %" PRIu64
           " trials ended in a data abort on both engines, %u mismatching\n",
           done, seed, retired, faults, bad);
    a64_system_destroy(sys);
    free(ram_iss);
    free(ram_uc);
    return bad ? 1 : 0;
}
