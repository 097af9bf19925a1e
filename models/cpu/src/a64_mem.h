/*
 * The memory path of a core: one load/store path for every data access, whether
 * the MMU is on or off. The inline hit path is a micro-TLB tag compare and a host
 * pointer add (a64_tlb.h); everything else (misses, unaligned accesses, Device
 * memory, MMIO, faults) goes to the out-of-line half in a64_mem.c, which
 * translates through a64_mmu.c and fills the micro-TLB.
 *
 * Memory types (Arm ARM D8.2.x, "behavior when stage 1 translation is disabled"):
 * with stage 1 off every data access is to Device-nGnRnE memory, so an unaligned
 * data access is an Alignment fault; with it on, Normal memory accepts unaligned
 * accesses (split at a 4 KiB boundary, each half translated) unless SCTLR_ELx.A
 * is set. Failures return A64_EXC with the data abort set up in core->exc.
 */
#ifndef A64_MEM_H
#define A64_MEM_H

#include "a64_internal.h"

/* Flags of a64_access(). */
#define A64_ACC_WRITE  1u /* a store (else a load) */
#define A64_ACC_UNPRIV 2u /* LDTR/STTR: permissions of EL0 when executed at EL1 */
#define A64_ACC_ALIGN  4u /* must be aligned to `size` whatever the memory type */

/* A data access of [va, va+size) matched a debugger watchpoint (only checked on
 * the out-of-line half; the micro-TLB is kept empty while any is set): A64_WATCH
 * stops the core before the instruction (a64_core.c). */
a64_status a64_watch_check(a64_core *c, uint64_t va, unsigned size, bool write);

/* The out-of-line half: any size up to 8, any alignment. */
a64_status a64_access(a64_core *c, uint64_t va, unsigned size, uint64_t *val, unsigned flags);
static inline a64_status a64_load_slow(a64_core *c, uint64_t va, unsigned size, uint64_t *val)
{
    return a64_access(c, va, size, val, 0);
}
static inline a64_status a64_store_slow(a64_core *c, uint64_t va, unsigned size, uint64_t val)
{
    return a64_access(c, va, size, &val, A64_ACC_WRITE);
}
/* Translate a data address for an access of `size` bytes (faults as that access
 * would, alignment included when flags has A64_ACC_ALIGN); *pa on success and,
 * when device is not NULL, whether the memory is Device. Used by exclusives
 * (monitors work on PAs), atomics and cache maintenance. */
a64_status a64_translate_data(a64_core *c, uint64_t va, unsigned size, unsigned flags, uint64_t *pa,
                              bool *device);

/* RAM lookup: host pointer for [pa, pa+size) if it is wholly inside one region. */
uint8_t *a64_ram_ptr(a64_core *c, uint64_t pa, unsigned size);
a64_region *a64_ram_region(a64_system *sys, uint64_t pa, unsigned size);
/* After a store: invalidate predecoded code there, clear other cores' monitors. */
void a64_code_store(a64_region *r, uint64_t off, unsigned size);
void a64_monitor_clear_others(a64_core *c, uint64_t pa, unsigned size);
void a64_invalidate_code(a64_system *sys, uint64_t pa, uint64_t len);
void a64_monitor_set(a64_core *c, uint64_t pa, unsigned size);
void a64_monitor_clear(a64_core *c);

static inline uint64_t a64_ld_host(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    default: {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    }
}
static inline void a64_st_host(uint8_t *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *p = (uint8_t)v; break;
    case 2: {
        uint16_t t = (uint16_t)v;
        memcpy(p, &t, 2);
        break;
    }
    case 4: {
        uint32_t t = (uint32_t)v;
        memcpy(p, &t, 4);
        break;
    }
    default: memcpy(p, &v, 8); break;
    }
}

static inline a64_utlb *a64_utlb_of(a64_core *c, uint64_t va)
{
    return &c->utlb[(va >> 12) & (A64_UTLB_SIZE - 1)];
}

/* The hit path. An aligned access never crosses a 4 KiB page, and the tag is set
 * only for pages of RAM this EL may access that way, so a hit needs no other
 * check. Stores also skip pages holding predecoded code (their wtag is never
 * set) and tell other cores' exclusive monitors. False: take the out-of-line
 * half (a64_access), which performs the same access in full. */
static inline bool a64_load_hit(a64_core *c, uint64_t va, unsigned size, uint64_t *val)
{
    const a64_utlb *e = a64_utlb_of(c, va);
    if (A64_LIKELY(e->rtag == va >> 12 && !(va & (size - 1)))) {
        *val = a64_ld_host((const uint8_t *)(e->addend + va), size);
        return true;
    }
    return false;
}
static inline bool a64_store_hit(a64_core *c, uint64_t va, unsigned size, uint64_t val)
{
    const a64_utlb *e = a64_utlb_of(c, va);
    if (A64_LIKELY(e->wtag == va >> 12 && !(va & (size - 1)))) {
        a64_st_host((uint8_t *)(e->addend + va), size, val);
        if (A64_UNLIKELY(c->sys->monitors_active))
            a64_monitor_clear_others(c, e->pa | (va & 0xfff), size);
        return true;
    }
    return false;
}
static inline a64_status a64_load(a64_core *c, uint64_t va, unsigned size, uint64_t *val)
{
    if (A64_LIKELY(a64_load_hit(c, va, size, val))) return A64_OK;
    return a64_access(c, va, size, val, 0);
}
static inline a64_status a64_store(a64_core *c, uint64_t va, unsigned size, uint64_t val)
{
    if (A64_LIKELY(a64_store_hit(c, va, size, val))) return A64_OK;
    return a64_access(c, va, size, &val, A64_ACC_WRITE);
}

/* A 16-byte (Q register) access, v[0] at va and v[1] at va + 8. Alignment follows
 * the memory type like every other access: a Q access that is not 16-byte aligned
 * faults on Device memory (and with SCTLR_ELx.A), and is allowed on Normal memory,
 * split at pages. The aligned case is two hits of the inline path. */
a64_status a64_access16_slow(a64_core *c, uint64_t va, uint64_t v[2], unsigned flags);
static inline a64_status a64_load16(a64_core *c, uint64_t va, uint64_t v[2])
{
    if (A64_LIKELY(!(va & 15) && a64_load_hit(c, va, 8, &v[0]) &&
                   a64_load_hit(c, va + 8, 8, &v[1])))
        return A64_OK;
    return a64_access16_slow(c, va, v, 0);
}
static inline a64_status a64_store16(a64_core *c, uint64_t va, const uint64_t v[2])
{
    uint64_t t[2] = {v[0], v[1]};
    if (A64_LIKELY(!(va & 15) && a64_store_hit(c, va, 8, t[0]) &&
                   a64_store_hit(c, va + 8, 8, t[1])))
        return A64_OK;
    return a64_access16_slow(c, va, t, A64_ACC_WRITE);
}

#endif
