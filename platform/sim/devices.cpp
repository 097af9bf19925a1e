#include "sim/devices.hpp"

#include <stdexcept>
#include <string>

namespace pscisim
{

machine_device make_device(const device_desc &d, const sim_config &cfg,
                           const std::vector<uint64_t> &mpidrs, console_if &console)
{
    device_factory make = device_registry::find(d.model);
    if (!make)
        throw std::logic_error(std::string("device ") + d.name + ": no model named " + d.model);
    device_params p;
    p.name = d.name;
    p.clock_hz = d.clock ? d.clock->hz : 0;
    for (const region_desc &r : d.regions)
        p.window_sizes.push_back(region_size(r, cfg));
    p.mpidrs = mpidrs;
    p.counter_hz = cfg.timer_frequency_hz;
    p.console = &console;
    machine_device m;
    static_cast<device_instance &>(m) = make(p);
    m.desc = &d;
    size_t spis = 0;
    for (const irq_desc &q : d.irqs)
        spis += q.type == irq_desc::kind::spi;
    if (m.windows.size() != d.regions.size() || m.spis.size() != spis)
        throw std::logic_error(std::string("device ") + d.name + ": the " + d.model +
                               " model has " + std::to_string(m.windows.size()) + " windows and " +
                               std::to_string(m.spis.size()) + " SPI outputs, the table row " +
                               std::to_string(d.regions.size()) + " and " + std::to_string(spis));
    return m;
}

} // namespace pscisim
