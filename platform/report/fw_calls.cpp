#include "report/fw_calls.hpp"

#include <algorithm>

namespace pscisim
{

fw_call_tracker::fw_call_tracker(unsigned num_cores, sink out, size_t window)
    : out_(std::move(out)), window_(window), current_(num_cores)
{
}

fw_call_tracker::open_call *fw_call_tracker::current(unsigned core)
{
    const std::optional<uint64_t> &seq = current_.at(core);
    if (!seq) return nullptr;
    for (auto it = calls_.rbegin(); it != calls_.rend(); ++it)
        if (it->seq == *seq) return &*it;
    return nullptr;
}

void fw_call_tracker::smc(unsigned core, uint64_t mpidr, uint64_t time_ns, uint64_t x0, uint64_t x1,
                          uint64_t x2, uint64_t x3)
{
    // A call still open on this core (it powered down and was never woken, or the
    // firmware took another SMC before returning) ends without an exit.
    if (open_call *prev = current(core)) close(*prev, std::nullopt, std::nullopt);
    open_call c;
    c.seq = next_seq_++;
    c.rec.time_ns = time_ns;
    c.rec.mpidr = mpidr;
    c.rec.function_id = uint32_t(x0);
    c.rec.args = {x1, x2, x3};
    c.rec.points = psci_call_record::fw_points{};
    c.rec.points->psci_entry_ns = time_ns;
    // Cores' local times may differ by up to a quantum: keep psci_entry order.
    auto pos = std::upper_bound(calls_.begin(), calls_.end(), time_ns,
                                [](uint64_t t, const open_call &o) { return t < o.rec.time_ns; });
    calls_.insert(pos, std::move(c));
    current_[core] = next_seq_ - 1;
    drain(false);
}

void fw_call_tracker::power_down_start(unsigned core, uint64_t time_ns)
{
    open_call *c = current(core);
    if (!c || c->rec.points->lowpower_entry_ns) return;
    c->rec.points->lowpower_entry_ns = time_ns;
    c->rec.entry_latency_ns = time_ns - c->rec.points->psci_entry_ns;
}

void fw_call_tracker::powered_up(unsigned core, uint64_t time_ns)
{
    open_call *c = current(core);
    if (!c || !c->rec.points->lowpower_entry_ns || c->rec.points->lowpower_exit_ns) return;
    c->rec.points->lowpower_exit_ns = time_ns;
}

void fw_call_tracker::eret_to_ns(unsigned core, uint64_t time_ns, uint64_t x0)
{
    open_call *c = current(core);
    if (!c) return;
    // Powered down but not yet back up: this ERET is not the call's return (it
    // cannot happen on a core that is off; kept for robustness).
    if (c->rec.points->lowpower_entry_ns && !c->rec.points->lowpower_exit_ns) return;
    close(*c, time_ns, x0);
    drain(false);
}

void fw_call_tracker::close(open_call &c, std::optional<uint64_t> eret_ns,
                            std::optional<uint64_t> x0)
{
    psci_call_record::fw_points &p = *c.rec.points;
    p.psci_exit_ns = eret_ns;
    if (eret_ns && p.lowpower_exit_ns) c.rec.exit_latency_ns = *eret_ns - *p.lowpower_exit_ns;
    // The result: x0 at the ERET for a call that returned without powering down
    // (SMC32 results are 32-bit, sign-extended; SMCCC 2.x), else 0: the firmware
    // accepted a call that does not return (CPU_OFF, SYSTEM_*) or returned through
    // the warm-boot entry point (x0 = its context ID, not a result).
    c.rec.result = 0;
    if (x0 && !p.lowpower_entry_ns)
        c.rec.result = (c.rec.function_id & 0x40000000u) ? int64_t(*x0) : int64_t(int32_t(*x0));
    c.done = true;
    for (auto &cur : current_)
        if (cur && *cur == c.seq) cur.reset();
}

void fw_call_tracker::drain(bool all)
{
    while (!calls_.empty() && (all || calls_.size() > window_)) {
        open_call &f = calls_.front();
        if (!f.done) {
            if (!all) ++incomplete_;
            close(f, std::nullopt, std::nullopt);
        }
        out_(f.rec);
        calls_.pop_front();
    }
}

void fw_call_tracker::flush()
{
    drain(true);
}

} // namespace pscisim
