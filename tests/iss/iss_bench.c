/*
 * iss-bench: the same raw AArch64 loops on the a64 ISS (with its cycle accounting,
 * which is always on) and on Unicorn (QEMU's translator), in one process. Prints one
 * line per loop (the ldr/str loop twice: once with the ISS's MMU on, 4 KiB pages,
 * identity map, Normal memory), the MMU-on / MMU-off ratio, and ends with the
 * ldr/str/subs/b.ne loop's line:
 *
 *   iss-bench: pscisim <X> MIPS, unicorn <Y> MIPS, ratio <X/Y>
 *
 *   iss-bench [--iterations N] [--repeat R] [--loop NAME (one loop only)]
 *
 * Both engines must end each loop in the same register and memory state, else the
 * exit status is 1. Host time is the thread's CPU time from
 * clock_gettime(CLOCK_THREAD_CPUTIME_ID) (both engines run in this thread), so other
 * load on the machine does not skew the ratio; it is used for reporting only, never
 * fed back into simulated behaviour. Each figure is the best of --repeat runs.
 */
#define _POSIX_C_SOURCE 200809L
#include "unicorn_oracle.h"

#include "a64/a64.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RAM_BASE  0x40000000ull
#define RAM_SIZE  (2ull << 20)
#define CODE_BASE 0x40080000ull
#define DATA_BASE 0x40100000ull
#define STACK_TOP 0x40180000ull

/* Loops: X0 = iterations on entry; each ends with WFI (the ISS stops there with
 * A64_STOP_WFI; Unicorn is run until the WFI's address). Assembled with GNU as. */
static const uint32_t loop_ldst[] = {
    0xf9400022, /* loop: ldr x2, [x1] */
    0x8b000042, /* add x2, x2, x0 */
    0xf9000022, /* str x2, [x1] */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffff81, /* b.ne loop */
    0xd503207f, /* wfi */
};
static const uint32_t loop_alu[] = {
    0x8b000042, /* loop: add x2, x2, x0 */
    0xcac23463, /* eor x3, x3, x2, ror #13 */
    0xaa431c84, /* orr x4, x4, x3, lsr #7 */
    0x8a020085, /* and x5, x4, x2 */
    0xcb0300a6, /* sub x6, x5, x3 */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffff41, /* b.ne loop */
    0xd503207f, /* wfi */
};
static const uint32_t loop_branchy[] = {
    0x36000060, /* loop: tbz w0, #0, 1f */
    0x91000442, /* add x2, x2, #1 */
    0x14000002, /* b 2f */
    0x91000c63, /* 1: add x3, x3, #3 */
    0xeb03005f, /* 2: cmp x2, x3 */
    0x5400004b, /* b.lt 3f */
    0xca000084, /* eor x4, x4, x0 */
    0xb4000045, /* 3: cbz x5, 4f */
    0xd503201f, /* nop */
    0xf1000400, /* 4: subs x0, x0, #1 */
    0x54fffec1, /* b.ne loop */
    0xd503207f, /* wfi */
};
static const uint32_t loop_calls[] = {
    0x94000004, /* loop: bl func */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffffc1, /* b.ne loop */
    0x14000008, /* b done */
    0xa9bf7bfd, /* func: stp x29, x30, [sp, #-16]! */
    0x8b000042, /* add x2, x2, x0 */
    0x94000003, /* bl leaf */
    0xa8c17bfd, /* ldp x29, x30, [sp], #16 */
    0xd65f03c0, /* ret */
    0xca020063, /* leaf: eor x3, x3, x2 */
    0xd65f03c0, /* ret */
    0xd503207f, /* done: wfi */
};

/* FP/SIMD loops: a float dot product (LD1 + FMLA over two 4 KiB arrays, the sums
 * moved to X7..X10 for the state comparison) and memcpy-like 64-byte block copies
 * within 4 KiB, with LDP/STP of Q registers (what glibc's memcpy does) and with
 * LD1/ST1 of four registers. The data area holds small float values. */
static const uint32_t loop_fdot[] = {
    0x4f000400, /* movi v0.4s, #0 */
    0x4f000401, /* movi v1.4s, #0 */
    0x92401804, /* loop: and x4, x0, #0x7f */
    0x8b041422, /* add x2, x1, x4, lsl #5 */
    0x91400443, /* add x3, x2, #4096 */
    0x4c40a842, /* ld1 {v2.4s, v3.4s}, [x2] */
    0x4c40a864, /* ld1 {v4.4s, v5.4s}, [x3] */
    0x4e24cc40, /* fmla v0.4s, v2.4s, v4.4s */
    0x4e25cc61, /* fmla v1.4s, v3.4s, v5.4s */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffff01, /* b.ne loop */
    0x4e083c07, /* mov x7, v0.d[0] */
    0x4e183c08, /* mov x8, v0.d[1] */
    0x4e083c29, /* mov x9, v1.d[0] */
    0x4e183c2a, /* mov x10, v1.d[1] */
    0xd503207f, /* wfi */
};
static const uint32_t loop_copy_ldpq[] = {
    0x92401404, /* loop: and x4, x0, #0x3f */
    0x8b041822, /* add x2, x1, x4, lsl #6 */
    0x91400843, /* add x3, x2, #8192 */
    0xad400440, /* ldp q0, q1, [x2] */
    0xad410c42, /* ldp q2, q3, [x2, #32] */
    0xad000460, /* stp q0, q1, [x3] */
    0xad010c62, /* stp q2, q3, [x3, #32] */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffff01, /* b.ne loop */
    0xd503207f, /* wfi */
};
static const uint32_t loop_copy_ld1[] = {
    0x92401404, /* loop: and x4, x0, #0x3f */
    0x8b041822, /* add x2, x1, x4, lsl #6 */
    0x91400843, /* add x3, x2, #8192 */
    0x4c402040, /* ld1 {v0.16b-v3.16b}, [x2] */
    0x4c002060, /* st1 {v0.16b-v3.16b}, [x3] */
    0xf1000400, /* subs x0, x0, #1 */
    0x54ffff41, /* b.ne loop */
    0xd503207f, /* wfi */
};

typedef struct loop_def {
    const char *name;
    const uint32_t *code;
    size_t words;
    bool mmu; /* ISS runs with stage 1 on: 4 KiB pages, identity map, Normal memory */
    bool fp;  /* FP/SIMD: enable CPACR_EL1.FPEN, fill the data area with floats */
} loop_def;

/* The MMU-on loop comes just before the MMU-off one, which stays the last line. */
static const loop_def loops[] = {
    {"alu", loop_alu, sizeof loop_alu / 4, false, false},
    {"branchy", loop_branchy, sizeof loop_branchy / 4, false, false},
    {"calls", loop_calls, sizeof loop_calls / 4, false, false},
    {"fdot ld1+fmla", loop_fdot, sizeof loop_fdot / 4, false, true},
    {"memcpy ldp/stp q", loop_copy_ldpq, sizeof loop_copy_ldpq / 4, false, true},
    {"memcpy ld1/st1 x4", loop_copy_ld1, sizeof loop_copy_ld1 / 4, false, true},
    {"ldr/str (MMU on)", loop_ldst, sizeof loop_ldst / 4, true, false},
    {"ldr/str/subs/b.ne", loop_ldst, sizeof loop_ldst / 4, false, false},
};

/* Identity map of the whole RAM with 4 KiB pages, Normal write-back memory
 * (MAIR index 0 = 0xff), EL1 read/write, executable: TCR_EL1.T0SZ = 25 (39-bit
 * VAs, walk from level 1), tables in the last 16 KiB of RAM. Written into both
 * engines' RAM (Unicorn 2.0.1 cannot translate, see FINDINGS.md, and runs with its
 * MMU off; the final-state comparison includes the tables). */
#define TABLES (RAM_BASE + RAM_SIZE - 0x4000)
static void put64(uint8_t *ram, uint64_t pa, uint64_t v)
{
    memcpy(ram + (pa - RAM_BASE), &v, 8);
}
static void build_identity_tables(uint8_t *ram)
{
    uint64_t l1 = TABLES, l2 = TABLES + 0x1000, l3 = TABLES + 0x2000;
    put64(ram, l1 + 8 * (RAM_BASE >> 30), l2 | 3);
    put64(ram, l2 + 8 * ((RAM_BASE >> 21) & 511), l3 | 3);
    for (uint64_t pa = RAM_BASE; pa < RAM_BASE + RAM_SIZE; pa += 0x1000)
        put64(ram, l3 + 8 * ((pa >> 12) & 511), pa | (1u << 10) | (3u << 8) | 3);
}
static void enable_mmu(a64_core *core)
{
    uint64_t sctlr = 0;
    a64_sysreg_set(core, A64_SYSREG(3, 0, 2, 0, 0), TABLES);            /* TTBR0_EL1 */
    a64_sysreg_set(core, A64_SYSREG(3, 0, 2, 0, 2), 25 | (1ull << 32)); /* TCR_EL1 */
    a64_sysreg_set(core, A64_SYSREG(3, 0, 10, 2, 0), 0xff);             /* MAIR_EL1 */
    a64_sysreg_get(core, A64_SYSREG(3, 0, 1, 0, 0), &sctlr);
    a64_sysreg_set(core, A64_SYSREG(3, 0, 1, 0, 0), sctlr | 1 | (1u << 2) | (1u << 12));
}

#define SR_CPACR_EL1 A64_SYSREG(3, 0, 1, 0, 2)

/* The same RAM image for both engines: the code, and for FP/SIMD loops 16 KiB of
 * floats k/8 - 3 (exact in single precision, sums stay far from overflow). */
static void load_image(const loop_def *l, uint8_t *ram)
{
    memset(ram, 0, RAM_SIZE);
    memcpy(ram + (CODE_BASE - RAM_BASE), l->code, 4 * l->words);
    if (l->mmu) build_identity_tables(ram);
    if (!l->fp) return;
    for (unsigned k = 0; k < 4096; k++) {
        float f = (float)(k % 53) / 8.0f - 3.0f;
        memcpy(ram + (DATA_BASE - RAM_BASE) + 4 * k, &f, 4);
    }
}

/* Whether the ISS implements every word of the loop (the LDP/STP Q rows belong to
 * the scalar FP part of the decode table and may be absent from a build). */
static bool iss_implements(const loop_def *l)
{
    size_t n = 0;
    const a64_encoding *e = a64_encodings(&n);
    for (size_t k = 0; k < l->words; k++) {
        const char *name = a64_insn_name(l->code[k]);
        for (size_t j = 0; j < n; j++)
            if (!strcmp(e[j].name, name) && e[j].unimplemented) return false;
        if (!strcmp(name, "UNDEFINED")) return false;
    }
    return true;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void initial_state(uo_state *s, uint64_t iterations)
{
    memset(s, 0, sizeof *s);
    s->x[0] = iterations;
    s->x[1] = DATA_BASE;
    s->sp_el1 = STACK_TOP;
    s->pc = CODE_BASE;
    s->daif = 0x3c0;
    s->spsel = 1;
    s->el = 1;
}

typedef struct result {
    double seconds;
    uint64_t instructions;
    uo_state end;
    int error;
} result;

static void run_iss(const loop_def *l, uint64_t iterations, uint8_t *ram, result *r)
{
    memset(r, 0, sizeof *r);
    load_image(l, ram);
    a64_system *sys = a64_system_create();
    a64_core_config cfg = {0};
    cfg.mpidr = 0x80000000ull;
    cfg.rvbar = CODE_BASE;
    cfg.reset_el = 1;
    cfg.cntfrq = 62500000;
    a64_callbacks cb = {0};
    a64_core *core = NULL;
    if (!sys || a64_system_map_ram(sys, RAM_BASE, RAM_SIZE, ram) ||
        !(core = a64_core_create(sys, &cfg, &cb))) {
        fprintf(stderr, "iss-bench: cannot create the ISS core\n");
        r->error = 1;
        if (sys) a64_system_destroy(sys);
        return;
    }
    a64_core_reset(core);
    uint64_t unmapped_pa;
    if (l->mmu && (enable_mmu(core),
                   a64_translate_debug(core, RAM_BASE + RAM_SIZE, false, &unmapped_pa) == 0)) {
        fprintf(stderr, "iss-bench: %s: stage 1 is not on\n", l->name); /* VA = PA would work */
        r->error = 1;
    }
    if (l->fp && a64_sysreg_set(core, SR_CPACR_EL1, 3u << 20)) {
        fprintf(stderr, "iss-bench: cannot set CPACR_EL1\n");
        r->error = 1;
    }
    uo_state in;
    initial_state(&in, iterations);
    a64_state *st = a64_core_state(core);
    memcpy(st->x, in.x, sizeof st->x);
    st->sp_el[1] = in.sp_el1;
    st->pc = in.pc;
    st->nzcv = 0;
    st->daif = in.daif;
    st->el = 1;
    st->spsel = 1;

    a64_stop_info info;
    double t0 = now();
    for (;;) {
        a64_run(core, 1ull << 40, &info);
        r->instructions += info.instructions;
        if (info.reason != A64_STOP_BUDGET) break;
    }
    r->seconds = now() - t0;
    if (info.reason != A64_STOP_WFI) {
        fprintf(stderr, "iss-bench: %s: the ISS stopped with reason %d at pc %" PRIx64 ": %s\n",
                l->name, (int)info.reason, st->pc, info.message);
        r->error = 1;
    }
    memcpy(r->end.x, st->x, sizeof st->x);
    r->end.sp_el0 = st->sp_el[0];
    r->end.sp_el1 = st->sp_el[1];
    r->end.pc = st->pc - 4; /* the ISS has retired the WFI; Unicorn stops before it */
    r->end.nzcv = st->nzcv;
    r->end.daif = st->daif;
    r->end.spsel = st->spsel;
    a64_core_destroy(core);
    a64_system_destroy(sys);
}

static void run_uc(const loop_def *l, uint64_t iterations, uint8_t *ram, result *r)
{
    memset(r, 0, sizeof *r);
    load_image(l, ram);
    uo_engine e;
    if (uo_open(&e, UC_CPU_ARM64_A53, RAM_BASE, ram, RAM_SIZE)) {
        r->error = 1;
        return;
    }
    uint64_t cpacr = 3u << 20;
    uc_reg_write(e.uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
    uo_state in;
    initial_state(&in, iterations);
    uo_set_state(&e, &in);
    uint64_t wfi = CODE_BASE + 4 * (l->words - 1);
    double t0 = now();
    uc_err err = uo_run(&e, wfi, 0);
    r->seconds = now() - t0;
    uo_get_state(&e, &r->end);
    if (err != UC_ERR_OK || r->end.pc != wfi) {
        fprintf(stderr, "iss-bench: %s: unicorn stopped at %" PRIx64 ": %s\n", l->name, r->end.pc,
                uc_strerror(err));
        r->error = 1;
    }
    uo_close(&e);
}

static bool same_state(const uo_state *a, const uo_state *b)
{
    return !memcmp(a->x, b->x, sizeof a->x) && a->sp_el0 == b->sp_el0 && a->sp_el1 == b->sp_el1 &&
           a->pc == b->pc && a->nzcv == b->nzcv;
}

int main(int argc, char **argv)
{
    uint64_t iterations = 10000000;
    unsigned repeat = 3;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
            iterations = strtoull(argv[++i], &end, 0);
        else if (!strcmp(argv[i], "--loop") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = (unsigned)strtoul(argv[++i], &end, 0);
        else {
            fprintf(stderr, "usage: iss-bench [--iterations N] [--repeat R] [--loop NAME]\n");
            return 2;
        }
        if ((end && *end) || iterations == 0 || repeat == 0) {
            fprintf(stderr, "iss-bench: bad value '%s' for %s\n", argv[i], argv[i - 1]);
            return 2;
        }
    }
    uint8_t *ram_a = aligned_alloc(4096, RAM_SIZE), *ram_b = aligned_alloc(4096, RAM_SIZE);
    if (!ram_a || !ram_b) return 2;
    int status = 0;
    double last_x = 0, last_y = 0, mmu_x = 0;
    for (size_t k = 0; k < sizeof loops / sizeof loops[0]; k++) {
        const loop_def *l = &loops[k];
        if (only && strcmp(only, l->name)) continue;
        if (!iss_implements(l)) {
            printf("iss-bench: loop %-18s skipped: an encoding it uses is not implemented in "
                   "this build\n",
                   l->name);
            continue;
        }
        double best_iss = 0, best_uc = 0;
        uint64_t insns = 0;
        for (unsigned rep = 0; rep < repeat; rep++) {
            result a, b;
            run_iss(l, iterations, ram_a, &a);
            run_uc(l, iterations, ram_b, &b);
            if (a.error || b.error) {
                status = 1;
                break;
            }
            if (!same_state(&a.end, &b.end) || memcmp(ram_a, ram_b, RAM_SIZE)) {
                fprintf(stderr, "iss-bench: %s: the engines end in different states\n", l->name);
                for (int i = 0; i < 31; i++)
                    if (a.end.x[i] != b.end.x[i])
                        fprintf(stderr, "  x%d: iss %016" PRIx64 " unicorn %016" PRIx64 "\n", i,
                                a.end.x[i], b.end.x[i]);
                status = 1;
                break;
            }
            insns = a.instructions;
            if (rep == 0 || a.seconds < best_iss) best_iss = a.seconds;
            if (rep == 0 || b.seconds < best_uc) best_uc = b.seconds;
        }
        if (status) break;
        /* Unicorn stops before the final WFI, the ISS retires it. */
        double x = (double)insns / best_iss / 1e6, y = (double)(insns - 1) / best_uc / 1e6;
        printf("iss-bench: loop %-18s %10" PRIu64 " instructions: pscisim %8.1f MIPS, unicorn "
               "%8.1f MIPS, ratio %.2f (final state identical)\n",
               l->name, insns, x, y, x / y);
        if (l->mmu) mmu_x = x;
        last_x = x;
        last_y = y;
    }
    free(ram_a);
    free(ram_b);
    if (status) return status;
    printf("iss-bench: ldr/str loop, pscisim MMU on / MMU off: %.1f / %.1f MIPS = %.2f "
           "(goal >= 0.90)\n",
           mmu_x, last_x, mmu_x / last_x);
    printf("iss-bench: pscisim %.1f MIPS, unicorn %.1f MIPS, ratio %.2f\n", last_x, last_y,
           last_x / last_y);
    return 0;
}
