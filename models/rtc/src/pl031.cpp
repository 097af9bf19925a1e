#define SC_INCLUDE_DYNAMIC_PROCESSES // sc_spawn
#include "pscisim/pl031.h"
#include "pscisim/device.h"

namespace pscisim
{

using namespace sc_core;

namespace
{
// RTCPeriphID0-3 = PL031 (part 0x031, designer 0x41, revision 1), RTCPCellID0-3 =
// PrimeCell (TRM 3.3.10-11); the same values as QEMU's pl031.
constexpr uint8_t PERIPH_ID[4] = {0x31, 0x10, 0x14, 0x00};
constexpr uint8_t CELL_ID[4] = {0x0d, 0xf0, 0x05, 0xb1};
} // namespace

pl031::pl031(sc_module_name name, uint32_t epoch)
    : sc_module(name), in("in"), bank_(std::string(basename())),
      r_dr_(bank_, "RTCDR", DR, 0, reg_access::ro), r_mr_(bank_, "RTCMR", MR),
      r_lr_(bank_, "RTCLR", LR), r_cr_(bank_, "RTCCR", CR, CR_START),
      r_imsc_(bank_, "RTCIMSC", IMSC), r_ris_(bank_, "RTCRIS", RIS, 0, reg_access::ro),
      r_mis_(bank_, "RTCMIS", MIS, 0, reg_access::ro),
      r_icr_(bank_, "RTCICR", ICR, 0, reg_access::wo),
      r_periphid_(bank_, "RTCPeriphID", PERIPHID0, 0, reg_access::ro, 4, 4),
      r_cellid_(bank_, "RTCPCellID", CELLID0, 0, reg_access::ro, 4, 4), epoch_(epoch)
{
    r_dr_.on_read = [this](size_t) { return uint64_t(counter_at(access_time_)); };
    r_mr_.writable_mask = 0xffffffff;
    r_mr_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        r_mr_.set((r_mr_.get() & ~mask) | (v & mask));
        schedule_match();
    };
    r_lr_.on_read = [this](size_t) { return uint64_t(r_lr_.get()); };
    r_lr_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        r_lr_.set((r_lr_.get() & ~mask) | (v & mask));
        load(uint32_t(r_lr_.get()), access_time_);
    };
    // RTCCR.RTCstart: the counter runs from reset here (as QEMU's, which Linux's
    // driver expects); once started writing 0 has no effect (TRM 3.3.4).
    r_cr_.on_write = [](size_t, uint64_t, uint64_t) {};
    r_imsc_.writable_mask = INT_MATCH;
    r_imsc_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        r_imsc_.set((r_imsc_.get() & ~mask) | (v & mask & INT_MATCH));
        update_irq();
    };
    r_ris_.on_read = [this](size_t) { return uint64_t(ris_ ? uint32_t(INT_MATCH) : 0u); };
    r_mis_.on_read = [this](size_t) {
        return uint64_t(ris_ && (r_imsc_.get() & INT_MATCH) ? uint32_t(INT_MATCH) : 0u);
    };
    r_icr_.on_write = [this](size_t, uint64_t v, uint64_t) {
        if (v & INT_MATCH) ris_ = false;
        update_irq();
    };
    r_periphid_.on_read = [](size_t i) { return uint64_t(PERIPH_ID[i]); };
    r_cellid_.on_read = [](size_t i) { return uint64_t(CELL_ID[i]); };

    in.register_b_transport(this, &pl031::b_transport);
    in.register_transport_dbg(this, &pl031::transport_dbg);

    sc_spawn_options opt;
    opt.spawn_method();
    opt.dont_initialize();
    opt.set_sensitivity(&match_ev_);
    sc_spawn([this]() { on_match(); }, "match", &opt);
    load(epoch_, SC_ZERO_TIME);
}

void pl031::set_epoch(uint32_t epoch)
{
    epoch_ = epoch;
    load(epoch_, SC_ZERO_TIME);
}

uint32_t pl031::counter_at(const sc_time &t) const
{
    sc_time d = t > base_time_ ? t - base_time_ : SC_ZERO_TIME;
    uint64_t secs = d.value() / sc_time(1, SC_SEC).value();
    return uint32_t(base_ + secs); // modulo 2^32, as the 32-bit counter wraps
}

uint32_t pl031::counter() const
{
    return counter_at(sc_time_stamp());
}

void pl031::load(uint32_t v, const sc_time &t)
{
    base_ = v;
    base_time_ = t;
    schedule_match();
}

void pl031::schedule_match()
{
    match_ev_.cancel();
    sc_time now = sc_time_stamp();
    if (access_time_ > now) now = access_time_;
    uint32_t cur = counter_at(now);
    uint32_t mr = uint32_t(r_mr_.get());
    if (cur == mr) {
        ris_ = true;
        update_irq();
        return;
    }
    // The counter next becomes mr after (mr - cur) mod 2^32 more second boundaries.
    uint64_t ticks_to_go = uint32_t(mr - cur);
    const uint64_t sec = sc_time(1, SC_SEC).value();
    uint64_t elapsed = now > base_time_ ? (now - base_time_).value() / sec : 0; // since the load
    uint64_t max = sc_max_time().value() - sc_time_stamp().value();
    uint64_t target_secs = elapsed + ticks_to_go;
    if (target_secs > max / sec) return; // beyond the end of simulated time
    sc_time at = base_time_ + sc_time::from_value(target_secs * sec);
    match_ev_.notify(at - sc_time_stamp());
}

void pl031::on_match()
{
    if (counter() == uint32_t(r_mr_.get())) {
        ris_ = true;
        update_irq();
    }
}

void pl031::update_irq()
{
    irq.set(ris_ && (r_imsc_.get() & INT_MATCH));
}

void pl031::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    access_time_ = sc_time_stamp() + delay;
    bank_.transport(gp, false);
    access_time_ = SC_ZERO_TIME;
}

unsigned int pl031::transport_dbg(tlm::tlm_generic_payload &gp)
{
    access_time_ = sc_time_stamp();
    bank_.transport(gp, true);
    access_time_ = SC_ZERO_TIME;
    return gp.is_response_ok() ? gp.get_data_length() : 0;
}

void pl031::reset()
{
    // The counter is in the always-on domain and keeps counting through SYSTEM_RESET
    // (as a battery-backed RTC; QEMU's keeps its offset too); the match logic resets.
    bank_.reset();
    ris_ = false;
    irq.set(false);
    schedule_match();
}

// Machine-table factory: the counter starts at the machine's wall-clock epoch.
PSCISIM_DEVICE_MODEL(pl031, "pl031")
{
    device_instance i;
    auto r = std::make_unique<pl031>(p.name.c_str());
    r->set_epoch(p.rtc_epoch);
    pl031 *self = r.get();
    i.windows = {&r->in};
    i.spis = {&r->irq};
    i.reset = [self] { self->reset(); };
    i.module = std::move(r);
    return i;
}

} // namespace pscisim
