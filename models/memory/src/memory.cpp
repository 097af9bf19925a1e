#include "pscisim/memory.h"
#include "pscisim/device.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace pscisim
{

using namespace sc_core;

memory::memory(sc_module_name name, uint64_t size, const sc_time &read_latency,
               const sc_time &write_latency)
    : sc_module(name), in("in"), size_(size), data_(nullptr), read_latency_(read_latency),
      write_latency_(write_latency)
{
    if (size == 0) {
        SC_REPORT_ERROR(this->name(), "memory size must be greater than zero");
        return;
    }
    // calloc of a large block maps zero pages on demand.
    data_ = static_cast<uint8_t *>(std::calloc(1, size));
    if (!data_) {
        SC_REPORT_ERROR(this->name(),
                        ("cannot allocate " + std::to_string(size) + " bytes of RAM").c_str());
        return;
    }
    in.register_b_transport(this, &memory::b_transport);
    in.register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr);
    in.register_transport_dbg(this, &memory::transport_dbg);
}

memory::~memory()
{
    std::free(data_);
}

void memory::set_latency(const sc_time &read, const sc_time &write)
{
    read_latency_ = read;
    write_latency_ = write;
    invalidate_dmi(); // granted DMI regions carry the old latencies
}

void memory::invalidate_dmi()
{
    in->invalidate_direct_mem_ptr(0, ~sc_dt::uint64(0));
}

void memory::set_dmi_enabled(bool on)
{
    dmi_enabled_ = on;
    if (!on) invalidate_dmi();
}

unsigned int memory::access(tlm::tlm_generic_payload &gp)
{
    uint64_t addr = gp.get_address();
    unsigned len = gp.get_data_length();
    unsigned sw = gp.get_streaming_width();
    if (sw == 0 || sw > len) sw = len;
    if (addr >= size_ || sw > size_ - addr) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    bool is_read;
    switch (gp.get_command()) {
    case tlm::TLM_READ_COMMAND: is_read = true; break;
    case tlm::TLM_WRITE_COMMAND: is_read = false; break;
    default: gp.set_response_status(tlm::TLM_OK_RESPONSE); return 0;
    }
    uint8_t *p = gp.get_data_ptr();
    const uint8_t *be = gp.get_byte_enable_ptr();
    unsigned be_len = gp.get_byte_enable_length();
    for (unsigned i = 0; i < len; i++) {
        if (be && be_len && be[i % be_len] != TLM_BYTE_ENABLED) continue;
        uint8_t &m = data_[addr + (i % sw)];
        if (is_read)
            p[i] = m;
        else
            m = p[i];
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return len;
}

void memory::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    access(gp);
    if (gp.is_response_ok()) {
        if (gp.is_read()) {
            reads_++;
            delay += read_latency_;
        } else if (gp.is_write()) {
            writes_++;
            delay += write_latency_;
        }
    }
    gp.set_dmi_allowed(dmi_enabled_);
}

bool memory::get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    if (!dmi_enabled_ || gp.get_address() >= size_) {
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        dmi.set_start_address(0);
        dmi.set_end_address(size_ - 1);
        return false;
    }
    dmi.set_dmi_ptr(data_);
    dmi.set_start_address(0);
    dmi.set_end_address(size_ - 1);
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
    dmi.set_read_latency(read_latency_);
    dmi.set_write_latency(write_latency_);
    return true;
}

unsigned int memory::transport_dbg(tlm::tlm_generic_payload &gp)
{
    uint64_t addr = gp.get_address();
    unsigned len = gp.get_data_length();
    // A debugger may read across the end: transfer what fits.
    if (addr < size_ && len > size_ - addr) gp.set_data_length(unsigned(size_ - addr));
    unsigned n = access(gp);
    gp.set_data_length(len);
    return n;
}

// Machine-table factory. RAM keeps its contents over a system reset
// (ARCHITECTURE.md "Reset and power-off"; the builder restores the loaded image), so
// its reset does nothing.
PSCISIM_DEVICE_MODEL(ram, "ram")
{
    device_instance i;
    auto m = std::make_unique<memory>(p.name.c_str(), p.window_sizes.at(0));
    i.windows = {&m->in};
    i.reset = [] {};
    i.module = std::move(m);
    return i;
}

} // namespace pscisim
