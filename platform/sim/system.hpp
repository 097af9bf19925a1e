// The system builder: a resolved configuration -> instantiated and bound models,
// the guest image and device tree in RAM, the boot core released; then the run,
// its end (guest exit, SYSTEM_OFF, fatal error, --max-time, Ctrl-C, starvation)
// and the reports.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "machine/machine.hpp"
#include "pscisim/console.h"

namespace pscisim
{

class router;
struct machine_device;

// Process exit statuses (docs/user-guide.md).
enum exit_status : int {
    exit_ok = 0,
    exit_guest_error = 1,
    exit_usage = 2,
    exit_max_time = 3,
    exit_reset = 4,
    // The run ended with status 0 but an output (report, VCD, timeline, device tree,
    // console) could not be written completely; a non-zero run status wins.
    exit_output_error = 5,
    exit_interrupted = 130, // SIGINT
    exit_terminated = 143,  // SIGTERM
};

class sim_system
{
  public:
    // Elaborates everything; throws usage_error for a bad ELF/configuration.
    explicit sim_system(const sim_config &cfg);
    // The same on another machine table than virt, with the guest's console output
    // (PL011, semihosting) going to `console` (default: stdout/stderr).
    sim_system(const sim_config &cfg, const machine_desc &machine,
               console_if &console = stdio_console::instance());
    ~sim_system();
    sim_system(const sim_system &) = delete;
    sim_system &operator=(const sim_system &) = delete;

    // --gdb PORT [--gdb-wait]: a GDB remote stub on 127.0.0.1 (platform/gdb).
    // Throws usage_error if the port cannot be opened.
    void enable_gdb(unsigned port, bool wait);

    // Runs to the end and writes the reports; returns the process exit status.
    int run();

    // Every device of the machine back to its reset state, as SYSTEM_RESET does.
    void reset_devices();

    // What was built, for tests and tools: the machine table, the bus (initiators
    // may still be bound to bus().in during elaboration), the devices in table
    // order, the device tree blob the guest gets.
    const machine_desc &machine() const;
    router &bus();
    const std::vector<machine_device> &devices() const;
    const std::vector<uint8_t> &dtb() const;

    // Asynchronous stop request (SIGINT/SIGTERM handler): async-signal-safe. The run
    // stops at the next quantum and writes every report.
    static void request_interrupt(int signal_number = 2);

    struct impl;

  private:
    static void release(impl &s);
    std::unique_ptr<impl> m;
};

} // namespace pscisim
