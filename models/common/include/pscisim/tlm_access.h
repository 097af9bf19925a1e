// One untimed 32-bit register write straight into a device's target socket, as a
// platform's reset-time set-up makes it (the state a bootloader or firmware leaves):
// no bus, no latency, no Security attribute (a Secure access, security.h).
#pragma once

#include <cstdint>

#include <systemc>
#include <tlm>

namespace pscisim
{

// True when the device answered OK.
inline bool write32_direct(tlm::tlm_fw_transport_if<> &target, uint64_t offset, uint32_t value)
{
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(offset);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(&value));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    target.b_transport(gp, delay);
    return gp.is_response_ok();
}

} // namespace pscisim
