/*
 * Data memory: the RAM fast path's slow half, the bus callbacks for everything
 * else, predecoded-code invalidation and the global exclusive monitor.
 */
#include "a64_internal.h"

#include <stdlib.h>

a64_region *a64_ram_region(a64_system *sys, uint64_t pa, unsigned size)
{
    for (unsigned i = 0; i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        if (pa - r->base < r->size && size <= r->size - (pa - r->base))
            return r;
    }
    return NULL;
}

uint8_t *a64_ram_ptr(a64_core *c, uint64_t pa, unsigned size)
{
    a64_region *r = a64_ram_region(c->sys, pa, size);
    return r ? r->host + (pa - r->base) : NULL;
}

a64_status a64_data_abort(a64_core *c, uint64_t va, bool wnr, unsigned fsc, bool cm)
{
    /* ESR_ELx ISS for a Data Abort (Arm ARM D17.2.37): ISV = 0 (no instruction
     * syndrome), CM bit 8, WnR bit 6 (set for cache maintenance too), DFSC [5:0]. */
    uint32_t iss = fsc | (wnr || cm ? 1u << 6 : 0) | (cm ? 1u << 8 : 0);
    a64_raise(c, A64_EC_DABT_CUR, iss, false, -1);
    c->exc.far_valid = true;
    c->exc.far = va;
    return A64_EXC;
}

a64_status a64_fetch_abort(a64_core *c, uint64_t pc)
{
    a64_raise(c, A64_EC_IABT_CUR, A64_FSC_EXTERNAL, false, -1);
    c->exc.far_valid = true;
    c->exc.far = pc;
    return A64_EXC;
}

a64_status a64_load_slow(a64_core *c, uint64_t va, unsigned size, uint64_t *val)
{
    if (va & (size - 1))
        return a64_data_abort(c, va, false, A64_FSC_ALIGNMENT, false);
    a64_region *r = a64_ram_region(c->sys, va, size);
    if (r) {
        if (!((r->base | r->size) & 7))
            c->dr = *r;
        *val = a64_ld_host(r->host + (va - r->base), size);
        return A64_OK;
    }
    uint64_t v = 0, cyc = 0;
    if (!c->cb.read || c->cb.read(c->cb.ctx, c, va, size, &v, &cyc) != 0)
        return a64_data_abort(c, va, false, A64_FSC_EXTERNAL, false);
    c->cyc += cyc;
    *val = size == 8 ? v : v & ((1ull << (size * 8)) - 1);
    return A64_OK;
}

a64_status a64_store_slow(a64_core *c, uint64_t va, unsigned size, uint64_t val)
{
    if (va & (size - 1))
        return a64_data_abort(c, va, true, A64_FSC_ALIGNMENT, false);
    a64_region *r = a64_ram_region(c->sys, va, size);
    if (r) {
        if (!((r->base | r->size) & 7))
            c->dr = *r;
        uint64_t off = va - r->base;
        a64_st_host(r->host + off, size, val);
        if (r->pages[off >> A64_PAGE_SHIFT])
            a64_code_store(r, off, size);
    } else {
        uint64_t cyc = 0;
        if (size < 8)
            val &= (1ull << (size * 8)) - 1;
        if (!c->cb.write || c->cb.write(c->cb.ctx, c, va, size, val, &cyc) != 0)
            return a64_data_abort(c, va, true, A64_FSC_EXTERNAL, false);
        c->cyc += cyc;
    }
    if (c->sys->monitors_active)
        a64_monitor_clear_others(c, va, size);
    return A64_OK;
}

/* A store hit a page that holds predecoded code: put the touched slots back to
 * "decode on next execution". Cheap, and exact to the word. */
void a64_code_store(a64_region *r, uint64_t off, unsigned size)
{
    uint64_t end = off + size;
    for (uint64_t o = off & ~(uint64_t)3; o < end; o += 4) {
        a64_page *pg = r->pages[o >> A64_PAGE_SHIFT];
        if (pg)
            pg->slot[(o >> 2) & (A64_PAGE_SLOTS - 1)].fn = a64_h_predecode;
    }
}

void a64_invalidate_code(a64_system *sys, uint64_t pa, uint64_t len)
{
    for (unsigned i = 0; i < sys->nregions; i++) {
        a64_region *r = &sys->region[i];
        uint64_t lo = pa > r->base ? pa : r->base;
        uint64_t hi_req = pa + len < pa ? UINT64_MAX : pa + len;
        uint64_t hi = hi_req < r->base + r->size ? hi_req : r->base + r->size;
        if (lo >= hi)
            continue;
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
    if (!c->excl_valid)
        c->sys->monitors_active++;
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
        if (o == c || !o->excl_valid || (o->excl_addr != g0 && o->excl_addr != g1))
            continue;
        a64_monitor_clear(o);
        o->s.event = true;
        if (o->cb.event)
            o->cb.event(o->cb.ctx, o);
    }
}
