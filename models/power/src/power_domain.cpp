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
    : sc_module(name), m_level(level), m_parent(parent), m_state(initial), m_settle_ev("settle_ev"),
      m_changed("changed")
{
    if (parent) parent->m_children.push_back(this);
    m_entries[(int)initial] = 1;
    SC_HAS_PROCESS(power_domain);
    SC_METHOD(settle);
    sensitive << m_settle_ev;
    dont_initialize();
}

void power_domain::account()
{
    sc_time now = sc_time_stamp();
    if (m_busy)
        m_transition_time += now - m_since;
    else
        m_residency[(int)m_state] += now - m_since;
    m_since = now;
}

void power_domain::notify()
{
    power_change c{sc_time_stamp(), m_state, m_busy, target()};
    m_changed.notify(sc_core::SC_ZERO_TIME);
    for (auto &o : m_observers)
        o(*this, c);
}

void power_domain::transition(power_state to, const sc_time &latency, std::function<void()> done)
{
    request r{to, latency, std::move(done)};
    if (m_busy)
        m_queue.push_back(std::move(r));
    else
        start(std::move(r));
}

void power_domain::start(request r)
{
    account();
    m_busy = true;
    m_target = r.to;
    m_done = std::move(r.done);
    ++m_transitions;
    m_settle_ev.notify(r.latency);
    notify();
}

void power_domain::settle()
{
    account();
    m_busy = false;
    m_state = m_target;
    ++m_entries[(int)m_state];
    auto done = std::move(m_done);
    m_done = nullptr;
    notify();
    if (done) done();
    if (!m_busy && !m_queue.empty()) {
        request r = std::move(m_queue.front());
        m_queue.pop_front();
        start(std::move(r));
    }
}

void power_domain::force(power_state s)
{
    account();
    m_queue.clear();
    m_settle_ev.cancel();
    m_done = nullptr;
    bool changed = m_busy || s != m_state;
    m_busy = false;
    if (s != m_state) ++m_entries[(int)s];
    m_state = s;
    if (changed) notify();
}

sc_time power_domain::residency(power_state s) const
{
    sc_time r = m_residency[(int)s];
    if (!m_busy && m_state == s) r += sc_time_stamp() - m_since;
    return r;
}

sc_time power_domain::transition_time() const
{
    sc_time r = m_transition_time;
    if (m_busy) r += sc_time_stamp() - m_since;
    return r;
}

void power_domain::reset_stats()
{
    m_since = sc_time_stamp();
    for (int i = 0; i < 3; ++i) {
        m_residency[i] = sc_core::SC_ZERO_TIME;
        m_entries[i] = 0;
    }
    m_entries[(int)m_state] = m_busy ? 0 : 1;
    m_transition_time = sc_core::SC_ZERO_TIME;
    m_transitions = m_busy ? 1 : 0;
}

clock_enable::clock_enable(std::string name, bool initial)
    : m_name(std::move(name)), m_on(initial), m_changed()
{
}

void clock_enable::set(bool on)
{
    if (on == m_on) return;
    sc_time now = sc_time_stamp();
    (m_on ? m_on_time : m_off_time) += now - m_since;
    m_since = now;
    m_on = on;
    if (!on) ++m_gates;
    m_changed.notify(sc_core::SC_ZERO_TIME);
    for (auto &o : m_observers)
        o(*this, on);
}

sc_time clock_enable::enabled_time() const
{
    return m_on_time + (m_on ? sc_time_stamp() - m_since : sc_core::SC_ZERO_TIME);
}

sc_time clock_enable::gated_time() const
{
    return m_off_time + (!m_on ? sc_time_stamp() - m_since : sc_core::SC_ZERO_TIME);
}

void clock_enable::reset_stats()
{
    m_since = sc_time_stamp();
    m_on_time = m_off_time = sc_core::SC_ZERO_TIME;
    m_gates = 0;
}

} // namespace pscisim
