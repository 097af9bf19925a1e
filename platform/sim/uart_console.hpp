// Where each UART of a machine writes (docs/user-guide.md "UART output"): the
// shared console, its lines prefixed with the UART's name on a machine with more
// than one UART (the fvp machine's four PL011s: TF-A's BL31 prints on UART0 during
// cold boot and on UART1 afterwards), or a file of its own (--uart-file NAME=PATH).
// On a machine with one UART (virt) its output reaches the console unchanged.
#pragma once

#include "config/config.hpp"
#include "machine/machine.hpp"
#include "pscisim/console.h"

#include <memory>
#include <string>
#include <vector>

namespace pscisim
{

// The console every model writes to (semihosting and the non-UART devices write
// through unchanged), and one channel per UART. flush() delivers every channel's
// partial line, then flushes the shared console and the files.
class uart_consoles : public console_if
{
  public:
    // Opens the --uart-file files (usage_error when one cannot be created).
    uart_consoles(console_if &base, const machine_desc &m,
                  const std::vector<sim_config::uart_file> &files);
    // The console a device row writes to.
    console_if &for_device(const device_desc &d);

    void write(console_stream s, const char *data, size_t len) override
    {
        base_.write(s, data, len);
    }
    void flush() override;
    bool failed() const override { return base_.failed(); }
    // The --uart-file paths whose output could not be written completely, each
    // returned once (the caller reports it).
    std::vector<std::string> newly_failed_files();

  private:
    struct channel {
        std::string name, path; // path: empty for the shared console
        std::unique_ptr<console_if> out;
        bool failure_reported = false;
    };
    console_if &base_;
    std::vector<channel> channels_;
};

} // namespace pscisim
