// Fuzzes the configuration reader, the unit parsers and the command line. The input
// drives (a) the text parsers directly, and (b) a generator that builds configuration
// documents from known keys and awkward values, so validation paths are reached rather
// than stopping at a JSON syntax error. Every input gives a valid configuration or a
// usage_error; a valid one must survive its own echo (config_to_json) unchanged.
#include "cli/cli.hpp"
#include "config/config.hpp"
#include "config/units.hpp"

#include <string>
#include <vector>

using nlohmann::json;

namespace {

struct byte_source {
    const uint8_t *d;
    size_t n, i = 0;
    uint8_t next() { return i < n ? d[i++] : 0; }
    bool done() const { return i >= n; }
};

json value(byte_source &b, int depth);

json object_of(byte_source &b, const std::vector<const char *> &keys, int depth)
{
    json o = json::object();
    unsigned count = b.next() % 5;
    for (unsigned k = 0; k < count; ++k)
        o[keys[b.next() % keys.size()]] = value(b, depth + 1);
    return o;
}

json value(byte_source &b, int depth)
{
    static const std::vector<const char *> strings = {
        "1GHz", "0Hz", "62.5MHz", "256M", "1.5ns", "10ms", "smc", "hvc", "svc", "0.2", "1.0",
        "1.3", "extended", "original", "fvp", "juno", "", "x", "arm,cortex-a53", "4096"};
    static const std::vector<const char *> keys = {
        "preset", "clusters", "ram_size", "timer_frequency", "quantum", "conduit",
        "psci_version", "power_state_format", "osi", "boot_el", "latencies", "firmware",
        "power_mw", "cores", "frequency", "name", "cpu", "l1d_kib", "l2_kib", "core", "cluster",
        "system", "retention", "off", "on", "entry_us", "exit_us", "min_residency_us",
        "dispatch_cycles", "power_up_ramp_us", "bogus"};
    uint8_t t = b.next();
    switch (depth > 4 ? t % 6 : t % 9) {
    case 0: return nullptr;
    case 1: return (t & 0x10) != 0;
    case 2: return static_cast<int64_t>(static_cast<int8_t>(b.next())) * (t & 0x20 ? 1000000 : 1);
    case 3: return static_cast<double>(b.next()) / 7.0 - (t & 0x40 ? 20.0 : 0.0);
    case 4: return strings[b.next() % strings.size()];
    case 5: return static_cast<uint64_t>(b.next()) << (b.next() % 64);
    case 6:
    case 7: return object_of(b, keys, depth);
    default: {
        json a = json::array();
        unsigned count = b.next() % 4;
        for (unsigned k = 0; k < count; ++k)
            a.push_back(value(b, depth + 1));
        return a;
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string text(reinterpret_cast<const char *>(data), size);
    for (auto parse : {pscisim::parse_time_ns, pscisim::parse_frequency_hz, pscisim::parse_size_bytes}) {
        try {
            parse(text, "t");
        } catch (const pscisim::usage_error &) {
        }
    }
    try {
        pscisim::parse_topology(text, "topology");
    } catch (const pscisim::usage_error &) {
    }
    try {
        std::string arg = "--topology=" + text;
        const char *argv[] = {"pscisim", arg.c_str(), "x.elf"};
        pscisim::config_from_cli(pscisim::parse_command_line(3, argv).options);
    } catch (const pscisim::usage_error &) {
    }

    byte_source b{data, size};
    std::vector<json> docs;
    docs.push_back(json::parse(text, nullptr, false));
    docs.push_back(value(b, 0));
    json structured = json::object();
    while (!b.done() && structured.size() < 8) {
        json part = value(b, 1);
        if (part.is_object())
            structured.update(part);
    }
    docs.push_back(structured);
    for (const json &doc : docs) {
        if (doc.is_discarded())
            continue;
        try {
            pscisim::sim_config c = pscisim::preset_config("fvp");
            pscisim::apply_config_json(c, doc, "fuzz");
            pscisim::validate_config(c);
            pscisim::sim_config d = pscisim::preset_config("fvp");
            pscisim::apply_config_json(d, json::parse(pscisim::config_to_json(c).dump()), "echo");
            pscisim::validate_config(d);
            if (pscisim::config_to_json(d) != pscisim::config_to_json(c))
                __builtin_trap();
        } catch (const pscisim::usage_error &) {
        }
    }
    return 0;
}
