// Device models by name, as a machine table names them (VCML's model factory,
// QEMU's qdev type registry): each model registers one factory with
// PSCISIM_DEVICE_MODEL in its own source file; the system builder creates a table
// row's model through the registry and wires what the factory exposes generically:
// one target socket per MMIO window, one interrupt output per SPI, and reset().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "pscisim/console.h"
#include "pscisim/irq.h"

namespace pscisim
{

// What a factory gets from the machine table row and the configuration.
struct device_params {
    std::string name;                   // instance name
    uint64_t clock_hz = 0;              // the row's input clock (0: none)
    std::vector<uint64_t> window_sizes; // bytes of each MMIO window, resolved
    std::vector<uint64_t> mpidrs;       // every core of the machine, linear order
    uint64_t counter_hz = 0;            // system counter frequency (CNTFRQ_EL0)
    console_if *console = nullptr;      // where console devices write
    // The console row's receive line: the next character the host sends (or
    // pl011::input_none / input_eof), one per input_interval of simulated time;
    // empty for other rows and when there is no input.
    std::function<int()> console_input;
    sc_core::sc_time input_interval;
    uint32_t rtc_epoch = 0; // wall-clock seconds since 1970 at power-on (RTCs)
    // Requests a device makes of the whole machine (QEMU's system reset and shutdown
    // requests): a watchdog's reset output, a board controller's reboot or shutdown
    // function. `source` names the device and the cause for the run's exit record.
    // Empty when the device is used outside a machine (unit tests).
    std::function<void(const std::string &source)> request_reset;
    std::function<void(const std::string &source)> request_shutdown;
};

// How a memory filter (Secure-only memory, a TZC-400) answers one access: the
// memory sees it; refused with an OKAY response (reads return zero, writes are
// dropped); refused with an error response (the core takes an External abort).
enum class filter_verdict { allow, raz_wi, error };

// A filter a device applies to memory the cores reach through a host pointer
// (the machine table names which memory, device_desc::filtered_by). The answer
// depends on the bus address, the physical address space and the direction, is
// the same for a whole 4 KiB page, and changes only when the device calls the
// function given to on_change (reprogramming). probe: no access is made (the
// core asks ahead), so the check has no side effects (no failure is recorded).
struct memory_filter {
    std::function<filter_verdict(uint64_t addr, bool ns, bool write, bool probe)> check;
    std::function<void(std::function<void()> changed)> on_change;
};

// One instantiated device.
struct device_instance {
    std::unique_ptr<sc_core::sc_module> module;
    std::vector<tlm::tlm_target_socket<> *> windows; // one per MMIO window of the row
    std::vector<irq_line *> spis;                    // one per SPI of the row, in order
    std::function<void()> reset;                     // back to the reset state
    memory_filter filter;                            // empty check: filters nothing

    template <class T> T &as() const { return dynamic_cast<T &>(*module); }
};

using device_factory = device_instance (*)(const device_params &);

class device_registry
{
  public:
    // Returns true (for the static registration below); a second model with the
    // same name is a programming error (std::logic_error).
    static bool add(const std::string &model, device_factory f);
    // nullptr for an unknown model name.
    static device_factory find(const std::string &model);
    static std::vector<std::string> names();
};

// In a model's source file: PSCISIM_DEVICE_MODEL(pl011, "pl011") { ...return i; }
// defines the factory `make_<id>(const device_params &p)` and registers it.
#define PSCISIM_DEVICE_MODEL(id, model)                                                            \
    static ::pscisim::device_instance make_##id(const ::pscisim::device_params &);                 \
    [[maybe_unused]] static const bool registered_##id =                                           \
        ::pscisim::device_registry::add(model, &make_##id);                                        \
    static ::pscisim::device_instance make_##id(const ::pscisim::device_params &p)

} // namespace pscisim
