#include "machine/machine.hpp"

#include "config/config.hpp"
#include "config/errors.hpp"

#include <cstdio>
#include <stdexcept>

namespace pscisim
{

namespace
{
const machine_desc *const machines[] = {&machine_virt(), &machine_fvp()};
} // namespace

const machine_desc *find_machine(const std::string &name)
{
    for (const machine_desc *m : machines)
        if (name == m->name) return m;
    return nullptr;
}

std::vector<std::string> uart_names(const machine_desc &m)
{
    std::vector<std::string> out;
    for (const device_desc &d : m.devices)
        if (d.model == std::string("pl011")) out.emplace_back(d.name);
    return out;
}

void check_uart_files(const machine_desc &m, const std::vector<std::string> &names)
{
    std::vector<std::string> uarts = uart_names(m);
    std::string list;
    for (const std::string &n : uarts)
        list += (list.empty() ? "" : ", ") + n;
    for (size_t i = 0; i < names.size(); ++i) {
        bool known = false;
        for (const std::string &u : uarts)
            known |= u == names[i];
        if (!known)
            throw usage_error("--uart-file: the " + std::string(m.name) + " machine has no UART '" +
                              names[i] + "' (expected " + list + ")");
        for (size_t k = 0; k < i; ++k)
            if (names[k] == names[i])
                throw usage_error("--uart-file: " + names[i] + " is given twice");
    }
}

std::vector<std::string> machine_names()
{
    std::vector<std::string> out;
    for (const machine_desc *m : machines)
        out.push_back(m->name);
    return out;
}

const device_desc &device_of(const machine_desc &m, const std::string &model)
{
    for (const device_desc &d : m.devices)
        if (model == d.model) return d;
    throw std::logic_error(std::string("machine ") + m.name + " has no " + model + " device");
}

const device_desc *find_device(const machine_desc &m, const std::string &name)
{
    for (const device_desc &d : m.devices)
        if (name == d.name) return &d;
    return nullptr;
}

uint64_t region_size(const region_desc &r, const sim_config &cfg)
{
    switch (r.rule) {
    case size_rule::fixed: return r.size;
    case size_rule::ram_size: return r.size && cfg.ram_size > r.size ? r.size : cfg.ram_size;
    case size_rule::ram_above: return cfg.ram_size > r.size ? cfg.ram_size - r.size : 0;
    case size_rule::per_core: return r.size * cfg.total_cores();
    }
    return 0;
}

namespace
{
bool clusters_fit(const device_desc &d, const sim_config &cfg)
{
    size_t n = cfg.clusters.size();
    return (!d.min_clusters || n >= d.min_clusters) && (!d.max_clusters || n <= d.max_clusters);
}
} // namespace

std::vector<mmio_window> memory_map(const machine_desc &m, const sim_config &cfg)
{
    std::vector<mmio_window> out;
    for (const device_desc &d : m.devices)
        for (unsigned i = 0; i < d.regions.size(); ++i) {
            uint64_t size = region_size(d.regions[i], cfg);
            if (clusters_fit(d, cfg) && (size || d.regions[i].rule != size_rule::ram_above))
                out.push_back({&d, i, d.regions[i].name, d.regions[i].base, size});
        }
    return out;
}

bool device_present(const device_desc &d, const sim_config &cfg)
{
    if (!clusters_fit(d, cfg)) return false;
    for (const region_desc &r : d.regions)
        if (r.rule != size_rule::ram_above || region_size(r, cfg)) return true;
    return d.regions.empty();
}

mmio_window ram_window(const machine_desc &m, const sim_config &cfg)
{
    const device_desc &d = device_of(m, model_names::ram);
    const region_desc &r = d.regions.at(0);
    bool spills = false; // a ram_above window takes what the first one cannot hold
    for (const device_desc &o : m.devices)
        for (const region_desc &q : o.regions)
            spills |= q.rule == size_rule::ram_above && q.size == r.size;
    if (r.rule == size_rule::ram_size && r.size && cfg.ram_size > r.size && !spills)
        throw usage_error("machine " + std::string(m.name) + ": RAM size " +
                          std::to_string(cfg.ram_size >> 20) + " MiB exceeds its " + r.name +
                          " window of " + std::to_string(r.size >> 20) + " MiB");
    return {&d, 0, d.regions.at(0).name, d.regions.at(0).base, region_size(d.regions.at(0), cfg)};
}

namespace
{
std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%08llx", static_cast<unsigned long long>(v));
    return b;
}

std::string bytes(uint64_t v)
{
    if (v % (1u << 20) == 0) return std::to_string(v >> 20) + " MiB";
    if (v % (1u << 10) == 0) return std::to_string(v >> 10) + " KiB";
    return std::to_string(v) + " B";
}
} // namespace

std::string memory_map_markdown(const machine_desc &m)
{
    std::string s = "| device | model | window | base | size | interrupts |\n"
                    "| --- | --- | --- | --- | --- | --- |\n";
    for (const device_desc &d : m.devices) {
        std::string irqs;
        for (const irq_desc &i : d.irqs) {
            if (!irqs.empty()) irqs += ", ";
            irqs += (i.type == irq_desc::kind::spi ? "SPI " : "PPI ") + std::to_string(i.num) +
                    " (INTID " + std::to_string(i.num + (i.type == irq_desc::kind::spi ? 32 : 16)) +
                    ")";
        }
        if (irqs.empty()) irqs = "-";
        std::string name = d.name;
        if (d.min_clusters || d.max_clusters)
            name += " (" + std::to_string(d.min_clusters ? d.min_clusters : 1) + "-" +
                    (d.max_clusters ? std::to_string(d.max_clusters) : std::string("")) +
                    " clusters)";
        if (d.regions.empty())
            s += "| " + name + " | " + d.model + " | - | - | - (system registers) | " + irqs +
                 " |\n";
        for (const region_desc &r : d.regions) {
            std::string size = r.rule == size_rule::ram_size
                                   ? (r.size ? "configured RAM size, at most " + bytes(r.size)
                                             : std::string("configured RAM size"))
                               : r.rule == size_rule::ram_above
                                   ? "configured RAM size beyond " + bytes(r.size) + " (if any)"
                               : r.rule == size_rule::per_core ? bytes(r.size) + " per core"
                                                               : bytes(r.size);
            s += "| " + name + " | " + d.model + " | " + r.name + " | " + hex(r.base) + " | " +
                 size + " | " + irqs + " |\n";
        }
    }
    return s;
}

device_desc architected_timer()
{
    return {"timer",
            "generic_timer",
            {},
            {{irq_desc::kind::ppi, 13},
             {irq_desc::kind::ppi, 14},
             {irq_desc::kind::ppi, 11},
             {irq_desc::kind::ppi, 10}},
            nullptr,
            {"timer", {"arm,armv8-timer"}, {}, {"always-on"}}};
}

} // namespace pscisim
