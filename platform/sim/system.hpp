// The system builder: a resolved configuration -> instantiated and bound models,
// the guest image and device tree in RAM, the boot core released; then the run,
// its end (guest exit, SYSTEM_OFF, fatal error, --max-time, Ctrl-C, starvation)
// and the reports.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "config/config.hpp"

namespace pscisim
{

// Where the device tree goes: the start of RAM (as QEMU virt does for bare-metal
// images) when it fits below the image, else the first 64 KiB boundary after it.
constexpr uint64_t dtb_preferred_addr = ram_base;
// The simulator's own register block (docs/timing-and-power.md).
constexpr uint64_t power_regs_base = 0x090C0000;

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
    ~sim_system();
    sim_system(const sim_system &) = delete;
    sim_system &operator=(const sim_system &) = delete;

    // Runs to the end and writes the reports; returns the process exit status.
    int run();

    // Asynchronous stop request (SIGINT/SIGTERM handler): async-signal-safe. The run
    // stops at the next quantum and writes every report.
    static void request_interrupt(int signal_number = 2);

    struct impl;

  private:
    static void release(impl &s);
    std::unique_ptr<impl> m;
};

} // namespace pscisim
