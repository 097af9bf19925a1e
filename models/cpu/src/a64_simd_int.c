/*
 * Advanced SIMD integer data processing (Arm ARM C4.1.96): three same, three
 * different, two-register miscellaneous, across lanes, scalar pairwise (ADDP) and
 * the integer "x indexed element" forms, vector and scalar. Floating-point opcodes
 * of these groups go to a64_simd_fp.c.
 *
 * The hot operations (ADD, SUB, the bitwise group, CMEQ, ADDP) have their own
 * decode rows and loops over fixed-width element arrays; the rest share one
 * per-element function per group, switched on the opcode.
 */
#include "a64_simd.h"

/* ---------- hot rows ---------- */

#define LOOP3(r, a, b, q, sz, EXPR)                                                                \
    do {                                                                                           \
        unsigned n_ = q ? 2 : 1;                                                                   \
        switch (sz) {                                                                              \
        case 0:                                                                                    \
            for (unsigned k = 0; k < 8 * n_; k++) {                                                \
                uint8_t x = a->b[k], y = b->b[k];                                                  \
                r.b[k] = (uint8_t)(EXPR);                                                          \
            }                                                                                      \
            break;                                                                                 \
        case 1:                                                                                    \
            for (unsigned k = 0; k < 4 * n_; k++) {                                                \
                uint16_t x = a->h[k], y = b->h[k];                                                 \
                r.h[k] = (uint16_t)(EXPR);                                                         \
            }                                                                                      \
            break;                                                                                 \
        case 2:                                                                                    \
            for (unsigned k = 0; k < 2 * n_; k++) {                                                \
                uint32_t x = a->s[k], y = b->s[k];                                                 \
                r.s[k] = (uint32_t)(EXPR);                                                         \
            }                                                                                      \
            break;                                                                                 \
        default:                                                                                   \
            for (unsigned k = 0; k < n_; k++) {                                                    \
                uint64_t x = a->d[k], y = b->d[k];                                                 \
                r.d[k] = (uint64_t)(EXPR);                                                         \
            }                                                                                      \
            break;                                                                                 \
        }                                                                                          \
    } while (0)

a64_status a64_h_simd_add(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i);
    if (sz == 3 && !q) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r;
    if (f_u(i))
        LOOP3(r, a, b, q, sz, x - y);
    else
        LOOP3(r, a, b, q, sz, x + y);
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simd_cmeq(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i);
    if (sz == 3 && !q) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r;
    if (f_u(i))
        LOOP3(r, a, b, q, sz, -(uint64_t)(x == y));
    else /* CMTST */
        LOOP3(r, a, b, q, sz, -(uint64_t)((x & y) != 0));
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

/* AND/BIC/ORR/ORN (U = 0) and EOR/BSL/BIT/BIF (U = 1), selected by size. */
a64_status a64_h_simd_logic(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), n = q ? 2 : 1;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i)), *d = vr(c, f_rd(i));
    a64_vreg r = {.d = {0, 0}};
    switch ((f_u(i) << 2) | f_size(i)) {
    case 0:
        for (unsigned k = 0; k < n; k++)
            r.d[k] = a->d[k] & b->d[k];
        break;
    case 1:
        for (unsigned k = 0; k < n; k++)
            r.d[k] = a->d[k] & ~b->d[k];
        break;
    case 2:
        for (unsigned k = 0; k < n; k++)
            r.d[k] = a->d[k] | b->d[k];
        break;
    case 3:
        for (unsigned k = 0; k < n; k++)
            r.d[k] = a->d[k] | ~b->d[k];
        break;
    case 4:
        for (unsigned k = 0; k < n; k++)
            r.d[k] = a->d[k] ^ b->d[k];
        break;
    case 5: /* BSL: Vd selects between Vn (1) and Vm (0) */
        for (unsigned k = 0; k < n; k++)
            r.d[k] = (d->d[k] & a->d[k]) | (~d->d[k] & b->d[k]);
        break;
    case 6: /* BIT: insert Vn where Vm is 1 */
        for (unsigned k = 0; k < n; k++)
            r.d[k] = (d->d[k] & ~b->d[k]) | (a->d[k] & b->d[k]);
        break;
    default: /* BIF: insert Vn where Vm is 0 */
        for (unsigned k = 0; k < n; k++)
            r.d[k] = (d->d[k] & b->d[k]) | (a->d[k] & ~b->d[k]);
        break;
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

/* ADDP (vector): pairs of the concatenation Vm:Vn. */
a64_status a64_h_simd_addp(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i);
    if (sz == 3 && !q) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned half = lanes(sz, q) / 2;
    switch (sz) {
    case 0:
        for (unsigned k = 0; k < half; k++) {
            r.b[k] = (uint8_t)(a->b[2 * k] + a->b[2 * k + 1]);
            r.b[k + half] = (uint8_t)(b->b[2 * k] + b->b[2 * k + 1]);
        }
        break;
    case 1:
        for (unsigned k = 0; k < half; k++) {
            r.h[k] = (uint16_t)(a->h[2 * k] + a->h[2 * k + 1]);
            r.h[k + half] = (uint16_t)(b->h[2 * k] + b->h[2 * k + 1]);
        }
        break;
    case 2:
        for (unsigned k = 0; k < half; k++) {
            r.s[k] = a->s[2 * k] + a->s[2 * k + 1];
            r.s[k + half] = b->s[2 * k] + b->s[2 * k + 1];
        }
        break;
    default:
        r.d[0] = a->d[0] + a->d[1];
        r.d[1] = b->d[0] + b->d[1];
        break;
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

/* ---------- shared element operations ---------- */

/* SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL (register): the shift is the
 * signed bottom byte of the element of b (Arm ARM C7.2, shared shift pseudocode). */
uint64_t a64_simd_shl_reg(a64_core *c, uint64_t a, uint64_t b, unsigned sz, bool u, bool rnd,
                          bool sat)
{
    int sh = (int8_t)b;
    a64_i128 e = ext_elem(a, sz, u), r;
    if (sh >= 0) {
        if (sh >= 64) /* beyond any element: zero, or saturated */
            r = e == 0 ? 0 : e < 0 ? -((a64_i128)1 << 100) : (a64_i128)1 << 100;
        else
            r = e * ((a64_i128)1 << sh);
    } else {
        int k = -sh;
        if (rnd)
            r = k > 65 ? 0 : (e + ((a64_i128)1 << (k - 1))) >> k;
        else
            r = e >> (k > 127 ? 127 : k);
    }
    if (sat) return u ? sat_u(c, r, sz) : sat_s(c, r, sz);
    return (uint64_t)r & emask(sz);
}

static inline uint64_t all_ones_if(bool b, unsigned sz)
{
    return b ? emask(sz) : 0;
}

/* SQDMULH/SQRDMULH element: high half of 2*a*b (+ rounding), saturated. */
static uint64_t sqdmulh(a64_core *c, uint64_t a, uint64_t b, unsigned sz, bool rnd)
{
    unsigned bits = 8u << sz;
    a64_i128 p = 2 * ext_elem(a, sz, false) * ext_elem(b, sz, false);
    if (rnd) p += (a64_i128)1 << (bits - 1);
    return sat_s(c, p >> bits, sz);
}

/* Three same, integer opcodes other than the pairwise ones. d is the destination
 * element (accumulating forms). Returns UINT64_MAX+1 semantics via *ok = false for
 * an unallocated opcode/size combination is checked by the callers. */
static uint64_t op_3same(a64_core *c, unsigned opc, bool u, unsigned sz, uint64_t a, uint64_t b,
                         uint64_t d)
{
    a64_i128 x = ext_elem(a, sz, u), y = ext_elem(b, sz, u);
    uint64_t m = emask(sz);
    switch (opc) {
    case 0x00: return (uint64_t)((x + y) >> 1) & m;
    case 0x01: return u ? sat_u(c, x + y, sz) : sat_s(c, x + y, sz);
    case 0x02: return (uint64_t)((x + y + 1) >> 1) & m;
    case 0x04: return (uint64_t)((x - y) >> 1) & m;
    case 0x05: return u ? sat_u(c, x - y, sz) : sat_s(c, x - y, sz);
    case 0x06: return all_ones_if(x > y, sz);
    case 0x07: return all_ones_if(x >= y, sz);
    case 0x08: return a64_simd_shl_reg(c, a, b, sz, u, false, false);
    case 0x09: return a64_simd_shl_reg(c, a, b, sz, u, false, true);
    case 0x0a: return a64_simd_shl_reg(c, a, b, sz, u, true, false);
    case 0x0b: return a64_simd_shl_reg(c, a, b, sz, u, true, true);
    case 0x0c: return (uint64_t)(x > y ? x : y) & m;
    case 0x0d: return (uint64_t)(x < y ? x : y) & m;
    case 0x0e: return (uint64_t)(x > y ? x - y : y - x) & m;
    case 0x0f: return (d + (uint64_t)(x > y ? x - y : y - x)) & m;
    case 0x10: return (u ? a - b : a + b) & m;
    case 0x11: return u ? all_ones_if(a == b, sz) : all_ones_if((a & b) != 0, sz);
    case 0x12: return (u ? d - a * b : d + a * b) & m;
    case 0x13:
        if (u) { /* PMUL: polynomial multiply over {0,1}, 8-bit */
            unsigned p = 0;
            for (unsigned k = 0; k < 8; k++)
                if ((b >> k) & 1) p ^= (unsigned)a << k;
            return p & 0xff;
        }
        return (a * b) & m;
    default: return sqdmulh(c, a, b, sz, u); /* 0x16 */
    }
}

/* Is (opc, U, size, Q) an allocated integer three-same vector encoding? */
static bool valid_3same(unsigned opc, bool u, unsigned sz, unsigned q)
{
    switch (opc) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x0c:
    case 0x0d:
    case 0x0e:
    case 0x0f:
    case 0x12:
    case 0x14:
    case 0x15: return sz != 3;
    case 0x13: return u ? sz == 0 : sz != 3;
    case 0x16: return sz == 1 || sz == 2;
    case 0x17: return !u && !(sz == 3 && !q);
    case 0x03: return true;
    default: return opc <= 0x11 && !(sz == 3 && !q);
    }
}

a64_status a64_h_simd_3same(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 15, 11);
    bool u = f_u(i);
    if (opc >= 0x18) return A64_UNDEF;
    if (!valid_3same(opc, u, sz, q)) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i)), *d = vr(c, f_rd(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned n = lanes(sz, q);
    if (opc == 0x14 || opc == 0x15) { /* SMAXP/UMAXP/SMINP/UMINP */
        for (unsigned k = 0; k < n; k++) {
            const a64_vreg *src = k < n / 2 ? a : b;
            unsigned j = 2 * (k % (n / 2));
            a64_i128 x = ext_elem(ve(src, sz, j), sz, u), y = ext_elem(ve(src, sz, j + 1), sz, u);
            a64_i128 v = (opc == 0x14) == (x > y) ? x : y;
            vse(&r, sz, k, (uint64_t)v);
        }
    } else {
        for (unsigned k = 0; k < n; k++)
            vse(&r, sz, k, op_3same(c, opc, u, sz, ve(a, sz, k), ve(b, sz, k), ve(d, sz, k)));
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simds_3same(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_size(i), opc = f_bits(i, 15, 11);
    bool u = f_u(i);
    if (opc >= 0x18) return A64_UNDEF;
    switch (opc) {
    case 0x01:
    case 0x05:
    case 0x09:
    case 0x0b: break; /* saturating: any size */
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x0a:
    case 0x10:
    case 0x11:
        if (sz != 3) return A64_UNDEF;
        break;
    case 0x16:
        if (sz != 1 && sz != 2) return A64_UNDEF;
        break;
    default: return A64_UNDEF;
    }
    unsigned n = f_rn(i), m = f_rm(i);
    uint64_t r = op_3same(c, opc, u, sz, a64_vget(c, n, 1u << sz), a64_vget(c, m, 1u << sz), 0);
    vwrite_scalar(c, f_rd(i), sz, r);
    return A64_OK;
}

/* ---------- three different ---------- */

/* Element k of the narrow source half selected by "2" (Q). */
static inline uint64_t half_elem(const a64_vreg *v, unsigned sz, unsigned q, unsigned k)
{
    return ve(v, sz, k + (q ? lanes(sz, 0) : 0));
}

/* SQDMULL element product (2*a*b saturated to 2*esize) */
static a64_i128 sqdmull(a64_core *c, uint64_t a, uint64_t b, unsigned sz)
{
    a64_i128 p = 2 * ext_elem(a, sz, false) * ext_elem(b, sz, false);
    return (a64_i128)(int64_t)sext(sat_s(c, p, sz + 1), 16u << sz);
}

/* Long accumulate: the long product/difference of one element pair, combined with
 * the wide destination element d per the three-different opcode. */
static uint64_t op_long(a64_core *c, unsigned opc, bool u, unsigned sz, uint64_t a, uint64_t b,
                        uint64_t d)
{
    unsigned wz = sz + 1;
    uint64_t m = emask(wz);
    a64_i128 x = ext_elem(a, sz, u), y = ext_elem(b, sz, u);
    a64_i128 dd = ext_elem(d, wz, false);
    switch (opc) {
    case 0x0: return (uint64_t)(x + y) & m;
    case 0x2: return (uint64_t)(x - y) & m;
    case 0x5: return (uint64_t)(dd + (x > y ? x - y : y - x)) & m;
    case 0x7: return (uint64_t)(x > y ? x - y : y - x) & m;
    case 0x8: return (uint64_t)(dd + x * y) & m;
    case 0xa: return (uint64_t)(dd - x * y) & m;
    case 0xc: return (uint64_t)(x * y) & m;
    case 0x9: return sat_s(c, dd + sqdmull(c, a, b, sz), wz);
    case 0xb: return sat_s(c, dd - sqdmull(c, a, b, sz), wz);
    case 0xd: return (uint64_t)sqdmull(c, a, b, sz) & m;
    default: { /* 0xe PMULL, 8-bit */
        unsigned p = 0;
        for (unsigned k = 0; k < 8; k++)
            if ((b >> k) & 1) p ^= (unsigned)a << k;
        return p & 0xffff;
    }
    }
}

a64_status a64_h_simd_3diff(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 15, 12);
    bool u = f_u(i);
    if (sz == 3 || opc == 0xf)
        return A64_UNDEF; /* PMULL 1Q (size 11) is FEAT_PMULL, not implemented */
    if (u && (opc == 0x9 || opc == 0xb || opc == 0xd || opc == 0xe)) return A64_UNDEF;
    if ((opc == 0x9 || opc == 0xb || opc == 0xd) && sz == 0) return A64_UNDEF;
    if (opc == 0xe && sz != 0) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *b = vr(c, f_rm(i)), *d = vr(c, f_rd(i));
    a64_vreg r = *d;
    unsigned n = lanes(sz, 0), wz = sz + 1;
    if (opc == 0x4 || opc == 0x6) { /* ADDHN/RADDHN/SUBHN/RSUBHN */
        unsigned bits = 8u << sz;
        uint64_t rc = u ? 1ull << (bits - 1) : 0;
        a64_vreg t = {.d = {0, 0}};
        for (unsigned k = 0; k < lanes(wz, 1); k++) {
            uint64_t x = ve(a, wz, k), y = ve(b, wz, k);
            uint64_t w = (opc == 0x4 ? x + y : x - y) + rc;
            vse(&t, sz, k, (w & emask(wz)) >> bits);
        }
        if (q) {
            r.d[1] = t.d[0];
        } else {
            r.d[0] = t.d[0];
            r.d[1] = 0;
        }
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    }
    a64_vreg t;
    for (unsigned k = 0; k < n; k++) {
        uint64_t x, y = half_elem(b, sz, q, k);
        if (opc == 0x1 || opc == 0x3) { /* SADDW/SSUBW: Vn is already wide */
            a64_i128 w = ext_elem(ve(a, wz, k), wz, u), v = ext_elem(y, sz, u);
            vse(&t, wz, k, (uint64_t)(opc == 0x1 ? w + v : w - v));
            continue;
        }
        x = half_elem(a, sz, q, k);
        vse(&t, wz, k, op_long(c, opc, u, sz, x, y, ve(d, wz, k)));
    }
    c->s.v[f_rd(i)] = t;
    return A64_OK;
}

a64_status a64_h_simds_3diff(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_size(i), opc = f_bits(i, 15, 12);
    if (f_u(i) || (sz != 1 && sz != 2) || (opc != 0x9 && opc != 0xb && opc != 0xd))
        return A64_UNDEF;
    unsigned d = f_rd(i);
    uint64_t r = op_long(c, opc, false, sz, a64_vget(c, f_rn(i), 1u << sz),
                         a64_vget(c, f_rm(i), 1u << sz), a64_vget(c, d, 2u << sz));
    vwrite_scalar(c, d, sz + 1, r);
    return A64_OK;
}

/* ---------- two-register miscellaneous ---------- */

static uint64_t rbit8(uint64_t x)
{
    x = ((x & 0xf0) >> 4) | ((x & 0x0f) << 4);
    x = ((x & 0xcc) >> 2) | ((x & 0x33) << 2);
    return ((x & 0xaa) >> 1) | ((x & 0x55) << 1);
}

/* Integer two-reg-misc element operations common to vector and scalar forms. */
static uint64_t op_2misc(a64_core *c, unsigned opc, bool u, unsigned sz, uint64_t a, uint64_t d)
{
    a64_i128 x = ext_elem(a, sz, false);
    uint64_t m = emask(sz);
    switch (opc) {
    case 0x03: /* SUQADD / USQADD */
        return u ? sat_u(c, ext_elem(d, sz, true) + x, sz)
                 : sat_s(c, ext_elem(d, sz, false) + ext_elem(a, sz, true), sz);
    case 0x07: return sat_s(c, u ? -x : x < 0 ? -x : x, sz);
    case 0x08: return all_ones_if(u ? x >= 0 : x > 0, sz);
    case 0x09: return all_ones_if(u ? x <= 0 : x == 0, sz);
    case 0x0a: return all_ones_if(x < 0, sz);
    default: return (uint64_t)(u ? -x : x < 0 ? -x : x) & m; /* 0x0b ABS / NEG */
    }
}

/* Narrowing (XTN/SQXTN/UQXTN/SQXTUN): wide element a of size 2*sz to size sz. */
static uint64_t op_narrow(a64_core *c, unsigned opc, bool u, unsigned sz, uint64_t a)
{
    unsigned wz = sz + 1;
    if (opc == 0x12 && !u) return a & emask(sz);
    if (opc == 0x12) /* SQXTUN: signed source, unsigned saturation */
        return sat_u(c, ext_elem(a, wz, false), sz);
    return u ? sat_u(c, ext_elem(a, wz, true), sz) : sat_s(c, ext_elem(a, wz, false), sz);
}

a64_status a64_h_simd_2misc(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 16, 12);
    bool u = f_u(i);
    const a64_vreg *a = vr(c, f_rn(i)), *d = vr(c, f_rd(i));
    a64_vreg r = {.d = {0, 0}};
    unsigned n = lanes(sz, q);
    switch (opc) {
    case 0x00:
    case 0x01: { /* REV64 / REV32 / REV16: reverse elements in containers */
        unsigned cont = opc == 0x01 ? 1 : u ? 2 : 3; /* log2 container bytes */
        if (sz >= cont || (opc == 0x01 && u)) return A64_UNDEF;
        unsigned per = 1u << (cont - sz);
        for (unsigned k = 0; k < n; k++)
            vse(&r, sz, k, ve(a, sz, (k & ~(per - 1)) + (per - 1 - (k & (per - 1)))));
        break;
    }
    case 0x02:
    case 0x06: { /* SADDLP/UADDLP/SADALP/UADALP */
        if (sz == 3) return A64_UNDEF;
        unsigned wz = sz + 1;
        for (unsigned k = 0; k < n / 2; k++) {
            a64_i128 v = ext_elem(ve(a, sz, 2 * k), sz, u) + ext_elem(ve(a, sz, 2 * k + 1), sz, u);
            if (opc == 0x06) v += ve(d, wz, k);
            vse(&r, wz, k, (uint64_t)v);
        }
        break;
    }
    case 0x04: /* CLS / CLZ */
        if (sz == 3) return A64_UNDEF;
        for (unsigned k = 0; k < n; k++) {
            unsigned bits = 8u << sz;
            uint64_t x = ve(a, sz, k);
            if (!u) /* CLS: leading bits equal to the sign, excluding it */
                x = (x ^ (x >> 1)) & (emask(sz) >> 1);
            unsigned z = x ? (unsigned)__builtin_clzll(x) - (64 - bits) : bits;
            vse(&r, sz, k, u ? z : z - 1);
        }
        break;
    case 0x05: /* CNT, NOT, RBIT */
        if (!u && sz == 0) {
            for (unsigned k = 0; k < n; k++)
                r.b[k] = (uint8_t)__builtin_popcount(a->b[k]);
        } else if (u && sz == 0) {
            r.d[0] = ~a->d[0];
            r.d[1] = ~a->d[1];
        } else if (u && sz == 1) {
            for (unsigned k = 0; k < 8u << q; k++)
                r.b[k] = (uint8_t)rbit8(a->b[k]);
        } else {
            return A64_UNDEF;
        }
        break;
    case 0x03:
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0a:
    case 0x0b:
        if ((sz == 3 && !q) || (opc == 0x0a && u)) return A64_UNDEF;
        for (unsigned k = 0; k < n; k++)
            vse(&r, sz, k, op_2misc(c, opc, u, sz, ve(a, sz, k), ve(d, sz, k)));
        break;
    case 0x12:
    case 0x14: { /* XTN, SQXTUN, SQXTN, UQXTN ("2": upper half) */
        if (sz == 3) return A64_UNDEF;
        a64_vreg t = {.d = {0, 0}};
        for (unsigned k = 0; k < lanes(sz, 0); k++)
            vse(&t, sz, k, op_narrow(c, opc, u, sz, ve(a, sz + 1, k)));
        r = *d;
        if (q) {
            r.d[1] = t.d[0];
        } else {
            r.d[0] = t.d[0];
            r.d[1] = 0;
        }
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    }
    case 0x13: /* SHLL/SHLL2: widen and shift left by esize */
        if (!u || sz == 3) return A64_UNDEF;
        for (unsigned k = 0; k < lanes(sz, 0); k++)
            vse(&r, sz + 1, k, half_elem(a, sz, q, k) << (8u << sz));
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    default: return A64_UNDEF;
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simds_2misc(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_size(i), opc = f_bits(i, 16, 12);
    bool u = f_u(i);
    unsigned n = f_rn(i), d = f_rd(i);
    switch (opc) {
    case 0x03:
    case 0x07:
        vwrite_scalar(c, d, sz,
                      op_2misc(c, opc, u, sz, a64_vget(c, n, 1u << sz), a64_vget(c, d, 1u << sz)));
        return A64_OK;
    case 0x08:
    case 0x09:
    case 0x0a:
    case 0x0b:
        if (sz != 3 || (opc == 0x0a && u)) return A64_UNDEF;
        vwrite_scalar(c, d, sz, op_2misc(c, opc, u, sz, a64_vget(c, n, 8), 0));
        return A64_OK;
    case 0x12:
    case 0x14:
        if (sz == 3 || (opc == 0x12 && !u)) return A64_UNDEF;
        vwrite_scalar(c, d, sz, op_narrow(c, opc, u, sz, a64_vget(c, n, 2u << sz)));
        return A64_OK;
    default: return A64_UNDEF;
    }
}

/* ---------- across lanes ---------- */

a64_status a64_h_simd_across(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 16, 12);
    bool u = f_u(i);
    if (opc == 0x0c || opc == 0x0f) return A64_UNDEF;
    if (sz == 3 || (sz == 2 && !q)) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i));
    unsigned n = lanes(sz, q), d = f_rd(i);
    switch (opc) {
    case 0x03: { /* SADDLV / UADDLV */
        a64_i128 sum = 0;
        for (unsigned k = 0; k < n; k++)
            sum += ext_elem(ve(a, sz, k), sz, u);
        vwrite_scalar(c, d, sz + 1, (uint64_t)sum & emask(sz + 1));
        return A64_OK;
    }
    case 0x1b: { /* ADDV */
        if (u) return A64_UNDEF;
        uint64_t sum = 0;
        for (unsigned k = 0; k < n; k++)
            sum += ve(a, sz, k);
        vwrite_scalar(c, d, sz, sum & emask(sz));
        return A64_OK;
    }
    case 0x0a:
    case 0x1a: { /* SMAXV/UMAXV/SMINV/UMINV */
        bool mx = opc == 0x0a;
        if (u && sz == 0) { /* UMAXV/UMINV .16b/.8b: the string-function idiom */
            unsigned best = a->b[0];
            for (unsigned k = 1; k < n; k++) {
                unsigned v = a->b[k];
                best = mx ? (v > best ? v : best) : (v < best ? v : best);
            }
            vwrite_scalar(c, d, 0, best);
            return A64_OK;
        }
        a64_i128 best = ext_elem(ve(a, sz, 0), sz, u);
        for (unsigned k = 1; k < n; k++) {
            a64_i128 v = ext_elem(ve(a, sz, k), sz, u);
            if (mx ? v > best : v < best) best = v;
        }
        vwrite_scalar(c, d, sz, (uint64_t)best & emask(sz));
        return A64_OK;
    }
    default: return A64_UNDEF;
    }
}

/* Scalar pairwise: ADDP (size 11) here, the FP forms in a64_simd_fp.c. */
a64_status a64_h_simds_pairwise(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned opc = f_bits(i, 16, 12);
    if (opc != 0x1b) return A64_UNDEF;
    if (f_u(i) || f_size(i) != 3) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i));
    vwrite_scalar(c, f_rd(i), 3, a->d[0] + a->d[1]);
    return A64_OK;
}

/* ---------- x indexed element (integer) ---------- */

/* Index and Rm of an integer by-element form; false if the size is reserved. */
static bool elem_index(uint32_t i, unsigned sz, unsigned *idx, unsigned *m)
{
    unsigned h = f_bits(i, 11, 11), l = f_bits(i, 21, 21), mm = f_bits(i, 20, 20);
    if (sz == 1) {
        *idx = (h << 2) | (l << 1) | mm;
        *m = f_bits(i, 19, 16);
        return true;
    }
    if (sz == 2) {
        *idx = (h << 1) | l;
        *m = f_bits(i, 20, 16);
        return true;
    }
    return false;
}

a64_status a64_h_simd_elem(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_size(i), opc = f_bits(i, 15, 12);
    bool u = f_u(i);
    if (opc == 0x1 || opc == 0x5 || opc == 0x9) return A64_UNDEF;
    unsigned idx, m;
    if (!elem_index(i, sz, &idx, &m)) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *d = vr(c, f_rd(i));
    uint64_t b = ve(vr(c, m), sz, idx);
    a64_vreg r = {.d = {0, 0}};
    switch (opc) {
    case 0x0:
    case 0x4:
    case 0x8: /* MLA, MLS, MUL */
        if ((opc == 0x8) == u) return A64_UNDEF;
        for (unsigned k = 0; k < lanes(sz, q); k++) {
            uint64_t p = ve(a, sz, k) * b, x = ve(d, sz, k);
            vse(&r, sz, k, opc == 0x8 ? p : opc == 0x0 ? x + p : x - p);
        }
        break;
    case 0xc:
    case 0xd: /* SQDMULH / SQRDMULH */
        if (u) return A64_UNDEF;
        for (unsigned k = 0; k < lanes(sz, q); k++)
            vse(&r, sz, k, sqdmulh(c, ve(a, sz, k), b, sz, opc == 0xd));
        break;
    case 0x2:
    case 0x6:
    case 0xa:
    case 0x3:
    case 0x7:
    case 0xb: { /* long forms */
        static const uint8_t long_opc[16] = {
            [0x2] = 0x8, [0x6] = 0xa, [0xa] = 0xc, [0x3] = 0x9, [0x7] = 0xb, [0xb] = 0xd};
        if (u && (opc & 1)) return A64_UNDEF;
        for (unsigned k = 0; k < lanes(sz, 0); k++)
            vse(&r, sz + 1, k,
                op_long(c, long_opc[opc], u, sz, half_elem(a, sz, q, k), b, ve(d, sz + 1, k)));
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    }
    default: return A64_UNDEF; /* RDM (SQRDMLAH/SQRDMLSH) and DotProd are not implemented */
    }
    vwrite(c, f_rd(i), &r, q);
    return A64_OK;
}

a64_status a64_h_simds_elem(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned sz = f_size(i), opc = f_bits(i, 15, 12);
    if (opc == 0x1 || opc == 0x5 || opc == 0x9) return A64_UNDEF;
    unsigned idx, m, d = f_rd(i);
    if (f_u(i) || !elem_index(i, sz, &idx, &m)) return A64_UNDEF;
    uint64_t a = a64_vget(c, f_rn(i), 1u << sz), b = ve(vr(c, m), sz, idx);
    switch (opc) {
    case 0x3:
    case 0x7:
    case 0xb: {
        uint64_t r = op_long(c,
                             opc == 0x3   ? 0x9
                             : opc == 0x7 ? 0xb
                                          : 0xd,
                             false, sz, a, b, a64_vget(c, d, 2u << sz));
        vwrite_scalar(c, d, sz + 1, r);
        return A64_OK;
    }
    case 0xc:
    case 0xd: vwrite_scalar(c, d, sz, sqdmulh(c, a, b, sz, opc == 0xd)); return A64_OK;
    default: return A64_UNDEF;
    }
}
