/*
 * Shared by the Advanced SIMD handler files (a64_simd_*.c): typed field extraction
 * for the AdvSIMD encodings (Arm ARM C4.1.96), element access by size, and the
 * saturation/rounding primitives of the shared pseudocode (SignedSatQ, UnsignedSatQ,
 * the rounding constant of the rounding shifts).
 *
 * Elements of a V register are little-endian: element i of 2^sz bytes is bytes
 * [i << sz, (i+1) << sz) (a64_vreg). A vector result is built in a temporary and
 * written in one go, so destination registers may alias sources; a 64-bit (Q = 0)
 * result clears bits [127:64] (Arm ARM V[] setter).
 */
#ifndef A64_SIMD_H
#define A64_SIMD_H

#include "a64_fpsimd.h"

__extension__ typedef __int128 a64_i128;
__extension__ typedef unsigned __int128 a64_u128;

/* ---------- fields ---------- */
static inline unsigned f_q(uint32_t i)
{
    return (i >> 30) & 1;
}
static inline unsigned f_u(uint32_t i)
{
    return (i >> 29) & 1;
}
static inline unsigned f_size(uint32_t i)
{
    return (i >> 22) & 3;
}

/* ---------- registers and elements ---------- */
static inline a64_vreg *vr(a64_core *c, unsigned n)
{
    return &c->s.v[n];
}

static inline uint64_t ve(const a64_vreg *v, unsigned sz, unsigned i)
{
    switch (sz) {
    case 0: return v->b[i];
    case 1: return v->h[i];
    case 2: return v->s[i];
    default: return v->d[i];
    }
}
static inline int64_t ves(const a64_vreg *v, unsigned sz, unsigned i)
{
    switch (sz) {
    case 0: return (int8_t)v->b[i];
    case 1: return (int16_t)v->h[i];
    case 2: return (int32_t)v->s[i];
    default: return (int64_t)v->d[i];
    }
}
static inline void vse(a64_vreg *v, unsigned sz, unsigned i, uint64_t x)
{
    switch (sz) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}

/* Write a whole result: 128 bits, or 64 with the upper half cleared. */
static inline void vwrite(a64_core *c, unsigned d, const a64_vreg *r, unsigned q)
{
    c->s.v[d].d[0] = r->d[0];
    c->s.v[d].d[1] = q ? r->d[1] : 0;
}
/* A scalar (element 0 of size sz) result: the rest of the register is cleared. */
static inline void vwrite_scalar(a64_core *c, unsigned d, unsigned sz, uint64_t x)
{
    a64_vset(c, d, 1u << sz, x);
}

/* Lanes of an arrangement: esize 8 << sz, datasize 64 << q. */
static inline unsigned lanes(unsigned sz, unsigned q)
{
    return (8u << q) >> sz;
}

static inline uint64_t emask(unsigned sz)
{
    return sz == 3 ? ~0ull : (1ull << (8u << sz)) - 1;
}
static inline int64_t smax_of(unsigned sz)
{
    return (int64_t)(emask(sz) >> 1);
}
static inline int64_t smin_of(unsigned sz)
{
    return -smax_of(sz) - 1;
}

static inline void set_qc(a64_core *c)
{
    c->s.fpsr |= A64_FPSR_QC;
}

/* SignedSatQ / UnsignedSatQ of a 128-bit intermediate to 8 << sz bits; sets FPSR.QC. */
static inline uint64_t sat_s(a64_core *c, a64_i128 v, unsigned sz)
{
    int64_t hi = smax_of(sz), lo = smin_of(sz);
    if (v > hi) {
        set_qc(c);
        v = hi;
    } else if (v < lo) {
        set_qc(c);
        v = lo;
    }
    return (uint64_t)(int64_t)v & emask(sz);
}
static inline uint64_t sat_u(a64_core *c, a64_i128 v, unsigned sz)
{
    uint64_t hi = emask(sz);
    if (v > (a64_i128)hi) {
        set_qc(c);
        return hi;
    }
    if (v < 0) {
        set_qc(c);
        return 0;
    }
    return (uint64_t)v;
}

/* Sign- or zero-extended element value of size sz. */
static inline a64_i128 ext_elem(uint64_t x, unsigned sz, bool is_unsigned)
{
    x &= emask(sz);
    if (is_unsigned) return (a64_i128)x;
    return (a64_i128)sext(x, 8u << sz);
}

/* The access check (inline fast case in a64_fpsimd.h), as a statement. */
#define A64_FP_CHECK(c)                                                                            \
    do {                                                                                           \
        a64_status st_ = a64_fp_access_check(c);                                                   \
        if (A64_UNLIKELY(st_ != A64_OK)) return st_;                                               \
    } while (0)

/* Shared by vector and scalar forms (a64_simd_int.c). */
uint64_t a64_simd_shl_reg(a64_core *c, uint64_t a, uint64_t b, unsigned sz, bool u, bool rnd,
                          bool sat);
/* AdvSIMDExpandImm (a64_simd_perm.c). */
uint64_t a64_simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8);

#endif
