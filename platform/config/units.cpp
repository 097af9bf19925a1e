#include "config/units.hpp"
#include "config/errors.hpp"

#include <cctype>
#include <cstring>
#include <utility>
#include <vector>

namespace pscisim
{
namespace
{

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Splits "<decimal number><unit>" and scales it exactly by `scale` (a power of ten or
// two), using integer arithmetic so that "62.5MHz" is exactly 62500000.
bool scale_decimal(const std::string &num, uint64_t scale, uint64_t &out)
{
    if (num.empty()) return false;
    size_t dot = num.find('.');
    std::string ip = num.substr(0, dot);
    std::string fp = dot == std::string::npos ? "" : num.substr(dot + 1);
    if (ip.empty() && fp.empty()) return false;
    if (dot != std::string::npos && fp.empty()) return false;
    for (char c : ip + fp)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    // Strip trailing zeros of the fraction; each remaining digit divides scale by 10.
    while (!fp.empty() && fp.back() == '0')
        fp.pop_back();
    unsigned __int128 value = 0;
    for (char c : ip) {
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > UINT64_MAX) return false;
    }
    value *= scale;
    unsigned __int128 frac = 0, div = 1;
    for (char c : fp) {
        frac = frac * 10 + static_cast<unsigned>(c - '0');
        div *= 10;
        if (div > (static_cast<unsigned __int128>(1) << 100)) return false;
    }
    unsigned __int128 f = frac * scale;
    if (f % div != 0) return false; // not representable in the base unit
    value += f / div;
    if (value > UINT64_MAX) return false;
    out = static_cast<uint64_t>(value);
    return true;
}

std::pair<std::string, std::string> split_unit(const std::string &text)
{
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    return {text.substr(0, i), text.substr(i)};
}

uint64_t parse_with_units(const std::string &text, const std::string &what, const char *kind,
                          const std::vector<std::pair<const char *, uint64_t>> &units,
                          bool unit_required, const char *example)
{
    auto [num, unit] = split_unit(text);
    std::string u = lower(unit);
    bool found = false;
    uint64_t scale = 1;
    if (u.empty() && !unit_required) {
        found = true;
    } else {
        for (const auto &[name, s] : units)
            if (u == lower(name)) {
                found = true;
                scale = s;
                break;
            }
    }
    uint64_t out = 0;
    if (!found || !scale_decimal(num, scale, out))
        throw usage_error(what + ": invalid " + kind + " '" + text + "' (expected e.g. " + example +
                          ")");
    return out;
}

std::string format_exact(uint64_t v, const std::vector<std::pair<const char *, uint64_t>> &units)
{
    // units sorted from largest to smallest; the last has scale 1.
    for (const auto &[name, s] : units)
        if (v != 0 && v % s == 0) return std::to_string(v / s) + name;
    return std::to_string(v) + units.back().first;
}

const std::vector<std::pair<const char *, uint64_t>> time_units = {
    {"s", 1000000000ull}, {"ms", 1000000ull}, {"us", 1000ull}, {"ns", 1ull}};
const std::vector<std::pair<const char *, uint64_t>> freq_units = {
    {"GHz", 1000000000ull}, {"MHz", 1000000ull}, {"kHz", 1000ull}, {"Hz", 1ull}};
const std::vector<std::pair<const char *, uint64_t>> size_units_fmt = {
    {"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}, {"B", 1ull}};
const std::vector<std::pair<const char *, uint64_t>> size_units_parse = {
    {"G", 1ull << 30}, {"GiB", 1ull << 30}, {"M", 1ull << 20}, {"MiB", 1ull << 20},
    {"K", 1ull << 10}, {"KiB", 1ull << 10}, {"B", 1ull}};

} // namespace

uint64_t parse_time_ns(const std::string &text, const std::string &what)
{
    return parse_with_units(text, what, "time", time_units, true, "10ms, 500us, 2s, 1000ns");
}

uint64_t parse_frequency_hz(const std::string &text, const std::string &what)
{
    return parse_with_units(text, what, "frequency", freq_units, false, "1GHz, 62.5MHz");
}

uint64_t parse_size_bytes(const std::string &text, const std::string &what)
{
    return parse_with_units(text, what, "size", size_units_parse, false, "256M, 1G, 512K");
}

std::string format_time_ns(uint64_t ns)
{
    return format_exact(ns, time_units);
}
std::string format_frequency_hz(uint64_t hz)
{
    return format_exact(hz, freq_units);
}
std::string format_size_bytes(uint64_t bytes)
{
    return format_exact(bytes, size_units_fmt);
}

} // namespace pscisim
