#include "gdb/rsp.hpp"

namespace pscisim::gdb
{

namespace
{

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

const char hex_chars[] = "0123456789abcdef";

// "addr,len" with both in hex.
bool parse_addr_len(std::string_view s, uint64_t &addr, uint64_t &len)
{
    size_t comma = s.find(',');
    if (comma == std::string_view::npos) return false;
    return parse_hex_u64(s.substr(0, comma), addr) && parse_hex_u64(s.substr(comma + 1), len);
}

bool parse_thread(std::string_view s, rsp_thread &t)
{
    if (s == "-1") {
        t.id = -1;
        return true;
    }
    uint64_t v;
    if (!parse_hex_u64(s, v) || v > 0x7fffffff) return false;
    t.id = (int64_t)v;
    return true;
}

bool parse_vcont(std::string_view s, std::vector<rsp_vcont_action> &out)
{
    // s is what follows "vCont": ";action[:thread]" repeated, at least once.
    if (s.empty()) return false;
    while (!s.empty()) {
        if (s[0] != ';' || s.size() < 2) return false;
        s.remove_prefix(1);
        size_t end = s.find(';');
        std::string_view item = s.substr(0, end);
        s = end == std::string_view::npos ? std::string_view{} : s.substr(end);
        if (item.empty()) return false; // ";;"
        rsp_vcont_action a;
        char op = item[0];
        std::string_view rest = item.substr(1);
        if (op == 'C' || op == 'S') {
            // A signal number (two hex digits) follows; there are no signals to
            // deliver to a bare-metal core, so it is parsed and dropped.
            size_t colon = rest.find(':');
            uint64_t sig;
            if (!parse_hex_u64(rest.substr(0, colon), sig)) return false;
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
            op = op == 'C' ? 'c' : 's';
        }
        if (op != 'c' && op != 's' && op != 't') return false;
        a.op = op;
        if (!rest.empty()) {
            if (rest[0] != ':') return false;
            rsp_thread t;
            if (!parse_thread(rest.substr(1), t) || t.id == 0) return false;
            a.thread = t.id;
        }
        out.push_back(a);
    }
    return true;
}

} // namespace

void rsp_framer::feed(const char *data, size_t n, std::vector<rsp_event> &out)
{
    for (size_t i = 0; i < n; ++i) {
        char c = data[i];
        switch (state_) {
        case st::idle:
            if (c == '$') {
                raw_.clear();
                payload_.clear();
                overflow_ = false;
                state_ = st::body;
            } else if (c == 0x03) {
                out.push_back({rsp_event::kind::interrupt, {}});
            } else if (c == '+') {
                out.push_back({rsp_event::kind::ack, {}});
            } else if (c == '-') {
                out.push_back({rsp_event::kind::nak, {}});
            }
            break;
        case st::body:
        case st::escape:
            if (c == '$') { // a lost '#': start over with the new packet
                raw_.clear();
                payload_.clear();
                overflow_ = false;
                state_ = st::body;
                break;
            }
            if (c == '#' && state_ == st::body) {
                state_ = st::sum1;
                break;
            }
            if (raw_.size() < rsp_max_payload * 2) raw_.push_back(c);
            if (state_ == st::escape) {
                state_ = st::body;
                c = (char)(c ^ 0x20);
            } else if (c == '}') {
                state_ = st::escape;
                break;
            }
            if (payload_.size() < rsp_max_payload)
                payload_.push_back(c);
            else
                overflow_ = true;
            break;
        case st::sum1:
            sum_hi_ = hex_digit(c);
            state_ = st::sum2;
            break;
        case st::sum2: {
            int lo = hex_digit(c);
            unsigned sum = 0;
            for (char r : raw_)
                sum += (unsigned char)r;
            bool good = sum_hi_ >= 0 && lo >= 0 && (unsigned)(sum_hi_ * 16 + lo) == (sum & 0xff) &&
                        !overflow_;
            if (good)
                out.push_back({rsp_event::kind::packet, std::move(payload_)});
            else
                out.push_back({rsp_event::kind::bad_checksum, {}});
            raw_.clear();
            payload_.clear();
            state_ = st::idle;
            break;
        }
        }
    }
}

std::string rsp_frame(std::string_view payload)
{
    std::string out = "$";
    unsigned sum = 0;
    for (char c : payload) {
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            out.push_back('}');
            sum += '}';
            c = (char)(c ^ 0x20);
        }
        out.push_back(c);
        sum += (unsigned char)c;
    }
    out.push_back('#');
    out.push_back(hex_chars[(sum >> 4) & 15]);
    out.push_back(hex_chars[sum & 15]);
    return out;
}

std::string hex_encode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out.push_back(hex_chars[b >> 4]);
        out.push_back(hex_chars[b & 15]);
    }
    return out;
}

bool hex_decode(std::string_view hex, std::string &bytes)
{
    if (hex.size() % 2) return false;
    bytes.clear();
    bytes.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        bytes.push_back((char)(hi * 16 + lo));
    }
    return true;
}

bool parse_hex_u64(std::string_view s, uint64_t &v)
{
    if (s.empty() || s.size() > 16) return false;
    v = 0;
    for (char c : s) {
        int d = hex_digit(c);
        if (d < 0) return false;
        v = (v << 4) | (unsigned)d;
    }
    return true;
}

std::string hex_le(uint64_t v, unsigned bytes)
{
    std::string out;
    for (unsigned i = 0; i < bytes && i < 8; ++i) {
        unsigned b = (unsigned)(v >> (8 * i)) & 0xff;
        out.push_back(hex_chars[b >> 4]);
        out.push_back(hex_chars[b & 15]);
    }
    return out;
}

rsp_command parse_command(std::string_view p)
{
    using k = rsp_command::kind;
    rsp_command c;
    if (p.empty()) return c;
    auto bad = [&c]() {
        c.what = k::malformed;
        return c;
    };
    std::string_view rest = p.substr(1);
    switch (p[0]) {
    case '?': c.what = k::halt_reason; return c;
    case 'g': c.what = rest.empty() ? k::read_regs : k::empty_reply; return c;
    case 'G':
        if (!hex_decode(rest, c.data)) return bad();
        c.what = k::write_regs;
        return c;
    case 'p': {
        uint64_t n;
        if (!parse_hex_u64(rest, n) || n > 0xffff) return bad();
        c.what = k::read_reg;
        c.type = (unsigned)n;
        return c;
    }
    case 'P': {
        size_t eq = rest.find('=');
        uint64_t n;
        if (eq == std::string_view::npos || !parse_hex_u64(rest.substr(0, eq), n) || n > 0xffff ||
            !hex_decode(rest.substr(eq + 1), c.data))
            return bad();
        c.what = k::write_reg;
        c.type = (unsigned)n;
        return c;
    }
    case 'm':
        if (!parse_addr_len(rest, c.addr, c.len)) return bad();
        c.what = k::read_mem;
        return c;
    case 'M':
    case 'X': {
        size_t colon = rest.find(':');
        if (colon == std::string_view::npos ||
            !parse_addr_len(rest.substr(0, colon), c.addr, c.len))
            return bad();
        std::string_view d = rest.substr(colon + 1);
        if (p[0] == 'M') {
            if (!hex_decode(d, c.data)) return bad();
        } else {
            c.data.assign(d.data(), d.size()); // already unescaped by the framer
        }
        if (c.data.size() != c.len) return bad();
        c.what = k::write_mem;
        return c;
    }
    case 'H':
        if (rest.size() < 2 || (rest[0] != 'g' && rest[0] != 'c') ||
            !parse_thread(rest.substr(1), c.thread))
            return bad();
        c.op = rest[0];
        c.what = k::set_thread;
        return c;
    case 'T':
        if (!parse_thread(rest, c.thread)) return bad();
        c.what = k::thread_alive;
        return c;
    case 'c':
    case 's':
        if (!rest.empty()) {
            if (!parse_hex_u64(rest, c.addr)) return bad();
            c.has_addr = true;
        }
        c.what = p[0] == 'c' ? k::cont : k::step;
        return c;
    case 'Z':
    case 'z': {
        // type,addr,kind (conditions and commands after ';' are not supported).
        if (rest.find(';') != std::string_view::npos) return c; // empty reply
        size_t c1 = rest.find(',');
        uint64_t type;
        if (c1 == std::string_view::npos || !parse_hex_u64(rest.substr(0, c1), type) || type > 4 ||
            !parse_addr_len(rest.substr(c1 + 1), c.addr, c.len))
            return bad();
        c.type = (unsigned)type;
        c.what = p[0] == 'Z' ? k::insert_point : k::remove_point;
        return c;
    }
    case 'D': c.what = k::detach; return c;
    case 'k': c.what = k::kill; return c;
    case 'v':
        if (rest == "Cont?") {
            c.what = k::vcont_query;
            return c;
        }
        if (rest.substr(0, 4) == "Cont" && (rest.size() == 4 || rest[4] == ';')) {
            if (!parse_vcont(rest.substr(4), c.actions)) return bad();
            c.what = k::vcont;
            return c;
        }
        return c; // vMustReplyEmpty, vKill, vFile...: not implemented
    case 'q':
    case 'Q': {
        size_t sep = rest.find_first_of(":,");
        c.name = std::string(rest.substr(0, sep));
        if (sep != std::string_view::npos) c.args = std::string(rest.substr(sep + 1));
        if (c.name.empty()) return bad();
        c.what = p[0] == 'q' ? k::query : k::set;
        return c;
    }
    default: return c;
    }
}

} // namespace pscisim::gdb
