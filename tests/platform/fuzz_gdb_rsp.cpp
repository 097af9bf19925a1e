// Fuzzes the GDB Remote Serial Protocol unit: arbitrary bytes through the framer
// (in pieces, as a socket would deliver them), every payload through the command
// parser, and each parse's data re-framed and re-read unchanged.
#include "gdb/rsp.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace pscisim::gdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rsp_framer f;
    std::vector<rsp_event> ev;
    size_t i = 0;
    while (i < size) {
        size_t n = 1 + (data[i] % 37);
        if (n > size - i) n = size - i;
        f.feed(reinterpret_cast<const char *>(data + i), n, ev);
        i += n;
    }
    // The raw input as one payload too (the parser must take any bytes).
    ev.push_back(
        {rsp_event::kind::packet, std::string(reinterpret_cast<const char *>(data), size)});
    for (const rsp_event &e : ev) {
        if (e.what != rsp_event::kind::packet) continue;
        if (e.payload.size() > rsp_max_payload && &e != &ev.back()) std::abort();
        rsp_command c = parse_command(e.payload);
        if (c.what == rsp_command::kind::write_mem && c.data.size() != c.len) std::abort();
        // Framing round trip: what is framed is read back as the same payload.
        if (e.payload.size() <= rsp_max_payload) {
            rsp_framer g;
            std::vector<rsp_event> back;
            std::string fr = rsp_frame(e.payload);
            g.feed(fr.data(), fr.size(), back);
            if (back.size() != 1 || back[0].what != rsp_event::kind::packet ||
                back[0].payload != e.payload)
                std::abort();
        }
        std::string bytes;
        if (hex_decode(hex_encode(e.payload), bytes) && bytes != e.payload) std::abort();
    }
    return 0;
}
