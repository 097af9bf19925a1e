// A memory-mapped device that is one register bank behind one target socket: the
// FVP peripherals (V2M system registers, CCI-400, TZC-400, SP805, the counter
// frames) are all of this shape. Accesses synchronise to the initiator's local
// time when `sync` is set (registers whose value depends on time).
#pragma once

#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "pscisim/regs.h"

namespace pscisim
{

class bank_device : public sc_core::sc_module
{
  public:
    tlm_utils::simple_target_socket<bank_device> socket;

    bank_device(sc_core::sc_module_name name, bool sync, bool reserved_raz_wi = false)
        : sc_module(name), socket("socket"), bank_(std::string(basename()), reserved_raz_wi),
          sync_(sync)
    {
        socket.register_b_transport(this, &bank_device::b_transport);
        socket.register_transport_dbg(this, &bank_device::transport_dbg);
    }

    virtual void reset() { bank_.reset(); }
    reg_bank &bank() { return bank_; }

  protected:
    reg_bank bank_;

  private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        if (sync_ && delay != sc_core::SC_ZERO_TIME) {
            wait(delay);
            delay = sc_core::SC_ZERO_TIME;
        }
        bank_.transport(gp, false);
    }
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp)
    {
        bank_.transport(gp, true);
        return gp.get_response_status() == tlm::TLM_OK_RESPONSE ? gp.get_data_length() : 0;
    }

    bool sync_;
};

} // namespace pscisim
