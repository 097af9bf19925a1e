// The GDB Remote Serial Protocol, as a pure unit (no sockets, no SystemC): packet
// framing with checksums and binary escapes, hex helpers, and the parse of one
// packet's payload into a command. The server (gdb_server.*) owns the I/O and the
// meaning of each command.
//
// Facts from the GDB manual, appendix E "GDB Remote Serial Protocol": a packet is
// `$payload#cc` with cc the modulo-256 sum of the payload bytes in two hex digits;
// '+'/'-' acknowledge; a lone 0x03 byte is an interrupt request; in binary data
// '}' escapes the next byte, which is XORed with 0x20 ('#', '$', '}' and '*' are
// always escaped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pscisim::gdb
{

// Largest payload accepted (advertised as PacketSize); longer ones are dropped
// and answered with '-'.
constexpr size_t rsp_max_payload = 16384;

struct rsp_event {
    enum class kind {
        packet,       // a complete packet with a good checksum: payload (unescaped)
        bad_checksum, // a complete packet with a wrong checksum, or too long: send '-'
        interrupt,    // 0x03 outside a packet
        ack,          // '+'
        nak,          // '-': the peer wants the last packet again
    };
    kind what;
    std::string payload;
};

// Splits a byte stream into events. Bytes outside packets other than the ones
// above are ignored; a '$' inside a packet restarts it (resynchronisation).
class rsp_framer
{
  public:
    void feed(const char *data, size_t n, std::vector<rsp_event> &out);
    void reset() { *this = rsp_framer{}; }

  private:
    enum class st { idle, body, escape, sum1, sum2 };
    st state_ = st::idle;
    std::string raw_; // payload as received (escapes kept) for the checksum
    std::string payload_;
    bool overflow_ = false;
    int sum_hi_ = 0;
};

// `$payload#cc` with '#', '$', '}' and '*' escaped.
std::string rsp_frame(std::string_view payload);
// Two lower-case hex digits per byte, and back (false on odd length or a non-hex digit).
std::string hex_encode(std::string_view bytes);
bool hex_decode(std::string_view hex, std::string &bytes);
// 1 to 16 hex digits, nothing else.
bool parse_hex_u64(std::string_view s, uint64_t &v);
// Value as little-endian target bytes, hex-encoded (register contents).
std::string hex_le(uint64_t v, unsigned bytes);

// A thread-id of H/T/vCont/qThreadExtraInfo: -1 = all, 0 = any, else a thread.
struct rsp_thread {
    int64_t id = 0;
};

struct rsp_vcont_action {
    char op = 0;         // 'c', 's', 't' (C/S are folded into c/s: signals are not delivered)
    int64_t thread = -1; // -1: every thread without an explicit action
};

struct rsp_command {
    enum class kind {
        empty_reply,  // a packet this stub does not implement (the reply is empty)
        malformed,    // known letter, bad arguments: the reply is E01
        halt_reason,  // ?
        read_regs,    // g
        write_regs,   // G data
        read_reg,     // p n
        write_reg,    // P n=data
        read_mem,     // m addr,len
        write_mem,    // M addr,len:hex / X addr,len:binary (data holds the bytes)
        set_thread,   // H op thread (op 'g' or 'c')
        thread_alive, // T thread
        cont,         // c [addr]
        step,         // s [addr]
        vcont,        // vCont;action[:thread]...
        vcont_query,  // vCont?
        insert_point, // Z type,addr,kind
        remove_point, // z type,addr,kind
        detach,       // D
        kill,         // k
        query,        // q name[:args] or q name,args
        set,          // Q name[:args]
    };
    kind what = kind::empty_reply;
    uint64_t addr = 0, len = 0; // memory: address and length; Z/z: address and kind
    unsigned type = 0;          // Z/z type (0..4); p/P register number
    bool has_addr = false;      // c/s with a resume address
    char op = 0;                // H
    rsp_thread thread;          // H, T
    std::string data;           // G/P/M/X: the bytes to write
    std::string name, args;     // q/Q: "Supported", "Xfer", ...; what follows the separator
    std::vector<rsp_vcont_action> actions;
};

// Never throws, never reads outside `payload`.
rsp_command parse_command(std::string_view payload);

} // namespace pscisim::gdb
