#include "sim/devices.hpp"

#include "sim/uart_input.hpp"

#include <stdexcept>
#include <string>

namespace pscisim
{

machine_device make_device(const device_desc &d, const sim_config &cfg,
                           const std::vector<uint64_t> &mpidrs, console_if &console,
                           const machine_services &services)
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
    p.rtc_epoch = cfg.rtc_epoch;
    p.request_reset = services.request_reset;
    p.request_shutdown = services.request_shutdown;
    if (d.console) {
        p.console_input = services.console_input;
        p.input_interval = sc_core::sc_time(double(uart_input_interval_ns), sc_core::SC_NS);
    }
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
