/* Spinlock on LDAXR/STLXR (load-acquire / store-release exclusives, DDI 0487 B2.9);
 * no LSE atomics so any ARMv8.0 core model can run it. */
#ifndef SW_SPINLOCK_H
#define SW_SPINLOCK_H

#include <stdint.h>

typedef struct {
    volatile uint32_t v;
} sw_spinlock_t;

static inline void sw_spin_lock(sw_spinlock_t *l)
{
    uint32_t tmp, one = 1;
    __asm__ volatile("1: ldaxr %w0, [%1]\n"
                     "   cbnz  %w0, 2f\n"
                     "   stxr  %w0, %w2, [%1]\n"
                     "   cbnz  %w0, 1b\n"
                     "   b 3f\n"
                     "2: yield\n"
                     "   b 1b\n"
                     "3:\n"
                     : "=&r"(tmp)
                     : "r"(&l->v), "r"(one)
                     : "memory");
}

static inline void sw_spin_unlock(sw_spinlock_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" ::"r"(&l->v) : "memory");
}

/* Atomic fetch-and-add returning the old value. */
static inline uint32_t sw_atomic_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t old, tmp, st;
    __asm__ volatile("1: ldaxr %w0, [%3]\n"
                     "   add   %w1, %w0, %w4\n"
                     "   stlxr %w2, %w1, [%3]\n"
                     "   cbnz  %w2, 1b\n"
                     : "=&r"(old), "=&r"(tmp), "=&r"(st)
                     : "r"(p), "r"(v)
                     : "memory");
    return old;
}

#endif
