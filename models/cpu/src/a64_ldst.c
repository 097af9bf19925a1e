/*
 * Loads and stores (Arm ARM C4.1.88): literal, single register in every
 * addressing mode, pairs, exclusives, load-acquire/store-release, LSE atomics
 * (CAS, CASP, LD<op>, SWP).
 *
 * CONSTRAINED UNPREDICTABLE choices (Arm ARM K1.2), made to match QEMU so the
 * differential tests agree: a writeback whose base is also a loaded register
 * leaves the written-back address; a store with writeback stores the register's
 * value from before the writeback; LDP with Rt == Rt2 leaves the second value.
 */
#include "a64_mem.h"

static inline a64_status a64_store_unpriv(a64_core *c, uint64_t va, unsigned size, uint64_t v)
{
    return a64_access(c, va, size, &v, A64_ACC_WRITE | A64_ACC_UNPRIV);
}

/* SP alignment check (Arm ARM D1.8.2): SCTLR_ELx.SA (SA0 at EL0) and SP used as
 * the base register, not 16-byte aligned: SP alignment fault (EC 0x26). */
static inline a64_status base_addr(a64_core *c, unsigned rn, uint64_t *addr)
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

static inline uint64_t extend_load(uint64_t v, unsigned size, bool sign, bool to32)
{
    if (!sign) return v;
    uint64_t r = (uint64_t)sext(v, 8 * size);
    return to32 ? (uint32_t)r : r;
}

/* ---- literal ---- */
a64_status a64_h_ldr_lit(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned opc = i >> 30;
    uint64_t addr = a64_pc(c, s) + (uint64_t)(sext(f_bits(i, 23, 5), 19) * 4), v;
    unsigned size = opc == 1 ? 8 : 4;
    a64_status st = a64_load(c, addr, size, &v);
    if (st != A64_OK) return st;
    set_xr(c, f_rd(i), opc == 2 ? (uint64_t)sext(v, 32) : v);
    return A64_OK;
}

/* ---- single register ---- */

/* Execute one single-register load/store at `addr`. opc/size as in the encoding;
 * returns A64_UNDEF for unallocated combinations (prfm_ok: PRFM allowed here). */
static inline a64_status ldst_single(a64_core *c, uint32_t i, uint64_t addr, bool prfm_ok,
                                     bool unpriv)
{
    unsigned size_log = i >> 30, opc = (i >> 22) & 3, rt = f_rd(i);
    unsigned size = 1u << size_log;
    if (opc == 0) {
        if (A64_UNLIKELY(unpriv)) return a64_store_unpriv(c, addr, size, xr(c, rt));
        return a64_store(c, addr, size, xr(c, rt));
    }
    bool sign = false, to32 = false;
    if (opc == 2) {
        if (size_log == 3) return prfm_ok ? A64_OK : A64_UNDEF; /* PRFM: a hint, no access */
        sign = true;
    } else if (opc == 3) {
        if (size_log >= 2) return A64_UNDEF;
        sign = true;
        to32 = true;
    }
    uint64_t v;
    a64_status st = A64_UNLIKELY(unpriv) ? a64_access(c, addr, size, &v, A64_ACC_UNPRIV)
                                         : a64_load(c, addr, size, &v);
    if (A64_UNLIKELY(st != A64_OK)) return st;
    set_xr(c, rt, extend_load(v, size, sign, to32));
    return A64_OK;
}

/* LDUR/STUR, post-index, LDTR/STTR, pre-index (imm9). */
a64_status a64_h_ldst_imm9(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned mode = (i >> 10) & 3, rn = f_rn(i);
    int64_t imm = sext(f_bits(i, 20, 12), 9);
    uint64_t base;
    a64_status st = base_addr(c, rn, &base);
    if (st != A64_OK) return st;
    /* LDTR/STTR (mode 2) are checked with EL0 permissions at EL1 (Arm ARM
     * C6.2 LDTR); at EL0, EL2 and EL3 they are ordinary accesses. */
    uint64_t addr = mode == 1 ? base : base + (uint64_t)imm;
    st = ldst_single(c, i, addr, mode == 0, mode == 2 && c->s.el == 1);
    if (st != A64_OK || mode == 0 || mode == 2) return st;
    set_xsp(c, rn, base + (uint64_t)imm); /* writeback: pre (3) or post (1) */
    return A64_OK;
}

a64_status a64_h_ldst_uimm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    uint64_t base;
    a64_status st = base_addr(c, f_rn(i), &base);
    if (A64_UNLIKELY(st != A64_OK)) return st;
    return ldst_single(c, i, base + ((uint64_t)f_imm12(i) << (i >> 30)), true, false);
}

a64_status a64_h_ldst_reg(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned option = f_bits(i, 15, 13), shift = (i >> 12) & 1 ? i >> 30 : 0;
    if (!(option & 2)) return A64_UNDEF;
    uint64_t base;
    a64_status st = base_addr(c, f_rn(i), &base);
    if (st != A64_OK) return st;
    uint64_t m = xr(c, f_rm(i));
    switch (option) {
    case 2: m = (uint32_t)m; break;
    case 6: m = (uint64_t)(int64_t)(int32_t)m; break;
    default: break; /* 3 = LSL/UXTX, 7 = SXTX */
    }
    return ldst_single(c, i, base + (m << shift), true, false);
}

/* ---- pairs ---- */
a64_status a64_h_ldstp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned opc = i >> 30, idx = (i >> 23) & 3, load = (i >> 22) & 1;
    unsigned rn = f_rn(i), rt = f_rd(i), rt2 = f_rt2(i);
    if (opc == 3 || (opc == 1 && (!load || idx == 0)))
        return A64_UNDEF; /* STGP (FEAT_MTE) / unallocated */
    bool sign = opc == 1;
    unsigned size = opc == 2 ? 8 : 4;
    int64_t off = sext(f_bits(i, 21, 15), 7) * (int64_t)size;
    uint64_t base;
    a64_status st = base_addr(c, rn, &base);
    if (st != A64_OK) return st;
    uint64_t addr = idx == 1 ? base : base + (uint64_t)off;
    if (load) {
        uint64_t a, b;
        if ((st = a64_load(c, addr, size, &a)) != A64_OK ||
            (st = a64_load(c, addr + size, size, &b)) != A64_OK)
            return st;
        set_xr(c, rt, extend_load(a, size, sign, false));
        set_xr(c, rt2, extend_load(b, size, sign, false));
    } else {
        uint64_t a = xr(c, rt), b = xr(c, rt2);
        if ((st = a64_store(c, addr, size, a)) != A64_OK ||
            (st = a64_store(c, addr + size, size, b)) != A64_OK)
            return st;
    }
    if (idx == 1 || idx == 3) set_xsp(c, rn, base + (uint64_t)off);
    return A64_OK;
}

/* ---- exclusives and acquire/release (Arm ARM B2.9) ---- */

/* Exclusive and ordered accesses must be aligned to their total size, whatever
 * the memory type (Arm ARM B2.5.2). */
static inline a64_status aligned_base(a64_core *c, uint32_t i, unsigned total, bool write,
                                      uint64_t *addr)
{
    a64_status st = base_addr(c, f_rn(i), addr);
    if (st != A64_OK) return st;
    if (*addr & (total - 1)) return a64_data_abort(c, *addr, write, A64_FSC_ALIGNMENT, false);
    return A64_OK;
}

/* The physical address of an exclusive access (monitors track PAs, Arm ARM
 * B2.9.1): translated, and faulting, as the access itself would. */
static inline a64_status excl_pa(a64_core *c, uint64_t va, unsigned total, bool write, uint64_t *pa)
{
    return a64_translate_data(c, va, total, A64_ACC_ALIGN | (write ? A64_ACC_WRITE : 0), pa, NULL);
}

/* LDXR/LDAXR and LDAR/LDAPR-style single loads: aligned, into Rt; the
 * exclusive forms also arm the monitor for the granule. */
static a64_status load_aligned(a64_core *c, uint32_t i, bool exclusive)
{
    unsigned size = 1u << (i >> 30);
    uint64_t addr, v, pa = 0;
    a64_status st = aligned_base(c, i, size, false, &addr);
    if (st != A64_OK || (exclusive && (st = excl_pa(c, addr, size, false, &pa)) != A64_OK) ||
        (st = a64_load(c, addr, size, &v)) != A64_OK)
        return st;
    if (exclusive) a64_monitor_set(c, pa, size);
    set_xr(c, f_rd(i), v);
    return A64_OK;
}

a64_status a64_h_ldxr(a64_core *c, const a64_slot *s)
{
    return load_aligned(c, s->insn, true);
}

/* The store happens only if this core's reservation is still open and names the
 * same physical address and size (a mismatch is CONSTRAINED UNPREDICTABLE; we
 * fail it). */
static inline bool monitor_pass(const a64_core *c, uint64_t addr, unsigned size)
{
    return c->excl_valid && c->excl_exact == addr && c->excl_size == size;
}

a64_status a64_h_stxr(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = 1u << (i >> 30);
    uint64_t addr, pa;
    a64_status st = aligned_base(c, i, size, true, &addr);
    if (st != A64_OK || (st = excl_pa(c, addr, size, true, &pa)) != A64_OK) return st;
    uint64_t status = 1;
    if (monitor_pass(c, pa, size)) {
        if ((st = a64_store(c, addr, size, xr(c, f_rd(i)))) != A64_OK) return st;
        status = 0;
    }
    a64_monitor_clear(c);
    set_xr(c, f_rs(i), status);
    return A64_OK;
}

a64_status a64_h_ldxp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = (i >> 30) & 1 ? 8 : 4;
    uint64_t addr, a, b, pa;
    a64_status st = aligned_base(c, i, 2 * size, false, &addr);
    if (st != A64_OK || (st = excl_pa(c, addr, 2 * size, false, &pa)) != A64_OK ||
        (st = a64_load(c, addr, size, &a)) != A64_OK ||
        (st = a64_load(c, addr + size, size, &b)) != A64_OK)
        return st;
    a64_monitor_set(c, pa, 2 * size);
    set_xr(c, f_rd(i), a);
    set_xr(c, f_rt2(i), b);
    return A64_OK;
}

a64_status a64_h_stxp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = (i >> 30) & 1 ? 8 : 4;
    uint64_t addr, pa;
    a64_status st = aligned_base(c, i, 2 * size, true, &addr);
    if (st != A64_OK || (st = excl_pa(c, addr, 2 * size, true, &pa)) != A64_OK) return st;
    uint64_t status = 1;
    if (monitor_pass(c, pa, 2 * size)) {
        if ((st = a64_store(c, addr, size, xr(c, f_rd(i)))) != A64_OK ||
            (st = a64_store(c, addr + size, size, xr(c, f_rt2(i)))) != A64_OK)
            return st;
        status = 0;
    }
    a64_monitor_clear(c);
    set_xr(c, f_rs(i), status);
    return A64_OK;
}

a64_status a64_h_ldar(a64_core *c, const a64_slot *s)
{
    return load_aligned(c, s->insn, false);
}

a64_status a64_h_stlr(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = 1u << (i >> 30);
    uint64_t addr;
    a64_status st = aligned_base(c, i, size, true, &addr);
    if (st != A64_OK) return st;
    return a64_store(c, addr, size, xr(c, f_rd(i)));
}

/* ---- LSE atomics (FEAT_LSE, Arm ARM C6.2 CAS/CASP/LD<op>/SWP) ---- */

static inline uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

a64_status a64_h_cas(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = 1u << (i >> 30), rs = f_rs(i);
    uint64_t addr, old;
    a64_status st = aligned_base(c, i, size, true, &addr);
    if (st != A64_OK || (st = a64_load(c, addr, size, &old)) != A64_OK) return st;
    if (old == (xr(c, rs) & size_mask(size)) &&
        (st = a64_store(c, addr, size, xr(c, f_rd(i)))) != A64_OK)
        return st;
    set_xr(c, rs, old);
    return A64_OK;
}

a64_status a64_h_casp(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = (i >> 30) & 1 ? 8 : 4, rs = f_rs(i), rt = f_rd(i);
    if ((rs & 1) || (rt & 1))
        return A64_UNDEF; /* odd register pair: CONSTRAINED UNPREDICTABLE, UNDEFINED here */
    uint64_t addr, a, b, m = size_mask(size);
    a64_status st = aligned_base(c, i, 2 * size, true, &addr);
    if (st != A64_OK || (st = a64_load(c, addr, size, &a)) != A64_OK ||
        (st = a64_load(c, addr + size, size, &b)) != A64_OK)
        return st;
    if (a == (xr(c, rs) & m) && b == (xr(c, rs + 1) & m)) {
        if ((st = a64_store(c, addr, size, xr(c, rt))) != A64_OK ||
            (st = a64_store(c, addr + size, size, xr(c, rt + 1))) != A64_OK)
            return st;
    }
    set_xr(c, rs, a);
    set_xr(c, rs + 1, b);
    return A64_OK;
}

a64_status a64_h_ldop(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned size = 1u << (i >> 30), op = f_bits(i, 15, 12);
    uint64_t addr, old;
    a64_status st = aligned_base(c, i, size, true, &addr);
    if (st != A64_OK || (st = a64_load(c, addr, size, &old)) != A64_OK) return st;
    uint64_t m = size_mask(size), v = xr(c, f_rs(i)) & m, r;
    int64_t so = sext(old, 8 * size), sv = sext(v, 8 * size);
    switch (op) {
    case 0: r = old + v; break;           /* LDADD */
    case 1: r = old & ~v; break;          /* LDCLR */
    case 2: r = old ^ v; break;           /* LDEOR */
    case 3: r = old | v; break;           /* LDSET */
    case 4: r = so > sv ? old : v; break; /* LDSMAX */
    case 5: r = so < sv ? old : v; break; /* LDSMIN */
    case 6: r = old > v ? old : v; break; /* LDUMAX */
    case 7: r = old < v ? old : v; break; /* LDUMIN */
    default: r = v; break;                /* SWP (o3 = 1, opc = 000) */
    }
    if ((st = a64_store(c, addr, size, r & m)) != A64_OK) return st;
    set_xr(c, f_rd(i), old);
    return A64_OK;
}

/* ---- fast paths for the commonest forms (selected at predecode) ----
 * LDR/STR (unsigned offset) of each size with a general-purpose base register:
 * the hit half of a64_load/a64_store (a64_mem.h) inline; a miss goes to the
 * generic handler, which performs the identical access through a64_access. The _r forms are
 * chosen when Rt is not 31 (XZR), so they access X[Rt] without the check. */
#define A64_LDST_FAST(sz, sfx, rd_val, set_rd)                                                     \
    static a64_status ldr_uimm_##sz##sfx(a64_core *c, const a64_slot *s)                           \
    {                                                                                              \
        uint32_t i = s->insn;                                                                      \
        uint64_t va = c->s.x[f_rn(i)] + ((uint64_t)f_imm12(i) << sz), v;                           \
        if (A64_LIKELY(a64_load_hit(c, va, 1u << sz, &v))) {                                       \
            set_rd(c, f_rd(i), v);                                                                 \
            return A64_OK;                                                                         \
        }                                                                                          \
        return a64_h_ldst_uimm(c, s);                                                              \
    }                                                                                              \
    static a64_status str_uimm_##sz##sfx(a64_core *c, const a64_slot *s)                           \
    {                                                                                              \
        uint32_t i = s->insn;                                                                      \
        uint64_t va = c->s.x[f_rn(i)] + ((uint64_t)f_imm12(i) << sz);                              \
        if (A64_LIKELY(a64_store_hit(c, va, 1u << sz, rd_val(c, f_rd(i))))) return A64_OK;         \
        return a64_h_ldst_uimm(c, s);                                                              \
    }
#define A64_X_GP(c, r)        ((c)->s.x[r])
#define A64_SET_X_GP(c, r, v) ((c)->s.x[r] = (v))
A64_LDST_FAST(0, , xr, set_xr)
A64_LDST_FAST(1, , xr, set_xr)
A64_LDST_FAST(2, , xr, set_xr)
A64_LDST_FAST(3, , xr, set_xr)
A64_LDST_FAST(0, _r, A64_X_GP, A64_SET_X_GP)
A64_LDST_FAST(1, _r, A64_X_GP, A64_SET_X_GP)
A64_LDST_FAST(2, _r, A64_X_GP, A64_SET_X_GP)
A64_LDST_FAST(3, _r, A64_X_GP, A64_SET_X_GP)

a64_handler a64_ldst_specialize(uint32_t insn, a64_handler generic)
{
    if (generic != a64_h_ldst_uimm || f_rn(insn) == 31) return NULL;
    static const a64_handler ld[2][4] = {{ldr_uimm_0, ldr_uimm_1, ldr_uimm_2, ldr_uimm_3},
                                         {ldr_uimm_0_r, ldr_uimm_1_r, ldr_uimm_2_r, ldr_uimm_3_r}};
    static const a64_handler st[2][4] = {{str_uimm_0, str_uimm_1, str_uimm_2, str_uimm_3},
                                         {str_uimm_0_r, str_uimm_1_r, str_uimm_2_r, str_uimm_3_r}};
    unsigned opc = (insn >> 22) & 3, gp = f_rd(insn) != 31;
    if (opc == 0) return st[gp][insn >> 30];
    if (opc == 1) return ld[gp][insn >> 30];
    return NULL;
}
