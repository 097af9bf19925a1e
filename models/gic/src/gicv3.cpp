#include "pscisim/gicv3.h"
#include "gicv3_virt.h"
#include "pscisim/device.h"
#include "pscisim/guest_log.h"

#include <string>

#include "pscisim/sysreg.h"

namespace pscisim
{

using namespace sc_core;

namespace
{
// CPU interface system registers (IHI 0069 12.2).
constexpr uint32_t ICC_PMR_EL1 = sysreg_enc(3, 0, 4, 6, 0);
constexpr uint32_t ICC_IAR0_EL1 = sysreg_enc(3, 0, 12, 8, 0);
constexpr uint32_t ICC_EOIR0_EL1 = sysreg_enc(3, 0, 12, 8, 1);
constexpr uint32_t ICC_HPPIR0_EL1 = sysreg_enc(3, 0, 12, 8, 2);
constexpr uint32_t ICC_BPR0_EL1 = sysreg_enc(3, 0, 12, 8, 3);
constexpr uint32_t ICC_AP0R0_EL1 = sysreg_enc(3, 0, 12, 8, 4);
constexpr uint32_t ICC_AP1R0_EL1 = sysreg_enc(3, 0, 12, 9, 0);
constexpr uint32_t ICC_DIR_EL1 = sysreg_enc(3, 0, 12, 11, 1);
constexpr uint32_t ICC_RPR_EL1 = sysreg_enc(3, 0, 12, 11, 3);
constexpr uint32_t ICC_SGI1R_EL1 = sysreg_enc(3, 0, 12, 11, 5);
constexpr uint32_t ICC_SGI0R_EL1 = sysreg_enc(3, 0, 12, 11, 7);
constexpr uint32_t ICC_IAR1_EL1 = sysreg_enc(3, 0, 12, 12, 0);
constexpr uint32_t ICC_EOIR1_EL1 = sysreg_enc(3, 0, 12, 12, 1);
constexpr uint32_t ICC_HPPIR1_EL1 = sysreg_enc(3, 0, 12, 12, 2);
constexpr uint32_t ICC_BPR1_EL1 = sysreg_enc(3, 0, 12, 12, 3);
constexpr uint32_t ICC_CTLR_EL1 = sysreg_enc(3, 0, 12, 12, 4);
constexpr uint32_t ICC_SRE_EL1 = sysreg_enc(3, 0, 12, 12, 5);
constexpr uint32_t ICC_IGRPEN0_EL1 = sysreg_enc(3, 0, 12, 12, 6);
constexpr uint32_t ICC_IGRPEN1_EL1 = sysreg_enc(3, 0, 12, 12, 7);
constexpr uint32_t ICC_SRE_EL3 = sysreg_enc(3, 6, 12, 12, 5);

constexpr unsigned BPR0_MIN = 2; // group priority [7:3] with 5 priority bits
constexpr unsigned BPR1_MIN = 3; // = BPR0_MIN + 1 (IHI 0069 4.8.3)
// ICC_CTLR_EL1: PRIbits [10:8] = bits - 1; IDbits [13:11] = 0 (16-bit INTIDs).
constexpr uint64_t ICC_CTLR_CBPR = 1u << 0, ICC_CTLR_EOIMODE = 1u << 1;
constexpr uint64_t ICC_CTLR_RO = 4u << 8;
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
    uint8_t pmr = 0;
    unsigned bpr0 = BPR0_MIN, bpr1 = BPR1_MIN;
    bool cbpr = false, eoimode = false, grpen0 = false, grpen1 = false;
    uint32_t ap0 = 0, ap1 = 0;
    std::array<irq_state, 32> priv;
    irq_line irq, fiq;
    reg_bank rd_bank, sgi_bank;
    std::vector<std::unique_ptr<reg>> regs;
    cpu_state(const std::string &n) : rd_bank(n + ".rd", true), sgi_bank(n + ".sgi", true) {}
};

gicv3::gicv3(sc_module_name name, const std::vector<uint64_t> &mpidrs, unsigned num_spis)
    : sc_module(name), dist("dist"), redist("redist"),
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
    reg &ctlr = add("GICD_CTLR", 0x0000, 0, reg_access::rw, 4, 1);
    ctlr.on_read = [this](size_t) { return uint64_t(ctlr_ | CTLR_ARE | CTLR_DS); };
    ctlr.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        uint32_t m = uint32_t(mask) & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
        ctlr_ = (ctlr_ & ~m) | (uint32_t(v) & m);
        update();
    };
    // TYPER: ITLinesNumber, CPUNumber, SecurityExtn = 0, IDbits = 15 (16 bits),
    // no LPIs/MBIs, No1N = 0 (1-of-N routing supported).
    uint64_t typer = ((32 + num_spis) / 32 - 1) |
                     (uint64_t(std::min<size_t>(mpidrs.size(), 8) - 1) << 5) | (15u << 19);
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
    reg &irouter = add("GICD_IROUTER", 0x6100, 0, reg_access::rw, 8, num_spis);
    irouter.on_read = [this](size_t i) { return irouter_[i]; };
    irouter.on_write = [this](size_t i, uint64_t v, uint64_t mask) {
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
    waker.on_read = [&cs](size_t) {
        // The handshake completes at once: ChildrenAsleep follows ProcessorSleep.
        return uint64_t(cs.sleep ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0);
    };
    waker.on_write = [this, &cs](size_t, uint64_t v, uint64_t mask) {
        if (!(mask & 0xff)) return;
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

void gicv3::bind_bit_reg(reg &r, int core, bit_kind kind)
{
    r.on_read = [this, core, kind](size_t n) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 32; b++) {
            const irq_state *s = irq_at(core, unsigned(n) * 32 + b);
            if (!s) continue;
            bool bit = false;
            switch (kind) {
            case bit_kind::group: bit = s->group1; break;
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
    r.on_write = [this, core, kind](size_t n, uint64_t v, uint64_t mask) {
        for (unsigned b = 0; b < 32; b++) {
            if (!((mask >> b) & 1)) continue;
            irq_state *s = irq_at(core, unsigned(n) * 32 + b);
            if (!s) continue;
            bool bit = (v >> b) & 1;
            switch (kind) {
            case bit_kind::group: s->group1 = bit; break;
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
    r.on_read = [this, core](size_t n) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 4; b++)
            if (const irq_state *s = irq_at(core, unsigned(n) * 4 + b))
                v |= uint64_t(s->prio) << (8 * b);
        return v;
    };
    r.on_write = [this, core](size_t n, uint64_t v, uint64_t mask) {
        for (unsigned b = 0; b < 4; b++) {
            if (!((mask >> (8 * b)) & 0xff)) continue;
            if (irq_state *s = irq_at(core, unsigned(n) * 4 + b))
                s->prio = uint8_t((v >> (8 * b)) & PRIORITY_MASK);
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
                v |= uint64_t(s->edge) << (2 * k + 1);
        return v;
    };
    r.on_write = [this, core](size_t n, uint64_t v, uint64_t mask) {
        for (unsigned k = 0; k < 16; k++) {
            unsigned intid = unsigned(n) * 16 + k;
            if (intid < 16 || !((mask >> (2 * k + 1)) & 1)) continue;
            if (irq_state *s = irq_at(core, intid)) s->edge = (v >> (2 * k + 1)) & 1;
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

int gicv3::spi_target(unsigned spi) const
{
    uint64_t r = irouter_[spi];
    if (r & (1u << 31)) {
        // 1 of N: the lowest-numbered awake core with the group enabled, else the
        // lowest-numbered awake core, else core 0 (which then gets the wake request).
        bool g1 = spis_[spi].group1;
        int awake = -1;
        for (unsigned c = 0; c < cpus_.size(); c++) {
            if (cpus_[c]->sleep) continue;
            if (g1 ? cpus_[c]->grpen1 : cpus_[c]->grpen0) return int(c);
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
        if (!(ctlr_ & (s.group1 ? CTLR_ENABLE_GRP1 : CTLR_ENABLE_GRP0))) return;
        if (cpu_if_enables && !(s.group1 ? cs.grpen1 : cs.grpen0)) return;
        if (best.intid == SPURIOUS || s.prio < best.prio) best = {intid, s.prio, s.group1};
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

unsigned gicv3::group_mask(unsigned core, bool group1) const
{
    const cpu_state &cs = *cpus_[core];
    // Group priority field: [7:BPR0+1] for Group 0 (and Group 1 when CBPR),
    // [7:BPR1] for Group 1 (IHI 0069 4.8.3).
    unsigned shift = (!group1 || cs.cbpr) ? cs.bpr0 + 1 : cs.bpr1;
    return (0xffu << shift) & 0xff;
}

unsigned gicv3::rpr(unsigned core) const
{
    uint32_t ap = cpus_[core]->ap0 | cpus_[core]->ap1;
    if (!ap) return 0x100;
    return unsigned(__builtin_ctz(ap)) << 3;
}

uint8_t gicv3::running_priority(unsigned core) const
{
    unsigned r = rpr(core);
    return r == 0x100 ? 0xff : uint8_t(r);
}

void gicv3::update()
{
    for (unsigned c = 0; c < cpus_.size(); c++) {
        cpu_state &cs = *cpus_[c];
        if (cs.sleep) {
            cs.irq.set(false);
            cs.fiq.set(false);
            bool w = hppi(c, false).intid != SPURIOUS;
            bool rise = w && !cs.wake_req;
            cs.wake_req = w;
            if (rise && wake_cb_) wake_cb_(c);
            continue;
        }
        cs.wake_req = false;
        candidate h = hppi(c, true);
        bool signal =
            h.intid != SPURIOUS && h.prio < cs.pmr && (h.prio & group_mask(c, h.group1)) < rpr(c);
        cs.irq.set(signal && h.group1);
        cs.fiq.set(signal && !h.group1);
    }
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

// ---- CPU interface ----

uint64_t gicv3::acknowledge(unsigned core, bool group1)
{
    cpu_state &cs = *cpus_[core];
    if (cs.sleep) return SPURIOUS;
    candidate h = hppi(core, true);
    if (h.intid == SPURIOUS || h.group1 != group1) return SPURIOUS;
    unsigned gp = h.prio & group_mask(core, group1);
    if (h.prio >= cs.pmr || gp >= rpr(core)) return SPURIOUS;
    irq_state *s = irq_at(h.intid < 32 ? int(core) : -1, h.intid);
    s->active = true;
    s->latch = false; // a level interrupt stays pending while its line is high
    (group1 ? cs.ap1 : cs.ap0) |= 1u << (gp >> 3);
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
    uint32_t &ap = group1 ? cs.ap1 : cs.ap0;
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
    if (!cs.eoimode) deactivate(core, intid);
    update();
}

void gicv3::generate_sgi(unsigned core, uint64_t v, bool group1)
{
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
        // register generates (IHI 0069 12.2.21, single Security state).
        irq_state &s = cpus_[c]->priv[intid];
        if (target && s.group1 == group1) s.latch = true;
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
    case ICC_SGI0R_EL1:
    case ICC_IAR1_EL1:
    case ICC_EOIR1_EL1:
    case ICC_HPPIR1_EL1:
    case ICC_BPR1_EL1:
    case ICC_CTLR_EL1:
    case ICC_SRE_EL1:
    case ICC_IGRPEN0_EL1:
    case ICC_IGRPEN1_EL1:
    case ICC_SRE_EL3: return true;
    default: return is_virt_sysreg(enc);
    }
}

bool gicv3::cpu_sysreg_read(unsigned core, uint32_t enc, uint64_t &v)
{
    if (core >= cpus_.size()) return false;
    if (is_virt_sysreg(enc)) return virt_sysreg_read(core, enc, v);
    cpu_state &cs = *cpus_[core];
    switch (enc) {
    case ICC_PMR_EL1: v = cs.pmr; return true;
    case ICC_IAR0_EL1: v = acknowledge(core, false); return true;
    case ICC_IAR1_EL1: v = acknowledge(core, true); return true;
    case ICC_HPPIR0_EL1:
    case ICC_HPPIR1_EL1: {
        candidate h = cs.sleep ? candidate{} : hppi(core, true);
        bool want_g1 = enc == ICC_HPPIR1_EL1;
        v = (h.intid != SPURIOUS && h.group1 == want_g1) ? h.intid : SPURIOUS;
        return true;
    }
    case ICC_BPR0_EL1: v = cs.bpr0; return true;
    case ICC_BPR1_EL1: v = cs.cbpr ? std::min(cs.bpr0 + 1, 7u) : cs.bpr1; return true;
    case ICC_AP0R0_EL1: v = cs.ap0; return true;
    case ICC_AP1R0_EL1: v = cs.ap1; return true;
    case ICC_RPR_EL1: v = running_priority(core); return true;
    case ICC_CTLR_EL1:
        v = ICC_CTLR_RO | (cs.cbpr ? ICC_CTLR_CBPR : 0) | (cs.eoimode ? ICC_CTLR_EOIMODE : 0);
        return true;
    case ICC_SRE_EL1: v = SRE_EL1_VALUE; return true;
    case ICC_SRE_EL3: v = SRE_EL2_VALUE; return true;
    case ICC_IGRPEN0_EL1: v = cs.grpen0; return true;
    case ICC_IGRPEN1_EL1: v = cs.grpen1; return true;
    default: return false; // includes the write-only EOIR/DIR/SGI registers
    }
}

bool gicv3::cpu_sysreg_write(unsigned core, uint32_t enc, uint64_t v)
{
    if (core >= cpus_.size()) return false;
    if (is_virt_sysreg(enc)) return virt_sysreg_write(core, enc, v);
    cpu_state &cs = *cpus_[core];
    switch (enc) {
    case ICC_PMR_EL1: cs.pmr = uint8_t(v & PRIORITY_MASK); break;
    case ICC_EOIR0_EL1: end_of_interrupt(core, unsigned(v & 0xffffff), false); return true;
    case ICC_EOIR1_EL1: end_of_interrupt(core, unsigned(v & 0xffffff), true); return true;
    case ICC_DIR_EL1:
        // Deactivation is separate from priority drop only with EOImode = 1.
        if (cs.eoimode) deactivate(core, unsigned(v & 0xffffff));
        break;
    case ICC_BPR0_EL1: cs.bpr0 = std::max(unsigned(v & 7), BPR0_MIN); break;
    case ICC_BPR1_EL1:
        if (!cs.cbpr) cs.bpr1 = std::max(unsigned(v & 7), BPR1_MIN);
        break;
    case ICC_AP0R0_EL1: cs.ap0 = uint32_t(v); break;
    case ICC_AP1R0_EL1: cs.ap1 = uint32_t(v); break;
    case ICC_CTLR_EL1:
        cs.cbpr = v & ICC_CTLR_CBPR;
        cs.eoimode = v & ICC_CTLR_EOIMODE;
        break;
    case ICC_SRE_EL1:
    case ICC_SRE_EL3: return true; // SRE/DFB/DIB/Enable are RAO/WI
    case ICC_IGRPEN0_EL1: cs.grpen0 = v & 1; break;
    case ICC_IGRPEN1_EL1: cs.grpen1 = v & 1; break;
    case ICC_SGI0R_EL1: generate_sgi(core, v, false); return true;
    case ICC_SGI1R_EL1: generate_sgi(core, v, true); return true;
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

void gicv3::b_transport_dist(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    dbank_.transport(gp, false);
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
    redist_access(gp, false);
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
    cs.bpr1 = BPR1_MIN;
    cs.cbpr = cs.eoimode = cs.grpen0 = cs.grpen1 = false;
    cs.ap0 = cs.ap1 = 0;
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

// Machine-table factory: windows distributor, redistributors (one frame pair per
// core, in MPIDR order).
PSCISIM_DEVICE_MODEL(gicv3, "gicv3")
{
    device_instance i;
    auto g = std::make_unique<gicv3>(p.name.c_str(), p.mpidrs);
    gicv3 *self = g.get();
    i.windows = {&g->dist, &g->redist};
    i.reset = [self] { self->reset(); };
    i.module = std::move(g);
    return i;
}

} // namespace pscisim
