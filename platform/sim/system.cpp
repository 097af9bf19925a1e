#include "sim/system.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <sys/stat.h>

#include <systemc>
#include <tlm>

#include "a64/a64.h"
#include "cpu_sc/cpu_core.h"
#include "loader/elf_loader.hpp"
#include "loader/linux_loader.hpp"
#include "loader/fdt_builder.hpp"
#include "machine/machine.hpp"
#include "power/clock_domain.h"
#include "power/gic_firmware.h"
#include "power/power_regs.h"
#include "power/psci_controller.h"
#include "pscisim/fvp/fvp_pwrc.h"
#include "pscisim/fvp/fvp_sequencer.h"
#include "pscisim/generic_timer.h"
#include "pscisim/guest_log.h"
#include "pscisim/gicv3.h"
#include "pscisim/memory.h"
#include "pscisim/router.h"
#include "pscisim/tlm_access.h"
#include "gdb/gdb_server.hpp"
#include "config/units.hpp"
#include "report/fw_calls.hpp"
#include "report/recorder.hpp"
#include "sim/devices.hpp"
#include "sim/uart_console.hpp"
#include "sim/uart_input.hpp"
#include "pscisim/pl011.h"

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;

namespace
{

volatile std::sig_atomic_t g_interrupt = 0; // the signal number, 0 if none
sim_system::impl *g_active = nullptr;

uint64_t now_ns()
{
    return time_to_ps(sc_time_stamp()) / 1000;
}

// PSCI call records the controller keeps before handing them to the report: a
// suspend's latencies are filled in at wake-up, which must come within this many
// later calls (machine-wide) to be recorded (docs/user-guide.md, "Limits").
constexpr size_t psci_log_window = 65536;
constexpr uint32_t linux_console_baud = 115200; // what a bootloader leaves the console at

sc_time ns_time(uint64_t ns)
{
    return ps_to_time(ns * 1000);
}

double host_now()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// System registers the ISS's table gives to a device: to the generic timer or the GIC.
class sysreg_router : public sysreg_if
{
  public:
    sysreg_router(generic_timer &t, gicv3 &g) : timer_(t), gic_(g) {}
    bool sysreg_read(unsigned cpu, uint32_t enc, uint64_t &v, const sc_time &off) override
    {
        switch (a64_sysreg_owner_of(enc)) {
        case A64_SR_OWNER_TIMER: return timer_.cpu_sysreg_read(cpu, enc, v, off);
        case A64_SR_OWNER_GIC: return gic_.cpu_sysreg_read(cpu, enc, v);
        default: return false;
        }
    }
    bool sysreg_write(unsigned cpu, uint32_t enc, uint64_t v, const sc_time &off) override
    {
        switch (a64_sysreg_owner_of(enc)) {
        case A64_SR_OWNER_TIMER: return timer_.cpu_sysreg_write(cpu, enc, v, off);
        case A64_SR_OWNER_GIC: return gic_.cpu_sysreg_write(cpu, enc, v);
        default: return false;
        }
    }
    bool sysreg_trapped(unsigned cpu, uint32_t enc, bool read) override
    {
        return a64_sysreg_owner_of(enc) == A64_SR_OWNER_GIC &&
               gic_.cpu_sysreg_trapped(cpu, enc, read);
    }
    bool counter_time(unsigned cpu, bool virtual_count, uint64_t count, sc_time &when) override
    {
        when = timer_.time_of_core_count(cpu, virtual_count, count);
        return true;
    }

  private:
    generic_timer &timer_;
    gicv3 &gic_;
};

power_mode mode_of(const power_change &c)
{
    if (!c.in_transition)
        return c.state == power_state::on          ? power_mode::on
               : c.state == power_state::retention ? power_mode::retention
                                                   : power_mode::off;
    return (int)c.target > (int)c.state ? power_mode::powering_down : power_mode::powering_up;
}

// The FVP power controller's view of the domains while the built-in PSCI model
// owns them (no --boot-el 3): PSYSR shows the domains as they are; a power-on
// request cannot be honoured without taking the domains from the PSCI model, so
// it is reported to the guest-error log and ignored.
class emulated_pwrc_backend : public fvp_pwrc_backend
{
  public:
    // `device`: the power controller's name in the log (its table row's).
    emulated_pwrc_backend(psci_controller &c, const char *device) : ctrl_(c), device_(device) {}
    bool core_on(unsigned core) const override
    {
        return ctrl_.core_domain(core).state() == power_state::on;
    }
    bool cluster_on(unsigned cluster) const override
    {
        return ctrl_.cluster_domain(cluster).state() == power_state::on;
    }
    void power_on(unsigned core) override
    {
        PSCISIM_GUEST_ERROR(device_,
                            "PPONR for core %u ignored: the built-in PSCI model owns the power "
                            "domains (CPU_ON powers cores on)",
                            core);
    }

  private:
    psci_controller &ctrl_;
    const char *device_;
};

// Firmware mode: the FVP power controller's sequencer (models/fvp fvp_sequencer.h)
// stops a core and warm-resets it at the reset address at EL3.
class fvp_core_port : public fvp_power_sequencer::core_port
{
  public:
    fvp_core_port(cpu_core &c, uint64_t reset_pc) : core_(c), reset_pc_(reset_pc) {}
    void power_off() override { core_.power_off(); }
    void warm_reset() override { core_.power_on(3, reset_pc_, 0); }

  private:
    cpu_core &core_;
    uint64_t reset_pc_;
};

} // namespace

struct sim_system::impl {
    sim_config cfg;
    const machine_desc *machine = &machine_virt();
    console_if *console = &stdio_console::instance();
    std::unique_ptr<uart_consoles> uarts; // `console` once built: the UARTs' channels
    mmio_window ram_win{};
    elf_image image;
    initrd_range initrd;
    uart_input uart_in;
    std::vector<uint8_t> dtb;
    uint64_t dtb_addr = 0;
    a64_system *sys = nullptr;

    std::unique_ptr<router> bus;
    // The access checks of the ISS's RAM regions (a64_system_set_ram_check), owned
    // here so their addresses stay valid.
    std::vector<std::unique_ptr<std::function<filter_verdict(uint64_t, bool, bool, bool)>>>
        ram_checks;
    // The machine's devices, in table order (the reset fan-out walks them).
    std::vector<machine_device> devices;
    memory *ram = nullptr;
    gicv3 *gic = nullptr;
    generic_timer *timer = nullptr;
    std::unique_ptr<sysreg_router> sysregs;
    std::vector<std::unique_ptr<clock_domain>> clocks;
    std::vector<std::unique_ptr<cpu_core>> cores;
    std::unique_ptr<psci_controller> ctrl;
    std::unique_ptr<fvp_pwrc_backend> pwrc_backend;
    fvp_power_sequencer *fw_backend = nullptr; // firmware mode, fvp machine
    std::vector<std::unique_ptr<fvp_core_port>> fw_ports;
    fvp_pwrc *pwrc = nullptr;
    // Firmware mode: the guest firmware's PSCI calls, measured from outside.
    std::unique_ptr<fw_call_tracker> fw_calls;
    std::vector<unsigned> cluster_of, core_in_cluster;

    std::unique_ptr<run_recorder> rec;
    std::ofstream vcd_out, report_out;
    bool output_error = false;   // an output could not be written: exit_output_error
    uint64_t latencies_lost = 0; // calls handed over before their latency was known
    bool console_failed = false; // the console failed: noted once
    // PSCI_STAT_* totals of the boots before the last SYSTEM_RESET, per node and state
    // (count, residency_us): the report's psci_stats cover the whole run.
    std::map<std::string, std::pair<uint64_t, uint64_t>> stats_before_reset;
    std::unique_ptr<progress_line> progress;
    std::unique_ptr<gdb::gdb_server> gdb;
    bool gdb_wait = false;

    bool done = false;
    exit_info exit;
    double host_start = 0;

    bool firmware_mode() const { return cfg.boot_el == 3; }
    uint64_t reset_address() const { return cfg.entry ? *cfg.entry : image.entry; }
    void build();
    void load_image();
    void load_raw_images();
    void boot();
    void finish(int status, const std::string &reason, const std::string &message);
    // `why` is the exit message when --reset-exits ends the run here.
    void system_reset(const std::string &why);
    void reset_devices();
    void attach_recorder();
    void write_reports(double host_seconds);
    void log_call(const psci_call_log_entry &c);
    void log_record(const psci_call_record &r);
    void watch_firmware_calls();
    void secure_gic_setup();
    static bool latency_pending(const psci_call_log_entry &c);
    void check_console();
    void output_failed(const std::string &path, const std::string &what);
    void install_memory_filters();
    void interrupted();
    nlohmann::ordered_json psci_stats_json() const;
    static void quantum_hook();
};

namespace
{
const machine_desc &machine_named(const std::string &name)
{
    const machine_desc *m = find_machine(name);
    if (!m) throw usage_error("unknown machine '" + name + "'");
    return *m;
}
} // namespace

sim_system::sim_system(const sim_config &cfg) : sim_system(cfg, machine_named(cfg.machine)) {}

sim_system::sim_system(const sim_config &cfg, const machine_desc &machine, console_if &console)
    : m(std::make_unique<impl>())
{
    m->cfg = cfg;
    m->machine = &machine;
    m->uarts = std::make_unique<uart_consoles>(console, machine, cfg.uart_files);
    m->console = m->uarts.get();
    m->ram_win = ram_window(*m->machine, cfg);
    m->image = parse_kernel_file(cfg.elf_path, m->ram_win.base, m->ram_win.size, cfg.kernel_given);
    if (!cfg.initrd_path.empty())
        m->initrd = add_initrd(m->image, cfg.initrd_path, m->ram_win.base, m->ram_win.size);
    try {
        m->build();
    } catch (...) {
        // The destructor does not run for a constructor that throws: release the
        // ISS system here too (exit status 2 must not leak, issue 15 item 13).
        release(*m);
        throw;
    }
}

void sim_system::release(impl &s)
{
    if (g_active == &s) g_active = nullptr;
    cpu_core::set_quantum_hook(nullptr);
    s.cores.clear(); // the cores use the ISS system: before it goes
    if (s.sys) a64_system_destroy(s.sys);
    s.sys = nullptr;
}

sim_system::~sim_system()
{
    m->gdb.reset(); // the debugger holds pointers to the cores
    release(*m);
}

void sim_system::enable_gdb(unsigned port, bool wait)
{
    gdb::machine_view v;
    for (auto &c : m->cores)
        v.cores.push_back(c.get());
    v.ctrl = m->ctrl.get();
    impl *s = m.get();
    v.kill = [s] { s->finish(exit_interrupted, "interrupted", "killed by the debugger"); };
    v.now_ps = [] { return time_to_ps(sc_time_stamp()); };
    v.interrupted = [] { return g_interrupt != 0; };
    try {
        m->gdb = std::make_unique<gdb::gdb_server>((uint16_t)port, std::move(v));
    } catch (const std::runtime_error &e) {
        throw usage_error(e.what());
    }
    m->gdb_wait = wait;
    std::cerr << "pscisim: gdb server listening on 127.0.0.1:" << m->gdb->port() << "\n";
}

void sim_system::request_interrupt(int signal_number)
{
    g_interrupt = signal_number ? signal_number : SIGINT;
}

void sim_system::impl::interrupted()
{
    if (g_interrupt == SIGTERM)
        finish(exit_terminated, "interrupted", "terminated by SIGTERM");
    else
        finish(exit_interrupted, "interrupted", "interrupted by SIGINT");
}

void sim_system::impl::quantum_hook()
{
    impl *s = g_active;
    if (!s || s->done) return;
    if (g_interrupt) {
        s->interrupted();
        return;
    }
    s->check_console();
    if (s->progress) s->progress->update(now_ns());
}

// The guest's console (stdout for the executable). When it fails (a closed pipe, a
// full disk) the run goes on: the console drops later output, the first failure is
// noted once on stderr (SIGPIPE is ignored by main) and the exit status then reports
// the lost output.
void sim_system::impl::check_console()
{
    for (const std::string &path : uarts->newly_failed_files())
        output_failed(path, "--uart-file output");
    if (console_failed || !console->failed()) return;
    console_failed = true;
    output_error = true;
    std::cerr << "pscisim: note: the guest console (stdout) could not be written; further "
                 "console output is dropped\n";
}

void sim_system::impl::output_failed(const std::string &path, const std::string &what)
{
    output_error = true;
    std::cerr << "pscisim: error: " << one_line(path) << ": cannot write the " << what << "\n";
}

void sim_system::impl::build()
{
    require_ps_resolution();
    tlm::tlm_global_quantum::instance().set(ns_time(cfg.quantum_ns ? cfg.quantum_ns : 1000));
    sys = a64_system_create();

    std::vector<uint64_t> mpidrs;
    for (unsigned c = 0; c < cfg.clusters.size(); ++c)
        for (unsigned k = 0; k < cfg.clusters[c].cores; ++k) {
            mpidrs.push_back(sim_config::mpidr(c, k));
            cluster_of.push_back(c);
            core_in_cluster.push_back(k);
        }
    unsigned n = (unsigned)mpidrs.size();

    // The machine's devices and the bus map, from the machine table.
    bus = std::make_unique<router>("bus");
    machine_services services;
    // A device's reset or shutdown request acts on the whole machine as SYSTEM_RESET
    // and SYSTEM_OFF do (docs/architecture.md: a new device needs no wiring here).
    services.request_reset = [this](const std::string &source) { system_reset(source); };
    services.request_shutdown = [this](const std::string &source) {
        finish(exit_ok, "system_off", source);
    };
    if (!cfg.uart_input.empty()) {
        uart_in = make_uart_input(cfg.uart_input);
        services.console_input = uart_in.next;
    }
    for (const device_desc &d : machine->devices)
        if (device_present(d, cfg))
            devices.push_back(make_device(d, cfg, mpidrs, uarts->for_device(d), services));
    for (const mmio_window &w : memory_map(*machine, cfg))
        for (const machine_device &di : devices)
            if (di.desc == w.device)
                bus->map(*di.windows.at(w.region), w.base, w.size, sc_core::SC_ZERO_TIME, w.name);
    for (const machine_device &di : devices) {
        const std::string model = di.desc->model;
        if (model == model_names::ram && !ram) ram = &di.as<memory>();
        if ((model == model_names::gicv3 || model == model_names::gicv3_secure) && !gic)
            gic = &di.as<gicv3>();
        if (model == "generic_timer" && !timer) timer = &di.as<generic_timer>();
    }
    if (!ram || !gic || !timer)
        throw std::logic_error(std::string("machine ") + machine->name +
                               " needs RAM, a GICv3 and a generic timer");
    // The ISS reaches RAM through its host pointer (the bus window above serves
    // debug transport and DMI): the same window, from the same table row.
    if (a64_system_map_ram(sys, ram_win.base, ram_win.size, ram->host_ptr()) != 0)
        throw usage_error("RAM could not be mapped into the ISS");
    // Other memories of the machine (the FVP's Trusted SRAM and DRAM, DRAM2)
    // likewise, so code runs from them.
    for (const mmio_window &w : memory_map(*machine, cfg))
        if (w.device->model == std::string("sram") ||
            (w.device->model == std::string(model_names::ram) && w.base != ram_win.base))
            for (const machine_device &di : devices)
                if (di.desc == w.device &&
                    a64_system_map_ram(sys, w.base, w.size, di.as<memory>().host_ptr()) != 0)
                    throw usage_error(w.name + " could not be mapped into the ISS");
    install_memory_filters();

    // Interrupts: each device's SPIs into the GIC; the timer's PPIs, per core, in
    // the order the table lists them (arm,armv8-timer: secure physical,
    // non-secure physical, virtual, hypervisor).
    for (machine_device &di : devices) {
        size_t k = 0;
        for (const irq_desc &q : di.desc->irqs)
            if (q.type == irq_desc::kind::spi) {
                uint32_t spi = q.num;
                di.spis.at(k++)->bind([this, spi](bool l) { gic->set_spi(spi, l); });
            }
    }
    static const generic_timer::timer_id binding_order[] = {
        generic_timer::SECURE, generic_timer::PHYS, generic_timer::VIRT, generic_timer::HYP};
    const device_desc &tdesc = device_of(*machine, "generic_timer");
    if (tdesc.irqs.size() != generic_timer::NUM_TIMERS)
        throw std::logic_error("the generic timer row must list one PPI per timer");
    for (unsigned i = 0; i < n; ++i)
        for (unsigned t = 0; t < generic_timer::NUM_TIMERS; ++t) {
            auto id = binding_order[t];
            unsigned intid = 16 + tdesc.irqs[t].num;
            timer->irq(i, id).bind([this, i, intid](bool l) { gic->set_ppi(i, intid, l); });
        }
    sysregs = std::make_unique<sysreg_router>(*timer, *gic);

    std::vector<const clock_domain *> clk_ptrs;
    for (unsigned c = 0; c < cfg.clusters.size(); ++c) {
        clocks.push_back(
            std::make_unique<clock_domain>(cfg.clusters[c].name, cfg.clusters[c].frequency_hz));
        clk_ptrs.push_back(clocks.back().get());
    }
    uint64_t ram_end = ram_win.base + ram_win.size;
    for (unsigned i = 0; i < n; ++i) {
        a64_core_config cc{};
        cc.mpidr = mpidrs[i];
        // --boot-el 1 models a core without EL2 (as QEMU virt without virtualization):
        // the built-in PSCI then returns to EL1 on CPU_ON and warm boot, the highest
        // Non-secure EL implemented (DEN 0022 entry rules).
        cc.have_el2 = cfg.boot_el != 1;
        // Firmware mode (--boot-el 3): EL3 is the guest's, SMC and HVC are
        // architectural exceptions (no built-in PSCI), every core resets to RVBAR.
        cc.have_el3 = firmware_mode();
        cc.conduit = firmware_mode()                    ? A64_CONDUIT_NONE
                     : cfg.conduit == conduit_kind::hvc ? A64_CONDUIT_HVC
                                                        : A64_CONDUIT_SMC;
        cc.rvbar = reset_address();
        // Firmware applies CPU-specific reset code and errata workarounds by MIDR
        // (TF-A's cpu_ops), which touch IMPLEMENTATION DEFINED registers the ISS
        // does not have. In firmware mode the core says what it is: a generic
        // Armv8-A, the Arm Architecture Envelope Model's MIDR (TF-A
        // include/lib/cpus/aarch64/aem_generic.h BASE_AEM_MIDR). Otherwise the ISS
        // default: the configured core type's MIDR.
        if (firmware_mode()) cc.midr = 0x410FD0F0;
        cc.reset_el = cfg.boot_el;
        cc.cntfrq = cfg.timer_frequency_hz;
        const cluster_config &cl = cfg.clusters[cluster_of[i]];
        a64_cpu_lookup(cl.cpu.c_str(), &cc.cpu); // validated with the configuration
        cc.cluster_cores = cl.cores;
        cc.l1d_kib = cl.l1d_kib;
        cc.l2_kib = cl.l2_kib;
        std::string name =
            "cpu" + std::to_string(cluster_of[i]) + "_" + std::to_string(core_in_cluster[i]);
        cores.push_back(
            std::make_unique<cpu_core>(name.c_str(), sys, *clocks[cluster_of[i]], cc, i));
        cpu_core &cpu = *cores.back();
        cpu.bus.bind(bus->in);
        cpu.bind_sysregs(sysregs.get());
        cpu.set_console(console);
        gic->irq(i).bind([&cpu](bool l) { cpu.set_irq(l); });
        // PMUIRQ: PPI 23, as on the Arm FVP and QEMU virt (the Server Base System
        // Architecture's recommended PMU interrupt).
        cpu.pmu_irq.bind([this, i](bool l) { gic->set_ppi(i, 23, l); });
        gic->fiq(i).bind([&cpu](bool l) { cpu.set_fiq(l); });
        cpu.bind_pe_state([this, i](unsigned el, bool ns) {
            gic->set_pe_state(i, gicv3::pe_state{el, ns});
        });
        gic->virq(i).bind([&cpu](bool l) { cpu.set_virq(l); });
        gic->vfiq(i).bind([&cpu](bool l) { cpu.set_vfiq(l); });
        cpu.on_stop = [this, &cpu](const stop_event &e) {
            if (e.what == stop_event::kind::guest_exit) {
                finish(e.status & 0xff, "semihosting_exit", e.message);
            } else if (e.what == stop_event::kind::iss_fatal && cfg.hang_on_guest_fatal) {
                // As hardware: the core spins in its exception loop, the machine runs
                // on (a reset or power-off of the core ends it; the deadlock check
                // ends a run in which nothing else can happen).
                std::cerr << "pscisim: core " << e.core
                          << " hangs (--on-guest-fatal hang): " << one_line(e.message) << "\n";
                cpu.hang();
            } else {
                finish(e.status, "guest_fatal", e.message);
            }
        };
    }

    psci_controller_config pc;
    pc.version = cfg.psci_version.encoded();
    pc.format = cfg.state_format == power_state_format::extended ? PSCI_PSTATE_EXTENDED
                                                                 : PSCI_PSTATE_ORIGINAL;
    pc.osi = cfg.osi;
    pc.boot_core = 0;
    pc.entry_el = cfg.boot_el == 1 ? 1 : 2; // highest Non-secure EL implemented
    pc.ns_ram_base = ram_win.base;
    pc.ns_ram_size = ram_win.size;
    for (auto &cl : cfg.clusters) {
        pc.cores_per_cluster.push_back(cl.cores);
        pc.l1_kib.push_back(cl.l1d_kib);
        pc.l2_kib.push_back(cl.l2_kib);
    }
    for (unsigned l = 0; l < 3; ++l)
        for (unsigned s = 1; s < 3; ++s) {
            const auto &sl = cfg.latencies.at((power_level)l, (local_state)s);
            idle_latency &il = pc.timing.lat[l][s];
            il.present = sl.has_value();
            if (sl) {
                il.entry = ns_time(sl->entry_ns);
                il.exit = ns_time(sl->exit_ns);
                il.min_residency = ns_time(sl->min_residency_ns);
            }
        }
    pc.timing.dispatch_cycles = cfg.firmware.dispatch_cycles;
    pc.timing.cache_clean_cycles_per_kib = cfg.firmware.cache_clean_cycles_per_kib;
    pc.timing.warm_boot_cycles = cfg.firmware.warm_boot_cycles;
    pc.timing.ramp_up = ns_time(cfg.firmware.power_up_ramp_ns);
    pc.timing.ramp_down = ns_time(cfg.firmware.power_down_ramp_ns);
    std::vector<cpu_core *> core_ptrs;
    for (auto &c : cores)
        core_ptrs.push_back(c.get());
    try {
        ctrl = std::make_unique<psci_controller>("psci", pc, core_ptrs, clk_ptrs);
    } catch (const std::invalid_argument &e) {
        throw usage_error(e.what());
    }
    // The call log is streamed to the report: the controller keeps only the most
    // recent calls (whose latencies may still be filled in) and hands older ones over.
    ctrl->set_call_log_limit(psci_log_window);
    ctrl->on_call_dropped = [this](const psci_call_log_entry &c) {
        if (latency_pending(c)) ++latencies_lost;
        log_call(c);
    };
    attach_gic_firmware(*ctrl, *gic);
    ctrl->on_system_off = [this](int status, const std::string &why) {
        finish(status, "system_off", why);
    };
    ctrl->on_system_reset = [this](bool warm) {
        system_reset(warm ? "SYSTEM_RESET2 (warm)" : "SYSTEM_RESET");
    };

    for (machine_device &di : devices)
        if (auto *regs = dynamic_cast<power_regs *>(di.module.get())) {
            regs->attach(*ctrl);
            regs->on_exit = [this](int status) {
                finish(status, "sim_control_exit", "guest wrote SIM_EXIT");
            };
        }
    // The FVP power controller sees the domains.
    for (machine_device &di : devices) {
        if (auto *pw = dynamic_cast<fvp_pwrc *>(di.module.get())) {
            pwrc = pw;
            if (firmware_mode()) {
                auto lat = [this](power_level l, bool entry) -> sc_time {
                    const auto &sl = cfg.latencies.at(l, local_state::off);
                    return sl ? ns_time(entry ? sl->entry_ns : sl->exit_ns) : sc_time();
                };
                const sc_time down = ns_time(cfg.firmware.power_down_ramp_ns),
                              up = ns_time(cfg.firmware.power_up_ramp_ns);
                fvp_power_sequencer::timing t{
                    lat(power_level::core, true) + down, lat(power_level::cluster, true) + down,
                    up + lat(power_level::core, false), up + lat(power_level::cluster, false)};
                fvp_power_sequencer::domains d;
                d.system = &ctrl->system_domain();
                std::vector<fvp_power_sequencer::core_port *> ports;
                for (unsigned i = 0; i < cores.size(); ++i) {
                    d.cores.push_back(&ctrl->core_domain(i));
                    d.clocks.push_back(&ctrl->core_clock(i));
                    d.cluster_of.push_back(ctrl->cluster_of(i));
                    fw_ports.push_back(std::make_unique<fvp_core_port>(*cores[i], reset_address()));
                    ports.push_back(fw_ports.back().get());
                }
                for (unsigned c = 0; c < ctrl->num_clusters(); ++c)
                    d.clusters.push_back(&ctrl->cluster_domain(c));
                auto b = std::make_unique<fvp_power_sequencer>(*pw, d, ports, t);
                fw_backend = b.get();
                for (unsigned i = 0; i < cores.size(); ++i)
                    cores[i]->on_wfi = [this, i] { return fw_backend->wfi(i); };
                // The GIC's wake requests go to the power controller, not to the PSCI
                // model; the CPU interface is in the core's power domain (IHI 0069
                // 11.1): lost when the core is OFF. GICR_WAKER is the firmware's.
                gic->set_wake_request_callback([this](unsigned c) { fw_backend->wake_request(c); });
                fw_backend->wake_request_raised = [this](unsigned c) {
                    return gic->processor_sleep(c) && gic->wake_pending(c);
                };
                fw_backend->on_core_off = [this](unsigned c) { gic->reset_cpu_interface(c); };
                fw_backend->on_power_down_start = [this](unsigned c) {
                    if (fw_calls && !done) fw_calls->power_down_start(c, now_ns());
                };
                fw_backend->on_powered_up = [this](unsigned c) {
                    if (fw_calls && !done) fw_calls->powered_up(c, now_ns());
                };
                pwrc_backend = std::move(b);
            } else {
                pwrc_backend = std::make_unique<emulated_pwrc_backend>(*ctrl, pw->name());
            }
            pw->attach(*pwrc_backend);
        }
    }

    // Device tree and image. The tree goes at the start of RAM (as QEMU virt does
    // for bare-metal images) when it fits below the image, else at the first
    // 64 KiB boundary after it.
    dtb = cfg.dtb_in_path.empty() ? build_dtb(*machine, cfg) : read_dtb_file(cfg.dtb_in_path);
    if (!cfg.dtb_in_path.empty() || !cfg.bootargs.empty() || initrd.end > initrd.start)
        dtb = patch_dtb(dtb, {cfg.bootargs, initrd, ram_win.base, ram_win.size},
                        cfg.dtb_in_path.empty() ? "the generated device tree" : cfg.dtb_in_path);
    const uint64_t dtb_preferred_addr = ram_win.base;
    uint64_t lowest = ram_end, image_end = ram_win.base;
    // The image's segments and the --load files must not overlap (each is written
    // over the others, so one would be lost); the tree avoids them all.
    std::vector<load_range> loads;
    for (size_t i = 0; i < image.segments.size(); ++i) {
        const elf_segment &s = image.segments[i];
        loads.push_back({s.addr == initrd.start && initrd.end > initrd.start
                             ? "the --initrd file " + cfg.initrd_path
                             : cfg.elf_path + " segment " + std::to_string(i),
                         s.addr, s.mem_size});
    }
    for (const sim_config::raw_image &ri : cfg.raw_images) {
        struct stat st {
        };
        // Unreadable files are named when they are loaded.
        if (::stat(ri.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<uint64_t>(st.st_size) <= max_ram_size)
            loads.push_back({"--load " + ri.path, ri.addr, static_cast<uint64_t>(st.st_size)});
    }
    check_load_overlaps(loads);
    for (const load_range &l : loads)
        if (l.size && l.addr >= ram_win.base && l.addr - ram_win.base < ram_win.size) {
            lowest = std::min(lowest, l.addr);
            image_end = std::max(image_end, l.addr + l.size);
        }
    if (dtb_preferred_addr + dtb.size() <= lowest)
        dtb_addr = dtb_preferred_addr;
    else
        dtb_addr = (image_end + 0xffff) & ~0xffffull;
    if (dtb_addr + dtb.size() > ram_end)
        throw usage_error(cfg.elf_path + ": no room in RAM for the device tree after the image");
    uint64_t heap_base =
        std::max(image_end, dtb_addr == dtb_preferred_addr ? image_end : dtb_addr + dtb.size());
    heap_base = (heap_base + 15) & ~15ull;
    uint64_t stack_size = std::min<uint64_t>(1u << 20, (ram_end - heap_base) / 2);
    heap_info hi{heap_base, ram_end - stack_size, ram_end, ram_end - stack_size};
    for (auto &c : cores)
        c->set_heap_info(hi);
    load_image();
    if (firmware_mode()) watch_firmware_calls();

    if (!cfg.dtb_out_path.empty()) {
        std::ofstream f(cfg.dtb_out_path, std::ios::binary);
        if (!f) throw usage_error(cfg.dtb_out_path + ": cannot write the device tree");
        f.write(reinterpret_cast<const char *>(dtb.data()), (std::streamsize)dtb.size());
        f.close();
        if (!f) output_failed(cfg.dtb_out_path, "device tree");
    }
    attach_recorder();
}

namespace
{
a64_ram_verdict ram_check(void *ctx, uint64_t pa, bool ns, bool write, bool probe)
{
    const auto &f =
        *static_cast<const std::function<filter_verdict(uint64_t, bool, bool, bool)> *>(ctx);
    switch (f(pa, ns, write, probe)) {
    case filter_verdict::allow: return A64_RAM_ALLOW;
    case filter_verdict::raz_wi: return A64_RAM_RAZ_WI;
    default: return A64_RAM_ABORT;
    }
}
} // namespace

// The machine's memory filters (docs/firmware-mode.md, "Two Security states"): a
// memory row marked secure_only answers a Non-secure access with an error
// response; a row filtered_by a device asks that device's memory_filter. The
// cores reach these memories only through the ISS's RAM path (the bus windows
// serve loaders and debuggers), so the ISS applies the filters there.
void sim_system::impl::install_memory_filters()
{
    for (const mmio_window &w : memory_map(*machine, cfg)) {
        const device_desc &d = *w.device;
        std::function<filter_verdict(uint64_t, bool, bool, bool)> check;
        if (d.secure_only) {
            check = [](uint64_t, bool ns, bool, bool) {
                return ns ? filter_verdict::error : filter_verdict::allow;
            };
        } else if (d.filtered_by) {
            const machine_device *f = nullptr;
            for (const machine_device &di : devices)
                if (std::string(di.desc->name) == d.filtered_by) f = &di;
            if (!f || !f->filter.check)
                throw std::logic_error(std::string(d.name) + " is filtered by " + d.filtered_by +
                                       ", which is no memory filter of machine " + machine->name);
            check = f->filter.check;
            if (f->filter.on_change)
                f->filter.on_change([this] { a64_system_ram_check_changed(sys); });
        }
        if (!check) continue;
        ram_checks.push_back(
            std::make_unique<std::function<filter_verdict(uint64_t, bool, bool, bool)>>(
                std::move(check)));
        if (a64_system_set_ram_check(sys, w.base, &ram_check, ram_checks.back().get()) != 0)
            throw std::logic_error(w.name +
                                   " has a memory filter but is not a memory of the cores");
    }
}

void sim_system::impl::load_raw_images()
{
    for (const sim_config::raw_image &ri : cfg.raw_images) {
        // A regular file no larger than the largest RAM: a device such as /dev/zero
        // or a FIFO is refused by name instead of being read without end.
        const std::string text = read_input_file(ri.path, "--load file", max_ram_size);
        std::vector<uint8_t> data(text.begin(), text.end());
        uint8_t *host = nullptr;
        for (const mmio_window &w : memory_map(*machine, cfg))
            if ((w.device->model == std::string("ram") || w.device->model == std::string("sram")) &&
                ri.addr >= w.base && ri.addr - w.base <= w.size &&
                data.size() <= w.size - (ri.addr - w.base))
                for (const machine_device &di : devices)
                    if (di.desc == w.device) host = di.as<memory>().host_ptr() + (ri.addr - w.base);
        char where[32];
        std::snprintf(where, sizeof where, "0x%llx", (unsigned long long)ri.addr);
        if (!host)
            throw usage_error(ri.path + ": " + std::to_string(data.size()) + " bytes at " + where +
                              " do not fit in one memory of machine " + machine->name);
        std::memcpy(host, data.data(), data.size());
        a64_system_code_written(sys, ri.addr, data.size());
    }
}

void sim_system::impl::load_image()
{
    load_raw_images();
    uint8_t *host = ram->host_ptr();
    write_elf_image(image, [&](uint64_t addr, const uint8_t *data, size_t len) {
        std::memcpy(host + (addr - ram_win.base), data, len);
        a64_system_code_written(sys, addr, len);
    });
    std::memcpy(host + (dtb_addr - ram_win.base), dtb.data(), dtb.size());
    a64_system_code_written(sys, dtb_addr, dtb.size());
}

void sim_system::impl::attach_recorder()
{
    std::string name = image.name;
    rec = std::make_unique<run_recorder>(cfg, name);
    if (!cfg.vcd_path.empty()) {
        vcd_out.open(cfg.vcd_path, std::ios::binary);
        if (!vcd_out) throw usage_error(cfg.vcd_path + ": cannot write the VCD file");
        rec->enable_vcd(vcd_out);
    }
    if (!cfg.report_path.empty()) {
        report_out.open(cfg.report_path, std::ios::binary);
        if (!report_out) throw usage_error(cfg.report_path + ": cannot write the report");
        rec->stream_report(report_out);
    }
    auto push = [this](const power_domain &d, const power_change &c) {
        if (done) return;
        uint64_t t = time_to_ps(c.time) / 1000;
        power_mode m = mode_of(c);
        if (&d == &ctrl->system_domain()) {
            rec->set_power_mode(t, power_level::system, 0, 0, m);
            return;
        }
        for (unsigned cl = 0; cl < ctrl->num_clusters(); ++cl)
            if (&d == &ctrl->cluster_domain(cl)) {
                rec->set_power_mode(t, power_level::cluster, cl, 0, m);
                return;
            }
        for (unsigned i = 0; i < ctrl->num_cores(); ++i)
            if (&d == &ctrl->core_domain(i)) {
                rec->set_power_mode(t, power_level::core, cluster_of[i], core_in_cluster[i], m);
                return;
            }
    };
    auto initial = [&](power_domain &d) {
        push(d, power_change{sc_core::SC_ZERO_TIME, d.state(), false, d.state()});
        d.add_observer(push);
    };
    initial(ctrl->system_domain());
    for (unsigned cl = 0; cl < ctrl->num_clusters(); ++cl)
        initial(ctrl->cluster_domain(cl));
    for (unsigned i = 0; i < ctrl->num_cores(); ++i) {
        initial(ctrl->core_domain(i));
        clock_enable &ce = ctrl->core_clock(i);
        unsigned cl = cluster_of[i], k = core_in_cluster[i];
        rec->set_clock_enable(0, cl, k, ce.enabled());
        ce.add_observer([this, cl, k](const clock_enable &, bool on) {
            if (!done) rec->set_clock_enable(now_ns(), cl, k, on);
        });
    }
}

void sim_system::impl::boot()
{
    // Firmware mode: as on the FVP, every core leaves cold reset at the reset
    // address at EL3; the firmware parks the secondaries itself (TF-A:
    // plat_get_my_entrypoint() reads PSYSR.WK = cold, plat_is_my_cpu_primary(),
    // plat_secondary_cold_boot_setup() arms PPOFFR and executes WFI). x0 = 0.
    if (firmware_mode()) {
        if (fw_backend) fw_backend->cold_boot();
        for (auto &c : cores)
            c->cold_start(reset_address(), 3, 0);
        return;
    }
    if (gic->two_security_states()) secure_gic_setup();
    // A Linux kernel is started as a bootloader would start it: with the console UART
    // enabled at 115200 8N1 (U-Boot's and UEFI's default), so the kernel's console keeps
    // that rate instead of falling back to 38400 baud (docs/linux.md).
    if (cfg.kernel_given)
        for (machine_device &di : devices)
            if (auto *uart = dynamic_cast<pl011 *>(di.module.get()))
                if (di.desc->console) uart->firmware_setup(linux_console_baud);
    cores[0]->cold_start(image.entry, cfg.boot_el, dtb_addr);
}

// The emulated path on a GIC with two Security states (the fvp machine without
// --boot-el 3): the built-in PSCI model stands in for the Secure firmware, which
// programs the GIC's Secure-only state before the Non-secure world runs, as TF-A's
// GICv3 driver does (gicv3_distif_init, gicv3_rdistif_init, gicv3_rdistif_on; IHI 0069
// 12.9.4 GICD_CTLR, 12.9.15 GICD_IGROUPR, 12.11.42 GICR_WAKER): affinity routing for
// both states, every SPI, SGI and PPI in Non-secure Group 1, Group 0 and Secure Group 1
// enabled, the boot core's redistributor awake (the other cores' are woken at their
// warm boot, power/gic_firmware.h). Secure accesses: payloads without ns_attribute.
void sim_system::impl::secure_gic_setup()
{
    // Offsets in the GIC's own frames, straight to its sockets (as the bus would
    // deliver them, without an ns_attribute: Secure).
    auto write32 = [](tlm::tlm_target_socket<> &frame, uint64_t off, uint32_t v) {
        if (!write32_direct(frame.get_base_interface(), off, v))
            throw std::logic_error("secure GIC setup: write to a GIC register failed");
    };
    constexpr uint32_t ctlr_are_ns = 1u << 5, ctlr_are_s = 1u << 4, ctlr_g1s = 1u << 2,
                       ctlr_g0 = 1u << 0;
    write32(gic->dist, 0x0000, ctlr_are_s | ctlr_are_ns | ctlr_g1s | ctlr_g0);
    for (unsigned n = 1; n <= gic->num_spis() / 32; ++n)
        write32(gic->dist, 0x0080 + 4 * n, 0xFFFFFFFFu); // GICD_IGROUPR<n>: Group 1 NS
    for (unsigned i = 0; i < cores.size(); ++i)
        write32(gic->redist, gicv3::REDIST_STRIDE * i + 0x10000 + 0x0080, 0xFFFFFFFFu);
    gic->set_processor_sleep(0, false);
}

void sim_system::impl::finish(int status, const std::string &reason, const std::string &message)
{
    if (done) return;
    done = true;
    exit.status = status;
    exit.reason = reason;
    exit.message = message;
    for (auto &c : cores)
        c->halt();
    sc_core::sc_stop();
}

void sim_system::impl::system_reset(const std::string &why)
{
    if (cfg.reset_exits) {
        finish(exit_reset, "system_reset", why);
        return;
    }
    console->flush();
    for (auto &c : cores)
        c->power_off();
    reset_devices();
    // The FVP power controller reports the last power-on's reason: a system reset
    // (PSYSR.WK = 1) rather than the cold power-on of the first boot.
    if (pwrc) pwrc->reset(fvp_pwrc::WKUP_RESET);
    if (ctrl->mem_protect_enabled()) {
        // MEM_PROTECT (DEN 0022 §5.1.20): RAM is overwritten on the next cold boot.
        std::memset(ram->host_ptr(), 0, ram_win.size);
        a64_system_code_written(sys, ram_win.base, ram_win.size);
        // The fvp machine's DRAM2 likewise.
        for (const machine_device &di : devices)
            for (const mmio_window &w : memory_map(*machine, cfg))
                if (di.desc == w.device && w.device->model == std::string(model_names::ram) &&
                    w.base != ram_win.base) {
                    std::memset(di.as<memory>().host_ptr(), 0, w.size);
                    a64_system_code_written(sys, w.base, w.size);
                }
    }
    load_image();
    // The report covers the whole run: hand over this boot's calls and keep its
    // PSCI statistics before the controller and the library return to cold boot.
    for (const auto &c : ctrl->calls())
        log_call(c);
    if (fw_calls) fw_calls->flush();
    nlohmann::ordered_json st = psci_stats_json();
    for (const auto &n : st)
        for (const char *k : {"retention", "off"})
            if (n.contains(k)) {
                auto &acc = stats_before_reset[n["node"].get<std::string>() + "/" + k];
                acc.first += n[k]["count"].get<uint64_t>();
                acc.second += n[k]["residency_us"].get<uint64_t>();
            }
    ctrl->system_reset_done();
    for (auto &c : cores)
        c->reset_stats();
    rec->note_system_reset(now_ns());
    boot();
}

// Every device of the table, in table order (the reset fan-out).
void sim_system::impl::reset_devices()
{
    for (machine_device &d : devices)
        d.reset();
}

void sim_system::reset_devices()
{
    m->reset_devices();
}

const machine_desc &sim_system::machine() const
{
    return *m->machine;
}

router &sim_system::bus()
{
    return *m->bus;
}

const std::vector<machine_device> &sim_system::devices() const
{
    return m->devices;
}

const std::vector<uint8_t> &sim_system::dtb() const
{
    return m->dtb;
}

// The PSCI library's statistics per power-domain node and state: `count` and
// `residency_us` are exactly what PSCI_STAT_COUNT / PSCI_STAT_RESIDENCY would return
// at the end of the run (completed stays, DEN 0022 §5.1.16-17); `residency_ongoing_us`
// adds a stay still in progress.
nlohmann::ordered_json sim_system::impl::psci_stats_json() const
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    const psci *p = ctrl->library();
    auto node = [&](const std::string &name, unsigned core, unsigned level) {
        nlohmann::ordered_json n;
        n["node"] = name;
        for (psci_local_state_t st : {PSCI_LOCAL_RET, PSCI_LOCAL_OFF}) {
            psci_node_stats done{}, ongoing{};
            if (!psci_get_node_stats(p, core, level, st, false, &done) ||
                !psci_get_node_stats(p, core, level, st, true, &ongoing))
                continue;
            const char *k = st == PSCI_LOCAL_RET ? "retention" : "off";
            std::pair<uint64_t, uint64_t> before{0, 0};
            auto it = stats_before_reset.find(name + "/" + k);
            if (it != stats_before_reset.end()) before = it->second;
            n[k] = {{"count", done.count + before.first},
                    {"residency_us", done.residency_us + before.second},
                    {"residency_ongoing_us", ongoing.residency_us + before.second}};
        }
        out.push_back(n);
    };
    node("system", 0, PSCI_LEVEL_SYSTEM);
    unsigned first = 0;
    for (unsigned c = 0; c < cfg.clusters.size(); ++c) {
        node("cluster" + std::to_string(c), first, PSCI_LEVEL_CLUSTER);
        for (unsigned k = 0; k < cfg.clusters[c].cores; ++k)
            node("cluster" + std::to_string(c) + ".core" + std::to_string(k), first + k,
                 PSCI_LEVEL_CORE);
        first += cfg.clusters[c].cores;
    }
    return out;
}

// A call whose latency the controller would still fill in: a CPU_OFF not yet settled,
// a suspend not yet woken (and not abandoned), a successful CPU_ON whose target has
// not started.
bool sim_system::impl::latency_pending(const psci_call_log_entry &c)
{
    switch (c.action) {
    case PSCI_ACTION_CPU_OFF: return c.entry_latency_ps < 0;
    case PSCI_ACTION_SUSPEND_STANDBY:
    case PSCI_ACTION_SUSPEND_POWERDOWN: return !c.abandoned && c.exit_latency_ps < 0;
    case PSCI_ACTION_RETURN:
        return (c.function_id & 0xBFFFFFFFu) == PSCI_0_2_FN_CPU_ON &&
               c.result == PSCI_RET_SUCCESS && c.exit_latency_ps < 0;
    default: return false;
    }
}

void sim_system::impl::log_call(const psci_call_log_entry &c)
{
    pscisim::psci_call_record r;
    r.time_ns = time_to_ps(c.time) / 1000;
    r.mpidr = cores[c.core]->mpidr();
    r.function_id = c.function_id;
    r.args = {c.args[0], c.args[1], c.args[2]};
    r.result = c.result;
    if (c.entry_latency_ps >= 0) r.entry_latency_ns = (uint64_t)c.entry_latency_ps / 1000;
    if (c.exit_latency_ps >= 0) r.exit_latency_ns = (uint64_t)c.exit_latency_ps / 1000;
    if (report_out.is_open())
        rec->log_psci_call(r);
    else
        rec->count_psci_call(r);
}

void sim_system::impl::log_record(const psci_call_record &r)
{
    if (report_out.is_open())
        rec->log_psci_call(r);
    else
        rec->count_psci_call(r);
}

// Firmware mode: every SMC taken to EL3 from Non-secure state (SCR_EL3.NS = 1 when
// it is taken) opens a call record; the ERET from EL3 with SCR_EL3.NS = 1 closes it;
// the power controller's sequencer gives the low-power entry and exit points.
void sim_system::impl::watch_firmware_calls()
{
    fw_calls = std::make_unique<fw_call_tracker>(
        unsigned(cores.size()), [this](const psci_call_record &r) { log_record(r); });
    for (unsigned i = 0; i < cores.size(); ++i)
        cores[i]->on_el_change = [this, i](unsigned from, unsigned to, bool eret, uint32_t ec,
                                           const sc_time &at) {
            if (done) return;
            a64_core *k = cores[i]->iss();
            uint64_t scr = 0;
            a64_sysreg_get(k, A64_SYSREG(3, 6, 1, 1, 0), &scr); // SCR_EL3
            if (!(scr & 1)) return;                             // NS: Non-secure
            const a64_state *st = a64_core_state(k);
            uint64_t t = time_to_ps(at) / 1000;
            constexpr uint32_t ec_smc64 = 0x17; // Arm ARM D17.2.37 ESR_ELx.EC
            if (!eret && to == 3 && from < 3 && ec == ec_smc64)
                fw_calls->smc(i, cores[i]->mpidr(), t, st->x[0], st->x[1], st->x[2], st->x[3]);
            else if (eret && from == 3 && to < 3)
                fw_calls->eret_to_ns(i, t, st->x[0]);
        };
}

void sim_system::impl::write_reports(double host_seconds)
{
    for (unsigned i = 0; i < cores.size(); ++i)
        rec->set_instructions(cluster_of[i], core_in_cluster[i],
                              a64_core_instructions(cores[i]->iss()));
    for (const auto &c : ctrl->calls())
        log_call(c);
    if (fw_calls) fw_calls->flush();
    // Each output is finished on its own: one that fails does not cost the others.
    rec->finish(now_ns(), exit, host_seconds);
    if (!cfg.timeline_path.empty() && !rec->timeline_written())
        output_failed(cfg.timeline_path, "timeline");
    if (report_out.is_open()) {
        nlohmann::ordered_json extra;
        extra["psci_stats"] = psci_stats_json();
        // Calls leave the controller for the report after psci_log_window later calls;
        // a latency that completes after that is not recorded (counted here).
        extra["psci_log"] = {{"latency_window_calls", psci_log_window},
                             {"latencies_lost", latencies_lost}};
        rec->finish_report_stream(extra);
        report_out.close();
        if (!report_out) output_failed(cfg.report_path, "report");
    }
    if (vcd_out.is_open()) {
        vcd_out.flush();
        bool ok = static_cast<bool>(vcd_out);
        vcd_out.close();
        if (!ok || !vcd_out) output_failed(cfg.vcd_path, "VCD waveform");
    }
    // Characters still in a UART's transmit FIFO when the run ends (a guest that calls
    // SYSTEM_OFF right after its last write) reach the console rather than vanish.
    for (machine_device &di : devices)
        if (auto *uart = dynamic_cast<pl011 *>(di.module.get())) uart->flush();
    console->flush();
    check_console();
    if (!cfg.quiet) std::cerr << rec->summary_text();
}

int sim_system::run()
{
    g_active = m.get();
    g_interrupt = 0;
    cpu_core::set_quantum_hook(&impl::quantum_hook);
    m->progress = std::make_unique<progress_line>(
        std::cerr, !m->cfg.quiet && progress_line::stderr_is_terminal(), &host_now);
    m->host_start = host_now();
    m->boot();
    if (m->gdb && m->gdb_wait) m->gdb->wait_for_debugger();
    // Starvation ends sc_start() before the limit: nothing can happen any more, with or
    // without --max-time, which is a deadlock.
    uint64_t limit = m->cfg.max_time_ns ? *m->cfg.max_time_ns : max_sim_time_ns;
    sc_core::sc_start(ns_time(limit), sc_core::SC_EXIT_ON_STARVATION);
    // Returned early with activity pending at the limit itself: run up to it (events
    // at the limit are not processed, as with sc_start(limit) alone).
    if (!m->done && !g_interrupt && sc_core::sc_pending_activity() && now_ns() < limit)
        sc_core::sc_start(ns_time(limit) - sc_time_stamp());
    m->console->flush();
    m->progress->finish();
    if (!m->done) {
        if (g_interrupt) {
            m->interrupted();
        } else if (sc_core::sc_pending_activity() && m->cfg.max_time_ns) {
            m->finish(exit_max_time, "max_time", "--max-time reached");
        } else if (sc_core::sc_pending_activity()) {
            m->finish(exit_max_time, "time_limit",
                      "simulated time limit reached (" + format_time_ns(max_sim_time_ns) + ")");
        } else {
            m->finish(exit_guest_error, "deadlock",
                      "no core can run and no event is pending: every core is off or waits "
                      "for an interrupt that cannot come");
        }
    }
    if (m->gdb) m->gdb->simulation_ended(m->exit.status);
    double host = host_now() - m->host_start;
    if (m->exit.reason == "guest_fatal" || m->exit.reason == "deadlock" ||
        m->exit.reason == "time_limit")
        std::cerr << "pscisim: " << one_line(m->exit.message) << "\n";
    m->write_reports(host);
    if (m->output_error && m->exit.status == exit_ok) return exit_output_error;
    return m->exit.status;
}

} // namespace pscisim
