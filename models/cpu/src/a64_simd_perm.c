/*
 * Advanced SIMD data movement (Arm ARM C4.1.96): copy (DUP, INS, UMOV, SMOV),
 * scalar copy (DUP element), permute (UZP/TRN/ZIP), extract (EXT), table lookup
 * (TBL/TBX) and modified immediate (MOVI/MVNI/ORR/BIC/FMOV vector immediate).
 */
#include "a64_simd.h"

/* Element size (log2 bytes) from the lowest set bit of imm5; 4 = reserved. */
static inline unsigned imm5_size(unsigned imm5)
{
    return imm5 & 15 ? (unsigned)__builtin_ctz(imm5) : 4;
}

static inline void dup_fill(a64_vreg *r, unsigned sz, uint64_t x)
{
    switch (sz) {
    case 0:
        for (unsigned k = 0; k < 16; k++)
            r->b[k] = (uint8_t)x;
        break;
    case 1:
        for (unsigned k = 0; k < 8; k++)
            r->h[k] = (uint16_t)x;
        break;
    case 2:
        for (unsigned k = 0; k < 4; k++)
            r->s[k] = (uint32_t)x;
        break;
    default: r->d[0] = r->d[1] = x; break;
    }
}

a64_status a64_h_simd_copy(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), op = f_u(i), imm5 = f_bits(i, 20, 16), imm4 = f_bits(i, 14, 11);
    unsigned sz = imm5_size(imm5), d = f_rd(i), n = f_rn(i);
    if (sz == 4) return A64_UNDEF;
    unsigned idx = imm5 >> (sz + 1);
    a64_vreg r;
    if (op) { /* INS (element) */
        if (!q) return A64_UNDEF;
        uint64_t x = ve(vr(c, n), sz, imm4 >> sz);
        vse(vr(c, d), sz, idx, x);
        return A64_OK;
    }
    switch (imm4) {
    case 0x0: /* DUP (element) */
        if (sz == 3 && !q) return A64_UNDEF;
        dup_fill(&r, sz, ve(vr(c, n), sz, idx));
        vwrite(c, d, &r, q);
        return A64_OK;
    case 0x1: /* DUP (general) */
        if (sz == 3 && !q) return A64_UNDEF;
        dup_fill(&r, sz, xr(c, n));
        vwrite(c, d, &r, q);
        return A64_OK;
    case 0x3: /* INS (general) */
        if (!q) return A64_UNDEF;
        vse(vr(c, d), sz, idx, xr(c, n));
        return A64_OK;
    case 0x5: /* SMOV */
        if (sz >= 2 + q) return A64_UNDEF;
        wreg(c, d, q, (uint64_t)ves(vr(c, n), sz, idx));
        return A64_OK;
    case 0x7: /* UMOV */
        if (q ? sz != 3 : sz == 3) return A64_UNDEF;
        set_xr(c, d, ve(vr(c, n), sz, idx));
        return A64_OK;
    default: return A64_UNDEF;
    }
}

/* DUP (element), scalar form: Vd = Vn[index]. */
a64_status a64_h_simds_copy(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned imm5 = f_bits(i, 20, 16), sz = imm5_size(imm5);
    if (sz == 4) return A64_UNDEF;
    vwrite_scalar(c, f_rd(i), sz, ve(vr(c, f_rn(i)), sz, imm5 >> (sz + 1)));
    return A64_OK;
}

a64_status a64_h_simd_perm(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 14, 12);
    if ((opc & 3) == 0 || (sz == 3 && !q)) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned n = lanes(sz, q), half = n / 2, part = opc >> 2;
    switch (opc & 3) {
    case 1: /* UZP1/UZP2: even/odd elements of Vn:Vm */
        for (unsigned k = 0; k < n; k++) {
            unsigned j = 2 * k + part;
            vse(&r, sz, k, j < n ? ve(a, sz, j) : ve(b, sz, j - n));
        }
        break;
    case 2: /* TRN1/TRN2 */
        for (unsigned p = 0; p < half; p++) {
            vse(&r, sz, 2 * p, ve(a, sz, 2 * p + part));
            vse(&r, sz, 2 * p + 1, ve(b, sz, 2 * p + part));
        }
        break;
    default: /* ZIP1/ZIP2: interleave the low/high halves */
        for (unsigned p = 0; p < half; p++) {
            vse(&r, sz, 2 * p, ve(a, sz, p + part * half));
            vse(&r, sz, 2 * p + 1, ve(b, sz, p + part * half));
        }
        break;
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simd_ext(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), pos = f_bits(i, 14, 11), bytes = 8u << q;
    if (!q && pos >= 8) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r = {.d = {0, 0}};
    for (unsigned k = 0; k < bytes; k++) {
        unsigned j = k + pos;
        r.b[k] = j < bytes ? a->b[j] : b->b[j - bytes];
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

/* TBL/TBX: indices into a table of 1-4 consecutive registers (wrapping at V31);
 * out-of-range indices give 0 (TBL) or leave the destination byte (TBX). */
a64_status a64_h_simd_tbl(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), regs = f_bits(i, 14, 13) + 1, tbx = f_bits(i, 12, 12), n = f_rn(i);
    uint8_t table[64];
    for (unsigned k = 0; k < regs; k++)
        memcpy(table + 16 * k, vr(c, (n + k) & 31)->b, 16);
    const a64_vreg *idx = vr(c, f_rm(i)), *d = vr(c, f_rd(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned limit = 16 * regs;
    for (unsigned k = 0; k < (8u << q); k++) {
        unsigned x = idx->b[k];
        r.b[k] = x < limit ? table[x] : tbx ? d->b[k] : 0;
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

/* AdvSIMDExpandImm (Arm ARM C7.2 shared pseudocode), the 64-bit pattern. */
uint64_t a64_simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
    uint64_t x = imm8;
    switch (cmode >> 1) {
    case 0: return x * 0x0000000100000001ull;
    case 1: return (x << 8) * 0x0000000100000001ull;
    case 2: return (x << 16) * 0x0000000100000001ull;
    case 3: return (x << 24) * 0x0000000100000001ull;
    case 4: return x * 0x0001000100010001ull;
    case 5: return (x << 8) * 0x0001000100010001ull;
    case 6: return (cmode & 1 ? (x << 16) | 0xffff : (x << 8) | 0xff) * 0x0000000100000001ull;
    default:
        if (!(cmode & 1) && !op) return x * 0x0101010101010101ull;
        if (!(cmode & 1)) {
            uint64_t r = 0;
            for (unsigned k = 0; k < 8; k++)
                if ((imm8 >> k) & 1) r |= 0xffull << (8 * k);
            return r;
        }
        if (!op) { /* FMOV single: a:NOT(b):bbbbb:cdefgh:Zeros(19) */
            uint32_t b6 = (imm8 >> 6) & 1;
            uint32_t f = ((imm8 >> 7) << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1fu : 0) << 25) |
                         ((imm8 & 0x3f) << 19);
            return (uint64_t)f * 0x0000000100000001ull;
        }
        /* FMOV double: a:NOT(b):bbbbbbbb:cdefgh:Zeros(48) */
        uint64_t b6 = (imm8 >> 6) & 1;
        return ((uint64_t)(imm8 >> 7) << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xffull : 0) << 54) |
               ((uint64_t)(imm8 & 0x3f) << 48);
    }
}

a64_status a64_h_simd_modimm(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), op = f_u(i), cmode = f_bits(i, 15, 12);
    unsigned imm8 = (f_bits(i, 18, 16) << 5) | f_bits(i, 9, 5), d = f_rd(i);
    if (f_bits(i, 11, 11)) /* o2 = 1: FMOV (vector, immediate) half precision, FEAT_FP16 */
        return A64_UNDEF;
    if (cmode == 15 && op && !q) return A64_UNDEF;
    uint64_t imm = a64_simd_expand_imm(op, cmode, imm8);
    a64_vreg *v = vr(c, d);
    bool orr_bic = cmode < 12 && (cmode & 1);
    if (orr_bic) {
        uint64_t lo = op ? v->d[0] & ~imm : v->d[0] | imm;
        uint64_t hi = op ? v->d[1] & ~imm : v->d[1] | imm;
        v->d[0] = lo;
        v->d[1] = q ? hi : 0;
        return A64_OK;
    }
    /* MVNI inverts (cmode 0xx0, 10x0, 110x with op = 1) */
    if (op && cmode < 14) imm = ~imm;
    v->d[0] = imm;
    v->d[1] = q ? imm : 0;
    return A64_OK;
}
