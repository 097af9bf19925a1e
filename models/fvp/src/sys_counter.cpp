#include "pscisim/fvp/sys_counter.h"

#include <stdexcept>
#include <string>

#include "pscisim/device.h"
#include "pscisim/fvp/counter_time.h"

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;

sys_counter::sys_counter(sc_core::sc_module_name name, uint64_t hz, unsigned frame)
    : sc_module(name), control("control"), ctl("ctl"), base("base"), hz_(hz), frame_(frame),
      control_bank_(std::string(basename()) + ".cntcontrol", true),
      ctl_bank_(std::string(basename()) + ".cntctl", true),
      base_bank_(std::string(basename()) + ".cntbase", true), cntcr_(control_bank_, "CNTCR", CNTCR),
      cntsr_(control_bank_, "CNTSR", CNTSR, 0, reg_access::ro),
      cntcv_(control_bank_, "CNTCV", CNTCV, 0, reg_access::ro, 8),
      cntfid0_(control_bank_, "CNTFID0", CNTFID0, hz, reg_access::ro),
      cntfid1_(control_bank_, "CNTFID1", CNTFID1, 0, reg_access::ro),
      ctl_frq_(ctl_bank_, "CNTFRQ", CTL_CNTFRQ), cntnsar_(ctl_bank_, "CNTNSAR", CNTNSAR),
      cnttidr_(ctl_bank_, "CNTTIDR", CNTTIDR, 1u << (4 * frame), reg_access::ro),
      pct_(base_bank_, "CNTPCT", CNTPCT, 0, reg_access::ro, 8),
      frq_(base_bank_, "CNTFRQ", CNTFRQ, 0, reg_access::ro),
      el0acr_(base_bank_, "CNTEL0ACR", CNTEL0ACR),
      cval_(base_bank_, "CNTP_CVAL", CNTP_CVAL, 0, reg_access::rw, 8),
      tval_(base_bank_, "CNTP_TVAL", CNTP_TVAL), pctl_(base_bank_, "CNTP_CTL", CNTP_CTL)
{
    if (hz == 0 || hz > 0xFFFFFFFFu)
        throw std::invalid_argument(std::string(basename()) +
                                    ": the counter frequency must be 1..2^32-1 Hz (CNTFID0)");
    if (frame > 7) throw std::invalid_argument(std::string(basename()) + ": frame must be 0..7");

    // CNTControlBase. CNTSR.FCACK [31:8] acknowledges the requested frequency
    // table entry at once (only entry 0 exists).
    cntcr_.writable_mask = CNTCR_EN | CNTCR_HDBG | (0x3FFu << 8);
    cntsr_.on_read = [this](size_t) -> uint64_t { return (cntcr_ & (0x3FFu << 8)) << 0; };
    cntcv_.on_read = [this](size_t) -> uint64_t { return count(); };

    // CNTCTLBase.
    cntnsar_.writable_mask = 0xFF;
    for (unsigned n = 0; n < 8; ++n) {
        acr_[n] = std::make_unique<reg>(ctl_bank_, ("CNTACR" + std::to_string(n)).c_str(),
                                        CNTACR0 + 4 * n);
        // Only implemented frames have an access control register.
        acr_[n]->writable_mask = n == frame ? 0x3Fu : 0u;
    }

    // CNTBase<frame>: each group of registers reads as zero and ignores writes
    // unless CNTACR<frame> grants it (DDI 0487 I3, "CNTACR<n>").
    pct_.on_read = [this](size_t) -> uint64_t { return frame_allows(ACR_RPCT) ? count() : 0; };
    frq_.on_read = [this](size_t) -> uint64_t {
        return frame_allows(ACR_RFRQ) ? ctl_frq_.get() : 0;
    };
    el0acr_.writable_mask = 0x303; // EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN
    cval_.on_read = [this](size_t) -> uint64_t { return frame_allows(ACR_RWPT) ? cval_.get() : 0; };
    cval_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        if (!frame_allows(ACR_RWPT)) return;
        cval_.set((cval_.get() & ~m) | (v & m));
        evaluate();
    };
    // TVAL: the signed 32-bit distance from the count to CVAL.
    tval_.on_read = [this](size_t) -> uint64_t {
        return frame_allows(ACR_RWPT) ? uint32_t(cval_.get() - count()) : 0;
    };
    tval_.on_write = [this](size_t, uint64_t v, uint64_t) {
        if (!frame_allows(ACR_RWPT)) return;
        cval_.set(count() + uint64_t(int64_t(int32_t(uint32_t(v)))));
        evaluate();
    };
    pctl_.on_read = [this](size_t) -> uint64_t {
        if (!frame_allows(ACR_RWPT)) return 0;
        uint64_t v = pctl_.get() & (CTL_ENABLE | CTL_IMASK);
        if ((v & CTL_ENABLE) && count() >= cval_.get()) v |= CTL_ISTATUS;
        return v;
    };
    pctl_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        if (!frame_allows(ACR_RWPT)) return;
        pctl_.set(((pctl_.get() & ~m) | (v & m)) & (CTL_ENABLE | CTL_IMASK));
        evaluate();
    };

    control.register_b_transport(this, &sys_counter::b_control);
    ctl.register_b_transport(this, &sys_counter::b_ctl);
    base.register_b_transport(this, &sys_counter::b_base);
    control.register_transport_dbg(this, &sys_counter::dbg_control);
    ctl.register_transport_dbg(this, &sys_counter::dbg_ctl);
    base.register_transport_dbg(this, &sys_counter::dbg_base);

    SC_METHOD(evaluate);
    sensitive << ev_;
    dont_initialize();
}

uint64_t sys_counter::count() const
{
    return counter_at(sc_time_stamp(), hz_);
}

unsigned sys_counter::debug(reg_bank &bank, tlm::tlm_generic_payload &gp)
{
    bank.transport(gp, true);
    return gp.get_response_status() == tlm::TLM_OK_RESPONSE ? gp.get_data_length() : 0;
}

void sys_counter::transport(reg_bank &bank, tlm::tlm_generic_payload &gp, sc_time &delay)
{
    // The counter and the timer condition are read at the initiator's exact time.
    if (delay != sc_core::SC_ZERO_TIME) {
        wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    bank.transport(gp, false);
}

// The interrupt output is ENABLE && !IMASK && count >= CVAL; when that can become
// true later, the method runs again at that exact time.
void sys_counter::evaluate()
{
    ev_.cancel();
    const uint64_t ctl = pctl_.get();
    const bool enabled = ctl & CTL_ENABLE;
    const uint64_t now = count();
    const bool met = now >= cval_.get();
    irq.set(enabled && met && !(ctl & CTL_IMASK));
    if (enabled && !met) ev_.notify(time_of_counter(cval_.get(), hz_) - sc_time_stamp());
}

void sys_counter::reset()
{
    control_bank_.reset();
    ctl_bank_.reset();
    base_bank_.reset();
    evaluate();
}

// Table row: windows CNTControlBase, CNTCTLBase, CNTBase1 (the frame number is
// fixed at 1, TF-A's PLAT_ARM_NSTIMER_FRAME_ID on FVP); one SPI, the frame's
// physical timer.
PSCISIM_DEVICE_MODEL(sys_counter, "sys_counter")
{
    device_instance i;
    auto d = std::make_unique<sys_counter>(p.name.c_str(), p.counter_hz, 1);
    sys_counter *self = d.get();
    i.windows = {&d->control, &d->ctl, &d->base};
    i.spis = {&d->irq};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
