/*
 * System registers (Arm ARM D17-D19): MRS/MSR through the table of a64_sysregs.def.
 * Each row gives the encoding, the ELs that may read or write it, its reset value,
 * a check function for trap rules and read/write handlers (QEMU ARMCPRegInfo style).
 * The access path is the same for every register: find the row, the EL rights, the
 * check function, then the handler. Registers owned by devices (generic timer,
 * GICv3 CPU interface) are rows whose handlers call a64_callbacks.sysreg_read/write;
 * a64_sysreg_owner_of() tells the platform which device, from the same rows.
 *
 * Also here: the regime checks (EL2 enabled, SCTLR in force, modellable regime),
 * which the step loop and the instruction handlers call.
 */
#include "a64_fpsimd.h"
#include "a64_internal.h"
#include "a64_mmu.h"

#include <stdlib.h>
#include <threads.h>

static a64_sr sr_table[] = {
#define A64_SR(id, op0, op1, crn, crm, op2, access, hcr, reset, check, read, write)                \
    {A64_SYSREG(op0, op1, crn, crm, op2), A64_SR_##id, access, hcr, reset, check, read, write, #id},
#include "a64_sysregs.def"
#undef A64_SR
};
#define NSR (sizeof(sr_table) / sizeof(sr_table[0]))

static once_flag sort_once = ONCE_FLAG_INIT;
static int cmp_enc(const void *a, const void *b)
{
    uint32_t x = ((const a64_sr *)a)->enc, y = ((const a64_sr *)b)->enc;
    return x < y ? -1 : x > y;
}
static void sort_table(void)
{
    qsort(sr_table, NSR, sizeof(a64_sr), cmp_enc);
}

const a64_sr *a64_sysreg_table(size_t *count)
{
    call_once(&sort_once, sort_table);
    if (count) *count = NSR;
    return sr_table;
}

const a64_sr *a64_sysreg_find(uint32_t enc)
{
    call_once(&sort_once, sort_table);
    size_t lo = 0, hi = NSR;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sr_table[mid].enc == enc) return &sr_table[mid];
        if (sr_table[mid].enc < enc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

#define SCR_NS    (1u << 0)
#define SCR_ST    (1u << 11)
#define HCR_TGE   (1ull << 27)
/* Bits forced to 1: SCR_EL3[5:4] are RES1; SCR_EL3.RW and HCR_EL2.RW are RAO/WI
 * because no lower EL can be AArch32 (Arm ARM D17.2.x SCR_EL3, HCR_EL2). */
#define SCR_FIXED (0x30u | (1u << 10))
#define HCR_FIXED (1ull << 31)

/* The SCR_EL3 fields of Armv8.0 (Arm ARM D17.2 SCR_EL3): NS, IRQ, FIQ, EA, SMD,
 * HCE, SIF, RW, ST, TWI, TWE. Bit 6 and every field of a feature the ID
 * registers do not advertise (TLOR, TERR, APK/API, ...) are RES0. */
#define SCR_WRITABLE 0x3fbfu

/* ---------------- regime checks ---------------- */

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
        if (a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & HCR_TGE)) return c->sr[A64_SR_SCTLR_EL2];
        return c->sr[A64_SR_SCTLR_EL1];
    default: return c->sr[A64_SR_SCTLR_EL1];
    }
}

/* Big-endian data and stage 2 are not modelled: once the translation regime of
 * the current EL needs them, stop rather than run with the wrong memory view.
 * (SCTLR_ELx.M = 1 is modelled: stage-1 translation, a64_mmu.c.) Returns false
 * (and sets fatal_msg) in that case. */
bool a64_check_regime(a64_core *c)
{
    uint64_t sctlr = a64_sctlr_cur(c);
    if (sctlr & (1u << 25)) {
        a64_set_fatal(c, "SCTLR_EL%u.EE=1: big-endian data not modelled", c->s.el ? c->s.el : 1);
        return false;
    }
    if (c->s.el == 0 && (sctlr & (1u << 24))) {
        a64_set_fatal(c, "SCTLR_EL1.E0E=1: big-endian data not modelled");
        return false;
    }
    /* EL1&0 under an enabled EL2: stage 2 (HCR_EL2.VM) and "default cacheable"
     * (HCR_EL2.DC) change what the EL1&0 addresses mean. */
    uint64_t hcr = c->sr[A64_SR_HCR_EL2];
    if (c->s.el <= 1 && a64_el2_enabled(c) && (hcr & ((1ull << 0) | (1ull << 12)))) {
        a64_set_fatal(c, "HCR_EL2.%s=1: %s not modelled", hcr & 1 ? "VM" : "DC",
                      hcr & 1 ? "stage 2 translation" : "default cacheable memory");
        return false;
    }
    return true;
}

/* ---------------- reset ---------------- */

void a64_sysregs_reset(a64_core *c)
{
    call_once(&sort_once, sort_table);
    memset(c->sr, 0, sizeof(c->sr));
    for (size_t i = 0; i < NSR; i++)
        c->sr[sr_table[i].id] = sr_table[i].reset;
    c->sr[A64_SR_CNTFRQ_EL0] = c->cfg.cntfrq;
    c->sr[A64_SR_SCR_EL3] = SCR_FIXED;
    c->sr[A64_SR_HCR_EL2] = HCR_FIXED;
    a64_idregs_reset(c);
    a64_pmu_reset(c);
}

/* ---------------- the access path ---------------- */

/* Lowest EL with any access right: registers of EL2/EL3 exist only with that EL. */
static bool implemented(const a64_core *c, const a64_sr *r)
{
    if (r->access & (A64_ACC_R(0) | A64_ACC_W(0) | A64_ACC_R(1) | A64_ACC_W(1))) return true;
    if (r->access & (A64_ACC_R(2) | A64_ACC_W(2))) return c->cfg.have_el2;
    return c->cfg.have_el3;
}

/* ESR ISS for a trapped MSR/MRS (EC 0x18, Arm ARM D17.2.37). */
static a64_status trap_sysreg(a64_core *c, uint32_t enc, unsigned rt, bool read, int el)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15, crm = (enc >> 3) & 15,
             op2 = enc & 7;
    uint32_t iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) |
                   (read ? 1 : 0);
    return a64_raise(c, A64_EC_SYSREG, iss, false, el);
}

/* The AArch64 ID register space op0=3, op1=0, CRn=0, CRm=1..7: unallocated
 * encodings there are RAZ at EL1 and above (Arm ARM D17.2, "reserved ID"). */
static bool is_reserved_id(uint32_t enc)
{
    unsigned crm = (enc >> 3) & 15;
    return (enc & ~(uint32_t)((15 << 3) | 7)) == A64_SYSREG(3, 0, 0, 0, 0) && crm >= 1;
}

/* The encodings reserved for IMPLEMENTATION DEFINED registers: op0=3, CRn=11 or 15
 * (Arm ARM DDI 0487, "Reserved encodings for IMPLEMENTATION DEFINED registers"). */
static bool is_impdef_space(uint32_t enc)
{
    unsigned crn = (enc >> 7) & 15;
    return (enc >> 14) == 3 && (crn == 11 || crn == 15);
}

/* HCR_EL2 bits per trap group, [group][read]: TVM traps writes and TRVM reads of
 * the EL1 virtual-memory controls; TID1/TID3 trap reads (their registers are
 * read-only); TID2 also traps CSSELR_EL1 writes; TIDCP and TACR both directions
 * (Arm ARM D17.2.48). TID0 has no group: it traps only AArch32 registers (FPSID,
 * JIDR), and no EL is AArch32 here. */
static const uint64_t hcr_group_bits[HT_COUNT][2] = {
    [HT_VM] = {1ull << 26, 1ull << 30},   [HT_ID1] = {0, 1ull << 16},
    [HT_ID2] = {1ull << 17, 1ull << 17},  [HT_ID3] = {0, 1ull << 18},
    [HT_IDCP] = {1ull << 20, 1ull << 20}, [HT_ACR] = {1ull << 21, 1ull << 21},
};

/* Whether HCR_EL2 traps an EL0/EL1 access of group `g` to EL2. TGE does not
 * exempt these controls (no VHE: HCR_EL2.E2H is RES0). */
static bool hcr_traps(const a64_core *c, unsigned g, bool read)
{
    return (c->sr[A64_SR_HCR_EL2] & hcr_group_bits[g][read]) && a64_el2_enabled(c);
}

/* Common MRS/MSR checks: A64_OK with *rp set (NULL: a RAZ reserved ID register). */
static a64_status check_access(a64_core *c, uint32_t enc, unsigned rt, bool read, const a64_sr **rp)
{
    unsigned el = c->s.el;
    const a64_sr *r = a64_sysreg_find(enc);
    *rp = r;
    if (!r) {
        /* TIDCP traps the whole IMPLEMENTATION DEFINED space at EL1, rows or not,
         * and TID3 reads of the reserved ID space (RAZ otherwise). Whether TIDCP
         * traps EL0 is IMPLEMENTATION DEFINED: here it does not (EL0 has no access
         * to these encodings, UNDEFINED). */
        if (el == 1 && is_impdef_space(enc) && hcr_traps(c, HT_IDCP, read))
            return trap_sysreg(c, enc, rt, read, 2);
        if (!read || el == 0 || !is_reserved_id(enc)) return A64_UNDEF;
        if (el == 1 && hcr_traps(c, HT_ID3, true)) return trap_sysreg(c, enc, rt, read, 2);
        return A64_OK;
    }
    if (!implemented(c, r) || !(r->access & (read ? A64_ACC_R(el) : A64_ACC_W(el))))
        return A64_UNDEF;
    a64_sr_acc acc = r->check(c, r, read);
    /* The row's HCR_EL2 group. Its trap to EL2 yields only to the check's traps to
     * EL1 (CTR_EL0 under SCTLR_EL1.UCT at EL0) and to EL2, and to an exception the
     * check raised; it beats the check's traps to EL3 (ACTLR_EL3 write enables),
     * and, for an IMPLEMENTATION DEFINED row this core type lacks (UNDEFINED), TIDCP
     * traps the encoding all the same. */
    if (r->hcr && el <= 1 && acc != A64_ACC_TRAP_EL1 && acc != A64_ACC_RAISED &&
        hcr_traps(c, r->hcr, read))
        acc = A64_ACC_TRAP_EL2;
    switch (acc) {
    case A64_ACC_OK: return A64_OK;
    /* A trap to EL1 from EL0 takes the default routing: EL2 under HCR_EL2.TGE. */
    case A64_ACC_TRAP_EL1: return trap_sysreg(c, enc, rt, read, -1);
    case A64_ACC_TRAP_EL2: return trap_sysreg(c, enc, rt, read, 2);
    case A64_ACC_TRAP_EL3: return trap_sysreg(c, enc, rt, read, 3);
    case A64_ACC_RAISED: return A64_EXC;
    default: return A64_UNDEF;
    }
}

a64_status a64_mrs(a64_core *c, uint32_t enc, unsigned rt)
{
    const a64_sr *r;
    a64_status st = check_access(c, enc, rt, true, &r);
    if (st != A64_OK) return st;
    if (!r) {
        set_xr(c, rt, 0);
        return A64_OK;
    }
    uint64_t v = r->read(c, r);
    if (c->sr_read_undef) { /* the device refused the register: UNDEFINED */
        c->sr_read_undef = false;
        return A64_UNDEF;
    }
    set_xr(c, rt, v);
    return A64_OK;
}

a64_status a64_msr(a64_core *c, uint32_t enc, unsigned rt)
{
    const a64_sr *r;
    a64_status st = check_access(c, enc, rt, false, &r);
    if (st != A64_OK) return st;
    return r->write(c, r, xr(c, rt));
}

/* ---------------- debugger/test access (no EL checks) ---------------- */

static a64_sysreg_owner owner(const a64_sr *r);

int a64_sysreg_get(const a64_core *c, uint32_t enc, uint64_t *value)
{
    const a64_sr *r = a64_sysreg_find(enc);
    if (!r || !implemented(c, r) || !value || owner(r) != A64_SR_OWNER_CORE) return -1;
    *value = r->read((a64_core *)c, r);
    return 0;
}

int a64_sysreg_set(a64_core *c, uint32_t enc, uint64_t value)
{
    const a64_sr *r = a64_sysreg_find(enc);
    if (!r || !implemented(c, r) || owner(r) != A64_SR_OWNER_CORE) return -1;
    switch (r->id) {
    case A64_SR_SCTLR_EL1:
    case A64_SR_SCTLR_EL2:
    case A64_SR_SCTLR_EL3:
    case A64_SR_HCR_EL2:
    case A64_SR_SCR_EL3:
    case A64_SR_RMR_EL3:
        /* Stored as given; an unmodellable regime is reported by a64_run. */
        a64_sr_store(c, r,
                     value | (r->id == A64_SR_HCR_EL2   ? HCR_FIXED
                              : r->id == A64_SR_SCR_EL3 ? SCR_FIXED
                                                        : 0));
        if (r->id == A64_SR_SCR_EL3) a64_pe_state_changed(c);
        a64_update_vint(c);
        return 0;
    case A64_SR_CURRENTEL:
        if (value & ~0xcull) return -1;
        c->s.el = (uint8_t)(value >> 2);
        a64_pmu_sync(c);
        a64_pe_state_changed(c);
        return 0;
    default: break;
    }
    /* Read-only registers (ID registers describe what is implemented) stay so. */
    if (!(r->access & (A64_ACC_W(1) | A64_ACC_W(2) | A64_ACC_W(3)))) return -1;
    return r->write(c, r, value) == A64_OK ? 0 : -1;
}

/* ================= row handlers ================= */

/* ---- generic ---- */

a64_sr_acc sr_ok(a64_core *c, const a64_sr *r, bool read)
{
    (void)c;
    (void)r;
    (void)read;
    return A64_ACC_OK;
}

uint64_t sr_rd(a64_core *c, const a64_sr *r)
{
    return c->sr[r->id];
}

/* The one write path of stored registers: every handler that stores a value,
 * and a64_sysreg_set, end here. */
a64_status a64_sr_store(a64_core *c, const a64_sr *r, uint64_t v)
{
    c->sr[r->id] = v;
    /* State derived from stored registers is updated here, once, for every
     * register: a write to a translation control (SCTLR/TCR/TTBR/MAIR_ELx,
     * HCR_EL2, SCR_EL3) flushes the TLBs and re-translates the executing page. */
    a64_mmu_sysreg_written(c, r->id);
    return A64_OK;
}

a64_status sr_wr(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v);
}

/* ---- devices: the row says which encodings and which device; the callbacks do
 * the work ---- */

static uint64_t dev_read(a64_core *c, const a64_sr *r)
{
    uint64_t v = 0;
    if (!c->cb.sysreg_read || c->cb.sysreg_read(c->cb.ctx, c, r->enc, &v) != 0)
        c->sr_read_undef = true;
    return v;
}

static a64_status dev_write(a64_core *c, const a64_sr *r, uint64_t v)
{
    if (!c->cb.sysreg_write || c->cb.sysreg_write(c->cb.ctx, c, r->enc, v) != 0) return A64_UNDEF;
    return A64_OK;
}

uint64_t sr_timer_rd(a64_core *c, const a64_sr *r)
{
    return dev_read(c, r);
}
a64_status sr_timer_wr(a64_core *c, const a64_sr *r, uint64_t v)
{
    return dev_write(c, r, v);
}

/* ---- GICv3 CPU interface: which interface a Non-secure EL1 access reaches ---- */

#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)

/* The HCR_EL2 bits that send a Non-secure EL1 access to this ICC_* register to its
 * ICV_* twin (Arm ARM D13/IHI 0069 12.3 pseudocode): FMO for the Group 0
 * registers, IMO for the Group 1 ones, either for those common to both. 0: never
 * virtual (SRE, the SGI generation registers, EL2/EL3 registers). */
static uint64_t icc_virtual_bits(unsigned id)
{
    switch (id) {
    case A64_SR_ICC_IAR0_EL1:
    case A64_SR_ICC_EOIR0_EL1:
    case A64_SR_ICC_HPPIR0_EL1:
    case A64_SR_ICC_BPR0_EL1:
    case A64_SR_ICC_AP0R0_EL1:
    case A64_SR_ICC_IGRPEN0_EL1: return HCR_FMO;
    case A64_SR_ICC_IAR1_EL1:
    case A64_SR_ICC_EOIR1_EL1:
    case A64_SR_ICC_HPPIR1_EL1:
    case A64_SR_ICC_BPR1_EL1:
    case A64_SR_ICC_AP1R0_EL1:
    case A64_SR_ICC_IGRPEN1_EL1: return HCR_IMO;
    case A64_SR_ICC_PMR_EL1:
    case A64_SR_ICC_CTLR_EL1:
    case A64_SR_ICC_DIR_EL1:
    case A64_SR_ICC_RPR_EL1: return HCR_IMO | HCR_FMO;
    default: return 0;
    }
}

/* HCR_EL2 routing bits in effect at Non-secure EL1: TGE makes IMO/FMO behave as 1. */
static uint64_t hcr_routing(const a64_core *c)
{
    uint64_t hcr = c->sr[A64_SR_HCR_EL2];
    return hcr & HCR_TGE ? hcr | HCR_IMO | HCR_FMO : hcr;
}

static uint32_t gic_enc(a64_core *c, const a64_sr *r)
{
    if (c->s.el == 1 && a64_el2_enabled(c) && (hcr_routing(c) & icc_virtual_bits(r->id)))
        return r->enc | A64_SYSREG_VIRTUAL;
    return r->enc;
}

a64_sr_acc sr_chk_icc(a64_core *c, const a64_sr *r, bool read)
{
    if (c->s.el != 1 || !a64_el2_enabled(c)) return A64_ACC_OK;
    /* ICC_SGI0R/SGI1R_EL1 at Non-secure EL1 trap to EL2 when IMO or FMO is set: a
     * guest's SGIs are the hypervisor's to emulate. */
    if ((r->id == A64_SR_ICC_SGI0R_EL1 || r->id == A64_SR_ICC_SGI1R_EL1) &&
        (hcr_routing(c) & (HCR_IMO | HCR_FMO)))
        return A64_ACC_TRAP_EL2;
    /* ICC_SRE_EL2.Enable and ICH_HCR_EL2.TC/TALL0/TALL1/TDIR live in the GIC. */
    if (c->cb.sysreg_trap && c->cb.sysreg_trap(c->cb.ctx, c, gic_enc(c, r), read))
        return A64_ACC_TRAP_EL2;
    return A64_ACC_OK;
}

uint64_t sr_gic_rd(a64_core *c, const a64_sr *r)
{
    uint64_t v = 0;
    if (!c->cb.sysreg_read || c->cb.sysreg_read(c->cb.ctx, c, gic_enc(c, r), &v) != 0)
        c->sr_read_undef = true;
    return v;
}
a64_status sr_gic_wr(a64_core *c, const a64_sr *r, uint64_t v)
{
    if (!c->cb.sysreg_write || c->cb.sysreg_write(c->cb.ctx, c, gic_enc(c, r), v) != 0)
        return A64_UNDEF;
    return A64_OK;
}

static a64_sysreg_owner owner(const a64_sr *r)
{
    return r->read == sr_timer_rd ? A64_SR_OWNER_TIMER
           : r->read == sr_gic_rd ? A64_SR_OWNER_GIC
                                  : A64_SR_OWNER_CORE;
}

a64_sysreg_owner a64_sysreg_owner_of(uint32_t enc)
{
    const a64_sr *r = a64_sysreg_find(enc & ~A64_SYSREG_VIRTUAL);
    return r ? owner(r) : A64_SR_OWNER_NONE;
}

/* ---- identification ---- */

uint64_t sr_rd_midr(a64_core *c, const a64_sr *r)
{
    (void)r;
    return c->s.el == 1 && a64_el2_enabled(c) ? c->sr[A64_SR_VPIDR_EL2] : c->cfg.midr;
}

uint64_t sr_rd_mpidr(a64_core *c, const a64_sr *r)
{
    (void)r;
    if (c->s.el == 1 && a64_el2_enabled(c)) return c->sr[A64_SR_VMPIDR_EL2];
    return c->cfg.mpidr | (1ull << 31);
}

uint64_t sr_rd_dczid(a64_core *c, const a64_sr *r)
{
    /* DZP reads 1 where DC ZVA would trap: EL0 with SCTLR_EL1.DZE = 0, EL0/EL1
     * with HCR_EL2.TDZ = 1 and EL2 enabled (Arm ARM D17.2 DCZID_EL0, HCR_EL2.TDZ). */
    bool dzp = (c->s.el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (1u << 14))) ||
               (c->s.el <= 1 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & (1ull << 28)));
    return c->sr[r->id] | (dzp ? 16 : 0);
}

a64_sr_acc sr_chk_uct(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    if (c->s.el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (1u << 15))) /* SCTLR_EL1.UCT */
        return A64_ACC_TRAP_EL1;
    return A64_ACC_OK;
}

/* RVBAR_ELx exists only for the highest implemented EL. */
a64_sr_acc sr_chk_highest_el(a64_core *c, const a64_sr *r, bool read)
{
    (void)read;
    unsigned want = r->id == A64_SR_RVBAR_EL1 ? 1 : 2;
    return a64_highest_el(c) == want ? A64_ACC_OK : A64_ACC_UNDEF;
}

uint64_t sr_rd_rvbar(a64_core *c, const a64_sr *r)
{
    (void)r;
    return c->cfg.rvbar;
}

/* ---- system control ---- */

a64_status sr_wr_sctlr(a64_core *c, const a64_sr *r, uint64_t v)
{
    a64_sr_store(c, r, v);
    return a64_check_regime(c) ? A64_OK : A64_FATAL;
}

a64_status sr_wr_hcr(a64_core *c, const a64_sr *r, uint64_t v)
{
    a64_sr_store(c, r, v | HCR_FIXED);
    a64_update_vint(c); /* VI/VF, and IMO/FMO/TGE route interrupts */
    return a64_check_regime(c) ? A64_OK : A64_FATAL;
}

a64_status sr_wr_scr(a64_core *c, const a64_sr *r, uint64_t v)
{
    a64_sr_store(c, r, (v & SCR_WRITABLE) | SCR_FIXED);
    a64_pe_state_changed(c);
    a64_update_interrupts(c);
    a64_pmu_sync(c); /* SCR_EL3.NS changes whether EL2 is enabled (MDCR_EL2.HPMN) */
    return a64_check_regime(c) ? A64_OK : A64_FATAL;
}

a64_status sr_wr_rmr(a64_core *c, const a64_sr *r, uint64_t v)
{
    if (v & 2) {
        a64_set_fatal(c, "RMR_EL3.RR=1: warm reset request not modelled");
        return A64_FATAL;
    }
    return a64_sr_store(c, r, 1); /* AA64 is RES1: AArch32 not implemented */
}

/* ---- exception registers and PSTATE views ---- */

a64_status sr_wr_esr(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v & 0xffffffffu);
}

a64_status sr_wr_vbar(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v & ~(uint64_t)0x7ff);
}

static unsigned sp_index(const a64_sr *r)
{
    return r->id == A64_SR_SP_EL0 ? 0 : r->id == A64_SR_SP_EL1 ? 1 : 2;
}

a64_sr_acc sr_chk_sp_el0(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    /* D17.2.x: UNDEFINED while SP_EL0 is the current SP */
    return c->s.spsel ? A64_ACC_OK : A64_ACC_UNDEF;
}

uint64_t sr_rd_sp(a64_core *c, const a64_sr *r)
{
    return c->s.sp_el[sp_index(r)];
}

a64_status sr_wr_sp(a64_core *c, const a64_sr *r, uint64_t v)
{
    c->s.sp_el[sp_index(r)] = v;
    return A64_OK;
}

uint64_t sr_rd_spsel(a64_core *c, const a64_sr *r)
{
    (void)r;
    return c->s.spsel & 1;
}

a64_status sr_wr_spsel(a64_core *c, const a64_sr *r, uint64_t v)
{
    (void)r;
    c->s.spsel = v & 1;
    return A64_OK;
}

uint64_t sr_rd_currentel(a64_core *c, const a64_sr *r)
{
    (void)r;
    return (uint64_t)c->s.el << 2;
}

uint64_t sr_rd_nzcv(a64_core *c, const a64_sr *r)
{
    (void)r;
    return c->s.nzcv & 0xf0000000u;
}

a64_status sr_wr_nzcv(a64_core *c, const a64_sr *r, uint64_t v)
{
    (void)r;
    c->s.nzcv = (uint32_t)v & 0xf0000000u;
    return A64_OK;
}

/* FPCR/FPSR (Arm ARM C5.2.7, C5.2.8): PSTATE-like views in the core state, behind
 * the same FP/AdvSIMD access check as every FP instruction (its trap is EC 0x07, or
 * EC 0x00 routed to EL2 under HCR_EL2.TGE, not a system-register trap). */
a64_sr_acc sr_chk_fp(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    return a64_fp_access_check(c) == A64_OK ? A64_ACC_OK : A64_ACC_RAISED;
}

uint64_t sr_rd_fp(a64_core *c, const a64_sr *r)
{
    return r->id == A64_SR_FPCR ? c->s.fpcr : c->s.fpsr;
}

a64_status sr_wr_fp(a64_core *c, const a64_sr *r, uint64_t v)
{
    if (r->id == A64_SR_FPCR)
        c->s.fpcr = (uint32_t)v & A64_FPCR_WRITABLE;
    else
        c->s.fpsr = (uint32_t)v & A64_FPSR_WRITABLE;
    return A64_OK;
}

a64_sr_acc sr_chk_uma(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    if (c->s.el == 0 && !(c->sr[A64_SR_SCTLR_EL1] & (1u << 9))) /* SCTLR_EL1.UMA */
        return A64_ACC_TRAP_EL1;
    return A64_ACC_OK;
}

uint64_t sr_rd_daif(a64_core *c, const a64_sr *r)
{
    (void)r;
    return c->s.daif & 0x3c0u;
}

a64_status sr_wr_daif(a64_core *c, const a64_sr *r, uint64_t v)
{
    (void)r;
    c->s.daif = (uint32_t)v & 0x3c0u;
    a64_update_interrupts(c);
    return A64_OK;
}

uint64_t sr_rd_isr(a64_core *c, const a64_sr *r)
{
    (void)r;
    /* At Non-secure EL1, IMO (FMO) makes ISR_EL1.I (F) show the virtual interrupt
     * instead of the physical one (Arm ARM D19.2, ISR_EL1). */
    uint64_t hcr = c->s.el == 1 && a64_el2_enabled(c) ? hcr_routing(c) : 0;
    bool i = hcr & HCR_IMO ? (c->vint & 1) : c->irq_line;
    bool f = hcr & HCR_FMO ? (c->vint & 2) : c->fiq_line;
    return (i ? 1u << 7 : 0) | (f ? 1u << 6 : 0);
}

/* ---- debug ---- */

a64_status sr_wr_oslar(a64_core *c, const a64_sr *r, uint64_t v)
{
    (void)r;
    c->sr[A64_SR_OSLSR_EL1] = (c->sr[A64_SR_OSLSR_EL1] & ~2ull) | ((v & 1) << 1);
    return A64_OK;
}

/* ---- generic timer (Arm ARM D11.2, D19) ---- */

/* CNTKCTL_EL1: EL0PCTEN/EL0VCTEN [1:0], EVNTEN [2], EVNTDIR [3], EVNTI [7:4],
 * EL0VTEN [8], EL0PTEN [9]; the rest RES0 without FEAT_ECV. */
a64_status sr_wr_cntkctl(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v & 0x3ff);
}

/* CNTHCTL_EL2 (non-VHE): EL1PCTEN [0], EL1PCEN [1], EVNTEN [2], EVNTDIR [3],
 * EVNTI [7:4]. */
a64_status sr_wr_cnthctl(a64_core *c, const a64_sr *r, uint64_t v)
{
    return a64_sr_store(c, r, v & 0xff);
}

/* EL0 access to the counters and timers: CNTKCTL_EL1 bit `el0_bit`, else trap to
 * EL1; EL0/EL1 access to the physical counter/timer also needs CNTHCTL_EL2 bit
 * `el2_bit` when EL2 is enabled, else trap to EL2 (D11.2.2, AArch64 only). */
static a64_sr_acc timer_access(a64_core *c, unsigned el0_mask, int el2_bit)
{
    unsigned el = c->s.el;
    if (el == 0 && !(c->sr[A64_SR_CNTKCTL_EL1] & el0_mask)) return A64_ACC_TRAP_EL1;
    if (el <= 1 && el2_bit >= 0 && a64_el2_enabled(c) &&
        !(c->sr[A64_SR_CNTHCTL_EL2] & (1u << el2_bit)))
        return A64_ACC_TRAP_EL2;
    return A64_ACC_OK;
}

a64_sr_acc sr_chk_cntfrq(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    if (!read && c->s.el != a64_highest_el(c)) return A64_ACC_UNDEF;
    return timer_access(c, 3, -1); /* EL0PCTEN or EL0VCTEN */
}

a64_sr_acc sr_chk_cntpct(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    return timer_access(c, 1u << 0, 0);
}

a64_sr_acc sr_chk_cntvct(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    return timer_access(c, 1u << 1, -1);
}

a64_sr_acc sr_chk_cntp(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    return timer_access(c, 1u << 9, 1);
}

a64_sr_acc sr_chk_cntv(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    return timer_access(c, 1u << 8, -1);
}

/* CNTPS_*_EL1: EL3, or Secure EL1 (no EL3 here means Secure state) when
 * SCR_EL3.ST allows it; UNDEFINED at Non-secure EL1 and at EL2. */
a64_sr_acc sr_chk_cntps(a64_core *c, const a64_sr *r, bool read)
{
    (void)r;
    (void)read;
    unsigned el = c->s.el;
    if (el == 3) return A64_ACC_OK;
    if (el != 1) return A64_ACC_UNDEF;
    if (!c->cfg.have_el3) return c->cfg.have_el2 ? A64_ACC_UNDEF : A64_ACC_OK;
    uint64_t scr = c->sr[A64_SR_SCR_EL3];
    if (scr & SCR_NS) return A64_ACC_UNDEF;
    return (scr & SCR_ST) ? A64_ACC_OK : A64_ACC_TRAP_EL3;
}

bool a64_event_stream(const a64_core *c, unsigned which, a64_event_stream_cfg *out)
{
    uint64_t ctl;
    if (which == 0) {
        ctl = c->sr[A64_SR_CNTKCTL_EL1];
    } else if (which == 1 && c->cfg.have_el2) {
        ctl = c->sr[A64_SR_CNTHCTL_EL2];
    } else {
        return false;
    }
    if (!(ctl & (1u << 2))) /* EVNTEN */
        return false;
    if (out) {
        out->virtual_count = which == 0;
        out->bit = (unsigned)(ctl >> 4) & 15;
        out->one_to_zero = (ctl >> 3) & 1;
    }
    return true;
}

uint64_t a64_event_stream_next(uint64_t count, unsigned bit, bool one_to_zero)
{
    /* Bit b of the count goes 0->1 at 2^b + k*2^(b+1) and 1->0 at (k+1)*2^(b+1),
     * k >= 0. The first such count strictly after `count`; UINT64_MAX if none is
     * representable. */
    uint64_t half = 1ull << (bit & 15), period = half << 1, next;
    if (one_to_zero)
        next = (count / period + 1) * period;
    else if (count < half)
        return half;
    else
        next = half + ((count - half) / period + 1) * period;
    return next > count ? next : UINT64_MAX;
}
