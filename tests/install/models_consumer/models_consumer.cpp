// A SystemC top that is not pscisim: the installed PSCI controller and power domains
// (pscisim::models) driven by this file's own minimal core model, which implements
// power/core_if.h instead of running an ISS. Core 0 makes a CPU_SUSPEND to core
// power-down (power_state 0x00010002, original format: DEN 0022 §5.4.2) at 10 us; an
// interrupt at 300 us wakes it. With the FVP latencies and firmware costs below, the
// controller's timing model (models/power/include/power/psci_controller.h) gives:
//   entry = dispatch 1000 cycles + L1 clean 32 KiB x 64 cycles/KiB (1 GHz: 3048 ns)
//           + core OFF entry 40 us + ramp-down 5 us              = 48.048 us
//   wake  = ramp-up 10 us + core OFF exit 100 us + warm boot 10000 cycles = 120 us
// so the core is warm-reset into its entry point at exactly 420 us.
// Prints one line per check and "N passed, N failed"; exit status 1 on a failure.
#include <power/clock_domain.h>
#include <power/core_if.h>
#include <power/psci_controller.h>

#include <systemc>

#include <cstdio>
#include <memory>
#include <vector>

using namespace pscisim;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;

static int passed, failed;

static void check(bool ok, const char *what)
{
    std::printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    (ok ? passed : failed)++;
}

// The smallest core the controller can drive: it makes one PSCI call and logs what the
// controller does to it.
class stub_core : public sc_core::sc_module, public psci_core_if
{
  public:
    SC_HAS_PROCESS(stub_core);
    stub_core(sc_core::sc_module_name n, uint64_t mpidr, unsigned index, bool calls)
        : sc_module(n), m_mpidr(mpidr), m_index(index)
    {
        if (calls) SC_THREAD(run);
    }

    const char *core_name() const override { return basename(); }
    uint64_t mpidr() const override { return m_mpidr; }
    void bind_conduit(conduit_if *c) override { m_conduit = c; }
    bool wake_pending() const override { return m_irq; }
    const sc_core::sc_event &wake_event() const override { return m_wake; }
    void set_clock_enable(bool on) override { m_clock = on; }
    void power_off() override { powered_off_at = sc_core::sc_time_stamp(); }
    void power_on(unsigned el, uint64_t entry, uint64_t context_id) override
    {
        powered_on_at = sc_core::sc_time_stamp();
        on_el = el, on_entry = entry, on_context = context_id;
    }
    void resume(uint64_t x0) override { resumed_x0 = x0; }

    void raise_irq(bool level)
    {
        m_irq = level;
        if (level) m_wake.notify(sc_core::SC_ZERO_TIME);
    }

    bool clock() const { return m_clock; }
    conduit_action action = conduit_action::return_to_guest;
    sc_time powered_on_at, powered_off_at;
    unsigned on_el = 0;
    uint64_t on_entry = 0, on_context = 0, resumed_x0 = ~0ull;

  private:
    void run()
    {
        wait(sc_time(10, SC_US));
        conduit_request req{};
        req.cpu = m_index;
        req.mpidr = m_mpidr;
        req.x[0] = 0xC4000001u; // CPU_SUSPEND (SMC64)
        req.x[1] = 0x00010002u; // power-down, power level 0, StateID 0x2 (core off)
        req.x[2] = 0x40001000u; // entry point
        req.x[3] = 0x1234u;     // context ID
        conduit_reply rep;
        m_conduit->conduit_call(req, rep);
        action = rep.action;
    }

    uint64_t m_mpidr;
    unsigned m_index;
    conduit_if *m_conduit = nullptr;
    bool m_irq = false, m_clock = true;
    sc_core::sc_event m_wake;
};

struct irq_source : sc_core::sc_module {
    SC_HAS_PROCESS(irq_source);
    stub_core &core;
    irq_source(sc_core::sc_module_name n, stub_core &c) : sc_module(n), core(c) { SC_THREAD(run); }
    void run()
    {
        wait(sc_time(300, SC_US));
        core.raise_irq(true);
        wait(sc_time(1, SC_US));
        core.raise_irq(false);
    }
};

int sc_main(int, char *[])
{
    sc_core::sc_set_time_resolution(1, sc_core::SC_PS); // the models count picoseconds
    clock_domain cluster0("cluster0", 1000000000);      // 1 GHz
    stub_core core0("core0", 0x80000000u, 0, true), core1("core1", 0x80000001u, 1, false);
    irq_source irq("irq", core0);

    psci_controller_config cfg;
    cfg.cores_per_cluster = {2};
    cfg.l1_kib = {32};
    cfg.l2_kib = {1024};
    cfg.ns_ram_base = 0x40000000u;
    cfg.ns_ram_size = 1u << 20;
    psci_timing &t = cfg.timing;
    auto us = [](double v) { return sc_time(v, SC_US); };
    // Arm FVP idle states (TF-A fvp-base-psci-common.dtsi): [level][state], 1 = retention.
    t.lat[0][1] = idle_latency{true, us(20), us(40), us(80)};
    t.lat[0][2] = idle_latency{true, us(40), us(100), us(150)};
    t.lat[1][2] = idle_latency{true, us(500), us(1000), us(2500)};
    t.lat[2][2] = idle_latency{true, us(1000), us(2000), us(5000)};
    t.dispatch_cycles = 1000;
    t.cache_clean_cycles_per_kib = 64;
    t.warm_boot_cycles = 10000;
    t.ramp_up = us(10);
    t.ramp_down = us(5);
    psci_controller ctrl("psci", cfg, std::vector<psci_core_if *>{&core0, &core1},
                         std::vector<const clock_domain *>{&cluster0});

    sc_core::sc_start(sc_time(1, sc_core::SC_MS));

    check(ctrl.calls().size() == 1 && ctrl.calls()[0].function_id == 0xC4000001u,
          "the controller logged one CPU_SUSPEND");
    const psci_call_log_entry &c = ctrl.calls().at(0);
    check(c.time == us(10), "the call reached the controller at 10 us");
    check(core0.action == conduit_action::suspended, "the call suspended the core");
    check(c.entry_latency_ps == 48048000, "entry latency 48.048 us (dispatch, L1 clean, "
                                          "OFF entry, ramp-down)");
    check(core0.powered_on_at == us(420), "warm reset into the entry point at 420 us");
    check(core0.on_entry == 0x40001000u && core0.on_context == 0x1234u && core0.on_el == 2,
          "entry point 0x40001000, x0 = context ID 0x1234, EL2");
    check(c.exit_latency_ps == 120000000, "wake-up latency 120 us (ramp-up, OFF exit, warm boot)");
    check(ctrl.core_domain(0).residency(power_state::off) ==
              us(300) - us(10) - sc_time(48048, SC_NS),
          "core 0 domain OFF from the end of its entry until the interrupt");
    check(ctrl.cluster_domain(0).state() == power_state::on && core0.clock(),
          "cluster stays ON (level-0 state); core clock running again");
    check(ctrl.core_domain(1).state() == power_state::off, "core 1 still OFF from cold boot");
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
