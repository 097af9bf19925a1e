/*
 * Data memory: the out-of-line half of the load/store path (translation, memory
 * types, unaligned and page-crossing accesses, the bus callbacks), predecoded-code
 * invalidation and the global exclusive monitor.
 */
#include "a64_mem.h"
#include "a64_mmu.h"

#include <stdlib.h>

a64_region *a64_ram_region(a64_system *sys, uint64_t pa, unsigned size)
{
    for (unsigned i = 0; i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        if (pa - r->base < r->size && size <= r->size - (pa - r->base)) return r;
    }
    return NULL;
}

int a64_system_set_ram_check(a64_system *sys, uint64_t base, a64_ram_check_fn fn, void *ctx)
{
    for (unsigned i = 0; sys && i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        if (r->base != base) continue;
        r->check = fn;
        r->check_ctx = fn ? ctx : NULL;
        a64_system_ram_check_changed(sys);
        return 0;
    }
    return -1;
}

void a64_system_ram_check_changed(a64_system *sys)
{
    /* The micro-TLBs hold the checks' answers (a tag is set only for what they
     * allow); the main TLB holds translations only. */
    for (unsigned i = 0; i < sys->ncores; i++) {
        a64_utlb_flush(sys->cores[i]);
        sys->cores[i]->limit = 0; /* the executing page may no longer be fetchable */
    }
}

bool a64_access_ns(const a64_core *c)
{
    return c->acc_ns;
}

bool a64_core_nonsecure(const a64_core *c)
{
    return a64_nonsecure(c);
}

uint8_t *a64_ram_ptr(a64_core *c, uint64_t pa, unsigned size)
{
    a64_region *r = a64_ram_region(c->sys, pa, size);
    return r ? r->host + (pa - r->base) : NULL;
}

a64_status a64_data_abort(a64_core *c, uint64_t va, bool wnr, unsigned fsc, bool cm)
{
    /* ESR_ELx ISS for a Data Abort (Arm ARM D17.2.37): ISV = 0 (no instruction
     * syndrome), FnV [10] = 0 (FAR is valid), CM bit 8, S1PTW [7] = 0 (no stage
     * 2), WnR bit 6 (set for cache maintenance too), DFSC [5:0]. */
    uint32_t iss = fsc | (wnr || cm ? 1u << 6 : 0) | (cm ? 1u << 8 : 0);
    a64_raise(c, A64_EC_DABT_CUR, iss, false, -1);
    c->exc.far_valid = true;
    c->exc.far = va;
    return A64_EXC;
}

a64_status a64_fetch_abort(a64_core *c, uint64_t pc, unsigned fsc)
{
    a64_raise(c, A64_EC_IABT_CUR, fsc, false, -1);
    c->exc.far_valid = true;
    c->exc.far = pc;
    return A64_EXC;
}

/* SCTLR_ELx.A of the regime the access is checked in. */
static bool align_check_on(const a64_core *c)
{
    return (a64_sctlr_cur(c) >> 1) & 1;
}

/* Translate one page-contained piece of a data access; fills the micro-TLB when
 * the permissions are the current EL's. */
static a64_status xlate_piece(a64_core *c, uint64_t va, unsigned flags, bool cm, a64_xlate *x)
{
    bool write = flags & A64_ACC_WRITE;
    unsigned el = c->s.el;
    unsigned pel = (flags & A64_ACC_UNPRIV) && el == 1 ? 0 : el;
    if (!a64_mmu_translate(c, va, el, pel, write ? A64_AK_WRITE : A64_AK_READ, x, 0))
        return a64_data_abort(c, va, write, x->fsc, cm);
    if (pel == el) a64_utlb_fill(c, va, x);
    return A64_OK;
}

a64_status a64_translate_data(a64_core *c, uint64_t va, unsigned size, unsigned flags, uint64_t *pa,
                              bool *device)
{
    bool write = flags & A64_ACC_WRITE;
    if ((va & (size - 1)) && ((flags & A64_ACC_ALIGN) || align_check_on(c)))
        return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
    a64_xlate x;
    a64_status st = xlate_piece(c, va, flags, false, &x);
    if (st != A64_OK) return st;
    if (x.device && (va & (size - 1)))
        return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
    if (A64_UNLIKELY(c->nwp) && (st = a64_watch_check(c, va, size, write)) != A64_OK) return st;
    *pa = x.pa;
    if (device) *device = x.device;
    return A64_OK;
}

a64_status a64_watch_check(a64_core *c, uint64_t va, unsigned size, bool write)
{
    if (c->wp_skip) return A64_OK;
    unsigned need = write ? A64_WATCH_WRITE : A64_WATCH_READ;
    for (unsigned i = 0; i < c->nwp; i++) {
        uint64_t lo = c->wp[i].va, len = c->wp[i].len;
        if (!(c->wp[i].kind & need) || (va - lo >= len && lo - va >= size)) continue;
        c->wp_hit_valid = true;
        c->wp_hit_kind = c->wp[i].kind;
        c->wp_hit_va = lo;
        c->wp_hit_access = va;
        return A64_WATCH;
    }
    return A64_OK;
}

/* One access to physical memory in the address space ns: RAM (as its check
 * allows, with code invalidation and monitor clearing on stores) or the bus. */
static a64_status phys_access(a64_core *c, uint64_t va, uint64_t pa, bool ns, unsigned size,
                              uint64_t *val, bool write)
{
    a64_region *r = a64_ram_region(c->sys, pa, size);
    if (r) {
        uint64_t off = pa - r->base;
        if (A64_UNLIKELY(r->check != NULL)) {
            a64_ram_verdict v = r->check(r->check_ctx, pa, ns, write, false);
            if (v == A64_RAM_ABORT) return a64_data_abort(c, va, write, A64_FSC_EXTERNAL, false);
            if (v == A64_RAM_RAZ_WI) {
                if (!write) *val = 0;
                return A64_OK;
            }
        }
        if (!write) {
            *val = a64_ld_host(r->host + off, size);
            return A64_OK;
        }
        a64_st_host(r->host + off, size, *val);
        if (r->pages[off >> A64_PAGE_SHIFT] || r->pages[(off + size - 1) >> A64_PAGE_SHIFT])
            a64_code_store(r, off, size);
    } else {
        uint64_t cyc = 0, v = write ? *val : 0;
        if (write && size < 8) v &= (1ull << (size * 8)) - 1;
        c->acc_ns = ns;
        int rc = write ? (c->cb.write ? c->cb.write(c->cb.ctx, c, pa, size, v, &cyc) : 1)
                       : (c->cb.read ? c->cb.read(c->cb.ctx, c, pa, size, &v, &cyc) : 1);
        if (rc != 0) return a64_data_abort(c, va, write, A64_FSC_EXTERNAL, false);
        c->cyc += cyc;
        if (!write) *val = size == 8 ? v : v & ((1ull << (size * 8)) - 1);
    }
    if (write && c->sys->monitors_active) a64_monitor_clear_others(c, pa, size);
    return A64_OK;
}

a64_status a64_access(a64_core *c, uint64_t va, unsigned size, uint64_t *val, unsigned flags)
{
    bool write = flags & A64_ACC_WRITE;
    bool unaligned = (va & (size - 1)) != 0;
    /* Alignment checks on the VA come before translation (Arm ARM D8.15, fault
     * prioritization); Device memory's own check needs the translation. */
    if (unaligned && ((flags & A64_ACC_ALIGN) || align_check_on(c)))
        return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
    a64_xlate x;
    a64_status st = xlate_piece(c, va, flags, false, &x);
    if (st != A64_OK) return st;
    if (A64_UNLIKELY(c->nwp) && (st = a64_watch_check(c, va, size, write)) != A64_OK) return st;
    if (!unaligned) return phys_access(c, va, x.pa, x.ns, size, val, write);
    if (x.device) return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
    /* Unaligned Normal access: split at the 4 KiB boundary; both halves are
     * translated (and their faults reported, FAR = the first byte of the
     * faulting page) before any byte is written. */
    uint64_t va2 = (va | 0xfff) + 1;
    unsigned n1 = va2 - va < size ? (unsigned)(va2 - va) : size;
    a64_xlate x2 = x;
    if (n1 < size) {
        if ((st = xlate_piece(c, va2, flags, false, &x2)) != A64_OK) return st;
        if (x2.device) return a64_data_abort(c, va2, write, A64_FSC_ALIGNMENT, false);
    }
    /* Byte by byte (little-endian): RAM bytes are plain copies, others go to the
     * bus one byte at a time. */
    uint64_t v = write ? *val : 0;
    for (unsigned k = 0; k < size; k++) {
        uint64_t pa = k < n1 ? x.pa + k : x2.pa + (k - n1), b = (v >> (8 * k)) & 0xff;
        bool ns = k < n1 ? x.ns : x2.ns;
        if ((st = phys_access(c, va + k, pa, ns, 1, &b, write)) != A64_OK) return st;
        if (!write) v |= b << (8 * k);
    }
    if (!write) *val = v;
    return A64_OK;
}

a64_status a64_access16_slow(a64_core *c, uint64_t va, uint64_t v[2], unsigned flags)
{
    bool write = flags & A64_ACC_WRITE;
    if (va & 15) {
        /* One 16-byte access as far as alignment goes: the memory type of every
         * page it touches decides (Device: Alignment fault; Normal: allowed unless
         * SCTLR_ELx.A), as for any other size. The halves below then split at
         * pages like any unaligned Normal access. */
        if ((flags & A64_ACC_ALIGN) || align_check_on(c))
            return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
        a64_xlate x;
        a64_status st = xlate_piece(c, va, flags, false, &x);
        if (st != A64_OK) return st;
        if (x.device) return a64_data_abort(c, va, write, A64_FSC_ALIGNMENT, false);
        uint64_t va2 = (va | 0xfff) + 1;
        if (va2 - va < 16) {
            if ((st = xlate_piece(c, va2, flags, false, &x)) != A64_OK) return st;
            if (x.device) return a64_data_abort(c, va2, write, A64_FSC_ALIGNMENT, false);
        }
    }
    /* Both pages translate and are Normal (or the access is aligned and on one
     * page): the low doubleword at the lower address, then the high one. */
    a64_status st = write ? a64_store(c, va, 8, v[0]) : a64_load(c, va, 8, &v[0]);
    if (st != A64_OK) return st;
    return write ? a64_store(c, va + 8, 8, v[1]) : a64_load(c, va + 8, 8, &v[1]);
}

/* A store hit a page that holds predecoded code: put the touched slots back to
 * "decode on next execution". Cheap, and exact to the word. */
void a64_code_store(a64_region *r, uint64_t off, unsigned size)
{
    uint64_t end = off + size;
    for (uint64_t o = off & ~(uint64_t)3; o < end; o += 4) {
        a64_page *pg = r->pages[o >> A64_PAGE_SHIFT];
        if (pg) pg->slot[(o >> 2) & (A64_PAGE_SLOTS - 1)].fn = a64_h_predecode;
    }
}

void a64_invalidate_code(a64_system *sys, uint64_t pa, uint64_t len)
{
    for (unsigned i = 0; i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        uint64_t lo = pa > r->base ? pa : r->base;
        uint64_t hi_req = pa + len < pa ? UINT64_MAX : pa + len;
        uint64_t hi = hi_req < r->base + r->size ? hi_req : r->base + r->size;
        if (lo >= hi) continue;
        for (uint64_t o = (lo - r->base) & ~(uint64_t)3; o < hi - r->base; o += 4) {
            a64_page *pg = r->pages[o >> A64_PAGE_SHIFT];
            if (!pg) {
                o = (o | ((1u << A64_PAGE_SHIFT) - 1)) - 3; /* skip the page */
                continue;
            }
            pg->slot[(o >> 2) & (A64_PAGE_SLOTS - 1)].fn = a64_h_predecode;
        }
    }
}

/* ---- exclusive monitors (Arm ARM B2.9) ---- */

void a64_monitor_set(a64_core *c, uint64_t pa, unsigned size)
{
    if (!c->excl_valid) c->sys->monitors_active++;
    c->excl_valid = true;
    c->excl_addr = pa & A64_ERG_MASK;
    c->excl_exact = pa;
    c->excl_size = size;
}

void a64_monitor_clear(a64_core *c)
{
    if (c->excl_valid) {
        c->excl_valid = false;
        c->sys->monitors_active--;
    }
}

/* A store by `c` to [pa, pa+size) clears every other core's reservation on the
 * same granule; clearing a global monitor is a WFE wake-up event (Arm ARM
 * D1.16.1), delivered through the target's event callback. */
void a64_monitor_clear_others(a64_core *c, uint64_t pa, unsigned size)
{
    uint64_t g0 = pa & A64_ERG_MASK, g1 = (pa + size - 1) & A64_ERG_MASK;
    a64_system *sys = c->sys;
    for (unsigned i = 0; i < sys->ncores; i++) {
        a64_core *o = sys->cores[i];
        if (o == c || !o->excl_valid || (o->excl_addr != g0 && o->excl_addr != g1)) continue;
        a64_monitor_clear(o);
        o->s.event = true;
        if (o->cb.event) o->cb.event(o->cb.ctx, o);
    }
}
