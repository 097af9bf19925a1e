// Parsing and printing of quantities with units: simulated time, frequency, size.
// All three reject what they cannot represent exactly (e.g. "1.5ns", "0.3Hz") rather than
// rounding silently; the error names the offending text.
#pragma once

#include <cstdint>
#include <string>

namespace pscisim
{

// "10ms", "500us", "2s", "1000ns", "1.5us" -> nanoseconds. A unit is required.
uint64_t parse_time_ns(const std::string &text, const std::string &what);
// "1GHz", "62.5MHz", "24000000Hz", "32kHz" (unit case-insensitive) or a plain number of Hz.
uint64_t parse_frequency_hz(const std::string &text, const std::string &what);
// "256M", "1G", "512K", "256MiB", "4096" (bytes). Binary multiples.
uint64_t parse_size_bytes(const std::string &text, const std::string &what);

// Canonical spellings used when echoing the configuration: the largest unit that
// represents the value exactly ("10ms", "62500kHz", "256MiB").
std::string format_time_ns(uint64_t ns);
std::string format_frequency_hz(uint64_t hz);
std::string format_size_bytes(uint64_t bytes);

} // namespace pscisim
