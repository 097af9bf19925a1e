/*
 * Data processing -- register (Arm ARM C4.1.89): logical and add/subtract
 * (shifted and extended register), with carry, conditional compare and select,
 * 1-, 2- and 3-source operations, CRC32.
 */
#include "a64_internal.h"

static inline uint64_t shift_reg(uint64_t v, unsigned type, unsigned amount, unsigned sf)
{
    if (!sf) v = (uint32_t)v;
    if (amount == 0) return v;
    unsigned w = sf ? 64 : 32;
    switch (type) {
    case 0: v <<= amount; break;
    case 1: v >>= amount; break;
    case 2:
        v = sf ? (uint64_t)((int64_t)v >> amount) : (uint64_t)(uint32_t)((int32_t)v >> amount);
        break;
    default: v = (v >> amount) | (v << (w - amount)); break;
    }
    return sf ? v : (uint32_t)v;
}

static inline void set_nz(a64_core *c, uint64_t r, unsigned sf)
{
    unsigned n = sf ? (unsigned)(r >> 63) : (unsigned)((r >> 31) & 1);
    c->s.nzcv = (n ? A64_N : 0) | ((sf ? r : (uint32_t)r) == 0 ? A64_Z : 0);
}

a64_status a64_h_logic_reg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), opc = (i >> 29) & 3, amount = f_imm6(i);
    if (!sf && amount >= 32) return A64_UNDEF;
    uint64_t b = shift_reg(xr(c, f_rm(i)), (i >> 22) & 3, amount, sf);
    if ((i >> 21) & 1) b = ~b;
    uint64_t a = rreg(c, f_rn(i), sf), r;
    switch (opc) {
    case 0: r = a & b; break;
    case 1: r = a | b; break;
    case 2: r = a ^ b; break;
    default:
        r = a & b;
        set_nz(c, r, sf);
        break;
    }
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_addsub_sreg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1, setf = (i >> 29) & 1;
    unsigned type = (i >> 22) & 3, amount = f_imm6(i);
    if (type == 3 || (!sf && amount >= 32)) return A64_UNDEF;
    uint64_t a = rreg(c, f_rn(i), sf);
    uint64_t b = shift_reg(xr(c, f_rm(i)), type, amount, sf);
    uint32_t nzcv;
    uint64_t r = a64_addsub(a, b, op, sf, &nzcv);
    if (setf) c->s.nzcv = nzcv;
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

/* ExtendReg (Arm ARM shared pseudocode). */
static inline uint64_t extend_reg(uint64_t v, unsigned option, unsigned shift)
{
    switch (option) {
    case 0: v = (uint8_t)v; break;
    case 1: v = (uint16_t)v; break;
    case 2: v = (uint32_t)v; break;
    case 4: v = (uint64_t)(int64_t)(int8_t)v; break;
    case 5: v = (uint64_t)(int64_t)(int16_t)v; break;
    case 6: v = (uint64_t)(int64_t)(int32_t)v; break;
    default: break;
    }
    return v << shift;
}

a64_status a64_h_addsub_ereg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1, setf = (i >> 29) & 1;
    unsigned option = f_bits(i, 15, 13), shift = f_bits(i, 12, 10);
    if (shift > 4) return A64_UNDEF;
    uint64_t a = xsp(c, f_rn(i));
    uint64_t b = extend_reg(xr(c, f_rm(i)), option, shift);
    if (!sf) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    uint32_t nzcv;
    uint64_t r = a64_addsub(a, b, op, sf, &nzcv);
    a64_addsub_write_sp(c, f_rd(i), sf, setf, r, nzcv);
    return A64_OK;
}

a64_status a64_h_adc(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1, setf = (i >> 29) & 1;
    uint64_t a = rreg(c, f_rn(i), sf), b = rreg(c, f_rm(i), sf);
    if (op) b = ~b;
    uint32_t nzcv;
    uint64_t r = a64_add_with_carry(a, b, (c->s.nzcv & A64_C) ? 1 : 0, sf, &nzcv);
    if (setf) c->s.nzcv = nzcv;
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_ccmp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1;
    if (!a64_cond_holds(c->s.nzcv, f_cond(i))) {
        c->s.nzcv = (i & 15) << 28;
        return A64_OK;
    }
    uint64_t a = rreg(c, f_rn(i), sf);
    uint64_t b = (i >> 11) & 1 ? f_rm(i) : rreg(c, f_rm(i), sf);
    uint32_t nzcv;
    a64_addsub(a, b, op, sf, &nzcv);
    c->s.nzcv = nzcv;
    return A64_OK;
}

a64_status a64_h_csel(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1, o2 = (i >> 10) & 1;
    uint64_t r;
    if (a64_cond_holds(c->s.nzcv, f_cond(i))) {
        r = rreg(c, f_rn(i), sf);
    } else {
        r = rreg(c, f_rm(i), sf);
        if (op) r = ~r;
        if (o2) r += 1;
    }
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_div(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i);
    bool is_signed = (i >> 10) & 1;
    uint64_t a = rreg(c, f_rn(i), sf), b = rreg(c, f_rm(i), sf), r;
    if (b == 0) {
        r = 0; /* division by zero gives 0 (Arm ARM C6.2 SDIV/UDIV) */
    } else if (!is_signed) {
        r = a / b;
    } else if (sf) {
        int64_t x = (int64_t)a, y = (int64_t)b;
        r = (x == INT64_MIN && y == -1) ? (uint64_t)INT64_MIN : (uint64_t)(x / y);
    } else {
        int32_t x = (int32_t)a, y = (int32_t)b;
        r = (x == INT32_MIN && y == -1) ? (uint32_t)INT32_MIN : (uint32_t)(x / y);
    }
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_shiftv(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), w = sf ? 64 : 32;
    unsigned amount = (unsigned)(xr(c, f_rm(i)) % w);
    wreg(c, f_rd(i), sf, shift_reg(xr(c, f_rn(i)), (i >> 10) & 3, amount, sf));
    return A64_OK;
}

/* CRC32{B,H,W,X} (polynomial 0x04C11DB7) and CRC32C* (0x1EDC6F41), bit-reflected
 * as in the Arm ARM pseudocode. */
a64_status a64_h_crc32(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), sz = (i >> 10) & 3, castagnoli = (i >> 12) & 1;
    if ((sz == 3) != (sf == 1)) return A64_UNDEF;
    uint32_t crc = (uint32_t)xr(c, f_rn(i));
    uint64_t v = xr(c, f_rm(i));
    unsigned bytes = 1u << sz;
    uint32_t poly = castagnoli ? 0x82f63b78u : 0xedb88320u; /* reflected */
    for (unsigned b = 0; b < bytes; b++) {
        crc ^= (uint8_t)(v >> (8 * b));
        for (unsigned k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (crc & 1 ? poly : 0);
    }
    set_xr(c, f_rd(i), crc);
    return A64_OK;
}

static inline uint64_t bswap_units(uint64_t v, unsigned unit_bytes, unsigned total_bytes)
{
    uint64_t r = 0;
    for (unsigned u = 0; u < total_bytes; u += unit_bytes)
        for (unsigned b = 0; b < unit_bytes; b++)
            r |= ((v >> (8 * (u + b))) & 0xff) << (8 * (u + unit_bytes - 1 - b));
    return r;
}

a64_status a64_h_dp1(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), opc = f_bits(i, 15, 10), w = sf ? 64 : 32;
    uint64_t a = rreg(c, f_rn(i), sf), r = 0;
    switch (opc) {
    case 0: /* RBIT */
        for (unsigned b = 0; b < w; b++)
            r |= ((a >> b) & 1) << (w - 1 - b);
        break;
    case 1: r = bswap_units(a, 2, w / 8); break; /* REV16 */
    case 2: r = bswap_units(a, 4, w / 8); break; /* REV32 (REV for W) */
    case 3:
        if (!sf) return A64_UNDEF;
        r = bswap_units(a, 8, 8); /* REV */
        break;
    case 4: r = a ? (unsigned)(sf ? __builtin_clzll(a) : __builtin_clz((uint32_t)a)) : w; break;
    default: { /* CLS: leading sign bits, not counting the sign bit itself */
        uint64_t x =
            sf ? a ^ (uint64_t)((int64_t)a >> 1) : (uint32_t)(a ^ (uint64_t)((int32_t)a >> 1));
        x &= sf ? ~0ull >> 1 : 0x7fffffffu;
        r = x ? (unsigned)(sf ? __builtin_clzll(x) : __builtin_clz((uint32_t)x)) - 1 : w - 1;
        break;
    }
    }
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_madd(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i);
    uint64_t p = rreg(c, f_rn(i), sf) * rreg(c, f_rm(i), sf), a = rreg(c, f_ra(i), sf);
    wreg(c, f_rd(i), sf, (i >> 15) & 1 ? a - p : a + p);
    return A64_OK;
}

a64_status a64_h_maddl(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    bool u = (i >> 23) & 1;
    uint64_t n = wr(c, f_rn(i)), m = wr(c, f_rm(i)), p;
    if (u)
        p = n * m;
    else
        p = (uint64_t)((int64_t)(int32_t)n * (int64_t)(int32_t)m);
    uint64_t a = xr(c, f_ra(i));
    set_xr(c, f_rd(i), (i >> 15) & 1 ? a - p : a + p);
    return A64_OK;
}

a64_status a64_h_mulh(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    uint64_t n = xr(c, f_rn(i)), m = xr(c, f_rm(i)), r;
    if ((i >> 23) & 1)
        r = (uint64_t)(((unsigned __int128)n * m) >> 64);
    else
        r = (uint64_t)(((__int128)(int64_t)n * (int64_t)m) >> 64);
    set_xr(c, f_rd(i), r);
    return A64_OK;
}

/* ---- fast paths (selected at predecode): 64-bit ADD/SUB (shifted register)
 * with LSL #0, no flags: pointer and accumulator arithmetic. */
static a64_status add_x_reg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    set_xr(c, f_rd(i), xr(c, f_rn(i)) + xr(c, f_rm(i)));
    return A64_OK;
}

static a64_status sub_x_reg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    set_xr(c, f_rd(i), xr(c, f_rn(i)) - xr(c, f_rm(i)));
    return A64_OK;
}

/* The same with Rd, Rn and Rm all below 31 (no XZR operand). */
static a64_status add_x_reg_r(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] + c->s.x[f_rm(i)];
    return A64_OK;
}

static a64_status sub_x_reg_r(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] - c->s.x[f_rm(i)];
    return A64_OK;
}

/* ADD (shifted register) with LSL #1-63, no XZR operand: address arithmetic. */
static a64_status add_x_reg_lsl(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] + (c->s.x[f_rm(i)] << f_imm6(i));
    return A64_OK;
}

a64_handler a64_dp_reg_specialize(uint32_t insn, a64_handler generic)
{
    if (generic != a64_h_addsub_sreg || !f_sf(insn) || ((insn >> 29) & 1) || ((insn >> 22) & 3))
        return NULL;
    bool sub = (insn >> 30) & 1;
    bool no_zr = f_rd(insn) != 31 && f_rn(insn) != 31 && f_rm(insn) != 31;
    if (f_imm6(insn)) return !sub && no_zr ? add_x_reg_lsl : NULL;
    if (no_zr) return sub ? sub_x_reg_r : add_x_reg_r;
    return sub ? sub_x_reg : add_x_reg;
}
