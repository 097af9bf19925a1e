// The pscisim executable end to end: exit statuses and messages for bad inputs and
// guest errors, the demo guest on several topologies with the report's figures
// checked against the configuration, determinism of reports and waveforms, and the
// VCD clock enables against the report.
#include "run_pscisim.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

using namespace pscisim::test;

namespace
{

std::string guest(const std::string &name)
{
    return std::string(PSCISIM_GUEST_DIR) + "/" + name + ".elf";
}
std::string tmp(const std::string &name)
{
    return std::string(PSCISIM_TEST_TMP) + "/" + name;
}

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

bool contains(const std::string &s, const std::string &what)
{
    return s.find(what) != std::string::npos;
}

} // namespace

// ---- bad inputs: one clear message, the right status ----

TEST(BadInput, MalformedElfExits2)
{
    std::ofstream(tmp("garbage.elf")) << "this is not an ELF file\n";
    expect_usage_error("-q " + tmp("garbage.elf"), "not an ELF");
}

TEST(BadInput, MissingElfExits2)
{
    expect_usage_error("-q " + tmp("does-not-exist.elf"), "cannot open");
}

TEST(BadInput, BadTopologyExits2)
{
    expect_usage_error("-q --topology 0x3 " + guest("exit42"), "--topology");
}

TEST(BadInput, UnknownFlagExits2)
{
    expect_usage_error("-q --no-such-flag " + guest("exit42"), "no-such-flag");
}

TEST(BadInput, BadConfigFileExits2)
{
    std::ofstream(tmp("bad-config.json")) << "{\"clusters\": 5}";
    expect_usage_error("-q --config " + tmp("bad-config.json") + " " + guest("exit42"), "clusters");
}

TEST(BadInput, GuestJumpToUnmappedMemoryIsFatal)
{
    run_result r = run_pscisim("-q " + guest("unmapped"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "fatal")) << r.out;
    EXPECT_TRUE(contains(r.out, "PC=")) << r.out;
    EXPECT_TRUE(contains(r.out, "ESR")) << r.out;
    EXPECT_TRUE(contains(r.out, "MPIDR")) << r.out;
}

TEST(BadInput, IllegalInstructionIsFatal)
{
    run_result r = run_pscisim("-q " + guest("undef"));
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.out, "ESR")) << r.out;
}

TEST(BadInput, GarbagePsciArgumentsGetErrorCodes)
{
    run_result r = run_pscisim("-q --topology 1x2 " + guest("psci_garbage"));
    EXPECT_EQ(r.status, 0) << "first failing check: " << r.status << "\n" << r.out;
}

// ---- run control and exit statuses ----

TEST(ExitStatus, SemihostingExitCode)
{
    EXPECT_EQ(run_pscisim("-q " + guest("exit42")).status, 42);
}

// ---- firmware mode (--machine fvp --boot-el 3) ----

// Every core starts at the reset address at EL3 (the secondaries park through the
// FVP power controller), SMC is an exception to the guest's own EL3 (no built-in
// PSCI), and V2M SYS_CFGCTRL shutdown ends the run with status 0.
TEST(FirmwareMode, EveryCoreStartsAtEl3AndSmcGoesToTheGuest)
{
    for (const char *topo : {"1x1", "2x4"}) {
        std::string rep = tmp(std::string("fw_") + topo + ".json");
        run_result r = run_pscisim("-q --machine fvp --boot-el 3 -t " + std::string(topo) +
                                   " --report " + rep + " " + guest("fvp_el3"));
        EXPECT_EQ(r.status, 0) << topo << ": " << r.out;
        auto j = nlohmann::json::parse(slurp(rep));
        EXPECT_TRUE(contains(j.dump(), "V2M SYS_CFGCTRL shutdown")) << topo;
        EXPECT_TRUE(contains(j.dump(), "\"psci_calls\":[]")) << topo;
    }
}

// The FVP power controller drives the timed domains: core 1 parks (PPOFFR + WFI)
// and goes OFF over entry(core, off) + power-down ramp = 40 + 5 us (fvp preset);
// PPONR brings it back over power-up ramp + exit(core, off) = 10 + 100 us, and it
// restarts at the reset address with PSYSR.WK = PPONR. The guest checks the
// latency with the counter; the report's domain residencies show the transitions.
TEST(FirmwareMode, PowerControllerSequencesTheDomains)
{
    for (const char *topo : {"1x2", "2x4"}) {
        std::string rep = tmp(std::string("pponr_") + topo + ".json");
        run_result r =
            run_pscisim("-q --machine fvp --boot-el 3 --max-time 10ms -t " + std::string(topo) +
                        " --report " + rep + " " + guest("fvp_pponr"));
        EXPECT_EQ(r.status, 0) << topo << ": " << r.out;
        auto j = nlohmann::json::parse(slurp(rep));
        bool seen = false;
        for (const auto &d : j["domains"])
            if (d["name"] == "cluster0.core1") {
                seen = true;
                EXPECT_EQ(d["states"]["powering_up"]["residency_ns"], 110000) << topo;
                EXPECT_EQ(d["states"]["powering_up"]["entries"], 1) << topo;
                EXPECT_GE(d["states"]["powering_down"]["residency_ns"].get<uint64_t>(), 45000u)
                    << topo;
                EXPECT_EQ(d["states"]["off"]["entries"], 1) << topo;
            }
        EXPECT_TRUE(seen);
    }
}

// The report's four points per SMC taken to EL3 from Non-secure state, for a small
// EL3 firmware of our own (guests/fvp_fw_psci.S) driving the power controller as
// TF-A's FVP port does: PSCI_VERSION and CPU_ON return at once (entry and exit only);
// CPU_OFF powers down and does not return; CPU_SUSPEND at core and at cluster level
// powers down and is woken by the timer through the GIC's wake request; SYSTEM_OFF
// ends the run. The guest checks with the counter that each wake-up took the
// configured power-up time; here the points are checked against the domains.
TEST(FirmwareMode, ReportHasTheFourPointsOfEachNonSecureSmc)
{
    std::string rep = tmp("fw_points.json"), svg = tmp("fw_points.svg");
    run_result r = run_pscisim("-q --machine fvp --boot-el 3 -t 1x2 --max-time 20ms --report " +
                               rep + " --timeline " + svg + " " + guest("fvp_fw_psci"));
    ASSERT_EQ(r.status, 0) << r.out;
    auto j = nlohmann::json::parse(slurp(rep));
    EXPECT_EQ(j["format_version"], 3);
    const auto &calls = j["psci_calls"];
    ASSERT_EQ(calls.size(), 6u) << calls.dump();
    std::vector<std::string> fns;
    for (const auto &c : calls)
        fns.push_back(c["function"]);
    EXPECT_EQ(fns, (std::vector<std::string>{"PSCI_VERSION", "CPU_ON64", "CPU_OFF", "CPU_SUSPEND64",
                                             "CPU_SUSPEND64", "SYSTEM_OFF"}));
    auto pt = [](const nlohmann::json &c, const char *k) -> uint64_t {
        return c["points_ns"].contains(k) ? c["points_ns"][k].get<uint64_t>() : 0;
    };
    for (const auto &c : calls)
        EXPECT_EQ(pt(c, "psci_entry"), c["time_ns"].get<uint64_t>());
    // Returned at once: entry and exit, no low-power points, x0 as the result.
    EXPECT_EQ(calls[0]["result"], 0x10001);
    for (int i : {0, 1}) {
        EXPECT_GT(pt(calls[i], "psci_exit"), pt(calls[i], "psci_entry"));
        EXPECT_FALSE(calls[i]["points_ns"].contains("lowpower_entry"));
        EXPECT_FALSE(calls[i].contains("entry_latency_ns"));
    }
    // CPU_OFF on core 1: powers down, never returns.
    EXPECT_EQ(calls[2]["mpidr"], "0x80000001");
    EXPECT_GT(pt(calls[2], "lowpower_entry"), pt(calls[2], "psci_entry"));
    EXPECT_FALSE(calls[2]["points_ns"].contains("psci_exit"));
    // The suspends: powerdown latency = lowpower_entry - psci_entry and wakeup latency
    // = psci_exit - lowpower_exit, both the firmware's few instructions (< 1 us); the
    // core is OFF between, at least power-down (40 + 5 us) plus power-up (10 + 100 us),
    // and at cluster level also the cluster's 500 + 5 and 10 + 1000 us.
    for (int i : {3, 4}) {
        const auto &c = calls[i];
        uint64_t in = pt(c, "psci_entry"), le = pt(c, "lowpower_entry"),
                 lx = pt(c, "lowpower_exit"), out = pt(c, "psci_exit");
        ASSERT_TRUE(in < le && le < lx && lx < out) << c.dump();
        EXPECT_EQ(c["entry_latency_ns"].get<uint64_t>(), le - in);
        EXPECT_EQ(c["exit_latency_ns"].get<uint64_t>(), out - lx);
        EXPECT_LT(le - in, 1000u);
        EXPECT_LT(out - lx, 1000u);
        EXPECT_GE(lx - le, i == 3 ? 155000u : 155000u + 1515000u);
        EXPECT_EQ(c["result"], 0);
    }
    EXPECT_FALSE(calls[5]["points_ns"].contains("psci_exit"));
    // The domains saw exactly the configured transitions: core 0 powered up twice
    // (110 us each), its cluster once (1010 us).
    for (const auto &d : j["domains"]) {
        if (d["name"] == "cluster0.core0") {
            EXPECT_EQ(d["states"]["powering_up"]["residency_ns"], 220000);
        }
        if (d["name"] == "cluster0") {
            EXPECT_EQ(d["states"]["powering_up"]["residency_ns"], 1010000);
        }
    }
    // Summary and timeline carry them as for the emulated path.
    EXPECT_EQ(j["summary"]["latencies"]["CPU_SUSPEND64 0x01010000"]["calls"], 1);
    std::string pic = slurp(svg);
    EXPECT_TRUE(contains(pic, "CPU_SUSPEND64 at ") && contains(pic, "CPU_OFF at ")) << svg;
}

TEST(FirmwareMode, V2mRebootResetsTheMachine)
{
    std::string rep = tmp("fw_reboot.json");
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 -t 2x4 --reset-exits --report " + rep +
                          " " + guest("fvp_el3_reboot"))
                  .status,
              4);
    // The exit record names the device that asked for the reset.
    auto j = nlohmann::json::parse(slurp(rep));
    EXPECT_EQ(j["run"]["exit"]["message"], "V2M SYS_CFGCTRL reboot");
    // Without --reset-exits the machine restarts (and the guest reboots it again).
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 --max-time 2ms " + guest("fvp_el3_reboot"))
                  .status,
              3);
}

// Two Security states on the fvp machine: Trusted SRAM and DRAM refuse Non-secure
// accesses with an External abort, and the TZC-400 enforces the regions, ACTION
// and failure registers as TF-A programs them (guests/fvp_secure.S).
TEST(FirmwareMode, SecureOnlyMemoryAndTzcFiltering)
{
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 -t 1x1 " + guest("fvp_secure")).status, 33);
}

// The fvp machine's GIC has two Security states and follows the core's: a
// Non-secure Group 1 SGI is an FIQ at EL3 (ICC_IAR0_EL1 reads 1021) and an IRQ at
// Non-secure EL1 after the ERET (the guest's comment has the details).
TEST(FirmwareMode, GicSignalsByGroupAndSecurityState)
{
    for (const char *topo : {"1x1", "2x4"}) {
        run_result r = run_pscisim("-q --machine fvp --boot-el 3 --max-time 2ms -t " +
                                   std::string(topo) + " " + guest("fvp_gic_groups"));
        EXPECT_EQ(r.status, 0) << topo << ": " << r.out;
    }
}

// Without --boot-el 3 the same image starts at EL2: not firmware mode.
TEST(FirmwareMode, OnlyBootEl3StartsAtEl3)
{
    EXPECT_EQ(run_pscisim("-q --machine fvp " + guest("fvp_el3")).status, 10);
}

// --entry is the reset address: skipping the first instruction of exit42 (mov x9,
// #42) leaves x9 at its reset value 0.
TEST(FirmwareMode, EntryIsTheResetAddress)
{
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 " + guest("fvp_exit42")).status, 42);
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 --entry 0x80080004 " + guest("fvp_exit42"))
                  .status,
              0);
}

// --load puts a raw binary (firmware) in any memory of the machine: here code in
// the fvp's Trusted SRAM that exits with 42 through semihosting.
TEST(FirmwareMode, LoadPutsARawImageInTrustedSram)
{
    const uint32_t code[] = {
        0xD2800549,          // mov  x9, #42
        0x100000A1,          // adr  x1, block (+20)
        0xF9000429,          // str  x9, [x1, #8]
        0x52800400,          // mov  w0, #0x20 (SYS_EXIT_EXTENDED)
        0xD45E0000,          // hlt  #0xf000
        0x14000000,          // b    .
        0x00020026, 0, 0, 0, // block: ADP_Stopped_ApplicationExit, status
    };
    std::string bin = tmp("sram_exit42.bin");
    {
        std::ofstream f(bin, std::ios::binary);
        f.write(reinterpret_cast<const char *>(code), sizeof code);
    }
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 --load " + bin +
                          "@0x04001000 --entry 0x04001000 " + guest("fvp_exit42"))
                  .status,
              42);
    // Into DRAM too, over the ELF's own entry.
    EXPECT_EQ(run_pscisim("-q --machine fvp --boot-el 3 --load " + bin +
                          "@0x80090000 --entry 0x80090000 " + guest("fvp_el3"))
                  .status,
              42);
}

TEST(BadInput, MachineAndEntryOptionsExit2)
{
    expect_usage_error("-q --machine nope " + guest("fvp_exit42"),
                       "unknown machine 'nope' (expected virt or fvp)");
    expect_usage_error("-q --machine fvp --entry 0x80080000 " + guest("fvp_exit42"),
                       "--entry needs --boot-el 3");
    expect_usage_error("-q --machine fvp --boot-el 3 --entry zz " + guest("fvp_exit42"),
                       "--entry: invalid address 'zz'");
    expect_usage_error("-q --machine fvp --boot-el 3 --entry 0x80080002 " + guest("fvp_exit42"),
                       "--entry: reset address not 4-byte aligned");
    expect_usage_error("-q --boot-el 4 " + guest("exit42"),
                       "--boot-el: invalid exception level '4'");
    // The virt guests are outside the fvp's DRAM: one clear error.
    expect_usage_error("-q --machine fvp " + guest("exit42"), "outside RAM");
    expect_usage_error("-q --machine fvp --boot-el 3 --load nofile@0x04001000 " +
                           guest("fvp_exit42"),
                       "nofile: cannot open --load file");
    for (const char *bad : {"x", "@0x1000", "f@", "f@zz", "f@-1"})
        expect_usage_error(std::string("-q --load ") + bad + " " + guest("exit42"),
                           "--load: expected FILE@ADDR");
    expect_usage_error("-q --machine fvp --load " + guest("exit42") + "@0x05000000 " +
                           guest("fvp_exit42"),
                       "do not fit in one memory of machine fvp");
    // More than DRAM's 2 GiB is no longer an error: the rest is DRAM2.
    run_result r = run_pscisim("-q --machine fvp -m 3G " + guest("fvp_exit42"));
    EXPECT_EQ(r.status, 42) << r.out;
}

TEST(ExitStatus, SimExitRegister)
{
    EXPECT_EQ(run_pscisim("-q " + guest("simexit")).status, 7);
}

TEST(ExitStatus, SystemOffOverSmcAndHvc)
{
    EXPECT_EQ(run_pscisim("-q " + guest("sysoff")).status, 0);
    EXPECT_EQ(run_pscisim("-q --conduit hvc --boot-el 1 " + guest("sysoff_hvc")).status, 0);
    // At EL2 the guest owns HVC: the HVC conduit is refused (usage error, exit 2).
    EXPECT_EQ(run_pscisim("-q --conduit hvc " + guest("sysoff_hvc")).status, 2);
    // HVC is not the conduit when SMC is selected: with no EL2 vectors the guest
    // takes an exception it cannot handle.
    EXPECT_EQ(run_pscisim("-q --conduit smc " + guest("sysoff_hvc")).status, 1);
}

TEST(ExitStatus, MaxTimeExits3AndWritesTheReport)
{
    std::remove(tmp("maxtime.json").c_str());
    run_result r =
        run_pscisim("-q --max-time 2ms --report " + tmp("maxtime.json") + " " + guest("spin"));
    EXPECT_EQ(r.status, 3);
    auto j = nlohmann::json::parse(slurp(tmp("maxtime.json")));
    EXPECT_EQ(j["run"]["exit"]["reason"], "max_time");
    EXPECT_EQ(j["run"]["simulated_time_ns"], 2000000);
}

TEST(Platform, BootCoreGetsDtbInX0AtEl2)
{
    run_result r = run_pscisim("-q " + guest("bootregs"));
    EXPECT_EQ(r.status, 0) << "first failing check: " << r.status << "\n" << r.out;
}

TEST(Platform, PowerControllerRegistersShowDomainStates)
{
    run_result r = run_pscisim("-q --topology 1x2 " + guest("pwrregs"));
    EXPECT_EQ(r.status, 0) << "first failing check: " << r.status << "\n" << r.out;
}

TEST(Platform, SystemResetRestoresTheImageKeepsRamAndRestarts)
{
    std::string rep = tmp("reset.json");
    run_result r = run_pscisim("-q --topology 1x2 --report " + rep + " " + guest("reset"));
    EXPECT_EQ(r.status, 13) << r.out; // third boot; 100 = image not restored
    auto j = nlohmann::json::parse(slurp(rep));
    EXPECT_EQ(j["run"]["system_resets"], 2);
}

// Regression: a boot core that was clock-gated (standby) at SYSTEM_RESET stayed
// gated after the reset and never ran.
TEST(Platform, SystemResetRestartsAGatedBootCore)
{
    run_result r = run_pscisim("-q --topology 1x2 --max-time 100ms " + guest("reset_standby"));
    EXPECT_EQ(r.status, 0) << r.out;
}

// Regression: a system reset that landed while the boot core waited inside a
// synchronising MMIO read reset the ISS mid-instruction (the first instruction at
// the entry point was skipped).
TEST(Platform, SystemResetDuringAnMmioAccessRestartsCleanly)
{
    run_result r = run_pscisim("-q --topology 1x2 --max-time 100ms " + guest("reset_mmio"));
    EXPECT_EQ(r.status, 0) << r.out;
}

TEST(ExitStatus, ResetExitsGives4)
{
    EXPECT_EQ(run_pscisim("-q --reset-exits " + guest("reset")).status, 4);
}

TEST(ExitStatus, CtrlCStopsCleanlyAndWritesTheReport)
{
    std::string rep = tmp("sigint.json");
    std::remove(rep.c_str());
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        execl(PSCISIM_BIN, PSCISIM_BIN, "-q", "--report", rep.c_str(), guest("spin").c_str(),
              (char *)nullptr);
        _exit(127);
    }
    usleep(500000);
    kill(pid, SIGINT);
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 130);
    auto j = nlohmann::json::parse(slurp(rep));
    EXPECT_EQ(j["run"]["exit"]["reason"], "interrupted");
    EXPECT_GT(j["run"]["simulated_time_ns"].get<uint64_t>(), 0u);
}

#ifdef PSCISIM_DEMO_ELF
// ---- the demo guest: every core up via CPU_ON, suspends (standby, core and cluster
// power-down) and wakes; the report's latencies are the configuration's ----

class Demo : public ::testing::TestWithParam<std::string>
{
};

TEST_P(Demo, EveryCoreSuspendsAndWakesWithConfiguredLatencies)
{
    std::string topo = GetParam();
    std::string rep = tmp("demo-" + topo + ".json");
    run_result r =
        run_pscisim("-q --topology " + topo + " --report " + rep + " " + PSCISIM_DEMO_ELF);
    ASSERT_EQ(r.status, 0) << r.out;
    auto j = nlohmann::json::parse(slurp(rep));
    unsigned clusters = std::stoul(topo.substr(0, topo.find('x')));
    unsigned per = std::stoul(topo.substr(topo.find('x') + 1));
    unsigned cores = clusters * per;
    EXPECT_EQ(j["run"]["exit"]["reason"], "system_off");

    // FVP preset at 1 GHz: dispatch 1000 cycles, L1 32 KiB and L2 1 MiB cleaned at 64
    // cycles/KiB, ramps 10 us up / 5 us down, warm boot 10000 cycles.
    const uint64_t D = 1000, l1 = 32 * 64, ramp_up = 10000, ramp_down = 5000, warm = 10000;
    std::map<std::string, unsigned> ok_calls;
    std::map<std::string, unsigned> callers_on;
    for (auto &c : j["psci_calls"]) {
        std::string fn = c["function"];
        std::string arg = c["args"][0];
        if (fn == "CPU_ON64" && c["result"] == 0) {
            ++ok_calls["on"];
            EXPECT_TRUE(c.contains("exit_latency_ns"));
        }
        if (fn != "CPU_SUSPEND64" || c["result"] != 0 || !c.contains("exit_latency_ns")) continue;
        uint64_t en = c["entry_latency_ns"], ex = c["exit_latency_ns"];
        if (arg == "0x1") { // core standby: retention 20/40 us
            EXPECT_EQ(en, D + 20000);
            EXPECT_EQ(ex, 40000u);
            ++ok_calls["standby"];
        } else if (arg == "0x10002") { // core power-down: 40/100 us
            EXPECT_EQ(en, D + l1 + 40000 + ramp_down);
            EXPECT_EQ(ex, ramp_up + 100000 + warm);
            ++ok_calls["core_off"];
        } else if (arg == "0x1010022") { // cluster power-down: 500/1000 us
            ++ok_calls["cluster_off"];
            // Exit: core only (the cluster stayed on) up to cluster + core (the core
            // powered the cluster up); in between when a sibling had already started
            // the cluster's power-up and this core waited for it.
            const uint64_t core_only = ramp_up + 100000 + warm;
            const uint64_t full = ramp_up + 1000000 + core_only;
            EXPECT_GE(ex, core_only);
            EXPECT_LE(ex, full);
            if (clusters * per == 1 || per == 1) {
                EXPECT_EQ(ex, full);
            }
        }
    }
    EXPECT_EQ(ok_calls["on"], cores - 1);
    EXPECT_EQ(ok_calls["standby"], 3 * cores);
    EXPECT_EQ(ok_calls["core_off"], 3 * cores);
    EXPECT_EQ(ok_calls["cluster_off"], 3 * cores);
    // Every cluster went off at least once (the last core of each takes it down).
    for (auto &d : j["domains"]) {
        if (d["level"] == "cluster") {
            EXPECT_GE(d["states"]["off"]["entries"].get<unsigned>(), 1u) << d["name"];
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Topologies, Demo, ::testing::Values("1x1", "2x4", "4x4"));

namespace
{
nlohmann::json without_host(nlohmann::json j)
{
    j.erase("host");
    return j;
}

// Clock-enabled time per VCD variable name scope (core), from the waveform.
std::map<std::string, uint64_t> vcd_clock_enabled_ns(const std::string &vcd, uint64_t end)
{
    std::istringstream in(vcd);
    std::string line;
    std::vector<std::string> scope;
    std::map<std::string, std::string> id_to_core; // clk_en id -> "clusterX.coreY"
    std::map<std::string, std::pair<bool, uint64_t>> st;
    std::map<std::string, uint64_t> total;
    uint64_t t = 0;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string w;
        ls >> w;
        if (w == "$scope") {
            std::string kind, name;
            ls >> kind >> name;
            scope.push_back(name);
        } else if (w == "$upscope") {
            scope.pop_back();
        } else if (w == "$var") {
            std::string type, width, id, name;
            ls >> type >> width >> id >> name;
            if (name == "clk_en" && scope.size() >= 3)
                id_to_core[id] = scope[scope.size() - 2] + "." + scope.back();
        } else if (!w.empty() && w[0] == '#') {
            t = std::stoull(w.substr(1));
        } else if (!w.empty() && (w[0] == '0' || w[0] == '1') && w.size() > 1) {
            std::string id = w.substr(1);
            auto it = id_to_core.find(id);
            if (it == id_to_core.end()) continue;
            bool on = w[0] == '1';
            auto &s = st[it->second];
            if (s.first) total[it->second] += t - s.second;
            s = {on, t};
            total[it->second] += 0;
        }
    }
    for (auto &[core, s] : st)
        if (s.first) total[core] += end - s.second;
    return total;
}
} // namespace

TEST(Determinism, SameGuestAndConfigGiveIdenticalReportsAndVcd)
{
    std::string a = tmp("det-a"), b = tmp("det-b");
    for (auto &p : {a, b}) {
        run_result r = run_pscisim("-q --topology 2x4 --report " + p + ".json --vcd " + p +
                                   ".vcd " + PSCISIM_DEMO_ELF);
        ASSERT_EQ(r.status, 0) << r.out;
    }
    auto ja = nlohmann::json::parse(slurp(a + ".json"));
    auto jb = nlohmann::json::parse(slurp(b + ".json"));
    EXPECT_EQ(without_host(ja), without_host(jb));
    std::string va = slurp(a + ".vcd"), vb = slurp(b + ".vcd");
    EXPECT_FALSE(va.empty());
    EXPECT_TRUE(va == vb) << "VCD files differ";

    // The waveform's clock enables add up to the report's clock-enabled time.
    uint64_t end = ja["run"]["simulated_time_ns"];
    auto vcd = vcd_clock_enabled_ns(va, end);
    unsigned cores_checked = 0;
    for (auto &d : ja["domains"]) {
        if (d["level"] != "core") continue;
        std::string name = d["name"];
        ASSERT_TRUE(vcd.count(name)) << name;
        EXPECT_EQ(vcd[name], d["clock_enabled_ns"].get<uint64_t>()) << name;
        ++cores_checked;
    }
    EXPECT_EQ(cores_checked, 8u);

    // The report carries the PSCI library's statistics (what PSCI_STAT_* return):
    // every core entered standby 3 times in the demo.
    ASSERT_TRUE(ja.contains("psci_stats"));
    unsigned nodes = 0;
    for (auto &n : ja["psci_stats"]) {
        std::string name = n["node"];
        if (name.find(".core") == std::string::npos) continue;
        EXPECT_EQ(n["retention"]["count"], 3) << name;
        ++nodes;
    }
    EXPECT_EQ(nodes, 8u);
}
#endif
