/*
 * Advanced SIMD shift by immediate, vector and scalar (Arm ARM C4.1.96 "Advanced
 * SIMD (scalar) shift by immediate"): SSHR/USHR/SSRA/USRA/SRSHR/URSHR/SRSRA/URSRA,
 * SRI/SLI/SHL, SQSHL/UQSHL/SQSHLU (immediate), the narrowing SHRN/RSHRN/SQSHRN/
 * SQRSHRN/UQSHRN/UQRSHRN/SQSHRUN/SQRSHRUN, and SSHLL/USHLL. The fixed-point
 * conversions of the same group (SCVTF/UCVTF/FCVTZS/FCVTZU) go to a64_simd_fp.c.
 *
 * immh selects the element size (highest set bit) and immh:immb the shift:
 * right shifts are 2*esize - immh:immb (1..esize), left shifts immh:immb - esize.
 */
#include "a64_simd.h"

/* Rounding or truncating right shift of an extended element by 1..64. */
static inline a64_i128 shr_elem(a64_i128 e, unsigned sh, bool rnd)
{
    if (rnd) e += (a64_i128)1 << (sh - 1);
    return e >> sh;
}

typedef struct shift_op {
    unsigned opc, sz, shr, shl; /* shr: right amount, shl: left amount */
    bool u;
} shift_op;

/* One element of the non-narrowing, same-size operations; d = the destination element. */
static uint64_t shift_elem(a64_core *c, const shift_op *o, uint64_t a, uint64_t d)
{
    unsigned sz = o->sz, bits = 8u << sz;
    uint64_t m = emask(sz);
    switch (o->opc) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x06: { /* [U|S][R]SHR, [U|S][R]SRA */
        bool rnd = o->opc & 4, acc = o->opc & 2;
        uint64_t r = (uint64_t)shr_elem(ext_elem(a, sz, o->u), o->shr, rnd) & m;
        return acc ? (d + r) & m : r;
    }
    case 0x08: { /* SRI: shifted bits replace, the top shr bits of d stay */
        uint64_t keep = o->shr == bits ? m : ~(m >> o->shr) & m;
        uint64_t r = o->shr == 64 ? 0 : (a & m) >> o->shr;
        return (d & keep) | r;
    }
    case 0x0a: { /* SHL / SLI */
        uint64_t r = (a << o->shl) & m;
        return o->u ? (d & ~(m << o->shl) & m) | r : r;
    }
    case 0x0c: /* SQSHLU: signed in, unsigned saturated out */
        return sat_u(c, ext_elem(a, sz, false) * ((a64_i128)1 << o->shl), sz);
    default: /* 0x0e SQSHL / UQSHL (immediate) */
        if (o->u) return sat_u(c, ext_elem(a, sz, true) * ((a64_i128)1 << o->shl), sz);
        return sat_s(c, ext_elem(a, sz, false) * ((a64_i128)1 << o->shl), sz);
    }
}

/* Narrowing right shifts: wide element a (2*esize) to esize. */
static uint64_t narrow_elem(a64_core *c, const shift_op *o, uint64_t a)
{
    unsigned sz = o->sz, wz = sz + 1;
    bool rnd = o->opc & 1;
    switch (o->opc) {
    case 0x10:
    case 0x11:
        if (!o->u) /* SHRN / RSHRN */
            return (uint64_t)shr_elem(ext_elem(a, wz, true), o->shr, rnd) & emask(sz);
        /* SQSHRUN / SQRSHRUN */
        return sat_u(c, shr_elem(ext_elem(a, wz, false), o->shr, rnd), sz);
    default: { /* 0x12/0x13: SQ[R]SHRN / UQ[R]SHRN */
        a64_i128 r = shr_elem(ext_elem(a, wz, o->u), o->shr, rnd);
        return o->u ? sat_u(c, r, sz) : sat_s(c, r, sz);
    }
    }
}

/* Decode immh:immb; false if immh is 0 (not a shift: modified immediate / unallocated). */
static bool decode_shift(uint32_t i, shift_op *o)
{
    unsigned immh = f_bits(i, 22, 19), immb = f_bits(i, 18, 16);
    if (!immh) return false;
    o->sz = 31 - (unsigned)__builtin_clz(immh);
    unsigned imm = (immh << 3) | immb, esize = 8u << o->sz;
    o->shr = 2 * esize - imm;
    o->shl = imm - esize;
    o->opc = f_bits(i, 15, 11);
    o->u = f_u(i);
    return true;
}

static bool same_size_opc(unsigned opc, bool u)
{
    switch (opc) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x06:
    case 0x0a:
    case 0x0e: return true;
    case 0x08:
    case 0x0c: return u;
    default: return false;
    }
}

a64_status a64_h_simd_shift(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    shift_op o;
    if (!decode_shift(i, &o)) return A64_UNDEF;
    unsigned q = f_q(i), sz = o.sz;
    if (o.opc == 0x1c || o.opc == 0x1f) return A64_UNDEF;
    const a64_vreg *a = vr(c, f_rn(i)), *d = vr(c, f_rd(i));
    a64_vreg r = {.d = {0, 0}};
    if (same_size_opc(o.opc, o.u)) {
        if (sz == 3 && !q) return A64_UNDEF;
        if (o.opc == 0x00 && !o.u && sz == 0) { /* SSHR .8b/.16b without the switch */
            for (unsigned k = 0; k < (8u << q); k++)
                r.b[k] = (uint8_t)((int8_t)a->b[k] >> (o.shr > 7 ? 7 : o.shr));
        } else {
            for (unsigned k = 0; k < lanes(sz, q); k++)
                vse(&r, sz, k, shift_elem(c, &o, ve(a, sz, k), ve(d, sz, k)));
        }
        vwrite(c, f_rd(i), &r, q);
        return A64_OK;
    }
    if (sz == 3) return A64_UNDEF;
    if (o.opc >= 0x10 && o.opc <= 0x13) {
        a64_vreg t = {.d = {0, 0}};
        for (unsigned k = 0; k < lanes(sz, 0); k++)
            vse(&t, sz, k, narrow_elem(c, &o, ve(a, sz + 1, k)));
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
    if (o.opc == 0x14) { /* SSHLL / USHLL (and SXTL/UXTL) */
        unsigned base = q ? lanes(sz, 0) : 0;
        for (unsigned k = 0; k < lanes(sz, 0); k++) {
            a64_i128 e = ext_elem(ve(a, sz, base + k), sz, o.u);
            vse(&r, sz + 1, k, (uint64_t)(e * ((a64_i128)1 << o.shl)));
        }
        c->s.v[f_rd(i)] = r;
        return A64_OK;
    }
    return A64_UNDEF;
}

a64_status a64_h_simds_shift(a64_core *c, const a64_slot *s)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    shift_op o;
    if (!decode_shift(i, &o)) return A64_UNDEF;
    if (o.opc == 0x1c || o.opc == 0x1f) return A64_UNDEF;
    unsigned n = f_rn(i), d = f_rd(i), sz = o.sz;
    if (same_size_opc(o.opc, o.u)) {
        /* Only the saturating left shifts exist for every size; the rest are D only. */
        if (sz != 3 && o.opc != 0x0c && o.opc != 0x0e) return A64_UNDEF;
        uint64_t r = shift_elem(c, &o, a64_vget(c, n, 1u << sz), a64_vget(c, d, 1u << sz));
        vwrite_scalar(c, d, sz, r);
        return A64_OK;
    }
    if (o.opc >= 0x10 && o.opc <= 0x13 && sz != 3 && (o.u || o.opc >= 0x12)) {
        vwrite_scalar(c, d, sz, narrow_elem(c, &o, a64_vget(c, n, 2u << sz)));
        return A64_OK;
    }
    return A64_UNDEF;
}
