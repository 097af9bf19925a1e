/*
 * AArch64 architectural helpers for the guest runtime: system-register access,
 * barriers, exception level and MPIDR decoding (Arm DDI 0487, D13 "AArch64 System
 * Register Descriptions").
 */
#ifndef SW_ARCH_H
#define SW_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SW_STR_(x) #x
#define SW_STR(x)  SW_STR_(x)

#define sw_read_sysreg(reg)                                                                        \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " SW_STR(reg) : "=r"(v_)::"memory");                             \
        v_;                                                                                        \
    })
#define sw_write_sysreg(reg, val)                                                                  \
    do {                                                                                           \
        uint64_t v_ = (uint64_t)(val);                                                             \
        __asm__ volatile("msr " SW_STR(reg) ", %0" ::"r"(v_) : "memory");                          \
    } while (0)

static inline void sw_isb(void)
{
    __asm__ volatile("isb" ::: "memory");
}
static inline void sw_dsb(void)
{
    __asm__ volatile("dsb sy" ::: "memory");
}
static inline void sw_dmb(void)
{
    __asm__ volatile("dmb ish" ::: "memory");
}
/* YIELD, not WFE, in polling loops: a WFE with nobody issuing SEV would stop a
 * cycle-level core model for good; YIELD is a hint (a NOP on simple cores). */
static inline void sw_cpu_relax(void)
{
    __asm__ volatile("yield" ::: "memory");
}
static inline void sw_wfi(void)
{
    __asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* PSTATE.DAIF (DDI 0487 C5.2.2): D=bit9, A=bit8, I=bit7, F=bit6. */
#define SW_DAIF_MASK_ALL 0x3C0u
#define SW_DAIF_I        0x080u
static inline uint64_t sw_daif(void)
{
    return sw_read_sysreg(daif);
}
static inline void sw_irq_mask(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}
static inline void sw_irq_unmask(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

/* CurrentEL bits[3:2]. */
static inline unsigned sw_current_el(void)
{
    return (unsigned)(sw_read_sysreg(CurrentEL) >> 2) & 3u;
}

/* ISR_EL1.I (bit 7): an IRQ is pending at this core, whatever PSTATE.I says. */
static inline bool sw_irq_pending(void)
{
    return (sw_read_sysreg(isr_el1) & 0x80u) != 0;
}

/* MPIDR_EL1 affinity fields; PSCI target_cpu arguments carry only these
 * (DEN 0022 5.1.4: all other bits RES0). */
#define SW_MPIDR_AFF_MASK 0xFF00FFFFFFull
static inline uint64_t sw_mpidr(void)
{
    return sw_read_sysreg(mpidr_el1) & SW_MPIDR_AFF_MASK;
}
static inline unsigned sw_mpidr_aff0(uint64_t m)
{
    return (unsigned)(m & 0xFF);
}
static inline unsigned sw_mpidr_aff1(uint64_t m)
{
    return (unsigned)((m >> 8) & 0xFF);
}
static inline uint64_t sw_mpidr_make(unsigned aff1, unsigned aff0)
{
    return ((uint64_t)aff1 << 8) | aff0;
}

/*
 * Linear core index used for stacks, mailboxes and per-core records:
 * Aff1 * SW_MAX_CORES_PER_CLUSTER + Aff0. 16 cores per cluster is the GICv3 SGI
 * TargetList width (ICC_SGI1R_EL1.TargetList, 16 bits), so every core our GIC
 * helpers can address has an index. Aff2/Aff3 must be 0.
 */
#define SW_MAX_CLUSTERS          16
#define SW_MAX_CORES_PER_CLUSTER 16
#define SW_MAX_CPUS              (SW_MAX_CLUSTERS * SW_MAX_CORES_PER_CLUSTER)
#define SW_STACK_SIZE            8192

static inline int sw_core_index_of(uint64_t mpidr)
{
    if ((mpidr & 0xFF00FF0000ull) != 0 || sw_mpidr_aff1(mpidr) >= SW_MAX_CLUSTERS ||
        sw_mpidr_aff0(mpidr) >= SW_MAX_CORES_PER_CLUSTER)
        return -1;
    return (int)(sw_mpidr_aff1(mpidr) * SW_MAX_CORES_PER_CLUSTER + sw_mpidr_aff0(mpidr));
}
static inline unsigned sw_core_index(void)
{
    return (unsigned)sw_core_index_of(sw_mpidr());
}

/* SCTLR_ELx of the current EL (SCTLR_EL2 when running at EL2 with HCR_EL2.E2H = 0). */
static inline uint64_t sw_sctlr(void)
{
    return sw_current_el() == 2 ? sw_read_sysreg(sctlr_el2) : sw_read_sysreg(sctlr_el1);
}
#define SW_SCTLR_M (1u << 0)
#define SW_SCTLR_C (1u << 2)

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
