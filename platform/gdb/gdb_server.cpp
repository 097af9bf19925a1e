#include "gdb/gdb_server.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "power/psci_controller.h"
#include "psci/psci.h"

namespace pscisim::gdb
{

namespace
{

// Register numbers of the target description: org.gnu.gdb.aarch64.core (x0-x30,
// sp, pc, cpsr), org.gnu.gdb.aarch64.fpu (v0-v31, fpsr, fpcr), then the system
// registers of org.pscisim.sysregs.
constexpr unsigned reg_sp = 31, reg_pc = 32, reg_cpsr = 33, reg_v0 = 34, reg_fpsr = 66,
                   reg_fpcr = 67, reg_sys0 = 68;

struct sysreg_desc {
    const char *name;
    uint32_t enc; // 0: not an MRS register (CurrentEL, SP_ELx come from the state)
    unsigned el;  // the Exception level that must be implemented
};

// The registers that matter when debugging firmware (issue 13): per EL the
// translation and exception registers, then routing and identification.
const sysreg_desc sysregs[] = {
    {"CurrentEL", 0, 0},
    {"SP_EL0", 0, 0},
    {"SP_EL1", 0, 1},
    {"SP_EL2", 0, 2},
    {"SCTLR_EL1", A64_SYSREG(3, 0, 1, 0, 0), 1},
    {"TCR_EL1", A64_SYSREG(3, 0, 2, 0, 2), 1},
    {"TTBR0_EL1", A64_SYSREG(3, 0, 2, 0, 0), 1},
    {"TTBR1_EL1", A64_SYSREG(3, 0, 2, 0, 1), 1},
    {"MAIR_EL1", A64_SYSREG(3, 0, 10, 2, 0), 1},
    {"VBAR_EL1", A64_SYSREG(3, 0, 12, 0, 0), 1},
    {"ESR_EL1", A64_SYSREG(3, 0, 5, 2, 0), 1},
    {"FAR_EL1", A64_SYSREG(3, 0, 6, 0, 0), 1},
    {"ELR_EL1", A64_SYSREG(3, 0, 4, 0, 1), 1},
    {"SPSR_EL1", A64_SYSREG(3, 0, 4, 0, 0), 1},
    {"SCTLR_EL2", A64_SYSREG(3, 4, 1, 0, 0), 2},
    {"TCR_EL2", A64_SYSREG(3, 4, 2, 0, 2), 2},
    {"TTBR0_EL2", A64_SYSREG(3, 4, 2, 0, 0), 2},
    {"MAIR_EL2", A64_SYSREG(3, 4, 10, 2, 0), 2},
    {"VBAR_EL2", A64_SYSREG(3, 4, 12, 0, 0), 2},
    {"ESR_EL2", A64_SYSREG(3, 4, 5, 2, 0), 2},
    {"FAR_EL2", A64_SYSREG(3, 4, 6, 0, 0), 2},
    {"ELR_EL2", A64_SYSREG(3, 4, 4, 0, 1), 2},
    {"SPSR_EL2", A64_SYSREG(3, 4, 4, 0, 0), 2},
    {"HCR_EL2", A64_SYSREG(3, 4, 1, 1, 0), 2},
    {"SCTLR_EL3", A64_SYSREG(3, 6, 1, 0, 0), 3},
    {"TCR_EL3", A64_SYSREG(3, 6, 2, 0, 2), 3},
    {"TTBR0_EL3", A64_SYSREG(3, 6, 2, 0, 0), 3},
    {"MAIR_EL3", A64_SYSREG(3, 6, 10, 2, 0), 3},
    {"VBAR_EL3", A64_SYSREG(3, 6, 12, 0, 0), 3},
    {"ESR_EL3", A64_SYSREG(3, 6, 5, 2, 0), 3},
    {"FAR_EL3", A64_SYSREG(3, 6, 6, 0, 0), 3},
    {"ELR_EL3", A64_SYSREG(3, 6, 4, 0, 1), 3},
    {"SPSR_EL3", A64_SYSREG(3, 6, 4, 0, 0), 3},
    {"SCR_EL3", A64_SYSREG(3, 6, 1, 1, 0), 3},
    {"MPIDR_EL1", A64_SYSREG(3, 0, 0, 0, 5), 1},
};
constexpr unsigned num_sysregs = sizeof sysregs / sizeof sysregs[0];

bool el_implemented(const a64_core_config &cfg, unsigned el)
{
    return el <= 1 || (el == 2 && cfg.have_el2) || (el == 3 && cfg.have_el3);
}

uint64_t le_value(const std::string &b)
{
    uint64_t v = 0;
    for (size_t i = 0; i < b.size() && i < 8; ++i)
        v |= (uint64_t)(unsigned char)b[i] << (8 * i);
    return v;
}

std::string power_state_of(cpu_core &c)
{
    if (!c.powered()) return "off";
    if (c.parked() || !c.clock_enabled()) return "suspended";
    if (c.waiting_for_interrupt()) return "WFI";
    return "running";
}

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

} // namespace

gdb_server::gdb_server(uint16_t port, machine_view mv) : m(std::move(mv))
{
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_ < 0) throw std::runtime_error(std::string("gdb: socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // never reachable from another host
    if (::bind(listen_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        ::listen(listen_, 2) != 0) {
        std::string e = std::strerror(errno);
        ::close(listen_);
        throw std::runtime_error("--gdb: cannot listen on 127.0.0.1:" + std::to_string(port) +
                                 ": " + e);
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_, reinterpret_cast<sockaddr *>(&a), &len);
    port_ = ntohs(a.sin_port);
    cpu_core::set_debugger(this);
}

gdb_server::~gdb_server()
{
    cpu_core::set_debugger(nullptr);
    if (client_ >= 0) ::close(client_);
    if (listen_ >= 0) ::close(listen_);
}

// ---------------------------------------------------------------- connection

// A "blocking" wait wakes up this often to look at the SIGINT flag: a signal that
// arrives between that check and poll() would otherwise leave poll() asleep for good
// (the callers loop until there is input or interrupted() is true). Host time only:
// the machine is stopped while it waits.
constexpr int blocking_poll_ms = 100;

bool gdb_server::try_accept(bool blocking)
{
    pollfd p{listen_, POLLIN, 0};
    if (::poll(&p, 1, blocking ? blocking_poll_ms : 0) <= 0 || !(p.revents & POLLIN)) return false;
    int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return false;
    if (client_ >= 0) {
        // One debugger at a time: a second client is closed at once.
        ::close(fd);
        std::fprintf(stderr, "pscisim: gdb: refused a second connection (one is attached)\n");
        return false;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    client_ = fd;
    framer_.reset();
    events_.clear();
    no_ack_ = false;
    last_sent_.clear();
    waiting_reply_ = false;
    interrupt_ = false;
    return true;
}

void gdb_server::clear_debug_state()
{
    for (const point &p : points_)
        point_op(false, p.type, p.addr, p.len);
    points_.clear();
    for (cpu_core *c : m.cores)
        c->debug_step(false);
}

void gdb_server::drop_client(const char *why)
{
    if (client_ < 0) return;
    ::close(client_);
    client_ = -1;
    waiting_reply_ = false;
    interrupt_ = false;
    // Whatever the debugger had set goes with it: the run continues as if it
    // had never been attached.
    clear_debug_state();
    if (why) std::fprintf(stderr, "pscisim: gdb: %s\n", why);
}

bool gdb_server::read_some(bool blocking)
{
    if (client_ < 0) return false;
    pollfd p[2] = {{client_, POLLIN, 0}, {listen_, POLLIN, 0}};
    int n = ::poll(p, 2, blocking ? blocking_poll_ms : 0);
    if (n <= 0) return false;
    if (p[1].revents & POLLIN) try_accept(false);
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) return false;
    char buf[4096];
    ssize_t got = ::recv(client_, buf, sizeof buf, 0);
    if (got <= 0) {
        drop_client("the debugger disconnected; the run continues");
        return false;
    }
    framer_.feed(buf, (size_t)got, events_);
    return true;
}

void gdb_server::send_raw(const std::string &s)
{
    size_t off = 0;
    while (client_ >= 0 && off < s.size()) {
        ssize_t w = ::send(client_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            drop_client("the debugger connection broke; the run continues");
            return;
        }
        off += (size_t)w;
    }
}

void gdb_server::send(const std::string &payload)
{
    last_sent_ = rsp_frame(payload);
    send_raw(last_sent_);
}

void gdb_server::send_console(const std::string &text)
{
    send_raw(rsp_frame("O" + hex_encode(text)));
}

// ---------------------------------------------------------------- stops

void gdb_server::wait_for_debugger()
{
    // The wait happens in the first core thread to start (poll() at time zero,
    // before any instruction): the bus is only usable once elaboration is done.
    wait_pending_ = true;
}

void gdb_server::poll(cpu_core &core)
{
    if (wait_pending_) {
        wait_pending_ = false;
        std::fprintf(stderr, "pscisim: waiting for a debugger on 127.0.0.1:%u (--gdb-wait)\n",
                     (unsigned)port_);
        while (client_ < 0 && !(m.interrupted && m.interrupted()))
            try_accept(true);
        stop_loop(0, stop_kind::initial); // the boot core
        return;
    }
    // A syscall per synchronisation point would cost more than the quantum it
    // ends; 64 of them are still well under a millisecond of host time.
    if (++poll_count_ % 64) return;
    if (client_ < 0) {
        if (try_accept(false)) stop_loop(core.index(), stop_kind::initial);
        return;
    }
    while (read_some(false)) {
    }
    for (auto it = events_.begin(); it != events_.end(); ++it)
        if (it->what == rsp_event::kind::interrupt) {
            events_.erase(it);
            interrupt_ = true;
            break;
        }
    if (interrupt_) {
        interrupt_ = false;
        stop_loop(core.index(), stop_kind::interrupt);
    }
}

void gdb_server::core_stopped(cpu_core &core, stop why)
{
    if (client_ < 0 || ended_) return;
    if (why == stop::watchpoint) {
        uint64_t acc = 0;
        if (!a64_watchpoint_hit(core.iss(), &watch_addr_, &watch_kind_, &acc)) return;
        // GDB matches the reported address against its watchpoints: the accessed
        // address when it lies inside the watched range, else the range's start.
        if (acc > watch_addr_) watch_addr_ = acc;
    }
    stop_loop(core.index(), why == stop::breakpoint   ? stop_kind::breakpoint
                            : why == stop::watchpoint ? stop_kind::watchpoint
                                                      : stop_kind::step);
}

std::string gdb_server::stop_reply() const
{
    unsigned tid = stop_core_ + 1;
    switch (stop_why_) {
    case stop_kind::interrupt: return fmt("T02thread:%x;", tid);
    case stop_kind::watchpoint: {
        const char *k = watch_kind_ == A64_WATCH_WRITE  ? "watch"
                        : watch_kind_ == A64_WATCH_READ ? "rwatch"
                                                        : "awatch";
        return fmt("T05%s:%llx;thread:%x;", k, (unsigned long long)watch_addr_, tid);
    }
    default: return fmt("T05thread:%x;", tid);
    }
}

void gdb_server::stop_loop(unsigned core, stop_kind why)
{
    stop_core_ = core;
    stop_why_ = why;
    g_core_ = c_core_ = core;
    for (cpu_core *c : m.cores)
        c->debug_step(false); // another core's pending step ends with this stop
    if (waiting_reply_) {
        send(stop_reply());
        waiting_reply_ = false;
    }
    stopped_ = true;
    while (client_ >= 0) {
        while (!events_.empty()) {
            rsp_event e = std::move(events_.front());
            events_.erase(events_.begin());
            switch (e.what) {
            case rsp_event::kind::ack:
            case rsp_event::kind::interrupt: // already stopped
                break;
            case rsp_event::kind::nak:
                if (!last_sent_.empty()) send_raw(last_sent_);
                break;
            case rsp_event::kind::bad_checksum:
                if (!no_ack_) send_raw("-");
                break;
            case rsp_event::kind::packet:
                if (!no_ack_) send_raw("+");
                bool resumed = false;
                try {
                    resumed = handle(e.payload);
                } catch (const std::exception &) {
                    send("E01"); // whatever a packet does, the simulation survives it
                }
                if (resumed) {
                    stopped_ = false;
                    return;
                }
                break;
            }
            if (client_ < 0) break;
        }
        if (client_ < 0) break;
        read_some(true);
        if (m.interrupted && m.interrupted())
            drop_client("interrupted (SIGINT): the debugger is disconnected");
    }
    stopped_ = false; // the debugger went away: run on
}

// ---------------------------------------------------------------- packets

unsigned gdb_server::thread_core(int64_t tid, unsigned fallback) const
{
    if (tid <= 0 || (uint64_t)tid > m.cores.size()) return fallback;
    return (unsigned)(tid - 1);
}

bool gdb_server::handle(const std::string &payload)
{
    using k = rsp_command::kind;
    rsp_command c = parse_command(payload);
    switch (c.what) {
    case k::empty_reply: send(""); return false;
    case k::malformed: send("E01"); return false;
    case k::halt_reason: send(stop_reply()); return false;
    case k::read_regs: {
        std::string out;
        bool ok = true;
        for (unsigned r = 0; r <= reg_cpsr && ok; ++r)
            out += read_reg(g_core_, r, ok);
        send(ok ? out : "E01");
        return false;
    }
    case k::write_regs: {
        size_t off = 0;
        for (unsigned r = 0; r <= reg_cpsr && off < c.data.size(); ++r) {
            size_t w = r == reg_cpsr ? 4 : 8;
            if (off + w > c.data.size()) break;
            write_reg(g_core_, r, c.data.substr(off, w));
            off += w;
        }
        send("OK");
        return false;
    }
    case k::read_reg: {
        bool ok = true;
        std::string v = read_reg(g_core_, c.type, ok);
        send(ok ? v : "E01");
        return false;
    }
    case k::write_reg: send(write_reg(g_core_, c.type, c.data) ? "OK" : "E01"); return false;
    case k::read_mem: {
        std::string out;
        uint64_t len = c.len > rsp_max_payload / 2 ? rsp_max_payload / 2 : c.len;
        if (len == 0) {
            send("");
            return false;
        }
        read_virtual(g_core_, c.addr, len, out);
        send(out.empty() ? "E14" : hex_encode(out));
        return false;
    }
    case k::write_mem: send(write_virtual(g_core_, c.addr, c.data) ? "OK" : "E14"); return false;
    case k::set_thread: {
        if (c.thread.id > (int64_t)m.cores.size()) {
            send("E02");
            return false;
        }
        unsigned core = thread_core(c.thread.id, stop_core_);
        (c.op == 'g' ? g_core_ : c_core_) = core;
        send("OK");
        return false;
    }
    case k::thread_alive:
        send(c.thread.id > 0 && (uint64_t)c.thread.id <= m.cores.size() ? "OK" : "E01");
        return false;
    case k::cont:
    case k::step:
    case k::vcont: return resume(c);
    case k::vcont_query: send("vCont;c;C;s;S;t"); return false;
    case k::insert_point:
    case k::remove_point: {
        bool ins = c.what == k::insert_point;
        if (c.type >= 2 && (c.len == 0 || c.len > 0x10000)) {
            send("E01");
            return false;
        }
        int rc = point_op(ins, c.type, c.addr, c.len);
        if (rc == 0) {
            if (ins) {
                points_.push_back({c.type, c.addr, c.len});
            } else {
                for (auto it = points_.begin(); it != points_.end(); ++it)
                    if (it->type == c.type && it->addr == c.addr && it->len == c.len) {
                        points_.erase(it);
                        break;
                    }
            }
        }
        send(rc == 0 ? "OK" : "E01");
        return false;
    }
    case k::detach:
        send("OK");
        drop_client(nullptr);
        return true;
    case k::kill:
        // No reply (the RSP's k has none): end the run; reports are still written.
        drop_client(nullptr);
        if (m.kill) m.kill();
        return true;
    case k::query: send(query(c)); return false;
    case k::set:
        if (c.name == "StartNoAckMode") {
            send("OK");
            no_ack_ = true;
        } else {
            send("");
        }
        return false;
    }
    send("");
    return false;
}

bool gdb_server::resume(const rsp_command &c)
{
    std::vector<unsigned> steps;
    if (c.what == rsp_command::kind::step) {
        steps.push_back(c_core_);
    } else if (c.what == rsp_command::kind::vcont) {
        for (const rsp_vcont_action &a : c.actions)
            if (a.op == 's') steps.push_back(thread_core(a.thread, c_core_));
    }
    if ((c.what == rsp_command::kind::cont || c.what == rsp_command::kind::step) && c.has_addr)
        a64_core_state(m.cores[c_core_]->iss())->pc = c.addr;
    for (unsigned s : steps) {
        if (!m.cores[s]->powered()) {
            send_console(fmt("pscisim: %s (thread %u) is powered off and cannot be stepped; "
                             "power it on first (CPU_ON) or select a running core\n",
                             m.cores[s]->core_name(), s + 1));
            send("E01");
            return false;
        }
    }
    // Every core resumes (all-stop): while one core steps the others run, as
    // simulated time cannot advance for some cores only.
    for (unsigned s : steps)
        m.cores[s]->debug_step(true);
    waiting_reply_ = true;
    return true;
}

// ---------------------------------------------------------------- registers

std::string gdb_server::read_reg(unsigned core, unsigned n, bool &ok)
{
    a64_core *ic = m.cores[core]->iss();
    const a64_state *s = a64_core_state(ic);
    const a64_core_config *cfg = a64_core_get_config(ic);
    if (n < 31) return hex_le(s->x[n], 8);
    if (n == reg_sp) return hex_le(s->sp_el[s->spsel ? s->el : 0], 8);
    if (n == reg_pc) return hex_le(s->pc, 8);
    if (n == reg_cpsr) return hex_le(s->nzcv | s->daif | ((uint32_t)s->el << 2) | s->spsel, 4);
    if (n >= reg_v0 && n < reg_v0 + 32)
        return hex_encode(std::string_view(reinterpret_cast<const char *>(s->v[n - reg_v0].b), 16));
    if (n == reg_fpsr) return hex_le(s->fpsr, 4);
    if (n == reg_fpcr) return hex_le(s->fpcr, 4);
    if (n >= reg_sys0 && n < reg_sys0 + num_sysregs) {
        const sysreg_desc &d = sysregs[n - reg_sys0];
        if (!el_implemented(*cfg, d.el)) {
            ok = false;
            return {};
        }
        if (!std::strcmp(d.name, "CurrentEL")) return hex_le((uint64_t)s->el << 2, 8);
        if (!std::strncmp(d.name, "SP_EL", 5)) return hex_le(s->sp_el[d.el], 8);
        uint64_t v = 0;
        if (a64_sysreg_get(ic, d.enc, &v) != 0) {
            ok = false;
            return {};
        }
        return hex_le(v, 8);
    }
    ok = false;
    return {};
}

bool gdb_server::write_reg(unsigned core, unsigned n, const std::string &b)
{
    a64_core *ic = m.cores[core]->iss();
    a64_state *s = a64_core_state(ic);
    const a64_core_config *cfg = a64_core_get_config(ic);
    size_t want = n == reg_cpsr || n == reg_fpsr || n == reg_fpcr ? 4
                  : n >= reg_v0 && n < reg_v0 + 32                ? 16
                                                                  : 8;
    if (b.size() != want) return false;
    uint64_t v = le_value(b);
    if (n < 31) {
        s->x[n] = v;
    } else if (n == reg_sp) {
        s->sp_el[s->spsel ? s->el : 0] = v;
    } else if (n == reg_pc) {
        s->pc = v;
    } else if (n == reg_cpsr) {
        unsigned el = (v >> 2) & 3;
        if (!el_implemented(*cfg, el) || ((v >> 4) & 1)) return false; // AArch64 only
        s->nzcv = (uint32_t)v & 0xf0000000u;
        s->daif = (uint32_t)v & 0x3c0u;
        s->el = (uint8_t)el;
        s->spsel = (uint8_t)(v & 1);
    } else if (n >= reg_v0 && n < reg_v0 + 32) {
        std::memcpy(s->v[n - reg_v0].b, b.data(), 16);
    } else if (n == reg_fpsr) {
        s->fpsr = (uint32_t)v;
    } else if (n == reg_fpcr) {
        s->fpcr = (uint32_t)v;
    } else if (n >= reg_sys0 && n < reg_sys0 + num_sysregs) {
        const sysreg_desc &d = sysregs[n - reg_sys0];
        if (!el_implemented(*cfg, d.el)) return false;
        if (!std::strcmp(d.name, "CurrentEL")) {
            unsigned el = (v >> 2) & 3;
            if (!el_implemented(*cfg, el)) return false;
            s->el = (uint8_t)el;
        } else if (!std::strncmp(d.name, "SP_EL", 5)) {
            s->sp_el[d.el] = v;
        } else if (a64_sysreg_set(ic, d.enc, v) != 0) {
            return false;
        }
    } else {
        return false;
    }
    return true;
}

std::string gdb_server::target_xml() const
{
    const a64_core_config *cfg = a64_core_get_config(m.cores[0]->iss());
    std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                    "<target>\n<architecture>aarch64</architecture>\n"
                    "<feature name=\"org.gnu.gdb.aarch64.core\">\n";
    for (unsigned i = 0; i < 31; ++i)
        x += fmt("<reg name=\"x%u\" bitsize=\"64\" type=\"int\" regnum=\"%u\"/>\n", i, i);
    x += "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n"
         "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n"
         "<reg name=\"cpsr\" bitsize=\"32\" type=\"int\" regnum=\"33\"/>\n</feature>\n"
         "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
         "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
         "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
         "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
         "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
         "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
         "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
         "<union id=\"vreg\"><field name=\"d\" type=\"v2d\"/><field name=\"s\" type=\"v4f\"/>"
         "<field name=\"ud\" type=\"v2u\"/><field name=\"us\" type=\"v4u\"/>"
         "<field name=\"h\" type=\"v8u\"/><field name=\"b\" type=\"v16u\"/>"
         "<field name=\"q\" type=\"uint128\"/></union>\n";
    for (unsigned i = 0; i < 32; ++i)
        x +=
            fmt("<reg name=\"v%u\" bitsize=\"128\" type=\"vreg\" regnum=\"%u\"/>\n", i, reg_v0 + i);
    x += fmt("<reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n"
             "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n</feature>\n",
             reg_fpsr, reg_fpcr);
    x += "<feature name=\"org.pscisim.sysregs\">\n";
    for (unsigned i = 0; i < num_sysregs; ++i)
        if (el_implemented(*cfg, sysregs[i].el))
            x += fmt("<reg name=\"%s\" bitsize=\"64\" type=\"uint64\" group=\"system\" "
                     "regnum=\"%u\"/>\n",
                     sysregs[i].name, reg_sys0 + i);
    x += "</feature>\n</target>\n";
    return x;
}

// ---------------------------------------------------------------- memory

bool gdb_server::read_phys(uint64_t pa, size_t len, std::string &out)
{
    std::string buf(len, '\0');
    if (!m.cores[0]->read_mem(pa, buf.data(), (unsigned)len)) return false;
    out += buf;
    return true;
}

bool gdb_server::write_phys(uint64_t pa, const std::string &data)
{
    if (!m.cores[0]->write_mem(pa, data.data(), (unsigned)data.size())) return false;
    a64_system_code_written(m.cores[0]->iss_system(), pa, data.size());
    return true;
}

size_t gdb_server::read_virtual(unsigned core, uint64_t va, uint64_t len, std::string &out)
{
    a64_core *ic = m.cores[core]->iss();
    while (len) {
        uint64_t in_page = 0x1000 - (va & 0xfff), n = len < in_page ? len : in_page, pa;
        if (a64_translate_debug(ic, va, false, &pa) != 0) break;
        // Byte by byte where a whole piece fails (the end of RAM, a device that
        // only takes some sizes): as much as can be read is returned.
        if (!read_phys(pa, (size_t)n, out)) {
            for (uint64_t i = 0; i < n; ++i)
                if (!read_phys(pa + i, 1, out)) return out.size();
        }
        va += n;
        len -= n;
    }
    return out.size();
}

bool gdb_server::write_virtual(unsigned core, uint64_t va, const std::string &data)
{
    a64_core *ic = m.cores[core]->iss();
    size_t off = 0;
    // Translate every page first: a write either happens whole or not at all.
    std::vector<std::pair<uint64_t, size_t>> pieces;
    while (off < data.size()) {
        uint64_t in_page = 0x1000 - ((va + off) & 0xfff), pa;
        size_t n = data.size() - off < in_page ? data.size() - off : (size_t)in_page;
        if (a64_translate_debug(ic, va + off, true, &pa) != 0 &&
            a64_translate_debug(ic, va + off, false, &pa) != 0)
            return false; // a debugger may write read-only pages (breakpoints, patches)
        pieces.push_back({pa, n});
        off += n;
    }
    off = 0;
    for (auto &p : pieces) {
        if (!write_phys(p.first, data.substr(off, p.second))) return false;
        off += p.second;
    }
    return true;
}

int gdb_server::point_op(bool insert, unsigned type, uint64_t addr, uint64_t len)
{
    int rc = 0;
    for (size_t i = 0; i < m.cores.size(); ++i) {
        a64_core *ic = m.cores[i]->iss();
        int r;
        if (type <= 1) {
            r = insert ? a64_breakpoint_add(ic, addr) : a64_breakpoint_remove(ic, addr);
        } else {
            unsigned kind = type == 2   ? A64_WATCH_WRITE
                            : type == 3 ? A64_WATCH_READ
                                        : A64_WATCH_ACCESS;
            r = insert ? a64_watchpoint_add(ic, addr, len, kind)
                       : a64_watchpoint_remove(ic, addr, len, kind);
        }
        if (r != 0 && insert) {
            // Out of slots: take it off the cores that got it.
            for (size_t j = 0; j < i; ++j)
                point_op(false, type, addr, len);
            return -1;
        }
        if (r != 0) rc = -1;
    }
    return rc;
}

// ---------------------------------------------------------------- queries

std::string gdb_server::thread_extra(unsigned core) const
{
    cpu_core &c = *m.cores[core];
    return fmt("%s MPIDR=0x%llx %s", c.core_name(), (unsigned long long)c.mpidr(),
               power_state_of(c).c_str());
}

std::string gdb_server::query(const rsp_command &c)
{
    const std::string &n = c.name;
    if (n == "Supported")
        return fmt("PacketSize=%zx;qXfer:features:read+;vContSupported+;QStartNoAckMode+",
                   rsp_max_payload);
    if (n == "Attached") return "1";
    if (n == "C") return fmt("QC%x", stop_core_ + 1);
    if (n == "fThreadInfo") {
        std::string r = "m";
        for (size_t i = 0; i < m.cores.size(); ++i)
            r += fmt(i ? ",%zx" : "%zx", i + 1);
        return r;
    }
    if (n == "sThreadInfo") return "l";
    if (n == "ThreadExtraInfo") {
        uint64_t v;
        if (!parse_hex_u64(c.args, v) || v == 0 || v > m.cores.size()) return "E01";
        return hex_encode(thread_extra((unsigned)(v - 1)));
    }
    if (n == "Xfer") {
        // features:read:target.xml:offset,length
        const std::string pre = "features:read:target.xml:";
        if (c.args.compare(0, pre.size(), pre) != 0) return "E00";
        uint64_t off, len;
        std::string_view al(c.args);
        al.remove_prefix(pre.size());
        size_t comma = al.find(',');
        if (comma == std::string_view::npos || !parse_hex_u64(al.substr(0, comma), off) ||
            !parse_hex_u64(al.substr(comma + 1), len))
            return "E01";
        std::string x = target_xml();
        if (off >= x.size()) return "l";
        if (len > rsp_max_payload - 8) len = rsp_max_payload - 8;
        std::string part = x.substr((size_t)off, (size_t)len);
        return (off + part.size() >= x.size() ? "l" : "m") + part;
    }
    if (n == "Rcmd") {
        std::string line;
        if (!hex_decode(c.args, line)) return "E01";
        std::string out = monitor(line);
        if (out.rfind("E", 0) == 0 && out.size() == 3) return out;
        if (!out.empty()) send_console(out);
        return "OK";
    }
    if (n == "Symbol") return "OK";
    return "";
}

std::string gdb_server::monitor(const std::string &line)
{
    std::vector<std::string> w;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ')
            ++i;
        size_t j = line.find(' ', i);
        if (j == std::string::npos) j = line.size();
        if (j > i) w.push_back(line.substr(i, j - i));
        i = j;
    }
    auto num = [](const std::string &s, uint64_t &v) {
        std::string_view t(s);
        if (t.rfind("0x", 0) == 0) t.remove_prefix(2);
        return parse_hex_u64(t, v);
    };
    if (w.empty() || w[0] == "help")
        return "pscisim monitor commands (numbers in hex):\n"
               "  power                      power state of every domain and core\n"
               "  time                       simulated time and each core's local time\n"
               "  psci [N]                   the last N PSCI calls (default 10)\n"
               "  phys read ADDR LEN         read physical memory (debug access)\n"
               "  phys write ADDR HEXBYTES   write physical memory (debug access)\n";
    if (w[0] == "time") {
        std::string r =
            fmt("simulated time: %llu ps\n", (unsigned long long)(m.now_ps ? m.now_ps() : 0));
        for (cpu_core *c : m.cores)
            r += fmt("  %s local time %llu ps\n", c->core_name(),
                     (unsigned long long)time_to_ps(c->local_time()));
        return r;
    }
    if (w[0] == "power") {
        std::string r;
        if (m.ctrl) {
            auto dom = [](const power_domain &d) {
                std::string s = to_string(d.state());
                if (d.in_transition()) s += std::string(" -> ") + to_string(d.target());
                return s;
            };
            r += "system: " + dom(m.ctrl->system_domain()) + "\n";
            for (unsigned cl = 0; cl < m.ctrl->num_clusters(); ++cl)
                r += fmt("cluster%u: %s\n", cl, dom(m.ctrl->cluster_domain(cl)).c_str());
            for (unsigned k = 0; k < m.ctrl->num_cores(); ++k)
                r += fmt("%s: domain %s, core %s\n", m.cores[k]->core_name(),
                         dom(m.ctrl->core_domain(k)).c_str(), power_state_of(*m.cores[k]).c_str());
        } else {
            for (cpu_core *c : m.cores)
                r += fmt("%s: %s\n", c->core_name(), power_state_of(*c).c_str());
        }
        return r;
    }
    if (w[0] == "psci") {
        uint64_t nlast = 10;
        if (w.size() > 1 && !num(w[1], nlast)) return "invalid count: " + w[1] + "\n";
        if (!m.ctrl) return "no PSCI controller\n";
        const auto &calls = m.ctrl->calls();
        size_t from = calls.size() > nlast ? calls.size() - (size_t)nlast : 0;
        std::string r =
            fmt("%zu PSCI calls so far; the last %zu:\n", calls.size(), calls.size() - from);
        for (size_t k = from; k < calls.size(); ++k) {
            const psci_call_log_entry &e = calls[k];
            r += fmt("  %llu ns %s %s(0x%llx, 0x%llx, 0x%llx) -> %lld\n",
                     (unsigned long long)(time_to_ps(e.time) / 1000),
                     e.core < m.cores.size() ? m.cores[e.core]->core_name() : "?",
                     psci_function_name(e.function_id), (unsigned long long)e.args[0],
                     (unsigned long long)e.args[1], (unsigned long long)e.args[2],
                     (long long)e.result);
        }
        return r;
    }
    if (w[0] == "phys" && w.size() >= 4 && w[1] == "read") {
        uint64_t a, len;
        if (!num(w[2], a) || !num(w[3], len) || len == 0 || len > 4096)
            return "usage: monitor phys read ADDR LEN (LEN 1..0x1000)\n";
        std::string out;
        if (!read_phys(a, (size_t)len, out))
            return fmt("cannot read 0x%llx\n", (unsigned long long)a);
        std::string r;
        for (size_t k = 0; k < out.size(); k += 16)
            r += fmt("%016llx: ", (unsigned long long)(a + k)) + hex_encode(out.substr(k, 16)) +
                 "\n";
        return r;
    }
    if (w[0] == "phys" && w.size() >= 4 && w[1] == "write") {
        uint64_t a;
        std::string bytes;
        if (!num(w[2], a) || !hex_decode(w[3], bytes) || bytes.empty())
            return "usage: monitor phys write ADDR HEXBYTES\n";
        if (!write_phys(a, bytes)) return fmt("cannot write 0x%llx\n", (unsigned long long)a);
        return fmt("wrote %zu bytes at 0x%llx\n", bytes.size(), (unsigned long long)a);
    }
    return "unknown monitor command '" + w[0] + "' (try: monitor help)\n";
}

void gdb_server::simulation_ended(int status)
{
    ended_ = true;
    if (client_ >= 0) {
        if (waiting_reply_) send(fmt("W%02x", status & 0xff));
        ::close(client_);
        client_ = -1;
    }
    cpu_core::set_debugger(nullptr);
}

} // namespace pscisim::gdb
