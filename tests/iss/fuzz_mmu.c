/*
 * fuzz_mmu: random translation tables, translation controls and instruction words on
 * the a64 ISS with stage 1 on.
 *
 * The input chooses the core configuration, the EL, TCR_ELx (T0SZ/T1SZ including
 * out-of-range values, TG0/TG1 including reserved encodings, IPS/PS, EPD0/1, TBI, A1,
 * AS), TTBRs (base anywhere: in the table area, misaligned, outside RAM, above the PA
 * size), MAIR, SCTLR (M, A, WXN) and a table area of random descriptors biased towards
 * well-formed ones (half of the inputs start from a valid identity map; tables pointing
 * back into the area, blocks and pages mapping RAM,
 * the MMIO window, holes or addresses above the PA size, random AP/XN/AF/nG/AttrIndx).
 * Code words come from the input, mixed with memory, TLBI, AT, DC and IC instructions;
 * base registers hold VAs near the mapped ranges. The core runs a bounded number of
 * a64_run() calls; a64_translate_debug() is called on random VAs in between.
 *
 * Properties: no host crash or undefined behaviour (ASan/UBSan), no hang, consistent
 * stop information, valid PSTATE, a64_translate_debug() returning 0 or -1.
 */
#include "a64/a64.h"
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE   0x40000000ull
#define RAM_SIZE   0x40000ull
#define CODE_BASE  0x40000000ull /* code and vectors: the first 16 KiB */
#define TABLE_BASE 0x40010000ull /* random descriptors: 128 KiB */
#define TABLE_SIZE 0x20000ull
#define MMIO_BASE  0x09000000ull
#define MMIO_SIZE  0x1000ull
#define BUDGET     3000u
#define MAX_RUNS   6

static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_mmu: %s\n", what);
    abort();
}

static int mmio_read(void *c, a64_core *core, uint64_t pa, unsigned size, uint64_t *value,
                     uint64_t *cycles)
{
    (void)c;
    (void)core;
    if (size != 1 && size != 2 && size != 4 && size != 8) fail("MMIO access of a bad size");
    if (pa - MMIO_BASE >= MMIO_SIZE) return 1;
    *value = pa & (size == 8 ? ~0ull : ((1ull << (8 * size)) - 1));
    *cycles += 5;
    return 0;
}

static int mmio_write(void *c, a64_core *core, uint64_t pa, unsigned size, uint64_t value,
                      uint64_t *cycles)
{
    (void)c;
    (void)core;
    (void)value;
    if (size != 1 && size != 2 && size != 4 && size != 8) fail("MMIO access of a bad size");
    if (pa - MMIO_BASE >= MMIO_SIZE) return 1;
    *cycles += 5;
    return 0;
}

/* A descriptor biased towards well-formed ones. */
static uint64_t descriptor(input *in)
{
    uint64_t r = take(in, 8), kind = r & 7, attrs = r & 0x00600000000007fcull;
    uint64_t addr;
    switch ((r >> 3) & 3) {
    case 0: addr = TABLE_BASE + ((r >> 12) % TABLE_SIZE); break;
    case 1: addr = RAM_BASE + ((r >> 12) % RAM_SIZE); break;
    case 2: addr = MMIO_BASE; break;
    default: addr = (r >> 12) << 12; break; /* anywhere, above the PA size too */
    }
    addr &= 0x0000fffffffff000ull;
    switch (kind) {
    case 0: return r;                                                  /* raw */
    case 1: return 0;                                                  /* invalid */
    case 2: return addr | 1 | attrs;                                   /* block */
    default: return (addr & ~0xffffull) | (addr & 0xf000) | 3 | attrs; /* table / page */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    uint64_t cfgbits = take(&in, 2);
    a64_core_config cfg = {0};
    cfg.mpidr = 0x80000000ull;
    cfg.have_el2 = cfgbits & 1;
    cfg.have_el3 = cfgbits & 2;
    unsigned highest = cfg.have_el3 ? 3 : cfg.have_el2 ? 2 : 1;
    cfg.reset_el = highest;
    cfg.rvbar = CODE_BASE;
    a64_callbacks cb = {NULL, mmio_read, mmio_write, NULL, NULL, NULL, NULL, NULL, NULL};

    memset(ram, 0, sizeof ram);
    a64_system *sys = a64_system_create();
    if (!sys || a64_system_map_ram(sys, RAM_BASE, RAM_SIZE, ram)) abort();
    a64_core *core = a64_core_create(sys, &cfg, &cb);
    if (!core) abort();
    a64_state *s = a64_core_state(core);
    unsigned el = (unsigned)(cfgbits >> 2) & 3;
    if (el > highest || (el == 2 && !cfg.have_el2)) el = 1;
    s->el = (uint8_t)el;
    s->spsel = el != 0;
    if (cfg.have_el3 && (cfgbits & 0x10))
        a64_sysreg_set(core, A64_SYSREG(3, 6, 1, 1, 0), 1); /* SCR_EL3.NS */

    /* Translation controls of every regime. */
    static const uint32_t ttbr[4] = {A64_SYSREG(3, 0, 2, 0, 0), A64_SYSREG(3, 0, 2, 0, 1),
                                     A64_SYSREG(3, 4, 2, 0, 0), A64_SYSREG(3, 6, 2, 0, 0)};
    static const uint32_t tcr[3] = {A64_SYSREG(3, 0, 2, 0, 2), A64_SYSREG(3, 4, 2, 0, 2),
                                    A64_SYSREG(3, 6, 2, 0, 2)};
    static const uint32_t mair[3] = {A64_SYSREG(3, 0, 10, 2, 0), A64_SYSREG(3, 4, 10, 2, 0),
                                     A64_SYSREG(3, 6, 10, 2, 0)};
    static const uint32_t sctlr[3] = {A64_SYSREG(3, 0, 1, 0, 0), A64_SYSREG(3, 4, 1, 0, 0),
                                      A64_SYSREG(3, 6, 1, 0, 0)};
    for (unsigned i = 0; i < 4; i++) {
        uint64_t t = take(&in, 8);
        if (!(t & 0x100)) t = (TABLE_BASE + (t % TABLE_SIZE)) | (t & 0xffff000000000000ull);
        a64_sysreg_set(core, ttbr[i], t);
    }
    for (unsigned i = 0; i < 3; i++) {
        uint64_t v = take(&in, 8);
        a64_sysreg_set(core, tcr[i], v & 0x0000007fffffffffull);
        a64_sysreg_set(core, mair[i], take(&in, 8));
        uint64_t sc = 0;
        a64_sysreg_get(core, sctlr[i], &sc);
        uint64_t b = take(&in, 1);
        sc = (sc & ~((1ull << 0) | (1ull << 1) | (1ull << 19))) | (b & 1) | (b & 2) |
             ((b & 4) ? 1ull << 19 : 0) | 1; /* M on, A and WXN at random */
        a64_sysreg_set(core, sctlr[i], sc);
    }
    /* Half of the inputs get a well-formed base: a 4 KiB-granule, 39-bit (T0SZ 25,
     * start level 1) identity map of RAM in every regime, code pages read-only and
     * executable, the other pages with random attributes; random descriptors then
     * overwrite random slots. The other half are random tables only. */
    bool structured = cfgbits & 0x20;
    uint8_t *tb = ram + (TABLE_BASE - RAM_BASE);
    if (structured) {
        uint64_t l1 = TABLE_BASE, l2 = TABLE_BASE + 0x1000, l3 = TABLE_BASE + 0x2000, d;
        d = l2 | 3;
        memcpy(tb + 8 * (RAM_BASE >> 30), &d, 8);
        d = l3 | 3;
        memcpy(tb + 0x1000 + 8 * ((RAM_BASE >> 21) & 511), &d, 8);
        for (uint64_t k = 0; k < RAM_SIZE / 0x1000; k++) {
            uint64_t attrs = k < 4 ? (3ull << 6) | (1ull << 10) : take(&in, 2) & 0x7fc;
            d = (RAM_BASE + k * 0x1000) | attrs | 3;
            memcpy(tb + 0x2000 + 8 * k, &d, 8);
        }
        d = MMIO_BASE | (1ull << 10) | (1ull << 2) | 3; /* the MMIO window, Device */
        memcpy(tb + 0x2000 + 8 * 256, &d, 8);
        (void)l1;
        for (unsigned i = 0; i < 3; i++) {
            a64_sysreg_set(core, tcr[i],
                           25 | (i ? 1ull << 16 : 1ull << 32) |
                               (take(&in, 1) & 1 ? 1ull << 37 : 0));
            a64_sysreg_set(core, ttbr[i == 0 ? 0 : i + 1], TABLE_BASE);
        }
    }
    size_t ndesc = (size_t)take(&in, 1) * 4; /* leaves input for the code */
    for (size_t i = 0; i < ndesc && in.n >= 8; i++) {
        uint64_t d = descriptor(&in);
        size_t slot = (i * 509) % (TABLE_SIZE / 8);
        if (structured && (slot < 0x2000 / 8 + 4 || slot == 0x2000 / 8 + 256))
            continue; /* keep the code reachable */
        memcpy(tb + 8 * slot, &d, 8);
    }
    /* Registers: VAs around the mapped ranges (low, TTBR1 half, tagged). */
    for (int i = 0; i < 31; i++) {
        uint64_t v = take(&in, 8);
        switch (v & 3) {
        case 0: v = RAM_BASE + ((v >> 8) % RAM_SIZE); break;
        case 1: v = (v >> 8) & 0xffffffffffull; break;
        case 2: v = ~((v >> 8) & 0xffffffffffull); break;
        default: break;
        }
        s->x[i] = v;
    }
    for (int i = 0; i < 4; i++)
        s->sp_el[i] = RAM_BASE + 0x3000 - 256 * (unsigned)i;
    /* Code: input words, some replaced by memory-system instructions. */
    static const uint32_t sysinsns[] = {
        0xd508871f, /* tlbi vmalle1 */ 0xd5088320,    /* tlbi vae1is, x0 */
        0xd5088741, /* tlbi aside1, x1 */ 0xd50c871f, /* tlbi alle2 */
        0xd50e8322, /* tlbi vae3is, x2 */ 0xd5087803, /* at s1e1r, x3 */
        0xd5087864, /* at s1e0w, x4 */ 0xd50c7805,    /* at s1e2r, x5 */
        0xd50e7826, /* at s1e3w, x6 */ 0xd50b7427,    /* dc zva, x7 */
        0xd50b7e28, /* dc civac, x8 */ 0xd5087629,    /* dc ivac, x9 */
        0xd50b752a, /* ic ivau, x10 */ 0xd508751f,    /* ic iallu */
        0xf940016b, /* ldr x11, [x11] */ 0xf900018c,  /* str x12, [x12] */
        0xf84001ad,                                   /* ldur x13, [x13, #0] (unaligned-capable) */
        0xc85f7dce, /* ldxr x14, [x14] */ 0xc80f7def, /* stxr w15, x15, [x15] */
        0xf8200210, /* ldadd x0, x16, [x16] */ 0xf8400a31, /* ldtr x17, [x17] */
        0xd5181000, /* msr sctlr_el1, x0 */ 0xd5182001,    /* msr ttbr0_el1, x1 */
        0xd5033b9f, /* dsb ish */ 0xd5033fdf,              /* isb */
    };
    /* 256 words: the input's, then the memory-system list in turn. */
    const size_t nsys = sizeof sysinsns / sizeof sysinsns[0];
    for (size_t i = 0; i < 256; i++) {
        uint32_t w = in.n >= 4 ? (uint32_t)take(&in, 4) : (uint32_t)(i * 4 * 7);
        if ((w & 3) == 0) w = sysinsns[(w >> 2) % nsys];
        memcpy(ram + 4 * i, &w, 4);
    }
    a64_system_code_written(sys, RAM_BASE, RAM_SIZE);
    /* Vectors at the code (its words double as handlers), so that a fault does not end
     * the input at once. */
    a64_sysreg_set(core, A64_SYSREG(3, 0, 12, 0, 0), CODE_BASE);
    a64_sysreg_set(core, A64_SYSREG(3, 4, 12, 0, 0), CODE_BASE);
    a64_sysreg_set(core, A64_SYSREG(3, 6, 12, 0, 0), CODE_BASE);

    for (int run = 0; run < MAX_RUNS; run++) {
        a64_stop_info info;
        a64_run(core, BUDGET, &info);
        if (s->el > highest || s->spsel > 1 || (s->nzcv & 0x0fffffffu) || (s->daif & ~0x3c0u))
            fail("invalid PSTATE");
        if (info.reason > A64_STOP_FATAL) fail("stop reason outside the enum");
        if (info.reason == A64_STOP_FATAL) {
            if (!info.message[0]) fail("FATAL stop without a message");
            break;
        }
        if (info.reason == A64_STOP_WFI || info.reason == A64_STOP_WFE ||
            info.reason == A64_STOP_SEMIHOST || info.reason == A64_STOP_CONDUIT)
            s->pc = CODE_BASE + 4 * (run + 1);
        /* The debugger translation: side-effect free, never crashes. */
        for (int k = 0; k < 4; k++) {
            uint64_t pa = 0, va = s->x[(run * 4 + k) % 31];
            int rc = a64_translate_debug(core, va, k & 1, &pa);
            if (rc != 0 && rc != -1) fail("a64_translate_debug returned neither 0 nor -1");
        }
    }
    a64_core_destroy(core);
    a64_system_destroy(sys);
    return 0;
}
