#include "sw/gic.h"

#include "sw/arch.h"
#include "sw/console.h"

/* Distributor (IHI 0069 12.9). */
#define GICD_CTLR          0x0000
#define GICD_CTLR_RWP      (1u << 31)
#define GICD_CTLR_DS       (1u << 6)
#define GICD_CTLR_ARE      (1u << 4)
#define GICD_CTLR_GRP1     (1u << 1)
#define GICD_CTLR_GRP0     (1u << 0)
/* Redistributor RD_base frame (IHI 0069 12.10). */
#define GICR_TYPER         0x0008
#define GICR_WAKER         0x0014
#define GICR_TYPER_LAST    (1u << 4)
#define GICR_TYPER_VLPIS   (1u << 1)
#define GICR_WAKER_PSLEEP  (1u << 1)
#define GICR_WAKER_CASLEEP (1u << 2)
/* SGI_base frame, 64 KiB after RD_base. */
#define GICR_SGI           0x10000
#define GICR_IGROUPR0      (GICR_SGI + 0x0080)
#define GICR_ISENABLER0    (GICR_SGI + 0x0100)
#define GICR_ICENABLER0    (GICR_SGI + 0x0180)
#define GICR_ISPENDR0      (GICR_SGI + 0x0200)
#define GICR_ICPENDR0      (GICR_SGI + 0x0280)
#define GICR_IPRIORITYR    (GICR_SGI + 0x0400)

static sw_irq_handler handlers[1024];
static uintptr_t redist_base[SW_MAX_CPUS];

static inline volatile uint32_t *reg32(uintptr_t a)
{
    return (volatile uint32_t *)a;
}

void sw_gic_init_dist(void)
{
    uint32_t ctlr = *reg32(SW_GICD_BASE + GICD_CTLR);
    /* With one security state (DS = 1) bit 0/1 enable groups 0/1 and bit 4 is ARE; seen
     * from Non-secure with two states, bit 1 is EnableGrp1A and bit 4 ARE_NS. */
    uint32_t want = GICD_CTLR_ARE | GICD_CTLR_GRP1 | ((ctlr & GICD_CTLR_DS) ? GICD_CTLR_GRP0 : 0);
    *reg32(SW_GICD_BASE + GICD_CTLR) = ctlr | want;
    for (unsigned i = 0; i < 1000000 && (*reg32(SW_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP); i++)
        ;
}

static uintptr_t find_redist(void)
{
    uint64_t m = sw_mpidr();
    uint32_t aff = (uint32_t)(((m >> 32) & 0xFF) << 24 | (m & 0xFFFFFF));
    uintptr_t rd = SW_GICR_BASE;
    for (unsigned i = 0; i < SW_MAX_CPUS; i++) {
        uint32_t lo = *reg32(rd + GICR_TYPER);
        uint32_t hi = *reg32(rd + GICR_TYPER + 4);
        if (hi == aff) return rd;
        if (lo & GICR_TYPER_LAST) break;
        rd += (lo & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
    }
    return 0;
}

uintptr_t sw_gic_redist_base(void)
{
    return redist_base[sw_core_index()];
}

void sw_gic_init_cpu_interface(void)
{
    uintptr_t rd = sw_gic_redist_base();
    if (rd) {
        /* Mark the core awake so the redistributor forwards interrupts (IHI 0069 9.7). */
        *reg32(rd + GICR_WAKER) &= ~GICR_WAKER_PSLEEP;
        for (unsigned i = 0; i < 1000000 && (*reg32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP); i++)
            ;
    }
    if (sw_current_el() == 2)
        sw_write_sysreg(S3_4_C12_C9_5, sw_read_sysreg(S3_4_C12_C9_5) | 0x9); /* ICC_SRE_EL2 */
    sw_write_sysreg(S3_0_C12_C12_5, sw_read_sysreg(S3_0_C12_C12_5) | 0x1);   /* ICC_SRE_EL1 */
    sw_isb();
    sw_write_sysreg(S3_0_C4_C6_0, 0xFF); /* ICC_PMR_EL1: let every priority through */
    sw_write_sysreg(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
    sw_write_sysreg(S3_0_C12_C12_4, 0);  /* ICC_CTLR_EL1: EOImode 0 (EOI also deactivates) */
    sw_write_sysreg(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
    sw_isb();
}

bool sw_gic_init_cpu(void)
{
    uintptr_t rd = find_redist();
    redist_base[sw_core_index()] = rd;
    if (!rd) return false;
    sw_gic_init_cpu_interface();
    *reg32(rd + GICR_ICENABLER0) = 0xFFFFFFFFu;
    *reg32(rd + GICR_ICPENDR0) = 0xFFFFFFFFu;
    *reg32(rd + GICR_IGROUPR0) = 0xFFFFFFFFu;
    for (unsigned i = 0; i < 8; i++)
        *reg32(rd + GICR_IPRIORITYR + 4 * i) = 0x80808080u;
    return true;
}

void sw_gic_enable(unsigned intid)
{
    uintptr_t rd = sw_gic_redist_base();
    if (rd && intid < 32) *reg32(rd + GICR_ISENABLER0) = 1u << intid;
    sw_dsb();
}

void sw_gic_disable(unsigned intid)
{
    uintptr_t rd = sw_gic_redist_base();
    if (rd && intid < 32) *reg32(rd + GICR_ICENABLER0) = 1u << intid;
    sw_dsb();
}

void sw_gic_clear_pending(unsigned intid)
{
    uintptr_t rd = sw_gic_redist_base();
    if (rd && intid < 32) *reg32(rd + GICR_ICPENDR0) = 1u << intid;
    sw_dsb();
}

bool sw_gic_is_pending(unsigned intid)
{
    uintptr_t rd = sw_gic_redist_base();
    return rd && intid < 32 && (*reg32(rd + GICR_ISPENDR0) & (1u << intid));
}

void sw_gic_send_sgi(unsigned intid, uint64_t target_mpidr)
{
    /* ICC_SGI1R_EL1 (IHI 0069 12.11.14): TargetList[15:0], Aff1[23:16], INTID[27:24],
     * Aff2[39:32], Aff3[55:48]. */
    uint64_t v = (1ull << sw_mpidr_aff0(target_mpidr)) |
                 ((uint64_t)sw_mpidr_aff1(target_mpidr) << 16) | ((uint64_t)(intid & 0xF) << 24) |
                 (((target_mpidr >> 16) & 0xFF) << 32) | (((target_mpidr >> 32) & 0xFF) << 48);
    sw_dsb();
    sw_write_sysreg(S3_0_C12_C11_5, v);
    sw_isb();
}

unsigned sw_gic_ack(void)
{
    return (unsigned)(sw_read_sysreg(S3_0_C12_C12_0) & 0xFFFFFF);
}

void sw_gic_eoi(unsigned intid)
{
    sw_write_sysreg(S3_0_C12_C12_1, intid);
    sw_isb();
}

unsigned sw_gic_drain(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 64; i++) {
        unsigned id = sw_gic_ack();
        if (id >= 1020) break;
        sw_gic_eoi(id);
        n++;
    }
    return n;
}

void sw_irq_register(unsigned intid, sw_irq_handler h)
{
    if (intid < 1024) handlers[intid] = h;
}

/* Called from sw_exception for IRQs. */
void sw_irq_dispatch(void)
{
    for (;;) {
        unsigned id = sw_gic_ack();
        if (id >= 1020) return;
        if (handlers[id])
            handlers[id](id);
        else
            sw_printf("core %u: unexpected IRQ %u\n", sw_core_index(), id);
        sw_gic_eoi(id);
    }
}
