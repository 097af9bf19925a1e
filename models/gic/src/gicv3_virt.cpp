// GICv3 virtual CPU interface (Arm IHI 0069 chapter 6, registers in 12.4/12.5):
// the ICH_*_EL2 control registers a hypervisor programs, the ICV_*_EL1 view a
// guest at Non-secure EL1 gets in place of ICC_* when HCR_EL2.IMO/FMO are set
// (the core marks such accesses with A64_SYSREG_VIRTUAL), virtual IRQ/FIQ
// signalled from the list registers, and the maintenance interrupt (PPI 25).
//
// What ICH_VTR_EL2 advertises, and so what is modelled: 4 list registers, 5
// priority and 5 preemption bits (ICH_AP0R0/AP1R0 only), 16-bit virtual INTIDs,
// ICH_HCR_EL2.TDIR (TDS = 1), no GICv4 direct injection (nV4 = 1), no virtual
// SErrors (SEIS = 0), no Aff3 in virtual SGIs (A3V = 0). Virtual LPIs are only
// what a list register holds: there is no virtual LPI table.
#include "gicv3_virt.h"

#include <algorithm>

#include "pscisim/guest_log.h"
#include "pscisim/sysreg.h"
#include "icc_regs.h"

namespace pscisim
{

namespace
{
using namespace icc;
constexpr uint32_t VIRTUAL = 1u << 16; // A64_SYSREG_VIRTUAL (models/cpu/include/a64/a64.h)

// ICH_*_EL2 (IHI 0069 12.4).
constexpr uint32_t ICH_AP0R0_EL2 = sysreg_enc(3, 4, 12, 8, 0);
constexpr uint32_t ICH_AP1R0_EL2 = sysreg_enc(3, 4, 12, 9, 0);
constexpr uint32_t ICH_HCR_EL2 = sysreg_enc(3, 4, 12, 11, 0);
constexpr uint32_t ICH_VTR_EL2 = sysreg_enc(3, 4, 12, 11, 1);
constexpr uint32_t ICH_MISR_EL2 = sysreg_enc(3, 4, 12, 11, 2);
constexpr uint32_t ICH_EISR_EL2 = sysreg_enc(3, 4, 12, 11, 3);
constexpr uint32_t ICH_ELRSR_EL2 = sysreg_enc(3, 4, 12, 11, 5);
constexpr uint32_t ICH_VMCR_EL2 = sysreg_enc(3, 4, 12, 11, 7);
constexpr uint32_t ICH_LR0_EL2 = sysreg_enc(3, 4, 12, 12, 0);

// ICH_HCR_EL2 bits.
constexpr uint32_t HCR_EN = 1u << 0, HCR_UIE = 1u << 1, HCR_LRENPIE = 1u << 2, HCR_NPIE = 1u << 3,
                   HCR_VGRP0EIE = 1u << 4, HCR_VGRP0DIE = 1u << 5, HCR_VGRP1EIE = 1u << 6,
                   HCR_VGRP1DIE = 1u << 7, HCR_TC = 1u << 10, HCR_TALL0 = 1u << 11,
                   HCR_TALL1 = 1u << 12, HCR_TDIR = 1u << 14;
constexpr unsigned HCR_EOICOUNT_SHIFT = 27;
// TSEI (bit 13) is RES0 without SEIS; bits 9:8 belong to GICv4.1.
constexpr uint32_t HCR_WRITABLE =
    0xffu | HCR_TC | HCR_TALL0 | HCR_TALL1 | HCR_TDIR | (0x1fu << HCR_EOICOUNT_SHIFT);

// ICH_MISR_EL2 bits.
constexpr uint32_t MISR_EOI = 1u << 0, MISR_U = 1u << 1, MISR_LRENP = 1u << 2, MISR_NP = 1u << 3,
                   MISR_VGRP0E = 1u << 4, MISR_VGRP0D = 1u << 5, MISR_VGRP1E = 1u << 6,
                   MISR_VGRP1D = 1u << 7;

// ICH_VTR_EL2: ListRegs [4:0], TDS [19], nV4 [20], A3V [21] = 0, SEIS [22] = 0,
// IDbits [25:23] = 0 (16 bits), PREbits [28:26], PRIbits [31:29] (bits - 1).
constexpr unsigned PRI_BITS = 5, PRE_BITS = 5;
constexpr uint64_t VTR_VALUE = (gicv3::NUM_LIST_REGS - 1) | (1u << 19) | (1u << 20) |
                               (uint64_t(PRE_BITS - 1) << 26) | (uint64_t(PRI_BITS - 1) << 29);
constexpr uint8_t PRI_MASK = uint8_t(0xff << (8 - PRI_BITS));

// ICH_LR<n>_EL2 fields.
constexpr uint64_t LR_VINTID_MASK = 0xffff; // IDbits = 16
constexpr unsigned LR_PINTID_SHIFT = 32;
constexpr uint64_t LR_PINTID_MASK = 0x1fffull << LR_PINTID_SHIFT;
constexpr uint64_t LR_EOI = 1ull << 41; // with HW = 0: maintenance interrupt on deactivation
constexpr unsigned LR_PRIO_SHIFT = 48;
constexpr uint64_t LR_GROUP = 1ull << 60, LR_HW = 1ull << 61;
constexpr unsigned LR_STATE_SHIFT = 62;
constexpr uint64_t LR_STATE_PENDING = 1, LR_STATE_ACTIVE = 2;
constexpr uint64_t LR_WRITABLE = LR_VINTID_MASK | LR_PINTID_MASK |
                                 (uint64_t(PRI_MASK) << LR_PRIO_SHIFT) | LR_GROUP | LR_HW |
                                 (3ull << LR_STATE_SHIFT);

// ICH_VMCR_EL2 fields.
constexpr uint64_t VMCR_VENG0 = 1u << 0, VMCR_VENG1 = 1u << 1, VMCR_VFIQEN = 1u << 3,
                   VMCR_VCBPR = 1u << 4, VMCR_VEOIM = 1u << 9;
constexpr unsigned VMCR_VBPR1_SHIFT = 18, VMCR_VBPR0_SHIFT = 21, VMCR_VPMR_SHIFT = 24;

// ICV_CTLR_EL1: CBPR [0], EOImode [1], PRIbits [10:8]; IDbits, SEIS, A3V = 0.
constexpr uint64_t ICV_CTLR_CBPR = 1u << 0, ICV_CTLR_EOIMODE = 1u << 1;
constexpr uint64_t ICV_CTLR_RO = uint64_t(PRI_BITS - 1) << 8;

// Binary points: with 5 preemption bits the group priority is at most [7:3].
constexpr unsigned VBPR0_MIN = 7 - PRE_BITS, VBPR1_MIN = VBPR0_MIN + 1;

// ICC_SRE_EL2: SRE [0], DFB [1], DIB [2] RAO/WI; Enable [3].
constexpr uint64_t SRE_RAO = 0x7, SRE_ENABLE = 1u << 3;

constexpr unsigned SPURIOUS_INTID = 1023;

uint64_t lr_state(uint64_t lr)
{
    return lr >> LR_STATE_SHIFT;
}
uint8_t lr_prio(uint64_t lr)
{
    return uint8_t(lr >> LR_PRIO_SHIFT) & PRI_MASK;
}
bool lr_group1(uint64_t lr)
{
    return lr & LR_GROUP;
}
unsigned lr_vintid(uint64_t lr)
{
    return unsigned(lr & LR_VINTID_MASK);
}
uint64_t lr_with_state(uint64_t lr, uint64_t state)
{
    return (lr & ~(3ull << LR_STATE_SHIFT)) | (state << LR_STATE_SHIFT);
}

enum class reg_group { none, g0, g1, common };

// Which ICH_HCR_EL2 trap group an ICC/ICV encoding belongs to (IHI 0069 12.4.5:
// TALL0 = Group 0 registers, TALL1 = Group 1, TC = the common ones).
reg_group icc_reg_group(uint32_t enc)
{
    switch (enc) {
    case ICC_IAR0_EL1:
    case ICC_EOIR0_EL1:
    case ICC_HPPIR0_EL1:
    case ICC_BPR0_EL1:
    case ICC_AP0R0_EL1:
    case ICC_IGRPEN0_EL1: return reg_group::g0;
    case ICC_IAR1_EL1:
    case ICC_EOIR1_EL1:
    case ICC_HPPIR1_EL1:
    case ICC_BPR1_EL1:
    case ICC_AP1R0_EL1:
    case ICC_IGRPEN1_EL1: return reg_group::g1;
    case ICC_PMR_EL1:
    case ICC_CTLR_EL1:
    case ICC_DIR_EL1:
    case ICC_RPR_EL1:
    case ICC_SGI0R_EL1:
    case ICC_SGI1R_EL1: return reg_group::common;
    default: return reg_group::none;
    }
}

// The highest-priority pending list register a Group may signal or acknowledge:
// state pending (not active), its group enabled (IHI 0069 6.3, "Virtual interrupt
// prioritization"). -1 if none.
int hppvi(const gicv3::virt_cpu &v)
{
    int best = -1;
    for (unsigned n = 0; n < gicv3::NUM_LIST_REGS; n++) {
        uint64_t lr = v.lr[n];
        if (lr_state(lr) != LR_STATE_PENDING) continue;
        if (!(lr_group1(lr) ? v.veng1 : v.veng0)) continue;
        if (best < 0 || lr_prio(lr) < lr_prio(v.lr[unsigned(best)])) best = int(n);
    }
    return best;
}

// Virtual running priority from the active priority registers: 0x100 when idle.
unsigned vrpr(const gicv3::virt_cpu &v)
{
    uint32_t ap = v.ap0 | v.ap1;
    return ap ? unsigned(__builtin_ctz(ap)) << (8 - PRE_BITS) : 0x100;
}

unsigned vgroup_mask(const gicv3::virt_cpu &v, bool group1)
{
    unsigned shift = (!group1 || v.vcbpr) ? v.vbpr0 + 1 : v.vbpr1;
    return (0xffu << shift) & 0xff;
}

// Would this list register be signalled/acknowledged: priority above the mask and
// its group priority above the running priority.
bool vcan_signal(const gicv3::virt_cpu &v, uint64_t lr)
{
    uint8_t p = lr_prio(lr);
    return p < v.vpmr && (p & vgroup_mask(v, lr_group1(lr))) < vrpr(v);
}

uint32_t eisr(const gicv3::virt_cpu &v)
{
    uint32_t r = 0;
    for (unsigned n = 0; n < gicv3::NUM_LIST_REGS; n++) {
        uint64_t lr = v.lr[n];
        if (lr_state(lr) == 0 && !(lr & LR_HW) && (lr & LR_EOI)) r |= 1u << n;
    }
    return r;
}

uint32_t elrsr(const gicv3::virt_cpu &v)
{
    uint32_t r = 0;
    for (unsigned n = 0; n < gicv3::NUM_LIST_REGS; n++) {
        uint64_t lr = v.lr[n];
        if (lr_state(lr) == 0 && ((lr & LR_HW) || !(lr & LR_EOI))) r |= 1u << n;
    }
    return r;
}

uint32_t misr(const gicv3::virt_cpu &v)
{
    uint32_t m = 0, h = v.hcr;
    unsigned valid = 0;
    bool pending = false;
    for (uint64_t lr : v.lr) {
        valid += lr_state(lr) != 0;
        pending |= lr_state(lr) == LR_STATE_PENDING;
    }
    if (eisr(v)) m |= MISR_EOI;
    if ((h & HCR_UIE) && valid <= 1) m |= MISR_U;
    if ((h & HCR_LRENPIE) && (h >> HCR_EOICOUNT_SHIFT)) m |= MISR_LRENP;
    if ((h & HCR_NPIE) && !pending) m |= MISR_NP;
    if ((h & HCR_VGRP0EIE) && v.veng0) m |= MISR_VGRP0E;
    if ((h & HCR_VGRP0DIE) && !v.veng0) m |= MISR_VGRP0D;
    if ((h & HCR_VGRP1EIE) && v.veng1) m |= MISR_VGRP1E;
    if ((h & HCR_VGRP1DIE) && !v.veng1) m |= MISR_VGRP1D;
    return m;
}

uint64_t vmcr(const gicv3::virt_cpu &v)
{
    return (v.veng0 ? VMCR_VENG0 : 0) | (v.veng1 ? VMCR_VENG1 : 0) | VMCR_VFIQEN |
           (v.vcbpr ? VMCR_VCBPR : 0) | (v.veoim ? VMCR_VEOIM : 0) |
           (uint64_t(v.vbpr1) << VMCR_VBPR1_SHIFT) | (uint64_t(v.vbpr0) << VMCR_VBPR0_SHIFT) |
           (uint64_t(v.vpmr) << VMCR_VPMR_SHIFT);
}

void eoicount_increment(gicv3::virt_cpu &v)
{
    uint32_t n = ((v.hcr >> HCR_EOICOUNT_SHIFT) + 1) & 0x1f;
    v.hcr = (v.hcr & ~(0x1fu << HCR_EOICOUNT_SHIFT)) | (n << HCR_EOICOUNT_SHIFT);
}

// Priority drop: clear the highest active priority of either group (IHI 0069
// 6.4, ICV_EOIR<n>_EL1). False if no priority was active.
bool drop_priority(gicv3::virt_cpu &v)
{
    uint32_t ap = v.ap0 | v.ap1;
    if (!ap) return false;
    uint32_t bit = ap & (~ap + 1);
    if (v.ap0 & bit)
        v.ap0 &= ~bit;
    else
        v.ap1 &= ~bit;
    return true;
}
} // namespace

void gicv3::virt_init()
{
    for (unsigned c = 0; c < cpus_.size(); c++) {
        vcpus_.push_back(std::make_unique<virt_cpu>());
        virt_cpu &v = *vcpus_.back();
        v.vbpr0 = VBPR0_MIN;
        v.vbpr1 = VBPR1_MIN;
    }
}

bool gicv3::is_virt_sysreg(uint32_t enc)
{
    if (enc & VIRTUAL) return icc_reg_group(enc & ~VIRTUAL) != reg_group::none;
    switch (enc) {
    case ICH_AP0R0_EL2:
    case ICH_AP1R0_EL2:
    case ICC_SRE_EL2:
    case ICH_HCR_EL2:
    case ICH_VTR_EL2:
    case ICH_MISR_EL2:
    case ICH_EISR_EL2:
    case ICH_ELRSR_EL2:
    case ICH_VMCR_EL2: return true;
    default: return enc >= ICH_LR0_EL2 && enc < ICH_LR0_EL2 + NUM_LIST_REGS;
    }
}

void gicv3::virt_reset(unsigned core)
{
    virt_cpu &v = *vcpus_.at(core);
    bool maint = v.maint;
    v.hcr = 0;
    v.veng0 = v.veng1 = v.vcbpr = v.veoim = false;
    v.vbpr0 = VBPR0_MIN;
    v.vbpr1 = VBPR1_MIN;
    v.vpmr = 0;
    v.lr.fill(0);
    v.ap0 = v.ap1 = 0;
    v.sre_enable = true;
    v.maint = maint;
    virt_update(core);
}

irq_line &gicv3::virq(unsigned core)
{
    return vcpus_.at(core)->virq;
}
irq_line &gicv3::vfiq(unsigned core)
{
    return vcpus_.at(core)->vfiq;
}

// Signal the highest-priority pending virtual interrupt as vIRQ (Group 1) or vFIQ
// (Group 0) while ICH_HCR_EL2.En = 1, and the maintenance interrupt while
// En = 1 and ICH_MISR_EL2 != 0 (IHI 0069 6.3, 6.4.3).
void gicv3::virt_update(unsigned core)
{
    virt_cpu &v = *vcpus_[core];
    bool en = v.hcr & HCR_EN;
    int n = en ? hppvi(v) : -1;
    bool signal = n >= 0 && vcan_signal(v, v.lr[unsigned(n)]);
    bool g1 = n >= 0 && lr_group1(v.lr[unsigned(n)]);
    v.virq.set(signal && g1);
    v.vfiq.set(signal && !g1);
    bool maint = en && misr(v) != 0;
    if (maint != v.maint) {
        v.maint = maint;
        set_ppi(core, MAINTENANCE_PPI, maint);
    }
}

bool gicv3::cpu_sysreg_trapped(unsigned core, uint32_t enc, bool read) const
{
    if (core >= vcpus_.size()) return false;
    const virt_cpu &v = *vcpus_[core];
    uint32_t base = enc & ~VIRTUAL;
    if (base == ICC_SRE_EL1) return !v.sre_enable;
    switch (icc_reg_group(base)) {
    case reg_group::g0: return v.hcr & HCR_TALL0;
    case reg_group::g1: return v.hcr & HCR_TALL1;
    case reg_group::common:
        if (v.hcr & HCR_TC) return true;
        return base == ICC_DIR_EL1 && !read && (v.hcr & HCR_TDIR);
    default: return false;
    }
}

// Deactivate the list register holding vINTID `intid` in the active state, with
// the physical interrupt behind it when HW = 1; no such register: EOIcount + 1
// (IHI 0069 6.4.2, ICH_HCR_EL2.EOIcount), except for an LPI, which has no active
// state to deactivate.
static void virt_deactivate(gicv3::virt_cpu &v, unsigned intid,
                            const std::function<void(unsigned)> &deactivate_physical)
{
    for (uint64_t &lr : v.lr) {
        if (!(lr_state(lr) & LR_STATE_ACTIVE) || lr_vintid(lr) != intid) continue;
        lr = lr_with_state(lr, lr_state(lr) & ~LR_STATE_ACTIVE);
        if (lr & LR_HW) {
            unsigned p = unsigned((lr & LR_PINTID_MASK) >> LR_PINTID_SHIFT);
            if (p < 1020) deactivate_physical(p);
        }
        return;
    }
    if (intid < 8192) eoicount_increment(v);
}

bool gicv3::virt_sysreg_read(unsigned core, uint32_t enc, uint64_t &val)
{
    virt_cpu &v = *vcpus_.at(core);
    switch (enc) {
    // ---- EL2 control ----
    case ICH_AP0R0_EL2: val = v.ap0; return true;
    case ICH_AP1R0_EL2: val = v.ap1; return true;
    case ICC_SRE_EL2: val = SRE_RAO | (v.sre_enable ? SRE_ENABLE : 0); return true;
    case ICH_HCR_EL2: val = v.hcr; return true;
    case ICH_VTR_EL2: val = VTR_VALUE; return true;
    case ICH_MISR_EL2: val = misr(v); return true;
    case ICH_EISR_EL2: val = eisr(v); return true;
    case ICH_ELRSR_EL2: val = elrsr(v); return true;
    case ICH_VMCR_EL2: val = vmcr(v); return true;
    // ---- ICV_* (EL1 under HCR_EL2.IMO/FMO) ----
    case ICC_PMR_EL1 | VIRTUAL: val = v.vpmr; return true;
    case ICC_IAR0_EL1 | VIRTUAL:
    case ICC_IAR1_EL1 | VIRTUAL: {
        bool g1 = enc == (ICC_IAR1_EL1 | VIRTUAL);
        int n = (v.hcr & HCR_EN) ? hppvi(v) : -1;
        val = SPURIOUS_INTID;
        if (n < 0) return true;
        uint64_t &lr = v.lr[unsigned(n)];
        if (lr_group1(lr) != g1 || !vcan_signal(v, lr)) return true;
        val = lr_vintid(lr);
        (g1 ? v.ap1 : v.ap0) |= 1u << ((lr_prio(lr) & vgroup_mask(v, g1)) >> (8 - PRE_BITS));
        // LPIs have no active state: acknowledging one empties its list register.
        lr = lr_with_state(lr, val >= 8192 ? 0 : LR_STATE_ACTIVE);
        virt_update(core);
        return true;
    }
    case ICC_HPPIR0_EL1 | VIRTUAL:
    case ICC_HPPIR1_EL1 | VIRTUAL: {
        bool g1 = enc == (ICC_HPPIR1_EL1 | VIRTUAL);
        int n = hppvi(v);
        val = n >= 0 && lr_group1(v.lr[unsigned(n)]) == g1 ? lr_vintid(v.lr[unsigned(n)])
                                                           : SPURIOUS_INTID;
        return true;
    }
    case ICC_BPR0_EL1 | VIRTUAL: val = v.vbpr0; return true;
    case ICC_BPR1_EL1 | VIRTUAL: val = v.vcbpr ? std::min(v.vbpr0 + 1, 7u) : v.vbpr1; return true;
    case ICC_AP0R0_EL1 | VIRTUAL: val = v.ap0; return true;
    case ICC_AP1R0_EL1 | VIRTUAL: val = v.ap1; return true;
    case ICC_RPR_EL1 | VIRTUAL: {
        unsigned r = vrpr(v);
        val = r == 0x100 ? 0xff : r;
        return true;
    }
    case ICC_CTLR_EL1 | VIRTUAL:
        val = ICV_CTLR_RO | (v.vcbpr ? ICV_CTLR_CBPR : 0) | (v.veoim ? ICV_CTLR_EOIMODE : 0);
        return true;
    case ICC_IGRPEN0_EL1 | VIRTUAL: val = v.veng0; return true;
    case ICC_IGRPEN1_EL1 | VIRTUAL: val = v.veng1; return true;
    default:
        // ICH_LR<n>_EL2, or a write-only register (EOIR, DIR) read: UNDEFINED.
        if (enc >= ICH_LR0_EL2 && enc < ICH_LR0_EL2 + NUM_LIST_REGS) {
            val = v.lr[enc - ICH_LR0_EL2];
            return true;
        }
        return false;
    }
}

bool gicv3::virt_sysreg_write(unsigned core, uint32_t enc, uint64_t val)
{
    virt_cpu &v = *vcpus_.at(core);
    auto deact = [this, core](unsigned p) {
        deactivate(core, p);
        update();
    };
    switch (enc) {
    case ICH_AP0R0_EL2: v.ap0 = uint32_t(val); break;
    case ICH_AP1R0_EL2: v.ap1 = uint32_t(val); break;
    case ICC_SRE_EL2: v.sre_enable = val & SRE_ENABLE; return true;
    case ICH_HCR_EL2: v.hcr = uint32_t(val) & HCR_WRITABLE; break;
    case ICH_VMCR_EL2:
        v.veng0 = val & VMCR_VENG0;
        v.veng1 = val & VMCR_VENG1;
        v.vcbpr = val & VMCR_VCBPR;
        v.veoim = val & VMCR_VEOIM;
        v.vbpr1 = std::max(unsigned(val >> VMCR_VBPR1_SHIFT) & 7, VBPR1_MIN);
        v.vbpr0 = std::max(unsigned(val >> VMCR_VBPR0_SHIFT) & 7, VBPR0_MIN);
        v.vpmr = uint8_t(val >> VMCR_VPMR_SHIFT) & PRI_MASK;
        break;
    case ICC_PMR_EL1 | VIRTUAL: v.vpmr = uint8_t(val) & PRI_MASK; break;
    case ICC_EOIR0_EL1 | VIRTUAL:
    case ICC_EOIR1_EL1 | VIRTUAL: {
        unsigned intid = unsigned(val & 0xffffff);
        if (intid >= 1020 && intid < 1024) return true; // special INTIDs: no effect
        if (!drop_priority(v)) {
            PSCISIM_GUEST_ERROR(name(),
                                "ICV_EOIR%d_EL1 write of vINTID %u with no active virtual "
                                "priority (ignored)",
                                enc == (ICC_EOIR1_EL1 | VIRTUAL) ? 1 : 0, intid);
            return true;
        }
        if (!v.veoim) virt_deactivate(v, intid, deact);
        break;
    }
    case ICC_DIR_EL1 | VIRTUAL:
        // With EOImode = 0 the EOIR write already deactivated: a DIR write is
        // UNPREDICTABLE; it has no effect here.
        if (v.veoim) virt_deactivate(v, unsigned(val & 0xffffff), deact);
        break;
    case ICC_BPR0_EL1 | VIRTUAL: v.vbpr0 = std::max(unsigned(val & 7), VBPR0_MIN); break;
    case ICC_BPR1_EL1 | VIRTUAL:
        if (!v.vcbpr) v.vbpr1 = std::max(unsigned(val & 7), VBPR1_MIN);
        break;
    case ICC_AP0R0_EL1 | VIRTUAL: v.ap0 = uint32_t(val); break;
    case ICC_AP1R0_EL1 | VIRTUAL: v.ap1 = uint32_t(val); break;
    case ICC_CTLR_EL1 | VIRTUAL:
        v.vcbpr = val & ICV_CTLR_CBPR;
        v.veoim = val & ICV_CTLR_EOIMODE;
        break;
    case ICC_IGRPEN0_EL1 | VIRTUAL: v.veng0 = val & 1; break;
    case ICC_IGRPEN1_EL1 | VIRTUAL: v.veng1 = val & 1; break;
    default:
        if (enc >= ICH_LR0_EL2 && enc < ICH_LR0_EL2 + NUM_LIST_REGS) {
            v.lr[enc - ICH_LR0_EL2] = val & LR_WRITABLE;
            break;
        }
        return false; // read-only registers (VTR, MISR, EISR, ELRSR, IAR, HPPIR, RPR)
    }
    virt_update(core);
    return true;
}

} // namespace pscisim
