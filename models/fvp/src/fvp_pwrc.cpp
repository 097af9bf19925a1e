#include "pscisim/fvp/fvp_pwrc.h"

#include <algorithm>

#include "pscisim/device.h"
#include "pscisim/guest_log.h"

namespace pscisim
{

namespace
{
// Aff3 [39:32] and Aff2..Aff0 [23:0]: the bits that name a core.
constexpr uint64_t affinity_mask = 0xFF00FFFFFFull;
} // namespace

fvp_pwrc::fvp_pwrc(sc_core::sc_module_name name, const std::vector<uint64_t> &mpidrs)
    : bank_device(name, true), mpidrs_(mpidrs), cores_(mpidrs.size()),
      ppoffr_(bank_, "PPOFFR", PPOFFR, 0, reg_access::wo),
      pponr_(bank_, "PPONR", PPONR, 0, reg_access::wo),
      pcoffr_(bank_, "PCOFFR", PCOFFR, 0, reg_access::wo), pwkupr_(bank_, "PWKUPR", PWKUPR),
      psysr_(bank_, "PSYSR", PSYSR)
{
    // Clusters are numbered by Aff1 in order of appearance.
    std::vector<uint64_t> seen;
    for (uint64_t m : mpidrs) {
        uint64_t c = (m >> 8) & 0xFF;
        auto it = std::find(seen.begin(), seen.end(), c);
        if (it == seen.end()) {
            seen.push_back(c);
            it = seen.end() - 1;
        }
        cluster_.push_back(unsigned(it - seen.begin()));
    }
    pc_.assign(seen.size(), false);

    auto target = [this](uint64_t v, const char *reg) -> int {
        int c = core_of(v);
        if (c < 0)
            PSCISIM_GUEST_ERROR(this->name(),
                                "%s written with MPIDR 0x%llx, not a core of the machine", reg,
                                (unsigned long long)v);
        return c;
    };
    ppoffr_.on_write = [this, target](size_t, uint64_t v, uint64_t) {
        int c = target(v, "PPOFFR");
        if (c >= 0) cores_[c].pp = true;
    };
    pcoffr_.on_write = [this, target](size_t, uint64_t v, uint64_t) {
        int c = target(v, "PCOFFR");
        if (c >= 0) pc_[cluster_[c]] = true;
    };
    pponr_.on_write = [this, target](size_t, uint64_t v, uint64_t) {
        int c = target(v, "PPONR");
        if (c < 0) return;
        // Powering a core on cancels its own pending power-off and its cluster's.
        cores_[c].pp = false;
        pc_[cluster_[c]] = false;
        if (!backend_) {
            PSCISIM_GUEST_ERROR(this->name(), "PPONR: no power sequencer is attached");
            return;
        }
        // The sequencer decides: a core that is ON and staying ON is left alone; one
        // that is powering down comes back once it is OFF.
        backend_->power_on(unsigned(c));
    };
    // PWKUPR reads back the last value written; the WEN it sets belongs to the
    // core named in it.
    pwkupr_.on_write = [this, target](size_t, uint64_t v, uint64_t m) {
        pwkupr_.set((pwkupr_.get() & ~m) | (v & m));
        int c = target(v & ~uint64_t(PWKUPR_WEN), "PWKUPR");
        if (c >= 0) cores_[c].wen = (v & PWKUPR_WEN) != 0;
    };
    psysr_.on_read = [this](size_t) -> uint64_t { return psysr(psysr_.get()); };
}

int fvp_pwrc::core_of(uint64_t mpidr) const
{
    for (size_t i = 0; i < mpidrs_.size(); ++i)
        if ((mpidrs_[i] & affinity_mask) == (mpidr & affinity_mask)) return int(i);
    return -1;
}

uint32_t fvp_pwrc::psysr(uint64_t mpidr) const
{
    int c = core_of(mpidr & 0xFFFFFFFFu);
    if (c < 0) return PSYSR_INVALID;
    const core_state &s = cores_[c];
    uint32_t v = uint32_t(s.wk) << PSYSR_WK_SHIFT;
    bool core_on = backend_ && backend_->core_on(unsigned(c));
    bool cluster_on = backend_ && backend_->cluster_on(cluster_[c]);
    if (core_on) v |= PSYSR_AFF_L0;
    if (cluster_on) v |= PSYSR_AFF_L1;
    // Level 2 (the system) is on whenever anything is.
    if (cluster_on) v |= PSYSR_AFF_L2;
    if (s.wen) v |= PSYSR_WEN;
    if (pc_[cluster_[c]]) v |= PSYSR_PC;
    if (s.pp) v |= PSYSR_PP;
    return v;
}

bool fvp_pwrc::core_powered_off(unsigned core)
{
    cores_.at(core).pp = false;
    unsigned cl = cluster_[core];
    if (!pc_[cl]) return false;
    for (unsigned i = 0; i < cores_.size(); ++i)
        if (cluster_[i] == cl && i != core && backend_ && backend_->core_on(i)) return false;
    return true;
}

void fvp_pwrc::powered_up(unsigned core, wake_reason why)
{
    cores_.at(core).wk = why;
    cores_[core].pp = false;
}

void fvp_pwrc::reset(wake_reason why)
{
    bank_device::reset();
    for (core_state &s : cores_)
        s = core_state{false, false, why};
    std::fill(pc_.begin(), pc_.end(), false);
}

// Table row: one window; the system builder attaches the power sequencer.
PSCISIM_DEVICE_MODEL(fvp_pwrc, "fvp_pwrc")
{
    device_instance i;
    auto d = std::make_unique<fvp_pwrc>(p.name.c_str(), p.mpidrs);
    fvp_pwrc *self = d.get();
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
