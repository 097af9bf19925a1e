// Arm generic timer (Arm DDI 0487 chapter D11): one system counter shared by
// all cores, and per core the EL1 physical, EL1 virtual, EL2 physical (hyp) and
// secure EL1 physical timers, reached through system-register accesses that the
// CPU wrapper forwards.
//
// The counter is a function of simulated time only: CNTPCT = floor(t * f),
// t = sc_time_stamp() + the caller's local-time offset (temporal decoupling). A
// timer's interrupt is an sc_event scheduled at the exact time the compare
// condition becomes true; nothing runs while timers wait, so an idle system
// costs no host time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "pscisim/irq.h"

namespace pscisim
{

class generic_timer : public sc_core::sc_module
{
  public:
    // The per-core timers, with the PPI each drives (Arm BSA / QEMU virt numbering).
    enum timer_id : unsigned {
        PHYS = 0,   // CNTP_*_EL0, EL1 physical timer, PPI INTID 30
        VIRT = 1,   // CNTV_*_EL0, EL1 virtual timer, PPI INTID 27
        HYP = 2,    // CNTHP_*_EL2, EL2 physical timer, PPI INTID 26
        SECURE = 3, // CNTPS_*_EL1, secure EL1 physical timer, PPI INTID 29
        NUM_TIMERS = 4,
    };
    static unsigned ppi_intid(timer_id t);

    // CNTx_CTL_EL0 bitfields (D11.2.4 / D19 register descriptions).
    enum ctl_bits : uint64_t {
        CTL_ENABLE = 1u << 0,
        CTL_IMASK = 1u << 1,
        CTL_ISTATUS = 1u << 2, // read-only
    };

    static constexpr uint64_t DEFAULT_FREQUENCY_HZ = 62500000; // 16 ns per tick

    // frequency_hz > 0; the counter runs from 0 at simulated time 0.
    generic_timer(sc_core::sc_module_name name, unsigned num_cores,
                  uint64_t frequency_hz = DEFAULT_FREQUENCY_HZ);

    unsigned num_cores() const { return unsigned(cores_.size()); }
    uint64_t frequency() const { return freq_; }

    // System counter value (CNTPCT) at sc_time_stamp() + offset.
    uint64_t counter(const sc_core::sc_time &offset = sc_core::SC_ZERO_TIME) const;
    // Simulated time at which the counter reaches `count` (first tick >= count).
    sc_core::sc_time time_of_count(uint64_t count) const;
    // The same for one core's view: its virtual count (CNTPCT - CNTVOFF_EL2) when
    // virtual_count, else the physical count. For the event streams (D11.2.3),
    // which the CPU wrapper evaluates from the core's CNTKCTL_EL1/CNTHCTL_EL2.
    sc_core::sc_time time_of_core_count(unsigned core, bool virtual_count, uint64_t count) const;

    // System-register accesses forwarded by the CPU wrapper. enc is
    // A64_SYSREG(op0, op1, CRn, CRm, op2) as in a64.h; offset is the core's local
    // time ahead of sc_time_stamp(). Returns false if enc is not a timer register
    // (or is a write to a read-only one): the access is then UNDEFINED.
    // Handled: CNTPCT_EL0, CNTVCT_EL0, CNTPCTSS_EL0, CNTVCTSS_EL0,
    // CNTP_{CTL,CVAL,TVAL}_EL0, CNTV_{CTL,CVAL,TVAL}_EL0, CNTVOFF_EL2,
    // CNTHP_{CTL,CVAL,TVAL}_EL2, CNTPS_{CTL,CVAL,TVAL}_EL1. The PE's own timer
    // controls CNTKCTL_EL1 and CNTHCTL_EL2 (EL0/EL1 access, event streams) are
    // registers of the core (the ISS), not of this device.
    bool cpu_sysreg_read(unsigned core, uint32_t enc, uint64_t &value,
                         const sc_core::sc_time &offset = sc_core::SC_ZERO_TIME);
    bool cpu_sysreg_write(unsigned core, uint32_t enc, uint64_t value,
                          const sc_core::sc_time &offset = sc_core::SC_ZERO_TIME);
    static bool is_timer_sysreg(uint32_t enc);

    // Interrupt output of one timer of one core: level = ENABLE && ISTATUS && !IMASK.
    irq_line &irq(unsigned core, timer_id t);

    // Reset all per-core timer state (the counter keeps counting: it is in the
    // always-on domain). reset_core() for one core's warm/cold reset.
    void reset();
    void reset_core(unsigned core);

    // VCD tracing of every timer output, only when asked.
    void trace(sc_core::sc_trace_file *tf) const override;

    // Number of times any timer's SC_METHOD ran (tests use it to show that an
    // idle timer is not polled).
    uint64_t evaluations() const { return evaluations_; }

  private:
    struct timer_state {
        uint64_t ctl = 0; // ENABLE | IMASK (ISTATUS is computed)
        uint64_t cval = 0;
        irq_line out;
        sc_core::sc_event ev;
    };
    struct core_state {
        std::array<timer_state, NUM_TIMERS> t;
        uint64_t cntvoff = 0;
    };

    uint64_t count_for(unsigned core, timer_id t, uint64_t pcount) const;
    bool condition(unsigned core, timer_id t, uint64_t pcount) const;
    void schedule(unsigned core, timer_id t, const sc_core::sc_time &offset);
    void evaluate(unsigned core, timer_id t);

    uint64_t freq_;
    uint64_t units_per_sec_;
    uint64_t cnt_num_ = 1, cnt_den_ = 1; // freq_ / units_per_sec_ in lowest terms
    std::vector<std::unique_ptr<core_state>> cores_;
    uint64_t evaluations_ = 0;
};

} // namespace pscisim
