#include "loader/fdt_builder.hpp"

extern "C" {
#include <libfdt.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace pscisim
{
namespace
{

// PSCI function IDs for the legacy per-function properties (DEN 0022 §5.1; the
// psci binding requires cpu_on/cpu_off when "arm,psci" is listed).
constexpr uint32_t fid_cpu_suspend64 = 0xC4000001;
constexpr uint32_t fid_cpu_off = 0x84000002;
constexpr uint32_t fid_cpu_on64 = 0xC4000003;
constexpr uint32_t fid_migrate64 = 0xC4000005;

// GIC interrupt specifier (arm,gic-v3 binding): type 0 SPI, 1 PPI; flags 4 level-high.
constexpr uint32_t gic_spi = 0, gic_ppi = 1, irq_level_high = 4;

class writer
{
  public:
    explicit writer(size_t cap) : buf_(cap)
    {
        check(fdt_create(buf_.data(), static_cast<int>(cap)), "create");
    }
    void check(int err, const char *what)
    {
        if (err < 0)
            throw std::runtime_error(std::string("device tree: ") + what + ": " +
                                     fdt_strerror(err));
    }
    void begin(const std::string &name)
    {
        check(fdt_begin_node(buf_.data(), name.c_str()), name.c_str());
    }
    void end() { check(fdt_end_node(buf_.data()), "end node"); }
    void u32(const char *p, uint32_t v) { check(fdt_property_u32(buf_.data(), p, v), p); }
    void cells(const char *p, const std::vector<uint32_t> &v)
    {
        std::vector<fdt32_t> be;
        for (uint32_t x : v)
            be.push_back(cpu_to_fdt32(x));
        check(fdt_property(buf_.data(), p, be.data(), static_cast<int>(be.size() * 4)), p);
    }
    void str(const char *p, const std::string &s)
    {
        check(fdt_property_string(buf_.data(), p, s.c_str()), p);
    }
    void strs(const char *p, const std::vector<std::string> &v)
    {
        std::string all;
        for (const auto &s : v) {
            all += s;
            all.push_back('\0');
        }
        check(fdt_property(buf_.data(), p, all.data(), static_cast<int>(all.size())), p);
    }
    void empty(const char *p) { check(fdt_property(buf_.data(), p, nullptr, 0), p); }
    std::vector<uint8_t> &buf() { return buf_; }

  private:
    std::vector<uint8_t> buf_;
};

std::string unit(const std::string &name, uint64_t addr)
{
    char b[32];
    std::snprintf(b, sizeof b, "@%llx", static_cast<unsigned long long>(addr));
    return name + b;
}

uint32_t hi(uint64_t v)
{
    return static_cast<uint32_t>(v >> 32);
}
uint32_t lo(uint64_t v)
{
    return static_cast<uint32_t>(v);
}

// idle-states binding properties are whole microseconds: round up, they are worst cases.
uint32_t us_ceil(uint64_t ns)
{
    return static_cast<uint32_t>((ns + 999) / 1000);
}

struct idle_state {
    std::string node;
    std::string desc;
    power_level level;
    local_state state;
    uint32_t phandle;
};

std::vector<idle_state> idle_states(const sim_config &cfg)
{
    // Shallowest first (cpu-idle-states order); system level is not a CPU idle state.
    static const struct {
        power_level l;
        local_state s;
        const char *node, *desc;
    } order[] = {
        {power_level::core, local_state::retention, "cpu-retention", "core retention"},
        {power_level::core, local_state::off, "cpu-off", "core power-down"},
        {power_level::cluster, local_state::retention, "cluster-retention", "cluster retention"},
        {power_level::cluster, local_state::off, "cluster-off", "cluster power-down"},
    };
    std::vector<idle_state> out;
    for (const auto &o : order)
        if (cfg.latencies.at(o.l, o.s))
            out.push_back({o.node, o.desc, o.l, o.s,
                           dt_phandle_idle_base + static_cast<uint32_t>(out.size())});
    return out;
}

// In OS-initiated mode Linux (cpuidle-psci, 6.12) passes a selected domain state's
// parameter to CPU_SUSPEND as it is, without the CPU's own parameter (the CPU's state is
// used only when no domain state was selected), so a cluster domain state is the whole
// composite: the core off (it reaches domain states only through its power-down state),
// the cluster nibble, "last at level" 1 (bits [15:12], DEN 0022 6.5 recommended
// encoding), power-down StateType and, in the original format, PowerLevel 1. A parameter
// without the core nibble is INVALID_PARAMETERS (the core would stay running).
uint32_t osi_domain_param(power_state_format fmt, local_state state)
{
    uint32_t id =
        (static_cast<uint32_t>(state) << 4) | (1u << 12) | static_cast<uint32_t>(local_state::off);
    if (fmt == power_state_format::original) return id | (1u << 16) | (1u << 24);
    return id | (1u << 30);
}

std::vector<std::string> strings(const std::vector<const char *> &v)
{
    return std::vector<std::string>(v.begin(), v.end());
}

std::vector<uint32_t> reg_cells(const device_desc &d, const sim_config &cfg)
{
    std::vector<uint32_t> reg;
    for (const region_desc &r : d.regions) {
        uint64_t size = region_size(r, cfg);
        reg.insert(reg.end(), {hi(r.base), lo(r.base), hi(size), lo(size)});
    }
    return reg;
}

// A device node from its table row (compatible, reg, interrupts, clocks, boolean
// properties). Interrupts are level-high (every modelled line is a level).
void write_device(writer &w, const device_desc &d, const sim_config &cfg, uint32_t clock_phandle)
{
    w.begin(d.regions.empty() ? std::string(d.dt.node) : unit(d.dt.node, d.regions[0].base));
    w.strs("compatible", strings(d.dt.compatible));
    if (!d.regions.empty()) w.cells("reg", reg_cells(d, cfg));
    if (!d.irqs.empty()) {
        std::vector<uint32_t> irq;
        for (const irq_desc &i : d.irqs)
            irq.insert(irq.end(),
                       {i.type == irq_desc::kind::spi ? gic_spi : gic_ppi, i.num, irq_level_high});
        w.cells("interrupts", irq);
    }
    if (d.clock && !d.dt.clock_names.empty()) {
        w.cells("clocks", std::vector<uint32_t>(d.dt.clock_names.size(), clock_phandle));
        w.strs("clock-names", strings(d.dt.clock_names));
    }
    for (const char *p : d.dt.empty_props)
        w.empty(p);
    w.end();
}

// The interrupt controller (arm,gic-v3 binding): distributor, then one
// redistributor region covering every core.
void write_gicv3(writer &w, const device_desc &d, const sim_config &cfg)
{
    w.begin(unit(d.dt.node, d.regions.at(0).base));
    w.strs("compatible", strings(d.dt.compatible));
    w.u32("#interrupt-cells", 3);
    w.empty("interrupt-controller");
    w.u32("#redistributor-regions", static_cast<uint32_t>(d.regions.size() - 1));
    // No ITS child, but dtc's interrupt_provider check (and QEMU virt) want the cells.
    w.u32("#address-cells", 2);
    w.u32("#size-cells", 2);
    w.empty("ranges");
    w.cells("reg", reg_cells(d, cfg));
    // The row's interrupt is the virtual CPU interface's maintenance interrupt (PPI 9
    // = INTID 25, which KVM requests): only when the cores have EL2, as QEMU virt has
    // it only with virtualization=on.
    if (cfg.boot_el != 1 && !d.irqs.empty()) {
        std::vector<uint32_t> irq;
        for (const irq_desc &i : d.irqs)
            irq.insert(irq.end(),
                       {i.type == irq_desc::kind::spi ? gic_spi : gic_ppi, i.num, irq_level_high});
        w.cells("interrupts", irq);
    }
    w.u32("phandle", dt_phandle_gic);
    w.end();
}

} // namespace

std::vector<uint8_t> build_dtb(const machine_desc &m, const sim_config &cfg, const dt_options &opts)
{
    const bool hierarchical = cfg.osi;
    std::vector<idle_state> cpu_states, domain_states;
    for (const auto &s : idle_states(cfg))
        (hierarchical && s.level != power_level::core ? domain_states : cpu_states).push_back(s);
    std::vector<uint32_t> idle_refs, domain_refs;
    for (const auto &s : cpu_states)
        idle_refs.push_back(s.phandle);
    for (const auto &s : domain_states)
        domain_refs.push_back(s.phandle);

    writer w(64 * 1024 + 1024 * cfg.total_cores());
    w.check(fdt_finish_reservemap(w.buf().data()), "reservemap");
    w.begin("");
    w.strs("compatible", strings(m.dt_compatible));
    w.str("model", m.dt_model);
    w.u32("#address-cells", 2);
    w.u32("#size-cells", 2);
    w.u32("interrupt-parent", dt_phandle_gic);

    w.begin("chosen");
    for (const device_desc &d : m.devices)
        if (d.console && !d.regions.empty()) {
            w.str("stdout-path", "/" + unit(d.dt.node, d.regions[0].base));
            break;
        }
    if (!opts.bootargs.empty()) w.str("bootargs", opts.bootargs);
    w.end();

    for (const device_desc &d : m.devices)
        if (d.model == std::string(model_names::ram))
            for (const region_desc &r : d.regions) {
                uint64_t size = region_size(r, cfg);
                if (!size) continue; // DRAM2 with no RAM beyond DRAM1
                w.begin(unit(d.dt.node, r.base));
                w.str("device_type", "memory");
                w.cells("reg", {hi(r.base), lo(r.base), hi(size), lo(size)});
                w.end();
            }

    // /psci (Documentation/devicetree/bindings/arm/psci.yaml).
    w.begin("psci");
    if (cfg.psci_version.major == 0)
        w.strs("compatible", {"arm,psci-0.2", "arm,psci"});
    else
        w.strs("compatible", {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"});
    w.str("method", to_string(cfg.conduit));
    w.u32("cpu_suspend", fid_cpu_suspend64);
    w.u32("cpu_off", fid_cpu_off);
    w.u32("cpu_on", fid_cpu_on64);
    w.u32("migrate", fid_migrate64);
    if (hierarchical) {
        // OS-initiated mode: Linux drives the cluster level through genpd, from this
        // hierarchy (psci.yaml "power-domain-*" subnodes, DEN 0022 §4.5).
        unsigned lin = 0;
        for (unsigned c = 0; c < cfg.clusters.size(); ++c)
            for (unsigned k = 0; k < cfg.clusters[c].cores; ++k, ++lin) {
                w.begin("power-domain-cpu" + std::to_string(lin));
                w.u32("#power-domain-cells", 0);
                w.u32("power-domains", dt_phandle_cluster_pd_base + c);
                w.u32("phandle", dt_phandle_cpu_pd_base + lin);
                w.end();
            }
        for (unsigned c = 0; c < cfg.clusters.size(); ++c) {
            w.begin("power-domain-cluster" + std::to_string(c));
            w.u32("#power-domain-cells", 0);
            if (!domain_refs.empty()) w.cells("domain-idle-states", domain_refs);
            w.u32("phandle", dt_phandle_cluster_pd_base + c);
            w.end();
        }
    }
    w.end();

    // /cpus: reg = MPIDR affinity (Aff1.Aff0) as passed to CPU_ON (bit 31 is not part of it).
    w.begin("cpus");
    w.u32("#address-cells", 1);
    w.u32("#size-cells", 0);
    unsigned linear = 0;
    for (unsigned c = 0; c < cfg.clusters.size(); ++c)
        for (unsigned k = 0; k < cfg.clusters[c].cores; ++k, ++linear) {
            uint32_t reg = static_cast<uint32_t>(sim_config::mpidr(c, k) & 0xFFFFFF);
            w.begin(unit("cpu", reg));
            w.str("device_type", "cpu");
            w.strs("compatible", {cfg.clusters[c].cpu, "arm,armv8"});
            w.u32("reg", reg);
            w.str("enable-method", "psci");
            if (!idle_refs.empty()) w.cells("cpu-idle-states", idle_refs);
            if (hierarchical) {
                w.u32("power-domains", dt_phandle_cpu_pd_base + linear);
                w.str("power-domain-names", "psci");
            }
            w.u32("phandle", dt_phandle_cpu_base + linear);
            w.end();
        }
    // Topology for the OS scheduler (Documentation/devicetree/bindings/cpu/cpu-topology.txt).
    w.begin("cpu-map");
    linear = 0;
    for (unsigned c = 0; c < cfg.clusters.size(); ++c) {
        w.begin("cluster" + std::to_string(c));
        for (unsigned k = 0; k < cfg.clusters[c].cores; ++k, ++linear) {
            w.begin("core" + std::to_string(k));
            w.u32("cpu", dt_phandle_cpu_base + linear);
            w.end();
        }
        w.end();
    }
    w.end();
    auto write_state = [&](const idle_state &s, bool domain) {
        const state_latency &l = *cfg.latencies.at(s.level, s.state);
        w.begin(s.node);
        w.str("compatible", domain ? "domain-idle-state" : "arm,idle-state");
        w.str("idle-state-name", s.desc);
        w.u32("arm,psci-suspend-param", domain
                                            ? osi_domain_param(cfg.state_format, s.state)
                                            : psci_power_state(cfg.state_format, s.level, s.state));
        w.u32("entry-latency-us", us_ceil(l.entry_ns));
        w.u32("exit-latency-us", us_ceil(l.exit_ns));
        w.u32("min-residency-us", us_ceil(l.min_residency_ns));
        // No "local-timer-stop" on any state: the modelled per-core timers are in
        // the always-on domain and keep running (and can wake the core) through
        // every idle state; see the /timer node.
        w.u32("phandle", s.phandle);
        w.end();
    };
    if (!cpu_states.empty()) {
        // Documentation/devicetree/bindings/cpu/idle-states.yaml; WFI is implicit.
        w.begin("idle-states");
        w.str("entry-method", "psci");
        for (const auto &s : cpu_states)
            write_state(s, false);
        w.end();
    }
    if (!domain_states.empty()) {
        // Documentation/devicetree/bindings/power/domain-idle-state.yaml
        w.begin("domain-idle-states");
        for (const auto &s : domain_states)
            write_state(s, true);
        w.end();
    }
    w.end(); // cpus

    if (m.pmu_ppi) {
        // Documentation/devicetree/bindings/arm/pmu.yaml; with GICv3 a PPI specifier
        // carries no CPU mask.
        w.begin("pmu");
        w.str("compatible", "arm,armv8-pmuv3");
        w.cells("interrupts", {gic_ppi, m.pmu_ppi, irq_level_high});
        w.end();
    }

    // The devices of the machine, in table order; a fixed clock just before the first
    // device it feeds.
    std::vector<const clock_desc *> clocks;
    for (const device_desc &d : m.devices) {
        if (d.model == std::string(model_names::ram) || !device_present(d, cfg)) continue;
        uint32_t clock_phandle = 0;
        if (d.clock) {
            auto it = std::find(clocks.begin(), clocks.end(), d.clock);
            clock_phandle = dt_phandle_clock_base + static_cast<uint32_t>(it - clocks.begin());
            if (it == clocks.end()) {
                clocks.push_back(d.clock);
                w.begin(d.clock->node);
                w.str("compatible", "fixed-clock");
                w.u32("#clock-cells", 0);
                w.u32("clock-frequency", static_cast<uint32_t>(d.clock->hz));
                w.str("clock-output-names", d.clock->output_name);
                w.u32("phandle", clock_phandle);
                w.end();
            }
        }
        if (d.model == std::string(model_names::gicv3) ||
            d.model == std::string(model_names::gicv3_secure))
            write_gicv3(w, d, cfg);
        else
            write_device(w, d, cfg, clock_phandle);
    }

    w.end(); // root
    w.check(fdt_finish(w.buf().data()), "finish");
    w.check(fdt_pack(w.buf().data()), "pack");
    std::vector<uint8_t> out = w.buf();
    out.resize(fdt_totalsize(out.data()));
    return out;
}

} // namespace pscisim

namespace pscisim
{

std::vector<uint8_t> build_dtb(const sim_config &cfg, const dt_options &opts)
{
    return build_dtb(machine_virt(), cfg, opts);
}

} // namespace pscisim
