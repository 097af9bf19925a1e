// Configuration: units, presets, the JSON file format, overrides, validation, echo.
#include "config/config.hpp"
#include "config/units.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace pscisim;
using json = nlohmann::json;

namespace
{

// Expects a usage_error whose message contains every fragment.
template <typename F> void expect_error(F f, std::initializer_list<const char *> fragments)
{
    try {
        f();
        ADD_FAILURE() << "no error; expected one containing '" << *fragments.begin() << "'";
    } catch (const usage_error &e) {
        for (const char *frag : fragments)
            EXPECT_NE(std::string(e.what()).find(frag), std::string::npos)
                << "message '" << e.what() << "' lacks '" << frag << "'";
    }
}

sim_config from_json(const std::string &text)
{
    sim_config c = preset_config("fvp");
    config_origins origins;
    apply_config_json(c, json::parse(text), "test.json", &origins);
    validate_config(c, origins);
    return c;
}

} // namespace

TEST(Units, TimeParsesUnitsExactly)
{
    EXPECT_EQ(parse_time_ns("10ms", "x"), 10000000u);
    EXPECT_EQ(parse_time_ns("500us", "x"), 500000u);
    EXPECT_EQ(parse_time_ns("2s", "x"), 2000000000u);
    EXPECT_EQ(parse_time_ns("1000ns", "x"), 1000u);
    EXPECT_EQ(parse_time_ns("1.5us", "x"), 1500u);
    EXPECT_EQ(parse_time_ns("0.25ms", "x"), 250000u);
}

TEST(Units, TimeRejectsBadInput)
{
    for (const char *bad : {"10", "ms", "1.5ns", "-1ms", "10 ms", "10mss", "1e3ns", "", "1.ms",
                            "99999999999999999999s"})
        expect_error([&] { parse_time_ns(bad, "--max-time"); }, {"--max-time", "invalid time"});
}

TEST(Units, Frequency)
{
    EXPECT_EQ(parse_frequency_hz("1GHz", "x"), 1000000000u);
    EXPECT_EQ(parse_frequency_hz("62.5MHz", "x"), 62500000u);
    EXPECT_EQ(parse_frequency_hz("32kHz", "x"), 32000u);
    EXPECT_EQ(parse_frequency_hz("24000000", "x"), 24000000u);
    EXPECT_EQ(parse_frequency_hz("1ghz", "x"), 1000000000u);
    expect_error([] { parse_frequency_hz("0.5Hz", "--timer-freq"); }, {"--timer-freq", "'0.5Hz'"});
    expect_error([] { parse_frequency_hz("fast", "f"); }, {"'fast'"});
}

TEST(Units, Size)
{
    EXPECT_EQ(parse_size_bytes("256M", "x"), 256u << 20);
    EXPECT_EQ(parse_size_bytes("1G", "x"), 1u << 30);
    EXPECT_EQ(parse_size_bytes("512K", "x"), 512u << 10);
    EXPECT_EQ(parse_size_bytes("256MiB", "x"), 256u << 20);
    EXPECT_EQ(parse_size_bytes("4096", "x"), 4096u);
    expect_error([] { parse_size_bytes("12X", "--ram-size"); }, {"--ram-size", "'12X'"});
}

TEST(Units, Formatting)
{
    EXPECT_EQ(format_time_ns(10000000), "10ms");
    EXPECT_EQ(format_time_ns(1500), "1500ns");
    EXPECT_EQ(format_time_ns(0), "0ns");
    EXPECT_EQ(format_frequency_hz(62500000), "62500kHz");
    EXPECT_EQ(format_frequency_hz(1000000000), "1GHz");
    EXPECT_EQ(format_size_bytes(256u << 20), "256MiB");
}

TEST(Presets, FvpMatchesTfaDeviceTree)
{
    sim_config c = preset_config("fvp");
    auto core_off = *c.latencies.at(power_level::core, local_state::off);
    EXPECT_EQ(core_off.entry_ns, 40000u);
    EXPECT_EQ(core_off.exit_ns, 100000u);
    EXPECT_EQ(core_off.min_residency_ns, 150000u);
    auto cl_off = *c.latencies.at(power_level::cluster, local_state::off);
    EXPECT_EQ(cl_off.entry_ns, 500000u);
    EXPECT_EQ(cl_off.exit_ns, 1000000u);
    EXPECT_EQ(cl_off.min_residency_ns, 2500000u);
    EXPECT_EQ(c.timer_frequency_hz, 100000000u);
    EXPECT_EQ(c.clusters.size(), 2u);
    EXPECT_EQ(c.total_cores(), 8u);
    EXPECT_EQ(c.ram_size, 256u << 20);
    EXPECT_EQ(c.conduit, conduit_kind::smc);
    EXPECT_EQ(c.psci_version.encoded(), 0x10001u);
    EXPECT_EQ(c.boot_el, 2u);
    EXPECT_FALSE(c.osi);
    EXPECT_NO_THROW(validate_config(c));
}

TEST(Presets, JunoMatchesLinuxDeviceTree)
{
    sim_config c = preset_config("juno");
    auto core_off = *c.latencies.at(power_level::core, local_state::off);
    EXPECT_EQ(core_off.entry_ns, 300000u);
    EXPECT_EQ(core_off.exit_ns, 1200000u);
    EXPECT_EQ(core_off.min_residency_ns, 2000000u);
    auto cl_off = *c.latencies.at(power_level::cluster, local_state::off);
    EXPECT_EQ(cl_off.entry_ns, 400000u);
    EXPECT_EQ(cl_off.exit_ns, 1200000u);
    EXPECT_EQ(cl_off.min_residency_ns, 2500000u);
    EXPECT_EQ(c.timer_frequency_hz, 50000000u);
    expect_error([] { preset_config("gem5"); }, {"'gem5'", "fvp or juno"});
}

TEST(ConfigFile, FullExample)
{
    sim_config c = from_json(R"({
        "clusters": [
          {"name": "big", "cores": 2, "frequency": "900MHz", "cpu": "arm,cortex-a57",
           "l1d_kib": 32, "l2_kib": 2048,
           "power_mw": {"core": {"on": 477, "retention": 48}}},
          {"cores": 4, "frequency": 650000000}
        ],
        "ram_size": "512M", "timer_frequency": "50MHz", "quantum": "2us",
        "conduit": "hvc", "psci_version": "1.0", "power_state_format": "extended",
        "osi": true, "boot_el": 1,
        "latencies": {"core": {"off": {"entry_us": 41, "exit_us": 101.5, "min_residency_us": 160}},
                      "cluster": {"retention": null}},
        "firmware": {"dispatch_cycles": 2000, "power_up_ramp_us": 12},
        "power_mw": {"system": {"on": 300}}
    })");
    ASSERT_EQ(c.clusters.size(), 2u);
    EXPECT_EQ(c.clusters[0].name, "big");
    EXPECT_EQ(c.clusters[0].frequency_hz, 900000000u);
    EXPECT_EQ(c.clusters[0].cpu, "arm,cortex-a57");
    EXPECT_EQ(c.clusters[0].l2_kib, 2048u);
    EXPECT_EQ(c.clusters[0].core_power.on_mw, 477);
    EXPECT_EQ(c.clusters[0].core_power.retention_mw, 48);
    EXPECT_EQ(c.clusters[0].core_power.off_mw, 0);
    EXPECT_EQ(c.clusters[1].name, "cluster1");
    EXPECT_EQ(c.clusters[1].cores, 4u);
    EXPECT_EQ(c.clusters[1].frequency_hz, 650000000u);
    EXPECT_EQ(c.clusters[1].cpu, "arm,cortex-a53");
    EXPECT_EQ(c.ram_size, 512u << 20);
    EXPECT_EQ(c.timer_frequency_hz, 50000000u);
    EXPECT_EQ(c.quantum_ns, 2000u);
    EXPECT_EQ(c.conduit, conduit_kind::hvc);
    EXPECT_EQ(c.psci_version.encoded(), 0x10000u);
    EXPECT_EQ(c.state_format, power_state_format::extended);
    EXPECT_TRUE(c.osi);
    EXPECT_EQ(c.boot_el, 1u);
    auto co = *c.latencies.at(power_level::core, local_state::off);
    EXPECT_EQ(co.entry_ns, 41000u);
    EXPECT_EQ(co.exit_ns, 101500u);
    EXPECT_EQ(co.min_residency_ns, 160000u);
    EXPECT_FALSE(c.latencies.at(power_level::cluster, local_state::retention).has_value());
    EXPECT_TRUE(c.latencies.at(power_level::cluster, local_state::off).has_value());
    EXPECT_EQ(c.firmware.dispatch_cycles, 2000u);
    EXPECT_EQ(c.firmware.power_up_ramp_ns, 12000u);
    EXPECT_EQ(c.firmware.cache_clean_cycles_per_kib, 64u); // preset value kept
    EXPECT_EQ(c.system_power.on_mw, 300);
}

TEST(ConfigFile, TopLevelPowerAppliesToEveryCluster)
{
    sim_config c = from_json(R"({"power_mw": {"core": {"on": 200}},
                                 "clusters": [{"cores": 1}, {"cores": 2, "power_mw": {"core": {"on": 90}}}]})");
    EXPECT_EQ(c.clusters[0].core_power.on_mw, 200);
    EXPECT_EQ(c.clusters[1].core_power.on_mw, 90);
}

TEST(ConfigFile, UnknownKeysAreNamed)
{
    expect_error([] { from_json(R"({"clusterz": []})"); }, {"test.json", "unknown key 'clusterz'"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 2, "freq": "1GHz"}]})"); },
                 {"unknown key 'clusters[0].freq'"});
    expect_error([] { from_json(R"({"latencies": {"core": {"off": {"entry": 1}}}})"); },
                 {"unknown key 'latencies.core.off.entry'"});
    expect_error([] { from_json(R"({"latencies": {"l3": {}}})"); }, {"unknown key 'latencies.l3'"});
    expect_error([] { from_json(R"({"firmware": {"dispatch": 1}})"); },
                 {"unknown key 'firmware.dispatch'"});
    expect_error([] { from_json(R"({"power_mw": {"core": {"idle": 1}}})"); },
                 {"unknown key 'power_mw.core.idle'"});
}

TEST(ConfigFile, BadValuesAreNamed)
{
    expect_error([] { from_json(R"({"latencies": {"core": {"off": {"entry_us": -5}}}})"); },
                 {"latencies.core.off.entry_us", "negative"});
    expect_error([] { from_json(R"({"latencies": {"core": {"off": {"exit_us": "100"}}}})"); },
                 {"latencies.core.off.exit_us", "expected a number"});
    expect_error([] { from_json(R"({"latencies": {"core": {"off": {"min_residency_us": 10}}}})"); },
                 {"latencies.core.off", "min_residency_us (10)", "entry_us (40)"});
    expect_error([] { from_json(R"({"latencies": {"system": {"retention": {"entry_us": 1}}}})"); },
                 {"latencies.system.retention", "needs entry_us, exit_us and min_residency_us"});
    expect_error([] { from_json(R"({"latencies": {"core": {"off": {"entry_us": 0.0001}}}})"); },
                 {"entry_us", "whole number of nanoseconds"});
    expect_error([] { from_json(R"({"clusters": []})"); }, {"clusters", "non-empty"});
    expect_error([] { from_json(R"({"clusters": [{"frequency": "1GHz"}]})"); },
                 {"clusters[0]", "\"cores\""});
    expect_error([] { from_json(R"({"clusters": [{"cores": 0}]})"); },
                 {"clusters[0].cores", "0 cores", "1..16"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 17}]})"); },
                 {"clusters[0].cores", "17"});
    expect_error([] { from_json(R"({"clusters": [{"cores": -1}]})"); },
                 {"clusters[0].cores", "non-negative integer"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 2.5}]})"); }, {"clusters[0].cores"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "frequency": 0}]})"); },
                 {"test.json: clusters[0].frequency: 0Hz"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "frequency": "1Gz"}]})"); },
                 {"clusters[0].frequency", "'1Gz'"});
    expect_error(
        [] {
            from_json(R"({"clusters": [{"cores": 1, "name": "a"}, {"cores": 1, "name": "a"}]})");
        },
        {"clusters[1].name", "'a'"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "name": "big cluster"}]})"); },
                 {"clusters[0].name", "'big cluster'", "not a valid name"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "name": "0big"}]})"); },
                 {"clusters[0].name", "'0big'"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "name": ""}]})"); },
                 {"clusters[0].name", "''"});
    EXPECT_EQ(from_json(R"({"clusters": [{"cores": 1, "name": "big_A57-0"}]})").clusters[0].name,
              "big_A57-0");
    expect_error([] { from_json(R"({"ram_size": "512K"})"); }, {"ram_size", "1MiB to 4GiB"});
    expect_error([] { from_json(R"({"ram_size": "8G"})"); }, {"ram_size"});
    expect_error([] { from_json(R"({"ram_size": 1048577})"); }, {"ram_size", "multiple of 4KiB"});
    expect_error([] { from_json(R"({"timer_frequency": 0})"); }, {"timer_frequency"});
    expect_error([] { from_json(R"({"quantum": 5})"); }, {"quantum", "time with unit"});
    expect_error([] { from_json(R"({"conduit": "svc"})"); }, {"conduit", "'svc'"});
    expect_error([] { from_json(R"({"psci_version": "0.1"})"); }, {"psci_version", "'0.1'"});
    expect_error([] { from_json(R"({"psci_version": 1.1})"); },
                 {"psci_version", "expected a string"});
    expect_error([] { from_json(R"({"boot_el": 4})"); }, {"boot_el", "4", "1, 2 or 3"});
    expect_error([] { from_json(R"({"osi": "yes"})"); }, {"osi", "true or false"});
    expect_error([] { from_json(R"({"preset": "qemu"})"); }, {"preset", "'qemu'"});
    expect_error([] { from_json(R"({"power_mw": {"core": {"on": -1}}})"); }, {"power_mw.core.on"});
    expect_error([] { from_json(R"([1, 2])"); }, {"expected an object"});
    expect_error([] { from_json(R"({"psci_version": "0.2", "osi": true})"); },
                 {"osi", "PSCI 1.0 or later", "0.2"});
    expect_error([] { from_json(R"({"psci_version": "0.2", "power_state_format": "extended"})"); },
                 {"power_state_format", "PSCI 1.0"});
}

TEST(ConfigFile, CpuAndCachesMustBeOnesTheIssDescribes)
{
    // The ISS gives each core type its MIDR and IMPLEMENTATION DEFINED registers and
    // describes the caches in CLIDR/CCSIDR: other names and sizes are rejected.
    for (const char *cpu :
         {"arm,cortex-a53", "arm,cortex-a55", "arm,cortex-a57", "arm,cortex-a72", "arm,cortex-a76"})
        EXPECT_NO_THROW(
            from_json(std::string(R"({"clusters": [{"cores": 1, "cpu": ")") + cpu + "\"}]}"));
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "cpu": "arm,cortex-a9"}]})"); },
                 {"clusters[0].cpu", "'arm,cortex-a9'", "not a modelled core"});
    expect_error([] { from_json(R"({"clusters": [{"cores": 1, "l2_kib": 1048576}]})"); },
                 {"clusters[0]", "l2_kib 1048576", "L2"});
}

TEST(ConfigFile, TooManyCores)
{
    expect_error(
        [] {
            from_json(
                R"({"clusters": [{"cores":16},{"cores":16},{"cores":16},{"cores":16},{"cores":1}]})");
        },
        {"65 cores", "at most 64"});
    std::string many = R"({"clusters": [)";
    for (int i = 0; i < 17; ++i)
        many += std::string(i ? "," : "") + R"({"cores": 1})";
    many += "]}";
    expect_error([&] { from_json(many); }, {"17 clusters", "1..16"});
}

TEST(ConfigFile, ReadErrors)
{
    expect_error([] { read_config_file("/nonexistent/pscisim.json"); },
                 {"/nonexistent/pscisim.json", "cannot open"});
    std::string path = ::testing::TempDir() + "pscisim_bad.json";
    std::ofstream(path) << "{ \"clusters\": [ ";
    expect_error([&] { read_config_file(path); }, {"pscisim_bad.json", "not valid JSON"});
}

TEST(Overrides, CommandLineWinsOverFile)
{
    std::string path = ::testing::TempDir() + "pscisim_ov.json";
    std::ofstream(path) << R"({"preset": "juno", "conduit": "hvc", "clusters": [
        {"name": "big", "cores": 2, "frequency": "900MHz", "cpu": "arm,cortex-a57"},
        {"name": "little", "cores": 4, "frequency": "650MHz"}]})";
    config_overrides ov;
    sim_config base = resolve_config(path, ov);
    EXPECT_EQ(base.preset, "juno");
    EXPECT_EQ(base.latencies.at(power_level::core, local_state::off)->entry_ns, 300000u);
    EXPECT_EQ(base.conduit, conduit_kind::hvc);

    ov.preset = "fvp";
    ov.conduit = conduit_kind::smc;
    ov.topology = std::vector<unsigned>{1, 2, 3};
    ov.cluster_freq_hz = std::vector<uint64_t>{2000000000};
    ov.max_time_ns = 5;
    sim_config c = resolve_config(path, ov);
    EXPECT_EQ(c.preset, "fvp");
    EXPECT_EQ(c.latencies.at(power_level::core, local_state::off)->entry_ns, 40000u);
    EXPECT_EQ(c.conduit, conduit_kind::smc);
    ASSERT_EQ(c.clusters.size(), 3u);
    EXPECT_EQ(c.clusters[0].name, "big");
    EXPECT_EQ(c.clusters[0].cores, 1u);
    EXPECT_EQ(c.clusters[0].cpu, "arm,cortex-a57");
    EXPECT_EQ(c.clusters[1].name, "little");
    EXPECT_EQ(c.clusters[2].name, "cluster2"); // copies the last cluster's attributes
    EXPECT_EQ(c.clusters[2].cpu, "arm,cortex-a53");
    EXPECT_EQ(c.clusters[2].cores, 3u);
    for (const auto &cl : c.clusters)
        EXPECT_EQ(cl.frequency_hz, 2000000000u);
    EXPECT_EQ(*c.max_time_ns, 5u);

    config_overrides bad;
    bad.cluster_freq_hz = std::vector<uint64_t>{1, 2, 3};
    expect_error([&] { resolve_config(path, bad); },
                 {"--cluster-freq", "3 frequencies", "2 clusters"});
}

TEST(Topology, Parsing)
{
    EXPECT_EQ(parse_topology("2x4", "t"), (std::vector<unsigned>{4, 4}));
    EXPECT_EQ(parse_topology("1x1", "t"), (std::vector<unsigned>{1}));
    EXPECT_EQ(parse_topology("2,4", "t"), (std::vector<unsigned>{2, 4}));
    EXPECT_EQ(parse_topology("3", "t"), (std::vector<unsigned>{3}));
    expect_error([] { parse_topology("0x4", "--topology"); },
                 {"--topology", "'0x4'", "0 clusters"});
    expect_error([] { parse_topology("2x0", "--topology"); }, {"'2x0'", "cluster of 0 cores"});
    expect_error([] { parse_topology("2x", "--topology"); }, {"invalid topology '2x'"});
    expect_error([] { parse_topology("abc", "--topology"); }, {"invalid topology 'abc'"});
    expect_error([] { parse_topology("2x4x1", "--topology"); }, {"invalid topology"});
    expect_error([] { parse_topology("4,,2", "--topology"); }, {"invalid topology"});
    expect_error([] { parse_topology("17x1", "--topology"); }, {"17 clusters"});
    expect_error([] { parse_topology("1x17", "--topology"); }, {"17 cores"});
    expect_error([] { parse_topology("-2x4", "--topology"); }, {"invalid topology"});
}

TEST(PowerState, EncodingOriginalAndExtended)
{
    // Original format: StateType bit 16, PowerLevel [25:24], StateID nibble per level.
    EXPECT_EQ(psci_power_state(power_state_format::original, power_level::core, local_state::off),
              0x00010002u);
    EXPECT_EQ(
        psci_power_state(power_state_format::original, power_level::cluster, local_state::off),
        0x01010022u);
    EXPECT_EQ(
        psci_power_state(power_state_format::original, power_level::core, local_state::retention),
        0x00000001u);
    EXPECT_EQ(psci_power_state(power_state_format::original, power_level::cluster,
                               local_state::retention),
              0x01000011u);
    EXPECT_EQ(psci_power_state(power_state_format::original, power_level::system, local_state::off),
              0x02010222u);
    // Extended format: StateType bit 30, no PowerLevel field.
    EXPECT_EQ(psci_power_state(power_state_format::extended, power_level::core, local_state::off),
              0x40000002u);
    EXPECT_EQ(
        psci_power_state(power_state_format::extended, power_level::cluster, local_state::off),
        0x40000022u);
    EXPECT_EQ(psci_power_state(power_state_format::extended, power_level::cluster,
                               local_state::retention),
              0x00000011u);
}

TEST(Echo, RoundTripsThroughTheFileFormat)
{
    sim_config c = from_json(R"({"clusters": [{"name": "big", "cores": 2, "frequency": "1.2GHz"},
                                              {"cores": 3, "frequency": "62.5MHz"}],
                                 "latencies": {"core": {"retention": null, "off": {"exit_us": 100.5}}},
                                 "firmware": {"power_down_ramp_us": 0.5}, "osi": true})");
    auto j = config_to_json(c);
    EXPECT_EQ(j["clusters"][0]["frequency"], "1200MHz");
    EXPECT_EQ(j["clusters"][1]["frequency"], "62500kHz");
    EXPECT_TRUE(j["latencies"]["core"]["retention"].is_null());
    EXPECT_EQ(j["latencies"]["core"]["off"]["exit_us"], 100.5);
    EXPECT_EQ(j["latencies"]["cluster"]["off"]["entry_us"], 500);
    EXPECT_EQ(j["ram_size"], "256MiB");
    // Key order is fixed.
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"preset", "clusters", "ram_size", "timer_frequency",
                                        "quantum", "conduit", "psci_version", "power_state_format",
                                        "osi", "boot_el", "latencies", "firmware", "power_mw"}));
    sim_config d = preset_config("fvp");
    apply_config_json(d, json::parse(j.dump()), "echo");
    EXPECT_EQ(config_to_json(d).dump(), j.dump());
}

TEST(Examples, CommittedConfigsAreValid)
{
    for (const char *name : {"fvp-2x4.json", "juno-big-little.json", "4x4.json"}) {
        SCOPED_TRACE(name);
        sim_config c = resolve_config(std::string(PSCISIM_CONFIGS_DIR) + "/" + name, {});
        EXPECT_GE(c.total_cores(), 4u);
    }
    sim_config j = resolve_config(std::string(PSCISIM_CONFIGS_DIR) + "/juno-big-little.json", {});
    ASSERT_EQ(j.clusters.size(), 2u);
    EXPECT_EQ(j.clusters[0].cores, 2u);
    EXPECT_EQ(j.clusters[1].cores, 4u);
    EXPECT_NE(j.clusters[0].frequency_hz, j.clusters[1].frequency_hz);
    EXPECT_EQ(resolve_config(std::string(PSCISIM_CONFIGS_DIR) + "/4x4.json", {}).total_cores(),
              16u);
}
