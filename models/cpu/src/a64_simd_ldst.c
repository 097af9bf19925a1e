/*
 * Advanced SIMD structure loads and stores (Arm ARM C4.1.88, "Advanced SIMD load/
 * store multiple structures" and "single structure", with post-index): LD1-LD4 and
 * ST1-ST4 (multiple; LD1/ST1 with 1-4 registers), the single-lane forms and
 * LD1R-LD4R. All accesses go through a64_load/a64_store.
 *
 * Each element is a single-copy-atomic access of its own size, so alignment is
 * checked per element (with stage 1 off every access is Device memory and an
 * unaligned element is an Alignment fault). In RAM, consecutive elements of LD1/ST1
 * (and the bytes of any register that is accessed whole) are merged into accesses of
 * up to 8 bytes when the address is aligned to that size: the same bytes, the same
 * faults for aligned data, fewer calls. Anywhere else (MMIO: Device-nGnRnE forbids
 * gathering, and a device sees every access) each element is its own access. On a
 * fault, registers already loaded keep their new values (the Arm ARM makes them
 * UNKNOWN) and the base is not written back.
 */
#include "a64_mem.h"
#include "a64_simd.h"

/* Whether [va, va + len) lies in one RAM page that the micro-TLB already maps for
 * this EL (a64_tlb.h: only pages wholly in RAM get a tag), where merged accesses
 * cannot be told apart from per-element ones. Anything else (MMIO, a page not yet
 * in the micro-TLB, a range crossing a page) takes the per-element accesses. */
static inline bool in_ram(a64_core *c, uint64_t va, uint64_t len)
{
    const a64_utlb *e = a64_utlb_of(c, va);
    return (e->rtag == va >> 12 || e->wtag == va >> 12) && (va & 0xfff) + len <= 0x1000;
}

/* Load/store len bytes of a register starting at byte offset off, whose elements
 * are 1 << sz bytes: chunks of up to 8 bytes where the address allows. */
static a64_status load_bytes(a64_core *c, uint64_t va, uint8_t *dst, unsigned len, unsigned sz)
{
    unsigned done = 0, first = in_ram(c, va, len) ? 8 : 1u << sz;
    while (done < len) {
        uint64_t a = va + done;
        unsigned chunk = first;
        while (chunk > (1u << sz) && ((a & (chunk - 1)) || chunk > len - done))
            chunk >>= 1;
        uint64_t v;
        a64_status st = a64_load(c, a, chunk, &v);
        if (A64_UNLIKELY(st != A64_OK)) return st;
        memcpy(dst + done, &v, chunk); /* little-endian host and guest */
        done += chunk;
    }
    return A64_OK;
}

static a64_status store_bytes(a64_core *c, uint64_t va, const uint8_t *src, unsigned len,
                              unsigned sz)
{
    unsigned done = 0, first = in_ram(c, va, len) ? 8 : 1u << sz;
    while (done < len) {
        uint64_t a = va + done;
        unsigned chunk = first;
        while (chunk > (1u << sz) && ((a & (chunk - 1)) || chunk > len - done))
            chunk >>= 1;
        uint64_t v = 0;
        memcpy(&v, src + done, chunk);
        a64_status st = a64_store(c, a, chunk, v);
        if (A64_UNLIKELY(st != A64_OK)) return st;
        done += chunk;
    }
    return A64_OK;
}

/* The base address; SP as the base is checked for 16-byte alignment when
 * SCTLR_ELx.SA (SA0 at EL0) is set (CheckSPAlignment in the LD1/ST1 pseudocode,
 * Arm ARM D1.8.2), after the FP/AdvSIMD access check. */
static inline a64_status base_addr(a64_core *c, unsigned rn, uint64_t *addr)
{
    *addr = xsp(c, rn);
    if (rn == 31 && A64_UNLIKELY(*addr & 15)) {
        uint64_t sctlr = a64_sctlr_cur(c);
        if (sctlr & (c->s.el == 0 ? 1u << 4 : 1u << 3))
            return a64_raise(c, A64_EC_SP_ALIGN, 0, false, -1);
    }
    return A64_OK;
}

/* Base register update for the post-index forms: Rm = 31 means the immediate
 * (the bytes transferred), else X[m]. */
static inline void post_index(a64_core *c, uint32_t i, uint64_t base, uint64_t bytes)
{
    if (!((i >> 23) & 1)) return;
    unsigned m = f_rm(i);
    set_xsp(c, f_rn(i), base + (m == 31 ? bytes : xr(c, m)));
}

/* LD1-LD4/ST1-ST4 (multiple structures). opcode -> (registers per structure, repeats) */
static a64_status ldst_multi(a64_core *c, const a64_slot *s, bool load)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), sz = f_bits(i, 11, 10), t = f_rd(i), selem, rpt;
    switch (f_bits(i, 15, 12)) {
    case 0x0: selem = 4, rpt = 1; break;
    case 0x2: selem = 1, rpt = 4; break;
    case 0x4: selem = 3, rpt = 1; break;
    case 0x6: selem = 1, rpt = 3; break;
    case 0x7: selem = 1, rpt = 1; break;
    case 0x8: selem = 2, rpt = 1; break;
    case 0xa: selem = 1, rpt = 2; break;
    default: return A64_UNDEF;
    }
    if (sz == 3 && !q && selem != 1) return A64_UNDEF;
    uint64_t base;
    a64_status bst = base_addr(c, f_rn(i), &base);
    if (A64_UNLIKELY(bst != A64_OK)) return bst;
    unsigned rbytes = 8u << q, total = rbytes * rpt * selem;
    if (selem == 1 && !(base & 7) && (sz == 3 || in_ram(c, base, total))) {
        /* LD1/ST1 from an 8-byte aligned address: whole doublewords, which keeps
         * every element aligned (the memcpy idiom's fast path) */
        unsigned words = total / 8, per = rbytes / 8;
        if (load) {
            uint64_t buf[8];
            for (unsigned k = 0; k < words; k++) {
                a64_status st = a64_load(c, base + 8 * k, 8, &buf[k]);
                if (A64_UNLIKELY(st != A64_OK)) return st;
            }
            for (unsigned r = 0; r < rpt; r++) {
                a64_vreg *v = vr(c, (t + r) & 31);
                v->d[0] = buf[per * r];
                v->d[1] = q ? buf[per * r + 1] : 0;
            }
        } else {
            for (unsigned k = 0; k < words; k++) {
                a64_status st =
                    a64_store(c, base + 8 * k, 8, vr(c, (t + k / per) & 31)->d[k % per]);
                if (A64_UNLIKELY(st != A64_OK)) return st;
            }
        }
        post_index(c, i, base, total);
        return A64_OK;
    }
    if (selem == 1) { /* LD1/ST1: each register is a contiguous block */
        for (unsigned r = 0; r < rpt; r++) {
            a64_vreg *v = vr(c, (t + r) & 31);
            uint64_t va = base + (uint64_t)r * rbytes;
            a64_status st;
            if (load) {
                a64_vreg tmp = {.d = {0, 0}};
                st = load_bytes(c, va, tmp.b, rbytes, sz);
                if (st == A64_OK) *v = tmp;
            } else {
                st = store_bytes(c, va, v->b, rbytes, sz);
            }
            if (A64_UNLIKELY(st != A64_OK)) return st;
        }
        post_index(c, i, base, total);
        return A64_OK;
    }
    /* LD2-LD4/ST2-ST4: interleaved elements, one register per structure member */
    unsigned eb = 1u << sz, elems = rbytes / eb;
    a64_vreg tmp[4];
    if (load) {
        for (unsigned k = 0; k < selem; k++)
            tmp[k].d[1] = 0;
    } else {
        for (unsigned k = 0; k < selem; k++)
            tmp[k] = *vr(c, (t + k) & 31);
    }
    uint64_t va = base;
    for (unsigned e = 0; e < elems; e++) {
        for (unsigned k = 0; k < selem; k++, va += eb) {
            uint64_t v;
            a64_status st;
            if (load) {
                st = a64_load(c, va, eb, &v);
                if (st == A64_OK) vse(&tmp[k], sz, e, v);
            } else {
                st = a64_store(c, va, eb, ve(&tmp[k], sz, e));
            }
            if (A64_UNLIKELY(st != A64_OK)) return st;
        }
    }
    if (load)
        for (unsigned k = 0; k < selem; k++)
            vwrite(c, (t + k) & 31, &tmp[k], q);
    post_index(c, i, base, total);
    return A64_OK;
}

a64_status a64_h_simd_ld_multi(a64_core *c, const a64_slot *s)
{
    return ldst_multi(c, s, true);
}
a64_status a64_h_simd_st_multi(a64_core *c, const a64_slot *s)
{
    return ldst_multi(c, s, false);
}

/*
 * LD1/ST1 (multiple structures, 1-4 registers), selected at predecode when the base
 * is not SP: the memcpy and dot-product idiom. When the base is 8-byte aligned and
 * the whole transfer lies in one page the micro-TLB maps for this access kind, the
 * registers are copied from/to host memory directly. That is what ldst_multi's own
 * aligned path does with one inline micro-TLB hit per doubleword (each element is
 * aligned, so Device memory with the MMU off raises no Alignment fault, and no
 * access can fault or reach a device); anything else goes to ldst_multi.
 */
static inline unsigned ld1_regs(uint32_t i)
{
    switch (f_bits(i, 15, 12)) {
    case 0x7: return 1;
    case 0xa: return 2;
    case 0x6: return 3;
    default: return 4; /* 0x2; the specializer admits no other opcode */
    }
}

/* The body of every LD1/ST1 fast handler; inlined with nregs and q constant, so each
 * handler is straight-line code that makes no calls except the tail call to
 * ldst_multi, which does the whole instruction (FP access check included) in every
 * other case: FP/SIMD trapped, base not 8-byte aligned, micro-TLB miss, a page
 * boundary, or a store while exclusive monitors are active. */
__attribute__((always_inline)) static inline a64_status
ld1_st1(a64_core *c, const a64_slot *s, bool load, unsigned nregs, unsigned q)
{
    uint32_t i = s->insn;
    unsigned t = f_rd(i), rbytes = 8u << q, total = rbytes * nregs;
    uint64_t base = c->s.x[f_rn(i)];
    const a64_utlb *e = a64_utlb_of(c, base);
    uint64_t tag = load ? e->rtag : e->wtag, off = base & 0xfff;
    if (A64_UNLIKELY(!a64_fp_enabled_fast(c) || tag != base >> 12 || (off & 7) ||
                     off > 0x1000 - total || (!load && c->sys->monitors_active)))
        return ldst_multi(c, s, load);
    uint8_t *p = (uint8_t *)(e->addend + base);
    /* One 16-byte copy per Q register: FP/SIMD handlers read registers whole, and a
     * 16-byte load of two 8-byte stores cannot be forwarded on most hosts. */
    for (unsigned r = 0; r < nregs; r++) {
        a64_vreg *v = vr(c, (t + r) & 31);
        if (!load) {
            memcpy(p + r * rbytes, v, rbytes);
        } else if (q) {
            memcpy(v, p + r * 16, 16);
        } else {
            a64_vreg d = {.d = {0, 0}};
            memcpy(&d.d[0], p + r * 8, 8);
            *v = d;
        }
    }
    post_index(c, i, base, total);
    return A64_OK;
}

/* LD1/ST1 of 1-4 Q registers (the common forms), and any register count with Q = 0. */
static a64_status ld1_q1(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, true, 1, 1);
}
static a64_status ld1_q2(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, true, 2, 1);
}
static a64_status ld1_q3(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, true, 3, 1);
}
static a64_status ld1_q4(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, true, 4, 1);
}
static a64_status st1_q1(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, false, 1, 1);
}
static a64_status st1_q2(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, false, 2, 1);
}
static a64_status st1_q3(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, false, 3, 1);
}
static a64_status st1_q4(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, false, 4, 1);
}
static a64_status ld1_d(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, true, ld1_regs(s->insn), 0);
}
static a64_status st1_d(a64_core *c, const a64_slot *s)
{
    return ld1_st1(c, s, false, ld1_regs(s->insn), 0);
}

a64_handler a64_simd_ldst_specialize(uint32_t insn, a64_handler generic)
{
    static const a64_handler ld_q[4] = {ld1_q1, ld1_q2, ld1_q3, ld1_q4};
    static const a64_handler st_q[4] = {st1_q1, st1_q2, st1_q3, st1_q4};
    if (generic != a64_h_simd_ld_multi && generic != a64_h_simd_st_multi) return NULL;
    unsigned opcode = f_bits(insn, 15, 12);
    if (f_rn(insn) == 31 || (opcode != 0x7 && opcode != 0xa && opcode != 0x6 && opcode != 0x2))
        return NULL;
    bool load = generic == a64_h_simd_ld_multi;
    if (!f_q(insn)) return load ? ld1_d : st1_d;
    return (load ? ld_q : st_q)[ld1_regs(insn) - 1];
}

/* LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R. */
static a64_status ldst_single(a64_core *c, const a64_slot *s, bool load)
{
    A64_FP_CHECK(c);
    uint32_t i = s->insn;
    unsigned q = f_q(i), opc = f_bits(i, 15, 13), sbit = f_bits(i, 12, 12);
    unsigned size = f_bits(i, 11, 10), t = f_rd(i);
    unsigned selem = (((opc & 1) << 1) | f_bits(i, 21, 21)) + 1;
    unsigned scale = opc >> 1, index = 0;
    bool replicate = false;
    switch (scale) {
    case 3:
        if (!load || sbit) return A64_UNDEF;
        scale = size;
        replicate = true;
        break;
    case 0: index = (q << 3) | (sbit << 2) | size; break;
    case 1:
        if (size & 1) return A64_UNDEF;
        index = (q << 2) | (sbit << 1) | (size >> 1);
        break;
    case 2:
        if (size & 2) return A64_UNDEF;
        if (!(size & 1)) {
            index = (q << 1) | sbit;
        } else {
            if (sbit) return A64_UNDEF;
            index = q;
            scale = 3;
        }
        break;
    }
    uint64_t base;
    a64_status bst = base_addr(c, f_rn(i), &base);
    if (A64_UNLIKELY(bst != A64_OK)) return bst;
    uint64_t va = base;
    unsigned eb = 1u << scale;
    uint64_t vals[4];
    for (unsigned k = 0; k < selem; k++, va += eb) {
        a64_status st;
        if (load) {
            st = a64_load(c, va, eb, &vals[k]);
        } else {
            st = a64_store(c, va, eb, ve(vr(c, (t + k) & 31), scale, index));
        }
        if (A64_UNLIKELY(st != A64_OK)) return st;
    }
    if (load) {
        for (unsigned k = 0; k < selem; k++) {
            a64_vreg *v = vr(c, (t + k) & 31);
            if (replicate) {
                a64_vreg r;
                for (unsigned e = 0; e < lanes(scale, 1); e++)
                    vse(&r, scale, e, vals[k]);
                vwrite(c, (t + k) & 31, &r, q);
            } else {
                vse(v, scale, index, vals[k]);
            }
        }
    }
    post_index(c, i, base, (uint64_t)selem * eb);
    return A64_OK;
}

a64_status a64_h_simd_ld_single(a64_core *c, const a64_slot *s)
{
    return ldst_single(c, s, true);
}
a64_status a64_h_simd_st_single(a64_core *c, const a64_slot *s)
{
    return ldst_single(c, s, false);
}
