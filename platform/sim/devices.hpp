// A machine table row made real: the row's model is created through the device
// registry (models/common/device.h; each model registers its own factory), with the
// row's clock, its resolved window sizes and the configuration.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "machine/machine.hpp"
#include "pscisim/console.h"
#include "pscisim/device.h"

namespace pscisim
{

struct machine_device : device_instance {
    const device_desc *desc = nullptr;
};

// What the machine offers its devices beyond their rows: the system reset and
// shutdown requests and the host's input for the console UART.
struct machine_services {
    std::function<void(const std::string &source)> request_reset;
    std::function<void(const std::string &source)> request_shutdown;
    std::function<int()> console_input; // empty: no --uart-input
};

// Throws std::logic_error when no model of that name is registered or when the
// model's windows and SPI outputs do not match the row (a table error).
machine_device make_device(const device_desc &d, const sim_config &cfg,
                           const std::vector<uint64_t> &mpidrs, console_if &console,
                           const machine_services &services);

} // namespace pscisim
