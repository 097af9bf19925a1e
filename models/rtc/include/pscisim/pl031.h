// Arm PrimeCell PL031 real-time clock (Arm DDI 0224, PL031 TRM), as on QEMU virt at
// 0x09010000 with SPI 2.
//
// The counter counts whole seconds of simulated time from a fixed epoch (never the
// host's clock, so runs are deterministic): RTCDR = RTCLR value + seconds since that
// load, the load at reset being the epoch at time 0. The match interrupt (RTCINTR)
// asserts when the counter becomes equal to RTCMR, and at once when RTCMR or RTCLR is
// written with the counter already equal; it is a level in RTCRIS until RTCICR, masked
// by RTCIMSC. The line is an SPI of the GIC: when the core it is routed to sleeps
// (GICR_WAKER.ProcessorSleep), it raises the redistributor's wake request like any
// interrupt, so the alarm wakes a core or the system from every idle and suspend state.
#pragma once

#include "pscisim/irq.h"
#include "pscisim/regs.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>

namespace pscisim
{

class pl031 : public sc_core::sc_module
{
  public:
    tlm_utils::simple_target_socket<pl031> in;
    irq_line irq; // RTCINTR: RTCMIS != 0

    // 2026-01-01T00:00:00Z: the counter's value at simulated time 0 unless configured.
    static constexpr uint32_t DEFAULT_EPOCH = 1767225600;

    // Register offsets (TRM table 3-1).
    enum offsets : uint64_t {
        DR = 0x000,
        MR = 0x004,
        LR = 0x008,
        CR = 0x00c,
        IMSC = 0x010,
        RIS = 0x014,
        MIS = 0x018,
        ICR = 0x01c,
        PERIPHID0 = 0xfe0,
        CELLID0 = 0xff0,
    };
    enum bits : uint32_t { CR_START = 1u << 0, INT_MATCH = 1u << 0 };

    explicit pl031(sc_core::sc_module_name name, uint32_t epoch = DEFAULT_EPOCH);

    // The counter's value at simulated time 0 (the platform sets it before the run;
    // it replaces any earlier load).
    void set_epoch(uint32_t epoch);
    uint32_t counter() const; // RTCDR now
    // RTCMR, RTCIMSC and the interrupt back to reset; the counter keeps counting.
    void reset();

  private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp);
    uint32_t counter_at(const sc_core::sc_time &t) const;
    void load(uint32_t v, const sc_core::sc_time &t);
    void schedule_match();
    void on_match();
    void update_irq();

    reg_bank bank_;
    reg r_dr_, r_mr_, r_lr_, r_cr_, r_imsc_, r_ris_, r_mis_, r_icr_, r_periphid_, r_cellid_;
    uint32_t epoch_;
    uint32_t base_ = 0; // counter value at base_time_
    sc_core::sc_time base_time_;
    bool ris_ = false;
    sc_core::sc_time access_time_;
    sc_core::sc_event match_ev_;
};

} // namespace pscisim
