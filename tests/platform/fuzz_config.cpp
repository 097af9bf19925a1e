// Fuzzes the configuration reader, the unit parsers and the command line. The input
// drives (a) the text parsers directly, and (b) a generator that builds configuration
// documents from known keys and awkward values, so validation paths are reached rather
// than stopping at a JSON syntax error. Every input gives a valid configuration or a
// usage_error of one bounded line; a valid one must survive its own echo
// (config_to_json) unchanged. Each input also builds a document with deep nesting (up
// to 100,000 levels, refused while parsing) or a huge value (2^64, 1e308, 18446745s,
// 4294967296Hz, firmware costs that wrap 64 bits); non-regular files (/dev/zero, a
// FIFO, a directory) are checked once: refused by name, never read.
#include "cli/cli.hpp"
#include "config/config.hpp"
#include "config/units.hpp"

#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using nlohmann::json;

namespace
{

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
    static const std::vector<const char *> strings = {"1GHz",
                                                      "0Hz",
                                                      "62.5MHz",
                                                      "256M",
                                                      "1.5ns",
                                                      "10ms",
                                                      "smc",
                                                      "hvc",
                                                      "svc",
                                                      "0.2",
                                                      "1.0",
                                                      "1.3",
                                                      "extended",
                                                      "original",
                                                      "fvp",
                                                      "juno",
                                                      "",
                                                      "x",
                                                      "arm,cortex-a53",
                                                      "4096"};
    static const std::vector<const char *> keys = {"preset",
                                                   "clusters",
                                                   "ram_size",
                                                   "timer_frequency",
                                                   "quantum",
                                                   "conduit",
                                                   "psci_version",
                                                   "power_state_format",
                                                   "osi",
                                                   "boot_el",
                                                   "latencies",
                                                   "firmware",
                                                   "power_mw",
                                                   "cores",
                                                   "frequency",
                                                   "name",
                                                   "cpu",
                                                   "l1d_kib",
                                                   "l2_kib",
                                                   "core",
                                                   "cluster",
                                                   "system",
                                                   "retention",
                                                   "off",
                                                   "on",
                                                   "entry_us",
                                                   "exit_us",
                                                   "min_residency_us",
                                                   "dispatch_cycles",
                                                   "power_up_ramp_us",
                                                   "bogus"};
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

// Configuration files that are not regular files (issue 15, item 6): refused by name,
// never read (a FIFO would block, /dev/zero never ends). Once per process.
void non_regular_files()
{
    static bool done = false;
    if (done) return;
    done = true;
    std::string fifo = "/tmp/pscisim_fuzz_config_fifo_" + std::to_string(getpid());
    ::unlink(fifo.c_str());
    bool have_fifo = ::mkfifo(fifo.c_str(), 0600) == 0;
    for (const char *path : {"/dev/zero", "/dev/urandom", "/dev/null", "/", fifo.c_str()}) {
        if (path == fifo && !have_fifo) continue;
        try {
            pscisim::read_config_file(path);
            __builtin_trap();
        } catch (const pscisim::usage_error &e) {
            if (std::string(e.what()).rfind(path, 0) != 0) __builtin_trap();
        }
    }
    if (have_fifo) ::unlink(fifo.c_str());
}

// Every error is one line of bounded length (issue 15, items 1 and 5).
void check_message(const pscisim::usage_error &e)
{
    std::string m = pscisim::one_line(e.what());
    if (m.find('\n') != std::string::npos || m.size() > 5000) __builtin_trap();
}

// Deep nesting and huge values (issue 15, items 1 and 3): a document with a value
// nested `depth` levels (far beyond the parser's limit in some inputs) at a key taken
// from the input, or a huge number or quantity at that key.
void deep_and_huge(byte_source &b)
{
    static const char *keys[] = {"ram_size", "clusters",  "timer_frequency",
                                 "quantum",  "latencies", "firmware",
                                 "power_mw", "osi",       "boot_el"};
    static const char *huge[] = {"18446744073709551615",
                                 "18446744073709551616",
                                 "1e308",
                                 "-1e308",
                                 "1e400",
                                 "\"18446745s\"",
                                 "\"4294967296Hz\"",
                                 "\"99999999999999999999GHz\"",
                                 "\"0.000000000000000000001s\"",
                                 "{\"dispatch_cycles\": 1000000000000}",
                                 ("{\"cluster\": {\"off\": {\"entry_us\": 1e9, \"exit_us\": 1e9, "
                                  "\"min_residency_us\": 1e9}}}")};
    const char *key = keys[b.next() % (sizeof keys / sizeof *keys)];
    std::string text;
    if (b.next() & 1) {
        // Mostly a few levels to a few thousand; one input in 256 goes to 100,000.
        size_t depth = b.next() == 0xff ? 100000 : static_cast<size_t>(b.next()) * 8;
        bool obj = b.next() & 1;
        text = std::string("{\"") + key + "\": ";
        for (size_t i = 0; i < depth; ++i)
            text += obj ? "{\"a\": " : "[";
        text += "1";
        for (size_t i = 0; i < depth; ++i)
            text += obj ? "}" : "]";
        text += "}";
    } else {
        text =
            std::string("{\"") + key + "\": " + huge[b.next() % (sizeof huge / sizeof *huge)] + "}";
    }
    try {
        json doc = pscisim::parse_config_text(text, "deep");
        pscisim::sim_config c = pscisim::preset_config("fvp");
        pscisim::apply_config_json(c, doc, "deep");
        pscisim::validate_config(c);
    } catch (const pscisim::usage_error &e) {
        check_message(e);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    non_regular_files();
    {
        byte_source d{data, size};
        deep_and_huge(d);
    }
    std::string text(reinterpret_cast<const char *>(data), size);
    for (auto parse :
         {pscisim::parse_time_ns, pscisim::parse_frequency_hz, pscisim::parse_size_bytes}) {
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
        if (part.is_object()) structured.update(part);
    }
    docs.push_back(structured);
    for (const json &doc : docs) {
        if (doc.is_discarded()) continue;
        try {
            pscisim::sim_config c = pscisim::preset_config("fvp");
            pscisim::apply_config_json(c, doc, "fuzz");
            pscisim::validate_config(c);
            pscisim::sim_config d = pscisim::preset_config("fvp");
            pscisim::apply_config_json(d, json::parse(pscisim::config_to_json(c).dump()), "echo");
            pscisim::validate_config(d);
            if (pscisim::config_to_json(d) != pscisim::config_to_json(c)) __builtin_trap();
        } catch (const pscisim::usage_error &e) {
            check_message(e);
        }
    }
    return 0;
}
