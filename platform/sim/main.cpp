// pscisim: the simulator executable. Exit statuses: the guest's semihosting exit
// code; 0 on SYSTEM_OFF; 1 on a guest fatal error (or a deadlocked guest); 2 on bad
// usage, configuration or ELF; 3 when --max-time is reached; 4 on SYSTEM_RESET with
// --reset-exits; 130 on Ctrl-C (reports are still written).
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <systemc>

#include "cli/cli.hpp"
#include "pscisim/guest_log.h"
#include "sim/system.hpp"

namespace
{
// SystemC prints its banner from its own main(), before sc_main: switch it off
// during static initialisation.
const int no_banner = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);

extern "C" void on_sigint(int)
{
    pscisim::sim_system::request_interrupt();
}
} // namespace

int sc_main(int argc, char **argv)
{
    (void)no_banner;
    using namespace pscisim;
    // Warnings from the kernel and models go to stderr once each, never abort.
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    sim_config cfg;
    std::ofstream log_file;
    try {
        cli_result r = parse_command_line(argc, argv);
        if (r.what != cli_result::action::run) {
            std::cout << r.text;
            return 0;
        }
        cfg = config_from_cli(r.options);
        if (r.options.log_guest_errors) {
            if (!r.options.log_file.empty()) {
                log_file.open(r.options.log_file, std::ios::binary);
                if (!log_file)
                    throw usage_error(r.options.log_file + ": cannot write the log file");
                guest_log::set_output(&log_file);
            } else {
                guest_log::set_output(&std::cerr);
            }
        }
        if (r.options.print_config) {
            std::cout << config_to_json(cfg).dump(2) << "\n";
            return 0;
        }
    } catch (const usage_error &e) {
        std::cerr << "pscisim: error: " << e.what() << "\n";
        return exit_usage;
    }
    try {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_system sys(cfg, *find_machine(cfg.machine));
        std::signal(SIGINT, on_sigint);
        int status = sys.run();
        std::signal(SIGINT, SIG_DFL);
        return status;
    } catch (const usage_error &e) {
        std::cerr << "pscisim: error: " << e.what() << "\n";
        return exit_usage;
    } catch (const sc_core::sc_report &e) {
        std::cerr << "pscisim: internal error: " << e.what() << "\n";
        return exit_guest_error;
    } catch (const std::exception &e) {
        std::cerr << "pscisim: error: " << e.what() << "\n";
        return exit_usage;
    }
}
