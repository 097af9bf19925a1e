/*
 * The SIMD&FP part of unicorn-diff: state, random operands and the row table.
 * See unicorn_diff_fp.h and docs/iss-verification.md.
 */
#include "unicorn_diff_fp.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- operand pools: values where FP arithmetic has its edge cases ---- */
static const uint16_t pool16[] = {
    0x0000, 0x8000, 0x3c00, 0xbc00, 0x3800, 0x3e00, 0x4100, 0x7c00, 0xfc00, 0x7e00, 0x7e01, 0xfe55,
    0x7d00, 0x7c01, 0xfd23, 0x0001, 0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7fff, 0x3bff, 0x3c01,
};

static const uint32_t pool32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000,
    0xc0200000, 0x40400000, 0x40000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345,
    0x7f800001, 0x7fa00000, 0xff800123, 0xffbfffff, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
    0x00800000, 0x80800000, 0x00800001, 0x00ffffff, 0x7f7fffff, 0xff7fffff, 0x7f000000, 0x7e800000,
    0x00400000, 0x00200000, 0x3f800001, 0x3f7fffff, 0x4b000000, 0x4b000001, 0x4b800000, 0x4b7fffff,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000,
    0xdf000000, 0x5f800000, 0x5f7fffff, 0x33800000, 0x477fe000, 0x477ff000, 0x38800000, 0x387fc000,
    0x33000000, 0x47800000,
};

static const uint64_t pool64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull,
    0xc004000000000000ull, 0x4008000000000000ull, 0x4000000000000000ull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff800000badf00dull,
    0x7ff0000000000001ull, 0x7ff4000000000000ull, 0xfff0000000001234ull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
    0x0010000000000001ull, 0x001fffffffffffffull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x7fd0000000000000ull, 0x7fe0000000000000ull, 0x0008000000000000ull, 0x0004000000000000ull,
    0x3ff0000000000001ull, 0x3fefffffffffffffull, 0x4330000000000000ull, 0x4330000000000001ull,
    0x41dfffffffc00000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull, 0xc1e0000000200000ull,
    0x41efffffffe00000ull, 0x41f0000000000000ull, 0x43dfffffffffffffull, 0x43e0000000000000ull,
    0xc3e0000000000000ull, 0x43efffffffffffffull, 0x43f0000000000000ull, 0x3ff0000010000000ull,
    0x3ff0000030000000ull, 0x47efffffe0000000ull, 0x47effffff0000000ull, 0x36a0000000000000ull,
    0x3690000000000000ull, 0x380fffffe0000000ull, 0x3810000000000000ull, 0x380ffffff0000000ull,
    0xc7efffffe0000001ull,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Random bits with an exponent drawn from the interesting ranges of the format. */
static uint64_t rand_float(udf_rng rnd, unsigned ebits, unsigned fbits)
{
    uint64_t x = rnd();
    unsigned emax = (1u << ebits) - 1, bias = emax >> 1, e;
    switch ((x >> 60) & 7) {
    case 0: e = 0; break;
    case 1: e = 1 + (unsigned)((x >> 40) % 4); break;
    case 2: e = emax - 1 - (unsigned)((x >> 40) % 4); break;
    case 3: e = emax; break;
    case 4: e = bias + (unsigned)((x >> 40) % (fbits + 12)); break; /* integer boundaries */
    default: e = bias - 4 + (unsigned)((x >> 40) % 8); break;
    }
    uint64_t frac = rnd() & ((1ull << fbits) - 1);
    if ((x >> 59) & 1) /* few significant bits: exact and half-way cases */
        frac &= ~0ull << ((x >> 32) % fbits);
    return ((x >> 58) & 1ull) << (ebits + fbits) | (uint64_t)e << fbits | frac;
}

static uint64_t pick(udf_rng rnd, unsigned bits)
{
    uint64_t r = rnd();
    unsigned k = (unsigned)(r % 8);
    if (bits == 16)
        return k < 4 ? pool16[(r >> 8) % N(pool16)] : k < 7 ? rand_float(rnd, 5, 10) : r & 0xffff;
    if (bits == 32)
        return k < 4 ? pool32[(r >> 8) % N(pool32)] : k < 7 ? rand_float(rnd, 8, 23) : (uint32_t)r;
    return k < 4 ? pool64[(r >> 8) % N(pool64)] : k < 7 ? rand_float(rnd, 11, 52) : rnd();
}

void udf_random(udf_state *s, udf_rng rnd)
{
    for (int n = 0; n < 32; n++) {
        /* Low doubleword a double operand, often with a single in its low word and
         * sometimes a half in its low halfword; the high doubleword random or 0. */
        uint64_t lo = pick(rnd, 64), r = rnd();
        if (r & 1) lo = (lo & ~0xffffffffull) | pick(rnd, 32);
        if ((r & 6) == 0) lo = (lo & ~0xffffull) | pick(rnd, 16);
        s->v[n][0] = lo;
        s->v[n][1] = (r & 8) ? 0 : rnd();
    }
    uint64_t r = rnd();
    s->fpcr = (uint32_t)((r & 3) << 22);         /* RMode */
    s->fpcr |= (r >> 2) % 3 == 0 ? 1u << 24 : 0; /* FZ */
    s->fpcr |= (r >> 4) % 3 == 0 ? 1u << 25 : 0; /* DN */
    s->fpcr |= (r >> 6) % 8 == 0 ? 1u << 26 : 0; /* AHP */
    s->fpsr = (r >> 9) % 4 == 0 ? (uint32_t)(r >> 16) & UDF_FPSR_MASK : 0;
}

void udf_iss_set(a64_state *st, const udf_state *s)
{
    for (int n = 0; n < 32; n++) {
        st->v[n].d[0] = s->v[n][0];
        st->v[n].d[1] = s->v[n][1];
    }
    st->fpcr = s->fpcr;
    st->fpsr = s->fpsr;
}

void udf_iss_get(const a64_state *st, udf_state *s)
{
    for (int n = 0; n < 32; n++) {
        s->v[n][0] = st->v[n].d[0];
        s->v[n][1] = st->v[n].d[1];
    }
    s->fpcr = st->fpcr;
    s->fpsr = st->fpsr;
}

/* Unicorn: Q<n> is 16 bytes, low doubleword first; FPCR/FPSR are 32-bit values. */
void udf_uc_set(uc_engine *uc, const udf_state *s)
{
    for (int n = 0; n < 32; n++)
        uc_reg_write(uc, UC_ARM64_REG_Q0 + n, s->v[n]);
    uint64_t fpcr = s->fpcr, fpsr = s->fpsr;
    uc_reg_write(uc, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_write(uc, UC_ARM64_REG_FPSR, &fpsr);
}

void udf_uc_get(uc_engine *uc, udf_state *s)
{
    for (int n = 0; n < 32; n++)
        uc_reg_read(uc, UC_ARM64_REG_Q0 + n, s->v[n]);
    uint64_t fpcr = 0, fpsr = 0;
    uc_reg_read(uc, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_read(uc, UC_ARM64_REG_FPSR, &fpsr);
    s->fpcr = (uint32_t)fpcr;
    s->fpsr = (uint32_t)fpsr;
}

void udf_uc_enable_fp(uc_engine *uc)
{
    uint64_t cpacr = 3ull << 20;
    uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
}

bool udf_equal(const udf_state *a, const udf_state *b)
{
    return !memcmp(a->v, b->v, sizeof a->v) && ((a->fpcr ^ b->fpcr) & UDF_FPCR_MASK) == 0 &&
           ((a->fpsr ^ b->fpsr) & UDF_FPSR_MASK) == 0;
}

void udf_print_diff(const udf_state *in, const udf_state *iss, const udf_state *uc)
{
    printf("    fpcr=%08x fpsr=%08x\n", in->fpcr, in->fpsr);
    for (int n = 0; n < 32; n++)
        if (memcmp(iss->v[n], uc->v[n], 16))
            printf("  v%d: input %016" PRIx64 "_%016" PRIx64 " iss %016" PRIx64 "_%016" PRIx64
                   " unicorn %016" PRIx64 "_%016" PRIx64 "\n",
                   n, in->v[n][1], in->v[n][0], iss->v[n][1], iss->v[n][0], uc->v[n][1],
                   uc->v[n][0]);
    if ((iss->fpcr ^ uc->fpcr) & UDF_FPCR_MASK)
        printf("  fpcr: iss %08x unicorn %08x\n", iss->fpcr, uc->fpcr);
    if ((iss->fpsr ^ uc->fpsr) & UDF_FPSR_MASK)
        printf("  fpsr: input %08x iss %08x unicorn %08x\n", in->fpsr, iss->fpsr, uc->fpsr);
}

/* ---- the rows and their operand generators ---- */

/* FCMP/FCMPE #0.0: Rm is should-be-zero. */
static uint32_t gen_rm_zero(uint32_t w, udf_rng rnd)
{
    (void)rnd;
    return w & ~(31u << 16);
}

/* Fixed-point conversions: a 32-bit integer needs scale >= 32; keep one in four
 * unallocated ones (both engines must UNDEFINE them). */
static uint32_t gen_fixed_scale(uint32_t w, udf_rng rnd)
{
    if (!(w >> 31) && rnd() % 4) w |= 32u << 10;
    return w;
}

typedef uint32_t (*udf_gen)(uint32_t w, udf_rng rnd);

/* One line per decode row: the row name (a64_insns.def) and its operand generator
 * (NULL: every field random; the operand values come from the random V registers,
 * FPCR and X registers of the block). */
static const struct udf_row {
    const char *name;
    udf_gen gen;
} udf_rows[] = {
    /* scalar FP (a64_fp_insns.def) */
    {"FMOV_reg", NULL},
    {"FABS", NULL},
    {"FNEG", NULL},
    {"FSQRT", NULL},
    {"FCVT_sd", NULL},
    {"FCVT_sh", NULL},
    {"FCVT_ds", NULL},
    {"FCVT_dh", NULL},
    {"FCVT_hs", NULL},
    {"FCVT_hd", NULL},
    {"FRINTN", NULL},
    {"FRINTP", NULL},
    {"FRINTM", NULL},
    {"FRINTZ", NULL},
    {"FRINTA", NULL},
    {"FRINTX", NULL},
    {"FRINTI", NULL},
    {"FCMP", NULL},
    {"FCMP_zero", gen_rm_zero},
    {"FCMPE", NULL},
    {"FCMPE_zero", gen_rm_zero},
    {"FCCMP", NULL},
    {"FCCMPE", NULL},
    {"FCSEL", NULL},
    {"FMUL", NULL},
    {"FDIV", NULL},
    {"FADD", NULL},
    {"FSUB", NULL},
    {"FMAX", NULL},
    {"FMIN", NULL},
    {"FMAXNM", NULL},
    {"FMINNM", NULL},
    {"FNMUL", NULL},
    {"FMADD", NULL},
    {"FMSUB", NULL},
    {"FNMADD", NULL},
    {"FNMSUB", NULL},
    {"FMOV_imm", NULL},
    {"SCVTF_fix", gen_fixed_scale},
    {"UCVTF_fix", gen_fixed_scale},
    {"FCVTZS_fix", gen_fixed_scale},
    {"FCVTZU_fix", gen_fixed_scale},
    {"FCVTNS", NULL},
    {"FCVTNU", NULL},
    {"FCVTAS", NULL},
    {"FCVTAU", NULL},
    {"FCVTPS", NULL},
    {"FCVTPU", NULL},
    {"FCVTMS", NULL},
    {"FCVTMU", NULL},
    {"FCVTZS_int", NULL},
    {"FCVTZU_int", NULL},
    {"SCVTF_int", NULL},
    {"UCVTF_int", NULL},
    {"FMOV_ws", NULL},
    {"FMOV_sw", NULL},
    {"FMOV_xd", NULL},
    {"FMOV_dx", NULL},
    {"FMOV_xd1", NULL},
    {"FMOV_d1x", NULL},
    /* Advanced SIMD rows (a64_simd_insns.def) go here. */
};

static const struct udf_row *find_row(const char *name)
{
    for (size_t i = 0; i < N(udf_rows); i++)
        if (!strcmp(udf_rows[i].name, name)) return &udf_rows[i];
    return NULL;
}

bool udf_known_row(const char *name)
{
    return find_row(name) != NULL;
}

uint32_t udf_fix_word(const char *name, uint32_t w, udf_rng rnd)
{
    const struct udf_row *r = find_row(name);
    return r && r->gen ? r->gen(w, rnd) : w;
}

/* Scalar FP data processing (bits 30 = 0, 28:25 = 1111) and the SIMD&FP register
 * loads and stores: literal, pairs, single register (V = 1). */
static const struct {
    uint32_t mask, match;
} checked[] = {
    {0x5e000000u, 0x1e000000u},
    {0x3f000000u, 0x1c000000u},
    {0x3e000000u, 0x2c000000u},
    {0x3e000000u, 0x3c000000u},
};

bool udf_checked_space(uint32_t w)
{
    for (size_t i = 0; i < N(checked); i++)
        if ((w & checked[i].mask) == checked[i].match) return true;
    return false;
}

uint32_t udf_bias_word(uint32_t w, udf_rng rnd)
{
    uint64_t r = rnd();
    if (r % 4) return w;
    size_t k = (size_t)(r >> 8) % N(checked);
    return (w & ~checked[k].mask) | checked[k].match;
}

unsigned udf_access_align(uint32_t w)
{
    if ((w & 0x3f000000u) == 0x1c000000u) /* literal: opc 10 = Q */
        return (w >> 30) == 2 ? 16 : 1;
    if ((w & 0x3e000000u) == 0x2c000000u) /* pair: opc 10 = Q */
        return (w >> 30) == 2 ? 16 : 1;
    if ((w & 0x3e000000u) == 0x3c000000u) /* single: size 00 with opc<1> = 1 = Q */
        return (w >> 30) == 0 && ((w >> 23) & 1) ? 16 : 1;
    return 1;
}

/* ---- the FP core operations only Advanced SIMD uses, against Unicorn ---- */

#include "a64_fpu.h"

/* One scalar AdvSIMD instruction (Arm ARM C4.1.96 "Advanced SIMD scalar two-register
 * miscellaneous" / "three same") and what a64_fpu computes for it. */
enum {
    R_RECPE,
    R_RSQRTE,
    R_RECPX,
    R_FCVTXN,
    R_RECPS,
    R_RSQRTS,
    R_MULX,
    R_ABD,
    R_CMEQ,
    R_CMGE,
    R_CMGT,
    R_ACGE,
    R_ACGT,
    R_COUNT
};
static const struct {
    const char *name;
    uint32_t word; /* sz (bit 22), Rm, Rn, Rd zero */
    bool two;      /* has Rm */
} ref_ops[R_COUNT] = {
    {"FRECPE", 0x5ea1d800u, false}, {"FRSQRTE", 0x7ea1d800u, false}, {"FRECPX", 0x5ea1f800u, false},
    {"FCVTXN", 0x7e616800u, false}, {"FRECPS", 0x5e20fc00u, true},   {"FRSQRTS", 0x5ea0fc00u, true},
    {"FMULX", 0x5e20dc00u, true},   {"FABD", 0x7ea0d400u, true},     {"FCMEQ", 0x5e20e400u, true},
    {"FCMGE", 0x7e20e400u, true},   {"FCMGT", 0x7ea0e400u, true},    {"FACGE", 0x7e20ec00u, true},
    {"FACGT", 0x7ea0ec00u, true},
};

static uint64_t ref_result(unsigned op, unsigned fmt, uint64_t a, uint64_t b, uint32_t fpcr,
                           uint32_t *fpsr)
{
    uint64_t ones = fmt == A64_FP64 ? ~0ull : 0xffffffffull;
    switch (op) {
    case R_RECPE: return a64_fpu_recpe(fmt, a, fpcr, fpsr);
    case R_RSQRTE: return a64_fpu_rsqrte(fmt, a, fpcr, fpsr);
    case R_RECPX: return a64_fpu_recpx(fmt, a, fpcr, fpsr);
    case R_FCVTXN: return a64_fpu_convert(A64_FP32, A64_FP64, a, A64_RM_ODD, fpcr, fpsr);
    case R_RECPS: return a64_fpu_recps(fmt, a, b, fpcr, fpsr);
    case R_RSQRTS: return a64_fpu_rsqrts(fmt, a, b, fpcr, fpsr);
    case R_MULX: return a64_fpu_mulx(fmt, a, b, fpcr, fpsr);
    case R_ABD: return a64_fpu_abd(fmt, a, b, fpcr, fpsr);
    case R_CMEQ: return a64_fpu_cmp_eq(fmt, a, b, fpcr, fpsr) ? ones : 0;
    case R_CMGE: return a64_fpu_cmp_ge(fmt, a, b, fpcr, fpsr) ? ones : 0;
    case R_CMGT: return a64_fpu_cmp_gt(fmt, a, b, fpcr, fpsr) ? ones : 0;
    case R_ACGE:
        return a64_fpu_cmp_ge(fmt, a64_fpu_abs(fmt, a), a64_fpu_abs(fmt, b), fpcr, fpsr) ? ones : 0;
    default:
        return a64_fpu_cmp_gt(fmt, a64_fpu_abs(fmt, a), a64_fpu_abs(fmt, b), fpcr, fpsr) ? ones : 0;
    }
}

uint64_t udf_fpu_reference(uint64_t iterations, udf_rng rnd, udf_run_word run, unsigned max_report,
                           uint64_t *checked)
{
    uint64_t failures = 0;
    for (uint64_t it = 0; it < iterations; it++) {
        unsigned op = (unsigned)(rnd() % R_COUNT);
        unsigned sz = op == R_FCVTXN ? 1 : (unsigned)(rnd() & 1);
        unsigned fmt = sz ? A64_FP64 : A64_FP32;
        unsigned rd = (unsigned)(rnd() % 32), rn = (unsigned)(rnd() % 32),
                 rm = (unsigned)(rnd() % 32);
        uint32_t w = ref_ops[op].word | sz << 22 | rn << 5 | rd;
        if (ref_ops[op].two) w |= rm << 16;
        udf_state in, uc;
        udf_random(&in, rnd);
        uint64_t mask = fmt == A64_FP64 ? ~0ull : 0xffffffffull;
        uint64_t a = in.v[rn][0] & (op == R_FCVTXN ? ~0ull : mask), b = in.v[rm][0] & mask;
        uint32_t fpsr = in.fpsr;
        uint64_t want = ref_result(op, fmt, a, b, in.fpcr, &fpsr);
        if (op == R_FCVTXN) mask = 0xffffffffull;
        uc = in;
        (*checked)++;
        if (!run(w, &uc) || uc.v[rd][0] != (want & mask) || uc.v[rd][1] != 0 ||
            ((uc.fpsr ^ fpsr) & UDF_FPSR_MASK)) {
            failures++;
            if (failures <= max_report)
                printf("MISMATCH (FP core) %08x %s %s: fpcr %08x a %016" PRIx64 " b %016" PRIx64
                       ": a64_fpu %016" PRIx64 " fpsr %02x, unicorn %016" PRIx64 " fpsr %02x\n",
                       w, ref_ops[op].name, sz ? "double" : "single", in.fpcr, a, b, want & mask,
                       fpsr & UDF_FPSR_MASK, uc.v[rd][0], uc.fpsr & UDF_FPSR_MASK);
        }
    }
    return failures;
}
