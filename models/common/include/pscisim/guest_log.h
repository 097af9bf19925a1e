// The guest-error log: models report what the guest did wrong (an access to an
// unmapped or misaligned address, a write to a read-only register, a reserved
// value, a FIFO overrun, a PSCI call with invalid arguments), as QEMU's
// `-d guest_errors` (qemu_log_mask(LOG_GUEST_ERROR, ...)) and VCML's log_warn do.
// The guest still sees the architectural outcome (an abort, RAZ/WI, an error
// code); the log only makes it visible to the person debugging the guest.
//
// Off by default. When off, a report costs one load and a branch
// (PSCISIM_GUEST_ERROR checks enabled() before formatting anything).
//
// Each line names the simulated time, the core and its PC when a core's access or
// call is being served (the CPU wrapper sets that context), and the device:
//   guest-error: 1234 ns: core 0 PC 0x40080010: uart0: write to read-only register UARTFR
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

#include <systemc>

namespace pscisim
{

class guest_log
{
  public:
    static bool enabled() { return s_out != nullptr; }
    // Where lines go; nullptr switches the log off. The stream must outlive the run.
    static void set_output(std::ostream *os) { s_out = os; }

    // printf-style report from `device` (the model's instance name).
    static void report(const char *device, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

    // Who is accessing: set by the CPU wrapper around its MMIO accesses and
    // conduit calls, per SystemC process (a core's thread may wait inside an
    // access while another core runs). `time` is the core's local time (ahead of
    // sc_time_stamp() inside a quantum). Does nothing while the log is off.
    struct context {
        const void *process = nullptr;
        unsigned core = 0;
        bool has_pc = false;
        uint64_t pc = 0;
        sc_core::sc_time time;
    };
    class scope
    {
      public:
        scope(unsigned core, bool has_pc, uint64_t pc, const sc_core::sc_time &time)
        {
            if (enabled()) active_ = enter(core, has_pc, pc, time);
        }
        ~scope()
        {
            if (active_) leave();
        }
        scope(const scope &) = delete;
        scope &operator=(const scope &) = delete;

      private:
        bool active_ = false;
    };

  private:
    static bool enter(unsigned core, bool has_pc, uint64_t pc, const sc_core::sc_time &time);
    static void leave();
    static std::ostream *s_out;
    static std::vector<context> s_ctx;
};

// Report a guest error; the arguments are evaluated only when the log is on.
#define PSCISIM_GUEST_ERROR(device, ...)                                                           \
    do {                                                                                           \
        if (::pscisim::guest_log::enabled()) ::pscisim::guest_log::report(device, __VA_ARGS__);    \
    } while (0)

} // namespace pscisim
