#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "power/psci_controller.h"

#include "pscisim/guest_log.h"

#include <stdexcept>

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

namespace
{
constexpr uint32_t fn_number(uint32_t fid)
{
    return fid & 0x1f;
}
} // namespace

psci_controller::psci_controller(sc_core::sc_module_name name, const psci_controller_config &cfg,
                                 std::vector<psci_core_if *> cores,
                                 std::vector<const clock_domain *> clocks)
    : sc_module(name), cfg_(cfg), cores_(std::move(cores)), clocks_(std::move(clocks)),
      queue_ev_("queue_ev")
{
    require_ps_resolution();
    unsigned n = 0;
    for (unsigned c = 0; c < cfg.cores_per_cluster.size(); ++c) {
        first_core_.push_back(n);
        for (unsigned k = 0; k < cfg.cores_per_cluster[c]; ++k)
            cluster_of_.push_back(c);
        n += cfg.cores_per_cluster[c];
    }
    if (n != cores_.size() || clocks_.size() != cfg.cores_per_cluster.size() ||
        cfg.l1_kib.size() != clocks_.size() || cfg.l2_kib.size() != clocks_.size())
        throw std::invalid_argument("psci_controller: topology, cores and clocks disagree");

    system_pd_ =
        std::make_unique<power_domain>("system_pd", domain_level::system, nullptr, power_state::on);
    for (unsigned c = 0; c < clocks_.size(); ++c)
        cluster_pd_.push_back(std::make_unique<power_domain>(
            ("cluster" + std::to_string(c) + "_pd").c_str(), domain_level::cluster,
            system_pd_.get(), power_state::off));
    for (unsigned i = 0; i < n; ++i) {
        core_pd_.push_back(std::make_unique<power_domain>(
            ("cpu" + std::to_string(i) + "_pd").c_str(), domain_level::core,
            cluster_pd_[cluster_of_[i]].get(), power_state::off));
        clock_en_.push_back(
            std::make_unique<clock_enable>(cores_[i]->core_name() + std::string(".clk_en"), false));
        cores_[i]->bind_conduit(this);
    }
    ctx_.resize(n);
    // Whoever waits for a domain that is already on its way ON runs when it settles.
    auto drain = [this](const power_domain &d, const power_change &) {
        if (!d.idle() || d.state() != power_state::on) return;
        auto it = on_waiters_.find(&d);
        if (it == on_waiters_.end()) return;
        auto fns = std::move(it->second);
        on_waiters_.erase(it);
        for (auto &f : fns)
            f();
    };
    system_pd_->add_observer(drain);
    for (auto &d : cluster_pd_)
        d->add_observer(drain);
    for (auto &d : core_pd_)
        d->add_observer(drain);

    // The library's view of the hardware.
    std::vector<uint64_t> mpidr(n);
    for (unsigned i = 0; i < n; ++i)
        mpidr[i] = cores_[i]->mpidr();
    psci_config pc;
    psci_config_init(&pc);
    pc.version = cfg.version;
    pc.num_clusters = (unsigned)cfg.cores_per_cluster.size();
    pc.cores_per_cluster = cfg.cores_per_cluster.data();
    pc.mpidr = mpidr.data();
    pc.boot_core = cfg.boot_core;
    pc.power_state_format = cfg.format;
    pc.osi_supported = cfg.osi;
    for (unsigned l = 0; l < 3; ++l) {
        uint8_t m = 0;
        for (unsigned s = 1; s < 3; ++s)
            if (cfg.timing.lat[l][s].present) m |= (uint8_t)PSCI_STATE_BIT(s);
        pc.level_states[l] = m;
    }
    psci_mem_range ram{cfg.ns_ram_base, cfg.ns_ram_size};
    if (cfg.ns_ram_size) {
        pc.ns_ram = &ram;
        pc.num_ns_ram = 1;
    }
    psci_platform_ops ops{};
    ops.pwr_domain_on = &op_on;
    ops.pwr_domain_off = &op_off;
    ops.pwr_domain_suspend = &op_suspend;
    ops.irq_pending = &op_irq_pending;
    ops.system_off = &op_system_off;
    ops.system_reset = &op_system_reset;
    ops.system_reset2 = &op_system_reset2;
    ops.system_off2 = &op_system_off2;
    ops.cpu_freeze = &op_cpu_freeze;
    ops.node_hw_state = &op_node_hw_state;
    ops.mem_protect_read = &op_mem_protect_read;
    ops.mem_protect_write = &op_mem_protect_write;
    ops.mem_protect_check_range = &op_mem_protect_check_range;
    ops.time_ns = &op_time_ns;
    char err[256] = "";
    psci_ = psci_create(&pc, &ops, this, err, sizeof err);
    if (!psci_) throw std::invalid_argument(std::string("PSCI configuration rejected: ") + err);

    SC_HAS_PROCESS(psci_controller);
    SC_METHOD(run_due);
    sensitive << queue_ev_;
    dont_initialize();

    for (unsigned i = 0; i < n; ++i) {
        sc_core::sc_spawn_options o;
        o.spawn_method();
        o.dont_initialize();
        o.set_sensitivity(&cores_[i]->wake_event());
        sc_core::sc_spawn([this, i] { wake_method(i); }, sc_core::sc_gen_unique_name("wake"), &o);
    }
    cold_boot();
}

psci_controller::~psci_controller()
{
    psci_destroy(psci_);
}

// ---- time helpers ----

void psci_controller::after(const sc_time &delay, std::function<void()> fn)
{
    uint64_t when = time_to_ps(sc_time_stamp() + delay);
    bool first = queue_.empty() || when < queue_.begin()->first.first;
    queue_.emplace(std::make_pair(when, seq_++), std::move(fn));
    if (first) queue_ev_.notify(delay); // an earlier pending notification wins anyway
}

void psci_controller::run_due()
{
    uint64_t now = time_to_ps(sc_time_stamp());
    while (!queue_.empty() && queue_.begin()->first.first <= now) {
        auto fn = std::move(queue_.begin()->second);
        queue_.erase(queue_.begin());
        fn();
    }
    if (!queue_.empty()) queue_ev_.notify(ps_to_time(queue_.begin()->first.first - now));
}

sc_time psci_controller::cycles(unsigned core, uint64_t n) const
{
    return clocks_[cluster_of_[core]]->cycles_to_time(n);
}

const idle_latency &psci_controller::lat(unsigned level, psci_local_state_t s) const
{
    return cfg_.timing.lat[level][s];
}

sc_time psci_controller::clean_time(unsigned core, const psci_local_state_t target[3]) const
{
    // The core cleans its L1 before any power-down; the last core of a cluster
    // that goes OFF also cleans the cluster's L2 (TF-A: psci_do_pwrdown_cache_maintenance
    // flushes up to the deepest level being powered down).
    unsigned c = cluster_of_[core];
    uint64_t kib = 0;
    if (target[0] == PSCI_LOCAL_OFF) kib += cfg_.l1_kib[c];
    if (target[1] == PSCI_LOCAL_OFF) kib += cfg_.l2_kib[c];
    return cycles(core, kib * cfg_.timing.cache_clean_cycles_per_kib);
}

// ---- the conduit ----

void psci_controller::conduit_call(const conduit_request &req, conduit_reply &rep)
{
    unsigned core = req.cpu;
    sc_time d = cycles(core, cfg_.timing.dispatch_cycles);
    psci_result res{};
    caller_ = core;
    call_offset_ = d;
    off_requested_ = reset_requested_ = false;
    int st = psci_handle_call(psci_, core, false, req.x, &res);
    call_offset_ = SC_ZERO_TIME;
    ++call_count_;
    if (st == PSCI_ERR_HALTED) {
        // SYSTEM_OFF was accepted and the system is powering off (it takes the
        // dispatch time to complete): a late caller never returns.
        rep.action = conduit_action::stay_off;
        return;
    }
    if (st != PSCI_OK) {
        library_error("psci_handle_call", st);
        rep.x[0] = (uint64_t)(int64_t)PSCI_RET_INTERNAL_FAILURE;
        rep.busy = d;
        return;
    }

    psci_call_log_entry rec{};
    rec.time = sc_time_stamp();
    rec.core = core;
    rec.function_id = (uint32_t)req.x[0];
    rec.args[0] = req.x[1];
    rec.args[1] = req.x[2];
    rec.args[2] = req.x[3];
    // PSCI results are signed 32-bit in w0. A call that does not return (CPU_OFF,
    // SYSTEM_OFF, SYSTEM_RESET, a power-down suspend) leaves INTERNAL_FAILURE in x0
    // for a core that somehow returned; the log records that it was accepted.
    rec.result = res.action == PSCI_ACTION_RETURN || res.action == PSCI_ACTION_SUSPEND_STANDBY
                     ? (int64_t)(int32_t)res.x[0]
                     : (int64_t)PSCI_RET_SUCCESS;
    if (rec.result == PSCI_RET_INVALID_PARAMETERS || rec.result == PSCI_RET_INVALID_ADDRESS)
        PSCISIM_GUEST_ERROR(name(), "%s(0x%llx, 0x%llx, 0x%llx) returned %s",
                            psci_function_name(rec.function_id), (unsigned long long)req.x[1],
                            (unsigned long long)req.x[2], (unsigned long long)req.x[3],
                            psci_return_name((int32_t)rec.result));
    rec.action = res.action;
    rec.target_level = res.target_level;
    for (int l = 0; l < 3; ++l)
        rec.target[l] = res.target[l];
    if (log_limit_ && calls_.size() >= log_limit_) {
        if (on_call_dropped) on_call_dropped(calls_.front());
        calls_.pop_front();
        ++calls_base_;
    }
    calls_.push_back(rec);
    long idx = calls_base_ + (long)calls_.size() - 1;

    for (int i = 0; i < 4; ++i)
        rep.x[i] = res.x[i];
    switch (res.action) {
    case PSCI_ACTION_RETURN:
        rep.action = conduit_action::return_to_guest;
        rep.busy = d;
        // CPU_ON: the record's exit latency is filled when the target starts.
        if (fn_number(rec.function_id) == PSCI_FN_CPU_ON && rec.result == PSCI_RET_SUCCESS) {
            int t = psci_core_by_mpidr(psci_, req.x[1]);
            if (t >= 0) ctx_[t].record = idx;
        }
        break;
    case PSCI_ACTION_CPU_OFF:
    case PSCI_ACTION_FROZEN:
        rep.action = conduit_action::stay_off;
        ctx_[core].record = idx;
        break;
    case PSCI_ACTION_SUSPEND_STANDBY:
    case PSCI_ACTION_SUSPEND_POWERDOWN:
        rep.action = conduit_action::suspended;
        ctx_[core].record = idx;
        break;
    case PSCI_ACTION_SYSTEM_OFF:
    case PSCI_ACTION_SYSTEM_OFF2:
        rep.action = conduit_action::stay_off;
        after(d, [this, off2 = res.action == PSCI_ACTION_SYSTEM_OFF2] {
            if (on_system_off) on_system_off(0, off2 ? "SYSTEM_OFF2" : "SYSTEM_OFF");
        });
        break;
    case PSCI_ACTION_SYSTEM_RESET:
    case PSCI_ACTION_SYSTEM_RESET_WARM:
    case PSCI_ACTION_SYSTEM_RESET_VENDOR:
        rep.action = conduit_action::stay_off;
        after(d, [this, warm = res.action != PSCI_ACTION_SYSTEM_RESET] {
            if (on_system_reset) on_system_reset(warm);
        });
        break;
    }
}

void psci_controller::library_error(const char *what, int status)
{
    SC_REPORT_ERROR("pscisim/psci_controller",
                    (std::string(what) + " failed with status " + std::to_string(status) +
                     " (simulator bug: the controller and the library disagree)")
                        .c_str());
}

// ---- cold boot and reset ----

void psci_controller::cold_boot()
{
    queue_.clear();
    on_waiters_.clear();
    unsigned b = cfg_.boot_core;
    system_pd_->force(power_state::on);
    for (unsigned c = 0; c < cluster_pd_.size(); ++c)
        cluster_pd_[c]->force(c == cluster_of_[b] ? power_state::on : power_state::off);
    for (unsigned i = 0; i < core_pd_.size(); ++i) {
        core_pd_[i]->force(i == b ? power_state::on : power_state::off);
        clock_en_[i]->set(i == b);
        ctx_[i] = core_ctx{ctx_[i].ph, false, false, {0, 0, 0}, -1, SC_ZERO_TIME, ctx_[i].gen + 1};
        ctx_[i].ph = phase::none;
    }
    system_pd_->reset_stats();
    for (auto &d : cluster_pd_)
        d->reset_stats();
    for (unsigned i = 0; i < core_pd_.size(); ++i) {
        core_pd_[i]->reset_stats();
        clock_en_[i]->reset_stats();
    }
    calls_.clear();
    calls_base_ = 0;
    call_count_ = 0;
}

void psci_controller::system_reset_done()
{
    cold_boot();
    int st = psci_event_system_reset(psci_);
    if (st != PSCI_OK) library_error("psci_event_system_reset", st);
}

// ---- platform ops ----

int psci_controller::op_on(void *ctx, unsigned core, uint64_t entry, uint64_t context_id)
{
    (void)entry;
    (void)context_id;
    auto *self = static_cast<psci_controller *>(ctx);
    core_ctx &cc = self->ctx_[core];
    uint64_t gen = ++cc.gen;
    cc.ph = phase::exiting;
    sc_time start = self->call_offset_;
    self->after(start, [self, core, gen] {
        if (self->ctx_[core].gen != gen) return;
        self->power_up(
            core,
            [self, core, gen] {
                if (self->ctx_[core].gen != gen) return;
                self->after(self->cycles(core, self->cfg_.timing.warm_boot_cycles),
                            [self, core, gen] {
                                if (self->ctx_[core].gen != gen) return;
                                psci_resume r{};
                                int st = psci_event_power_up_done(self->psci_, core, &r);
                                if (st != PSCI_OK)
                                    return self->library_error("psci_event_power_up_done", st);
                                self->finish_resume(core, r);
                            });
            },
            false);
    });
    return PSCI_RET_SUCCESS;
}

int psci_controller::op_off(void *ctx, unsigned core, const psci_local_state_t target[3])
{
    auto *self = static_cast<psci_controller *>(ctx);
    core_ctx &cc = self->ctx_[core];
    for (int l = 0; l < 3; ++l)
        cc.target[l] = target[l];
    cc.power_down = true;
    self->start_power_down(core, false);
    return PSCI_RET_SUCCESS;
}

int psci_controller::op_suspend(void *ctx, unsigned core, const psci_local_state_t target[3],
                                bool power_down)
{
    auto *self = static_cast<psci_controller *>(ctx);
    core_ctx &cc = self->ctx_[core];
    for (int l = 0; l < 3; ++l)
        cc.target[l] = target[l];
    cc.power_down = power_down;
    if (power_down) {
        self->start_power_down(core, true);
        return PSCI_RET_SUCCESS;
    }
    // Standby/retention: the core's clock is gated after dispatch; the core domain
    // (and the cluster if coordinated) enters retention, state kept.
    uint64_t gen = ++cc.gen;
    cc.ph = phase::dispatch;
    cc.wake_requested = false;
    self->after(self->call_offset_, [self, core, gen] {
        core_ctx &c = self->ctx_[core];
        if (c.gen != gen) return;
        c.ph = phase::entering;
        self->clock_en_[core]->set(false);
        self->cores_[core]->set_clock_enable(false);
        power_domain &pd = *self->core_pd_[core];
        pd.transition(
            power_state::retention, self->lat(0, PSCI_LOCAL_RET).entry, [self, core, gen] {
                core_ctx &c2 = self->ctx_[core];
                if (c2.gen != gen) return;
                c2.ph = phase::down;
                if (auto *rec = self->rec_at(c2.record))
                    rec->entry_latency_ps = (int64_t)time_to_ps(sc_time_stamp() - rec->time);
                self->upper_levels_down(core);
            });
    });
    return PSCI_RET_SUCCESS;
}

void psci_controller::start_power_down(unsigned core, bool suspend)
{
    core_ctx &cc = ctx_[core];
    uint64_t gen = ++cc.gen;
    cc.ph = phase::dispatch;
    cc.wake_requested = false;
    sc_time d = call_offset_;
    sc_time clean = clean_time(core, cc.target);
    after(d, [this, core, gen] {
        if (ctx_[core].gen == gen) ctx_[core].ph = phase::cleaning;
    });
    after(d + clean, [this, core, gen, suspend] {
        core_ctx &c = ctx_[core];
        if (c.gen != gen) return;
        // Context is lost from here on: the core's clock stops and the power
        // switch opens.
        c.ph = phase::entering;
        clock_en_[core]->set(false);
        cores_[core]->set_clock_enable(false);
        core_pd_[core]->transition(power_state::off,
                                   lat(0, PSCI_LOCAL_OFF).entry + cfg_.timing.ramp_down,
                                   [this, core, gen, suspend] {
                                       if (ctx_[core].gen == gen) core_down_settled(core, suspend);
                                   });
        // After the transition is requested: the hook may report a pending
        // interrupt at once (external_wake), whose power-up must queue behind it.
        if (on_core_power_down) on_core_power_down(core);
    });
}

void psci_controller::core_down_settled(unsigned core, bool suspend)
{
    core_ctx &c = ctx_[core];
    cores_[core]->power_off();
    if (on_core_power_off) on_core_power_off(core);
    c.ph = phase::down;
    if (auto *r = rec_at(c.record))
        r->entry_latency_ps = (int64_t)time_to_ps(sc_time_stamp() - r->time);
    if (!suspend) {
        int st = psci_event_power_down_done(psci_, core);
        if (st != PSCI_OK) return library_error("psci_event_power_down_done", st);
        c.record = -1;
    }
    upper_levels_down(core);
}

void psci_controller::upper_levels_down(unsigned core)
{
    // The cluster (then the system) follows only if the library still wants it
    // down now: a sibling may have woken up or been turned on since the call.
    unsigned cl = cluster_of_[core];
    psci_local_state_t want1 = psci_node_local_state(psci_, core, PSCI_LEVEL_CLUSTER);
    long rec = ctx_[core].record;
    if (want1 == PSCI_LOCAL_RUN || ctx_[core].target[1] == PSCI_LOCAL_RUN) return;
    power_domain &cpd = *cluster_pd_[cl];
    power_state s1 = want1 == PSCI_LOCAL_OFF ? power_state::off : power_state::retention;
    if (cpd.final_target() == s1) return;
    sc_time l1 =
        lat(1, want1).entry + (want1 == PSCI_LOCAL_OFF ? cfg_.timing.ramp_down : SC_ZERO_TIME);
    uint64_t gen = ctx_[core].gen;
    cpd.transition(s1, l1, [this, core, gen, rec] {
        auto *r = rec_at(rec);
        if (ctx_[core].gen == gen && r)
            r->entry_latency_ps = (int64_t)time_to_ps(sc_time_stamp() - r->time);
        psci_local_state_t want2 = psci_node_local_state(psci_, core, PSCI_LEVEL_SYSTEM);
        if (want2 == PSCI_LOCAL_RUN || ctx_[core].target[2] == PSCI_LOCAL_RUN) return;
        // The system goes down only once every cluster is down.
        for (auto &c : cluster_pd_)
            if (c->final_target() == power_state::on) return;
        power_state s2 = want2 == PSCI_LOCAL_OFF ? power_state::off : power_state::retention;
        if (system_pd_->final_target() == s2) return;
        sc_time l2 =
            lat(2, want2).entry + (want2 == PSCI_LOCAL_OFF ? cfg_.timing.ramp_down : SC_ZERO_TIME);
        system_pd_->transition(s2, l2, [this, core, gen, rec] {
            auto *r = rec_at(rec);
            if (ctx_[core].gen == gen && r)
                r->entry_latency_ps = (int64_t)time_to_ps(sc_time_stamp() - r->time);
        });
    });
}

// Bring every level on the core's path back ON, top first, then call ready().
void psci_controller::power_up(unsigned core, std::function<void()> ready, bool)
{
    auto exit_latency = [this](unsigned level, power_domain &d) {
        power_state from = d.final_target();
        if (from == power_state::off) return cfg_.timing.ramp_up + lat(level, PSCI_LOCAL_OFF).exit;
        return lat(level, PSCI_LOCAL_RET).exit;
    };
    // ensure(d, latency, next): d is ON (or will be once its queue drains) -> next.
    auto ensure = [this](power_domain &d, sc_time latency, std::function<void()> next) {
        if (d.final_target() == power_state::on) {
            if (d.idle())
                next();
            else
                on_waiters_[&d].push_back(std::move(next)); // run when it settles ON
            return;
        }
        d.transition(power_state::on, latency, std::move(next));
    };
    power_domain &sys = *system_pd_;
    power_domain &cl = *cluster_pd_[cluster_of_[core]];
    power_domain &cd = *core_pd_[core];
    sc_time ls = exit_latency(2, sys);
    ensure(sys, ls, [this, &cl, &cd, exit_latency, ensure, ready] {
        sc_time lc = exit_latency(1, cl);
        ensure(cl, lc, [&cd, exit_latency, ensure, ready] {
            sc_time lk = exit_latency(0, cd);
            ensure(cd, lk, ready);
        });
    });
}

bool psci_controller::wake_pending(unsigned core) const
{
    return cores_[core]->wake_pending() || (wake_query && wake_query(core));
}

void psci_controller::external_wake(unsigned core)
{
    enum psci_core_state s = psci_core_state(psci_, core);
    if (s == PSCI_CORE_SUSPENDED_STANDBY || s == PSCI_CORE_SUSPENDED_POWERDOWN) begin_wake(core);
}

void psci_controller::wake_method(unsigned core)
{
    if (!wake_pending(core)) return;
    enum psci_core_state s = psci_core_state(psci_, core);
    if (s != PSCI_CORE_SUSPENDED_STANDBY && s != PSCI_CORE_SUSPENDED_POWERDOWN) return;
    begin_wake(core);
}

void psci_controller::begin_wake(unsigned core)
{
    core_ctx &c = ctx_[core];
    if (c.wake_requested) return;
    c.wake_requested = true;
    c.wake_at = sc_time_stamp();
    psci_resume r{};
    if (c.ph == phase::dispatch || c.ph == phase::cleaning) {
        // No context lost yet: abandon (DEN 0022 §5.4.2 allows SUCCESS).
        ++c.gen;
        int st = psci_event_suspend_abandoned(psci_, core, &r);
        if (st != PSCI_OK) return library_error("psci_event_suspend_abandoned", st);
        if (auto *r = rec_at(c.record)) {
            r->abandoned = true;
            r->exit_latency_ps = 0;
        }
        c.record = -1;
        c.ph = phase::none;
        c.wake_requested = false;
        clock_en_[core]->set(true);
        cores_[core]->set_clock_enable(true);
        cores_[core]->resume(r.x0);
        return;
    }
    int st = psci_event_wakeup(psci_, core, &r);
    if (st != PSCI_OK) return library_error("psci_event_wakeup", st);
    uint64_t gen = c.gen;
    c.ph = phase::exiting;
    power_up(
        core,
        [this, core, gen, r] {
            if (ctx_[core].gen != gen) return;
            if (r.kind == PSCI_RESUME_WARM_BOOT) {
                after(cycles(core, cfg_.timing.warm_boot_cycles), [this, core, gen, r] {
                    if (ctx_[core].gen == gen) finish_resume(core, r);
                });
            } else {
                finish_resume(core, r);
            }
        },
        !ctx_[core].power_down);
}

void psci_controller::finish_resume(unsigned core, const psci_resume &r)
{
    core_ctx &c = ctx_[core];
    clock_en_[core]->set(true);
    cores_[core]->set_clock_enable(true);
    if (r.kind == PSCI_RESUME_WARM_BOOT) {
        if (on_core_warm_boot) on_core_warm_boot(core);
        cores_[core]->power_on(cfg_.entry_el, r.entry, r.x0);
    } else {
        cores_[core]->resume(r.x0);
    }
    record_exit(core);
    c.ph = phase::none;
    c.wake_requested = false;
}

psci_call_log_entry *psci_controller::rec_at(long id)
{
    if (id < calls_base_ || id - calls_base_ >= (long)calls_.size()) return nullptr;
    return &calls_[(size_t)(id - calls_base_)];
}

void psci_controller::record_exit(unsigned core)
{
    core_ctx &c = ctx_[core];
    if (auto *r = rec_at(c.record)) {
        psci_call_log_entry &rec = *r;
        sc_time from = c.wake_requested ? c.wake_at : rec.time;
        rec.exit_latency_ps = (int64_t)time_to_ps(sc_time_stamp() - from);
    }
    c.record = -1;
}

bool psci_controller::op_irq_pending(void *ctx, unsigned core)
{
    return static_cast<psci_controller *>(ctx)->wake_pending(core);
}

void psci_controller::op_system_off(void *ctx)
{
    static_cast<psci_controller *>(ctx)->off_requested_ = true;
}

void psci_controller::op_system_reset(void *ctx)
{
    auto *self = static_cast<psci_controller *>(ctx);
    self->reset_requested_ = true;
    self->reset_warm_ = false;
}

int psci_controller::op_system_reset2(void *ctx, bool vendor, uint32_t type, uint64_t)
{
    // Only the architectural warm reset is implemented; this platform defines no
    // vendor-specific reset types (DEN 0022 §5.1.19).
    if (vendor || type != PSCI_RESET2_SYSTEM_WARM) return PSCI_RET_INVALID_PARAMETERS;
    auto *self = static_cast<psci_controller *>(ctx);
    self->reset_requested_ = true;
    self->reset_warm_ = true;
    return PSCI_RET_SUCCESS;
}

void psci_controller::op_system_off2(void *ctx, uint32_t)
{
    static_cast<psci_controller *>(ctx)->off_requested_ = true;
}

void psci_controller::op_cpu_freeze(void *ctx, unsigned core)
{
    auto *self = static_cast<psci_controller *>(ctx);
    uint64_t gen = ++self->ctx_[core].gen;
    self->after(self->call_offset_, [self, core, gen] {
        if (self->ctx_[core].gen != gen) return;
        self->clock_en_[core]->set(false);
        self->cores_[core]->set_clock_enable(false);
        self->ctx_[core].record = -1;
    });
}

int psci_controller::op_node_hw_state(void *ctx, unsigned core, unsigned level)
{
    auto *self = static_cast<psci_controller *>(ctx);
    power_domain *d = level == 0   ? self->core_pd_[core].get()
                      : level == 1 ? self->cluster_pd_[self->cluster_of_[core]].get()
                      : level == 2 ? self->system_pd_.get()
                                   : nullptr;
    if (!d) return PSCI_RET_INVALID_PARAMETERS;
    switch (d->state()) {
    case power_state::on:
        // A core whose clock is gated in standby is in a low-power state.
        if (level == 0 && !self->clock_en_[core]->enabled() &&
            psci_core_state(self->psci_, core) == PSCI_CORE_SUSPENDED_STANDBY)
            return PSCI_HW_STANDBY;
        return PSCI_HW_ON;
    case power_state::retention: return PSCI_HW_STANDBY;
    case power_state::off: return PSCI_HW_OFF;
    }
    return PSCI_HW_ON;
}

int psci_controller::op_mem_protect_read(void *ctx, bool *enabled)
{
    *enabled = static_cast<psci_controller *>(ctx)->mem_protect_;
    return 0;
}

int psci_controller::op_mem_protect_write(void *ctx, bool enable)
{
    static_cast<psci_controller *>(ctx)->mem_protect_ = enable;
    return 0;
}

int psci_controller::op_mem_protect_check_range(void *ctx, uint64_t base, uint64_t length)
{
    // Memory protection covers all of non-secure RAM.
    auto *self = static_cast<psci_controller *>(ctx);
    uint64_t rb = self->cfg_.ns_ram_base, rs = self->cfg_.ns_ram_size;
    if (base >= rb && length <= rs && base - rb <= rs - length) return PSCI_RET_SUCCESS;
    return PSCI_RET_DENIED;
}

uint64_t psci_controller::op_time_ns(void *)
{
    return time_to_ps(sc_time_stamp()) / 1000;
}

} // namespace pscisim
