#include "sim/devices.hpp"

#include <map>
#include <stdexcept>

#include "power/power_regs.h"
#include "pscisim/generic_timer.h"
#include "pscisim/gicv3.h"
#include "pscisim/memory.h"
#include "pscisim/pl011.h"

namespace pscisim
{
namespace
{

using factory = void (*)(device_instance &, const device_context &);

// RAM keeps its contents over a system reset (ARCHITECTURE.md "Reset and
// power-off"; the builder restores the loaded image): no reset action.
void make_ram(device_instance &i, const device_context &ctx)
{
    auto m = std::make_unique<memory>(i.desc->name, region_size(i.desc->regions.at(0), ctx.cfg));
    i.windows = {&m->in};
    i.reset = [] {};
    i.module = std::move(m);
}

void make_generic_timer(device_instance &i, const device_context &ctx)
{
    auto t = std::make_unique<generic_timer>(i.desc->name, (unsigned)ctx.mpidrs.size(),
                                             ctx.cfg.timer_frequency_hz);
    generic_timer *p = t.get();
    i.reset = [p] { p->reset(); };
    i.module = std::move(t);
}

void make_gicv3(device_instance &i, const device_context &ctx)
{
    auto g = std::make_unique<gicv3>(i.desc->name, ctx.mpidrs);
    gicv3 *p = g.get();
    i.windows = {&g->dist, &g->redist};
    i.reset = [p] { p->reset(); };
    i.module = std::move(g);
}

void make_pl011(device_instance &i, const device_context &ctx)
{
    if (!i.desc->clock)
        throw std::logic_error(std::string(i.desc->name) + ": PL011 without UARTCLK");
    auto u = std::make_unique<pl011>(i.desc->name, i.desc->clock->hz);
    pl011 *p = u.get();
    console_if *con = &ctx.console;
    u->set_output([con](uint8_t c) { con->put(console_stream::out, (char)c); });
    i.windows = {&u->in};
    i.spis = {&u->irq};
    i.reset = [p] { p->reset(); };
    i.module = std::move(u);
}

void make_power_regs(device_instance &i, const device_context &)
{
    auto r = std::make_unique<power_regs>(i.desc->name);
    power_regs *p = r.get();
    i.windows = {&r->socket};
    i.reset = [p] { p->reset(); };
    i.module = std::move(r);
}

const std::map<std::string, factory> &factories()
{
    static const std::map<std::string, factory> f = {
        {"ram", &make_ram},     {"generic_timer", &make_generic_timer}, {"gicv3", &make_gicv3},
        {"pl011", &make_pl011}, {"power_regs", &make_power_regs},
    };
    return f;
}

} // namespace

device_instance make_device(const device_desc &d, const device_context &ctx)
{
    auto it = factories().find(d.model);
    if (it == factories().end())
        throw std::logic_error(std::string("device ") + d.name + ": no model named " + d.model);
    device_instance i;
    i.desc = &d;
    it->second(i, ctx);
    size_t spis = 0;
    for (const irq_desc &q : d.irqs)
        spis += q.type == irq_desc::kind::spi;
    if (i.windows.size() != d.regions.size() || i.spis.size() != spis)
        throw std::logic_error(std::string("device ") + d.name + ": the " + d.model +
                               " model has " + std::to_string(i.windows.size()) + " windows and " +
                               std::to_string(i.spis.size()) + " SPI outputs, the table row " +
                               std::to_string(d.regions.size()) + " and " + std::to_string(spis));
    return i;
}

} // namespace pscisim
