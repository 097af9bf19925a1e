// pscisim's command line.
#pragma once

#include "config/config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pscisim
{

struct cli_options {
    std::string elf_path;
    std::optional<std::string> config_path;
    config_overrides overrides;
    std::string report_path, vcd_path, dtb_out_path, timeline_path;
    bool print_config = false;        // --print-config: print the resolved configuration, exit 0
    bool log_guest_errors = false;    // --log guest-errors
    std::string log_file;             // --log-file: where the log goes (default stderr)
    std::optional<unsigned> gdb_port; // --gdb PORT | tcp::PORT (platform/gdb)
    bool gdb_wait = false;            // --gdb-wait: hold the cores until the debugger resumes
    std::vector<sim_config::raw_image> raw_images;  // --load FILE@ADDR
    bool kernel_given = false;                      // --kernel FILE (then elf_path holds FILE)
    std::string initrd_path, bootargs, dtb_in_path; // --initrd, --append, --dtb
    std::string uart_input;                         // --uart-input
    std::vector<sim_config::uart_file> uart_files;  // --uart-file NAME=PATH
    std::optional<uint32_t> rtc_epoch;              // --rtc-epoch
};

struct cli_result {
    enum class action { run, help, version };
    action what = action::run;
    std::string text; // for help and version: what to print on stdout before exiting 0
    cli_options options;
};

// Parses argv. Throws usage_error with one message naming the bad flag or value
// (main prints "pscisim: error: <message>" and exits 2).
cli_result parse_command_line(int argc, const char *const *argv);

// Parses argv and resolves the configuration (file, preset, overrides) in one step;
// the output paths and the ELF path are copied into the result.
sim_config config_from_cli(const cli_options &opts);

// Before a run: every output path (--report, --vcd, --dtb-out, --timeline) must be
// writable: not a directory, its folder must exist, no path may be given for two
// outputs, and no output may be one of the inputs (the ELF, the --config file).
// The --uart-file files count as outputs (and must name a UART of the machine).
// usage_error naming the flag and the path otherwise.
void check_output_paths(const cli_options &opts);

} // namespace pscisim
