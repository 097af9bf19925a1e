#include "cli/cli.hpp"
#include "config/units.hpp"
#include "loader/linux_loader.hpp"
#include "machine/machine.hpp"

#include <boost/program_options.hpp>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PSCISIM_VERSION
#define PSCISIM_VERSION "unknown"
#endif

namespace pscisim
{

namespace po = boost::program_options;

namespace
{

const char *usage_line = "Usage: pscisim [options] ELF\n";

std::vector<uint64_t> parse_freq_list(const std::string &text)
{
    std::vector<uint64_t> out;
    size_t pos = 0;
    while (true) {
        size_t comma = text.find(',', pos);
        std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        out.push_back(parse_frequency_hz(item, "--cluster-freq"));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

} // namespace

cli_result parse_command_line(int argc, const char *const *argv)
{
    po::options_description general("General");
    general.add_options()("help,h", "print this help and exit")("version,V",
                                                                "print the version and exit")(
        "config,c", po::value<std::string>(), "JSON configuration FILE (see docs/user-guide.md)")(
        "print-config", "print the resolved configuration as JSON and exit")(
        "quiet,q", "no progress line and no summary on stderr");
    po::options_description platform("Platform (override the configuration file)");
    platform.add_options()("topology,t", po::value<std::string>(),
                           "clusters x cores per cluster (2x4), or cores per cluster (2,4)")(
        "cluster-freq", po::value<std::string>(),
        "core clock of every cluster (1GHz), or one per cluster (900MHz,650MHz)")(
        "ram-size,m", po::value<std::string>(), "RAM size at 0x40000000 (256M, 1G)")(
        "timer-freq", po::value<std::string>(), "generic timer frequency, CNTFRQ_EL0 (100MHz)")(
        "quantum", po::value<std::string>(), "temporal decoupling quantum (1us)")(
        "latency-preset", po::value<std::string>(), "fvp (default) or juno latency table")(
        "machine", po::value<std::string>(), "memory map and devices: virt (default) or fvp");
    po::options_description firmware("Firmware interface");
    firmware.add_options()("conduit", po::value<std::string>(), "smc (default) or hvc")(
        "boot-el", po::value<std::string>(),
        "exception level the boot core starts in: 1, 2 (default), or 3: every core starts at the "
        "reset address at EL3 and the guest's firmware handles SMC (no built-in PSCI)")(
        "entry", po::value<std::string>(),
        "reset address (RVBAR) with --boot-el 3 (default: the ELF entry)")(
        "load", po::value<std::vector<std::string>>(),
        "FILE@ADDR: copy a raw binary (firmware) into memory at ADDR before the cores start")(
        "psci-version", po::value<std::string>(), "0.2, 1.0, 1.1 (default), 1.2 or 1.3")(
        "power-state-format", po::value<std::string>(), "original (default) or extended")(
        "osi", "offer OS-initiated mode (PSCI 1.0+)")("no-osi",
                                                      "platform-coordinated mode only (default)");
    po::options_description linux_boot("Linux boot (QEMU-compatible; see docs/linux.md)");
    linux_boot.add_options()(
        "kernel", po::value<std::string>(),
        "the guest: an arm64 Image, a gzip-compressed Image (vmlinuz) or an ELF")(
        "initrd", po::value<std::string>(),
        "initial RAM disk FILE, placed in RAM after the kernel")(
        "append", po::value<std::string>(), "kernel command line (/chosen/bootargs)")(
        "dtb", po::value<std::string>(),
        "use the device tree blob FILE instead of the generated one")(
        "uart-input", po::value<std::string>(),
        "feed FILE to the PL011's receive line, one character per 100us; - = stdin (interactive, "
        "not deterministic)")(
        "uart-file", po::value<std::vector<std::string>>(),
        "NAME=PATH: write UART NAME's output (uart0, uart1, ...) to PATH instead of the "
        "console; repeatable")(
        "rtc-epoch", po::value<std::string>(),
        "PL031 RTC counter at simulated time 0, seconds since 1970 (default 1767225600)");
    po::options_description run("Run control and outputs");
    run.add_options()("max-time", po::value<std::string>(),
                      "stop after this simulated time (10ms); exit status 3")(
        "reset-exits", "exit (status 4) on SYSTEM_RESET instead of resetting")(
        "on-guest-fatal", po::value<std::string>(),
        "stop (default): a guest fatal error (exception loop) ends the run, exit 1; hang: that "
        "core hangs until it is reset or powered off, the others run on")(
        "report", po::value<std::string>(), "write the JSON report to FILE")(
        "vcd", po::value<std::string>(), "write a VCD waveform of clocks and power states to FILE")(
        "dtb-out", po::value<std::string>(), "write the generated device tree blob to FILE")(
        "timeline", po::value<std::string>(),
        "write an SVG picture of the power states over time to FILE")(
        "log", po::value<std::vector<std::string>>(),
        "log what the guest does wrong: guest-errors")(
        "log-file", po::value<std::string>(), "write the --log output to FILE (default stderr)")(
        "gdb", po::value<std::string>(),
        "GDB remote stub on 127.0.0.1:PORT (PORT or tcp::PORT; 0 = any free port)")(
        "gdb-wait", "with --gdb: hold every core at reset until the debugger continues");
    po::options_description hidden;
    hidden.add_options()("elf", po::value<std::vector<std::string>>(), "guest ELF");
    po::options_description visible;
    visible.add(general).add(platform).add(firmware).add(linux_boot).add(run);
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description pos;
    pos.add("elf", -1);

    po::variables_map vm;
    // How each flag was typed ("-m" or "--ram-size"), for messages.
    std::map<std::string, std::string> typed;
    try {
        po::parsed_options parsed = po::command_line_parser(argc, const_cast<char **>(argv))
                                        .options(all)
                                        .positional(pos)
                                        .style(po::command_line_style::default_style &
                                               ~po::command_line_style::allow_guessing)
                                        .run();
        for (const po::option &opt : parsed.options) {
            if (opt.position_key != -1 || opt.original_tokens.empty()) continue;
            const std::string &tok = opt.original_tokens[0];
            if (tok.rfind("--", 0) == 0)
                typed[opt.string_key] = tok.substr(0, tok.find('='));
            else if (tok.size() >= 2 && tok[0] == '-')
                typed[opt.string_key] = tok.substr(0, 2);
        }
        po::store(parsed, vm);
        po::notify(vm);
    } catch (const po::error &e) {
        throw usage_error(e.what());
    }

    cli_result r;
    if (vm.count("help")) {
        std::ostringstream os;
        os << usage_line
           << "Run a bare-metal AArch64 ELF on a simulated multi-cluster Armv8 "
              "system with a timed PSCI firmware.\n"
           << visible
           << "\nExit status: 0 SYSTEM_OFF or guest exit 0; the guest's semihosting exit code;\n"
              "1 guest fatal error or deadlock; 2 bad usage, configuration or ELF; 3 --max-time\n"
              "(or the end of simulated time) reached; 4 SYSTEM_RESET with --reset-exits;\n"
              "5 an output could not be written; 130 interrupted (Ctrl-C); 143 SIGTERM.\n";
        r.what = cli_result::action::help;
        r.text = os.str();
        return r;
    }
    if (vm.count("version")) {
        r.what = cli_result::action::version;
        r.text = std::string("pscisim ") + PSCISIM_VERSION + "\n";
        return r;
    }

    cli_options &o = r.options;
    config_overrides &ov = o.overrides;
    auto str = [&](const char *k) { return vm[k].as<std::string>(); };
    ov.typed_flags = typed;
    auto flag = [&ov](const char *k) { return ov.flag(k); };

    if (vm.count("elf")) {
        const auto &elfs = vm["elf"].as<std::vector<std::string>>();
        if (elfs.size() > 1)
            throw usage_error("more than one ELF given ('" + elfs[0] + "', '" + elfs[1] + "')");
        o.elf_path = elfs[0];
    }
    if (vm.count("kernel")) {
        if (!o.elf_path.empty())
            throw usage_error("--kernel '" + str("kernel") + "' and a guest ELF '" + o.elf_path +
                              "' both given");
        o.elf_path = str("kernel");
        o.kernel_given = true;
    }
    if (vm.count("initrd")) o.initrd_path = str("initrd");
    if (vm.count("append")) {
        o.bootargs = str("append");
        check_command_line_length(o.bootargs, flag("append"));
    }
    if (vm.count("dtb")) o.dtb_in_path = str("dtb");
    if (vm.count("uart-input")) o.uart_input = str("uart-input");
    if (vm.count("rtc-epoch")) {
        std::string e = str("rtc-epoch");
        char *end = nullptr;
        errno = 0;
        unsigned long long v = std::strtoull(e.c_str(), &end, 10);
        if (e.empty() || e[0] == '-' || *end || errno || v > 0xffffffffull)
            throw usage_error("--rtc-epoch: invalid value '" + e +
                              "' (expected seconds since 1970, 0 to 4294967295)");
        o.rtc_epoch = static_cast<uint32_t>(v);
    }
    if (vm.count("config")) o.config_path = str("config");
    o.print_config = vm.count("print-config") > 0;
    if (vm.count("quiet")) ov.quiet = true;
    if (vm.count("topology")) ov.topology = parse_topology(str("topology"), flag("topology"));
    if (vm.count("cluster-freq")) ov.cluster_freq_hz = parse_freq_list(str("cluster-freq"));
    if (vm.count("ram-size")) ov.ram_size = parse_size_bytes(str("ram-size"), flag("ram-size"));
    if (vm.count("timer-freq"))
        ov.timer_frequency_hz = parse_frequency_hz(str("timer-freq"), flag("timer-freq"));
    if (vm.count("quantum")) ov.quantum_ns = parse_time_ns(str("quantum"), flag("quantum"));
    if (vm.count("latency-preset")) {
        std::string p = str("latency-preset");
        if (p != "fvp" && p != "juno")
            throw usage_error("--latency-preset: unknown preset '" + p +
                              "' (expected fvp or juno)");
        ov.preset = p;
    }
    if (vm.count("conduit")) ov.conduit = parse_conduit(str("conduit"), flag("conduit"));
    if (vm.count("boot-el")) {
        std::string e = str("boot-el");
        if (e != "1" && e != "2" && e != "3")
            throw usage_error("--boot-el: invalid exception level '" + e +
                              "' (expected 1, 2 or 3)");
        ov.boot_el = static_cast<unsigned>(e[0] - '0');
    }
    if (vm.count("machine")) {
        std::string m = str("machine");
        if (!find_machine(m)) {
            std::string names;
            for (const std::string &n : machine_names())
                names += (names.empty() ? "" : " or ") + n;
            throw usage_error("--machine: unknown machine '" + m + "' (expected " + names + ")");
        }
        ov.machine = m;
    }
    if (vm.count("entry")) {
        std::string t = str("entry");
        char *end = nullptr;
        errno = 0;
        unsigned long long v = std::strtoull(t.c_str(), &end, 0);
        if (t.empty() || t[0] == '-' || *end || errno)
            throw usage_error("--entry: invalid address '" + t + "' (expected e.g. 0x04001000)");
        ov.entry = v;
    }
    if (vm.count("load"))
        for (const std::string &l : vm["load"].as<std::vector<std::string>>()) {
            size_t at = l.rfind('@');
            char *end = nullptr;
            errno = 0;
            unsigned long long a =
                at == std::string::npos ? 0 : std::strtoull(l.c_str() + at + 1, &end, 0);
            if (at == std::string::npos || at == 0 || at + 1 == l.size() || *end || errno ||
                l[at + 1] == '-')
                throw usage_error("--load: expected FILE@ADDR, got '" + l + "'");
            o.raw_images.push_back({l.substr(0, at), a});
        }
    if (vm.count("psci-version"))
        ov.psci_version = parse_psci_version(str("psci-version"), flag("psci-version"));
    if (vm.count("power-state-format"))
        ov.state_format = parse_state_format(str("power-state-format"), flag("power-state-format"));
    if (vm.count("osi") && vm.count("no-osi")) throw usage_error("--osi and --no-osi both given");
    if (vm.count("osi")) ov.osi = true;
    if (vm.count("no-osi")) ov.osi = false;
    if (vm.count("max-time")) ov.max_time_ns = parse_time_ns(str("max-time"), flag("max-time"));
    if (vm.count("reset-exits")) ov.reset_exits = true;
    if (vm.count("on-guest-fatal")) {
        std::string v = str("on-guest-fatal");
        if (v != "stop" && v != "hang")
            throw usage_error("--on-guest-fatal: unknown policy '" + v +
                              "' (expected stop or hang)");
        ov.hang_on_guest_fatal = v == "hang";
    }
    if (vm.count("report")) o.report_path = str("report");
    if (vm.count("vcd")) o.vcd_path = str("vcd");
    if (vm.count("dtb-out")) o.dtb_out_path = str("dtb-out");
    if (vm.count("timeline")) o.timeline_path = str("timeline");
    if (vm.count("log"))
        for (const std::string &l : vm["log"].as<std::vector<std::string>>()) {
            if (l != "guest-errors")
                throw usage_error("--log: unknown log '" + l + "' (expected guest-errors)");
            o.log_guest_errors = true;
        }
    if (vm.count("log-file")) o.log_file = str("log-file");
    if (vm.count("uart-file"))
        for (const std::string &u : vm["uart-file"].as<std::vector<std::string>>()) {
            size_t eq = u.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == u.size())
                throw usage_error("--uart-file: expected NAME=PATH (e.g. uart1=uart1.log), got '" +
                                  u + "'");
            o.uart_files.push_back({u.substr(0, eq), u.substr(eq + 1)});
        }
    if (vm.count("gdb")) {
        // PORT, or QEMU's tcp::PORT / tcp:localhost:PORT / tcp:127.0.0.1:PORT.
        std::string v = str("gdb"), port = v;
        for (const char *pre : {"tcp::", "tcp:localhost:", "tcp:127.0.0.1:"})
            if (v.rfind(pre, 0) == 0) port = v.substr(std::strlen(pre));
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535)
            throw usage_error("--gdb: '" + v +
                              "' is not a TCP port (PORT or tcp::PORT, 0..65535; the stub "
                              "listens on 127.0.0.1 only)");
        o.gdb_port = (unsigned)std::stoul(port);
    }
    if (vm.count("gdb-wait")) {
        if (!o.gdb_port) throw usage_error("--gdb-wait needs --gdb PORT");
        o.gdb_wait = true;
    }
    for (const char *k : {"report", "vcd", "dtb-out", "timeline", "config", "log-file", "kernel",
                          "initrd", "dtb", "uart-input"})
        if (vm.count(k) && str(k).empty()) throw usage_error(flag(k) + ": empty file name");
    if (o.elf_path.empty() && !o.print_config)
        throw usage_error("no guest ELF given (usage: pscisim [options] ELF; see --help)");
    return r;
}

sim_config config_from_cli(const cli_options &o)
{
    config_origins origins;
    sim_config c = resolve_config(o.config_path, o.overrides, &origins);
    c.elf_path = o.elf_path;
    c.report_path = o.report_path;
    c.vcd_path = o.vcd_path;
    c.dtb_out_path = o.dtb_out_path;
    c.timeline_path = o.timeline_path;
    c.raw_images = o.raw_images;
    c.kernel_given = o.kernel_given;
    c.initrd_path = o.initrd_path;
    c.bootargs = o.bootargs;
    c.dtb_in_path = o.dtb_in_path;
    c.uart_input = o.uart_input;
    c.uart_files = o.uart_files;
    {
        std::vector<std::string> names;
        for (const sim_config::uart_file &f : c.uart_files)
            names.push_back(f.name);
        check_uart_files(*find_machine(c.machine), names);
    }
    if (o.rtc_epoch) c.rtc_epoch = *o.rtc_epoch;
    // The reset address must be in a memory the cores fetch from (the ones --load
    // writes): anywhere else the first fetch is an instruction abort at EL3 whose
    // vector is unmapped too: a guest fatal error for a command-line mistake.
    if (c.entry) {
        const machine_desc &m = *find_machine(c.machine);
        std::string memories;
        bool found = false;
        for (const mmio_window &w : memory_map(m, c)) {
            const std::string model = w.device->model;
            if (model != "ram" && model != "sram") continue;
            if (*c.entry >= w.base && *c.entry - w.base < w.size) found = true;
            char range[64];
            std::snprintf(range, sizeof range, " 0x%llx..0x%llx", (unsigned long long)w.base,
                          (unsigned long long)(w.base + w.size - 1));
            memories += (memories.empty() ? "" : ",") + (" " + w.name) + range;
        }
        if (!found) {
            char at[32];
            std::snprintf(at, sizeof at, "0x%llx", (unsigned long long)*c.entry);
            throw usage_error(o.overrides.flag("entry") + ": " + at +
                              " is in no memory of machine " + c.machine + " (" +
                              memories.substr(1) + ")");
        }
    }
    // A guest booted at EL2 owns HVC (a Linux kernel's hypervisor stub, KVM, any
    // EL2 software's vectors); QEMU never offers the PSCI conduit over HVC then, nor
    // do we, whatever the guest (ELF, --kernel, --load). At EL3 the guest's own
    // firmware implements PSCI and the conduit is unused.
    if (c.conduit == conduit_kind::hvc && c.boot_el == 2)
        throw usage_error((o.overrides.conduit ? o.overrides.flag("conduit") + " hvc"
                                               : origins.where("conduit") + ": hvc") +
                          " needs --boot-el 1" +
                          (origins.from("boot_el").empty()
                               ? std::string()
                               : " (the boot EL is 2, " + origins.from("boot_el").substr(2)) +
                          ": a guest booted at EL2 owns HVC");
    return c;
}

namespace
{

std::string parent_dir(const std::string &path)
{
    size_t s = path.find_last_of('/');
    if (s == std::string::npos) return ".";
    return s == 0 ? "/" : path.substr(0, s);
}

// What identifies a file: device and inode when it exists, else the canonical path of
// its folder plus its name (two spellings of one new file compare equal).
std::string file_identity(const std::string &path)
{
    struct stat st {
    };
    if (::stat(path.c_str(), &st) == 0)
        return "inode:" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    char buf[PATH_MAX];
    std::string dir = parent_dir(path);
    if (!::realpath(dir.c_str(), buf)) return "path:" + path;
    size_t s = path.find_last_of('/');
    return std::string("path:") + buf + "/" + (s == std::string::npos ? path : path.substr(s + 1));
}

} // namespace

void check_output_paths(const cli_options &o)
{
    // --log-file is written only when a --log is enabled.
    static const std::string no_path;
    std::vector<std::pair<std::string, const std::string *>> outputs = {
        {"--report", &o.report_path},
        {"--vcd", &o.vcd_path},
        {"--dtb-out", &o.dtb_out_path},
        {"--timeline", &o.timeline_path},
        {"--log-file", o.log_guest_errors ? &o.log_file : &no_path}};
    for (const sim_config::uart_file &u : o.uart_files)
        outputs.emplace_back("--uart-file " + u.name, &u.path);
    std::vector<std::pair<std::string, std::string>> inputs; // identity, description
    if (!o.elf_path.empty()) inputs.emplace_back(file_identity(o.elf_path), "the guest ELF");
    if (o.config_path) inputs.emplace_back(file_identity(*o.config_path), "the --config file");
    if (!o.initrd_path.empty())
        inputs.emplace_back(file_identity(o.initrd_path), "the --initrd file");
    if (!o.dtb_in_path.empty()) inputs.emplace_back(file_identity(o.dtb_in_path), "the --dtb file");
    if (!o.uart_input.empty() && o.uart_input != "-")
        inputs.emplace_back(file_identity(o.uart_input), "the --uart-input file");
    for (const sim_config::raw_image &ri : o.raw_images)
        inputs.emplace_back(file_identity(ri.path), "a --load file");
    std::vector<std::pair<std::string, std::string>> seen; // identity, flag
    for (const auto &output : outputs) {
        // Named copies, not structured bindings: C++17 lambdas cannot capture those.
        const std::string &flag = output.first;
        const std::string &path = *output.second;
        if (path.empty()) continue;
        auto fail = [&](const std::string &why) {
            throw usage_error(flag + ": '" + path + "' " + why);
        };
        // '-' is a file name here, not standard output (which the guest console uses).
        if (path == "-") fail("is not standard output here; name a file (or /dev/stdout)");
        struct stat st {
        };
        bool exists = ::stat(path.c_str(), &st) == 0;
        // Only "does not exist yet" lets the output be created; a symbolic-link loop or
        // a name too long would otherwise fail when the file is opened, unexplained.
        if (!exists && errno != ENOENT)
            fail(std::string("cannot be used (") + std::strerror(errno) + ")");
        // A dangling symbolic link: opening it creates its target, whose folder counts.
        std::string created = path;
        struct stat lst {
        };
        if (!exists && ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
            char target[PATH_MAX];
            ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
            if (n <= 0) fail(std::string("cannot be used (") + std::strerror(errno) + ")");
            created.assign(target, static_cast<size_t>(n));
            if (created[0] != '/' && path.find('/') != std::string::npos)
                created = parent_dir(path) + "/" + created;
        }
        if (exists && S_ISDIR(st.st_mode)) fail("is a directory");
        if (exists && S_ISFIFO(st.st_mode)) {
            // Opening a FIFO for writing blocks until a reader opens it: with none, the
            // run would hang before it starts. A reader present (a pipe, `>(cmd)`) is
            // kept from seeing end-of-file early by holding this descriptor open until
            // exit; the output's own open then returns at once.
            int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0 && errno == ENXIO) fail("is a FIFO that no process reads");
            if (fd < 0) fail(std::string("is not writable (") + std::strerror(errno) + ")");
            static std::vector<int> held; // closed by exit
            held.push_back(fd);
        }
        std::string dir = parent_dir(created);
        struct stat dst {
        };
        if (!exists) {
            if (::stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
                fail("cannot be created: folder '" + dir + "' does not exist");
            if (::access(dir.c_str(), W_OK | X_OK) != 0)
                fail("cannot be created in '" + dir + "' (" + std::strerror(errno) + ")");
        } else if (::access(path.c_str(), W_OK) != 0) {
            fail(std::string("is not writable (") + std::strerror(errno) + ")");
        }
        std::string id = file_identity(path);
        for (const auto &[in_id, what] : inputs)
            if (id == in_id) fail("is " + what + ": an output must not overwrite an input");
        // Devices (/dev/null) may take several outputs; a file may take one.
        if (exists && !S_ISREG(st.st_mode)) continue;
        for (const auto &[other_id, other_flag] : seen)
            if (id == other_id)
                fail("is also given to " + other_flag + "; each output needs its own file");
        seen.emplace_back(id, flag);
    }
}

} // namespace pscisim
