#define SC_INCLUDE_DYNAMIC_PROCESSES // sc_spawn
#include "pscisim/generic_timer.h"
#include "pscisim/device.h"

#include <limits>
#include <numeric>
#include <string>

#include "pscisim/sysreg.h"

namespace pscisim
{

using namespace sc_core;

namespace
{
// Arm DDI 0487, D19 (generic timer registers).
constexpr uint32_t CNTPCT_EL0 = sysreg_enc(3, 3, 14, 0, 1);
constexpr uint32_t CNTVCT_EL0 = sysreg_enc(3, 3, 14, 0, 2);
constexpr uint32_t CNTPCTSS_EL0 = sysreg_enc(3, 3, 14, 0, 5);
constexpr uint32_t CNTVCTSS_EL0 = sysreg_enc(3, 3, 14, 0, 6);
constexpr uint32_t CNTVOFF_EL2 = sysreg_enc(3, 4, 14, 0, 3);

// TVAL/CTL/CVAL of each timer are op2 = 0/1/2 at CRn=14 with these op1:CRm.
struct timer_regs {
    unsigned op1, crm;
};
constexpr timer_regs TIMER_REGS[generic_timer::NUM_TIMERS] = {
    {3, 2}, // CNTP_*_EL0
    {3, 3}, // CNTV_*_EL0
    {4, 2}, // CNTHP_*_EL2
    {7, 2}, // CNTPS_*_EL1
};

enum class field { none, tval, ctl, cval };

field decode_timer(uint32_t enc, unsigned *which)
{
    for (unsigned t = 0; t < generic_timer::NUM_TIMERS; t++) {
        for (unsigned op2 = 0; op2 < 3; op2++) {
            if (enc == sysreg_enc(3, TIMER_REGS[t].op1, 14, TIMER_REGS[t].crm, op2)) {
                *which = t;
                return op2 == 0 ? field::tval : op2 == 1 ? field::ctl : field::cval;
            }
        }
    }
    return field::none;
}

const char *const TIMER_NAMES[generic_timer::NUM_TIMERS] = {"phys", "virt", "hyp", "secure"};
} // namespace

unsigned generic_timer::ppi_intid(timer_id t)
{
    static const unsigned ppi[NUM_TIMERS] = {30, 27, 26, 29};
    return ppi[t];
}

generic_timer::generic_timer(sc_module_name name, unsigned num_cores, uint64_t frequency_hz)
    : sc_module(name), freq_(frequency_hz), units_per_sec_(sc_time(1, SC_SEC).value())
{
    if (frequency_hz == 0) SC_REPORT_ERROR(this->name(), "counter frequency must be > 0 Hz");
    if (num_cores == 0) SC_REPORT_ERROR(this->name(), "number of cores must be > 0");
    uint64_t g = std::gcd(freq_ ? freq_ : 1, units_per_sec_);
    cnt_num_ = (freq_ ? freq_ : 1) / g;
    cnt_den_ = units_per_sec_ / g;
    for (unsigned c = 0; c < num_cores; c++) {
        cores_.push_back(std::make_unique<core_state>());
        for (unsigned t = 0; t < NUM_TIMERS; t++) {
            sc_spawn_options opt;
            opt.spawn_method();
            opt.dont_initialize();
            opt.set_sensitivity(&cores_[c]->t[t].ev);
            std::string n = "core" + std::to_string(c) + "_" + TIMER_NAMES[t];
            sc_spawn([this, c, t]() { evaluate(c, timer_id(t)); }, n.c_str(), &opt);
        }
    }
}

uint64_t generic_timer::counter(const sc_time &offset) const
{
    uint64_t u = (sc_time_stamp() + offset).value();
    // Every CNTPCT/CNTVCT read lands here: with the ratio in lowest terms the
    // product usually fits in 64 bits and needs no 128-bit division.
    if (u <= std::numeric_limits<uint64_t>::max() / cnt_num_) return u * cnt_num_ / cnt_den_;
    unsigned __int128 units = u;
    return uint64_t(units * freq_ / units_per_sec_);
}

sc_time generic_timer::time_of_count(uint64_t count) const
{
    if (count <= std::numeric_limits<uint64_t>::max() / cnt_den_) {
        uint64_t n = count * cnt_den_;
        return sc_time::from_value(n / cnt_num_ + (n % cnt_num_ != 0));
    }
    unsigned __int128 num = (unsigned __int128)count * units_per_sec_;
    unsigned __int128 units = (num + freq_ - 1) / freq_;
    if (units > ~uint64_t(0)) return sc_max_time();
    return sc_time::from_value(uint64_t(units));
}

sc_time generic_timer::time_of_core_count(unsigned core, bool virtual_count, uint64_t count) const
{
    // CNTVCT = CNTPCT - CNTVOFF (mod 2^64): the physical count of that virtual count.
    return time_of_count(virtual_count ? count + cores_.at(core)->cntvoff : count);
}

uint64_t generic_timer::count_for(unsigned core, timer_id t, uint64_t pcount) const
{
    return t == VIRT ? pcount - cores_[core]->cntvoff : pcount;
}

bool generic_timer::condition(unsigned core, timer_id t, uint64_t pcount) const
{
    return count_for(core, t, pcount) >= cores_[core]->t[t].cval;
}

void generic_timer::schedule(unsigned core, timer_id t, const sc_time &offset)
{
    sc_event &ev = cores_[core]->t[t].ev;
    ev.cancel();
    // A register write at the current time changes the output at once (no delta
    // cycle), so the CPU wrapper sees the new level when the write returns. A
    // core running ahead gets the change at its own local time.
    if (offset == SC_ZERO_TIME)
        evaluate(core, t);
    else
        ev.notify(offset);
}

void generic_timer::evaluate(unsigned core, timer_id t)
{
    evaluations_++;
    core_state &cs = *cores_[core];
    timer_state &ts = cs.t[t];
    uint64_t now = counter();
    bool enabled = ts.ctl & CTL_ENABLE;
    bool met = condition(core, t, now);
    ts.out.set(enabled && met && !(ts.ctl & CTL_IMASK));
    if (!enabled) return;
    // The next time the condition can change by itself. The physical count never
    // wraps in practice (2^64 ticks); the virtual count (CNTPCT - CNTVOFF, modulo
    // 2^64) wraps to 0 when CNTPCT reaches CNTVOFF, if CNTVOFF is ahead of it.
    uint64_t next;
    if (!met)
        next = t == VIRT ? ts.cval + cs.cntvoff : ts.cval; // count reaches CVAL
    else if (t == VIRT)
        next = cs.cntvoff; // the virtual count wraps and the condition fails
    else
        return;
    if (next <= now) return;
    // A count beyond the representable simulated time still counts as a pending
    // event (at the end of time), so that a core waiting for it is not mistaken for
    // a deadlock: the platform stops the run at its time limit first.
    sc_time when = time_of_count(next);
    ts.ev.notify(when - sc_time_stamp());
}

bool generic_timer::is_timer_sysreg(uint32_t enc)
{
    unsigned t;
    return decode_timer(enc, &t) != field::none || enc == CNTPCT_EL0 || enc == CNTVCT_EL0 ||
           enc == CNTPCTSS_EL0 || enc == CNTVCTSS_EL0 || enc == CNTVOFF_EL2;
}

bool generic_timer::cpu_sysreg_read(unsigned core, uint32_t enc, uint64_t &value,
                                    const sc_time &offset)
{
    if (core >= cores_.size()) return false;
    core_state &cs = *cores_[core];
    uint64_t pcount = counter(offset);
    switch (enc) {
    case CNTPCT_EL0:
    case CNTPCTSS_EL0: value = pcount; return true;
    case CNTVCT_EL0:
    case CNTVCTSS_EL0: value = pcount - cs.cntvoff; return true;
    case CNTVOFF_EL2: value = cs.cntvoff; return true;
    default: break;
    }
    unsigned t;
    field f = decode_timer(enc, &t);
    if (f == field::none) return false;
    timer_state &ts = cs.t[t];
    switch (f) {
    case field::ctl:
        value = ts.ctl;
        // ISTATUS is meaningful only while enabled (D11.2.4); reads 0 otherwise.
        if ((ts.ctl & CTL_ENABLE) && condition(core, timer_id(t), pcount)) value |= CTL_ISTATUS;
        return true;
    case field::cval: value = ts.cval; return true;
    case field::tval:
        // TimerValue = CompareValue - Count, 32 bits; bits [63:32] are RES0.
        value = uint32_t(ts.cval - count_for(core, timer_id(t), pcount));
        return true;
    default: return false;
    }
}

bool generic_timer::cpu_sysreg_write(unsigned core, uint32_t enc, uint64_t value,
                                     const sc_time &offset)
{
    if (core >= cores_.size()) return false;
    core_state &cs = *cores_[core];
    switch (enc) {
    case CNTPCT_EL0:
    case CNTVCT_EL0:
    case CNTPCTSS_EL0:
    case CNTVCTSS_EL0: return false; // read-only
    case CNTVOFF_EL2:
        cs.cntvoff = value;
        schedule(core, VIRT, offset);
        return true;
    default: break;
    }
    unsigned t;
    field f = decode_timer(enc, &t);
    if (f == field::none) return false;
    timer_state &ts = cs.t[t];
    switch (f) {
    case field::ctl: ts.ctl = value & (CTL_ENABLE | CTL_IMASK); break;
    case field::cval: ts.cval = value; break;
    case field::tval:
        // CompareValue = Count + SignExtend(TimerValue[31:0]).
        ts.cval = count_for(core, timer_id(t), counter(offset)) +
                  uint64_t(int64_t(int32_t(uint32_t(value))));
        break;
    default: return false;
    }
    schedule(core, timer_id(t), offset);
    return true;
}

irq_line &generic_timer::irq(unsigned core, timer_id t)
{
    return cores_.at(core)->t.at(t).out;
}

void generic_timer::reset_core(unsigned core)
{
    core_state &cs = *cores_.at(core);
    for (unsigned t = 0; t < NUM_TIMERS; t++) {
        cs.t[t].ctl = 0;
        cs.t[t].cval = 0;
        cs.t[t].ev.cancel();
        cs.t[t].out.set(false);
    }
    cs.cntvoff = 0;
}

void generic_timer::reset()
{
    for (unsigned c = 0; c < cores_.size(); c++)
        reset_core(c);
}

void generic_timer::trace(sc_trace_file *tf) const
{
    for (unsigned c = 0; c < cores_.size(); c++)
        for (unsigned t = 0; t < NUM_TIMERS; t++)
            sc_trace(tf, cores_[c]->t[t].out.level_ref(),
                     std::string(name()) + ".core" + std::to_string(c) + "_" + TIMER_NAMES[t]);
}

// Machine-table factory: no MMIO window; the builder routes the CNT* system
// registers and wires the per-core PPIs.
PSCISIM_DEVICE_MODEL(generic_timer, "generic_timer")
{
    device_instance i;
    auto t =
        std::make_unique<generic_timer>(p.name.c_str(), unsigned(p.mpidrs.size()), p.counter_hz);
    generic_timer *self = t.get();
    i.reset = [self] { self->reset(); };
    i.module = std::move(t);
    return i;
}

} // namespace pscisim
