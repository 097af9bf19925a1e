/*
 * unicorn-diff, SIMD&FP part (see unicorn_diff_simd.h and docs/iss-verification.md).
 */
#include "unicorn_diff_simd.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SR_CPACR_EL1 A64_SYSREG(3, 0, 1, 0, 2)
#define FPCR_BITS    0x07c00000u /* AHP, DN, FZ, RMode: the bits both engines keep */

/* Lane values worth hitting: zeros, infinities, NaNs with payloads (quiet and
 * signalling), denormals, extreme normals, integer edges of every element size. */
static const uint32_t special32[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001,
    0xff812345, 0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000,
    0xbf800000, 0x4f000000, 0xcf000000, 0x5f000000, 0x3effffff, 0x3f000000, 0x7fffffff,
    0xffffffff, 0x00007fff, 0xffff8000, 0x00008000, 0x7f7f7f7f, 0x80808080, 0x00000080,
};
static const uint64_t special64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000001ull, 0x7ff0000000000001ull, 0x7ff4000000000000ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
    0x41e0000000000000ull, 0x3fe0000000000000ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
    0x3810000000000000ull, 0x47efffffe0000000ull, 0x36a0000000000000ull,
};

static uint64_t lane64(uint64_t (*rnd)(void))
{
    uint64_t r = rnd();
    switch (r % 8) {
    case 0: return special64[(r >> 8) % (sizeof special64 / sizeof special64[0])];
    case 1:
    case 2: {
        uint64_t lo = special32[(r >> 8) % (sizeof special32 / sizeof special32[0])];
        uint64_t hi = special32[(r >> 24) % (sizeof special32 / sizeof special32[0])];
        return lo | hi << 32;
    }
    case 3: return r >> (r % 64); /* small magnitudes */
    default: return rnd();
    }
}

void simd_random(simd_state *s, uint64_t (*rnd)(void))
{
    for (unsigned i = 0; i < 32; i++) {
        s->v[i][0] = lane64(rnd);
        s->v[i][1] = lane64(rnd);
    }
    s->fpcr = (uint32_t)rnd() & FPCR_BITS;
    uint64_t r = rnd();
    s->fpsr = r % 4 == 0 ? (uint32_t)(r >> 8) & 0x0800009fu : 0; /* sometimes QC/flags set */
}

void simd_iss_set(a64_core *c, const simd_state *s)
{
    a64_state *st = a64_core_state(c);
    for (unsigned i = 0; i < 32; i++) {
        st->v[i].d[0] = s->v[i][0];
        st->v[i].d[1] = s->v[i][1];
    }
    st->fpcr = s->fpcr;
    st->fpsr = s->fpsr;
}

void simd_iss_get(a64_core *c, simd_state *s)
{
    const a64_state *st = a64_core_state(c);
    for (unsigned i = 0; i < 32; i++) {
        s->v[i][0] = st->v[i].d[0];
        s->v[i][1] = st->v[i].d[1];
    }
    s->fpcr = st->fpcr;
    s->fpsr = st->fpsr;
}

void simd_uc_set(uc_engine *uc, const simd_state *s)
{
    for (unsigned i = 0; i < 32; i++) {
        uint64_t q[2] = {s->v[i][0], s->v[i][1]};
        uc_reg_write(uc, UC_ARM64_REG_Q0 + i, q);
    }
    uint64_t fpcr = s->fpcr, fpsr = s->fpsr;
    uc_reg_write(uc, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_write(uc, UC_ARM64_REG_FPSR, &fpsr);
}

void simd_uc_get(uc_engine *uc, simd_state *s)
{
    for (unsigned i = 0; i < 32; i++) {
        uint64_t q[2] = {0, 0};
        uc_reg_read(uc, UC_ARM64_REG_Q0 + i, q);
        s->v[i][0] = q[0];
        s->v[i][1] = q[1];
    }
    uint64_t fpcr = 0, fpsr = 0;
    uc_reg_read(uc, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_read(uc, UC_ARM64_REG_FPSR, &fpsr);
    s->fpcr = (uint32_t)fpcr;
    s->fpsr = (uint32_t)fpsr;
}

bool simd_equal(const simd_state *a, const simd_state *b)
{
    return !memcmp(a->v, b->v, sizeof a->v) && a->fpcr == b->fpcr && a->fpsr == b->fpsr;
}

void simd_print_input(const simd_state *in)
{
    printf("    fpcr=%08x fpsr=%08x", in->fpcr, in->fpsr);
    for (unsigned i = 0; i < 32; i++)
        printf("%s v%u=%016" PRIx64 "%016" PRIx64, i % 3 == 0 ? "\n   " : "", i, in->v[i][1],
               in->v[i][0]);
    printf("\n");
}

void simd_print_diff(const simd_state *iss, const simd_state *uc)
{
    for (unsigned i = 0; i < 32; i++)
        if (memcmp(iss->v[i], uc->v[i], 16))
            printf("  v%u: iss %016" PRIx64 "%016" PRIx64 " unicorn %016" PRIx64 "%016" PRIx64 "\n",
                   i, iss->v[i][1], iss->v[i][0], uc->v[i][1], uc->v[i][0]);
    if (iss->fpcr != uc->fpcr) printf("  fpcr: iss %08x unicorn %08x\n", iss->fpcr, uc->fpcr);
    if (iss->fpsr != uc->fpsr) printf("  fpsr: iss %08x unicorn %08x\n", iss->fpsr, uc->fpsr);
}

int simd_enable_iss(a64_core *c)
{
    return a64_sysreg_set(c, SR_CPACR_EL1, 3u << 20);
}

void simd_enable_uc(uc_engine *uc)
{
    uint64_t cpacr = 3u << 20;
    uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
}

bool simd_is_ldst(const a64_encoding *e)
{
    return !strncmp(e->name, "SIMD_LD", 7) || !strncmp(e->name, "SIMD_ST", 7);
}

/*
 * Words that Unicorn's 'max' CPU executes as features after Armv8.0 which the ISS
 * does not advertise (ID_AA64ISAR0/ISAR1/PFR0 say so) and therefore UNDEFINES:
 * FEAT_FP16 (half-precision FMOV immediate and by-element forms), FEAT_RDM
 * (SQRDMLAH/SQRDMLSH), FEAT_DotProd, FEAT_FHM (FMLAL/FMLSL), FEAT_FCMA (FCMLA by
 * element) and FEAT_PMULL (PMULL with 64-bit elements). Not generated; the unit
 * tests check that the ISS UNDEFINES them.
 */
bool simd_gen_ok(uint32_t w)
{
    unsigned u = (w >> 29) & 1, size = (w >> 22) & 3;
    if (w >> 31) return true;
    /* modified immediate, o2 = 1 */
    if ((w & 0x9ff80400u) == 0x0f000400u && ((w >> 11) & 1)) return false;
    /* x indexed element (vector 0Qu01111, scalar 01u11111) */
    if ((w & 0x9f000400u) == 0x0f000000u || (w & 0xdf000400u) == 0x5f000000u) {
        unsigned opc = (w >> 12) & 15;
        if (u && (opc == 0xd || opc == 0xf)) return false; /* RDM */
        if (opc == 0xe) return false;                      /* DotProd */
        if (size == 2 && (u ? opc == 0x8 || opc == 0xc : opc == 0x0 || opc == 0x4))
            return false;                            /* FMLAL/FMLSL(2) */
        if (u && (opc & 1) && opc < 8) return false; /* FCMLA */
        if ((opc == 0x1 || opc == 0x5 || opc == 0x9) && size == 0) return false; /* FP16 */
    }
    /* across lanes / scalar pairwise FP with U = 0: half precision */
    if (((w & 0x9f3e0c00u) == 0x0e300800u || (w & 0xdf3e0c00u) == 0x5e300800u) && !u &&
        ((w >> 14) & 7) == 3)
        return false;
    /* fixed-point conversions with immh = 001x: half precision */
    if (((w & 0x9f800400u) == 0x0f000400u || (w & 0xdf800400u) == 0x5f000400u) &&
        ((w >> 14) & 3) == 3 && ((w >> 11) & 7) >= 4 && ((w >> 20) & 7) == 1)
        return false;
    /* two-register misc, size<1> = 0, opcode 1111x: FRINT32/64 (FEAT_FRINTTS) */
    if ((w & 0x1f3e0c00u) == 0x0e200800u && !(size & 2) && ((w >> 13) & 15) == 15) return false;
    /* three same, FMLAL/FMLSL(2) (FEAT_FHM) */
    if ((w & 0x9f200400u) == 0x0e200400u && !(size & 1) && ((w >> 11) & 31) == (u ? 0x19u : 0x1du))
        return false;
    /* three different: PMULL with size 11 */
    if ((w & 0x9f20fc00u) == 0x0e20e000u && size == 3) return false;
    return true;
}
