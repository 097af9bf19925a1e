/*
 * System registers (Arm ARM D17): a table keyed by op0:op1:CRn:CRm:op2 built from
 * a64_sysregs.def, with per-EL access checks. Registers the core does not own (the
 * generic timer and the GICv3 CPU interface) go to the sysreg callbacks after the
 * core's access checks for their class; anything else is UNDEFINED.
 */
#include "a64_fpsimd.h"
#include "a64_internal.h"

#include <stdlib.h>
#include <threads.h>

enum { RW, RO, WO, SP };

typedef struct sr_info {
    uint32_t enc;
    uint16_t id;
    uint8_t min_el, kind;
    uint64_t reset;
} sr_info;

static sr_info sr_table[] = {
#define A64_SR(id, op0, op1, crn, crm, op2, minel, kind, reset)                                 \
    {A64_SYSREG(op0, op1, crn, crm, op2), A64_SR_##id, minel, kind, reset},
#include "a64_sysregs.def"
#undef A64_SR
};
#define NSR (sizeof(sr_table) / sizeof(sr_table[0]))

static once_flag sort_once = ONCE_FLAG_INIT;
static int cmp_enc(const void *a, const void *b)
{
    uint32_t x = ((const sr_info *)a)->enc, y = ((const sr_info *)b)->enc;
    return x < y ? -1 : x > y;
}
static void sort_table(void) { qsort(sr_table, NSR, sizeof(sr_info), cmp_enc); }

static const sr_info *find(uint32_t enc)
{
    call_once(&sort_once, sort_table);
    size_t lo = 0, hi = NSR;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sr_table[mid].enc == enc)
            return &sr_table[mid];
        if (sr_table[mid].enc < enc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

#define SCR_NS  (1u << 0)
#define SCR_ST  (1u << 11)
#define HCR_TGE (1ull << 27)
/* Bits forced to 1: SCR_EL3[5:4] are RES1; SCR_EL3.RW and HCR_EL2.RW are RAO/WI
 * because no lower EL can be AArch32 (Arm ARM D17.2.x SCR_EL3, HCR_EL2). */
#define SCR_FIXED (0x30u | (1u << 10))
#define HCR_FIXED (1ull << 31)

bool a64_el2_enabled(const a64_core *c)
{
    return c->cfg.have_el2 && (!c->cfg.have_el3 || (c->sr[A64_SR_SCR_EL3] & SCR_NS));
}

uint64_t a64_sctlr_cur(const a64_core *c)
{
    switch (c->s.el) {
    case 3: return c->sr[A64_SR_SCTLR_EL3];
    case 2: return c->sr[A64_SR_SCTLR_EL2];
    case 0:
        if (a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & HCR_TGE))
            return c->sr[A64_SR_SCTLR_EL2];
        return c->sr[A64_SR_SCTLR_EL1];
    default: return c->sr[A64_SR_SCTLR_EL1];
    }
}

void a64_sysregs_reset(a64_core *c)
{
    call_once(&sort_once, sort_table);
    memset(c->sr, 0, sizeof(c->sr));
    for (size_t i = 0; i < NSR; i++)
        c->sr[sr_table[i].id] = sr_table[i].reset;
    /* ID_AA64PFR0_EL1 (D17.2.64): EL0/EL1 AArch64 only (1), EL2/EL3 as configured,
     * FP and AdvSIMD as a64_fpsimd.h says, GIC system-register interface (1)
     * when the platform connects one through the sysreg callbacks. */
    uint64_t pfr0 = 0x1 | (0x1 << 4) | (c->cfg.have_el2 ? 0x100 : 0) |
                    (c->cfg.have_el3 ? 0x1000 : 0) | A64_PFR0_FP_ADVSIMD;
    if (c->cb.sysreg_read)
        pfr0 |= 1ull << 24;
    c->sr[A64_SR_ID_AA64PFR0_EL1] = pfr0;
    c->sr[A64_SR_VPIDR_EL2] = c->cfg.midr;
    c->sr[A64_SR_VMPIDR_EL2] = c->cfg.mpidr | (1ull << 31);
    c->sr[A64_SR_CNTFRQ_EL0] = c->cfg.cntfrq;
    c->sr[A64_SR_SCR_EL3] = SCR_FIXED;
    c->sr[A64_SR_HCR_EL2] = HCR_FIXED;
}

/* ESR ISS for a trapped MSR/MRS (EC 0x18, Arm ARM D17.2.37). */
static a64_status trap_sysreg(a64_core *c, uint32_t enc, unsigned rt, bool read)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15,
             crm = (enc >> 3) & 15, op2 = enc & 7;
    uint32_t iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) |
                   (crm << 1) | (read ? 1 : 0);
    return a64_raise(c, A64_EC_SYSREG, iss, false, -1);
}

/* Which EL a register exists for: rows with min_el 2/3 need that EL implemented. */
static bool implemented(const a64_core *c, const sr_info *r)
{
    if (r->min_el == 2 && !c->cfg.have_el2)
        return false;
    if (r->min_el == 3 && !c->cfg.have_el3)
        return false;
    switch (r->id) {
    case A64_SR_RVBAR_EL1: return a64_highest_el(c) == 1;
    case A64_SR_RVBAR_EL2: return a64_highest_el(c) == 2;
    case A64_SR_RVBAR_EL3:
    case A64_SR_RMR_EL3: return a64_highest_el(c) == 3;
    default: return true;
    }
}

static uint64_t read_own(a64_core *c, const sr_info *r)
{
    bool virt = c->s.el == 1 && a64_el2_enabled(c);
    switch (r->id) {
    case A64_SR_MIDR_EL1: return virt ? c->sr[A64_SR_VPIDR_EL2] : c->cfg.midr;
    case A64_SR_MPIDR_EL1:
        return virt ? c->sr[A64_SR_VMPIDR_EL2] : (c->cfg.mpidr | (1ull << 31));
    case A64_SR_SP_EL0: return c->s.sp_el[0];
    case A64_SR_SP_EL1: return c->s.sp_el[1];
    case A64_SR_SP_EL2: return c->s.sp_el[2];
    case A64_SR_SPSEL: return c->s.spsel & 1;
    case A64_SR_CURRENTEL: return (uint64_t)c->s.el << 2;
    case A64_SR_NZCV: return c->s.nzcv & 0xf0000000u;
    case A64_SR_DAIF: return c->s.daif & 0x3c0u;
    case A64_SR_FPCR: return c->s.fpcr;
    case A64_SR_FPSR: return c->s.fpsr;
    case A64_SR_ISR_EL1: return (c->irq_line ? 1u << 7 : 0) | (c->fiq_line ? 1u << 6 : 0);
    case A64_SR_RVBAR_EL1:
    case A64_SR_RVBAR_EL2:
    case A64_SR_RVBAR_EL3: return c->cfg.rvbar;
    case A64_SR_DCZID_EL0:
        /* DZP reads 1 where DC ZVA would trap: EL0 with SCTLR_EL1.DZE = 0. */
        return c->sr[r->id] | (c->s.el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (1u << 14)) ? 16 : 0);
    default: return c->sr[r->id];
    }
}

/* Write a register the core owns; A64_FATAL for writes it cannot model. */
static a64_status write_own(a64_core *c, const sr_info *r, uint64_t v)
{
    switch (r->id) {
    case A64_SR_SP_EL0: c->s.sp_el[0] = v; break;
    case A64_SR_SP_EL1: c->s.sp_el[1] = v; break;
    case A64_SR_SP_EL2: c->s.sp_el[2] = v; break;
    case A64_SR_SPSEL: c->s.spsel = v & 1; break;
    case A64_SR_CURRENTEL: return A64_UNDEF;
    case A64_SR_NZCV: c->s.nzcv = (uint32_t)v & 0xf0000000u; break;
    case A64_SR_DAIF:
        c->s.daif = (uint32_t)v & 0x3c0u;
        a64_update_interrupts(c);
        break;
    case A64_SR_FPCR: c->s.fpcr = (uint32_t)v & A64_FPCR_WRITABLE; break;
    case A64_SR_FPSR: c->s.fpsr = (uint32_t)v & A64_FPSR_WRITABLE; break;
    case A64_SR_ESR_EL1:
    case A64_SR_ESR_EL2:
    case A64_SR_ESR_EL3: c->sr[r->id] = v & 0xffffffffu; break;
    case A64_SR_VBAR_EL1:
    case A64_SR_VBAR_EL2:
    case A64_SR_VBAR_EL3: c->sr[r->id] = v & ~(uint64_t)0x7ff; break;
    case A64_SR_OSLAR_EL1:
        c->sr[A64_SR_OSLSR_EL1] = (c->sr[A64_SR_OSLSR_EL1] & ~2ull) | ((v & 1) << 1);
        break;
    case A64_SR_RMR_EL3:
        if (v & 2) {
            a64_set_fatal(c, "RMR_EL3.RR=1: warm reset request not modelled");
            return A64_FATAL;
        }
        c->sr[r->id] = (v & 2) | 1; /* AA64 is RES1: AArch32 not implemented */
        break;
    case A64_SR_SCTLR_EL1:
    case A64_SR_SCTLR_EL2:
    case A64_SR_SCTLR_EL3:
        c->sr[r->id] = v;
        if (!a64_check_regime(c))
            return A64_FATAL;
        break;
    case A64_SR_HCR_EL2:
    case A64_SR_SCR_EL3:
        c->sr[r->id] = v | (r->id == A64_SR_HCR_EL2 ? HCR_FIXED : SCR_FIXED);
        a64_update_interrupts(c);
        if (!a64_check_regime(c))
            return A64_FATAL;
        break;
    case A64_SR_MIDR_EL1:
    case A64_SR_MPIDR_EL1:
    case A64_SR_ISR_EL1:
    case A64_SR_RVBAR_EL1:
    case A64_SR_RVBAR_EL2:
    case A64_SR_RVBAR_EL3: return A64_UNDEF;
    default: c->sr[r->id] = v; break;
    }
    return A64_OK;
}

/* ---- registers owned by the callbacks ---- */

enum { CLS_NONE, CLS_TIMER, CLS_GIC };

/* The generic timer (Arm ARM D11.2): CNTPCT/CNTVCT and the EL0 physical and
 * virtual timers (op1=3, CRn=14), the EL2 registers (op1=4), the secure
 * physical timer (op1=7). Returns the class and the lowest EL in *min_el. */
static int callback_class(const a64_core *c, uint32_t enc, unsigned *min_el, unsigned *el0_bit)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15,
             crm = (enc >> 3) & 15, op2 = enc & 7;
    *el0_bit = 32;
    if (op0 != 3)
        return CLS_NONE;
    if (crn == 14) {
        if (op1 == 3 && crm == 0 && (op2 == 1 || op2 == 2)) {
            *min_el = 0;
            *el0_bit = op2 == 1 ? 0 : 1; /* CNTKCTL_EL1.EL0PCTEN / EL0VCTEN */
            return CLS_TIMER;
        }
        if (op1 == 3 && (crm == 2 || crm == 3) && op2 <= 2) {
            *min_el = 0;
            *el0_bit = crm == 2 ? 9 : 8; /* EL0PTEN / EL0VTEN */
            return CLS_TIMER;
        }
        if (op1 == 4 && c->cfg.have_el2 &&
            ((crm == 1 && op2 == 0) || (crm == 0 && op2 == 3) || (crm == 2 && op2 <= 2))) {
            *min_el = 2;
            return CLS_TIMER;
        }
        if (op1 == 7 && crm == 2 && op2 <= 2) {
            /* CNTPS_*: EL3, or Secure EL1 when SCR_EL3.ST allows it. */
            bool secure_el1 = c->s.el == 1 && (!c->cfg.have_el3 ||
                                               (!(c->sr[A64_SR_SCR_EL3] & SCR_NS) &&
                                                (c->sr[A64_SR_SCR_EL3] & SCR_ST)));
            *min_el = secure_el1 ? 1 : 3;
            return CLS_TIMER;
        }
        return CLS_NONE;
    }
    /* GICv3 CPU interface system registers (IHI 0069, 12.1). */
    if (crn == 12 && op1 == 0 && crm >= 8 && crm <= 12) {
        *min_el = 1;
        return CLS_GIC;
    }
    if (enc == A64_SYSREG(3, 0, 4, 6, 0)) { /* ICC_PMR_EL1 */
        *min_el = 1;
        return CLS_GIC;
    }
    if (crn == 12 && op1 == 4 && crm >= 8 && crm <= 11 && c->cfg.have_el2) {
        *min_el = 2; /* ICH_* and ICC_SRE_EL2 */
        return CLS_GIC;
    }
    if (crn == 12 && op1 == 6 && crm == 12 && (op2 == 4 || op2 == 5 || op2 == 7) &&
        c->cfg.have_el3) {
        *min_el = 3; /* ICC_CTLR_EL3, ICC_SRE_EL3, ICC_IGRPEN1_EL3 */
        return CLS_GIC;
    }
    return CLS_NONE;
}

/* The AArch64 ID register space op0=3, op1=0, CRn=0, CRm=1..7: unallocated
 * encodings there are RAZ at EL1 and above (Arm ARM D17.2, "reserved ID"). */
static bool is_reserved_id(uint32_t enc)
{
    unsigned crm = (enc >> 3) & 15;
    return (enc & ~(uint32_t)((15 << 3) | 7)) == A64_SYSREG(3, 0, 0, 0, 0) && crm >= 1;
}

/* Common MRS/MSR checks. Returns A64_OK to proceed with *r (may be NULL for the
 * callback classes, then *cls says which). */
static a64_status check_access(a64_core *c, uint32_t enc, unsigned rt, bool read,
                               const sr_info **rp, int *cls)
{
    unsigned el = c->s.el, min_el = 0, el0_bit;
    const sr_info *r = find(enc);
    *rp = r;
    *cls = CLS_NONE;
    if (r) {
        if (!implemented(c, r) || el < r->min_el)
            return A64_UNDEF;
        if ((read && r->kind == WO) || (!read && r->kind == RO))
            return A64_UNDEF;
        uint64_t sctlr1 = c->sr[A64_SR_SCTLR_EL1];
        switch (r->id) {
        case A64_SR_SP_EL0:
            if (!c->s.spsel) /* D17.2.x: UNDEFINED while SP_EL0 is the current SP */
                return A64_UNDEF;
            break;
        case A64_SR_DAIF:
            if (el == 0 && !(sctlr1 & (1u << 9))) /* SCTLR_EL1.UMA */
                return trap_sysreg(c, enc, rt, read);
            break;
        case A64_SR_CTR_EL0:
            if (el == 0 && !(sctlr1 & (1u << 15))) /* SCTLR_EL1.UCT */
                return trap_sysreg(c, enc, rt, read);
            break;
        case A64_SR_FPCR:
        case A64_SR_FPSR: return a64_fp_access_check(c);
        case A64_SR_TPIDRRO_EL0:
            if (el == 0 && !read)
                return A64_UNDEF;
            break;
        case A64_SR_CNTFRQ_EL0:
            if (!read && el != a64_highest_el(c))
                return A64_UNDEF;
            if (el == 0 && !(c->sr[A64_SR_CNTKCTL_EL1] & 3))
                return trap_sysreg(c, enc, rt, read);
            break;
        default: break;
        }
        return A64_OK;
    }
    *cls = callback_class(c, enc, &min_el, &el0_bit);
    if (*cls == CLS_NONE) {
        if (read && el >= 1 && is_reserved_id(enc))
            return A64_OK;
        return A64_UNDEF;
    }
    if (el < min_el)
        return A64_UNDEF;
    if (el == 0 && el0_bit < 32 && !(c->sr[A64_SR_CNTKCTL_EL1] & (1u << el0_bit)))
        return trap_sysreg(c, enc, rt, read);
    return A64_OK;
}

a64_status a64_mrs(a64_core *c, uint32_t enc, unsigned rt)
{
    const sr_info *r;
    int cls;
    a64_status st = check_access(c, enc, rt, true, &r, &cls);
    if (st != A64_OK)
        return st;
    uint64_t v = 0;
    if (r) {
        v = read_own(c, r);
    } else if (cls != CLS_NONE) {
        if (!c->cb.sysreg_read || c->cb.sysreg_read(c->cb.ctx, c, enc, &v) != 0)
            return A64_UNDEF;
    }
    set_xr(c, rt, v);
    return A64_OK;
}

a64_status a64_msr(a64_core *c, uint32_t enc, unsigned rt)
{
    const sr_info *r;
    int cls;
    a64_status st = check_access(c, enc, rt, false, &r, &cls);
    if (st != A64_OK)
        return st;
    uint64_t v = xr(c, rt);
    if (r)
        return write_own(c, r, v);
    if (!c->cb.sysreg_write || c->cb.sysreg_write(c->cb.ctx, c, enc, v) != 0)
        return A64_UNDEF;
    return A64_OK;
}

int a64_sysreg_get(const a64_core *c, uint32_t enc, uint64_t *value)
{
    const sr_info *r = find(enc);
    if (!r || !implemented(c, r) || !value)
        return -1;
    *value = read_own((a64_core *)c, r);
    return 0;
}

int a64_sysreg_set(a64_core *c, uint32_t enc, uint64_t value)
{
    const sr_info *r = find(enc);
    if (!r || !implemented(c, r))
        return -1;
    switch (r->id) {
    case A64_SR_SCTLR_EL1:
    case A64_SR_SCTLR_EL2:
    case A64_SR_SCTLR_EL3:
    case A64_SR_HCR_EL2:
    case A64_SR_SCR_EL3:
    case A64_SR_RMR_EL3:
        /* Stored as given; an unmodellable regime is reported by a64_run. */
        c->sr[r->id] = value | (r->id == A64_SR_HCR_EL2   ? HCR_FIXED
                                : r->id == A64_SR_SCR_EL3 ? SCR_FIXED
                                                          : 0);
        a64_update_interrupts(c);
        return 0;
    case A64_SR_CURRENTEL:
        if (value & ~0xcull)
            return -1;
        c->s.el = (uint8_t)(value >> 2);
        return 0;
    default: break;
    }
    if (r->kind == RO) /* ID registers describe what is implemented */
        return -1;
    return write_own(c, r, value) == A64_UNDEF ? -1 : 0;
}
