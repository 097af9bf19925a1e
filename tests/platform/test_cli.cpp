// Command line: every flag, help/version, and one clear error per kind of mistake.
#include "cli/cli.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace pscisim;

namespace
{

cli_result parse(std::vector<const char *> args)
{
    args.insert(args.begin(), "pscisim");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

void expect_error(std::vector<const char *> args, std::initializer_list<const char *> fragments)
{
    try {
        cli_result r = parse(args);
        config_from_cli(r.options); // some mistakes surface when resolving
        ADD_FAILURE() << "no error for " << args.size() << " args";
    } catch (const usage_error &e) {
        for (const char *f : fragments)
            EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
                << "message '" << e.what() << "' lacks '" << f << "'";
    }
}

} // namespace

TEST(Cli, DefaultsWithOnlyAnElf)
{
    cli_result r = parse({"guest.elf"});
    ASSERT_EQ(r.what, cli_result::action::run);
    EXPECT_EQ(r.options.elf_path, "guest.elf");
    sim_config c = config_from_cli(r.options);
    EXPECT_EQ(c.elf_path, "guest.elf");
    EXPECT_EQ(c.preset, "fvp");
    EXPECT_EQ(c.total_cores(), 8u);
    EXPECT_EQ(c.conduit, conduit_kind::smc);
    EXPECT_EQ(c.boot_el, 2u);
    EXPECT_EQ(c.psci_version.str(), "1.1");
    EXPECT_FALSE(c.max_time_ns.has_value());
    EXPECT_FALSE(c.quiet);
    EXPECT_FALSE(c.reset_exits);
    EXPECT_TRUE(c.report_path.empty());
}

TEST(Cli, EveryOption)
{
    cli_result r = parse({"--topology",
                          "2,4",
                          "--conduit",
                          "hvc",
                          "--boot-el",
                          "1",
                          "--max-time",
                          "10ms",
                          "--report",
                          "r.json",
                          "--vcd",
                          "w.vcd",
                          "--quiet",
                          "--latency-preset",
                          "juno",
                          "--psci-version",
                          "1.3",
                          "--power-state-format",
                          "extended",
                          "--osi",
                          "--ram-size",
                          "1G",
                          "--cluster-freq",
                          "900MHz,650MHz",
                          "--timer-freq",
                          "62.5MHz",
                          "--quantum",
                          "500ns",
                          "--reset-exits",
                          "--dtb-out",
                          "p.dtb",
                          "--timeline",
                          "t.svg",
                          "image.elf"});
    sim_config c = config_from_cli(r.options);
    EXPECT_EQ(c.elf_path, "image.elf");
    ASSERT_EQ(c.clusters.size(), 2u);
    EXPECT_EQ(c.clusters[0].cores, 2u);
    EXPECT_EQ(c.clusters[1].cores, 4u);
    EXPECT_EQ(c.clusters[0].frequency_hz, 900000000u);
    EXPECT_EQ(c.clusters[1].frequency_hz, 650000000u);
    EXPECT_EQ(c.conduit, conduit_kind::hvc);
    EXPECT_EQ(c.boot_el, 1u);
    EXPECT_EQ(*c.max_time_ns, 10000000u);
    EXPECT_EQ(c.report_path, "r.json");
    EXPECT_EQ(c.vcd_path, "w.vcd");
    EXPECT_EQ(c.dtb_out_path, "p.dtb");
    EXPECT_EQ(c.timeline_path, "t.svg");
    EXPECT_TRUE(c.quiet);
    EXPECT_EQ(c.preset, "juno");
    EXPECT_EQ(c.psci_version.encoded(), 0x10003u);
    EXPECT_EQ(c.state_format, power_state_format::extended);
    EXPECT_TRUE(c.osi);
    EXPECT_EQ(c.ram_size, 1u << 30);
    EXPECT_EQ(c.timer_frequency_hz, 62500000u);
    EXPECT_EQ(c.quantum_ns, 500u);
    EXPECT_TRUE(c.reset_exits);
}

// --uart-file NAME=PATH, repeatable; the name must be a UART of the machine.
TEST(Cli, UartFile)
{
    cli_result r = parse({"--machine", "fvp", "--uart-file", "uart1=a=b.log", "--uart-file",
                          "uart0=u0.log", "x.elf"});
    ASSERT_EQ(r.options.uart_files.size(), 2u);
    EXPECT_EQ(r.options.uart_files[0].name, "uart1");
    EXPECT_EQ(r.options.uart_files[0].path, "a=b.log"); // the first '=' splits
    EXPECT_EQ(r.options.uart_files[1].name, "uart0");
    sim_config c = config_from_cli(r.options);
    ASSERT_EQ(c.uart_files.size(), 2u);
    EXPECT_EQ(c.uart_files[1].path, "u0.log");
    expect_error({"--uart-file", "uart1", "x.elf"}, {"--uart-file", "NAME=PATH", "'uart1'"});
    expect_error({"--uart-file", "=p", "x.elf"}, {"--uart-file", "NAME=PATH"});
    expect_error({"--uart-file", "uart0=", "x.elf"}, {"--uart-file", "NAME=PATH"});
    expect_error({"--uart-file", "uart1=p", "x.elf"},
                 {"--uart-file", "virt machine has no UART 'uart1'", "uart0"});
    expect_error({"--machine", "fvp", "--uart-file", "uart9=p", "x.elf"},
                 {"'uart9'", "uart0, uart1, uart2, uart3"});
    expect_error({"--machine", "fvp", "--uart-file", "uart2=p", "--uart-file", "uart2=q", "x.elf"},
                 {"uart2 is given twice"});
}

TEST(Cli, FirmwareModeOptions)
{
    cli_result r = parse({"--machine", "fvp", "--boot-el", "3", "--entry", "0x04001000", "--load",
                          "bl31.bin@0x04001000", "--load", "dir/a@b.bin@4096", "x.elf"});
    const cli_options &o = r.options;
    EXPECT_EQ(o.overrides.machine, std::optional<std::string>("fvp"));
    EXPECT_EQ(o.overrides.boot_el, std::optional<unsigned>(3));
    EXPECT_EQ(o.overrides.entry, std::optional<uint64_t>(0x04001000));
    ASSERT_EQ(o.raw_images.size(), 2u);
    EXPECT_EQ(o.raw_images[0].path, "bl31.bin");
    EXPECT_EQ(o.raw_images[0].addr, 0x04001000u);
    EXPECT_EQ(o.raw_images[1].path, "dir/a@b.bin"); // the last '@' splits
    EXPECT_EQ(o.raw_images[1].addr, 4096u);
    sim_config c = config_from_cli(o);
    EXPECT_EQ(c.machine, "fvp");
    EXPECT_EQ(c.boot_el, 3u);
    EXPECT_EQ(c.entry, std::optional<uint64_t>(0x04001000));
    EXPECT_EQ(c.raw_images.size(), 2u);
    // The defaults: virt, EL2, the ELF entry, nothing loaded.
    sim_config d = config_from_cli(parse({"x.elf"}).options);
    EXPECT_EQ(d.machine, "virt");
    EXPECT_EQ(d.boot_el, 2u);
    EXPECT_FALSE(d.entry.has_value());
    EXPECT_TRUE(d.raw_images.empty());
}

TEST(Cli, EqualsSyntaxAndNoOsi)
{
    sim_config c = config_from_cli(
        parse({"--topology=1x2", "--no-osi", "--conduit=hvc", "--boot-el=1", "x.elf"}).options);
    EXPECT_EQ(c.total_cores(), 2u);
    EXPECT_FALSE(c.osi);
    EXPECT_EQ(c.conduit, conduit_kind::hvc);
}

// A guest booted at EL2 owns HVC: the PSCI conduit over HVC is refused with EL2
// for every guest kind (ELF, --kernel, extra --load images), and accepted at EL1 or EL3.
TEST(Cli, HvcConduitNeedsBootEl1)
{
    const char *what[] = {"--conduit hvc needs --boot-el 1", "owns HVC"};
    expect_error({"--conduit", "hvc", "x.elf"}, {what[0], what[1]});
    expect_error({"--conduit", "hvc", "--boot-el", "2", "x.elf"}, {what[0]});
    expect_error({"--conduit", "hvc", "--kernel", "Image"}, {what[0]});
    expect_error({"--conduit", "hvc", "--load", "f.bin@0x40000000", "x.elf"}, {what[0]});
    EXPECT_EQ(
        config_from_cli(parse({"--conduit", "hvc", "--boot-el", "1", "x.elf"}).options).conduit,
        conduit_kind::hvc);
    EXPECT_EQ(
        config_from_cli(parse({"--conduit", "hvc", "--boot-el", "3", "x.elf"}).options).boot_el,
        3u);
}

TEST(Cli, HelpAndVersion)
{
    cli_result h = parse({"--help"});
    EXPECT_EQ(h.what, cli_result::action::help);
    EXPECT_NE(h.text.find("Usage: pscisim [options] ELF"), std::string::npos);
    EXPECT_NE(h.text.find("--topology"), std::string::npos);
    EXPECT_NE(h.text.find("--max-time"), std::string::npos);
    EXPECT_NE(h.text.find("Exit status"), std::string::npos);
    EXPECT_EQ(parse({"-h"}).what, cli_result::action::help);
    cli_result v = parse({"--version"});
    EXPECT_EQ(v.what, cli_result::action::version);
    EXPECT_EQ(v.text.rfind("pscisim ", 0), 0u);
    // Help wins even with other mistakes-free arguments and no ELF.
    EXPECT_EQ(parse({"--quiet", "--help"}).what, cli_result::action::help);
}

TEST(Cli, PrintConfigNeedsNoElf)
{
    cli_result r = parse({"--print-config", "--topology", "1x1"});
    EXPECT_TRUE(r.options.print_config);
    EXPECT_EQ(config_from_cli(r.options).total_cores(), 1u);
}

TEST(Cli, Errors)
{
    expect_error({}, {"no guest ELF"});
    expect_error({"--bogus", "x.elf"}, {"--bogus"});
    expect_error({"--topo", "2x4", "x.elf"}, {"--topo"}); // no abbreviations
    expect_error({"--topology", "0x4", "x.elf"}, {"--topology", "'0x4'"});
    expect_error({"--topology", "2x", "x.elf"}, {"--topology", "'2x'"});
    expect_error({"--topology", "abc", "x.elf"}, {"--topology", "'abc'"});
    expect_error({"--topology", "16x5", "x.elf"}, {"80 cores", "at most 64"});
    expect_error({"--topology"}, {"topology"}); // missing argument
    expect_error({"--conduit", "svc", "x.elf"}, {"--conduit", "'svc'"});
    expect_error({"--boot-el", "4", "x.elf"}, {"--boot-el", "'4'", "1, 2 or 3"});
    expect_error({"--machine", "juno", "x.elf"}, {"--machine", "'juno'", "virt or fvp"});
    expect_error({"--entry", "0x", "x.elf"}, {"--entry", "'0x'"});
    expect_error({"--entry", "-4", "x.elf"}, {"--entry", "'-4'"});
    expect_error({"--load", "f.bin", "x.elf"}, {"--load", "FILE@ADDR", "'f.bin'"});
    expect_error({"--max-time", "10", "x.elf"}, {"--max-time", "'10'"});
    expect_error({"--max-time", "0ms", "x.elf"}, {"max-time", "above 0"});
    expect_error({"--latency-preset", "qemu", "x.elf"}, {"--latency-preset", "'qemu'"});
    expect_error({"--psci-version", "2.0", "x.elf"}, {"--psci-version", "'2.0'"});
    expect_error({"--power-state-format", "new", "x.elf"}, {"--power-state-format", "'new'"});
    expect_error({"--osi", "--no-osi", "x.elf"}, {"--osi and --no-osi"});
    expect_error({"--ram-size", "lots", "x.elf"}, {"--ram-size", "'lots'"});
    expect_error({"--ram-size", "64K", "x.elf"}, {"--ram-size: 65536 bytes"});
    expect_error({"--cluster-freq", "1GHz,", "x.elf"}, {"--cluster-freq", "''"});
    expect_error({"--cluster-freq", "1GHz,2GHz,3GHz", "x.elf"},
                 {"--cluster-freq", "3 frequencies"});
    expect_error({"--timer-freq", "0Hz", "x.elf"}, {"--timer-freq: 0Hz"});
    expect_error({"--quantum", "1.5ns", "x.elf"}, {"--quantum"});
    expect_error({"--psci-version", "0.2", "--osi", "x.elf"}, {"osi", "PSCI 1.0"});
    expect_error({"a.elf", "b.elf"}, {"more than one ELF", "a.elf", "b.elf"});
    expect_error({"--report", "", "x.elf"}, {"--report", "empty file name"});
    expect_error({"--config", "/nonexistent/c.json", "x.elf"},
                 {"/nonexistent/c.json", "cannot open"});
    expect_error({"--topology", "2x4", "--topology", "1x1", "x.elf"}, {"topology"});
}
