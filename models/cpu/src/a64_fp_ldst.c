/*
 * SIMD&FP register loads and stores (Arm ARM C4.1.88 with V = 1): LDR (literal),
 * LDR/STR (unscaled, pre/post-index, unsigned offset, register offset) of B/H/S/D/Q
 * and LDP/STP/LDNP/STNP of S/D/Q. Memory goes through the one load/store path
 * (a64_mem.h): B/H/S/D as one access, a Q register as one 16-byte access
 * (a64_load16/a64_store16, the low doubleword at the lower address).
 *
 * Alignment follows the memory type, as for every other access (Arm ARM B2.5.2):
 * an unaligned access to Device memory (all data with stage 1 off) is an
 * Alignment fault, to Normal memory it is allowed unless SCTLR_ELx.A = 1. A Q
 * access counts as 16 bytes for this, not as two doublewords.
 */
#include "a64_fpsimd.h"
#include "a64_mem.h"

#define FP_ENABLED(c)                                                                              \
    do {                                                                                           \
        a64_status st_ = a64_fp_access_check(c);                                                   \
        if (st_ != A64_OK) return st_;                                                             \
    } while (0)

/* SP as a base: SP alignment check (Arm ARM D1.8.2), as for the integer forms. */
static inline a64_status fp_base(a64_core *c, unsigned rn, uint64_t *addr)
{
    if (rn != 31) {
        *addr = c->s.x[rn];
        return A64_OK;
    }
    uint64_t sp = *a64_sp_ref(c);
    *addr = sp;
    if (A64_UNLIKELY(sp & 15)) {
        uint64_t sctlr = a64_sctlr_cur(c);
        if (sctlr & (c->s.el == 0 ? 1u << 4 : 1u << 3))
            return a64_raise(c, A64_EC_SP_ALIGN, 0, false, -1);
    }
    return A64_OK;
}

static a64_status fp_mem_read(a64_core *c, uint64_t va, unsigned bytes, uint64_t v[2])
{
    v[1] = 0;
    if (bytes < 16) return a64_load(c, va, bytes, &v[0]);
    return a64_load16(c, va, v);
}

static a64_status fp_mem_write(a64_core *c, uint64_t va, unsigned bytes, const a64_vreg *r)
{
    if (bytes < 16)
        return a64_store(c, va, bytes,
                         bytes == 8 ? r->d[0] : r->d[0] & ((1ull << (8 * bytes)) - 1));
    return a64_store16(c, va, r->d);
}

/* A load writes the whole register: the element, the rest zero. */
static inline void fp_write_reg(a64_core *c, unsigned t, const uint64_t v[2])
{
    c->s.v[t].d[0] = v[0];
    c->s.v[t].d[1] = v[1];
}

/* Access size of the single-register forms: size (bits [31:30]) with opc<1> (bit
 * 23) = 1 meaning 128 bits, allowed only with size = 00. 0 = unallocated. */
static inline unsigned single_bytes(uint32_t i)
{
    unsigned size = i >> 30;
    if ((i >> 23) & 1) return size == 0 ? 16 : 0;
    return 1u << size;
}

static a64_status single(a64_core *c, uint32_t i, uint64_t addr, unsigned bytes)
{
    unsigned t = f_rd(i);
    if ((i >> 22) & 1) {
        uint64_t v[2];
        a64_status st = fp_mem_read(c, addr, bytes, v);
        if (st == A64_OK) fp_write_reg(c, t, v);
        return st;
    }
    return fp_mem_write(c, addr, bytes, &c->s.v[t]);
}

a64_status a64_h_fp_ldr_lit(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    FP_ENABLED(c);
    unsigned bytes = 4u << (i >> 30);
    uint64_t addr = a64_pc(c, s) + (uint64_t)(sext(f_bits(i, 23, 5), 19) * 4), v[2];
    a64_status st = fp_mem_read(c, addr, bytes, v);
    if (st == A64_OK) fp_write_reg(c, f_rd(i), v);
    return st;
}

/* LDUR/STUR (mode 00), post-index (01), pre-index (11). */
a64_status a64_h_fp_ldst_imm9(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned bytes = single_bytes(i), mode = (i >> 10) & 3, rn = f_rn(i);
    if (!bytes) return A64_UNDEF;
    FP_ENABLED(c);
    int64_t imm = sext(f_bits(i, 20, 12), 9);
    uint64_t base;
    a64_status st = fp_base(c, rn, &base);
    if (st != A64_OK) return st;
    st = single(c, i, mode == 1 ? base : base + (uint64_t)imm, bytes);
    if (st != A64_OK || mode == 0) return st;
    set_xsp(c, rn, base + (uint64_t)imm);
    return A64_OK;
}

a64_status a64_h_fp_ldst_uimm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned bytes = single_bytes(i);
    if (!bytes) return A64_UNDEF;
    FP_ENABLED(c);
    uint64_t base;
    a64_status st = fp_base(c, f_rn(i), &base);
    if (st != A64_OK) return st;
    return single(c, i, base + (uint64_t)f_imm12(i) * bytes, bytes);
}

/* Register offset: option x1x (UXTW, LSL, SXTW, SXTX), S scales by the size. */
a64_status a64_h_fp_ldst_reg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned bytes = single_bytes(i), option = f_bits(i, 15, 13);
    if (!bytes || !(option & 2)) return A64_UNDEF;
    FP_ENABLED(c);
    unsigned shift = (i >> 12) & 1 ? (unsigned)__builtin_ctz(bytes) : 0;
    uint64_t base;
    a64_status st = fp_base(c, f_rn(i), &base);
    if (st != A64_OK) return st;
    uint64_t m = xr(c, f_rm(i));
    if (option == 2)
        m = (uint32_t)m;
    else if (option == 6)
        m = (uint64_t)(int64_t)(int32_t)m;
    return single(c, i, base + (m << shift), bytes);
}

/* LDP/STP/LDNP/STNP: opc (bits [31:30]) 00 S, 01 D, 10 Q, 11 unallocated. LDP
 * with Rt == Rt2 (CONSTRAINED UNPREDICTABLE) leaves the second value, as the
 * integer forms do. */
a64_status a64_h_fp_ldstp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned opc = i >> 30, idx = (i >> 23) & 3, load = (i >> 22) & 1;
    unsigned rn = f_rn(i), rt = f_rd(i), rt2 = f_rt2(i);
    if (opc == 3) return A64_UNDEF;
    FP_ENABLED(c);
    unsigned bytes = 4u << opc;
    int64_t off = sext(f_bits(i, 21, 15), 7) * (int64_t)bytes;
    uint64_t base;
    a64_status st = fp_base(c, rn, &base);
    if (st != A64_OK) return st;
    uint64_t addr = idx == 1 ? base : base + (uint64_t)off;
    if (load) {
        uint64_t a[2], b[2];
        if ((st = fp_mem_read(c, addr, bytes, a)) != A64_OK ||
            (st = fp_mem_read(c, addr + bytes, bytes, b)) != A64_OK)
            return st;
        fp_write_reg(c, rt, a);
        fp_write_reg(c, rt2, b);
    } else {
        if ((st = fp_mem_write(c, addr, bytes, &c->s.v[rt])) != A64_OK ||
            (st = fp_mem_write(c, addr + bytes, bytes, &c->s.v[rt2])) != A64_OK)
            return st;
    }
    if (idx == 1 || idx == 3) set_xsp(c, rn, base + (uint64_t)off);
    return A64_OK;
}

/*
 * Fast handlers for Q registers (the memcpy idiom: LDP/STP/LDNP/STNP Q, LDR/STR Q with
 * an unsigned offset), selected at predecode when the base is not SP. When FP/SIMD
 * is enabled (the common case of the access check), the address is 16-byte aligned
 * and the transfer lies in one page the micro-TLB maps for this access kind, the
 * registers are copied from/to host memory directly. That is what the generic
 * handler does with its inline micro-TLB hits (a64_load16/a64_store16: an aligned
 * Q access is a Device-memory-legal access, and cannot fault or reach a device).
 * Anything else, and stores while exclusive monitors are active, tail-calls the
 * generic handler, which does the whole instruction.
 */
__attribute__((always_inline)) static inline bool q_copy(a64_core *c, uint32_t i, bool load,
                                                         bool pair, uint64_t addr)
{
    unsigned total = pair ? 32 : 16;
    const a64_utlb *e = a64_utlb_of(c, addr);
    uint64_t tag = load ? e->rtag : e->wtag;
    if (A64_UNLIKELY(!a64_fp_enabled_fast(c) || (addr & 15) || tag != addr >> 12 ||
                     (addr & 0xfff) + total > 0x1000 || (!load && c->sys->monitors_active)))
        return false;
    uint8_t *p = (uint8_t *)(e->addend + addr);
    /* 16-byte copies: FP/SIMD handlers read registers whole (store forwarding). */
    if (load) {
        memcpy(&c->s.v[f_rd(i)], p, 16);
        if (pair) memcpy(&c->s.v[f_rt2(i)], p + 16, 16); /* Rt == Rt2: the second value */
    } else {
        memcpy(p, &c->s.v[f_rd(i)], 16);
        if (pair) memcpy(p + 16, &c->s.v[f_rt2(i)], 16);
    }
    return true;
}

/* LDP/STP Q, all index modes (post 01, offset 10, pre 11; LDNP/STNP 00 = offset). */
__attribute__((always_inline)) static inline a64_status qpair(a64_core *c, const a64_slot *s,
                                                              bool load)
{
    uint32_t i = s->insn;
    unsigned idx = (i >> 23) & 3, rn = f_rn(i);
    uint64_t base = c->s.x[rn], off = (uint64_t)(sext(f_bits(i, 21, 15), 7) * 16);
    if (A64_UNLIKELY(!q_copy(c, i, load, true, idx == 1 ? base : base + off)))
        return a64_h_fp_ldstp(c, s);
    if (idx & 1) c->s.x[rn] = base + off;
    return A64_OK;
}
static a64_status ldp_q(a64_core *c, const a64_slot *s)
{
    return qpair(c, s, true);
}
static a64_status stp_q(a64_core *c, const a64_slot *s)
{
    return qpair(c, s, false);
}
static a64_status ldr_q_uimm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    if (A64_UNLIKELY(!q_copy(c, i, true, false, c->s.x[f_rn(i)] + (uint64_t)f_imm12(i) * 16)))
        return a64_h_fp_ldst_uimm(c, s);
    return A64_OK;
}
static a64_status str_q_uimm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    if (A64_UNLIKELY(!q_copy(c, i, false, false, c->s.x[f_rn(i)] + (uint64_t)f_imm12(i) * 16)))
        return a64_h_fp_ldst_uimm(c, s);
    return A64_OK;
}

a64_handler a64_fp_ldst_specialize(uint32_t insn, a64_handler generic)
{
    bool load = (insn >> 22) & 1;
    if (f_rn(insn) == 31) return NULL;
    if (generic == a64_h_fp_ldstp && (insn >> 30) == 2) return load ? ldp_q : stp_q;
    if (generic == a64_h_fp_ldst_uimm && single_bytes(insn) == 16)
        return load ? ldr_q_uimm : str_q_uimm;
    return NULL;
}
