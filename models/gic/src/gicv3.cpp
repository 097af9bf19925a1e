#include "pscisim/gicv3.h"
#include "gicv3_virt.h"
#include "pscisim/device.h"
#include "pscisim/guest_log.h"

#include <string>

#include "pscisim/security.h"
#include "pscisim/sysreg.h"
#include "icc_regs.h"

namespace pscisim
{

using namespace sc_core;

namespace
{
using namespace icc;

constexpr unsigned BPR0_MIN = 2; // group priority [7:3] with 5 priority bits
constexpr unsigned BPR1_MIN = 3; // Non-secure: BPR0_MIN + 1 (IHI 0069 4.8.3); Secure: BPR0_MIN
// ICC_CTLR_EL1: PRIbits [10:8] = bits - 1; IDbits [13:11] = 0 (16-bit INTIDs).
constexpr uint64_t ICC_CTLR_CBPR = 1u << 0, ICC_CTLR_EOIMODE = 1u << 1;
constexpr uint64_t ICC_CTLR_RO = 4u << 8;
// ICC_CTLR_EL3 (IHI 0069 12.2.7): the EL1 copies' CBPR and EOImode, EOImode_EL3;
// RM = 0 (no legacy), PRIbits as EL1, nDS = 1 (DS cannot be set from here).
constexpr uint64_t CTLR3_CBPR_EL1S = 1u << 0, CTLR3_CBPR_EL1NS = 1u << 1,
                   CTLR3_EOIMODE_EL3 = 1u << 2, CTLR3_EOIMODE_EL1S = 1u << 3,
                   CTLR3_EOIMODE_EL1NS = 1u << 4, CTLR3_RO = 4u << 8 | 1u << 17;
// Special INTIDs (IHI 0069 2.2.1): a Group 1 interrupt of the Secure / Non-secure
// state is pending, reported to EL3 by ICC_IAR0_EL1/ICC_HPPIR0_EL1.
constexpr unsigned INTID_SECURE = 1020, INTID_NONSECURE = 1021;
// GICD_TYPER.SecurityExtn.
constexpr uint64_t TYPER_SECURITY_EXTN = 1u << 10;
// ICC_SRE_ELx: SRE, DFB, DIB RAO (system-register interface only); Enable RAO at EL2/3.
constexpr uint64_t SRE_EL1_VALUE = 0x7, SRE_EL2_VALUE = 0xf;

// GICD/GICR identification: PIDR2.ArchRev = 3 (GICv3), CoreSight component IDs.
constexpr uint64_t PIDR2_GICV3 = 0x3b;
constexpr uint8_t CIDR[4] = {0x0d, 0xf0, 0x05, 0xb1};

uint64_t mpidr_affinity(uint64_t mpidr)
{
    return mpidr & 0xff00ffffffull;
}
} // namespace

struct gicv3::cpu_state {
    uint64_t mpidr = 0;
    bool sleep = true; // GICR_WAKER.ProcessorSleep
    bool wake_req = false;
    pe_state pe;
    candidate sig; // the interrupt signalled on IRQ or FIQ (SPURIOUS: none)
    uint8_t pmr = 0;
    unsigned bpr0 = BPR0_MIN;
    // Banked registers, [0] the Secure copy, [1] the Non-secure copy (the only one
    // used with DS = 1): ICC_BPR1_EL1, ICC_CTLR_EL1.{CBPR,EOImode},
    // ICC_IGRPEN1_EL1, ICC_AP1R0_EL1.
    unsigned bpr1[2] = {BPR0_MIN, BPR1_MIN};
    bool cbpr[2] = {false, false}, eoimode[2] = {false, false}, grpen1[2] = {false, false};
    uint32_t ap1[2] = {0, 0};
    bool eoimode_el3 = false, grpen0 = false;
    uint32_t ap0 = 0;
    std::array<irq_state, 32> priv;
    irq_line irq, fiq;
    reg_bank rd_bank, sgi_bank;
    std::vector<std::unique_ptr<reg>> regs;
    cpu_state(const std::string &n) : rd_bank(n + ".rd", true), sgi_bank(n + ".sgi", true) {}
};

gicv3::gicv3(sc_module_name name, const std::vector<uint64_t> &mpidrs, unsigned num_spis,
             bool two_security_states)
    : sc_module(name), dist("dist"), redist("redist"), ds_(!two_security_states),
      dbank_(std::string(basename()) + ".gicd", true)
{
    if (mpidrs.empty()) SC_REPORT_ERROR(this->name(), "a GIC needs at least one core");
    if (num_spis < 32 || num_spis > 960 || num_spis % 32)
        SC_REPORT_ERROR(this->name(), "num_spis must be a multiple of 32 in 32..960");
    for (size_t i = 0; i < mpidrs.size(); i++)
        for (size_t j = 0; j < i; j++)
            if (mpidr_affinity(mpidrs[i]) == mpidr_affinity(mpidrs[j]))
                SC_REPORT_ERROR(this->name(), ("cores " + std::to_string(j) + " and " +
                                               std::to_string(i) + " have the same affinity")
                                                  .c_str());
    spis_.resize(num_spis);
    irouter_.assign(num_spis, 0);

    // ---- distributor (IHI 0069 12.9) ----
    auto add = [this](const char *n, uint64_t off, uint64_t rv, reg_access acc, unsigned w,
                      size_t count) -> reg & {
        dregs_.push_back(std::make_unique<reg>(dbank_, n, off, rv, acc, w, count));
        return *dregs_.back();
    };
    // ctlr_ holds the enables in the DS = 0 Secure layout (with DS = 1 bit 1 is
    // EnableGrp1). ARE_S/ARE_NS are RAO/WI; RWP reads 0 since writes take effect
    // at once; DS cannot be set (RAZ/WI with DS = 0).
    reg &ctlr = add("GICD_CTLR", 0x0000, 0, reg_access::rw, 4, 1);
    ctlr.on_read = [this](size_t) {
        if (ds_) return uint64_t(ctlr_ | CTLR_ARE | CTLR_DS);
        if (access_ns_) return uint64_t((ctlr_ & CTLR_ENABLE_GRP1NS) | CTLR_ARE);
        return uint64_t(ctlr_ | CTLR_ARE_S | CTLR_ARE_NS);
    };
    ctlr.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        // Non-secure view: bit 1 (EnableGrp1A) is EnableGrp1NS; bit 0 is RES0
        // with ARE_NS = 1.
        uint32_t m = ds_          ? CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1
                     : access_ns_ ? CTLR_ENABLE_GRP1NS
                                  : CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1NS | CTLR_ENABLE_GRP1S;
        m &= uint32_t(mask);
        ctlr_ = (ctlr_ & ~m) | (uint32_t(v) & m);
        update();
    };
    // TYPER: ITLinesNumber, CPUNumber, SecurityExtn = !DS, IDbits = 15 (16
    // bits), no LPIs/MBIs, No1N = 0 (1-of-N routing supported).
    uint64_t typer = ((32 + num_spis) / 32 - 1) |
                     (uint64_t(std::min<size_t>(mpidrs.size(), 8) - 1) << 5) | (15u << 19) |
                     (ds_ ? 0 : TYPER_SECURITY_EXTN);
    add("GICD_TYPER", 0x0004, typer, reg_access::ro, 4, 1);
    add("GICD_IIDR", 0x0008, 0, reg_access::ro, 4, 1);
    add("GICD_TYPER2", 0x000c, 0, reg_access::ro, 4, 1);
    bind_bit_reg(add("GICD_IGROUPR", 0x0080, 0, reg_access::rw, 4, 32), -1, bit_kind::group);
    bind_bit_reg(add("GICD_ISENABLER", 0x0100, 0, reg_access::rw, 4, 32), -1, bit_kind::set_enable);
    bind_bit_reg(add("GICD_ICENABLER", 0x0180, 0, reg_access::rw, 4, 32), -1,
                 bit_kind::clear_enable);
    bind_bit_reg(add("GICD_ISPENDR", 0x0200, 0, reg_access::rw, 4, 32), -1, bit_kind::set_pending);
    bind_bit_reg(add("GICD_ICPENDR", 0x0280, 0, reg_access::rw, 4, 32), -1,
                 bit_kind::clear_pending);
    bind_bit_reg(add("GICD_ISACTIVER", 0x0300, 0, reg_access::rw, 4, 32), -1, bit_kind::set_active);
    bind_bit_reg(add("GICD_ICACTIVER", 0x0380, 0, reg_access::rw, 4, 32), -1,
                 bit_kind::clear_active);
    bind_priority_reg(add("GICD_IPRIORITYR", 0x0400, 0, reg_access::rw, 4, 255), -1);
    bind_cfg_reg(add("GICD_ICFGR", 0x0c00, 0, reg_access::rw, 4, 64), -1);
    bind_bit_reg(add("GICD_IGRPMODR", 0x0d00, 0, reg_access::rw, 4, 32), -1,
                 bit_kind::group_modifier);
    reg &irouter = add("GICD_IROUTER", 0x6100, 0, reg_access::rw, 8, num_spis);
    irouter.on_read = [this](size_t i) { return ns_access_denied(&spis_[i]) ? 0 : irouter_[i]; };
    irouter.on_write = [this](size_t i, uint64_t v, uint64_t mask) {
        if (ns_access_denied(&spis_[i])) return;
        // Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0].
        uint64_t m = mask & 0xff80ffffffull;
        irouter_[i] = (irouter_[i] & ~m) | (v & m);
        update();
    };
    add("GICD_PIDR2", 0xffe8, PIDR2_GICV3, reg_access::ro, 4, 1);
    reg &cidr = add("GICD_CIDR", 0xfff0, 0, reg_access::ro, 4, 4);
    cidr.on_read = [](size_t i) { return uint64_t(CIDR[i]); };

    for (unsigned c = 0; c < mpidrs.size(); c++) {
        cpus_.push_back(
            std::make_unique<cpu_state>(std::string(basename()) + ".gicr" + std::to_string(c)));
        cpus_.back()->mpidr = mpidrs[c];
        // SGIs are always edge-triggered.
        for (unsigned i = 0; i < 16; i++)
            cpus_.back()->priv[i].edge = true;
        build_redist(c);
    }
    virt_init();

    dist.register_b_transport(this, &gicv3::b_transport_dist);
    dist.register_transport_dbg(this, &gicv3::dbg_dist);
    redist.register_b_transport(this, &gicv3::b_transport_redist);
    redist.register_transport_dbg(this, &gicv3::dbg_redist);
}

gicv3::~gicv3() = default;

void gicv3::build_redist(unsigned c)
{
    cpu_state &cs = *cpus_[c];
    auto add = [&cs](reg_bank &b, const char *n, uint64_t off, uint64_t rv, reg_access acc,
                     unsigned w, size_t count) -> reg & {
        cs.regs.push_back(std::make_unique<reg>(b, n, off, rv, acc, w, count));
        return *cs.regs.back();
    };
    // RD_base frame (IHI 0069 12.10). No LPIs: GICR_CTLR reads 0.
    add(cs.rd_bank, "GICR_CTLR", 0x0000, 0, reg_access::ro, 4, 1);
    add(cs.rd_bank, "GICR_IIDR", 0x0004, 0, reg_access::ro, 4, 1);
    // TYPER: Affinity_Value [63:32] = Aff3.Aff2.Aff1.Aff0, Processor_Number
    // [23:8], Last [4] on the highest redistributor of the region.
    uint64_t m = cs.mpidr;
    uint64_t aff =
        ((m >> 32) & 0xff) << 24 | ((m >> 16) & 0xff) << 16 | ((m >> 8) & 0xff) << 8 | (m & 0xff);
    reg &typer =
        add(cs.rd_bank, "GICR_TYPER", 0x0008, aff << 32 | uint64_t(c) << 8, reg_access::ro, 8, 1);
    typer.on_read = [this, &typer, c](size_t) {
        return typer.get() | (c + 1 == cpus_.size() ? 1u << 4 : 0u);
    };
    add(cs.rd_bank, "GICR_STATUSR", 0x0010, 0, reg_access::ro, 4, 1);
    reg &waker = add(cs.rd_bank, "GICR_WAKER", 0x0014, 0, reg_access::rw, 4, 1);
    // ProcessorSleep is RAZ/WI to Non-secure accesses with DS = 0 (IHI 0069 12.11.42).
    waker.on_read = [this, &cs](size_t) {
        // The handshake completes at once: ChildrenAsleep follows ProcessorSleep.
        uint32_t ps = ns_access_denied(nullptr) ? 0u : uint32_t(WAKER_PROCESSOR_SLEEP);
        return uint64_t(cs.sleep ? ps | WAKER_CHILDREN_ASLEEP : 0);
    };
    waker.on_write = [this, &cs](size_t, uint64_t v, uint64_t mask) {
        if (!(mask & 0xff) || ns_access_denied(nullptr)) return;
        cs.sleep = v & WAKER_PROCESSOR_SLEEP;
        update();
    };
    add(cs.rd_bank, "GICR_PIDR2", 0xffe8, PIDR2_GICV3, reg_access::ro, 4, 1);
    reg &cidr = add(cs.rd_bank, "GICR_CIDR", 0xfff0, 0, reg_access::ro, 4, 4);
    cidr.on_read = [](size_t i) { return uint64_t(CIDR[i]); };

    // SGI_base frame (IHI 0069 12.11).
    int ci = int(c);
    bind_bit_reg(add(cs.sgi_bank, "GICR_IGROUPR0", 0x0080, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::group);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ISENABLER0", 0x0100, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::set_enable);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ICENABLER0", 0x0180, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::clear_enable);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ISPENDR0", 0x0200, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::set_pending);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ICPENDR0", 0x0280, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::clear_pending);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ISACTIVER0", 0x0300, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::set_active);
    bind_bit_reg(add(cs.sgi_bank, "GICR_ICACTIVER0", 0x0380, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::clear_active);
    bind_priority_reg(add(cs.sgi_bank, "GICR_IPRIORITYR", 0x0400, 0, reg_access::rw, 4, 8), ci);
    bind_cfg_reg(add(cs.sgi_bank, "GICR_ICFGR", 0x0c00, 0, reg_access::rw, 4, 2), ci);
    bind_bit_reg(add(cs.sgi_bank, "GICR_IGRPMODR0", 0x0d00, 0, reg_access::rw, 4, 1), ci,
                 bit_kind::group_modifier);
}

gicv3::irq_state *gicv3::irq_at(int core, unsigned intid)
{
    if (core < 0) return intid >= 32 && intid - 32 < spis_.size() ? &spis_[intid - 32] : nullptr;
    return intid < 32 ? &cpus_[unsigned(core)]->priv[intid] : nullptr;
}

const gicv3::irq_state *gicv3::irq_at(int core, unsigned intid) const
{
    return const_cast<gicv3 *>(this)->irq_at(core, intid);
}

gicv3::group gicv3::group_of(const irq_state &s) const
{
    // IHI 0069 4.6.1, table 4-1: IGRPMODR = 1 with IGROUPR = 1 is reserved and
    // treated as Non-secure Group 1.
    if (s.group1) return group::g1ns;
    return !ds_ && s.grpmod ? group::g1s : group::g0;
}

// A Non-secure access (DS = 0) to a Secure-only register (s null) or to the
// fields of a Group 0 or Secure Group 1 interrupt: RAZ/WI (IHI 0069 4.7).
bool gicv3::ns_access_denied(const irq_state *s) const
{
    return access_ns_ && !ds_ && (!s || group_of(*s) != group::g1ns);
}

void gicv3::bind_bit_reg(reg &r, int core, bit_kind kind)
{
    // IGROUPR and IGRPMODR are Secure-only with DS = 0; IGRPMODR is RAZ/WI with
    // DS = 1 (IHI 0069 12.9.15).
    auto hidden = [this, kind] {
        return (kind == bit_kind::group_modifier && ds_) ||
               ((kind == bit_kind::group || kind == bit_kind::group_modifier) &&
                ns_access_denied(nullptr));
    };
    r.on_read = [this, core, kind, hidden](size_t n) {
        uint64_t v = 0;
        if (hidden()) return v;
        for (unsigned b = 0; b < 32; b++) {
            const irq_state *s = irq_at(core, unsigned(n) * 32 + b);
            if (!s || ns_access_denied(s)) continue;
            bool bit = false;
            switch (kind) {
            case bit_kind::group: bit = s->group1; break;
            case bit_kind::group_modifier: bit = s->grpmod; break;
            case bit_kind::set_enable:
            case bit_kind::clear_enable: bit = s->enabled; break;
            case bit_kind::set_pending:
            case bit_kind::clear_pending: bit = s->pending(); break;
            case bit_kind::set_active:
            case bit_kind::clear_active: bit = s->active; break;
            }
            v |= uint64_t(bit) << b;
        }
        return v;
    };
    r.on_write = [this, core, kind, hidden](size_t n, uint64_t v, uint64_t mask) {
        if (hidden()) return;
        for (unsigned b = 0; b < 32; b++) {
            if (!((mask >> b) & 1)) continue;
            irq_state *s = irq_at(core, unsigned(n) * 32 + b);
            if (!s || ns_access_denied(s)) continue;
            bool bit = (v >> b) & 1;
            switch (kind) {
            case bit_kind::group: s->group1 = bit; break;
            case bit_kind::group_modifier: s->grpmod = bit; break;
            case bit_kind::set_enable: s->enabled |= bit; break;
            case bit_kind::clear_enable: s->enabled &= !bit; break;
            case bit_kind::set_pending: s->latch |= bit; break;
            // Clearing a level-sensitive interrupt's pending state leaves it
            // pending while the line is still asserted (IHI 0069 4.1.2).
            case bit_kind::clear_pending: s->latch &= !bit; break;
            case bit_kind::set_active: s->active |= bit; break;
            case bit_kind::clear_active: s->active &= !bit; break;
            }
        }
        update();
    };
}

void gicv3::bind_priority_reg(reg &r, int core)
{
    r.sub_word = true; // IPRIORITYR is byte-accessible
    // Non-secure view with DS = 0 (IHI 0069 4.8.6): a Non-secure write of v
    // stores 0x80 | v >> 1 (Non-secure priorities are the lower half of the
    // range), a Non-secure read returns the stored value << 1.
    r.on_read = [this, core](size_t n) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 4; b++) {
            const irq_state *s = irq_at(core, unsigned(n) * 4 + b);
            if (!s || ns_access_denied(s)) continue;
            unsigned p = access_ns_ && !ds_ ? (s->prio << 1) & 0xff : s->prio;
            v |= uint64_t(p) << (8 * b);
        }
        return v;
    };
    r.on_write = [this, core](size_t n, uint64_t v, uint64_t mask) {
        for (unsigned b = 0; b < 4; b++) {
            if (!((mask >> (8 * b)) & 0xff)) continue;
            irq_state *s = irq_at(core, unsigned(n) * 4 + b);
            if (!s || ns_access_denied(s)) continue;
            unsigned p = (v >> (8 * b)) & 0xff;
            if (access_ns_ && !ds_) p = 0x80 | p >> 1;
            s->prio = uint8_t(p & PRIORITY_MASK);
        }
        update();
    };
}

void gicv3::bind_cfg_reg(reg &r, int core)
{
    // Int_config<x> = bit 2x+1: 1 edge-triggered, 0 level-sensitive. SGIs are
    // edge-triggered and read-only.
    r.on_read = [this, core](size_t n) {
        uint64_t v = 0;
        for (unsigned k = 0; k < 16; k++)
            if (const irq_state *s = irq_at(core, unsigned(n) * 16 + k))
                if (!ns_access_denied(s)) v |= uint64_t(s->edge) << (2 * k + 1);
        return v;
    };
    r.on_write = [this, core](size_t n, uint64_t v, uint64_t mask) {
        for (unsigned k = 0; k < 16; k++) {
            unsigned intid = unsigned(n) * 16 + k;
            if (intid < 16 || !((mask >> (2 * k + 1)) & 1)) continue;
            irq_state *s = irq_at(core, intid);
            if (s && !ns_access_denied(s)) s->edge = (v >> (2 * k + 1)) & 1;
        }
        update();
    };
}

// ---- inputs ----

void gicv3::set_spi(unsigned spi, bool level)
{
    if (spi >= spis_.size()) {
        SC_REPORT_ERROR(name(), ("SPI " + std::to_string(spi) + " out of range").c_str());
        return;
    }
    irq_state &s = spis_[spi];
    if (s.edge && level && !s.line) s.latch = true;
    s.line = level;
    update();
}

void gicv3::set_ppi(unsigned core, unsigned intid, bool level)
{
    if (core >= cpus_.size() || intid < 16 || intid > 31) {
        SC_REPORT_ERROR(name(), ("PPI " + std::to_string(intid) + " of core " +
                                 std::to_string(core) + " out of range")
                                    .c_str());
        return;
    }
    irq_state &s = cpus_[core]->priv[intid];
    if (s.edge && level && !s.line) s.latch = true;
    s.line = level;
    update();
}

// ---- routing and prioritisation ----

bool gicv3::group_enabled(unsigned core, group g, bool cpu_if_enables) const
{
    const cpu_state &cs = *cpus_[core];
    uint32_t dist_bit = g == group::g0     ? CTLR_ENABLE_GRP0
                        : g == group::g1ns ? CTLR_ENABLE_GRP1NS
                                           : CTLR_ENABLE_GRP1S;
    if (!(ctlr_ & dist_bit)) return false;
    if (!cpu_if_enables) return true;
    return g == group::g0 ? cs.grpen0 : cs.grpen1[g == group::g1ns ? 1 : 0];
}

int gicv3::spi_target(unsigned spi) const
{
    uint64_t r = irouter_[spi];
    if (r & (1u << 31)) {
        // 1 of N: the lowest-numbered awake core with the group enabled, else the
        // lowest-numbered awake core, else core 0 (which then gets the wake request).
        group g = group_of(spis_[spi]);
        int awake = -1;
        for (unsigned c = 0; c < cpus_.size(); c++) {
            if (cpus_[c]->sleep) continue;
            const cpu_state &cs = *cpus_[c];
            if (g == group::g0 ? cs.grpen0 : cs.grpen1[g == group::g1ns ? 1 : 0]) return int(c);
            if (awake < 0) awake = int(c);
        }
        return awake < 0 ? 0 : awake;
    }
    uint64_t aff = (r & 0xffffff) | ((r >> 32) & 0xff) << 32;
    for (unsigned c = 0; c < cpus_.size(); c++)
        if (mpidr_affinity(cpus_[c]->mpidr) == aff) return int(c);
    return -1; // routed to no implemented PE: never forwarded
}

gicv3::candidate gicv3::hppi(unsigned core, bool cpu_if_enables) const
{
    const cpu_state &cs = *cpus_[core];
    candidate best;
    auto consider = [&](unsigned intid, const irq_state &s) {
        if (!s.enabled || s.active || !s.pending()) return;
        group g = group_of(s);
        if (!group_enabled(core, g, cpu_if_enables)) return;
        if (best.intid == SPURIOUS || s.prio < best.prio) best = {intid, s.prio, g};
    };
    for (unsigned i = 0; i < 32; i++)
        consider(i, cs.priv[i]);
    // Routing is resolved only for SPIs that could be candidates, so the cost of
    // an update grows with the number of pending interrupts, not of SPIs x cores.
    for (unsigned i = 0; i < spis_.size(); i++) {
        const irq_state &s = spis_[i];
        if (s.enabled && !s.active && s.pending() && spi_target(i) == int(core))
            consider(32 + i, s);
    }
    return best;
}

unsigned gicv3::group_mask(unsigned core, group g) const
{
    const cpu_state &cs = *cpus_[core];
    // Group priority field: [7:BPR0+1] for Group 0 (and a Group 1 whose copy of
    // ICC_CTLR_EL1.CBPR is set), [7:BPR1] for Group 1 (IHI 0069 4.8.3).
    unsigned b = g == group::g1s ? 0 : 1;
    unsigned shift = (g == group::g0 || cs.cbpr[b]) ? cs.bpr0 + 1 : cs.bpr1[b];
    return (0xffu << shift) & 0xff;
}

unsigned gicv3::rpr(unsigned core) const
{
    const cpu_state &cs = *cpus_[core];
    uint32_t ap = cs.ap0 | cs.ap1[0] | cs.ap1[1];
    if (!ap) return 0x100;
    return unsigned(__builtin_ctz(ap)) << 3;
}

uint8_t gicv3::running_priority(unsigned core) const
{
    unsigned r = rpr(core);
    return r == 0x100 ? 0xff : uint8_t(r);
}

bool gicv3::signalled(unsigned core, const candidate &h) const
{
    return h.intid != SPURIOUS && h.prio < cpus_[core]->pmr &&
           (h.prio & group_mask(core, h.grp)) < rpr(core);
}

// IRQ or FIQ for the signalled interrupt (IHI 0069 4.6.2, table 4-3): Group 0 is
// always FIQ; with DS = 0 Group 1 of the current Security state is IRQ and of the
// other state FIQ, and at EL3 (AArch64) both Group 1 are FIQ.
void gicv3::signal(unsigned core)
{
    cpu_state &cs = *cpus_[core];
    bool any = cs.sig.intid != SPURIOUS;
    bool fiq = true;
    switch (cs.sig.grp) {
    case group::g0: fiq = true; break;
    case group::g1ns: fiq = !ds_ && cs.pe.secure(); break;
    case group::g1s: fiq = !cs.pe.secure() || cs.pe.el == 3; break;
    }
    // Lower the other line first so that the core never sees both.
    if (fiq) {
        cs.irq.set(false);
        cs.fiq.set(any);
    } else {
        cs.fiq.set(false);
        cs.irq.set(any);
    }
}

void gicv3::update()
{
    for (unsigned c = 0; c < cpus_.size(); c++) {
        cpu_state &cs = *cpus_[c];
        if (cs.sleep) {
            cs.sig = candidate{};
            signal(c);
            bool w = hppi(c, false).intid != SPURIOUS;
            bool rise = w && !cs.wake_req;
            cs.wake_req = w;
            if (rise && wake_cb_) wake_cb_(c);
            continue;
        }
        cs.wake_req = false;
        candidate h = hppi(c, true);
        cs.sig = signalled(c, h) ? h : candidate{};
        signal(c);
    }
}

void gicv3::set_pe_state(unsigned core, const pe_state &s)
{
    cpu_state &cs = *cpus_.at(core);
    if (cs.pe == s) return;
    cs.pe = s;
    signal(core);
}

gicv3::pe_state gicv3::get_pe_state(unsigned core) const
{
    return cpus_.at(core)->pe;
}

bool gicv3::wake_pending(unsigned core) const
{
    const cpu_state &cs = *cpus_.at(core);
    return cs.sleep ? cs.wake_req : (cs.irq.read() || cs.fiq.read());
}

bool gicv3::processor_sleep(unsigned core) const
{
    return cpus_.at(core)->sleep;
}

void gicv3::set_processor_sleep(unsigned core, bool sleep)
{
    cpus_.at(core)->sleep = sleep;
    update();
}

bool gicv3::is_pending(unsigned core, unsigned intid) const
{
    const irq_state *s = irq_at(intid < 32 ? int(core) : -1, intid);
    return s && s->pending();
}

bool gicv3::is_active(unsigned core, unsigned intid) const
{
    const irq_state *s = irq_at(intid < 32 ? int(core) : -1, intid);
    return s && s->active;
}

gicv3::group gicv3::group_of(unsigned core, unsigned intid) const
{
    const irq_state *s = irq_at(intid < 32 ? int(core) : -1, intid);
    return s ? group_of(*s) : group::g0;
}

// ---- CPU interface ----

unsigned gicv3::bank(unsigned core) const
{
    // SCR_EL3.NS selects the copy at every EL, EL3 included (IHI 0069 12.1.7).
    return ds_ || cpus_[core]->pe.ns ? 1 : 0;
}

// What ICC_HPPIR0_EL1 (group1 false) or ICC_HPPIR1_EL1 returns, the INTID that
// ICC_IAR0/1_EL1 would acknowledge: IHI 0069 pseudocode
// CheckGroup0ForSpecialIdentifiers / CheckGroup1ForSpecialIdentifiers, with RM = 0.
unsigned gicv3::hppir_value(unsigned core, bool group1) const
{
    const cpu_state &cs = *cpus_[core];
    candidate h = cs.sleep ? candidate{} : hppi(core, true);
    if (h.intid == SPURIOUS) return SPURIOUS;
    if (ds_) return (h.grp == group::g0) != group1 ? h.intid : SPURIOUS;
    bool irq_secure = h.grp != group::g1ns;
    bool secure = cs.pe.secure(), el3 = cs.pe.el == 3;
    if (!group1) {
        if (h.grp != group::g0 && !el3) return SPURIOUS;
        if (irq_secure && !secure) return SPURIOUS;
        // EL3 learns that a Group 1 interrupt for a lower EL is pending.
        if (h.grp != group::g0) return irq_secure ? INTID_SECURE : INTID_NONSECURE;
        return h.intid;
    }
    if (h.grp == group::g0) return SPURIOUS;
    if (irq_secure ? !secure : (secure && !el3)) return SPURIOUS;
    return h.intid;
}

uint64_t gicv3::acknowledge(unsigned core, bool group1)
{
    cpu_state &cs = *cpus_[core];
    if (cs.sleep) return SPURIOUS;
    candidate h = hppi(core, true);
    if (!signalled(core, h)) return SPURIOUS;
    unsigned id = hppir_value(core, group1);
    if (id != h.intid) return id; // 1023, or 1020/1021: nothing is acknowledged
    irq_state *s = irq_at(h.intid < 32 ? int(core) : -1, h.intid);
    s->active = true;
    s->latch = false; // a level interrupt stays pending while its line is high
    unsigned gp = h.prio & group_mask(core, h.grp);
    uint32_t &ap = h.grp == group::g0 ? cs.ap0 : cs.ap1[h.grp == group::g1ns ? 1 : 0];
    ap |= 1u << (gp >> 3);
    update();
    return h.intid;
}

void gicv3::deactivate(unsigned core, unsigned intid)
{
    if (irq_state *s = irq_at(intid < 32 ? int(core) : -1, intid)) s->active = false;
}

void gicv3::end_of_interrupt(unsigned core, unsigned intid, bool group1)
{
    cpu_state &cs = *cpus_[core];
    if (intid >= 1020) return; // special INTIDs: no effect
    // ICC_EOIR1_EL1 drops the priority of the current Security state's Group 1.
    uint32_t &ap = group1 ? cs.ap1[ds_ || !cs.pe.secure() ? 1 : 0] : cs.ap0;
    if (!ap) {
        // No active priority to drop: the write has no effect; software wrote EOIR
        // without a matching acknowledge (Arm IHI 0069, ICC_EOIR1_EL1 description).
        PSCISIM_GUEST_ERROR(name(),
                            "ICC_EOIR%d_EL1 write of INTID %u with no active interrupt "
                            "in Group %d (ignored)",
                            group1 ? 1 : 0, intid, group1 ? 1 : 0);
        return;
    }
    ap &= ap - 1; // priority drop: the highest active priority (lowest bit)
    bool eoimode = !ds_ && cs.pe.el == 3 ? cs.eoimode_el3 : cs.eoimode[bank(core)];
    if (!eoimode) deactivate(core, intid);
    update();
}

void gicv3::generate_sgi(unsigned core, uint64_t v, group g)
{
    // With DS = 0 a Non-secure write generates only Non-secure Group 1 SGIs:
    // GICR_NSACR is RAZ/WI, so no Secure SGI may be generated from Non-secure
    // state (IHI 0069 12.2.21, table 12-14).
    if (!ds_ && !cpus_[core]->pe.secure() && g != group::g1ns) return;
    unsigned intid = (v >> SGIR_INTID_SHIFT) & 0xf;
    for (unsigned c = 0; c < cpus_.size(); c++) {
        uint64_t m = cpus_[c]->mpidr;
        bool target;
        if (v & SGIR_IRM) {
            target = c != core; // all PEs except self
        } else {
            unsigned aff0 = m & 0xff, rs = (v >> SGIR_RS_SHIFT) & 0xf;
            target = ((m >> 8) & 0xff) == ((v >> SGIR_AFF1_SHIFT) & 0xff) &&
                     ((m >> 16) & 0xff) == ((v >> SGIR_AFF2_SHIFT) & 0xff) &&
                     ((m >> 32) & 0xff) == ((v >> SGIR_AFF3_SHIFT) & 0xff) && aff0 / 16 == rs &&
                     ((v >> (aff0 % 16)) & 1);
        }
        // The SGI is set pending only where it is configured in the group the
        // register generates; a Secure Group 1 SGI also reaches an SGI configured
        // as Group 0 (IHI 0069 12.2.21).
        irq_state &s = cpus_[c]->priv[intid];
        group sg = group_of(s);
        if (target && (sg == g || (g == group::g1s && sg == group::g0))) s.latch = true;
    }
    update();
}

bool gicv3::is_gic_sysreg(uint32_t enc)
{
    switch (enc) {
    case ICC_PMR_EL1:
    case ICC_IAR0_EL1:
    case ICC_EOIR0_EL1:
    case ICC_HPPIR0_EL1:
    case ICC_BPR0_EL1:
    case ICC_AP0R0_EL1:
    case ICC_AP1R0_EL1:
    case ICC_DIR_EL1:
    case ICC_RPR_EL1:
    case ICC_SGI1R_EL1:
    case ICC_ASGI1R_EL1:
    case ICC_SGI0R_EL1:
    case ICC_IAR1_EL1:
    case ICC_EOIR1_EL1:
    case ICC_HPPIR1_EL1:
    case ICC_BPR1_EL1:
    case ICC_CTLR_EL1:
    case ICC_SRE_EL1:
    case ICC_IGRPEN0_EL1:
    case ICC_IGRPEN1_EL1:
    case ICC_CTLR_EL3:
    case ICC_SRE_EL3:
    case ICC_IGRPEN1_EL3: return true;
    default: return is_virt_sysreg(enc);
    }
}

bool gicv3::cpu_sysreg_read(unsigned core, uint32_t enc, uint64_t &v)
{
    if (core >= cpus_.size()) return false;
    if (is_virt_sysreg(enc)) return virt_sysreg_read(core, enc, v);
    cpu_state &cs = *cpus_[core];
    unsigned b = bank(core);
    switch (enc) {
    case ICC_PMR_EL1: v = cs.pmr; return true;
    case ICC_IAR0_EL1: v = acknowledge(core, false); return true;
    case ICC_IAR1_EL1: v = acknowledge(core, true); return true;
    case ICC_HPPIR0_EL1: v = hppir_value(core, false); return true;
    case ICC_HPPIR1_EL1: v = hppir_value(core, true); return true;
    case ICC_BPR0_EL1: v = cs.bpr0; return true;
    case ICC_BPR1_EL1:
        // With CBPR set the Secure copy reads BPR0, the Non-secure one BPR0 + 1
        // (saturated) (IHI 0069 12.2.6).
        if (!cs.cbpr[b])
            v = cs.bpr1[b];
        else
            v = b == 0 ? cs.bpr0 : std::min(cs.bpr0 + 1, 7u);
        return true;
    case ICC_AP0R0_EL1: v = cs.ap0; return true;
    case ICC_AP1R0_EL1: v = cs.ap1[b]; return true;
    case ICC_RPR_EL1: v = running_priority(core); return true;
    case ICC_CTLR_EL1:
        v = ICC_CTLR_RO | (cs.cbpr[b] ? ICC_CTLR_CBPR : 0) | (cs.eoimode[b] ? ICC_CTLR_EOIMODE : 0);
        return true;
    case ICC_CTLR_EL3:
        v = CTLR3_RO | (cs.cbpr[1] ? CTLR3_CBPR_EL1NS : 0) |
            (cs.eoimode[1] ? CTLR3_EOIMODE_EL1NS : 0) | (cs.eoimode_el3 ? CTLR3_EOIMODE_EL3 : 0);
        if (!ds_)
            v |= (cs.cbpr[0] ? CTLR3_CBPR_EL1S : 0) | (cs.eoimode[0] ? CTLR3_EOIMODE_EL1S : 0);
        return true;
    case ICC_SRE_EL1: v = SRE_EL1_VALUE; return true;
    case ICC_SRE_EL3: v = SRE_EL2_VALUE; return true;
    case ICC_IGRPEN0_EL1: v = cs.grpen0; return true;
    case ICC_IGRPEN1_EL1: v = cs.grpen1[b]; return true;
    case ICC_IGRPEN1_EL3:
        // EnableGrp1NS [0], EnableGrp1S [1] (RAZ/WI with DS = 1).
        v = uint64_t(cs.grpen1[1]) | (ds_ ? 0 : uint64_t(cs.grpen1[0]) << 1);
        return true;
    default: return false; // includes the write-only EOIR/DIR/SGI registers
    }
}

bool gicv3::cpu_sysreg_write(unsigned core, uint32_t enc, uint64_t v)
{
    if (core >= cpus_.size()) return false;
    if (is_virt_sysreg(enc)) return virt_sysreg_write(core, enc, v);
    cpu_state &cs = *cpus_[core];
    unsigned b = bank(core);
    switch (enc) {
    case ICC_PMR_EL1: cs.pmr = uint8_t(v & PRIORITY_MASK); break;
    case ICC_EOIR0_EL1: end_of_interrupt(core, unsigned(v & 0xffffff), false); return true;
    case ICC_EOIR1_EL1: end_of_interrupt(core, unsigned(v & 0xffffff), true); return true;
    case ICC_DIR_EL1: {
        // Deactivation is separate from priority drop only with EOImode = 1.
        bool eoimode = !ds_ && cs.pe.el == 3 ? cs.eoimode_el3 : cs.eoimode[b];
        if (eoimode) deactivate(core, unsigned(v & 0xffffff));
        break;
    }
    case ICC_BPR0_EL1: cs.bpr0 = std::max(unsigned(v & 7), BPR0_MIN); break;
    case ICC_BPR1_EL1:
        // With CBPR the Secure copy writes BPR0, the Non-secure one is WI.
        if (!cs.cbpr[b])
            cs.bpr1[b] = std::max(unsigned(v & 7), b == 0 ? BPR0_MIN : BPR1_MIN);
        else if (b == 0)
            cs.bpr0 = std::max(unsigned(v & 7), BPR0_MIN);
        break;
    case ICC_AP0R0_EL1: cs.ap0 = uint32_t(v); break;
    case ICC_AP1R0_EL1: cs.ap1[b] = uint32_t(v); break;
    case ICC_CTLR_EL1:
        cs.cbpr[b] = v & ICC_CTLR_CBPR;
        cs.eoimode[b] = v & ICC_CTLR_EOIMODE;
        break;
    case ICC_CTLR_EL3:
        cs.cbpr[1] = v & CTLR3_CBPR_EL1NS;
        cs.eoimode[1] = v & CTLR3_EOIMODE_EL1NS;
        cs.eoimode_el3 = v & CTLR3_EOIMODE_EL3;
        if (!ds_) {
            cs.cbpr[0] = v & CTLR3_CBPR_EL1S;
            cs.eoimode[0] = v & CTLR3_EOIMODE_EL1S;
        }
        break;
    case ICC_SRE_EL1:
    case ICC_SRE_EL3: return true; // SRE/DFB/DIB/Enable are RAO/WI
    case ICC_IGRPEN0_EL1: cs.grpen0 = v & 1; break;
    case ICC_IGRPEN1_EL1: cs.grpen1[b] = v & 1; break;
    case ICC_IGRPEN1_EL3:
        cs.grpen1[1] = v & 1;
        if (!ds_) cs.grpen1[0] = (v >> 1) & 1;
        break;
    case ICC_SGI0R_EL1: generate_sgi(core, v, group::g0); return true;
    case ICC_SGI1R_EL1:
        generate_sgi(core, v, ds_ || !cs.pe.secure() ? group::g1ns : group::g1s);
        return true;
    case ICC_ASGI1R_EL1:
        // Group 1 of the other Security state; nothing with one Security state.
        if (!ds_) generate_sgi(core, v, cs.pe.secure() ? group::g1ns : group::g1s);
        return true;
    default: return false; // includes the read-only IAR/HPPIR/RPR registers
    }
    update();
    return true;
}

irq_line &gicv3::irq(unsigned core)
{
    return cpus_.at(core)->irq;
}
irq_line &gicv3::fiq(unsigned core)
{
    return cpus_.at(core)->fiq;
}

// ---- bus side ----

// The register callbacks see the access's Security through access_ns_; debug
// accesses (loaders, debuggers) get the Secure view.
void gicv3::b_transport_dist(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    access_ns_ = !is_secure(gp);
    dbank_.transport(gp, false);
    access_ns_ = false;
    delay += latency_;
}

unsigned int gicv3::dbg_dist(tlm::tlm_generic_payload &gp)
{
    dbank_.transport(gp, true);
    return gp.is_response_ok() ? gp.get_data_length() : 0;
}

void gicv3::redist_access(tlm::tlm_generic_payload &gp, bool debug)
{
    uint64_t a = gp.get_address();
    uint64_t core = a / REDIST_STRIDE;
    if (core >= cpus_.size()) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    uint64_t off = a % REDIST_STRIDE;
    reg_bank &bank = off < 0x10000 ? cpus_[core]->rd_bank : cpus_[core]->sgi_bank;
    gp.set_address(off % 0x10000);
    bank.transport(gp, debug);
    gp.set_address(a);
}

void gicv3::b_transport_redist(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    access_ns_ = !is_secure(gp);
    redist_access(gp, false);
    access_ns_ = false;
    delay += latency_;
}

unsigned int gicv3::dbg_redist(tlm::tlm_generic_payload &gp)
{
    redist_access(gp, true);
    return gp.is_response_ok() ? gp.get_data_length() : 0;
}

void gicv3::reset_cpu_interface(unsigned core)
{
    cpu_state &cs = *cpus_.at(core);
    cs.pmr = 0;
    cs.bpr0 = BPR0_MIN;
    cs.bpr1[0] = BPR0_MIN;
    cs.bpr1[1] = BPR1_MIN;
    for (unsigned b = 0; b < 2; b++) {
        cs.cbpr[b] = cs.eoimode[b] = cs.grpen1[b] = false;
        cs.ap1[b] = 0;
    }
    cs.eoimode_el3 = cs.grpen0 = false;
    cs.ap0 = 0;
    virt_reset(core);
    update();
}

void gicv3::reset()
{
    ctlr_ = 0;
    for (irq_state &s : spis_) {
        bool line = s.line;
        s = irq_state{};
        s.line = line; // input wires keep their level across a reset
    }
    irouter_.assign(spis_.size(), 0);
    for (unsigned c = 0; c < cpus_.size(); c++) {
        cpu_state &cs = *cpus_[c];
        for (unsigned i = 0; i < 32; i++) {
            bool line = cs.priv[i].line;
            cs.priv[i] = irq_state{};
            cs.priv[i].line = line;
            cs.priv[i].edge = i < 16;
        }
        cs.sleep = true;
        cs.wake_req = false;
        reset_cpu_interface(c);
    }
    update();
}

void gicv3::trace(sc_trace_file *tf) const
{
    for (unsigned c = 0; c < cpus_.size(); c++) {
        sc_trace(tf, cpus_[c]->irq.level_ref(), std::string(name()) + ".irq" + std::to_string(c));
        sc_trace(tf, cpus_[c]->fiq.level_ref(), std::string(name()) + ".fiq" + std::to_string(c));
    }
}

// Machine-table factories: windows distributor, redistributors (one frame pair
// per core, in MPIDR order). "gicv3" has one Security state (DS = 1),
// "gicv3_secure" two (DS = 0).
static device_instance make_gic(const device_params &p, bool two_security_states)
{
    device_instance i;
    auto g = std::make_unique<gicv3>(p.name.c_str(), p.mpidrs, 64, two_security_states);
    gicv3 *self = g.get();
    i.windows = {&g->dist, &g->redist};
    i.reset = [self] { self->reset(); };
    i.module = std::move(g);
    return i;
}

PSCISIM_DEVICE_MODEL(gicv3, "gicv3")
{
    return make_gic(p, false);
}

PSCISIM_DEVICE_MODEL(gicv3_secure, "gicv3_secure")
{
    return make_gic(p, true);
}

} // namespace pscisim
