// Fuzzes the configuration file reader and the unit parsers: any input gives a valid
// resolved configuration or a usage_error, never a crash or another exception.
#include "config/config.hpp"
#include "config/units.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string text(reinterpret_cast<const char *>(data), size);
    try {
        pscisim::parse_time_ns(text, "t");
    } catch (const pscisim::usage_error &) {
    }
    try {
        pscisim::parse_frequency_hz(text, "f");
    } catch (const pscisim::usage_error &) {
    }
    try {
        pscisim::parse_topology(text, "topology");
    } catch (const pscisim::usage_error &) {
    }
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded())
        return 0;
    try {
        pscisim::sim_config c = pscisim::preset_config("fvp");
        pscisim::apply_config_json(c, doc, "fuzz");
        pscisim::validate_config(c);
        // A valid configuration survives its own echo.
        pscisim::sim_config d = pscisim::preset_config("fvp");
        pscisim::apply_config_json(d, nlohmann::json::parse(pscisim::config_to_json(c).dump()), "echo");
        if (pscisim::config_to_json(d) != pscisim::config_to_json(c))
            __builtin_trap();
    } catch (const pscisim::usage_error &) {
    }
    return 0;
}
