// The GDB remote stub of pscisim: a GDB Remote Serial Protocol server on
// 127.0.0.1 that shows every core as one thread (all-stop mode).
//
// It runs inside the SystemC simulation, never beside it: it is called from a
// core's thread between two a64_run() calls (debug_if) and, while the machine is
// stopped, it blocks that thread reading packets. No SystemC process runs and no
// simulated time passes while it blocks, so breakpoints, steps and watchpoints do
// not change what the simulation computes. Memory goes through the cores' debug
// transport (untimed). docs/user-guide.md, "Debugging with GDB".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cpu_sc/cpu_core.h"
#include "gdb/rsp.hpp"

namespace pscisim
{
class psci_controller;
}

namespace pscisim::gdb
{

struct machine_view {
    std::vector<cpu_core *> cores;
    psci_controller *ctrl = nullptr;  // monitor power / psci (may be null in tests)
    std::function<void()> kill;       // `k`: end the run
    std::function<uint64_t()> now_ps; // simulated time
    // SIGINT reached pscisim: a stopped machine is released (the debugger is
    // dropped) so that the run can end as interrupted.
    std::function<bool()> interrupted;
};

class gdb_server : public debug_if
{
  public:
    // Listens on 127.0.0.1:port (0 = any free port, see port()). Throws
    // std::runtime_error naming the problem if the socket cannot be opened.
    gdb_server(uint16_t port, machine_view m);
    ~gdb_server() override;
    gdb_server(const gdb_server &) = delete;
    gdb_server &operator=(const gdb_server &) = delete;

    uint16_t port() const { return port_; }
    // --gdb-wait: when the simulation starts, block until a debugger has attached
    // and resumed the machine (every core is held at reset meanwhile).
    void wait_for_debugger();
    // The run ended with `status`: a debugger waiting for a stop is told (W) and
    // disconnected.
    void simulation_ended(int status);

    void core_stopped(cpu_core &core, stop why) override;
    void poll(cpu_core &core) override;

  private:
    enum class stop_kind { initial, breakpoint, watchpoint, step, interrupt };
    struct point {
        unsigned type;
        uint64_t addr, len;
    };

    void stop_loop(unsigned core, stop_kind why);
    bool try_accept(bool blocking);
    void drop_client(const char *why);
    bool read_some(bool blocking);
    void send_raw(const std::string &s);
    void send(const std::string &payload);
    void send_console(const std::string &text);
    // Handles one packet; true when it resumes the machine.
    bool handle(const std::string &payload);
    bool resume(const rsp_command &c);
    std::string stop_reply() const;
    std::string query(const rsp_command &c);
    std::string monitor(const std::string &line);
    std::string read_reg(unsigned core, unsigned n, bool &ok);
    bool write_reg(unsigned core, unsigned n, const std::string &bytes);
    std::string target_xml() const;
    std::string thread_extra(unsigned core) const;
    size_t read_virtual(unsigned core, uint64_t va, uint64_t len, std::string &out);
    bool write_virtual(unsigned core, uint64_t va, const std::string &data);
    bool read_phys(uint64_t pa, size_t len, std::string &out);
    bool write_phys(uint64_t pa, const std::string &data);
    int point_op(bool insert, unsigned type, uint64_t addr, uint64_t len);
    void clear_debug_state();
    unsigned thread_core(int64_t tid, unsigned fallback) const;

    machine_view m;
    uint16_t port_ = 0;
    int listen_ = -1, client_ = -1;
    rsp_framer framer_;
    std::vector<rsp_event> events_;
    bool no_ack_ = false;
    std::string last_sent_;
    bool stopped_ = false;       // inside stop_loop
    bool waiting_reply_ = false; // the client resumed and waits for a stop reply
    bool interrupt_ = false;     // 0x03 seen while running
    bool ended_ = false;
    bool wait_pending_ = false; // --gdb-wait: stop before the first instruction
    unsigned poll_count_ = 0;
    unsigned stop_core_ = 0;
    stop_kind stop_why_ = stop_kind::initial;
    uint64_t watch_addr_ = 0;
    unsigned watch_kind_ = 0;
    unsigned g_core_ = 0; // Hg: registers and memory
    unsigned c_core_ = 0; // Hc: step
    std::vector<point> points_;
};

} // namespace pscisim::gdb
