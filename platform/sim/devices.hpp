// The models behind the machine table's rows: one factory per model name
// (platform/machine/machine.hpp). A factory builds the SystemC model and exposes
// what the system builder wires generically: one target socket per MMIO window,
// one interrupt output per SPI of the row, and the model's reset.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "config/config.hpp"
#include "machine/machine.hpp"
#include "pscisim/console.h"
#include "pscisim/irq.h"

namespace pscisim
{

// What a factory may need from the system being built.
struct device_context {
    const sim_config &cfg;
    const std::vector<uint64_t> &mpidrs; // every core, linear order
    console_if &console;
};

struct device_instance {
    const device_desc *desc = nullptr;
    std::unique_ptr<sc_core::sc_module> module;
    std::vector<tlm::tlm_target_socket<> *> windows; // one per desc->regions entry
    std::vector<irq_line *> spis;                    // one per SPI of desc->irqs, in table order
    std::function<void()> reset; // back to the model's reset state (system reset)

    template <class T> T &as() const { return dynamic_cast<T &>(*module); }
};

// Throws std::logic_error for a model name without a factory (a table error).
device_instance make_device(const device_desc &d, const device_context &ctx);

} // namespace pscisim
