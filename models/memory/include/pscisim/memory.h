// RAM: a TLM-2.0 loosely-timed target with DMI, debug transport and a host
// pointer for the ISS fast path (a64_system_map_ram).
//
// Addresses are relative to the start of the RAM (the router subtracts the
// base). Storage is allocated zeroed and lazily by the host OS, so a large RAM
// costs host memory only where the guest touches it.
#pragma once

#include <cstdint>
#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pscisim
{

class memory : public sc_core::sc_module
{
  public:
    tlm_utils::simple_target_socket<memory> in;

    // size in bytes (> 0). Latencies are annotated on b_transport (read/write)
    // and reported in DMI grants.
    memory(sc_core::sc_module_name name, uint64_t size,
           const sc_core::sc_time &read_latency = sc_core::SC_ZERO_TIME,
           const sc_core::sc_time &write_latency = sc_core::SC_ZERO_TIME);
    ~memory() override;

    uint64_t size() const { return size_; }
    uint8_t *host_ptr() { return data_; }
    const uint8_t *host_ptr() const { return data_; }

    void set_latency(const sc_core::sc_time &read, const sc_core::sc_time &write);
    const sc_core::sc_time &read_latency() const { return read_latency_; }
    const sc_core::sc_time &write_latency() const { return write_latency_; }

    // Withdraw every DMI pointer granted so far (power-down of the memory's
    // domain, remap, reset). Initiators must ask again.
    void invalidate_dmi();
    // DMI on/off (off: every access goes through b_transport, e.g. to count it).
    void set_dmi_enabled(bool on);

    // Statistics (b_transport only; DMI accesses are invisible by design).
    uint64_t reads() const { return reads_; }
    uint64_t writes() const { return writes_; }

  private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp);
    // Checks and performs one payload; returns bytes transferred.
    unsigned int access(tlm::tlm_generic_payload &gp);

    uint64_t size_;
    uint8_t *data_;
    sc_core::sc_time read_latency_, write_latency_;
    bool dmi_enabled_ = true;
    uint64_t reads_ = 0, writes_ = 0;
};

} // namespace pscisim
