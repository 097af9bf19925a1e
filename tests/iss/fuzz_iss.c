/*
 * fuzz_iss: random instruction words and random architectural state on the a64 ISS.
 *
 * The input chooses the core configuration (EL2/EL3 present, conduit, reset EL),
 * the registers (general and SIMD&FP, FPCR/FPSR), PSTATE (NZCV, DAIF, EL, SPSel), some
 * system registers (SCTLR_EL1, VBAR_EL1, HCR_EL2, SCR_EL3, CPACR_EL1...), breakpoints,
 * and up to 64 instruction words placed in a small RAM. Physical addresses outside RAM go to MMIO
 * callbacks that succeed in one window and fault elsewhere (sometimes requesting a stop); system
 * registers the core does not own go to callbacks that accept some encodings and refuse others. The
 * core runs for a bounded number of a64_run() calls with a small cycle budget.
 *
 * Properties: no host crash or undefined behaviour (ASan/UBSan), no hang (every
 * a64_run() returns; the total work is bounded), every stop reason is one of the
 * enum's values with consistent a64_stop_info, and PSTATE stays architecturally
 * valid (implemented EL, SPSel 0/1, no stray bits in NZCV/DAIF/FPCR/FPSR).
 */
#include "a64/a64.h"
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE  0x40000000ull
#define RAM_SIZE  0x10000ull
#define CODE_BASE 0x40001000ull
#define MMIO_BASE 0x09000000ull /* succeeds: a PL011-sized window */
#define MMIO_SIZE 0x1000ull
#define BUDGET    2000u
#define MAX_RUNS  8

static uint8_t ram[RAM_SIZE];

static void fail(const char *what, const a64_stop_info *info)
{
    fprintf(stderr, "fuzz_iss: %s (reason %d, cycles %llu, instructions %llu)\n", what,
            (int)info->reason, (unsigned long long)info->cycles,
            (unsigned long long)info->instructions);
    abort();
}

typedef struct ctx {
    unsigned mmio_calls, stop_after;
    uint32_t sysreg_salt;
} ctx;

static int mmio_read(void *c, a64_core *core, uint64_t pa, unsigned size, uint64_t *value,
                     uint64_t *cycles)
{
    ctx *x = c;
    if (size != 1 && size != 2 && size != 4 && size != 8) abort();
    if (++x->mmio_calls == x->stop_after) a64_request_stop(core);
    if (pa - MMIO_BASE >= MMIO_SIZE) return 1; /* a synchronous external abort for the guest */
    *value = (pa * 0x9e3779b97f4a7c15ull) & (size == 8 ? ~0ull : ((1ull << (8 * size)) - 1));
    *cycles += 10;
    return 0;
}

static int mmio_write(void *c, a64_core *core, uint64_t pa, unsigned size, uint64_t value,
                      uint64_t *cycles)
{
    ctx *x = c;
    (void)value;
    if (size != 1 && size != 2 && size != 4 && size != 8) abort();
    if (++x->mmio_calls == x->stop_after) a64_request_stop(core);
    if (pa - MMIO_BASE >= MMIO_SIZE) return 1;
    *cycles += 10;
    return 0;
}

static int sr_read(void *c, a64_core *core, uint32_t enc, uint64_t *value)
{
    ctx *x = c;
    (void)core;
    if (((enc ^ x->sysreg_salt) & 3) == 0) return 1; /* UNDEFINED */
    *value = enc * 0x100000001ull;
    return 0;
}

static int sr_write(void *c, a64_core *core, uint32_t enc, uint64_t value)
{
    ctx *x = c;
    (void)core;
    (void)value;
    return ((enc ^ x->sysreg_salt) & 3) == 0;
}

static void on_event(void *c, a64_core *target)
{
    (void)c;
    (void)target;
}

static void check_state(const a64_core *core, const a64_core_config *cfg, const a64_stop_info *info)
{
    a64_state *s = a64_core_state((a64_core *)core);
    unsigned highest = cfg->have_el3 ? 3 : cfg->have_el2 ? 2 : 1;
    if (s->el > highest || (s->el == 2 && !cfg->have_el2) || (s->el == 3 && !cfg->have_el3))
        fail("PSTATE.EL names an unimplemented Exception level", info);
    if (s->spsel > 1) fail("PSTATE.SP is neither 0 nor 1", info);
    if (s->nzcv & 0x0fffffffu) fail("stray bits in NZCV", info);
    if (s->daif & ~0x3c0u) fail("stray bits in DAIF", info);
    if (s->fpcr & ~0x07c00000u) fail("FPCR bits other than AHP/DN/FZ/RMode set", info);
    if (s->fpsr & ~0xf800009fu) fail("stray bits in FPSR", info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    uint64_t cfgbits = take(&in, 2);

    a64_core_config cfg = {0};
    cfg.mpidr = 0x80000000ull | (cfgbits & 0x0303);
    cfg.have_el2 = cfgbits & 0x10;
    cfg.have_el3 = cfgbits & 0x20;
    cfg.conduit = (a64_conduit)((cfgbits >> 6) % 3);
    unsigned highest = cfg.have_el3 ? 3 : cfg.have_el2 ? 2 : 1;
    cfg.reset_el = highest;
    cfg.rvbar = CODE_BASE;
    cfg.cntfrq = 62500000;

    ctx x = {0, (unsigned)(cfgbits >> 12), (uint32_t)cfgbits};
    a64_callbacks cb = {&x, mmio_read, mmio_write, sr_read, sr_write, on_event, NULL, NULL, NULL};

    memset(ram, 0, sizeof ram);
    a64_system *sys = a64_system_create();
    if (!sys || a64_system_map_ram(sys, RAM_BASE, RAM_SIZE, ram)) abort();
    a64_core *core = a64_core_create(sys, &cfg, &cb);
    if (!core) abort();
    a64_core_reset(core);

    /* Architectural state. */
    a64_state *s = a64_core_state(core);
    uint64_t mode = take(&in, 1);
    if (mode & 0x80) {
        unsigned el = (cfg.have_el2 && (mode & 1)) ? 2 : 1;
        a64_core_warm_reset(core, el, CODE_BASE, take(&in, 8));
    } else {
        unsigned el = (unsigned)(mode & 3);
        if (el > highest || (el == 2 && !cfg.have_el2)) el = 1;
        s->el = (uint8_t)el;
        s->spsel = (mode >> 2) & 1;
        s->nzcv = (uint32_t)(mode >> 3 & 0xf) << 28;
        s->daif = (uint32_t)take(&in, 1) << 6 & 0x3c0u;
    }
    uint64_t regmask = take(&in, 4);
    for (int i = 0; i < 31; i++) {
        if (!(regmask >> i & 1)) continue;
        uint64_t v = take(&in, 8);
        /* Half of the chosen registers point into RAM or the MMIO window. */
        if (v & 1) v = (v & 2 ? MMIO_BASE + (v >> 8) % MMIO_SIZE : RAM_BASE + (v >> 8) % RAM_SIZE);
        s->x[i] = v;
    }
    for (int i = 0; i < 4; i++)
        s->sp_el[i] = RAM_BASE + RAM_SIZE - 256 * (unsigned)(i + 1);
    /* SIMD&FP state: FPCR (RMode, FZ, DN, AHP), FPSR and some V registers. */
    s->fpcr = (uint32_t)take(&in, 4) & 0x07c00000u;
    s->fpsr = (uint32_t)take(&in, 4) & 0x0800009fu;
    uint64_t vmask = take(&in, 4);
    for (int i = 0; i < 32; i++)
        if (vmask >> i & 1) {
            s->v[i].d[0] = take(&in, 8);
            s->v[i].d[1] = take(&in, 8);
        }

    /* FP/AdvSIMD enabled at EL0/EL1 unless CPACR_EL1 is drawn at random below. */
    a64_sysreg_set(core, A64_SYSREG(3, 0, 1, 0, 2), 3u << 20);

    static const uint32_t regs[] = {
        A64_SYSREG(3, 0, 1, 0, 0),  /* SCTLR_EL1 */
        A64_SYSREG(3, 0, 12, 0, 0), /* VBAR_EL1 */
        A64_SYSREG(3, 4, 1, 1, 0),  /* HCR_EL2 */
        A64_SYSREG(3, 6, 1, 1, 0),  /* SCR_EL3 */
        A64_SYSREG(3, 4, 12, 0, 0), /* VBAR_EL2 */
        A64_SYSREG(3, 6, 12, 0, 0), /* VBAR_EL3 */
        A64_SYSREG(3, 0, 1, 0, 2),  /* CPACR_EL1 */
        A64_SYSREG(3, 4, 1, 0, 0),  /* SCTLR_EL2 */
    };
    uint64_t srmask = take(&in, 1);
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++)
        if (srmask >> i & 1) {
            uint64_t v = take(&in, 8);
            if (i == 1 || i == 4 || i == 5)
                v = RAM_BASE + (v % RAM_SIZE & ~0x7ffull); /* vectors inside RAM, or not */
            a64_sysreg_set(core, regs[i], v);
        }
    unsigned nbp = (unsigned)take(&in, 1) & 3;
    for (unsigned i = 0; i < nbp; i++)
        a64_breakpoint_add(core, CODE_BASE + 4 * (take(&in, 1) & 63));

    /* Code: the rest of the input, at most 64 words; vectors hold the same words. */
    size_t words = in.n / 4 > 64 ? 64 : in.n / 4;
    for (size_t i = 0; i < words; i++) {
        uint32_t w = (uint32_t)take(&in, 4);
        memcpy(ram + (CODE_BASE - RAM_BASE) + 4 * i, &w, 4);
        if (!a64_insn_name(w)) abort();
    }
    memcpy(ram, ram + (CODE_BASE - RAM_BASE), 0x800);
    a64_system_code_written(sys, RAM_BASE, RAM_SIZE);
    a64_set_irq(core, cfgbits & 0x100);

    for (int run = 0; run < MAX_RUNS; run++) {
        a64_stop_info info;
        memset(&info, 0xa5, sizeof info);
        uint64_t before_cycles = a64_core_cycles(core);
        uint64_t before_insns = a64_core_instructions(core);
        a64_run(core, BUDGET, &info);
        check_state(core, &cfg, &info);
        if (a64_core_cycles(core) - before_cycles != info.cycles)
            fail("lifetime cycle counter disagrees with a64_stop_info.cycles", &info);
        if (a64_core_instructions(core) - before_insns != info.instructions)
            fail("lifetime instruction counter disagrees with a64_stop_info.instructions", &info);
        switch (info.reason) {
        case A64_STOP_BUDGET:
            if (info.cycles < BUDGET) fail("BUDGET stop before the budget was spent", &info);
            break;
        case A64_STOP_WFI:
        case A64_STOP_WFE: a64_set_irq(core, run & 1); break;
        case A64_STOP_CONDUIT:
            if (cfg.conduit == A64_CONDUIT_NONE || info.imm != 0 ||
                info.is_hvc != (cfg.conduit == A64_CONDUIT_HVC))
                fail("conduit stop that the configuration does not allow", &info);
            s->x[0] = ~0ull; /* NOT_SUPPORTED */
            break;
        case A64_STOP_SEMIHOST:
            if (info.imm != 0xf000)
                fail("semihosting stop with an immediate other than 0xF000", &info);
            s->x[0] = ~0ull;
            break;
        case A64_STOP_BREAKPOINT: a64_breakpoint_remove(core, s->pc); break;
        case A64_STOP_REQUESTED: break;
        case A64_STOP_FATAL:
            if (!memchr(info.message, 0, sizeof info.message) || !info.message[0])
                fail("FATAL stop without a message", &info);
            run = MAX_RUNS;
            break;
        default: fail("stop reason outside the enum", &info);
        }
    }
    a64_core_destroy(core);
    a64_system_destroy(sys);
    return 0;
}
