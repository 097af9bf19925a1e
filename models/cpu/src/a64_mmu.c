/*
 * Stage-1 translation (Arm ARM D8, VMSAv8-64) and the software TLBs.
 *
 * Implemented: the EL1&0 regime (TTBR0/1_EL1, TCR_EL1 T0SZ/T1SZ, EPD0/1,
 * TG0/TG1, IPS, TBI0/1, A1, AS), the EL2 (non-VHE) and EL3 regimes (TTBR0_ELx,
 * TCR_ELx T0SZ, TG0, PS, TBI); 4, 16 and 64 KiB granules; input sizes 25..48
 * bits (TxSZ outside 16..39 is clamped, the CONSTRAINED UNPREDICTABLE choice QEMU
 * makes); table, block and page descriptors; hierarchical APTable/UXNTable/
 * PXNTable; AP[2:1], UXN/PXN/XN, SCTLR_ELx.WXN; AF = 0 gives an Access flag fault
 * (no hardware update: FEAT_HAFDBS is not advertised); nG with 8- or 16-bit
 * ASIDs; MAIR_ELx attributes (Device when Attr[7:4] = 0). Not implemented and
 * not advertised: 52-bit addresses (LPA/LVA), VHE, PAN, TTST, HPDS, the
 * contiguous hint (ignored, as allowed).
 *
 * Two physical address spaces (Arm ARM D8.x, "Security state and the physical
 * address space"): the EL3 regime, and the EL1&0 regime while SCR_EL3.NS = 0,
 * are Secure; their table walks start in the Secure space, a table descriptor's
 * NSTable [63] moves the rest of the walk and the output to the Non-secure
 * space, and a block or page descriptor's NS [5] makes its output Non-secure.
 * Non-secure regimes (EL2, Non-secure EL1&0) ignore both bits. With stage 1
 * off the output is in the space of the Security state. The space goes with
 * every access: RAM region checks and the bus callbacks see it (x->ns).
 */
#include "a64_mem.h"
#include "a64_mmu.h"

#include <string.h>

/* ---------------- regime registers ---------------- */

typedef struct regime {
    unsigned n; /* 1: EL1&0, 2: EL2, 3: EL3 */
    bool sec;   /* a Secure translation regime */
    uint64_t sctlr, tcr, mair, ttbr0, ttbr1;
} regime;

static void regime_get(const a64_core *c, unsigned n, regime *r)
{
    r->n = n;
    /* No Secure EL2: EL2 is Non-secure; EL1&0 is in the state SCR_EL3.NS gives. */
    r->sec = n == 3 || (n == 1 && !a64_ns_below_el3(c));
    switch (n) {
    case 3:
        r->sctlr = c->sr[A64_SR_SCTLR_EL3];
        r->tcr = c->sr[A64_SR_TCR_EL3];
        r->mair = c->sr[A64_SR_MAIR_EL3];
        r->ttbr0 = c->sr[A64_SR_TTBR0_EL3];
        r->ttbr1 = 0;
        break;
    case 2:
        r->sctlr = c->sr[A64_SR_SCTLR_EL2];
        r->tcr = c->sr[A64_SR_TCR_EL2];
        r->mair = c->sr[A64_SR_MAIR_EL2];
        r->ttbr0 = c->sr[A64_SR_TTBR0_EL2];
        r->ttbr1 = 0;
        break;
    default:
        r->sctlr = c->sr[A64_SR_SCTLR_EL1];
        r->tcr = c->sr[A64_SR_TCR_EL1];
        r->mair = c->sr[A64_SR_MAIR_EL1];
        r->ttbr0 = c->sr[A64_SR_TTBR0_EL1];
        r->ttbr1 = c->sr[A64_SR_TTBR1_EL1];
        break;
    }
}

static inline unsigned regime_of(unsigned el)
{
    return el <= 1 ? 1 : el;
}

/* Stage 1 of the regime is on: SCTLR_ELx.M, and for EL1&0 not HCR_EL2.TGE
 * (with TGE = 1 and E2H = 0 the EL1&0 stage 1 behaves as disabled, Arm ARM
 * D13.2.46 HCR_EL2.TGE). */
static bool s1_on(const a64_core *c, const regime *r)
{
    if (!(r->sctlr & 1)) return false;
    if (r->n == 1 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & (1ull << 27))) return false;
    return true;
}

static uint16_t cur_asid(const regime *r)
{
    if (r->n != 1) return 0;
    uint64_t t = (r->tcr >> 22) & 1 ? r->ttbr1 : r->ttbr0; /* TCR_EL1.A1 */
    uint16_t asid = (uint16_t)(t >> 48);
    return (r->tcr >> 36) & 1 ? asid : (uint16_t)(asid & 0xff); /* TCR_EL1.AS */
}

/* TBI for this VA: TBI0/TBI1 by VA[55] in EL1&0, TCR_ELx.TBI otherwise. */
static unsigned addr_top(const regime *r, uint64_t va)
{
    unsigned tbi = r->n == 1 ? (unsigned)(r->tcr >> ((va >> 55) & 1 ? 38 : 37)) & 1
                             : (unsigned)(r->tcr >> 20) & 1;
    return tbi ? 55 : 63;
}

static const unsigned ps_bits[8] = {32, 36, 40, 42, 44, 48, 52, 52};

/* ---------------- the walk ---------------- */

/* Read one descriptor from the physical address space ns: RAM directly (as its
 * check allows: a refused read is RAZ or an External abort on the walk), anything
 * else through the bus (not for debug walks). Costs one memory access at the
 * memory's latency. */
static bool read_desc(a64_core *c, uint64_t pa, bool ns, uint64_t *d, unsigned flags)
{
    a64_region *r = a64_ram_region(c->sys, pa, 8);
    if (r) {
        a64_ram_verdict v = a64_ram_verdict_of(r, pa, ns, false, (flags & A64_XL_DEBUG) != 0);
        if (v == A64_RAM_ABORT) return false;
        *d = v == A64_RAM_ALLOW ? a64_ld_host(r->host + (pa - r->base), 8) : 0;
        if (!(flags & A64_XL_DEBUG)) c->cyc += c->tm.load;
        return true;
    }
    if (flags & A64_XL_DEBUG) return false;
    uint64_t cyc = 0;
    c->acc_ns = ns;
    if (!c->cb.read || c->cb.read(c->cb.ctx, c, pa, 8, d, &cyc) != 0) return false;
    c->cyc += cyc;
    return true;
}

static inline uint64_t bits_above(uint64_t v, unsigned n)
{
    return n >= 64 ? 0 : v >> n;
}

static bool fault(a64_xlate *x, unsigned fsc, unsigned level)
{
    x->fsc = fsc + level;
    x->level = (uint8_t)level;
    return false;
}

/* Permissions of a leaf (Arm ARM D8.4, AArch64.S1ApplyOutputPerms for v8.0):
 * in EL1&0 AP[2:1] give EL1 RW/RO and EL0 none/RW/none/RO; a region writable at
 * EL0 is never executable at EL1; WXN makes writable regions execute-never. */
static uint8_t leaf_perm(const regime *r, uint64_t d, unsigned ap_table, bool uxn_t, bool pxn_t)
{
    unsigned ap = (unsigned)(d >> 6) & 3;
    bool wxn = (r->sctlr >> 19) & 1;
    if (ap_table & 2) ap |= 2; /* APTable[1]: no write at any EL */
    if (r->n != 1) {
        bool w = !(ap & 2), xn = ((d >> 54) & 1) || uxn_t || (w && wxn);
        return (uint8_t)(A64_P_R1 | (w ? A64_P_W1 : 0) | (xn ? 0 : A64_P_X1));
    }
    if (ap_table & 1) ap &= ~1u; /* APTable[0]: no EL0 access */
    bool w1 = !(ap & 2), r0 = ap & 1, w0 = r0 && !(ap & 2);
    bool uxn = ((d >> 54) & 1) || uxn_t || (w0 && wxn);
    bool pxn = ((d >> 53) & 1) || pxn_t || w0 || (w1 && wxn);
    return (uint8_t)(A64_P_R1 | (w1 ? A64_P_W1 : 0) | (pxn ? 0 : A64_P_X1) | (r0 ? A64_P_R0 : 0) |
                     (w0 ? A64_P_W0 : 0) | (uxn ? 0 : A64_P_X0));
}

typedef struct leaf {
    uint64_t pa; /* of the accessed byte */
    unsigned level, shift;
    uint8_t perm, attr;
    bool global;
    bool ns; /* output in the Non-secure physical address space */
} leaf;

/* The translation table walk (Arm ARM D8.2, AArch64.S1Walk). */
static bool walk(a64_core *c, const regime *r, uint64_t va, leaf *lf, a64_xlate *x, unsigned flags)
{
    bool hi = r->n == 1 && ((va >> 55) & 1);
    uint64_t tcr = r->tcr;
    unsigned tsz = (unsigned)(hi ? tcr >> 16 : tcr) & 63;
    unsigned tg = (unsigned)(hi ? tcr >> 30 : tcr >> 14) & 3, grain;
    if (hi)
        grain = tg == 1 ? 14 : tg == 3 ? 16 : 12; /* TG1: 01 16K, 10 4K, 11 64K */
    else
        grain = tg == 2 ? 14 : tg == 1 ? 16 : 12; /* TG0: 00 4K, 01 64K, 10 16K */
    if (r->n == 1 && ((tcr >> (hi ? 23 : 7)) & 1))
        return fault(x, A64_FSC_TRANSLATION, 0); /* EPD0/EPD1: no walk */
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    unsigned insize = 64 - tsz, stride = grain - 3;
    unsigned levels = (insize - grain + stride - 1) / stride, level = 4 - levels;
    unsigned ps = (unsigned)(r->n == 1 ? tcr >> 32 : tcr >> 16) & 7;
    unsigned outbits = ps_bits[ps] < A64_PA_BITS ? ps_bits[ps] : A64_PA_BITS;
    uint64_t ttbr = hi ? r->ttbr1 : r->ttbr0;
    unsigned top_idx = insize - (grain + stride * (3 - level)); /* index bits at start */
    unsigned tbl_bits = top_idx + 3 < 6 ? 6 : top_idx + 3;
    uint64_t base = ttbr & 0x0000fffffffffffeull & ~((1ull << tbl_bits) - 1);
    if (bits_above(base, outbits)) return fault(x, A64_FSC_ADDR_SIZE, 0);
    unsigned ap_table = 0;
    bool uxn_t = false, pxn_t = false, ns = !r->sec;
    for (;; level++) {
        unsigned shift = grain + stride * (3 - level);
        unsigned width = level == 4 - levels ? top_idx : stride;
        uint64_t idx = (va >> shift) & ((1ull << width) - 1), d;
        if (!read_desc(c, base + idx * 8, ns, &d, flags)) return fault(x, A64_FSC_EXT_WALK, level);
        if (!(d & 1)) return fault(x, A64_FSC_TRANSLATION, level);
        if (level < 3 && (d & 2)) { /* table descriptor */
            uint64_t next = d & 0x0000ffffffffffffull & ~((1ull << grain) - 1);
            if (bits_above(next, outbits)) return fault(x, A64_FSC_ADDR_SIZE, level);
            ap_table |= (unsigned)(d >> 61) & 3;
            uxn_t |= (d >> 60) & 1;
            pxn_t |= r->n == 1 && ((d >> 59) & 1);
            ns |= r->sec && ((d >> 63) & 1); /* NSTable */
            base = next;
            continue;
        }
        /* Block (level 1 with 4K; level 2 with any granule) or page (level 3). */
        bool ok = level == 3 ? (d & 2) != 0 : (level == 2 || (level == 1 && grain == 12));
        if (!ok) return fault(x, A64_FSC_TRANSLATION, level);
        uint64_t oa = d & 0x0000ffffffffffffull & ~((1ull << shift) - 1);
        if (bits_above(oa, outbits)) return fault(x, A64_FSC_ADDR_SIZE, level);
        if (!((d >> 10) & 1)) return fault(x, A64_FSC_ACCESS_FLAG, level);
        lf->pa = oa | (va & ((1ull << shift) - 1));
        lf->level = level;
        lf->shift = shift;
        lf->perm = leaf_perm(r, d, ap_table, uxn_t, pxn_t);
        lf->attr = (uint8_t)(r->mair >> (8 * ((d >> 2) & 7)));
        lf->global = r->n != 1 || !((d >> 11) & 1);
        lf->ns = ns || (r->sec && ((d >> 5) & 1)); /* NS */
        return true;
    }
}

_Static_assert(sizeof(a64_mtlb) == 24, "a main-TLB entry grew");

static inline uint64_t vpn_of(uint64_t va)
{
    return (va >> 12) & ((1ull << 44) - 1);
}

static bool attr_device(uint8_t attr)
{
    return (attr >> 4) == 0;
}

bool a64_mmu_translate(a64_core *c, uint64_t va, unsigned regime_el, unsigned el, unsigned kind,
                       a64_xlate *x, unsigned flags)
{
    regime r;
    regime_get(c, regime_of(regime_el), &r);
    x->fsc = 0;
    x->level = 0;
    unsigned top = addr_top(&r, va);
    if (!s1_on(c, &r)) {
        /* Stage 1 off (Arm ARM D8.2.x): PA = VA, which must fit the PA size;
         * data is Device-nGnRnE, instruction fetch Normal. */
        uint64_t t = top == 63 ? va : va & ((1ull << 56) - 1);
        x->mmu_on = false;
        x->perm = 0x3f;
        if (bits_above(t, A64_PA_BITS)) return fault(x, A64_FSC_ADDR_SIZE, 0);
        x->pa = t;
        x->ns = !r.sec;
        x->device = kind != A64_AK_FETCH;
        x->attr = x->device ? 0x00 : 0x44;
        return true;
    }
    x->mmu_on = true;
    /* The VA must lie in a range the regime translates (bits [top:insize] all
     * zero, or all one for TTBR1); else a level 0 Translation fault. */
    bool hi = r.n == 1 && ((va >> 55) & 1);
    unsigned tsz = (unsigned)(hi ? r.tcr >> 16 : r.tcr) & 63;
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    unsigned insize = 64 - tsz;
    uint64_t upper = (va >> insize) & ((1ull << (top - insize + 1)) - 1);
    if (upper != (hi ? (1ull << (top - insize + 1)) - 1 : 0))
        return fault(x, A64_FSC_TRANSLATION, 0);

    uint16_t asid = cur_asid(&r);
    uint64_t vpn = vpn_of(va);
    a64_mtlb *m = &c->mtlb[vpn & (A64_MTLB_SIZE - 1)];
    leaf lf;
    if (!(flags & A64_XL_DEBUG) && m->regime == r.n && m->vpn == vpn && m->sec == r.sec &&
        (m->global || m->asid == asid)) {
        lf.pa = m->pa | (va & 0xfff);
        lf.level = m->level;
        lf.shift = m->shift;
        lf.perm = m->perm;
        lf.attr = m->attr;
        lf.global = m->global;
        lf.ns = m->ns;
    } else {
        if (!(flags & A64_XL_DEBUG)) {
            c->tlb_walks++;
            if (kind == A64_AK_FETCH)
                c->tlb_refill_i++;
            else
                c->tlb_refill_d++;
        }
        if (!walk(c, &r, va, &lf, x, flags)) return false;
        if (!(flags & A64_XL_DEBUG)) {
            /* PMUv3 L1I/L1D_TLB_REFILL (Arm ARM D11.11): the walk put an entry in
             * the TLB. A walk that faults caches nothing and is not counted. */
            a64_pmu_event(c,
                          kind == A64_AK_FETCH ? A64_PMU_L1I_TLB_REFILL : A64_PMU_L1D_TLB_REFILL);
            m->vpn = vpn;
            m->pa = lf.pa & ~0xfffull;
            m->asid = asid;
            m->regime = (uint8_t)r.n;
            m->global = lf.global;
            m->perm = lf.perm;
            m->attr = lf.attr;
            m->shift = (uint8_t)lf.shift;
            m->level = (uint8_t)lf.level;
            m->sec = r.sec;
            m->ns = lf.ns;
        }
    }
    x->pa = lf.pa;
    x->perm = lf.perm;
    x->attr = lf.attr;
    x->level = (uint8_t)lf.level;
    x->ns = lf.ns;
    x->device = attr_device(lf.attr);
    bool user = r.n == 1 && el == 0;
    unsigned need = kind == A64_AK_FETCH   ? (user ? A64_P_X0 : A64_P_X1)
                    : kind == A64_AK_WRITE ? (user ? A64_P_W0 : A64_P_W1)
                                           : (user ? A64_P_R0 : A64_P_R1);
    if (!(lf.perm & need)) return fault(x, A64_FSC_PERMISSION, lf.level);
    /* SCR_EL3.SIF: a Secure regime fetches no instructions from the Non-secure
     * space (a Permission fault, Arm ARM D8.4 "Secure instruction fetch"). */
    if (kind == A64_AK_FETCH && lf.ns && r.sec && (c->sr[A64_SR_SCR_EL3] & (1u << 9)))
        return fault(x, A64_FSC_PERMISSION, lf.level);
    return true;
}

/* ---------------- micro-TLB ---------------- */

void a64_utlb_flush(a64_core *c)
{
    for (unsigned i = 0; i < A64_UTLB_SIZE; i++) {
        c->utlb[i].rtag = A64_TLB_NONE;
        c->utlb[i].wtag = A64_TLB_NONE;
        c->itlb[i].xtag = A64_TLB_NONE;
    }
}

void a64_tlb_flush_all(a64_core *c)
{
    a64_utlb_flush(c);
    memset(c->mtlb, 0, sizeof(c->mtlb));
}

void a64_utlb_fill(a64_core *c, uint64_t va, const a64_xlate *x)
{
    uint64_t vpn = va >> 12, pa = x->pa & ~0xfffull;
    a64_utlb *e = a64_utlb_of(c, va);
    a64_itlb *i = &c->itlb[vpn & (A64_UTLB_SIZE - 1)];
    bool user = c->s.el == 0 && x->mmu_on;
    e->rtag = e->wtag = A64_TLB_NONE;
    i->xtag = A64_TLB_NONE;
    a64_region *r = a64_ram_region(c->sys, pa, 4);
    if (!r) return;
    /* A region with an access check: the hit path only for what it allows
     * (fetches are reads); the rest takes the slow path, which applies it. */
    bool rd_ok = true, wr_ok = true;
    if (A64_UNLIKELY(r->check != NULL)) {
        rd_ok = r->check(r->check_ctx, pa, x->ns, false, true) == A64_RAM_ALLOW;
        wr_ok = r->check(r->check_ctx, pa, x->ns, true, true) == A64_RAM_ALLOW;
    }
    /* SCR_EL3.SIF: no fetch hit for a Non-secure page in Secure state (the
     * fetch path's translation faults it). */
    bool sif = x->ns && !a64_nonsecure(c) && (c->sr[A64_SR_SCR_EL3] & (1u << 9));
    i->pa = pa;
    i->region = r;
    if ((x->perm & (user ? A64_P_X0 : A64_P_X1)) && rd_ok && !sif) i->xtag = vpn;
    if (pa - r->base > r->size - 4096 || r->size < 4096 || c->nwp)
        return; /* not wholly RAM, or watchpoints to check: data goes the slow way */
    uint64_t off = pa - r->base;
    e->addend = (uintptr_t)(r->host + off) - (uintptr_t)(va & ~0xfffull);
    e->pa = pa;
    if ((x->perm & (user ? A64_P_R0 : A64_P_R1)) && rd_ok) e->rtag = vpn;
    if ((x->perm & (user ? A64_P_W0 : A64_P_W1)) && wr_ok && !r->pages[off >> A64_PAGE_SHIFT])
        e->wtag = vpn;
}

void a64_tlb_code_page(a64_system *sys, uint64_t pa_page)
{
    for (unsigned k = 0; k < sys->ncores; k++) {
        a64_core *o = sys->cores[k];
        for (unsigned i = 0; i < A64_UTLB_SIZE; i++)
            if (o->utlb[i].wtag != A64_TLB_NONE && o->utlb[i].pa == pa_page)
                o->utlb[i].wtag = A64_TLB_NONE;
    }
}

/* The registers whose values the micro-TLB depends on, with the EL. */
static void context_of(const a64_core *c, uint64_t v[16])
{
    static const unsigned ids[15] = {
        A64_SR_SCTLR_EL1, A64_SR_SCTLR_EL2, A64_SR_SCTLR_EL3, A64_SR_TCR_EL1,   A64_SR_TCR_EL2,
        A64_SR_TCR_EL3,   A64_SR_TTBR0_EL1, A64_SR_TTBR1_EL1, A64_SR_TTBR0_EL2, A64_SR_TTBR0_EL3,
        A64_SR_MAIR_EL1,  A64_SR_MAIR_EL2,  A64_SR_MAIR_EL3,  A64_SR_HCR_EL2,   A64_SR_SCR_EL3,
    };
    for (unsigned i = 0; i < 15; i++)
        v[i] = c->sr[ids[i]];
    v[15] = c->s.el;
}

void a64_mmu_context_check(a64_core *c)
{
    uint64_t v[16];
    context_of(c, v);
    if (memcmp(v, c->mmu_ctx, sizeof(v)) != 0) {
        if (memcmp(v, c->mmu_ctx, 15 * sizeof(uint64_t)) != 0)
            a64_tlb_flush_all(c);
        else
            a64_utlb_flush(c);
        memcpy(c->mmu_ctx, v, sizeof(v));
    }
}

void a64_mmu_sysreg_written(a64_core *c, unsigned id)
{
    switch (id) {
    case A64_SR_SCTLR_EL1:
    case A64_SR_SCTLR_EL2:
    case A64_SR_SCTLR_EL3:
    case A64_SR_TCR_EL1:
    case A64_SR_TCR_EL2:
    case A64_SR_TCR_EL3:
    case A64_SR_TTBR0_EL1:
    case A64_SR_TTBR1_EL1:
    case A64_SR_TTBR0_EL2:
    case A64_SR_TTBR0_EL3:
    case A64_SR_MAIR_EL1:
    case A64_SR_MAIR_EL2:
    case A64_SR_MAIR_EL3:
    case A64_SR_HCR_EL2:
    case A64_SR_SCR_EL3:
        /* Flushing on every translation-control write is always allowed (a TLB
         * may drop entries at any time), and it makes TLBI unnecessary here. */
        a64_tlb_flush_all(c);
        context_of(c, c->mmu_ctx);
        c->limit = 0; /* re-translate the executing page (fetch after ISB) */
        break;
    default: break;
    }
}

/* ---------------- instruction fetch ---------------- */

a64_status a64_fetch_page(a64_core *c, uint64_t pc, a64_region **r, uint64_t *pa)
{
    a64_itlb *i = &c->itlb[(pc >> 12) & (A64_UTLB_SIZE - 1)];
    if (A64_LIKELY(i->xtag == pc >> 12)) {
        *r = i->region;
        *pa = i->pa;
        return A64_OK;
    }
    a64_xlate x;
    if (!a64_mmu_translate(c, pc, c->s.el, c->s.el, A64_AK_FETCH, &x, 0))
        return a64_fetch_abort(c, pc, x.fsc);
    a64_region *reg = a64_ram_region(c->sys, x.pa, 4);
    /* Instructions come from RAM only; a fetch its check refuses (in either way:
     * zeros are no program) is an External abort, as from outside RAM. */
    if (!reg || a64_ram_verdict_of(reg, x.pa, x.ns, false, false) != A64_RAM_ALLOW)
        return a64_fetch_abort(c, pc, A64_FSC_EXTERNAL);
    a64_utlb_fill(c, pc, &x);
    *r = reg;
    *pa = x.pa & ~0xfffull;
    return A64_OK;
}

/* ---------------- TLB maintenance (Arm ARM D8.13, C5.5) ---------------- */

enum { T_ALL, T_VA, T_ASID, T_VAA };

static void tlbi_core(a64_core *c, unsigned regime_n, int what, uint64_t xt)
{
    /* ASID comparison width follows this core's TCR_EL1.AS. */
    bool as16 = (c->sr[A64_SR_TCR_EL1] >> 36) & 1;
    uint16_t asid = (uint16_t)(xt >> 48);
    if (!as16) asid &= 0xff;
    uint64_t vpn = xt & ((1ull << 44) - 1);
    for (unsigned i = 0; i < A64_MTLB_SIZE; i++) {
        a64_mtlb *m = &c->mtlb[i];
        if (m->regime != regime_n) continue;
        unsigned s = m->shift - 12;
        bool va_hit = (m->vpn >> s) == (vpn >> s);
        bool hit;
        switch (what) {
        case T_VA: hit = va_hit && (m->global || m->asid == asid); break;
        case T_ASID: hit = !m->global && m->asid == asid; break;
        case T_VAA: hit = va_hit; break;
        default: hit = true; break;
        }
        if (hit) m->regime = 0;
    }
    a64_utlb_flush(c);
    c->limit = 0; /* the executing page may have been remapped */
}

void a64_tlbi(a64_core *c, unsigned op1, unsigned crm, unsigned op2, uint64_t xt)
{
    unsigned regime_n;
    int what;
    if (op1 == 0) { /* EL1&0: VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 */
        regime_n = 1;
        static const int k[8] = {T_ALL, T_VA, T_ASID, T_VAA, T_ALL, T_VA, T_ALL, T_VAA};
        what = k[op2];
    } else if (op1 == 4) {
        if (crm == 0 || crm == 4)
            return; /* IPAS2E1(IS), IPAS2LE1(IS): no stage 2, nothing cached */
        /* ALLE2 (0), VAE2 (1), ALLE1 (4), VALE2 (5), VMALLS12E1 (6) */
        regime_n = op2 == 4 || op2 == 6 ? 1 : 2;
        what = op2 == 1 || op2 == 5 ? T_VA : T_ALL;
    } else { /* ALLE3, VAE3, VALE3 */
        regime_n = 3;
        what = op2 == 0 ? T_ALL : T_VA;
    }
    /* Inner Shareable: every core of the system (one Inner Shareable domain). The
     * operation completes at once, so a following DSB has nothing to wait for. */
    bool is = crm == 3 || crm == 0;
    if (!is) {
        tlbi_core(c, regime_n, what, xt);
        return;
    }
    for (unsigned i = 0; i < c->sys->ncores; i++)
        tlbi_core(c->sys->cores[i], regime_n, what, xt);
}

/* ---------------- address translation instructions ---------------- */

void a64_at(a64_core *c, uint64_t va, unsigned regime_el, unsigned el, bool write)
{
    a64_xlate x;
    /* PAR_EL1 (Arm ARM D17.2.x): on success PA[47:12], ATTR[63:56], SH[8:7],
     * F = 0; on failure F = 1, FST[6:1], PTW[8] = 0 (no stage 2), S[9] = 0
     * (stage 1), bit 11 RES1. */
    if (!a64_mmu_translate(c, va, regime_el, el, write ? A64_AK_WRITE : A64_AK_READ, &x, 0)) {
        c->sr[A64_SR_PAR_EL1] = 1u | ((uint64_t)(x.fsc & 0x3f) << 1) | (1u << 11);
        return;
    }
    /* SH: Device and Non-cacheable memory read as Outer Shareable (0b10); Normal
     * cacheable is reported Inner Shareable (0b11): the model is coherent. */
    bool nc = x.device || (x.attr >> 4) == 4;
    /* NS [9]: the output's physical address space (UNKNOWN for a Non-secure
     * regime, whose output is always Non-secure: reported as such). */
    c->sr[A64_SR_PAR_EL1] = ((uint64_t)x.attr << 56) | (x.pa & 0x0000fffffffff000ull) |
                            ((nc ? 2u : 3u) << 7) | (x.ns ? 1u << 9 : 0) | (1u << 11);
}

/* ---------------- debugger ---------------- */

int a64_translate_debug(a64_core *c, uint64_t va, bool write, uint64_t *pa)
{
    a64_xlate x;
    if (!c || !pa ||
        !a64_mmu_translate(c, va, c->s.el, c->s.el, write ? A64_AK_WRITE : A64_AK_READ, &x,
                           A64_XL_DEBUG))
        return -1;
    *pa = x.pa;
    return 0;
}
