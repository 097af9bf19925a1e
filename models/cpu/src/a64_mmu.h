/*
 * Stage-1 translation (VMSAv8-64, Arm ARM D8) for the EL1&0, EL2 (non-VHE) and
 * EL3 regimes, the software TLBs around it (a64_tlb.h), and the maintenance
 * operations on them (TLBI, AT). No stage 2: HCR_EL2.VM stops the core
 * (a64_check_regime), so IPA = PA.
 */
#ifndef A64_MMU_H
#define A64_MMU_H

#include "a64_internal.h"

/* Physical address size (ID_AA64MMFR0_EL1.PARange = 0b0001, 36 bits): covers the
 * largest RAM the platform allows (4 GiB at 0x40000000). */
#define A64_PA_BITS 36

enum { A64_AK_READ, A64_AK_WRITE, A64_AK_FETCH };

/* Translation flags. */
#define A64_XL_DEBUG 1u /* no side effects: no TLB use or fill, no cycles, RAM-only walk */

/* The result of a translation. */
typedef struct a64_xlate {
    uint64_t pa;   /* physical address of the accessed byte */
    unsigned fsc;  /* on failure: the fault status code (A64_FSC_* + level) */
    uint8_t perm;  /* A64_P_* (all set with stage 1 off) */
    uint8_t attr;  /* MAIR attribute byte (0x00 Device-nGnRnE / 0x44-style Normal) */
    uint8_t level; /* leaf level (stage 1 on) */
    bool device;   /* Device memory (data with stage 1 off, or a Device attribute) */
    bool mmu_on;   /* stage 1 was enabled */
    bool ns;       /* the output address is in the Non-secure physical address space */
} a64_xlate;

/* Translate va for an access of `kind` with the permissions of `el` (0 for EL0
 * and for LDTR/STTR at EL1) in the regime of `regime_el` (the current EL).
 * True on success; false with x->fsc set on a fault (alignment is not checked
 * here). The main TLB is used and filled (the micro-TLB only by a64_utlb_fill);
 * walk cycles are charged to the core. A64_XL_DEBUG: neither. */
bool a64_mmu_translate(a64_core *c, uint64_t va, unsigned regime_el, unsigned el, unsigned kind,
                       a64_xlate *x, unsigned flags);

/* The verdict of r's access check (A64_RAM_ALLOW without one). */
static inline a64_ram_verdict a64_ram_verdict_of(const a64_region *r, uint64_t pa, bool ns,
                                                 bool write, bool probe)
{
    return r->check ? r->check(r->check_ctx, pa, ns, write, probe) : A64_RAM_ALLOW;
}

/* Fill the micro-TLB entry of va's page from a translation done at the current EL. */
void a64_utlb_fill(a64_core *c, uint64_t va, const a64_xlate *x);
/* Drop every micro-TLB entry of this core (context change). */
void a64_utlb_flush(a64_core *c);
/* Drop every entry, both levels (translation registers changed). */
void a64_tlb_flush_all(a64_core *c);
/* A predecoded page now exists at pa_page: no core may store there on the hit path. */
void a64_tlb_code_page(a64_system *sys, uint64_t pa_page);
/* a64_run() entry: flush if the host changed translation registers or the EL. */
void a64_mmu_context_check(a64_core *c);
/* System register `id` (A64_SR_*) was stored (a64_sr_store: MSR and
 * a64_sysreg_set): flush if it is a translation control. */
void a64_mmu_sysreg_written(a64_core *c, unsigned id);

/* Instruction fetch: the RAM region and PA of pc's page, or A64_EXC with an
 * Instruction Abort. */
a64_status a64_fetch_page(a64_core *c, uint64_t pc, a64_region **r, uint64_t *pa);

/* TLBI <op>, Xt (Arm ARM C5.5): op1/CRm/op2 of the SYS encoding, already
 * validated and permitted. Inner Shareable forms (CRm 3, and CRm 0 for IPAS2)
 * apply to every core of the system. */
void a64_tlbi(a64_core *c, unsigned op1, unsigned crm, unsigned op2, uint64_t xt);
/* AT S1E<n><R|W>: translate va for el/regime and write PAR_EL1. */
void a64_at(a64_core *c, uint64_t va, unsigned regime_el, unsigned el, bool write);

#endif
