/*
 * Branches, exception generation and system instructions (Arm ARM C4.1.87):
 * B/BL/B.cond/CBZ/TBZ/BR/BLR/RET/ERET, SVC/HVC/SMC/BRK/HLT, hints (WFI/WFE/SEV),
 * barriers, CLREX, MSR (immediate), SYS (DC/IC/AT/TLBI), MSR/MRS.
 */
#include "a64_internal.h"
#include "a64_mem.h"
#include "a64_mmu.h"

static inline a64_status taken(a64_core *c, uint64_t target)
{
    c->s.pc = target;
    return A64_TAKEN;
}

a64_status a64_h_b(a64_core *c, const a64_slot *s)
{
    int64_t off = sext(s->insn & 0x3ffffff, 26) * 4;
    if (s->insn >> 31) c->s.x[30] = a64_pc(c, s) + 4;
    return taken(c, a64_pc(c, s) + (uint64_t)off);
}

a64_status a64_h_bcond(a64_core *c, const a64_slot *s)
{
    if (!a64_cond_holds(c->s.nzcv, s->insn & 15)) return A64_OK;
    return taken(c, a64_pc(c, s) + (uint64_t)(sext(f_bits(s->insn, 23, 5), 19) * 4));
}

a64_status a64_h_cb(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    bool zero = rreg(c, f_rd(i), f_sf(i)) == 0;
    if (zero == (bool)((i >> 24) & 1)) return A64_OK;
    return taken(c, a64_pc(c, s) + (uint64_t)(sext(f_bits(i, 23, 5), 19) * 4));
}

a64_status a64_h_tb(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned bit = (f_sf(i) << 5) | f_bits(i, 23, 19);
    unsigned set = (xr(c, f_rd(i)) >> bit) & 1;
    if (set != ((i >> 24) & 1)) return A64_OK;
    return taken(c, a64_pc(c, s) + (uint64_t)(sext(f_bits(i, 18, 5), 14) * 4));
}

a64_status a64_h_br(a64_core *c, const a64_slot *s)
{
    uint64_t target = xr(c, f_rn(s->insn));
    if (((s->insn >> 21) & 3) == 1) /* BLR */
        c->s.x[30] = a64_pc(c, s) + 4;
    return taken(c, target);
}

/* ERET (Arm ARM D1.11): restore PSTATE from SPSR_ELx, PC from ELR_ELx; an
 * illegal return (D1.11.4) keeps EL and SP, sets PSTATE.IL and jumps anyway. */
a64_status a64_h_eret(a64_core *c, const a64_slot *s)
{
    (void)s;
    unsigned el = c->s.el;
    if (el == 0) return A64_UNDEF;
    static const unsigned spsr_id[4] = {0, A64_SR_SPSR_EL1, A64_SR_SPSR_EL2, A64_SR_SPSR_EL3};
    static const unsigned elr_id[4] = {0, A64_SR_ELR_EL1, A64_SR_ELR_EL2, A64_SR_ELR_EL3};
    uint64_t spsr = c->sr[spsr_id[el]], elr = c->sr[elr_id[el]];
    unsigned m = spsr & 0x1f, tel = (m >> 2) & 3;
    bool illegal = (m & 0x10) ||            /* AArch32 not implemented */
                   (m & 2) ||               /* reserved M[1] */
                   (tel == 0 && (m & 1)) || /* EL0 has only SP_EL0 */
                   tel > el ||              /* return to a higher EL */
                   (tel == 2 && !c->cfg.have_el2) || (tel == 3 && !c->cfg.have_el3) ||
                   (tel == 2 && !a64_el2_enabled(c)) || /* Secure EL2 not implemented */
                   (tel == 1 && el == 2 && (c->sr[A64_SR_HCR_EL2] & (1ull << 27)));
    c->s.nzcv = (uint32_t)spsr & 0xf0000000u;
    c->s.daif = (uint32_t)spsr & 0x3c0u;
    if (illegal) {
        c->il = true;
    } else {
        c->il = (spsr >> 20) & 1;
        if (tel != el) {
            a64_utlb_flush(c); /* the micro-TLB holds one EL's permissions */
            c->limit = 0;      /* and the page being executed was fetched at this EL */
        }
        c->s.el = (uint8_t)tel;
        c->s.spsel = m & 1;
    }
    if (c->il) c->limit = 0; /* the step loop raises the Illegal Execution state exception */
    c->s.pc = elr;
    a64_monitor_clear(c);
    a64_pe_state_changed(c);
    a64_update_interrupts(c);
    a64_pmu_el_changed(c);
    if (!a64_check_regime(c)) return A64_FATAL;
    if (c->cb.el_change) c->cb.el_change(c->cb.ctx, c, el, c->s.el, true, 0);
    return A64_JUMP;
}

/* ---- exception generation ---- */

static inline unsigned imm16(uint32_t i)
{
    return f_bits(i, 20, 5);
}

a64_status a64_h_svc(a64_core *c, const a64_slot *s)
{
    return a64_raise(c, A64_EC_SVC, imm16(s->insn), true, -1);
}

a64_status a64_h_hvc(a64_core *c, const a64_slot *s)
{
    unsigned el = c->s.el, imm = imm16(s->insn);
    if (el == 0) return A64_UNDEF;
    /* HCR_EL2.HCD (Arm ARM D17.2.48), only when EL3 is not implemented (else RES0,
     * SCR_EL3.HCE rules): HVC is UNDEFINED at EL1 and EL2, taken at the EL that
     * executed it. It comes first: an UNDEFINED HVC is no call to firmware. */
    if (c->cfg.have_el2 && !c->cfg.have_el3 && (c->sr[A64_SR_HCR_EL2] & (1ull << 29)))
        return A64_UNDEF;
    if (c->cfg.conduit == A64_CONDUIT_HVC && imm == 0) {
        c->host_stop.reason = A64_STOP_CONDUIT;
        c->host_stop.imm = 0;
        c->host_stop.is_hvc = true;
        return A64_STOP_HOST;
    }
    /* Arm ARM C6.2 HVC: UNDEFINED without EL2, with SCR_EL3.HCE = 0, or in
     * Secure state (no Secure EL2 here). */
    if (!c->cfg.have_el2 || (c->cfg.have_el3 && !(c->sr[A64_SR_SCR_EL3] & (1u << 8))) ||
        (el == 1 && !a64_el2_enabled(c)))
        return A64_UNDEF;
    return a64_raise(c, A64_EC_HVC, imm, true, el == 3 ? 3 : 2);
}

a64_status a64_h_smc(a64_core *c, const a64_slot *s)
{
    unsigned el = c->s.el, imm = imm16(s->insn);
    if (el == 0) return A64_UNDEF;
    /* HCR_EL2.TSC traps SMC at EL1 to EL2; preferred return is the SMC itself. */
    if (el == 1 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & (1ull << 19)))
        return a64_raise(c, A64_EC_SMC, imm, false, 2);
    if (c->cfg.conduit == A64_CONDUIT_SMC && imm == 0) {
        c->host_stop.reason = A64_STOP_CONDUIT;
        c->host_stop.imm = 0;
        c->host_stop.is_hvc = false;
        return A64_STOP_HOST;
    }
    if (!c->cfg.have_el3 || (c->sr[A64_SR_SCR_EL3] & (1u << 7))) /* SCR_EL3.SMD */
        return A64_UNDEF;
    return a64_raise(c, A64_EC_SMC, imm, true, 3);
}

a64_status a64_h_brk(a64_core *c, const a64_slot *s)
{
    return a64_raise(c, A64_EC_BRK, imm16(s->insn), false, -1);
}

/* HLT #0xF000 is the A64 semihosting trap; any other HLT is UNDEFINED because
 * halting debug is not enabled (Arm ARM C6.2 HLT, EDSCR.HDE = 0). */
a64_status a64_h_hlt(a64_core *c, const a64_slot *s)
{
    if (imm16(s->insn) != 0xf000) return A64_UNDEF;
    c->host_stop.reason = A64_STOP_SEMIHOST;
    c->host_stop.imm = 0xf000;
    c->host_stop.is_hvc = false;
    return A64_STOP_HOST;
}

/* ---- hints ---- */

a64_status a64_h_nop(a64_core *c, const a64_slot *s)
{
    (void)c;
    (void)s;
    return A64_OK;
}

/* WFI/WFE traps (Arm ARM D1.16.3): SCTLR_EL1.nTWx at EL0, HCR_EL2.TWx at EL0/1,
 * SCR_EL3.TWx below EL3; only when the instruction would actually wait. Without
 * VHE, SCTLR_EL1.nTWx applies under HCR_EL2.TGE too, the trap then going to EL2
 * (Arm ARM D17.2 SCTLR_EL1.nTWI/nTWE): the default routing of an EL0 exception. */
static a64_status wfx_trap(a64_core *c, bool wfe)
{
    unsigned el = c->s.el;
    uint32_t iss = (1u << 24) | (0xeu << 20) | (wfe ? 1 : 0);
    if (el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (wfe ? 1u << 18 : 1u << 16)))
        return a64_raise(c, A64_EC_WFX, iss, false, -1);
    if (el <= 1 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & (wfe ? 1u << 14 : 1u << 13)))
        return a64_raise(c, A64_EC_WFX, iss, false, 2);
    if (el <= 2 && c->cfg.have_el3 && (c->sr[A64_SR_SCR_EL3] & (wfe ? 1u << 13 : 1u << 12)))
        return a64_raise(c, A64_EC_WFX, iss, false, 3);
    return A64_OK;
}

a64_status a64_h_wfi(a64_core *c, const a64_slot *s)
{
    (void)s;
    if (a64_wake_pending(c)) return A64_OK; /* completes at once: an interrupt is pending */
    a64_status st = wfx_trap(c, false);
    return st == A64_OK ? A64_WFI : st;
}

a64_status a64_h_wfe(a64_core *c, const a64_slot *s)
{
    (void)s;
    if (c->s.event) {
        c->s.event = false;
        return A64_OK;
    }
    if (a64_wake_pending(c)) return A64_OK;
    a64_status st = wfx_trap(c, true);
    return st == A64_OK ? A64_WFE : st;
}

/* SEV signals an event to every PE of the system, this one included
 * (Arm ARM D1.16.1); other cores learn it through their event callback. */
a64_status a64_h_sev(a64_core *c, const a64_slot *s)
{
    (void)s;
    a64_system *sys = c->sys;
    c->s.event = true;
    for (unsigned i = 0; i < sys->ncores; i++) {
        a64_core *o = sys->cores[i];
        if (o == c) continue;
        o->s.event = true;
        if (o->cb.event) o->cb.event(o->cb.ctx, o);
    }
    return A64_OK;
}

a64_status a64_h_sevl(a64_core *c, const a64_slot *s)
{
    (void)s;
    c->s.event = true;
    return A64_OK;
}

a64_status a64_h_clrex(a64_core *c, const a64_slot *s)
{
    (void)s;
    a64_monitor_clear(c);
    return A64_OK;
}

/* DMB/DSB/ISB: one in-order PE with a coherent memory view needs no ordering
 * work; the cost is the timing class. ISB's context synchronization is implicit
 * since system-register writes take effect immediately. */
a64_status a64_h_barrier(a64_core *c, const a64_slot *s)
{
    (void)c;
    (void)s;
    return A64_OK;
}

/* ---- MSR (immediate): PSTATE fields (Arm ARM C6.2 MSR (immediate)) ---- */
a64_status a64_h_msr_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned op1 = f_bits(i, 18, 16), op2 = f_bits(i, 7, 5), crm = f_bits(i, 11, 8);
    if (op1 == 0 && op2 == 5) { /* SPSel */
        if (c->s.el == 0) return A64_UNDEF;
        c->s.spsel = crm & 1;
        return A64_OK;
    }
    if (op1 == 3 && (op2 == 6 || op2 == 7)) { /* DAIFSet / DAIFClr */
        if (c->s.el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (1u << 9))) {
            uint32_t iss = (op2 << 17) | (op1 << 14) | (4u << 10) | (31u << 5) | (crm << 1);
            return a64_raise(c, A64_EC_SYSREG, iss, false, -1);
        }
        if (op2 == 6)
            c->s.daif |= crm << 6;
        else
            c->s.daif &= ~(crm << 6);
        a64_update_interrupts(c);
        return A64_OK;
    }
    return A64_UNDEF; /* UAO, PAN, SSBS, DIT, ...: not implemented */
}

/* ---- MSR/MRS (register) ---- */
a64_status a64_h_msr_reg(a64_core *c, const a64_slot *s)
{
    return a64_msr(c, f_bits(s->insn, 20, 5), f_rd(s->insn));
}

a64_status a64_h_mrs(a64_core *c, const a64_slot *s)
{
    return a64_mrs(c, f_bits(s->insn, 20, 5), f_rd(s->insn));
}

/* ---- SYS: cache maintenance, address translation, TLB maintenance ---- */

#define SYSOP(op1, crn, crm, op2) (((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* Trap a SYS instruction to target_el (-1: the default routing, EL1 or, from EL0
 * under HCR_EL2.TGE, EL2). EC 0x18 ISS: op0 = 1, direction = 0. */
static a64_status sys_trap_to(a64_core *c, uint32_t i, int target_el)
{
    uint32_t iss = (1u << 20) | (f_bits(i, 7, 5) << 17) | (f_bits(i, 18, 16) << 14) |
                   (f_bits(i, 15, 12) << 10) | (f_rd(i) << 5) | (f_bits(i, 11, 8) << 1);
    return a64_raise(c, A64_EC_SYSREG, iss, false, target_el);
}

static a64_status sys_trap(a64_core *c, uint32_t i)
{
    return sys_trap_to(c, i, -1);
}

/* HCR_EL2 bits that trap EL0/EL1 maintenance instructions to EL2 (Arm ARM D17.2
 * HCR_EL2): FB forces broadcast, the rest trap. Without VHE they apply under TGE
 * too; they come after the EL0 controls of SCTLR_EL1, whose trap has priority. */
#define HCR_FB   (1ull << 9)
#define HCR_TSW  (1ull << 22)
#define HCR_TPC  (1ull << 23)
#define HCR_TPU  (1ull << 24)
#define HCR_TTLB (1ull << 25)
#define HCR_TDZ  (1ull << 28)

static bool hcr_set(const a64_core *c, uint64_t bits)
{
    return c->s.el <= 1 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & bits);
}

/* TLBI operations of ARMv8.0 (Arm ARM C5.5): bitmask of valid op2 per op1/CRm. */
static bool tlbi_valid(unsigned op1, unsigned crm, unsigned op2, unsigned *min_el)
{
    static const uint8_t el1_ops = 0xaf; /* VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 */
    if (op1 == 0 && (crm == 3 || crm == 7)) {
        *min_el = 1;
        return (el1_ops >> op2) & 1;
    }
    if (op1 == 4) {
        *min_el = 2;
        if (crm == 0 || crm == 4) return op2 == 1 || op2 == 5;
        if (crm == 3 || crm == 7) return op2 == 0 || op2 == 1 || op2 == 4 || op2 == 5 || op2 == 6;
        return false;
    }
    if (op1 == 6 && (crm == 3 || crm == 7)) {
        *min_el = 3;
        return op2 == 0 || op2 == 1 || op2 == 5;
    }
    return false;
}

/* Translate the address of a cache maintenance instruction by VA as a load
 * would (as a store for DC IVAC): faults are Data Aborts with CM = 1 and
 * WnR = 1 (Arm ARM D8.4.x, "permission checks for cache maintenance"). */
static a64_status cm_translate(a64_core *c, uint64_t va, bool write, a64_xlate *x)
{
    unsigned el = c->s.el;
    if (!a64_mmu_translate(c, va, el, el, write ? A64_AK_WRITE : A64_AK_READ, x, 0))
        return a64_data_abort(c, va, true, x->fsc, true);
    return A64_OK;
}

/* DC ZVA (Arm ARM C5.3): zero the DCZID_EL0.BS-sized block holding va. It is a
 * store for translation and permissions; Device memory gives an Alignment fault. */
static a64_status dc_zva(a64_core *c, uint64_t va)
{
    unsigned bytes = 4u << (c->sr[A64_SR_DCZID_EL0] & 15);
    a64_xlate x;
    unsigned el = c->s.el;
    if (!a64_mmu_translate(c, va, el, el, A64_AK_WRITE, &x, 0))
        return a64_data_abort(c, va, true, x.fsc, false);
    if (x.device) return a64_data_abort(c, va, true, A64_FSC_ALIGNMENT, false);
    uint64_t pa = x.pa & ~(uint64_t)(bytes - 1);
    a64_region *r = a64_ram_region(c->sys, pa, bytes);
    /* A refused block takes the store path below, which asks for real. */
    if (r && a64_ram_verdict_of(r, pa, x.ns, true, true) == A64_RAM_ALLOW) {
        uint64_t off = pa - r->base;
        memset(r->host + off, 0, bytes);
        if (r->pages[off >> A64_PAGE_SHIFT]) a64_code_store(r, off, bytes);
        if (c->sys->monitors_active) a64_monitor_clear_others(c, pa, bytes);
        return A64_OK;
    }
    uint64_t vbase = va & ~(uint64_t)(bytes - 1);
    for (unsigned k = 0; k < bytes; k += 8) {
        a64_status st = a64_store(c, vbase + k, 8, 0);
        if (st != A64_OK) return st;
    }
    return A64_OK;
}

a64_status a64_h_sys(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned op1 = f_bits(i, 18, 16), crn = f_bits(i, 15, 12), crm = f_bits(i, 11, 8),
             op2 = f_bits(i, 7, 5), rt = f_rd(i), el = c->s.el;
    /* SCTLR_EL1.UCI/DZE trap EL0 under HCR_EL2.TGE too (to EL2: sys_trap takes
     * the default routing); only VHE's {E2H, TGE} = {1, 1} would ignore them
     * (Arm ARM D17.2 SCTLR_EL1.UCI, DZE). */
    uint64_t sctlr1 = c->sr[A64_SR_SCTLR_EL1];
    uint64_t va = xr(c, rt);
    a64_xlate x;
    a64_status st;
    switch (SYSOP(op1, crn, crm, op2)) {
    case SYSOP(0, 7, 1, 0): /* IC IALLUIS */
    case SYSOP(0, 7, 5, 0): /* IC IALLU (already system-wide: HCR_EL2.FB adds nothing) */
        if (el == 0) return A64_UNDEF;
        if (hcr_set(c, HCR_TPU)) return sys_trap_to(c, i, 2);
        a64_invalidate_code(c->sys, 0, UINT64_MAX);
        return A64_OK;
    case SYSOP(3, 7, 5, 1):                    /* IC IVAU: the predecode cache is keyed by PA */
        if (el == 0 && !(sctlr1 & (1u << 26))) /* SCTLR_EL1.UCI */
            return sys_trap(c, i);
        if (hcr_set(c, HCR_TPU)) return sys_trap_to(c, i, 2);
        if ((st = cm_translate(c, va, false, &x)) != A64_OK) return st;
        a64_invalidate_code(c->sys, x.pa & ~(uint64_t)63, 64);
        return A64_OK;
    case SYSOP(3, 7, 4, 1):                    /* DC ZVA */
        if (el == 0 && !(sctlr1 & (1u << 14))) /* SCTLR_EL1.DZE */
            return sys_trap(c, i);
        if (hcr_set(c, HCR_TDZ)) return sys_trap_to(c, i, 2);
        return dc_zva(c, va);
    case SYSOP(3, 7, 12, 1): /* DC CVAP: only with FEAT_DPB advertised */
        if (!((c->sr[A64_SR_ID_AA64ISAR1_EL1] >> 0) & 15)) return A64_UNDEF;
        /* fall through */
    case SYSOP(3, 7, 10, 1): /* DC CVAC */
    case SYSOP(3, 7, 11, 1): /* DC CVAU */
    case SYSOP(3, 7, 14, 1): /* DC CIVAC */
        if (el == 0 && !(sctlr1 & (1u << 26))) return sys_trap(c, i);
        /* To the Point of Unification: TPU; of Coherency (and Persistence): TPC. */
        if (hcr_set(c, crm == 11 ? HCR_TPU : HCR_TPC)) return sys_trap_to(c, i, 2);
        /* No data caches hold state here: the operation is its translation. */
        return cm_translate(c, va, false, &x);
    case SYSOP(0, 7, 6, 1): /* DC IVAC */
        if (el == 0) return A64_UNDEF;
        if (hcr_set(c, HCR_TPC)) return sys_trap_to(c, i, 2);
        return cm_translate(c, va, true, &x);
    case SYSOP(0, 7, 6, 2):  /* DC ISW */
    case SYSOP(0, 7, 10, 2): /* DC CSW */
    case SYSOP(0, 7, 14, 2): /* DC CISW */
        if (el == 0) return A64_UNDEF;
        return hcr_set(c, HCR_TSW) ? sys_trap_to(c, i, 2) : A64_OK;
    default: break;
    }
    if (crn == 7 && crm == 8) {
        /* AT (Arm ARM C5.5.x): the stage 1 translation of the named regime and
         * privilege, result in PAR_EL1. S12E1x/S12E0x equal S1E1x/S1E0x (no stage 2). */
        unsigned need, regime_el, pel;
        if (op1 == 0 && op2 <= 3) {
            need = 1;
            regime_el = 1;
            pel = op2 >= 2 ? 0 : 1;
        } else if (op1 == 4 && (op2 == 0 || op2 == 1)) {
            need = 2;
            regime_el = pel = 2;
        } else if (op1 == 4 && op2 >= 4) {
            need = 2;
            regime_el = 1;
            pel = op2 >= 6 ? 0 : 1;
        } else if (op1 == 6 && op2 <= 1) {
            need = 3;
            regime_el = pel = 3;
        } else {
            return A64_UNDEF;
        }
        if (el < need || (need == 2 && !c->cfg.have_el2) || (need == 3 && !c->cfg.have_el3))
            return A64_UNDEF;
        a64_at(c, va, regime_el, pel, op2 & 1);
        return A64_OK;
    }
    if (crn == 8) {
        unsigned need;
        if (!tlbi_valid(op1, crm, op2, &need)) return A64_UNDEF;
        if (el < need || (need == 2 && !c->cfg.have_el2) || (need == 3 && !c->cfg.have_el3))
            return A64_UNDEF;
        /* HCR_EL2.TTLB traps EL1 TLB maintenance to EL2; HCR_EL2.FB makes EL1's
         * local forms (CRm 7) Inner Shareable (CRm 3). */
        if (el == 1 && hcr_set(c, HCR_TTLB)) return sys_trap_to(c, i, 2);
        if (el == 1 && op1 == 0 && crm == 7 && hcr_set(c, HCR_FB)) crm = 3;
        a64_tlbi(c, op1, crm, op2, va);
        return A64_OK;
    }
    return A64_UNDEF;
}
