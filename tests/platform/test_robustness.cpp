// Issue 15 at the unit level: bounded error messages, the limits validation enforces,
// input and output path checks, the streamed report (identical to the in-memory one,
// exact counts), the bounded timeline, and ELF headers libelf would misreport.
#include "cli/cli.hpp"
#include "config/config.hpp"
#include "elf_synth.hpp"
#include "loader/elf_loader.hpp"
#include "loader/linux_loader.hpp"
#include "report/recorder.hpp"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace pscisim;
using nlohmann::json;

namespace
{

constexpr uint64_t ram_base = 0x40000000; // the virt machine's RAM

std::string error_of(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const usage_error &e) {
        return e.what();
    }
    return "(no error)";
}

std::string temp_path(const std::string &name)
{
    return ::testing::TempDir() + "pscisim_robust_" + std::to_string(getpid()) + "_" + name;
}

} // namespace

// ---- item 1 ----

TEST(RobustConfig, DeepValueInAnErrorIsPrintedBounded)
{
    json deep = json::array();
    json *p = &deep;
    for (int i = 0; i < 100000; ++i) {
        p->push_back(json::array());
        p = &(*p)[0];
    }
    json doc = json::object();
    doc["ram_size"] = std::move(deep); // moved: copying is recursive in nlohmann
    sim_config c = preset_config("fvp");
    std::string m = error_of([&] { apply_config_json(c, doc, "f.json"); });
    EXPECT_EQ(m, "f.json: ram_size: expected a size such as \"256M\", got [[[...]]]");
    std::string big(1 << 20, 'x');
    m = error_of([&] { apply_config_json(c, json{{"osi", big}}, "f.json"); });
    EXPECT_LT(m.size(), 200u);
    // nlohmann's destructor of a 100,000-deep value must not overflow either (it is
    // iterative); reaching here means it did not.
}

TEST(RobustConfig, NestingIsRefusedWhileParsing)
{
    std::string text = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    std::string m = error_of([&] { parse_config_text(text, "deep.json"); });
    EXPECT_EQ(m,
              "deep.json: nested deeper than 16 levels (the configuration schema needs at most 5)");
    EXPECT_NO_THROW(parse_config_text(config_to_json(preset_config("fvp")).dump(), "echo"));
}

// A key given twice would silently lose one value (the parser keeps the last): refused,
// naming the key's path (found by the audit's probe, beside items 1 and 5).
TEST(RobustConfig, DuplicateKeysAreRefusedByPath)
{
    auto m = [](const std::string &text) {
        return error_of([&] { parse_config_text(text, "d.json"); });
    };
    EXPECT_EQ(m(R"({"ram_size": "256M", "ram_size": "1M"})"),
              "d.json: key 'ram_size' is given twice (only one value would be used)");
    EXPECT_EQ(m(R"({"latencies": {"core": {"off": {"entry_us": 1}}, "core": {}}})"),
              "d.json: key 'latencies.core' is given twice (only one value would be used)");
    EXPECT_EQ(m(R"({"clusters": [{"cores": 1}, [1, {}], {"cores": 2, "cores": 3}]})"),
              "d.json: key 'clusters[2].cores' is given twice (only one value would be used)");
    // A number beyond the range of a double is refused like any bad JSON (it escaped
    // as an uncaught out_of_range exception: SystemC's E549, exit status 1).
    EXPECT_EQ(m(R"({"ram_size": 1e400})"),
              "d.json: not valid JSON: [json.exception.out_of_range.406] number overflow parsing "
              "'1e400'");
    // The same key in different objects is no duplicate.
    EXPECT_EQ(m(R"({"clusters": [{"cores": 1}, {"cores": 2}],
                    "latencies": {"core": {"off": null}, "cluster": {"off": null}}})"),
              "(no error)");
}

// ---- item 2 ----

TEST(RobustConfig, LevelsMustOfferAUsableState)
{
    auto check = [](const char *doc, const std::string &field) {
        sim_config c = preset_config("fvp");
        apply_config_json(c, json::parse(doc), "f.json");
        std::string m = error_of([&] { validate_config(c); });
        EXPECT_EQ(m.rfind(field, 0), 0u) << m;
    };
    check(R"({"latencies": {"core": {"off": null}}})", "latencies.core.off: must not be null");
    check(R"({"latencies": {"cluster": {"retention": null, "off": null}}})",
          "latencies.cluster: retention and off are both null");
    check(R"({"latencies": {"system": {"off": null}}})", "latencies.system: retention and off");
    // One state per level is enough.
    sim_config c = preset_config("fvp");
    apply_config_json(c, json::parse(R"({"latencies": {"core": {"retention": null},
                                                        "cluster": {"off": null}}})"),
                      "f.json");
    EXPECT_NO_THROW(validate_config(c));
}

// ---- items 3, 4, 10 ----

TEST(RobustConfig, TimeRangeFrequencyAndCostLimits)
{
    sim_config c = preset_config("fvp");
    c.timer_frequency_hz = max_timer_frequency_hz;
    EXPECT_NO_THROW(validate_config(c));
    c.timer_frequency_hz = max_timer_frequency_hz + 1;
    EXPECT_NE(error_of([&] { validate_config(c); }).find("CNTFRQ_EL0 is 32 bits"),
              std::string::npos);

    c = preset_config("fvp");
    c.max_time_ns = max_sim_time_ns;
    EXPECT_NO_THROW(validate_config(c));
    c.max_time_ns = max_sim_time_ns + 1;
    EXPECT_NE(error_of([&] { validate_config(c); }).find("beyond the simulated time range"),
              std::string::npos);

    // 1e12 cycles at 1 kHz is 1e9 s: refused, naming the field and the frequency.
    c = preset_config("fvp");
    c.clusters[0].frequency_hz = 1000;
    c.firmware.dispatch_cycles = 1000000000000ull;
    EXPECT_EQ(error_of([&] {
                  validate_config(c);
              }).rfind("firmware.dispatch_cycles at clusters[0].frequency 1kHz is too long", 0),
              0u);
    // Cache clean: cycles per KiB x KiB beyond the time range.
    c = preset_config("fvp");
    c.firmware.cache_clean_cycles_per_kib = 1000000000000ull;
    c.clusters[0].l2_kib = 16384; // CCSIDR can express it; the cost still overflows
    EXPECT_NE(error_of([&] { validate_config(c); }).find("cache_clean_cycles_per_kib"),
              std::string::npos);
    c = preset_config("fvp");
    c.latencies.at(power_level::cluster, local_state::off)->exit_ns = max_single_cost_ns + 1;
    EXPECT_NE(error_of([&] { validate_config(c); }).find("latencies.cluster.off.exit_us"),
              std::string::npos);
}

TEST(RobustConfig, QuantumIsClampedToMaxTime)
{
    config_overrides ov;
    ov.quantum_ns = 1000000000;
    ov.max_time_ns = 50000000;
    EXPECT_EQ(resolve_config(std::nullopt, ov).quantum_ns, 50000000u);
    ov.max_time_ns = 5000000000ull;
    EXPECT_EQ(resolve_config(std::nullopt, ov).quantum_ns, 1000000000u);
}

// ---- audit follow-up: errors found after the layers are merged name their origin ----

// Range and consistency errors are found once the file and the command line are merged;
// each must say where the offending value came from: the file and its key, or the
// flag as typed (not the file's key spelling of a flag's value).
TEST(RobustConfig, MergedErrorsNameTheFileKeyOrTheFlag)
{
    std::string cfg = temp_path("origin.json");
    auto with_file = [&](const std::string &doc, std::vector<const char *> args) {
        std::ofstream(cfg) << doc;
        args.insert(args.begin(), {"pscisim", "-c", cfg.c_str()});
        if (std::string(args.back()).find(".elf") == std::string::npos) args.push_back("g.elf");
        return error_of([&] {
            config_from_cli(parse_command_line(static_cast<int>(args.size()), args.data()).options);
        });
    };
    auto flags = [&](std::vector<const char *> args) { return with_file("{}", args); };
    // From the file: "<file>: <key>: ...".
    EXPECT_EQ(with_file(R"({"latencies": {"cluster": {"retention": null, "off": null}}})", {}),
              cfg + ": latencies.cluster: retention and off are both null; a power level must "
                    "offer at least one low-power state");
    EXPECT_EQ(with_file(R"({"clusters": [{"cores": 1, "name": "9x"}]})", {})
                  .rfind(cfg + ": clusters[0].name: '9x' is not a valid name", 0),
              0u);
    EXPECT_EQ(with_file(R"({"timer_frequency": "5GHz"})", {})
                  .rfind(cfg + ": timer_frequency: 5GHz; must be above 0", 0),
              0u);
    EXPECT_EQ(with_file(R"({"ram_size": 4097})", {}),
              cfg + ": ram_size: 4097 bytes; must be a multiple of 4KiB from 1MiB to 4GiB");
    EXPECT_EQ(with_file(R"({"latencies": {"core": {"off": {"min_residency_us": 1}}}})", {})
                  .rfind(cfg + ": latencies.core.off: min_residency_us (1) is below entry_us", 0),
              0u);
    EXPECT_EQ(with_file(R"({"clusters": [{"cores": 1, "cpu": "arm,cortex-x1"}]})", {})
                  .rfind(cfg + ": clusters[0].cpu: 'arm,cortex-x1' is not a modelled core", 0),
              0u);
    EXPECT_EQ(with_file(R"({"preset": "qemu"})", {}),
              cfg + ": preset: unknown latency preset 'qemu' (expected fvp or juno)");
    // From a flag, long or short as typed, with "=" or without.
    EXPECT_EQ(flags({"--timer-freq", "5GHz"}),
              "--timer-freq: 5GHz; must be above 0 and at most 4294967295Hz (CNTFRQ_EL0 is 32 "
              "bits)");
    EXPECT_EQ(flags({"--max-time", "20000000s"}),
              "--max-time: 20000000s is beyond the simulated time range (at most 18000000s)");
    EXPECT_EQ(flags({"-m", "3"}), "-m: 3 bytes; must be a multiple of 4KiB from 1MiB to 4GiB");
    EXPECT_EQ(flags({"--ram-size=5G"}).rfind("--ram-size: 5368709120 bytes", 0), 0u);
    EXPECT_EQ(flags({"-t", "16x16"}), "-t: 256 cores in total; at most 64");
    EXPECT_EQ(flags({"--quantum", "2s"}), "--quantum: 2s; must be above 0 and at most 1s");
    EXPECT_EQ(flags({"--cluster-freq", "20GHz"}),
              "--cluster-freq: 20GHz; must be above 0 and at most 10GHz");
    EXPECT_EQ(flags({"--cluster-freq", "1GHz,20GHz"}),
              "--cluster-freq: clusters[1].frequency: 20GHz; must be above 0 and at most 10GHz");
    EXPECT_EQ(flags({"--boot-el", "3", "--entry", "0x2"}),
              "--entry: reset address not 4-byte aligned");
    // A value the file's key set, beside the flag the check is about.
    EXPECT_EQ(with_file(R"({"psci_version": "0.2"})", {"--osi"}),
              "--osi: OS-initiated mode needs PSCI 1.0 or later, but psci_version is 0.2 (from " +
                  cfg + ")");
    EXPECT_EQ(with_file(R"({"boot_el": 2})", {"--entry", "0x4"}),
              "--entry needs --boot-el 3 (firmware mode); the boot EL is 2 (from " + cfg + ")");
    EXPECT_EQ(with_file(R"({"conduit": "hvc"})", {}),
              cfg + ": conduit: hvc needs --boot-el 1: a guest booted at EL2 owns HVC");
    EXPECT_EQ(with_file(R"({"conduit": "hvc"})", {"--boot-el", "2"}),
              cfg + ": conduit: hvc needs --boot-el 1 (the boot EL is 2, from --boot-el): a "
                    "guest booted at EL2 owns HVC");
    EXPECT_EQ(with_file(R"({"boot_el": 2})", {"--conduit", "hvc"}),
              "--conduit hvc needs --boot-el 1 (the boot EL is 2, from " + cfg +
                  "): a guest booted at EL2 owns HVC");
    EXPECT_EQ(flags({"--psci-version", "0.2", "--power-state-format", "extended"}),
              "--power-state-format: extended needs PSCI 1.0 or later, but psci_version is 0.2 "
              "(from --psci-version)");
    // A firmware cost from the file at a frequency from the command line.
    EXPECT_EQ(
        with_file(R"({"firmware": {"dispatch_cycles": 1000000000000}})", {"--cluster-freq", "1kHz"})
            .rfind(cfg + ": firmware.dispatch_cycles at clusters[0].frequency 1kHz (from "
                         "--cluster-freq) is too long",
                   0),
        0u);
    // --topology adds a cluster whose default name the file already gave another.
    EXPECT_EQ(with_file(R"({"clusters": [{"cores": 2, "name": "cluster1"}]})", {"-t", "2x1"}),
              "-t: clusters[1].name: 'cluster1' is also the name of clusters[0] (from " + cfg +
                  "); each cluster needs its own name");
    // Clusters --topology adds copy the last one's attributes, and their origin.
    EXPECT_EQ(with_file(R"({"clusters": [{"cores": 1, "frequency": "20GHz"}]})", {"-t", "1,1"}),
              cfg + ": clusters[0].frequency: 20GHz; must be above 0 and at most 10GHz");
    config_origins o;
    o.from_file("clusters[0]", "f.json");
    o.from_flag("clusters", "--topology");
    o.copy_subtree("clusters[0]", "clusters[1]");
    EXPECT_EQ(o.where("clusters[1].cpu"), "f.json: clusters[1].cpu");
    EXPECT_EQ(o.where("clusters[10].cpu"), "clusters[10].cpu"); // not under clusters[1]
    EXPECT_EQ(o.where("ram_size"), "ram_size");                 // a default
    EXPECT_EQ(o.from("ram_size"), "");
    std::remove(cfg.c_str());
}

// ---- audit follow-up: the kernel command line fits Linux/arm64's COMMAND_LINE_SIZE ----

TEST(RobustInputs, KernelCommandLineFitsCommandLineSize)
{
    ASSERT_EQ(arm64_command_line_size, 2048u);
    const std::string fits(arm64_command_line_size - 1, 'a'), too_long = fits + "b";
    auto cli = [](const std::string &append) {
        std::vector<const char *> a = {"pscisim", "--append", append.c_str(), "g.elf"};
        return error_of([&] { parse_command_line(static_cast<int>(a.size()), a.data()); });
    };
    EXPECT_EQ(cli(fits), "(no error)");
    EXPECT_EQ(cli(too_long),
              "--append: the kernel command line is 2048 bytes; Linux/arm64 takes at most 2047 "
              "(COMMAND_LINE_SIZE 2048 with the terminating NUL) and would cut the rest off");
    // A --dtb whose own /chosen/bootargs the kernel would truncate; with and without
    // its terminating NUL (the kernel copies up to the property's end then).
    auto blob_with = [](const std::string &args, bool nul) {
        std::vector<uint8_t> b(16384);
        EXPECT_EQ(fdt_create_empty_tree(b.data(), static_cast<int>(b.size())), 0);
        int chosen = fdt_add_subnode(b.data(), 0, "chosen");
        EXPECT_GE(chosen, 0);
        EXPECT_EQ(fdt_setprop(b.data(), chosen, "bootargs", args.c_str(),
                              static_cast<int>(args.size() + (nul ? 1 : 0))),
                  0);
        return b;
    };
    chosen_patch p;
    p.ram_base = ram_base;
    p.ram_size = 256u << 20;
    for (bool nul : {true, false}) {
        EXPECT_EQ(error_of([&] { patch_dtb(blob_with(fits, nul), p, "u.dtb"); }), "(no error)");
        EXPECT_EQ(error_of([&] { patch_dtb(blob_with(too_long, nul), p, "u.dtb"); }),
                  "u.dtb: /chosen/bootargs: the kernel command line is 2048 bytes; Linux/arm64 "
                  "takes at most 2047 (COMMAND_LINE_SIZE 2048 with the terminating NUL) and "
                  "would cut the rest off");
    }
    // --append replaces the blob's command line: a long one in the blob no longer counts.
    p.bootargs = "console=ttyAMA0";
    EXPECT_EQ(error_of([&] { patch_dtb(blob_with(too_long, true), p, "u.dtb"); }), "(no error)");
    p.bootargs = too_long;
    EXPECT_NE(error_of([&] {
                  patch_dtb(blob_with(fits, true), p, "u.dtb");
              }).find("u.dtb: /chosen/bootargs: the kernel command line is 2048 bytes"),
              std::string::npos);
}

// ---- audit follow-up: more hostile inputs ----

// Bytes that are not well-formed UTF-8 (or are C1 controls) reach the terminal escaped,
// as the parser's "last read: '<byte>'" of a UTF-16 file did raw.
TEST(RobustMessages, OneLineEscapesMalformedUtf8)
{
    EXPECT_EQ(one_line("a\xff\xfe"), "a\\xff\\xfe");
    EXPECT_EQ(one_line("\xc0\xaf"), "\\xc0\\xaf");                   // overlong '/'
    EXPECT_EQ(one_line("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a surrogate
    EXPECT_EQ(one_line("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"); // above U+10FFFF
    EXPECT_EQ(one_line("\xc2\x9b[31m"), "\\xc2\\x9b[31m");           // C1 CSI
    EXPECT_EQ(one_line("caf\xc3"), "caf\\xc3");                      // cut short
    EXPECT_EQ(one_line("\xf0\x9f\x98\x80 \xe2\x82\xac \xc2\xa0"),
              "\xf0\x9f\x98\x80 \xe2\x82\xac \xc2\xa0"); // 4, 3 and 2 bytes kept
}

TEST(RobustConfig, ConfigTextIsUtf8WithoutNulAndAnObject)
{
    // The JSON parser stops at a NUL and would ignore the rest silently.
    EXPECT_EQ(error_of([] { parse_config_text(std::string("{}\0{\"osi\": 1}", 13), "n.json"); }),
              "n.json: a NUL byte at offset 2; JSON text has none");
    for (const std::string &t : {std::string("\xff\xfe{\0}\0", 6), std::string("{\0}\0", 4),
                                 std::string("\xfe\xff\0{\0}", 6)})
        EXPECT_EQ(error_of([&] { parse_config_text(t, "u.json"); }),
                  "u.json: not UTF-8 (UTF-16 or UTF-32 text?); save the configuration as UTF-8");
    // A UTF-8 byte-order mark is allowed (RFC 8259 section 8.1).
    EXPECT_EQ(parse_config_text("\xef\xbb\xbf{\"osi\": true}", "b.json")["osi"], true);
    for (const char *top : {"[]", "[{\"osi\": true}]", "42", "\"x\"", "null"}) {
        sim_config c = preset_config("fvp");
        EXPECT_EQ(error_of([&] {
                      apply_config_json(c, parse_config_text(top, "t.json"), "t.json");
                  }).rfind("t.json: (top level): expected an object, got ", 0),
                  0u)
            << top;
    }
}

TEST(RobustInputs, LoadRangesMustNotOverlap)
{
    EXPECT_EQ(error_of([] {
                  check_load_overlaps({{"g.elf segment 0", 0x40080000, 0x10},
                                       {"--load a.bin", 0x40070000, 0x10000},
                                       {"--load b.bin", 0x4007f000, 0x1001}});
              }),
              "--load b.bin [0x4007f000, 0x40080001) overlaps g.elf segment 0 [0x40080000, "
              "0x40080010); one would overwrite the other");
    EXPECT_EQ(error_of([] {
                  check_load_overlaps(
                      {{"--load a.bin", 0x48000000, 0x1000}, {"--load b.bin", 0x48000800, 0x1000}});
              }),
              "--load b.bin [0x48000800, 0x48001800) overlaps --load a.bin [0x48000000, "
              "0x48001000); one would overwrite the other");
    // Touching ranges and empty ones do not overlap.
    EXPECT_EQ(error_of([] {
                  check_load_overlaps(
                      {{"a", 0x1000, 0x1000}, {"b", 0x2000, 0x1000}, {"empty", 0x1800, 0}});
              }),
              "(no error)");
}

// ---- item 5 ----

TEST(RobustMessages, OneLineEscapesControlCharacters)
{
    EXPECT_EQ(one_line("smc\nhvc\r\t\x1b[0m\x7f"), "smc\\nhvc\\r\\t\\x1b[0m\\x7f");
    EXPECT_EQ(one_line("caf\xc3\xa9"), "caf\xc3\xa9"); // UTF-8 kept
    EXPECT_EQ(one_line(std::string(10, 'a'), 4), "aaaa...");
}

// ---- item 6 ----

TEST(RobustInputs, NonRegularFilesAreNotRead)
{
    EXPECT_EQ(error_of([] { parse_elf_file("/dev/zero", ram_base, 1 << 24); }),
              "/dev/zero: not a regular file (expected an ELF file, not a device, FIFO or socket)");
    EXPECT_EQ(error_of([] { read_config_file("/dev/urandom"); }),
              "/dev/urandom: not a regular file (expected a configuration file, not a device, "
              "FIFO or socket)");
    std::string dir = ::testing::TempDir();
    EXPECT_EQ(error_of([&] { parse_elf_file(dir, ram_base, 1 << 24); }),
              dir + ": is a directory, not an ELF file");
    std::string fifo = temp_path("fifo");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(error_of([&] { read_config_file(fifo); }).find("not a regular file"),
              std::string::npos); // and did not block
    ::unlink(fifo.c_str());
    // Every other input file is checked the same way before it is read: the initrd,
    // --dtb, --load and --uart-input (a device or FIFO there read without end or
    // blocked; a directory gave "basic_filebuf::underflow error" with no name).
    elf_image img;
    EXPECT_EQ(error_of([&] { add_initrd(img, "/dev/zero", ram_base, 1 << 24); }),
              "/dev/zero: not a regular file (expected an initrd, not a device, FIFO or socket)");
    EXPECT_EQ(error_of([&] { read_dtb_file(dir); }), dir + ": is a directory, not a device tree");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(error_of([&] { add_initrd(img, fifo, ram_base, 1 << 24); }).find("not a regular"),
              std::string::npos);
    ::unlink(fifo.c_str());
    std::string big = temp_path("big.json");
    std::ofstream(big) << std::string(max_config_file_size + 1, ' ');
    EXPECT_NE(error_of([&] { read_config_file(big); }).find("too large"), std::string::npos);
    ::unlink(big.c_str());
}

TEST(RobustInputs, ElfVersionIsCheckedByName)
{
    pscisim_test::synth_elf e;
    std::vector<uint8_t> img = e.build();
    for (uint8_t v : {0, 3, 255}) {
        img[EI_VERSION] = v;
        EXPECT_EQ(error_of([&] { parse_elf(img.data(), img.size(), "g.elf", ram_base, 1 << 24); }),
                  "g.elf: unsupported ELF version " + std::to_string(v) +
                      " in e_ident (expected 1, EV_CURRENT)");
    }
    img[EI_VERSION] = EV_CURRENT;
    EXPECT_NO_THROW(parse_elf(img.data(), img.size(), "g.elf", ram_base, 1 << 24));
}

// ---- item 8 ----

TEST(RobustOutputs, PathsAreCheckedBeforeTheRun)
{
    std::string elf = temp_path("g.elf"), cfg = temp_path("c.json");
    std::ofstream(elf) << "x";
    std::ofstream(cfg) << "{}";
    auto check = [&](void (*set)(cli_options &, const std::string &), const std::string &path) {
        cli_options o;
        o.elf_path = elf;
        o.config_path = cfg;
        set(o, path);
        return error_of([&] { check_output_paths(o); });
    };
    auto report = [](cli_options &o, const std::string &p) { o.report_path = p; };
    auto vcd = [](cli_options &o, const std::string &p) { o.vcd_path = p; };
    auto two = [](cli_options &o, const std::string &p) {
        o.report_path = p;
        o.timeline_path = p;
    };
    EXPECT_EQ(check(report, ::testing::TempDir()),
              "--report: '" + ::testing::TempDir() + "' is a directory");
    EXPECT_NE(check(vcd, temp_path("nodir/x.vcd")).find("does not exist"), std::string::npos);
    EXPECT_NE(check(vcd, elf).find("is the guest ELF"), std::string::npos);
    EXPECT_NE(check(report, cfg).find("is the --config file"), std::string::npos);
    EXPECT_NE(check(two, temp_path("new.out")).find("--timeline: '"), std::string::npos);
    EXPECT_NE(check(two, temp_path("new.out")).find("is also given to --report"),
              std::string::npos);
    EXPECT_EQ(check(two, "/dev/null"), "(no error)");
    EXPECT_EQ(check(report, temp_path("new.json")), "(no error)");
    // --uart-file paths are outputs like the others.
    auto uart1 = [](cli_options &o, const std::string &p) { o.uart_files.push_back({"uart1", p}); };
    auto uart_and_vcd = [](cli_options &o, const std::string &p) {
        o.vcd_path = p;
        o.uart_files.push_back({"uart1", p});
    };
    EXPECT_EQ(check(uart1, ::testing::TempDir()),
              "--uart-file uart1: '" + ::testing::TempDir() + "' is a directory");
    EXPECT_NE(check(uart1, temp_path("nodir/u.log")).find("does not exist"), std::string::npos);
    EXPECT_NE(check(uart1, elf).find("is the guest ELF"), std::string::npos);
    EXPECT_NE(check(uart_and_vcd, temp_path("new.out")).find("is also given to --vcd"),
              std::string::npos);
    EXPECT_EQ(check(uart1, temp_path("u1.log")), "(no error)");
    // Every input is protected, not only the ELF and the configuration.
    std::string in = temp_path("input.bin");
    std::ofstream(in) << "abc";
    auto with_input = [&](void (*set_in)(cli_options &, const std::string &)) {
        cli_options o;
        o.elf_path = elf;
        set_in(o, in);
        o.report_path = in;
        return error_of([&] { check_output_paths(o); });
    };
    EXPECT_EQ(with_input([](cli_options &o, const std::string &p) { o.initrd_path = p; }),
              "--report: '" + in + "' is the --initrd file: an output must not overwrite an input");
    EXPECT_NE(with_input([](cli_options &o, const std::string &p) {
                  o.dtb_in_path = p;
              }).find("is the --dtb file"),
              std::string::npos);
    EXPECT_NE(with_input([](cli_options &o, const std::string &p) {
                  o.uart_input = p;
              }).find("is the --uart-input file"),
              std::string::npos);
    EXPECT_NE(with_input([](cli_options &o, const std::string &p) {
                  o.raw_images.push_back({p, 0x48000000});
              }).find("is a --load file"),
              std::string::npos);
    std::ifstream back(in);
    std::string kept((std::istreambuf_iterator<char>(back)), std::istreambuf_iterator<char>());
    EXPECT_EQ(kept, "abc");
    ::unlink(in.c_str());
    // A symbolic-link loop and a dangling link are named as such (both failed only when
    // the output was opened, with no reason given).
    std::string loop_a = temp_path("loop_a"), loop_b = temp_path("loop_b");
    ASSERT_EQ(::symlink(loop_b.c_str(), loop_a.c_str()), 0);
    ASSERT_EQ(::symlink(loop_a.c_str(), loop_b.c_str()), 0);
    EXPECT_EQ(check(report, loop_a),
              "--report: '" + loop_a + "' cannot be used (Too many levels of symbolic links)");
    std::string dangling = temp_path("dangling");
    ASSERT_EQ(::symlink("/nonexistent/dir/x.json", dangling.c_str()), 0);
    EXPECT_EQ(check(report, dangling), "--report: '" + dangling +
                                           "' cannot be created: folder '/nonexistent/dir' "
                                           "does not exist");
    // A dangling link whose target can be created is fine (opening creates the target).
    std::string link_ok = temp_path("link_ok");
    ASSERT_EQ(::symlink(temp_path("link_target.json").c_str(), link_ok.c_str()), 0);
    EXPECT_EQ(check(report, link_ok), "(no error)");
    for (const std::string &l : {loop_a, loop_b, dangling, link_ok})
        ::unlink(l.c_str());
    // '-' is no file the user means to create (standard output is the console).
    EXPECT_EQ(check(report, "-"),
              "--report: '-' is not standard output here; name a file (or /dev/stdout)");
    // A FIFO nobody reads would block the open for ever: refused. With a reader the
    // output goes ahead and the reader does not see end-of-file before it is written.
    std::string fifo = temp_path("out.fifo");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(check(vcd, fifo), "--vcd: '" + fifo + "' is a FIFO that no process reads");
    int rd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(rd, 0);
    EXPECT_EQ(check(vcd, fifo), "(no error)");
    ::close(rd);
    ::unlink(fifo.c_str());
    ::unlink(elf.c_str());
    ::unlink(cfg.c_str());
}

// ---- items 7, 11, 12: the streamed report ----

namespace
{

sim_config one_cluster()
{
    sim_config c = preset_config("fvp");
    c.clusters.resize(1);
    c.clusters[0].cores = 2;
    return c;
}

void power_up(run_recorder &r)
{
    r.set_power_mode(0, power_level::system, 0, 0, power_mode::on);
    r.set_power_mode(0, power_level::cluster, 0, 0, power_mode::on);
    r.set_power_mode(0, power_level::core, 0, 0, power_mode::on);
    r.set_clock_enable(0, 0, 0, true);
}

std::vector<psci_call_record> some_calls(size_t n)
{
    std::vector<psci_call_record> v;
    for (size_t i = 0; i < n; ++i) {
        psci_call_record c;
        c.time_ns = 100 * (i / 3);              // three calls per instant
        c.mpidr = 0x80000000 | (2 - i % 3) % 2; // out of MPIDR order within an instant
        c.function_id = i % 5 == 0 ? 0xC4000001 : 0x84000000;
        c.args = {0x00010000, ~0ull, i};
        c.result = i % 7 == 0 ? -2 : i % 7 == 1 ? 0x10001 : 0;
        if (i % 5 == 0) {
            c.entry_latency_ns = 40000 + i;
            c.exit_latency_ns = 90000 + i;
        }
        v.push_back(c);
    }
    return v;
}

} // namespace

TEST(RobustReport, StreamedReportEqualsTheInMemoryOne)
{
    for (size_t n : {size_t(0), size_t(1), size_t(3000), size_t(10000)}) {
        run_recorder mem(one_cluster(), "bad\xff-name.elf"), str(one_cluster(), "bad\xff-name.elf");
        std::ostringstream streamed;
        str.stream_report(streamed);
        power_up(mem);
        power_up(str);
        for (const auto &c : some_calls(n)) {
            mem.add_psci_call(c);
            str.log_psci_call(c);
        }
        exit_info ex{"system_off", 0, "SYSTEM_OFF"};
        mem.finish(1000000, ex, 0);
        str.finish(1000000, ex, 0);
        nlohmann::ordered_json extra;
        extra["psci_stats"] = nlohmann::ordered_json::array({{{"node", "system"}}});
        str.finish_report_stream(extra);
        auto j = mem.json_report(); // never throws on the non-UTF-8 name
        j["psci_stats"] = extra["psci_stats"];
        EXPECT_EQ(streamed.str(),
                  j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n")
            << n;
        auto parsed = json::parse(streamed.str());
        EXPECT_EQ(parsed["summary"]["psci_calls"], n);
        EXPECT_EQ(parsed["psci_calls"].size(), n);
        EXPECT_EQ(str.psci_call_total(), n);
        EXPECT_EQ(parsed["run"]["elf"], "bad\xef\xbf\xbd-name.elf");
    }
}

TEST(RobustReport, CountsAreExactBeyondAMillionCalls)
{
    run_recorder r(one_cluster(), "many.elf");
    power_up(r);
    psci_call_record c;
    c.function_id = 0x84000000;
    for (uint64_t i = 0; i < 1500000; ++i)
        r.count_psci_call(c);
    r.finish(10, {"system_off", 0, ""}, 0);
    EXPECT_EQ(r.psci_call_total(), 1500000u);
    EXPECT_NE(r.summary_text().find("PSCI_VERSION=1500000"), std::string::npos);
}

TEST(RobustReport, TimelineMemoryIsBounded)
{
    // A million transitions of core1 over 1 s: the track keeps at most 2048 buckets,
    // and the picture still shows the 50/50 on/off pattern of the second half.
    run_recorder r(one_cluster(), "long.elf");
    r.enable_timeline();
    power_up(r);
    uint64_t t = 0;
    for (int i = 0; i < 1000000; ++i) {
        t = 500000000ull + static_cast<uint64_t>(i) * 500;
        r.set_power_mode(t, power_level::core, 0, 1, i % 2 ? power_mode::off : power_mode::on);
    }
    r.finish(1000000000ull, {"system_off", 0, ""}, 0);
    const auto &d = r.domain(power_level::core, 0, 1);
    EXPECT_LE(d.mode_track.buckets(), occupancy_track::max_buckets);
    EXPECT_LE(d.clock_track.buckets(), occupancy_track::max_buckets);
    auto cols = d.mode_track.columns(r.end_ns(), 1000);
    EXPECT_EQ(cols[0], static_cast<unsigned>(power_mode::off)); // first half: off
    EXPECT_EQ(cols[400], static_cast<unsigned>(power_mode::off));
    std::ostringstream svg;
    r.write_svg_timeline(svg);
    EXPECT_LT(svg.str().size(), 100000u);
}

TEST(RobustReport, TimelineMarkersOfStreamedCallsAreBoundedAndCounted)
{
    // 200000 streamed PSCI_VERSION calls of core0 over 1 s and one failing CPU_ON: the
    // recorder keeps bounded summaries, and the picture's tooltips still count every
    // call and mark the error.
    sim_config cfg = one_cluster();
    run_recorder r(cfg, "calls.elf");
    r.enable_timeline();
    std::ostringstream report;
    r.stream_report(report);
    power_up(r);
    psci_call_record c;
    c.mpidr = sim_config::mpidr(0, 0);
    c.function_id = 0x84000000;
    c.result = 0x10001;
    const uint64_t n = 200000;
    for (uint64_t i = 0; i < n; ++i) {
        c.time_ns = 1000 + i * 5000;
        if (i == n / 2) {
            psci_call_record on = c;
            on.function_id = 0xC4000003;
            on.result = -2; // INVALID_PARAMETERS
            r.log_psci_call(on);
        }
        r.log_psci_call(c);
    }
    r.finish(1000000000ull, {"system_off", 0, ""}, 0);
    std::ostringstream svg;
    r.write_svg_timeline(svg);
    const std::string s = svg.str();
    EXPECT_LT(s.size(), 400000u);
    uint64_t total = 0;
    size_t markers = 0;
    for (size_t p = s.find("<title>"); p != std::string::npos; p = s.find("<title>", p + 1)) {
        size_t e = s.find("</title>", p);
        std::string tip = s.substr(p + 7, e - p - 7);
        if (tip.find("PSCI calls from") != std::string::npos) {
            total += std::stoull(tip);
            ++markers;
        } else if (tip.rfind("PSCI_VERSION at", 0) == 0 || tip.rfind("CPU_ON64 at", 0) == 0) {
            ++total;
            ++markers;
        }
    }
    EXPECT_EQ(total, n + 1);
    EXPECT_LE(markers, 1000u); // at most one per pixel column of the row
    EXPECT_EQ(s.find("fill=\"#c62828\"><title>") == std::string::npos, false) << "error marker";
    r.finish_report_stream({});
}

TEST(RobustReport, OccupancyTrackIsExactWhenCoarsened)
{
    occupancy_track t;
    t.add(0, 1000, 0);
    t.add(1000, 3000, 2);
    t.add(3000, 100000, 1); // forces coarser buckets
    EXPECT_LE(t.buckets(), occupancy_track::max_buckets);
    EXPECT_GT(t.bucket_width_ns(), 1u);
    // Columns of 10 us: the first is mostly 1 (7 us of 10), then all 1.
    auto cols = t.columns(100000, 10);
    for (unsigned c : cols)
        EXPECT_EQ(c, 1u);
    auto fine = t.columns(100000, 100); // 1 us columns: 0, then 2, 2, then 1
    EXPECT_EQ(fine[0], 0u);
    EXPECT_EQ(fine[1], 2u);
    EXPECT_EQ(fine[2], 2u);
    EXPECT_EQ(fine[3], 1u);
}
