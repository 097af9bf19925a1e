// Power domains (core, cluster, system) and per-core clock enables.
//
// A power domain is either settled in a state (ON, RETENTION, OFF) or in a timed
// transition towards one. transition(to, latency) starts the transition at the
// current simulated time and settles it `latency` later; requests made while a
// transition is under way are queued and start when it settles (a wake-up that
// arrives while a core is still powering down waits for the entry to complete,
// as the Linux idle-states binding assumes: exit latency is only guaranteed once
// entry has completed).
//
// Residency is accounted per settled state, and time spent in transitions
// separately, so the report can charge ON power to transitions.
//
// States are ordered as PSCI local states (Arm DEN 0022 §5.4): RUN < RETENTION <
// OFF, i.e. a larger value is a deeper state.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <systemc>

namespace pscisim
{

enum class power_state : uint8_t { on = 0, retention = 1, off = 2 };
const char *to_string(power_state s);

enum class domain_level : uint8_t { core = 0, cluster = 1, system = 2 };
const char *to_string(domain_level l);

// One recorded change, for trace writers and the report.
struct power_change {
    sc_core::sc_time time;
    power_state state;  // settled state after the change (or the one being left)
    bool in_transition; // true from the start of a transition until it settles
    power_state target; // when in_transition, the state being entered
};

class power_domain : public sc_core::sc_module
{
  public:
    using observer = std::function<void(const power_domain &, const power_change &)>;

    power_domain(sc_core::sc_module_name name, domain_level level, power_domain *parent,
                 power_state initial);

    domain_level level() const { return level_; }
    power_domain *parent() const { return parent_; }
    const std::vector<power_domain *> &children() const { return children_; }

    // Settled state; during a transition, the state being left.
    power_state state() const { return state_; }
    bool in_transition() const { return busy_; }
    // The state being entered (== state() when settled).
    power_state target() const { return busy_ ? target_ : state_; }
    // The state the domain ends in once every queued request has run.
    power_state final_target() const { return queue_.empty() ? target() : queue_.back().to; }
    // Settled and the queue is empty.
    bool idle() const { return !busy_ && queue_.empty(); }

    // Start (or queue) a timed transition; `done` runs when it settles, from an
    // SC_METHOD context (it must not wait). A zero latency still settles in a
    // later delta cycle, never inside the caller.
    void transition(power_state to, const sc_core::sc_time &latency,
                    std::function<void()> done = {});
    // Immediate change without accounting a transition (cold reset, system reset).
    // Drops queued requests.
    void force(power_state s);

    // Notified on every change (transition start and settle).
    const sc_core::sc_event &changed_event() const { return changed_; }
    void add_observer(observer o) { observers_.push_back(std::move(o)); }

    // Statistics since construction or the last reset_stats(); the ongoing period
    // counts up to the current simulated time.
    sc_core::sc_time residency(power_state s) const;
    uint64_t entries(power_state s) const { return entries_[(int)s]; }
    sc_core::sc_time transition_time() const;
    uint64_t transitions() const { return transitions_; }
    void reset_stats();

  private:
    struct request {
        power_state to;
        sc_core::sc_time latency;
        std::function<void()> done;
    };
    void start(request r);
    void settle();
    void account();
    void notify();

    domain_level level_;
    power_domain *parent_;
    std::vector<power_domain *> children_;
    power_state state_;
    power_state target_ = power_state::on;
    bool busy_ = false;
    std::function<void()> done_;
    std::deque<request> queue_;
    sc_core::sc_event settle_ev_;
    sc_core::sc_event changed_;
    std::vector<observer> observers_;

    sc_core::sc_time since_;
    sc_core::sc_time residency_[3];
    sc_core::sc_time transition_time_;
    uint64_t entries_[3] = {0, 0, 0};
    uint64_t transitions_ = 0;
};

// A core's clock enable: 0 means gated (the core is never ticked). Gated time
// is accounted for the report.
class clock_enable
{
  public:
    using observer = std::function<void(const clock_enable &, bool enabled)>;

    clock_enable(std::string name, bool initial);
    const std::string &name() const { return name_; }
    bool enabled() const { return on_; }
    void set(bool on);
    const sc_core::sc_event &changed_event() const { return changed_; }
    void add_observer(observer o) { observers_.push_back(std::move(o)); }

    sc_core::sc_time enabled_time() const;
    sc_core::sc_time gated_time() const;
    uint64_t gate_count() const { return gates_; }
    void reset_stats();

  private:
    std::string name_;
    bool on_;
    sc_core::sc_event changed_;
    std::vector<observer> observers_;
    sc_core::sc_time since_;
    sc_core::sc_time on_time_, off_time_;
    uint64_t gates_ = 0;
};

} // namespace pscisim
