// "sram": on-chip or secure memory (the FVP's Trusted SRAM and Trusted DRAM) as a
// plain memory model of the row's fixed size. A model name of its own so that the
// device tree lists it as an "mmio-sram" node rather than as system memory, and
// so that RAM sizing (--ram) applies only to the "ram" row.
#include "pscisim/device.h"
#include "pscisim/memory.h"

namespace pscisim
{

PSCISIM_DEVICE_MODEL(sram, "sram")
{
    device_instance i;
    auto m = std::make_unique<memory>(p.name.c_str(), p.window_sizes.at(0));
    i.windows = {&m->in};
    // Static RAM keeps its contents over a system reset, as the RAM rows do.
    i.reset = [] {};
    i.module = std::move(m);
    return i;
}

} // namespace pscisim
