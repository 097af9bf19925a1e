#include "power/power_domain.h"

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;

const char *to_string(power_state s)
{
    switch (s) {
    case power_state::on: return "ON";
    case power_state::retention: return "RETENTION";
    case power_state::off: return "OFF";
    }
    return "?";
}

const char *to_string(domain_level l)
{
    switch (l) {
    case domain_level::core: return "core";
    case domain_level::cluster: return "cluster";
    case domain_level::system: return "system";
    }
    return "?";
}

power_domain::power_domain(sc_core::sc_module_name name, domain_level level, power_domain *parent,
                           power_state initial)
    : sc_module(name), level_(level), parent_(parent), state_(initial), settle_ev_("settle_ev"),
      changed_("changed")
{
    if (parent) parent->children_.push_back(this);
    entries_[(int)initial] = 1;
    SC_HAS_PROCESS(power_domain);
    SC_METHOD(settle);
    sensitive << settle_ev_;
    dont_initialize();
}

void power_domain::account()
{
    sc_time now = sc_time_stamp();
    if (busy_)
        transition_time_ += now - since_;
    else
        residency_[(int)state_] += now - since_;
    since_ = now;
}

void power_domain::notify()
{
    power_change c{sc_time_stamp(), state_, busy_, target()};
    changed_.notify(sc_core::SC_ZERO_TIME);
    for (auto &o : observers_)
        o(*this, c);
}

void power_domain::transition(power_state to, const sc_time &latency, std::function<void()> done)
{
    request r{to, latency, std::move(done)};
    if (busy_)
        queue_.push_back(std::move(r));
    else
        start(std::move(r));
}

void power_domain::start(request r)
{
    account();
    busy_ = true;
    target_ = r.to;
    done_ = std::move(r.done);
    ++transitions_;
    settle_ev_.notify(r.latency);
    notify();
}

void power_domain::settle()
{
    account();
    busy_ = false;
    state_ = target_;
    ++entries_[(int)state_];
    auto done = std::move(done_);
    done_ = nullptr;
    notify();
    if (done) done();
    if (!busy_ && !queue_.empty()) {
        request r = std::move(queue_.front());
        queue_.pop_front();
        start(std::move(r));
    }
}

void power_domain::force(power_state s)
{
    account();
    queue_.clear();
    settle_ev_.cancel();
    done_ = nullptr;
    bool changed = busy_ || s != state_;
    busy_ = false;
    if (s != state_) ++entries_[(int)s];
    state_ = s;
    if (changed) notify();
}

sc_time power_domain::residency(power_state s) const
{
    sc_time r = residency_[(int)s];
    if (!busy_ && state_ == s) r += sc_time_stamp() - since_;
    return r;
}

sc_time power_domain::transition_time() const
{
    sc_time r = transition_time_;
    if (busy_) r += sc_time_stamp() - since_;
    return r;
}

void power_domain::reset_stats()
{
    since_ = sc_time_stamp();
    for (int i = 0; i < 3; ++i) {
        residency_[i] = sc_core::SC_ZERO_TIME;
        entries_[i] = 0;
    }
    entries_[(int)state_] = busy_ ? 0 : 1;
    transition_time_ = sc_core::SC_ZERO_TIME;
    transitions_ = busy_ ? 1 : 0;
}

clock_enable::clock_enable(std::string name, bool initial)
    : name_(std::move(name)), on_(initial), changed_()
{
}

void clock_enable::set(bool on)
{
    if (on == on_) return;
    sc_time now = sc_time_stamp();
    (on_ ? on_time_ : off_time_) += now - since_;
    since_ = now;
    on_ = on;
    if (!on) ++gates_;
    changed_.notify(sc_core::SC_ZERO_TIME);
    for (auto &o : observers_)
        o(*this, on);
}

sc_time clock_enable::enabled_time() const
{
    return on_time_ + (on_ ? sc_time_stamp() - since_ : sc_core::SC_ZERO_TIME);
}

sc_time clock_enable::gated_time() const
{
    return off_time_ + (!on_ ? sc_time_stamp() - since_ : sc_core::SC_ZERO_TIME);
}

void clock_enable::reset_stats()
{
    since_ = sc_time_stamp();
    on_time_ = off_time_ = sc_core::SC_ZERO_TIME;
    gates_ = 0;
}

} // namespace pscisim
