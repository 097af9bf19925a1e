// Loosely-timed TLM-2.0 address router (interconnect).
//
// Initiators bind to `in`; targets are bound with map(), each at a base address
// and size with its own access latency. Transactions are forwarded with the
// address made relative to the target's base. DMI requests are forwarded and the
// granted range translated back (and clipped to the window); DMI invalidations
// from a target are translated and broadcast to every initiator. Debug transport
// is forwarded untimed. An address no target covers gets
// TLM_ADDRESS_ERROR_RESPONSE (the CPU turns it into a synchronous external abort).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace pscisim
{

class router : public sc_core::sc_module
{
  public:
    tlm_utils::multi_passthrough_target_socket<router> in;
    tlm_utils::multi_passthrough_initiator_socket<router> out;

    struct mapping {
        std::string name;
        uint64_t base;
        uint64_t size;
        sc_core::sc_time latency; // added to every b_transport and to DMI latencies
    };

    explicit router(sc_core::sc_module_name name);

    // Bind `target` at [base, base+size). Must be called during elaboration.
    // Reports SC_ERROR (naming both windows) if the window overlaps another one,
    // is empty or wraps around the 64-bit address space.
    void map(tlm::tlm_target_socket<> &target, uint64_t base, uint64_t size,
             const sc_core::sc_time &latency = sc_core::SC_ZERO_TIME, const std::string &name = "");

    const std::vector<mapping> &mappings() const { return maps_; }
    // Index of the mapping that contains addr, or -1.
    int decode(uint64_t addr) const;

    // Statistics.
    uint64_t transactions() const { return transactions_; }
    uint64_t decode_errors() const { return decode_errors_; }

  private:
    void b_transport(int id, tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
    unsigned int transport_dbg(int id, tlm::tlm_generic_payload &gp);
    void invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end);
    // Decodes the payload's whole byte range; -1 if not inside one window.
    int decode_range(const tlm::tlm_generic_payload &gp) const;

    std::vector<mapping> maps_;
    mutable size_t last_ = 0; // the window decode() found last
    uint64_t transactions_ = 0;
    uint64_t decode_errors_ = 0;
};

} // namespace pscisim
