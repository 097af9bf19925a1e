// Error type for everything the user can get wrong: command line, configuration file,
// guest ELF. main() prints "pscisim: error: <what()>" and exits with status 2.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

namespace pscisim
{

struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A message made safe for one line of a terminal: control characters (newline,
// carriage return, escape, ...) and DEL become \n, \r, \t or \xHH; bytes >= 0x80 are
// kept (UTF-8 file names), and the text is cut at `max_len` bytes.
inline std::string one_line(const std::string &text, size_t max_len = 4096)
{
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max_len) {
            out += "...";
            break;
        }
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        } else
            out += static_cast<char>(c);
    }
    return out;
}

} // namespace pscisim
