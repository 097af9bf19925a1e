#include "cpu_sc/cpu_core.h"

#include "pscisim/guest_log.h"
#include "pscisim/security.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

namespace
{

// a64_core -> wrapper, for the SEV callback that names its target by ISS core.
std::unordered_map<const a64_core *, cpu_core *> &core_registry()
{
    static std::unordered_map<const a64_core *, cpu_core *> r;
    return r;
}

// Arm semihosting operation numbers (Semihosting for AArch32 and AArch64, v2).
enum : uint32_t {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_ISTTY = 0x09,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_ERRNO = 0x13,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};
constexpr uint64_t ADP_Stopped_ApplicationExit = 0x20026;
// SYS_ELAPSED ticks: nanoseconds of simulated time.
constexpr uint64_t semihost_tick_hz = 1000000000ull;
// Handles of the ":tt" console streams (SYS_OPEN ":tt" returns them by mode).
constexpr uint64_t handle_stdin = 1, handle_stdout = 2, handle_stderr = 3;

} // namespace

void (*cpu_core::s_quantum_hook)() = nullptr;
debug_if *cpu_core::s_debugger = nullptr;

cpu_core::cpu_core(sc_core::sc_module_name name, a64_system *sys, const clock_domain &clk,
                   const a64_core_config &cfg, unsigned index)
    : sc_module(name), bus("bus"), sys_(sys), clk_(clk), cfg_(cfg), index_(index),
      ctrl_ev_("ctrl_ev"), wake_ev_("wake_ev"), sev_ev_("sev_ev")
{
    require_ps_resolution();
    a64_callbacks cb{};
    cb.ctx = this;
    cb.read = &cpu_core::cb_read;
    cb.write = &cpu_core::cb_write;
    cb.sysreg_read = &cpu_core::cb_sysreg_read;
    cb.sysreg_write = &cpu_core::cb_sysreg_write;
    cb.sysreg_trap = &cpu_core::cb_sysreg_trap;
    cb.event = &cpu_core::cb_event;
    cb.pmu_irq = &cpu_core::cb_pmu_irq;
    cb.el_change = &cpu_core::cb_el_change;
    cb.pe_state = &cpu_core::cb_pe_state;
    core_ = a64_core_create(sys, &cfg_, &cb);
    if (!core_)
        throw std::invalid_argument(std::string(basename()) +
                                    ": the ISS rejected the core configuration");
    core_registry()[core_] = this;
    SC_HAS_PROCESS(cpu_core);
    SC_THREAD(thread);
    SC_METHOD(pmu_irq_update);
    sensitive << pmu_ev_;
    dont_initialize();
}

cpu_core::~cpu_core()
{
    core_registry().erase(core_);
    a64_core_destroy(core_);
}

sc_time cpu_core::local_time() const
{
    if (in_run_) return now_in_run();
    return epoch_ + clk_.cycles_to_time(epoch_cycles_);
}

sc_time cpu_core::offset() const
{
    sc_time t = local_time(), now = sc_time_stamp();
    return t > now ? t - now : SC_ZERO_TIME;
}

sc_time cpu_core::now_in_run() const
{
    uint64_t done = a64_core_cycles(core_) - run_base_;
    return epoch_ + clk_.cycles_to_time(epoch_cycles_ + done);
}

void cpu_core::rebase(const sc_time &t)
{
    epoch_ = t;
    epoch_cycles_ = 0;
}

void cpu_core::sync()
{
    if (s_quantum_hook) s_quantum_hook();
    if (s_debugger) s_debugger->poll(*this);
    sc_time t = local_time();
    sc_time now = sc_time_stamp();
    if (t > now)
        wait(t - now);
    else if (t < now)
        rebase(now); // time passed inside a target or while parked
}

// One of the core's interrupt inputs changed: the ISS sees the level, and a rising
// level wakes a core waiting in WFI.
void cpu_core::set_line(bool &line, void (*to_iss)(a64_core *, bool), bool level)
{
    if (level == line) return;
    line = level;
    to_iss(core_, level);
    if (level) wake_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::set_irq(bool level)
{
    set_line(irq_, a64_set_irq, level);
}
void cpu_core::set_fiq(bool level)
{
    set_line(fiq_, a64_set_fiq, level);
}
void cpu_core::set_virq(bool level)
{
    set_line(virq_, a64_set_virq, level);
}
void cpu_core::set_vfiq(bool level)
{
    set_line(vfiq_, a64_set_vfiq, level);
}

void cpu_core::cold_start(uint64_t pc, unsigned el, uint64_t x0)
{
    if (in_run_) {
        // Called while this core's thread waits inside an MMIO access (a system
        // reset by another core): apply it once the current instruction is done.
        deferred_ = [this, pc, el, x0] { cold_start(pc, el, x0); };
        a64_request_stop(core_);
        return;
    }
    // Cold reset, then the boot state the arm64 boot protocol expects: the entry
    // point at `el`, x0 = DTB address, x1..x3 = 0, DAIF masked, MMU off.
    a64_core_reset(core_);
    a64_core_warm_reset(core_, el, pc, x0);
    evs_valid_[0] = evs_valid_[1] = false;
    a64_set_irq(core_, irq_);
    a64_set_fiq(core_, fiq_);
    a64_set_virq(core_, virq_);
    a64_set_vfiq(core_, vfiq_);
    powered_ = true;
    clock_on_ = true;
    parked_ = false;
    hung_ = false;
    mode_ = mode::run;
    rebase(sc_time_stamp());
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::power_off()
{
    powered_ = false;
    parked_ = false;
    hung_ = false;
    mode_ = mode::run;
    deferred_ = nullptr;
    if (in_run_) a64_request_stop(core_);
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::power_on(unsigned el, uint64_t entry, uint64_t context_id)
{
    if (in_run_) {
        deferred_ = [this, el, entry, context_id] { power_on(el, entry, context_id); };
        a64_request_stop(core_);
        return;
    }
    a64_core_warm_reset(core_, el, entry, context_id);
    evs_valid_[0] = evs_valid_[1] = false;
    a64_set_irq(core_, irq_);
    a64_set_fiq(core_, fiq_);
    a64_set_virq(core_, virq_);
    a64_set_vfiq(core_, vfiq_);
    powered_ = true;
    parked_ = false;
    hung_ = false;
    mode_ = mode::run;
    rebase(sc_time_stamp());
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::resume(uint64_t x0)
{
    a64_core_state(core_)->x[0] = x0;
    parked_ = false;
    mode_ = mode::run;
    rebase(sc_time_stamp());
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::set_clock_enable(bool on)
{
    if (on == clock_on_) return;
    clock_on_ = on;
    if (on) rebase(sc_time_stamp() > local_time() ? sc_time_stamp() : local_time());
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::halt()
{
    halted_ = true;
    if (in_run_) a64_request_stop(core_);
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::hang()
{
    halted_ = false;
    hung_ = true;
    if (in_run_) a64_request_stop(core_);
    ctrl_ev_.notify(SC_ZERO_TIME);
}

void cpu_core::stop(stop_event::kind what, int status, uint64_t pc, const std::string &msg,
                    uint64_t reason)
{
    halted_ = true;
    if (on_stop) on_stop(stop_event{what, status, index_, cfg_.mpidr, pc, reason, msg});
}

void cpu_core::thread()
{
    start_time_ = sc_time_stamp();
    if (s_debugger) s_debugger->poll(*this); // --gdb-wait holds the machine here
    for (;;) {
        if (halted_) {
            wait(ctrl_ev_);
            continue;
        }
        if (!can_run()) {
            wait(ctrl_ev_);
            if (can_run() && local_time() < sc_time_stamp()) rebase(sc_time_stamp());
            continue;
        }
        if (mode_ != mode::run) {
            a64_state *s = a64_core_state(core_);
            bool wake = a64_wake_pending(core_) || (mode_ == mode::wfe && s->event);
            sc_time stream_edge = sc_core::sc_max_time();
            if (!wake && mode_ == mode::wfe && event_stream_check(&stream_edge)) {
                s->event = true; // an event-stream event (Arm ARM D11.2.3)
                wake = true;
            }
            if (!wake) {
                sc_time t0 = sc_time_stamp();
                if (mode_ == mode::wfe && stream_edge != sc_core::sc_max_time())
                    wait(stream_edge - t0, wake_ev_ | sev_ev_ | ctrl_ev_);
                else if (mode_ == mode::wfe)
                    wait(wake_ev_ | sev_ev_ | ctrl_ev_);
                else
                    wait(wake_ev_ | ctrl_ev_);
                if (clock_on_ && powered_) stats_.waiting += sc_time_stamp() - t0;
                rebase(sc_time_stamp());
                continue;
            }
            if (mode_ == mode::wfe && s->event && !a64_wake_pending(core_))
                s->event = false; // WFE consumes the event (Arm ARM D1.6.1)
            mode_ = mode::run;
        }

        // A reset or power-on while this thread sat in a timed wait moved the
        // epoch to a time that has passed: the core restarts from now.
        if (local_time() < sc_time_stamp()) rebase(sc_time_stamp());

        // Run up to the next quantum boundary.
        sc_time q = tlm::tlm_global_quantum::instance().get();
        if (q == SC_ZERO_TIME) q = sc_time(1, sc_core::SC_US);
        sc_time t = local_time();
        uint64_t tq = time_to_ps(q);
        sc_time next = ps_to_time((time_to_ps(t) / tq + 1) * tq);
        uint64_t budget = clk_.time_to_cycles_ceil(next - t);
        if (budget == 0) budget = 1;

        a64_stop_info info;
        run_base_ = a64_core_cycles(core_);
        in_run_ = true;
        const bool stepping = dbg_step_ && s_debugger;
        const uint64_t pc0 = a64_core_state(core_)->pc;
        a64_set_single_step(core_, stepping);
        // A debugger may have written PSTATE.EL behind the ISS's back.
        if (s_debugger) cb_pe_state(this, core_);
        a64_run(core_, budget, &info);
        a64_set_single_step(core_, false);
        in_run_ = false;
        // A debugger step ends when an instruction retired or an exception was taken.
        const bool stepped =
            stepping && (info.instructions > 0 || a64_core_state(core_)->pc != pc0);
        if (stepped) dbg_step_ = false;
        epoch_cycles_ += info.cycles;
        stats_.cycles += info.cycles;
        stats_.instructions += info.instructions;
        if (deferred_) {
            auto f = std::move(deferred_);
            deferred_ = nullptr;
            f();
            continue;
        }
        if (!powered_) continue; // powered off during an MMIO wait: what it stopped for is moot

        switch (info.reason) {
        case A64_STOP_BUDGET:
        case A64_STOP_REQUESTED:
            if (local_time() >= next) sync();
            break;
        case A64_STOP_WFI:
            ++stats_.wfi;
            sync();
            if (on_wfi && on_wfi()) break;
            mode_ = mode::wfi;
            break;
        case A64_STOP_WFE:
            ++stats_.wfe;
            sync();
            mode_ = mode::wfe;
            break;
        case A64_STOP_CONDUIT:
            sync();
            do_conduit(info);
            break;
        case A64_STOP_SEMIHOST:
            sync();
            do_semihost();
            break;
        case A64_STOP_WATCHPOINT:
        case A64_STOP_BREAKPOINT: {
            if (s_debugger) {
                // Stopped before an instruction inside the quantum: no sync, so
                // the run goes on exactly as it would have without the stop.
                s_debugger->core_stopped(*this, info.reason == A64_STOP_BREAKPOINT
                                                    ? debug_if::stop::breakpoint
                                                    : debug_if::stop::watchpoint);
                break;
            }
            sync();
            char buf[160];
            uint64_t pc = a64_core_state(core_)->pc;
            std::snprintf(buf, sizeof buf,
                          "core %u (MPIDR 0x%llx): stopped at breakpoint PC 0x%llx", index_,
                          (unsigned long long)cfg_.mpidr, (unsigned long long)pc);
            stop(stop_event::kind::breakpoint, 1, pc, buf);
            break;
        }
        case A64_STOP_FATAL:
            sync();
            stop(stop_event::kind::iss_fatal, 1, a64_core_state(core_)->pc,
                 std::string("guest fatal error: ") + info.message);
            break;
        }
        if (stepped && s_debugger && !halted_ && powered_)
            s_debugger->core_stopped(*this, debug_if::stop::step);
    }
}

void cpu_core::do_conduit(const a64_stop_info &info)
{
    a64_state *s = a64_core_state(core_);
    ++stats_.conduit_calls;
    if (!conduit_) {
        // No PSCI controller: SMCCC says an unknown function returns
        // NOT_SUPPORTED (-1) in w0 (Arm DEN 0028 §5.2).
        s->x[0] = ~0ull;
        return;
    }
    conduit_request req;
    req.cpu = index_;
    req.mpidr = cfg_.mpidr;
    req.is_hvc = info.is_hvc;
    for (int i = 0; i < 18; ++i)
        req.x[i] = s->x[i];
    conduit_reply rep;
    {
        guest_log::scope ctx(index_, true, s->pc - 4, sc_time_stamp());
        conduit_->conduit_call(req, rep);
    }
    if (halted_) return;
    switch (rep.action) {
    case conduit_action::return_to_guest:
        for (int i = 0; i < 4; ++i)
            s->x[i] = rep.x[i];
        rebase(sc_time_stamp() + rep.busy);
        break;
    case conduit_action::stay_off:
    case conduit_action::suspended:
        // The controller resumes or powers the core on later (never inside the
        // call): until then the core is parked and costs nothing.
        parked_ = true;
        break;
    }
}

bool cpu_core::read_mem(uint64_t addr, void *buf, unsigned len)
{
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char *>(buf));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return bus->transport_dbg(gp) == len;
}

bool cpu_core::write_mem(uint64_t addr, const void *buf, unsigned len)
{
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char *>(const_cast<void *>(buf)));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return bus->transport_dbg(gp) == len;
}

void cpu_core::do_semihost()
{
    a64_state *s = a64_core_state(core_);
    uint32_t op = (uint32_t)s->x[0];
    uint64_t param = s->x[1];
    uint64_t w[4] = {0, 0, 0, 0};
    // `addr` is the block that could not be accessed: the parameter block, or the
    // result block a parameter points to (SYS_HEAPINFO); `access` says which way.
    auto bad_at = [&](const char *what, const char *block, uint64_t addr, const char *access) {
        char buf[240];
        std::snprintf(buf, sizeof buf,
                      "core %u (MPIDR 0x%llx) PC 0x%llx: semihosting %s: %s at 0x%llx is not %s",
                      index_, (unsigned long long)cfg_.mpidr, (unsigned long long)(s->pc - 4), what,
                      block, (unsigned long long)addr, access);
        stop(stop_event::kind::semihosting_fault, 1, s->pc - 4, buf);
    };
    auto bad = [&](const char *what) { bad_at(what, "parameter block", param, "readable"); };
    sc_time now = sc_time_stamp() - start_time_;
    switch (op) {
    case SYS_WRITEC: {
        char c;
        if (!read_mem(param, &c, 1)) return bad("SYS_WRITEC");
        console_->put(console_stream::out, c);
        break;
    }
    case SYS_WRITE0: {
        for (uint64_t a = param;; ++a) {
            char c;
            if (!read_mem(a, &c, 1)) return bad("SYS_WRITE0");
            if (!c) break;
            console_->put(console_stream::out, c);
        }
        break;
    }
    case SYS_WRITE: {
        if (!read_mem(param, w, 24)) return bad("SYS_WRITE");
        if (w[0] != handle_stdout && w[0] != handle_stderr) {
            s->x[0] = w[2]; // nothing written
            return;
        }
        uint64_t left = w[2];
        char buf[256];
        uint64_t a = w[1];
        while (left) {
            unsigned n = left > sizeof buf ? (unsigned)sizeof buf : (unsigned)left;
            if (!read_mem(a, buf, n)) break;
            console_->write(w[0] == handle_stdout ? console_stream::out : console_stream::err, buf,
                            n);
            a += n;
            left -= n;
        }
        s->x[0] = left;
        return;
    }
    case SYS_OPEN: {
        if (!read_mem(param, w, 24)) return bad("SYS_OPEN");
        char name[4] = {0, 0, 0, 0};
        if (w[2] == 3 && read_mem(w[0], name, 3) && std::strcmp(name, ":tt") == 0) {
            // Modes 0-3 read, 4-7 write, 8-11 append (semihosting SYS_OPEN).
            s->x[0] = w[1] < 4 ? handle_stdin : w[1] < 8 ? handle_stdout : handle_stderr;
        } else {
            s->x[0] = ~0ull; // no host file system
        }
        return;
    }
    case SYS_CLOSE: s->x[0] = 0; return;
    case SYS_ISTTY:
        if (!read_mem(param, w, 8)) return bad("SYS_ISTTY");
        s->x[0] = (w[0] >= handle_stdin && w[0] <= handle_stderr) ? 1 : 0;
        return;
    case SYS_ERRNO: s->x[0] = 0; return;
    case SYS_CLOCK:
        s->x[0] = time_to_ps(now) / 10000000000ull; // centiseconds
        return;
    case SYS_TIME:
        s->x[0] = 0; // the simulated machine has no wall clock: the epoch
        return;
    case SYS_ELAPSED: {
        uint64_t ticks = time_to_ps(now) / (1000000000000ull / semihost_tick_hz);
        if (!write_mem(param, &ticks, 8))
            return bad_at("SYS_ELAPSED", "result block", param, "writable");
        s->x[0] = 0;
        return;
    }
    case SYS_TICKFREQ: s->x[0] = semihost_tick_hz; return;
    case SYS_HEAPINFO: {
        uint64_t block;
        if (!read_mem(param, &block, 8)) return bad("SYS_HEAPINFO");
        uint64_t hi[4] = {heap_.heap_base, heap_.heap_limit, heap_.stack_base, heap_.stack_limit};
        if (!write_mem(block, hi, 32))
            return bad_at("SYS_HEAPINFO", "result block", block, "writable");
        s->x[0] = 0;
        return;
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
        if (!read_mem(param, w, 16)) return bad("SYS_EXIT");
        console_->flush();
        if (w[0] == ADP_Stopped_ApplicationExit) {
            stop(stop_event::kind::guest_exit, (int)(uint32_t)w[1], s->pc - 4, "guest exit");
        } else {
            char buf[120];
            std::snprintf(buf, sizeof buf, "guest stopped with semihosting reason 0x%llx",
                          (unsigned long long)w[0]);
            stop(stop_event::kind::semihosting_stop, 1, s->pc - 4, buf, w[0]);
        }
        return;
    }
    default: {
        // Unsupported operation: the spec's error return is -1.
        s->x[0] = ~0ull;
        return;
    }
    }
    s->x[0] = 0;
}

int cpu_core::mmio(tlm::tlm_command cmd, uint64_t pa, unsigned size, uint64_t *value,
                   uint64_t *cycles)
{
    ++stats_.mmio_accesses;
    uint8_t data[8];
    if (cmd == tlm::TLM_WRITE_COMMAND)
        std::memcpy(data, value, size); // little-endian host, little-endian guest
    // One payload per core, reused: constructing one allocates its extension array,
    // which showed in the host profile of a Linux boot (console polling). A core
    // issues one access at a time (its thread is blocked inside b_transport).
    tlm::tlm_generic_payload &gp = mmio_gp_;
    gp.set_command(cmd);
    gp.set_address(pa);
    gp.set_data_ptr(data);
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    // The access's physical address space, from the ISS's translation: a
    // Non-secure access carries the attribute, a Secure one goes without it.
    ns_attribute ns;
    ns.ns = a64_access_ns(core_);
    if (ns.ns) gp.set_extension(&ns);
    sc_time before = now_in_run();
    sc_time delay = before - sc_time_stamp();
    {
        guest_log::scope ctx(index_, false, 0, before);
        bus->b_transport(gp, delay);
    }
    if (ns.ns) gp.clear_extension(&ns);
    sc_time after = sc_time_stamp() + delay;
    if (after > before) *cycles += clk_.time_to_cycles_ceil(after - before);
    if (halted_) a64_request_stop(core_);
    if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) return 1;
    if (cmd == tlm::TLM_READ_COMMAND) {
        *value = 0;
        std::memcpy(value, data, size);
    }
    return 0;
}

int cpu_core::cb_read(void *ctx, a64_core *, uint64_t pa, unsigned size, uint64_t *value,
                      uint64_t *cycles)
{
    return static_cast<cpu_core *>(ctx)->mmio(tlm::TLM_READ_COMMAND, pa, size, value, cycles);
}

int cpu_core::cb_write(void *ctx, a64_core *, uint64_t pa, unsigned size, uint64_t value,
                       uint64_t *cycles)
{
    return static_cast<cpu_core *>(ctx)->mmio(tlm::TLM_WRITE_COMMAND, pa, size, &value, cycles);
}

int cpu_core::cb_sysreg_read(void *ctx, a64_core *, uint32_t enc, uint64_t *value)
{
    auto *self = static_cast<cpu_core *>(ctx);
    if (!self->sysregs_) return 1;
    return self->sysregs_->sysreg_read(self->index_, enc, *value, self->offset()) ? 0 : 1;
}

int cpu_core::cb_sysreg_write(void *ctx, a64_core *, uint32_t enc, uint64_t value)
{
    auto *self = static_cast<cpu_core *>(ctx);
    if (!self->sysregs_) return 1;
    bool ok = self->sysregs_->sysreg_write(self->index_, enc, value, self->offset());
    return ok ? 0 : 1;
}

void cpu_core::cb_el_change(void *ctx, a64_core *, unsigned from_el, unsigned to_el, bool eret,
                            uint32_t ec)
{
    auto *self = static_cast<cpu_core *>(ctx);
    if (self->on_el_change) self->on_el_change(from_el, to_el, eret, ec, self->local_time());
}

void cpu_core::cb_pe_state(void *ctx, a64_core *core)
{
    auto *self = static_cast<cpu_core *>(ctx);
    if (!self->pe_state_fn_) return;
    uint64_t scr = 1; // no EL3: Non-secure as far as the GIC is concerned
    a64_sysreg_get(core, A64_SYSREG(3, 6, 1, 1, 0), &scr);
    self->pe_state_fn_(a64_core_state(core)->el, scr & 1);
}

void cpu_core::bind_pe_state(std::function<void(unsigned el, bool ns)> f)
{
    pe_state_fn_ = std::move(f);
    cb_pe_state(this, core_);
}

int cpu_core::cb_sysreg_trap(void *ctx, a64_core *, uint32_t enc, bool read)
{
    auto *self = static_cast<cpu_core *>(ctx);
    return self->sysregs_ && self->sysregs_->sysreg_trapped(self->index_, enc, read) ? 1 : 0;
}

void cpu_core::cb_pmu_irq(void *ctx, a64_core *, bool level)
{
    auto *self = static_cast<cpu_core *>(ctx);
    self->pmu_level_ = level;
    sc_time off = self->offset();
    if (off == SC_ZERO_TIME || !sc_core::sc_is_running())
        self->pmu_irq.set(level);
    else
        self->pmu_ev_.notify(off);
}

bool cpu_core::event_stream_check(sc_time *next)
{
    // Called only while the core waits in WFE, synchronised (local time = now).
    bool fired = false;
    for (unsigned which = 0; which < 2; ++which) {
        a64_event_stream_cfg es;
        if (!a64_event_stream(core_, which, &es) || !sysregs_) {
            evs_valid_[which] = false;
            continue;
        }
        // CNTVCT_EL0 / CNTPCT_EL0 as this core sees them now.
        uint32_t enc = es.virtual_count ? A64_SYSREG(3, 3, 14, 0, 2) : A64_SYSREG(3, 3, 14, 0, 1);
        uint64_t now = 0;
        if (!sysregs_->sysreg_read(index_, enc, now, SC_ZERO_TIME)) continue;
        // A transition since the last check set the event register, which no WFE
        // has consumed since (that WFE would have stopped here and been checked).
        if (evs_valid_[which] &&
            a64_event_stream_next(evs_last_[which], es.bit, es.one_to_zero) <= now)
            fired = true;
        evs_last_[which] = now;
        evs_valid_[which] = true;
        uint64_t edge = a64_event_stream_next(now, es.bit, es.one_to_zero);
        sc_time when;
        if (edge != ~0ull && sysregs_->counter_time(index_, es.virtual_count, edge, when) &&
            when < *next)
            *next = when;
    }
    return fired;
}

void cpu_core::cb_event(void *ctx, a64_core *target)
{
    auto *self = static_cast<cpu_core *>(ctx);
    auto it = core_registry().find(target);
    if (it == core_registry().end()) return;
    cpu_core *t = it->second;
    sc_time at = self->local_time();
    sc_time now = sc_time_stamp();
    t->sev_ev_.notify(at > now ? at - now : SC_ZERO_TIME);
}

} // namespace pscisim
