/*
 * unicorn-diff, Advanced SIMD part (see unicorn_diff_simd.h and
 * docs/iss-verification.md). The V registers, FPCR/FPSR and the row table are in
 * unicorn_diff_fp.c.
 */
#include "unicorn_diff_simd.h"

#include <string.h>

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

/*
 * The Advanced SIMD space checked against Unicorn's Cortex-A53 decoder in the
 * unallocated-space check: vector (0 Q U 0111 x) and scalar (01 U 1111 x) data
 * processing and the structure loads/stores (0 Q 0011 0x). The A53 model implements
 * Armv8.0 with the Cryptographic Extension, which the ISS does not advertise, so the
 * crypto encodings are left out: AES (01001110 00 10100 ...), the SHA three-register
 * (01011110 000 ... 0xxx00) and two-register (01011110 00 10100 ...) groups and
 * PMULL/PMULL2 with 64-bit elements.
 */
static const struct {
    uint32_t mask, match;
} simd_space[] = {
    {0x9e000000u, 0x0e000000u},
    {0xde000000u, 0x5e000000u},
    {0xbe000000u, 0x0c000000u},
};

bool simd_checked_space(uint32_t w)
{
    bool in = false;
    for (size_t i = 0; i < sizeof simd_space / sizeof simd_space[0]; i++)
        in |= (w & simd_space[i].mask) == simd_space[i].match;
    if (!in) return false;
    if ((w & 0xff3e0c00u) == 0x4e280800u) /* AES */
        return false;
    if ((w & 0xff208c00u) == 0x5e000000u) /* SHA1C..SHA256SU1 */
        return false;
    if ((w & 0xff3e0c00u) == 0x5e280800u) /* SHA1H, SHA1SU1, SHA256SU0 */
        return false;
    if ((w & 0xbf20fc00u) == 0x0e20e000u && ((w >> 22) & 3) == 3) /* PMULL 1Q */
        return false;
    return true;
}

uint32_t simd_bias_word(uint32_t w, uint64_t r)
{
    if (r % 4) return w;
    unsigned k = (unsigned)((r >> 8) % (sizeof simd_space / sizeof simd_space[0]));
    return (w & ~simd_space[k].mask) | simd_space[k].match;
}
