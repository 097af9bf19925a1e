// Reports: VCD writer (golden output), run recorder (residency, counts, energy), JSON
// report, summary text, progress line.
#include "report/recorder.hpp"
#include "report/vcd_writer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace pscisim;

TEST(Vcd, GoldenSmallSequence)
{
    std::ostringstream os;
    vcd_writer w(os);
    w.push_scope("top");
    int a = w.add_var("clk_en", 1, 0);
    int b = w.add_var("power", 3, 2);
    w.pop_scope();
    w.change(0, a, 1);
    w.change(0, b, 0);
    w.change(100, b, 2);
    w.change(100, b, 1); // same time: the last value wins
    w.change(150, a, 1); // no change: no timestamp
    w.change(200, a, 0);
    w.finish(300);
    EXPECT_EQ(os.str(), "$version pscisim $end\n"
                        "$timescale 1 ns $end\n"
                        "$scope module top $end\n"
                        "$var wire 1 ! clk_en $end\n"
                        "$var reg 3 \" power $end\n"
                        "$upscope $end\n"
                        "$enddefinitions $end\n"
                        "#0\n$dumpvars\n1!\nb0 \"\n$end\n"
                        "#100\nb1 \"\n"
                        "#200\n0!\n"
                        "#300\n");
}

TEST(Vcd, FirstChangeLaterThanZeroDumpsInitialValues)
{
    std::ostringstream os;
    vcd_writer w(os, "1 ps");
    w.push_scope("s");
    int v = w.add_var("x", 4, 9);
    w.pop_scope();
    w.change(50, v, 10);
    w.finish(50);
    EXPECT_EQ(os.str(), "$version pscisim $end\n$timescale 1 ps $end\n$scope module s $end\n"
                        "$var reg 4 ! x $end\n$upscope $end\n$enddefinitions $end\n"
                        "#0\n$dumpvars\nb1001 !\n$end\n#50\nb1010 !\n");
}

TEST(Vcd, Misuse)
{
    std::ostringstream os;
    vcd_writer w(os);
    w.push_scope("s");
    int v = w.add_var("x", 2, 0);
    EXPECT_THROW(w.change(0, v, 1), std::logic_error); // scope still open
    w.pop_scope();
    EXPECT_THROW(w.pop_scope(), std::logic_error);
    EXPECT_THROW(w.change(0, v, 4), std::logic_error); // does not fit 2 bits
    EXPECT_THROW(w.change(0, 7, 1), std::logic_error); // unknown handle
    w.change(10, v, 1);
    EXPECT_THROW(w.change(5, v, 2), std::logic_error); // time went backwards
    EXPECT_THROW(w.add_var("late", 1, 0), std::logic_error);
    EXPECT_THROW(w.finish(3), std::logic_error);
    w.finish(10);
    EXPECT_THROW(w.change(20, v, 0), std::logic_error);
}

TEST(Vcd, ManyIdentifiersAreUnique)
{
    std::ostringstream os;
    vcd_writer w(os);
    w.push_scope("s");
    for (int i = 0; i < 200; ++i)
        w.add_var("v" + std::to_string(i), 1, 0);
    w.pop_scope();
    w.finish(0);
    std::istringstream in(os.str());
    std::set<std::string> ids;
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("$var", 0) == 0) {
            std::istringstream ls(line);
            std::string kw, type, width, id;
            ls >> kw >> type >> width >> id;
            EXPECT_TRUE(ids.insert(id).second) << id;
            for (char ch : id)
                EXPECT_TRUE(ch >= '!' && ch <= '~');
        }
    EXPECT_EQ(ids.size(), 200u);
}

namespace
{

sim_config one_by_two()
{
    sim_config c = preset_config("fvp");
    c.clusters.resize(1);
    c.clusters[0].cores = 2;
    return c;
}

// A short hotplug story: core1 is turned on by core0, runs, turns itself off.
void record_story(run_recorder &r)
{
    r.set_power_mode(0, power_level::system, 0, 0, power_mode::on);
    r.set_power_mode(0, power_level::cluster, 0, 0, power_mode::on);
    r.set_power_mode(0, power_level::core, 0, 0, power_mode::on);
    r.set_clock_enable(0, 0, 0, true);
    r.set_power_mode(1000, power_level::core, 0, 1, power_mode::powering_up);
    r.set_power_mode(2000, power_level::core, 0, 1, power_mode::on);
    r.set_clock_enable(2000, 0, 1, true);
    r.set_clock_enable(5000, 0, 1, false);
    r.set_power_mode(5000, power_level::core, 0, 1, power_mode::powering_down);
    r.set_power_mode(6000, power_level::core, 0, 1, power_mode::off);
    psci_call_record off;
    off.time_ns = 4900;
    off.mpidr = 0x80000001;
    off.function_id = 0x84000002;
    off.entry_latency_ns = 1100;
    psci_call_record on;
    on.time_ns = 900;
    on.mpidr = 0x80000000;
    on.function_id = 0xC4000003;
    on.args = {1, 0x40080000, 0};
    size_t i = r.add_psci_call(off); // out of order on purpose
    r.add_psci_call(on);
    r.psci_call(1).exit_latency_ns = 1100;
    EXPECT_EQ(i, 0u);
    psci_call_record v;
    v.time_ns = 900;
    v.mpidr = 0x80000001; // same time, higher MPIDR: sorted after CPU_ON
    v.function_id = 0x84000000;
    v.result = 0x10001;
    r.add_psci_call(v);
    r.set_instructions(0, 0, 4000);
    r.set_instructions(0, 1, 2000);
    r.finish(10000, {"system_off", 0, ""}, 0.002);
}

} // namespace

TEST(Recorder, ResidencyCountsEnergy)
{
    run_recorder r(one_by_two(), "hotplug.elf");
    record_story(r);
    const auto &c1 = r.domain(power_level::core, 0, 1);
    EXPECT_EQ(c1.name, "cluster0.core1");
    EXPECT_EQ(c1.residency_ns[static_cast<unsigned>(power_mode::off)], 5000u);
    EXPECT_EQ(c1.residency_ns[static_cast<unsigned>(power_mode::on)], 3000u);
    EXPECT_EQ(c1.residency_ns[static_cast<unsigned>(power_mode::powering_up)], 1000u);
    EXPECT_EQ(c1.residency_ns[static_cast<unsigned>(power_mode::powering_down)], 1000u);
    EXPECT_EQ(c1.entries[static_cast<unsigned>(power_mode::off)], 1u);
    EXPECT_EQ(c1.entries[static_cast<unsigned>(power_mode::on)], 1u);
    EXPECT_EQ(c1.clock_enabled_ns, 3000u);
    // 5000 ns charged at 140 mW (on + transitions), 5000 ns at 0 mW.
    EXPECT_DOUBLE_EQ(c1.energy_mj(), 140.0 * 5000 * 1e-9);
    const auto &c0 = r.domain(power_level::core, 0, 0);
    EXPECT_EQ(c0.residency_ns[0], 10000u);
    EXPECT_EQ(c0.clock_enabled_ns, 10000u);
    EXPECT_DOUBLE_EQ(r.domain(power_level::system).energy_mj(), 100.0 * 10000 * 1e-9);
    EXPECT_EQ(r.domains().size(), 4u);
}

TEST(Recorder, JsonReport)
{
    run_recorder r(one_by_two(), "hotplug.elf");
    record_story(r);
    auto j = r.json_report();
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"format", "format_version", "simulator_version", "config",
                                        "psci_calls", "run", "domains", "summary", "host"}));
    EXPECT_EQ(j["run"]["elf"], "hotplug.elf");
    EXPECT_EQ(j["run"]["exit"]["reason"], "system_off");
    EXPECT_EQ(j["run"]["exit"]["status"], 0);
    EXPECT_EQ(j["run"]["simulated_time_ns"], 10000);
    EXPECT_EQ(j["config"]["clusters"][0]["cores"], 2);
    ASSERT_EQ(j["psci_calls"].size(), 3u);
    EXPECT_EQ(
        j["psci_calls"][0].dump(),
        R"({"time_ns":900,"mpidr":"0x80000000","function":"CPU_ON64","function_id":"0xc4000003",)"
        R"("args":["0x1","0x40080000","0x0"],"result":0,"exit_latency_ns":1100})");
    EXPECT_EQ(j["psci_calls"][1]["function"], "PSCI_VERSION");
    EXPECT_EQ(j["psci_calls"][1]["result"], 0x10001);
    EXPECT_EQ(j["psci_calls"][2]["function"], "CPU_OFF");
    EXPECT_EQ(j["psci_calls"][2]["entry_latency_ns"], 1100);
    EXPECT_FALSE(j["psci_calls"][2].contains("exit_latency_ns"));

    auto &d = j["domains"][3];
    EXPECT_EQ(d["name"], "cluster0.core1");
    EXPECT_EQ(d["level"], "core");
    EXPECT_EQ(d["mpidr"], "0x80000001");
    EXPECT_EQ(d["states"]["off"].dump(),
              R"({"residency_ns":5000,"residency_pct":50.0,"entries":1})");
    EXPECT_EQ(d["states"]["on"]["residency_pct"], 30.0);
    EXPECT_EQ(d["clock_enabled_ns"], 3000);
    EXPECT_EQ(d["instructions"], 2000);
    EXPECT_EQ(d["energy_mj"], 0.0007);
    EXPECT_EQ(j["domains"][0]["name"], "system");
    EXPECT_FALSE(j["domains"][0].contains("mpidr"));

    EXPECT_EQ(j["summary"]["instructions"], 6000);
    EXPECT_EQ(j["summary"]["energy_mj"], 0.0036);
    EXPECT_EQ(j["summary"]["psci_call_counts"].dump(),
              R"({"CPU_OFF":1,"CPU_ON64":1,"PSCI_VERSION":1})");
    EXPECT_EQ(j["summary"]["latencies"]["CPU_OFF"]["entry"].dump(),
              R"({"count":1,"min_ns":1100,"avg_ns":1100,"max_ns":1100})");
    EXPECT_EQ(j["summary"]["latencies"]["CPU_ON64"]["exit"]["count"], 1);
    EXPECT_FALSE(j["summary"]["latencies"]["CPU_ON64"].contains("entry"));
    // Summary table: one row per domain with residency %, entry counts and energy.
    std::string text = r.summary_text();
    EXPECT_NE(text.find("pscisim: system_off (status 0) after 0.010000 ms simulated, 0.002 s host, "
                        "3.00 MIPS\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("cluster0.core1     30.00    0.00   50.00   10.00   10.00      0      1    "
                        " 0.000700\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("PSCI calls: CPU_OFF=1 CPU_ON64=1 PSCI_VERSION=1\n"), std::string::npos)
        << text;
    EXPECT_EQ(j["host"]["seconds"], 0.002);
    EXPECT_EQ(j["host"]["mips"], 3.0);

    // Deterministic: same events, same bytes (apart from "host").
    run_recorder r2(one_by_two(), "hotplug.elf");
    record_story(r2);
    std::ostringstream a, b;
    r.write_json_report(a);
    r2.write_json_report(b);
    EXPECT_EQ(a.str(), b.str());
    EXPECT_EQ(a.str().back(), '\n');
}

TEST(Recorder, SuspendLatencyGroupsByPowerState)
{
    run_recorder r(one_by_two(), "s.elf");
    for (uint64_t k = 0; k < 3; ++k) {
        psci_call_record s;
        s.time_ns = 100 * k;
        s.function_id = 0xC4000001;
        s.args = {0x00010002, 0x40080000, 0};
        s.entry_latency_ns = 40000 + k * 10;
        s.exit_latency_ns = 100000 + k;
        r.add_psci_call(s);
    }
    r.finish(1000, {"max_time", 3, "time limit"}, 0);
    auto j = r.json_report();
    auto &l = j["summary"]["latencies"]["CPU_SUSPEND64 0x00010002"];
    EXPECT_EQ(l["calls"], 3);
    EXPECT_EQ(l["entry"].dump(), R"({"count":3,"min_ns":40000,"avg_ns":40010,"max_ns":40020})");
    EXPECT_EQ(l["exit"].dump(), R"({"count":3,"min_ns":100000,"avg_ns":100001,"max_ns":100002})");
    EXPECT_EQ(j["host"]["mips"], 0.0);
    std::string s = r.summary_text();
    EXPECT_NE(s.find("max_time (status 3)"), std::string::npos) << s;
    EXPECT_NE(s.find("CPU_SUSPEND64 0x00010002"), std::string::npos) << s;
    EXPECT_NE(s.find("40.000/40.010/40.020"), std::string::npos) << s;
}

TEST(Recorder, VcdOfTheStory)
{
    std::ostringstream os;
    run_recorder r(one_by_two(), "hotplug.elf");
    r.enable_vcd(os);
    record_story(r);
    const std::string v = os.str();
    EXPECT_NE(
        v.find("$scope module pscisim $end\n$scope module system $end\n$var reg 3 ! power $end\n"
               "$upscope $end\n$scope module cluster0 $end\n$var reg 3 \" power $end\n"
               "$scope module core0 $end\n$var reg 3 # power $end\n$var wire 1 $ clk_en $end\n"
               "$upscope $end\n$scope module core1 $end\n$var reg 3 % power $end\n"
               "$var wire 1 & clk_en $end\n$upscope $end\n$upscope $end\n$upscope $end\n"),
        std::string::npos)
        << v;
    EXPECT_NE(v.find("#0\n$dumpvars\nb0 !\nb0 \"\nb0 #\n1$\nb10 %\n0&\n$end\n"
                     "#1000\nb100 %\n#2000\nb0 %\n1&\n#5000\n0&\nb11 %\n#6000\nb10 %\n#10000\n"),
              std::string::npos)
        << v;
}

TEST(Timeline, StoryAsSvg)
{
    run_recorder r(one_by_two(), "a<b>&c.elf");
    r.enable_timeline();
    record_story(r);
    std::ostringstream os;
    r.write_svg_timeline(os);
    const std::string svg = os.str();
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    EXPECT_NE(svg.find("pscisim power timeline: a&lt;b&gt;&amp;c.elf, 10us simulated"),
              std::string::npos);
    // 1000 columns over 10 us: 10 ns per column. core1 (4th row, y = 30 + 3 * 22 = 96):
    // off 0-1000 ns (cols 0-99), powering_up 100-199, on 200-499, powering_down 500-599,
    // off 600-999; clock bar over 200-499.
    EXPECT_NE(svg.find("<rect x=\"150\" y=\"96\" width=\"100\" height=\"12\" fill=\"#bdbdbd\"/>\n"
                       "<rect x=\"250\" y=\"96\" width=\"100\" height=\"12\" fill=\"#1565c0\"/>\n"
                       "<rect x=\"350\" y=\"96\" width=\"300\" height=\"12\" fill=\"#2e7d32\"/>\n"
                       "<rect x=\"650\" y=\"96\" width=\"100\" height=\"12\" fill=\"#ef6c00\"/>\n"
                       "<rect x=\"750\" y=\"96\" width=\"400\" height=\"12\" fill=\"#bdbdbd\"/>\n"
                       "<rect x=\"350\" y=\"109\" width=\"300\" height=\"2\" fill=\"#000000\"/>\n"),
              std::string::npos)
        << svg;
    // core0 is on and clocked all the time: one rect and one bar.
    EXPECT_NE(svg.find("<rect x=\"150\" y=\"74\" width=\"1000\" height=\"12\" fill=\"#2e7d32\"/>\n"
                       "<rect x=\"150\" y=\"87\" width=\"1000\" height=\"2\" fill=\"#000000\"/>\n"),
              std::string::npos)
        << svg;
    // Ticks every 1 us, labelled with units.
    EXPECT_NE(svg.find(">0ns</text>"), std::string::npos);
    EXPECT_NE(svg.find(">5us</text>"), std::string::npos);
    EXPECT_NE(svg.find(">10us</text>"), std::string::npos);
    EXPECT_NE(svg.find(">powering_down</text>"), std::string::npos);
}

TEST(Timeline, ManyTransitionsStayBounded)
{
    run_recorder r(one_by_two(), "x.elf");
    r.enable_timeline();
    // 100000 on/retention toggles of 10 ns each: far below one pixel column.
    for (uint64_t t = 0; t < 1000000; t += 10)
        r.set_power_mode(t, power_level::core, 0, 0,
                         (t / 10) % 4 == 0 ? power_mode::retention : power_mode::on);
    r.finish(1000000, {"max_time", 3, ""}, 0);
    std::ostringstream os;
    r.write_svg_timeline(os);
    EXPECT_LT(os.str().size(), 20000u);
    // Each column is 75 % on: the row is a single green rect.
    EXPECT_NE(
        os.str().find("<rect x=\"150\" y=\"74\" width=\"1000\" height=\"12\" fill=\"#2e7d32\"/>"),
        std::string::npos);
}

TEST(Timeline, WrittenByFinishWhenConfigured)
{
    sim_config c = one_by_two();
    c.timeline_path = ::testing::TempDir() + "pscisim_timeline.svg";
    {
        run_recorder r(c, "t.elf");
        record_story(r);
    }
    std::ifstream f(c.timeline_path);
    std::string svg((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    c.timeline_path = "/nonexistent/dir/t.svg";
    EXPECT_THROW(run_recorder(c, "t.elf"), usage_error);
    run_recorder plain(one_by_two(), "p.elf");
    plain.finish(10, {"system_off", 0, ""}, 0);
    std::ostringstream os;
    EXPECT_THROW(plain.write_svg_timeline(os), std::logic_error); // not enabled
}

TEST(Recorder, Misuse)
{
    run_recorder r(one_by_two(), "x");
    EXPECT_THROW(r.set_power_mode(0, power_level::core, 0, 2, power_mode::on), std::logic_error);
    EXPECT_THROW(r.set_power_mode(0, power_level::cluster, 1, 0, power_mode::on), std::logic_error);
    r.set_clock_enable(10, 0, 0, true);
    EXPECT_THROW(r.set_clock_enable(5, 0, 0, false), std::logic_error);
    std::ostringstream os;
    EXPECT_THROW(r.enable_vcd(os), std::logic_error); // after the first event
    EXPECT_THROW(r.json_report(), std::logic_error);  // before finish
    EXPECT_THROW(r.psci_call(0), std::logic_error);
    r.finish(20, {"system_off", 0, ""}, 0);
    EXPECT_THROW(r.set_clock_enable(30, 0, 0, false), std::logic_error);
}

TEST(PsciNames, KnownAndUnknown)
{
    EXPECT_EQ(psci_function_name(0x84000000), "PSCI_VERSION");
    EXPECT_EQ(psci_function_name(0x84000001), "CPU_SUSPEND");
    EXPECT_EQ(psci_function_name(0xC4000001), "CPU_SUSPEND64");
    EXPECT_EQ(psci_function_name(0x84000009), "SYSTEM_RESET");
    EXPECT_EQ(psci_function_name(0xC4000012), "SYSTEM_RESET2_64");
    EXPECT_EQ(psci_function_name(0xC4000015), "SYSTEM_OFF2_64");
    EXPECT_EQ(psci_function_name(0x84000015), "SYSTEM_OFF2");
    EXPECT_EQ(psci_function_name(0x80000000), "SMCCC_VERSION");
    EXPECT_EQ(psci_function_name(0xC4000002), "UNKNOWN"); // CPU_OFF has no SMC64 form
    EXPECT_EQ(psci_function_name(0x84000016), "UNKNOWN");
    EXPECT_EQ(psci_function_name(0x12345678), "UNKNOWN");
}

namespace
{
double fake_now_value = 0;
double fake_now()
{
    return fake_now_value;
}
} // namespace

TEST(Progress, RateLimitedAndOverwrites)
{
    std::ostringstream os;
    fake_now_value = 100.0;
    progress_line p(os, true, fake_now);
    EXPECT_FALSE(p.update(1000000)); // nothing before 0.5 s
    fake_now_value = 100.5;
    EXPECT_TRUE(p.update(20000000));
    EXPECT_EQ(os.str(), "\r[pscisim] sim 20.000 ms  (40.000 ms/s host)");
    fake_now_value = 100.7;
    EXPECT_FALSE(p.update(3000000));
    fake_now_value = 101.0;
    EXPECT_TRUE(p.update(10000));
    // Shorter line padded to erase the previous one.
    EXPECT_EQ(os.str().substr(os.str().rfind('\r')),
              "\r[pscisim] sim 0.010 ms  (0.010 ms/s host)  ");
    p.finish();
    EXPECT_EQ(os.str().back(), '\r');

    std::ostringstream quiet;
    progress_line q(quiet, false, fake_now);
    fake_now_value = 200.0;
    EXPECT_FALSE(q.update(1));
    q.finish();
    EXPECT_TRUE(quiet.str().empty());
}
