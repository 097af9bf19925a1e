// The PSCI controller: the emulated firmware behind the SMC/HVC conduit.
//
// Policy lives in the psci/ library (one instance per machine): dispatch,
// validation, coordination, per-core state machine, statistics. This module is the
// mechanism: it implements the library's platform operations by driving timed
// power-domain transitions, clock enables and the cores, and it reports the ends of
// those transitions back to the library as events.
//
// Timing (every step costs modelled time; documented in docs/timing-and-power.md).
// A call made at time t by a core of cluster c:
//   dispatch    D = dispatch_cycles at c's clock; calls that return are busy for D.
//   power-down  after D, the core cleans its L1 (and the cluster's L2 when it is the
//               last core taking the cluster down): clean = KiB * cycles_per_kib
//               cycles; then the core domain powers off over entry(core, OFF) +
//               ramp_down, then the cluster over entry(cluster, OFF) + ramp_down,
//               then the system likewise.
//   retention   after D, the core (and the cluster if coordinated) enter retention
//               over entry(level, RET); the core's clock is gated at once.
//   wake-up     an interrupt for a suspended core (its IRQ/FIQ line, or the GIC's
//               wake request once a power-down is committed): every level
//               that is down comes back, top first, over exit(level, state) (+
//               ramp_up from OFF); from power-down the core then runs warm_boot
//               cycles before its first instruction at the entry point.
//   CPU_ON      after D: the target's cluster (if OFF) and core power up as for a
//               wake-up, then warm boot, then the core starts at its entry point.
// An interrupt that arrives before the core's context is lost (during D or the
// cache clean) abandons the suspend (the call returns SUCCESS, DEN 0022 §5.4.2);
// one that arrives during the power-down transition waits for it to complete.
#pragma once

#include <array>
#include <deque>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "cpu_sc/cpu_core.h"
#include "power/clock_domain.h"
#include "power/core_if.h"
#include "power/power_domain.h"
#include "psci/psci.h"

namespace pscisim
{

struct idle_latency {
    bool present = false;
    sc_core::sc_time entry, exit, min_residency;
};

struct psci_timing {
    // [level][state]: state 1 = retention, 2 = off (index 0 unused).
    std::array<std::array<idle_latency, 3>, 3> lat;
    uint64_t dispatch_cycles = 0;
    uint64_t cache_clean_cycles_per_kib = 0;
    uint64_t warm_boot_cycles = 0;
    sc_core::sc_time ramp_up, ramp_down;
};

struct psci_controller_config {
    uint32_t version = PSCI_VERSION_1_1;
    enum psci_pstate_format format = PSCI_PSTATE_ORIGINAL;
    bool osi = false;
    unsigned boot_core = 0;
    unsigned entry_el = 2; // EL of CPU_ON / warm boot: the highest NS EL implemented
    uint64_t ns_ram_base = 0, ns_ram_size = 0;
    std::vector<unsigned> cores_per_cluster;
    std::vector<uint32_t> l1_kib, l2_kib; // per cluster
    psci_timing timing;
};

// One PSCI call, for the report.
struct psci_call_log_entry {
    sc_core::sc_time time; // when the call reached the controller
    unsigned core;
    uint32_t function_id;
    uint64_t args[3];
    int64_t result; // x0 as returned (or SUCCESS for non-returning calls)
    enum psci_action action;
    unsigned target_level; // suspend/off: deepest non-RUN level
    uint8_t target[3];     // suspend/off: local state per level
    // Suspend/off/on: time from the call until the deepest domain settled, and from
    // the wake-up interrupt (or CPU_ON) until the core ran again. Negative = n/a.
    int64_t entry_latency_ps = -1;
    int64_t exit_latency_ps = -1;
    bool abandoned = false;
};

class psci_controller : public sc_core::sc_module, public conduit_if
{
  public:
    // cores[i] belongs to cluster cluster_of(i) (cluster-major order, as in
    // cfg.cores_per_cluster); clocks[c] is cluster c's clock domain. Throws
    // std::invalid_argument with the library's message on a bad configuration.
    psci_controller(sc_core::sc_module_name name, const psci_controller_config &cfg,
                    std::vector<psci_core_if *> cores, std::vector<const clock_domain *> clocks);
    psci_controller(sc_core::sc_module_name name, const psci_controller_config &cfg,
                    const std::vector<cpu_core *> &cores, std::vector<const clock_domain *> clocks)
        : psci_controller(name, cfg, std::vector<psci_core_if *>(cores.begin(), cores.end()),
                          std::move(clocks))
    {
    }
    ~psci_controller() override;

    // conduit_if
    void conduit_call(const conduit_request &req, conduit_reply &rep) override;

    // Called at the simulated time the system powers off (SYSTEM_OFF: status 0)
    // or resets (SYSTEM_RESET/RESET2; warm = RESET2 type 0). The builder owns
    // what happens next; for a reset it calls system_reset_done() when the system
    // has been put back into its cold-boot state.
    std::function<void(int status, const std::string &why)> on_system_off;
    std::function<void(bool warm)> on_system_reset;
    // What the firmware does to the GIC around a core power-down (TF-A's
    // gicv3_cpuif_disable / gicv3_cpuif_enable), for the builder to apply:
    //  on_core_power_down: the power-down is committed (cache clean done, the
    //    core's clock stops, no abandon from here on): the builder sets
    //    GICR_WAKER.ProcessorSleep, so that wake-ups come from the redistributor's
    //    wake request rather than the CPU interface (IHI 0069 §11.1).
    //  on_core_power_off: the core's power domain has gone OFF: the state of
    //    everything in that domain is lost, the GIC CPU interface included (the
    //    builder resets it; the redistributor keeps its state).
    //  on_core_warm_boot: the core is powered again and about to run at its entry
    //    point (CPU_ON, or resume from a power-down state): the builder clears
    //    ProcessorSleep, as the firmware does before handing over to the OS.
    // Standby/retention calls none of them: the core keeps its context.
    std::function<void(unsigned core)> on_core_power_down;
    std::function<void(unsigned core)> on_core_power_off;
    std::function<void(unsigned core)> on_core_warm_boot;

    // A wake-up request from outside the core's IRQ/FIQ lines (the GIC's
    // redistributor while GICR_WAKER.ProcessorSleep = 1).
    void external_wake(unsigned core);
    // Extra wake-up source consulted with the core's lines (e.g. gicv3::wake_pending).
    std::function<bool(unsigned core)> wake_query;

    // Cold boot: boot core and its path ON, everything else OFF; statistics zero.
    void cold_boot();
    // After a system reset: domains back to cold boot, library back to cold boot.
    void system_reset_done();

    unsigned num_cores() const { return (unsigned)cores_.size(); }
    unsigned num_clusters() const { return (unsigned)cluster_pd_.size(); }
    unsigned cluster_of(unsigned core) const { return cluster_of_[core]; }
    power_domain &core_domain(unsigned i) { return *core_pd_[i]; }
    power_domain &cluster_domain(unsigned c) { return *cluster_pd_[c]; }
    power_domain &system_domain() { return *system_pd_; }
    clock_enable &core_clock(unsigned i) { return *clock_en_[i]; }
    const psci *library() const { return psci_; }
    const std::deque<psci_call_log_entry> &calls() const { return calls_; }
    uint64_t call_count() const { return call_count_; }
    // Keep only the last `n` call records (0 = keep all); counts go on.
    void set_call_log_limit(size_t n) { log_limit_ = n; }
    // Called with the oldest record just before the limit drops it (a reporter can
    // stream the log instead of keeping it).
    std::function<void(const psci_call_log_entry &)> on_call_dropped;
    bool mem_protect_enabled() const { return mem_protect_; }
    const psci_controller_config &config() const { return cfg_; }

  private:
    enum class phase { none, dispatch, cleaning, entering, down, exiting };
    struct core_ctx {
        phase ph = phase::none;
        bool power_down = false;
        bool wake_requested = false;
        psci_local_state_t target[3] = {0, 0, 0};
        long record = -1; // id (see rec_at) of the pending suspend/off/on record
        sc_core::sc_time wake_at;
        uint64_t gen = 0; // bumps on every new operation: stale steps are ignored
    };

    // Platform ops (static trampolines).
    static int op_on(void *ctx, unsigned core, uint64_t entry, uint64_t context_id);
    static int op_off(void *ctx, unsigned core, const psci_local_state_t target[3]);
    static int op_suspend(void *ctx, unsigned core, const psci_local_state_t target[3],
                          bool power_down);
    static bool op_irq_pending(void *ctx, unsigned core);
    static void op_system_off(void *ctx);
    static void op_system_reset(void *ctx);
    static int op_system_reset2(void *ctx, bool vendor, uint32_t type, uint64_t cookie);
    static void op_system_off2(void *ctx, uint32_t type);
    static void op_cpu_freeze(void *ctx, unsigned core);
    static int op_node_hw_state(void *ctx, unsigned core, unsigned level);
    static int op_mem_protect_read(void *ctx, bool *enabled);
    static int op_mem_protect_write(void *ctx, bool enable);
    static int op_mem_protect_check_range(void *ctx, uint64_t base, uint64_t length);
    static uint64_t op_time_ns(void *ctx);

    // Mechanism.
    void after(const sc_core::sc_time &delay, std::function<void()> fn);
    void run_due();
    sc_core::sc_time cycles(unsigned core, uint64_t n) const;
    sc_core::sc_time clean_time(unsigned core, const psci_local_state_t target[3]) const;
    const idle_latency &lat(unsigned level, psci_local_state_t s) const;
    void start_power_down(unsigned core, bool suspend);
    void core_down_settled(unsigned core, bool suspend);
    void upper_levels_down(unsigned core);
    void power_up(unsigned core, std::function<void()> ready, bool from_retention);
    void wake_method(unsigned core);
    bool wake_pending(unsigned core) const;
    void begin_wake(unsigned core);
    void finish_resume(unsigned core, const psci_resume &r);
    void record_exit(unsigned core);
    // The record with this id, or nullptr if it was dropped from the log.
    psci_call_log_entry *rec_at(long id);
    void library_error(const char *what, int status);

    psci_controller_config cfg_;
    std::vector<psci_core_if *> cores_;
    std::vector<const clock_domain *> clocks_;
    std::vector<unsigned> cluster_of_;
    std::vector<unsigned> first_core_; // per cluster
    std::unique_ptr<power_domain> system_pd_;
    std::vector<std::unique_ptr<power_domain>> cluster_pd_;
    std::vector<std::unique_ptr<power_domain>> core_pd_;
    std::vector<std::unique_ptr<clock_enable>> clock_en_;
    std::vector<core_ctx> ctx_;
    psci *psci_ = nullptr;

    // Call in progress (set during psci_handle_call so ops know the caller's time).
    unsigned caller_ = 0;
    sc_core::sc_time call_offset_;
    bool off_requested_ = false, reset_requested_ = false, reset_warm_ = false;
    bool mem_protect_ = false;

    std::multimap<std::pair<uint64_t, uint64_t>, std::function<void()>> queue_;
    uint64_t seq_ = 0;
    sc_core::sc_event queue_ev_;

    std::map<const power_domain *, std::vector<std::function<void()>>> on_waiters_;
    std::deque<psci_call_log_entry> calls_;
    long calls_base_ = 0; // id of calls_.front()
    uint64_t call_count_ = 0;
    size_t log_limit_ = 0;
};

} // namespace pscisim
