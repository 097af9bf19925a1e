#include "report/recorder.hpp"
#include "report/timeline_svg.hpp"

#include <psci/psci.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#ifndef PSCISIM_VERSION
#define PSCISIM_VERSION "unknown"
#endif

namespace pscisim {

using ojson = nlohmann::ordered_json;

namespace {

std::string hex(uint64_t v, int width = 0)
{
    char b[32];
    std::snprintf(b, sizeof b, "0x%0*llx", width, static_cast<unsigned long long>(v));
    return b;
}

// Rounded to `digits` decimals so that the shortest round-trip representation nlohmann
// prints is short and identical on every host.
double round_to(double v, int digits)
{
    double s = std::pow(10.0, digits);
    return std::round(v * s) / s;
}

uint64_t div_round(uint64_t a, uint64_t b) { return b ? (a + b / 2) / b : 0; }

} // namespace

const char *to_string(power_mode m)
{
    static const char *n[] = {"on", "retention", "off", "powering_down", "powering_up"};
    return n[static_cast<unsigned>(m)];
}

std::string psci_function_name(uint32_t fid)
{
    // The PSCI library owns the function table (SMC64 forms are named CPU_ON64,
    // SYSTEM_RESET2_64, ...); reports use exactly its names.
    return ::psci_function_name(fid);
}

double run_recorder::domain_stats::energy_mj() const
{
    // mW x ns = 1e-12 J = 1e-9 mJ; transitional modes are charged at the on power.
    double e = 0;
    for (unsigned m = 0; m < num_power_modes; ++m) {
        auto pm = static_cast<power_mode>(m);
        double mw = pm == power_mode::retention ? power.retention_mw
                    : pm == power_mode::off     ? power.off_mw
                                                : power.on_mw;
        e += mw * static_cast<double>(residency_ns[m]) * 1e-9;
    }
    return e;
}

run_recorder::run_recorder(const sim_config &cfg, std::string elf_name)
    : cfg_(cfg), elf_name_(std::move(elf_name))
{
    domain_stats sys;
    sys.name = "system";
    sys.level = power_level::system;
    sys.power = cfg.system_power;
    domains_.push_back(sys);
    for (unsigned c = 0; c < cfg.clusters.size(); ++c) {
        cluster_index_.push_back(domains_.size());
        domain_stats cl;
        cl.name = "cluster" + std::to_string(c);
        cl.level = power_level::cluster;
        cl.cluster = c;
        cl.power = cfg.clusters[c].cluster_power;
        domains_.push_back(cl);
        for (unsigned k = 0; k < cfg.clusters[c].cores; ++k) {
            domain_stats co;
            co.name = cl.name + ".core" + std::to_string(k);
            co.level = power_level::core;
            co.cluster = c;
            co.core = k;
            co.power = cfg.clusters[c].core_power;
            domains_.push_back(co);
        }
    }
    if (!cfg.timeline_path.empty()) {
        timeline_file_ = std::make_unique<std::ofstream>(cfg.timeline_path, std::ios::binary);
        if (!*timeline_file_)
            throw usage_error(cfg.timeline_path + ": cannot write the timeline");
        enable_timeline();
    }
}

run_recorder::~run_recorder() = default;

void run_recorder::enable_vcd(std::ostream &out)
{
    if (vcd_ || now_ != 0)
        throw std::logic_error("recorder: enable_vcd must be called once, before any event");
    vcd_ = std::make_unique<vcd_writer>(out, "1 ns");
    vcd_->push_scope("pscisim");
    size_t i = 0;
    vcd_->push_scope("system");
    domains_[i++].vcd_mode = vcd_->add_var("power", 3, static_cast<unsigned>(power_mode::off));
    vcd_->pop_scope();
    for (unsigned c = 0; c < cfg_.clusters.size(); ++c) {
        vcd_->push_scope("cluster" + std::to_string(c));
        domains_[i++].vcd_mode = vcd_->add_var("power", 3, static_cast<unsigned>(power_mode::off));
        for (unsigned k = 0; k < cfg_.clusters[c].cores; ++k) {
            vcd_->push_scope("core" + std::to_string(k));
            domains_[i].vcd_mode = vcd_->add_var("power", 3, static_cast<unsigned>(power_mode::off));
            domains_[i].vcd_clock = vcd_->add_var("clk_en", 1, 0);
            ++i;
            vcd_->pop_scope();
        }
        vcd_->pop_scope();
    }
    vcd_->pop_scope();
}

void run_recorder::enable_timeline()
{
    if (timeline_ || now_ != 0)
        throw std::logic_error("recorder: enable_timeline must be called once, before any event");
    timeline_ = true;
    for (auto &d : domains_) {
        d.mode_history.emplace_back(0, d.mode);
        if (d.level == power_level::core)
            d.clock_history.emplace_back(0, d.clock);
    }
}

run_recorder::domain_stats &run_recorder::find(power_level level, unsigned cluster, unsigned core)
{
    if (level == power_level::system)
        return domains_[0];
    if (cluster >= cluster_index_.size())
        throw std::logic_error("recorder: no cluster " + std::to_string(cluster));
    size_t base = cluster_index_[cluster];
    if (level == power_level::cluster)
        return domains_[base];
    if (core >= cfg_.clusters[cluster].cores)
        throw std::logic_error("recorder: no core " + std::to_string(core) + " in cluster " +
                               std::to_string(cluster));
    return domains_[base + 1 + core];
}

const run_recorder::domain_stats &run_recorder::domain(power_level level, unsigned cluster,
                                                        unsigned core) const
{
    return const_cast<run_recorder *>(this)->find(level, cluster, core);
}

void run_recorder::advance(uint64_t t)
{
    if (finished_)
        throw std::logic_error("recorder: event after finish()");
    if (t < now_)
        throw std::logic_error("recorder: time went backwards (" + std::to_string(t) + " ns < " +
                               std::to_string(now_) + " ns)");
    now_ = t;
}

void run_recorder::set_power_mode(uint64_t t, power_level level, unsigned cluster, unsigned core,
                                  power_mode mode)
{
    advance(t);
    domain_stats &d = find(level, cluster, core);
    if (d.mode == mode)
        return;
    d.residency_ns[static_cast<unsigned>(d.mode)] += t - d.since_ns;
    d.mode = mode;
    d.since_ns = t;
    d.entries[static_cast<unsigned>(mode)]++;
    if (timeline_)
        d.mode_history.emplace_back(t, mode);
    if (vcd_)
        vcd_->change(t, d.vcd_mode, static_cast<unsigned>(mode));
}

void run_recorder::set_clock_enable(uint64_t t, unsigned cluster, unsigned core, bool enabled)
{
    advance(t);
    domain_stats &d = find(power_level::core, cluster, core);
    if (d.clock == enabled)
        return;
    if (d.clock)
        d.clock_enabled_ns += t - d.clock_since_ns;
    d.clock = enabled;
    d.clock_since_ns = t;
    if (timeline_)
        d.clock_history.emplace_back(t, enabled);
    if (vcd_)
        vcd_->change(t, d.vcd_clock, enabled ? 1 : 0);
}

size_t run_recorder::add_psci_call(const psci_call_record &rec)
{
    calls_.push_back(rec);
    return calls_.size() - 1;
}

psci_call_record &run_recorder::psci_call(size_t i)
{
    if (i >= calls_.size())
        throw std::logic_error("recorder: no PSCI call " + std::to_string(i));
    return calls_[i];
}

void run_recorder::set_instructions(unsigned cluster, unsigned core, uint64_t count)
{
    find(power_level::core, cluster, core).instructions = count;
}

void run_recorder::note_system_reset(uint64_t t)
{
    advance(t);
    ++resets_;
}

void run_recorder::finish(uint64_t end_ns, const exit_info &exit, double host_seconds)
{
    advance(end_ns);
    for (auto &d : domains_) {
        d.residency_ns[static_cast<unsigned>(d.mode)] += end_ns - d.since_ns;
        d.since_ns = end_ns;
        if (d.clock)
            d.clock_enabled_ns += end_ns - d.clock_since_ns;
        d.clock_since_ns = end_ns;
    }
    if (vcd_)
        vcd_->finish(end_ns);
    end_ns_ = end_ns;
    exit_ = exit;
    host_seconds_ = host_seconds;
    finished_ = true;
    if (timeline_file_) {
        write_svg_timeline(*timeline_file_);
        timeline_file_->close();
    }
}

std::vector<psci_call_record> run_recorder::sorted_calls() const
{
    std::vector<psci_call_record> v = calls_;
    std::stable_sort(v.begin(), v.end(), [](const psci_call_record &a, const psci_call_record &b) {
        return a.time_ns != b.time_ns ? a.time_ns < b.time_ns : a.mpidr < b.mpidr;
    });
    return v;
}

namespace {

// Latency statistics are grouped by function, and for CPU_SUSPEND by power_state too.
std::string latency_key(const psci_call_record &c)
{
    std::string n = psci_function_name(c.function_id);
    if (n == "CPU_SUSPEND" || n == "CPU_SUSPEND64")
        return n + " " + hex(c.args[0] & 0xFFFFFFFFu, 8);
    return n;
}

struct minmax {
    uint64_t n = 0, min = UINT64_MAX, max = 0, sum = 0;
    void add(uint64_t v)
    {
        ++n;
        min = std::min(min, v);
        max = std::max(max, v);
        sum += v;
    }
    ojson json() const
    {
        ojson j;
        j["count"] = n;
        j["min_ns"] = n ? min : 0;
        j["avg_ns"] = div_round(sum, n);
        j["max_ns"] = max;
        return j;
    }
};

struct latency_group {
    uint64_t calls = 0;
    minmax entry, exit;
};

std::map<std::string, latency_group> latency_groups(const std::vector<psci_call_record> &calls)
{
    std::map<std::string, latency_group> g;
    for (const auto &c : calls) {
        if (!c.entry_latency_ns && !c.exit_latency_ns)
            continue;
        auto &lg = g[latency_key(c)];
        lg.calls++;
        if (c.entry_latency_ns)
            lg.entry.add(*c.entry_latency_ns);
        if (c.exit_latency_ns)
            lg.exit.add(*c.exit_latency_ns);
    }
    return g;
}

} // namespace

ojson run_recorder::json_report() const
{
    if (!finished_)
        throw std::logic_error("recorder: report requested before finish()");
    ojson j;
    j["format"] = "pscisim-report";
    j["format_version"] = 1;
    j["simulator_version"] = PSCISIM_VERSION;
    ojson run;
    run["elf"] = elf_name_;
    run["exit"]["reason"] = exit_.reason;
    run["exit"]["status"] = exit_.status;
    run["exit"]["message"] = exit_.message;
    run["simulated_time_ns"] = end_ns_;
    run["system_resets"] = resets_;
    j["run"] = run;
    j["config"] = config_to_json(cfg_);

    auto calls = sorted_calls();
    ojson cj = ojson::array();
    for (const auto &c : calls) {
        ojson e;
        e["time_ns"] = c.time_ns;
        e["mpidr"] = hex(c.mpidr, 8);
        e["function"] = psci_function_name(c.function_id);
        e["function_id"] = hex(c.function_id, 8);
        e["args"] = ojson::array({hex(c.args[0]), hex(c.args[1]), hex(c.args[2])});
        e["result"] = c.result;
        if (c.entry_latency_ns)
            e["entry_latency_ns"] = *c.entry_latency_ns;
        if (c.exit_latency_ns)
            e["exit_latency_ns"] = *c.exit_latency_ns;
        cj.push_back(e);
    }
    j["psci_calls"] = cj;

    ojson dj = ojson::array();
    double total_energy = 0;
    for (const auto &d : domains_) {
        ojson e;
        e["name"] = d.name;
        e["level"] = to_string(d.level);
        if (d.level == power_level::core)
            e["mpidr"] = hex(sim_config::mpidr(d.cluster, d.core), 8);
        ojson st;
        for (unsigned m = 0; m < num_power_modes; ++m) {
            ojson s;
            s["residency_ns"] = d.residency_ns[m];
            s["residency_pct"] =
                end_ns_ ? round_to(100.0 * static_cast<double>(d.residency_ns[m]) /
                                       static_cast<double>(end_ns_), 4)
                        : 0.0;
            s["entries"] = d.entries[m];
            st[to_string(static_cast<power_mode>(m))] = s;
        }
        e["states"] = st;
        if (d.level == power_level::core) {
            e["clock_enabled_ns"] = d.clock_enabled_ns;
            e["instructions"] = d.instructions;
        }
        double en = d.energy_mj();
        total_energy += en;
        e["energy_mj"] = round_to(en, 9);
        dj.push_back(e);
    }
    j["domains"] = dj;

    ojson sum;
    sum["simulated_time_ns"] = end_ns_;
    uint64_t instr = 0;
    for (const auto &d : domains_)
        instr += d.instructions;
    sum["instructions"] = instr;
    sum["energy_mj"] = round_to(total_energy, 9);
    std::map<std::string, uint64_t> counts;
    for (const auto &c : calls)
        counts[psci_function_name(c.function_id)]++;
    ojson cc = ojson::object();
    for (const auto &[k, v] : counts)
        cc[k] = v;
    sum["psci_call_counts"] = cc;
    ojson lat = ojson::object();
    for (const auto &[k, g] : latency_groups(calls)) {
        ojson l;
        l["calls"] = g.calls;
        if (g.entry.n)
            l["entry"] = g.entry.json();
        if (g.exit.n)
            l["exit"] = g.exit.json();
        lat[k] = l;
    }
    sum["latencies"] = lat;
    j["summary"] = sum;

    ojson host;
    host["seconds"] = round_to(host_seconds_, 6);
    host["mips"] = host_seconds_ > 0
                       ? round_to(static_cast<double>(instr) / host_seconds_ / 1e6, 3)
                       : 0.0;
    j["host"] = host;
    return j;
}

void run_recorder::write_json_report(std::ostream &out) const
{
    out << json_report().dump(2) << '\n';
}

std::string run_recorder::summary_text() const
{
    if (!finished_)
        throw std::logic_error("recorder: summary requested before finish()");
    std::ostringstream os;
    char line[256];
    std::snprintf(line, sizeof line, "pscisim: %s (status %d) after %.6f ms simulated",
                  exit_.reason.c_str(), exit_.status, static_cast<double>(end_ns_) / 1e6);
    os << line;
    uint64_t instr = 0;
    for (const auto &d : domains_)
        instr += d.instructions;
    if (host_seconds_ > 0) {
        std::snprintf(line, sizeof line, ", %.3f s host, %.2f MIPS", host_seconds_,
                      static_cast<double>(instr) / host_seconds_ / 1e6);
        os << line;
    }
    os << "\n";
    std::snprintf(line, sizeof line, "%-16s %7s %7s %7s %7s %7s %6s %6s %12s\n", "domain", "on%",
                  "ret%", "off%", "down%", "up%", "#ret", "#off", "energy mJ");
    os << line;
    for (const auto &d : domains_) {
        double pct[num_power_modes];
        for (unsigned m = 0; m < num_power_modes; ++m)
            pct[m] = end_ns_ ? 100.0 * static_cast<double>(d.residency_ns[m]) /
                                   static_cast<double>(end_ns_)
                             : 0.0;
        std::snprintf(line, sizeof line, "%-16s %7.2f %7.2f %7.2f %7.2f %7.2f %6llu %6llu %12.6f\n",
                      d.name.c_str(), pct[0], pct[1], pct[2], pct[3], pct[4],
                      static_cast<unsigned long long>(d.entries[1]),
                      static_cast<unsigned long long>(d.entries[2]), d.energy_mj());
        os << line;
    }
    auto calls = sorted_calls();
    if (!calls.empty()) {
        std::map<std::string, uint64_t> counts;
        for (const auto &c : calls)
            counts[psci_function_name(c.function_id)]++;
        os << "PSCI calls:";
        for (const auto &[k, v] : counts)
            os << " " << k << "=" << v;
        os << "\n";
    }
    auto groups = latency_groups(calls);
    if (!groups.empty()) {
        std::snprintf(line, sizeof line, "%-24s %6s %26s %26s\n", "latency (us)", "calls",
                      "entry min/avg/max", "exit min/avg/max");
        os << line;
        for (const auto &[k, g] : groups) {
            auto fmt = [](const minmax &m) {
                char b[64];
                if (!m.n)
                    return std::string("-");
                std::snprintf(b, sizeof b, "%.3f/%.3f/%.3f", static_cast<double>(m.min) / 1e3,
                              static_cast<double>(m.sum) / static_cast<double>(m.n) / 1e3,
                              static_cast<double>(m.max) / 1e3);
                return std::string(b);
            };
            std::snprintf(line, sizeof line, "%-24s %6llu %26s %26s\n", k.c_str(),
                          static_cast<unsigned long long>(g.calls), fmt(g.entry).c_str(),
                          fmt(g.exit).c_str());
            os << line;
        }
    }
    return os.str();
}

void run_recorder::write_svg_timeline(std::ostream &out) const
{
    if (!finished_)
        throw std::logic_error("recorder: timeline requested before finish()");
    if (!timeline_)
        throw std::logic_error("recorder: write_svg_timeline needs enable_timeline()");
    // The picture itself is drawn by report/timeline_svg.cpp from a plain description.
    timeline_data td;
    td.title = elf_name_;
    td.end_ns = end_ns_;
    for (const auto &d : domains_) {
        timeline_row row;
        row.name = d.name;
        row.is_core = d.level == power_level::core;
        if (row.is_core) row.mpidr = sim_config::mpidr(d.cluster, d.core);
        row.modes.reserve(d.mode_history.size());
        for (const auto &[t, m] : d.mode_history)
            row.modes.emplace_back(t, static_cast<uint8_t>(m));
        row.clock = d.clock_history;
        td.rows.push_back(std::move(row));
    }
    td.calls.reserve(calls_.size());
    for (const auto &c : calls_)
        td.calls.push_back({c.time_ns, c.mpidr, psci_function_name(c.function_id), c.result,
                            c.entry_latency_ns, c.exit_latency_ns});
    write_timeline_svg(out, td);
}

namespace {
double steady_seconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

progress_line::progress_line(std::ostream &out, bool enabled, clock_fn now)
    : out_(out), enabled_(enabled), now_(now ? now : steady_seconds), start_(now_())
{
}

bool progress_line::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

bool progress_line::update(uint64_t sim_ns)
{
    if (!enabled_)
        return false;
    double t = now_();
    if (last_ >= 0 && t - last_ < 0.5)
        return false;
    if (last_ < 0 && t - start_ < 0.5)
        return false;
    last_ = t;
    double elapsed = t - start_;
    double sim_ms = static_cast<double>(sim_ns) / 1e6;
    char b[128];
    std::snprintf(b, sizeof b, "[pscisim] sim %.3f ms  (%.3f ms/s host)", sim_ms,
                  elapsed > 0 ? sim_ms / elapsed : 0.0);
    std::string s = b;
    size_t w = s.size();
    if (s.size() < width_)
        s.append(width_ - s.size(), ' ');
    width_ = w;
    out_ << '\r' << s << std::flush;
    return true;
}

void progress_line::finish()
{
    if (!enabled_ || width_ == 0)
        return;
    out_ << '\r' << std::string(width_, ' ') << '\r' << std::flush;
    width_ = 0;
}

} // namespace pscisim
