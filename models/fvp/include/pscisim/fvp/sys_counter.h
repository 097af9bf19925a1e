// The memory-mapped generic counter and one timer frame (Arm DDI 0487 chapter
// I1-I3, "System Level Implementation of the Generic Timer"), as Trusted
// Firmware-A's Arm platforms use them (plat/arm/common/arm_common.c
// arm_configure_sys_timer(), fvp_common.c fvp_timer_init(),
// plat_get_syscnt_freq2()):
//  - CNTControlBase: CNTCR (EN, HDBG, FCREQ), CNTSR, CNTCV, the frequency table
//    (CNTFID0 = the counter frequency, CNTFID1 = 0 ends it);
//  - CNTCTLBase: CNTFRQ, CNTNSAR, CNTTIDR, CNTACR<n>;
//  - CNTBase<frame>: CNTPCT, CNTFRQ, CNTEL0ACR, CNTP_CVAL/TVAL/CTL and the
//    frame's physical timer interrupt (a level SPI).
// The counter is the system counter the cores' generic timers read (the same
// function of simulated time, counter_time.h): it always counts; CNTCR.EN and
// FCREQ are stored and acknowledged but do not stop or rescale it, and CNTCV is
// read-only here. The frame has no virtual timer (CNTTIDR says so); its virtual
// registers, like every unassigned location of the three frames, are RAZ/WI.
#pragma once

#include <cstdint>
#include <memory>

#include "pscisim/irq.h"
#include "pscisim/regs.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pscisim
{

class sys_counter : public sc_core::sc_module
{
  public:
    static constexpr uint64_t frame_size = 0x10000;
    enum : uint64_t {
        // CNTControlBase
        CNTCR = 0x000,
        CNTSR = 0x004,
        CNTCV = 0x008,
        CNTFID0 = 0x020,
        CNTFID1 = 0x024,
        // CNTCTLBase
        CTL_CNTFRQ = 0x000,
        CNTNSAR = 0x004,
        CNTTIDR = 0x008,
        CNTACR0 = 0x040, // + 4n
        // CNTBase<n>
        CNTPCT = 0x000,
        CNTFRQ = 0x010,
        CNTEL0ACR = 0x014,
        CNTP_CVAL = 0x020,
        CNTP_TVAL = 0x028,
        CNTP_CTL = 0x02C,
    };
    enum : uint32_t {
        CNTCR_EN = 1u << 0,
        CNTCR_HDBG = 1u << 1,
        CTL_ENABLE = 1u << 0,
        CTL_IMASK = 1u << 1,
        CTL_ISTATUS = 1u << 2,
        // CNTACR<n> bits
        ACR_RPCT = 1u << 0,
        ACR_RVCT = 1u << 1,
        ACR_RFRQ = 1u << 2,
        ACR_RVOFF = 1u << 3,
        ACR_RWVT = 1u << 4,
        ACR_RWPT = 1u << 5,
    };

    tlm_utils::simple_target_socket<sys_counter> control; // CNTControlBase
    tlm_utils::simple_target_socket<sys_counter> ctl;     // CNTCTLBase
    tlm_utils::simple_target_socket<sys_counter> base;    // CNTBase<frame>
    irq_line irq;                                         // the frame's physical timer

    // `frame`: the frame number the CNTBase window is (0..7); hz > 0.
    sys_counter(sc_core::sc_module_name name, uint64_t hz, unsigned frame);

    void reset();
    uint64_t frequency() const { return hz_; }
    uint64_t count() const;

  private:
    SC_HAS_PROCESS(sys_counter);
    void evaluate();
    void transport(reg_bank &bank, tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned debug(reg_bank &bank, tlm::tlm_generic_payload &gp);
    void b_control(tlm::tlm_generic_payload &gp, sc_core::sc_time &d)
    {
        transport(control_bank_, gp, d);
    }
    void b_ctl(tlm::tlm_generic_payload &gp, sc_core::sc_time &d) { transport(ctl_bank_, gp, d); }
    void b_base(tlm::tlm_generic_payload &gp, sc_core::sc_time &d) { transport(base_bank_, gp, d); }
    unsigned dbg_control(tlm::tlm_generic_payload &gp) { return debug(control_bank_, gp); }
    unsigned dbg_ctl(tlm::tlm_generic_payload &gp) { return debug(ctl_bank_, gp); }
    unsigned dbg_base(tlm::tlm_generic_payload &gp) { return debug(base_bank_, gp); }
    bool frame_allows(uint32_t acr_bit) const { return (acr_[frame_]->get() & acr_bit) != 0; }

    uint64_t hz_;
    unsigned frame_;
    sc_core::sc_event ev_;
    reg_bank control_bank_, ctl_bank_, base_bank_;
    reg cntcr_, cntsr_, cntcv_, cntfid0_, cntfid1_;
    reg ctl_frq_, cntnsar_, cnttidr_;
    std::unique_ptr<reg> acr_[8];
    reg pct_, frq_, el0acr_, cval_, tval_, pctl_;
};

} // namespace pscisim
