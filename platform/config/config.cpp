#include "config/config.hpp"
#include "config/units.hpp"
#include "psci/psci.h"

#include "a64/a64.h"

#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace pscisim
{

using json = nlohmann::json;

namespace
{

constexpr uint64_t us = 1000; // ns per microsecond

state_latency lat_us(uint64_t entry, uint64_t exit, uint64_t min_res)
{
    return {entry * us, exit * us, min_res * us};
}

cluster_config default_cluster(unsigned index)
{
    cluster_config c;
    c.name = "cluster" + std::to_string(index);
    c.cores = 4;
    c.frequency_hz = 1000000000;
    c.cpu = "arm,cortex-a53";
    c.l1d_kib = 32;
    c.l2_kib = 1024;
    // Core "on" power: Juno's Linux DT dynamic-power-coefficient for Cortex-A53
    // (140 uW/MHz/V^2) at 1 GHz and 1 V. Retention ~10 % (clock gated, leakage only),
    // off 0. Cluster and system figures are illustrative; see docs/user-guide.md.
    c.core_power = {140.0, 14.0, 0.0};
    c.cluster_power = {50.0, 5.0, 0.0};
    return c;
}

// A JSON value for an error message: at most a few levels and about 60 characters,
// so that a hostile value (100,000 nested arrays, a megabyte string) can neither
// overflow the stack while being printed nor flood the terminal.
void jstr_into(std::string &out, const json &j, int depth)
{
    constexpr size_t max_len = 60;
    if (out.size() > max_len) return;
    if (j.is_array() || j.is_object()) {
        const bool arr = j.is_array();
        out += arr ? '[' : '{';
        if (depth >= 2 && !j.empty()) {
            out += "...";
        } else {
            bool first = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (out.size() > max_len) {
                    out += ",...";
                    break;
                }
                if (!first) out += ',';
                first = false;
                if (!arr)
                    out += json(it.key()).dump(-1, ' ', true, json::error_handler_t::replace) + ':';
                jstr_into(out, *it, depth + 1);
            }
        }
        out += arr ? ']' : '}';
        return;
    }
    std::string leaf = j.dump(-1, ' ', true, json::error_handler_t::replace);
    if (leaf.size() > max_len) leaf = leaf.substr(0, max_len) + "...";
    out += leaf;
}

std::string jstr(const json &j)
{
    std::string out;
    jstr_into(out, j, 0);
    if (out.size() > 80) out = out.substr(0, 80) + "...";
    return out;
}

[[noreturn]] void bad(const std::string &source, const std::string &field, const std::string &msg)
{
    throw usage_error(source + ": " + field + ": " + msg);
}

void check_keys(const json &obj, const std::string &source, const std::string &path,
                const std::set<std::string> &allowed)
{
    if (!obj.is_object())
        bad(source, path.empty() ? "(top level)" : path, "expected an object, got " + jstr(obj));
    for (auto it = obj.begin(); it != obj.end(); ++it)
        if (!allowed.count(it.key()))
            throw usage_error(source + ": unknown key '" + (path.empty() ? "" : path + ".") +
                              it.key() + "'");
}

std::string get_string(const json &j, const std::string &source, const std::string &field)
{
    if (!j.is_string()) bad(source, field, "expected a string, got " + jstr(j));
    return j.get<std::string>();
}

bool get_bool(const json &j, const std::string &source, const std::string &field)
{
    if (!j.is_boolean()) bad(source, field, "expected true or false, got " + jstr(j));
    return j.get<bool>();
}

uint64_t get_uint(const json &j, const std::string &source, const std::string &field, uint64_t max)
{
    if (!j.is_number_integer() ||
        (j.is_number_integer() && !j.is_number_unsigned() && j.get<int64_t>() < 0))
        bad(source, field, "expected a non-negative integer, got " + jstr(j));
    uint64_t v = j.get<uint64_t>();
    if (v > max)
        bad(source, field, jstr(j) + " is out of range (maximum " + std::to_string(max) + ")");
    return v;
}

double get_nonneg_double(const json &j, const std::string &source, const std::string &field,
                         double max)
{
    if (!j.is_number()) bad(source, field, "expected a number, got " + jstr(j));
    double v = j.get<double>();
    if (!std::isfinite(v) || v < 0) bad(source, field, "must not be negative, got " + jstr(j));
    if (v > max)
        bad(source, field, jstr(j) + " is out of range (maximum " + json(max).dump() + ")");
    return v;
}

// Microseconds (integer or decimal) to nanoseconds; must be a whole number of ns.
uint64_t get_us_as_ns(const json &j, const std::string &source, const std::string &field)
{
    double v = get_nonneg_double(j, source, field, 1e9);
    double ns = v * 1000.0;
    double r = std::round(ns);
    if (std::fabs(ns - r) > 1e-6)
        bad(source, field, jstr(j) + " us is not a whole number of nanoseconds");
    return static_cast<uint64_t>(r);
}

// Frequencies, sizes and times accept a string with unit; frequencies and sizes also a
// plain integer (Hz, bytes).
uint64_t get_freq(const json &j, const std::string &source, const std::string &field)
{
    if (j.is_number_integer() && (j.is_number_unsigned() || j.get<int64_t>() >= 0))
        return j.get<uint64_t>();
    if (j.is_string()) return parse_frequency_hz(j.get<std::string>(), source + ": " + field);
    bad(source, field, "expected a frequency such as \"1GHz\", got " + jstr(j));
}

uint64_t get_size(const json &j, const std::string &source, const std::string &field)
{
    if (j.is_number_integer() && (j.is_number_unsigned() || j.get<int64_t>() >= 0))
        return j.get<uint64_t>();
    if (j.is_string()) return parse_size_bytes(j.get<std::string>(), source + ": " + field);
    bad(source, field, "expected a size such as \"256M\", got " + jstr(j));
}

uint64_t get_time(const json &j, const std::string &source, const std::string &field)
{
    if (j.is_string()) return parse_time_ns(j.get<std::string>(), source + ": " + field);
    bad(source, field, "expected a time with unit such as \"1us\", got " + jstr(j));
}

void apply_power(domain_power &p, const json &j, const std::string &source, const std::string &path)
{
    check_keys(j, source, path, {"on", "retention", "off"});
    if (j.contains("on")) p.on_mw = get_nonneg_double(j["on"], source, path + ".on", 1e6);
    if (j.contains("retention"))
        p.retention_mw = get_nonneg_double(j["retention"], source, path + ".retention", 1e6);
    if (j.contains("off")) p.off_mw = get_nonneg_double(j["off"], source, path + ".off", 1e6);
}

void apply_cluster(cluster_config &c, const json &j, const std::string &source,
                   const std::string &path)
{
    check_keys(j, source, path,
               {"name", "cores", "frequency", "cpu", "l1d_kib", "l2_kib", "power_mw"});
    if (j.contains("name")) c.name = get_string(j["name"], source, path + ".name");
    if (j.contains("cores"))
        c.cores = static_cast<unsigned>(get_uint(j["cores"], source, path + ".cores", 1u << 20));
    if (j.contains("frequency"))
        c.frequency_hz = get_freq(j["frequency"], source, path + ".frequency");
    if (j.contains("cpu")) c.cpu = get_string(j["cpu"], source, path + ".cpu");
    if (j.contains("l1d_kib"))
        c.l1d_kib =
            static_cast<uint32_t>(get_uint(j["l1d_kib"], source, path + ".l1d_kib", 1u << 20));
    if (j.contains("l2_kib"))
        c.l2_kib = static_cast<uint32_t>(get_uint(j["l2_kib"], source, path + ".l2_kib", 1u << 20));
    if (j.contains("power_mw")) {
        const json &p = j["power_mw"];
        check_keys(p, source, path + ".power_mw", {"core", "cluster"});
        if (p.contains("core"))
            apply_power(c.core_power, p["core"], source, path + ".power_mw.core");
        if (p.contains("cluster"))
            apply_power(c.cluster_power, p["cluster"], source, path + ".power_mw.cluster");
    }
}

const char *level_key[num_levels] = {"core", "cluster", "system"};
const char *state_key[3] = {"run", "retention", "off"};

void apply_latencies(latency_table &t, const json &j, const std::string &source)
{
    check_keys(j, source, "latencies", {"core", "cluster", "system"});
    for (unsigned l = 0; l < num_levels; ++l) {
        if (!j.contains(level_key[l])) continue;
        std::string lpath = std::string("latencies.") + level_key[l];
        const json &lj = j[level_key[l]];
        check_keys(lj, source, lpath, {"retention", "off"});
        for (unsigned s = 1; s < 3; ++s) {
            if (!lj.contains(state_key[s])) continue;
            std::string spath = lpath + "." + state_key[s];
            const json &sj = lj[state_key[s]];
            if (sj.is_null()) { // explicitly not offered
                t.v[l][s].reset();
                continue;
            }
            check_keys(sj, source, spath, {"entry_us", "exit_us", "min_residency_us"});
            state_latency sl = t.v[l][s].value_or(state_latency{});
            bool complete = t.v[l][s].has_value();
            if (sj.contains("entry_us"))
                sl.entry_ns = get_us_as_ns(sj["entry_us"], source, spath + ".entry_us");
            if (sj.contains("exit_us"))
                sl.exit_ns = get_us_as_ns(sj["exit_us"], source, spath + ".exit_us");
            if (sj.contains("min_residency_us"))
                sl.min_residency_ns =
                    get_us_as_ns(sj["min_residency_us"], source, spath + ".min_residency_us");
            if (!complete && sj.size() != 3)
                bad(source, spath,
                    "a state not in the preset needs entry_us, exit_us and min_residency_us");
            t.v[l][s] = sl;
        }
    }
}

void apply_firmware(firmware_costs &f, const json &j, const std::string &source)
{
    check_keys(j, source, "firmware",
               {"dispatch_cycles", "cache_clean_cycles_per_kib", "power_up_ramp_us",
                "power_down_ramp_us", "warm_boot_cycles"});
    const uint64_t max_cycles = 1000000000000ull;
    if (j.contains("dispatch_cycles"))
        f.dispatch_cycles =
            get_uint(j["dispatch_cycles"], source, "firmware.dispatch_cycles", max_cycles);
    if (j.contains("cache_clean_cycles_per_kib"))
        f.cache_clean_cycles_per_kib = get_uint(j["cache_clean_cycles_per_kib"], source,
                                                "firmware.cache_clean_cycles_per_kib", max_cycles);
    if (j.contains("power_up_ramp_us"))
        f.power_up_ramp_ns =
            get_us_as_ns(j["power_up_ramp_us"], source, "firmware.power_up_ramp_us");
    if (j.contains("power_down_ramp_us"))
        f.power_down_ramp_ns =
            get_us_as_ns(j["power_down_ramp_us"], source, "firmware.power_down_ramp_us");
    if (j.contains("warm_boot_cycles"))
        f.warm_boot_cycles =
            get_uint(j["warm_boot_cycles"], source, "firmware.warm_boot_cycles", max_cycles);
}

json us_value(uint64_t ns)
{
    if (ns % us == 0) return json(ns / us);
    return json(static_cast<double>(ns) / 1000.0);
}

nlohmann::ordered_json power_json(const domain_power &p)
{
    nlohmann::ordered_json j;
    j["on"] = p.on_mw;
    j["retention"] = p.retention_mw;
    j["off"] = p.off_mw;
    return j;
}

// "clusters[1].frequency" -> "clusters[1]" -> "clusters" -> "".
std::string parent_field(const std::string &field)
{
    size_t i = field.find_last_of(".[");
    return i == std::string::npos ? std::string() : field.substr(0, i);
}

bool is_under(const std::string &field, const std::string &prefix)
{
    return field.compare(0, prefix.size(), prefix) == 0 &&
           (field.size() == prefix.size() || field[prefix.size()] == '.' ||
            field[prefix.size()] == '[');
}

// Every key path of a configuration document (already checked against the schema, so
// at most max_config_depth levels deep).
void record_file_keys(config_origins &o, const json &j, const std::string &prefix,
                      const std::string &source)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::string f = prefix.empty() ? it.key() : prefix + "." + it.key();
            o.from_file(f, source);
            record_file_keys(o, *it, f, source);
        }
    } else if (j.is_array()) {
        for (size_t i = 0; i < j.size(); ++i) {
            std::string f = prefix + "[" + std::to_string(i) + "]";
            o.from_file(f, source);
            record_file_keys(o, j[i], f, source);
        }
    }
}

} // namespace

void config_origins::from_file(const std::string &field, const std::string &path)
{
    of_[field] = {false, path, false};
}

void config_origins::from_flag(const std::string &field, const std::string &flag, bool show_field)
{
    of_[field] = {true, flag, show_field};
}

void config_origins::copy_subtree(const std::string &from, const std::string &to)
{
    std::vector<std::pair<std::string, origin>> copies;
    for (const auto &[field, o] : of_)
        if (is_under(field, from)) copies.emplace_back(to + field.substr(from.size()), o);
    for (const auto &[field, o] : copies)
        of_[field] = o;
}

const config_origins::origin *config_origins::find(const std::string &field) const
{
    auto it = of_.find(field);
    if (it != of_.end()) return &it->second;
    // A field the file does not spell out but whose enclosing object it gives (a
    // cluster's default name, a latency left at the preset's value inside a state the
    // file sets) counts as the file's. A flag covers only the fields it sets.
    for (std::string p = parent_field(field); !p.empty(); p = parent_field(p)) {
        it = of_.find(p);
        if (it != of_.end() && !it->second.flag) return &it->second;
    }
    return nullptr;
}

std::string config_origins::where(const std::string &field) const
{
    const origin *o = find(field);
    if (!o) return field;
    if (o->flag && !o->show_field) return o->name;
    return o->name + ": " + field;
}

std::string config_origins::from(const std::string &field) const
{
    const origin *o = find(field);
    return o ? " (from " + o->name + ")" : std::string();
}

unsigned sim_config::total_cores() const
{
    unsigned n = 0;
    for (const auto &c : clusters)
        n += c.cores;
    return n;
}

latency_table preset_latencies(const std::string &preset)
{
    latency_table t;
    // Retention rows (both presets): the first example of the Linux idle-states binding
    // (CPU_RETENTION_0_0 20/40/80 us, CLUSTER_RETENTION_0 50/100/250 us); neither FVP's
    // nor Juno's device tree lists a retention state.
    t.at(power_level::core, local_state::retention) = lat_us(20, 40, 80);
    t.at(power_level::cluster, local_state::retention) = lat_us(50, 100, 250);
    if (preset == "fvp") {
        // TF-A fdts/fvp-base-psci-common.dtsi CPU_SLEEP_0 / CLUSTER_SLEEP_0.
        t.at(power_level::core, local_state::off) = lat_us(40, 100, 150);
        t.at(power_level::cluster, local_state::off) = lat_us(500, 1000, 2500);
        // No published system-level idle state: our choice, twice the cluster figures.
        t.at(power_level::system, local_state::off) = lat_us(1000, 2000, 5000);
    } else if (preset == "juno") {
        // Linux arch/arm64/boot/dts/arm/juno.dts CPU_SLEEP_0 / CLUSTER_SLEEP_0.
        t.at(power_level::core, local_state::off) = lat_us(300, 1200, 2000);
        t.at(power_level::cluster, local_state::off) = lat_us(400, 1200, 2500);
        t.at(power_level::system, local_state::off) = lat_us(800, 2400, 5000);
    } else {
        throw usage_error("unknown latency preset '" + preset + "' (expected fvp or juno)");
    }
    return t;
}

sim_config preset_config(const std::string &preset)
{
    sim_config c;
    c.preset = preset;
    c.latencies = preset_latencies(preset);
    c.clusters = {default_cluster(0), default_cluster(1)};
    c.ram_size = 256ull << 20;
    // Generic counter: FVP Base runs it at 100 MHz; Juno at 50 MHz (TF-A Juno PSCI
    // performance measurements, PMF timestamps from the 50 MHz counter).
    c.timer_frequency_hz = preset == "juno" ? 50000000 : 100000000;
    c.quantum_ns = 1000;
    // Firmware costs derived from TF-A's Juno PSCI measurements
    // (docs/perf/psci-performance-juno.rst): PSCI_VERSION round trip 0.68-1.64 us ->
    // ~1000 cycles at 1 GHz; L2 flush 1 MiB in 88 us at 650 MHz (56 cycles/KiB) and
    // 2 MiB in 168 us at 900 MHz (74 cycles/KiB) -> 64; wake-up ~15 us at 650 MHz ->
    // 10000 cycles. Power-switch ramps are our choice (no published figure).
    c.firmware = {1000, 64, 10 * us, 5 * us, 10000};
    c.system_power = {100.0, 10.0, 0.0};
    return c;
}

std::string read_input_file(const std::string &path, const std::string &what, uint64_t max_size)
{
    // stat() first: opening a FIFO would block until a writer appears, and a device
    // such as /dev/zero never ends.
    const bool vowel = !what.empty() && std::strchr("aeiouAEIOU", what[0]) != nullptr;
    const std::string a_what = (vowel ? "an " : "a ") + what;
    struct stat st {
    };
    if (::stat(path.c_str(), &st) != 0)
        throw usage_error(path + ": cannot open " + what + " (" + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode)) throw usage_error(path + ": is a directory, not " + a_what);
    if (!S_ISREG(st.st_mode))
        throw usage_error(path + ": not a regular file (expected " + a_what +
                          ", not a device, FIFO or socket)");
    if (static_cast<uint64_t>(st.st_size) > max_size)
        throw usage_error(path + ": too large for " + a_what + " (" + std::to_string(st.st_size) +
                          " bytes; at most " + std::to_string(max_size) + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error(path + ": cannot open " + what);
    std::string text;
    text.resize(static_cast<size_t>(st.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad() || static_cast<size_t>(in.gcount()) != text.size())
        throw usage_error(path + ": read error (" + what + " changed while being read?)");
    return text;
}

nlohmann::json read_config_file(const std::string &path)
{
    std::string text = read_input_file(path, "configuration file", max_config_file_size);
    return parse_config_text(text, path);
}

nlohmann::json parse_config_text(const std::string &text, const std::string &source)
{
    // JSON text is UTF-8 (RFC 8259 section 8.1; a UTF-8 byte-order mark is skipped).
    // The parser ends the document at a NUL byte and silently ignores the rest, so a
    // NUL is refused, which also catches UTF-16 and UTF-32 text.
    const bool utf16_32_bom = text.size() >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
                                                   (text[0] == '\xfe' && text[1] == '\xff'));
    const size_t nul = text.find('\0');
    if (utf16_32_bom || (nul != std::string::npos && nul < 2))
        throw usage_error(source + ": not UTF-8 (UTF-16 or UTF-32 text?); save the "
                                   "configuration as UTF-8");
    if (nul != std::string::npos)
        throw usage_error(source + ": a NUL byte at offset " + std::to_string(nul) +
                          "; JSON text has none");
    // Nesting is refused while parsing (the schema is 5 levels deep), so a hostile
    // document never becomes a deeply nested value that recursive code would walk.
    // A key given twice in one object is refused too: the JSON parser would keep only
    // the last value (RFC 8259 section 4 leaves duplicate names unspecified), silently
    // ignoring the first, which for a latency or a frequency means a wrong measurement.
    struct frame {
        bool array = false;
        size_t elements = 0; // arrays: elements seen so far
        std::string key;     // objects: the current key
        std::set<std::string> keys;
    };
    std::vector<frame> stack;
    std::string duplicate; // the path of the first duplicate key
    bool too_deep = false;
    auto element = [&stack]() {
        if (!stack.empty() && stack.back().array) ++stack.back().elements;
    };
    json::parser_callback_t check = [&](int depth, json::parse_event_t ev, json &parsed) -> bool {
        if (depth > static_cast<int>(max_config_depth)) too_deep = true;
        if (too_deep) return false;
        switch (ev) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            element();
            stack.emplace_back();
            stack.back().array = ev == json::parse_event_t::array_start;
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!stack.empty()) stack.pop_back();
            break;
        case json::parse_event_t::key:
            if (!stack.empty() && parsed.is_string()) {
                frame &f = stack.back();
                f.key = parsed.get<std::string>();
                if (!f.keys.insert(f.key).second && duplicate.empty()) {
                    for (size_t i = 0; i + 1 < stack.size(); ++i)
                        duplicate += stack[i].array
                                         ? "[" + std::to_string(stack[i].elements - 1) + "]"
                                         : (duplicate.empty() ? "" : ".") + stack[i].key;
                    duplicate += (duplicate.empty() ? "" : ".") + f.key;
                }
            }
            break;
        case json::parse_event_t::value: element(); break;
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text, check);
    } catch (const json::exception &e) {
        // parse_error, and out_of_range for a number beyond a double (1e400).
        throw usage_error(source + ": not valid JSON: " + e.what());
    }
    if (too_deep)
        throw usage_error(source + ": nested deeper than " + std::to_string(max_config_depth) +
                          " levels (the configuration schema needs at most 5)");
    if (!duplicate.empty())
        throw usage_error(source + ": key '" + duplicate +
                          "' is given twice (only one value would be used)");
    return doc;
}

void apply_config_json(sim_config &cfg, const json &doc, const std::string &source,
                       config_origins *origins)
{
    check_keys(doc, source, "",
               {"preset", "clusters", "ram_size", "timer_frequency", "quantum", "conduit",
                "psci_version", "power_state_format", "osi", "boot_el", "latencies", "firmware",
                "power_mw"});
    // "preset" selects the base layer; resolve_config() reads it before calling us.
    if (doc.contains("preset")) {
        std::string p = get_string(doc["preset"], source, "preset");
        if (p != "fvp" && p != "juno")
            bad(source, "preset", "unknown preset '" + p + "' (expected fvp or juno)");
    }
    cluster_config tmpl = default_cluster(0);
    if (doc.contains("power_mw")) {
        const json &p = doc["power_mw"];
        check_keys(p, source, "power_mw", {"core", "cluster", "system"});
        if (p.contains("core")) {
            apply_power(tmpl.core_power, p["core"], source, "power_mw.core");
            for (auto &c : cfg.clusters)
                apply_power(c.core_power, p["core"], source, "power_mw.core");
        }
        if (p.contains("cluster")) {
            apply_power(tmpl.cluster_power, p["cluster"], source, "power_mw.cluster");
            for (auto &c : cfg.clusters)
                apply_power(c.cluster_power, p["cluster"], source, "power_mw.cluster");
        }
        if (p.contains("system"))
            apply_power(cfg.system_power, p["system"], source, "power_mw.system");
    }
    if (doc.contains("clusters")) {
        const json &cl = doc["clusters"];
        if (!cl.is_array() || cl.empty())
            bad(source, "clusters", "expected a non-empty list of clusters, got " + jstr(cl));
        std::vector<cluster_config> out;
        for (size_t i = 0; i < cl.size(); ++i) {
            cluster_config c = tmpl;
            c.name = "cluster" + std::to_string(i);
            std::string path = "clusters[" + std::to_string(i) + "]";
            if (!cl[i].is_object() || !cl[i].contains("cores"))
                bad(source, path, "each cluster needs at least \"cores\"");
            apply_cluster(c, cl[i], source, path);
            out.push_back(c);
        }
        cfg.clusters = out;
    }
    if (doc.contains("ram_size")) cfg.ram_size = get_size(doc["ram_size"], source, "ram_size");
    if (doc.contains("timer_frequency"))
        cfg.timer_frequency_hz = get_freq(doc["timer_frequency"], source, "timer_frequency");
    if (doc.contains("quantum")) cfg.quantum_ns = get_time(doc["quantum"], source, "quantum");
    if (doc.contains("conduit"))
        cfg.conduit =
            parse_conduit(get_string(doc["conduit"], source, "conduit"), source + ": conduit");
    if (doc.contains("psci_version"))
        cfg.psci_version = parse_psci_version(
            get_string(doc["psci_version"], source, "psci_version"), source + ": psci_version");
    if (doc.contains("power_state_format"))
        cfg.state_format =
            parse_state_format(get_string(doc["power_state_format"], source, "power_state_format"),
                               source + ": power_state_format");
    if (doc.contains("osi")) cfg.osi = get_bool(doc["osi"], source, "osi");
    if (doc.contains("boot_el"))
        cfg.boot_el = static_cast<unsigned>(get_uint(doc["boot_el"], source, "boot_el", 1000));
    if (doc.contains("latencies")) apply_latencies(cfg.latencies, doc["latencies"], source);
    if (doc.contains("firmware")) apply_firmware(cfg.firmware, doc["firmware"], source);
    if (origins) record_file_keys(*origins, doc, "", source);
}

void apply_overrides(sim_config &cfg, const config_overrides &ov, config_origins *origins)
{
    config_origins unused;
    config_origins &o = origins ? *origins : unused;
    auto cluster_field = [](size_t i, const char *f) {
        return "clusters[" + std::to_string(i) + "]." + f;
    };
    if (ov.topology) {
        const auto &t = *ov.topology;
        const std::string flag = ov.flag("topology");
        std::vector<cluster_config> out;
        for (size_t i = 0; i < t.size(); ++i) {
            // Existing clusters keep their attributes; new ones copy the last one's.
            cluster_config c = i < cfg.clusters.size() ? cfg.clusters[i]
                               : cfg.clusters.empty()  ? default_cluster(0)
                                                       : cfg.clusters.back();
            if (i >= cfg.clusters.size()) {
                c.name = "cluster" + std::to_string(i);
                if (!cfg.clusters.empty())
                    o.copy_subtree("clusters[" + std::to_string(cfg.clusters.size() - 1) + "]",
                                   "clusters[" + std::to_string(i) + "]");
                o.from_flag(cluster_field(i, "name"), flag, true);
            }
            c.cores = t[i];
            o.from_flag(cluster_field(i, "cores"), flag, true);
            out.push_back(c);
        }
        cfg.clusters = out;
        o.from_flag("clusters", flag);
    }
    if (ov.cluster_freq_hz) {
        const auto &f = *ov.cluster_freq_hz;
        const std::string flag = ov.flag("cluster-freq");
        if (f.size() == 1) {
            for (size_t i = 0; i < cfg.clusters.size(); ++i) {
                cfg.clusters[i].frequency_hz = f[0];
                o.from_flag(cluster_field(i, "frequency"), flag);
            }
        } else if (f.size() == cfg.clusters.size()) {
            for (size_t i = 0; i < f.size(); ++i) {
                cfg.clusters[i].frequency_hz = f[i];
                o.from_flag(cluster_field(i, "frequency"), flag, true);
            }
        } else {
            throw usage_error(flag + ": " + std::to_string(f.size()) + " frequencies given for " +
                              std::to_string(cfg.clusters.size()) + " clusters" +
                              o.from("clusters") + "; give one for all, or one per cluster");
        }
    }
    auto set = [&](auto &field, const auto &value, const char *key, const char *flag) {
        if (!value) return;
        field = *value;
        o.from_flag(key, ov.flag(flag));
    };
    set(cfg.ram_size, ov.ram_size, "ram_size", "ram-size");
    set(cfg.timer_frequency_hz, ov.timer_frequency_hz, "timer_frequency", "timer-freq");
    set(cfg.quantum_ns, ov.quantum_ns, "quantum", "quantum");
    set(cfg.max_time_ns, ov.max_time_ns, "max_time", "max-time");
    set(cfg.conduit, ov.conduit, "conduit", "conduit");
    set(cfg.psci_version, ov.psci_version, "psci_version", "psci-version");
    set(cfg.state_format, ov.state_format, "power_state_format", "power-state-format");
    set(cfg.osi, ov.osi, "osi", ov.osi && !*ov.osi ? "no-osi" : "osi");
    set(cfg.boot_el, ov.boot_el, "boot_el", "boot-el");
    set(cfg.machine, ov.machine, "machine", "machine");
    set(cfg.entry, ov.entry, "entry", "entry");
    if (ov.reset_exits) cfg.reset_exits = *ov.reset_exits;
    if (ov.hang_on_guest_fatal) cfg.hang_on_guest_fatal = *ov.hang_on_guest_fatal;
    if (ov.quiet) cfg.quiet = *ov.quiet;
}

namespace
{

// Item by item, the durations the firmware model derives from the configuration, in
// exact 128-bit arithmetic, against max_single_cost_ns: a product that wraps in 64 bits
// would otherwise give a silently wrong (tiny) latency.
void validate_costs(const sim_config &c, const config_origins &o)
{
    using u128 = unsigned __int128;
    auto check = [](u128 ns, const std::string &what) {
        if (ns > max_single_cost_ns)
            throw usage_error(what + " is too long (" +
                              (ns > UINT64_MAX ? std::string("beyond 2^64 ns")
                                               : format_time_ns(static_cast<uint64_t>(ns))) +
                              "; each firmware cost and latency must be at most " +
                              format_time_ns(max_single_cost_ns) + ")");
    };
    const firmware_costs &f = c.firmware;
    for (size_t i = 0; i < c.clusters.size(); ++i) {
        const auto &cl = c.clusters[i];
        if (cl.frequency_hz == 0) continue;
        const std::string p = "clusters[" + std::to_string(i) + "]";
        const std::string at = " at " + p + ".frequency " + format_frequency_hz(cl.frequency_hz) +
                               o.from(p + ".frequency");
        auto cycles_ns = [&](u128 cycles) {
            return (cycles * 1000000000u + cl.frequency_hz - 1) / cl.frequency_hz;
        };
        check(cycles_ns(f.dispatch_cycles), o.where("firmware.dispatch_cycles") + at);
        check(cycles_ns(f.warm_boot_cycles), o.where("firmware.warm_boot_cycles") + at);
        check(cycles_ns(static_cast<u128>(f.cache_clean_cycles_per_kib) *
                        (static_cast<u128>(cl.l1d_kib) + cl.l2_kib)),
              o.where("firmware.cache_clean_cycles_per_kib") + " x (l1d_kib + l2_kib" +
                  o.from(p + ".l2_kib") + ")" + at);
    }
    check(f.power_up_ramp_ns, o.where("firmware.power_up_ramp_us"));
    check(f.power_down_ramp_ns, o.where("firmware.power_down_ramp_us"));
    for (unsigned l = 0; l < num_levels; ++l)
        for (unsigned s = 1; s < 3; ++s)
            if (const auto &sl = c.latencies.v[l][s]) {
                std::string p = std::string("latencies.") + level_key[l] + "." + state_key[s];
                check(sl->entry_ns, o.where(p + ".entry_us"));
                check(sl->exit_ns, o.where(p + ".exit_us"));
                check(sl->min_residency_ns, o.where(p + ".min_residency_us"));
            }
}

} // namespace

void validate_config(const sim_config &c, const config_origins &o)
{
    // "<where the value came from>: <problem>", e.g. "f.json: ram_size: 3 bytes; ..."
    // or "--ram-size: 3 bytes; ...".
    auto fail = [&o](const std::string &field, const std::string &m) {
        throw usage_error(o.where(field) + ": " + m);
    };
    if (c.clusters.empty() || c.clusters.size() > max_clusters)
        fail("clusters", std::to_string(c.clusters.size()) + " clusters; must be 1.." +
                             std::to_string(max_clusters));
    std::map<std::string, size_t> names; // name -> the first cluster with it
    for (size_t i = 0; i < c.clusters.size(); ++i) {
        const auto &cl = c.clusters[i];
        std::string p = "clusters[" + std::to_string(i) + "]";
        if (cl.cores < 1 || cl.cores > max_cores_per_cluster)
            fail(p + ".cores", std::to_string(cl.cores) + " cores; must be 1.." +
                                   std::to_string(max_cores_per_cluster));
        if (cl.frequency_hz == 0 || cl.frequency_hz > max_cluster_frequency_hz)
            fail(p + ".frequency",
                 format_frequency_hz(cl.frequency_hz) + "; must be above 0 and at most 10GHz");
        // Names become SystemC object names and report keys: keep them identifiers.
        bool ok_name = !cl.name.empty() && cl.name.size() <= 32 &&
                       std::isalpha(static_cast<unsigned char>(cl.name[0]));
        for (char ch : cl.name)
            if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-')
                ok_name = false;
        if (!ok_name)
            fail(p + ".name",
                 "'" + cl.name +
                     "' is not a valid name (a letter, then letters, digits, '_' or '-'; at most "
                     "32)");
        auto [first, fresh] = names.emplace(cl.name, i);
        if (!fresh) {
            std::string q = "clusters[" + std::to_string(first->second) + "].name";
            fail(p + ".name", "'" + cl.name + "' is also the name of clusters[" +
                                  std::to_string(first->second) + "]" + o.from(q) +
                                  "; each cluster needs its own name");
        }
        if (cl.cpu.empty()) fail(p + ".cpu", "must not be empty (e.g. \"arm,cortex-a53\")");
        // The ISS describes the core type (MIDR, IMPLEMENTATION DEFINED registers)
        // and the caches (CLIDR/CCSIDR): both must be ones it can describe.
        a64_core_config cc{};
        cc.reset_el = 1;
        cc.l1d_kib = cl.l1d_kib;
        cc.l2_kib = cl.l2_kib;
        if (a64_cpu_lookup(cl.cpu.c_str(), &cc.cpu) != 0)
            fail(p + ".cpu", "'" + cl.cpu +
                                 "' is not a modelled core (arm,cortex-a53, -a55, -a57, -a72 or "
                                 "-a76)");
        if (const char *why = a64_core_config_check(&cc))
            fail(p, "l1d_kib " + std::to_string(cl.l1d_kib) + ", l2_kib " +
                        std::to_string(cl.l2_kib) + ": " + why);
    }
    if (c.total_cores() > max_total_cores)
        fail("clusters", std::to_string(c.total_cores()) + " cores in total; at most " +
                             std::to_string(max_total_cores));
    if (c.ram_size < min_ram_size || c.ram_size > max_ram_size || c.ram_size % 4096 != 0)
        fail("ram_size",
             std::to_string(c.ram_size) + " bytes; must be a multiple of 4KiB from 1MiB to 4GiB");
    if (c.timer_frequency_hz == 0 || c.timer_frequency_hz > max_timer_frequency_hz)
        fail("timer_frequency",
             format_frequency_hz(c.timer_frequency_hz) +
                 "; must be above 0 and at most 4294967295Hz (CNTFRQ_EL0 is 32 bits)");
    if (c.quantum_ns == 0 || c.quantum_ns > 1000000000ull)
        fail("quantum", format_time_ns(c.quantum_ns) + "; must be above 0 and at most 1s");
    // --max-time and --entry exist only on the command line: named by their flag even
    // when no origin was recorded.
    auto fail_flag = [&o](const std::string &field, const std::string &flag, const std::string &m) {
        throw usage_error((o.from(field).empty() ? flag : o.where(field)) + ": " + m);
    };
    if (c.max_time_ns && *c.max_time_ns == 0)
        fail_flag("max_time", "--max-time", "must be above 0");
    if (c.max_time_ns && *c.max_time_ns > max_sim_time_ns)
        fail_flag("max_time", "--max-time",
                  format_time_ns(*c.max_time_ns) + " is beyond the simulated time range (at most " +
                      format_time_ns(max_sim_time_ns) + ")");
    validate_costs(c, o);
    if (c.boot_el < 1 || c.boot_el > 3)
        fail("boot_el", std::to_string(c.boot_el) + "; must be 1, 2 or 3");
    if (c.entry && c.boot_el != 3)
        throw usage_error(
            (o.from("entry").empty() ? std::string("--entry") : o.where("entry")) +
            " needs --boot-el 3 (firmware mode)" +
            (o.from("boot_el").empty()
                 ? std::string()
                 : "; the boot EL is " + std::to_string(c.boot_el) + o.from("boot_el")));
    if (c.entry && (*c.entry & 3))
        fail_flag("entry", "--entry", "reset address not 4-byte aligned");
    bool v1 = c.psci_version.major >= 1;
    if (c.state_format == power_state_format::extended && !v1)
        fail("power_state_format", "extended needs PSCI 1.0 or later, but psci_version is " +
                                       c.psci_version.str() + o.from("psci_version"));
    if (c.osi && !v1)
        fail("osi", "OS-initiated mode needs PSCI 1.0 or later, but psci_version is " +
                        c.psci_version.str() + o.from("psci_version"));
    // A level must offer a state the PSCI library can use: CPU_OFF powers the core
    // down (DEN 0022 §5.1.3), so the core's off state is mandatory; a cluster or the
    // system offering nothing at all cannot be expressed to the library (whose empty
    // mask means "the defaults") and would run at zero latency, so it is refused.
    if (!c.latencies.at(power_level::core, local_state::off))
        fail("latencies.core.off",
             "must not be null (CPU_OFF and CPU_ON need the core power-down state)");
    for (power_level l : {power_level::cluster, power_level::system})
        if (!c.latencies.at(l, local_state::retention) && !c.latencies.at(l, local_state::off))
            fail(std::string("latencies.") + to_string(l),
                 "retention and off are both null; a power level must offer at least one "
                 "low-power state");
    for (unsigned l = 0; l < num_levels; ++l)
        for (unsigned s = 1; s < 3; ++s) {
            const auto &sl = c.latencies.v[l][s];
            if (!sl) continue;
            std::string p = std::string("latencies.") + level_key[l] + "." + state_key[s];
            if (sl->min_residency_ns < sl->entry_ns)
                fail(p, "min_residency_us (" + us_value(sl->min_residency_ns).dump() +
                            ") is below entry_us (" + us_value(sl->entry_ns).dump() +
                            "); min-residency includes the entry time (idle-states binding)");
        }
}

sim_config resolve_config(const std::optional<std::string> &config_path, const config_overrides &ov,
                          config_origins *origins_out)
{
    json doc;
    if (config_path) doc = read_config_file(*config_path);
    std::string preset = "fvp";
    std::string preset_origin = ov.flag("latency-preset");
    if (ov.preset) {
        preset = *ov.preset;
    } else if (doc.is_object() && doc.contains("preset") && doc["preset"].is_string()) {
        preset = doc["preset"].get<std::string>();
        preset_origin = *config_path + ": preset";
    }
    if (preset != "fvp" && preset != "juno")
        throw usage_error(preset_origin + ": unknown latency preset '" + preset +
                          "' (expected fvp or juno)");
    sim_config cfg = preset_config(preset);
    config_origins origins;
    if (config_path) apply_config_json(cfg, doc, *config_path, &origins);
    apply_overrides(cfg, ov, &origins);
    validate_config(cfg, origins);
    if (origins_out) *origins_out = origins;
    // No core may run a quantum past --max-time (temporal decoupling lets a core run
    // up to one quantum ahead of the kernel before it synchronises).
    if (cfg.max_time_ns && cfg.quantum_ns > *cfg.max_time_ns) cfg.quantum_ns = *cfg.max_time_ns;
    return cfg;
}

nlohmann::ordered_json config_to_json(const sim_config &c)
{
    nlohmann::ordered_json j;
    j["preset"] = c.preset;
    j["clusters"] = nlohmann::ordered_json::array();
    for (const auto &cl : c.clusters) {
        nlohmann::ordered_json cj;
        cj["name"] = cl.name;
        cj["cores"] = cl.cores;
        cj["frequency"] = format_frequency_hz(cl.frequency_hz);
        cj["cpu"] = cl.cpu;
        cj["l1d_kib"] = cl.l1d_kib;
        cj["l2_kib"] = cl.l2_kib;
        cj["power_mw"]["core"] = power_json(cl.core_power);
        cj["power_mw"]["cluster"] = power_json(cl.cluster_power);
        j["clusters"].push_back(cj);
    }
    j["ram_size"] = format_size_bytes(c.ram_size);
    j["timer_frequency"] = format_frequency_hz(c.timer_frequency_hz);
    j["quantum"] = format_time_ns(c.quantum_ns);
    j["conduit"] = to_string(c.conduit);
    j["psci_version"] = c.psci_version.str();
    j["power_state_format"] = to_string(c.state_format);
    j["osi"] = c.osi;
    j["boot_el"] = c.boot_el;
    nlohmann::ordered_json lat = nlohmann::ordered_json::object();
    for (unsigned l = 0; l < num_levels; ++l) {
        nlohmann::ordered_json lj = nlohmann::ordered_json::object();
        for (unsigned s = 1; s < 3; ++s) {
            const auto &sl = c.latencies.v[l][s];
            if (!sl) {
                lj[state_key[s]] = nullptr;
                continue;
            }
            nlohmann::ordered_json sj;
            sj["entry_us"] = us_value(sl->entry_ns);
            sj["exit_us"] = us_value(sl->exit_ns);
            sj["min_residency_us"] = us_value(sl->min_residency_ns);
            lj[state_key[s]] = sj;
        }
        lat[level_key[l]] = lj;
    }
    j["latencies"] = lat;
    nlohmann::ordered_json fw;
    fw["dispatch_cycles"] = c.firmware.dispatch_cycles;
    fw["cache_clean_cycles_per_kib"] = c.firmware.cache_clean_cycles_per_kib;
    fw["power_up_ramp_us"] = us_value(c.firmware.power_up_ramp_ns);
    fw["power_down_ramp_us"] = us_value(c.firmware.power_down_ramp_ns);
    fw["warm_boot_cycles"] = c.firmware.warm_boot_cycles;
    j["firmware"] = fw;
    j["power_mw"]["system"] = power_json(c.system_power);
    return j;
}

psci_version_t parse_psci_version(const std::string &t, const std::string &what)
{
    static const std::pair<const char *, psci_version_t> known[] = {
        {"0.2", {0, 2}}, {"1.0", {1, 0}}, {"1.1", {1, 1}}, {"1.2", {1, 2}}, {"1.3", {1, 3}}};
    for (const auto &[name, v] : known)
        if (t == name) return v;
    throw usage_error(what + ": unsupported PSCI version '" + t +
                      "' (expected 0.2, 1.0, 1.1, 1.2 or 1.3)");
}

conduit_kind parse_conduit(const std::string &t, const std::string &what)
{
    if (t == "smc") return conduit_kind::smc;
    if (t == "hvc") return conduit_kind::hvc;
    throw usage_error(what + ": invalid conduit '" + t + "' (expected smc or hvc)");
}

power_state_format parse_state_format(const std::string &t, const std::string &what)
{
    if (t == "original") return power_state_format::original;
    if (t == "extended") return power_state_format::extended;
    throw usage_error(what + ": invalid power_state format '" + t +
                      "' (expected original or extended)");
}

std::vector<unsigned> parse_topology(const std::string &t, const std::string &what)
{
    auto fail = [&]() -> std::vector<unsigned> {
        throw usage_error(what + ": invalid topology '" + t +
                          "' (expected CLUSTERSxCORES such as 2x4, or cores per cluster "
                          "such as 2,4)");
    };
    auto num = [&](const std::string &s) -> unsigned {
        if (s.empty() || s.size() > 4) fail();
        for (char ch : s)
            if (ch < '0' || ch > '9') fail();
        return static_cast<unsigned>(std::stoul(s));
    };
    std::vector<unsigned> out;
    size_t x = t.find('x');
    if (x != std::string::npos) {
        unsigned n = num(t.substr(0, x)), m = num(t.substr(x + 1));
        if (n == 0 || n > max_clusters)
            throw usage_error(what + ": '" + t + "' has " + std::to_string(n) +
                              " clusters; must be 1.." + std::to_string(max_clusters));
        out.assign(n, m);
    } else {
        size_t pos = 0;
        while (true) {
            size_t comma = t.find(',', pos);
            out.push_back(
                num(t.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        if (out.size() > max_clusters)
            throw usage_error(what + ": '" + t + "' has " + std::to_string(out.size()) +
                              " clusters; must be 1.." + std::to_string(max_clusters));
    }
    for (unsigned m : out)
        if (m == 0 || m > max_cores_per_cluster)
            throw usage_error(what + ": '" + t + "' has a cluster of " + std::to_string(m) +
                              " cores; must be 1.." + std::to_string(max_cores_per_cluster));
    return out;
}

const char *to_string(conduit_kind c)
{
    return c == conduit_kind::smc ? "smc" : "hvc";
}
const char *to_string(power_state_format f)
{
    return f == power_state_format::original ? "original" : "extended";
}
const char *to_string(power_level l)
{
    return level_key[static_cast<unsigned>(l)];
}
const char *to_string(local_state s)
{
    return state_key[static_cast<unsigned>(s)];
}

uint32_t psci_power_state(power_state_format fmt, power_level level, local_state state)
{
    // The encoding belongs to the PSCI library; this only maps the enums.
    return psci_make_power_state_upto(
        fmt == power_state_format::original ? PSCI_PSTATE_ORIGINAL : PSCI_PSTATE_EXTENDED,
        static_cast<unsigned>(level), static_cast<psci_local_state_t>(state));
}

} // namespace pscisim
