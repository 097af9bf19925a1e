// pscisim: the simulator executable. Exit statuses: the guest's semihosting exit
// code; 0 on SYSTEM_OFF; 1 on a guest fatal error (or a deadlocked guest); 2 on bad
// usage, configuration or ELF; 3 when --max-time (or the end of simulated time) is
// reached; 4 on SYSTEM_RESET with --reset-exits; 5 when the run ended with 0 but an
// output could not be written; 130 on SIGINT and 143 on SIGTERM (reports are still
// written).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include <systemc>

#include "cli/cli.hpp"
#include "pscisim/guest_log.h"
#include "sim/system.hpp"

namespace
{
// SystemC prints its banner from its own main(), before sc_main: switch it off
// during static initialisation.
const int no_banner = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);

extern "C" void on_stop_signal(int sig)
{
    pscisim::sim_system::request_interrupt(sig);
}

int usage_failure(const std::string &what)
{
    std::cerr << "pscisim: error: " << pscisim::one_line(what) << "\n";
    return pscisim::exit_usage;
}

// Text for stdout (help, version, --print-config); a failed write is an error.
int print_stdout(const std::string &text)
{
    std::cout << text << std::flush;
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::cerr << "pscisim: error: cannot write to stdout\n";
        return pscisim::exit_output_error;
    }
    return 0;
}
} // namespace

int sc_main(int argc, char **argv)
{
    (void)no_banner;
    using namespace pscisim;
    // A closed stdout (`pscisim ... | head -1`) must not kill the run before its
    // reports are written: writes then fail with EPIPE and are handled as errors.
    std::signal(SIGPIPE, SIG_IGN);
    // Warnings from the kernel and models go to stderr once each, never abort.
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    sim_config cfg;
    std::ofstream log_file;
    std::string log_file_path;
    std::optional<unsigned> gdb_port;
    bool gdb_wait = false;
    try {
        cli_result r = parse_command_line(argc, argv);
        if (r.what != cli_result::action::run) return print_stdout(r.text);
        cfg = config_from_cli(r.options);
        if (r.options.print_config)
            return print_stdout(
                config_to_json(cfg).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                "\n");
        check_output_paths(r.options);
        if (r.options.log_guest_errors) {
            if (!r.options.log_file.empty()) {
                log_file_path = r.options.log_file;
                log_file.open(r.options.log_file, std::ios::binary);
                if (!log_file)
                    throw usage_error(r.options.log_file + ": cannot write the log file");
                guest_log::set_output(&log_file);
            } else {
                guest_log::set_output(&std::cerr);
            }
        }
        gdb_port = r.options.gdb_port;
        gdb_wait = r.options.gdb_wait;
    } catch (const usage_error &e) {
        return usage_failure(e.what());
    }
    try {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_system sys(cfg);
        if (gdb_port) sys.enable_gdb(*gdb_port, gdb_wait);
        std::signal(SIGINT, on_stop_signal);
        std::signal(SIGTERM, on_stop_signal);
        int status = sys.run();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        // The --log-file is an output like the others: a write error (a full disk,
        // /dev/full) is reported, and a run that ended with 0 exits with 5.
        if (log_file.is_open() && !log_file.flush()) {
            std::cerr << "pscisim: error: " << one_line(log_file_path)
                      << ": cannot write the --log output\n";
            if (status == 0) status = exit_output_error;
        }
        return status;
    } catch (const usage_error &e) {
        return usage_failure(e.what());
    } catch (const sc_core::sc_report &e) {
        std::cerr << "pscisim: internal error: " << one_line(e.what()) << "\n";
        return exit_guest_error;
    } catch (const std::exception &e) {
        return usage_failure(e.what());
    }
}
