#include "report/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace pscisim
{

namespace
{

const char *const mode_name[timeline_num_modes] = {"on", "retention", "off", "powering_down",
                                                   "powering_up"};
const char *const mode_colour[timeline_num_modes] = {"#2e7d32", "#f9a825", "#bdbdbd", "#ef6c00",
                                                     "#1565c0"};
const char *const call_colour = "#000000";
const char *const error_colour = "#c62828";

std::string xml_escape(const std::string &s)
{
    std::string o;
    for (char c : s)
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        default: o += c;
        }
    return o;
}

// Splits a step function over [0, end) into `cols` pixel columns and returns, per
// column, the value that covers most of it. Work is O(cols + changes), so runs with
// millions of transitions still give a picture of bounded size.
template <typename V>
std::vector<unsigned> columns(const std::vector<std::pair<uint64_t, V>> &hist, uint64_t end,
                              unsigned cols, unsigned nvalues)
{
    std::vector<std::vector<double>> acc(cols, std::vector<double>(nvalues, 0.0));
    const double scale = static_cast<double>(cols) / static_cast<double>(end);
    for (size_t i = 0; i < hist.size(); ++i) {
        uint64_t a = hist[i].first, b = i + 1 < hist.size() ? hist[i + 1].first : end;
        if (b <= a) continue;
        unsigned v = static_cast<unsigned>(hist[i].second);
        if (v >= nvalues) continue;
        double fa = static_cast<double>(a) * scale, fb = static_cast<double>(b) * scale;
        unsigned ca = static_cast<unsigned>(fa),
                 cb = std::min(cols, static_cast<unsigned>(std::ceil(fb)));
        for (unsigned c = ca; c < cb; ++c)
            acc[c][v] += std::min(fb, c + 1.0) - std::max(fa, static_cast<double>(c));
    }
    std::vector<unsigned> out(cols, 0);
    for (unsigned c = 0; c < cols; ++c)
        out[c] =
            static_cast<unsigned>(std::max_element(acc[c].begin(), acc[c].end()) - acc[c].begin());
    return out;
}

std::string describe(const timeline_call &c)
{
    std::string s = c.function + " at " + timeline_time_label(static_cast<double>(c.time_ns)) +
                    ": result " + std::to_string(c.result);
    if (c.entry_latency_ns)
        s += ", entry " + timeline_time_label(static_cast<double>(*c.entry_latency_ns));
    if (c.exit_latency_ns)
        s += ", exit " + timeline_time_label(static_cast<double>(*c.exit_latency_ns));
    return s;
}

// A call whose result is a PSCI error code (DEN 0022 §5.2.2). Calls that do not return
// when accepted (CPU_OFF, CPU_FREEZE, SYSTEM_OFF/OFF2/RESET/RESET2) are logged with
// INTERNAL_FAILURE, the value the core would read should it ever be resumed (psci.h,
// struct psci_result): that is not an error.
bool is_error(const timeline_call &c)
{
    const int64_t internal_failure = -6;
    if (c.result >= 0) return false;
    if (c.result != internal_failure) return true;
    const std::string &f = c.function;
    return !(f == "CPU_OFF" || f.rfind("CPU_FREEZE", 0) == 0 || f.rfind("SYSTEM_OFF", 0) == 0 ||
             f.rfind("SYSTEM_RESET", 0) == 0);
}

// The calls of one core inside one pixel column.
struct marker {
    std::vector<const timeline_call *> calls;
    bool error = false;
};

} // namespace

std::string timeline_time_label(double ns)
{
    char b[32];
    if (ns >= 1e9)
        std::snprintf(b, sizeof b, "%gs", ns / 1e9);
    else if (ns >= 1e6)
        std::snprintf(b, sizeof b, "%gms", ns / 1e6);
    else if (ns >= 1e3)
        std::snprintf(b, sizeof b, "%gus", ns / 1e3);
    else
        std::snprintf(b, sizeof b, "%gns", ns);
    return b;
}

void write_timeline_svg(std::ostream &out, const timeline_data &d)
{
    const unsigned cols = 1000, label_w = 150, row_h = 16, gap = 6, top = 30;
    const unsigned width = label_w + cols + 20;
    const unsigned rows_h = static_cast<unsigned>(d.rows.size()) * (row_h + gap);
    const unsigned height = top + rows_h + 100;
    const uint64_t end = d.end_ns;
    char b[320];
    // viewBox: browsers scale the picture as vectors when zooming or resizing.
    std::snprintf(b, sizeof b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %u %u\" width=\"%u\" "
                  "height=\"%u\" font-family=\"monospace\" font-size=\"11\">\n",
                  width, height, width, height);
    out << b;
    out << "<title>pscisim power timeline: " << xml_escape(d.title) << "</title>\n";
    out << "<rect x=\"0\" y=\"0\" width=\"" << width << "\" height=\"" << height
        << "\" fill=\"#ffffff\"/>\n";
    out << "<text x=\"4\" y=\"16\">pscisim power timeline: " << xml_escape(d.title) << ", "
        << timeline_time_label(static_cast<double>(end)) << " simulated</text>\n";
    unsigned y = top;
    for (const auto &r : d.rows) {
        out << "<text x=\"4\" y=\"" << y + 12 << "\">" << xml_escape(r.name) << "</text>\n";
        if (end > 0) {
            auto cm = columns(r.modes, end, cols, timeline_num_modes);
            for (unsigned c = 0; c < cols;) {
                unsigned e = c;
                while (e < cols && cm[e] == cm[c])
                    ++e;
                std::snprintf(b, sizeof b,
                              "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>\n",
                              label_w + c, y, e - c, row_h - 4, mode_colour[cm[c]]);
                out << b;
                c = e;
            }
            if (r.is_core) {
                auto cc = columns(r.clock, end, cols, 2);
                for (unsigned c = 0; c < cols;) {
                    unsigned e = c;
                    while (e < cols && cc[e] == cc[c])
                        ++e;
                    if (cc[c]) {
                        std::snprintf(b, sizeof b,
                                      "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"2\" "
                                      "fill=\"#000000\"/>\n",
                                      label_w + c, y + row_h - 3, e - c);
                        out << b;
                    }
                    c = e;
                }
            }
        }
        y += row_h + gap;
    }

    // PSCI call markers: a small triangle above the caller's row, one per core and
    // pixel column; the tooltip (<title>) lists the calls.
    if (end > 0 && !d.calls.empty()) {
        std::map<uint64_t, unsigned> row_of; // MPIDR -> row index
        for (unsigned i = 0; i < d.rows.size(); ++i)
            if (d.rows[i].is_core) row_of.emplace(d.rows[i].mpidr, i);
        std::map<std::pair<unsigned, unsigned>, marker> marks; // (row, column)
        for (const auto &c : d.calls) {
            auto it = row_of.find(c.mpidr);
            if (it == row_of.end()) continue;
            unsigned col = static_cast<unsigned>(std::min<uint64_t>(
                cols - 1, static_cast<uint64_t>(static_cast<double>(c.time_ns) /
                                                static_cast<double>(end) * cols)));
            auto &m = marks[{it->second, col}];
            m.calls.push_back(&c);
            m.error |= is_error(c);
        }
        out << "<g class=\"psci-calls\">\n";
        for (auto &[key, m] : marks) {
            std::stable_sort(m.calls.begin(), m.calls.end(),
                             [](const timeline_call *a, const timeline_call *c) {
                                 return a->time_ns < c->time_ns;
                             });
            double x = label_w + key.second + 0.5;
            unsigned ry = top + key.first * (row_h + gap);
            std::string tip;
            if (m.calls.size() == 1 && m.calls[0]->count <= 1) {
                tip = describe(*m.calls[0]);
            } else {
                std::map<std::string, uint64_t> n;
                uint64_t total = 0, last = 0;
                for (const auto *c : m.calls) {
                    uint64_t k = std::max<uint64_t>(c->count, 1);
                    n[c->function] += k;
                    total += k;
                    last = std::max(last, k > 1 ? c->last_time_ns : c->time_ns);
                }
                tip = std::to_string(total) + " PSCI calls from " +
                      timeline_time_label(static_cast<double>(m.calls.front()->time_ns)) + " to " +
                      timeline_time_label(static_cast<double>(last)) + ":";
                for (const auto &[f, k] : n)
                    tip += " " + f + " x" + std::to_string(k);
            }
            std::snprintf(b, sizeof b, "<path d=\"M%.1f %u l-3 -5 h6 z\" fill=\"%s\"><title>", x,
                          ry - 1, m.error ? error_colour : call_colour);
            out << b << xml_escape(tip) << "</title></path>\n";
        }
        out << "</g>\n";
    }

    // Time axis: about ten ticks at 1, 2 or 5 x 10^k ns, labelled with units.
    unsigned axis_y = top + rows_h;
    std::snprintf(b, sizeof b,
                  "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\" stroke=\"#000000\"/>\n", label_w,
                  axis_y, label_w + cols, axis_y);
    out << b;
    if (end > 0) {
        double raw = static_cast<double>(end) / 10.0, step = 1;
        while (step * 10 <= raw)
            step *= 10;
        if (step * 5 <= raw)
            step *= 5;
        else if (step * 2 <= raw)
            step *= 2;
        for (double t = 0; t <= static_cast<double>(end) + 0.5; t += step) {
            double x = label_w + t / static_cast<double>(end) * cols;
            std::snprintf(b, sizeof b,
                          "<line x1=\"%.2f\" y1=\"%u\" x2=\"%.2f\" y2=\"%u\" stroke=\"#000000\"/>"
                          "<text x=\"%.2f\" y=\"%u\" text-anchor=\"middle\">%s</text>\n",
                          x, axis_y, x, axis_y + 4, x, axis_y + 16, timeline_time_label(t).c_str());
            out << b;
        }
    }
    std::snprintf(b, sizeof b,
                  "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">simulated time</text>\n",
                  label_w + cols / 2, axis_y + 32);
    out << b;

    // Legend: the power modes, then the clock bar and the call markers.
    unsigned lx = label_w, ly = axis_y + 46;
    for (unsigned m = 0; m < timeline_num_modes; ++m) {
        std::snprintf(b, sizeof b,
                      "<rect x=\"%u\" y=\"%u\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                      "<text x=\"%u\" y=\"%u\">%s</text>\n",
                      lx, ly, mode_colour[m], lx + 16, ly + 9, mode_name[m]);
        out << b;
        lx += 130;
    }
    lx = label_w, ly += 20;
    std::snprintf(b, sizeof b,
                  "<rect x=\"%u\" y=\"%u\" width=\"12\" height=\"2\" fill=\"#000000\"/>"
                  "<text x=\"%u\" y=\"%u\">core clock enabled</text>\n"
                  "<path d=\"M%u %u l-3 -5 h6 z\" fill=\"%s\"/>"
                  "<text x=\"%u\" y=\"%u\">PSCI call (hover for details)</text>\n"
                  "<path d=\"M%u %u l-3 -5 h6 z\" fill=\"%s\"/>"
                  "<text x=\"%u\" y=\"%u\">PSCI call returning an error</text>\n",
                  lx, ly + 4, lx + 16, ly + 9, lx + 266, ly + 8, call_colour, lx + 276, ly + 9,
                  lx + 526, ly + 8, error_colour, lx + 536, ly + 9);
    out << b << "</svg>\n";
}

} // namespace pscisim
