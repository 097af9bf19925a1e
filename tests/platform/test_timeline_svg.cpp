// The timeline SVG (platform/report/timeline_svg.hpp) from hand-made run descriptions:
// geometry of rows and clock bars, the time axis and its units, the legend, the
// viewBox, and the PSCI call markers with their tooltips, merged per pixel column.
#include "report/timeline_svg.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace pscisim;

namespace
{

// system ON throughout; one core: off 0-1 us, powering_up 1-2 us, on 2-5 us (clock
// running), powering_down 5-6 us, off after; 10 us in all.
timeline_data story()
{
    timeline_data d;
    d.title = "story.elf";
    d.end_ns = 10000;
    timeline_row sys;
    sys.name = "system";
    sys.modes = {{0, 0}};
    timeline_row core;
    core.name = "cluster0.core0";
    core.is_core = true;
    core.mpidr = 0x80000000;
    core.modes = {{0, 2}, {1000, 4}, {2000, 0}, {5000, 3}, {6000, 2}};
    core.clock = {{0, false}, {2000, true}, {5000, false}};
    d.rows = {sys, core};
    return d;
}

std::string svg_of(const timeline_data &d)
{
    std::ostringstream os;
    write_timeline_svg(os, d);
    return os.str();
}

size_t count(const std::string &s, const std::string &what)
{
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}

} // namespace

TEST(TimelineSvg, RowsClockBarsAndZoomableViewBox)
{
    std::string svg = svg_of(story());
    // 2 rows: height = 30 + 2 x 22 + 100; width = 150 + 1000 + 20.
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1170 174\" "
                        "width=\"1170\" height=\"174\"",
                        0),
              0u)
        << svg;
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    // 10 ns per column; the core row is the second one (y = 30 + 22).
    EXPECT_NE(svg.find("<rect x=\"150\" y=\"52\" width=\"100\" height=\"12\" fill=\"#bdbdbd\"/>\n"
                       "<rect x=\"250\" y=\"52\" width=\"100\" height=\"12\" fill=\"#1565c0\"/>\n"
                       "<rect x=\"350\" y=\"52\" width=\"300\" height=\"12\" fill=\"#2e7d32\"/>\n"
                       "<rect x=\"650\" y=\"52\" width=\"100\" height=\"12\" fill=\"#ef6c00\"/>\n"
                       "<rect x=\"750\" y=\"52\" width=\"400\" height=\"12\" fill=\"#bdbdbd\"/>\n"
                       "<rect x=\"350\" y=\"65\" width=\"300\" height=\"2\" fill=\"#000000\"/>\n"),
              std::string::npos)
        << svg;
    EXPECT_NE(svg.find("<title>pscisim power timeline: story.elf</title>"), std::string::npos);
}

TEST(TimelineSvg, TimeAxisHasUnitsAndLegendNamesEverything)
{
    std::string svg = svg_of(story());
    // Ticks every 1 us from 0 to 10 us, each labelled with its unit; an axis title.
    for (const char *t : {">0ns<", ">1us<", ">5us<", ">10us<"})
        EXPECT_NE(svg.find(t), std::string::npos) << t;
    EXPECT_EQ(count(svg, "text-anchor=\"middle\">"), 11u + 1u) << svg;
    EXPECT_NE(svg.find(">simulated time</text>"), std::string::npos);
    for (const char *m : {">on<", ">retention<", ">off<", ">powering_down<", ">powering_up<",
                          ">core clock enabled<", ">PSCI call (hover for details)<",
                          ">PSCI call returning an error<"})
        EXPECT_NE(svg.find(m), std::string::npos) << m;
    EXPECT_EQ(timeline_time_label(1500000), "1.5ms");
    EXPECT_EQ(timeline_time_label(2e9), "2s");
    EXPECT_EQ(timeline_time_label(999), "999ns");
}

TEST(TimelineSvg, CallMarkersWithTooltipsOnTheCallersRow)
{
    timeline_data d = story();
    d.calls.push_back({2500, 0x80000000, "CPU_SUSPEND64", 0, 3000, 1000});
    d.calls.push_back({7000, 0x80000000, "CPU_ON64", -4, std::nullopt, std::nullopt});
    d.calls.push_back({7000, 0x80000101, "PSCI_VERSION", 0x10001, {}, {}}); // no such row
    // Accepted CPU_OFF is logged with INTERNAL_FAILURE (it never returns): not an error.
    d.calls.push_back({9000, 0x80000000, "CPU_OFF", -6, 1000, {}});
    std::string svg = svg_of(d);
    EXPECT_EQ(count(svg, "<path d=\"M"), 3u + 2u) << svg; // 3 markers + 2 legend symbols
    // Column 250, above the core row (y 52): tip at y 51.
    EXPECT_NE(svg.find("<path d=\"M400.5 51 l-3 -5 h6 z\" fill=\"#000000\"><title>CPU_SUSPEND64 "
                       "at 2.5us: result 0, entry 3us, exit 1us</title></path>"),
              std::string::npos)
        << svg;
    // An error result gets the error colour.
    EXPECT_NE(svg.find("<path d=\"M850.5 51 l-3 -5 h6 z\" fill=\"#c62828\"><title>CPU_ON64 at "
                       "7us: result -4</title></path>"),
              std::string::npos)
        << svg;
    EXPECT_NE(svg.find("<path d=\"M1050.5 51 l-3 -5 h6 z\" fill=\"#000000\"><title>CPU_OFF at "
                       "9us: result -6, entry 1us</title></path>"),
              std::string::npos)
        << svg;
}

TEST(TimelineSvg, CallsInOnePixelColumnShareOneMarker)
{
    timeline_data d = story();
    d.end_ns = 10000000; // 10 us per column
    for (uint64_t t = 0; t < 1000000; t += 1000)
        d.calls.push_back({t, 0x80000000, t % 2000 ? "CPU_SUSPEND" : "AFFINITY_INFO64", 0, {}, {}});
    std::string svg = svg_of(d);
    // 1000 calls over 100 columns: 100 markers, each listing its 10 calls.
    EXPECT_EQ(count(svg, "<title>10 PSCI calls from "), 100u);
    EXPECT_NE(svg.find("<title>10 PSCI calls from 0ns to 9us: AFFINITY_INFO64 x5 CPU_SUSPEND "
                       "x5</title>"),
              std::string::npos)
        << svg.substr(0, 3000);
    EXPECT_LT(svg.size(), 40000u);
}

// A bounded producer's summaries (count > 1) are counted call by call in the tooltip,
// and a summary of one call is described like a single call.
TEST(TimelineSvg, SummarisedCallsCountInTheTooltip)
{
    timeline_data d = story();
    timeline_call many{1000, 0x80000000, "PSCI_VERSION", 65536, {}, {}};
    many.count = 5000;
    many.last_time_ns = 1005;
    timeline_call one{1006, 0x80000000, "CPU_OFF", -2, {}, {}};
    d.calls = {many, one};
    std::string svg = svg_of(d);
    EXPECT_NE(svg.find("<title>5001 PSCI calls from 1us to 1.006us: CPU_OFF x1 PSCI_VERSION "
                       "x5000</title>"),
              std::string::npos)
        << svg;
    EXPECT_EQ(count(svg, "fill=\"#c62828\"><title>"), 1u); // the error colours the marker
    d.calls = {many};
    d.calls[0].count = 1;
    EXPECT_NE(svg_of(d).find("<title>PSCI_VERSION at 1us: result 65536</title>"),
              std::string::npos);
}

TEST(TimelineSvg, EscapesNamesAndHandlesAnEmptyRun)
{
    timeline_data d;
    d.title = "a<b>&\"c\".elf";
    d.end_ns = 0;
    timeline_row r;
    r.name = "x<y>";
    r.modes = {{0, 2}};
    d.rows = {r};
    std::string svg = svg_of(d);
    EXPECT_NE(svg.find("a&lt;b&gt;&amp;&quot;c&quot;.elf, 0ns simulated"), std::string::npos);
    EXPECT_NE(svg.find(">x&lt;y&gt;</text>"), std::string::npos);
    EXPECT_EQ(svg.find("height=\"12\""), std::string::npos); // no row rectangles
}
