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

namespace pscisim
{

using ojson = nlohmann::ordered_json;

namespace
{

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
        if (!*timeline_file_) throw usage_error(cfg.timeline_path + ": cannot write the timeline");
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
            domains_[i].vcd_mode =
                vcd_->add_var("power", 3, static_cast<unsigned>(power_mode::off));
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
}

void occupancy_track::add(uint64_t from, uint64_t to, unsigned value)
{
    if (to <= from || value >= num_power_modes) return;
    while (to > width_ * max_buckets) {
        // Coarsen: twice the width, neighbours summed (exact).
        std::vector<std::array<uint64_t, num_power_modes>> merged((buckets_.size() + 1) / 2);
        for (size_t i = 0; i < buckets_.size(); ++i)
            for (unsigned v = 0; v < num_power_modes; ++v)
                merged[i / 2][v] += buckets_[i][v];
        buckets_.swap(merged);
        width_ *= 2;
    }
    size_t last = static_cast<size_t>((to - 1) / width_);
    if (buckets_.size() <= last) buckets_.resize(last + 1, std::array<uint64_t, num_power_modes>{});
    for (size_t b = static_cast<size_t>(from / width_); b <= last; ++b) {
        uint64_t lo = std::max<uint64_t>(from, b * width_);
        uint64_t hi = std::min<uint64_t>(to, (b + 1) * width_);
        buckets_[b][value] += hi - lo;
    }
}

std::vector<unsigned> occupancy_track::columns(uint64_t end, unsigned cols) const
{
    // Each bucket's time is spread evenly over the part of [0, end) it covers.
    std::vector<std::array<double, num_power_modes>> acc(cols,
                                                         std::array<double, num_power_modes>{});
    const double scale = static_cast<double>(cols) / static_cast<double>(end);
    for (size_t b = 0; b < buckets_.size(); ++b) {
        uint64_t a = b * width_, e = std::min<uint64_t>(end, (b + 1) * width_);
        if (e <= a) break;
        double fa = static_cast<double>(a) * scale, fb = static_cast<double>(e) * scale;
        unsigned ca = static_cast<unsigned>(fa);
        unsigned cb = std::min(cols, static_cast<unsigned>(std::ceil(fb)));
        for (unsigned c = ca; c < cb; ++c) {
            double part =
                (std::min(fb, c + 1.0) - std::max(fa, static_cast<double>(c))) / (fb - fa);
            for (unsigned v = 0; v < num_power_modes; ++v)
                acc[c][v] += part * static_cast<double>(buckets_[b][v]);
        }
    }
    std::vector<unsigned> out(cols, 0);
    for (unsigned c = 0; c < cols; ++c)
        out[c] =
            static_cast<unsigned>(std::max_element(acc[c].begin(), acc[c].end()) - acc[c].begin());
    return out;
}

std::vector<std::pair<uint64_t, uint8_t>> occupancy_track::steps(uint64_t end) const
{
    std::vector<std::pair<uint64_t, uint8_t>> out;
    auto step = [&out](uint64_t t, unsigned v) {
        if (!out.empty() && out.back().second == v) return;
        if (!out.empty() && out.back().first == t)
            out.back().second = static_cast<uint8_t>(v);
        else
            out.emplace_back(t, static_cast<uint8_t>(v));
    };
    for (size_t b = 0; b < buckets_.size(); ++b) {
        uint64_t t = b * width_;
        if (t >= end) break;
        // The value the previous bucket ended with goes first: no needless change.
        unsigned first = out.empty() ? 0 : out.back().second;
        if (buckets_[b][first]) {
            step(t, first);
            t += buckets_[b][first];
        }
        for (unsigned v = 0; v < num_power_modes; ++v)
            if (v != first && buckets_[b][v]) {
                step(t, v);
                t += buckets_[b][v];
            }
    }
    return out;
}

bool call_marker_track::same_kind(const psci_call_record &a, const psci_call_record &b)
{
    // Errors are told apart by code; other results (counts, versions) are not, so a
    // bucket holds at most a few summaries per function.
    return a.function_id == b.function_id &&
           (a.result < 0 ? a.result : 0) == (b.result < 0 ? b.result : 0);
}

void call_marker_track::merge_into(std::vector<entry> &to, const entry &e)
{
    for (auto &x : to)
        if (same_kind(x.first, e.first)) {
            if (e.first.time_ns < x.first.time_ns) x.first = e.first;
            x.count += e.count;
            x.last_ns = std::max(x.last_ns, e.last_ns);
            return;
        }
    to.push_back(e);
}

void call_marker_track::add(const psci_call_record &c)
{
    while (c.time_ns / max_buckets >= width_) {
        std::vector<std::vector<entry>> merged((buckets_.size() + 1) / 2);
        for (size_t i = 0; i < buckets_.size(); ++i)
            for (const auto &e : buckets_[i])
                merge_into(merged[i / 2], e);
        buckets_.swap(merged);
        width_ *= 2;
    }
    size_t b = static_cast<size_t>(c.time_ns / width_);
    if (buckets_.size() <= b) buckets_.resize(b + 1);
    entry e;
    e.first = c;
    e.count = 1;
    e.last_ns = c.time_ns;
    merge_into(buckets_[b], e);
}

run_recorder::domain_stats &run_recorder::find(power_level level, unsigned cluster, unsigned core)
{
    if (level == power_level::system) return domains_[0];
    if (cluster >= cluster_index_.size())
        throw std::logic_error("recorder: no cluster " + std::to_string(cluster));
    size_t base = cluster_index_[cluster];
    if (level == power_level::cluster) return domains_[base];
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
    if (finished_) throw std::logic_error("recorder: event after finish()");
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
    if (d.mode == mode) return;
    d.residency_ns[static_cast<unsigned>(d.mode)] += t - d.since_ns;
    if (timeline_) d.mode_track.add(d.since_ns, t, static_cast<unsigned>(d.mode));
    d.mode = mode;
    d.since_ns = t;
    d.entries[static_cast<unsigned>(mode)]++;
    if (vcd_) vcd_->change(t, d.vcd_mode, static_cast<unsigned>(mode));
}

void run_recorder::set_clock_enable(uint64_t t, unsigned cluster, unsigned core, bool enabled)
{
    advance(t);
    domain_stats &d = find(power_level::core, cluster, core);
    if (d.clock == enabled) return;
    if (d.clock) d.clock_enabled_ns += t - d.clock_since_ns;
    if (timeline_) d.clock_track.add(d.clock_since_ns, t, d.clock ? 1 : 0);
    d.clock = enabled;
    d.clock_since_ns = t;
    if (vcd_) vcd_->change(t, d.vcd_clock, enabled ? 1 : 0);
}

size_t run_recorder::add_psci_call(const psci_call_record &rec)
{
    calls_.push_back(rec);
    return calls_.size() - 1;
}

psci_call_record &run_recorder::psci_call(size_t i)
{
    if (i >= calls_.size()) throw std::logic_error("recorder: no PSCI call " + std::to_string(i));
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
        if (timeline_) {
            d.mode_track.add(d.since_ns, end_ns, static_cast<unsigned>(d.mode));
            if (d.level == power_level::core)
                d.clock_track.add(d.clock_since_ns, end_ns, d.clock ? 1 : 0);
        }
        d.since_ns = end_ns;
        if (d.clock) d.clock_enabled_ns += end_ns - d.clock_since_ns;
        d.clock_since_ns = end_ns;
    }
    if (vcd_) vcd_->finish(end_ns);
    end_ns_ = end_ns;
    exit_ = exit;
    host_seconds_ = host_seconds;
    finished_ = true;
    if (timeline_file_) {
        write_svg_timeline(*timeline_file_);
        timeline_file_->flush();
        timeline_ok_ = static_cast<bool>(*timeline_file_);
        timeline_file_->close();
        timeline_ok_ = timeline_ok_ && static_cast<bool>(*timeline_file_);
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

namespace
{

// Latency statistics are grouped by function, and for CPU_SUSPEND by power_state too.
std::string latency_key(const psci_call_record &c)
{
    std::string n = psci_function_name(c.function_id);
    if (n == "CPU_SUSPEND" || n == "CPU_SUSPEND64")
        return n + " " + hex(c.args[0] & 0xFFFFFFFFu, 8);
    return n;
}

struct minmax {
    uint64_t n = 0, min = UINT64_MAX, max = 0;
    unsigned __int128 sum = 0; // 2^64 calls of 2^64 ns cannot wrap it
    void add(uint64_t v)
    {
        ++n;
        min = std::min(min, v);
        max = std::max(max, v);
        sum += v;
    }
    uint64_t avg() const { return n ? static_cast<uint64_t>((sum + n / 2) / n) : 0; }
    ojson json() const
    {
        ojson j;
        j["count"] = n;
        j["min_ns"] = n ? min : 0;
        j["avg_ns"] = avg();
        j["max_ns"] = max;
        return j;
    }
};

struct latency_group {
    uint64_t calls = 0;
    minmax entry, exit;
};

// The JSON text of `j` (2-space indent) with every line after the first indented by
// `indent` more spaces: how nlohmann prints it nested that deep.
std::string dump_nested(const ojson &j, size_t indent)
{
    std::string text = j.dump(2, ' ', false, ojson::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + 64);
    for (char c : text) {
        out += c;
        if (c == '\n') out.append(indent, ' ');
    }
    return out;
}

ojson call_json(const psci_call_record &c)
{
    ojson e;
    e["time_ns"] = c.time_ns;
    e["mpidr"] = hex(c.mpidr, 8);
    e["function"] = psci_function_name(c.function_id);
    e["function_id"] = hex(c.function_id, 8);
    e["args"] = ojson::array({hex(c.args[0]), hex(c.args[1]), hex(c.args[2])});
    e["result"] = c.result;
    if (c.entry_latency_ns) e["entry_latency_ns"] = *c.entry_latency_ns;
    if (c.exit_latency_ns) e["exit_latency_ns"] = *c.exit_latency_ns;
    if (c.points) {
        ojson p;
        p["psci_entry"] = c.points->psci_entry_ns;
        if (c.points->lowpower_entry_ns) p["lowpower_entry"] = *c.points->lowpower_entry_ns;
        if (c.points->lowpower_exit_ns) p["lowpower_exit"] = *c.points->lowpower_exit_ns;
        if (c.points->psci_exit_ns) p["psci_exit"] = *c.points->psci_exit_ns;
        e["points_ns"] = p;
    }
    return e;
}

// The text nlohmann's dump(2) gives for call_json(c) nested at depth 2 of the report
// (4 spaces), written directly: the streamed log of a long run costs one snprintf per
// call instead of a JSON object (RobustReport tests compare both byte for byte).
void write_call_text(std::ostream &out, const psci_call_record &c)
{
    char b[640];
    std::string name = psci_function_name(c.function_id); // [A-Z0-9_]: nothing to escape
    int n = std::snprintf(
        b, sizeof b,
        "{\n      \"time_ns\": %llu,\n      \"mpidr\": \"%s\",\n      \"function\": "
        "\"%s\",\n      \"function_id\": \"%s\",\n      \"args\": [\n        "
        "\"%s\",\n        \"%s\",\n        \"%s\"\n      ],\n      \"result\": %lld",
        static_cast<unsigned long long>(c.time_ns), hex(c.mpidr, 8).c_str(), name.c_str(),
        hex(c.function_id, 8).c_str(), hex(c.args[0]).c_str(), hex(c.args[1]).c_str(),
        hex(c.args[2]).c_str(), static_cast<long long>(c.result));
    out.write(b, n > 0 ? std::min<int>(n, sizeof b - 1) : 0);
    if (c.entry_latency_ns) out << ",\n      \"entry_latency_ns\": " << *c.entry_latency_ns;
    if (c.exit_latency_ns) out << ",\n      \"exit_latency_ns\": " << *c.exit_latency_ns;
    if (c.points) {
        const psci_call_record::fw_points &p = *c.points;
        out << ",\n      \"points_ns\": {\n        \"psci_entry\": " << p.psci_entry_ns;
        if (p.lowpower_entry_ns) out << ",\n        \"lowpower_entry\": " << *p.lowpower_entry_ns;
        if (p.lowpower_exit_ns) out << ",\n        \"lowpower_exit\": " << *p.lowpower_exit_ns;
        if (p.psci_exit_ns) out << ",\n        \"psci_exit\": " << *p.psci_exit_ns;
        out << "\n      }";
    }
    out << "\n    }";
}

} // namespace

// Exact per-function counts and latency statistics; bounded by the number of distinct
// functions and CPU_SUSPEND power_state values, not by the number of calls.
struct run_recorder::call_aggregates {
    uint64_t total = 0;
    std::map<std::string, uint64_t> counts;
    std::map<std::string, latency_group> latencies;
};

void run_recorder::aggregate(call_aggregates &a, const psci_call_record &c) const
{
    a.total++;
    a.counts[psci_function_name(c.function_id)]++;
    if (!c.entry_latency_ns && !c.exit_latency_ns) return;
    auto &lg = a.latencies[latency_key(c)];
    lg.calls++;
    if (c.entry_latency_ns) lg.entry.add(*c.entry_latency_ns);
    if (c.exit_latency_ns) lg.exit.add(*c.exit_latency_ns);
}

run_recorder::call_aggregates run_recorder::all_aggregates() const
{
    call_aggregates a;
    if (streamed_agg_) a = *streamed_agg_;
    for (const auto &c : calls_)
        aggregate(a, c);
    for (const auto &c : ties_)
        aggregate(a, c);
    return a;
}

uint64_t run_recorder::psci_call_total() const
{
    return (streamed_agg_ ? streamed_agg_->total : 0) + calls_.size() + ties_.size();
}

// The report's sections, in order: report_head(), "psci_calls", report_tail(). The
// call log sits between them so that it can be streamed to the file during the run.
ojson run_recorder::report_head() const
{
    ojson j;
    j["format"] = "pscisim-report";
    j["format_version"] = 3;
    j["simulator_version"] = PSCISIM_VERSION;
    j["config"] = config_to_json(cfg_);
    return j;
}

ojson run_recorder::report_tail() const
{
    if (!finished_) throw std::logic_error("recorder: report requested before finish()");
    ojson j;
    call_aggregates agg = all_aggregates();
    ojson run;
    run["elf"] = elf_name_;
    run["exit"]["reason"] = exit_.reason;
    run["exit"]["status"] = exit_.status;
    run["exit"]["message"] = exit_.message;
    run["simulated_time_ns"] = end_ns_;
    run["system_resets"] = resets_;
    // Every section (calls, counts, domains, PSCI statistics) covers the whole run,
    // all boots included (docs/user-guide.md).
    run["span"] = "whole_run";
    run["psci_calls_logged"] = agg.total;
    j["run"] = run;

    ojson dj = ojson::array();
    double total_energy = 0;
    for (const auto &d : domains_) {
        ojson e;
        e["name"] = d.name;
        e["level"] = to_string(d.level);
        if (d.level == power_level::core) e["mpidr"] = hex(sim_config::mpidr(d.cluster, d.core), 8);
        ojson st;
        for (unsigned m = 0; m < num_power_modes; ++m) {
            ojson s;
            s["residency_ns"] = d.residency_ns[m];
            s["residency_pct"] = end_ns_ ? round_to(100.0 * static_cast<double>(d.residency_ns[m]) /
                                                        static_cast<double>(end_ns_),
                                                    4)
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
    sum["psci_calls"] = agg.total;
    ojson cc = ojson::object();
    for (const auto &[k, v] : agg.counts)
        cc[k] = v;
    sum["psci_call_counts"] = cc;
    ojson lat = ojson::object();
    for (const auto &[k, g] : agg.latencies) {
        ojson l;
        l["calls"] = g.calls;
        if (g.entry.n) l["entry"] = g.entry.json();
        if (g.exit.n) l["exit"] = g.exit.json();
        lat[k] = l;
    }
    sum["latencies"] = lat;
    j["summary"] = sum;

    ojson host;
    host["seconds"] = round_to(host_seconds_, 6);
    host["mips"] =
        host_seconds_ > 0 ? round_to(static_cast<double>(instr) / host_seconds_ / 1e6, 3) : 0.0;
    j["host"] = host;
    return j;
}

ojson run_recorder::json_report() const
{
    if (!finished_) throw std::logic_error("recorder: report requested before finish()");
    if (stream_)
        throw std::logic_error("recorder: the call log was streamed; use finish_report_stream()");
    ojson j = report_head();
    ojson cj = ojson::array();
    for (const auto &c : sorted_calls())
        cj.push_back(call_json(c));
    j["psci_calls"] = cj;
    ojson tail = report_tail();
    for (auto it = tail.begin(); it != tail.end(); ++it)
        j[it.key()] = it.value();
    return j;
}

void run_recorder::write_json_report(std::ostream &out) const
{
    out << json_report().dump(2, ' ', false, ojson::error_handler_t::replace) << '\n';
}

void run_recorder::stream_report(std::ostream &out)
{
    if (stream_ || !calls_.empty())
        throw std::logic_error("recorder: stream_report must be called once, before any call");
    stream_ = &out;
    streamed_agg_ = std::make_unique<call_aggregates>();
    std::string head = report_head().dump(2, ' ', false, ojson::error_handler_t::replace);
    head.resize(head.size() - 2); // drop "\n}"
    out << head << ",\n  \"psci_calls\": [";
}

void run_recorder::stream_flush_ties()
{
    std::stable_sort(
        ties_.begin(), ties_.end(),
        [](const psci_call_record &a, const psci_call_record &b) { return a.mpidr < b.mpidr; });
    for (const auto &c : ties_) {
        *stream_ << (streamed_ ? ",\n    " : "\n    ");
        write_call_text(*stream_, c);
        ++streamed_;
        aggregate(*streamed_agg_, c);
    }
    ties_.clear();
}

void run_recorder::log_psci_call(const psci_call_record &rec)
{
    if (!stream_) throw std::logic_error("recorder: log_psci_call needs stream_report()");
    if (!ties_.empty() && rec.time_ns < ties_.front().time_ns)
        throw std::logic_error("recorder: streamed PSCI calls must come in time order");
    // Calls at one time wait for the next time so that they can be sorted by caller;
    // a (pathological) run of very many calls at one instant is written in parts.
    if (!ties_.empty() && (rec.time_ns != ties_.front().time_ns || ties_.size() >= 4096))
        stream_flush_ties();
    ties_.push_back(rec);
    if (timeline_) call_marks_[rec.mpidr].add(rec);
}

void run_recorder::count_psci_call(const psci_call_record &rec)
{
    if (!streamed_agg_) streamed_agg_ = std::make_unique<call_aggregates>();
    aggregate(*streamed_agg_, rec);
    if (timeline_) call_marks_[rec.mpidr].add(rec);
}

void run_recorder::finish_report_stream(const ojson &extra)
{
    if (!stream_) throw std::logic_error("recorder: finish_report_stream needs stream_report()");
    ojson tail = report_tail(); // before the last calls leave ties_: same aggregates
    stream_flush_ties();
    std::ostream &out = *stream_;
    out << (streamed_ ? "\n  ]" : "]");
    for (const ojson *part : std::initializer_list<const ojson *>{&tail, &extra})
        for (auto it = part->begin(); it != part->end(); ++it)
            out << ",\n  " << ojson(it.key()).dump(-1, ' ', false, ojson::error_handler_t::replace)
                << ": " << dump_nested(it.value(), 2);
    out << "\n}\n";
    out.flush();
}

std::string run_recorder::summary_text() const
{
    if (!finished_) throw std::logic_error("recorder: summary requested before finish()");
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
    call_aggregates agg = all_aggregates();
    if (agg.total) {
        os << "PSCI calls:";
        for (const auto &[k, v] : agg.counts)
            os << " " << k << "=" << v;
        os << "\n";
    }
    const auto &groups = agg.latencies;
    if (!groups.empty()) {
        std::snprintf(line, sizeof line, "%-24s %6s %26s %26s\n", "latency (us)", "calls",
                      "entry min/avg/max", "exit min/avg/max");
        os << line;
        for (const auto &[k, g] : groups) {
            auto fmt = [](const minmax &m) {
                char b[64];
                if (!m.n) return std::string("-");
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
    if (!finished_) throw std::logic_error("recorder: timeline requested before finish()");
    if (!timeline_) throw std::logic_error("recorder: write_svg_timeline needs enable_timeline()");
    // The picture itself is drawn by report/timeline_svg.cpp from a plain description.
    timeline_data td;
    td.title = elf_name_;
    td.end_ns = end_ns_;
    for (const auto &d : domains_) {
        timeline_row row;
        row.name = d.name;
        row.is_core = d.level == power_level::core;
        if (row.is_core) row.mpidr = sim_config::mpidr(d.cluster, d.core);
        row.modes = d.mode_track.steps(end_ns_);
        if (row.is_core)
            for (const auto &[t, v] : d.clock_track.steps(end_ns_))
                row.clock.emplace_back(t, v != 0);
        td.rows.push_back(std::move(row));
    }
    // Markers: the calls kept in memory, and the bounded summary of those streamed or
    // counted during the run.
    auto add = [&td](const psci_call_record &c, uint64_t count, uint64_t last_ns) {
        timeline_call tc;
        tc.time_ns = c.time_ns;
        tc.mpidr = c.mpidr;
        tc.function = psci_function_name(c.function_id);
        tc.result = c.result;
        tc.entry_latency_ns = c.entry_latency_ns;
        tc.exit_latency_ns = c.exit_latency_ns;
        tc.count = count;
        tc.last_time_ns = last_ns;
        td.calls.push_back(std::move(tc));
    };
    for (const auto &c : calls_)
        add(c, 1, c.time_ns);
    for (const auto &[mpidr, track] : call_marks_)
        track.for_each(add);
    write_timeline_svg(out, td);
}

namespace
{
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

bool progress_line::stderr_is_terminal()
{
    return isatty(STDERR_FILENO) == 1;
}

bool progress_line::update(uint64_t sim_ns)
{
    if (!enabled_) return false;
    double t = now_();
    if (last_ >= 0 && t - last_ < 0.5) return false;
    if (last_ < 0 && t - start_ < 0.5) return false;
    last_ = t;
    double elapsed = t - start_;
    double sim_ms = static_cast<double>(sim_ns) / 1e6;
    char b[128];
    std::snprintf(b, sizeof b, "[pscisim] sim %.3f ms  (%.3f ms/s host)", sim_ms,
                  elapsed > 0 ? sim_ms / elapsed : 0.0);
    std::string s = b;
    size_t w = s.size();
    if (s.size() < width_) s.append(width_ - s.size(), ' ');
    width_ = w;
    out_ << '\r' << s << std::flush;
    return true;
}

void progress_line::finish()
{
    if (!enabled_ || width_ == 0) return;
    out_ << '\r' << std::string(width_, ' ') << '\r' << std::flush;
    width_ = 0;
}

} // namespace pscisim
