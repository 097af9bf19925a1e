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
    case size_rule::ram_size: return cfg.ram_size;
    case size_rule::per_core: return r.size * cfg.total_cores();
    }
    return 0;
}

std::vector<mmio_window> memory_map(const machine_desc &m, const sim_config &cfg)
{
    std::vector<mmio_window> out;
    for (const device_desc &d : m.devices)
        for (unsigned i = 0; i < d.regions.size(); ++i)
            out.push_back(
                {&d, i, d.regions[i].name, d.regions[i].base, region_size(d.regions[i], cfg)});
    return out;
}

mmio_window ram_window(const machine_desc &m, const sim_config &cfg)
{
    const device_desc &d = device_of(m, model_names::ram);
    const region_desc &r = d.regions.at(0);
    if (r.rule == size_rule::ram_size && r.size && cfg.ram_size > r.size)
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
        if (d.regions.empty())
            s += std::string("| ") + d.name + " | " + d.model +
                 " | - | - | - (system registers) | " + irqs + " |\n";
        for (const region_desc &r : d.regions) {
            std::string size = r.rule == size_rule::ram_size
                                   ? (r.size ? "configured RAM size, at most " + bytes(r.size)
                                             : std::string("configured RAM size"))
                               : r.rule == size_rule::per_core ? bytes(r.size) + " per core"
                                                               : bytes(r.size);
            s += std::string("| ") + d.name + " | " + d.model + " | " + r.name + " | " +
                 hex(r.base) + " | " + size + " | " + irqs + " |\n";
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
