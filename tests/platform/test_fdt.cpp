// Device tree: parse the generated blob back with libfdt and check nodes and properties.
#include "loader/fdt_builder.hpp"
#include "loader/linux_loader.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libfdt.h>
}

#include <cstdio>
#include <fstream>

using namespace pscisim;

namespace
{

struct dt {
    std::vector<uint8_t> blob;
    explicit dt(const sim_config &c, const dt_options &o = {}) : blob(build_dtb(c, o))
    {
        EXPECT_EQ(fdt_check_header(blob.data()), 0);
        EXPECT_EQ(fdt_totalsize(blob.data()), blob.size());
    }
    int node(const std::string &path) const
    {
        int off = fdt_path_offset(blob.data(), path.c_str());
        EXPECT_GE(off, 0) << "missing node " << path;
        return off;
    }
    bool has(const std::string &path) const
    {
        return fdt_path_offset(blob.data(), path.c_str()) >= 0;
    }
    std::vector<uint32_t> cells(const std::string &path, const char *prop) const
    {
        int len = 0;
        const void *p = fdt_getprop(blob.data(), node(path), prop, &len);
        EXPECT_NE(p, nullptr) << path << " lacks " << prop;
        std::vector<uint32_t> out;
        if (!p) return out;
        const fdt32_t *c = static_cast<const fdt32_t *>(p);
        for (int i = 0; i < len / 4; ++i)
            out.push_back(fdt32_to_cpu(c[i]));
        return out;
    }
    uint32_t u32(const std::string &path, const char *prop) const
    {
        auto c = cells(path, prop);
        EXPECT_EQ(c.size(), 1u) << path << " " << prop;
        return c.empty() ? 0 : c[0];
    }
    // String list, joined with '|'.
    std::string strs(const std::string &path, const char *prop) const
    {
        int len = 0;
        const char *p = static_cast<const char *>(fdt_getprop(blob.data(), node(path), prop, &len));
        EXPECT_NE(p, nullptr) << path << " lacks " << prop;
        if (!p) return "";
        std::string s(p, static_cast<size_t>(len));
        if (!s.empty() && s.back() == '\0') s.pop_back();
        for (char &ch : s)
            if (ch == '\0') ch = '|';
        return s;
    }
    bool prop(const std::string &path, const char *prop) const
    {
        return fdt_getprop(blob.data(), node(path), prop, nullptr) != nullptr;
    }
};

} // namespace

TEST(DeviceTree, DefaultFvpPlatform)
{
    sim_config c = preset_config("fvp");
    dt d(c);
    EXPECT_EQ(d.strs("/", "compatible"), "pscisim,virt|linux,dummy-virt");
    EXPECT_EQ(d.u32("/", "#address-cells"), 2u);
    EXPECT_EQ(d.u32("/", "interrupt-parent"), dt_phandle_gic);
    EXPECT_EQ(d.cells("/memory@40000000", "reg"),
              (std::vector<uint32_t>{0, 0x40000000, 0, 0x10000000}));
    EXPECT_EQ(d.strs("/memory@40000000", "device_type"), "memory");
    EXPECT_EQ(d.strs("/chosen", "stdout-path"), "/pl011@9000000");

    EXPECT_EQ(d.strs("/psci", "compatible"), "arm,psci-1.0|arm,psci-0.2|arm,psci");
    EXPECT_EQ(d.strs("/psci", "method"), "smc");
    EXPECT_EQ(d.u32("/psci", "cpu_on"), 0xC4000003u);
    EXPECT_EQ(d.u32("/psci", "cpu_off"), 0x84000002u);

    // 2 clusters x 4 cores: reg = Aff1 << 8 | Aff0.
    for (unsigned cl = 0; cl < 2; ++cl)
        for (unsigned k = 0; k < 4; ++k) {
            char path[32];
            std::snprintf(path, sizeof path, "/cpus/cpu@%x", cl * 0x100 + k);
            SCOPED_TRACE(path);
            EXPECT_EQ(d.u32(path, "reg"), cl * 0x100 + k);
            EXPECT_EQ(d.strs(path, "device_type"), "cpu");
            EXPECT_EQ(d.strs(path, "enable-method"), "psci");
            EXPECT_EQ(d.strs(path, "compatible"), "arm,cortex-a53|arm,armv8");
            EXPECT_EQ(d.cells(path, "cpu-idle-states"),
                      (std::vector<uint32_t>{0x10, 0x11, 0x12, 0x13}));
            std::string map =
                "/cpus/cpu-map/cluster" + std::to_string(cl) + "/core" + std::to_string(k);
            EXPECT_EQ(d.u32(map, "cpu"), d.u32(path, "phandle"));
        }
    EXPECT_FALSE(d.has("/cpus/cpu@4"));
    EXPECT_EQ(d.u32("/cpus", "#address-cells"), 1u);
    EXPECT_EQ(d.u32("/cpus", "#size-cells"), 0u);

    EXPECT_EQ(d.strs("/cpus/idle-states", "entry-method"), "psci");
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "arm,psci-suspend-param"), 0x00010002u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "entry-latency-us"), 40u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "exit-latency-us"), 100u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "min-residency-us"), 150u);
    // The per-core timers are modelled in the always-on domain: no state stops them.
    EXPECT_FALSE(d.prop("/cpus/idle-states/cpu-off", "local-timer-stop"));
    EXPECT_FALSE(d.prop("/cpus/idle-states/cluster-off", "local-timer-stop"));
    EXPECT_EQ(d.strs("/cpus/idle-states/cpu-off", "compatible"), "arm,idle-state");
    EXPECT_EQ(d.u32("/cpus/idle-states/cluster-off", "arm,psci-suspend-param"), 0x01010022u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cluster-off", "entry-latency-us"), 500u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cluster-off", "exit-latency-us"), 1000u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cluster-off", "min-residency-us"), 2500u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-retention", "arm,psci-suspend-param"), 0x00000001u);
    EXPECT_FALSE(d.prop("/cpus/idle-states/cpu-retention", "local-timer-stop"));
    EXPECT_EQ(d.u32("/cpus/idle-states/cluster-retention", "arm,psci-suspend-param"), 0x01000011u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "phandle"), 0x11u);

    EXPECT_EQ(d.strs("/intc@8000000", "compatible"), "arm,gic-v3");
    EXPECT_EQ(d.u32("/intc@8000000", "#interrupt-cells"), 3u);
    EXPECT_TRUE(d.prop("/intc@8000000", "interrupt-controller"));
    EXPECT_EQ(d.cells("/intc@8000000", "reg"),
              (std::vector<uint32_t>{0, 0x08000000, 0, 0x10000, 0, 0x080A0000, 0, 8 * 0x20000}));
    EXPECT_EQ(d.u32("/intc@8000000", "phandle"), dt_phandle_gic);

    EXPECT_EQ(d.strs("/timer", "compatible"), "arm,armv8-timer");
    EXPECT_EQ(d.cells("/timer", "interrupts"),
              (std::vector<uint32_t>{1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4}));
    EXPECT_TRUE(d.prop("/timer", "always-on"));

    EXPECT_EQ(d.strs("/pl011@9000000", "compatible"), "arm,pl011|arm,primecell");
    EXPECT_EQ(d.cells("/pl011@9000000", "reg"), (std::vector<uint32_t>{0, 0x09000000, 0, 0x1000}));
    EXPECT_EQ(d.cells("/pl011@9000000", "interrupts"), (std::vector<uint32_t>{0, 1, 4}));
    EXPECT_EQ(d.cells("/pl011@9000000", "clocks"),
              (std::vector<uint32_t>{dt_phandle_apb_pclk, dt_phandle_apb_pclk}));
    EXPECT_EQ(d.strs("/pl011@9000000", "clock-names"), "uartclk|apb_pclk");
    EXPECT_EQ(d.strs("/apb-pclk", "compatible"), "fixed-clock");
    EXPECT_EQ(d.u32("/apb-pclk", "clock-frequency"), 24000000u);
    EXPECT_EQ(d.u32("/apb-pclk", "phandle"), dt_phandle_apb_pclk);
}

TEST(DeviceTree, VersionConduitFormatAndTopology)
{
    sim_config c = preset_config("juno");
    c.psci_version = {0, 2};
    c.conduit = conduit_kind::hvc;
    c.clusters[0].cores = 2;
    c.clusters[0].cpu = "arm,cortex-a57";
    c.ram_size = 1ull << 30;
    dt d(c);
    EXPECT_EQ(d.strs("/psci", "compatible"), "arm,psci-0.2|arm,psci");
    EXPECT_EQ(d.strs("/psci", "method"), "hvc");
    EXPECT_EQ(d.strs("/cpus/cpu@1", "compatible"), "arm,cortex-a57|arm,armv8");
    EXPECT_FALSE(d.has("/cpus/cpu@2"));
    EXPECT_EQ(d.strs("/cpus/cpu@103", "compatible"), "arm,cortex-a53|arm,armv8");
    EXPECT_EQ(d.cells("/memory@40000000", "reg"),
              (std::vector<uint32_t>{0, 0x40000000, 0, 0x40000000}));
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "entry-latency-us"), 300u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "exit-latency-us"), 1200u);
    EXPECT_EQ(d.u32("/cpus/idle-states/cpu-off", "min-residency-us"), 2000u);
    EXPECT_EQ(d.cells("/intc@8000000", "reg")[7], 6u * 0x20000);

    c.psci_version = {1, 1};
    c.state_format = power_state_format::extended;
    c.latencies.at(power_level::core, local_state::retention).reset();
    c.latencies.at(power_level::core, local_state::off)->exit_ns = 100500; // rounds up
    dt e(c);
    EXPECT_EQ(e.u32("/cpus/idle-states/cpu-off", "arm,psci-suspend-param"), 0x40000002u);
    EXPECT_EQ(e.u32("/cpus/idle-states/cpu-off", "exit-latency-us"), 101u);
    EXPECT_EQ(e.u32("/cpus/idle-states/cluster-off", "arm,psci-suspend-param"), 0x40000022u);
    EXPECT_EQ(e.u32("/cpus/idle-states/cluster-retention", "arm,psci-suspend-param"), 0x00000011u);
    EXPECT_FALSE(e.has("/cpus/idle-states/cpu-retention"));
    EXPECT_EQ(e.cells("/cpus/cpu@0", "cpu-idle-states"), (std::vector<uint32_t>{0x10, 0x11, 0x12}));
    EXPECT_EQ(e.u32("/cpus/idle-states/cpu-off", "phandle"), 0x10u);
}

TEST(DeviceTree, OsiUsesHierarchicalPowerDomains)
{
    sim_config c = preset_config("fvp");
    c.clusters[0].cores = 2;
    c.clusters[1].cores = 1;
    c.osi = true;
    dt d(c);
    // CPUs keep only core-level states and point at their PSCI power domain.
    EXPECT_EQ(d.cells("/cpus/cpu@0", "cpu-idle-states"), (std::vector<uint32_t>{0x10, 0x11}));
    EXPECT_EQ(d.u32("/cpus/cpu@0", "power-domains"), dt_phandle_cpu_pd_base + 0);
    EXPECT_EQ(d.u32("/cpus/cpu@100", "power-domains"), dt_phandle_cpu_pd_base + 2);
    EXPECT_EQ(d.strs("/cpus/cpu@100", "power-domain-names"), "psci");
    EXPECT_EQ(d.u32("/psci/power-domain-cpu1", "power-domains"), dt_phandle_cluster_pd_base + 0);
    EXPECT_EQ(d.u32("/psci/power-domain-cpu2", "power-domains"), dt_phandle_cluster_pd_base + 1);
    EXPECT_EQ(d.u32("/psci/power-domain-cpu2", "#power-domain-cells"), 0u);
    EXPECT_EQ(d.u32("/psci/power-domain-cluster1", "phandle"), dt_phandle_cluster_pd_base + 1);
    EXPECT_EQ(d.cells("/psci/power-domain-cluster0", "domain-idle-states"),
              (std::vector<uint32_t>{0x12, 0x13}));
    EXPECT_FALSE(d.has("/psci/power-domain-cpu3"));
    EXPECT_FALSE(d.has("/cpus/idle-states/cluster-off"));
    EXPECT_EQ(d.strs("/cpus/domain-idle-states/cluster-off", "compatible"), "domain-idle-state");
    // cpu-off | cluster-off = core off, cluster off, last at level 1, PowerLevel 1.
    uint32_t cpu_off = d.u32("/cpus/idle-states/cpu-off", "arm,psci-suspend-param");
    uint32_t cl_off = d.u32("/cpus/domain-idle-states/cluster-off", "arm,psci-suspend-param");
    uint32_t cl_ret = d.u32("/cpus/domain-idle-states/cluster-retention", "arm,psci-suspend-param");
    EXPECT_EQ(cpu_off, 0x00010002u);
    // Linux passes a domain state's parameter alone: each is the whole composite.
    EXPECT_EQ(cl_off, 0x01011022u);
    EXPECT_EQ(cl_ret, 0x01011012u);
    EXPECT_EQ(cpu_off | cl_off, 0x01011022u);
    EXPECT_EQ(cpu_off | cl_ret, 0x01011012u);
    EXPECT_EQ(d.u32("/cpus/domain-idle-states/cluster-off", "entry-latency-us"), 500u);
    EXPECT_FALSE(d.prop("/cpus/domain-idle-states/cluster-off", "local-timer-stop"));

    c.state_format = power_state_format::extended;
    dt e(c);
    EXPECT_EQ(e.u32("/cpus/domain-idle-states/cluster-off", "arm,psci-suspend-param"), 0x40001022u);
    EXPECT_EQ(e.u32("/cpus/domain-idle-states/cluster-retention", "arm,psci-suspend-param"),
              0x40001012u);
}

TEST(DeviceTree, PlatformCoordinatedHasNoPowerDomains)
{
    dt d(preset_config("fvp"));
    EXPECT_FALSE(d.has("/psci/power-domain-cpu0"));
    EXPECT_FALSE(d.has("/cpus/domain-idle-states"));
    EXPECT_FALSE(d.prop("/cpus/cpu@0", "power-domains"));
}

TEST(DeviceTree, NoIdleStatesWhenTableIsEmpty)
{
    sim_config c = preset_config("fvp");
    for (auto &lvl : c.latencies.v)
        for (auto &s : lvl)
            s.reset();
    dt d(c);
    EXPECT_FALSE(d.has("/cpus/idle-states"));
    EXPECT_FALSE(d.prop("/cpus/cpu@0", "cpu-idle-states"));
}

TEST(DeviceTree, PowerControllerFromTheMachineTableAndBootargs)
{
    sim_config c = preset_config("fvp");
    dt_options o;
    o.bootargs = "console=ttyAMA0";
    dt d(c, o);
    EXPECT_EQ(d.strs("/power-controller@90c0000", "compatible"), "pscisim,power-controller");
    EXPECT_EQ(d.cells("/power-controller@90c0000", "reg"),
              (std::vector<uint32_t>{0, 0x090C0000, 0, 0x1000}));
    EXPECT_FALSE(d.prop("/power-controller@90c0000", "interrupts"));
    EXPECT_EQ(d.strs("/chosen", "bootargs"), "console=ttyAMA0");
}

// A row added to a machine table becomes a node with its reg, interrupts and clock.
TEST(DeviceTree, AddedTableRowBecomesANode)
{
    sim_config c = preset_config("fvp");
    machine_desc m = machine_virt();
    static const clock_desc clk{"refclk", "refclk1mhz", 1000000};
    m.devices.push_back({"rtc1", // a second PL031 (virt's own is at 0x09010000)
                         "pl031",
                         {{"rtc1", 0x09030000, 0x1000}},
                         {{irq_desc::kind::spi, 2}},
                         &clk,
                         {"pl031", {"arm,pl031", "arm,primecell"}, {"apb_pclk"}, {}}});
    std::vector<uint8_t> blob = build_dtb(m, c);
    const void *fdt = blob.data();
    int node = fdt_path_offset(fdt, "/pl031@9030000");
    ASSERT_GE(node, 0);
    int len = 0;
    const fdt32_t *irq = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "interrupts", &len));
    ASSERT_EQ(len, 12);
    EXPECT_EQ(fdt32_to_cpu(irq[1]), 2u);
    const fdt32_t *clocks = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, "clocks", &len));
    ASSERT_EQ(len, 4);
    // virt's apb-pclk is the first clock; this one is the second.
    EXPECT_EQ(fdt32_to_cpu(clocks[0]), dt_phandle_clock_base + 1);
    int cn = fdt_path_offset(fdt, "/refclk");
    ASSERT_GE(cn, 0);
    EXPECT_EQ(
        fdt32_to_cpu(*static_cast<const fdt32_t *>(fdt_getprop(fdt, cn, "clock-frequency", &len))),
        1000000u);
}

TEST(DeviceTree, DeterministicAndLarge)
{
    sim_config c = preset_config("fvp");
    EXPECT_EQ(build_dtb(c), build_dtb(c));
    c.clusters.assign(4, c.clusters[0]);
    for (auto &cl : c.clusters)
        cl.cores = 16;
    dt d(c);
    EXPECT_TRUE(d.has("/cpus/cpu@30f"));
    EXPECT_EQ(d.cells("/intc@8000000", "reg")[7], 64u * 0x20000);
}

TEST(DeviceTree, DtcDecompiles)
{
    std::string dtc = PSCISIM_DTC;
    if (dtc.empty()) GTEST_SKIP() << "dtc not found at configure time";
    std::string in = ::testing::TempDir() + "pscisim_test.dtb";
    std::string out = ::testing::TempDir() + "pscisim_test.dts";
    std::string err = ::testing::TempDir() + "pscisim_test.err";
    sim_config c = preset_config("fvp");
    for (bool osi : {true, false}) {
        c.osi = osi;
        auto blob = build_dtb(c);
        std::ofstream(in, std::ios::binary)
            .write(reinterpret_cast<const char *>(blob.data()),
                   static_cast<std::streamsize>(blob.size()));
        // dtc's semantic checks run on the decompiled tree: no warning allowed.
        std::string cmd = dtc + " -I dtb -O dts -o " + out + " " + in + " 2>" + err;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::ifstream e(err);
        std::string warnings((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
        EXPECT_EQ(warnings, "") << "osi=" << osi;
    }
    std::ifstream f(out);
    std::string dts((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(dts.find("arm,psci-suspend-param = <0x10002>;"), std::string::npos) << dts;
    EXPECT_NE(dts.find("cpu@103 {"), std::string::npos);
    // dtc prints string lists either as "a", "b" or as "a\0b" depending on its version.
    EXPECT_TRUE(dts.find("compatible = \"arm,pl011\", \"arm,primecell\";") != std::string::npos ||
                dts.find("compatible = \"arm,pl011\\0arm,primecell\";") != std::string::npos)
        << dts;
}

// Every variant the configuration can produce (PSCI 0.2 and 1.x, both power_state
// formats, both conduits, PC and OSI, 1x1 / 2x4 / heterogeneous 2,4 / 4x16, both
// latency presets), and the same blobs with /chosen and /memory patched as for a
// Linux boot, pass dtc's checks without a single warning.
TEST(DeviceTree, DtcWarnsAboutNoVariant)
{
    std::string dtc = PSCISIM_DTC;
    if (dtc.empty()) GTEST_SKIP() << "dtc not found at configure time";
    std::string in = ::testing::TempDir() + "pscisim_variant.dtb";
    std::string err = ::testing::TempDir() + "pscisim_variant.err";
    unsigned checked = 0;
    auto check = [&](const std::vector<uint8_t> &blob, const std::string &what) {
        std::ofstream(in, std::ios::binary)
            .write(reinterpret_cast<const char *>(blob.data()),
                   static_cast<std::streamsize>(blob.size()));
        std::string cmd = dtc + " -I dtb -O dts -o /dev/null " + in + " 2>" + err;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::ifstream e(err);
        std::string warnings((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
        EXPECT_EQ(warnings, "") << what;
        ++checked;
    };
    for (const char *preset : {"fvp", "juno"})
        for (auto topo : {std::vector<unsigned>{1}, std::vector<unsigned>{4, 4},
                          std::vector<unsigned>{2, 4}, std::vector<unsigned>(4, 16)})
            for (int v = 0; v < 2; ++v)
                for (auto fmt : {power_state_format::original, power_state_format::extended})
                    for (bool osi : {false, true})
                        for (auto cond : {conduit_kind::smc, conduit_kind::hvc}) {
                            if (osi && v == 0) continue; // OSI needs PSCI 1.0+
                            sim_config c = preset_config(preset);
                            c.clusters.resize(topo.size(), c.clusters[0]);
                            for (size_t i = 0; i < topo.size(); ++i)
                                c.clusters[i].cores = topo[i];
                            c.psci_version = v == 0 ? psci_version_t{0, 2} : psci_version_t{1, 1};
                            c.state_format = fmt;
                            c.osi = osi;
                            c.conduit = cond;
                            std::string what = std::string(preset) + " " +
                                               std::to_string(topo.size()) + "x" +
                                               std::to_string(topo.back()) + " v" +
                                               std::to_string(v) + " osi=" + std::to_string(osi);
                            auto blob = build_dtb(c);
                            check(blob, what);
                            check(patch_dtb(blob,
                                            {"console=ttyAMA0 rdinit=/init",
                                             {0x40400000, 0x40500000},
                                             0x40000000,
                                             c.ram_size},
                                            "t"),
                                  what + " patched");
                        }
    EXPECT_GE(checked, 100u);
}

TEST(DeviceTree, PmuRtcAndLinuxNodes)
{
    dt d(preset_config("fvp"));
    EXPECT_EQ(d.strs("/pmu", "compatible"), "arm,armv8-pmuv3");
    EXPECT_EQ(d.cells("/pmu", "interrupts"), (std::vector<uint32_t>{1, 7, 4})); // INTID 23
    EXPECT_EQ(d.strs("/pl031@9010000", "compatible"), "arm,pl031|arm,primecell");
    EXPECT_EQ(d.cells("/pl031@9010000", "reg"), (std::vector<uint32_t>{0, 0x09010000, 0, 0x1000}));
    EXPECT_EQ(d.cells("/pl031@9010000", "interrupts"), (std::vector<uint32_t>{0, 2, 4}));
    EXPECT_EQ(d.strs("/pl031@9010000", "clock-names"), "apb_pclk");
    EXPECT_EQ(d.strs("/chosen", "stdout-path"), "/pl011@9000000");
    // EL2 (hypervisor) physical timer PPI 10 (INTID 26) is the fourth entry.
    auto t = d.cells("/timer", "interrupts");
    ASSERT_EQ(t.size(), 12u);
    EXPECT_EQ(t[10], 10u);
}

// The GIC's maintenance interrupt (PPI 9 = INTID 25, the machine table's GIC row) is in
// the GIC node only when the cores have EL2: KVM requests it; at EL1 there is no
// virtual CPU interface to maintain.
TEST(DeviceTree, GicMaintenanceInterruptOnlyWithEl2)
{
    sim_config c = preset_config("fvp");
    ASSERT_EQ(c.boot_el, 2u);
    dt el2(c);
    EXPECT_EQ(el2.cells("/intc@8000000", "interrupts"), (std::vector<uint32_t>{1, 9, 4}));
    c.boot_el = 1;
    dt el1(c);
    EXPECT_FALSE(el1.prop("/intc@8000000", "interrupts"));
    EXPECT_TRUE(el1.prop("/intc@8000000", "interrupt-controller"));
}
