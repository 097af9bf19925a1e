// SystemC wrapper around one a64 ISS core.
//
// The core runs ahead of SystemC time in quanta (TLM-2.0 temporal decoupling, the
// quantum is tlm_global_quantum) and keeps its own local time: the instant the
// next instruction starts. Local time = epoch + cycles since the epoch, converted
// with the cluster's clock domain; the epoch moves whenever time passes that is
// not counted in core cycles (waiting for an interrupt, a PSCI call, power-up).
//
// The core synchronises (waits until SystemC time reaches its local time) at
// quantum boundaries and before every conduit call, semihosting call, WFI/WFE
// and fatal stop, so those happen at exact times. MMIO goes out on the `bus`
// initiator socket with b_transport; the annotated delay is the core's offset
// from SystemC time, so a target that needs exact time may wait() (the core
// accounts whatever time passed). RAM is reached by the ISS through host
// pointers (a64_system_map_ram), not through this socket.
//
// A core that is powered off, clock-gated, waiting in WFI/WFE or suspended in a
// PSCI call waits on an event and costs no host time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "a64/a64.h"
#include "power/clock_domain.h"
#include "power/core_if.h"
#include "pscisim/console.h"
#include "pscisim/irq.h"

namespace pscisim
{

// A conduit call (SMC #0 / HVC #0) as the PSCI controller receives it (Arm DEN
// 0028 SMCCC: function ID in w0, arguments in x1..x17).
struct conduit_request {
    unsigned cpu;   // index of the calling core
    uint64_t mpidr; // MPIDR_EL1 of the caller
    bool is_hvc;
    uint64_t x[18];
};

enum class conduit_action {
    return_to_guest, // write x0..x3 and continue after the SMC/HVC
    stay_off,        // CPU_OFF: the core stops; it runs again only after power_on()
    suspended,       // CPU_SUSPEND / SYSTEM_SUSPEND: the core stops until resume()
                     // (standby, x0..x3 written then) or power_on() (power-down)
};

struct conduit_reply {
    uint64_t x[4] = {0, 0, 0, 0};
    conduit_action action = conduit_action::return_to_guest;
    // Time the call keeps the core busy in firmware (return_to_guest only), on
    // top of any time that passed inside conduit_call().
    sc_core::sc_time busy = sc_core::SC_ZERO_TIME;
};

class conduit_if
{
  public:
    virtual ~conduit_if() = default;
    // Called from the calling core's thread at its exact local time (SystemC time
    // equals the core's time). May wait().
    virtual void conduit_call(const conduit_request &req, conduit_reply &rep) = 0;
};

// System registers the core forwards (CNT* to the timer, ICC_* to the GIC).
// `offset` is how far the core's local time is ahead of sc_time_stamp().
class sysreg_if
{
  public:
    virtual ~sysreg_if() = default;
    virtual bool sysreg_read(unsigned cpu, uint32_t enc, uint64_t &value,
                             const sc_core::sc_time &offset) = 0;
    virtual bool sysreg_write(unsigned cpu, uint32_t enc, uint64_t value,
                              const sc_core::sc_time &offset) = 0;
    // True if a Non-secure EL1 access to a device register traps to EL2 by the
    // device's own state (the GIC's ICC_SRE_EL2.Enable, ICH_HCR_EL2 trap bits);
    // enc may carry A64_SYSREG_VIRTUAL. Default: no such traps.
    virtual bool sysreg_trapped(unsigned cpu, uint32_t enc, bool read)
    {
        (void)cpu, (void)enc, (void)read;
        return false;
    }
    // The generic timer's event stream (Arm ARM D11.2.3) needs to know when a
    // counter reaches a value: the absolute simulated time at which this core's
    // physical (virtual_count = false) or virtual count first equals `count`.
    // False if there is no counter (then a WFE waits only for real events).
    virtual bool counter_time(unsigned cpu, bool virtual_count, uint64_t count,
                              sc_core::sc_time &when)
    {
        (void)cpu, (void)virtual_count, (void)count, (void)when;
        return false;
    }
};

// What the semihosting SYS_HEAPINFO call reports (Arm semihosting spec).
struct heap_info {
    uint64_t heap_base = 0, heap_limit = 0, stack_base = 0, stack_limit = 0;
};

struct cpu_stats {
    uint64_t instructions = 0;
    uint64_t cycles = 0;
    uint64_t conduit_calls = 0;
    uint64_t mmio_accesses = 0;
    uint64_t wfi = 0, wfe = 0;
    sc_core::sc_time waiting = sc_core::SC_ZERO_TIME; // WFI/WFE with the clock on
};

// Why a core ended the run, as a structured event: the platform decides the exit
// status and report entry from `what`, never by matching the message.
struct stop_event {
    enum class kind {
        guest_exit,        // semihosting SYS_EXIT(_EXTENDED), ADP_Stopped_ApplicationExit
        semihosting_stop,  // SYS_EXIT with any other reason (`reason`)
        semihosting_fault, // a semihosting parameter block the core cannot access
        breakpoint,        // BRK, or a breakpoint set on the ISS, with no debugger
        iss_fatal,         // the ISS stopped: an error the guest cannot see (exception loop)
    };
    kind what;
    int status;    // guest_exit: the guest's exit code; otherwise 1
    unsigned core; // index of the core
    uint64_t mpidr;
    uint64_t pc;         // PC of the instruction that stopped the run
    uint64_t reason;     // semihosting_stop: the ADP reason code
    std::string message; // one line for a person (stderr, the report)
};

class cpu_core;

// A debugger attached to every core (platform/gdb). Both calls come from a core's
// thread between two a64_run() calls and may block for as long as the debugger
// keeps the machine stopped: no SystemC process runs and no simulated time passes
// meanwhile, so a debugged run keeps the timing of a free one.
class debug_if
{
  public:
    enum class stop { breakpoint, watchpoint, step };
    virtual ~debug_if() = default;
    // `core` stopped: at a breakpoint (PC not executed), before an access that
    // matched a watchpoint (PC not executed) or after a single step.
    virtual void core_stopped(cpu_core &core, stop why) = 0;
    // At every synchronisation point of `core` (Ctrl-C from the debugger, a new
    // connection). Must be cheap.
    virtual void poll(cpu_core &core) = 0;
};

class cpu_core : public sc_core::sc_module, public psci_core_if
{
  public:
    tlm_utils::simple_initiator_socket<cpu_core> bus;
    // The PMU overflow interrupt request (PMUIRQ, level); the platform wires it to
    // the GIC as PPI 23 of this core. It changes at the core's local time of the
    // overflow (or of the register write that changed it).
    irq_line pmu_irq;

    // `sys` is shared by every core of the machine; cfg is copied. The core starts
    // powered off; the builder calls cold_start() or power_on().
    cpu_core(sc_core::sc_module_name name, a64_system *sys, const clock_domain &clk,
             const a64_core_config &cfg, unsigned index);
    ~cpu_core() override;

    void bind_conduit(conduit_if *c) override { conduit_ = c; }
    void bind_sysregs(sysreg_if *s) { sysregs_ = s; }
    void set_heap_info(const heap_info &h) { heap_ = h; }

    // Called when the guest ends the run (semihosting exit) or on a fatal guest
    // error. The core stops running after calling it.
    std::function<void(const stop_event &)> on_stop;
    // Asked when the core executes WFI (at its exact time): true if the platform
    // takes the core's power away instead (an FVP power controller armed by PPOFFR;
    // the callback powers the core off), false to wait in WFI as usual.
    std::function<bool()> on_wfi;
    // PSTATE.EL changed (a64_callbacks.el_change): an exception taken (ec = its class,
    // or A64_EL_CHANGE_IRQ/FIQ) or an ERET, at the core's local time `at`.
    std::function<void(unsigned from_el, unsigned to_el, bool eret, uint32_t ec,
                       const sc_core::sc_time &at)>
        on_el_change;
    // Where semihosting console output goes (default: the process's stdout/stderr).
    void set_console(console_if *c) { console_ = c ? c : &stdio_console::instance(); }

    unsigned index() const { return index_; }
    uint64_t mpidr() const override { return cfg_.mpidr; }
    const char *core_name() const override { return basename(); }
    a64_core *iss() { return core_; }
    const clock_domain &clock() const { return clk_; }

    // What the GICv3 CPU interface needs of this core (Arm IHI 0069 4.6.2,
    // 12.1.7): the current EL and SCR_EL3.NS (true without EL3). f is called at
    // once and then whenever either changes (exception entry/return, SCR_EL3
    // writes, resets), from inside the run at the core's exact time.
    void bind_pe_state(std::function<void(unsigned el, bool ns)> f);

    // Interrupt lines from the GIC (level). Safe from any SystemC process.
    void set_irq(bool level);
    void set_fiq(bool level);
    // Virtual IRQ/FIQ from the GIC's virtual CPU interface (level); the ISS takes
    // them at EL1/EL0 as HCR_EL2.IMO/FMO route them.
    void set_virq(bool level);
    void set_vfiq(bool level);
    bool wake_pending() const override { return irq_ || fiq_; }
    // Notified when an IRQ/FIQ line rises (the wake-up input of the power controller).
    const sc_core::sc_event &wake_event() const override { return wake_ev_; }

    // ---- power control (from the PSCI controller and power domains) ----
    // Cold reset, then start at pc in `el` with x0 (the arm64 boot protocol's DTB
    // address) and run from now (boot core at time zero, after a system reset).
    void cold_start(uint64_t pc, unsigned el, uint64_t x0);
    // Power lost: the core stops at once; its state is gone.
    void power_off() override;
    // Warm reset into a PSCI entry point (Arm DEN 0022 §6.4) and run from now.
    void power_on(unsigned el, uint64_t entry, uint64_t context_id) override;
    // Return from a suspended conduit call with x0 (standby wake-up, or a
    // power-down request that was abandoned); x1..x3 keep the caller's values.
    void resume(uint64_t x0) override;
    // Clock gating: a gated core keeps its state and does not run.
    void set_clock_enable(bool on) override;
    bool clock_enabled() const { return clock_on_; }
    bool powered() const { return powered_; }
    // Parked in a conduit call (stay_off/suspended) waiting for the controller.
    bool parked() const { return parked_; }
    bool waiting_for_interrupt() const { return mode_ != mode::run; }

    // Called by every core at each synchronisation point (quantum boundary, WFI,
    // conduit, semihosting): Ctrl-C polling, progress line. Must not wait.
    static void set_quantum_hook(void (*hook)()) { s_quantum_hook = hook; }

    // ---- debugger (debug_if) ----
    static void set_debugger(debug_if *d) { s_debugger = d; }
    // Execute one instruction (or take one exception) the next time this core
    // runs, then report debug_if::stop::step. Cleared by that report.
    void debug_step(bool on) { dbg_step_ = on; }
    bool debug_stepping() const { return dbg_step_; }
    a64_system *iss_system() { return sys_; }

    // Stop for good (the simulation is ending): the thread parks forever.
    void halt();
    // After a stop_event the platform chose to survive (--on-guest-fatal hang): the core
    // hangs as hardware stuck in an exception loop would, powered and executing nothing
    // (no host time), until a cold start, power-on or power-off revives it.
    void hang();
    bool hung() const { return hung_; }

    // Local time of the core (>= sc_time_stamp() while it runs).
    sc_core::sc_time local_time() const;
    // local_time() - sc_time_stamp(), never negative.
    sc_core::sc_time offset() const;
    const cpu_stats &stats() const { return stats_; }
    void reset_stats() { stats_ = cpu_stats{}; }

    // Guest memory through the bus's debug transport (semihosting, loaders).
    bool read_mem(uint64_t addr, void *buf, unsigned len);
    bool write_mem(uint64_t addr, const void *buf, unsigned len);

  private:
    enum class mode { run, wfi, wfe };

    void thread();
    void sync();
    void rebase(const sc_core::sc_time &t);
    void do_conduit(const a64_stop_info &info);
    void do_semihost();
    void stop(stop_event::kind what, int status, uint64_t pc, const std::string &msg,
              uint64_t reason = 0);
    bool can_run() const { return powered_ && clock_on_ && !parked_ && !halted_ && !hung_; }

    static int cb_read(void *ctx, a64_core *core, uint64_t pa, unsigned size, uint64_t *value,
                       uint64_t *cycles);
    static int cb_write(void *ctx, a64_core *core, uint64_t pa, unsigned size, uint64_t value,
                        uint64_t *cycles);
    static int cb_sysreg_read(void *ctx, a64_core *core, uint32_t enc, uint64_t *value);
    static int cb_sysreg_write(void *ctx, a64_core *core, uint32_t enc, uint64_t value);
    static int cb_sysreg_trap(void *ctx, a64_core *core, uint32_t enc, bool read);
    static void cb_event(void *ctx, a64_core *target);
    static void cb_pmu_irq(void *ctx, a64_core *core, bool level);
    static void cb_el_change(void *ctx, a64_core *core, unsigned from_el, unsigned to_el, bool eret,
                             uint32_t ec);
    static void cb_pe_state(void *ctx, a64_core *core);
    void set_line(bool &line, void (*to_iss)(a64_core *, bool), bool level);
    // Event streams: true if a stream's counter bit made its transition since the
    // last check (an event: WFE completes); *next = time of the next transition.
    bool event_stream_check(sc_core::sc_time *next);
    void pmu_irq_update() { pmu_irq.set(pmu_level_); }
    int mmio(tlm::tlm_command cmd, uint64_t pa, unsigned size, uint64_t *value, uint64_t *cycles);
    sc_core::sc_time now_in_run() const;

    a64_system *sys_;
    const clock_domain &clk_;
    a64_core_config cfg_;
    unsigned index_;
    a64_core *core_ = nullptr;
    conduit_if *conduit_ = nullptr;
    sysreg_if *sysregs_ = nullptr;
    heap_info heap_;
    console_if *console_ = &stdio_console::instance();

    bool powered_ = false, clock_on_ = true, parked_ = false, halted_ = false;
    bool hung_ = false; // hang(): executes nothing until cold_start/power_on/power_off
    bool irq_ = false, fiq_ = false, virq_ = false, vfiq_ = false;
    tlm::tlm_generic_payload mmio_gp_; // reused by mmio()
    mode mode_ = mode::run;

    // Local time = epoch_ + cycles_to_time(epoch_cycles_); during a64_run the
    // cycles of the current call are added (in_run_, run_base_).
    sc_core::sc_time epoch_;
    uint64_t epoch_cycles_ = 0;
    bool in_run_ = false;
    uint64_t run_base_ = 0;
    std::function<void()> deferred_; // power_on/cold_start that arrived during a run

    sc_core::sc_event ctrl_ev_; // power/clock/resume changes
    sc_core::sc_event wake_ev_; // IRQ/FIQ rose
    sc_core::sc_event sev_ev_;  // event register set by another core
    // Event streams (CNTKCTL_EL1, CNTHCTL_EL2): counter value at the last check.
    sc_core::sc_event pmu_ev_; // PMUIRQ changes at a local time ahead of SystemC time
    bool pmu_level_ = false;
    std::function<void(unsigned, bool)> pe_state_fn_;
    uint64_t evs_last_[2] = {0, 0};
    bool evs_valid_[2] = {false, false};
    cpu_stats stats_;
    sc_core::sc_time start_time_;
    static void (*s_quantum_hook)();
    static debug_if *s_debugger;
    bool dbg_step_ = false;
};

} // namespace pscisim
