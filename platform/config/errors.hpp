// Error type for everything the user can get wrong: command line, configuration file,
// guest ELF. main() prints "pscisim: error: <what()>" and exits with status 2.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace pscisim
{

struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A message made safe for one line of a terminal: control characters (newline,
// carriage return, escape, ...), DEL and the C1 controls U+0080..U+009F become \n, \r,
// \t or \xHH; well-formed UTF-8 (file names) is kept, and every byte of a sequence that
// is not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF) becomes \xHH; the text is cut at `max_len` bytes.
inline std::string one_line(const std::string &text, size_t max_len = 4096)
{
    auto escape = [](std::string &out, unsigned char c) {
        char b[8];
        std::snprintf(b, sizeof b, "\\x%02x", c);
        out += b;
    };
    // Length of the well-formed UTF-8 sequence at `i` (2..4), or 0.
    auto utf8_len = [&text](size_t i) -> size_t {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        if (n == 0 || c > 0xf4 || i + n > text.size()) return 0;
        uint32_t cp = c & (0x7f >> n);
        for (size_t k = 1; k < n; ++k) {
            const unsigned char t = static_cast<unsigned char>(text[i + k]);
            if ((t & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (t & 0x3f);
        }
        static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        if (cp >= 0x80 && cp <= 0x9f) return 0; // C1 controls (0x9b is CSI)
        return n;
    };
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= max_len) {
            out += "...";
            break;
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f)
            escape(out, c);
        else if (c < 0x80)
            out += static_cast<char>(c);
        else if (size_t n = utf8_len(i)) {
            out.append(text, i, n);
            i += n - 1;
        } else {
            escape(out, c);
        }
    }
    return out;
}

} // namespace pscisim
